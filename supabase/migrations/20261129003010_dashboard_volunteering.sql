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
    select e.event_id, e.district_id, date_trunc('month', e.starts_at at time zone 'Asia/Shanghai')::date as month
    from public.events e
    where e.status <> 'cancelled' and e.starts_at <= now()
      and e.starts_at >= make_date(p_year, 9, 1)::timestamp at time zone 'Asia/Shanghai'
      and e.starts_at < make_date(p_year + 1, 9, 1)::timestamp at time zone 'Asia/Shanghai'
  ), reached as (
    select h.event_id, sum(v.households)::int as households
    from held h join public.household_visits v on v.event_id = h.event_id group by h.event_id
  ), events as (
    -- One pass, three groupings: grouping() is 1 per district, 2 per month, 3 for the city.
    select h.district_id, h.month, grouping(h.district_id, h.month) as level,
      count(*)::int as held, coalesce(sum(r.households), 0)::int as households
    from held h left join reached r on r.event_id = h.event_id
    group by grouping sets ((h.district_id), (h.month), ())
  ), work as (
    select h.district_id, h.month, s.volunteer_id, case when s.hours_confirmed_at is not null then s.hours else 0 end as hours
    from held h join public.event_signups s on s.event_id = h.event_id
    where s.status = 'attended'
  ), hours as (
    select w.district_id, w.month, grouping(w.district_id, w.month) as level, sum(w.hours) as hours
    from work w group by grouping sets ((w.district_id), (w.month), ())
  ), volunteers as (
    -- Distinct volunteers by hashing, not by sorting 100,000 attendances once per grouping.
    select 1 as level, x.district_id, null::date as month, count(*)::int as n from (select distinct w.district_id, w.volunteer_id from work w) x group by x.district_id
    union all
    select 2, null, x.month, count(*)::int from (select distinct w.month, w.volunteer_id from work w) x group by x.month
    union all
    select 3, null, null, count(distinct w.volunteer_id)::int from work w
  ), work_by as (
    select h.level, h.district_id, h.month, coalesce(v.n, 0) as volunteers, h.hours
    from hours h left join volunteers v on v.level = h.level and v.district_id is not distinct from h.district_id and v.month is not distinct from h.month
  )
  select 'city'::text, null::uuid, null::text, null::date,
    coalesce((select e.held from events e where e.level = 3), 0), coalesce((select w.volunteers from work_by w where w.level = 3), 0),
    coalesce((select w.hours from work_by w where w.level = 3), 0), coalesce((select e.households from events e where e.level = 3), 0)
  union all
  select 'district', d.district_id, d.name, null, coalesce(e.held, 0), coalesce(w.volunteers, 0), coalesce(w.hours, 0), coalesce(e.households, 0)
  from public.districts d
  left join events e on e.level = 1 and e.district_id = d.district_id
  left join work_by w on w.level = 1 and w.district_id = d.district_id
  union all
  select 'month', null, null, m.month::date, coalesce(e.held, 0), coalesce(w.volunteers, 0), coalesce(w.hours, 0), coalesce(e.households, 0)
  from generate_series(make_date(p_year, 9, 1), make_date(p_year + 1, 8, 1), interval '1 month') as m (month)
  left join events e on e.level = 2 and e.month = m.month
  left join work_by w on w.level = 2 and w.month = m.month;
end
$$;

revoke all on function public.dashboard_volunteering from public, anon, authenticated;
grant execute on function public.dashboard_volunteering to authenticated, service_role;
