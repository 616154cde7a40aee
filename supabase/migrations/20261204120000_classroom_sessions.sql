-- Classroom mode (issue 12): a teacher runs a lesson in front of the class. The projector shows
-- a join code; pupils of that class sign in on phones and join; the teacher opens questions of
-- the lesson's quiz bank, pupils answer once each (or the teacher enters a show of hands), the
-- teacher reveals the distribution and the key; "下课" closes the session and, in the same
-- transaction, records the class hour in the ledger as recorded by the platform and counts the
-- lesson as taught in class for each pupil who joined and answered.
-- Every rule is decided here: who may run, join and answer, once per question, while open.
-- Lock order everywhere: the session row, then question rows, so two functions never wait on
-- each other in opposite orders.

-- The ledger tells a hand entry from one the platform recorded, and how many pupils took part.
alter table public.class_sessions add column source text not null default 'hand' check (source in ('hand', 'platform'));
alter table public.class_sessions add column participants int check (participants between 0 and 500);
comment on column public.class_sessions.source is 'hand: typed into the ledger by staff; platform: recorded by a classroom session when the teacher ended the class.';
comment on column public.class_sessions.participants is 'Pupils who joined the classroom session on a phone (platform entries only).';

-- Only the classroom functions (running as their owner) may write a platform entry: a teacher's
-- own insert is always a hand entry, and a correction keeps what the platform recorded. Security
-- invoker on purpose: current_user is the caller's role for a direct write and the functions'
-- owner inside them.
create function private.keep_ledger_source() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated') then
    if tg_op = 'INSERT' then
      new.source := 'hand';
      new.participants := null;
    else
      new.source := old.source;
      new.participants := old.participants;
    end if;
  end if;
  return new;
end
$$;
create trigger class_sessions_source before insert or update on public.class_sessions
  for each row execute function private.keep_ledger_source();

create table public.classroom_sessions (
  classroom_session_id uuid primary key default gen_random_uuid(),
  class_id uuid not null references public.classes (class_id),
  school_id uuid not null references public.schools (school_id),
  lesson_id text not null references public.lessons (lesson_id),
  teacher_id uuid not null references public.users (user_id),
  join_code text not null check (join_code ~ '^[0-9]{6}$'),
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  minutes int check (minutes >= 0),
  ledger_entry_id uuid references public.class_sessions (session_id),
  check ((ended_at is null) = (minutes is null))
);
comment on table public.classroom_sessions is 'A lesson taught in front of a class in classroom mode: its join code while open, and the ledger entry it recorded when the class ended.';
-- One open session per class, and a join code names one open session.
create unique index classroom_sessions_one_open_idx on public.classroom_sessions (class_id) where ended_at is null;
create unique index classroom_sessions_open_code_idx on public.classroom_sessions (join_code) where ended_at is null;
create index classroom_sessions_class_idx on public.classroom_sessions (class_id, started_at);

create table public.classroom_participants (
  classroom_session_id uuid not null references public.classroom_sessions (classroom_session_id) on delete cascade,
  student_id uuid not null references public.users (user_id) on delete cascade,
  joined_at timestamptz not null default now(),
  primary key (classroom_session_id, student_id)
);
comment on table public.classroom_participants is 'Pupils of the class who joined a classroom session on their phone.';
create index classroom_participants_student_idx on public.classroom_participants (student_id);

create table public.classroom_questions (
  classroom_question_id uuid primary key default gen_random_uuid(),
  classroom_session_id uuid not null references public.classroom_sessions (classroom_session_id) on delete cascade,
  question_id text not null references public.questions (question_id),
  position int not null check (position >= 1),
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  revealed_at timestamptz,
  -- A show of hands the teacher counted, per option id ('true'/'false' for a true-or-false question).
  hands jsonb check (hands is null or jsonb_typeof(hands) = 'object'),
  unique (classroom_session_id, question_id),
  unique (classroom_session_id, position),
  check (revealed_at is null or closed_at is not null)
);
comment on table public.classroom_questions is 'Questions of the lesson''s quiz bank a teacher opened in a classroom session, when answering closed and when the key was revealed; keys stay in questions.';
-- At most one question open for answers at a time.
create unique index classroom_questions_one_open_idx on public.classroom_questions (classroom_session_id) where closed_at is null;

