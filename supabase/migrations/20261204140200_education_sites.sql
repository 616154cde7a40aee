-- Beyond schools (issue 14), part 3: education sites (阵地), their coverage of villages and
-- communities against the year's target, what the office counts about units, and the 六进
-- kinds of volunteer events.
--
-- The office (for now; districts later) records the villages and communities of each district,
-- the sites in them (宣传栏, 禁毒教育基地, school 禁毒角, 主题公园, community board) and each
-- renewal of a site's content with its photos. A place is covered in a year when one of its sites
-- was renewed in that calendar year.

create table public.places (
  place_id uuid primary key default gen_random_uuid(),
  district_id uuid not null references public.districts (district_id),
  town text not null check (length(town) between 1 and 40),
  name text not null check (length(name) between 1 and 40),
  kind text not null check (kind in ('village', 'community')),
  created_at timestamptz not null default now(),
  unique (district_id, town, name)
);
comment on table public.places is 'Villages and communities (村/社区) by district and town/street: what site coverage is counted over.';

create table public.education_sites (
  site_id uuid primary key default gen_random_uuid(),
  place_id uuid not null references public.places (place_id),
  kind text not null check (kind in ('board', 'base', 'school_corner', 'park', 'community_board')),
  name text not null check (length(name) between 2 and 60),
  created_by uuid references public.users (user_id),
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
comment on table public.education_sites is 'Drug-prevention education sites (阵地) in a village or community; retired, not deleted.';
create index education_sites_place_idx on public.education_sites (place_id);

create table public.site_renewals (
  renewal_id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.education_sites (site_id),
  renewed_on date not null check (renewed_on >= date '2019-01-01'),
  note text not null default '' check (length(note) <= 200),
  recorded_by uuid references public.users (user_id),
  created_at timestamptz not null default now(),
  -- No renewal in the future: the date is when the content was actually renewed.
  check (renewed_on <= (created_at at time zone 'Asia/Shanghai')::date)
);
comment on table public.site_renewals is 'Each renewal of a site''s content (date, note); the latest is the date it was last renewed.';
create index site_renewals_site_idx on public.site_renewals (site_id, renewed_on);

create table public.site_photos (
  photo_id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.education_sites (site_id),
  renewal_id uuid references public.site_renewals (renewal_id),
  storage_key text not null unique check (storage_key ~ '^[A-Za-z0-9_-]{16,64}$'),
  original_name text not null check (length(original_name) between 1 and 200),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes int not null check (size_bytes between 1 and 10485760),
  thumbnail_key text unique check (thumbnail_key = storage_key || '-t'),
  thumbnail_width smallint check (thumbnail_width between 1 and 320),
  thumbnail_height smallint check (thumbnail_height between 1 and 320),
  uploaded_by uuid references public.users (user_id),
  uploaded_at timestamptz not null default now(),
  check ((thumbnail_key is null) = (thumbnail_width is null) and (thumbnail_key is null) = (thumbnail_height is null))
);
comment on table public.site_photos is 'Photo evidence of a site (in the evidence store, with its WebP thumbnail), optionally of one renewal.';
create index site_photos_site_idx on public.site_photos (site_id);

alter table public.places enable row level security;
alter table public.education_sites enable row level security;
alter table public.site_renewals enable row level security;
alter table public.site_photos enable row level security;

create policy "The office can read places" on public.places for select to authenticated using ((select private.is_office()));
create policy "The office can add places" on public.places for insert to authenticated with check ((select private.is_office()));
create policy "The office can edit places" on public.places for update to authenticated using ((select private.is_office())) with check ((select private.is_office()));
create policy "The office can remove places" on public.places for delete to authenticated using ((select private.is_office()));

create policy "The office can read sites" on public.education_sites for select to authenticated using ((select private.is_office()));
create policy "The office can record sites" on public.education_sites for insert to authenticated
  with check ((select private.is_office()) and created_by = (select auth.uid()));
create policy "The office can edit sites" on public.education_sites for update to authenticated using ((select private.is_office())) with check ((select private.is_office()));
-- No delete: a site is retired, so past years' coverage stays as it was.
revoke delete on public.education_sites from anon, authenticated;

create policy "The office can read renewals" on public.site_renewals for select to authenticated using ((select private.is_office()));
create policy "The office can record renewals" on public.site_renewals for insert to authenticated
  with check ((select private.is_office()) and recorded_by = (select auth.uid()));
create policy "The office can remove a renewal recorded by mistake" on public.site_renewals for delete to authenticated using ((select private.is_office()));
revoke update on public.site_renewals from anon, authenticated;

create policy "The office can read site photos" on public.site_photos for select to authenticated using ((select private.is_office()));
create policy "The office can add site photos" on public.site_photos for insert to authenticated
  with check ((select private.is_office()) and uploaded_by = (select auth.uid()));
create policy "The office can remove site photos" on public.site_photos for delete to authenticated using ((select private.is_office()));
revoke update on public.site_photos from anon, authenticated;

-- The year's target for site coverage, with the action plan's 80/90/100 % and 100 % after 2021.
alter table public.annual_targets drop constraint annual_targets_metric_check;
alter table public.annual_targets add constraint annual_targets_metric_check check (metric in (
  'coverage', 'mastery', 'contest_participation', 'contest_pass', 'demonstration_provincial', 'demonstration_municipal', 'site_coverage'));
insert into public.annual_targets (school_year, metric, value)
select y, 'site_coverage', case y when 2019 then 80 when 2020 then 90 else 100 end from generate_series(2019, 2030) y
on conflict (school_year, metric) do nothing;

-- The 六进 kinds of volunteer events: 进机关, 进企业 and 进场所 join 进学校 (school), 进社区
-- (community) and 进家庭 (family); campaign-month events count as none of them.
alter table public.events drop constraint events_kind_check;
alter table public.events add constraint events_kind_check
  check (kind in ('campaign', 'family', 'school', 'community', 'office', 'enterprise', 'venue'));

-- Site coverage per district in a year: places, places covered (a site renewed that calendar
-- year), and the rate in tenths of a percent (null without places). Office only.
create function public.site_coverage(p_year int)
returns table (district_id uuid, district_name text, places int, covered int, rate numeric)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以查看阵地覆盖率' using errcode = 'QYFOR';
  end if;
  return query
    with covered as (
      select distinct s.place_id from public.education_sites s join public.site_renewals r on r.site_id = s.site_id
      where r.renewed_on between make_date(p_year, 1, 1) and make_date(p_year, 12, 31)
    )
    select d.district_id, d.name, count(p.place_id)::int, count(c.place_id)::int,
      case when count(p.place_id) = 0 then null else round(count(c.place_id) * 100.0 / count(p.place_id), 1) end
    from public.districts d
    left join public.places p on p.district_id = d.district_id
    left join covered c on c.place_id = p.place_id
    group by d.district_id, d.name
    order by d.name;
end
$$;
comment on function public.site_coverage is 'Office: villages/communities per district and how many have a site renewed in the calendar year.';

-- The places not covered in a year, with their last renewal if any. Office only.
create function public.uncovered_places(p_year int)
returns table (place_id uuid, district_name text, town text, name text, kind text, sites int, last_renewed_on date)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以查看阵地覆盖率' using errcode = 'QYFOR';
  end if;
  return query
    select p.place_id, d.name, p.town, p.name, p.kind,
      (select count(*)::int from public.education_sites s where s.place_id = p.place_id and s.retired_at is null),
      (select max(r.renewed_on) from public.education_sites s join public.site_renewals r on r.site_id = s.site_id where s.place_id = p.place_id)
    from public.places p join public.districts d on d.district_id = p.district_id
    where not exists (
      select 1 from public.education_sites s join public.site_renewals r on r.site_id = s.site_id
      where s.place_id = p.place_id and r.renewed_on between make_date(p_year, 1, 1) and make_date(p_year, 12, 31))
    order by d.name, p.town, p.name;
end
$$;
comment on function public.uncovered_places is 'Office: villages/communities without a site renewed in the calendar year.';

-- Units by district and kind: registered (not disabled), with at least one completion in the
-- year, and completions in the year. Office only.
create function public.unit_participation(p_year int)
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
    select d.name, u.kind, count(*)::int, count(pu.unit_id)::int, coalesce(sum(pu.n), 0)::int
    from public.units u join public.districts d on d.district_id = u.district_id
    left join per_unit pu on pu.unit_id = u.unit_id
    where u.disabled_at is null
    group by d.name, u.kind
    order by d.name, u.kind;
end
$$;
comment on function public.unit_participation is 'Office: units registered, units with a completion and completions in a year, by district and kind.';

-- Volunteer events of the 六进 kinds held in a calendar year (not cancelled), by district. Office only.
create function public.six_into_events(p_year int)
returns table (district_name text, kind text, events int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (select private.is_office()) then
    raise exception '只有市禁毒办可以查看六进活动统计' using errcode = 'QYFOR';
  end if;
  return query
    select d.name, e.kind, count(*)::int
    from public.events e join public.districts d on d.district_id = e.district_id
    where e.status <> 'cancelled' and e.kind in ('office', 'school', 'community', 'family', 'enterprise', 'venue')
      and private.local_year(e.starts_at) = p_year
    group by d.name, e.kind
    order by d.name, e.kind;
end
$$;
comment on function public.six_into_events is 'Office: 六进 volunteer events (进机关/学校/社区/家庭/企业/场所) held in a calendar year, by district.';

grant execute on function public.site_coverage, public.uncovered_places, public.unit_participation, public.six_into_events to authenticated;
