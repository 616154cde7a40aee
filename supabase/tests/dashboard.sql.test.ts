import type { PGlite } from '@electric-sql/pglite';
import { beforeAll, describe, expect, test } from 'vitest';
import { byDistrict, groupFigures, type SchoolCounts } from '~/lib/domain/dashboard';
import { asUser, demoDatabase } from './pglite-db';
import { id } from './rls-matrix-common';

/**
 * The dashboard's figures on a seeded data set whose answers are known: the demo schools, the
 * real content, and a handful of progress rows, sessions and contest results written below.
 */
const office = id(101);
let db: PGlite;

async function asOffice<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return asUser(db, office, async () => (await db.query<T>(sql, params)).rows);
}

/**
 * Rollup tables as the triggers left them and as a rebuild (`refresh`, a function call) makes
 * them; the rebuild is rolled back, so the triggers go on from their own state.
 */
async function keptAndRebuilt(queries: string[], refresh: string): Promise<{ kept: unknown[]; rebuilt: unknown[] }> {
  const snapshot = async (): Promise<unknown[]> => Promise.all(queries.map(async (sql) => (await db.query(sql)).rows));
  await db.exec('begin');
  try {
    const kept = await snapshot();
    await db.query(`select ${refresh}()`);
    return { kept, rebuilt: await snapshot() };
  } finally {
    await db.exec('rollback');
  }
}

beforeAll(async () => {
  ({ db } = await demoDatabase());
  // Class 201 (grade 3, band primary-middle: 2 required lessons): students 1001-1003 master both, 1004 one.
  const mastered = [...[1001, 1002, 1003].flatMap((s) => ['primary-middle/disguised-drugs', 'primary-middle/saying-no'].map((l) => [s, l])), [1004, 'primary-middle/saying-no']];
  for (const [s, l] of mastered) {
    await db.query(`insert into public.lesson_progress (student_id, lesson_id, attempts, best_percent, mastered_at) values ($1, $2, 1, 100, '2026-10-15T10:00:00+08:00')`, [
      id(s as number),
      l,
    ]);
  }
  // Hours: class 201 2 h (met), class 202 1 h (short) → 清源实验小学 not covered; class 203 3 h → 清源第一中学 covered.
  const session = `insert into public.class_sessions (class_id, held_on, topic, hours, form, teacher_id, recorded_by) values ($1, $2, '班会', $3, 'class-meeting', $4, $4)`;
  await db.query(session, [id(201), '2026-10-08', 2, id(112)]);
  await db.query(session, [id(202), '2026-11-03', 1, id(113)]);
  await db.query(session, [id(203), '2026-11-05', 3, id(122)]);
  // A primary contest in 2026: four pupils of 清源实验小学 took part with 100, 60, 59 and 95.
  await db.query(
    `insert into public.contests (contest_id, title, school_year, level, quiz_id, opens_at, closes_at) values ($1, '竞赛', 2026, 'primary', 'contest-primary', '2027-06-01', '2027-06-30')`,
    [id(900)],
  );
  for (const [s, percent] of [
    [1001, 100],
    [1002, 60],
    [1003, 59],
    [1101, 95],
  ] as const) {
    await db.query(
      `insert into public.attempts (student_id, quiz_id, contest_id, question_ids, seed, deadline_at, submitted_at, score, total, percent, passed) values ($1, 'contest-primary', $2, '{}', 1, now(), now(), 0, 20, $3, $3 >= 60)`,
      [id(s), id(900), percent],
    );
  }
});

