-- Districts, schools, accounts, classes and students: who is who, and who may see whom.
-- Login identifiers, password hashes, sessions and sign-in attempts live in tables that only
-- the service role reads; RLS is on everywhere, and a table with no policy for a role denies it.

create schema if not exists private;
grant usage on schema private to anon, authenticated, service_role;

create table public.districts (
  district_id uuid primary key default gen_random_uuid(),
  name text not null unique check (length(name) between 1 and 40),
  created_at timestamptz not null default now()
);
comment on table public.districts is 'Districts (区/街道) of the city; schools and events belong to one.';

create table public.schools (
  school_id uuid primary key default gen_random_uuid(),
  district_id uuid not null references public.districts (district_id),
  code text not null unique check (code ~ '^[A-Za-z0-9]{3,16}$'),
  name text not null check (length(name) between 2 and 60),
  stage text not null check (stage in ('primary', 'junior', 'senior', 'vocational', 'nine-year', 'complete')),
  created_at timestamptz not null default now()
);
comment on table public.schools is 'Schools; students sign in with the school code plus their student number.';
create index schools_district_id_idx on public.schools (district_id);

create table public.users (
  user_id uuid primary key default gen_random_uuid(),
  role text not null check (role in ('student', 'teacher', 'school_admin', 'volunteer', 'organizer', 'office')),
  display_name text not null check (length(display_name) between 1 and 40),
  school_id uuid references public.schools (school_id),
  created_at timestamptz not null default now(),
  disabled_at timestamptz,
  constraint users_school_roles check ((role in ('student', 'teacher', 'school_admin')) = (school_id is not null))
);
comment on table public.users is 'Accounts with their app role. No ID or phone numbers here: contact and login details live apart.';
create index users_school_id_idx on public.users (school_id);

create table public.credentials (
  user_id uuid primary key references public.users (user_id) on delete cascade,
  login_kind text not null check (login_kind in ('student', 'phone', 'email')),
  -- student: '<SCHOOLCODE>/<student number>'; phone: digits; email: lower case.
  login text not null check (length(login) between 3 and 120),
  password_hash text not null,
  must_change_password boolean not null default false,
  password_changed_at timestamptz not null default now(),
  unique (login_kind, login)
);
comment on table public.credentials is 'Sign-in identifiers and argon2id hashes; read and written by the service role only.';

