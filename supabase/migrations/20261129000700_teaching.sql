-- Teachers and schools: rosters, class operations, the class-hours ledger (课时台账) with its
-- edit log, hours required per grade, and the school's 五落实 board with teacher training.
-- Multi-step writes go through security definer functions that check the caller.

-- The caller may manage this class: a teacher of it, or the admin of its school.
create function private.can_manage_class(p_class_id uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.classes c
    where c.class_id = p_class_id and (
      c.class_id in (select private.taught_class_ids())
      or ((select private.app_role()) = 'school_admin' and c.school_id = (select private.school_id()))
    )
  )
$$;

-- Creates a class in the caller's school and makes the caller (a teacher) one of its teachers.
create function public.create_class(p_school_year int, p_grade int, p_name text) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
  v_role text := private.app_role();
begin
  if v_role is distinct from 'teacher' and v_role is distinct from 'school_admin' then
    raise exception '只有教师和学校管理员可以建班' using errcode = 'QYFOR';
  end if;
  if exists (select 1 from public.classes c where c.school_id = private.school_id() and c.school_year = p_school_year and c.name = p_name) then
    raise exception '本学年已经有名为“%”的班级', p_name using errcode = 'QYBAD';
  end if;
  insert into public.classes (school_id, school_year, grade, name, created_by)
  values (private.school_id(), p_school_year, p_grade, p_name, auth.uid()) returning class_id into v_id;
  if v_role = 'teacher' then
    insert into public.class_teachers (class_id, teacher_id) values (v_id, auth.uid());
  end if;
  return v_id;
end
$$;

-- Imports a whole roster or nothing: every student gets an account, a credential with a first
-- password to change at first sign-in, and a place in the class.
create function public.import_roster(p_class_id uuid, p_students jsonb) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  v_class public.classes;
  v_code text;
  v_taken text;
  v_count int;
begin
  if not private.can_manage_class(p_class_id) then
    raise exception '你不能管理这个班级' using errcode = 'QYFOR';
  end if;
  select * into v_class from public.classes c where c.class_id = p_class_id;
  if v_class.archived_at is not null then
    raise exception '这个班级已经归档，不能再导入学生' using errcode = 'QYBAD';
  end if;
  select s.code into v_code from public.schools s where s.school_id = v_class.school_id;
  select string_agg(s.student_number, '、') into v_taken
  from public.students s where s.school_id = v_class.school_id
    and s.student_number in (select x ->> 'studentNumber' from jsonb_array_elements(p_students) x);
  if v_taken is not null then
    raise exception '学号 % 已在本校其他学生名下', v_taken using errcode = 'QYBAD';
  end if;
  with pending as (
    select gen_random_uuid() as user_id, x ->> 'studentNumber' as student_number, x ->> 'displayName' as display_name, x ->> 'passwordHash' as password_hash
    from jsonb_array_elements(p_students) x
  ), new_users as (
    insert into public.users (user_id, role, display_name, school_id) select p.user_id, 'student', p.display_name, v_class.school_id from pending p returning user_id
  ), new_credentials as (
    insert into public.credentials (user_id, login_kind, login, password_hash, must_change_password)
    select p.user_id, 'student', v_code || '/' || p.student_number, p.password_hash, true from pending p returning user_id
  ), new_students as (
    insert into public.students (user_id, school_id, class_id, student_number)
    select p.user_id, v_class.school_id, p_class_id, p.student_number from pending p returning user_id
  )
  select count(*) into v_count from new_students;
  return v_count;
end
$$;

-- Gives a student a new first password (to change at next sign-in) and signs them out everywhere.
create function public.reset_student_password(p_student_id uuid, p_password_hash text) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_class uuid;
begin
  select s.class_id into v_class from public.students s where s.user_id = p_student_id;
  if v_class is null or not private.can_manage_class(v_class) then
    raise exception '找不到这名学生，或你不能管理他所在的班级' using errcode = 'QYFOR';
  end if;
  update public.credentials set password_hash = p_password_hash, must_change_password = true, password_changed_at = now() where user_id = p_student_id;
  delete from public.sessions where user_id = p_student_id;
end
$$;