create table public.classroom_answers (
  classroom_question_id uuid not null references public.classroom_questions (classroom_question_id) on delete cascade,
  student_id uuid not null references public.users (user_id) on delete cascade,
  response jsonb not null,
  correct boolean not null,
  answered_at timestamptz not null default now(),
  -- Once per pupil and question: two phones sending at once count once.
  primary key (classroom_question_id, student_id)
);
comment on table public.classroom_answers is 'One answer per pupil and classroom question, graded on arrival.';
create index classroom_answers_student_idx on public.classroom_answers (student_id);

create table public.lessons_taught_in_class (
  student_id uuid not null references public.users (user_id) on delete cascade,
  lesson_id text not null references public.lessons (lesson_id),
  classroom_session_id uuid not null references public.classroom_sessions (classroom_session_id) on delete cascade,
  taught_on date not null,
  primary key (student_id, lesson_id)
);
comment on table public.lessons_taught_in_class is 'Lessons a pupil was taught in class (joined a classroom session and answered), the first time; mastery still needs the pupil''s own quiz.';
create index lessons_taught_in_class_session_idx on public.lessons_taught_in_class (classroom_session_id);

-- The key of a session's advisory lock. Answers hold it shared, the teacher's steps exclusive:
-- unlike row locks, a waiting "下课" is queued ahead of answers that come after it, so the class
-- ends promptly and the late answers find the question closed.
create function private.classroom_lock_key(p_session_id uuid) returns bigint
language sql immutable set search_path = ''
as $$ select hashtextextended('classroom:' || p_session_id::text, 0) $$;

-- The caller teaches this classroom session's class: the session row, locked (with the session's
-- advisory lock) until the transaction ends.
create function private.own_classroom_session(p_session_id uuid) returns public.classroom_sessions
language plpgsql security definer set search_path = ''
as $$
declare
  v_session public.classroom_sessions;
begin
  perform pg_advisory_xact_lock(private.classroom_lock_key(p_session_id));
  select * into v_session from public.classroom_sessions s where s.classroom_session_id = p_session_id for update;
  if v_session.classroom_session_id is null or coalesce(private.app_role(), '') not in ('teacher', 'school_admin')
     or v_session.class_id not in (select private.taught_class_ids()) then
    raise exception '找不到这节课，或你不是这个班的任课教师' using errcode = 'QYFOR';
  end if;
  if v_session.ended_at is not null then
    raise exception '这节课已经下课了' using errcode = 'QYCLO';
  end if;
  return v_session;
end
$$;

-- Starts a session for a class the caller teaches: one open session per class, a fresh 6-digit code.
create function public.start_classroom_session(p_class_id uuid, p_lesson_id text)
returns table (classroom_session_id uuid, join_code text)
language plpgsql security definer set search_path = ''
as $$
declare
  v_class public.classes;
  v_code text;
  v_id uuid;
begin
  if coalesce(private.app_role(), '') not in ('teacher', 'school_admin') or p_class_id not in (select private.taught_class_ids()) then
    raise exception '只有这个班的任课教师可以上课' using errcode = 'QYFOR';
  end if;
  -- The class row serialises two starts for the same class (two tabs, a double click).
  select * into v_class from public.classes c where c.class_id = p_class_id for update;
  if v_class.archived_at is not null then
    raise exception '这个班级已经归档，不能再上课' using errcode = 'QYBAD';
  end if;
  if not exists (select 1 from public.lessons l where l.lesson_id = p_lesson_id and l.retired_at is null) then
    raise exception '找不到这节课' using errcode = 'QYNOF';
  end if;
  if exists (select 1 from public.classroom_sessions s where s.class_id = p_class_id and s.ended_at is null) then
    raise exception '这个班正在上课，请先回到那节课并下课' using errcode = 'QYDUP';
  end if;
  loop
    v_code := lpad((floor(random() * 1000000))::int::text, 6, '0');
    begin
      insert into public.classroom_sessions (class_id, school_id, lesson_id, teacher_id, join_code)
      values (p_class_id, v_class.school_id, p_lesson_id, auth.uid(), v_code)
      returning classroom_sessions.classroom_session_id into v_id;
      exit;
    exception when unique_violation then
      -- Another open session holds this code: draw again.
      null;
    end;
  end loop;
  return query select v_id, v_code;
