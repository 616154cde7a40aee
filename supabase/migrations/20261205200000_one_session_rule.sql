-- When a session still holds was written twice: in PostgREST's pre-request private.check_session
-- (per query, from the request's JWT claims) and in sessions_holding (the batch the classroom polls
-- confirm). Both now read private.holding_session, so the rule has one place. It is a set-returning
-- SQL function without a SET clause (every name in it is qualified, and only the two
-- security-definer functions below may call it), so the planner inlines it where it is read from:
-- check_session keeps one cached plan per connection, and sessions_holding still makes one index
-- lookup per session.

create function private.holding_session(p_sid text, p_sub text, p_app_role text, p_school_id text)
returns setof text
language sql
stable
as $$
  select s.session_id
  from public.sessions s
  join public.users u on u.user_id = s.user_id
  where s.session_id = p_sid
    and s.user_id::text = p_sub
    and s.expires_at > now()
    and u.disabled_at is null
    and u.role = p_app_role
    and u.school_id is not distinct from nullif(p_school_id, '')::uuid
  limit 1
$$;
comment on function private.holding_session(text, text, text, text) is 'The session when it still holds for the user, role and school its JWT names (not signed out, not expired, the account enabled and unchanged); no row otherwise. Read by the security-definer check_session and sessions_holding only.';

create or replace function private.check_session()
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
  if not exists (select 1 from private.holding_session(v_sid, v_claims ->> 'sub', v_claims ->> 'app_role', v_claims ->> 'school_id')) then
    raise exception '登录已失效，请重新登录' using errcode = 'PT401', hint = 'session_ended';
  end if;
end;
$$;

create or replace function public.sessions_holding(p_sessions jsonb)
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(x.sid), '{}')
  from jsonb_to_recordset(p_sessions) as x (sid text, sub text, app_role text, school_id text)
  cross join lateral private.holding_session(x.sid, x.sub, x.app_role, x.school_id) holds
$$;
