// Shared bits of the benches: start the app like `npm start`, measure memory, summarise latencies.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtSiteUrl } from '../../src/lib/server/runtime/env.ts';

export async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts scripts/start.ts on a fresh data folder; resolves when the first page is served. */
export async function startApp(env = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'qy-bench-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'scripts/start.ts'], {
    // SITE_URL: the address of the bench's build, so start does not build again for its random port.
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      DEMO_ACTIVITY: '0',
      SITE_URL: builtSiteUrl() ?? 'http://localhost:4321',
      // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (node --cpu-prof).
      ...(process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c) => (log += c));
  child.stderr.on('data', (c) => (log += c));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited:\n${log}`);
    const ok = await fetch(`${url}/login/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const firstPageSeconds = (performance.now() - started) / 1000;
  return {
    url,
    dataDir,
    supabaseUrl: /backend ready at (\S+)/.exec(log)?.[1],
    firstPageSeconds,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process and all its descendants, in MiB (Linux /proc). */
export function treeRssMiB(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  let kb = 0;
  const walk = (p) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {}
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return kb / 1024;
}

/** CPU time so far (ms, user + system, from /proc) of the app's server, PostgREST and PostgreSQL processes. */
export function stackCpuMs(serverPid) {
  const ms = { node: 0, postgrest: 0, postgres: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const name = Number(entry) === serverPid ? 'node' : comm === 'postgrest' || comm === 'postgres' ? comm : null;
      if (name) ms[name] += ticks * 10; // USER_HZ is 100 on Linux
    } catch {}
  }
  return ms;
}

/** `BENCH_MODES=postgresql` (or `embedded`) runs one backend mode only; default both. */
export function wantMode(mode) {
  const modes = (process.env.BENCH_MODES ?? '').split(',').filter(Boolean);
  return modes.length === 0 || modes.includes(mode);
}

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `task` `total` times with `concurrency` in flight; returns throughput and latency percentiles (ms). */
export async function load({ total, concurrency, task }) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        if (!(await task(i))) failures++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}
