-- TRUNCATE ignores row level security. On a server whose default privileges still hand it to anon
-- and authenticated (found by the privileges test on PostgreSQL), the new tables of issue 14 got it.
revoke truncate on public.units, public.unit_completions, public.places, public.education_sites, public.site_renewals, public.site_photos
  from anon, authenticated;
