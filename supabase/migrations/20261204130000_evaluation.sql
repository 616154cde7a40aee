-- Effect evaluation (效果评估, issue 13): anonymous pre/post surveys in rounds the office opens.
--   evaluation_surveys    the instruments synced from content/surveys (items, scales, keys); service role only
--   evaluation_rounds     a round: school year, bands, pre and post windows, the seed of the class draw
--   evaluation_round_schools  the schools taking part
--   evaluation_classes    each class of the round with its arm (pretest / posttest_only), drawn from the seed
--   evaluation_responses  one row per answered survey: round, class, phase, item values and scale scores.
--                         No pupil id, no time, no sequence: nobody but the service role reads it
--   evaluation_markers    that someone answered: sha256(per-round random salt, user, round, phase) and
--                         nothing else, so it shares no column with the responses
-- Results come only from evaluation_results, which withholds a phase until its window has closed
-- (no differencing a total before and after one pupil) and any cell under 10 responses, plus the
-- fewest further cells of the same parent needed so that withheld cells hold 0 or at least 10.
-- Errors: QYBAD 400 · QYFOR 403 · QYNOF 404 · QYDUP 409 answered already · QYCLO 409 outside the window.

create table public.evaluation_surveys (
  survey_id text not null check (survey_id ~ '^[a-z0-9][a-z0-9-]*$'),
  version int not null check (version >= 1),
  title text not null,
  bands text[] not null,
  points int not null check (points between 3 and 5),
  -- [{ "id": "k1", "scale": "knowledge", "key": true }, { "id": "h3", "scale": "harm", "reverse": true }, …]
  items jsonb not null check (jsonb_typeof(items) = 'array'),
  primary key (survey_id, version)
);
comment on table public.evaluation_surveys is 'Evaluation instruments from content/surveys, one row per version (a round keeps the version it drew); keys included, so service role only.';

create table public.evaluation_rounds (
  round_id uuid primary key default gen_random_uuid(),
  school_year int not null check (school_year between 2019 and 2100),
  title text not null check (length(title) between 2 and 60),
  bands text[] not null check (cardinality(bands) > 0),
  pre_opens_at timestamptz not null,
  pre_closes_at timestamptz not null,
  post_opens_at timestamptz not null,
  post_closes_at timestamptz not null,
  seed bigint not null,
  created_by uuid references public.users (user_id),
  created_at timestamptz not null default now(),
  check (pre_opens_at < pre_closes_at and pre_closes_at <= post_opens_at and post_opens_at < post_closes_at)
);
comment on table public.evaluation_rounds is 'Evaluation rounds the office opens: bands, pre and post windows, and the seed that drew which classes are pretested.';

create table public.evaluation_round_schools (
  round_id uuid not null references public.evaluation_rounds (round_id) on delete cascade,
  school_id uuid not null references public.schools (school_id),
  primary key (round_id, school_id)
);
comment on table public.evaluation_round_schools is 'The schools taking part in an evaluation round.';
create index evaluation_round_schools_school_idx on public.evaluation_round_schools (school_id);

create table public.evaluation_classes (
  round_id uuid not null references public.evaluation_rounds (round_id) on delete cascade,
  class_id uuid not null references public.classes (class_id),
  school_id uuid not null references public.schools (school_id),
  grade int not null,
  band text not null,
  survey_id text not null,
  survey_version int not null,
  arm text not null check (arm in ('pretest', 'posttest_only')),
  pre_released_at timestamptz,
  post_released_at timestamptz,
  primary key (round_id, class_id),
  foreign key (survey_id, survey_version) references public.evaluation_surveys (survey_id, version),
  check (arm = 'pretest' or pre_released_at is null)
);
comment on table public.evaluation_classes is 'Each class of a round: its arm (pretest and posttest, or posttest only, drawn from the round''s seed), its survey, and when its teacher released each phase to pupils'' phones.';
create index evaluation_classes_class_idx on public.evaluation_classes (class_id);
create index evaluation_classes_school_idx on public.evaluation_classes (round_id, school_id);