describe('dashboard_schools', () => {
  test('returns the known per-school counts', async () => {
    const rows = await asOffice<Record<string, unknown>>(
      'select school_name, students, students_mastered, classes, classes_met, hours_delivered::float as hours, contest_students, contest_participants, contest_passed, contest_excellent from public.dashboard_schools(2026)',
    );
    expect(rows).toEqual([
      {
        school_name: '清源第一中学',
        students: 5,
        students_mastered: 0,
        classes: 1,
        classes_met: 1,
        hours: 3,
        contest_students: 0,
        contest_participants: 0,
        contest_passed: 0,
        contest_excellent: 0,
      },
      {
        school_name: '清源实验小学',
        students: 10,
        students_mastered: 3,
        classes: 2,
        classes_met: 1,
        hours: 3,
        contest_students: 10,
        contest_participants: 4,
        contest_passed: 3,
        contest_excellent: 2,
      },
    ]);
  });

  test('gives city and district figures with the known answers', async () => {
    const rows = await asOffice<{
      school_id: string;
      school_name: string;
      district_name: string;
      students: number;
      students_mastered: number;
      classes: number;
      classes_met: number;
      hours_delivered: string;
      contest_students: number;
      contest_participants: number;
      contest_passed: number;
      contest_excellent: number;
    }>('select * from public.dashboard_schools(2026)');
    const counts: SchoolCounts[] = rows.map((r) => ({
      schoolId: r.school_id,
      schoolName: r.school_name,
      districtName: r.district_name,
      students: r.students,
      studentsMastered: r.students_mastered,
      classes: r.classes,
      classesMet: r.classes_met,
      hoursDelivered: Number(r.hours_delivered),
      contestStudents: r.contest_students,
      contestParticipants: r.contest_participants,
      contestPassed: r.contest_passed,
      contestExcellent: r.contest_excellent,
    }));
    expect(groupFigures('全市', counts)).toMatchObject({
      schools: 2,
      schoolsCovered: 1,
      coverage: 50,
      students: 15,
      mastery: 20,
      participationRate: 40,
      passRate: 'small',
      excellentRate: 'small',
      hoursDelivered: 6,
    });
    expect(byDistrict(counts).map((d) => [d.name, d.coverage, d.mastery])).toEqual([
      ['城北区', 100, 0],
      ['城南区', 0, 30],
    ]);
  });

  test('refuses everyone but the office', async () => {
    await asUser(db, id(111), () => expect(db.query('select * from public.dashboard_schools(2026)')).rejects.toThrow(/只有市禁毒办/));
  });
});

describe('dashboard_months', () => {
  test('returns hours and mastered lessons per month of the school year', async () => {
    const rows = await asOffice<{ month: string; hours: number; lessons: number }>(
      `select to_char(month, 'YYYY-MM') as month, hours_delivered::float as hours, lessons_mastered as lessons from public.dashboard_months(2026)`,
    );
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 3)).toEqual([
      { month: '2026-09', hours: 0, lessons: 0 },
      { month: '2026-10', hours: 2, lessons: 7 },
      { month: '2026-11', hours: 4, lessons: 0 },
    ]);
  });
});

