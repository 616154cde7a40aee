-- Beyond schools (issue 14), part 1: units and their managers.
-- A unit is a company, venue, transport operator, chemical firm or a village/community that
-- trains its people with the target-group courses. The office registers units and creates
-- unit_manager accounts; a manager sees their own unit only. Each unit carries the code its QR
-- poster links to; the manager (or the office) rotates it, and the old code stops working.

create table public.units (
  unit_id uuid primary key default gen_random_uuid(),
  district_id uuid not null references public.districts (district_id),
  kind text not null check (kind in ('logistics', 'entertainment', 'transport', 'chemical', 'enterprise', 'community')),
  name text not null check (length(name) between 2 and 60),
  contact_name text not null check (length(contact_name) between 1 and 20),
  contact_phone text not null check (contact_phone ~ '^[0-9][0-9 -]{4,19}$'),
  -- The code in the QR poster's link: 10 characters of an alphabet without look-alikes.
  qr_code text not null unique check (qr_code ~ '^[A-HJ-NP-Z2-9]{10}$'),
  qr_rotated_at timestamptz not null default now(),
  created_by uuid references public.users (user_id),
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);
comment on table public.units is 'Workplaces and villages/communities that train their people with the target-group courses; the qr_code is what their poster links to.';
create index units_district_id_idx on public.units (district_id);

-- The new role, and the unit a manager belongs to.
alter table public.users drop constraint users_role_check;
alter table public.users add constraint users_role_check
  check (role in ('student', 'teacher', 'school_admin', 'volunteer', 'organizer', 'office', 'unit_manager'));
alter table public.users add column unit_id uuid references public.units (unit_id);
alter table public.users add constraint users_unit_roles check ((role = 'unit_manager') = (unit_id is not null));
comment on column public.users.unit_id is 'The unit a unit_manager manages; null for every other role.';
create index users_unit_id_idx on public.users (unit_id) where unit_id is not null;

-- A random code from an alphabet without 0/O, 1/I/L: read off a poster without mistakes.
create function private.random_code(p_length int) returns text
language plpgsql volatile set search_path = ''
as $$
declare
  v_alphabet text := 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  v_bytes bytea := '';
  v_code text := '';
begin
  while length(v_bytes) < p_length loop
    v_bytes := v_bytes || substring(uuid_send(gen_random_uuid()) from 1 for 6) || substring(uuid_send(gen_random_uuid()) from 11 for 6);
  end loop;
  for i in 0..p_length - 1 loop
    -- 31 letters: a byte modulo 31 is close enough to uniform for a code that is also rate-limited.
    v_code := v_code || substr(v_alphabet, 1 + get_byte(v_bytes, i) % 31, 1);
  end loop;
  return v_code;
end
$$;
comment on function private.random_code is 'A random code of p_length characters without look-alike letters (for QR links and slips).';

-- The unit of the calling manager, or null.
create function private.managed_unit_id() returns uuid
language sql stable security definer set search_path = ''
as $$ select u.unit_id from public.users u where u.user_id = (select auth.uid()) and u.role = 'unit_manager' and u.disabled_at is null $$;
comment on function private.managed_unit_id is 'The unit the calling unit manager manages; null for everyone else.';
grant execute on function private.managed_unit_id to authenticated;

-- Every new unit gets a code from the database, whatever the insert says (a trigger: a column
-- default would run with the inserting user's rights, and nobody but the owner may call the helper).
create function private.set_unit_code() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.qr_code := private.random_code(10);
  new.qr_rotated_at := now();
  return new;
end
$$;
create trigger units_set_code before insert on public.units for each row execute function private.set_unit_code();

alter table public.units enable row level security;
create policy "The office and the unit's manager can read a unit" on public.units for select to authenticated
  using ((select private.is_office()) or unit_id = (select private.managed_unit_id()));
create policy "The office can register units" on public.units for insert to authenticated
  with check ((select private.is_office()) and created_by = (select auth.uid()));
create policy "The office can edit units" on public.units for update to authenticated
  using ((select private.is_office())) with check ((select private.is_office()));
-- No delete policy: a unit with completions is disabled, not deleted.
revoke delete on public.units from anon, authenticated;
revoke update on public.units from anon, authenticated;
grant update (district_id, kind, name, contact_name, contact_phone, disabled_at) on public.units to authenticated;

-- The office creates a unit manager: the account, its unit and its credential together.
create function public.create_unit_manager(
  p_unit_id uuid, p_display_name text, p_login_kind text, p_login text, p_password_hash text
) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  new_id uuid;
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以创建单位管理员账号' using errcode = '42501';
  end if;
  if not exists (select 1 from public.units u where u.unit_id = p_unit_id and u.disabled_at is null) then
    raise exception '找不到这个单位' using errcode = '22023';
  end if;
  if p_login_kind not in ('phone', 'email') then
    raise exception '登录方式 % 无效', p_login_kind using errcode = '22023';
  end if;
  insert into public.users (role, display_name, unit_id) values ('unit_manager', p_display_name, p_unit_id) returning user_id into new_id;
  insert into public.credentials (user_id, login_kind, login, password_hash, must_change_password)
    values (new_id, p_login_kind, p_login, p_password_hash, true);
  return new_id;
end
$$;
comment on function public.create_unit_manager is 'The office creates a unit manager account with a first password that must be changed at first sign-in.';
grant execute on function public.create_unit_manager to authenticated;

-- The unit's manager or the office gives the unit a new QR code; the old one is refused from now on.
create function public.rotate_unit_code(p_unit_id uuid) returns text
language plpgsql security definer set search_path = ''
as $$
declare
  v_code text;
begin
  if not ((select private.is_office()) or p_unit_id is not distinct from (select private.managed_unit_id())) then
    raise exception '只能更换本单位的二维码' using errcode = 'QYFOR';
  end if;
  update public.units set qr_code = private.random_code(10), qr_rotated_at = now()
  where unit_id = p_unit_id and disabled_at is null
  returning qr_code into v_code;
  if v_code is null then
    raise exception '找不到这个单位' using errcode = 'QYNOF';
  end if;
  return v_code;
end
$$;
comment on function public.rotate_unit_code is 'A new QR code for a unit (its manager or the office); links with the old code stop working.';
grant execute on function public.rotate_unit_code to authenticated;
