import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * Passwords Chinese users pick that the common (English-leaning) list lacks: pinyin love notes,
 * lucky numbers and words of this site. Published top lists (the 2011 CSDN leak and later
 * yearly reports) have these near the top.
 */
const chineseCommon = [
  'woaini',
  'woaini1314',
  'woaini520',
  'aini1314',
  '5201314',
  '1314520',
  'iloveyou',
  'nihao',
  'nihao123',
  'zhongguo',
  'beijing',
  'shanghai',
  'mima',
  'mima123',
  'qq123456',
  'a123456',
  'a123456789',
  'abc123456',
  '123456abc',
  '147258369',
  '159357',
  '789456123',
  '123654789',
  '31415926',
  '11223344',
  '12344321',
  'dearbook',
  'xiazhili',
  'wangyut2',
  'qingyuan',
  'xuesheng',
  'laoshi',
  'jindu',
  'jinduban',
  'zhiyuanzhe',
  'xuexiao',
  'banji',
];

const zxcvbn = new ZxcvbnFactory({ dictionary: { ...dictionary, chineseCommon }, graphs: adjacencyGraphs });

/** Below this zxcvbn score (2: about a million guesses or more) a password is refused. */
const minScore = 2;

/**
 * What a password must not be built from: the login itself, its parts, and the digits in it
 * with their tails (a phone number's or student number's last 4, 6 and 8 digits).
 * @example loginWords('QYXX01/2026030101') // ['qyxx01/2026030101', 'qyxx01', '2026030101', '0101', '030101', '26030101']
 */
export function loginWords(login: string): string[] {
  const lower = login.toLowerCase();
  const parts = lower.split(/[/@.+_-]+/).filter((p) => p.length >= 2);
  const digits = (lower.match(/\d{4,}/g) ?? []).flatMap((d) => [d, ...[4, 6, 8].filter((n) => d.length > n).map((n) => d.slice(-n))]);
  return [...new Set([lower, ...parts, ...digits])];
}

const reasons: Record<string, string> = {
  userInputs: '密码不能用账号、学号或手机号，也不能用其中的数字',
  topTen: '这是最常见的密码之一，别人一猜就中，请换一个',
  topHundred: '这是最常见的密码之一，别人一猜就中，请换一个',
  common: '这是很常见的密码，容易被猜到，请换一个',
  similarToCommon: '这和常见密码太像了，容易被猜到，请换一个',
  simpleRepeat: '密码不能是重复的字符',
  extendedRepeat: '密码不能是重复的一串字符',
  sequences: '密码不能是 123456、abcdef 这样连续的字符',
  straightRow: '键盘上连着的一排字母很容易被猜到',
  keyPattern: '键盘上连着的字母很容易被猜到',
  recentYears: '只有年份的密码容易被猜到',
  dates: '生日和日期容易被猜到',
  wordByItself: '单个词容易被猜到，可以用几个词加数字',
  namesByThemselves: '名字容易被猜到，可以用几个词加数字',
  commonNames: '常见的名字容易被猜到，可以用几个词加数字',
};

/**
 * Why zxcvbn-ts (with the common dictionaries, a Chinese list and the user's own login) finds a
 * password too easy to guess, in Chinese, or null when it is strong enough.
 * @example weakPasswordReason('2026030101', ['QYXX01/2026030101']) // '密码不能用账号、学号或手机号，也不能用其中的数字'
 */
export function weakPasswordReason(password: string, logins: readonly string[] = []): string | null {
  const result = zxcvbn.check(password, logins.flatMap(loginWords));
  if (result.score >= minScore) return null;
  const warning = result.feedback.warning ?? '';
  const from = (name: string): boolean => result.sequence.some((m) => m.pattern === 'dictionary' && m.dictionaryName === name);
  if (from('userInputs')) return reasons['userInputs'] ?? null;
  if (from('chineseCommon')) return reasons['common'] ?? null;
  return reasons[warning] ?? '密码太简单了，容易被猜到。可以用几个词加数字，比如 huojian-lanse-77';
}
