-- The curriculum map by grade (issue 11): every lesson names the grades it is for, and mastery,
-- the dashboard and the certificate count the required lessons of the class's own grade, not of
-- its whole band (a grade-4 pupil no longer owes grade 3's lessons, and never meets the same
-- required lesson in two school years).

alter table public.lessons add column grades int[] not null default '{}';
comment on column public.lessons.grades is 'The grades a lesson is for, inside its band (vocational: 10-12 = 中职一至三年级); empty means every grade of the band.';

-- The grade of the curriculum map a class studies: its own grade, and for a vocational school
-- 中职一至三年级 entered as 1-3 or as 10-12 both mean the vocational lessons of grades 10-12.
-- Mirrored for the pages by schoolGradeOfClass in src/lib/domain/grades.ts (parity-tested).
create function private.curriculum_grade(p_grade int, p_stage text) returns int
language sql immutable set search_path = ''
as $$
  select case when p_stage = 'vocational' and p_grade between 1 and 3 then p_grade + 9 else p_grade end;
$$;

-- Every live required lesson with each grade it counts for.
create view private.required_lessons as
  select l.lesson_id, l.band, g.grade
  from public.lessons l
  cross join lateral unnest(
    case when cardinality(l.grades) > 0 then l.grades
    else case l.band
      when 'primary-lower' then array[1, 2] when 'primary-middle' then array[3, 4] when 'primary-upper' then array[5, 6]
      when 'junior' then array[7, 8, 9] else array[10, 11, 12] end
    end) as g (grade)
  where l.required and l.retired_at is null;
comment on view private.required_lessons is 'Live required lessons and the grades they count for; the one place that says which lessons a class owes.';

revoke all on function private.curriculum_grade from public, anon, authenticated;
revoke all on private.required_lessons from public, anon, authenticated;

-- Content sync: the grades of each lesson (sync_content upserts everything else).
create function public.sync_lesson_grades(p_lessons jsonb) returns int
language sql security definer set search_path = ''
as $$
  with given as (
    select l ->> 'id' as lesson_id, array(select jsonb_array_elements_text(l -> 'grades')::int order by 1) as grades
    from jsonb_array_elements(p_lessons) l
    where jsonb_typeof(l -> 'grades') = 'array'
  ), changed as (
    update public.lessons set grades = g.grades from given g
    where lessons.lesson_id = g.lesson_id and lessons.grades is distinct from g.grades
    returning 1
  )
  select count(*)::int from changed;
$$;
comment on function public.sync_lesson_grades is 'Sets each lesson''s grades from content/lessons; returns how many changed. Service role only.';
revoke all on function public.sync_lesson_grades from public, anon, authenticated;
grant execute on function public.sync_lesson_grades to service_role;

-- A lesson moved to other grades changes the count of every student who mastered it.
drop trigger lessons_standing on public.lessons;
create trigger lessons_standing after update of required, retired_at, band, grades on public.lessons
  for each row when (old.required is distinct from new.required or (old.retired_at is null) <> (new.retired_at is null)
    or old.band is distinct from new.band or old.grades is distinct from new.grades)
  execute function private.restate_lesson();

