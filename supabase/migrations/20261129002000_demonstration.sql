-- Demonstration-school files (示范学校创建档案): the criteria synced from content/demonstration,
-- a school's file per level and school year with its items and evidence, and the log of every
-- step. Writes go only through the functions below, which check the caller and the file's
-- state, so a crafted request cannot skip a step of draft → submitted → returned/approved.

create table public.demonstration_levels (
  level text primary key check (level in ('municipal', 'provincial')),
  label text not null check (length(label) between 1 and 40),
  pass_score int not null check (pass_score > 0),
  synced_at timestamptz not null default now()
);
comment on table public.demonstration_levels is 'The levels of demonstration school with their pass marks, synced from content/demonstration/criteria.yaml.';

create table public.demonstration_criteria (
  item_id text primary key check (item_id ~ '^[a-z0-9-]+$'),
  area_id text not null check (area_id ~ '^[a-z0-9-]+$'),
  title text not null,
  points int not null check (points between 1 and 30),
  levels text[] not null check (levels <@ array['municipal', 'provincial'] and cardinality(levels) > 0),
  sort_order int not null,
  retired_at timestamptz
);
comment on table public.demonstration_criteria is 'The items of the criteria with their points and levels, synced from content; a file copies the points when it is opened.';

create table public.demonstration_files (
  file_id uuid primary key default gen_random_uuid(),
  school_id uuid not null references public.schools (school_id),
  level text not null references public.demonstration_levels (level),
  school_year int not null check (school_year between 2019 and 2100),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'returned', 'approved')),
  reopened boolean not null default false,
  submitted_at timestamptz,
  decided_at timestamptz,
  decided_by uuid references public.users (user_id),
  created_by uuid not null references public.users (user_id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (school_id, level, school_year)
);
comment on table public.demonstration_files is 'A school''s demonstration-school file for one level and school year, and where it stands in review.';
create index demonstration_files_status_idx on public.demonstration_files (status, level, school_year);

create table public.demonstration_items (
  file_id uuid not null references public.demonstration_files (file_id) on delete cascade,
  item_id text not null references public.demonstration_criteria (item_id),
  points int not null check (points between 1 and 30),
  status text check (status in ('met', 'partial', 'unmet')),
  self_score int check (self_score between 0 and points),
  notes text check (length(notes) <= 2000),
  links text[] not null default '{}' check (cardinality(links) <= 10),
  office_score int check (office_score between 0 and points),
  office_comment text check (length(office_comment) <= 1000),
  updated_by uuid references public.users (user_id),
  updated_at timestamptz,
  primary key (file_id, item_id)
);
comment on table public.demonstration_items is 'One criterion of a file: the school''s status, self-score, notes and links, and the office''s score and comment.';

create table public.demonstration_evidence (
  evidence_id uuid primary key default gen_random_uuid(),
  file_id uuid not null references public.demonstration_files (file_id) on delete cascade,
  item_id text not null,
  storage_key text not null unique check (storage_key ~ '^[A-Za-z0-9_-]{16,64}$'),
  original_name text not null check (length(original_name) between 1 and 200),
  content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/webp',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
  size_bytes int not null check (size_bytes between 1 and 10485760),
  uploaded_by uuid not null references public.users (user_id),
  uploaded_at timestamptz not null default now(),
  foreign key (file_id, item_id) references public.demonstration_items (file_id, item_id) on delete cascade
);
comment on table public.demonstration_evidence is 'Uploaded evidence files of an item; the bytes live in the evidence store under a random key.';
create index demonstration_evidence_file_idx on public.demonstration_evidence (file_id, item_id);

create table public.demonstration_events (
  event_id bigint generated always as identity primary key,
  file_id uuid not null references public.demonstration_files (file_id) on delete cascade,
  actor_id uuid not null references public.users (user_id),
  at timestamptz not null default now(),
  action text not null check (action in ('open', 'save_item', 'upload', 'remove_evidence', 'submit', 'review_item', 'return', 'approve', 'reopen')),
  item_id text,
  from_status text,
  to_status text,
  comment text check (length(comment) <= 1000)
);
comment on table public.demonstration_events is 'Every step on a demonstration file: who, when, what, and the status before and after.';
create index demonstration_events_file_idx on public.demonstration_events (file_id, at);

