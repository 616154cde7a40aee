import { ActionError, type ActionAPIContext } from 'astro:actions';
import type { AppRole, SessionUser } from '~/lib/server/auth/user';
import { DomainError } from '~/lib/server/db/errors';

type ActionErrorCode = ConstructorParameters<typeof ActionError>[0]['code'];

/**
 * The signed-in user when their role is one of `roles`: a visitor gets 401 请先登录 (or, with
 * `visitors: 'refused'`, the same 403 as another role), another role 403 with `refusal`, before
 * any query. The one role check of the actions.
 * @example const user = requireRole(context, ['teacher', 'school_admin'], '只有任课教师可以上课');
 */
export function requireRole<R extends AppRole>(
  context: ActionAPIContext,
  roles: readonly R[],
  refusal: string,
  { visitors = 'sign-in' }: { visitors?: 'sign-in' | 'refused' } = {},
): SessionUser & { role: R } {
  const user = context.locals.user;
  if (!user) throw new ActionError(visitors === 'sign-in' ? { code: 'UNAUTHORIZED', message: '请先登录' } : { code: 'FORBIDDEN', message: refusal });
  if (!isOneOf(user, roles)) throw new ActionError({ code: 'FORBIDDEN', message: refusal });
  return user;
}

const isOneOf = <R extends AppRole>(user: SessionUser, roles: readonly R[]): user is SessionUser & { role: R } => (roles as readonly AppRole[]).includes(user.role);

/** An error class whose message a user can act on, and the status it is answered with. */
export type Refusal = readonly [new (...args: never[]) => Error, ActionErrorCode];

/**
 * Turns a refusal into an ActionError carrying its Chinese message: a DomainError (the database's
 * refusals, see db/errors.ts) with its own status, and each error class of `also` with the status
 * given there. Anything else is rethrown and stays a 500. The one mapping of the actions.
 * @example await steps().catch(asActionError) // or .catch((e) => asActionError(e, [[RosterFileError, 'BAD_REQUEST']]))
 */
export function asActionError(error: unknown, also: readonly Refusal[] = []): never {
  if (error instanceof DomainError) throw new ActionError({ code: error.code, message: error.message });
  for (const [kind, code] of also) if (error instanceof kind) throw new ActionError({ code, message: error.message });
  throw error;
}

/** Runs a step of an action, turning its refusals into ActionErrors as `asActionError` does. */
export async function refusing<T>(step: () => Promise<T>, also: readonly Refusal[] = []): Promise<T> {
  try {
    return await step();
  } catch (error) {
    return asActionError(error, also);
  }
}
