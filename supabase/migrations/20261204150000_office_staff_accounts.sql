-- The office's staff accounts (issue 18, item 16): a list of teachers, school admins, organizers
-- and office staff with how each signs in and whether the account is disabled or still on a first
-- password, a new first password for one account, and disabling or re-enabling one. Credentials
-- are for the service role alone; these functions tell the office the facts the list needs and
-- make the two changes, each checking the caller is the office and the target a staff account.

create function public.office_staff_accounts()
returns table (user_id uuid, role text, display_name text, school_name text, login_kind text, login text, disabled boolean, first_password boolean, created_at timestamptz)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以查看工作人员账号' using errcode = 'QYFOR';
  end if;
  return query
    select u.user_id, u.role, u.display_name, s.name, c.login_kind, c.login, u.disabled_at is not null, c.must_change_password, u.created_at
    from public.users u
    join public.credentials c on c.user_id = u.user_id
    left join public.schools s on s.school_id = u.school_id
    where u.role in ('teacher', 'school_admin', 'organizer', 'office')
    order by u.role, s.name nulls first, u.display_name;
end
$$;
comment on function public.office_staff_accounts() is 'The office lists staff accounts: role, school, login, disabled, still on a first password.';

-- A new first password for one staff account, which must be changed at the next sign-in; every
-- session of the account ends. Not for the caller's own account (they change it themselves).
create function public.office_reset_staff_password(p_user_id uuid, p_password_hash text) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以重置工作人员密码' using errcode = 'QYFOR';
  end if;
  if p_user_id = auth.uid() then
    raise exception '不能在这里重置自己的密码，请在“我的”页面修改' using errcode = 'QYBAD';
  end if;
  if coalesce(p_password_hash, '') not like '$argon2id$%' then
    raise exception '密码格式不对' using errcode = 'QYBAD';
  end if;
  if not exists (select 1 from public.users u where u.user_id = p_user_id and u.role in ('teacher', 'school_admin', 'organizer', 'office')) then
    raise exception '找不到这个工作人员账号' using errcode = 'QYNOF';
  end if;
  update public.credentials c
    set password_hash = p_password_hash, must_change_password = true, password_changed_at = now()
    where c.user_id = p_user_id;
  delete from public.sessions s where s.user_id = p_user_id;
end
$$;
comment on function public.office_reset_staff_password(uuid, text) is 'The office gives a staff account a new first password and signs it out everywhere.';

-- Disables (signing the account out everywhere) or re-enables one staff account. Accounts are
-- never deleted, so their records stay attributed. Not for the caller's own account.
create function public.office_set_staff_disabled(p_user_id uuid, p_disabled boolean) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以停用工作人员账号' using errcode = 'QYFOR';
  end if;
  if p_user_id = auth.uid() then
    raise exception '不能停用自己的账号' using errcode = 'QYBAD';
  end if;
  if not exists (select 1 from public.users u where u.user_id = p_user_id and u.role in ('teacher', 'school_admin', 'organizer', 'office')) then
    raise exception '找不到这个工作人员账号' using errcode = 'QYNOF';
  end if;
  update public.users u
    set disabled_at = case when p_disabled then coalesce(u.disabled_at, now()) else null end
    where u.user_id = p_user_id;
  if p_disabled then
    delete from public.sessions s where s.user_id = p_user_id;
  end if;
end
$$;
comment on function public.office_set_staff_disabled(uuid, boolean) is 'The office disables (and signs out) or re-enables a staff account.';

revoke all on function public.office_staff_accounts() from public, anon, authenticated;
revoke all on function public.office_reset_staff_password(uuid, text) from public, anon, authenticated;
revoke all on function public.office_set_staff_disabled(uuid, boolean) from public, anon, authenticated;
grant execute on function public.office_staff_accounts() to authenticated;
grant execute on function public.office_reset_staff_password(uuid, text) to authenticated;
grant execute on function public.office_set_staff_disabled(uuid, boolean) to authenticated;
