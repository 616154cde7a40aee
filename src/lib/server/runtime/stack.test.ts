import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acquireDataDirLock } from './lock.ts';
import { findPostgrestBinary, postgrestInstallHint } from './postgrest.ts';
import { startStack } from './stack.ts';
import type { Stack, StackOptions } from './stack.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const fixtureMigration = '20240101000000_fixture_tables.sql';
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qingyuan-runtime-'));
  temps.push(dir);
  return dir;
}

function client(stack: Stack, key: string): SupabaseClient {
  return createClient(stack.supabaseUrl, key, { auth: { persistSession: false, autoRefreshToken: false } });
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const targets: { name: string; databaseUrl: string | undefined }[] = [{ name: 'embedded PGlite', databaseUrl: undefined }];
if (process.env['DATABASE_URL']) targets.push({ name: 'PostgreSQL', databaseUrl: process.env['DATABASE_URL'] });

describe.each(targets)('startStack on $name', ({ databaseUrl }) => {
  // A shared server keeps its tables, so there each run gets its own table names and version,
  // skips the seed (its 'seed' row would stop the real seed) and cleans up afterwards.
  const suffix = databaseUrl === undefined ? '' : `_${Date.now().toString(36)}`;
  const table = (name: string): string => `fixture${suffix}_${name}`;
  const version = databaseUrl === undefined ? '' : String(Date.now());
  const dataDir = tempDir();
  const options: StackOptions = {
    dataDir,
    databaseUrl,
    seed: databaseUrl === undefined,
    migrationsDir: join(fixtures, 'migrations'),
    seedPath: join(fixtures, 'seed.sql'),
    // RUNTIME_TEST_LOG=1 shows PostgREST's output while debugging a failing start.
    log: process.env['RUNTIME_TEST_LOG'] ? (line: string): void => console.error(line) : undefined,
  };
  let stack: Stack;

  beforeAll(async () => {
    if (databaseUrl !== undefined) {
      const dir = join(tempDir(), 'migrations');
      mkdirSync(dir);
      const sql = readFileSync(join(fixtures, 'migrations', fixtureMigration), 'utf8');
      writeFileSync(join(dir, `${version}_fixture_tables.sql`), sql.replaceAll('fixture_', `fixture${suffix}_`));
      options.migrationsDir = dir;
    }
    stack = await startStack(options);
  });

  afterAll(async () => {
    await stack.stop();
    if (databaseUrl === undefined) return;
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query(`drop table if exists ${table('notes')}, ${table('secrets')};
      drop function if exists ${table('whoami')}();`);
    await db.query('delete from supabase_migrations.schema_migrations where version = $1', [version]);
    await db.end();
  });

  test('keeps rows written through PostgREST across a restart', async () => {
    const { error } = await client(stack, stack.serviceRoleKey).from(table('notes')).insert({ body: 'kept' });
    expect(error).toBeNull();
    const secret = stack.jwtSecret;
    await stack.stop();
    await stack.stop(); // a second stop is harmless
    stack = await startStack(options);
    expect(stack.jwtSecret).toBe(secret);
    const { data, error: readError } = await client(stack, stack.anonKey).from(table('notes')).select('body').order('id');
    expect(readError).toBeNull();
    // The seed ran once, on the first start only.
    expect(data).toEqual(databaseUrl === undefined ? [{ body: 'seeded' }, { body: 'kept' }] : [{ body: 'kept' }]);
  });

  test('runs requests as authenticator switched to the JWT role', async () => {
    const { data } = await client(stack, stack.anonKey).rpc(table('whoami'));
    expect(data).toEqual({ current_user: 'anon', session_user: 'authenticator' });
  });

  test('hides rows from anon where no policy allows it, not from the service role', async () => {
    const service = client(stack, stack.serviceRoleKey);
    expect((await service.from(table('secrets')).insert({ body: 'hidden' })).error).toBeNull();
    const asAnon = await client(stack, stack.anonKey).from(table('secrets')).select('body');
    expect(asAnon).toMatchObject({ error: null, data: [] });
    expect((await service.from(table('secrets')).select('body')).data).toEqual([{ body: 'hidden' }]);
    const anonWrite = await client(stack, stack.anonKey).from(table('notes')).insert({ body: 'nope' });
    expect(anonWrite.error?.code).toBe('42501');
  });

  test('answers 404 JSON outside /rest/v1', async () => {
    const response = await fetch(`${stack.supabaseUrl}/auth/v1/user`);
    expect(response.status).toBe(404);
    expect(await response.json()).toHaveProperty('message');
  });

  test.skipIf(databaseUrl !== undefined)('refuses a second start on the same data directory', async () => {
    const second = startStack(options);
    // Should it start after all, stop it so the failure does not leave processes behind.
    void second.then(
      (stack) => stack.stop(),
      () => {},
    );
    await expect(second).rejects.toThrow(`已被进程 ${process.pid} 占用（another Qingyuan process`);
    // The refused start must leave the running stack alone.
    expect((await client(stack, stack.anonKey).from(table('notes')).select('body')).error).toBeNull();
  });
});

describe('findPostgrestBinary', () => {
  const noPackage = (): string => {
    throw new Error('not installed');
  };

  test('returns POSTGREST_BIN when it names an executable', () => {
    const bin = join(tempDir(), 'my-postgrest');
    writeFileSync(bin, '#!/bin/sh\n');
    chmodSync(bin, 0o755);
    expect(findPostgrestBinary({ env: { POSTGREST_BIN: bin }, resolve: noPackage })).toBe(bin);
  });

  test('rejects a POSTGREST_BIN that does not exist', () => {
    expect(() => findPostgrestBinary({ env: { POSTGREST_BIN: '/nonexistent/postgrest' } })).toThrow('POSTGREST_BIN');
  });

  test('falls back to postgrest on PATH', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'postgrest'), '#!/bin/sh\n');
    chmodSync(join(dir, 'postgrest'), 0o755);
    expect(findPostgrestBinary({ env: { PATH: dir }, resolve: noPackage })).toBe(join(dir, 'postgrest'));
  });

  test('explains how to install PostgREST when none is found', () => {
    const lookup = { env: { PATH: tempDir() }, platform: 'darwin', arch: 'arm64' };
    expect(() => findPostgrestBinary(lookup)).toThrow(postgrestInstallHint);
  });
});

describe('acquireDataDirLock', () => {
  test('takes over a lock whose process has exited and removes it on release', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'qingyuan.lock'), '2147483646\n'); // no such pid
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lock.path, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });
});
