import { createClient } from '@supabase/supabase-js';
import type { Database } from '~/lib/database.types';
import type { Db } from '~/lib/server/db/client';
import { backendFetch, type Config, config } from '~/lib/server/config';
import { dbTokenFor } from '~/lib/server/auth/jwt';
import { noteUserReply } from '~/lib/server/auth/session-cache';
import type { SessionUser } from '~/lib/server/auth/user';
import { setNewest } from '~/lib/server/bounded-map';

/**
 * A supabase-js client for one request: anonymous for visitors, or carrying a short-lived
 * JWT for the signed-in user, so PostgREST runs every query under RLS as that user. The JWT
 * names the session; PostgREST refuses it (401) once the session ended, and the reply is noted
 * for the middleware.
 */
export async function userClient(user: SessionUser | null, sessionId?: string | null): Promise<Db> {
  const cfg = config();
  if (!user) return clientFor(cfg, null);
  const token = await dbTokenFor({
    userId: user.id,
    appRole: user.role,
    schoolId: user.schoolId,
    sessionId: sessionId ?? undefined,
    secret: cfg.SUPABASE_JWT_SECRET,
    minutes: cfg.DB_TOKEN_MINUTES,
  });
  return clientFor(cfg, token);
}

const clients = new Map<string, Db>();
/** Clients kept, most recently used last: a few MB at most, for the sessions active at once. */
const maxClients = 256;

/**
 * The client for a token (null: anonymous), built once and kept while the token is reused
 * (jwt.ts mints one per session for half its lifetime). A client keeps no state of a request: the
 * token is its only credential, given as `accessToken`, which also spares supabase-js its auth
 * client and the session lookup it would make before every query.
 */
function clientFor(cfg: Config, token: string | null): Db {
  const key = `${cfg.SUPABASE_URL}|${cfg.SUPABASE_ANON_KEY}|${token ?? ''}`;
  const kept = clients.get(key);
  if (kept) {
    setNewest(clients, key, kept, maxClients);
    return kept;
  }
  const send = backendFetch(cfg);
  const client = createClient<Database>(cfg.SUPABASE_URL, cfg.SUPABASE_ANON_KEY, {
    accessToken: async () => token,
    global: {
      fetch: token
        ? async (input, init) => {
            const reply = await send(input, init);
            noteUserReply(reply.status);
            return reply;
          }
        : send,
    },
  });
  setNewest(clients, key, client, maxClients);
  return client;
}
