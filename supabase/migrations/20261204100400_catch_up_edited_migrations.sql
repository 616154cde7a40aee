-- Brings a database created before December 2026 to today's definitions. Six migrations were
-- edited (and one deleted) after they had landed, and `migrate` runs each version once, so an
-- existing database (a school's .data/, a Supabase project) kept the first versions: private
-- helpers still callable by visitors and users, the old volunteering and demonstration function
-- bodies, and the attempt and sign-up triggers before their split. This migration states the
-- current definitions of everything that differs (generated from a database built from the
-- migrations as they first landed, compared with a fresh one; supabase/tests/upgrade.sql.test.ts
-- checks that the two now match) and rebuilds the rollups those definitions keep. On a fresh
-- database it changes nothing.

drop trigger if exists event_signups_presence on public.event_signups;
drop trigger if exists attempts_standing on public.attempts;
create or replace view private.volunteer_presence_source as
SELECT s.volunteer_id,
    private.school_year_of(e.starts_at) AS school_year,
    e.district_id,
    (date_trunc('month'::text, (e.starts_at AT TIME ZONE 'Asia/Shanghai'::text)))::date AS month,
    COALESCE(sum(s.hours) FILTER (WHERE (s.hours_confirmed_at IS NOT NULL)), (0)::numeric) AS hours
   FROM (event_signups s
     JOIN events e ON ((e.event_id = s.event_id)))
  WHERE ((s.status = 'attended'::text) AND (e.status <> 'cancelled'::text))
  GROUP BY s.volunteer_id, (private.school_year_of(e.starts_at)), e.district_id, ((date_trunc('month'::text, (e.starts_at AT TIME ZONE 'Asia/Shanghai'::text)))::date);
revoke all on private.volunteer_presence_source from public, anon, authenticated;

CREATE OR REPLACE FUNCTION public.dashboard_volunteering(p_year integer)
 RETURNS TABLE(scope text, district_id uuid, district_name text, month date, events_held integer, active_volunteers integer, volunteer_hours numeric, households integer)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if not private.is_office() then
    raise exception '只有市禁毒办可以查看全市统计' using errcode = 'QYFOR';
  end if;
  return query
  with held as (
    select e.event_id, e.district_id, date_trunc('month', e.starts_at at time zone 'Asia/Shanghai')::date as month
    from public.events e
    where e.status <> 'cancelled' and e.starts_at <= now()
      and e.starts_at >= make_date(p_year, 9, 1)::timestamp at time zone 'Asia/Shanghai'
      and e.starts_at < make_date(p_year + 1, 9, 1)::timestamp at time zone 'Asia/Shanghai'
  ), cells as (
    -- Events and households per district and month: at most a few hundred cells to add up below.
    select h.district_id, h.month, count(*)::int as held, coalesce(sum(r.households), 0)::int as households
    from held h left join (
      select v.event_id, sum(v.households) as households from public.household_visits v join held x on x.event_id = v.event_id group by v.event_id
    ) r on r.event_id = h.event_id
    group by h.district_id, h.month
  ), totals as (
    select t.scope, t.key, t.volunteers, t.hours from private.volunteer_totals t where t.school_year = p_year
  )
  select 'city'::text, null::uuid, null::text, null::date,
    (select coalesce(sum(c.held), 0)::int from cells c),
    coalesce((select t.volunteers from totals t where t.scope = 'city'), 0),
    coalesce((select t.hours from totals t where t.scope = 'city'), 0),
    (select coalesce(sum(c.households), 0)::int from cells c)
  union all
  select 'district', d.district_id, d.name, null,
    (select coalesce(sum(c.held), 0)::int from cells c where c.district_id = d.district_id),
    coalesce(t.volunteers, 0), coalesce(t.hours, 0),
    (select coalesce(sum(c.households), 0)::int from cells c where c.district_id = d.district_id)
  from public.districts d left join totals t on t.scope = 'district' and t.key = d.district_id::text
  union all
  select 'month', null, null, m.month::date,
    (select coalesce(sum(c.held), 0)::int from cells c where c.month = m.month),
    coalesce(t.volunteers, 0), coalesce(t.hours, 0),
    (select coalesce(sum(c.households), 0)::int from cells c where c.month = m.month)
  from generate_series(make_date(p_year, 9, 1), make_date(p_year + 1, 8, 1), interval '1 month') as m (month)
  left join totals t on t.scope = 'month' and t.key = m.month::date::text;
end
$function$;

CREATE OR REPLACE FUNCTION public.delete_household_visit(p_visit_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  v_visit public.household_visits := private.lock_household_visit(p_visit_id);
begin
  delete from public.household_visits h where h.visit_id = v_visit.visit_id;
end
$function$;

revoke all on function public.delete_household_visit(uuid) from public, anon, authenticated, service_role;
grant execute on function public.delete_household_visit(uuid) to authenticated, service_role;

CREATE OR REPLACE FUNCTION public.open_demonstration_file(p_level text, p_school_year integer)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
  begin
    insert into public.demonstration_files (school_id, level, school_year, created_by)
    values (private.school_id(), p_level, p_school_year, auth.uid()) returning file_id into v_id;
  exception when unique_violation then
    raise exception '本学年这一级别的档案已经建立' using errcode = 'QYDUP';
  end;
  insert into public.demonstration_items (file_id, item_id, points)
  select v_id, c.item_id, c.points from public.demonstration_criteria c where c.retired_at is null and p_level = any (c.levels);
  perform private.log_demonstration(v_id, 'open', null, null, 'draft', null);
  return v_id;
end
$function$;

revoke all on function private.add_event_secret() from public, anon, authenticated, service_role;

revoke all on function private.checkin_code(text,bigint) from public, anon, authenticated, service_role;
grant execute on function private.checkin_code(text,bigint) to service_role;

revoke all on function private.checkin_wait_minutes(uuid,uuid,integer,interval) from public, anon, authenticated, service_role;
grant execute on function private.checkin_wait_minutes(uuid,uuid,integer,interval) to service_role;

revoke all on function private.default_hours(events) from public, anon, authenticated, service_role;
grant execute on function private.default_hours(events) to service_role;

revoke all on function private.editable_demonstration_file(uuid) from public, anon, authenticated, service_role;
grant execute on function private.editable_demonstration_file(uuid) to service_role;

revoke all on function private.in_checkin_window(events,timestamp with time zone) from public, anon, authenticated, service_role;
grant execute on function private.in_checkin_window(events,timestamp with time zone) to service_role;

CREATE OR REPLACE FUNCTION private.lock_household_visit(p_visit_id uuid)
 RETURNS household_visits
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  v_visit public.household_visits;
  v_event public.events;
begin
  select * into v_visit from public.household_visits h where h.visit_id = p_visit_id;
  if not found then
    raise exception '找不到这条入户登记' using errcode = 'QYNOF';
  end if;
  select * into v_event from public.events e where e.event_id = v_visit.event_id for share;
  if (select private.is_office()) or ((select private.app_role()) = 'organizer' and v_event.organizer_id = auth.uid()) then
    null;
  elsif v_visit.volunteer_id is distinct from auth.uid() or (select private.app_role()) is distinct from 'volunteer' then
    raise exception '这不是你登记的入户数，不能修改' using errcode = 'QYFOR';
  elsif v_event.hours_confirmed_at is not null then
    raise exception '这个活动的志愿时长已确认，入户数不能再修改；如需更正请联系组织者' using errcode = 'QYCLO';
  end if;
  -- Read again under the event lock: a concurrent change may have come first.
  select * into v_visit from public.household_visits h where h.visit_id = p_visit_id for update;
  if not found then
    raise exception '找不到这条入户登记' using errcode = 'QYNOF';
  end if;
  return v_visit;
end
$function$;

revoke all on function private.lock_household_visit(uuid) from public, anon, authenticated, service_role;
grant execute on function private.lock_household_visit(uuid) to service_role;

revoke all on function private.lock_own_event(uuid) from public, anon, authenticated, service_role;

revoke all on function private.log_demonstration(uuid,text,text,text,text,text) from public, anon, authenticated, service_role;
grant execute on function private.log_demonstration(uuid,text,text,text,text,text) to service_role;

revoke all on function private.promote_waitlist(uuid) from public, anon, authenticated, service_role;

revoke all on function private.recount_event(uuid) from public, anon, authenticated, service_role;

revoke all on function private.restate_class() from public, anon, authenticated, service_role;

revoke all on function private.restate_contest() from public, anon, authenticated, service_role;

revoke all on function private.restate_contestant() from public, anon, authenticated, service_role;

revoke all on function private.restate_lesson() from public, anon, authenticated, service_role;

revoke all on function private.restate_placed_student() from public, anon, authenticated, service_role;

revoke all on function private.restate_school() from public, anon, authenticated, service_role;

CREATE OR REPLACE FUNCTION private.restate_volunteer(p_volunteer uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  -- One restatement of a volunteer at a time (two check-ins of theirs must not both count as first).
  perform pg_advisory_xact_lock(hashtextextended('volunteer ' || p_volunteer::text, 0));
  with fresh as (
    select f.school_year, f.district_id, f.month, f.hours from private.volunteer_presence_source f where f.volunteer_id = p_volunteer
  ), sides as (
    select f.school_year, f.district_id, f.month, f.hours, 1 as side from fresh f
    union all
    select p.school_year, p.district_id, p.month, -p.hours, -1 from private.volunteer_presence p where p.volunteer_id = p_volunteer
  ), deltas as (
    select x.school_year, 'city' as scope, '' as key, bool_or(x.side = 1)::int - bool_or(x.side = -1)::int as volunteers, sum(x.hours) as hours
    from sides x group by x.school_year
    union all
    select x.school_year, 'district', x.district_id::text, bool_or(x.side = 1)::int - bool_or(x.side = -1)::int, sum(x.hours)
    from sides x group by x.school_year, x.district_id
    union all
    select x.school_year, 'month', x.month::text, bool_or(x.side = 1)::int - bool_or(x.side = -1)::int, sum(x.hours)
    from sides x group by x.school_year, x.month
  )
  insert into private.volunteer_totals as t (school_year, scope, key, volunteers, hours)
  select d.school_year, d.scope, d.key, d.volunteers, d.hours from deltas d
  where d.volunteers <> 0 or d.hours <> 0
  order by d.school_year, d.scope, d.key -- the same lock order in every transaction
  on conflict (school_year, scope, key) do update
    set volunteers = t.volunteers + excluded.volunteers, hours = t.hours + excluded.hours;

  delete from private.volunteer_presence where volunteer_id = p_volunteer;
  insert into private.volunteer_presence (volunteer_id, school_year, district_id, month, hours)
  select f.volunteer_id, f.school_year, f.district_id, f.month, f.hours from private.volunteer_presence_source f where f.volunteer_id = p_volunteer;
end
$function$;

revoke all on function private.reviewable_demonstration_file(uuid) from public, anon, authenticated, service_role;
grant execute on function private.reviewable_demonstration_file(uuid) to service_role;

revoke all on function private.time_step(timestamp with time zone) from public, anon, authenticated, service_role;
grant execute on function private.time_step(timestamp with time zone) to service_role;

revoke all on function private.waitlist_position(event_signups) from public, anon, authenticated, service_role;
grant execute on function private.waitlist_position(event_signups) to service_role;

CREATE OR REPLACE FUNCTION public.refresh_volunteer_rollups()
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  delete from private.volunteer_presence where true;
  insert into private.volunteer_presence (volunteer_id, school_year, district_id, month, hours)
  select f.volunteer_id, f.school_year, f.district_id, f.month, f.hours from private.volunteer_presence_source f;
  delete from private.volunteer_totals where true;
  insert into private.volunteer_totals (school_year, scope, key, volunteers, hours)
  select p.school_year, 'city', '', count(distinct p.volunteer_id), sum(p.hours) from private.volunteer_presence p group by p.school_year
  union all
  select p.school_year, 'district', p.district_id::text, count(distinct p.volunteer_id), sum(p.hours) from private.volunteer_presence p group by p.school_year, p.district_id
  union all
  select p.school_year, 'month', p.month::text, count(distinct p.volunteer_id), sum(p.hours) from private.volunteer_presence p group by p.school_year, p.month;
$function$;

CREATE OR REPLACE FUNCTION public.save_demonstration_item(p_file_id uuid, p_item_id text, p_status text, p_self_score integer, p_notes text, p_links text[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
  if exists (select 1 from unnest(coalesce(p_links, '{}')) l where l !~ '^https?://[^[:space:]]+$' or length(l) > 300) then
    raise exception '链接必须以 http:// 或 https:// 开头' using errcode = 'QYBAD';
  end if;
  update public.demonstration_items set status = p_status, self_score = p_self_score, notes = nullif(p_notes, ''), links = coalesce(p_links, '{}'),
    updated_by = auth.uid(), updated_at = now()
  where file_id = p_file_id and item_id = p_item_id;
  update public.demonstration_files set updated_at = now() where file_id = p_file_id;
  perform private.log_demonstration(p_file_id, 'save_item', p_item_id, null, null, null);
end
$function$;

CREATE OR REPLACE FUNCTION public.update_household_visit(p_visit_id uuid, p_community text, p_households integer)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  v_visit public.household_visits := private.lock_household_visit(p_visit_id);
begin
  if p_households is null or p_households not between 1 and 500 then
    raise exception '入户数应在 1 到 500 之间' using errcode = 'QYBAD';
  end if;
  if length(coalesce(trim(p_community), '')) not between 1 and 60 then
    raise exception '请填写社区名称（最多 60 个字）' using errcode = 'QYBAD';
  end if;
  update public.household_visits h set community = trim(p_community), households = p_households where h.visit_id = v_visit.visit_id;
end
$function$;

revoke all on function public.update_household_visit(uuid,text,integer) from public, anon, authenticated, service_role;
grant execute on function public.update_household_visit(uuid,text,integer) to authenticated, service_role;

drop trigger if exists attempts_standing_delete on public.attempts;
CREATE TRIGGER attempts_standing_delete AFTER DELETE ON public.attempts FOR EACH ROW WHEN ((old.contest_id IS NOT NULL)) EXECUTE FUNCTION private.restate_contestant();

drop trigger if exists attempts_standing_insert on public.attempts;
CREATE TRIGGER attempts_standing_insert AFTER INSERT ON public.attempts FOR EACH ROW WHEN ((new.contest_id IS NOT NULL)) EXECUTE FUNCTION private.restate_contestant();

drop trigger if exists attempts_standing_update on public.attempts;
CREATE TRIGGER attempts_standing_update AFTER UPDATE OF submitted_at, percent, contest_id, student_id ON public.attempts FOR EACH ROW WHEN (((old.contest_id IS NOT NULL) OR (new.contest_id IS NOT NULL))) EXECUTE FUNCTION private.restate_contestant();

drop trigger if exists event_signups_presence_delete on public.event_signups;
CREATE TRIGGER event_signups_presence_delete AFTER DELETE ON public.event_signups FOR EACH ROW WHEN ((old.status = 'attended'::text)) EXECUTE FUNCTION private.restate_signed_up_volunteer();

drop trigger if exists event_signups_presence_insert on public.event_signups;
CREATE TRIGGER event_signups_presence_insert AFTER INSERT ON public.event_signups FOR EACH ROW WHEN ((new.status = 'attended'::text)) EXECUTE FUNCTION private.restate_signed_up_volunteer();

drop trigger if exists event_signups_presence_update on public.event_signups;
CREATE TRIGGER event_signups_presence_update AFTER UPDATE OF status, hours, hours_confirmed_at, volunteer_id, event_id ON public.event_signups FOR EACH ROW WHEN (((old.status = 'attended'::text) OR (new.status = 'attended'::text))) EXECUTE FUNCTION private.restate_signed_up_volunteer();


-- The rollups the old definitions kept, rebuilt with the current ones.
select public.refresh_mastery_rollups();
select public.refresh_volunteer_rollups();
