import type { PGlite } from '@electric-sql/pglite';
import { beforeAll, describe, expect, test } from 'vitest';
import { asUser, demoDatabase } from './pglite-db';
import { id } from './rls-matrix-common';

/**
 * Who a contest is for: the bands of its bank (content/quizzes/contest-*.yaml). The primary bank
 * is written for grades 3-6, so a grade-2 pupil of the same school is neither offered it, nor
 * let in, nor counted in the school's contest figures; grades 3 and 5 are.
 */
const school = id(11);
const office = id(101);
const schoolAdmin = id(111);
const gradeTwo = id(1301);
const gradeThree = id(1002);
const gradeSeven = id(1201);
let db: PGlite;
let primaryContest: string;

/** Runs `sql` as one user (asUser); a refusal comes back as its SQLSTATE and message. */
async function as<T>(userId: string, sql: string, params: unknown[] = []): Promise<T[] | { code: string; message: string }> {
  try {
    return await asUser(db, userId, async () => (await db.query<T>(sql, params)).rows);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { code: e.code ?? '', message: e.message ?? '' };
  }
}

beforeAll(async () => {
  ({ db } = await demoDatabase());
  await db.query(`insert into public.classes (class_id, school_id, school_year, grade, name, created_by) values ($1, $2, 2026, 2, '二年级（1）班', $3)`, [
    id(204),
    school,
    id(112),
  ]);
  await db.query(`insert into public.users (user_id, role, display_name, school_id) values ($1, 'student', '二年级学生', $2)`, [gradeTwo, school]);
  await db.query(`insert into public.students (user_id, school_id, class_id, student_number) values ($1, $2, $3, '2026020101')`, [gradeTwo, school, id(204)]);
  const { rows } = await db.query<{ contest_id: string }>(
    `insert into public.contests (title, school_year, level, quiz_id, opens_at, closes_at) values
      ('小学组竞赛', 2026, 'primary', 'contest-primary', now() - interval '1 day', now() + interval '1 day'),
      ('中学组竞赛', 2026, 'secondary', 'contest-secondary', now() - interval '1 day', now() + interval '1 day')
     returning contest_id`,
  );
  primaryContest = rows[0]?.contest_id ?? '';
});

describe('a contest is for the bands its bank is written for', () => {
  test('each pupil is offered the open contests of their band, and a grade-2 pupil none', async () => {
    const titles = async (userId: string) => (await as<{ title: string }>(userId, 'select title from public.my_open_contests()')) as { title: string }[];
    expect((await titles(gradeThree)).map((c) => c.title)).toEqual(['小学组竞赛']);
    expect((await titles(gradeSeven)).map((c) => c.title)).toEqual(['中学组竞赛']);
    expect(await titles(gradeTwo)).toEqual([]);
    // The student home lists the same.
    const home = (await as<{ home: { contests: { title: string }[] } }>(gradeTwo, 'select public.student_home() as home')) as { home: { contests: unknown[] } }[];
    expect(home[0]?.home.contests).toEqual([]);
    // Not a pupil: nothing.
    expect(await titles(office)).toEqual([]);
  });

  test('a grade-2 pupil cannot start the primary contest; a grade-3 pupil can', async () => {
    const questions = (
      await db.query<{ question_id: string }>(`select question_id from public.questions where quiz_id = 'contest-primary' and retired_at is null order by question_id limit 20`)
    ).rows.map((r) => r.question_id);
    const start = 'select attempt_id from public.start_attempt($1, $2::text[], 1, $3)';
    expect(await as(gradeTwo, start, ['contest-primary', questions, primaryContest])).toEqual({ code: 'QYFOR', message: '这场竞赛不面向你所在的年级' });
    const started = await as<{ attempt_id: string }>(gradeThree, start, ['contest-primary', questions, primaryContest]);
    expect(Array.isArray(started) && started.length).toBe(1);
  });

  test("the school's figures and the city dashboard count the pupils of the contest's bands only", async () => {
    const stats = (await as<{ students: number }>(schoolAdmin, 'select students from public.contest_school_stats($1)', [primaryContest])) as { students: number }[];
    // 清源实验小学: five pupils in grade 3 and five in grade 5; the grade-2 pupil is not counted.
    expect(stats).toEqual([{ students: 10 }]);
    const dashboard = (await as<{ school_name: string; contest_students: number; students: number }>(
      office,
      `select school_name, students, contest_students from public.dashboard_schools(2026) where school_id = $1`,
      [school],
    )) as { students: number; contest_students: number }[];
    expect(dashboard[0]).toMatchObject({ students: 11, contest_students: 10 });
  });
});
