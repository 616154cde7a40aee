import { describe, expect, test } from 'vitest';
import { canCancel, checkinCode, defaultHours, inCheckinWindow, signupRefusal, stepEndsAt, timeStep, eventPhase } from './events';

describe('canCancel', () => {
  const event = { startsAt: new Date('2026-06-26T09:00:00+08:00'), cancelCutoff: new Date('2026-06-25T09:00:00+08:00') };
  test('returns true for a confirmed place before the cut-off', () => {
    expect(canCancel('confirmed', event, new Date('2026-06-24T12:00:00+08:00'))).toBe(true);
  });
  test('returns false for a confirmed place after the cut-off', () => {
    expect(canCancel('confirmed', event, new Date('2026-06-25T10:00:00+08:00'))).toBe(false);
  });
  test('returns true for a waitlist place until the start, false after it', () => {
    expect(canCancel('waitlisted', event, new Date('2026-06-26T08:00:00+08:00'))).toBe(true);
    expect(canCancel('waitlisted', event, new Date('2026-06-26T09:00:00+08:00'))).toBe(false);
  });
});

describe('signupRefusal', () => {
  const startsAt = new Date('2026-06-26T09:00:00+08:00');
  const before = new Date('2026-06-20T09:00:00+08:00');
  test('returns null for an open future event', () => {
    expect(signupRefusal({ status: 'open', startsAt }, before)).toBeNull();
  });
  test('returns a Chinese reason for past, cancelled and closed events', () => {
    expect(signupRefusal({ status: 'open', startsAt }, new Date('2026-06-27T00:00:00+08:00'))).toMatch(/已经开始/);
    expect(signupRefusal({ status: 'cancelled', startsAt }, before)).toMatch(/已取消/);
    expect(signupRefusal({ status: 'closed', startsAt }, before)).toMatch(/停止报名/);
  });
});

describe('defaultHours', () => {
  test('returns the event length in hours to two decimals', () => {
    expect(defaultHours(new Date('2026-06-26T09:00:00Z'), new Date('2026-06-26T11:30:00Z'))).toBe(2.5);
    expect(defaultHours(new Date('2026-06-26T09:00:00Z'), new Date('2026-06-26T09:40:00Z'))).toBe(0.67);
  });
});

describe('inCheckinWindow', () => {
  const event = { startsAt: new Date('2026-06-26T09:00:00Z'), endsAt: new Date('2026-06-26T11:00:00Z') };
  test('opens 30 minutes before the start and closes at the end', () => {
    expect(inCheckinWindow(event, new Date('2026-06-26T08:29:59Z'))).toBe(false);
    expect(inCheckinWindow(event, new Date('2026-06-26T08:30:00Z'))).toBe(true);
    expect(inCheckinWindow(event, new Date('2026-06-26T11:00:00Z'))).toBe(true);
    expect(inCheckinWindow(event, new Date('2026-06-26T11:00:01Z'))).toBe(false);
  });
});

describe('checkinCode', () => {
  test('returns six digits that change with the step and the secret', () => {
    expect(checkinCode('abc', 12345)).toBe('153337');
    expect(checkinCode('abc', 12345)).toMatch(/^\d{6}$/);
    expect(checkinCode('abc', 12346)).not.toBe(checkinCode('abc', 12345));
    expect(checkinCode('abd', 12345)).not.toBe(checkinCode('abc', 12345));
  });

  test('rotates every 60 seconds', () => {
    const at = new Date('2026-06-26T09:00:30Z');
    expect(timeStep(new Date('2026-06-26T09:00:59.999Z'))).toBe(timeStep(at));
    expect(timeStep(new Date('2026-06-26T09:01:00Z'))).toBe(timeStep(at) + 1);
    expect(stepEndsAt(at).toISOString()).toBe('2026-06-26T09:01:00.000Z');
  });
});

describe('eventPhase', () => {
  const at = (h: number): Date => new Date(Date.UTC(2026, 5, 26, h));
  const event = { startsAt: at(2), endsAt: at(4) };
  test('returns open or closed as set before the start, running after it, past after the end', () => {
    expect(eventPhase({ ...event, status: 'open' }, at(1))).toBe('open');
    expect(eventPhase({ ...event, status: 'closed' }, at(1))).toBe('closed');
    expect(eventPhase({ ...event, status: 'open' }, at(3))).toBe('running');
    expect(eventPhase({ ...event, status: 'open' }, at(5))).toBe('past');
  });

  test('returns past for an ended event the hours confirmation closed, and cancelled always', () => {
    expect(eventPhase({ ...event, status: 'closed' }, at(5))).toBe('past');
    expect(eventPhase({ ...event, status: 'cancelled' }, at(5))).toBe('cancelled');
  });
});
