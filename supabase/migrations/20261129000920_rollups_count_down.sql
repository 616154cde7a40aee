-- The mastery rollups also count down: a progress row deleted, or its mastery withdrawn, takes
-- its count back (found by the RLS matrix, whose cases add and remove mastered rows).

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
  if exists (select 1 from public.lessons l where l.lesson_id = v_row.lesson_id and l.required) then
    insert into public.student_mastery as m (student_id, required_mastered) values (v_row.student_id, greatest(v_step, 0))
    on conflict (student_id) do update set required_mastered = greatest(m.required_mastered + v_step, 0);
  end if;
  select s.school_id into v_school from public.students s where s.user_id = v_row.student_id;
  if v_school is not null then
    insert into public.monthly_mastery as m (school_id, month, lessons_mastered)
    values (v_school, date_trunc('month', v_row.mastered_at at time zone 'Asia/Shanghai')::date, greatest(v_step, 0))
    on conflict (school_id, month) do update set lessons_mastered = greatest(m.lessons_mastered + v_step, 0);
  end if;
  return null;
end
$$;

drop trigger lesson_progress_rollup on public.lesson_progress;
create trigger lesson_progress_rollup after insert or update of mastered_at or delete on public.lesson_progress
  for each row execute function private.roll_up_mastery();
