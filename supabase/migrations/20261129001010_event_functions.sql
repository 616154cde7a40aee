-- The functions behind sign-up, cancellation, promotion, check-in, attendance and hours. Each
-- one that changes a sign-up locks the event row first (select … for update), so all changes
-- to one event's places happen one after another, whatever the concurrency. Errors carry the
-- SQLSTATE codes of the learning functions:
--   QYBAD 400 · QYFOR 403 · QYNOF 404 · QYDUP 409 already signed up · QYLAT 409 too late · QYCLO 409 closed or cancelled
-- The rules mirror src/lib/domain/events.ts (window, cut-off, default hours, code).

-- The 6-digit check-in code of a 60-second step: the first 4 bytes of sha256(secret:step),
-- modulo 10^6, zero-padded. src/lib/domain/events.ts computes the same (a test checks parity).
create function private.checkin_code(p_secret text, p_step bigint) returns text
language sql immutable set search_path = ''
as $$
  select lpad((('x' || substr(encode(sha256(convert_to(p_secret || ':' || p_step::text, 'UTF8')), 'hex'), 1, 8))::bit(32)::bigint % 1000000)::text, 6, '0')
$$;

create function private.time_step(p_at timestamptz) returns bigint
language sql immutable set search_path = ''
as $$ select floor(extract(epoch from p_at) / 60)::bigint $$;

-- The check-in window: from 30 minutes before the start to the end.
create function private.in_checkin_window(p_event public.events, p_at timestamptz) returns boolean
language sql immutable set search_path = ''
as $$ select p_at >= p_event.starts_at - interval '30 minutes' and p_at <= p_event.ends_at $$;

-- Default hours: the event's length in hours, to two decimals.
create function private.default_hours(p_event public.events) returns numeric
language sql immutable set search_path = ''
as $$ select round((extract(epoch from p_event.ends_at - p_event.starts_at) / 3600)::numeric, 2) $$;

-- Recounts the places from the rows; called with the event row locked.
create function private.recount_event(p_event_id uuid) returns void
language sql security definer set search_path = ''
as $$
  update public.events e set
    seats_taken = (select count(*) from public.event_signups s where s.event_id = p_event_id and s.status in ('confirmed', 'attended', 'absent')),
    waitlisted = (select count(*) from public.event_signups s where s.event_id = p_event_id and s.status = 'waitlisted')
  where e.event_id = p_event_id
$$;

-- Fills free seats from the waitlist, first come first served; called with the event row locked.
create function private.promote_waitlist(p_event_id uuid) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  v_free int;
  v_promoted int;
begin
  select e.capacity - (select count(*) from public.event_signups s where s.event_id = e.event_id and s.status in ('confirmed', 'attended', 'absent'))
    into v_free from public.events e where e.event_id = p_event_id and e.status = 'open' and e.starts_at > now();
  if coalesce(v_free, 0) <= 0 then
    return 0;
  end if;
  update public.event_signups s set status = 'confirmed', confirmed_at = now()
  where s.signup_id in (
    select w.signup_id from public.event_signups w
    where w.event_id = p_event_id and w.status = 'waitlisted' order by w.queue_no limit v_free
  );
  get diagnostics v_promoted = row_count;
  return v_promoted;
end
$$;

-- A volunteer's place in the waitlist (1 = next), or null when not waitlisted.
create function private.waitlist_position(p_signup public.event_signups) returns int
language sql stable security definer set search_path = ''
as $$
  select case when p_signup.status <> 'waitlisted' then null else (
    select count(*)::int from public.event_signups s
    where s.event_id = p_signup.event_id and s.status = 'waitlisted' and s.queue_no <= p_signup.queue_no) end
$$;

-- Locks an event the caller organizes (or any, for the office); refuses others.
create function private.lock_own_event(p_event_id uuid) returns public.events
language plpgsql security definer set search_path = ''
as $$
declare
  v_event public.events;
