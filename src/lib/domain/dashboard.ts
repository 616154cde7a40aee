import { minCell, share, small, type Share } from './contest';

/** One school's raw counts for a school year, as `dashboard_schools` returns them. */
export interface SchoolCounts {
  schoolId: string;
  schoolName: string;
  districtName: string;
  students: number;
  studentsMastered: number;
  classes: number;
  classesMet: number;
  hoursDelivered: number;
  contestStudents: number;
  contestParticipants: number;
  contestPassed: number;
  contestExcellent: number;
}

export interface Rates {
  /** Share of students who mastered every required lesson of their band, percent. */
  mastery: Share;
  participationRate: Share;
  passRate: Share;
  excellentRate: Share;
  /** Fewer than 5 students: rates are not shown, so no child's result can be inferred. */
  suppressed: boolean;
}

const pct = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10);

/**
 * Rates of a group of students (a school, a district, the city): none below 5 students, and
 * each rate `small` when its own base (students of the level, participants) is under 5.
 */
export function rates(c: Pick<SchoolCounts, 'students' | 'studentsMastered' | 'contestStudents' | 'contestParticipants' | 'contestPassed' | 'contestExcellent'>): Rates {
  if (c.students < minCell) return { mastery: null, participationRate: null, passRate: null, excellentRate: null, suppressed: true };
  return {
    mastery: share(c.studentsMastered, c.students),
    participationRate: share(c.contestParticipants, c.contestStudents),
    passRate: share(c.contestPassed, c.contestParticipants),
    excellentRate: share(c.contestExcellent, c.contestParticipants),
    suppressed: false,
  };
}

/** A school is covered when it has classes and every one of them met its required hours. */
export function schoolCovered(c: Pick<SchoolCounts, 'classes' | 'classesMet'>): boolean {
  return c.classes > 0 && c.classesMet === c.classes;
}

const sum = (rows: readonly SchoolCounts[], key: keyof SchoolCounts): number => rows.reduce((n, r) => n + (r[key] as number), 0);

export interface GroupFigures extends Rates {
  name: string;
  schools: number;
  schoolsCovered: number;
  /** Coverage of prevention education: covered schools / all schools, percent. */
  coverage: number | null;
  students: number;
  hoursDelivered: number;
}

/** Figures for a group of schools: a district or the whole city. */
export function groupFigures(name: string, rows: readonly SchoolCounts[]): GroupFigures {
  const covered = rows.filter(schoolCovered).length;
  const totals = {
    students: sum(rows, 'students'),
    studentsMastered: sum(rows, 'studentsMastered'),
    contestStudents: sum(rows, 'contestStudents'),
    contestParticipants: sum(rows, 'contestParticipants'),
    contestPassed: sum(rows, 'contestPassed'),
    contestExcellent: sum(rows, 'contestExcellent'),
  };
  return {
    name,
    schools: rows.length,
    schoolsCovered: covered,
    coverage: pct(covered, rows.length),
    students: totals.students,
    hoursDelivered: Math.round(sum(rows, 'hoursDelivered') * 10) / 10,
    ...rates(totals),
  };
}

/** Figures per district, in the order the districts first appear. */
export function byDistrict(rows: readonly SchoolCounts[]): GroupFigures[] {
  const names = [...new Set(rows.map((r) => r.districtName))];
  return names.map((name) =>
    groupFigures(
      name,
      rows.filter((r) => r.districtName === name),
    ),
  );
}

/** met / notMet; unknown without a figure or target; insufficient when the figure rests on fewer than 5 pupils. */
export type TargetStatus = 'met' | 'notMet' | 'unknown' | 'insufficient';

export interface TargetCheck {
  metric: string;
  actual: Share;
  target: number | null;
  status: TargetStatus;
}

/**
 * Compares actual figures with the year's targets. A figure suppressed for a small base is
 * "insufficient", never met: one pupil's pass cannot make a city's target.
 */
export function checkTargets(actual: Record<string, Share>, targets: Record<string, number>): TargetCheck[] {
  return Object.keys(targets).map((metric) => {
    const a = actual[metric] ?? null;
    const target = targets[metric] ?? null;
    const status: TargetStatus = a === small ? 'insufficient' : a === null || target === null ? 'unknown' : a >= target ? 'met' : 'notMet';
    return { metric, actual: a, target, status };
  });
}
