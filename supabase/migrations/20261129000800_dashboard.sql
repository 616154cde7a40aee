-- The city dashboard: annual targets the office edits, rollups that keep the figures cheap on
-- large data (100 schools, 100,000 students, millions of progress rows), and the office-only
-- functions that compute per-school and per-month figures.

create table public.annual_targets (
  school_year int not null check (school_year between 2019 and 2100),
  metric text not null check (metric in ('coverage', 'mastery', 'contest_participation', 'contest_pass', 'demonstration_provincial', 'demonstration_municipal')),
  value numeric(6, 1) not null check (value >= 0),
  primary key (school_year, metric)
);
comment on table public.annual_targets is 'Targets per school year (percent, or a count of schools for demonstration); defaults from the action plan, editable by the office.';

-- The action plan's targets (section 一(三)): coverage 80/90/100 %, 3 provincial and 10
-- municipal demonstration schools by 2021; later years keep the 2021 level until the office edits them.
insert into public.annual_targets (school_year, metric, value)
select y, m, v from (values
  (2019, 'coverage', 80), (2020, 'coverage', 90), (2021, 'coverage', 100),
  (2021, 'demonstration_provincial', 3), (2021, 'demonstration_municipal', 10)
) as t (y, m, v)
union all
select y, m, v from generate_series(2022, 2030) y, (values ('coverage', 100), ('mastery', 90), ('contest_participation', 90), ('contest_pass', 85),
  ('demonstration_provincial', 3), ('demonstration_municipal', 10)) as d (m, v);

alter table public.annual_targets enable row level security;
create policy "Signed-in users can read targets" on public.annual_targets for select to authenticated using (true);
create policy "The office sets targets" on public.annual_targets for insert to authenticated with check ((select private.is_office()));
create policy "The office changes targets" on public.annual_targets for update to authenticated using ((select private.is_office())) with check ((select private.is_office()));
create policy "The office removes targets" on public.annual_targets for delete to authenticated using ((select private.is_office()));

-- Rollups, kept by a trigger on lesson_progress: required lessons each student has mastered,
-- and lessons mastered per school and month.
create table public.student_mastery (
  student_id uuid primary key references public.users (user_id) on delete cascade,
  required_mastered int not null default 0
);
comment on table public.student_mastery is 'Rollup: how many required lessons a student has mastered (maintained by a trigger).';

create table public.monthly_mastery (
  school_id uuid not null references public.schools (school_id),
  month date not null,
  lessons_mastered int not null default 0,
  primary key (school_id, month)
);
comment on table public.monthly_mastery is 'Rollup: lessons first mastered per school and month (maintained by a trigger).';

alter table public.student_mastery enable row level security;
alter table public.monthly_mastery enable row level security;
create policy "The office reads the mastery rollup" on public.student_mastery for select to authenticated using ((select private.is_office()));
create policy "The office reads the monthly rollup" on public.monthly_mastery for select to authenticated using ((select private.is_office()));
revoke insert, update, delete on public.student_mastery, public.monthly_mastery from anon, authenticated;

create function private.roll_up_mastery() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_school uuid;
begin
  if new.mastered_at is null or (tg_op = 'UPDATE' and old.mastered_at is not null) then
    return null;
  end if;
  if exists (select 1 from public.lessons l where l.lesson_id = new.lesson_id and l.required) then
    insert into public.student_mastery as m (student_id, required_mastered) values (new.student_id, 1)
    on conflict (student_id) do update set required_mastered = m.required_mastered + 1;
  end if;
  select s.school_id into v_school from public.students s where s.user_id = new.student_id;
  if v_school is not null then
    insert into public.monthly_mastery as m (school_id, month, lessons_mastered)
    values (v_school, date_trunc('month', new.mastered_at at time zone 'Asia/Shanghai')::date, 1)
    on conflict (school_id, month) do update set lessons_mastered = m.lessons_mastered + 1;
  end if;
  return null;
end
$$;
create trigger lesson_progress_rollup after insert or update of mastered_at on public.lesson_progress
  for each row execute function private.roll_up_mastery();

-- Rebuilds both rollups from lesson_progress (after a bulk load or a repair). Service role only.
create function public.refresh_mastery_rollups() returns void
language sql security definer set search_path = ''
as $$
  delete from public.student_mastery where true;
  insert into public.student_mastery (student_id, required_mastered)
    select p.student_id, count(*) from public.lesson_progress p join public.lessons l on l.lesson_id = p.lesson_id
    where p.mastered_at is not null and l.required group by p.student_id;
  delete from public.monthly_mastery where true;
  insert into public.monthly_mastery (school_id, month, lessons_mastered)
    select s.school_id, date_trunc('month', p.mastered_at at time zone 'Asia/Shanghai')::date, count(*)
    from public.lesson_progress p join public.students s on s.user_id = p.student_id
    where p.mastered_at is not null group by 1, 2;