begin
  if (select private.app_role()) is distinct from 'organizer' and not (select private.is_office()) then
    raise exception '只有活动组织者可以管理活动' using errcode = 'QYFOR';
  end if;
  select * into v_event from public.events e where e.event_id = p_event_id for update;
  if not found then
    raise exception '找不到这个活动' using errcode = 'QYNOF';
  end if;
  if v_event.organizer_id <> auth.uid() and not (select private.is_office()) then
    raise exception '这不是你组织的活动，不能修改' using errcode = 'QYFOR';
  end if;
  return v_event;
end
$$;

-- Signs the caller up: confirmed while seats remain, waitlisted after.
create function public.sign_up_for_event(p_event_id uuid)
returns table (signup_status text, waitlist_position int)
language plpgsql security definer set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_event public.events;
  v_signup public.event_signups;
  v_status text;
begin
  if (select private.app_role()) is distinct from 'volunteer' then
    raise exception '只有注册志愿者可以报名活动' using errcode = 'QYFOR';
  end if;
  select * into v_event from public.events e where e.event_id = p_event_id for update;
  if not found then
    raise exception '找不到这个活动' using errcode = 'QYNOF';
  end if;
  if v_event.status = 'cancelled' then
    raise exception '这个活动已取消，不能报名' using errcode = 'QYCLO';
  end if;
  if v_event.status = 'closed' then
    raise exception '这个活动已停止报名' using errcode = 'QYCLO';
  end if;
  if now() >= v_event.starts_at then
    raise exception '活动已经开始或结束，不能再报名' using errcode = 'QYLAT';
  end if;
  if v_event.eligibility <> 'all' and not exists (
    select 1 from public.volunteer_profiles p where p.user_id = v_user and p.category = v_event.eligibility) then
    raise exception '这个活动只面向特定类别的志愿者，请先在“我的”页面填写志愿者类别' using errcode = 'QYFOR';
  end if;
  select * into v_signup from public.event_signups s where s.event_id = p_event_id and s.volunteer_id = v_user;
  if found and v_signup.status <> 'cancelled' then
    raise exception '你已经报名了这个活动' using errcode = 'QYDUP';
  end if;
  v_status := case when v_event.seats_taken < v_event.capacity then 'confirmed' else 'waitlisted' end;
  if found then
    update public.event_signups s set status = v_status, queue_no = nextval('public.event_signups_queue_seq'), signed_up_at = now(),
      confirmed_at = case when v_status = 'confirmed' then now() end, cancelled_at = null
    where s.signup_id = v_signup.signup_id returning * into v_signup;
  else
    insert into public.event_signups (event_id, volunteer_id, status, confirmed_at)
    values (p_event_id, v_user, v_status, case when v_status = 'confirmed' then now() end)
    returning * into v_signup;
  end if;
  perform private.recount_event(p_event_id);
  return query select v_status, private.waitlist_position(v_signup);
end
$$;

-- Cancels the caller's sign-up. A confirmed place may be given up until the cut-off; its seat
-- goes to the first on the waitlist at once.
create function public.cancel_event_signup(p_event_id uuid)
returns table (signup_status text, promoted int)
language plpgsql security definer set search_path = ''
as $$
declare
  v_event public.events;
  v_signup public.event_signups;
  v_promoted int := 0;
begin
  select * into v_event from public.events e where e.event_id = p_event_id for update;
  if not found then
    raise exception '找不到这个活动' using errcode = 'QYNOF';
  end if;
  select * into v_signup from public.event_signups s where s.event_id = p_event_id and s.volunteer_id = auth.uid();
  if not found or v_signup.status = 'cancelled' then
    raise exception '你没有报名这个活动' using errcode = 'QYNOF';
  end if;
  if v_signup.status in ('attended', 'absent') or now() >= v_event.starts_at then
    raise exception '活动已经开始，不能再取消报名' using errcode = 'QYLAT';
  end if;
  if v_signup.status = 'confirmed' and now() >= v_event.cancel_cutoff then
    raise exception '已过取消截止时间，如有变化请直接联系组织者' using errcode = 'QYLAT';
  end if;
  update public.event_signups s set status = 'cancelled', cancelled_at = now() where s.signup_id = v_signup.signup_id;
  if v_signup.status = 'confirmed' then
    v_promoted := private.promote_waitlist(p_event_id);
  end if;
  perform private.recount_event(p_event_id);
  return query select 'cancelled'::text, v_promoted;
