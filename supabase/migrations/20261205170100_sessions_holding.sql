-- Issue 12/15: a classroom poll answered from the server's shared copy of the state makes no query
-- of its own, so its session was read in full, one PostgREST call per poll. Instead the server
-- asks for the sessions of all such polls that arrived meanwhile in one call: which of them still
-- hold, by the same rule PostgREST's pre-request private.check_session applies per query (the
-- session exists for that user and has not expired; the account is not disabled and still has
-- the role and school the token names). Service role only.
create function public.sessions_holding(p_sessions jsonb)
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  -- One index lookup per session (a lateral join: a semi-join would hash the whole sessions table).
  select coalesce(array_agg(x.sid), '{}')
  from jsonb_to_recordset(p_sessions) as x (sid text, sub text, app_role text, school_id text)
  cross join lateral (
    select 1
    from public.sessions s
    join public.users u on u.user_id = s.user_id
    where s.session_id = x.sid
      and s.user_id::text = x.sub
      and s.expires_at > now()
      and u.disabled_at is null
      and u.role = x.app_role
      and u.school_id is not distinct from nullif(x.school_id, '')::uuid
    limit 1
  ) holds
$$;
comment on function public.sessions_holding(jsonb) is 'Service role only: of the given sessions (sid, sub, app_role, school_id), those that still hold, as private.check_session decides per query.';
revoke all on function public.sessions_holding(jsonb) from public, anon, authenticated;
grant execute on function public.sessions_holding(jsonb) to service_role;
