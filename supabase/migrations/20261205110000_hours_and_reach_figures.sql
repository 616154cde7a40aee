-- One owner for class hours, coverage and households reached, read through PostgREST's row cap.
-- Before, the office home, the school board and the teacher's pages read every ledger row of the
-- year and summed them in TypeScript (src/lib/domain/ledger.ts), the office home grouped classes
-- by school name, and the households-reached page read every household visit; with Supabase's
-- max_rows (1,000) those reads would have been cut short without an error. These functions are
-- security invoker: row level security decides which classes and visits a caller's figures
-- count, as it did for the reads they replace.

-- Each class of a school year with its delivered hours against its grade's requirement (the
-- city's setting, else the syllabus minimum of 2): `short` is what is left to deliver, `met`
-- whether nothing is. `platform` is the part classroom sessions recorded.
create function public.class_hours(p_year int)
returns table (class_id uuid, school_id uuid, name text, grade int, archived boolean, delivered numeric, platform numeric, required numeric, short numeric, met boolean)
language sql stable security invoker set search_path = ''
as $$
  with delivered as (
    select s.class_id, sum(s.hours) as hours, sum(s.hours) filter (where s.source = 'platform') as platform
    from public.class_sessions s
    where s.held_on >= make_date(p_year, 9, 1) and s.held_on < make_date(p_year + 1, 9, 1)
    group by s.class_id
  )
  select c.class_id, c.school_id, c.name, c.grade, c.archived_at is not null,
    coalesce(d.hours, 0), coalesce(d.platform, 0), coalesce(hr.hours, 2.0),
    greatest(coalesce(hr.hours, 2.0) - coalesce(d.hours, 0), 0),
    coalesce(d.hours, 0) >= coalesce(hr.hours, 2.0)
  from public.classes c
  left join delivered d on d.class_id = c.class_id
  left join public.hours_requirements hr on hr.school_year = p_year and hr.grade = c.grade
  where c.school_year = p_year
$$;
comment on function public.class_hours(int) is 'Each class of a school year the caller may see: hours delivered, recorded by the platform, required and short, and whether it met its requirement.';
grant execute on function public.class_hours(int) to authenticated;

-- Per school, its live classes of the year: how many met their hours (coverage counts classes,
-- not hours, so one class's surplus cannot hide another's shortfall; whole percent, floored,
-- null without classes), and hours delivered and recorded by the platform.
create function public.school_hours(p_year int)
returns table (school_id uuid, classes int, classes_met int, delivered numeric, platform numeric, coverage int)
language sql stable security invoker set search_path = ''
as $$
  select h.school_id, count(*)::int, count(*) filter (where h.met)::int,
    sum(h.delivered), sum(h.platform),
    (count(*) filter (where h.met) * 100 / count(*))::int
  from public.class_hours(p_year) h
  where not h.archived
  group by h.school_id
$$;
comment on function public.school_hours(int) is 'Per school, the live classes of a school year the caller may see: classes, classes that met their hours, coverage, hours delivered and recorded by the platform.';
grant execute on function public.school_hours(int) to authenticated;

-- Households reached at 进家庭 events, per district and community: the visits the caller may see.
create function public.household_reach()
returns table (district_name text, community text, households int, visits int)
language sql stable security invoker set search_path = ''
as $$
  select coalesce(d.name, ''), v.community, sum(v.households)::int, count(*)::int
  from public.household_visits v
  left join public.events e on e.event_id = v.event_id
  left join public.districts d on d.district_id = e.district_id
  group by coalesce(d.name, ''), v.community
$$;
comment on function public.household_reach() is 'Households reached and visits logged, per district and community, among the household visits the caller may see.';
grant execute on function public.household_reach() to authenticated;

-- The city dashboard counts classes and hours from the same function as the office home.
create or replace function public.dashboard_schools(p_year int)
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
    select c.class_id, c.school_id, c.grade, private.band_for(c.grade, sc.stage) as band, private.curriculum_grade(c.grade, sc.stage) as map_grade
    from public.classes c join public.schools sc on sc.school_id = c.school_id
    where c.school_year = p_year and c.archived_at is null
  ), required as (
    select rl.band, rl.grade, count(*)::int as n from private.required_lessons rl group by rl.band, rl.grade
  ), levels as (
    select coalesce(array_agg(distinct c.level), '{}') as levels from public.contests c where c.school_year = p_year
  ), pupils as (
    select lc.school_id,
      sum(cs.students)::int as students,
      coalesce(sum(cs.students) filter (where coalesce(r.n, 0) > 0 and cs.required_mastered >= r.n), 0)::int as mastered,
      coalesce(sum(cs.students) filter (where (case when lc.band like 'primary%' then 'primary' else 'secondary' end) = any (lv.levels)), 0)::int as contest_students,
      coalesce(sum(cs.students) filter (where cs.contest_level >= 1), 0)::int as participants,
      coalesce(sum(cs.students) filter (where cs.contest_level >= 2), 0)::int as passed,
      coalesce(sum(cs.students) filter (where cs.contest_level >= 3), 0)::int as excellent
    from private.class_standing cs join live_classes lc on lc.class_id = cs.class_id
    left join required r on r.band = lc.band and r.grade = lc.map_grade cross join levels lv
    where cs.students > 0
    group by lc.school_id
  ), class_hours as (
    select sh.school_id, sh.classes, sh.classes_met as met, sh.delivered as hours from public.school_hours(p_year) sh
  )
  select sc.school_id, sc.name, d.district_id, d.name,
    coalesce(p.students, 0), coalesce(p.mastered, 0), coalesce(h.classes, 0), coalesce(h.met, 0), coalesce(h.hours, 0),
    coalesce(p.contest_students, 0), coalesce(p.participants, 0), coalesce(p.passed, 0), coalesce(p.excellent, 0)
  from public.schools sc join public.districts d on d.district_id = sc.district_id
  left join pupils p on p.school_id = sc.school_id
  left join class_hours h on h.school_id = sc.school_id
  order by d.name, sc.name;
end
$$;
