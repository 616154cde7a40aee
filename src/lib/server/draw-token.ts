import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** What a signed practice draw says: which bank, which questions, until when, and its nonce. */
export interface PracticeDraw {
  quizId: string;
  questionIds: string[];
  nonce: string;
  expiresAt: number;
}

/** How long a visitor has to finish a practice set. */
export const practiceDrawMinutes = 120;

function key(secret: string): Buffer {
  // A key of its own, so a draw token can never pass as anything else signed with the secret.
  return createHmac('sha256', secret).update('qingyuan practice draw v1').digest();
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', key(secret)).update(body).digest();
}

/**
 * Signs the questions the server drew for a practice set, so grading can later be limited to
 * exactly those questions without keeping anything per visitor.
 */
export function signDraw(secret: string, input: { quizId: string; questionIds: string[]; now?: number }): { token: string; draw: PracticeDraw } {
  const draw: PracticeDraw = {
    quizId: input.quizId,
    questionIds: input.questionIds,
    nonce: randomUUID(),
    expiresAt: (input.now ?? Date.now()) + practiceDrawMinutes * 60_000,
  };
  const body = Buffer.from(JSON.stringify(draw)).toString('base64url');
  return { token: `${body}.${mac(secret, body).toString('base64url')}`, draw };
}

/**
 * The draw a token carries, or null when it was not signed here, was altered, or has expired.
 * @example verifyDraw(secret, signDraw(secret, { quizId: 'saying-no', questionIds: ['a'] }).token)?.quizId // 'saying-no'
 */
export function verifyDraw(secret: string, token: string, now = Date.now()): PracticeDraw | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let draw: PracticeDraw;
  try {
    draw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PracticeDraw;
  } catch {
    return null;
  }
  if (typeof draw.expiresAt !== 'number' || draw.expiresAt < now) return null;
  if (!Array.isArray(draw.questionIds) || typeof draw.quizId !== 'string' || typeof draw.nonce !== 'string') return null;
  return draw;
}
