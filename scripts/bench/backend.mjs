// Backend figures: cold start to first page, memory of the whole stack, sign-ins per second with
// p50/p99, on the embedded default and (when DATABASE_URL is set) on PostgreSQL.
import { load, startApp, treeRssMiB } from './lib.mjs';

const accounts = ['chen@qingyuan.test', 'liu@qingyuan.test', 'zhao@qingyuan.test', 'organizer@qingyuan.test', '13800138001', '13800138002'];

async function signIns(app) {
  return load({
    total: 240,
    concurrency: 8,
    task: async (i) => {
      const r = await fetch(`${app.url}/login/?_action=auth.signInAdult`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ account: accounts[i % accounts.length], password: 'qingyuan2026' }),
      });
      await r.arrayBuffer();
      return r.status === 303;
    },
  });
}

async function measure(label, env) {
  const app = await startApp(env);
  try {
    const idle = treeRssMiB(app.pid);
    const result = await signIns(app);
    const busy = treeRssMiB(app.pid);
    console.log(`${label}: cold start to first page ${app.firstPageSeconds.toFixed(1)} s; RSS of the stack ${idle.toFixed(0)} MiB idle, ${busy.toFixed(0)} MiB after load`);
    console.log(`${label}: sign-ins ${result.perSecond.toFixed(1)}/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms (240 sign-ins, 8 concurrent, argon2id m=19 MiB t=2; ${result.failures} failed)`);
  } finally {
    await app.stop();
  }
}

export async function run() {
  await measure('embedded', {});
  if (process.env.DATABASE_URL) await measure('postgresql', { DATABASE_URL: process.env.DATABASE_URL });
  else console.log('postgresql: skipped (set DATABASE_URL, e.g. eval "$(bash scripts/pg-test-server.sh)")');
}
