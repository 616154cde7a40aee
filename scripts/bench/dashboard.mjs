// Dashboard figures on a city-sized data set: 100 schools, 2,000 classes, 100,000 students and
// 2,000,000 lesson-progress rows, generated in SQL; the office's queries timed on PostgreSQL (when
// DATABASE_URL is set; a separate database is created for it) and on the embedded PGlite.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate, pgExecutor, pgliteExecutor } from '../../src/lib/server/runtime/migrate.ts';
import { readContentPayload } from '../../src/lib/server/content-sync.ts';

const office = '00000000-0000-4000-8000-00000000b001';

const generate = `
  insert into public.lessons (lesson_id, band, title, quiz_id, required, sort_order, class_hours)
    select b || '/bench-' || n, b, '课' || n, (select quiz_id from public.quizzes where kind = 'lesson' limit 1), false, 100 + n, 1
    from unnest(array['primary-lower','primary-middle','primary-upper','junior','senior','vocational']) b, generate_series(1, 20) n;
  insert into public.users (user_id, role, display_name) values ('${office}', 'office', '市禁毒办');
  insert into public.districts (district_id, name) select ('00000000-0000-4000-9000-' || lpad(d::text, 12, '0'))::uuid, '第' || d || '区' from generate_series(1, 10) d;
  insert into public.schools (school_id, district_id, code, name, stage)
    select ('00000000-0000-4000-a000-' || lpad(s::text, 12, '0'))::uuid, ('00000000-0000-4000-9000-' || lpad((1 + s % 10)::text, 12, '0'))::uuid,
      'BS' || lpad(s::text, 4, '0'), '测试学校' || s, case when s % 2 = 0 then 'primary' else 'junior' end
    from generate_series(1, 100) s;
  insert into public.classes (class_id, school_id, school_year, grade, name)
    select ('00000000-0000-4000-b000-' || lpad(c::text, 12, '0'))::uuid, ('00000000-0000-4000-a000-' || lpad((1 + (c - 1) / 20)::text, 12, '0'))::uuid, 2026,
      case when ((c - 1) / 20) % 2 = 1 then 1 + c % 6 else 7 + c % 3 end, '班' || c
    from generate_series(1, 2000) c;
  -- The per-row rollup triggers are skipped for the bulk load (session_replication_role = replica,
  -- as the bench server and PGlite give a superuser); refresh_mastery_rollups and
  -- refresh_volunteer_rollups build them in one pass.
  set session_replication_role = replica;
  insert into public.users (user_id, role, display_name, school_id)
    select ('00000000-0000-4000-c000-' || lpad(n::text, 12, '0'))::uuid, 'student', '学生', ('00000000-0000-4000-a000-' || lpad((1 + (n - 1) / 1000)::text, 12, '0'))::uuid
    from generate_series(1, 100000) n;
  insert into public.students (user_id, school_id, class_id, student_number)
    select ('00000000-0000-4000-c000-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-a000-' || lpad((1 + (n - 1) / 1000)::text, 12, '0'))::uuid,
      ('00000000-0000-4000-b000-' || lpad((1 + (n - 1) / 50)::text, 12, '0'))::uuid, 'S' || n
    from generate_series(1, 100000) n;
  insert into public.lesson_progress (student_id, lesson_id, attempts, best_percent, mastered_at)
    select s.user_id, l.lesson_id, 1, (hashtext(s.user_id::text || l.lesson_id) & 127) % 101,
      case when (hashtext(l.lesson_id || s.user_id::text) & 3) <> 0 then timestamptz '2026-09-15' + ((hashtext(s.user_id::text) & 255) || ' hours')::interval end
    from public.students s join public.classes c on c.class_id = s.class_id join public.schools sc on sc.school_id = s.school_id
    join lateral (select lesson_id from public.lessons l where l.band = private.band_for(c.grade, sc.stage) order by l.required desc, l.lesson_id limit 20) l on true;
  -- Sessions skip the ledger trigger too (it wants a teacher of the school); the bench has none.
  insert into public.class_sessions (class_id, school_id, held_on, topic, hours, form, teacher_id, recorded_by)
    select c.class_id, c.school_id, date '2026-10-01' + (k * 20), '班会', 1, 'class-meeting', '${office}', '${office}'
    from public.classes c, generate_series(0, (hashtext(c.class_id::text) & 1) + 1) k;
  -- This year's contests, one per level; nine in ten students took part, scores spread 30-100.
  insert into public.contests (contest_id, title, school_year, level, quiz_id, opens_at, closes_at)
    select ('00000000-0000-4000-d000-00000000000' || n)::uuid, '竞赛' || n, 2026, lv, (select quiz_id from public.quizzes where kind = 'contest' limit 1), '2027-06-01', '2027-06-30'
    from (values (1, 'primary'), (2, 'secondary')) v (n, lv);
  insert into public.attempts (student_id, quiz_id, contest_id, question_ids, seed, started_at, deadline_at, submitted_at, score, total, percent, passed)
    select s.user_id, (select quiz_id from public.quizzes where kind = 'contest' limit 1),
      case when sc.stage = 'primary' then '00000000-0000-4000-d000-000000000001'::uuid else '00000000-0000-4000-d000-000000000002'::uuid end,
      '{}', 1, timestamptz '2027-06-10', timestamptz '2027-06-10 00:10', timestamptz '2027-06-10 00:09', 0, 20,
      30 + (hashtext(s.user_id::text || 'contest') & 127) % 71, false
    from public.students s join public.schools sc on sc.school_id = s.school_id
    where (hashtext(s.user_id::text) & 15) < 14;
  -- Volunteering: 20,000 volunteers, 5,000 events this school year, 20 attendances each, a household visit per 5.
  insert into public.users (user_id, role, display_name)
    select ('00000000-0000-4000-e000-' || lpad(n::text, 12, '0'))::uuid, 'volunteer', '志愿者' || n from generate_series(1, 20000) n;
  insert into public.events (event_id, organizer_id, district_id, community, title, kind, starts_at, ends_at, capacity, cancel_cutoff, contact, status)
    select ('00000000-0000-4000-f000-' || lpad(n::text, 12, '0'))::uuid, '${office}', ('00000000-0000-4000-9000-' || lpad((1 + n % 10)::text, 12, '0'))::uuid,
      '社区' || n % 50, '活动' || n, 'family', timestamptz '2026-09-01 09:00+08' + (n % 88 || ' days')::interval, timestamptz '2026-09-01 11:00+08' + (n % 88 || ' days')::interval,
      30, timestamptz '2026-08-31 09:00+08' + (n % 88 || ' days')::interval, '组织者', 'closed'
    from generate_series(1, 5000) n;
  insert into public.event_signups (event_id, volunteer_id, status, hours, hours_confirmed_at)
    select ('00000000-0000-4000-f000-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-e000-' || lpad((1 + (n * 37 + k * 1009) % 20000)::text, 12, '0'))::uuid,
      'attended', 2, now()
    from generate_series(1, 5000) n, generate_series(1, 20) k;
  insert into public.household_visits (event_id, volunteer_id, community, households)
    select ('00000000-0000-4000-f000-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-e000-' || lpad((1 + (n * 37 + k * 1009) % 20000)::text, 12, '0'))::uuid, '社区', 1 + k % 5
    from generate_series(1, 5000) n, generate_series(1, 20, 5) k;
  set session_replication_role = origin;
  analyze;
  select public.refresh_mastery_rollups();
  select public.refresh_volunteer_rollups();
  analyze;
`;