end
$$;

-- A signed-in pupil joins the open session of their own class by its code.
create function public.join_classroom_session(p_join_code text) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_session public.classroom_sessions;
begin
  if (select private.app_role()) is distinct from 'student' then
    raise exception '只有学生可以用课堂码加入' using errcode = 'QYFOR';
  end if;
  select * into v_session from public.classroom_sessions s where s.join_code = p_join_code and s.ended_at is null;
  if v_session.classroom_session_id is null then
    raise exception '没有找到正在上的这节课，请核对投影上的 6 位课堂码' using errcode = 'QYNOF';
  end if;
  if v_session.class_id is distinct from (select private.own_class_id()) then
    raise exception '你不是这个班的学生，不能加入这节课' using errcode = 'QYFOR';
  end if;
  insert into public.classroom_participants (classroom_session_id, student_id) values (v_session.classroom_session_id, auth.uid())
  on conflict do nothing;
  return v_session.classroom_session_id;
end
$$;

-- Opens a question of the lesson's quiz bank for answers (by phone, or by a show of hands);
-- the question open before it closes.
create function public.open_classroom_question(p_session_id uuid, p_question_id text) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_session public.classroom_sessions := private.own_classroom_session(p_session_id);
  v_id uuid;
begin
  if not exists (
    select 1 from public.questions q join public.lessons l on l.quiz_id = q.quiz_id
    where l.lesson_id = v_session.lesson_id and q.question_id = p_question_id and q.retired_at is null
  ) then
    raise exception '这道题不在本课的题库里' using errcode = 'QYBAD';
  end if;
  if exists (select 1 from public.classroom_questions cq where cq.classroom_session_id = p_session_id and cq.question_id = p_question_id) then
    raise exception '这道题本节课已经出过了' using errcode = 'QYDUP';
  end if;
  update public.classroom_questions set closed_at = now() where classroom_session_id = p_session_id and closed_at is null;
  insert into public.classroom_questions (classroom_session_id, question_id, position)
  values (p_session_id, p_question_id, coalesce((select max(cq.position) from public.classroom_questions cq where cq.classroom_session_id = p_session_id), 0) + 1)
  returning classroom_question_id into v_id;
  return v_id;
end
$$;

-- The question of a session the caller runs, locked for update.
create function private.own_classroom_question(p_question_id uuid) returns public.classroom_questions
language plpgsql security definer set search_path = ''
as $$
declare
  v_question public.classroom_questions;
begin
  select * into v_question from public.classroom_questions q where q.classroom_question_id = p_question_id;
  if v_question.classroom_question_id is null then
    raise exception '找不到这道题' using errcode = 'QYNOF';
  end if;
  perform private.own_classroom_session(v_question.classroom_session_id);
  select * into v_question from public.classroom_questions q where q.classroom_question_id = p_question_id for update;
  return v_question;
end
$$;

-- Stops answers (p_reveal false) or stops them and shows the distribution and the key (true).
create function public.close_classroom_question(p_question_id uuid, p_reveal boolean) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_question public.classroom_questions := private.own_classroom_question(p_question_id);
begin
  update public.classroom_questions
  set closed_at = coalesce(closed_at, now()), revealed_at = case when p_reveal then coalesce(revealed_at, now()) end
  where classroom_question_id = v_question.classroom_question_id;
