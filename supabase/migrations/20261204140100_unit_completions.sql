-- Beyond schools (issue 14), part 2: workers take a course's check from their unit's QR code,
-- without an account. They give a name and the last 4 digits of a phone number, nothing more.
-- The server (service role) calls these functions for them, passing a hash of the client's
-- address, as it does for sign-in; no visitor or user can call them. Keys stay in
-- public.questions: a check's questions go out without keys and are graded here.
--
-- Limits, within any 10 minutes: one address starts at most 300 checks and enters at most 20
-- unknown codes; one unit's code starts at most 500 checks; one name + phone digits starts at
-- most 10 checks of a course in an hour. One completion per unit, course, year, name and phone
-- digits. A refused start stores nothing but, for an unknown code, the miss that the address
-- limit counts.

create table public.unit_completions (
  completion_id uuid primary key default gen_random_uuid(),
  unit_id uuid not null references public.units (unit_id),
  course_id text not null check (course_id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  year int not null check (year between 2019 and 2100),
  worker_name text not null check (length(worker_name) between 1 and 20),
  -- The name as compared: NFKC, lower case, no white space; "张 三" and "张三" are one person.
  name_key text not null check (length(name_key) between 1 and 20),
  phone_last4 text not null check (phone_last4 ~ '^[0-9]{4}$'),
  score int not null check (score >= 0),
  total int not null check (total between 1 and 20),
  slip_code text not null unique check (slip_code ~ '^[A-HJ-NP-Z2-9]{10}$'),
  completed_at timestamptz not null default now(),
  unique (unit_id, course_id, year, name_key, phone_last4)
);
comment on table public.unit_completions is 'A worker passed a course''s check through their unit''s QR code: the name and last 4 phone digits they gave, readable by the unit''s manager and the office only.';
create index unit_completions_unit_idx on public.unit_completions (unit_id, year, completed_at);
create index unit_completions_year_idx on public.unit_completions (year);

alter table public.unit_completions enable row level security;
create policy "The office and the unit's manager can read its completions" on public.unit_completions for select to authenticated
  using ((select private.is_office()) or unit_id = (select private.managed_unit_id()));
-- Written only by submit_unit_check; nobody edits or removes a completion.
revoke insert, update, delete on public.unit_completions from anon, authenticated;

-- One sitting of a check: the drawn questions and who sits it. Private: only the functions below.
create table private.unit_check_attempts (
  attempt_id uuid primary key default gen_random_uuid(),
  unit_id uuid not null references public.units (unit_id),
  course_id text not null,
  quiz_id text not null references public.quizzes (quiz_id),
  worker_name text not null,
  name_key text not null,
  phone_last4 text not null,
  ip_key text not null,
  question_ids text[] not null,
  started_at timestamptz not null default now(),
  deadline_at timestamptz not null,
  submitted_at timestamptz,
  score int,
  total int,
  passed boolean,
  completion_id uuid references public.unit_completions (completion_id)
);
comment on table private.unit_check_attempts is 'Checks started from a unit''s QR code; the start log the rate limits count. Kept a day, or with their completion.';
create index unit_check_attempts_unit_idx on private.unit_check_attempts (unit_id, started_at);
create index unit_check_attempts_ip_idx on private.unit_check_attempts (ip_key, started_at);
create index unit_check_attempts_person_idx on private.unit_check_attempts (unit_id, course_id, name_key, phone_last4, started_at);
create index unit_check_attempts_started_idx on private.unit_check_attempts (started_at);
alter table private.unit_check_attempts enable row level security;
revoke all on private.unit_check_attempts from public, anon, authenticated;

-- Unknown codes entered from an address, for the address limit (kept 10 minutes).
create table private.unit_code_misses (
  miss_id bigint generated always as identity primary key,
  ip_key text not null,
  missed_at timestamptz not null default now()
);
comment on table private.unit_code_misses is 'Unknown unit codes tried from an address (its hash), so guessing codes is bounded.';
create index unit_code_misses_ip_idx on private.unit_code_misses (ip_key, missed_at);
alter table private.unit_code_misses enable row level security;
revoke all on private.unit_code_misses from public, anon, authenticated;

-- The calendar year in the city's time zone: completions count for the year they happen in.
create function private.local_year(p_at timestamptz) returns int
language sql immutable set search_path = ''
as $$ select extract(year from p_at at time zone 'Asia/Shanghai')::int $$;

-- The name as compared for one completion per person.
create function private.worker_name_key(p_name text) returns text
language sql immutable set search_path = ''
as $$ select lower(regexp_replace(normalize(p_name, nfkc), '\s', '', 'g')) $$;

-- Whether an address may try another code, and drops what no limit needs any more.
create function private.unit_code_guard(p_ip_key text) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  delete from private.unit_code_misses where miss_id in (
    select m.miss_id from private.unit_code_misses m where m.missed_at < now() - interval '10 minutes' limit 200);
  if (select count(*) from private.unit_code_misses m where m.ip_key = p_ip_key and m.missed_at > now() - interval '10 minutes') >= 20 then
    raise exception '这个网络输错二维码的次数太多，请 10 分钟后再扫码' using errcode = 'QYRAT';
  end if;
end
$$;

-- The unit behind a QR code, or null (the miss is recorded against the address).
create function public.unit_by_code(p_code text, p_ip_key text)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  v_unit jsonb;
begin
  perform private.unit_code_guard(p_ip_key);
  select jsonb_build_object('unitId', u.unit_id, 'name', u.name, 'kind', u.kind, 'district', d.name) into v_unit
  from public.units u join public.districts d on d.district_id = u.district_id
  where u.qr_code = upper(p_code) and u.disabled_at is null;
  if v_unit is null then
    insert into private.unit_code_misses (ip_key) values (p_ip_key);
  end if;
  return v_unit;
end
$$;
comment on function public.unit_by_code is 'Service role: the unit a QR code names, or null; unknown codes count against the address.';

-- Starts a check. The server drew the questions from the course's bank; this checks them, the
-- worker's name and digits, the code and every limit, and returns the questions without keys.
-- An unknown code returns {"refused": "code"} (and records the miss); other refusals raise.
create function public.start_unit_check(
  p_code text, p_course_id text, p_quiz_id text, p_worker_name text, p_phone_last4 text, p_question_ids text[], p_ip_key text
) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  v_unit public.units;
  v_name text := btrim(coalesce(p_worker_name, ''));
  v_key text;
  v_year int := private.local_year(now());
  v_id uuid;
  v_deadline timestamptz := now() + interval '45 minutes';
begin
  if length(v_name) < 1 or length(v_name) > 20 or v_name ~ '[[:cntrl:]]' then
    raise exception '姓名请填写 1 到 20 个字' using errcode = 'QYBAD';
  end if;
  if coalesce(p_phone_last4, '') !~ '^[0-9]{4}$' then
    raise exception '请填写手机号的后 4 位数字' using errcode = 'QYBAD';
  end if;
  v_key := private.worker_name_key(v_name);
  if length(v_key) < 1 then
    raise exception '姓名请填写 1 到 20 个字' using errcode = 'QYBAD';
  end if;
  perform private.unit_code_guard(p_ip_key);
  select * into v_unit from public.units u where u.qr_code = upper(coalesce(p_code, '')) and u.disabled_at is null;
  if not found then
    insert into private.unit_code_misses (ip_key) values (p_ip_key);
    return jsonb_build_object('refused', 'code');
  end if;
  if p_quiz_id is distinct from 'self-check-' || p_course_id
     or not exists (select 1 from public.quizzes q where q.quiz_id = p_quiz_id and q.kind = 'self-check' and q.retired_at is null) then
    raise exception '找不到这门课程' using errcode = 'QYNOF';
  end if;
  if coalesce(cardinality(p_question_ids), 0) not between 5 and 8
     or (select count(distinct x) from unnest(p_question_ids) x) <> cardinality(p_question_ids)
     or exists (select 1 from unnest(p_question_ids) x where not exists (
       select 1 from public.questions q where q.question_id = x and q.quiz_id = p_quiz_id and q.retired_at is null)) then
    raise exception '抽取的题目无效' using errcode = 'QYBAD';
  end if;
  if exists (select 1 from public.unit_completions c where c.unit_id = v_unit.unit_id and c.course_id = p_course_id
             and c.year = v_year and c.name_key = v_key and c.phone_last4 = p_phone_last4) then
    raise exception '你今年已经在本单位完成了这门课程，不需要再考；需要结业单可以请单位管理员打印名单' using errcode = 'QYDUP';
  end if;
  -- The unit's row is locked while its starts are counted, so concurrent starts cannot all slip under the limit.
  perform 1 from public.units u where u.unit_id = v_unit.unit_id for update;
  if (select count(*) from private.unit_check_attempts a where a.ip_key = p_ip_key and a.started_at > now() - interval '10 minutes') >= 300 then
    raise exception '这个网络的答题次数太多，请 10 分钟后再试' using errcode = 'QYRAT';
  end if;
  if (select count(*) from private.unit_check_attempts a where a.unit_id = v_unit.unit_id and a.started_at > now() - interval '10 minutes') >= 500 then
    raise exception '本单位二维码的答题人数太多，请 10 分钟后再试' using errcode = 'QYRAT';
  end if;
  if (select count(*) from private.unit_check_attempts a where a.unit_id = v_unit.unit_id and a.course_id = p_course_id
      and a.name_key = v_key and a.phone_last4 = p_phone_last4 and a.started_at > now() - interval '1 hour') >= 10 then
    raise exception '这门课程你已经考了 10 次，请先复习课程内容，1 小时后再试' using errcode = 'QYRAT';
  end if;
  -- Attempts nobody finished (and failed ones) are kept a day for the limits, then dropped.
  delete from private.unit_check_attempts where attempt_id in (
    select a.attempt_id from private.unit_check_attempts a where a.completion_id is null and a.started_at < now() - interval '1 day' limit 200);
  insert into private.unit_check_attempts (unit_id, course_id, quiz_id, worker_name, name_key, phone_last4, ip_key, question_ids, deadline_at)
  values (v_unit.unit_id, p_course_id, p_quiz_id, v_name, v_key, p_phone_last4, p_ip_key, p_question_ids, v_deadline)
  returning attempt_id into v_id;
  return jsonb_build_object('attemptId', v_id, 'deadlineAt', v_deadline);
end
$$;
comment on function public.start_unit_check is 'Service role: starts a worker''s check from a unit code within the limits; returns the attempt id.';

-- What a worker's check page shows: the questions in the drawn order, without keys.
create function public.unit_check_sheet(p_attempt_id uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'attemptId', a.attempt_id, 'courseId', a.course_id, 'unitName', u.name, 'unitCode', u.qr_code, 'workerName', a.worker_name,
    'deadlineAt', a.deadline_at, 'submitted', a.submitted_at is not null,
    'passPercent', (select q.pass_percent from public.quizzes q where q.quiz_id = a.quiz_id),
    'questions', (select jsonb_agg(jsonb_build_object('id', q.question_id, 'type', q.type, 'stem', q.stem, 'options', q.options) order by o.n)
                  from unnest(a.question_ids) with ordinality as o (id, n) join public.questions q on q.question_id = o.id))
  from private.unit_check_attempts a join public.units u on u.unit_id = a.unit_id
  where a.attempt_id = p_attempt_id and u.disabled_at is null
$$;
comment on function public.unit_check_sheet is 'Service role: a started check''s questions without keys.';

-- Grades a check once (the attempt row is locked) and, when passed, records the completion.
create function public.submit_unit_check(p_attempt_id uuid, p_responses jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  v_attempt private.unit_check_attempts;
  v_key text;
  v_score int;
  v_total int;
  v_pass int;
  v_passed boolean;
  v_completion public.unit_completions;
begin
  if jsonb_typeof(p_responses) is distinct from 'object' then
    raise exception '答案的格式不对' using errcode = 'QYBAD';
  end if;
  select * into v_attempt from private.unit_check_attempts a where a.attempt_id = p_attempt_id for update;
  if not found then
    raise exception '找不到这次考核，请重新扫码' using errcode = 'QYNOF';
  end if;
  if v_attempt.submitted_at is not null then
    raise exception '这次考核已经提交过了，不能重复提交' using errcode = 'QYDUP';
  end if;
  if now() > v_attempt.deadline_at + interval '30 seconds' then
    raise exception '已经超过答题时间，请重新开始考核' using errcode = 'QYLAT';
  end if;
  for v_key in select jsonb_object_keys(p_responses) loop
    if not (v_key = any (v_attempt.question_ids)) then
      raise exception '题目 % 不在这次考核里', left(v_key, 40) using errcode = 'QYBAD';
    end if;
  end loop;
  select count(*) filter (where private.is_correct(q.type, q.answer, p_responses -> q.question_id)), count(*)
  into v_score, v_total
  from unnest(v_attempt.question_ids) as o (id) join public.questions q on q.question_id = o.id;
  select q.pass_percent into v_pass from public.quizzes q where q.quiz_id = v_attempt.quiz_id;
  v_passed := v_total > 0 and v_score * 100 >= v_pass * v_total;
  if v_passed then
    insert into public.unit_completions (unit_id, course_id, year, worker_name, name_key, phone_last4, score, total, slip_code)
    values (v_attempt.unit_id, v_attempt.course_id, private.local_year(now()), v_attempt.worker_name, v_attempt.name_key,
            v_attempt.phone_last4, v_score, v_total, private.random_code(10))
    on conflict (unit_id, course_id, year, name_key, phone_last4) do nothing
    returning * into v_completion;
    if v_completion.completion_id is null then
      raise exception '你今年已经在本单位完成了这门课程，不需要再考' using errcode = 'QYDUP';
    end if;
  end if;
  update private.unit_check_attempts set submitted_at = now(), score = v_score, total = v_total, passed = v_passed,
    completion_id = v_completion.completion_id
  where attempt_id = p_attempt_id;
  return jsonb_build_object(
    'score', v_score, 'total', v_total, 'passed', v_passed, 'passPercent', v_pass, 'slipCode', v_completion.slip_code,
    'results', (
      select jsonb_agg(jsonb_build_object('id', q.question_id, 'correct', private.is_correct(q.type, q.answer, p_responses -> q.question_id),
                                          'answer', q.answer, 'explanation', q.explanation) order by o.n)
      from unnest(v_attempt.question_ids) with ordinality as o (id, n) join public.questions q on q.question_id = o.id));
end
$$;
comment on function public.submit_unit_check is 'Service role: grades a worker''s check once; a pass records one completion per unit, course, year, name and phone digits.';

-- The printable slip of a completion, by its code (which only the worker was given).
create function public.unit_completion_slip(p_slip_code text) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('unitName', u.name, 'district', d.name, 'courseId', c.course_id, 'year', c.year, 'workerName', c.worker_name,
    'phoneLast4', c.phone_last4, 'score', c.score, 'total', c.total, 'completedAt', c.completed_at, 'slipCode', c.slip_code)
  from public.unit_completions c join public.units u on u.unit_id = c.unit_id join public.districts d on d.district_id = u.district_id
  where c.slip_code = upper(p_slip_code)
$$;
comment on function public.unit_completion_slip is 'Service role: the completion slip behind a slip code.';

revoke all on function private.unit_code_guard, private.local_year, private.worker_name_key from public, anon, authenticated;
revoke all on function public.unit_by_code, public.start_unit_check, public.unit_check_sheet, public.submit_unit_check, public.unit_completion_slip
  from public, anon, authenticated;
grant execute on function public.unit_by_code, public.start_unit_check, public.unit_check_sheet, public.submit_unit_check, public.unit_completion_slip
  to service_role;
