import { t, type MessageKey } from '~/i18n';

const offsetMs = 8 * 3_600_000;

/** Year, month and day of a moment in the city's time, or of a `YYYY-MM-DD` date as written. */
function ymd(value: Date | string): [number, number, number] | null {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
    value = new Date(value);
  }
  if (Number.isNaN(value.getTime())) return null;
  const local = new Date(value.getTime() + offsetMs);
  return [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
}

/**
 * A date as Chinese prose writes it: 2026年12月1日, or 12月1日 when `now` falls in the same year
 * (lists and tables of the current year). Takes a `YYYY-MM-DD` date, an ISO time or a Date.
 * @example formatDay('2026-12-01') // '2026年12月1日'
 * @example formatDay('2026-12-01', { now: new Date('2026-06-01') }) // '12月1日'
 */
export function formatDay(value: Date | string, options: { now?: Date } = {}): string {
  const parts = ymd(value);
  if (!parts) return String(value);
  const [y, m, d] = parts;
  const sameYear = options.now !== undefined && ymd(options.now)?.[0] === y;
  return sameYear ? `${m}月${d}日` : `${y}年${m}月${d}日`;
}

/**
 * A school year by its starting year, as schools write it, with the em dash: 2026—2027学年.
 * @example schoolYearLabel(2026) // '2026—2027学年'
 */
export function schoolYearLabel(year: number): string {
  return t('me.schoolYear', { year, next: year + 1 });
}

/**
 * A class's grade (1–12) by its Chinese name: 三年级, 高一年级; an out-of-range value falls back to its digits.
 * @example gradeName(3) // '三年级'
 */
export function gradeName(grade: number): string {
  return Number.isInteger(grade) && grade >= 1 && grade <= 12 ? t(`grade.${grade}` as MessageKey) : `${grade}年级`;
}

/**
 * A heading that adds a label in brackets unless the text already carries it, so a contest titled
 * 禁毒知识竞赛（小学组） is not shown as 禁毒知识竞赛（小学组）（小学组）.
 * @example withLabel('禁毒知识竞赛（小学组）', '小学组') // '禁毒知识竞赛（小学组）'
 */
export function withLabel(text: string, label: string): string {
  return text.includes(label) ? text : `${text}（${label}）`;
}

// One formatter for every call: building an Intl.DateTimeFormat (what toLocaleString does on each
// call) cost the student home more than its database read.
const monthDayTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * A moment in the city's time as month, day and clock time, as `toLocaleString('zh-CN')` writes it.
 * @example formatMonthDayTime('2026-12-07T16:00:00Z') // '12月8日 00:00'
 */
export function formatMonthDayTime(iso: string | Date): string {
  return monthDayTime.format(new Date(iso));
}
