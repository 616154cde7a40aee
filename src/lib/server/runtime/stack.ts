import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { startGateway } from './gateway.ts';
import { loadJwtSecret, loadOrCreateSecret, mintApiKeys } from './keys.ts';
import { acquireDataDirLock } from './lock.ts';
import { migrate, pgExecutor, pgliteExecutor } from './migrate.ts';
import type { MigrateOptions } from './migrate.ts';
import { findPostgrestBinary, startPostgrest } from './postgrest.ts';
import { guardedDatabase } from './socket-guard.ts';

/** How to start the backend; without `databaseUrl` it runs embedded on PGlite. */
export interface StackOptions {
  /** Holds the lock, the JWT secret and (embedded) the database in `pgdata/`. */
  dataDir: string;
  /**
   * A real PostgreSQL server; its user owns the schema, runs the migrations and must be allowed
   * to set authenticator's password (superuser or CREATEROLE).
   */
  databaseUrl?: string | undefined;
  /** Apply `seed.sql` once, the first time the database is migrated with this on. */
  seed: boolean;
  log?: ((line: string) => void) | undefined;
  /** Default `supabase/migrations`; tests point this at fixtures. */
  migrationsDir?: string | undefined;
  /** Default `supabase/seed.sql`. */
  seedPath?: string | undefined;
  /**
   * The server at `databaseUrl` carries Supabase's own initial schema (roles, auth): the
   * migrations run without the bootstrap, as `supabase db push` applies them.
   */
  supabaseSchema?: boolean | undefined;
}

/** A running backend that looks like a Supabase project to supabase-js. */
export interface Stack {
  /** PostgREST itself, for the server's own calls (the gateway adds Supabase's /rest/v1 path for everyone else). */
  postgrestUrl: string;
  supabaseUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** Stops gateway, PostgREST, socket server and database, then releases the lock; idempotent. */
  stop(): Promise<void>;
}

type Stopper = () => Promise<void> | void;

/**
 * Starts the backend in embedded mode (PGlite + pglite-socket + PostgREST) or, with
 * `databaseUrl`, PostgREST against a real PostgreSQL; migrations run before PostgREST starts.
 * @example const stack = await startStack({ dataDir: '.data', seed: true }); createClient(stack.supabaseUrl, stack.anonKey)
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? ((): void => {});
  // Stoppers run in reverse start order: gateway, PostgREST, socket, database, lock.
  const stoppers: Stopper[] = [];
  const stopAll = async (): Promise<void> => {
    const errors: unknown[] = [];
    for (const stopper of stoppers.splice(0).reverse()) {
      try {
        await stopper();
      } catch (error) {
        errors.push(error);
        log(`stop failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (errors.length > 0) throw errors[0];
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopAll());

  try {
    const binary = findPostgrestBinary(); // fail before touching the database
    const migrateOptions: MigrateOptions = { seed: options.seed, bootstrap: !options.supabaseSchema };
    if (options.migrationsDir !== undefined) migrateOptions.migrationsDir = options.migrationsDir;
    if (options.seedPath !== undefined) migrateOptions.seedPath = options.seedPath;

    let target: { dbUri: string; poolSize: number };
    if (options.databaseUrl === undefined || options.databaseUrl === '') {
      const lock = acquireDataDirLock(options.dataDir);
      stoppers.push(() => lock.release());
      // One connection: PGlite runs one transaction at a time anyway.
      target = { dbUri: await startEmbedded(options.dataDir, migrateOptions, stoppers, log), poolSize: 1 };
    } else {
      target = { dbUri: await prepareServer(options.databaseUrl, options.dataDir, migrateOptions, log), poolSize: 10 };
    }
    const jwtSecret = await loadJwtSecret(options.dataDir);
    const postgrest = await startPostgrest({ binary, jwtSecret, log, ...target });
    stoppers.push(() => postgrest.stop());
    const gateway = await startGateway(postgrest.url);
    stoppers.push(() => gateway.stop());
    log(`backend ready at ${gateway.url} (PostgREST pid ${postgrest.pid ?? '?'})`);
    return { supabaseUrl: gateway.url, postgrestUrl: postgrest.url, jwtSecret, ...(await mintApiKeys(jwtSecret)), stop };
  } catch (error) {
    await stopAll().catch(() => {}); // the start error is the one worth reporting
    throw error;
  }
}

/** Opens PGlite, migrates it, serves it on loopback; returns the URI PostgREST connects to. */
async function startEmbedded(dataDir: string, migrateOptions: MigrateOptions, stoppers: Stopper[], log: (line: string) => void): Promise<string> {
  // One connection and a school's worth of data: 32 MB of shared buffers (PostgreSQL's default is
  // 128 MB) keeps the embedded stack's memory down; written into the data folder's postgresql.conf.
  const open = (): Promise<PGlite> => PGlite.create({ dataDir: join(dataDir, 'pgdata'), postgresqlconf: 'shared_buffers = 32MB' });
  let db = await open();
  stoppers.push(() => db.close()); // whichever instance is open by then
  const applied = await migrate(pgliteExecutor(db), migrateOptions);
  for (const a of applied) log(`applied ${a.version} ${a.name}`);
  if (applied.length > 0) {
    // WebAssembly memory only grows: the migrations and the demo seed leave PGlite's heap larger
    // than serving needs. A fresh instance on the same files starts smaller.
    await db.close();
    db = await open();
  }
  // PGlite has one backend and ignores the user in the startup packet, so every socket client
  // would be the superuser. Switching the session here makes PostgREST's connection
  // authenticator, which may only `set role` to anon, authenticated and service_role; the guard
  // refuses the statements that could switch it back (socket-guard.ts).
  // Nothing else queries `db` from here on (it would run inside PostgREST's session).
  const socket = await serveAsAuthenticator(db, dataDir);
  stoppers.push(() => socket.stop());
  return socket.uri;
}

