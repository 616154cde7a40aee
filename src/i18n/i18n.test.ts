import { describe, expect, test } from 'vitest';
import zhCN from './zh-CN.json';
import en from './en.json';
import { format, pick, t } from './index';

describe('the catalogues', () => {
  test('every zh-CN key exists in en', () => {
    expect(Object.keys(zhCN).filter((k) => !(k in en))).toEqual([]);
  });

  test('every en key exists in zh-CN', () => {
    expect(Object.keys(en).filter((k) => !(k in zhCN))).toEqual([]);
  });

  test('both use the same placeholders for each key', () => {
    const names = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    const zh = zhCN as Record<string, string>;
    const mismatched = Object.entries(en).filter(([k, v]) => names(v).join() !== names(zh[k] ?? '').join());
    expect(mismatched).toEqual([]);
  });
});

describe('t', () => {
  test('returns the Chinese string with its placeholders filled', () => {
    expect(t('lessons.count', { n: 3 })).toBe('3 节课');
  });

  test('returns the English string when asked', () => {
    expect(t('nav.lessons', {}, 'en')).toBe('Lessons');
  });
});

describe('format', () => {
  test('leaves unknown placeholders in place', () => {
    expect(format('{a} 和 {b}', { a: 1 })).toBe('1 和 {b}');
  });
});

describe('pick', () => {
  test('returns only the keys asked for', () => {
    expect(pick(['nav.home', 'nav.search'])).toEqual({ 'nav.home': '首页', 'nav.search': '搜索' });
  });
});