$$;

-- Per school for a school year: students, those who mastered every required lesson of their
-- band, classes and those that met their hours, and contest figures (best result per student
-- over the year's contests). Office only.
create function public.dashboard_schools(p_year int)
returns table (school_id uuid, school_name text, district_id uuid, district_name text, students int, students_mastered int,
  classes int, classes_met int, hours_delivered numeric, contest_students int, contest_participants int, contest_passed int, contest_excellent int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.is_office() then
    raise exception '只有市禁毒办可以查看全市统计' using errcode = 'QYFOR';
  end if;
  return query
  with live_classes as (
    select c.class_id, c.school_id, c.grade, private.band_for(c.grade, sc.stage) as band
    from public.classes c join public.schools sc on sc.school_id = c.school_id
    where c.school_year = p_year and c.archived_at is null
  ), required as (
    select l.band, count(*)::int as n from public.lessons l where l.required and l.retired_at is null group by l.band
  ), pupils as (
    select s.user_id, lc.school_id, lc.band,
      coalesce(m.required_mastered, 0) >= coalesce(r.n, 0) and coalesce(r.n, 0) > 0 as mastered
    from public.students s join live_classes lc on lc.class_id = s.class_id
    left join public.student_mastery m on m.student_id = s.user_id
    left join required r on r.band = lc.band
  ), hours as (
    select lc.class_id, lc.school_id,
      coalesce(sum(cs.hours), 0) as delivered,
      coalesce((select hr.hours from public.hours_requirements hr where hr.school_year = p_year and hr.grade = lc.grade), 2) as needed
    from live_classes lc left join public.class_sessions cs on cs.class_id = lc.class_id
      and cs.held_on >= make_date(p_year, 9, 1) and cs.held_on < make_date(p_year + 1, 9, 1)
    group by lc.class_id, lc.school_id, lc.grade
  ), contest_best as (
    select a.student_id, max(a.percent) as percent, bool_or(a.percent >= c.pass_percent) as passed, bool_or(a.percent >= c.excellent_percent) as excellent
    from public.attempts a join public.contests c on c.contest_id = a.contest_id
    where c.school_year = p_year and a.submitted_at is not null group by a.student_id
  ), contest_levels as (
    select distinct c.level from public.contests c where c.school_year = p_year
  )
  select sc.school_id, sc.name, d.district_id, d.name,
    (select count(*)::int from pupils p where p.school_id = sc.school_id),
    (select count(*)::int from pupils p where p.school_id = sc.school_id and p.mastered),
    (select count(*)::int from hours h where h.school_id = sc.school_id),
    (select count(*)::int from hours h where h.school_id = sc.school_id and h.delivered >= h.needed),
    (select coalesce(sum(h.delivered), 0) from hours h where h.school_id = sc.school_id),
    (select count(*)::int from pupils p where p.school_id = sc.school_id
      and (case when p.band like 'primary%' then 'primary' else 'secondary' end) in (select cl.level from contest_levels cl)),
    (select count(*)::int from pupils p join contest_best b on b.student_id = p.user_id where p.school_id = sc.school_id),
    (select count(*)::int from pupils p join contest_best b on b.student_id = p.user_id where p.school_id = sc.school_id and b.passed),
    (select count(*)::int from pupils p join contest_best b on b.student_id = p.user_id where p.school_id = sc.school_id and b.excellent)
  from public.schools sc join public.districts d on d.district_id = sc.district_id
  order by d.name, sc.name;
end
$$;

-- Per month of a school year: class hours delivered and lessons mastered. Office only.
create function public.dashboard_months(p_year int)
returns table (month date, hours_delivered numeric, lessons_mastered int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.is_office() then
    raise exception '只有市禁毒办可以查看全市统计' using errcode = 'QYFOR';
  end if;
  return query
  select m.month::date,
    coalesce((select sum(cs.hours) from public.class_sessions cs where cs.held_on >= m.month and cs.held_on < m.month + interval '1 month'), 0),
    coalesce((select sum(mm.lessons_mastered)::int from public.monthly_mastery mm where mm.month = m.month), 0)
  from generate_series(make_date(p_year, 9, 1), make_date(p_year + 1, 8, 1), interval '1 month') as m (month)
  order by 1;
end
$$;

create index if not exists students_school_idx on public.students (school_id);
create index if not exists classes_year_idx on public.classes (school_year) where archived_at is null;

revoke all on function public.refresh_mastery_rollups, public.dashboard_schools, public.dashboard_months from public, anon, authenticated;
grant execute on function public.refresh_mastery_rollups to service_role;
grant execute on function public.dashboard_schools, public.dashboard_months to authenticated, service_role;
revoke all on all functions in schema private from public;
grant execute on all functions in schema private to anon, authenticated, service_role;
