-- Makes plain PostgreSQL and PGlite look like Supabase, so the same migrations and RLS
-- policies run everywhere. Idempotent: applied before the migrations on every start.
-- Never applied to a real Supabase project, which already has all of this.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- PostgREST logs in as authenticator and switches to the role named in the JWT; noinherit
  -- keeps it powerless until it does. The password is set by the runtime on real PostgreSQL.
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit nosuperuser nocreatedb nocreaterole;
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;

create schema if not exists auth;
create schema if not exists extensions;

-- The settings are '' rather than NULL once a transaction that set them has ended,
-- hence nullif before every cast.
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

comment on function auth.uid() is 'The sub claim of the request JWT, as Supabase defines it.';
comment on function auth.role() is 'The role claim of the request JWT, as Supabase defines it.';
comment on function auth.jwt() is 'All claims of the request JWT, as Supabase defines it.';

grant usage on schema public, auth, extensions to anon, authenticated, service_role;
grant execute on all functions in schema auth to anon, authenticated, service_role;

-- Supabase grants table privileges broadly and lets RLS decide; objects the migration owner
-- creates later inherit these grants. Only on a database no migration has run on yet: the
-- migrations narrow these defaults (no TRUNCATE, no setval, no EXECUTE by default), and granting
-- them again at every start would hand those back to whatever a later migration creates.
do $$
declare
  v_new boolean := to_regclass('supabase_migrations.schema_migrations') is null;
begin
  if not v_new then
    execute 'select not exists (select 1 from supabase_migrations.schema_migrations)' into v_new;
  end if;
  if v_new then
    alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
    alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
    alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
  end if;
end
$$;