end
$$;

-- Creates (p_event_id null) or edits an event of the caller. p_fields holds the editable
-- columns; a larger capacity promotes from the waitlist, a smaller one may not drop below the
-- places already confirmed.
create function public.save_event(p_event_id uuid, p_fields jsonb) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_new public.events := jsonb_populate_record(null::public.events, p_fields);
  v_event public.events;
  v_id uuid;
begin
  if p_event_id is null then
    if (select private.app_role()) is distinct from 'organizer' then
      raise exception '只有活动组织者可以发布活动' using errcode = 'QYFOR';
    end if;
    if v_new.starts_at <= now() then
      raise exception '活动开始时间必须在将来' using errcode = 'QYBAD';
    end if;
    insert into public.events (organizer_id, district_id, community, title, kind, description, starts_at, ends_at, capacity,
      cancel_cutoff, bring, eligibility, contact)
    values (auth.uid(), v_new.district_id, v_new.community, v_new.title, v_new.kind, coalesce(v_new.description, ''), v_new.starts_at,
      v_new.ends_at, v_new.capacity, v_new.cancel_cutoff, coalesce(v_new.bring, ''), coalesce(v_new.eligibility, 'all'), v_new.contact)
    returning event_id into v_id;
    return v_id;
  end if;
  v_event := private.lock_own_event(p_event_id);
  if v_event.status <> 'open' then
    raise exception '活动已取消或已结束，不能再修改' using errcode = 'QYCLO';
  end if;
  if v_new.capacity < v_event.seats_taken then
    raise exception '名额不能少于已确认的 % 人', v_event.seats_taken using errcode = 'QYBAD';
  end if;
  update public.events e set district_id = v_new.district_id, community = v_new.community, title = v_new.title, kind = v_new.kind,
    description = coalesce(v_new.description, ''), starts_at = v_new.starts_at, ends_at = v_new.ends_at, capacity = v_new.capacity,
    cancel_cutoff = v_new.cancel_cutoff, bring = coalesce(v_new.bring, ''), eligibility = coalesce(v_new.eligibility, 'all'),
    contact = v_new.contact, updated_at = now()
  where e.event_id = p_event_id;
  perform private.promote_waitlist(p_event_id);
  perform private.recount_event(p_event_id);
  return p_event_id;
end
$$;

-- Copies an event of the caller to a new start, keeping its length and cut-off distance.
create function public.copy_event(p_event_id uuid, p_starts_at timestamptz) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_event public.events;
  v_id uuid;
begin
  if (select private.app_role()) is distinct from 'organizer' then
    raise exception '只有活动组织者可以复制活动' using errcode = 'QYFOR';
  end if;
  select * into v_event from public.events e where e.event_id = p_event_id;
  if not found then
    raise exception '找不到这个活动' using errcode = 'QYNOF';
  end if;
  if v_event.organizer_id <> auth.uid() then
    raise exception '这不是你组织的活动，不能复制' using errcode = 'QYFOR';
  end if;
  if p_starts_at <= now() then
    raise exception '新的开始时间必须在将来' using errcode = 'QYBAD';
  end if;
  insert into public.events (organizer_id, district_id, community, title, kind, description, starts_at, ends_at, capacity,
    cancel_cutoff, bring, eligibility, contact)
  values (auth.uid(), v_event.district_id, v_event.community, v_event.title, v_event.kind, v_event.description, p_starts_at,
    p_starts_at + (v_event.ends_at - v_event.starts_at), v_event.capacity, p_starts_at - (v_event.starts_at - v_event.cancel_cutoff),
    v_event.bring, v_event.eligibility, v_event.contact)
  returning event_id into v_id;
  return v_id;