-- One student's standing: as before, but counting the required lessons of the class's grade.
create or replace function private.restate_student(p_student uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_old private.student_standing;
  v_class uuid;
  v_band text;
  v_grade int;
  v_year int;
  v_mastered int;
  v_level smallint;
begin
  select * into v_old from private.student_standing where student_id = p_student for update;
  select s.class_id, private.band_for(c.grade, sc.stage), private.curriculum_grade(c.grade, sc.stage), c.school_year
  into v_class, v_band, v_grade, v_year
  from public.students s join public.classes c on c.class_id = s.class_id join public.schools sc on sc.school_id = c.school_id
  where s.user_id = p_student;

  if v_class is null then
    if v_old.student_id is not null then
      perform private.shift_standing(v_old.class_id, v_old.required_mastered, v_old.contest_level, -1);
      delete from private.student_standing where student_id = p_student;
    end if;
    delete from public.student_mastery where student_id = p_student;
    return;
  end if;

  select count(*)::int into v_mastered
  from public.lesson_progress p join private.required_lessons rl on rl.lesson_id = p.lesson_id
  where p.student_id = p_student and p.mastered_at is not null and rl.band = v_band and rl.grade = v_grade;
  select coalesce(max(case when a.percent >= c.excellent_percent then 3 when a.percent >= c.pass_percent then 2 else 1 end), 0)::smallint into v_level
  from public.attempts a join public.contests c on c.contest_id = a.contest_id
  where a.student_id = p_student and a.submitted_at is not null and c.school_year = v_year;

  if v_mastered > 0 then
    insert into public.student_mastery as m (student_id, required_mastered) values (p_student, v_mastered)
    on conflict (student_id) do update set required_mastered = excluded.required_mastered
    where m.required_mastered is distinct from excluded.required_mastered;
  else
    delete from public.student_mastery where student_id = p_student;
  end if;

  if v_old.student_id is not null and (v_old.class_id, v_old.required_mastered, v_old.contest_level) = (v_class, v_mastered, v_level) then
    return;
  end if;
  -- Both cells in key order, so two transactions never lock the same pair in opposite orders.
  if v_old.student_id is null then
    perform private.shift_standing(v_class, v_mastered, v_level, 1);
    insert into private.student_standing (student_id, class_id, required_mastered, contest_level) values (p_student, v_class, v_mastered, v_level);
    return;
  elsif (v_old.class_id, v_old.required_mastered, v_old.contest_level) < (v_class, v_mastered, v_level) then
    perform private.shift_standing(v_old.class_id, v_old.required_mastered, v_old.contest_level, -1);
    perform private.shift_standing(v_class, v_mastered, v_level, 1);
  else
    perform private.shift_standing(v_class, v_mastered, v_level, 1);
    perform private.shift_standing(v_old.class_id, v_old.required_mastered, v_old.contest_level, -1);
  end if;
  update private.student_standing set class_id = v_class, required_mastered = v_mastered, contest_level = v_level where student_id = p_student;
end
$$;
revoke all on function private.restate_student(uuid) from public, anon, authenticated, service_role;

-- The rebuild, counting by grade like restate_student.
create or replace function public.refresh_mastery_rollups() returns void
language sql security definer set search_path = ''
as $$
  delete from private.student_standing where true;
  with placed as (
    select s.user_id, s.class_id, private.band_for(c.grade, sc.stage) as band, private.curriculum_grade(c.grade, sc.stage) as grade, c.school_year
    from public.students s join public.classes c on c.class_id = s.class_id join public.schools sc on sc.school_id = c.school_id
  ), mastered as (
    select p.student_id, count(*)::int as n
    from public.lesson_progress p join private.required_lessons rl on rl.lesson_id = p.lesson_id
    join placed pl on pl.user_id = p.student_id and pl.band = rl.band and pl.grade = rl.grade
    where p.mastered_at is not null group by p.student_id
  ), contest as (
    select a.student_id, max(case when a.percent >= ct.excellent_percent then 3 when a.percent >= ct.pass_percent then 2 else 1 end)::smallint as level
    from public.attempts a join public.contests ct on ct.contest_id = a.contest_id join placed pl on pl.user_id = a.student_id and pl.school_year = ct.school_year
    where a.submitted_at is not null group by a.student_id
  )
  insert into private.student_standing (student_id, class_id, required_mastered, contest_level)
    select pl.user_id, pl.class_id, coalesce(m.n, 0), coalesce(c.level, 0::smallint)
    from placed pl left join mastered m on m.student_id = pl.user_id left join contest c on c.student_id = pl.user_id;
  delete from private.class_standing where true;
  insert into private.class_standing (class_id, required_mastered, contest_level, students)
    select class_id, required_mastered, contest_level, count(*) from private.student_standing group by 1, 2, 3;
  delete from public.student_mastery where true;
  insert into public.student_mastery (student_id, required_mastered)
    select student_id, required_mastered from private.student_standing where required_mastered > 0;
  delete from public.monthly_mastery where true;
  insert into public.monthly_mastery (school_id, month, lessons_mastered)
    select s.school_id, date_trunc('month', p.mastered_at at time zone 'Asia/Shanghai')::date, count(*)
    from public.lesson_progress p join public.students s on s.user_id = p.student_id
    where p.mastered_at is not null group by 1, 2;
$$;

-- Per school for a school year: a class has mastered when its pupils mastered every required
-- lesson of the class's grade.
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

-- The calling student's certificate standing: the required lessons of their class's grade.
create or replace function public.certificate_status()
returns table (band text, school_year int, required int, mastered int, code text)
language sql stable security definer set search_path = ''
as $$
  with me as (
    -- One row for every caller; a student without a class owes nothing and gets no certificate.
    select private.band_for(c.grade, sc.stage) as band, private.curriculum_grade(c.grade, sc.stage) as grade, private.school_year_of(now()) as school_year
    from (select (select auth.uid()) as uid) u
    left join public.students s on s.user_id = u.uid
    left join public.classes c on c.class_id = s.class_id
    left join public.schools sc on sc.school_id = c.school_id
  ), req as (
    select rl.lesson_id from private.required_lessons rl, me where rl.band = me.band and rl.grade = me.grade
  )
  select me.band, me.school_year,
    (select count(*)::int from req),
    (select count(*)::int from req where exists (
      select 1 from public.attempts a where a.student_id = (select auth.uid()) and a.lesson_id = req.lesson_id and a.passed
        and a.submitted_at >= make_timestamptz(me.school_year, 9, 1, 0, 0, 0, 'Asia/Shanghai'))),
    (select c.code from public.certificates c where c.student_id = (select auth.uid()) and c.school_year = me.school_year)
  from me
$$;

-- Existing data: rebuild once (the grades arrive with the next content sync, which restates).
select public.refresh_mastery_rollups();
