import { describe, expect, test } from 'vitest';
import { loginWords, weakPasswordReason } from './password-strength';

describe('loginWords', () => {
  test('returns the login, its parts and the tails of its digits', () => {
    expect(loginWords('QYXX01/2026030101')).toEqual(['qyxx01/2026030101', 'qyxx01', '2026030101', '0101', '030101', '26030101']);
    expect(loginWords('chen@qingyuan.test')).toEqual(['chen@qingyuan.test', 'chen', 'qingyuan', 'test']);
  });
});

describe('weakPasswordReason', () => {
  test('returns a Chinese reason for the student number, a phone number and common passwords', () => {
    expect(weakPasswordReason('2026030101', ['QYXX01/2026030101'])).toContain('学号');
    expect(weakPasswordReason('13800138001', ['13800138001'])).toContain('手机号');
    expect(weakPasswordReason('12345678')).toContain('最常见');
    expect(weakPasswordReason('qwertyui')).toMatch(/常见|键盘/);
    expect(weakPasswordReason('88888888')).toContain('重复');
    expect(weakPasswordReason('qingyuan2026')).not.toBeNull();
  });

  test('returns null for a password of a few words and digits', () => {
    expect(weakPasswordReason('huojian-lanse-77', ['QYXX01/2026030101'])).toBeNull();
    expect(weakPasswordReason('my-own-pass-1')).toBeNull();
  });
});
