-- A volunteer could still add a household-visit entry after the organizer confirmed the event's
-- hours, going round the rule that only the organizer or the office changes entries from then on
-- (20261129001030). The event row is locked, as a correction locks it, so a new entry and the
-- confirmation cannot cross.

create or replace function public.log_household_visits(p_event_id uuid, p_community text, p_households int) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_event public.events;
  v_id uuid;
begin
  select * into v_event from public.events e where e.event_id = p_event_id for update;
  if not found then
    raise exception '找不到这个活动' using errcode = 'QYNOF';
  end if;
  if v_event.kind <> 'family' then
    raise exception '只有“进家庭”活动登记入户数' using errcode = 'QYBAD';
  end if;
  if not exists (select 1 from public.event_signups s where s.event_id = p_event_id and s.volunteer_id = auth.uid() and s.status in ('confirmed', 'attended')) then
    raise exception '只有参加这个活动的志愿者可以登记入户数' using errcode = 'QYFOR';
  end if;
  if v_event.hours_confirmed_at is not null then
    raise exception '这个活动的志愿时长已确认，不能再登记入户数；如需补登请联系组织者' using errcode = 'QYCLO';
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
