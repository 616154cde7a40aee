import { describe, expect, test } from 'vitest';
import { allRows } from './all-rows';

describe('allRows', () => {
  const table = Array.from({ length: 2500 }, (_, i) => i);
  const capped = (from: number, to: number) => Promise.resolve({ data: table.slice(from, Math.min(to + 1, from + 1000)), error: null });

  test('returns every row past the cap, asking page after page', async () => {
    expect(await allRows(capped, 'x')).toEqual(table);
    expect(await allRows(capped, 'x', 1000)).toHaveLength(2500);
  });

  test('stops after one page when it is short, and at an empty page after a full one', async () => {
    const asked: number[] = [];
    const exact = (from: number, to: number) => {
      asked.push(from);
      return Promise.resolve({ data: table.slice(0, 2000).slice(from, to + 1), error: null });
    };
    expect(await allRows(exact, 'x')).toHaveLength(2000);
    expect(asked).toEqual([0, 1000, 2000]);
  });

  test('throws what failed with the message', async () => {
    await expect(allRows(() => Promise.resolve({ data: null, error: { message: 'boom' } }), '读取失败')).rejects.toThrow('读取失败: boom');
  });
});
