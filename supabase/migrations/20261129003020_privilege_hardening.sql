-- Privileges row level security does not cover (found while filling the demonstration matrix).
-- PostgREST never issues these, but a direct connection as anon or authenticated could:
--   * TRUNCATE any table: the default grants include it and RLS does not apply to it;
--   * setval any sequence (UPDATE on the sequence), e.g. send the sign-in log's or the ledger edit
--     log's ids back so every later insert fails on a duplicate key. nextval needs only USAGE.
--   * read who created and who decided a demonstration file: visitors see approved files, and
--     need their school, level, year and status, not the accounts behind them.

revoke truncate on all tables in schema public from anon, authenticated;
revoke truncate on all tables in schema private from anon, authenticated;
alter default privileges in schema public revoke truncate on tables from anon, authenticated;
alter default privileges in schema private revoke truncate on tables from anon, authenticated;

revoke update on all sequences in schema public from anon, authenticated;
alter default privileges in schema public revoke update on sequences from anon, authenticated;

revoke select on public.demonstration_files from anon;
grant select (file_id, school_id, level, school_year, status, reopened, submitted_at, decided_at, created_at, updated_at) on public.demonstration_files to anon;

-- The check-in and household-visit helpers of 20261129001030 lost their grants to the blanket grant
-- of 20261129002000 (which ran later); only the functions that lock and check call them.
revoke execute on function private.checkin_wait_minutes(uuid, uuid, int, interval), private.lock_household_visit(uuid) from public, anon, authenticated;