-- The files the caller may read in full: their own school's (school admin) or every one (office).
create function private.readable_demonstration_file_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select f.file_id from public.demonstration_files f
  where (select private.is_office())
     or ((select private.app_role()) = 'school_admin' and f.school_id = (select private.school_id()))
$$;

-- Locks the file for a school admin's change; raises unless it is theirs and still editable.
create function private.editable_demonstration_file(p_file_id uuid) returns public.demonstration_files
language plpgsql security definer set search_path = ''
as $$
declare
  v_file public.demonstration_files;
begin
  select * into v_file from public.demonstration_files f where f.file_id = p_file_id for update;
  if v_file.file_id is null or (select private.app_role()) is distinct from 'school_admin' or v_file.school_id is distinct from (select private.school_id()) then
    raise exception '找不到这份档案，或它不属于你的学校' using errcode = 'QYFOR';
  end if;
  if v_file.status not in ('draft', 'returned') then
    raise exception '档案%，不能再修改', case v_file.status when 'submitted' then '已提交，正在审核' else '已通过审核，需市禁毒办重新打开后才能修改' end using errcode = 'QYCLO';
  end if;
  return v_file;
end
$$;

-- Locks the file for the office's decision; raises unless the caller is the office.
create function private.reviewable_demonstration_file(p_file_id uuid) returns public.demonstration_files
language plpgsql security definer set search_path = ''
as $$
declare
  v_file public.demonstration_files;
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以审核示范学校档案' using errcode = 'QYFOR';
  end if;
  select * into v_file from public.demonstration_files f where f.file_id = p_file_id for update;
  if v_file.file_id is null then
    raise exception '找不到这份档案' using errcode = 'QYNOF';
  end if;
  return v_file;
end
$$;

create function private.log_demonstration(p_file_id uuid, p_action text, p_item_id text, p_from text, p_to text, p_comment text) returns void
language sql security definer set search_path = ''
as $$
  insert into public.demonstration_events (file_id, actor_id, action, item_id, from_status, to_status, comment)
  values (p_file_id, auth.uid(), p_action, p_item_id, p_from, p_to, nullif(p_comment, ''))
$$;

-- Replaces the synced criteria; items that left the content are retired, open files keep theirs.
create function public.sync_demonstration_criteria(p_payload jsonb) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  v_count int;
begin
  insert into public.demonstration_levels (level, label, pass_score, synced_at)
  select l.key, l.value ->> 'label', (l.value ->> 'passScore')::int, now() from jsonb_each(p_payload -> 'levels') l
  on conflict (level) do update set label = excluded.label, pass_score = excluded.pass_score, synced_at = now();
  insert into public.demonstration_criteria (item_id, area_id, title, points, levels, sort_order, retired_at)
  select i ->> 'id', i ->> 'area', i ->> 'title', (i ->> 'points')::int, array(select jsonb_array_elements_text(i -> 'levels')), (i ->> 'order')::int, null
  from jsonb_array_elements(p_payload -> 'items') i
  on conflict (item_id) do update set area_id = excluded.area_id, title = excluded.title, points = excluded.points, levels = excluded.levels,
    sort_order = excluded.sort_order, retired_at = null;
  get diagnostics v_count = row_count;
  update public.demonstration_criteria set retired_at = now()
  where retired_at is null and item_id not in (select i ->> 'id' from jsonb_array_elements(p_payload -> 'items') i);
  return v_count;
end
$$;

