/**
 * How the embedded stack keeps its Node process small (issue 15: under 400 MiB for everything
 * `npm start` leaves running). Measured with `npm run bench -- memory`:
 * - PGlite is PostgreSQL compiled to WebAssembly. V8 first compiles its functions with Liftoff and
 *   then recompiles the hot ones with TurboFan in background threads; those compilations of
 *   PostgreSQL's large functions took 100-200 MB of transient memory, which glibc kept in its
 *   per-thread arenas afterwards. `--liftoff-only` keeps the baseline code (the embedded quiz bench
 *   gave 23 submissions/s lean against 26 without, on a shared and noisy machine).
 * - `MALLOC_ARENA_MAX=2`: glibc gives every thread that allocates its own 64 MB arena and rarely
 *   hands freed memory back; two arenas bound that. A fixed mmap threshold (128 KB) and a 1 MB trim
 *   threshold make large blocks (argon2's 19 MB per sign-in) go back to the system when freed.
 * - `--max-semi-space-size`: a smaller young generation (V8 grows it up to 16 MB a half under
 *   load), scavenged more often; a school's load does not need more.
 * - `--expose-gc`: the start (migrations, the demo seed, the content sync) leaves garbage whose pages
 *   V8 keeps until a full collection; scripts/serve.ts runs one before it serves (the memory bench:
 *   394 -> 384 MiB after its 5-minute load, with npm's script shell gone too).
 * glibc reads MALLOC_ARENA_MAX and V8 its heap and compiler flags only when the process starts,
 * so `npm start` replaces itself once with them (process.execve: same pid, no second process).
 */
export const leanNodeFlags = ['--liftoff-only', '--max-semi-space-size=4', '--optimize-for-size', '--expose-gc'];
export const leanEnv = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '1048576' };

/** The argv to start this script again with the lean flags, or null when it already runs with them. */
export function leanArgv(execPath: string, execArgv: string[], argv: string[]): string[] | null {
  if (leanNodeFlags.every((flag) => execArgv.includes(flag))) return null;
  return [execPath, ...leanNodeFlags.filter((flag) => !execArgv.includes(flag)), ...execArgv, ...argv.slice(1)];
}

/**
 * Replaces this process with itself started lean, when it can (Linux or macOS with Node's
 * process.execve, Node 22.15 or newer) and `LEAN` is not `0`; otherwise returns and the process
 * goes on as it is.
 */
export function restartLean(env: NodeJS.ProcessEnv = process.env): void {
  if (env['LEAN'] === '0' || process.platform === 'win32') return;
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (typeof execve !== 'function') return;
  const argv = leanArgv(process.execPath, process.execArgv, process.argv);
  if (argv === null) return;
  execve.call(process, process.execPath, argv, { ...leanEnv, ...env });
}
