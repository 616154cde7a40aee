import type { Completion } from './units';

/** The roster as rows for the printed page and the exports: course, name, phone digits, score, date, slip code. */
export const rosterHeader = ['课程', '姓名', '手机号后4位', '成绩', '完成日期', '结业单编号'];

const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * Roster rows, by course then date. Names go out as the worker typed them; the exports neutralise
 * cells a spreadsheet would run as formulas (src/lib/server/export.ts).
 */
export function rosterRows(completions: readonly Completion[], titles: ReadonlyMap<string, string>): string[][] {
  return [...completions]
    .sort((a, b) => (titles.get(a.courseId) ?? a.courseId).localeCompare(titles.get(b.courseId) ?? b.courseId, 'zh') || a.completedAt.getTime() - b.completedAt.getTime())
    .map((c) => [titles.get(c.courseId) ?? c.courseId, c.workerName, c.phoneLast4, `${c.score}/${c.total}`, day.format(c.completedAt), c.slipCode]);
}
