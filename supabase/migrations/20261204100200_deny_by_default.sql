-- Deny by default: functions created from here on are callable by no one but their owner and the
-- service role until a migration grants them by name. Before, Supabase's defaults (execute for
-- anon and authenticated on everything new in public) had to be revoked function by function, and
-- six migrations' blanket grants on the private schema reopened helpers an earlier one had closed.
-- supabase/tests/grants.sql.test.ts compares every function's grantees with an explicit list.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from public, anon, authenticated;
alter default privileges in schema private revoke execute on functions from public, anon, authenticated;
alter default privileges in schema public grant execute on functions to service_role;
