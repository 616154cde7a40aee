-- Sign-in limits that cannot be turned against the people they protect (security probe,
-- December 2026). Before: 5 wrong passwords locked an account for everyone for 15 minutes (the
-- right password too), and 30 failures from one address blocked a whole school computer room.
--
-- Now, within a 15-minute window:
-- * a device that signed in to this account before (a signed device cookie, OWASP's "device
--   cookies") is not held back by the others' failures; only its own (10) end its trust;
-- * from anywhere else, failures of one account from one address (the pair) bring growing
--   delays: none for the first three, then 5 s, 15 s, 60 s, 2, 4, 8 minutes … up to 15 minutes;
-- * one account failing from many addresses (20 untrusted failures) waits for the window,
--   except on its trusted devices;
-- * one address is held back only past 300 failures, enough for a class of 50 behind one school
--   address making several typos each.

alter table public.login_attempts
  add column pair_key text,
  add column device_key text;
comment on column public.login_attempts.pair_key is 'Hash of the account and the address together: growing delays for one account from one address.';
comment on column public.login_attempts.device_key is 'Hash of a trusted device cookie the failed attempt came with; null from an untrusted device.';
create index login_attempts_pair_idx on public.login_attempts (pair_key, attempted_at);
create index login_attempts_device_idx on public.login_attempts (device_key, attempted_at);

-- Seconds one account must wait on one address after n failures there.
create function private.sign_in_delay(p_failures int) returns int
language sql immutable set search_path = ''
as $$
  select case
    when p_failures < 4 then 0
    when p_failures = 4 then 5
    when p_failures = 5 then 15
    else least(900, 60 * (2 ^ least(p_failures - 6, 10))::int)
  end;
$$;
revoke all on function private.sign_in_delay from public, anon, authenticated;

drop function public.sign_in_lookup(text, text, text, text);
create function public.sign_in_lookup(
  p_login_kind text, p_login text, p_account_key text, p_ip_key text, p_pair_key text, p_device_key text
)
returns table (
  block text, retry_after int, account_failures int,
  user_id uuid, role text, password_hash text, must_change_password boolean, disabled boolean
)
language sql stable security definer set search_path = ''
as $$
  with w as (
    select a.* from public.login_attempts a
    where a.attempted_at > now() - interval '15 minutes'
      and (a.account_key = p_account_key or a.ip_key = p_ip_key or a.device_key = p_device_key)
  ), f as (
    select
      count(*) filter (where w.device_key = p_device_key)::int as device_count,
      count(*) filter (where w.pair_key = p_pair_key and w.device_key is null)::int as pair_count,
      max(w.attempted_at) filter (where w.pair_key = p_pair_key and w.device_key is null) as pair_last,
      count(*) filter (where w.account_key = p_account_key and w.device_key is null)::int as account_count,
      min(w.attempted_at) filter (where w.account_key = p_account_key and w.device_key is null) as account_first,
      count(*) filter (where w.ip_key = p_ip_key and w.device_key is null)::int as ip_count,
      min(w.attempted_at) filter (where w.ip_key = p_ip_key and w.device_key is null) as ip_first,
      count(*) filter (where w.account_key = p_account_key)::int as all_account_count
    from w
  ), v as (
    select f.*,
      p_device_key is not null and f.device_count < 10 as trusted,
      greatest(0, ceil(extract(epoch from (f.pair_last + make_interval(secs => private.sign_in_delay(f.pair_count)) - now()))))::int as pair_wait
    from f
  )
  select
    case
      when v.trusted then null
      when v.pair_wait > 0 then 'pair'
      when v.account_count >= 20 then 'account'
      when v.ip_count >= 300 then 'ip'
    end,
    case
      when v.trusted then 0
      when v.pair_wait > 0 then v.pair_wait
      when v.account_count >= 20 then greatest(1, ceil(extract(epoch from (v.account_first + interval '15 minutes' - now()))))::int
      when v.ip_count >= 300 then greatest(1, ceil(extract(epoch from (v.ip_first + interval '15 minutes' - now()))))::int
      else 0
    end,
    v.all_account_count,
    c.user_id, u.role, c.password_hash, c.must_change_password, u.disabled_at is not null
  from v
  left join public.credentials c on c.login_kind = p_login_kind and c.login = p_login
  left join public.users u on u.user_id = c.user_id
$$;
comment on function public.sign_in_lookup is 'The throttle verdict (pair delays, account and address limits, trusted devices exempt) and the credential of a login, for the service role.';
revoke all on function public.sign_in_lookup from public, anon, authenticated;
grant execute on function public.sign_in_lookup to service_role;

drop function public.record_login_failure(text, text);
create function public.record_login_failure(p_account_key text, p_ip_key text, p_pair_key text, p_device_key text) returns void
language sql security definer set search_path = ''
as $$
  insert into public.login_attempts (account_key, ip_key, pair_key, device_key) values (p_account_key, p_ip_key, p_pair_key, p_device_key);
  delete from public.login_attempts where attempted_at < now() - interval '1 day';
$$;
comment on function public.record_login_failure is 'Records a failed sign-in under its account, address, pair and device keys, for the service role.';
revoke all on function public.record_login_failure from public, anon, authenticated;
grant execute on function public.record_login_failure to service_role;
