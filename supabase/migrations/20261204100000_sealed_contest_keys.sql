-- Contest keys stay on the server while a contest window that uses the bank is open or upcoming,
-- and a practice draw can be graded once. (Security probe, December 2026.)
--
-- Before this, a scored contest submission returned every drawn question's key and explanation,
-- and a student could read which of their own contest answers were right; one early finisher
-- could pass the keys to classmates still inside the window.

-- True while any contest window that draws from this bank has not closed.
create function private.contest_bank_sealed(p_quiz_id text) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.contests c where c.quiz_id = p_quiz_id and c.closes_at > now());
$$;
comment on function private.contest_bank_sealed is 'Whether a contest bank''s keys must stay sealed: some window using it is open or still to come.';
revoke all on function private.contest_bank_sealed from public, anon, authenticated;
-- The attempt_answers policy below calls it for students.
grant execute on function private.contest_bank_sealed to authenticated;

create or replace function public.submit_attempt(p_attempt_id uuid, p_responses jsonb) returns jsonb
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
  v_sealed boolean;
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

  -- A contest result is the score alone until every window on the bank has closed.
  v_sealed := v_attempt.contest_id is not null and private.contest_bank_sealed(v_attempt.quiz_id);
  return jsonb_build_object(
    'score', v_score, 'total', v_total, 'percent', v_percent, 'passed', v_passed, 'passPercent', v_pass,
    'sealed', v_sealed,
    'results', case when v_sealed then '[]'::jsonb else (
      select jsonb_agg(jsonb_build_object('id', q.question_id, 'correct', aa.correct, 'answer', q.answer, 'explanation', q.explanation) order by o.n)
      from unnest(v_attempt.question_ids) with ordinality as o (id, n)
      join public.questions q on q.question_id = o.id
      join public.attempt_answers aa on aa.attempt_id = p_attempt_id and aa.question_id = o.id
    ) end
  );
end
$$;

-- Students read their own answers, except a contest's while its bank is sealed; staff and the
-- office read as before (item analysis).
drop policy "Answers are read with their attempts" on public.attempt_answers;
create policy "Students read their own answers once no contest window seals them" on public.attempt_answers for select to authenticated
  using (exists (
    select 1 from public.attempts a where a.attempt_id = attempt_answers.attempt_id
      and a.student_id = (select auth.uid())
      and (a.contest_id is null or not private.contest_bank_sealed(a.quiz_id))
  ));
create policy "Staff read their students' answers and the office all" on public.attempt_answers for select to authenticated
  using (exists (
    select 1 from public.attempts a where a.attempt_id = attempt_answers.attempt_id
      and ((select private.is_office()) or a.student_id in (select private.visible_student_ids()))
  ));

-- Practice draws are signed by the server; each may be graded once. Only the nonce and its
-- expiry are kept, nothing about the visitor.
create table private.practice_claims (
  nonce uuid primary key,
  expires_at timestamptz not null
);
comment on table private.practice_claims is 'Nonces of graded practice draws, kept until the draw expires so it cannot be graded twice.';
create index practice_claims_expires_idx on private.practice_claims (expires_at);
alter table private.practice_claims enable row level security;
revoke all on private.practice_claims from public, anon, authenticated;

-- Records that a practice draw was graded; false when it had been already. Expired claims are
-- swept as new ones come in (the draw itself is refused once expired, so they are no longer needed).
create function public.claim_practice_draw(p_nonce uuid, p_expires_at timestamptz) returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  v_claimed int;
begin
  delete from private.practice_claims where nonce in (
    select c.nonce from private.practice_claims c where c.expires_at < now() limit 100
  );
  insert into private.practice_claims (nonce, expires_at) values (p_nonce, p_expires_at)
  on conflict (nonce) do nothing;
  get diagnostics v_claimed = row_count;
  return v_claimed = 1;
end
$$;
comment on function public.claim_practice_draw is 'Service role only: marks a signed practice draw as graded, once.';
revoke all on function public.claim_practice_draw from public, anon, authenticated;
grant execute on function public.claim_practice_draw to service_role;
