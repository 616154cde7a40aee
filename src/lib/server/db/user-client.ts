import { createClient } from '@supabase/supabase-js';
import type { Database } from '~/lib/database.types';
import type { Db } from '~/lib/server/db/client';
import { backendFetch, config } from '~/lib/server/config';
import { dbTokenFor } from '~/lib/server/auth/jwt';
import { noteUserReply } from '~/lib/server/auth/session-cache';
import type { SessionUser } from '~/lib/server/auth/user';

/**
 * A supabase-js client for one request: anonymous for visitors, or carrying a short-lived
 * JWT for the signed-in user, so PostgREST runs every query under RLS as that user. The JWT
 * names the session; PostgREST refuses it (401) once the session ended, and the reply is noted
 * for the middleware.
 */
export async function userClient(user: SessionUser | null, sessionId?: string | null): Promise<Db> {
  const cfg = config();
  const headers: Record<string, string> = {};
  let fetch = backendFetch(cfg);
  if (user) {
    const token = await dbTokenFor({
      userId: user.id,
      appRole: user.role,
      schoolId: user.schoolId,
      sessionId: sessionId ?? undefined,
      secret: cfg.SUPABASE_JWT_SECRET,
      minutes: cfg.DB_TOKEN_MINUTES,
    });
    headers.Authorization = `Bearer ${token}`;
    const send = fetch;
    fetch = async (input, init) => {
      const reply = await send(input, init);
      noteUserReply(reply.status);
      return reply;
    };
  }
  return createClient<Database>(cfg.SUPABASE_URL, cfg.SUPABASE_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers, fetch },
  });
}
