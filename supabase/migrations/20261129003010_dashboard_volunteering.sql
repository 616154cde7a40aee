-- Volunteering on the city dashboard: events held, active volunteers, their confirmed hours and
-- the households reached, for the city, per district (of the event) and per month of a school
-- year (September to August, Beijing time). Office only.
--
-- An event counts as held once it has started and was not cancelled; a volunteer is active with
-- at least one attendance at a held event; hours count once the organizer confirmed them. A
-- volunteer active in two districts counts once for the city, so district figures do not add up
-- to the city's.

create function public.dashboard_volunteering(p_year int)
returns table (scope text, district_id uuid, district_name text, month date, events_held int, active_volunteers int, volunteer_hours numeric, households int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.is_office() then
    raise exception '只有市禁毒办可以查看全市统计' using errcode = 'QYFOR';
  end if;
  return query
  with held as (
    select e.event_id, e.district_id, date_trunc('month', e.starts_at at time zone 'Asia/Shanghai')::date as month,
      coalesce((select sum(v.households) from public.household_visits v where v.event_id = e.event_id), 0)::int as households
    from public.events e
    where e.status <> 'cancelled' and e.starts_at <= now()
      and e.starts_at >= make_date(p_year, 9, 1)::timestamp at time zone 'Asia/Shanghai'
      and e.starts_at < make_date(p_year + 1, 9, 1)::timestamp at time zone 'Asia/Shanghai'
  ), work as (
    select h.event_id, h.district_id, h.month, s.volunteer_id, case when s.hours_confirmed_at is not null then s.hours else 0 end as hours
    from held h join public.event_signups s on s.event_id = h.event_id
    where s.status = 'attended'
  )
  select 'city'::text, null::uuid, null::text, null::date,
    (select count(*)::int from held), (select count(distinct w.volunteer_id)::int from work w),
    (select coalesce(sum(w.hours), 0) from work w), (select coalesce(sum(h.households), 0)::int from held h)
  union all
  select 'district', d.district_id, d.name, null,
    (select count(*)::int from held h where h.district_id = d.district_id),
    (select count(distinct w.volunteer_id)::int from work w where w.district_id = d.district_id),
    (select coalesce(sum(w.hours), 0) from work w where w.district_id = d.district_id),
    (select coalesce(sum(h.households), 0)::int from held h where h.district_id = d.district_id)
  from public.districts d
  union all
  select 'month', null, null, m.month::date,
    (select count(*)::int from held h where h.month = m.month),
    (select count(distinct w.volunteer_id)::int from work w where w.month = m.month),
    (select coalesce(sum(w.hours), 0) from work w where w.month = m.month),
    (select coalesce(sum(h.households), 0)::int from held h where h.month = m.month)
  from generate_series(make_date(p_year, 9, 1), make_date(p_year + 1, 8, 1), interval '1 month') as m (month);
end
$$;

revoke all on function public.dashboard_volunteering from public, anon, authenticated;
grant execute on function public.dashboard_volunteering to authenticated, service_role;
