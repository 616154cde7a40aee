-- A disabled account loses class access at once, like the other helpers already do:
-- taught_class_ids and own_class_id now ignore disabled users. The staff-account function is
-- for the office's own token only; the service role has no user and cannot pass its check.

create or replace function private.taught_class_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select ct.class_id from public.class_teachers ct join public.users u on u.user_id = ct.teacher_id
  where ct.teacher_id = (select auth.uid()) and u.disabled_at is null
$$;

create or replace function private.own_class_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select s.class_id from public.students s join public.users u on u.user_id = s.user_id
  where s.user_id = (select auth.uid()) and u.disabled_at is null
$$;

revoke execute on function public.create_staff_account from service_role;
