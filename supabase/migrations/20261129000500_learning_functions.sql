-- The functions that start, grade and record attempts, issue certificates and count the
-- contest. Errors carry SQLSTATE codes the server maps to HTTP statuses:
--   QYBAD 400 bad input · QYFOR 403 not yours to do · QYNOF 404 not found
--   QYDUP 409 already submitted · QYLIM 409 attempt limit · QYLAT 409 too late · QYCLO 409 closed

-- Whether a response is right; the rule of src/lib/domain/grading.ts: multiple choice is all
-- or nothing (the chosen set equals the key), true/false compares booleans, single compares ids.
create function private.is_correct(p_type text, p_answer jsonb, p_response jsonb) returns boolean
language sql immutable set search_path = ''
as $$
  select case
    when p_response is null then false
    when p_type in ('single', 'truefalse') then p_response = p_answer
    when p_type = 'multiple' then
      case when jsonb_typeof(p_response) <> 'array' then false
      else (select count(*) = count(distinct x) and coalesce(array_agg(x order by x), '{}') = (select array_agg(y order by y) from jsonb_array_elements_text(p_answer) y)
            from jsonb_array_elements_text(p_response) x)
      end
    else false
  end
$$;

-- Content sync: upserts quiz banks, questions and lessons by their stable ids and retires the
-- ones that left the content, so old attempts keep their questions.
create function public.sync_content(p_payload jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  v_quizzes int;
  v_questions int;
  v_lessons int;
begin
  insert into public.quizzes (quiz_id, title, kind, bands, draw_count, pass_percent, time_limit_minutes, synced_at, retired_at)
  select q ->> 'id', q ->> 'title', q ->> 'kind', array(select jsonb_array_elements_text(q -> 'bands')),
         (q ->> 'drawCount')::int, (q ->> 'passPercent')::int, (q ->> 'timeLimitMinutes')::int, now(), null
  from jsonb_array_elements(p_payload -> 'quizzes') q
  on conflict (quiz_id) do update set title = excluded.title, kind = excluded.kind, bands = excluded.bands, draw_count = excluded.draw_count,
    pass_percent = excluded.pass_percent, time_limit_minutes = excluded.time_limit_minutes, synced_at = now(), retired_at = null;
  get diagnostics v_quizzes = row_count;
  update public.quizzes set retired_at = now()
  where retired_at is null and quiz_id not in (select q ->> 'id' from jsonb_array_elements(p_payload -> 'quizzes') q);

  insert into public.questions (question_id, quiz_id, type, stem, options, answer, explanation, topic, difficulty, retired_at)
  select x ->> 'id', q ->> 'id', x ->> 'type', x ->> 'stem', coalesce(x -> 'options', '[]'::jsonb), x -> 'answer', x ->> 'explanation', x ->> 'topic', (x ->> 'difficulty')::int, null
  from jsonb_array_elements(p_payload -> 'quizzes') q, jsonb_array_elements(q -> 'questions') x
  on conflict (question_id) do update set quiz_id = excluded.quiz_id, type = excluded.type, stem = excluded.stem, options = excluded.options,
    answer = excluded.answer, explanation = excluded.explanation, topic = excluded.topic, difficulty = excluded.difficulty, retired_at = null;
  get diagnostics v_questions = row_count;
  update public.questions set retired_at = now()
  where retired_at is null and question_id not in (
    select x ->> 'id' from jsonb_array_elements(p_payload -> 'quizzes') q, jsonb_array_elements(q -> 'questions') x);

  insert into public.lessons (lesson_id, band, title, quiz_id, required, sort_order, class_hours, retired_at)
  select l ->> 'id', l ->> 'band', l ->> 'title', l ->> 'quiz', (l ->> 'required')::boolean, (l ->> 'order')::int, (l ->> 'classHours')::numeric, null
  from jsonb_array_elements(p_payload -> 'lessons') l
  on conflict (lesson_id) do update set band = excluded.band, title = excluded.title, quiz_id = excluded.quiz_id, required = excluded.required,
    sort_order = excluded.sort_order, class_hours = excluded.class_hours, retired_at = null;
  get diagnostics v_lessons = row_count;
  update public.lessons set retired_at = now()
  where retired_at is null and lesson_id not in (select l ->> 'id' from jsonb_array_elements(p_payload -> 'lessons') l);

  return jsonb_build_object('quizzes', v_quizzes, 'questions', v_questions, 'lessons', v_lessons);
end
$$;
comment on function public.sync_content is 'Upserts content/quizzes and content/lessons by stable id; retires what left the content. Service role only.';

-- The ids of a quiz's live questions, so the server can draw from them. No keys.
create function public.quiz_question_ids(p_quiz_id text) returns text[]
language sql stable security definer set search_path = ''
as $$ select coalesce(array_agg(q.question_id order by q.question_id), '{}') from public.questions q where q.quiz_id = p_quiz_id and q.retired_at is null $$;

-- Starts an attempt with the questions the server drew. The attempt limit of a contest holds
-- under concurrency: the student's own row is locked while counting.
create function public.start_attempt(p_quiz_id text, p_question_ids text[], p_seed bigint, p_contest_id uuid default null)
returns table (attempt_id uuid, deadline_at timestamptz, questions jsonb)
language plpgsql security definer set search_path = ''
as $$
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
    if v_band is null or (v_contest.level = 'primary') <> (v_band like 'primary%') then
      raise exception '这场竞赛不是你所在的组别' using errcode = 'QYFOR';
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

-- Grades and records an attempt. Locked for update, so a double submit cannot grade twice.
create function public.submit_attempt(p_attempt_id uuid, p_responses jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  v_attempt public.attempts;
  v_pass int;
  v_key text;
  v_score int;
  v_total int;
  v_percent int;
  v_passed boolean;
begin
  if jsonb_typeof(p_responses) is distinct from 'object' then
    raise exception '答案的格式不对' using errcode = 'QYBAD';
  end if;
  select * into v_attempt from public.attempts a where a.attempt_id = p_attempt_id for update;
  if not found or v_attempt.student_id is distinct from auth.uid() then
    raise exception '找不到这次答题' using errcode = 'QYNOF';
  end if;
  if v_attempt.submitted_at is not null then
    raise exception '这次答题已经提交过了，不能重复提交' using errcode = 'QYDUP';
  end if;
  -- 30 s of grace for a slow phone network; later than that is refused and nothing is saved.
  if now() > v_attempt.deadline_at + interval '30 seconds' then
    raise exception '已经超过答题时间，这次答题不计成绩' using errcode = 'QYLAT';
  end if;
  for v_key in select jsonb_object_keys(p_responses) loop
    if not (v_key = any (v_attempt.question_ids)) then
      raise exception '题目 % 不在这次答题里', v_key using errcode = 'QYBAD';
    end if;
  end loop;

  insert into public.attempt_answers (attempt_id, question_id, response, correct)
  select p_attempt_id, q.question_id, p_responses -> q.question_id, private.is_correct(q.type, q.answer, p_responses -> q.question_id)
  from unnest(v_attempt.question_ids) as o (id) join public.questions q on q.question_id = o.id;
  select count(*) filter (where aa.correct), count(*) into v_score, v_total from public.attempt_answers aa where aa.attempt_id = p_attempt_id;
  v_percent := case when v_total = 0 then 0 else (v_score * 100) / v_total end;
  if v_attempt.contest_id is not null then
    select c.pass_percent into v_pass from public.contests c where c.contest_id = v_attempt.contest_id;
  else
    select q.pass_percent into v_pass from public.quizzes q where q.quiz_id = v_attempt.quiz_id;
  end if;
  v_passed := v_total > 0 and v_percent >= v_pass;
  update public.attempts set submitted_at = now(), score = v_score, total = v_total, percent = v_percent, passed = v_passed
  where attempts.attempt_id = p_attempt_id;

  if v_attempt.lesson_id is not null then
    insert into public.lesson_progress as p (student_id, lesson_id, attempts, best_percent, mastered_at, last_attempt_at)
    values (v_attempt.student_id, v_attempt.lesson_id, 1, v_percent, case when v_passed then now() end, now())
    on conflict (student_id, lesson_id) do update set
      attempts = p.attempts + 1,
      best_percent = greatest(p.best_percent, excluded.best_percent),
      mastered_at = coalesce(p.mastered_at, excluded.mastered_at),
      last_attempt_at = now();
  end if;

  return jsonb_build_object(
    'score', v_score, 'total', v_total, 'percent', v_percent, 'passed', v_passed, 'passPercent', v_pass,
    'results', (
      select jsonb_agg(jsonb_build_object('id', q.question_id, 'correct', aa.correct, 'answer', q.answer, 'explanation', q.explanation) order by o.n)
      from unnest(v_attempt.question_ids) with ordinality as o (id, n)
      join public.questions q on q.question_id = o.id
      join public.attempt_answers aa on aa.attempt_id = p_attempt_id and aa.question_id = o.id
    )
  );
end
$$;

-- The calling student's standing for this school year's certificate.
create function public.certificate_status()
returns table (band text, school_year int, required int, mastered int, code text)
language sql stable security definer set search_path = ''
as $$
  with me as (
    select private.student_band() as band, private.school_year_of(now()) as school_year
  ), req as (
    select l.lesson_id from public.lessons l, me where l.band = me.band and l.required and l.retired_at is null
  )
  select me.band, me.school_year,
    (select count(*)::int from req),
    (select count(*)::int from req where exists (
      select 1 from public.attempts a where a.student_id = (select auth.uid()) and a.lesson_id = req.lesson_id and a.passed
        and a.submitted_at >= make_timestamptz(me.school_year, 9, 1, 0, 0, 0, 'Asia/Shanghai'))),
    (select c.code from public.certificates c where c.student_id = (select auth.uid()) and c.school_year = me.school_year)
  from me
$$;

-- Issues (or returns) this year's certificate once every required lesson of the band was
-- passed this school year.
create function public.issue_certificate() returns text
language plpgsql security definer set search_path = ''
as $$
declare
  v_status record;
  v_code text;
  v_bytes bytea;
  v_alphabet text := 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
begin
  if (select private.app_role()) is distinct from 'student' then
    raise exception '只有学生可以领取证书' using errcode = 'QYFOR';
  end if;
  select * into v_status from public.certificate_status();
  if v_status.code is not null then
    return v_status.code;
  end if;
  if v_status.required = 0 or v_status.mastered < v_status.required then
    raise exception '还有 % 节必修课没有掌握', v_status.required - v_status.mastered using errcode = 'QYBAD';
  end if;
  -- 10 characters from the random bytes of two v4 UUIDs (skipping their fixed version bits).
  v_bytes := substring(uuid_send(gen_random_uuid()) from 1 for 6) || substring(uuid_send(gen_random_uuid()) from 11 for 6);
  v_code := '';
  for i in 0..9 loop
    v_code := v_code || substr(v_alphabet, 1 + get_byte(v_bytes, i) % 31, 1);
  end loop;
  insert into public.certificates (student_id, school_year, band, code)
  values (auth.uid(), v_status.school_year, v_status.band, v_code)
  on conflict (student_id, school_year) do nothing;
  return (select c.code from public.certificates c where c.student_id = auth.uid() and c.school_year = v_status.school_year);
end
$$;

-- Public verification: the school, the year and the first character of the name; nothing more.
create function public.verify_certificate(p_code text)
returns table (school_name text, school_year int, band text, name_initial text, issued_at timestamptz)
language sql stable security definer set search_path = ''
as $$
  select s.name, c.school_year, c.band, left(u.display_name, 1), c.issued_at
  from public.certificates c join public.users u on u.user_id = c.student_id join public.schools s on s.school_id = u.school_id
  where c.code = upper(p_code)
$$;

-- Per school: students of the contest's level, participants, passed, excellent, and the sum of
-- best scores (rates are computed in src/lib/domain/contest.ts). Office: every school; a school
-- admin: their own.
create function public.contest_school_stats(p_contest_id uuid)
returns table (school_id uuid, school_name text, district_name text, students int, participants int, passed int, excellent int, score_sum int)
language plpgsql stable security definer set search_path = ''
as $$
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
        and (private.band_for(c.grade, sc.stage) like 'primary%') = (v_contest.level = 'primary')
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

revoke all on function public.sync_content, public.quiz_question_ids, public.start_attempt, public.submit_attempt,
  public.certificate_status, public.issue_certificate, public.verify_certificate, public.contest_school_stats from public, anon, authenticated;
grant execute on function public.sync_content to service_role;
grant execute on function public.quiz_question_ids, public.start_attempt, public.submit_attempt, public.certificate_status,
  public.issue_certificate, public.contest_school_stats to authenticated, service_role;
grant execute on function public.verify_certificate to anon, authenticated, service_role;
revoke all on all functions in schema private from public;
grant execute on all functions in schema private to anon, authenticated, service_role;
