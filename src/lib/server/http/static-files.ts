import { createReadStream, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';

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
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.wasm': 'application/wasm',
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

/** One stored form of a file: as built, or a compressed copy beside it. */
interface Variant {
  file: string;
  size: number;
  etag: string;
  /** Last-Modified, as HTTP writes it. */
  modified: string;
}

/** A file of the built site as the server sends it. */
export interface StaticFile {
  type: string;
  cacheControl: string;
  plain: Variant;
  br?: Variant | undefined;
  gzip?: Variant | undefined;
}

/** The built site's files by the paths they are asked for: one walk of the folder when the server starts. */
export type StaticFiles = ReadonlyMap<string, StaticFile>;

/**
 * Indexes the static site under `root` (Astro's `dist/client`): every file by its URL path, a
 * page's `index.html` also by its folder with and without the trailing slash (the site ignores
 * trailing slashes), and the `.br`/`.gz` copies scripts/precompress.mjs made beside it. Files and
 * folders starting with a dot are left out, but for `/.well-known/`. The build does not change
 * while the server runs, so a request for a rendered page or an action costs one lookup and no
 * file system call.
 */
export function indexStaticFiles(root: string): StaticFiles {
  const files = new Map<string, StaticFile>();
  const variant = (file: string): Variant | undefined => {
    try {
      const stat = statSync(file);
      return stat.isFile()
        ? { file, size: stat.size, etag: `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`, modified: stat.mtime.toUTCString() }
        : undefined;
    } catch {
      return undefined;
    }
  };
  const walk = (dir: string, urlDir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') && !(urlDir === '/' && entry.name === '.well-known')) continue;
      const file = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file, `${urlDir}${entry.name}/`);
        continue;
      }
      if (!entry.isFile() || /\.(br|gz)$/.test(entry.name)) continue;
      const plain = variant(file);
      if (!plain) continue;
      const path = `${urlDir}${entry.name}`;
      const tag = (v: Variant | undefined, encoding: string): Variant | undefined => v && { ...v, etag: `"${encoding}-${v.etag.slice(1)}` };
      const served: StaticFile = {
        type: types[extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
        cacheControl: cacheControlFor(path),
        plain,
        br: tag(variant(`${file}.br`), 'br'),
        gzip: tag(variant(`${file}.gz`), 'gz'),
      };
      files.set(path, served);
      if (entry.name === 'index.html') {
        files.set(urlDir, served);
        if (urlDir !== '/') files.set(urlDir.slice(0, -1), served);
      }
    }
  };
  walk(root, '/');
  return files;
}

/** Whether a request's URL decodes (a stray `%` does not): anything else is answered 400 before routing. */
export function validRequestUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  if (!url.includes('%')) return true;
  try {
    decodeURI(url);
    return true;
  } catch {
    return false;
  }
}

/** The path of a request's URL, decoded; null when it is not a valid one. */
function requestPath(url: string): string | null {
  let end = url.length;
  for (const mark of ['?', '#']) {
    const at = url.indexOf(mark);
    if (at >= 0 && at < end) end = at;
  }
  const path = url.slice(0, end);
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** Whether an If-None-Match header names this ETag (weak or strong, one of a list, or `*`). */
function matches(ifNoneMatch: string, etag: string): boolean {
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * Sends a file of the built site, compressed when a copy exists and the client accepts it, with
 * its caching headers, an ETag and Last-Modified (a matching revalidation gets 304); returns false
 * to leave the request to Astro (rendered pages, actions, anything not a GET or HEAD of a file).
 */
export function serveStatic(files: StaticFiles, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = requestPath(req.url ?? '/');
  const found = path === null ? undefined : files.get(path);
  if (!found) return false;
  const encoding = found.br || found.gzip ? pickEncoding(req.headers['accept-encoding']) : null;
  const sent = (encoding === 'br' ? found.br : encoding === 'gzip' ? found.gzip : undefined) ?? found.plain;
  const encoded = sent !== found.plain;
  if (found.br || found.gzip) res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', found.cacheControl);
  res.setHeader('ETag', sent.etag);
  res.setHeader('Last-Modified', found.plain.modified);
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifNoneMatch !== undefined ? matches(ifNoneMatch, sent.etag) : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(found.plain.modified)) {
    res.writeHead(304);
    res.end();
    return true;
  }
  res.writeHead(200, { 'Content-Type': found.type, 'Content-Length': String(sent.size), ...(encoded && encoding ? { 'Content-Encoding': encoding } : {}) });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = createReadStream(sent.file);
  stream.once('error', () => res.destroy());
  stream.pipe(res);
  return true;
}
