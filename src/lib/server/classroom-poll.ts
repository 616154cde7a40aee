import type { Db } from '~/lib/server/db/client';
import type { ClassroomState } from '~/lib/domain/classroom';
import { classroomState } from './db/classroom';

/**
 * The state a projector or phone polls, shared for a moment between the screens of one session.
 * Fifty phones polling every second would otherwise ask the database fifty times a second for
 * the same answer. Each instance keeps, per session and kind of screen (the teacher's, with the
 * code; the pupils', without), the last state for `freshMs`; a caller is let in to the shared
 * copy only after the database itself answered them once (the function checks who may see the
 * session) within `accessMs`. The pupil's own answer (`mine`) is left out of the shared copy:
 * the phone keeps what it sent. Stale by at most `freshMs`, so a change still shows within 2 s.
 */
const freshMs = 400;
const accessMs = 30_000;
const shared = new Map<string, { at: number; state: ClassroomState }>();
const access = new Map<string, number>();

function withoutMine(state: ClassroomState): ClassroomState {
  if (!state.question) return state;
  const { mine: _mine, ...question } = state.question;
  return { ...state, question: question as ClassroomState['question'] & object };
}

/**
 * The state for a poll: the shared copy when fresh and the caller was let in recently, else the
 * database's. A poll answered from the copy makes no query that would carry its session check, so
 * `confirmSession` confirms it (together with the other polls of the moment, in one read).
 */
export async function polledState(
  db: () => Promise<Db>,
  sessionId: string,
  user: { id: string; role: string },
  confirmSession: () => Promise<void> = async () => undefined,
): Promise<ClassroomState> {
  const now = Date.now();
  const kind = user.role === 'student' ? 'pupil' : 'teacher';
  const key = `${sessionId}:${kind}`;
  const cached = shared.get(key);
  const admitted = access.get(`${sessionId}:${user.id}`);
  if (cached && now - cached.at < freshMs && admitted !== undefined && now - admitted < accessMs) {
    await confirmSession();
    return cached.state;
  }
  const state = await classroomState(await db(), sessionId);
  if (shared.size > 10_000) shared.clear();
  if (access.size > 100_000) access.clear();
  shared.set(key, { at: Date.now(), state: withoutMine(state) });
  access.set(`${sessionId}:${user.id}`, now);
  return state;
}
