import { describe, expect, test } from 'vitest';
import { clock, newTimer, remaining, reset, toggle } from './timer';

describe('timer', () => {
  test('counts down while running and holds while paused', () => {
    let timer = toggle(newTimer(5), 1_000);
    expect(remaining(timer, 61_000)).toBe(240_000);
    timer = toggle(timer, 61_000);
    expect(remaining(timer, 999_000)).toBe(240_000);
    timer = toggle(timer, 1_000_000);
    expect(remaining(timer, 1_010_000)).toBe(230_000);
  });

  test('returns to the full time, stopped, on reset', () => {
    const timer = reset(toggle(newTimer(2), 0));
    expect(timer.runningSince).toBeNull();
    expect(remaining(timer, 50_000)).toBe(120_000);
  });
});

describe('clock', () => {
  test('returns mm:ss, rounding up, with a minus once the time is up', () => {
    expect(clock(300_000)).toBe('05:00');
    expect(clock(59_500)).toBe('01:00');
    expect(clock(65_000)).toBe('01:05');
    expect(clock(0)).toBe('00:00');
    expect(clock(-5_000)).toBe('-00:05');
  });
});