create table public.evaluation_responses (
  response_id uuid primary key default gen_random_uuid(),
  round_id uuid not null,
  class_id uuid not null,
  phase text not null check (phase in ('pre', 'post')),
  answers jsonb not null,
  knowledge double precision not null check (knowledge between 0 and 100),
  harm double precision not null check (harm between 0 and 100),
  norms double precision not null check (norms between 0 and 100),
  refusal double precision not null check (refusal between 0 and 100),
  intention double precision not null check (intention between 0 and 100),
  foreign key (round_id, class_id) references public.evaluation_classes (round_id, class_id)
);
comment on table public.evaluation_responses is 'Anonymous answers: the class, the phase and the item values with the five scale scores (0-100), no pupil id and no time. Read only through evaluation_results.';
create index evaluation_responses_round_idx on public.evaluation_responses (round_id, class_id, phase);

create table public.evaluation_markers (
  marker text primary key check (marker ~ '^[0-9a-f]{64}$')
);
comment on table public.evaluation_markers is 'One-way markers that a pupil answered a phase of a round: sha256 of a secret per-round salt, the user, the round and the phase. Nothing links a marker to a response.';

-- The per-round salt: random, never leaves the database, so a marker cannot be recomputed from a user id.
create table private.evaluation_salts (
  round_id uuid primary key references public.evaluation_rounds (round_id) on delete cascade,
  salt text not null
);
comment on table private.evaluation_salts is 'The secret salt of each evaluation round''s markers; read only by the security definer functions.';

alter table public.evaluation_surveys enable row level security;
alter table public.evaluation_rounds enable row level security;
alter table public.evaluation_round_schools enable row level security;
alter table public.evaluation_classes enable row level security;
alter table public.evaluation_responses enable row level security;
alter table public.evaluation_markers enable row level security;
alter table private.evaluation_salts enable row level security;
revoke all on public.evaluation_surveys, public.evaluation_responses, public.evaluation_markers from anon, authenticated;
revoke all on private.evaluation_salts from public, anon, authenticated;
revoke insert, update, delete, truncate on public.evaluation_rounds, public.evaluation_round_schools, public.evaluation_classes from anon, authenticated;

-- Rounds the caller may see: the office all; staff of a school taking part; pupils of a class in it.
create function private.visible_evaluation_round_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select r.round_id from public.evaluation_rounds r where (select private.is_office())
  union
  select rs.round_id from public.evaluation_round_schools rs
  where (select private.app_role()) in ('teacher', 'school_admin') and rs.school_id = (select private.school_id())
  union
  select ec.round_id from public.evaluation_classes ec where ec.class_id = (select private.own_class_id()) and (select private.app_role()) = 'student'
$$;
grant execute on function private.visible_evaluation_round_ids() to anon, authenticated;

create policy "Office, taking-part staff and pupils can read evaluation rounds" on public.evaluation_rounds
  for select to authenticated using (round_id in (select private.visible_evaluation_round_ids()));
create policy "Office and the school's staff can read the schools of a round" on public.evaluation_round_schools
  for select to authenticated using ((select private.is_office()) or (select private.is_school_staff(school_id)));
create policy "Office, the school's staff and the class's pupils can read a class's arm" on public.evaluation_classes
  for select to authenticated using ((select private.is_office()) or (select private.is_school_staff(school_id)) or class_id = (select private.own_class_id()));
-- evaluation_surveys, evaluation_responses, evaluation_markers: no policy at all.

