-- Lessons, quiz banks, attempts, progress, assignments, certificates and the knowledge contest.
-- Answer keys live in questions, which no browser-facing role can read; attempts are started,
-- graded and recorded only by the security definer functions below, so a student can neither
-- see a key before submitting nor write a score.

create table public.quizzes (
  quiz_id text primary key check (quiz_id ~ '^[a-z0-9][a-z0-9-]*$'),
  title text not null,
  kind text not null check (kind in ('lesson', 'contest', 'self-check')),
  bands text[] not null,
  draw_count int not null check (draw_count between 1 and 100),
  pass_percent int not null check (pass_percent between 1 and 100),
  time_limit_minutes int check (time_limit_minutes between 1 and 120),
  synced_at timestamptz not null default now(),
  retired_at timestamptz
);
comment on table public.quizzes is 'Quiz banks synced from content/quizzes; retired when removed from the content.';

create table public.questions (
  question_id text primary key check (question_id ~ '^[a-z0-9][a-z0-9-]*$'),
  quiz_id text not null references public.quizzes (quiz_id),
  type text not null check (type in ('single', 'multiple', 'truefalse')),
  stem text not null,
  options jsonb not null default '[]'::jsonb,
  answer jsonb not null,
  explanation text not null,
  topic text not null,
  difficulty int not null check (difficulty between 1 and 3),
  retired_at timestamptz
);
comment on table public.questions is 'Questions with their keys. Never readable by anon or authenticated; retired, not deleted, so old attempts stay readable.';
create index questions_quiz_id_idx on public.questions (quiz_id);

create table public.lessons (
  lesson_id text primary key,
  band text not null check (band in ('primary-lower', 'primary-middle', 'primary-upper', 'junior', 'senior', 'vocational')),
  title text not null,
  quiz_id text not null references public.quizzes (quiz_id),
  required boolean not null default true,
  sort_order int not null default 0,
  class_hours numeric(3, 1) not null,
  retired_at timestamptz
);
comment on table public.lessons is 'Lessons synced from content/lessons, so attempts, progress and assignments can reference them.';
create index lessons_band_idx on public.lessons (band);

create table public.contests (
  contest_id uuid primary key default gen_random_uuid(),
  title text not null check (length(title) between 2 and 60),
  school_year int not null check (school_year between 2019 and 2100),
  level text not null check (level in ('primary', 'secondary')),
  quiz_id text not null references public.quizzes (quiz_id),
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  question_count int not null default 20 check (question_count between 1 and 100),
  time_limit_minutes int not null default 10 check (time_limit_minutes between 1 and 120),
  max_attempts int not null default 1 check (max_attempts between 1 and 10),
  pass_percent int not null default 60 check (pass_percent between 1 and 100),
  excellent_percent int not null default 90 check (excellent_percent between 1 and 100),
  created_by uuid references public.users (user_id),
  created_at timestamptz not null default now(),
  check (closes_at > opens_at),
  check (excellent_percent >= pass_percent)
);
comment on table public.contests is 'Knowledge-contest windows the office sets, one per level (小学组 / 中学组).';

create table public.attempts (
  attempt_id uuid primary key default gen_random_uuid(),
  student_id uuid not null references public.users (user_id),
  quiz_id text not null references public.quizzes (quiz_id),
  lesson_id text references public.lessons (lesson_id),
  contest_id uuid references public.contests (contest_id),
  question_ids text[] not null,
  seed bigint not null,
  started_at timestamptz not null default now(),
  deadline_at timestamptz not null,
  submitted_at timestamptz,
  score int,
  total int,
  percent int,
  passed boolean,
  check (lesson_id is null or contest_id is null)
);
comment on table public.attempts is 'One sitting of a quiz: the drawn questions (and the seed that ordered their options), the deadline and, once submitted, the result.';
create index attempts_student_idx on public.attempts (student_id, quiz_id);
create index attempts_contest_idx on public.attempts (contest_id) where contest_id is not null;
create index attempts_lesson_idx on public.attempts (lesson_id, submitted_at) where lesson_id is not null;

create table public.attempt_answers (
  attempt_id uuid not null references public.attempts (attempt_id) on delete cascade,
  question_id text not null references public.questions (question_id),
  response jsonb,
  correct boolean not null,
  primary key (attempt_id, question_id)
);
comment on table public.attempt_answers is 'Each graded answer, for review and item analysis.';
create index attempt_answers_question_idx on public.attempt_answers (question_id);

create table public.lesson_progress (
  student_id uuid not null references public.users (user_id) on delete cascade,
  lesson_id text not null references public.lessons (lesson_id),
  attempts int not null default 0,
  best_percent int not null default 0,
  mastered_at timestamptz,
  last_attempt_at timestamptz,
  primary key (student_id, lesson_id)
);
comment on table public.lesson_progress is 'Per student and lesson: attempts, best score (the one that counts) and when it was first mastered.';
create index lesson_progress_lesson_idx on public.lesson_progress (lesson_id);

create table public.assignments (
  assignment_id uuid primary key default gen_random_uuid(),
  class_id uuid not null references public.classes (class_id) on delete cascade,
  lesson_id text not null references public.lessons (lesson_id),
  due_on date,
  assigned_by uuid references public.users (user_id),
  created_at timestamptz not null default now(),
  unique (class_id, lesson_id)
);
comment on table public.assignments is 'Lessons a teacher assigned to a class, with a due date.';

create table public.certificates (
  certificate_id uuid primary key default gen_random_uuid(),
  student_id uuid not null references public.users (user_id) on delete cascade,
  school_year int not null,
  band text not null,
  code text not null unique check (code ~ '^[A-Z2-9]{10}$'),
  issued_at timestamptz not null default now(),
  unique (student_id, school_year)
);
comment on table public.certificates is 'A year''s certificate once its required lessons are mastered; the code opens a public verification page.';

