import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { ClientBase } from 'pg';

/** The little of a database client that migrating needs; adapters below cover PGlite and pg. */
export interface SqlExecutor {
  /** Runs one or more statements without parameters (simple query protocol). */
  exec(sql: string): Promise<void>;
  /** Runs one statement with `$1`-style parameters. */
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** Where the SQL comes from and whether the seed runs. */
export interface MigrateOptions {
  /** Path of the bootstrap that makes plain Postgres look like Supabase. */
  bootstrapPath?: string;
  /**
   * false on a Supabase database (or Supabase's own initial schema), which has the roles and the
   * auth schema already: the bootstrap must not run there, as `supabase db push` would not.
   */
  bootstrap?: boolean;
  /** Folder of `<version>_<name>.sql` files; default `supabase/migrations`. */
  migrationsDir?: string;
  /** Seed file, applied once when `seed` is true; default `supabase/seed.sql`. */
  seedPath?: string;
  seed: boolean;
}

/** A file that was applied by this call. */
export interface AppliedMigration {
  version: string;
  name: string;
}

/** Adapts a PGlite instance (embedded mode). */
export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => db.query<T>(sql, params),
  };
}

/** Adapts a connected node-postgres client (real PostgreSQL). */
export function pgExecutor(client: ClientBase): SqlExecutor {
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => {
      const result = await client.query(sql, params);
      return { rows: result.rows as T[] };
    },
  };
}

// Same table the Supabase CLI keeps, so a database later managed by the CLI agrees on what ran.
const trackingTable = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (
    version text primary key,
    name text,
    applied_at timestamptz default now()
  );
  alter table supabase_migrations.schema_migrations
    add column if not exists applied_at timestamptz default now();
`;

const migrateLockKey = 7_140_612_019; // arbitrary but fixed, shared by every instance

/**
 * Applies the bootstrap, then every migration not yet recorded, then the seed once.
 * Each file runs in its own transaction; a failure rolls it back and names the file.
 * @example await migrate(pgliteExecutor(db), { seed: true }) // [{ version: '20260101000000', name: 'schools' }]
 */
export async function migrate(db: SqlExecutor, options: MigrateOptions): Promise<AppliedMigration[]> {
  const bootstrapPath = options.bootstrapPath ?? 'supabase/bootstrap.sql';
  const migrationsDir = options.migrationsDir ?? 'supabase/migrations';
  const seedPath = options.seedPath ?? 'supabase/seed.sql';

  // Two app instances starting against one real server must not both apply the same file.
  await db.exec(`select pg_advisory_lock(${migrateLockKey})`);
  try {
    return await applyAll(db, { bootstrapPath, migrationsDir, seedPath, seed: options.seed, bootstrap: options.bootstrap ?? true });
  } finally {
    await db.exec(`select pg_advisory_unlock(${migrateLockKey})`);
  }
}

async function applyAll(db: SqlExecutor, options: Required<MigrateOptions>): Promise<AppliedMigration[]> {
  const { bootstrapPath, migrationsDir, seedPath } = options;
  await inTransaction(db, bootstrapPath, async () => {
    if (options.bootstrap) await db.exec(await readFile(bootstrapPath, 'utf8'));
    await db.exec(trackingTable);
  });

  const done = new Set((await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map((row) => row.version));
  const files = existsSync(migrationsDir) ? (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort() : [];
  const pending: { file: string; migration: AppliedMigration }[] = files
    .map((file) => ({ file: join(migrationsDir, file), migration: parseFileName(file) }))
    .filter(({ migration }) => !done.has(migration.version));
  if (options.seed && existsSync(seedPath) && !done.has('seed')) {
    pending.push({ file: seedPath, migration: { version: 'seed', name: 'seed' } });
  }

  for (const { file, migration } of pending) {
    await inTransaction(db, file, async () => {
      await db.exec(await readFile(file, 'utf8'));
      await db.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
    });
  }
  return pending.map(({ migration }) => migration);
}

/** `20260101000000_create_schools.sql` → version `20260101000000`, name `create_schools`. */
function parseFileName(file: string): AppliedMigration {
  const base = file.replace(/\.sql$/, '');
  const cut = base.indexOf('_');
  return cut === -1 ? { version: base, name: base } : { version: base.slice(0, cut), name: base.slice(cut + 1) };
}

async function inTransaction(db: SqlExecutor, file: string, work: () => Promise<void>): Promise<void> {
  await db.exec('begin');
  try {
    await work();
    await db.exec('commit');
  } catch (error) {
    await db.exec('rollback');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`迁移失败 ${file}（migration failed）: ${reason}`, { cause: error });
  }
}
