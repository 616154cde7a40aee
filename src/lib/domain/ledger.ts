import { Constants, type Enums } from '~/lib/database.types';

/**
 * Class-hours ledger (课时台账) vocabulary. Hours delivered per class against the hours its
 * grade requires, and a school's coverage, are decided by SQL `class_hours` and `school_hours`
 * (supabase/migrations/20261205110000_hours_and_reach_figures.sql); this file only names them.
 */

/** Forms a delivered session can take. */
export const sessionForms = Constants.public.Enums.session_form;
export type SessionForm = Enums<'session_form'>;
/** Who recorded an entry: 'platform' when a classroom session recorded it at 下课, 'hand' when staff typed it. */
export type SessionSource = Enums<'session_source'>;

/** Chinese names of the forms, as teachers know them. */
export const sessionFormLabels: Record<SessionForm, string> = {
  lesson: '课堂教学',
  'class-meeting': '主题班会',
  lecture: '专题讲座',
  practice: '实践活动',
};

/** Sum of hours, kept to one decimal place (hours are recorded in tenths). */
export function sumHours(hours: readonly number[]): number {
  return Math.round(hours.reduce((sum, h) => sum + h * 10, 0)) / 10;
}

/** A class's standing as `class_hours` returns it. */
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
