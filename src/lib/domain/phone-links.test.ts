import { describe, expect, test } from 'vitest';
import { phoneParts, telHref } from './phone-links';

describe('telHref', () => {
  test('keeps only the digits of a written number', () => {
    expect(telHref('138 0013 8002')).toBe('tel:13800138002');
    expect(telHref('0571-8800 1234')).toBe('tel:057188001234');
  });

  test('returns null for text without a number', () => {
    expect(telHref('无')).toBeNull();
  });
});

describe('phoneParts', () => {
  test('finds a landline with its area code in a contact line', () => {
    expect(phoneParts('城南区禁毒办 0571-8800 1234')).toEqual([{ text: '城南区禁毒办 ' }, { text: '0571-8800 1234', tel: 'tel:057188001234' }]);
  });

  test('finds mobile numbers and leaves the rest as text', () => {
    expect(phoneParts('王老师13800138002，白天可打')).toEqual([{ text: '王老师' }, { text: '13800138002', tel: 'tel:13800138002' }, { text: '，白天可打' }]);
  });

  test('does not take a date or a long id for a number', () => {
    expect(phoneParts('2026年6月26日 第20260626号').every((p) => p.tel === undefined)).toBe(true);
  });
});
