import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrate, pgExecutor, pgliteExecutor, type MigrateOptions } from '../../src/lib/server/runtime/migrate.ts';
import { scratchDatabase } from '../../src/lib/server/runtime/scratch-database.ts';

/**
 * The one runner of the RLS matrices: each case as plain SQL in a transaction that is rolled back,
 * on PGlite or on a PostgreSQL server, acting as PostgREST does (role and JWT claims), and the
 * check that a matrix covers every table, role and operation. The shared matrix (rls.sql.test.ts)
 * reads what a case did (`observeTableCase`); the classroom, events, evaluation and workplace
 * matrices take the verdict (`runTableCase`).
 */

/** A database the cases run on: PGlite or a PostgreSQL client, migrated with the seed. */
export interface Db {
  run(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; affected: number }>;
  close(): Promise<void>;
}
/** Who runs a statement: a visitor, the service role, or a signed-in user (RLS reads the users table). */
export type Actor = 'anon' | 'service' | { userId: string; appRole: string; schoolId?: string | null };
/** One statement on one table, with its allow or deny. */
export interface TableCase {
  table: string;
  op: 'select' | 'insert' | 'update' | 'delete';
  as: Actor;
  expect: 'allow' | 'deny';
  match: Record<string, unknown>;
  values?: Record<string, unknown>;
  /** Rows the owner writes first, inside the case's transaction. */
  given?: { table: string; values: Record<string, unknown> }[];
}
/** How a column's value goes in as a parameter (the shared matrix sends jsonb columns as JSON text). */
export type Encode = (table: string, column: string, value: unknown) => unknown;
const plain: Encode = (_table, _column, value) => value;

const root = join(import.meta.dirname, '..');
const options: MigrateOptions = { seed: true, bootstrapPath: join(root, 'bootstrap.sql'), migrationsDir: join(root, 'migrations'), seedPath: join(root, 'seed.sql') };

/** A migrated, seeded PGlite of its own, or one connection to the server (migrate() skips what ran). */
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

/**
 * Like `open`, but on PostgreSQL a database of its own, created for the caller and dropped on close:
 * for suites whose figures would count the rows other suites left on the shared server.
 */
export async function openFresh(databaseUrl: string | undefined): Promise<Db> {
  if (!databaseUrl) return open(undefined);
  const scratch = await scratchDatabase(databaseUrl, 'qy_fresh');
  const db = await open(scratch.url).catch(async (error: unknown) => {
    await scratch.drop();
    throw error;
  });
  return {
    run: db.run,
    close: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}

export const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
};
/** `"a" = $1 and "b" = $2`, numbered from `first`; `true` for an empty match. */
export const where = (match: Record<string, unknown>, first = 1, table = '', encode: Encode = plain): { sql: string; params: unknown[] } => ({
  sql:
    Object.keys(match)
      .map((c, i) => `${ident(c)} = $${first + i}`)
      .join(' and ') || 'true',
  params: Object.entries(match).map(([column, value]) => encode(table, column, value)),
});
export const insert = (table: string, values: Record<string, unknown>, encode: Encode = plain): { sql: string; params: unknown[] } => ({
  sql: `insert into public.${ident(table)} (${Object.keys(values).map(ident).join(', ')}) values (${Object.keys(values)
    .map((_, i) => `$${i + 1}`)
    .join(', ')})`,
  params: Object.entries(values).map(([column, value]) => encode(table, column, value)),
});

/** Switches the open transaction to the actor's role and claims, as PostgREST does. */
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

/** The statement a case runs, with its parameters. */
function statement(c: TableCase, encode: Encode): { sql: string; params: unknown[] } {
  const table = `public.${ident(c.table)}`;
  const values = c.values ?? {};
  if (c.op === 'insert') return insert(c.table, values, encode);
  if (c.op === 'update') {
    const set = Object.keys(values)
      .map((column, i) => `${ident(column)} = $${i + 1}`)
      .join(', ');
    const filter = where(c.match, Object.keys(values).length + 1, c.table, encode);
    return {
      sql: `update ${table} set ${set} where ${filter.sql}`,
      params: [...Object.entries(values).map(([column, value]) => encode(c.table, column, value)), ...filter.params],
    };
  }
  const filter = where(c.match, 1, c.table, encode);
  const head = c.op === 'select' ? `select count(*)::int as n from ${table}` : `delete from ${table}`;
  return { sql: `${head} where ${filter.sql}`, params: filter.params };
}

/** What a case did. */
export interface Observation {
  /** Rows the case's match found before it ran (0 for an insert); a case that targets none does not run. */
  targets: number;
  /** SQLSTATE of the error, or null. */
  code: string | null;
  message?: string;
  /** Rows visible (select), created (insert) or affected (update, delete). */
  count: number;
  /** update/delete without error: whether the owner still finds the target rows as before. */
  unchanged?: boolean;
  /** Without error, when `leaves` is given: how many rows each of them matched afterwards. */
  left?: number[];
}

