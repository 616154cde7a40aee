import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { onLoopback } from '../../../../tests/helpers/loopback';
import { evidenceStore, LocalStore, newEvidenceKey, SupabaseStore } from './store';

// A stand-in for Supabase Storage's object API, enough for upload, download and remove.
const objects = new Map<string, { bytes: Buffer; type: string }>();
const seen: string[] = [];
let server: Server;
let url = '';
let close: () => Promise<void>;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = decodeURIComponent((req.url ?? '').replace(/^\/storage\/v1\/object\//, ''));
      seen.push(`${req.method} ${path} ${req.headers.authorization?.startsWith('Bearer ') ? 'auth' : 'anon'}`);
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST') {
        objects.set(path, { bytes: body, type: String(req.headers['content-type']) });
        res.end(JSON.stringify({ Key: path }));
      } else if (req.method === 'GET') {
        const o = objects.get(path);
        if (!o) {
          res.statusCode = 400;
          res.end(JSON.stringify({ statusCode: '404', error: 'not_found', message: 'Object not found' }));
          return;
        }
        res.setHeader('content-type', o.type);
        res.end(o.bytes);
      } else if (req.method === 'DELETE') {
        const { prefixes } = JSON.parse(body.toString()) as { prefixes: string[] };
        for (const p of prefixes) objects.delete(`${path}/${p}`);
        res.end('[]');
      }
    });
  });
  ({ url, close } = await onLoopback(server));
});

afterAll(() => close());

describe('SupabaseStore', () => {
  test('puts, gets and deletes objects in the private evidence bucket with the service key', async () => {
    const store = new SupabaseStore(url, 'service-role-key-for-tests-only');
    const key = newEvidenceKey();
    await store.put(key, new Uint8Array(Buffer.from('%PDF-1.4')), 'application/pdf');
    expect(objects.has(`evidence/${key}`)).toBe(true);
    expect(await store.get(key)).toEqual({ bytes: new Uint8Array(Buffer.from('%PDF-1.4')), type: 'application/pdf' });
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    expect(seen.every((line) => line.endsWith(' auth'))).toBe(true);
  });
});

describe('evidenceStore', () => {
  test('chooses Supabase Storage when EVIDENCE_STORE=supabase and the local folder otherwise', () => {
    expect(evidenceStore({ EVIDENCE_STORE: 'supabase', SUPABASE_URL: url, SUPABASE_SERVICE_ROLE_KEY: 'k' })).toBeInstanceOf(SupabaseStore);
    const local = evidenceStore({ DATA_DIR: '/tmp/qy' });
    expect(local).toBeInstanceOf(LocalStore);
    expect((local as LocalStore).dir).toBe('/tmp/qy/evidence');
  });
});
