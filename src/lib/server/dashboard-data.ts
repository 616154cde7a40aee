import type { SupabaseClient } from '@supabase/supabase-js';
import { byDistrict, checkTargets, groupFigures, rates, schoolCovered, type GroupFigures, type Rates, type SchoolCounts, type TargetCheck } from '../domain/dashboard';
import { approvedDemonstrationSchools, dashboardMonths, dashboardSchools, targets, type MonthFigures } from './db/dashboard';

export interface Dashboard {
  year: number;
  city: GroupFigures;
  districts: GroupFigures[];
  schools: (SchoolCounts & Rates & { covered: boolean })[];
  months: MonthFigures[];
  targets: TargetCheck[];
}

/** Everything the office dashboard and its exports show for one school year. */
export async function loadDashboard(db: SupabaseClient, year: number): Promise<Dashboard> {
  const [counts, months, goals, approved] = await Promise.all([dashboardSchools(db, year), dashboardMonths(db, year), targets(db, year), approvedDemonstrationSchools(db, year)]);
  const city = groupFigures('全市', counts);
  const actual: Record<string, number | null> = {
    coverage: city.coverage,
    mastery: city.mastery,
    contest_participation: city.participationRate,
    contest_pass: city.passRate,
    demonstration_provincial: approved.provincial,
    demonstration_municipal: approved.municipal,
  };
  const known = Object.fromEntries(Object.entries(goals).filter(([metric]) => metric in actual));
  return {
    year,
    city,
    districts: byDistrict(counts),
    schools: counts.map((c) => ({ ...c, ...rates(c), covered: schoolCovered(c) })),
    months,
    targets: checkTargets(actual, known),
  };
}

/** The per-school table for export, with suppressed cells marked rather than shown. */
export function dashboardRows(d: Dashboard): { header: string[]; rows: (string | number)[][] } {
  const cell = (v: number | null, suppressed: boolean): string | number => (suppressed ? '<5人不显示' : v ?? '');
  return {
    header: ['区', '学校', '学生数', '课时达标班级', '班级数', '课时达标（学校）', '已完成课时', '必修课掌握率%', '竞赛参与率%', '竞赛及格率%', '竞赛优秀率%'],
    rows: d.schools.map((s) => [
      s.districtName, s.schoolName, s.students, s.classesMet, s.classes, s.covered ? '是' : '否', s.hoursDelivered,
      cell(s.mastery, s.suppressed), cell(s.participationRate, s.suppressed), cell(s.passRate, s.suppressed), cell(s.excellentRate, s.suppressed),
    ]),
  };
}
