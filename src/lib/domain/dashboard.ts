import { minCell } from './contest';

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
  mastery: number | null;
  participationRate: number | null;
  passRate: number | null;
  excellentRate: number | null;
  /** Fewer than 5 students: rates are not shown, so no child's result can be inferred. */
  suppressed: boolean;
}

const pct = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10);

/** Rates of a group of students (a school, a district, the city), suppressed below 5 students. */
export function rates(c: Pick<SchoolCounts, 'students' | 'studentsMastered' | 'contestStudents' | 'contestParticipants' | 'contestPassed' | 'contestExcellent'>): Rates {
  if (c.students < minCell) return { mastery: null, participationRate: null, passRate: null, excellentRate: null, suppressed: true };
  return {
    mastery: pct(c.studentsMastered, c.students),
    participationRate: pct(c.contestParticipants, c.contestStudents),
    passRate: pct(c.contestPassed, c.contestParticipants),
    excellentRate: pct(c.contestExcellent, c.contestParticipants),
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
    students: sum(rows, 'students'), studentsMastered: sum(rows, 'studentsMastered'), contestStudents: sum(rows, 'contestStudents'),
    contestParticipants: sum(rows, 'contestParticipants'), contestPassed: sum(rows, 'contestPassed'), contestExcellent: sum(rows, 'contestExcellent'),
  };
  return {
    name, schools: rows.length, schoolsCovered: covered, coverage: pct(covered, rows.length), students: totals.students,
    hoursDelivered: Math.round(sum(rows, 'hoursDelivered') * 10) / 10, ...rates(totals),
  };
}

/** Figures per district, in the order the districts first appear. */
export function byDistrict(rows: readonly SchoolCounts[]): GroupFigures[] {
  const names = [...new Set(rows.map((r) => r.districtName))];
  return names.map((name) => groupFigures(name, rows.filter((r) => r.districtName === name)));
}

export interface TargetCheck {
  metric: string;
  actual: number | null;
  target: number | null;
  met: boolean | null;
}

/** Compares actual figures with the year's targets; a missing target or figure gives met = null. */
export function checkTargets(actual: Record<string, number | null>, targets: Record<string, number>): TargetCheck[] {
  return Object.keys(targets).map((metric) => {
    const a = actual[metric] ?? null;
    const target = targets[metric] ?? null;
    return { metric, actual: a, target, met: a === null || target === null ? null : a >= target };
  });
}
