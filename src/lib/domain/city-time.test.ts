import { describe, expect, test } from 'vitest';
import { formatCityRange, formatCityTime, parseCityTime, toCityInput } from './city-time';

describe('parseCityTime', () => {
  test('returns the moment of a local +08:00 time', () => {
    expect(parseCityTime('2026-06-26T09:00')?.toISOString()).toBe('2026-06-26T01:00:00.000Z');
  });
  test('returns null for malformed or impossible values', () => {
    expect(parseCityTime('2026-06-31T09:00')).toBeNull();
    expect(parseCityTime('26/06/2026')).toBeNull();
    expect(parseCityTime('2026-06-26T25:00')).toBeNull();
  });
});

describe('formatting', () => {
  test('returns Chinese dates in the city time and round-trips inputs', () => {
    const at = new Date('2026-06-25T17:30:00Z');
    expect(formatCityTime(at)).toBe('2026年6月26日 01:30');
    expect(toCityInput(at)).toBe('2026-06-26T01:30');
    expect(formatCityRange(at, new Date('2026-06-25T19:00:00Z'))).toBe('2026年6月26日 01:30–03:00');
  });
});