-- Content sync: every survey version (a changed survey must raise its version; a version once
-- drawn by a round is never rewritten under it).
create function public.sync_evaluation_surveys(p_surveys jsonb) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  v_count int;
begin
  if exists (
    select 1 from jsonb_array_elements(p_surveys) s join public.evaluation_surveys e on e.survey_id = s ->> 'id' and e.version = (s ->> 'version')::int
    where e.items is distinct from s -> 'items' and exists (select 1 from public.evaluation_classes c where c.survey_id = e.survey_id and c.survey_version = e.version)
  ) then
    raise exception '问卷内容改了但版本号没变，而这个版本已经用在评估轮次里：请把 version 加 1' using errcode = 'QYBAD';
  end if;
  insert into public.evaluation_surveys (survey_id, version, title, bands, points, items)
  select s ->> 'id', (s ->> 'version')::int, s ->> 'title', array(select jsonb_array_elements_text(s -> 'bands')), (s ->> 'points')::int, s -> 'items'
  from jsonb_array_elements(p_surveys) s
  on conflict (survey_id, version) do update set title = excluded.title, bands = excluded.bands, points = excluded.points, items = excluded.items;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
revoke all on function public.sync_evaluation_surveys from public, anon, authenticated;
grant execute on function public.sync_evaluation_surveys to service_role;

-- Draws the arms of every eligible class of the round not drawn yet, from the round's seed alone:
-- within each school and grade the classes are ordered by md5(seed:class) and the first half
-- (with an odd class going to the pretest when md5(seed:school:grade) is odd) are pretested.
create function private.draw_evaluation_classes(p_round_id uuid) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  v_round public.evaluation_rounds;
  v_missing text;
  v_count int;
begin
  select * into v_round from public.evaluation_rounds where round_id = p_round_id;
  select string_agg(distinct private.band_for(c.grade, s.stage), '、') into v_missing
  from public.classes c join public.schools s on s.school_id = c.school_id
  join public.evaluation_round_schools rs on rs.round_id = p_round_id and rs.school_id = c.school_id
  where c.school_year = v_round.school_year and c.archived_at is null and private.band_for(c.grade, s.stage) = any (v_round.bands)
    and not exists (select 1 from public.evaluation_surveys sv where private.band_for(c.grade, s.stage) = any (sv.bands));
  if v_missing is not null then
    raise exception '学段 % 还没有评估问卷', v_missing using errcode = 'QYBAD';
  end if;
  with eligible as (
    select c.class_id, c.school_id, c.grade, private.band_for(c.grade, s.stage) as band
    from public.classes c join public.schools s on s.school_id = c.school_id
    join public.evaluation_round_schools rs on rs.round_id = p_round_id and rs.school_id = c.school_id
    where c.school_year = v_round.school_year and c.archived_at is null
      and private.band_for(c.grade, s.stage) = any (v_round.bands)
      and not exists (select 1 from public.evaluation_classes ec where ec.round_id = p_round_id and ec.class_id = c.class_id)
  ), ordered as (
    select e.*,
      row_number() over (partition by e.school_id, e.grade order by md5(v_round.seed::text || ':' || e.class_id::text), e.class_id) as k,
      count(*) over (partition by e.school_id, e.grade) as n,
      ('x' || substr(md5(v_round.seed::text || ':' || e.school_id::text || ':' || e.grade::text), 1, 8))::bit(32)::int & 1 as odd_first
    from eligible e
  )
  insert into public.evaluation_classes (round_id, class_id, school_id, grade, band, survey_id, survey_version, arm)
  select p_round_id, o.class_id, o.school_id, o.grade, o.band, sv.survey_id, sv.version,
    case when o.k <= o.n / 2 + (case when o.n % 2 = 1 then o.odd_first else 0 end) then 'pretest' else 'posttest_only' end
  from ordered o
  cross join lateral (select x.survey_id, x.version from public.evaluation_surveys x where o.band = any (x.bands) order by x.version desc, x.survey_id limit 1) sv;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
revoke all on function private.draw_evaluation_classes from public, anon, authenticated;

