import { Constants, type Enums } from '~/lib/database.types';

/**
 * The 五落实 of drug-prevention teaching: a teaching plan, a syllabus mapping, trained teachers,
 * delivered class hours and approved materials. A school proves each with a status and evidence.
 */
export const fiveItems = Constants.public.Enums.five_item;
export type FiveItem = Enums<'five_item'>;
export const fiveStatuses = Constants.public.Enums.five_status;
export type FiveStatus = Enums<'five_status'>;

export const fiveItemLabels: Record<FiveItem, string> = {
  plan: '教学计划',
  syllabus: '教学大纲',
  teachers: '师资',
  hours: '课时',
  materials: '教材',
};

export const fiveStatusLabels: Record<FiveStatus, string> = { missing: '未落实', in_progress: '落实中', done: '已落实' };

export interface BoardFacts {
  /** Statuses the school set, per item. */
  statuses: Partial<Record<FiveItem, FiveStatus>>;
  /** Terms the teaching plan covers. */
  planTerms: readonly string[];
  /** Grades with classes this year, and the grades that have lessons assigned. */
  grades: readonly number[];
  gradesWithLessons: readonly number[];
  /** Teachers who teach prevention, and which of them were trained. */
  teachers: readonly { name: string; trained: boolean }[];
  /** Classes below their required hours. */
  classesShort: readonly { name: string; short: number }[];
  materials: readonly string[];
}

/**
 * One list of what is still missing, item by item, from the statuses the school set and from
 * the platform's own data (hours, assignments, training), so a claim cannot hide a gap.
 * @example missingItems({ statuses: {}, planTerms: [], grades: [], gradesWithLessons: [], teachers: [], classesShort: [], materials: [] })[0]
 * // '教学计划：尚未落实'
 */
export function missingItems(f: BoardFacts): string[] {
  const out: string[] = [];
  for (const item of fiveItems) {
    if ((f.statuses[item] ?? 'missing') !== 'done') out.push(`${fiveItemLabels[item]}：${fiveStatusLabels[f.statuses[item] ?? 'missing']}`);
  }
  if (f.planTerms.length < 2) out.push(`教学计划：只覆盖了 ${f.planTerms.length} 个学期（应覆盖上、下两个学期）`);
  for (const grade of f.grades) if (!f.gradesWithLessons.includes(grade)) out.push(`教学大纲：${grade} 年级还没有布置任何禁毒课程`);
  if (f.teachers.length === 0) out.push('师资：还没有登记任课教师');
  for (const t of f.teachers) if (!t.trained) out.push(`师资：${t.name} 尚未参加培训`);
  for (const c of f.classesShort) out.push(`课时：${c.name} 还差 ${c.short} 课时`);
  if (f.materials.length === 0) out.push('教材：还没有登记使用的教材');
  return out;
}
