// Workplace courses: 200 workers of one unit complete the check through the unit's QR link within a
// minute (start, read the check, submit), on the embedded default; prints throughput and p99.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { percentile, startApp } from './lib.mjs';

const bank = parse(readFileSync('content/quizzes/self-check-logistics.yaml', 'utf8'));
const keys = new Map(bank.questions.map((q) => [q.id, q]));

async function cookieFor(app, account, password) {
  const r = await fetch(`${app.url}/login/?_action=auth.signInAdult`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account, password }),
  });
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export async function run() {
  const app = await startApp();
  try {
    const office = await cookieFor(app, 'office@qingyuan.test', 'qingyuan2026');
    await fetch(`${app.url}/me/office/units/?_action=workplaces.registerUnit`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: app.url, cookie: office, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        districtId: '00000000-0000-4000-8000-000000000001',
        kind: 'logistics',
        name: '压测快递网点',
        contactName: '李经理',
        contactPhone: '0571-1234567',
      }),
    });
    const { createClient } = await import('@supabase/supabase-js');
    const { mintApiKeys } = await import('../../src/lib/server/runtime/keys.ts');
    const { serviceRoleKey } = await mintApiKeys(readFileSync(`${app.dataDir}/jwt-secret`, 'utf8').trim());
    const db = createClient(app.supabaseUrl, serviceRoleKey, { auth: { persistSession: false } });
    const { data } = await db.from('units').select('qr_code').eq('name', '压测快递网点').single();
    const code = data?.qr_code ?? '';
    const steps = [];
    const requests = [];
    const timed = async (promise) => {
      const t = performance.now();
      const r = await promise;
      requests.push(performance.now() - t);
      return r;
    };
    const worker = async (i) => {
      const started = performance.now();
      const start = await timed(
        fetch(`${app.url}/w/${code}/logistics/?_action=workplaces.startCheck`, {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ code, course: 'logistics', workerName: `工人${i}`, phoneLast4: String(1000 + i) }),
        }),
      );
      await start.arrayBuffer();
      const location = start.headers.get('location') ?? '';
      if (start.status !== 303) return false;
      const page = await (await timed(fetch(new URL(location, app.url)))).text();
      const fields = new URLSearchParams({ attemptId: location.split('/').at(-2) ?? '' });
      for (const id of new Set([...page.matchAll(/name="q\.([a-z0-9-]+)"/g)].map((m) => m[1]))) {
        const q = keys.get(id);
        if (!q) continue;
        if (q.type === 'multiple') for (const a of q.answer) fields.append(`q.${id}`, a);
        else fields.append(`q.${id}`, String(q.answer));
      }
      const submitted = await timed(
        fetch(new URL(`${location}?_action=workplaces.submitCheck`, app.url), {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
          body: fields.toString(),
        }),
      );
      const text = await submitted.text();
      steps.push(performance.now() - started);
      return submitted.status < 400 && !text.includes('没有通过');
    };
    // 200 workers arriving evenly over one minute (one every 300 ms), each at their own pace.
    const began = performance.now();
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 300)).then(() => worker(i))));
    const minutes = (performance.now() - began) / 60_000;
    const { count } = await db.from('unit_completions').select('*', { count: 'exact', head: true });
    const flows = steps.sort((a, b) => a - b);
    const each = requests.sort((a, b) => a - b);
    const failed = outcomes.filter((ok) => !ok).length;
    console.log(
      `embedded: 200 workers of one unit through its QR link in ${minutes.toFixed(2)} min (${(200 / minutes).toFixed(0)} completions/min): request p50 ${percentile(each, 50).toFixed(0)} ms, p99 ${percentile(each, 99).toFixed(0)} ms; a worker's start + check page + submit p99 ${percentile(flows, 99).toFixed(0)} ms; ${count} completions stored, ${failed} failed`,
    );
  } finally {
    await app.stop();
  }
}