-- The office opens a round; returns its id. A seed may be given (to repeat a draw), else one is drawn.
create function public.open_evaluation_round(
  p_school_year int, p_title text, p_bands text[], p_school_ids uuid[],
  p_pre_opens_at timestamptz, p_pre_closes_at timestamptz, p_post_opens_at timestamptz, p_post_closes_at timestamptz,
  p_seed bigint default null
) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  if not private.is_office() then
    raise exception '只有市禁毒办可以开启效果评估' using errcode = 'QYFOR';
  end if;
  if p_bands is null or cardinality(p_bands) = 0 or exists (select 1 from unnest(p_bands) b where b not in ('primary-lower', 'primary-middle', 'primary-upper', 'junior', 'senior', 'vocational')) then
    raise exception '请选择参加评估的学段' using errcode = 'QYBAD';
  end if;
  if p_school_ids is null or cardinality(p_school_ids) = 0 then
    raise exception '请选择参加评估的学校' using errcode = 'QYBAD';
  end if;
  if (select count(*) from public.schools s where s.school_id = any (p_school_ids)) <> (select count(distinct x) from unnest(p_school_ids) x) then
    raise exception '有的学校不存在' using errcode = 'QYBAD';
  end if;
  if not (p_pre_opens_at < p_pre_closes_at and p_pre_closes_at <= p_post_opens_at and p_post_opens_at < p_post_closes_at) then
    raise exception '时间不对：前测开始早于前测结束，前测结束不晚于后测开始，后测开始早于后测结束' using errcode = 'QYBAD';
  end if;
  insert into public.evaluation_rounds (school_year, title, bands, pre_opens_at, pre_closes_at, post_opens_at, post_closes_at, seed, created_by)
  values (p_school_year, p_title, p_bands, p_pre_opens_at, p_pre_closes_at, p_post_opens_at, p_post_closes_at,
    coalesce(p_seed, floor(random() * 2147483647)::bigint), auth.uid())
  returning round_id into v_id;
  insert into public.evaluation_round_schools (round_id, school_id) select distinct v_id, x from unnest(p_school_ids) x;
  insert into private.evaluation_salts (round_id, salt) values (v_id, gen_random_uuid()::text || gen_random_uuid()::text);
  if private.draw_evaluation_classes(v_id) = 0 then
    raise exception '所选学校在 % 学年没有所选学段的班级', p_school_year using errcode = 'QYBAD';
  end if;
  return v_id;
end
$$;
grant execute on function public.open_evaluation_round(int, text, text[], uuid[], timestamptz, timestamptz, timestamptz, timestamptz, bigint) to authenticated;

-- A teacher (or the school admin) releases a phase of the survey to the pupils' phones.
create function public.release_evaluation_survey(p_round_id uuid, p_class_id uuid, p_phase text) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_class public.evaluation_classes;
  v_round public.evaluation_rounds;
begin
  if not private.can_manage_class(p_class_id) then
    raise exception '你不能管理这个班级' using errcode = 'QYFOR';
  end if;
  select * into v_class from public.evaluation_classes where round_id = p_round_id and class_id = p_class_id for update;
  if v_class.class_id is null then
    raise exception '这个班级不在这次效果评估之内' using errcode = 'QYNOF';
  end if;
  if p_phase not in ('pre', 'post') then
    raise exception '阶段只能是前测或后测' using errcode = 'QYBAD';
  end if;
  if p_phase = 'pre' and v_class.arm <> 'pretest' then
    raise exception '这个班级抽到的是“只做后测”，不做前测' using errcode = 'QYBAD';
  end if;
  select * into v_round from public.evaluation_rounds where round_id = p_round_id;
  if now() >= (case p_phase when 'pre' then v_round.pre_closes_at else v_round.post_closes_at end) then
    raise exception '这一阶段的作答时间已经结束' using errcode = 'QYCLO';
  end if;
  update public.evaluation_classes set
    pre_released_at = case when p_phase = 'pre' then coalesce(pre_released_at, now()) else pre_released_at end,
    post_released_at = case when p_phase = 'post' then coalesce(post_released_at, now()) else post_released_at end
  where round_id = p_round_id and class_id = p_class_id;
end
$$;
grant execute on function public.release_evaluation_survey(uuid, uuid, text) to authenticated;

-- The caller's marker for a phase of a round.
create function private.evaluation_marker(p_round_id uuid, p_user_id uuid, p_phase text) returns text
language sql stable security definer set search_path = ''
as $$
  select encode(sha256(convert_to(s.salt || ':' || p_round_id::text || ':' || p_user_id::text || ':' || p_phase, 'UTF8')), 'hex')
  from private.evaluation_salts s where s.round_id = p_round_id