describe('dashboard_volunteering', () => {
  // School year 2024 (the seed's events are near today, in 2026): three events held, one cancelled,
  // one a day too late and one a minute too early for the year.
  beforeAll(async () => {
    const event = `insert into public.events (event_id, organizer_id, district_id, community, title, kind, starts_at, ends_at, capacity, cancel_cutoff, contact, status)
      values ($1, $2, $3, '清源社区', '禁毒宣传进家庭', 'family', $4::timestamptz, $4::timestamptz + interval '2 hours', 30, $4::timestamptz - interval '1 day', '孙干事 0571-1234', $5)`;
    const south = id(1);
    const north = id(2);
    for (const [n, district, at, status] of [
      [801, south, '2024-10-12T10:00:00+08:00', 'closed'],
      [802, north, '2025-03-01T09:00:00+08:00', 'closed'],
      [803, south, '2024-11-05T09:00:00+08:00', 'cancelled'],
      [804, south, '2025-09-02T09:00:00+08:00', 'closed'],
      [805, north, '2024-09-01T00:30:00+08:00', 'open'],
      [806, north, '2024-08-31T23:30:00+08:00', 'closed'],
    ] as const) {
      await db.query(event, [id(n), id(131), district, at, status]);
    }
    const signup = `insert into public.event_signups (event_id, volunteer_id, status, hours, hours_confirmed_at) values ($1, $2, $3, $4, case when $4::numeric is null then null else now() end)`;
    for (const [n, volunteer, status, hours] of [
      [801, 141, 'attended', 2],
      [801, 142, 'attended', 3],
      [801, 143, 'absent', null],
      [802, 141, 'attended', 1.5],
      [802, 143, 'attended', null],
      [803, 142, 'attended', 4],
      [804, 142, 'attended', 2],
      [806, 141, 'attended', 2],
    ] as const) {
      await db.query(signup, [id(n), id(volunteer), status, hours]);
    }
    const visit = `insert into public.household_visits (event_id, volunteer_id, community, households) values ($1, $2, '清源社区', $3)`;
    for (const [n, volunteer, households] of [
      [801, 141, 12],
      [801, 142, 8],
      [802, 143, 5],
      [803, 142, 9],
      [806, 141, 7],
    ] as const) {
      await db.query(visit, [id(n), id(volunteer), households]);
    }
  });
  const figures = `select scope, district_name, to_char(month, 'YYYY-MM') as month, events_held, active_volunteers, volunteer_hours::float as hours, households from public.dashboard_volunteering(2024)`;

  test('counts held events, active volunteers, confirmed hours and households for the city', async () => {
    const rows = await asOffice<Record<string, unknown>>(`${figures} where scope = 'city'`);
    // Held: 801, 802, 805. Active: 141, 142 (801) and 143 (802). Hours 2 + 3 + 1.5 (143's are not confirmed). Households 12 + 8 + 5.
    expect(rows).toEqual([{ scope: 'city', district_name: null, month: null, events_held: 3, active_volunteers: 3, hours: 6.5, households: 25 }]);
  });

  test('per district, a volunteer counting in each district they served', async () => {
    const rows = await asOffice<Record<string, unknown>>(`${figures} where scope = 'district' order by district_name`);
    expect(rows.map((r) => [r['district_name'], r['events_held'], r['active_volunteers'], r['hours'], r['households']])).toEqual([
      ['城北区', 2, 2, 1.5, 5],
      ['城南区', 1, 2, 5, 20],
    ]);
  });

  test('per month of the school year, Beijing time', async () => {
    const rows = await asOffice<Record<string, unknown>>(`${figures} where scope = 'month' order by month`);
    expect(rows).toHaveLength(12);
    const busy = rows.filter((r) => r['events_held'] !== 0).map((r) => [r['month'], r['events_held'], r['active_volunteers'], r['hours'], r['households']]);
    expect(busy).toEqual([
      ['2024-09', 1, 0, 0, 0],
      ['2024-10', 1, 2, 5, 20],
      ['2025-03', 1, 2, 1.5, 5],
    ]);
  });

  test('refuses everyone but the office', async () => {
    await asUser(db, id(131), () => expect(db.query('select * from public.dashboard_volunteering(2024)')).rejects.toThrow(/只有市禁毒办/));
  });

  test('keeps its rollups equal to a rebuild through every kind of change', async () => {
    const rollups = [
      'select volunteer_id, school_year, district_id, month, hours::float as hours from private.volunteer_presence order by 1, 2, 3, 4',
      'select school_year, scope, key, volunteers, hours::float as hours from private.volunteer_totals where volunteers <> 0 or hours <> 0 order by 1, 2, 3',
    ];
    const signup = (event: number, volunteer: number): string => `event_id = '${id(event)}' and volunteer_id = '${id(volunteer)}'`;
    const steps: [string, string][] = [
      ['an absence is corrected to attendance', `update public.event_signups set status = 'attended' where ${signup(801, 143)}`],
      ['hours are confirmed', `update public.event_signups set hours = 2.5, hours_confirmed_at = now() where ${signup(802, 143)}`],
      ['an event is cancelled', `update public.events set status = 'cancelled' where event_id = '${id(801)}'`],
      ['a cancelled event is restored', `update public.events set status = 'closed' where event_id = '${id(801)}'`],
      ['an event moves to another district', `update public.events set district_id = '${id(1)}' where event_id = '${id(802)}'`],
      [
        'an event moves to another school year',
        `update public.events set starts_at = starts_at + interval '200 days', ends_at = ends_at + interval '200 days', cancel_cutoff = cancel_cutoff + interval '200 days' where event_id = '${id(802)}'`,
      ],
      ['a sign-up is removed', `delete from public.event_signups where ${signup(804, 142)}`],
      ['an event is deleted with its sign-ups', `delete from public.events where event_id = '${id(806)}'`],
    ];
    for (const [step, sql] of steps) {
      await db.query(sql);
      const { kept, rebuilt } = await keptAndRebuilt(rollups, 'public.refresh_volunteer_rollups');
      expect(kept, step).toEqual(rebuilt);
    }
    // 802 left 2024 for 2025: the city's year now has 801 only (141, 142, 143) and 805.
    const [city] = await asOffice<Record<string, unknown>>(
      `select events_held, active_volunteers, volunteer_hours::float as hours from public.dashboard_volunteering(2024) where scope = 'city'`,
    );
    expect(city).toEqual({ events_held: 2, active_volunteers: 3, hours: 5 });
  });
});