create table public.sessions (
  session_id text primary key,
  secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid not null references public.users (user_id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
comment on table public.sessions is 'Sessions after Lucia''s guide: the cookie holds id.secret, only the SHA-256 of the secret is stored.';
create index sessions_user_id_idx on public.sessions (user_id);

create table public.login_attempts (
  attempt_id bigint generated always as identity primary key,
  account_key text not null,
  ip_key text not null,
  attempted_at timestamptz not null default now()
);
comment on table public.login_attempts is 'Failed sign-ins, for rate limits that hold across server instances.';
create index login_attempts_account_idx on public.login_attempts (account_key, attempted_at);
create index login_attempts_ip_idx on public.login_attempts (ip_key, attempted_at);

create table public.classes (
  class_id uuid primary key default gen_random_uuid(),
  school_id uuid not null references public.schools (school_id),
  school_year int not null check (school_year between 2019 and 2100),
  grade int not null check (grade between 1 and 12),
  name text not null check (length(name) between 1 and 30),
  created_by uuid references public.users (user_id),
  created_at timestamptz not null default now(),
  archived_at timestamptz,
  unique (school_id, school_year, name)
);
comment on table public.classes is 'Classes of a school year; archived at year end rather than deleted.';
create index classes_school_id_idx on public.classes (school_id);

create table public.class_teachers (
  class_id uuid not null references public.classes (class_id) on delete cascade,
  teacher_id uuid not null references public.users (user_id) on delete cascade,
  primary key (class_id, teacher_id)
);
comment on table public.class_teachers is 'Which teachers teach drug-prevention lessons to a class.';
create index class_teachers_teacher_id_idx on public.class_teachers (teacher_id);

create table public.students (
  user_id uuid primary key references public.users (user_id) on delete cascade,
  school_id uuid not null references public.schools (school_id),
  class_id uuid not null references public.classes (class_id),
  student_number text not null check (student_number ~ '^[A-Za-z0-9-]{1,20}$'),
  unique (school_id, student_number)
);
comment on table public.students is 'A student''s place: school, class and student number. Nothing else about the child.';
create index students_class_id_idx on public.students (class_id);

-- Helpers the policies call. security definer so a policy on users can read users without
-- recursing through its own RLS; each returns facts about the caller only.
create function private.app_role() returns text
language sql stable security definer set search_path = ''
as $$ select u.role from public.users u where u.user_id = (select auth.uid()) and u.disabled_at is null $$;

create function private.school_id() returns uuid
language sql stable security definer set search_path = ''
as $$ select u.school_id from public.users u where u.user_id = (select auth.uid()) and u.disabled_at is null $$;

create function private.is_office() returns boolean
language sql stable security definer set search_path = ''
as $$ select coalesce((select private.app_role()) = 'office', false) $$;

create function private.taught_class_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$ select ct.class_id from public.class_teachers ct where ct.teacher_id = (select auth.uid()) $$;

create function private.own_class_id() returns uuid
language sql stable security definer set search_path = ''
as $$ select s.class_id from public.students s where s.user_id = (select auth.uid()) $$;

create function private.is_school_staff(target_school uuid) returns boolean
language sql stable security definer set search_path = ''
as $$ select coalesce((select private.app_role()) in ('teacher', 'school_admin') and (select private.school_id()) = target_school, false) $$;

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to anon, authenticated, service_role;

alter table public.districts enable row level security;
alter table public.schools enable row level security;
alter table public.users enable row level security;
alter table public.credentials enable row level security;
alter table public.sessions enable row level security;
alter table public.login_attempts enable row level security;
alter table public.classes enable row level security;
alter table public.class_teachers enable row level security;
alter table public.students enable row level security;

-- credentials, sessions, login_attempts: no policies; only the service role (bypassrls) uses them.
revoke all on public.credentials, public.sessions, public.login_attempts from anon, authenticated;

-- districts and schools: public names; the office manages them.
create policy "Anyone can read districts" on public.districts for select to anon, authenticated using (true);
create policy "The office can add districts" on public.districts for insert to authenticated with check ((select private.is_office()));
create policy "The office can rename districts" on public.districts for update to authenticated using ((select private.is_office())) with check ((select private.is_office()));
create policy "The office can remove districts" on public.districts for delete to authenticated using ((select private.is_office()));

create policy "Anyone can read schools" on public.schools for select to anon, authenticated using (true);
create policy "The office can add schools" on public.schools for insert to authenticated with check ((select private.is_office()));
create policy "The office can edit schools" on public.schools for update to authenticated using ((select private.is_office())) with check ((select private.is_office()));
create policy "The office can remove schools" on public.schools for delete to authenticated using ((select private.is_office()));

-- users: yourself; school staff see their school; the office sees everyone.
create policy "Users can read themselves, staff their school, the office everyone" on public.users for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_office()) or (school_id is not null and (select private.is_school_staff(school_id))));
create policy "The office can create accounts" on public.users for insert to authenticated with check ((select private.is_office()));
create policy "Users can rename themselves and the office anyone" on public.users for update to authenticated
  using (user_id = (select auth.uid()) or (select private.is_office()))
  with check (user_id = (select auth.uid()) or (select private.is_office()));
-- No delete policy: accounts are disabled, not deleted, so records stay consistent.
revoke update on public.users from anon, authenticated;
grant update (display_name) on public.users to authenticated;
revoke delete on public.users from anon, authenticated;

-- classes: their teachers, their school's staff, their students, the office.
create policy "Teachers, school staff, members and the office can read classes" on public.classes for select to authenticated
  using (
    class_id in (select private.taught_class_ids()) or class_id = (select private.own_class_id())
    or (select private.is_school_staff(school_id)) or (select private.is_office())
  );