-- Opens the caller's school's file for a level and year, with one item per criterion of that level.
create function public.open_demonstration_file(p_level text, p_school_year int) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  if (select private.app_role()) is distinct from 'school_admin' then
    raise exception '只有学校管理员可以建立示范学校档案' using errcode = 'QYFOR';
  end if;
  if not exists (select 1 from public.demonstration_levels l where l.level = p_level) then
    raise exception '没有这个示范学校级别' using errcode = 'QYBAD';
  end if;
  if exists (select 1 from public.demonstration_files f where f.school_id = private.school_id() and f.level = p_level and f.school_year = p_school_year) then
    raise exception '本学年这一级别的档案已经建立' using errcode = 'QYDUP';
  end if;
  insert into public.demonstration_files (school_id, level, school_year, created_by)
  values (private.school_id(), p_level, p_school_year, auth.uid()) returning file_id into v_id;
  insert into public.demonstration_items (file_id, item_id, points)
  select v_id, c.item_id, c.points from public.demonstration_criteria c where c.retired_at is null and p_level = any (c.levels);
  perform private.log_demonstration(v_id, 'open', null, null, 'draft', null);
  return v_id;
end
$$;

-- Saves the school's part of one item while the file is a draft or returned.
create function public.save_demonstration_item(p_file_id uuid, p_item_id text, p_status text, p_self_score int, p_notes text, p_links text[]) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_points int;
begin
  perform private.editable_demonstration_file(p_file_id);
  select i.points into v_points from public.demonstration_items i where i.file_id = p_file_id and i.item_id = p_item_id;
  if v_points is null then
    raise exception '档案中没有这个条目' using errcode = 'QYNOF';
  end if;
  if p_self_score is not null and (p_self_score < 0 or p_self_score > v_points) then
    raise exception '自评分必须在 0 到 % 分之间', v_points using errcode = 'QYBAD';
  end if;
  update public.demonstration_items set status = p_status, self_score = p_self_score, notes = nullif(p_notes, ''), links = coalesce(p_links, '{}'),
    updated_by = auth.uid(), updated_at = now()
  where file_id = p_file_id and item_id = p_item_id;
  update public.demonstration_files set updated_at = now() where file_id = p_file_id;
  perform private.log_demonstration(p_file_id, 'save_item', p_item_id, null, null, null);
end
$$;

-- Records an uploaded evidence file (the bytes are already in the store under p_key).
create function public.add_demonstration_evidence(p_file_id uuid, p_item_id text, p_key text, p_name text, p_type text, p_size int) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.editable_demonstration_file(p_file_id);
  if not exists (select 1 from public.demonstration_items i where i.file_id = p_file_id and i.item_id = p_item_id) then
    raise exception '档案中没有这个条目' using errcode = 'QYNOF';
  end if;
  if (select count(*) from public.demonstration_evidence e where e.file_id = p_file_id and e.item_id = p_item_id) >= 20 then
    raise exception '每个条目最多上传 20 个文件' using errcode = 'QYLIM';
  end if;
  insert into public.demonstration_evidence (file_id, item_id, storage_key, original_name, content_type, size_bytes, uploaded_by)
  values (p_file_id, p_item_id, p_key, p_name, p_type, p_size, auth.uid()) returning evidence_id into v_id;
  perform private.log_demonstration(p_file_id, 'upload', p_item_id, null, null, p_name);
  return v_id;
end
$$;

-- Removes an evidence record; returns its storage key so the server can delete the bytes.
create function public.remove_demonstration_evidence(p_evidence_id uuid) returns text
language plpgsql security definer set search_path = ''
as $$
declare
  v_row public.demonstration_evidence;
begin
  select * into v_row from public.demonstration_evidence e where e.evidence_id = p_evidence_id;
  if v_row.evidence_id is null then
    raise exception '找不到这个文件' using errcode = 'QYNOF';
  end if;
  perform private.editable_demonstration_file(v_row.file_id);
  delete from public.demonstration_evidence where evidence_id = p_evidence_id;
  perform private.log_demonstration(v_row.file_id, 'remove_evidence', v_row.item_id, null, null, v_row.original_name);
  return v_row.storage_key;
end
$$;