async function time(query, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await query();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

async function measure(label, db) {
  const t0 = performance.now();
  await migrate(db, { seed: false });
  const content = await readContentPayload();
  await db.query('select public.sync_content($1::jsonb)', [JSON.stringify(content)]);
  await db.query('select public.sync_lesson_grades($1::jsonb)', [JSON.stringify(content.lessons)]);
  await db.exec(generate);
  const count = (await db.query('select count(*)::int as n from public.lesson_progress')).rows[0].n;
  const loaded = (performance.now() - t0) / 1000;
  const asOffice = (sql) => async () => {
    await db.exec(`begin; set local role authenticated; select set_config('request.jwt.claims', '{"sub":"${office}","role":"authenticated"}', true);`);
    try {
      return (await db.query(sql)).rows;
    } finally {
      await db.exec('rollback');
    }
  };
  const rows = await asOffice('select * from public.dashboard_schools(2026)')();
  const schools = await time(asOffice('select * from public.dashboard_schools(2026)'));
  const months = await time(asOffice('select * from public.dashboard_months(2026)'));
  const volunteering = await time(asOffice('select * from public.dashboard_volunteering(2026)'));
  console.log(
    `${label}: ${rows.length} schools, ${count.toLocaleString('en')} progress rows, 5,000 events / 100,000 attendances loaded in ${loaded.toFixed(0)} s; ` +
      `dashboard_schools ${schools.toFixed(0)} ms, dashboard_months ${months.toFixed(0)} ms, dashboard_volunteering ${volunteering.toFixed(0)} ms (median of 5; target < 100 ms on PostgreSQL)`,
  );
}

export async function run() {
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query('drop database if exists qingyuan_bench');
    await admin.query('create database qingyuan_bench');
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/qingyuan_bench';
    const client = new pg.Client({ connectionString: url.href });
    await client.connect();
    try {
      await measure('postgresql', pgExecutor(client));
    } finally {
      await client.end();
    }
  } else {
    console.log('postgresql: skipped (set DATABASE_URL)');
  }
  const lite = await PGlite.create();
  try {
    await measure('embedded', pgliteExecutor(lite));
  } finally {
    await lite.close();
  }
}
