import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { onLoopback } from '../../../../tests/helpers/loopback';
import { maxBodyBytes } from './body-guard.ts';
import { readSmallBody } from './small-body.ts';

let url = '';
/** Answers with what the handler after readSmallBody found: the body it was given, or the bytes it streamed itself. */
const server = createServer((req, res) => {
  readSmallBody(req, res, () => {
    const given = (req as IncomingMessage & { body?: Buffer }).body;
    if (given) return void res.end(JSON.stringify({ given: given.toString('utf8') }));
    let streamed = 0;
    req.on('data', (chunk: Buffer) => (streamed += chunk.length));
    req.on('end', () => res.end(JSON.stringify({ streamed })));
  });
});

let close: () => Promise<void>;
beforeAll(async () => {
  ({ url, close } = await onLoopback(server));
});
afterAll(() => close());

test('a small body with a stated length is handed on whole, in Chinese as sent', async () => {
  const reply = await fetch(`${url}/_actions/quiz.start`, { method: 'POST', body: '{"quizId":"拒绝毒品"}', headers: { 'content-type': 'application/json' } });
  expect(await reply.json()).toEqual({ given: '{"quizId":"拒绝毒品"}' });
});

test('a GET, a chunked body and one over the form limit stream as before', async () => {
  expect(await (await fetch(`${url}/me/student/`)).json()).toEqual({ streamed: 0 });
  const chunked = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('a'.repeat(1000)));
      controller.close();
    },
  });
  expect(await (await fetch(`${url}/_actions/x`, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit)).json()).toEqual({ streamed: 1000 });
  const large = 'b'.repeat(maxBodyBytes + 1);
  expect(await (await fetch(`${url}/_actions/teaching.importClassRoster`, { method: 'POST', body: large })).json()).toEqual({ streamed: large.length });
});