-- Moves a student to another class of the same school that is not archived.
create function public.move_student(p_student_id uuid, p_class_id uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_from uuid;
  v_school uuid;
begin
  select s.class_id, s.school_id into v_from, v_school from public.students s where s.user_id = p_student_id;
  if v_from is null or not private.can_manage_class(v_from) then
    raise exception '找不到这名学生，或你不能管理他所在的班级' using errcode = 'QYFOR';
  end if;
  if not exists (select 1 from public.classes c where c.class_id = p_class_id and c.school_id = v_school and c.archived_at is null) then
    raise exception '只能转到本校未归档的班级' using errcode = 'QYBAD';
  end if;
  update public.students set class_id = p_class_id where user_id = p_student_id;
end
$$;

-- Archives a class at year end; its records stay readable.
create function public.archive_class(p_class_id uuid) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  if not private.can_manage_class(p_class_id) then
    raise exception '你不能管理这个班级' using errcode = 'QYFOR';
  end if;
  update public.classes set archived_at = coalesce(archived_at, now()) where class_id = p_class_id;
end
$$;

create table public.hours_requirements (
  school_year int not null check (school_year between 2019 and 2100),
  grade int not null check (grade between 1 and 12),
  hours numeric(4, 1) not null check (hours > 0 and hours <= 40),
  primary key (school_year, grade)
);
comment on table public.hours_requirements is 'Class hours of drug-prevention teaching required per grade and school year; without a row the syllabus minimum of 2 applies.';

create table public.class_sessions (
  session_id uuid primary key default gen_random_uuid(),
  class_id uuid not null references public.classes (class_id),
  school_id uuid not null references public.schools (school_id),
  held_on date not null check (held_on >= date '2019-01-01'),
  lesson_id text references public.lessons (lesson_id),
  topic text check (length(topic) <= 60),
  hours numeric(3, 1) not null check (hours > 0 and hours <= 4),
  form text not null check (form in ('lesson', 'class-meeting', 'lecture', 'practice')),
  teacher_id uuid not null references public.users (user_id),
  note text check (length(note) <= 200),
  recorded_by uuid not null references public.users (user_id),
  recorded_at timestamptz not null default now(),
  updated_at timestamptz,
  check (lesson_id is not null or topic is not null)
);
comment on table public.class_sessions is 'The class-hours ledger (课时台账): every delivered session of drug-prevention teaching.';
create index class_sessions_class_idx on public.class_sessions (class_id, held_on);
create index class_sessions_school_idx on public.class_sessions (school_id, held_on);

create table public.class_session_edits (
  edit_id bigint generated always as identity primary key,
  session_id uuid not null references public.class_sessions (session_id) on delete cascade,
  edited_by uuid not null references public.users (user_id),
  edited_at timestamptz not null default now(),
  action text not null check (action in ('insert', 'update')),
  before jsonb,
  after jsonb not null
);
comment on table public.class_session_edits is 'Who recorded or changed a ledger entry, when, and what it was before.';
create index class_session_edits_session_idx on public.class_session_edits (session_id);

-- Ledger entries: not in the future, for a class the caller manages, by a teacher of that
-- school; every insert and update is logged with who and when.
create function private.check_and_log_session() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_school uuid;
begin
  select c.school_id into v_school from public.classes c where c.class_id = new.class_id;
  if v_school is null then
    raise exception '班级不存在' using errcode = 'QYBAD';
  end if;
  new.school_id := v_school;
  if auth.uid() is not null and not private.can_manage_class(new.class_id) then
    raise exception '你不能为这个班级登记课时（不是你任教的班级，或属于其他学校）' using errcode = 'QYFOR';
  end if;
  if new.held_on > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '不能登记未来日期的课时（%）', new.held_on using errcode = 'QYBAD';
  end if;
  if not exists (select 1 from public.users u where u.user_id = new.teacher_id and u.school_id = v_school and u.role in ('teacher', 'school_admin')) then
    raise exception '授课教师必须是本校教师' using errcode = 'QYBAD';
  end if;
  if tg_op = 'INSERT' then
    new.recorded_by := coalesce(auth.uid(), new.recorded_by);
    new.recorded_at := now();
  else
    new.recorded_by := old.recorded_by;
    new.recorded_at := old.recorded_at;
    new.updated_at := now();
  end if;
  return new;
end
$$;

create function private.log_session_edit() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.class_session_edits (session_id, edited_by, action, before, after)
  values (new.session_id, coalesce(auth.uid(), new.recorded_by), lower(tg_op),
          case when tg_op = 'UPDATE' then to_jsonb(old) end, to_jsonb(new));
  return null;
end
$$;

create trigger class_sessions_check before insert or update on public.class_sessions
  for each row execute function private.check_and_log_session();
create trigger class_sessions_log after insert or update on public.class_sessions
  for each row execute function private.log_session_edit();

create table public.teacher_training (
  user_id uuid primary key references public.users (user_id) on delete cascade,
  school_id uuid not null references public.schools (school_id),
  trained_on date,
  course text check (length(course) <= 60),
  teaches_prevention boolean not null default true,
  updated_at timestamptz not null default now()
);
comment on table public.teacher_training is 'Who teaches drug prevention at a school and whether and when they were trained (师资).';

create table public.five_implementations (
  school_id uuid not null references public.schools (school_id),
  school_year int not null check (school_year between 2019 and 2100),
  item text not null check (item in ('plan', 'syllabus', 'teachers', 'hours', 'materials')),
  status text not null default 'missing' check (status in ('missing', 'in_progress', 'done')),
  evidence text check (length(evidence) <= 500),
  link text check (link ~ '^https?://' and length(link) <= 300),
  terms text[] not null default '{}',
  materials text[] not null default '{}',
  updated_by uuid references public.users (user_id),
  updated_at timestamptz not null default now(),
  primary key (school_id, school_year, item)
);
comment on table public.five_implementations is 'The school''s 五落实 board: teaching plan, syllabus, teachers, class hours and materials, each with status and evidence.';

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to anon, authenticated, service_role;
revoke all on function public.create_class, public.import_roster, public.reset_student_password, public.move_student, public.archive_class from public, anon;
grant execute on function public.create_class, public.import_roster, public.reset_student_password, public.move_student, public.archive_class to authenticated;

alter table public.hours_requirements enable row level security;
alter table public.class_sessions enable row level security;
alter table public.class_session_edits enable row level security;
alter table public.teacher_training enable row level security;
alter table public.five_implementations enable row level security;

create policy "Signed-in users can read hours requirements" on public.hours_requirements for select to authenticated using (true);
create policy "The office sets hours requirements" on public.hours_requirements for insert to authenticated with check ((select private.is_office()));
create policy "The office changes hours requirements" on public.hours_requirements for update to authenticated using ((select private.is_office())) with check ((select private.is_office()));
create policy "The office removes hours requirements" on public.hours_requirements for delete to authenticated using ((select private.is_office()));

create policy "Teachers read their classes' ledger, admins their school's, the office all" on public.class_sessions for select to authenticated
  using (class_id in (select private.taught_class_ids()) or (select private.is_office())
    or ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id())));
