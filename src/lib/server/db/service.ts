import { createClient } from '@supabase/supabase-js';
import type { Database } from '~/lib/database.types';
import type { Db } from '~/lib/server/db/client';
import { backendFetch, config } from '~/lib/server/config';
import { sessionConfirmed } from '~/lib/server/auth/session-cache';

let client: Db | undefined;

/**
 * The service-role client, which bypasses RLS. Only system paths use it: sign-in lookups,
 * session validation, account creation and content sync. Everything a user asks for goes
 * through `userClient` so RLS decides.
 */
export function serviceClient(): Db {
  const cfg = config();
  // No auth client: the key is the only credential (`accessToken` null sends it as the bearer),
  // which spares supabase-js a session lookup before every query.
  client ??= createClient<Database>(cfg.SUPABASE_URL, cfg.SUPABASE_SERVICE_ROLE_KEY, {
    accessToken: async () => null,
    global: { fetch: afterSessionCheck(backendFetch(cfg)) },
  });
  return client;
}

/**
 * A request that came with a session it has not checked in full yet (see session-cache.ts) checks
 * it before anything goes out with the service role, which RLS and the database's session check
 * do not stop.
 */
function afterSessionCheck(send: typeof fetch): typeof fetch {
  return async (input, init) => {
    await sessionConfirmed();
    return send(input, init);
  };
}

/** Throws the PostgREST error's message when a call failed; returns the data otherwise. */
export function must<T>(result: { data: T; error: { message: string } | null }, what: string): T {
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  return result.data;
}

/** Like `must`, for list queries: an absent list is an empty one. */
export function mustList<T>(result: { data: T[] | null; error: { message: string } | null }, what: string): T[] {
  return must(result, what) ?? [];
}

/** Like `must`, for calls that always return one row (`.single()`, scalar functions). */
export function mustOne<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
  const data = must(result, what);
  if (data === null) throw new Error(`${what}: 没有返回数据`);
  return data;
}
