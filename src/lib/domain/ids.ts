/**
 * Whether a string is a UUID written the way the database writes one: 8-4-4-4-12 hex digits.
 * Route parameters are checked with it before any query, so a malformed id is a 404, never a
 * database error (36 zeros, 36 dashes and the like pass a plain `[0-9a-f-]{36}`).
 * @example isUuid('00000000-0000-4000-8000-000000000201') // true
 * @example isUuid('0'.repeat(36)) // false
 */
export function isUuid(value: string | undefined | null): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
