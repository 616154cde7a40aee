import { SignJWT } from 'jose';
import type { AppRole } from './user';

/** Claims the database reads: role for PostgREST, sub for auth.uid(), the app role and school for convenience. */
export interface DbTokenInput {
  userId: string;
  appRole: AppRole;
  schoolId: string | null;
  secret: string;
  minutes: number;
}

/**
 * Mints the short-lived JWT that a per-request supabase-js client carries, so PostgREST
 * switches to `authenticated` and RLS sees the user. Policies read the role from the users
 * table, not from this token, so a changed role takes effect at once.
 */
export async function mintDbToken(input: DbTokenInput): Promise<string> {
  return new SignJWT({ role: 'authenticated', app_role: input.appRole, school_id: input.schoolId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.userId)
    .setIssuedAt()
    .setIssuer('qingyuan')
    .setAudience('authenticated')
    .setExpirationTime(`${input.minutes}m`)
    .sign(new TextEncoder().encode(input.secret));
}
