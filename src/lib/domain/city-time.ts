/** The city's time zone: China has one offset, +08:00, and no daylight saving. */
export const cityTimeZone = 'Asia/Shanghai';
const offsetMs = 8 * 3_600_000;

/**
 * Reads a `datetime-local` value ("2026-06-26T09:00") as the city's local time; null when malformed.
 * @example parseCityTime('2026-06-26T09:00')?.toISOString() // '2026-06-26T01:00:00.000Z'
 */
export function parseCityTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi) - offsetMs;
  const back = new Date(utc + offsetMs);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return new Date(utc);
}

/** The `datetime-local` value of a moment in the city's time. */
export function toCityInput(at: Date): string {
  return new Date(at.getTime() + offsetMs).toISOString().slice(0, 16);
}

/**
 * A moment for prose, in the city's time.
 * @example formatCityTime(new Date('2026-06-26T01:00:00Z')) // '2026年6月26日 09:00'
 */
export function formatCityTime(at: Date): string {
  const local = new Date(at.getTime() + offsetMs);
  const hm = local.toISOString().slice(11, 16);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${hm}`;
}

/** Only the clock time, for the end of a same-day range. */
export function formatCityClock(at: Date): string {
  return new Date(at.getTime() + offsetMs).toISOString().slice(11, 16);
}

/** A start–end range: the end's date is left out when it is the same day. */
export function formatCityRange(start: Date, end: Date): string {
  const sameDay = toCityInput(start).slice(0, 10) === toCityInput(end).slice(0, 10);
  return `${formatCityTime(start)}–${sameDay ? formatCityClock(end) : formatCityTime(end)}`;
}
