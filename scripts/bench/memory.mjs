// Memory of the embedded stack as a user runs it: `npm start` on a fresh DATA_DIR, every process it
// leaves running (npm, Node with PGlite, PostgREST and its watchdog), measured after the demo start
// and after a mixed load; and the cold start to the first page, first on a fresh folder (migrations
// and demo seed included) and again on the same folder once it exists.
//   npm run bench -- memory                 60 s of load
//   npm run bench -- memory --seconds=300   the 5 minutes issue 15 asks for (or MEMORY_LOAD_SECONDS=300)
// RSS counts pages shared between processes (the node binary's code, mapped by npm and the server)
// once per process; PSS shares them out, so its sum is what the stack costs the machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtSiteUrl } from '../../src/lib/server/runtime/env.ts';
import { freePort, percentile } from './lib.mjs';

const argSeconds = process.argv.find((a) => a.startsWith('--seconds='))?.slice('--seconds='.length);
const loadSeconds = Number(argSeconds ?? process.env.MEMORY_LOAD_SECONDS ?? 60);
const clients = 10;

/** `npm start` in its own process group (so one signal reaches npm and everything under it). */
async function npmStart(dataDir, port) {
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '', SITE_URL: builtSiteUrl() ?? 'http://localhost:4321' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout.on('data', (c) => (log += c));
  child.stderr.on('data', (c) => (log += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited:\n${log}`);
    const ok = await fetch(`${url}/login/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url,
    pid: child.pid,
    firstPageSeconds: (performance.now() - started) / 1000,
    log: () => log,
    stop: async () => {
      process.kill(-child.pid, 'SIGINT'); // what Ctrl-C sends to the terminal's foreground group
      const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  let pss = 0;
  try {
    pss = Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {}
  return { ppid: kb('PPid'), rss: kb('VmRSS'), anon: kb('RssAnon'), pss };
}

/** Every process under `root` (itself included): pid, a short name, RSS, anonymous RSS and PSS in KiB. */
function tree(root) {
  const all = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      all.set(Number(entry), { ...readStatus(entry), cmd: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {}
  }
  const out = [];
  const walk = (pid) => {
    const p = all.get(pid);
    if (!p) return;
    out.push({ pid, name: shortName(p.cmd), ...p });
    for (const [child, c] of all) if (c.ppid === pid) walk(child);
  };
  walk(root);
  return out;
}

function shortName(cmd) {
  const joined = cmd.join(' ');
  if (/npm(-cli\.js)? start|^npm start/.test(joined)) return 'npm';
  if (joined.includes('scripts/start.ts')) return cmd[0]?.endsWith('sh') ? 'sh (npm script)' : 'node (server + PGlite)';
  if (cmd[0]?.endsWith('postgrest')) return 'postgrest';
  if (cmd[0] === '/bin/sh' && joined.includes('postgrest')) return 'sh (watchdog)';
  return cmd[0]?.split('/').pop() ?? '?';
}

const mib = (kb) => (kb / 1024).toFixed(0);

function summary(label, procs) {
  const sum = (k) => procs.reduce((s, p) => s + p[k], 0);
  const byName = new Map();
  for (const p of procs) {
    const e = byName.get(p.name) ?? { n: 0, rss: 0, anon: 0 };
    byName.set(p.name, { n: e.n + 1, rss: e.rss + p.rss, anon: e.anon + p.anon });
  }
  const parts = [...byName].map(([name, e]) => `${name}${e.n > 1 ? ` ×${e.n}` : ''} ${mib(e.rss)} (anon ${mib(e.anon)})`);
  console.log(`${label}: ${procs.length} processes, RSS ${mib(sum('rss'))} MiB (PSS ${mib(sum('pss'))} MiB); ${parts.join(', ')}`);
  return sum('rss');
}

async function post(url, path, cookie, body, json = true) {
  const r = await fetch(`${url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, cookie, 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
  });
  return r;
}

/** Astro's flat devalue output back to a value (enough for the quiz actions' results). */
function devalue(flat) {
  const hydrate = (i) => {
    const v = flat[i];
    if (Array.isArray(v)) return v.map(hydrate);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, j]) => [k, hydrate(j)]));
    return v;
  };
  return hydrate(0);
}

async function action(url, cookie, name, input) {
  const r = await post(url, `/_actions/${name}`, cookie, input);
  const text = await r.text();
  if (!r.ok) throw new Error(`${name}: ${r.status} ${text.slice(0, 200)}`);
  return devalue(JSON.parse(text));
}

async function signIn(url, path, fields) {
  const r = await post(url, path, '', fields, false);
  if (r.status !== 303) throw new Error(`sign-in ${path} answered ${r.status}`);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * What a school day looks like to the server: visitors reading pages and practising, pupils on
 * their home page starting and submitting quizzes, a teacher and the office on their pages.
 */
async function mixedLoad(url, seconds, onTick) {
  const pupils = await Promise.all(
    ['2026050201', '2026050202', '2026050203', '2026050204', '2026050205'].map((n) =>
      signIn(url, '/login/?_action=auth.signInStudent', { schoolCode: 'QYXX01', studentNumber: n, password: 'xuesheng2026' }),
    ),
  );
  const teacher = await signIn(url, '/login/?_action=auth.signInAdult', { account: 'liu@qingyuan.test', password: 'qingyuan2026' });
  const office = await signIn(url, '/login/?_action=auth.signInAdult', { account: 'office@qingyuan.test', password: 'qingyuan2026' });
  const get = async (path, cookie = '') => {
    const r = await fetch(`${url}${path}`, { headers: { cookie, 'accept-encoding': 'br, gzip' }, redirect: 'manual' });
    await r.arrayBuffer();
    return r.status < 400;
  };
  const tasks = [
    () => get('/'),
    () => get('/lessons/primary-upper/drugs-and-harms/'),
    () => get('/events/'),
    () => get('/login/'),
    async () => {
      const draw = await action(url, '', 'quiz.practiceStart', { quizId: 'saying-no' });
      await action(url, '', 'quiz.practiceSubmit', { draw: draw.draw, answers: {} });
      return true;
    },
    (i) => get('/me/student/', pupils[i % pupils.length]),
    async (i) => {
      const cookie = pupils[i % pupils.length];
      const started = await action(url, cookie, 'quiz.start', { quizId: 'drugs-and-harms' });
      await action(url, cookie, 'quiz.submit', { attemptId: started.attemptId, answers: Object.fromEntries(started.questions.map((q) => [q.id, true])) });
      return true;
    },
    () => get('/me/teacher/', teacher),
    () => get('/me/classes/00000000-0000-4000-8000-000000000202/results/', teacher),
    () => get('/me/office/dashboard/', office),
  ];
  const latencies = [];
  let done = 0;
  let failures = 0;
  let lastError = '';
  const until = performance.now() + seconds * 1000;
  const ticker = setInterval(onTick, 1000);
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      let i = worker;
      while (performance.now() < until) {
        const task = tasks[i % tasks.length];
        const t = performance.now();
        try {
          if (!(await task(i))) failures++;
        } catch (error) {
          failures++;
          lastError = error instanceof Error ? error.message : String(error);
        }
        latencies.push(performance.now() - t);
        done++;
        i += clients;
      }
    }),
  );
  clearInterval(ticker);
  latencies.sort((a, b) => a - b);
  return { done, failures, lastError, perSecond: done / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function run() {
  if (process.platform !== 'linux') {
    console.log('memory: skipped (reads /proc, Linux only)');
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'qy-memory-'));
  const port = await freePort();
  let app = await npmStart(dataDir, port);
  try {
    console.log(`cold start on a fresh DATA_DIR (migrations and demo seed) to the first page: ${app.firstPageSeconds.toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 3000));
    summary('after the demo start', tree(app.pid));
    let peak = 0;
    const load = await mixedLoad(app.url, loadSeconds, () => {
      peak = Math.max(
        peak,
        tree(app.pid).reduce((s, p) => s + p.rss, 0),
      );
    });
    console.log(
      `mixed load for ${loadSeconds} s with ${clients} clients: ${load.done} requests (${load.perSecond.toFixed(0)}/s), p50 ${load.p50.toFixed(0)} ms, p99 ${load.p99.toFixed(0)} ms, ${load.failures} failed${load.lastError ? ` (last: ${load.lastError})` : ''}`,
    );
    const after = summary('after the load', tree(app.pid));
    console.log(`peak RSS during the load (sampled each second): ${mib(Math.max(peak, after))} MiB`);
    await app.stop();
    app = await npmStart(dataDir, port);
    console.log(`cold start again on the same DATA_DIR to the first page: ${app.firstPageSeconds.toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 3000));
    summary('after that start', tree(app.pid));
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
