import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate, pgExecutor, pgliteExecutor, type MigrateOptions } from '../../src/lib/server/runtime/migrate.ts';

/**
 * The runner of the RLS matrices kept apart from the shared one (events, effect evaluation): each
 * case as plain SQL in a transaction that is rolled back, on PGlite or on a PostgreSQL server, and
 * the check that a matrix covers every table, role and operation.
 */

/** A database the cases run on: PGlite or a PostgreSQL client, migrated with the seed. */
export interface Db {
  run(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; affected: number }>;
  close(): Promise<void>;
}
/** Who runs a statement: a visitor, the service role, or a signed-in user (RLS reads the users table). */
export type Actor = 'anon' | 'service' | { userId: string; appRole: string; schoolId?: string | null };
/** One statement on one table, with its allow or deny (the shape of the events and evaluation matrices). */
export interface TableCase {
  table: string;
  op: 'select' | 'insert' | 'update' | 'delete';
  as: Actor;
  expect: 'allow' | 'deny';
  match: Record<string, unknown>;
  values?: Record<string, unknown>;
  given?: { table: string; values: Record<string, unknown> }[];
}

const root = join(import.meta.dirname, '..');
const options: MigrateOptions = { seed: true, bootstrapPath: join(root, 'bootstrap.sql'), migrationsDir: join(root, 'migrations'), seedPath: join(root, 'seed.sql') };

export async function open(databaseUrl: string | undefined): Promise<Db> {
  if (!databaseUrl) {
    const db = new PGlite();
    await migrate(pgliteExecutor(db), options);
    return {
      run: async (sql, params) => {
        const r = await db.query<Record<string, unknown>>(sql, params);
        return { rows: r.rows, affected: r.affectedRows ?? 0 };
      },
      close: () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await migrate(pgExecutor(client), options);
  return {
    run: async (sql, params) => {
      const r = await client.query<Record<string, unknown>>(sql, params);
      return { rows: r.rows, affected: r.rowCount ?? 0 };
    },
    close: () => client.end(),
  };
}

export const ident = (name: string): string => {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
};
export const where = (match: Record<string, unknown>, first = 1): { sql: string; params: unknown[] } => ({
  sql:
    Object.keys(match)
      .map((c, i) => `${ident(c)} = $${first + i}`)
      .join(' and ') || 'true',
  params: Object.values(match),
});
export const insert = (table: string, values: Record<string, unknown>): { sql: string; params: unknown[] } => ({
  sql: `insert into public.${ident(table)} (${Object.keys(values).map(ident).join(', ')}) values (${Object.keys(values)
    .map((_, i) => `$${i + 1}`)
    .join(', ')})`,
  params: Object.values(values),
});

export async function actAs(db: Db, actor: Actor): Promise<void> {
  const [role, claims] =
    actor === 'anon'
      ? ['anon', { role: 'anon' }]
      : actor === 'service'
        ? ['service_role', { role: 'service_role' }]
        : ['authenticated', { sub: actor.userId, role: 'authenticated' }];
  await db.run(`set local role ${role}`);
  await db.run(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
}
export const sqlState = (error: unknown): string => String((error as { code?: unknown }).code ?? 'no SQLSTATE');

/** Runs a case in a rolled-back transaction; 'ok' when it met its expectation, else what happened. */
export async function runTableCase(db: Db, c: TableCase): Promise<string> {
  await db.run('begin');
  try {
    for (const row of c.given ?? []) {
      const { sql, params } = insert(row.table, row.values);
      await db.run(sql, params);
    }
    const filter = where(c.match);
    const snapshot = `select to_jsonb(t)::text as row from public.${ident(c.table)} t where ${filter.sql} order by 1`;
    const before = c.op === 'insert' ? [] : (await db.run(snapshot, filter.params)).rows;
    if (c.op !== 'insert' && before.length === 0) return 'the case targets no rows';
    await actAs(db, c.as);
    let affected = 0;
    try {
      if (c.op === 'insert') affected = (await db.run(insert(c.table, c.values ?? {}).sql, insert(c.table, c.values ?? {}).params)).affected;
      else if (c.op === 'select') affected = Number((await db.run(`select count(*)::int as n from public.${ident(c.table)} where ${filter.sql}`, filter.params)).rows[0]?.['n']);
      else if (c.op === 'delete') affected = (await db.run(`delete from public.${ident(c.table)} where ${filter.sql}`, filter.params)).affected;
      else {
        const values = c.values ?? {};
        const set = Object.keys(values)
          .map((k, i) => `${ident(k)} = $${i + 1}`)
          .join(', ');
        const f = where(c.match, Object.keys(values).length + 1);
        affected = (await db.run(`update public.${ident(c.table)} set ${set} where ${f.sql}`, [...Object.values(values), ...f.params])).affected;
      }
    } catch (error) {
      const code = sqlState(error);
      return c.expect === 'deny' && code === '42501' ? 'ok' : `error ${code}`;
    }
    if (c.expect === 'allow') return affected >= 1 ? 'ok' : `allowed nothing (${affected})`;
    if (c.op === 'insert') return 'inserted';
    if (affected > 0 && c.op === 'select') return `saw ${affected}`;
    if (c.op === 'update' || c.op === 'delete') {
      await db.run('reset role');
      const after = (await db.run(snapshot, filter.params)).rows;
      if (JSON.stringify(after) !== JSON.stringify(before)) return 'changed the row';
    }
    return 'ok';
  } finally {
    await db.run('rollback');
  }
}

const roleOf = (a: Actor): string => (a === 'anon' ? 'anon' : a === 'service' ? 'service_role' : a.appRole);

/** The table × role × operation cells a matrix leaves without a case, and the case names it repeats. */
export function matrixGaps(tables: readonly string[], cases: readonly (TableCase & { name: string })[]): { missing: string[]; repeated: string[] } {
  const covered = new Set(cases.map((c) => `${c.table} ${roleOf(c.as)} ${c.op}`));
  const roles = ['anon', 'student', 'teacher', 'school_admin', 'volunteer', 'organizer', 'office', 'service_role'];
  const missing = tables.flatMap((t) => roles.flatMap((r) => ['select', 'insert', 'update', 'delete'].map((op) => `${t} ${r} ${op}`))).filter((cell) => !covered.has(cell));
  const names = cases.map((c) => `${c.table}: ${c.name}`);
  return { missing, repeated: names.filter((n, i) => names.indexOf(n) !== i) };
}
