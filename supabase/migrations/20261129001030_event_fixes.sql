-- Two fixes to volunteer events (the third, the organizer's form keeping what was typed, is in
-- the app only):
--   1. Check-in code guesses are limited: 5 wrong codes per volunteer and event in 10 minutes,
--      then refused (QYLIM) until the oldest of them is 10 minutes old. A wrong code is recorded
--      in event_checkin_attempts and reported as a result row, not raised, so the record is
--      committed with the call; the event row lock check_in_to_event already takes makes
--      concurrent guesses of one volunteer queue up, so no more than 5 are ever checked.
--   2. A volunteer corrects or removes a household-visit entry of theirs until the event's hours
--      are confirmed; after that only the event's organizer and the office can. Writes still go
--      through security definer functions only.

create table public.event_checkin_attempts (
  attempt_id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (event_id) on delete cascade,
  volunteer_id uuid not null references public.users (user_id) on delete cascade,
  attempted_at timestamptz not null default now()
);
comment on table public.event_checkin_attempts is 'Wrong check-in codes, one row each, for the per-volunteer attempt limit; written only by check_in_to_event.';
create index event_checkin_attempts_volunteer_idx on public.event_checkin_attempts (volunteer_id, event_id, attempted_at);
create index event_checkin_attempts_event_id_idx on public.event_checkin_attempts (event_id);

alter table public.event_checkin_attempts enable row level security;
-- The volunteer sees their own, the event's organizer and the office see the event's; nobody writes directly.
create policy "Volunteers, the event's organizer and the office can read check-in attempts" on public.event_checkin_attempts for select to authenticated
  using (volunteer_id = (select auth.uid()) or (select private.is_office()) or event_id in (select private.organized_event_ids()));
revoke insert, update, delete on public.event_checkin_attempts from anon, authenticated;
revoke all on public.event_checkin_attempts from anon;

-- Whole minutes (at least 1) until a volunteer who reached the limit may try again: until the
-- p_limit-th latest wrong code of the window leaves it.
create function private.checkin_wait_minutes(p_event_id uuid, p_volunteer_id uuid, p_limit int, p_window interval) returns int
language sql stable security definer set search_path = ''
as $$
  select greatest(1, ceil(extract(epoch from (
    select a.attempted_at + p_window from public.event_checkin_attempts a
    where a.event_id = p_event_id and a.volunteer_id = p_volunteer_id and a.attempted_at > now() - p_window
    order by a.attempted_at desc offset p_limit - 1 limit 1) - now()) / 60))::int
$$;
revoke all on function private.checkin_wait_minutes from public;

-- check_in_to_event now answers with a row: outcome 'attended', 'wrong' or 'expired', the message
-- to show, and how many wrong codes the volunteer may still enter in the window. Refusals that
-- record nothing (no such event, outside the window, not signed up, the limit) still raise.
drop function public.check_in_to_event(uuid, text);
create function public.check_in_to_event(p_event_id uuid, p_code text)
returns table (outcome text, message text, attempts_left int)
language plpgsql security definer set search_path = ''
as $$
declare
  c_limit constant int := 5;
  c_window constant interval := interval '10 minutes';
  v_user uuid := auth.uid();
  v_event public.events;
  v_signup public.event_signups;
  v_secret text;
  v_step bigint := private.time_step(now());
  v_wrong int;
  v_left int;
  v_tail text;
begin
  -- The lock serializes every check-in of the event, so the count below is never stale.
  select * into v_event from public.events e where e.event_id = p_event_id for update;
  if not found then
    raise exception '找不到这个活动' using errcode = 'QYNOF';
  end if;
  if v_event.status = 'cancelled' then
    raise exception '这个活动已取消' using errcode = 'QYCLO';
  end if;
  if not private.in_checkin_window(v_event, now()) then
    raise exception '现在不在签到时间内（开始前 30 分钟至活动结束）' using errcode = 'QYCLO';
  end if;
  select * into v_signup from public.event_signups s where s.event_id = p_event_id and s.volunteer_id = v_user;
  if not found or v_signup.status = 'cancelled' then
    raise exception '你没有报名这个活动' using errcode = 'QYNOF';
  end if;
  if v_signup.status = 'waitlisted' then
    raise exception '你还在候补名单上，没有确认的名额，请联系组织者' using errcode = 'QYFOR';
  end if;
  -- The limit: with c_limit wrong codes in the window, refuse until the c_limit-th latest leaves it.
  select count(*)::int into v_wrong from public.event_checkin_attempts a
  where a.event_id = p_event_id and a.volunteer_id = v_user and a.attempted_at > now() - c_window;
  if v_wrong >= c_limit then
    raise exception '尝试次数过多，请 % 分钟后再试，或请组织者现场签到', private.checkin_wait_minutes(p_event_id, v_user, c_limit, c_window)
      using errcode = 'QYLIM';
  end if;
  select x.secret into v_secret from private.event_secrets x where x.event_id = p_event_id;
  if p_code is distinct from private.checkin_code(v_secret, v_step) and p_code is distinct from private.checkin_code(v_secret, v_step - 1) then
    insert into public.event_checkin_attempts (event_id, volunteer_id) values (p_event_id, v_user);
    v_left := c_limit - v_wrong - 1;
    v_tail := case when v_left > 0 then format('（还可以再试 %s 次）', v_left)
      else format('（已输错 %s 次，请 %s 分钟后再试，或请组织者现场签到）', c_limit, private.checkin_wait_minutes(p_event_id, v_user, c_limit, c_window)) end;
    if exists (select 1 from generate_series(v_step - 30, v_step - 2) g where private.checkin_code(v_secret, g) = p_code) then
      return query select 'expired'::text, '签到码已过期，请输入组织者屏幕上最新的签到码' || v_tail, v_left;
    else
      return query select 'wrong'::text, '签到码不对，请核对是本活动屏幕上显示的 6 位数字' || v_tail, v_left;
    end if;
    return;
  end if;
  if v_signup.status <> 'attended' then
    update public.event_signups s set status = 'attended', checked_in_at = now() where s.signup_id = v_signup.signup_id;
    perform private.recount_event(p_event_id);
  end if;
  return query select 'attended'::text, '签到成功'::text, null::int;
end
$$;
comment on function public.check_in_to_event is 'Checks the caller in with the current (or previous) code; a wrong code is recorded and answered as a row, 5 wrong codes in 10 minutes are refused with QYLIM.';

-- Finds a household-visit entry the caller may change, with its event locked against hours
-- being confirmed meanwhile (confirm_event_hours locks the event row for update): their own
-- before the event's hours are confirmed, any of an event they organize, any for the office.
create function private.lock_household_visit(p_visit_id uuid) returns public.household_visits
language plpgsql security definer set search_path = ''
as $$
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
$$;
revoke all on function private.lock_household_visit from public;

-- Corrects the count and community of a household-visit entry.
create function public.update_household_visit(p_visit_id uuid, p_community text, p_households int) returns void
language plpgsql security definer set search_path = ''
as $$
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
$$;

-- Removes a household-visit entry made by mistake.
create function public.delete_household_visit(p_visit_id uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_visit public.household_visits := private.lock_household_visit(p_visit_id);
begin
  delete from public.household_visits h where h.visit_id = v_visit.visit_id;
end
$$;

revoke all on function public.check_in_to_event, public.update_household_visit, public.delete_household_visit from public, anon;
grant execute on function public.check_in_to_event, public.update_household_visit, public.delete_household_visit to authenticated, service_role;