create policy "Teachers and admins record sessions for classes they manage" on public.class_sessions for insert to authenticated
  with check ((select private.can_manage_class(class_id)));
create policy "Teachers and admins correct sessions of classes they manage" on public.class_sessions for update to authenticated
  using ((select private.can_manage_class(class_id))) with check ((select private.can_manage_class(class_id)));
-- No delete: a wrong entry is corrected, and the correction is logged.
revoke delete on public.class_sessions from anon, authenticated;

create policy "Edits are read with the ledger" on public.class_session_edits for select to authenticated
  using (exists (select 1 from public.class_sessions s where s.session_id = class_session_edits.session_id));
revoke insert, update, delete on public.class_session_edits from anon, authenticated;

create policy "School staff and the office read teacher training" on public.teacher_training for select to authenticated
  using ((select private.is_school_staff(school_id)) or (select private.is_office()));
create policy "The school admin records teacher training" on public.teacher_training for insert to authenticated
  with check ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id()));
create policy "The school admin updates teacher training" on public.teacher_training for update to authenticated
  using ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id()))
  with check ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id()));
create policy "The school admin removes teacher training" on public.teacher_training for delete to authenticated
  using ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id()));

create policy "School staff and the office read the 五落实 board" on public.five_implementations for select to authenticated
  using ((select private.is_school_staff(school_id)) or (select private.is_office()));
create policy "The school admin fills the 五落实 board" on public.five_implementations for insert to authenticated
  with check ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id()));
create policy "The school admin updates the 五落实 board" on public.five_implementations for update to authenticated
  using ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id()))
  with check ((select private.app_role()) = 'school_admin' and school_id = (select private.school_id()));
revoke delete on public.five_implementations from anon, authenticated;
