import { inflateRawSync } from 'node:zlib';

/** The evidence types accepted, by what the bytes are, never by the file name. */
export const evidenceTypes = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type EvidenceType = (typeof evidenceTypes)[keyof typeof evidenceTypes];

/** The largest evidence file: 10 MB. */
export const maxEvidenceBytes = 10 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** The text of one entry of a zip archive, or null when it is absent or unreadable. */
function zipEntry(bytes: Uint8Array, name: string): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 64 KB + 22 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let n = 0; n < count && at + 46 <= bytes.length; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) return null;
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const entryName = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (entryName === name && local + 30 <= bytes.length) {
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const data = bytes.subarray(start, start + size);
      try {
        return new TextDecoder().decode(method === 8 ? inflateRawSync(data, { maxOutputLength: 1024 * 1024 }) : data);
      } catch {
        return null;
      }
    }
    at += 46 + nameLength + extra + commentLength;
  }
  return null;
}

/**
 * The type of an evidence file from its first bytes (and, for Office files, the archive's
 * declared main part), or null when it is not one of the accepted types. SVG, HTML and
 * macro-enabled Office files come back null.
 * @example sniffEvidence(new TextEncoder().encode('%PDF-1.7 …')) // 'application/pdf'
 */
export function sniffEvidence(bytes: Uint8Array): EvidenceType | null {
  if (startsWith(bytes, ascii('%PDF-'))) return evidenceTypes.pdf;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return evidenceTypes.jpeg;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return evidenceTypes.png;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return evidenceTypes.webp;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const types = zipEntry(bytes, '[Content_Types].xml') ?? '';
    if (types.includes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')) return evidenceTypes.docx;
    if (types.includes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')) return evidenceTypes.xlsx;
  }
  return null;
}

/** Whether browsers may show the type inline (images); everything else is sent as an attachment. */
export function isImage(type: string): boolean {
  return type === evidenceTypes.jpeg || type === evidenceTypes.png || type === evidenceTypes.webp;
}
