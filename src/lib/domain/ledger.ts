/**
 * Class-hours ledger (课时台账) arithmetic: hours delivered per class against the hours its
 * grade requires this school year, and a school's coverage (classes that met the requirement).
 */

/** The syllabus minimum when the city has set nothing for a grade. */
export const defaultRequiredHours = 2;

/** Forms a delivered session can take. */
export const sessionForms = ['lesson', 'class-meeting', 'lecture', 'practice'] as const;
export type SessionForm = (typeof sessionForms)[number];

/** Chinese names of the forms, as teachers know them. */
export const sessionFormLabels: Record<SessionForm, string> = {
  lesson: '课堂教学',
  'class-meeting': '主题班会',
  lecture: '专题讲座',
  practice: '实践活动',
};

/**
 * Hours a grade must deliver; the city's setting for that grade, else the syllabus minimum.
 * @example requiredHours(3, new Map([[3, 4]])) // 4
 */
export function requiredHours(grade: number, requirements: ReadonlyMap<number, number>): number {
  return requirements.get(grade) ?? defaultRequiredHours;
}

/** Sum of hours, kept to one decimal place (hours are recorded in tenths). */
export function sumHours(hours: readonly number[]): number {
  return Math.round(hours.reduce((sum, h) => sum + h * 10, 0)) / 10;
}

export interface ClassHours {
  classId: string;
  name: string;
  grade: number;
  delivered: number;
  /** Of the delivered hours, those a classroom session recorded (not typed by hand). */
  platform: number;
  required: number;
  /** Hours still to deliver, 0 when met. */
  short: number;
  met: boolean;
}

/** A class's standing: delivered hours against its grade's requirement. */
export function classHours(
  input: { classId: string; name: string; grade: number; sessions: readonly number[]; platformSessions?: readonly number[] },
  requirements: ReadonlyMap<number, number>,
): ClassHours {
  const delivered = sumHours(input.sessions);
  const required = requiredHours(input.grade, requirements);
  const short = Math.max(0, Math.round((required - delivered) * 10) / 10);
  return { classId: input.classId, name: input.name, grade: input.grade, delivered, platform: sumHours(input.platformSessions ?? []), required, short, met: short === 0 };
}

export interface SchoolHours {
  classes: number;
  classesMet: number;
  delivered: number;
  /** Of the delivered hours, those classroom sessions recorded. */
  platform: number;
  required: number;
  /** Share of classes that met their requirement, in whole percent (floored); null without classes. */
  coverage: number | null;
  /** Whether every class met its requirement: the school counts as covered. */
  covered: boolean;
}

/**
 * A school's totals. Coverage counts classes, not hours, so one class's surplus cannot hide
 * another's shortfall.
 * @example schoolHours([{ delivered: 2, required: 2, met: true }, { delivered: 0, required: 2, met: false }]).coverage // 50
 */
export function schoolHours(classes: readonly (Pick<ClassHours, 'delivered' | 'required' | 'met'> & Partial<Pick<ClassHours, 'platform'>>)[]): SchoolHours {
  const classesMet = classes.filter((c) => c.met).length;
  return {
    classes: classes.length,
    classesMet,
    delivered: sumHours(classes.map((c) => c.delivered)),
    platform: sumHours(classes.map((c) => c.platform ?? 0)),
    required: sumHours(classes.map((c) => c.required)),
    coverage: classes.length === 0 ? null : Math.floor((classesMet * 100) / classes.length),
    covered: classes.length > 0 && classesMet === classes.length,
  };
}
