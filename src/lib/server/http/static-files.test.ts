import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { onLoopback } from '../../../../tests/helpers/loopback';
import { cacheControlFor, indexStaticFiles, pickEncoding, serveStatic, validRequestUrl } from './static-files.ts';

describe('pickEncoding', () => {
  test.each([
    ['br, gzip, deflate', 'br'],
    ['gzip, deflate', 'gzip'],
    ['gzip;q=1, br;q=0', 'gzip'],
    ['identity', null],
    [undefined, null],
  ])('picks from %s: %s', (accept, expected) => {
    expect(pickEncoding(accept)).toBe(expected);
  });
});

describe('cacheControlFor', () => {
  test('keeps hashed assets for a year and revalidates the rest', () => {
    expect(cacheControlFor('/_astro/Quiz.abc123.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/lessons/')).toBe('no-cache');
  });
});

describe('the built site served from its index', () => {
  const root = mkdtempSync(join(tmpdir(), 'qingyuan-static-'));
  const write = (path: string, text: string | Uint8Array): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('index.html', '<h1>首页</h1>');
  write('lessons/saying-no/index.html', '<h1>拒绝小擂台</h1>');
  write('lessons/saying-no/index.html.br', brotliCompressSync('<h1>拒绝小擂台</h1>'));
  write('lessons/saying-no/index.html.gz', gzipSync('<h1>拒绝小擂台</h1>'));
  write('_astro/Quiz.abc123.js', 'export {}');
  write('pagefind/wasm.zh.pagefind', 'wasm');
  write('.env', 'SECRET=1');
  write('.well-known/security.txt', 'Contact: mailto:security@qingyuan.test');
  write('课程/说明.txt', '说明');
  const files = indexStaticFiles(root);
  let url = '';
  let handedOn: string[] = [];
  const server = createServer((req, res) => {
    if (!serveStatic(files, req, res)) {
      handedOn.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
    }
  });
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ url, close } = await onLoopback(server));
  });
  afterAll(async () => {
    await close();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    handedOn = [];
  });

  test('a page by its folder, with or without the slash, and by its file; brotli or gzip when accepted', async () => {
    for (const path of ['/lessons/saying-no/', '/lessons/saying-no', '/lessons/saying-no/index.html', '/lessons/saying-no/?from=home']) {
      const r = await fetch(url + path, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-encoding'), path).toBe('br');
      expect(r.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(r.headers.get('cache-control'), path).toBe('no-cache');
      expect(r.headers.get('vary'), path).toBe('Accept-Encoding');
      expect(await r.text(), path).toBe('<h1>拒绝小擂台</h1>');
    }
    const gz = await fetch(`${url}/lessons/saying-no/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toBe('<h1>拒绝小擂台</h1>');
    const plain = await fetch(`${url}/lessons/saying-no/`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe('<h1>拒绝小擂台</h1>');
    expect(handedOn).toEqual([]);
  });

  test('hashed assets are immutable for a year; other files revalidate; unknown kinds are octet-stream', async () => {
    const asset = await fetch(`${url}/_astro/Quiz.abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const wasm = await fetch(`${url}/pagefind/wasm.zh.pagefind`);
    expect(wasm.headers.get('content-type')).toBe('application/octet-stream');
    expect(wasm.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect(await (await fetch(`${url}/${encodeURIComponent('课程')}/${encodeURIComponent('说明')}.txt`)).text()).toBe('说明');
  });

  test('a revalidation with the ETag or the date gets 304 without the body; HEAD gets the headers only', async () => {
    const first = await fetch(`${url}/lessons/saying-no/`, { headers: { 'accept-encoding': 'br' } });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"br-/);
    const again = await fetch(`${url}/lessons/saying-no/`, { headers: { 'accept-encoding': 'br', 'if-none-match': `"other", W/${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // The plain copy has its own tag: a cached brotli copy does not stand for it.
    const plain = await fetch(`${url}/lessons/saying-no/`, { headers: { 'accept-encoding': 'identity', 'if-none-match': etag } });
    expect(plain.status).toBe(200);
    const since = await fetch(`${url}/_astro/Quiz.abc123.js`, { headers: { 'if-modified-since': first.headers.get('last-modified') ?? '' } });
    expect(since.status).toBe(304);
    const head = await fetch(`${url}/_astro/Quiz.abc123.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('9');
  });

  test('rendered paths, other methods, dotfiles and paths outside the folder are handed on', async () => {
    for (const [method, path] of [
      ['GET', '/me/student/'],
      ['POST', '/lessons/saying-no/'],
      ['GET', '/.env'],
      ['GET', '/lessons/saying-no/index.html.br'],
      ['GET', '/../package.json'],
      ['GET', '/%2e%2e/package.json'],
    ] as const) {
      expect((await fetch(url + path, { method })).status, path).toBe(404);
    }
    expect(handedOn).toContain('GET /me/student/');
    expect(handedOn).toContain('POST /lessons/saying-no/');
    expect(await (await fetch(`${url}/.well-known/security.txt`)).text()).toContain('Contact');
  });

  test('a URL that does not decode is told apart before routing', () => {
    expect(validRequestUrl('/lessons/%E6%8B%92/')).toBe(true);
    expect(validRequestUrl('/lessons/?q=100%')).toBe(false);
    expect(validRequestUrl('/%E0%A4%A')).toBe(false);
    expect(validRequestUrl('/plain/')).toBe(true);
  });
});
