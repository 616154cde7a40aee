/** A piece of text, or a phone number in it with its `tel:` address. */
export type PhonePart = { text: string; tel?: string };

// Mobile numbers (138 0013 8002), landlines with an area code (0571-8800 1234) and short service numbers (110, 12345).
const phonePattern = /(?<![\d])(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{3,4}[ -]?\d{4}|1[12]\d{1,3}|400[ -]?\d{3}[ -]?\d{4})(?![\d])/g;

/**
 * The `tel:` address of a phone number as people write it, or null when it has too few digits.
 * @example telHref('0571-8800 1234') // 'tel:057188001234'
 */
export function telHref(phone: string): string | null {
  const digits = phone.replace(/[^\d+]/g, '');
  return digits.replace('+', '').length >= 3 ? `tel:${digits}` : null;
}

/**
 * Splits free text (an organizer's contact line) into text and phone numbers, so a page can make
 * each number a `tel:` link that a phone dials with one tap.
 * @example phoneParts('城南区禁毒办 0571-8800 1234') // [{ text: '城南区禁毒办 ' }, { text: '0571-8800 1234', tel: 'tel:057188001234' }]
 */
export function phoneParts(text: string): PhonePart[] {
  const parts: PhonePart[] = [];
  let last = 0;
  for (const match of text.matchAll(phonePattern)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at) });
    const tel = telHref(match[0]);
    parts.push(tel ? { text: match[0], tel } : { text: match[0] });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
