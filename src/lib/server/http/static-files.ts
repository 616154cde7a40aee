import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.ics': 'text/calendar; charset=utf-8',
};

/**
 * How long a browser keeps a static file: hashed build assets (`/_astro/…`) never change under
 * their name, so a year and immutable; everything else (prerendered pages, the search index)
 * is revalidated on each use.
 */
export function cacheControlFor(path: string): string {
  return path.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** The encoding to send of the ones available, by the client's Accept-Encoding (brotli first). */
export function pickEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  const offered = (accept ?? '')
    .toLowerCase()
    .split(',')
    .map((part) => part.trim().split(';'));
  const allows = (name: string): boolean => offered.some(([token, q]) => token === name && !/q=0(\.0*)?$/.test((q ?? '').trim()));
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return null;
}

/**
 * Serves a precompressed copy (`.br`, `.gz`, made by scripts/precompress.mjs) of a static file
 * when the client accepts one, with its caching headers; returns false to leave the request to
 * Astro (files without a copy, rendered pages, anything not a plain GET or HEAD).
 */
export function servePrecompressed(root: string, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return false;
  }
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(root + sep)) return false;
  const type = types[extname(file)];
  const encoding = pickEncoding(req.headers['accept-encoding']);
  if (!type || !encoding) return false;
  const compressed = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
  let size: number;
  let modified: Date;
  try {
    const stat = statSync(compressed);
    size = stat.size;
    modified = stat.mtime;
  } catch {
    return false;
  }
  const etag = `"${encoding}-${size.toString(36)}-${modified.getTime().toString(36)}"`;
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', cacheControlFor(path));
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return true;
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Encoding': encoding, 'Content-Length': String(size) });
  if (req.method === 'HEAD') res.end();
  else createReadStream(compressed).pipe(res);
  return true;
}
