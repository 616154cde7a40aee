-- 忘记密码 for adults (issue 18): a one-time link sent through a real channel (e-mail, or SMS when a
-- provider is configured). Only the SHA-256 of the link's token is kept; a link works once, for
-- 30 minutes, and an account gets at most 3 links an hour. Pupils' passwords are reset by their teacher.

create table private.password_resets (
  token_hash text primary key,
  user_id uuid not null references public.users (user_id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
comment on table private.password_resets is 'One-time password-reset links (token hashes only), for adults; written and read by the service-role functions below.';
create index password_resets_user_idx on private.password_resets (user_id, created_at);
alter table private.password_resets enable row level security;
revoke all on private.password_resets from public, anon, authenticated;

-- Records a reset link for an adult login; returns whether one was recorded (false for an unknown
-- login, a pupil's, a disabled account's, or an account that asked 3 times this hour). The caller
-- tells the visitor the same thing either way, so the answer reveals no account.
create function public.request_password_reset(p_login_kind text, p_login text, p_token_hash text) returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  v_user uuid;
begin
  if p_login_kind not in ('phone', 'email') then
    return false;
  end if;
  select c.user_id into v_user
  from public.credentials c join public.users u on u.user_id = c.user_id
  where c.login_kind = p_login_kind and c.login = p_login and u.disabled_at is null
  for update of c;
  if v_user is null then
    return false;
  end if;
  if (select count(*) from private.password_resets r where r.user_id = v_user and r.created_at > now() - interval '1 hour') >= 3 then
    return false;
  end if;
  delete from private.password_resets where expires_at < now() - interval '1 day';
  insert into private.password_resets (token_hash, user_id, expires_at) values (p_token_hash, v_user, now() + interval '30 minutes');
  return true;
end
$$;
comment on function public.request_password_reset is 'Service role: records a one-time reset link for an adult login (at most 3 an hour).';
revoke all on function public.request_password_reset from public, anon, authenticated;
grant execute on function public.request_password_reset to service_role;

-- Uses a reset link once: sets the new password hash, clears the first-password flag and ends every
-- session of the account. Refuses an unknown, used or expired link in Chinese.
create function public.complete_password_reset(p_token_hash text, p_password_hash text) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_reset private.password_resets;
begin
  select * into v_reset from private.password_resets where token_hash = p_token_hash for update;
  if not found or v_reset.used_at is not null or v_reset.expires_at < now() then
    raise exception '这个重置链接已失效，请重新申请' using errcode = 'QYBAD';
  end if;
  update private.password_resets set used_at = now() where token_hash = p_token_hash;
  update public.credentials set password_hash = p_password_hash, must_change_password = false, password_changed_at = now()
  where user_id = v_reset.user_id;
  delete from public.sessions where user_id = v_reset.user_id;
  return v_reset.user_id;
end
$$;
comment on function public.complete_password_reset is 'Service role: uses a reset link once, sets the password and ends the account''s sessions.';
revoke all on function public.complete_password_reset from public, anon, authenticated;
grant execute on function public.complete_password_reset to service_role;

-- The login a reset link belongs to, while it can still be used (the page shows which account it resets).
create function public.password_reset_login(p_token_hash text) returns text
language sql stable security definer set search_path = ''
as $$
  select c.login from private.password_resets r join public.credentials c on c.user_id = r.user_id
  where r.token_hash = p_token_hash and r.used_at is null and r.expires_at >= now();
$$;
revoke all on function public.password_reset_login from public, anon, authenticated;
grant execute on function public.password_reset_login to service_role;
