import type { SupabaseClient } from '@supabase/supabase-js';
import type { SessionStore, StoredSession } from '~/lib/server/auth/session';
import type { AppRole } from '~/lib/server/auth/user';
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
export function databaseSessionStore(db: SupabaseClient): SessionStore {
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
      must(await db.from('sessions').delete().eq('session_id', id), '删除会话失败');
    },
    async deleteAllForUser(userId) {
      must(await db.from('sessions').delete().eq('user_id', userId), '删除会话失败');
    },
  };
}
