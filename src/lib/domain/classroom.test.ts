import { describe, expect, test } from 'vitest';
import { chosenOf, isRight, keyOptions, responseOf, spacedCode, tally } from './classroom';

const options = [
  { id: 'a', text: '甲' },
  { id: 'b', text: '乙' },
  { id: 'c', text: '丙' },
];

describe('tally', () => {
  test("returns the phones' counts with the key marked and bars relative to the largest", () => {
    expect(tally({ options, hands: null, distribution: { a: 4, b: 1 }, answer: 'a' }).map((t) => [t.option.id, t.count, t.width, t.key])).toEqual([
      ['a', 4, 100, true],
      ['b', 1, 25, false],
      ['c', 0, 0, false],
    ]);
  });
  test('returns the show of hands when the teacher counted one', () => {
    expect(tally({ options, hands: { c: 10 }, distribution: { a: 1 }, answer: ['b', 'c'] }).map((t) => [t.count, t.key])).toEqual([
      [0, false],
      [0, true],
      [10, true],
    ]);
  });
  test('returns zero-width bars before anyone answered', () => {
    expect(tally({ options, hands: null, answer: 'a' }).every((t) => t.width === 0)).toBe(true);
  });
});

describe('responseOf', () => {
  test('returns an id, sorted ids or a boolean by type', () => {
    expect(responseOf('single', ['b'])).toBe('b');
    expect(responseOf('multiple', ['c', 'a'])).toEqual(['a', 'c']);
    expect(responseOf('truefalse', ['false'])).toBe(false);
    expect(responseOf('single', [])).toBeNull();
  });
  test('round-trips through chosenOf', () => {
    expect(chosenOf(responseOf('truefalse', ['true']))).toEqual(['true']);
    expect(chosenOf(['a', 'b'])).toEqual(['a', 'b']);
  });
});

test('keyOptions reads every shape of key', () => {
  expect(keyOptions(false)).toEqual(['false']);
  expect(keyOptions(undefined)).toEqual([]);
});

test('spacedCode splits a join code for reading aloud', () => {
  expect(spacedCode('042917')).toBe('042 917');
});

describe('isRight', () => {
  test('returns true only for the whole key', () => {
    expect(isRight('b', 'b')).toBe(true);
    expect(isRight(['c', 'a'], ['a', 'c'])).toBe(true);
    expect(isRight(['a'], ['a', 'c'])).toBe(false);
    expect(isRight(false, false)).toBe(true);
    expect(isRight(true, false)).toBe(false);
    expect(isRight(null, 'a')).toBe(false);
  });
});
