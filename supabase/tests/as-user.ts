import type { PGlite } from '@electric-sql/pglite';

/**
 * Runs `work` on PGlite as one signed-in user (role authenticated, RLS on, `auth.uid()` = userId)
 * inside a transaction that is rolled back afterwards; `before` runs first as the owner, in the
 * same transaction (to change a row the user then meets).
 * @example const rows = await asUser(db, id(1002), () => db.query('select public.student_home()'))
 */
export async function asUser<T>(db: PGlite, userId: string, work: () => Promise<T>, before?: () => Promise<unknown>): Promise<T> {
  await db.exec('begin');
  try {
    await before?.();
    await db.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })]);
    return await work();
  } finally {
    await db.exec('rollback');
  }
}