end
$$;

-- Cancels an event; its sign-ups keep their rows and see the event's status in the app.
create function public.cancel_event(p_event_id uuid, p_reason text) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_event public.events := private.lock_own_event(p_event_id);
begin
  if v_event.status = 'cancelled' then
    raise exception '这个活动已经取消了' using errcode = 'QYCLO';
  end if;
  if v_event.hours_confirmed_at is not null then
    raise exception '已确认时长的活动不能取消' using errcode = 'QYCLO';
  end if;
  update public.events e set status = 'cancelled', cancel_reason = nullif(trim(p_reason), ''), updated_at = now() where e.event_id = p_event_id;
end
$$;

-- Stops (or reopens) sign-ups of an event the caller organizes.
create function public.set_event_signups_open(p_event_id uuid, p_open boolean) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_event public.events := private.lock_own_event(p_event_id);
begin
  if v_event.status = 'cancelled' or v_event.hours_confirmed_at is not null then
    raise exception '活动已取消或已确认时长' using errcode = 'QYCLO';
  end if;
  update public.events e set status = case when p_open then 'open' else 'closed' end, updated_at = now() where e.event_id = p_event_id;
  if p_open then
    perform private.promote_waitlist(p_event_id);
    perform private.recount_event(p_event_id);
  end if;
end
$$;