/** Runs one case inside a transaction that is always rolled back, so cases never see each other. */
export async function observeTableCase(
  db: Db,
  c: TableCase,
  more: { encode?: Encode; leaves?: { table: string; match: Record<string, unknown> }[] | undefined } = {},
): Promise<Observation> {
  const encode = more.encode ?? plain;
  await db.run('begin');
  try {
    for (const row of c.given ?? []) {
      const { sql, params } = insert(row.table, row.values, encode);
      await db.run(sql, params);
    }
    const filter = where(c.match, 1, c.table, encode);
    const snapshot = `select to_jsonb(t)::text as row from public.${ident(c.table)} t where ${filter.sql} order by 1`;
    const before = c.op === 'insert' ? [] : (await db.run(snapshot, filter.params)).rows;
    // A deny that matches nothing proves nothing: the targets must exist.
    if (c.op !== 'insert' && before.length === 0) return { targets: 0, code: null, count: 0 };

    await actAs(db, c.as);
    const { sql, params } = statement(c, encode);
    let result: Awaited<ReturnType<Db['run']>>;
    try {
      result = await db.run(sql, params);
    } catch (error) {
      return { targets: before.length, code: sqlState(error), message: (error as Error).message, count: 0 };
    }
    const observed: Observation = { targets: before.length, code: null, count: c.op === 'select' ? Number(result.rows[0]?.['n']) : result.affected };
    await db.run('reset role'); // read back with the owner's eyes
    if (c.op === 'update' || c.op === 'delete') observed.unchanged = JSON.stringify((await db.run(snapshot, filter.params)).rows) === JSON.stringify(before);
    if (more.leaves) observed.left = await countLeft(db, more.leaves, encode);
    return observed;
  } finally {
    await db.run('rollback');
  }
}

/** How many rows each of `leaves` matches, read as whoever the transaction runs as now. */
export async function countLeft(db: Db, leaves: { table: string; match: Record<string, unknown> }[], encode: Encode = plain): Promise<number[]> {
  const counts: number[] = [];
  for (const { table, match } of leaves) {
    const filter = where(match, 1, table, encode);
    const { rows } = await db.run(`select count(*)::int as n from public.${ident(table)} where ${filter.sql}`, filter.params);
    counts.push(Number(rows[0]?.['n']));
  }
  return counts;
}

/**
 * Runs a case and says 'ok' when it met its expectation, else what happened: an allow must touch a
 * row without error; a deny must be refused (42501) or touch nothing and leave the rows as they were.
 */
export async function runTableCase(db: Db, c: TableCase): Promise<string> {
  const o = await observeTableCase(db, c);
  if (c.op !== 'insert' && o.targets === 0) return 'the case targets no rows';
  if (o.code !== null) return c.expect === 'deny' && o.code === '42501' ? 'ok' : `error ${o.code}: ${o.message}`;
  if (c.expect === 'allow') return o.count >= 1 ? 'ok' : `allowed nothing (${o.count})`;
  if (o.count > 0) return `${c.op} touched ${o.count}`;
  if (o.unchanged === false) return 'changed the row';
  return 'ok';
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

/** Writes a fixture row as the owner unless its key is there already (fixed ids: a shared server keeps them between runs). */
export async function insertIfAbsent(db: Db, row: { table: string; values: Record<string, unknown> }, encode: Encode = plain): Promise<void> {
  const { sql, params } = insert(row.table, row.values, encode);
  await db.run(`${sql} on conflict do nothing`, params);
}

/** Where the matrices run: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const backends: { name: string; url: string | undefined; skip: boolean }[] = [
  { name: 'PGlite', url: undefined, skip: false },
  { name: 'PostgreSQL', url: process.env['DATABASE_URL'], skip: !process.env['DATABASE_URL'] },
];

/**
 * A matrix suite on each backend (`title` names it with `$name`): a database opened and set up as
 * the owner before the tests, one test per case grouped by table, and the suite's other tests
 * (`more`, given the database once it is open).
 */
export function describeMatrix(
  title: string,
  matrix: { tables: readonly string[]; cases: readonly (TableCase & { name: string })[]; setUp: (db: Db) => Promise<void>; more?: (db: () => Db, skip: boolean) => void },
): void {
  describe.each(backends)(title, ({ url, skip }) => {
    let db: Db | undefined;
    beforeAll(async () => {
      if (skip) return;
      db = await open(url);
      await matrix.setUp(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    describe.each(matrix.tables)('%s', (table) => {
      test.skipIf(skip).each(matrix.cases.filter((c) => c.table === table))('$name', async (c) => {
        expect(await runTableCase(db!, c)).toBe('ok');
      });
    });
    matrix.more?.(() => db!, skip);
  });
}
