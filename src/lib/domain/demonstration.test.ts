import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { maxScore } from './criteria';
import { areaScores, isEditable, officeTotal, progress, scoreFits, selfTotal, transition, type Criteria, type FileItem } from './demonstration';

const criteria: Criteria = {
  levels: { municipal: { label: '市级', passScore: 8 }, provincial: { label: '省级', passScore: 12 } },
  areas: [
    {
      id: 'a',
      title: '组织',
      items: [
        { id: 'a1', title: '领导小组', points: 4, levels: ['municipal', 'provincial'] },
        { id: 'a2', title: '经费', points: 6, levels: ['municipal', 'provincial'] },
      ],
    },
    { id: 'b', title: '阵地', items: [{ id: 'b1', title: '禁毒角', points: 5, levels: ['provincial'] }] },
  ],
};

const item = (itemId: string, points: number, over: Partial<FileItem> = {}): FileItem => ({ itemId, points, status: null, selfScore: null, officeScore: null, ...over });
const filled = [item('a1', 4, { status: 'met', selfScore: 4 }), item('a2', 6, { status: 'partial', selfScore: 3 })];

describe('scoreFits', () => {
  test('accepts whole numbers from 0 to the points', () => {
    expect([0, 3, 4].map((s) => scoreFits(s, 4))).toEqual([true, true, true]);
  });
  test('refuses negatives, fractions and more than the points', () => {
    expect([-1, 2.5, 5].map((s) => scoreFits(s, 4))).toEqual([false, false, false]);
  });
});

describe('totals', () => {
  test('adds self and office scores, counting unscored items as 0', () => {
    const items = [item('a1', 4, { selfScore: 4, officeScore: 3 }), item('a2', 6, { selfScore: 5 })];
    expect(selfTotal(items)).toBe(9);
    expect(officeTotal(items)).toBe(3);
  });
});

describe('areaScores', () => {
  test('leaves out items of the other level and areas with nothing to score', () => {
    const items = [...filled.map((i) => ({ ...i, officeScore: 2 })), item('b1', 5, { selfScore: 5 })];
    expect(areaScores(criteria, 'municipal', items)).toEqual([{ areaId: 'a', title: '组织', max: 10, self: 7, office: 4 }]);
    expect(areaScores(criteria, 'provincial', items).map((a) => [a.areaId, a.max, a.self])).toEqual([
      ['a', 10, 7],
      ['b', 5, 5],
    ]);
  });

  test("area maxima add up to the level's full mark in the real criteria", () => {
    const real = parse(readFileSync('content/demonstration/criteria.yaml', 'utf8')) as Criteria;
    for (const level of ['municipal', 'provincial'] as const) {
      expect(areaScores(real, level, []).reduce((n, a) => n + a.max, 0)).toBe(maxScore(real, level));
    }
    expect(maxScore(real, 'municipal')).toBe(100);
  });
});

describe('progress', () => {
  test('counts items with a status and a self-score as done and lists what the rest lack', () => {
    const p = progress(criteria, 'municipal', [filled[0] ?? item('a1', 4), item('a2', 6, { status: 'met' })], new Set(['a1']));
    expect(p).toMatchObject({ done: 1, total: 2, percent: 50 });
    expect(p.missing).toEqual([{ itemId: 'a2', title: '经费', lacks: ['自评分', '佐证材料'] }]);
  });
  test('is complete when every item is filled and has evidence', () => {
    expect(progress(criteria, 'municipal', filled, new Set(['a1', 'a2']))).toEqual({ done: 2, total: 2, percent: 100, missing: [] });
  });
});

describe('transition', () => {
  const base = { items: filled, passScore: 8 };
  test('submits a complete draft or returned file', () => {
    expect(transition('submit', 'school_admin', { ...base, status: 'draft' })).toEqual({ ok: true, to: 'submitted' });
    expect(transition('submit', 'school_admin', { ...base, status: 'returned' })).toEqual({ ok: true, to: 'submitted' });
  });
  test('refuses to submit with items missing a status or self-score', () => {
    const r = transition('submit', 'school_admin', { ...base, status: 'draft', items: [item('a1', 4, { status: 'met' })] });
    expect(r).toEqual({ ok: false, reason: '还有 1 个条目没有填写状态和自评分，不能提交' });
  });
  test('refuses to submit twice or after approval, and refuses the office submitting', () => {
    expect(transition('submit', 'school_admin', { ...base, status: 'submitted' }).ok).toBe(false);
    expect(transition('submit', 'school_admin', { ...base, status: 'approved' }).ok).toBe(false);
    expect(transition('submit', 'office', { ...base, status: 'draft' }).ok).toBe(false);
  });
  test('never approves a file that was not submitted', () => {
    const scored = filled.map((i) => ({ ...i, officeScore: i.points }));
    for (const status of ['draft', 'returned', 'approved'] as const) {
      expect(transition('approve', 'office', { ...base, items: scored, status })).toEqual({ ok: false, reason: '只有学校已提交的档案可以通过' });
    }
  });
  test('approves a submitted file only when every item is scored and the total reaches the pass mark', () => {
    const scored = filled.map((i) => ({ ...i, officeScore: 4 }));
    expect(transition('approve', 'office', { ...base, status: 'submitted', items: scored })).toEqual({ ok: true, to: 'approved' });
    expect(transition('approve', 'office', { ...base, status: 'submitted' })).toEqual({ ok: false, reason: '还有 2 个条目没有评分' });
    const low = filled.map((i) => ({ ...i, officeScore: 3 }));
    expect(transition('approve', 'office', { ...base, status: 'submitted', items: low })).toEqual({ ok: false, reason: '总分 6 分，未达到达标分 8 分，不能通过' });
    expect(transition('approve', 'school_admin', { ...base, status: 'submitted', items: scored }).ok).toBe(false);
  });
  test('returns a submitted file only with a comment', () => {
    expect(transition('return', 'office', { ...base, status: 'submitted', comment: '补充照片' })).toEqual({ ok: true, to: 'returned' });
    expect(transition('return', 'office', { ...base, status: 'submitted', comment: '  ' })).toEqual({ ok: false, reason: '退回时请写明需要修改的地方' });
    expect(transition('return', 'office', { ...base, status: 'draft', comment: '补充' }).ok).toBe(false);
  });
  test('reopens an approved file as a draft, by the office, with a comment', () => {
    expect(transition('reopen', 'office', { ...base, status: 'approved', comment: '复查发现问题' })).toEqual({ ok: true, to: 'draft' });
    expect(transition('reopen', 'office', { ...base, status: 'approved' }).ok).toBe(false);
    expect(transition('reopen', 'school_admin', { ...base, status: 'approved', comment: '想修改' }).ok).toBe(false);
  });
});

describe('isEditable', () => {
  test('allows edits only in draft and returned', () => {
    expect(['draft', 'submitted', 'returned', 'approved'].map((s) => isEditable(s as 'draft'))).toEqual([true, false, true, false]);
  });
});