$$;
revoke all on function private.evaluation_marker from public, anon, authenticated;

-- A pupil answers a phase of a round for their own class, once, inside the window, after the
-- teacher released it. Only the marker and the anonymous response are written.
create function public.submit_evaluation_response(p_round_id uuid, p_class_id uuid, p_phase text, p_answers jsonb) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_class public.evaluation_classes;
  v_round public.evaluation_rounds;
  v_survey public.evaluation_surveys;
  v_opens timestamptz;
  v_closes timestamptz;
  v_bad text;
  v_scores double precision[];
begin
  if private.app_role() is distinct from 'student' then
    raise exception '只有学生可以填写效果评估问卷' using errcode = 'QYFOR';
  end if;
  if p_class_id is distinct from private.own_class_id() then
    raise exception '只能为自己所在的班级作答' using errcode = 'QYFOR';
  end if;
  select * into v_class from public.evaluation_classes where round_id = p_round_id and class_id = p_class_id;
  if v_class.class_id is null then
    raise exception '你的班级不在这次效果评估之内' using errcode = 'QYNOF';
  end if;
  if p_phase is null or p_phase not in ('pre', 'post') then
    raise exception '阶段只能是前测或后测' using errcode = 'QYBAD';
  end if;
  if p_phase = 'pre' and v_class.arm <> 'pretest' then
    raise exception '你的班级这次只做后测，不做前测' using errcode = 'QYBAD';
  end if;
  select * into v_round from public.evaluation_rounds where round_id = p_round_id;
  v_opens := case p_phase when 'pre' then v_round.pre_opens_at else v_round.post_opens_at end;
  v_closes := case p_phase when 'pre' then v_round.pre_closes_at else v_round.post_closes_at end;
  if now() < v_opens or now() >= v_closes then
    raise exception '现在不在%的作答时间内（% 至 %）', case p_phase when 'pre' then '前测' else '后测' end,
      to_char(v_opens at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), to_char(v_closes at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
      using errcode = 'QYCLO';
  end if;
  if (case p_phase when 'pre' then v_class.pre_released_at else v_class.post_released_at end) is null then
    raise exception '老师还没有发布这份问卷' using errcode = 'QYCLO';
  end if;

  select * into v_survey from public.evaluation_surveys where survey_id = v_class.survey_id and version = v_class.survey_version;
  if p_answers is null or jsonb_typeof(p_answers) <> 'object' then
    raise exception '答案格式不对' using errcode = 'QYBAD';
  end if;
  select string_agg(i.ord::text, '、' order by i.ord) into v_bad
  from jsonb_array_elements(v_survey.items) with ordinality i (item, ord)
  where case when coalesce(p_answers ->> (i.item ->> 'id'), '') !~ '^[1-5]$' then true
    else (p_answers ->> (i.item ->> 'id'))::int > case when i.item ->> 'scale' = 'knowledge' then 3 else v_survey.points end end;
  if v_bad is not null then
    raise exception '第 % 题还没有作答（或答案无效）', v_bad using errcode = 'QYBAD';
  end if;
  if exists (select 1 from jsonb_object_keys(p_answers) k where k not in (select i ->> 'id' from jsonb_array_elements(v_survey.items) i)) then
    raise exception '答案里有问卷中没有的题目' using errcode = 'QYBAD';
  end if;

  insert into public.evaluation_markers (marker) values (private.evaluation_marker(p_round_id, auth.uid(), p_phase)) on conflict do nothing;
  if not found then
    raise exception '你已经填过这份问卷了，每人只能填一次' using errcode = 'QYDUP';
  end if;

  -- Knowledge: percent correct (不知道 counts as not correct). Other scales: percent of the
  -- maximum possible, after reverse-coding, so surveys with 3, 4 or 5 points compare.
  select array_agg(score order by ord) into v_scores
  from (
    select sc.ord, (100.0 * avg(case
      when i.item ->> 'scale' = 'knowledge' then case when v.value = case when (i.item ->> 'key')::boolean then 1 else 2 end then 1 else 0 end
      when coalesce((i.item ->> 'reverse')::boolean, false) then (v_survey.points - v.value)::numeric / (v_survey.points - 1)
      else (v.value - 1)::numeric / (v_survey.points - 1) end))::double precision as score
    from unnest(array['knowledge', 'harm', 'norms', 'refusal', 'intention']) with ordinality sc (scale, ord)
    join jsonb_array_elements(v_survey.items) i (item) on i.item ->> 'scale' = sc.scale
    cross join lateral (select (p_answers ->> (i.item ->> 'id'))::int as value) v
    group by sc.ord
  ) s;
  insert into public.evaluation_responses (round_id, class_id, phase, answers, knowledge, harm, norms, refusal, intention)
  values (p_round_id, p_class_id, p_phase,
    (select jsonb_object_agg(i ->> 'id', (p_answers ->> (i ->> 'id'))::int) from jsonb_array_elements(v_survey.items) i),
    v_scores[1], v_scores[2], v_scores[3], v_scores[4], v_scores[5]);
end
$$;
grant execute on function public.submit_evaluation_response(uuid, uuid, text, jsonb) to authenticated;

-- The surveys a pupil's class has in open or coming windows, and whether the pupil answered.
create function public.my_evaluation_surveys()
returns table (round_id uuid, title text, class_id uuid, phase text, survey_id text, survey_version int, opens_at timestamptz, closes_at timestamptz, released boolean, answered boolean)
language sql stable security definer set search_path = ''
as $$
  select r.round_id, r.title, ec.class_id, p.phase, ec.survey_id, ec.survey_version, p.opens_at, p.closes_at, p.released,
    exists (select 1 from public.evaluation_markers m where m.marker = private.evaluation_marker(r.round_id, (select auth.uid()), p.phase))
  from public.evaluation_classes ec
  join public.evaluation_rounds r on r.round_id = ec.round_id
  cross join lateral (values ('pre', r.pre_opens_at, r.pre_closes_at, ec.pre_released_at is not null, ec.arm = 'pretest'),
                             ('post', r.post_opens_at, r.post_closes_at, ec.post_released_at is not null, true)) p (phase, opens_at, closes_at, released, applies)
  where (select private.app_role()) = 'student' and ec.class_id = (select private.own_class_id()) and p.applies and p.closes_at > now()
  order by p.opens_at
$$;
grant execute on function public.my_evaluation_surveys() to authenticated;

-- How many pupils of a class answered each phase (counts only), for its teachers, its school admin and the office.
create function public.evaluation_class_counts(p_round_id uuid, p_class_id uuid) returns table (phase text, responses int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (private.is_office() or private.can_manage_class(p_class_id)) then
    raise exception '你不能查看这个班级' using errcode = 'QYFOR';
  end if;
  return query select p.phase, (select count(*)::int from public.evaluation_responses r where r.round_id = p_round_id and r.class_id = p_class_id and r.phase = p.phase)
    from (values ('pre'), ('post')) p (phase);
end
$$;
grant execute on function public.evaluation_class_counts(uuid, uuid) to authenticated;

-- Results as cells of (dimension, group, sample) with, per scale, the mean and the sample SD.
-- Hierarchies: all > band > grade and all > district > school (a school admin: their school > band
-- > grade). Samples: pre (pretested classes' pretest), post (their posttest), post_only (the
-- posttest of classes not pretested). withheld: 'open' while the phase's window is open,
-- 'small' under 10 responses or when needed so the withheld cells of one parent hold 0 or >= 10.
create function public.evaluation_results(p_round_id uuid)
returns table (dimension text, group_key text, parent_key text, sample text, responses int, withheld text,
  scale text, mean double precision, sd double precision)
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_office boolean := private.is_office();
  v_school uuid;
  v_round public.evaluation_rounds;
begin
  if not v_office then
    if private.app_role() is distinct from 'school_admin' then
      raise exception '只有市禁毒办和学校管理员可以查看评估结果' using errcode = 'QYFOR';
    end if;
    v_school := private.school_id();
    if not exists (select 1 from public.evaluation_round_schools rs where rs.round_id = p_round_id and rs.school_id = v_school) then
      raise exception '你的学校没有参加这次效果评估' using errcode = 'QYFOR';
    end if;
  end if;
  select * into v_round from public.evaluation_rounds r where r.round_id = p_round_id;
  if v_round.round_id is null then
    raise exception '找不到这次效果评估' using errcode = 'QYNOF';
  end if;
  return query
  with per_class as (
    -- One pass over the responses: sums per class and phase, so the grouping below works on classes.
    select r.class_id, r.phase, count(*) as n,
      sum(r.knowledge) as s1, sum(r.knowledge * r.knowledge) as q1, sum(r.harm) as s2, sum(r.harm * r.harm) as q2,
      sum(r.norms) as s3, sum(r.norms * r.norms) as q3, sum(r.refusal) as s4, sum(r.refusal * r.refusal) as q4,
      sum(r.intention) as s5, sum(r.intention * r.intention) as q5
    from public.evaluation_responses r
    where r.round_id = p_round_id
      and (v_office or r.class_id in (select ec.class_id from public.evaluation_classes ec where ec.round_id = p_round_id and ec.school_id = v_school))
    group by r.class_id, r.phase
  ), base as (
    select case when pc.phase = 'pre' then 'pre' when ec.arm = 'pretest' then 'post' else 'post_only' end as smp,
      ec.band, ec.band || ':' || ec.grade as grade_key, s.district_id::text as district_key, ec.school_id::text as school_key, pc.*
    from per_class pc
    join public.evaluation_classes ec on ec.round_id = p_round_id and ec.class_id = pc.class_id
    join public.schools s on s.school_id = ec.school_id
    where v_office or ec.school_id = v_school
  ), cells as (
    select
      case when grouping(b.grade_key) = 0 then 'grade' when grouping(b.band) = 0 then 'band'
           when grouping(b.school_key) = 0 then 'school' when grouping(b.district_key) = 0 then 'district' else 'all' end as dim,
      coalesce(b.grade_key, b.band, b.school_key, b.district_key, '') as gkey,
      case when grouping(b.grade_key) = 0 then b.band when grouping(b.school_key) = 0 then b.district_key else '' end as pkey,
      b.smp, sum(b.n)::int as n,
      array[sum(b.s1), sum(b.s2), sum(b.s3), sum(b.s4), sum(b.s5)] as sums,
      array[sum(b.q1), sum(b.q2), sum(b.q3), sum(b.q4), sum(b.q5)] as squares
    from base b
    group by grouping sets ((b.smp), (b.smp, b.band), (b.smp, b.band, b.grade_key), (b.smp, b.district_key), (b.smp, b.district_key, b.school_key))
  ), judged as (
    select c.*,
      case
        when (c.smp = 'pre' and now() < v_round.pre_closes_at) or (c.smp <> 'pre' and now() < v_round.post_closes_at) then 'open'
        when c.n < 10 then 'small'
        when min(c.n) over w < 10 and coalesce(sum(c.n) over (w order by c.n, c.gkey rows between unbounded preceding and 1 preceding), 0) < 10 then 'small'
      end as why
    from cells c
    where v_office or c.dim not in ('district', 'school')
    window w as (partition by c.dim, c.pkey, c.smp)
  )
  select j.dim, j.gkey, j.pkey, j.smp, j.n, j.why, sc.scale,
    case when j.why is null then j.sums[sc.i] / j.n end,
    case when j.why is null then sqrt(greatest(0, (j.squares[sc.i] - j.sums[sc.i] ^ 2 / j.n) / (j.n - 1))) end
  from judged j
  cross join unnest(array['knowledge', 'harm', 'norms', 'refusal', 'intention']) with ordinality sc (scale, i)
  order by 1, 2, 4, sc.i;
end
$$;
grant execute on function public.evaluation_results(uuid) to authenticated;
