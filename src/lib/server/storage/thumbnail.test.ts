import sharp from 'sharp';
import type { Exif } from 'sharp';
import { describe, expect, test } from 'vitest';
import { sniffEvidence } from './sniff';
import { ImageRejected, makeThumbnail, maxImagePixels, thumbnailKeyOf } from './thumbnail';

/** A landscape photo-like JPEG (noise, so it does not compress to nothing) with a camera's EXIF and an orientation. */
async function photo(width: number, height: number, exif: Exif, orientation: number): Promise<Uint8Array> {
  const noise = sharp({ create: { width, height, channels: 3, background: '#6a8', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
  return new Uint8Array(await noise.jpeg({ quality: 90 }).withExif(exif).withMetadata({ orientation }).toBuffer());
}

/** A camera's EXIF: a make and model, a date and a GPS position (IFD3). */
const cameraExif: Exif = {
  IFD0: { Make: 'QingyuanCam', Model: 'Q1' },
  IFD2: { DateTimeOriginal: '2026:03:01 09:30:00' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 10/1 0/1' },
};

const reasonOf = async (p: Promise<unknown>): Promise<ImageRejected> => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageRejected);
  return error as ImageRejected;
};

describe('makeThumbnail', () => {
  test('turns a JPEG upright by its EXIF orientation, fits it in 320×320 and keeps no metadata', async () => {
    // Orientation 6: the camera was turned, the stored landscape pixels show as portrait.
    const input = await photo(1200, 900, cameraExif, 6);
    const before = await sharp(input).metadata();
    expect([before.width, before.height, before.orientation]).toEqual([1200, 900, 6]);
    expect(Buffer.from(input).includes('QingyuanCam')).toBe(true);
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // the GPS IFD pointer, tag 0x8825 (little-endian)

    const thumb = await makeThumbnail(input, 'image/jpeg');
    expect([thumb.width, thumb.height]).toEqual([240, 320]);
    expect(thumb.type).toBe('image/webp');
    expect(sniffEvidence(thumb.bytes)).toBe('image/webp');
    const after = await sharp(thumb.bytes).metadata();
    expect([after.format, after.width, after.height]).toEqual(['webp', 240, 320]);
    expect([after.exif, after.xmp, after.icc, after.iptc, after.orientation]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const raw = Buffer.from(thumb.bytes);
    for (const trace of ['EXIF', 'Exif', 'XMP', 'ICCP', 'QingyuanCam']) expect(raw.includes(trace)).toBe(false);
    expect(thumb.bytes.length).toBeLessThan(40_000);
  });

  test('rotates the pixels, not only the size: the left of a turned photo ends up on top', async () => {
    const halves = await sharp({ create: { width: 600, height: 900, channels: 3, background: '#f00' } })
      .extend({ right: 600, background: '#00f' })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const thumb = await makeThumbnail(new Uint8Array(halves), 'image/jpeg');
    const { data, info } = await sharp(thumb.bytes).raw().toBuffer({ resolveWithObject: true });
    const rgb = (x: number, y: number): number[] => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const [top, bottom] = [rgb(120, 40), rgb(120, 280)];
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);
  });

  test('makes a PNG (with transparency) into a WebP and never enlarges a small image', async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
        .png()
        .toBuffer(),
    );
    const thumb = await makeThumbnail(png, 'image/png');
    expect([thumb.width, thumb.height]).toEqual([200, 100]);
    const meta = await sharp(thumb.bytes).metadata();
    expect([meta.format, meta.hasAlpha]).toEqual(['webp', true]);

    const wide = new Uint8Array(
      await sharp({ create: { width: 2000, height: 500, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    expect(await makeThumbnail(wide, 'image/png')).toMatchObject({ width: 320, height: 80 });
  });

  test('makes a WebP upload into a smaller WebP', async () => {
    const webp = new Uint8Array(
      await sharp({ create: { width: 640, height: 640, channels: 3, background: '#123' } })
        .webp()
        .toBuffer(),
    );
    expect(await makeThumbnail(webp, 'image/webp')).toMatchObject({ width: 320, height: 320, type: 'image/webp' });
  });

  test('refuses an image over 40 megapixels before decoding it, whatever its file size', async () => {
    // 8,000 × 6,000 = 48 MP of one colour: a few hundred KB that would decode to 144 MB.
    const bomb = new Uint8Array(
      await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#000' } })
        .png({ compressionLevel: 9 })
        .toBuffer(),
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(8000 * 6000).toBeGreaterThan(maxImagePixels);
    const error = await reasonOf(makeThumbnail(bomb, 'image/png'));
    expect(error.reason).toBe('too-many-pixels');
    expect(error.message).toBe('图片像素太多（超过 4000 万像素），请缩小后再上传');
  });

  test('refuses a PNG header claiming 100,000 × 100,000 pixels', async () => {
    const small = Buffer.from(
      await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    small.writeUInt32BE(100_000, 16);
    small.writeUInt32BE(100_000, 20);
    expect((await reasonOf(makeThumbnail(new Uint8Array(small), 'image/png'))).reason).toMatch(/too-many-pixels|undecodable/);
  });

  test('refuses corrupt bytes behind a valid signature, and bytes of another format, in Chinese', async () => {
    const message = '图片无法打开，可能已损坏或不是真正的 JPEG、PNG、WebP 图片，请重新导出后再上传';
    const jpegJunk = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('this is not really a photo at all, just junk bytes')]);
    const pngJunk = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);
    const webpJunk = new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 junk')]);
    for (const [bytes, type] of [
      [jpegJunk, 'image/jpeg'],
      [pngJunk, 'image/png'],
      [webpJunk, 'image/webp'],
    ] as const) {
      const error = await reasonOf(makeThumbnail(bytes, type));
      expect([error.reason, error.message]).toEqual(['undecodable', message]);
    }
    // A real PNG presented as a JPEG upload is refused too (the type must match the bytes).
    const png = new Uint8Array(
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    expect((await reasonOf(makeThumbnail(png, 'image/jpeg'))).message).toBe(message);
  });

  test("derives the thumbnail key from the file key, within the store's key pattern", () => {
    expect(thumbnailKeyOf('AbCdEfGhIjKlMnOpQrStUv')).toBe('AbCdEfGhIjKlMnOpQrStUv-t');
    expect(thumbnailKeyOf('AbCdEfGhIjKlMnOpQrStUv')).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });
});