-- The roster of an event for its organizer (or the office): names, categories, phones, statuses.
create function public.event_roster(p_event_id uuid)
returns table (signup_id uuid, volunteer_name text, category text, phone text, organization text, signup_status text,
  waitlist_position int, signed_up_at timestamptz, checked_in_at timestamptz, hours numeric, households int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not exists (select 1 from public.events e where e.event_id = p_event_id) then
    raise exception '找不到这个活动' using errcode = 'QYNOF';
  end if;
  if p_event_id not in (select private.organized_event_ids()) and not (select private.is_office()) then
    raise exception '只有这个活动的组织者可以查看名单' using errcode = 'QYFOR';
  end if;
  return query
    select s.signup_id, u.display_name, p.category, p.phone, p.organization, s.status, private.waitlist_position(s), s.signed_up_at,
      s.checked_in_at, s.hours,
      (select sum(h.households)::int from public.household_visits h where h.event_id = s.event_id and h.volunteer_id = s.volunteer_id)
    from public.event_signups s join public.users u on u.user_id = s.volunteer_id
    left join public.volunteer_profiles p on p.user_id = s.volunteer_id
    where s.event_id = p_event_id
    order by case s.status when 'confirmed' then 0 when 'attended' then 0 when 'absent' then 0 when 'waitlisted' then 1 else 2 end, s.queue_no;
end
$$;

-- The caller's sign-ups with the event, the waitlist position and the confirmed hours.
create function public.my_event_signups()
returns table (event_id uuid, title text, kind text, starts_at timestamptz, ends_at timestamptz, district text, community text,
  event_status text, cancel_reason text, cancel_cutoff timestamptz, signup_status text, waitlist_position int, hours numeric,
  hours_confirmed_at timestamptz)
language sql stable security definer set search_path = ''
as $$
  select e.event_id, e.title, e.kind, e.starts_at, e.ends_at, d.name, e.community, e.status, e.cancel_reason, e.cancel_cutoff,
    s.status, private.waitlist_position(s), s.hours, s.hours_confirmed_at
  from public.event_signups s join public.events e on e.event_id = s.event_id join public.districts d on d.district_id = e.district_id
  where s.volunteer_id = (select auth.uid())
  order by e.starts_at desc
$$;

-- The current code of an event the caller organizes, only inside the check-in window.
create function public.event_checkin_code(p_event_id uuid)
returns table (code text, valid_until timestamptz)
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_event public.events;
  v_step bigint := private.time_step(now());
begin
  select * into v_event from public.events e where e.event_id = p_event_id;
  if not found then
    raise exception '找不到这个活动' using errcode = 'QYNOF';
  end if;
  if p_event_id not in (select private.organized_event_ids()) then
    raise exception '只有这个活动的组织者可以出示签到码' using errcode = 'QYFOR';
  end if;
  if v_event.status = 'cancelled' then
    raise exception '这个活动已取消' using errcode = 'QYCLO';
  end if;
  if not private.in_checkin_window(v_event, now()) then
    raise exception '签到码只在活动时间内有效（开始前 30 分钟至活动结束）' using errcode = 'QYCLO';
  end if;
  return query select private.checkin_code(x.secret, v_step), to_timestamp((v_step + 1) * 60)
    from private.event_secrets x where x.event_id = p_event_id;
end
$$;

-- Checks the caller in with the code shown by the organizer: the current or the previous step.
create function public.check_in_to_event(p_event_id uuid, p_code text) returns text
language plpgsql security definer set search_path = ''
as $$
declare
  v_event public.events;
  v_signup public.event_signups;
  v_secret text;
  v_step bigint := private.time_step(now());
begin
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
  select * into v_signup from public.event_signups s where s.event_id = p_event_id and s.volunteer_id = auth.uid();
  if not found or v_signup.status = 'cancelled' then
    raise exception '你没有报名这个活动' using errcode = 'QYNOF';
  end if;
  if v_signup.status = 'waitlisted' then
    raise exception '你还在候补名单上，没有确认的名额，请联系组织者' using errcode = 'QYFOR';
  end if;
  select x.secret into v_secret from private.event_secrets x where x.event_id = p_event_id;
  if p_code is distinct from private.checkin_code(v_secret, v_step) and p_code is distinct from private.checkin_code(v_secret, v_step - 1) then
    if exists (select 1 from generate_series(v_step - 30, v_step - 2) g where private.checkin_code(v_secret, g) = p_code) then
      raise exception '签到码已过期，请输入组织者屏幕上最新的签到码' using errcode = 'QYLAT';
    end if;
    raise exception '签到码不对，请核对是本活动屏幕上显示的 6 位数字' using errcode = 'QYBAD';
  end if;
  if v_signup.status = 'attended' then
    return 'attended';
  end if;
  update public.event_signups s set status = 'attended', checked_in_at = now() where s.signup_id = v_signup.signup_id;
  perform private.recount_event(p_event_id);
  return 'attended';
end
$$;

-- The organizer marks attendance by hand, from the window's start on.
create function public.mark_attendance(p_signup_id uuid, p_present boolean) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_signup public.event_signups;
  v_event public.events;
begin
  select * into v_signup from public.event_signups s where s.signup_id = p_signup_id;
  if not found then
    raise exception '找不到这条报名记录' using errcode = 'QYNOF';
  end if;
  v_event := private.lock_own_event(v_signup.event_id);
  select * into v_signup from public.event_signups s where s.signup_id = p_signup_id;
  if v_event.status = 'cancelled' then
    raise exception '这个活动已取消' using errcode = 'QYCLO';
  end if;
  if now() < v_event.starts_at - interval '30 minutes' then
    raise exception '活动开始前 30 分钟起才能登记出勤' using errcode = 'QYLAT';
  end if;
  if v_signup.status not in ('confirmed', 'attended', 'absent') then
    raise exception '只有确认参加的志愿者可以登记出勤' using errcode = 'QYBAD';
  end if;
  update public.event_signups s set
    status = case when p_present then 'attended' else 'absent' end,
    checked_in_at = case when p_present then coalesce(s.checked_in_at, now()) end,
    hours = case when p_present then s.hours end,
    hours_confirmed_at = case when p_present then s.hours_confirmed_at end
  where s.signup_id = p_signup_id;
  perform private.recount_event(v_signup.event_id);
end
$$;

-- After the event: those present get the event's length (or p_hours) as confirmed hours; those
-- confirmed who never checked in are marked absent; sign-ups close.
create function public.confirm_event_hours(p_event_id uuid, p_hours numeric default null) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  v_event public.events := private.lock_own_event(p_event_id);
  v_count int;
begin
  if v_event.status = 'cancelled' then
    raise exception '这个活动已取消' using errcode = 'QYCLO';
  end if;
  if now() < v_event.ends_at then
    raise exception '活动结束后才能确认志愿时长' using errcode = 'QYLAT';
  end if;
  if p_hours is not null and (p_hours <= 0 or p_hours > 24) then
    raise exception '时长应在 0 到 24 小时之间' using errcode = 'QYBAD';
  end if;
  update public.event_signups s set status = 'absent' where s.event_id = p_event_id and s.status = 'confirmed';
  update public.event_signups s set hours = coalesce(p_hours, private.default_hours(v_event)), hours_confirmed_at = now()
  where s.event_id = p_event_id and s.status = 'attended' and s.hours_confirmed_at is null;
  get diagnostics v_count = row_count;
  update public.events e set status = 'closed', hours_confirmed_at = coalesce(e.hours_confirmed_at, now()), updated_at = now()
  where e.event_id = p_event_id;
  perform private.recount_event(p_event_id);
  return v_count;
end
$$;

-- A volunteer at a 进家庭 event logs the households reached: a count and the community.
create function public.log_household_visits(p_event_id uuid, p_community text, p_households int) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_event public.events;
  v_id uuid;
begin
  select * into v_event from public.events e where e.event_id = p_event_id;
  if not found then
    raise exception '找不到这个活动' using errcode = 'QYNOF';
  end if;
  if v_event.kind <> 'family' then
    raise exception '只有“进家庭”活动登记入户数' using errcode = 'QYBAD';
  end if;
  if not exists (select 1 from public.event_signups s where s.event_id = p_event_id and s.volunteer_id = auth.uid() and s.status in ('confirmed', 'attended')) then
    raise exception '只有参加这个活动的志愿者可以登记入户数' using errcode = 'QYFOR';
  end if;
  if now() < v_event.starts_at - interval '30 minutes' then
    raise exception '活动开始后才能登记入户数' using errcode = 'QYLAT';
  end if;
  if p_households is null or p_households not between 1 and 500 then
    raise exception '入户数应在 1 到 500 之间' using errcode = 'QYBAD';
  end if;
  if length(coalesce(trim(p_community), '')) not between 1 and 60 then
    raise exception '请填写社区名称（最多 60 个字）' using errcode = 'QYBAD';
  end if;
  insert into public.household_visits (event_id, volunteer_id, community, households)
  values (p_event_id, auth.uid(), trim(p_community), p_households) returning visit_id into v_id;
  return v_id;
end
$$;

revoke all on function private.checkin_code, private.time_step, private.in_checkin_window, private.default_hours, private.recount_event,
  private.promote_waitlist, private.waitlist_position, private.lock_own_event from public;
grant execute on function private.checkin_code, private.time_step, private.in_checkin_window, private.default_hours,
  private.waitlist_position to service_role;

revoke all on function public.sign_up_for_event, public.cancel_event_signup, public.save_event, public.copy_event, public.cancel_event,
  public.set_event_signups_open, public.event_roster, public.my_event_signups, public.event_checkin_code, public.check_in_to_event,
  public.mark_attendance, public.confirm_event_hours, public.log_household_visits from public, anon;
grant execute on function public.sign_up_for_event, public.cancel_event_signup, public.save_event, public.copy_event, public.cancel_event,
  public.set_event_signups_open, public.event_roster, public.my_event_signups, public.event_checkin_code, public.check_in_to_event,
  public.mark_attendance, public.confirm_event_hours, public.log_household_visits to authenticated, service_role;
