-- One round trip for a sign-in: the rate-limit verdict and the credential together. PGlite
-- serves one query at a time, so fewer round trips is most of what makes sign-in fast there.

create function public.sign_in_lookup(p_login_kind text, p_login text, p_account_key text, p_ip_key text)
returns table (block text, account_failures int, user_id uuid, role text, password_hash text, must_change_password boolean, disabled boolean)
language sql stable security definer set search_path = ''
as $$
  with failures as (
    select
      (select count(*) from public.login_attempts a where a.account_key = p_account_key and a.attempted_at > now() - interval '15 minutes')::int as account_count,
      (select count(*) from public.login_attempts a where a.ip_key = p_ip_key and a.attempted_at > now() - interval '15 minutes')::int as ip_count
  )
  select
    case when f.account_count >= 5 then 'account' when f.ip_count >= 30 then 'ip' end,
    f.account_count,
    c.user_id, u.role, c.password_hash, c.must_change_password, u.disabled_at is not null
  from failures f
  left join public.credentials c on c.login_kind = p_login_kind and c.login = p_login
  left join public.users u on u.user_id = c.user_id
$$;
comment on function public.sign_in_lookup is 'Rate-limit verdict (account: 5 failures, ip: 30 in 15 minutes) and the credential of a login, for the service role.';
revoke all on function public.sign_in_lookup from public, anon, authenticated;
grant execute on function public.sign_in_lookup to service_role;

-- sign_in_lookup gives the same verdict in the same round trip.
drop function public.login_block(text, text, interval);
