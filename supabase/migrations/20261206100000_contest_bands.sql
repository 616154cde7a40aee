-- Who a knowledge contest is for is decided in one place: the bands of its bank (content/quizzes/
-- contest-*.yaml, synced to public.quizzes.bands). The primary bank is written for grades 3-6
-- (primary-middle, primary-upper): a pupil of grade 1 or 2 was offered its 20 questions in 10
-- minutes, could start it, and counted in the school's contest denominators, which made every
-- primary school's participation rate look lower than it was. Until now the rule was "primary
-- level = any primary band", written in four places (start_attempt, contest_school_stats,
-- dashboard_schools and the pages' contestLevel filter); each now reads the bank's bands.

create function public.my_open_contests() returns setof public.contests
  language sql stable security definer
  set search_path = ''
as $$
  select ct.*
  from public.contests ct join public.quizzes q on q.quiz_id = ct.quiz_id
  where ct.opens_at <= now() and ct.closes_at > now()
    and (select private.student_band()) = any (q.bands)
  order by ct.closes_at, ct.contest_id
$$;
comment on function public.my_open_contests() is 'The contest windows open now whose bank is for the signed-in pupil''s band (its bands in content/quizzes): none for 一二年级, whom the primary bank is not written for.';
revoke all on function public.my_open_contests() from public, anon, authenticated;
grant execute on function public.my_open_contests() to authenticated;

