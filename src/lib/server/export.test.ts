import { describe, expect, test } from 'vitest';
import { contentDisposition } from './export';

describe('contentDisposition', () => {
  test('names the download in Chinese through filename* and keeps an ASCII fallback with the extension', () => {
    const header = contentDisposition('禁毒宣传日.ics');
    expect(header).toBe(`attachment; filename="download.ics"; filename*=UTF-8''${encodeURIComponent('禁毒宣传日.ics')}`);
    expect(decodeURIComponent(header.split("UTF-8''")[1] ?? '')).toBe('禁毒宣传日.ics');
  });

  test('percent-encodes the characters RFC 5987 leaves out of attr-char', () => {
    const header = contentDisposition("三年级(2)班'名单*.csv");
    expect(header.split("UTF-8''")[1]).not.toMatch(/['()*]/);
  });

  test('takes slashes, quotes and line breaks out of the name', () => {
    const header = contentDisposition('a/b"c\r\nd.csv');
    expect(header).toContain('filename="a b c d.csv"');
    expect(header).not.toMatch(/[\r\n]/);
  });
});
