import type { Db } from '~/lib/server/db/client';
import type { SessionStore, StoredSession } from '~/lib/server/auth/session';
import type { AppRole } from '~/lib/server/auth/user';
import { mintDbToken } from '~/lib/server/auth/jwt';
import { forgetSession, forgetUser } from '~/lib/server/auth/session-cache';
import { backendFetch, config } from '~/lib/server/config';
import { must } from './service';

interface SessionRow {
  session_id: string;
  secret_hash: string;
  expires_at: string;
  user: {
    user_id: string;
    role: AppRole;
    display_name: string;
    school_id: string | null;
    disabled_at: string | null;
    credentials: { must_change_password: boolean } | null;
  } | null;
}

/** Sessions in Postgres through the service-role client (a system path: RLS denies everyone else). */
export function databaseSessionStore(db: Db): SessionStore {
  return {
    async insert({ id, secretHash, userId, expiresAt }) {
      must(await db.from('sessions').insert({ session_id: id, secret_hash: secretHash, user_id: userId, expires_at: expiresAt.toISOString() }), '保存会话失败');
    },
    async find(id): Promise<StoredSession | null> {
      const row = must(
        await db
          .from('sessions')
          .select('session_id, secret_hash, expires_at, user:users(user_id, role, display_name, school_id, disabled_at, credentials(must_change_password))')
          .eq('session_id', id)
          .maybeSingle<SessionRow>(),
        '读取会话失败',
      );
      if (!row?.user) return null;
      return {
        id: row.session_id,
        secretHash: row.secret_hash,
        expiresAt: new Date(row.expires_at),
        user: {
          id: row.user.user_id,
          role: row.user.role,
          displayName: row.user.display_name,
          schoolId: row.user.school_id,
          mustChangePassword: row.user.credentials?.must_change_password ?? false,
          disabled: row.user.disabled_at !== null,
        },
      };
    },
    async setExpiry(id, expiresAt) {
      must(await db.from('sessions').update({ expires_at: expiresAt.toISOString() }).eq('session_id', id), '续期会话失败');
    },
    async delete(id) {
      forgetSession(id);
      must(await db.from('sessions').delete().eq('session_id', id), '删除会话失败');
    },
    async deleteAllForUser(userId) {
      forgetUser(userId);
      must(await db.from('sessions').delete().eq('user_id', userId), '删除会话失败');
    },
  };
}

/**
 * Whether PostgREST refuses a JWT that names a session which does not exist (its pre-request,
 * `private.check_session`, is configured): only then may the middleware use its copies of sessions.
 */
export async function databaseRefusesEndedSessions(): Promise<boolean> {
  const cfg = config();
  const token = await mintDbToken({
    userId: '00000000-0000-4000-8000-000000000000',
    appRole: 'student',
    schoolId: null,
    sessionId: 'no-such-session',
    secret: cfg.SUPABASE_JWT_SECRET,
    minutes: 1,
  });
  const reply = await backendFetch(cfg)(`${cfg.SUPABASE_URL.replace(/\/$/, '')}/rest/v1/lessons?select=lesson_id&limit=0`, {
    headers: { apikey: cfg.SUPABASE_ANON_KEY, authorization: `Bearer ${token}` },
  });
  const body = (await reply.json().catch(() => null)) as { hint?: string } | null;
  return reply.status === 401 && body?.hint === 'session_ended';
}