create policy "School staff can create classes in their school" on public.classes for insert to authenticated
  with check ((select private.is_school_staff(school_id)) and created_by = (select auth.uid()));
create policy "A class's teachers and the school admin can edit it" on public.classes for update to authenticated
  using (class_id in (select private.taught_class_ids()) or ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id())))
  with check ((select private.is_school_staff(school_id)));
-- No delete policy: classes are archived at year end.
revoke delete on public.classes from anon, authenticated;

create policy "Staff of the school and the office can read class teachers" on public.class_teachers for select to authenticated
  using (exists (select 1 from public.classes c where c.class_id = class_teachers.class_id and ((select private.is_school_staff(c.school_id)) or (select private.is_office()))));
create policy "School staff can assign teachers of their school" on public.class_teachers for insert to authenticated
  with check (exists (
    select 1 from public.classes c join public.users t on t.user_id = class_teachers.teacher_id
    where c.class_id = class_teachers.class_id and t.school_id = c.school_id and t.role in ('teacher', 'school_admin')
      and ((select private.app_role()) = 'school_admin' and c.school_id = (select private.school_id())
           or c.class_id in (select private.taught_class_ids()) or c.created_by = (select auth.uid()))
  ));
create policy "The school admin can unassign teachers" on public.class_teachers for delete to authenticated
  using (exists (select 1 from public.classes c where c.class_id = class_teachers.class_id and (select private.app_role()) = 'school_admin' and c.school_id = (select private.school_id())));
revoke update on public.class_teachers from anon, authenticated;

create policy "Students read themselves, teachers their classes, admins their school" on public.students for select to authenticated
  using (
    user_id = (select auth.uid()) or class_id in (select private.taught_class_ids())
    or ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id())) or (select private.is_office())
  );
-- Students are created and moved through server paths that also write credentials.
revoke insert, update, delete on public.students from anon, authenticated;

-- Sign-in rate limits, kept in Postgres so they hold across server instances. Only the
-- service role may call these; the server passes a hashed account key and the client IP.
create function public.login_block(p_account_key text, p_ip_key text, p_window interval default interval '15 minutes')
returns text
language sql stable security definer set search_path = ''
as $$
  select case
    when (select count(*) from public.login_attempts a where a.account_key = p_account_key and a.attempted_at > now() - p_window) >= 5 then 'account'
    when (select count(*) from public.login_attempts a where a.ip_key = p_ip_key and a.attempted_at > now() - p_window) >= 30 then 'ip'
  end
$$;
comment on function public.login_block is 'Why a sign-in is blocked now (account: 5 failures, ip: 30 failures in the window), or null.';

create function public.record_login_failure(p_account_key text, p_ip_key text) returns void
language sql security definer set search_path = ''
as $$
  insert into public.login_attempts (account_key, ip_key) values (p_account_key, p_ip_key);
  delete from public.login_attempts where attempted_at < now() - interval '1 day';
$$;

create function public.clear_login_failures(p_account_key text) returns void
language sql security definer set search_path = ''
as $$ delete from public.login_attempts where account_key = p_account_key $$;

revoke all on function public.login_block, public.record_login_failure, public.clear_login_failures from public, anon, authenticated;
grant execute on function public.login_block, public.record_login_failure, public.clear_login_failures to service_role;

-- Volunteers register themselves through the server; the account and its credential are
-- written together or not at all.
create function public.register_volunteer(p_display_name text, p_login_kind text, p_login text, p_password_hash text)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  new_id uuid;
begin
  if p_login_kind not in ('phone', 'email') then
    raise exception 'login kind % is not for adults', p_login_kind using errcode = '22023';
  end if;
  insert into public.users (role, display_name) values ('volunteer', p_display_name) returning user_id into new_id;
  insert into public.credentials (user_id, login_kind, login, password_hash) values (new_id, p_login_kind, p_login, p_password_hash);
  return new_id;
end
$$;
comment on function public.register_volunteer is 'Creates a volunteer account with its credential in one transaction; a taken login raises unique_violation.';
revoke all on function public.register_volunteer from public, anon, authenticated;
grant execute on function public.register_volunteer to service_role;
