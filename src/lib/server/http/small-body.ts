import type { IncomingMessage, ServerResponse } from 'node:http';
import { maxBodyBytes } from './body-guard.ts';

/**
 * Reads a small request body (a stated length up to the form limit, 256 KB: every action and
 * form but uploads) in one piece before the request goes on, and leaves it as `req.body`, which
 * Astro's adapter takes as the bytes of its Request instead of wrapping the socket in a stream
 * (the body guard and the action each read the body, so that stream was copied and pulled twice
 * a request). Larger, chunked and body-less requests go on at once and stream as before; a client
 * that goes away mid-body is dropped.
 */
export function readSmallBody(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const length = Number(req.headers['content-length']);
  if (req.method === 'GET' || req.method === 'HEAD' || !(length > 0 && length <= maxBodyBytes)) {
    next();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  req.once('end', () => {
    (req as IncomingMessage & { body?: Buffer }).body = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
    next();
  });
  req.once('error', () => res.destroy());
}
