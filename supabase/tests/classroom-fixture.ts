// What the classroom-mode suites share: a connection that can act as a user the way PostgREST
// does, and a fresh class (its own teacher and pupils, in the seed's school 11) with a small
// lesson and quiz bank, so suites on a shared PostgreSQL server never meet each other's sessions.
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate, pgExecutor, pgliteExecutor, type MigrateOptions } from '../../src/lib/server/runtime/migrate.ts';

/** The tables of classroom mode; their RLS matrix is rls-classroom.test.ts. */
export const classroomTables = ['classroom_sessions', 'classroom_participants', 'classroom_questions', 'classroom_answers', 'lessons_taught_in_class'] as const;

export interface Db {
  run(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const root = join(import.meta.dirname, '..');
const options: MigrateOptions = { seed: true, bootstrapPath: join(root, 'bootstrap.sql'), migrationsDir: join(root, 'migrations'), seedPath: join(root, 'seed.sql') };

/** A migrated, seeded PGlite of its own. */
export async function openPglite(): Promise<Db> {
  const db = new PGlite();
  await migrate(pgliteExecutor(db), options);
  return { run: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows, close: () => db.close() };
}

/** One connection to a real server, migrated (migrate() skips what already ran). */
export async function openServer(url: string, migrated = false): Promise<Db> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  if (!migrated) await migrate(pgExecutor(client), options);
  return { run: async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows, close: () => client.end() };
}

/** The SQLSTATE and message of a failed statement. */
export function failure(error: unknown): { code: string; message: string } {
  const e = error as { code?: string; message?: string };
  return { code: e.code ?? 'none', message: e.message ?? String(error) };
}

/**
 * Runs one statement as a signed-in user in its own transaction (as PostgREST would), committed
 * unless it fails; returns its rows or the refusal.
 */
export async function asUser(db: Db, userId: string, sql: string, params: unknown[] = []): Promise<{ rows: Record<string, unknown>[] } | { code: string; message: string }> {
  await db.run('begin');
  try {
    await db.run('set local role authenticated');
    await db.run(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })]);
    const rows = await db.run(sql, params);
    await db.run('commit');
    return { rows };
  } catch (error) {
    await db.run('rollback');
    return failure(error);
  }
}

export const school11 = '00000000-0000-4000-8000-000000000011';
export const lessonId = 'primary-middle/classroom-fixture';
export const quizId = 'classroom-fixture';
/** The fixture bank: a single, a multiple and a true-or-false question, keys known to the tests. */
export const questionIds = { single: 'cf-single', multiple: 'cf-multiple', truefalse: 'cf-truefalse' } as const;

/** The lesson and its quiz bank, written as the owner (live again if a content sync on a shared server retired them). */
export async function setUpLesson(db: Db): Promise<void> {
  await db.run(
    `insert into public.quizzes (quiz_id, title, kind, bands, draw_count, pass_percent) values ($1, '课堂模式测试', 'lesson', '{primary-middle}', 3, 60) on conflict (quiz_id) do update set retired_at = null`,
    [quizId],
  );
  await db.run(
    `insert into public.questions (question_id, quiz_id, type, stem, options, answer, explanation, topic, difficulty) values
    ('cf-single', $1, 'single', '有人递给你一颗没见过的“糖”，你怎么做？', '[{"id":"a","text":"吃掉"},{"id":"b","text":"拒绝并告诉老师"},{"id":"c","text":"带回家"}]', '"b"', '不认识的“糖”可能是伪装的毒品，要拒绝并告诉老师或家长。', 'refusal', 1),
    ('cf-multiple', $1, 'multiple', '哪些是求助的好办法？', '[{"id":"a","text":"告诉父母"},{"id":"b","text":"告诉老师"},{"id":"c","text":"自己憋着"}]', '["a","b"]', '遇到困难时告诉父母或老师。', 'help', 2),
    ('cf-truefalse', $1, 'truefalse', '吸毒一次不会上瘾。', '[]', 'false', '毒品一次就可能上瘾。', 'harms', 1)
    on conflict (question_id) do update set retired_at = null`,
    [quizId],
  );
  await db.run(
    `insert into public.lessons (lesson_id, band, title, quiz_id, class_hours) values ($1, 'primary-middle', '课堂模式测试课', $2, 1) on conflict (lesson_id) do update set retired_at = null`,
    [lessonId, quizId],
  );
}

export interface FreshClass {
  classId: string;
  teacherId: string;
  pupilIds: string[];
}

/** A class of school 11 with its own teacher and `pupils` pupils, committed as the owner. */
export async function freshClass(db: Db, pupils: number): Promise<FreshClass> {
  const tag = crypto.randomUUID().slice(0, 8);
  const teacherId = crypto.randomUUID();
  const classId = crypto.randomUUID();
  await db.run(`insert into public.users (user_id, role, display_name, school_id) values ($1, 'teacher', $2, $3)`, [teacherId, `课堂${tag}`, school11]);
  await db.run(`insert into public.classes (class_id, school_id, school_year, grade, name) values ($1, $2, 2026, 3, $3)`, [classId, school11, `课堂${tag}`]);
  await db.run(`insert into public.class_teachers (class_id, teacher_id) values ($1, $2)`, [classId, teacherId]);
  const pupilIds = Array.from({ length: pupils }, () => crypto.randomUUID());
  if (pupils > 0) {
    await db.run(`insert into public.users (user_id, role, display_name, school_id) select u, 'student', '课堂学生', $2 from unnest($1::uuid[]) u`, [pupilIds, school11]);
    await db.run(`insert into public.students (user_id, school_id, class_id, student_number) select u, $2, $3, $4 || n from unnest($1::uuid[]) with ordinality as x (u, n)`, [
      pupilIds,
      school11,
      classId,
      `C${tag}`,
    ]);
  }
  return { classId, teacherId, pupilIds };
}

/** Starts a session as the class's teacher; returns its id and join code. */
export async function startSession(db: Db, c: FreshClass): Promise<{ sessionId: string; code: string }> {
  const r = await asUser(db, c.teacherId, 'select * from public.start_classroom_session($1, $2)', [c.classId, lessonId]);
  if (!('rows' in r)) throw new Error(`start failed: ${r.message}`);
  return { sessionId: String(r.rows[0]?.['classroom_session_id']), code: String(r.rows[0]?.['join_code']) };
}
