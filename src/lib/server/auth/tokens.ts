import { createHash, getRandomValues, timingSafeEqual } from 'node:crypto';

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A random string of 24 characters from a 32-letter alphabet without look-alikes
 * (120 bits of entropy), for session ids and secrets.
 */
export function randomSecret(length = 24): string {
  const bytes = getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += alphabet[byte >> 3];
  return out;
}

/** The lowercase hex SHA-256 of a string. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Compares two strings in time that depends only on their length, never on where they
 * first differ. Unequal lengths are unequal, and still do a full compare so the caller's
 * timing does not reveal the match.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