describe('refresh_mastery_rollups', () => {
  test('rebuilds the same rollup the trigger kept', async () => {
    const before = (await db.query('select student_id, required_mastered from public.student_mastery order by 1')).rows;
    await db.query('select public.refresh_mastery_rollups()');
    expect((await db.query('select student_id, required_mastered from public.student_mastery order by 1')).rows).toEqual(before);
  });
});

describe('the mastery rollup trigger', () => {
  test('counts down when mastery is withdrawn or the row deleted, matching a rebuild', async () => {
    const count = async (): Promise<number> =>
      (await db.query<{ n: number }>(`select required_mastered as n from public.student_mastery where student_id = $1`, [id(1004)])).rows[0]?.n ?? 0;
    expect(await count()).toBe(1);
    await db.query(`update public.lesson_progress set mastered_at = null where student_id = $1`, [id(1004)]);
    expect(await count()).toBe(0);
    await db.query(`update public.lesson_progress set mastered_at = '2026-10-20T10:00:00+08:00' where student_id = $1`, [id(1004)]);
    await db.query(`delete from public.lesson_progress where student_id = $1`, [id(1004)]);
    expect(await count()).toBe(0);
    const trigger = (await db.query('select student_id, required_mastered from public.student_mastery where required_mastered > 0 order by 1')).rows;
    const months = (await db.query('select school_id, month, lessons_mastered from public.monthly_mastery where lessons_mastered > 0 order by 1, 2')).rows;
    await db.query('select public.refresh_mastery_rollups()');
    expect((await db.query('select student_id, required_mastered from public.student_mastery order by 1')).rows).toEqual(trigger);
    expect((await db.query('select school_id, month, lessons_mastered from public.monthly_mastery order by 1, 2')).rows).toEqual(months);
  });
});

