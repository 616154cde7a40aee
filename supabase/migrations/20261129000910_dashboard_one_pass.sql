-- dashboard_schools in one pass per source: students, classes and contest results are each
-- grouped by school once, instead of a correlated count per school and figure (3.9 s on
-- 100,000 students; the office's page needs well under 100 ms).

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
    select c.class_id, c.school_id, c.grade, private.band_for(c.grade, sc.stage) as band
    from public.classes c join public.schools sc on sc.school_id = c.school_id
    where c.school_year = p_year and c.archived_at is null
  ), required as (
    select l.band, count(*)::int as n from public.lessons l where l.required and l.retired_at is null group by l.band
  ), levels as (
    select array_agg(distinct c.level) as levels from public.contests c where c.school_year = p_year
  ), contest_best as (
    select a.student_id, bool_or(a.percent >= c.pass_percent) as passed, bool_or(a.percent >= c.excellent_percent) as excellent
    from public.attempts a join public.contests c on c.contest_id = a.contest_id
    where c.school_year = p_year and a.submitted_at is not null group by a.student_id
  ), pupils as (
    select s.school_id,
      count(*)::int as students,
      count(*) filter (where coalesce(r.n, 0) > 0 and coalesce(m.required_mastered, 0) >= r.n)::int as mastered,
      count(*) filter (where (case when lc.band like 'primary%' then 'primary' else 'secondary' end) = any (coalesce((select levels from levels), '{}')))::int as contest_students,
      count(b.student_id)::int as participants,
      count(b.student_id) filter (where b.passed)::int as passed,
      count(b.student_id) filter (where b.excellent)::int as excellent
    from public.students s join live_classes lc on lc.class_id = s.class_id
    left join public.student_mastery m on m.student_id = s.user_id
    left join required r on r.band = lc.band
    left join contest_best b on b.student_id = s.user_id
    group by s.school_id
  ), delivered as (
    select cs.class_id, sum(cs.hours) as hours from public.class_sessions cs
    where cs.held_on >= make_date(p_year, 9, 1) and cs.held_on < make_date(p_year + 1, 9, 1) group by cs.class_id
  ), class_hours as (
    select lc.school_id, count(*)::int as classes,
      count(*) filter (where coalesce(d.hours, 0) >= coalesce(hr.hours, 2))::int as met,
      coalesce(sum(d.hours), 0) as hours
    from live_classes lc left join delivered d on d.class_id = lc.class_id
    left join public.hours_requirements hr on hr.school_year = p_year and hr.grade = lc.grade
    group by lc.school_id
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
