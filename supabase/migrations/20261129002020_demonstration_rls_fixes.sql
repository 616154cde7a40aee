-- The demonstration migration ended, as the earlier ones did, with
--   grant execute on all functions in schema private to anon, authenticated, service_role;
-- which reached further than its own helpers:
--   * private.log_demonstration writes any entry into any file's log with no check at all, so a
--     visitor or a student connected as their role could record an approval in another school's
--     log; editable_ and reviewable_demonstration_file lock files for update. Only the
--     security-definer functions of that migration call them, as their owner.
--   * it gave back the event helpers their narrow grants had kept from visitors and users
--     (20261129001000_events.sql, 20261129001010_event_functions.sql): recount_event,
--     promote_waitlist and lock_own_event change or lock any event as their owner.
-- And the log's identity sequence kept Supabase's default grants, so any user could setval it
-- back and make every later step of every file fail on a duplicate log id.
-- PostgREST exposes only the public schema, so none of this was reachable through the API;
-- a direct connection as anon or authenticated reached all of it.

revoke execute on function private.editable_demonstration_file(uuid), private.reviewable_demonstration_file(uuid),
  private.log_demonstration(uuid, text, text, text, text, text) from public, anon, authenticated;

-- The event helpers as the event migrations left them: the pure ones for the service role only,
-- the ones that write or lock for nobody but their owner.
revoke execute on function private.add_event_secret(), private.recount_event(uuid), private.promote_waitlist(uuid),
  private.lock_own_event(uuid) from public, anon, authenticated, service_role;
revoke execute on function private.checkin_code(text, bigint), private.time_step(timestamptz),
  private.in_checkin_window(public.events, timestamptz), private.default_hours(public.events),
  private.waitlist_position(public.event_signups) from public, anon, authenticated;

revoke all on sequence public.demonstration_events_event_id_seq from anon, authenticated;
