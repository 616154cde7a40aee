import type { PGlite } from '@electric-sql/pglite';
import { beforeAll, describe, expect, test } from 'vitest';
import { asUser, demoDatabase } from './pglite-db';
import { id } from './rls-matrix-common';

let db: PGlite;

interface Home {
  class: { class_id: string; name: string; school_name: string; stage: string } | null;
  progress: { lesson_id: string; best_percent: number; mastered: boolean }[];
  assignments: { lesson_id: string; due_on: string | null }[];
  taught: { lesson_id: string; taught_on: string }[];
  certificate: { band: string | null; required: number } | null;
  contests: { title: string; level: string }[];
}

/** public.student_home() as one user (role authenticated, RLS on), undone afterwards. */
async function homeOf(userId: string): Promise<Home> {
  const { rows } = await asUser(db, userId, () => db.query<{ home: Home }>('select public.student_home() as home'));
  return rows[0]?.home as Home;
}

beforeAll(async () => {
  ({ db } = await demoDatabase());
  const [pupil, classmate] = [id(1002), id(1003)];
  const { rows } = await db.query<{ class_id: string }>('select class_id from public.students where user_id = $1', [pupil]);
  const own = rows[0]?.class_id;
  const other = (await db.query<{ class_id: string }>('select class_id from public.classes where class_id <> $1 limit 1', [own])).rows[0]?.class_id;
  const lessons = (await db.query<{ lesson_id: string }>('select lesson_id from public.lessons order by lesson_id limit 3')).rows.map((r) => r.lesson_id);
  await db.query(`insert into public.assignments (class_id, lesson_id, due_on) values ($1, $3, '2026-12-20'), ($1, $4, null), ($1, $5, '2026-12-10'), ($2, $3, '2026-12-01')`, [
    own,
    other,
    ...lessons,
  ]);
  await db.query(`insert into public.lesson_progress (student_id, lesson_id, attempts, best_percent, mastered_at) values ($1, $3, 2, 90, now()), ($2, $4, 1, 10, null)`, [
    pupil,
    classmate,
    lessons[0],
    lessons[1],
  ]);
  const teacher = (await db.query<{ teacher_id: string }>('select teacher_id from public.class_teachers where class_id = $1 limit 1', [own])).rows[0]?.teacher_id;
  await db.query(
    `insert into public.classroom_sessions (classroom_session_id, class_id, school_id, lesson_id, teacher_id, join_code, started_at, ended_at, minutes)
    select $1, c.class_id, c.school_id, $3, $2, '999001', now() - interval '3 days', now() - interval '3 days' + interval '40 minutes', 40 from public.classes c where c.class_id = $4`,
    [id(9001), teacher, lessons[0], own],
  );
  await db.query(
    `insert into public.lessons_taught_in_class (student_id, lesson_id, classroom_session_id, taught_on) values ($1, $3, $5, '2026-11-20'), ($1, $4, $5, '2026-11-27'), ($2, $3, $5, '2026-11-20')`,
    [pupil, classmate, lessons[0], lessons[1], id(9001)],
  );
  await db.query(`insert into public.contests (title, school_year, level, quiz_id, opens_at, closes_at) values
    ('开着的竞赛', 2026, 'primary', 'contest-primary', now() - interval '1 day', now() + interval '1 day'),
    ('结束的竞赛', 2025, 'primary', 'contest-primary', now() - interval '300 days', now() - interval '200 days'),
    ('未开始的竞赛', 2026, 'secondary', 'contest-secondary', now() + interval '1 day', now() + interval '2 days')`);
});

