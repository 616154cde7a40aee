import type { SupabaseClient } from '@supabase/supabase-js';
import type { SessionClaim } from '~/lib/server/auth/session-cache';
import { fromPostgrest } from './errors';

/** Of these sessions, the ids that still hold (`public.sessions_holding`, service role; one call for all). */
export async function sessionsHolding(service: SupabaseClient, claims: SessionClaim[]): Promise<Set<string>> {
  const { data, error } = await service.rpc('sessions_holding', { p_sessions: claims });
  if (error) throw fromPostgrest(error, '检查登录状态失败');
  return new Set((data ?? []) as string[]);
}
