-- The office creates staff accounts (teachers, school admins, organizers, office staff).
-- One function writes the account and its credential together; it checks the caller is the
-- office itself, so it can run with the caller's own token rather than the service role.

create function public.create_staff_account(
  p_role text,
  p_display_name text,
  p_school_id uuid,
  p_login_kind text,
  p_login text,
  p_password_hash text
) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  new_id uuid;
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以创建工作人员账号' using errcode = '42501';
  end if;
  if p_role not in ('teacher', 'school_admin', 'organizer', 'office') then
    raise exception '角色 % 无效', p_role using errcode = '22023';
  end if;
  if (p_role in ('teacher', 'school_admin')) <> (p_school_id is not null) then
    raise exception '教师和学校管理员必须属于一所学校，其他角色不属于学校' using errcode = '22023';
  end if;
  if p_login_kind not in ('phone', 'email') then
    raise exception '登录方式 % 无效', p_login_kind using errcode = '22023';
  end if;
  insert into public.users (role, display_name, school_id) values (p_role, p_display_name, p_school_id) returning user_id into new_id;
  insert into public.credentials (user_id, login_kind, login, password_hash, must_change_password)
    values (new_id, p_login_kind, p_login, p_password_hash, true);
  return new_id;
end
$$;
comment on function public.create_staff_account is 'The office creates a staff account with a first password that must be changed at first sign-in.';
revoke all on function public.create_staff_account from public, anon, authenticated;
grant execute on function public.create_staff_account to authenticated, service_role;
