-- The dashboard reads classes, not students. dashboard_schools joined 100,000 students to their
-- mastery and contest results on every load (282 ms on PostgreSQL, the target is under 100 ms);
-- now each student has one "standing" (class, required lessons of the class's band mastered,
-- best contest result of the class's school year), and a histogram per class counts students by
-- standing. The dashboard sums about 2,000 classes × a few standings.
--
-- One function, private.restate_student, recomputes a student's standing from the source tables
-- and moves the student between histogram cells when it changed. Every trigger below just calls
-- it for the students a change touches, so the order in which cascades fire, or calling it twice,
-- cannot make the counts drift; public.refresh_mastery_rollups rebuilds everything from scratch.
--
-- This also corrects what "mastered" counted: student_mastery held required lessons of any band,
-- so a pupil who had mastered last year's primary lessons counted as having mastered this year's
-- junior ones. It now counts the required, not retired lessons of the band of the student's class.

create table private.student_standing (
  student_id uuid primary key, -- no foreign key: a cascade must not remove it behind the histogram's back
  class_id uuid not null,
  required_mastered int not null check (required_mastered >= 0),
  contest_level smallint not null check (contest_level between 0 and 3)
);
comment on table private.student_standing is 'What the class histogram counts for each student: class, required lessons of its band mastered, contest level (0 none, 1 took part, 2 passed, 3 excellent).';

create table private.class_standing (
  class_id uuid not null,
  required_mastered int not null,
  contest_level smallint not null,
  students int not null check (students >= 0),
  primary key (class_id, required_mastered, contest_level)
);
comment on table private.class_standing is 'Rollup: students per class by standing (maintained by private.restate_student).';

alter table private.student_standing enable row level security;
alter table private.class_standing enable row level security;
revoke all on private.student_standing, private.class_standing from public, anon, authenticated;

-- Adds delta students to one histogram cell.
create function private.shift_standing(p_class uuid, p_mastered int, p_level smallint, p_delta int) returns void
language sql security definer set search_path = ''
as $$
  insert into private.class_standing as c (class_id, required_mastered, contest_level, students)
  values (p_class, p_mastered, p_level, greatest(p_delta, 0))
  on conflict (class_id, required_mastered, contest_level) do update set students = greatest(c.students + p_delta, 0);
$$;

-- Recomputes one student's standing and the public per-student count, and moves the student in
-- the class histogram. A student who no longer exists is taken out.
create function private.restate_student(p_student uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_old private.student_standing;
  v_class uuid;
  v_band text;
  v_year int;
  v_mastered int;
  v_level smallint;
begin
  select * into v_old from private.student_standing where student_id = p_student for update;
  select s.class_id, private.band_for(c.grade, sc.stage), c.school_year into v_class, v_band, v_year
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
  from public.lesson_progress p join public.lessons l on l.lesson_id = p.lesson_id
  where p.student_id = p_student and p.mastered_at is not null and l.band = v_band and l.required and l.retired_at is null;
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

-- Lesson progress: the monthly rollup counts up and down as before; the student is restated.
create or replace function private.roll_up_mastery() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_row public.lesson_progress;
  v_step int;
  v_school uuid;
begin
  if tg_op = 'INSERT' and new.mastered_at is not null then
    v_row := new; v_step := 1;
  elsif tg_op = 'UPDATE' and old.mastered_at is null and new.mastered_at is not null then
    v_row := new; v_step := 1;
  elsif tg_op = 'UPDATE' and old.mastered_at is not null and new.mastered_at is null then
    v_row := old; v_step := -1;
  elsif tg_op = 'DELETE' and old.mastered_at is not null then
    v_row := old; v_step := -1;
  else
    return null;
  end if;
  select s.school_id into v_school from public.students s where s.user_id = v_row.student_id;
  if v_school is not null then
    insert into public.monthly_mastery as m (school_id, month, lessons_mastered)
    values (v_school, date_trunc('month', v_row.mastered_at at time zone 'Asia/Shanghai')::date, greatest(v_step, 0))
    on conflict (school_id, month) do update set lessons_mastered = greatest(m.lessons_mastered + v_step, 0);
  end if;
  perform private.restate_student(v_row.student_id);
  return null;
end
$$;

-- Contest results: a submitted (or removed) contest attempt restates its student.
create function private.restate_contestant() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.contest_id is not null then
    perform private.restate_student(old.student_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.contest_id is not null and (tg_op = 'INSERT' or new.student_id is distinct from old.student_id) then
    perform private.restate_student(new.student_id);
  end if;
  return null;
end
$$;
-- Lesson attempts (every quiz start and submission) skip it.
create trigger attempts_standing_insert after insert on public.attempts
  for each row when (new.contest_id is not null) execute function private.restate_contestant();
create trigger attempts_standing_update after update of submitted_at, percent, contest_id, student_id on public.attempts
  for each row when (old.contest_id is not null or new.contest_id is not null) execute function private.restate_contestant();
create trigger attempts_standing_delete after delete on public.attempts
  for each row when (old.contest_id is not null) execute function private.restate_contestant();

-- A student placed, moved to another class or removed.
create function private.restate_placed_student() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.restate_student(case when tg_op = 'DELETE' then old.user_id else new.user_id end);
  if tg_op = 'UPDATE' and old.user_id <> new.user_id then
    perform private.restate_student(old.user_id);
  end if;
  return null;
end
$$;
create trigger students_standing after insert or update of class_id, user_id or delete on public.students
  for each row execute function private.restate_placed_student();

-- A class whose grade, year or school changes puts its students in another band or contest year.
create function private.restate_class() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.restate_student(s.user_id) from public.students s where s.class_id = new.class_id;
  return null;
end
$$;
create trigger classes_standing after update of grade, school_year, school_id on public.classes
  for each row when (old.grade is distinct from new.grade or old.school_year is distinct from new.school_year or old.school_id is distinct from new.school_id)
  execute function private.restate_class();

create function private.restate_school() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.restate_student(s.user_id) from public.students s join public.classes c on c.class_id = s.class_id where c.school_id = new.school_id;
  return null;
end
$$;
create trigger schools_standing after update of stage on public.schools
  for each row when (old.stage is distinct from new.stage) execute function private.restate_school();

-- A lesson made required or optional, retired or moved to another band changes the count of every
-- student who mastered it.
create function private.restate_lesson() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.restate_student(p.student_id) from public.lesson_progress p where p.lesson_id = new.lesson_id and p.mastered_at is not null;
  return null;
end
$$;
create trigger lessons_standing after update of required, retired_at, band on public.lessons
  for each row when (old.required is distinct from new.required or (old.retired_at is null) <> (new.retired_at is null) or old.band is distinct from new.band)
  execute function private.restate_lesson();

-- A contest moved to another year or given other pass marks changes its contestants' levels.
create function private.restate_contest() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.restate_student(a.student_id) from public.attempts a where a.contest_id = new.contest_id and a.submitted_at is not null;
  return null;
end
$$;
create trigger contests_standing after update of school_year, pass_percent, excellent_percent on public.contests
  for each row when (old.school_year is distinct from new.school_year or old.pass_percent is distinct from new.pass_percent or old.excellent_percent is distinct from new.excellent_percent)
  execute function private.restate_contest();

-- Rebuilds every rollup from the source tables (after a bulk load or a repair). Service role only.
create or replace function public.refresh_mastery_rollups() returns void
language sql security definer set search_path = ''
as $$
  delete from private.student_standing where true;
  with placed as (
    select s.user_id, s.class_id, private.band_for(c.grade, sc.stage) as band, c.school_year
    from public.students s join public.classes c on c.class_id = s.class_id join public.schools sc on sc.school_id = c.school_id
  ), mastered as (
    select p.student_id, count(*)::int as n
    from public.lesson_progress p join public.lessons l on l.lesson_id = p.lesson_id join placed pl on pl.user_id = p.student_id and pl.band = l.band
    where p.mastered_at is not null and l.required and l.retired_at is null group by p.student_id
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

-- Per school for a school year, from the class histogram. Office only.
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
    left join required r on r.band = lc.band cross join levels lv
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

create index if not exists class_sessions_held_on_idx on public.class_sessions (held_on);

-- The standings are written only by these functions, run by the triggers as their owner; nobody
-- calls them directly (a blanket grant on the private schema would hand them to visitors too).
revoke execute on function private.shift_standing(uuid, int, smallint, int), private.restate_student(uuid), private.restate_contestant(),
  private.restate_placed_student(), private.restate_class(), private.restate_school(), private.restate_lesson(), private.restate_contest()
  from public, anon, authenticated, service_role;

-- Existing data: build the standings once.
select public.refresh_mastery_rollups();
