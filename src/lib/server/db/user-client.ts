import { createClient } from '@supabase/supabase-js';
import type { Database } from '~/lib/database.types';
import type { Db } from '~/lib/server/db/client';
import { backendFetch, config } from '~/lib/server/config';
import { mintDbToken } from '~/lib/server/auth/jwt';
import type { SessionUser } from '~/lib/server/auth/user';

/**
 * A supabase-js client for one request: anonymous for visitors, or carrying a short-lived
 * JWT for the signed-in user, so PostgREST runs every query under RLS as that user.
 */
export async function userClient(user: SessionUser | null): Promise<Db> {
  const cfg = config();
  const headers: Record<string, string> = {};
  if (user) {
    const token = await mintDbToken({ userId: user.id, appRole: user.role, schoolId: user.schoolId, secret: cfg.SUPABASE_JWT_SECRET, minutes: cfg.DB_TOKEN_MINUTES });
    headers.Authorization = `Bearer ${token}`;
  }
  return createClient<Database>(cfg.SUPABASE_URL, cfg.SUPABASE_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers, fetch: backendFetch(cfg) },
  });
}
