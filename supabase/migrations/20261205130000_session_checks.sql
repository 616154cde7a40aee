-- Issue 15: a signed-in request at PostgREST speed. The server keeps a short-lived copy of each
-- session it has fully checked, so a request need not read the session before its own query;
-- instead the per-request JWT names the session (claim `sid`) and PostgREST runs this function
-- before every request, in the request's own transaction. A session signed out (here or on another
-- server), expired, or whose account was disabled or changed role or school, is refused with HTTP
-- 401 on the very next query; the server then drops its copy and treats the request as signed out.
-- Requests without a `sid` claim (visitors, the service role, tests' own tokens) pass untouched.
create function private.check_session()
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
  v_sid text := v_claims ->> 'sid';
begin
  if v_sid is null then
    return;
  end if;
  if not exists (
    select 1
    from public.sessions s
    join public.users u on u.user_id = s.user_id
    where s.session_id = v_sid
      and s.user_id::text = v_claims ->> 'sub'
      and s.expires_at > now()
      and u.disabled_at is null
      and u.role = v_claims ->> 'app_role'
      and u.school_id is not distinct from nullif(v_claims ->> 'school_id', '')::uuid
  ) then
    raise exception '登录已失效，请重新登录' using errcode = 'PT401', hint = 'session_ended';
  end if;
end;
$$;
comment on function private.check_session() is 'PostgREST pre-request: refuses (401) a request whose JWT names a session that no longer holds.';
grant execute on function private.check_session() to anon, authenticated, service_role;

-- PostgREST reads its pre-request function from the authenticator role's settings (in-database
-- configuration, on by default, as on Supabase). Where the migrating user may not set it, the
-- server notices at its first signed-in request (a probe expects the 401) and checks every
-- session in full instead.
do $$
begin
  alter role authenticator set pgrst.db_pre_request = 'private.check_session';
exception when insufficient_privilege or undefined_object then
  raise notice 'pgrst.db_pre_request not set (%): the server checks every session in full', sqlerrm;
end;
$$;
-- A running PostgREST (Supabase's) picks the setting up without a restart.
notify pgrst, 'reload config';
