import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { evidenceTypes, type EvidenceType } from './sniff';

/** The longest side of a stored thumbnail, in pixels (shown at 160 CSS px, so sharp on 2x screens). */
export const thumbnailSide = 320;

/** Images with more pixels than this are refused before they are decoded (decompression bombs). */
export const maxImagePixels = 40_000_000;

/** The type every thumbnail is stored and served as. */
export const thumbnailType = 'image/webp';

/** Why an uploaded image was refused; the message is for the user, in Chinese. */
export class ImageRejected extends Error {
  readonly reason: 'too-many-pixels' | 'undecodable';
  constructor(reason: ImageRejected['reason'], message: string) {
    super(message);
    this.name = 'ImageRejected';
    this.reason = reason;
  }
}

export interface Thumbnail {
  bytes: Uint8Array;
  type: typeof thumbnailType;
  width: number;
  height: number;
}

const tooManyPixels = `图片像素太多（超过 ${maxImagePixels / 10_000} 万像素），请缩小后再上传`;
const undecodable = '图片无法打开，可能已损坏或不是真正的 JPEG、PNG、WebP 图片，请重新导出后再上传';

/** What sharp calls each evidence image type. */
const sharpFormat: Partial<Record<EvidenceType, string>> = { [evidenceTypes.jpeg]: 'jpeg', [evidenceTypes.png]: 'png', [evidenceTypes.webp]: 'webp' };

/** Whether an evidence type gets a thumbnail. */
export function hasThumbnail(type: string): boolean {
  return Object.hasOwn(sharpFormat, type);
}

/** The store key of an evidence file's thumbnail, derived from the file's own key. */
export function thumbnailKeyOf(key: string): string {
  return `${key}-t`;
}

function rejected(error: unknown): ImageRejected {
  if (error instanceof ImageRejected) return error;
  const message = error instanceof Error ? error.message : String(error);
  return /pixel limit/i.test(message) ? new ImageRejected('too-many-pixels', tooManyPixels) : new ImageRejected('undecodable', undecodable);
}

/**
 * A thumbnail of an uploaded JPEG, PNG or WebP: turned upright by its EXIF orientation, fitted
 * inside 320×320 (never enlarged), only the first frame of an animation, converted to sRGB and
 * encoded as WebP at quality 75 with no metadata at all (no EXIF, GPS, XMP or ICC profile left).
 * The header is read first: an image over 40 megapixels, one whose bytes are not the format the
 * upload was sniffed as, or one that does not decode is refused with an `ImageRejected` whose
 * message tells the user what to do.
 * @example const thumb = await makeThumbnail(bytes, 'image/jpeg'); // { bytes, type: 'image/webp', width: 320, height: 240 }
 */
export async function makeThumbnail(bytes: Uint8Array, type: EvidenceType): Promise<Thumbnail> {
  const format = sharpFormat[type];
  if (!format) throw new Error(`no thumbnail for ${type}`);
  const input = (): Sharp => sharp(bytes, { limitInputPixels: maxImagePixels, failOn: 'error', animated: false });
  try {
    const meta = await input().metadata();
    if (meta.format !== format) throw new ImageRejected('undecodable', undecodable);
    if ((meta.width ?? 0) * (meta.height ?? 0) > maxImagePixels) throw new ImageRejected('too-many-pixels', tooManyPixels);
    const { data, info } = await input()
      .autoOrient()
      .resize(thumbnailSide, thumbnailSide, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75, effort: 4 })
      .timeout({ seconds: 20 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), type: thumbnailType, width: info.width, height: info.height };
  } catch (error) {
    throw rejected(error);
  }
}