/**
 * Switches the session to authenticator and serves the database on a Unix socket in an
 * owner-only folder of `dataDir`, never on a TCP port: PGlite has no passwords, so a port would
 * let any local process in; the folder's mode keeps other users out.
 */
export async function serveAsAuthenticator(db: PGlite, dataDir: string): Promise<{ uri: string; socketPath: string; stop: () => Promise<void> }> {
  await db.exec('set session authorization authenticator');
  const socketDir = await ownerOnlyDir(join(dataDir, 'socket'));
  const socketPath = join(socketDir, `.s.PGSQL.${socketPort}`);
  await rm(socketPath, { force: true }); // left by a crash; the data-folder lock says no one else uses it
  const socket = new PGLiteSocketServer({ db: guardedDatabase(db), path: socketPath, maxConnections: 1 });
  await socket.start();
  await chmod(socketPath, 0o600);
  return {
    uri: `postgres://authenticator@/postgres?host=${encodeURIComponent(socketDir)}&port=${socketPort}&sslmode=disable`,
    socketPath,
    stop: () => socket.stop(),
  };
}

/** The conventional port number, which for a Unix socket only names the file (.s.PGSQL.5432). */
const socketPort = 5432;

/**
 * Creates (or tightens) a folder only its owner may enter. A socket path must stay under about
 * 100 bytes, so a data folder deep in the file system gets its socket folder in the temp folder.
 */
async function ownerOnlyDir(preferred: string): Promise<string> {
  const dir = resolve(preferred).length + 16 <= 100 ? resolve(preferred) : await mkdtemp(join(tmpdir(), 'qy-socket-'));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  return dir;
}

/** Migrates a real server as the URL's user and lets authenticator log in with a known password. */
async function prepareServer(databaseUrl: string, dataDir: string, migrateOptions: MigrateOptions, log: (line: string) => void): Promise<string> {
  const password = process.env['AUTHENTICATOR_PASSWORD'] || (await loadOrCreateSecret(join(dataDir, 'authenticator-password')));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const applied of await migrate(pgExecutor(client), migrateOptions)) {
      log(`applied ${applied.version} ${applied.name}`);
    }
    await client.query(`alter role authenticator with login password ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  const uri = new URL(databaseUrl);
  uri.username = 'authenticator';
  uri.password = encodeURIComponent(password);
  return uri.toString();
}