describe('the class standings behind dashboard_schools', () => {
  /** The histogram, per-student standings and mastery counts as the triggers left them, and as a rebuild makes them. */
  const standings = [
    'select class_id, required_mastered, contest_level, students from private.class_standing where students > 0 order by 1, 2, 3',
    'select student_id, class_id, required_mastered, contest_level from private.student_standing order by 1',
    'select student_id, required_mastered from public.student_mastery order by 1',
  ];
  const standing = async (student: number): Promise<{ required_mastered: number; contest_level: number } | undefined> =>
    (
      await db.query<{ required_mastered: number; contest_level: number }>('select required_mastered, contest_level from private.student_standing where student_id = $1', [
        id(student),
      ])
    ).rows[0];
  const mastered = async (school: string): Promise<number> =>
    (await asOffice<{ students_mastered: number }>('select students_mastered from public.dashboard_schools(2026) where school_name = $1', [school]))[0]?.students_mastered ?? -1;
  const master = (student: number, lesson: string): Promise<unknown> =>
    db.query(`insert into public.lesson_progress (student_id, lesson_id, attempts, best_percent, mastered_at) values ($1, $2, 1, 100, '2026-11-10T10:00:00+08:00')`, [
      id(student),
      lesson,
    ]);

  test("count only the required lessons of the band of the student's class", async () => {
    const before = await mastered('清源实验小学');
    // 1101 is in class 202 (grade 5, primary-upper): mastering the grade-3 lessons does not count there.
    await master(1101, 'primary-middle/disguised-drugs');
    await master(1101, 'primary-middle/saying-no');
    expect(await standing(1101)).toEqual({ required_mastered: 0, contest_level: 3 }); // 95 in the contest: excellent
    expect(await mastered('清源实验小学')).toBe(before);
    // Moved to class 201 (grade 3), the same two lessons are exactly what the band requires.
    await db.query('update public.students set class_id = $1 where user_id = $2', [id(201), id(1101)]);
    expect(await standing(1101)).toEqual({ required_mastered: 2, contest_level: 3 });
    expect(await mastered('清源实验小学')).toBe(before + 1);
    const { kept, rebuilt } = await keptAndRebuilt(standings, 'public.refresh_mastery_rollups');
    expect(kept).toEqual(rebuilt);
  });

  test('stay equal to a rebuild through every kind of change', async () => {
    const steps: [string, () => Promise<unknown>][] = [
      ['a class changes grade', () => db.query('update public.classes set grade = 3 where class_id = $1', [id(202)])],
      ['a lesson stops being required', () => db.query(`update public.lessons set required = false where lesson_id = 'primary-middle/saying-no'`)],
      ['a lesson is required again', () => db.query(`update public.lessons set required = true where lesson_id = 'primary-middle/saying-no'`)],
      ['a lesson is retired', () => db.query(`update public.lessons set retired_at = now() where lesson_id = 'primary-middle/disguised-drugs'`)],
      ['a retired lesson returns', () => db.query(`update public.lessons set retired_at = null where lesson_id = 'primary-middle/disguised-drugs'`)],
      ['mastery is withdrawn', () => db.query(`update public.lesson_progress set mastered_at = null where student_id = $1 and lesson_id = 'primary-middle/saying-no'`, [id(1002)])],
      ['a contest result improves', () => db.query('update public.attempts set percent = 92 where student_id = $1 and contest_id = $2', [id(1003), id(900)])],
      ['a contest result is removed', () => db.query('delete from public.attempts where student_id = $1 and contest_id = $2', [id(1002), id(900)])],
      ['a contest moves to another year', () => db.query('update public.contests set school_year = 2025 where contest_id = $1', [id(900)])],
      ['the contest comes back', () => db.query('update public.contests set school_year = 2026 where contest_id = $1', [id(900)])],
      ['a school changes stage', () => db.query(`update public.schools set stage = 'nine-year' where school_id = $1`, [id(12)])],
      [
        'a student is placed',
        async () => {
          await db.query(`insert into public.users (user_id, role, display_name, school_id) values ($1, 'student', '新同学', $2)`, [id(1106), id(11)]);
          await db.query(`insert into public.students (user_id, school_id, class_id, student_number) values ($1, $2, $3, '2026050206')`, [id(1106), id(11), id(202)]);
          await master(1106, 'primary-middle/saying-no');
        },
      ],
      ['a student leaves', () => db.query('delete from public.users where user_id = $1', [id(1106)])],
    ];
    for (const [step, change] of steps) {
      await change();
      const { kept, rebuilt } = await keptAndRebuilt(standings, 'public.refresh_mastery_rollups');
      expect(kept, step).toEqual(rebuilt);
    }
    expect(await standing(1106)).toBeUndefined();
  });
});