describe('public.student_home', () => {
  test("a pupil gets their own class, progress, their class's assignments soonest first, the certificate and the open contests", async () => {
    const home = await homeOf(id(1002));
    expect(home.class?.school_name).toBeTruthy();
    expect(home.progress).toEqual([expect.objectContaining({ best_percent: 90, mastered: true })]);
    expect(home.assignments.map((a) => a.due_on)).toEqual(['2026-12-10', '2026-12-20', null]);
    expect(home.taught.map((t) => t.taught_on)).toEqual(['2026-11-27', '2026-11-20']);
    expect(home.certificate?.band).toBe('primary-middle');
    expect(home.contests.map((c) => c.title)).toEqual(['开着的竞赛']);
  });

  test('matches what RLS shows the pupil table by table', async () => {
    const home = await homeOf(id(1002));
    await asUser(db, id(1002), async () => {
      const classes = (await db.query<{ class_id: string }>('select class_id from public.classes where archived_at is null')).rows;
      const assigned = (await db.query<{ lesson_id: string }>('select lesson_id from public.assignments')).rows;
      const progress = (await db.query<{ lesson_id: string }>('select lesson_id from public.lesson_progress where student_id = $1', [id(1002)])).rows;
      const taught = (await db.query<{ lesson_id: string }>('select lesson_id from public.lessons_taught_in_class order by taught_on desc')).rows;
      expect(taught.map((t) => t.lesson_id)).toEqual(home.taught.map((t) => t.lesson_id));
      expect(classes.map((c) => c.class_id)).toEqual([home.class?.class_id]);
      expect(assigned.map((a) => a.lesson_id).sort()).toEqual(home.assignments.map((a) => a.lesson_id).sort());
      expect(progress.map((p) => p.lesson_id)).toEqual(home.progress.map((p) => p.lesson_id));
    });
  });

  test('an archived class is no longer shown, nor its assignments', async () => {
    const home = await asUser(
      db,
      id(1002),
      async () => (await db.query<{ home: Home }>('select public.student_home() as home')).rows[0]?.home,
      () => db.query('update public.classes set archived_at = now() where class_id = (select class_id from public.students where user_id = $1)', [id(1002)]),
    );
    expect(home?.class).toBeNull();
    expect(home?.assignments).toEqual([]);
  });

  test('someone who is not a pupil gets no class and nothing of a pupil', async () => {
    const teacher = (await db.query<{ user_id: string }>("select user_id from public.users where role = 'teacher' limit 1")).rows[0]?.user_id ?? '';
    const home = await homeOf(teacher);
    expect(home.class).toBeNull();
    expect(home.progress).toEqual([]);
    expect(home.assignments).toEqual([]);
    expect(home.taught).toEqual([]);
  });

  test('visitors may not call it', async () => {
    await asUser(db, 'anon', () => expect(db.query('select public.student_home()')).rejects.toThrow(/permission denied/));
  });
});

describe('public.my_quiz_progress', () => {
  /** The quiz of a lesson, and the progress a user reads on it through the function. */
  const quizOf = async (lessonId: string) => (await db.query<{ quiz_id: string }>('select quiz_id from public.lessons where lesson_id = $1', [lessonId])).rows[0]?.quiz_id ?? '';
  const progressOn = (userId: string, quizId: string) =>
    asUser(db, userId, async () => (await db.query('select lesson_id, attempts, best_percent, mastered from public.my_quiz_progress($1)', [quizId])).rows);

  test("a pupil reads their own standing on a quiz's lesson, and not a classmate's", async () => {
    const [first, second] = (
      await db.query<{ student_id: string; lesson_id: string }>('select student_id, lesson_id from public.lesson_progress where student_id in ($1, $2) order by student_id', [
        id(1002),
        id(1003),
      ])
    ).rows;
    expect(await progressOn(id(1002), await quizOf(first?.lesson_id ?? ''))).toEqual([{ lesson_id: first?.lesson_id, attempts: 2, best_percent: 90, mastered: true }]);
    // 1003's row on another lesson exists; 1002 asking for that quiz gets nothing (RLS), 1003 gets it.
    expect(await progressOn(id(1002), await quizOf(second?.lesson_id ?? ''))).toEqual([]);
    expect(await progressOn(id(1003), await quizOf(second?.lesson_id ?? ''))).toEqual([{ lesson_id: second?.lesson_id, attempts: 1, best_percent: 10, mastered: false }]);
  });

  test('visitors may not call it', async () => {
    await asUser(db, 'anon', () => expect(db.query("select * from public.my_quiz_progress('saying-no')")).rejects.toThrow(/permission denied/));
  });
});
