-- Enum-like text columns become Postgres enums, so the generated Database type
-- (src/lib/database.types.ts) gives their values as unions instead of `string` (issue 16, item 2).
-- Each enum keeps exactly the values and spelling its check constraint allowed, in the order the
-- app lists them; the check constraint goes, since the type now refuses anything else.
--
-- Only columns whose every use stays correct were converted: no policy, view, index expression,
-- generated column or trigger condition reads them, and no function compares them with a text
-- parameter or variable or writes a text value into them, except the five functions redefined
-- below (a text parameter written into the column gets an explicit cast; a PL/pgSQL RETURN QUERY
-- needs the exact type, so the three office figures cast the kind back to the text they return,
-- which also keeps their callers' `order by kind` alphabetical). Statuses and kinds that policies, views, trigger conditions or many functions read
-- (events.status, event_signups.status, demonstration_files.status, users.role, lessons.band, ...)
-- stay text with their checks.

create type public.event_kind as enum ('campaign', 'family', 'school', 'community', 'office', 'enterprise', 'venue');
comment on type public.event_kind is 'Kinds of volunteer event: a campaign and the 六进 kinds (进家庭、学校、社区、机关、企业、场所).';
create type public.unit_kind as enum ('logistics', 'entertainment', 'transport', 'chemical', 'enterprise', 'community');
comment on type public.unit_kind is 'Kinds of unit (workplace) the office registers.';
create type public.place_kind as enum ('village', 'community');
comment on type public.place_kind is 'A place the education sites serve: a village or an urban community.';
create type public.site_kind as enum ('board', 'base', 'school_corner', 'park', 'community_board');
comment on type public.site_kind is 'Kinds of drug-prevention education site (阵地).';
create type public.five_item as enum ('plan', 'syllabus', 'teachers', 'hours', 'materials');
comment on type public.five_item is 'The 五落实 items a school proves: teaching plan, syllabus, teachers, class hours, materials.';
create type public.five_status as enum ('missing', 'in_progress', 'done');
comment on type public.five_status is 'How far a 五落实 item is: missing, in progress, done.';
create type public.target_metric as enum (
  'coverage', 'mastery', 'contest_participation', 'contest_pass', 'demonstration_provincial', 'demonstration_municipal', 'site_coverage'
);
comment on type public.target_metric is 'The figures the office sets a yearly target for on the city dashboard.';
create type public.session_form as enum ('lesson', 'class-meeting', 'lecture', 'practice');
comment on type public.session_form is 'Forms a delivered class session takes in the class-hours ledger.';
create type public.session_source as enum ('hand', 'platform');
comment on type public.session_source is 'Who recorded a ledger entry: staff by hand, or the platform when a classroom session ended.';
create type public.session_edit_action as enum ('insert', 'update');
comment on type public.session_edit_action is 'What a logged change to a ledger entry did.';
create type public.demonstration_action as enum (
  'open', 'save_item', 'upload', 'remove_evidence', 'submit', 'review_item', 'return', 'approve', 'reopen'
);
comment on type public.demonstration_action is 'The steps logged in a demonstration-school file''s history, in the order of its life.';

alter table public.events drop constraint events_kind_check;
alter table public.events alter column kind type public.event_kind using kind::public.event_kind;

alter table public.units drop constraint units_kind_check;
alter table public.units alter column kind type public.unit_kind using kind::public.unit_kind;

alter table public.places drop constraint places_kind_check;
alter table public.places alter column kind type public.place_kind using kind::public.place_kind;

alter table public.education_sites drop constraint education_sites_kind_check;
alter table public.education_sites alter column kind type public.site_kind using kind::public.site_kind;

alter table public.five_implementations drop constraint five_implementations_item_check;
alter table public.five_implementations alter column item type public.five_item using item::public.five_item;
alter table public.five_implementations drop constraint five_implementations_status_check;
alter table public.five_implementations alter column status drop default;
alter table public.five_implementations alter column status type public.five_status using status::public.five_status;
alter table public.five_implementations alter column status set default 'missing';

alter table public.annual_targets drop constraint annual_targets_metric_check;
alter table public.annual_targets alter column metric type public.target_metric using metric::public.target_metric;

alter table public.class_sessions drop constraint class_sessions_form_check;
alter table public.class_sessions alter column form type public.session_form using form::public.session_form;
alter table public.class_sessions drop constraint class_sessions_source_check;
alter table public.class_sessions alter column source drop default;
alter table public.class_sessions alter column source type public.session_source using source::public.session_source;
alter table public.class_sessions alter column source set default 'hand';

alter table public.class_session_edits drop constraint class_session_edits_action_check;
alter table public.class_session_edits alter column action type public.session_edit_action using action::public.session_edit_action;

alter table public.demonstration_events drop constraint demonstration_events_action_check;
alter table public.demonstration_events alter column action type public.demonstration_action using action::public.demonstration_action;

-- The ledger's log: tg_op is text.
create or replace function private.log_session_edit() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.class_session_edits (session_id, edited_by, action, before, after)
  values (new.session_id, coalesce(auth.uid(), new.recorded_by), lower(tg_op)::public.session_edit_action,
          case when tg_op = 'UPDATE' then to_jsonb(old) end, to_jsonb(new));
  return null;
end
$$;

-- The demonstration log: the callers pass the step as text.
create or replace function private.log_demonstration(p_file_id uuid, p_action text, p_item_id text, p_from text, p_to text, p_comment text)
returns void
language sql security definer set search_path = ''
as $$
  insert into public.demonstration_events (file_id, actor_id, action, item_id, from_status, to_status, comment)
  values (p_file_id, auth.uid(), p_action::public.demonstration_action, p_item_id, p_from, p_to, nullif(p_comment, ''))
$$;

-- The office figures return the kind as text, as before.
create or replace function public.uncovered_places(p_year int)
returns table (place_id uuid, district_name text, town text, name text, kind text, sites int, last_renewed_on date)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以查看阵地覆盖率' using errcode = 'QYFOR';
  end if;
  return query
    select p.place_id, d.name, p.town, p.name, p.kind::text,
      (select count(*)::int from public.education_sites s where s.place_id = p.place_id and s.retired_at is null),
      (select max(r.renewed_on) from public.education_sites s join public.site_renewals r on r.site_id = s.site_id where s.place_id = p.place_id)
    from public.places p join public.districts d on d.district_id = p.district_id
    where not exists (
      select 1 from public.education_sites s join public.site_renewals r on r.site_id = s.site_id
      where s.place_id = p.place_id and r.renewed_on between make_date(p_year, 1, 1) and make_date(p_year, 12, 31))
    order by d.name, p.town, p.name;
end
$$;

create or replace function public.unit_participation(p_year int)
returns table (district_name text, kind text, units int, active_units int, completions int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以查看单位培训统计' using errcode = 'QYFOR';
  end if;
  return query
    with per_unit as (
      select c.unit_id, count(*)::int as n from public.unit_completions c where c.year = p_year group by c.unit_id
    )
    select d.name, u.kind::text, count(*)::int, count(pu.unit_id)::int, coalesce(sum(pu.n), 0)::int
    from public.units u join public.districts d on d.district_id = u.district_id
    left join per_unit pu on pu.unit_id = u.unit_id
    where u.disabled_at is null
    group by d.name, u.kind
    order by d.name, u.kind::text;
end
$$;

create or replace function public.six_into_events(p_year int)
returns table (district_name text, kind text, events int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以查看六进活动统计' using errcode = 'QYFOR';
  end if;
  return query
    select d.name, e.kind::text, count(*)::int
    from public.events e join public.districts d on d.district_id = e.district_id
    where e.status <> 'cancelled' and e.kind in ('office', 'school', 'community', 'family', 'enterprise', 'venue')
      and private.local_year(e.starts_at) = p_year
    group by d.name, e.kind
    order by d.name, e.kind::text;
end
$$;