end
$$;

-- The option ids a question offers ('true' and 'false' for a true-or-false question).
create function private.option_ids(p_question public.questions) returns text[]
language sql immutable set search_path = ''
as $$
  select case when p_question.type = 'truefalse' then array['true', 'false']
    else array(select o ->> 'id' from jsonb_array_elements(p_question.options) o) end
$$;

-- A show of hands for a class without phones: counts per option, entered by the teacher.
create function public.record_classroom_hands(p_question_id uuid, p_counts jsonb) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_question public.classroom_questions := private.own_classroom_question(p_question_id);
  v_options text[];
begin
  select private.option_ids(q) into v_options from public.questions q where q.question_id = v_question.question_id;
  if jsonb_typeof(p_counts) is distinct from 'object'
     or exists (select 1 from jsonb_each(p_counts) e where e.key <> all (v_options) or jsonb_typeof(e.value) <> 'number'
                  or (e.value #>> '{}')::numeric not between 0 and 200 or (e.value #>> '{}')::numeric <> trunc((e.value #>> '{}')::numeric)) then
    raise exception '举手人数要按选项填写，每项是 0 到 200 之间的整数' using errcode = 'QYBAD';
  end if;
  update public.classroom_questions set hands = p_counts where classroom_question_id = v_question.classroom_question_id;
end
$$;

-- A pupil who joined answers the open question of that session, once. The session's lock is held
-- shared (and the question row share-locked), so closing the question or ending the class waits
-- for answers in flight, and an answer that comes after sees the question closed.
create function public.answer_classroom_question(p_session_id uuid, p_question_id uuid, p_response jsonb) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_question public.classroom_questions;
  v_key public.questions;
  v_inserted int;
begin
  if not exists (select 1 from public.classroom_participants p where p.classroom_session_id = p_session_id and p.student_id = auth.uid()) then
    raise exception '你还没有加入这节课，请先输入课堂码' using errcode = 'QYFOR';
  end if;
  perform pg_advisory_xact_lock_shared(private.classroom_lock_key(p_session_id));
  select * into v_question from public.classroom_questions q where q.classroom_question_id = p_question_id for share;
  if v_question.classroom_question_id is null or v_question.classroom_session_id <> p_session_id then
    raise exception '这道题不是你所在课堂的题目' using errcode = 'QYBAD';
  end if;
  if v_question.closed_at is not null then
    raise exception '这道题已经停止作答' using errcode = 'QYCLO';
  end if;
  select * into v_key from public.questions q where q.question_id = v_question.question_id;
  if (v_key.type = 'multiple' and (jsonb_typeof(p_response) <> 'array' or jsonb_array_length(p_response) = 0
        or exists (select 1 from jsonb_array_elements(p_response) x where jsonb_typeof(x) <> 'string' or x #>> '{}' <> all (private.option_ids(v_key)))))
     or (v_key.type = 'single' and (jsonb_typeof(p_response) <> 'string' or p_response #>> '{}' <> all (private.option_ids(v_key))))
     or (v_key.type = 'truefalse' and jsonb_typeof(p_response) <> 'boolean') then
    raise exception '答案格式不对，请重新选择' using errcode = 'QYBAD';
  end if;
  insert into public.classroom_answers (classroom_question_id, student_id, response, correct)
  values (p_question_id, auth.uid(), p_response, private.is_correct(v_key.type, v_key.answer, p_response))
  on conflict do nothing;
  get diagnostics v_inserted = row_count;
  if v_inserted = 0 then
    raise exception '你已经回答过这道题了，每道题只能答一次' using errcode = 'QYDUP';
  end if;
end
$$;

-- "下课": closes the session and its open question; unless p_record is false, records the class
-- hour in the ledger as the platform's entry (lesson, teacher, date in Asia/Shanghai, the lesson's
-- hours, the pupils who joined) and counts the lesson as taught in class for each pupil who joined
-- and answered. Returns the ledger entry, or null.
create function public.end_classroom_session(p_session_id uuid, p_record boolean) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_session public.classroom_sessions := private.own_classroom_session(p_session_id);
  v_minutes int := greatest(1, ceil(extract(epoch from now() - v_session.started_at) / 60))::int;
  v_day date := (v_session.started_at at time zone 'Asia/Shanghai')::date;
  v_joined int;
  v_entry uuid;
begin
  -- Waits for answers holding a share lock on the open question; later ones find it closed.
  update public.classroom_questions set closed_at = now() where classroom_session_id = p_session_id and closed_at is null;
  select count(*)::int into v_joined from public.classroom_participants p where p.classroom_session_id = p_session_id;
  if p_record then
    insert into public.class_sessions (class_id, school_id, held_on, lesson_id, hours, form, teacher_id, note, recorded_by, source, participants)
    select v_session.class_id, v_session.school_id, v_day, v_session.lesson_id, l.class_hours, 'lesson', v_session.teacher_id,
           '课堂模式上课 ' || v_minutes || ' 分钟', auth.uid(), 'platform', v_joined
    from public.lessons l where l.lesson_id = v_session.lesson_id
    returning session_id into v_entry;
    insert into public.lessons_taught_in_class (student_id, lesson_id, classroom_session_id, taught_on)
    select distinct a.student_id, v_session.lesson_id, p_session_id, v_day
    from public.classroom_answers a
    join public.classroom_questions q on q.classroom_question_id = a.classroom_question_id
    join public.classroom_participants p on p.classroom_session_id = q.classroom_session_id and p.student_id = a.student_id
    where q.classroom_session_id = p_session_id
    on conflict (student_id, lesson_id) do nothing;
  end if;
  update public.classroom_sessions set ended_at = now(), minutes = v_minutes, ledger_entry_id = v_entry where classroom_session_id = p_session_id;
  return v_entry;
end
$$;

-- What the projector and the phones show, in one small object. The teacher sees the code, how
-- many joined and answered; a pupil who joined sees the current question and their answer.
-- Keys and explanations appear only once the teacher revealed the question; no pupil is named.
create function public.classroom_state(p_session_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_session public.classroom_sessions;
  v_teacher boolean;
  v_question public.classroom_questions;
  v_key public.questions;
  v_current jsonb;
  v_mine jsonb;
begin
  select * into v_session from public.classroom_sessions s where s.classroom_session_id = p_session_id;
  v_teacher := coalesce(private.app_role(), '') in ('teacher', 'school_admin') and v_session.class_id in (select private.taught_class_ids());
  if v_session.classroom_session_id is null or not (v_teacher or exists (
    select 1 from public.classroom_participants p where p.classroom_session_id = p_session_id and p.student_id = auth.uid())) then
    raise exception '找不到这节课，或你还没有加入' using errcode = 'QYFOR';
  end if;
  select * into v_question from public.classroom_questions q where q.classroom_session_id = p_session_id order by q.position desc limit 1;
  if v_question.classroom_question_id is not null then
    select * into v_key from public.questions q where q.question_id = v_question.question_id;
    select jsonb_build_object('response', a.response, 'correct', case when v_question.revealed_at is not null then a.correct end) into v_mine
    from public.classroom_answers a where a.classroom_question_id = v_question.classroom_question_id and a.student_id = auth.uid();
    v_current := jsonb_build_object(
      'id', v_question.classroom_question_id, 'position', v_question.position, 'type', v_key.type, 'stem', v_key.stem,
      'options', case when v_key.type = 'truefalse' then '[{"id":"true","text":"对"},{"id":"false","text":"错"}]'::jsonb else v_key.options end,
      'open', v_question.closed_at is null, 'revealed', v_question.revealed_at is not null,
      'answered', (select count(*) from public.classroom_answers a where a.classroom_question_id = v_question.classroom_question_id),
      'hands', v_question.hands,
      'mine', case when v_teacher then null else v_mine end
    );
    if v_question.revealed_at is not null then
      v_current := v_current || jsonb_build_object(
        'answer', v_key.answer, 'explanation', v_key.explanation,
        'distribution', (select coalesce(jsonb_object_agg(o, n), '{}'::jsonb) from (
          select x.o, count(*) as n from public.classroom_answers a
          cross join lateral (select jsonb_array_elements_text(case when jsonb_typeof(a.response) = 'array' then a.response else jsonb_build_array(a.response) end) as o) x
          where a.classroom_question_id = v_question.classroom_question_id group by x.o) d));
    end if;
  end if;
  return jsonb_build_object(
    'id', v_session.classroom_session_id, 'open', v_session.ended_at is null,
    'code', case when v_teacher and v_session.ended_at is null then v_session.join_code end,
    'joined', (select count(*) from public.classroom_participants p where p.classroom_session_id = p_session_id),
    'asked', (select coalesce(jsonb_agg(q.question_id order by q.position), '[]'::jsonb) from public.classroom_questions q where q.classroom_session_id = p_session_id and v_teacher),
    'question', v_current
  );
end
$$;

-- The lesson's questions a teacher may open (no keys).
create function public.classroom_question_bank(p_session_id uuid)
returns table (question_id text, type text, stem text, options jsonb)
language sql stable security definer set search_path = ''
as $$
  select q.question_id, q.type, q.stem, q.options
  from public.classroom_sessions s join public.lessons l on l.lesson_id = s.lesson_id join public.questions q on q.quiz_id = l.quiz_id
  where s.classroom_session_id = p_session_id and q.retired_at is null and s.class_id in (select private.taught_class_ids())
  order by q.difficulty, q.question_id
$$;

revoke all on function private.classroom_lock_key, private.own_classroom_session, private.own_classroom_question, private.option_ids from public, anon, authenticated;
grant execute on function public.start_classroom_session(uuid, text), public.join_classroom_session(text), public.open_classroom_question(uuid, text),
  public.close_classroom_question(uuid, boolean), public.record_classroom_hands(uuid, jsonb), public.answer_classroom_question(uuid, uuid, jsonb),
  public.end_classroom_session(uuid, boolean), public.classroom_state(uuid), public.classroom_question_bank(uuid) to authenticated;

alter table public.classroom_sessions enable row level security;
alter table public.classroom_participants enable row level security;
alter table public.classroom_questions enable row level security;
alter table public.classroom_answers enable row level security;
alter table public.lessons_taught_in_class enable row level security;

-- Read: the class's teachers, its school's admin and the office; pupils their own class's
-- sessions and their own rows. Written only by the functions above (and the service role).
create policy "Teachers, the school admin, the office and the class's pupils read classroom sessions" on public.classroom_sessions for select to authenticated
  using (class_id in (select private.taught_class_ids()) or class_id = (select private.own_class_id()) or (select private.is_office())
    or ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id())));
create policy "Pupils read their own joins, staff those of their classes" on public.classroom_participants for select to authenticated
  using (student_id = (select auth.uid()) or student_id in (select private.visible_student_ids()) or (select private.is_office()));
create policy "Questions are read with their classroom session" on public.classroom_questions for select to authenticated
  using (exists (select 1 from public.classroom_sessions s where s.classroom_session_id = classroom_questions.classroom_session_id));
create policy "Pupils read their own answers, staff those of their classes" on public.classroom_answers for select to authenticated
  using (student_id = (select auth.uid()) or student_id in (select private.visible_student_ids()));
create policy "Pupils read the lessons they were taught in class, staff their pupils', the office all" on public.lessons_taught_in_class for select to authenticated
  using (student_id = (select auth.uid()) or student_id in (select private.visible_student_ids()) or (select private.is_office()));
revoke insert, update, delete, truncate on public.classroom_sessions, public.classroom_participants, public.classroom_questions,
  public.classroom_answers, public.lessons_taught_in_class from anon, authenticated;