create or replace function public.start_attempt(p_quiz_id text, p_question_ids text[], p_seed bigint, p_contest_id uuid DEFAULT NULL::uuid) RETURNS TABLE(attempt_id uuid, deadline_at timestamp with time zone, questions jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_student uuid := auth.uid();
  v_quiz public.quizzes;
  v_contest public.contests;
  v_lesson text;
  v_needed int;
  v_minutes int;
  v_deadline timestamptz;
  v_band text;
  v_id uuid;
begin
  if (select private.app_role()) is distinct from 'student' then
    raise exception '只有学生可以开始答题' using errcode = 'QYFOR';
  end if;
  select * into v_quiz from public.quizzes q where q.quiz_id = p_quiz_id and q.retired_at is null;
  if not found then
    raise exception '找不到这套测验' using errcode = 'QYNOF';
  end if;
  if v_quiz.kind = 'contest' then
    perform 1 from public.users u where u.user_id = v_student for update;
    select * into v_contest from public.contests c where c.contest_id = p_contest_id and c.quiz_id = p_quiz_id;
    if not found then
      raise exception '找不到这场竞赛' using errcode = 'QYNOF';
    end if;
    if now() < v_contest.opens_at or now() >= v_contest.closes_at then
      raise exception '竞赛不在开放时间内' using errcode = 'QYCLO';
    end if;
    v_band := private.student_band();
    if v_band is null or not (v_band = any (v_quiz.bands)) then
      raise exception '这场竞赛不面向你所在的年级' using errcode = 'QYFOR';
    end if;
    if (select count(*) from public.attempts a where a.student_id = v_student and a.contest_id = p_contest_id) >= v_contest.max_attempts then
      raise exception '你已经参加过这场竞赛了（每人限 % 次）', v_contest.max_attempts using errcode = 'QYLIM';
    end if;
    v_needed := v_contest.question_count;
    v_deadline := least(now() + make_interval(mins => v_contest.time_limit_minutes), v_contest.closes_at);
  else
    if p_contest_id is not null then
      raise exception '这套测验不是竞赛' using errcode = 'QYBAD';
    end if;
    select l.lesson_id into v_lesson from public.lessons l where l.quiz_id = p_quiz_id and l.retired_at is null order by l.lesson_id limit 1;
    v_needed := v_quiz.draw_count;
    v_deadline := now() + make_interval(mins => coalesce(v_quiz.time_limit_minutes, 30));
  end if;
  v_needed := least(v_needed, (select count(*)::int from public.questions q where q.quiz_id = p_quiz_id and q.retired_at is null));
  if coalesce(cardinality(p_question_ids), 0) <> v_needed
     or (select count(distinct x) from unnest(p_question_ids) x) <> v_needed
     or exists (select 1 from unnest(p_question_ids) x where not exists (
       select 1 from public.questions q where q.question_id = x and q.quiz_id = p_quiz_id and q.retired_at is null)) then
    raise exception '抽取的题目无效' using errcode = 'QYBAD';
  end if;
  insert into public.attempts (student_id, quiz_id, lesson_id, contest_id, question_ids, seed, deadline_at)
  values (v_student, p_quiz_id, v_lesson, p_contest_id, p_question_ids, p_seed, v_deadline)
  returning attempts.attempt_id into v_id;
  return query
    select v_id, v_deadline, jsonb_agg(jsonb_build_object('id', q.question_id, 'type', q.type, 'stem', q.stem, 'options', q.options) order by o.n)
    from unnest(p_question_ids) with ordinality as o (id, n) join public.questions q on q.question_id = o.id;
end
$$;

create or replace function public.contest_school_stats(p_contest_id uuid) RETURNS TABLE(school_id uuid, school_name text, district_name text, students integer, participants integer, passed integer, excellent integer, score_sum integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_contest public.contests;
  v_role text := private.app_role();
begin
  if v_role is distinct from 'office' and v_role is distinct from 'school_admin' then
    raise exception '只有市禁毒办和学校管理员可以查看竞赛统计' using errcode = 'QYFOR';
  end if;
  select * into v_contest from public.contests c where c.contest_id = p_contest_id;
  if not found then
    raise exception '找不到这场竞赛' using errcode = 'QYNOF';
  end if;
  return query
    with pupils as (
      select s.user_id, s.school_id
      from public.students s join public.classes c on c.class_id = s.class_id join public.schools sc on sc.school_id = s.school_id
      where c.archived_at is null and c.school_year = v_contest.school_year
        and private.band_for(c.grade, sc.stage) = any (select unnest(q.bands) from public.quizzes q where q.quiz_id = v_contest.quiz_id)
        and (v_role = 'office' or s.school_id = private.school_id())
    ), best as (
      select a.student_id, max(a.percent) as percent
      from public.attempts a where a.contest_id = p_contest_id and a.submitted_at is not null group by a.student_id
    )
    select sc.school_id, sc.name, d.name,
      count(p.user_id)::int,
      count(b.student_id)::int,
      count(b.student_id) filter (where b.percent >= v_contest.pass_percent)::int,
      count(b.student_id) filter (where b.percent >= v_contest.excellent_percent)::int,
      coalesce(sum(b.percent), 0)::int
    from pupils p join public.schools sc on sc.school_id = p.school_id join public.districts d on d.district_id = sc.district_id
    left join best b on b.student_id = p.user_id
    group by sc.school_id, sc.name, d.name
    order by d.name, sc.name;
end
$$;

create or replace function public.dashboard_schools(p_year integer) RETURNS TABLE(school_id uuid, school_name text, district_id uuid, district_name text, students integer, students_mastered integer, classes integer, classes_met integer, hours_delivered numeric, contest_students integer, contest_participants integer, contest_passed integer, contest_excellent integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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
    select coalesce(array_agg(distinct b.band), '{}') as bands
    from public.contests c join public.quizzes q on q.quiz_id = c.quiz_id cross join unnest(q.bands) as b (band)
    where c.school_year = p_year
  ), pupils as (
    select lc.school_id,
      sum(cs.students)::int as students,
      coalesce(sum(cs.students) filter (where coalesce(r.n, 0) > 0 and cs.required_mastered >= r.n), 0)::int as mastered,
      coalesce(sum(cs.students) filter (where lc.band = any (lv.bands)), 0)::int as contest_students,
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

create or replace function public.student_home() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return (
  with own as (
    select c.class_id, c.name, c.grade, c.school_year, sc.name as school_name, sc.stage
    from public.classes c
    join public.schools sc on sc.school_id = c.school_id
    where c.class_id = (select private.own_class_id()) and c.archived_at is null
  )
  select jsonb_build_object(
    'class', (select to_jsonb(own) from own),
    'progress', coalesce((
      select jsonb_agg(jsonb_build_object('lesson_id', p.lesson_id, 'attempts', p.attempts, 'best_percent', p.best_percent, 'mastered', p.mastered_at is not null))
      from public.lesson_progress p
      where p.student_id = (select auth.uid())
    ), '[]'::jsonb),
    'assignments', coalesce((
      select jsonb_agg(jsonb_build_object('lesson_id', a.lesson_id, 'due_on', a.due_on) order by a.due_on nulls last, a.created_at, a.lesson_id)
      from public.assignments a
      join own on own.class_id = a.class_id
    ), '[]'::jsonb),
    'taught', coalesce((
      select jsonb_agg(jsonb_build_object('lesson_id', t.lesson_id, 'taught_on', t.taught_on) order by t.taught_on desc, t.lesson_id)
      from public.lessons_taught_in_class t
      where t.student_id = (select auth.uid())
    ), '[]'::jsonb),
    'certificate', (select to_jsonb(cs) from public.certificate_status() cs),
    'contests', coalesce((
      select jsonb_agg(jsonb_build_object(
        'contest_id', ct.contest_id, 'title', ct.title, 'school_year', ct.school_year, 'level', ct.level, 'quiz_id', ct.quiz_id,
        'opens_at', ct.opens_at, 'closes_at', ct.closes_at, 'question_count', ct.question_count,
        'time_limit_minutes', ct.time_limit_minutes, 'max_attempts', ct.max_attempts
      ) order by ct.closes_at, ct.contest_id)
      from public.my_open_contests() ct
    ), '[]'::jsonb)
  )
  );
end
$$;
