import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { onLoopback } from '../../../../tests/helpers/loopback';
import { localFetch } from './local-fetch.ts';

let url = '';
const seen: { method: string; path: string; headers: IncomingMessage['headers']; body: string; port: number | undefined }[] = [];
let dropNextOnReuse = false;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, port: req.socket.remotePort });
    if (req.url === '/rpc/drop' && dropNextOnReuse) {
      // The server closing a kept-alive connection as it is reused: no answer, the socket goes.
      dropNextOnReuse = false;
      req.socket.destroy();
      return;
    }
    if (req.url === '/rpc/nothing') return void res.writeHead(204).end();
    if (req.url === '/rpc/slow') return void setTimeout(() => res.writeHead(200).end('[]'), 2000);
    if (req.url === '/rpc/refused') return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"PGRST301","message":"会话已结束"}');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-range': '0-0/1' });
    res.end(JSON.stringify({ echo: body === '' ? null : JSON.parse(body), 中文: '清源' }));
  });
});

let close: () => Promise<void>;
beforeAll(async () => {
  ({ url, close } = await onLoopback(server));
});
afterAll(() => close());

test('sends the method, headers and body, and answers with a Response supabase-js can read', async () => {
  const headers = new Headers({ Authorization: 'Bearer t', apikey: 'k', 'Content-Type': 'application/json' });
  const reply = await localFetch(`${url}/rpc/quiz_status`, { method: 'POST', headers, body: '{"p_quiz_id":"拒绝"}' });
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-range')).toBe('0-0/1');
  expect(await reply.json()).toEqual({ echo: { p_quiz_id: '拒绝' }, 中文: '清源' });
  const last = seen.at(-1);
  expect(last?.method).toBe('POST');
  expect(last?.headers.authorization).toBe('Bearer t');
  expect(last?.headers.apikey).toBe('k');
  expect(last?.headers['content-length']).toBe(String(Buffer.byteLength('{"p_quiz_id":"拒绝"}')));
});

test('a GET, a HEAD and a 204 have no body; a refusal keeps its status and message', async () => {
  expect(await (await localFetch(`${url}/lessons?select=lesson_id`, { headers: { accept: 'application/json' } })).json()).toEqual({ echo: null, 中文: '清源' });
  const head = await localFetch(`${url}/lessons`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(await head.text()).toBe('');
  const nothing = await localFetch(`${url}/rpc/nothing`, { method: 'POST', body: '{}' });
  expect(nothing.status).toBe(204);
  expect(nothing.body).toBeNull();
  const refused = await localFetch(`${url}/rpc/refused`, { method: 'POST', body: '{}' });
  expect(refused.status).toBe(401);
  expect((await refused.json()).message).toBe('会话已结束');
});

test('connections are kept alive between calls', async () => {
  for (let i = 0; i < 5; i++) await (await localFetch(`${url}/lessons`, {})).text();
  expect(new Set(seen.slice(-5).map((s) => s.port)).size).toBe(1);
});

test('a kept-alive connection dropped before any answer is sent again once, on a new connection', async () => {
  await (await localFetch(`${url}/lessons`, {})).text();
  dropNextOnReuse = true;
  const before = seen.length;
  const reply = await localFetch(`${url}/rpc/drop`, { method: 'POST', body: '{"n":1}' });
  expect(reply.status).toBe(200);
  const calls = seen.slice(before);
  expect(calls.map((s) => s.path)).toEqual(['/rpc/drop', '/rpc/drop']);
  expect(calls[0]?.port).not.toBe(calls[1]?.port);
});

test('an aborted call rejects with AbortError; a server that is not there, like fetch, with TypeError', async () => {
  const controller = new AbortController();
  const pending = localFetch(`${url}/rpc/slow`, { method: 'POST', body: '{}', signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  await expect(localFetch(`${url}/rpc/slow`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  const gone = await onLoopback(createServer());
  await gone.close();
  await expect(localFetch(`${gone.url}/lessons`, {})).rejects.toThrow(TypeError);
});

test('a body that is not text goes through fetch', async () => {
  const reply = await localFetch(`${url}/rpc/quiz_status`, { method: 'POST', body: new Blob(['{"a":1}']), headers: { 'content-type': 'application/json' } });
  expect(await reply.json()).toMatchObject({ echo: { a: 1 } });
});