-- Which students the caller may see besides themselves: their classes' (teacher) or their
-- school's (school admin). The office is checked separately so it never builds a big id list.
create function private.visible_student_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select s.user_id from public.students s where s.class_id in (select private.taught_class_ids())
  union
  select s.user_id from public.students s
  where (select private.app_role()) = 'school_admin' and s.school_id = (select private.school_id())
$$;

-- The band a class studies; the same rule as bandForGrade in src/lib/domain/catalog.ts.
create function private.band_for(p_grade int, p_stage text) returns text
language sql immutable set search_path = ''
as $$
  select case
    when p_stage = 'vocational' then 'vocational'
    when p_grade <= 2 then 'primary-lower'
    when p_grade <= 4 then 'primary-middle'
    when p_grade <= 6 then 'primary-upper'
    when p_grade <= 9 then 'junior'
    else 'senior'
  end
$$;

-- The school year (starting 1 September) a moment falls in; schoolYearOf in the domain.
create function private.school_year_of(p_at timestamptz) returns int
language sql immutable set search_path = ''
as $$ select (extract(year from p_at at time zone 'Asia/Shanghai') - case when extract(month from p_at at time zone 'Asia/Shanghai') < 9 then 1 else 0 end)::int $$;

-- The calling student's band, or null.
create function private.student_band() returns text
language sql stable security definer set search_path = ''
as $$
  select private.band_for(c.grade, sc.stage)
  from public.students s join public.classes c on c.class_id = s.class_id join public.schools sc on sc.school_id = s.school_id
  where s.user_id = (select auth.uid())
$$;

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to anon, authenticated, service_role;

alter table public.quizzes enable row level security;
alter table public.questions enable row level security;
alter table public.lessons enable row level security;
alter table public.contests enable row level security;
alter table public.attempts enable row level security;
alter table public.attempt_answers enable row level security;
alter table public.lesson_progress enable row level security;
alter table public.assignments enable row level security;
alter table public.certificates enable row level security;

-- Content metadata is public; only the content sync (service role) writes it.
create policy "Anyone can read quizzes" on public.quizzes for select to anon, authenticated using (true);
create policy "Anyone can read lessons" on public.lessons for select to anon, authenticated using (true);
revoke insert, update, delete on public.quizzes, public.lessons from anon, authenticated;
-- Questions hold the keys: nobody but the service role and the grading functions reads them.
revoke all on public.questions from anon, authenticated;

create policy "Anyone can read contest windows" on public.contests for select to anon, authenticated using (true);
create policy "The office can open contests" on public.contests for insert to authenticated with check ((select private.is_office()));
create policy "The office can change contests" on public.contests for update to authenticated using ((select private.is_office())) with check ((select private.is_office()));
create policy "The office can remove contests" on public.contests for delete to authenticated using ((select private.is_office()));

create policy "Students read their attempts, staff their students', the office all" on public.attempts for select to authenticated
  using (student_id = (select auth.uid()) or (select private.is_office()) or student_id in (select private.visible_student_ids()));
revoke insert, update, delete on public.attempts from anon, authenticated;

create policy "Answers are read with their attempts" on public.attempt_answers for select to authenticated
  using (exists (
    select 1 from public.attempts a where a.attempt_id = attempt_answers.attempt_id
      and (a.student_id = (select auth.uid()) or (select private.is_office()) or a.student_id in (select private.visible_student_ids()))
  ));
revoke insert, update, delete on public.attempt_answers from anon, authenticated;

create policy "Students read their progress, staff their students', the office all" on public.lesson_progress for select to authenticated
  using (student_id = (select auth.uid()) or (select private.is_office()) or student_id in (select private.visible_student_ids()));
revoke insert, update, delete on public.lesson_progress from anon, authenticated;

create policy "Members, teachers and staff of a class read its assignments" on public.assignments for select to authenticated
  using (
    class_id = (select private.own_class_id()) or class_id in (select private.taught_class_ids()) or (select private.is_office())
    or exists (select 1 from public.classes c where c.class_id = assignments.class_id and (select private.is_school_staff(c.school_id)))
  );
create policy "Teachers of a class and its school admin assign lessons" on public.assignments for insert to authenticated
  with check (
    assigned_by = (select auth.uid()) and (class_id in (select private.taught_class_ids())
      or exists (select 1 from public.classes c where c.class_id = assignments.class_id and (select private.app_role()) = 'school_admin' and c.school_id = (select private.school_id())))
  );
create policy "Teachers of a class and its school admin change due dates" on public.assignments for update to authenticated
  using (class_id in (select private.taught_class_ids())
    or exists (select 1 from public.classes c where c.class_id = assignments.class_id and (select private.app_role()) = 'school_admin' and c.school_id = (select private.school_id())))
  with check (class_id in (select private.taught_class_ids())
    or exists (select 1 from public.classes c where c.class_id = assignments.class_id and (select private.app_role()) = 'school_admin' and c.school_id = (select private.school_id())));
create policy "Teachers of a class and its school admin withdraw assignments" on public.assignments for delete to authenticated
  using (class_id in (select private.taught_class_ids())
    or exists (select 1 from public.classes c where c.class_id = assignments.class_id and (select private.app_role()) = 'school_admin' and c.school_id = (select private.school_id())));

create policy "Students read their certificates, staff their students', the office all" on public.certificates for select to authenticated
  using (student_id = (select auth.uid()) or (select private.is_office()) or student_id in (select private.visible_student_ids()));
revoke insert, update, delete on public.certificates from anon, authenticated;
