import { shareText, type Share } from './contest';
import type { ClassHours } from './ledger';
import type { ItemStatus } from './demonstration';
import { gradeName } from './zh-format';

/** What the platform itself recorded for a school, to set beside its claims. */
export interface PlatformFacts {
  hours: readonly ClassHours[];
  teachers: readonly { teaches: boolean; trained: boolean }[];
  /** Grades with classes, and those with lessons assigned on the platform this year. */
  grades: readonly number[];
  gradesWithLessons: readonly number[];
  /** The office's rates for the school, when the reader may see them. */
  rates?: { mastery: Share; participationRate: Share; passRate: Share } | undefined;
}

/** The platform's own figure for one criterion, and whether it falls short of a "met" claim. */
export interface PlatformCheck {
  lines: string[];
  /** The platform's record does not bear the claim out: the item is claimed met but the figure falls short. */
  short: boolean;
}

const list = (names: string[]): string => (names.length > 4 ? `${names.slice(0, 4).join('、')}等 ${names.length} 个班` : names.join('、'));

/**
 * The platform's figures beside the criteria it can check (hours, teachers, lessons assigned,
 * mastery and the contest), keyed by criterion id; criteria it cannot check are absent. A claim
 * of "met" that the figure does not bear out is marked `short`.
 * @example platformChecks({ hours: [{ name: '五年级（2）班', met: false, short: 1, ... }], ... }, { 'class-hours': 'met' })['class-hours'].short // true
 */
export function platformChecks(facts: PlatformFacts, claims: Readonly<Record<string, ItemStatus | null>>): Record<string, PlatformCheck> {
  const out: Record<string, PlatformCheck> = {};
  const check = (id: string, lines: string[], ok: boolean): void => {
    out[id] = { lines, short: claims[id] === 'met' && !ok };
  };
  const total = facts.hours.length;
  const met = facts.hours.filter((h) => h.met);
  const short = facts.hours.filter((h) => !h.met);
  check(
    'class-hours',
    [`课时台账：${met.length} / ${total} 个班达到本学年要求的课时`, ...(short.length > 0 ? [`未达到：${list(short.map((h) => `${h.name}（差 ${h.short} 课时）`))}`] : [])],
    total > 0 && short.length === 0,
  );
  const four = facts.hours.filter((h) => h.delivered >= 4);
  check('class-hours-plus', [`课时台账：${four.length} / ${total} 个班达到 4 课时`], total > 0 && four.length === total);
  const teaching = facts.teachers.filter((x) => x.teaches);
  const trained = teaching.filter((x) => x.trained);
  check('teachers', [`平台登记任课教师 ${teaching.length} 人，本学年已培训 ${trained.length} 人`], teaching.length > 0 && trained.length === teaching.length);
  const without = facts.grades.filter((g) => !facts.gradesWithLessons.includes(g));
  const assigned = [
    `在平台布置了课程的年级：${facts.gradesWithLessons.map(gradeName).join('、') || '无'}`,
    ...(without.length > 0 ? [`有班级但没有布置课程：${without.map(gradeName).join('、')}`] : []),
  ];
  check('teaching-plan', assigned, facts.grades.length > 0 && without.length === 0);
  check('syllabus', assigned, facts.grades.length > 0 && without.length === 0);
  if (facts.rates) {
    const { mastery, participationRate, passRate } = facts.rates;
    check('platform-completion', [`平台必修课掌握率：${shareText(mastery)}`], typeof mastery === 'number' && mastery >= 90);
    check(
      'contest-rates',
      [`竞赛参与率：${shareText(participationRate)}，合格率：${shareText(passRate)}`],
      typeof participationRate === 'number' && participationRate >= 95 && typeof passRate === 'number' && passRate >= 90,
    );
  }
  return out;
}