-- Submits a draft or returned file; every item needs a status and a self-score.
create function public.submit_demonstration_file(p_file_id uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_file public.demonstration_files;
  v_open int;
begin
  v_file := private.editable_demonstration_file(p_file_id);
  select count(*) into v_open from public.demonstration_items i where i.file_id = p_file_id and (i.status is null or i.self_score is null);
  if v_open > 0 then
    raise exception '还有 % 个条目没有填写状态和自评分，不能提交', v_open using errcode = 'QYBAD';
  end if;
  update public.demonstration_files set status = 'submitted', submitted_at = now(), updated_at = now() where file_id = p_file_id;
  perform private.log_demonstration(p_file_id, 'submit', null, v_file.status, 'submitted', null);
end
$$;

-- The office scores one item of a submitted file.
create function public.review_demonstration_item(p_file_id uuid, p_item_id text, p_office_score int, p_office_comment text) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_file public.demonstration_files;
  v_points int;
begin
  v_file := private.reviewable_demonstration_file(p_file_id);
  if v_file.status <> 'submitted' then
    raise exception '只能给已提交的档案评分' using errcode = 'QYCLO';
  end if;
  select i.points into v_points from public.demonstration_items i where i.file_id = p_file_id and i.item_id = p_item_id;
  if v_points is null then
    raise exception '档案中没有这个条目' using errcode = 'QYNOF';
  end if;
  if p_office_score is not null and (p_office_score < 0 or p_office_score > v_points) then
    raise exception '评分必须在 0 到 % 分之间', v_points using errcode = 'QYBAD';
  end if;
  update public.demonstration_items set office_score = p_office_score, office_comment = nullif(p_office_comment, '')
  where file_id = p_file_id and item_id = p_item_id;
  perform private.log_demonstration(p_file_id, 'review_item', p_item_id, null, null, p_office_comment);
end
$$;

-- The office returns a submitted file for rework, saying what to fix.
create function public.return_demonstration_file(p_file_id uuid, p_comment text) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_file public.demonstration_files;
begin
  v_file := private.reviewable_demonstration_file(p_file_id);
  if v_file.status <> 'submitted' then
    raise exception '只有已提交的档案可以退回' using errcode = 'QYCLO';
  end if;
  if coalesce(btrim(p_comment), '') = '' then
    raise exception '退回时请写明需要修改的地方' using errcode = 'QYBAD';
  end if;
  update public.demonstration_files set status = 'returned', decided_at = now(), decided_by = auth.uid(), updated_at = now() where file_id = p_file_id;
  perform private.log_demonstration(p_file_id, 'return', null, 'submitted', 'returned', p_comment);
end
$$;

-- The office approves a submitted file once every item is scored and the total reaches the pass mark.
create function public.approve_demonstration_file(p_file_id uuid, p_comment text) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_file public.demonstration_files;
  v_unscored int;
  v_total int;
  v_pass int;
begin
  v_file := private.reviewable_demonstration_file(p_file_id);
  if v_file.status <> 'submitted' then
    raise exception '只有学校已提交的档案可以通过' using errcode = 'QYCLO';
  end if;
  select count(*) filter (where i.office_score is null), coalesce(sum(i.office_score), 0) into v_unscored, v_total
  from public.demonstration_items i where i.file_id = p_file_id;
  if v_unscored > 0 then
    raise exception '还有 % 个条目没有评分' , v_unscored using errcode = 'QYBAD';
  end if;
  select l.pass_score into v_pass from public.demonstration_levels l where l.level = v_file.level;
  if v_total < v_pass then
    raise exception '总分 % 分，未达到达标分 % 分，不能通过', v_total, v_pass using errcode = 'QYBAD';
  end if;
  update public.demonstration_files set status = 'approved', decided_at = now(), decided_by = auth.uid(), updated_at = now() where file_id = p_file_id;
  perform private.log_demonstration(p_file_id, 'approve', null, 'submitted', 'approved', p_comment);
end
$$;

-- The office reopens an approved file as a draft, saying why; it leaves the public list.
create function public.reopen_demonstration_file(p_file_id uuid, p_comment text) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_file public.demonstration_files;
begin
  v_file := private.reviewable_demonstration_file(p_file_id);
  if v_file.status <> 'approved' then
    raise exception '只有已通过的档案需要重新打开' using errcode = 'QYCLO';
  end if;
  if coalesce(btrim(p_comment), '') = '' then
    raise exception '重新打开时请写明原因' using errcode = 'QYBAD';
  end if;
  update public.demonstration_files set status = 'draft', reopened = true, decided_at = null, decided_by = null, updated_at = now() where file_id = p_file_id;
  perform private.log_demonstration(p_file_id, 'reopen', null, 'approved', 'draft', p_comment);
end
$$;

-- Approved files per level and school year, for the city dashboard and the public list.
create function public.demonstration_approved_counts() returns table (level text, school_year int, approved int)
language sql stable security definer set search_path = ''
as $$
  select f.level, f.school_year, count(*)::int from public.demonstration_files f where f.status = 'approved'
  group by f.level, f.school_year order by f.school_year, f.level
$$;

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to anon, authenticated, service_role;
revoke all on function public.sync_demonstration_criteria from public, anon, authenticated;
grant execute on function public.sync_demonstration_criteria to service_role;
revoke all on function public.open_demonstration_file, public.save_demonstration_item, public.add_demonstration_evidence, public.remove_demonstration_evidence,
  public.submit_demonstration_file, public.review_demonstration_item, public.return_demonstration_file, public.approve_demonstration_file,
  public.reopen_demonstration_file from public, anon;
grant execute on function public.open_demonstration_file, public.save_demonstration_item, public.add_demonstration_evidence, public.remove_demonstration_evidence,
  public.submit_demonstration_file, public.review_demonstration_item, public.return_demonstration_file, public.approve_demonstration_file,
  public.reopen_demonstration_file to authenticated;
grant execute on function public.demonstration_approved_counts to anon, authenticated, service_role;

alter table public.demonstration_levels enable row level security;
alter table public.demonstration_criteria enable row level security;
alter table public.demonstration_files enable row level security;
alter table public.demonstration_items enable row level security;
alter table public.demonstration_evidence enable row level security;
alter table public.demonstration_events enable row level security;

create policy "Anyone can read the demonstration levels" on public.demonstration_levels for select to anon, authenticated using (true);
create policy "Anyone can read the demonstration criteria" on public.demonstration_criteria for select to anon, authenticated using (true);
revoke insert, update, delete on public.demonstration_levels, public.demonstration_criteria from anon, authenticated;

create policy "Visitors see only approved files" on public.demonstration_files for select to anon
  using (status = 'approved');
create policy "Users see approved files, their school's files, and the office every file" on public.demonstration_files for select to authenticated
  using (status = 'approved' or file_id in (select private.readable_demonstration_file_ids()));
revoke insert, update, delete on public.demonstration_files from anon, authenticated;

create policy "The school admin and the office read a file's items" on public.demonstration_items for select to authenticated
  using (file_id in (select private.readable_demonstration_file_ids()));
revoke insert, update, delete on public.demonstration_items from anon, authenticated;

create policy "The school admin and the office read a file's evidence" on public.demonstration_evidence for select to authenticated
  using (file_id in (select private.readable_demonstration_file_ids()));
revoke insert, update, delete on public.demonstration_evidence from anon, authenticated;

create policy "The school admin and the office read a file's log" on public.demonstration_events for select to authenticated
  using (file_id in (select private.readable_demonstration_file_ids()));
revoke insert, update, delete on public.demonstration_events from anon, authenticated;

-- On Supabase the evidence bytes live in a private Storage bucket; elsewhere in a local folder.
do $$
begin
  if exists (select 1 from pg_namespace where nspname = 'storage') and to_regclass('storage.buckets') is not null then
    execute $sql$insert into storage.buckets (id, name, public, file_size_limit) values ('evidence', 'evidence', false, 10485760) on conflict (id) do nothing$sql$;
  end if;
end
$$;
