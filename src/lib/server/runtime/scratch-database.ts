import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate, pgExecutor } from './migrate.ts';

/** A database made for one job on a shared server, and how to drop it again. */
export interface ScratchDatabase {
  /** `serverUrl` with this database's name in its path. */
  url: string;
  /** Drops the database, closing what is still connected to it. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database `<prefix>_<random>` on the PostgreSQL server `serverUrl` points to (same
 * user), and when `migrations` is given applies the bootstrap and every migration of each folder in
 * turn, without the seed. Used by the type generator, the schema dump and suites that need a
 * database no other suite writes to. Node runs this file directly (scripts/), hence `.ts` imports.
 * @example const db = await scratchDatabase(url, 'qy_schema', { bootstrapPath, migrationDirs: [dir] }); try { … db.url … } finally { await db.drop(); }
 */
export async function scratchDatabase(serverUrl: string, prefix: string, migrations?: { bootstrapPath: string; migrationDirs: string[] }): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const drop = async (): Promise<void> => {
    try {
      await admin.query(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end();
    }
  };
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    await admin.query(`create database ${name}`);
    if (migrations) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        for (const migrationsDir of migrations.migrationDirs) await migrate(pgExecutor(client), { seed: false, bootstrapPath: migrations.bootstrapPath, migrationsDir });
      } finally {
        await client.end();
      }
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), drop };
}
