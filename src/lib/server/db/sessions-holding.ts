import type { Json } from '~/lib/database.types';
import type { SessionClaim } from '~/lib/server/auth/session-cache';
import { type Db, rpc } from './client';

/** Of these sessions, the ids that still hold (`public.sessions_holding`, service role; one call for all). */
export async function sessionsHolding(service: Db, claims: SessionClaim[]): Promise<Set<string>> {
  return new Set(await rpc(service, 'sessions_holding', { p_sessions: claims as unknown as Json }, '检查登录状态失败'));
}
