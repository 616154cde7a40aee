import { PGlite } from '@electric-sql/pglite';
import { type ContentPayload, readContentPayload } from '~/lib/server/content-sync';
import { migrate, pgliteExecutor } from '~/lib/server/runtime/migrate';

/** A fresh PGlite migrated with the demo seed and the real content synced (quizzes, lessons, their grades), as npm start leaves it. */
export async function demoDatabase(): Promise<{ db: PGlite; content: ContentPayload }> {
  const db = await PGlite.create();
  await migrate(pgliteExecutor(db), { seed: true });
  const content = await readContentPayload();
  await db.query('select public.sync_content($1::jsonb)', [JSON.stringify(content)]);
  await db.query('select public.sync_lesson_grades($1::jsonb)', [JSON.stringify(content.lessons)]);
  return { db, content };
}

/**
 * Runs `work` on PGlite as one signed-in user (role authenticated, RLS on, `auth.uid()` = userId),
 * or as a visitor (`'anon'`), inside a transaction that is rolled back afterwards; `before` runs
 * first as the owner, in the same transaction (to change a row the user then meets).
 * @example const rows = await asUser(db, id(1002), () => db.query('select public.student_home()'))
 */
export async function asUser<T>(db: PGlite, userId: string, work: () => Promise<T>, before?: () => Promise<unknown>): Promise<T> {
  const role = userId === 'anon' ? 'anon' : 'authenticated';
  await db.exec('begin');
  try {
    await before?.();
    await db.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [role, JSON.stringify(role === 'anon' ? { role } : { sub: userId, role })]);
    return await work();
  } finally {
    await db.exec('rollback');
  }
}
