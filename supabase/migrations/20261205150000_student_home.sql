-- Issue 15: the student home /me/student/ in one round trip. The page read its class, its
-- progress, the class's assignments, the lessons taught in class, the certificate standing and the
-- open contests in six PostgREST calls; this function returns the same rows in one. It reads only
-- the caller's own rows, as RLS shows them to a student: their class (private.own_class_id(), not
-- archived), their lesson_progress, the assignments of that class, their lessons_taught_in_class,
-- their certificate standing
-- (public.certificate_status(), the one place that says what the certificate needs) and the
-- contest windows open now (readable by anyone). A caller who is not a student gets no class and
-- empty lists.
create function public.student_home()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
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
      from public.contests ct
      where ct.opens_at <= now() and ct.closes_at > now()
    ), '[]'::jsonb)
  )
$$;
comment on function public.student_home() is 'The signed-in student''s home page in one call: own class, progress, the class''s assignments, lessons taught in class, certificate standing, open contests.';
revoke all on function public.student_home() from public, anon, authenticated;
grant execute on function public.student_home() to authenticated;

-- Open contest windows: most rows of the table are past windows, so the home's filter and
-- private.contest_bank_sealed read the few that have not closed through an index.
create index contests_closes_at_idx on public.contests (closes_at);
