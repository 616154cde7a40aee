-- A school admin may record training only for staff of their own school: the record's user
-- must belong to the record's school (found by the RLS matrix: a record could be filed, or
-- handed over, to a teacher of another school).

drop policy "The school admin records teacher training" on public.teacher_training;
drop policy "The school admin updates teacher training" on public.teacher_training;

create policy "The school admin records teacher training" on public.teacher_training for insert to authenticated
  with check (
    (select private.app_role()) = 'school_admin' and school_id = (select private.school_id())
    and exists (select 1 from public.users u where u.user_id = teacher_training.user_id and u.school_id = teacher_training.school_id and u.role in ('teacher', 'school_admin'))
  );
create policy "The school admin updates teacher training" on public.teacher_training for update to authenticated
  using ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id()))
  with check (
    (select private.app_role()) = 'school_admin' and school_id = (select private.school_id())
    and exists (select 1 from public.users u where u.user_id = teacher_training.user_id and u.school_id = teacher_training.school_id and u.role in ('teacher', 'school_admin'))
  );
