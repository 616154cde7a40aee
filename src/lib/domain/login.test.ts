import { describe, expect, test } from 'vitest';
import { adultLogin, passwordProblem, studentLogin } from './login';

describe('adultLogin', () => {
  test('returns a phone login without spaces, dashes or +86', () => {
    expect(adultLogin(' 138-0013-8000 ')).toEqual({ kind: 'phone', login: '13800138000' });
    expect(adultLogin('+86 13800138000')).toEqual({ kind: 'phone', login: '13800138000' });
  });

  test('returns an e-mail login in lower case', () => {
    expect(adultLogin('Chen@QingYuan.test')).toEqual({ kind: 'email', login: 'chen@qingyuan.test' });
  });

  test('returns null for anything else', () => {
    for (const bad of ['', '12345', '23800138000', 'chen@', '@x.cn', 'a b@x.cn', `${'a'.repeat(120)}@x.cn`]) expect(adultLogin(bad), bad).toBeNull();
  });
});

describe('studentLogin', () => {
  test('returns CODE/number with the code upper-cased', () => {
    expect(studentLogin('qyxx01', ' 2026030101 ')).toEqual({ kind: 'student', login: 'QYXX01/2026030101' });
  });

  test('returns null for a malformed code or number', () => {
    expect(studentLogin('q', '1')).toBeNull();
    expect(studentLogin('QYXX01', '12/34')).toBeNull();
    expect(studentLogin('QYXX01', '')).toBeNull();
  });
});

describe('passwordProblem', () => {
  test('returns null for a reasonable password', () => {
    expect(passwordProblem('qingyuan-2026')).toBeNull();
  });

  test('returns a Chinese reason for short, long, repeated or sequential passwords', () => {
    expect(passwordProblem('abc')).toMatch(/至少/);
    expect(passwordProblem('a'.repeat(65))).toMatch(/最多/);
    expect(passwordProblem('aaaaaaaa')).toMatch(/同一个字符/);
    expect(passwordProblem('12345678901')).toMatch(/太简单/);
  });

  test('refuses a password that contains the login', () => {
    expect(passwordProblem('x13800138000', { login: '13800138000' })).toMatch(/账号/);
  });

  test('refuses the login, its digits and common passwords with zxcvbn-ts, in Chinese', () => {
    expect(passwordProblem('2026030101', { login: 'QYXX01/2026030101' })).toMatch(/学号/);
    expect(passwordProblem('00138000', { login: '13800138000' })).toMatch(/手机号/);
    expect(passwordProblem('chen1234', { login: 'chen@qingyuan.test' })).toMatch(/账号/);
    expect(passwordProblem('12345678')).toMatch(/最常见/);
    expect(passwordProblem('password1')).toMatch(/常见/);
    expect(passwordProblem('woaini1314')).toMatch(/常见/);
    expect(passwordProblem('huojian-lanse-77', { login: 'QYXX01/2026030101' })).toBeNull();
  });
});
