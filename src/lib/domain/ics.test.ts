import { describe, expect, test } from 'vitest';
import { icsFor } from './ics';

describe('icsFor', () => {
  const ics = icsFor(
    {
      uid: 'e1@qingyuan',
      title: '禁毒宣传, 进社区; 第一场',
      startsAt: new Date('2026-06-26T01:00:00Z'),
      endsAt: new Date('2026-06-26T03:00:00Z'),
      location: '城南区 南苑社区',
      description: '请携带：志愿者马甲\n宣传册'.repeat(5),
      url: 'https://example.test/events/e1/',
      cancelled: false,
    },
    new Date('2026-06-01T00:00:00Z'),
  );

  test('returns a calendar with UTC times and escaped text', () => {
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART:20260626T010000Z\r\n');
    expect(ics).toContain('SUMMARY:禁毒宣传\\, 进社区\\; 第一场');
  });

  test('folds lines to at most 75 octets', () => {
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  test('keeps a title with a lone carriage return, a line feed or a backslash on its own line', () => {
    const hostile = icsFor({
      uid: 'e2@qingyuan',
      title: '活动\rBEGIN:VEVENT\nX\\Y\r\nZ\u0007',
      startsAt: new Date('2026-06-26T01:00:00Z'),
      endsAt: new Date('2026-06-26T03:00:00Z'),
      location: '城南区',
      description: '',
      url: 'https://example.test/e2/\r\nX-EVIL:1',
      cancelled: false,
    });
    const lines = hostile.split('\r\n');
    expect(lines).toContain('SUMMARY:活动\\nBEGIN:VEVENT\\nX\\\\Y\\nZ');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(hostile.replace(/\r\n/g, '')).not.toMatch(/[\r\n\u0007]/);
    expect(lines).toContain('URL:https://example.test/e2/X-EVIL:1');
  });
});
