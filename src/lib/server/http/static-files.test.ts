import { describe, expect, test } from 'vitest';
import { cacheControlFor, pickEncoding } from './static-files.ts';

describe('pickEncoding', () => {
  test.each([
    ['br, gzip, deflate', 'br'],
    ['gzip, deflate', 'gzip'],
    ['gzip;q=1, br;q=0', 'gzip'],
    ['identity', null],
    [undefined, null],
  ])('picks from %s: %s', (accept, expected) => {
    expect(pickEncoding(accept)).toBe(expected);
  });
});

describe('cacheControlFor', () => {
  test('keeps hashed assets for a year and revalidates the rest', () => {
    expect(cacheControlFor('/_astro/Quiz.abc123.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/lessons/')).toBe('no-cache');
  });
});
