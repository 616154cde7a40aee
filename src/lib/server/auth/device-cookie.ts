import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie that marks a device on which an account signed in successfully (OWASP "device cookies"). */
export const deviceCookie = 'qy_device';
/** A shared computer keeps the marks of its last few accounts. */
const maxAccounts = 8;
export const deviceCookieDays = 365;

interface Mark {
  /** The first 16 hex digits of the account's rate-limit key. */
  a: string;
  /** A random nonce; its hash identifies this device's failures for this account. */
  n: string;
}

function mac(secret: string, body: string): string {
  const key = createHmac('sha256', secret).update('qingyuan device cookie v1').digest();
  return createHmac('sha256', key).update(body).digest('base64url');
}

/** The marks a cookie carries when it is one this server signed; [] for anything else. */
export function readDeviceMarks(secret: string, value: string | undefined): Mark[] {
  if (!value) return [];
  const [body, signature] = value.split('.');
  if (!body || !signature) return [];
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return [];
  try {
    const marks = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(marks) ? marks.filter((m): m is Mark => typeof m?.a === 'string' && typeof m?.n === 'string').slice(0, maxAccounts) : [];
  } catch {
    return [];
  }
}

/** The nonce this device holds for an account, if it signed in to it here before. */
export function deviceNonceFor(marks: Mark[], accountKey: string): string | null {
  return marks.find((m) => m.a === accountKey.slice(0, 16))?.n ?? null;
}

/** A signed cookie value with this account's mark first (a fresh nonce when it had none). */
export function withDeviceMark(secret: string, marks: Mark[], accountKey: string): string {
  const a = accountKey.slice(0, 16);
  const own = marks.find((m) => m.a === a) ?? { a, n: randomBytes(16).toString('base64url') };
  const body = Buffer.from(JSON.stringify([own, ...marks.filter((m) => m.a !== a)].slice(0, maxAccounts))).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}
