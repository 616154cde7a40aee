import type { Db } from '~/lib/server/db/client';
import { byDistrict, checkTargets, groupFigures, rates, schoolCovered, type GroupFigures, type Rates, type SchoolCounts, type TargetCheck } from '~/lib/domain/dashboard';
import {
  approvedDemonstrationSchools,
  dashboardMonths,
  dashboardSchools,
  dashboardVolunteering,
  targets,
  type MonthFigures,
  type Volunteering,
  type VolunteerFigures,
} from './db/dashboard';
import type { Sheet } from './export';
import { small, type Share } from '~/lib/domain/contest';
import { t, type MessageKey } from '~/i18n';

export interface Dashboard {
  year: number;
  city: GroupFigures;
  districts: GroupFigures[];
  schools: (SchoolCounts & Rates & { covered: boolean })[];
  /** September to August: class hours, lessons mastered and volunteering of each month. */
  months: (MonthFigures & VolunteerFigures)[];
  targets: TargetCheck[];
  volunteering: Omit<Volunteering, 'months'>;
}

/** The tables the dashboard exports, in the workbook's order. */
export const dashboardTables = ['targets', 'schools', 'districts', 'months', 'volunteering'] as const;
export type DashboardTable = (typeof dashboardTables)[number];

/** Everything the office dashboard and its exports show for one school year. */
export async function loadDashboard(db: Db, year: number): Promise<Dashboard> {
  const [counts, months, goals, approved, volunteering] = await Promise.all([
    dashboardSchools(db, year),
    dashboardMonths(db, year),
    targets(db, year),
    approvedDemonstrationSchools(db, year),
    dashboardVolunteering(db, year),
  ]);
  const city = groupFigures('全市', counts);
  const actual: Record<string, Share> = {
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
    months: months.map((m) => {
      const served = volunteering.months.find((x) => x.month === m.month);
      return {
        ...m,
        eventsHeld: served?.eventsHeld ?? 0,
        activeVolunteers: served?.activeVolunteers ?? 0,
        volunteerHours: served?.volunteerHours ?? 0,
        households: served?.households ?? 0,
      };
    }),
    targets: checkTargets(actual, known),
    volunteering: { city: volunteering.city, districts: volunteering.districts },
  };
}

type Cell = string | number;
const cell = (v: Share, suppressed: boolean): Cell => (suppressed || v === small ? '<5人不显示' : (v ?? ''));
const rateCells = (g: Rates): Cell[] => [
  cell(g.mastery, g.suppressed),
  cell(g.participationRate, g.suppressed),
  cell(g.passRate, g.suppressed),
  cell(g.excellentRate, g.suppressed),
];
const rateHeader = ['必修课掌握率%', '竞赛参与率%', '竞赛及格率%', '竞赛优秀率%'];
const volunteerHeader = ['活动场次', '活跃志愿者', '志愿服务时长', '入户数'];

/** Targets are percentages, except the demonstration ones, which count schools. */
export const targetUnit = (metric: string): string => (metric.startsWith('demonstration') ? '所' : '%');

/** The dashboard's tables for export, one sheet each; suppressed cells are marked, never shown. */
export function dashboardSheets(d: Dashboard): Record<DashboardTable, Sheet> {
  const v = d.volunteering;
  return {
    targets: {
      name: '年度目标',
      header: ['指标', '实际', '目标', '单位', '结果'],
      rows: d.targets.map((x) => [t(`dash.metric.${x.metric}` as MessageKey), cell(x.actual, false), x.target ?? '', targetUnit(x.metric), t(`dash.${x.status}`)]),
    },
    schools: {
      name: '按学校',
      header: ['区', '学校', '学生数', '课时达标班级', '班级数', '课时达标（学校）', '已完成课时', ...rateHeader],
      rows: d.schools.map((s) => [s.districtName, s.schoolName, s.students, s.classesMet, s.classes, s.covered ? '是' : '否', s.hoursDelivered, ...rateCells(s)]),
    },
    districts: {
      name: '按区',
      header: ['区', '学校数', '覆盖学校数', '覆盖率%', '学生数', '已完成课时', ...rateHeader],
      rows: [...d.districts, d.city].map((g) => [g.name, g.schools, g.schoolsCovered, g.coverage ?? '', g.students, g.hoursDelivered, ...rateCells(g)]),
    },
    months: {
      name: '按月',
      header: ['月份', '完成课时', '掌握的课', ...volunteerHeader],
      rows: d.months.map((m) => [m.month, m.hours, m.lessonsMastered, m.eventsHeld, m.activeVolunteers, m.volunteerHours, m.households]),
    },
    volunteering: {
      name: '志愿服务',
      header: ['区', ...volunteerHeader],
      rows: [
        ...v.districts.map((g) => [g.name, g.eventsHeld, g.activeVolunteers, g.volunteerHours, g.households]),
        ['全市（志愿者不重复计）', v.city.eventsHeld, v.city.activeVolunteers, v.city.volunteerHours, v.city.households],
      ],
    },
  };
}
