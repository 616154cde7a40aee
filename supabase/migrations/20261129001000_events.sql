-- Volunteer events: the public list, volunteers' profiles, sign-ups with capacity and a
-- waitlist, check-in codes, hours and the households reached by 禁毒志愿者进家庭 visits.
-- Every write goes through the security definer functions of the next migration, which lock
-- the event row (select … for update), so capacity holds under any number of concurrent
-- sign-ups. A volunteer's phone is readable by themselves, the organizers of events they
-- signed up for, and the office; never by another volunteer.

create table public.events (
  event_id uuid primary key default gen_random_uuid(),
  organizer_id uuid not null references public.users (user_id),
  district_id uuid not null references public.districts (district_id),
  community text not null check (length(community) between 1 and 60),
  title text not null check (length(title) between 2 and 80),
  kind text not null check (kind in ('campaign', 'family', 'school', 'community')),
  description text not null default '' check (length(description) <= 2000),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity int not null check (capacity between 1 and 2000),
  cancel_cutoff timestamptz not null,
  bring text not null default '' check (length(bring) <= 300),
  -- 'all' registered volunteers, or one volunteer category (see volunteer_profiles.category).
  eligibility text not null default 'all'
    check (eligibility in ('all', 'party_veteran', 'retired_teacher', 'retired_doctor', 'expert', 'student', 'other')),
  -- The organizer's work contact, entered on the event; volunteers' own contacts never appear here.
  contact text not null check (length(contact) between 2 and 80),
  status text not null default 'open' check (status in ('open', 'cancelled', 'closed')),
  cancel_reason text check (length(cancel_reason) <= 200),
  seats_taken int not null default 0 check (seats_taken >= 0),
  waitlisted int not null default 0 check (waitlisted >= 0),
  hours_confirmed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint events_time_order check (ends_at > starts_at and ends_at <= starts_at + interval '24 hours'),
  constraint events_cutoff_before_start check (cancel_cutoff <= starts_at),
  constraint events_capacity_holds check (seats_taken <= capacity)
);
comment on table public.events is 'Volunteer events (campaign month, 进家庭, school visits, community talks); public. seats_taken and waitlisted are kept by the sign-up functions.';
create index events_starts_at_idx on public.events (starts_at);
create index events_organizer_id_idx on public.events (organizer_id);
create index events_district_id_idx on public.events (district_id);

create table public.volunteer_profiles (
  user_id uuid primary key references public.users (user_id) on delete cascade,
  category text not null check (category in ('party_veteran', 'retired_teacher', 'retired_doctor', 'expert', 'student', 'other')),
  phone text check (phone ~ '^1[3-9][0-9]{9}$'),
  organization text check (length(organization) <= 60),
  updated_at timestamptz not null default now()
);
comment on table public.volunteer_profiles is 'A volunteer''s category and contact; readable by the volunteer, organizers of events they signed up for, and the office.';

create sequence public.event_signups_queue_seq;
comment on sequence public.event_signups_queue_seq is 'Orders sign-ups: the waitlist is served by ascending queue_no.';

create table public.event_signups (
  signup_id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (event_id) on delete cascade,
  volunteer_id uuid not null references public.users (user_id),
  status text not null check (status in ('confirmed', 'waitlisted', 'cancelled', 'attended', 'absent')),
  queue_no bigint not null default nextval('public.event_signups_queue_seq'),
  signed_up_at timestamptz not null default now(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  checked_in_at timestamptz,
  hours numeric(5, 2) check (hours between 0 and 24),
  hours_confirmed_at timestamptz,
  -- One row per volunteer and event: nobody can hold two places.
  unique (event_id, volunteer_id),
  constraint event_signups_hours_confirmed check ((hours is null) = (hours_confirmed_at is null))
);
comment on table public.event_signups is 'Sign-ups: confirmed while seats remain, then waitlisted by queue_no; hours once the organizer confirms.';
create index event_signups_volunteer_id_idx on public.event_signups (volunteer_id);
create index event_signups_queue_idx on public.event_signups (event_id, status, queue_no);

create table public.household_visits (
  visit_id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (event_id) on delete cascade,
  volunteer_id uuid not null references public.users (user_id),
  community text not null check (length(community) between 1 and 60),
  households int not null check (households between 1 and 500),
  created_at timestamptz not null default now()
);
comment on table public.household_visits is 'Households reached at a 进家庭 event: a count and the community, never a household''s personal data.';
create index household_visits_event_id_idx on public.household_visits (event_id);
create index household_visits_volunteer_id_idx on public.household_visits (volunteer_id);

-- The per-event secret the rotating check-in code derives from; outside the API schema.
create table private.event_secrets (
  event_id uuid primary key references public.events (event_id) on delete cascade,
  secret text not null default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')
);
comment on table private.event_secrets is 'Check-in secrets; read only by the security definer check-in functions.';
alter table private.event_secrets enable row level security;
revoke all on private.event_secrets from public, anon, authenticated;

create function private.add_event_secret() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into private.event_secrets (event_id) values (new.event_id);
  return new;
end
$$;
create trigger events_add_secret after insert on public.events for each row execute function private.add_event_secret();

-- Helpers for the policies: facts about the caller only.
create function private.organized_event_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select e.event_id from public.events e
  where e.organizer_id = (select auth.uid()) and (select private.app_role()) = 'organizer'
$$;

create function private.organizer_volunteer_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select distinct s.volunteer_id from public.event_signups s
  where s.event_id in (select private.organized_event_ids())
$$;

revoke all on function private.organized_event_ids, private.organizer_volunteer_ids, private.add_event_secret from public;
grant execute on function private.organized_event_ids, private.organizer_volunteer_ids to anon, authenticated, service_role;

alter table public.events enable row level security;
alter table public.volunteer_profiles enable row level security;
alter table public.event_signups enable row level security;
alter table public.household_visits enable row level security;

-- events: public; written only through the functions, so counts and statuses stay true.
create policy "Anyone can read events" on public.events for select to anon, authenticated using (true);
revoke insert, update, delete on public.events from anon, authenticated;

-- volunteer_profiles: the volunteer keeps their own; organizers of their events and the office read.
create policy "Volunteers, their events' organizers and the office can read profiles" on public.volunteer_profiles for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_office()) or user_id in (select private.organizer_volunteer_ids()));
create policy "Volunteers can create their own profile" on public.volunteer_profiles for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.app_role()) = 'volunteer');
create policy "Volunteers can edit their own profile" on public.volunteer_profiles for update to authenticated
  using (user_id = (select auth.uid()) and (select private.app_role()) = 'volunteer')
  with check (user_id = (select auth.uid()) and (select private.app_role()) = 'volunteer');
revoke delete on public.volunteer_profiles from anon, authenticated;
revoke all on public.volunteer_profiles from anon;

-- event_signups: the volunteer, the event's organizer, the office.
create policy "Volunteers, the event's organizer and the office can read sign-ups" on public.event_signups for select to authenticated
  using (volunteer_id = (select auth.uid()) or (select private.is_office()) or event_id in (select private.organized_event_ids()));
revoke insert, update, delete on public.event_signups from anon, authenticated;
revoke all on sequence public.event_signups_queue_seq from anon, authenticated;

-- household_visits: the volunteer, the event's organizer, the office (the city's reach).
create policy "Volunteers, the event's organizer and the office can read household visits" on public.household_visits for select to authenticated
  using (volunteer_id = (select auth.uid()) or (select private.is_office()) or event_id in (select private.organized_event_ids()));
revoke insert, update, delete on public.household_visits from anon, authenticated;
