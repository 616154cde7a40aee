// Effect-evaluation figures: evaluation_results for the office over 100,000 responses from 2,000
// classes of 100 schools (50 a class: pretested classes 25 pre and 25 post, the others 50 post),
// and for one school admin. On PostgreSQL when DATABASE_URL is set (in a database of its own,
// created afresh), else on the embedded PGlite. Median of 5 runs after one warm-up.
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate, pgExecutor, pgliteExecutor } from '../../src/lib/server/runtime/migrate.ts';
import { readSurveys, surveyRow } from '../../src/lib/server/evaluation-sync.ts';

const office = '00000000-0000-4000-8000-00000000e001';
const admin = '00000000-0000-4000-8000-00000000e002';
const round = '00000000-0000-4000-8000-00000000e100';
const school = (s) => `('00000000-0000-4000-a000-' || lpad((${s})::text, 12, '0'))::uuid`;

const generate = `
  insert into public.districts (district_id, name) select ('00000000-0000-4000-9000-' || lpad(d::text, 12, '0'))::uuid, '评估区' || d from generate_series(1, 10) d;
  insert into public.schools (school_id, district_id, code, name, stage)
    select ${school('s')}, ('00000000-0000-4000-9000-' || lpad((1 + s % 10)::text, 12, '0'))::uuid, 'EV' || lpad(s::text, 4, '0'), '评估学校' || s,
      case when s % 2 = 0 then 'primary' else 'junior' end from generate_series(1, 100) s;
  insert into public.users (user_id, role, display_name, school_id) values ('${office}', 'office', '市禁毒办', null), ('${admin}', 'school_admin', '校长', ${school(1)});
  insert into public.classes (class_id, school_id, school_year, grade, name)
    select ('00000000-0000-4000-b000-' || lpad(c::text, 12, '0'))::uuid, ${school('1 + (c - 1) / 20')}, 2026,
      case when ((c - 1) / 20) % 2 = 1 then 1 + c % 6 else 7 + c % 3 end, '班' || c from generate_series(1, 2000) c;
  insert into public.evaluation_rounds (round_id, school_year, title, bands, pre_opens_at, pre_closes_at, post_opens_at, post_closes_at, seed)
    values ('${round}', 2026, '基准评估', array['primary-lower','primary-middle','primary-upper','junior'], now() - interval '90 days', now() - interval '80 days', now() - interval '10 days', now() - interval '1 day', 1);
  insert into public.evaluation_round_schools select '${round}', school_id from public.schools where code like 'EV%';
  insert into public.evaluation_classes (round_id, class_id, school_id, grade, band, survey_id, survey_version, arm)
    select '${round}', c.class_id, c.school_id, c.grade, private.band_for(c.grade, s.stage),
      case when c.grade <= 2 then 'primary-lower' when c.grade <= 6 then 'primary-upper' else 'secondary' end, 1,
      case when hashtext(c.class_id::text) & 1 = 0 then 'pretest' else 'posttest_only' end
    from public.classes c join public.schools s on s.school_id = c.school_id where s.code like 'EV%';
  insert into public.evaluation_responses (round_id, class_id, phase, answers, knowledge, harm, norms, refusal, intention)
    select '${round}', ec.class_id, case when ec.arm = 'pretest' and k <= 25 then 'pre' else 'post' end, '{}',
      (hashtext(ec.class_id::text || k || 'k') & 1023) % 101, (hashtext(ec.class_id::text || k || 'h') & 1023) % 101,
      (hashtext(ec.class_id::text || k || 'n') & 1023) % 101, (hashtext(ec.class_id::text || k || 'r') & 1023) % 101,
      (hashtext(ec.class_id::text || k || 'i') & 1023) % 101
    from public.evaluation_classes ec, generate_series(1, 50) k where ec.round_id = '${round}';
  analyze;
`;

async function backend() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = new PGlite();
    await migrate(pgliteExecutor(db), { seed: false });
    return { name: 'PGlite', run: async (sql, params) => (await db.query(sql, params)).rows, exec: (sql) => db.exec(sql), close: () => db.close() };
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('drop database if exists qy_bench_evaluation');
  await admin.query('create database qy_bench_evaluation');
  await admin.end();
  const target = new URL(url);
  target.pathname = '/qy_bench_evaluation';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  await migrate(pgExecutor(client), { seed: false });
  return { name: 'PostgreSQL', run: async (sql, params) => (await client.query(sql, params)).rows, exec: (sql) => client.query(sql), close: () => client.end() };
}

async function timed(db, userId) {
  const times = [];
  let rows = 0;
  for (let i = 0; i < 6; i++) {
    await db.exec('begin');
    await db.exec('set local role authenticated');
    await db.run(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })]);
    const t = performance.now();
    rows = (await db.run('select * from public.evaluation_results($1)', [round])).length;
    if (i > 0) times.push(performance.now() - t);
    await db.exec('rollback');
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], rows };
}

export async function run() {
  const db = await backend();
  try {
    const surveys = await readSurveys(join(import.meta.dirname, '..', '..', 'content'));
    await db.run('select public.sync_evaluation_surveys($1::jsonb)', [JSON.stringify(surveys.map(surveyRow))]);
    const t = performance.now();
    await db.exec(generate);
    const [{ n } = { n: 0 }] = await db.run(`select count(*)::int as n from public.evaluation_responses where round_id = '${round}'`);
    console.log(`evaluation on ${db.name}: ${n} responses, 2,000 classes, 100 schools generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const city = await timed(db, office);
    console.log(`evaluation results, office (city, bands, grades, districts, schools): ${city.ms.toFixed(1)} ms median of 5 (${city.rows} rows; target < 200 ms on PostgreSQL)`);
    const own = await timed(db, admin);
    console.log(`evaluation results, one school admin: ${own.ms.toFixed(1)} ms median of 5 (${own.rows} rows)`);
  } finally {
    await db.close();
  }
}
