import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { guardMessage, isAllowedStatement } from './socket-guard.ts';
import { serveAsAuthenticator } from './stack.ts';

describe('isAllowedStatement', () => {
  test.each([
    'set session authorization postgres',
    'RESET SESSION AUTHORIZATION',
    "select set_config('session_authorization', 'postgres', false)",
    "select pg_catalog.set_config(chr(115) || 'ession_authorization', 'postgres', false)",
    'discard all',
    'reset all',
    "do $$ begin execute 'set session ' || 'authorization postgres'; end $$",
    'create function pg_temp.f() returns void language sql as $$ select 1 $$',
    "select query_to_xml('select 1', true, true, '')",
    "select pg_read_file('/etc/passwd')",
    'set role postgres',
    'begin; set role postgres',
    'copy credentials to stdout',
  ])('refuses %s', (sql) => {
    expect(isAllowedStatement(sql)).toBe(false);
  });

  test.each([
    "select set_config('search_path', $1, true), set_config('role', $2, true), set_config('request.jwt.claims', $3, true)",
    'WITH pgrst_source AS (SELECT "public"."schools".* FROM "public"."schools") SELECT count(*) FROM pgrst_source',
    'insert into "public"."events" ("title") values ($1) on conflict do nothing',
    'BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY',
    'COMMIT',
  ])('lets PostgREST send %s', (sql) => {
    expect(isAllowedStatement(sql)).toBe(true);
  });
});

describe('guardMessage', () => {
  const query = (sql: string): Uint8Array => {
    const text = Buffer.from(`${sql}\0`);
    const out = Buffer.alloc(5 + text.length);
    out[0] = 0x51;
    out.writeInt32BE(4 + text.length, 1);
    text.copy(out, 5);
    return out;
  };

  test('passes an allowed query through unchanged and rewrites a refused one with a correct length', () => {
    const ok = query('select 1');
    expect(guardMessage(ok)).toBe(ok);
    const rewritten = Buffer.from(guardMessage(query('set session authorization postgres')));
    expect(rewritten.readInt32BE(1)).toBe(rewritten.length - 1);
    expect(rewritten.subarray(5, -1).toString()).toBe('qingyuan_refused_statement');
  });
});

describe('the embedded database socket', () => {
  let db: PGlite;
  let dir: string;
  let served: Awaited<ReturnType<typeof serveAsAuthenticator>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qy-socket-test-'));
    db = await PGlite.create();
    await db.exec('create role authenticator noinherit nologin; create role anon nologin; grant anon to authenticator;');
    served = await serveAsAuthenticator(db, dir);
  });

  afterAll(async () => {
    await served?.stop();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = async (): Promise<pg.Client> => {
    const params = new URLSearchParams(served.uri.split('?')[1]);
    const client = new pg.Client({ host: params.get('host') ?? '', port: Number(params.get('port')), user: 'postgres', database: 'postgres' });
    await client.connect();
    return client;
  };

  test('listens on a Unix socket only its owner may open, in a folder only its owner may enter', () => {
    expect(served.uri).not.toMatch(/@[\d.]+:\d+/);
    expect(statSync(served.socketPath).isSocket()).toBe(true);
    expect(statSync(served.socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'socket')).mode & 0o777).toBe(0o700);
  });

  test('is refused to a local process of another user', () => {
    // Root passes every permission check, so the probe runs as nobody (possible only as root),
    // with Debian's python3 (nobody cannot run the Node kept in root's home).
    if (process.getuid?.() !== 0) return;
    const probe = `import socket, sys\ns = socket.socket(socket.AF_UNIX)\ntry:\n  s.connect(sys.argv[1]); print('connected')\nexcept OSError as e:\n  print(e.__class__.__name__)`;
    const out = execFileSync('runuser', ['-u', 'nobody', '--', 'python3', '-c', probe, served.socketPath], { encoding: 'utf8', cwd: '/' }).trim();
    expect(out).toBe('PermissionError');
  });

  test('a client that connects as the probe did cannot become the superuser again', async () => {
    const client = await connect();
    try {
      expect((await client.query('select current_user')).rows[0]).toEqual({ current_user: 'authenticator' });
      for (const sql of [
        'set session authorization postgres',
        'reset session authorization',
        "select set_config('session_authorization', 'postgres', false)",
        'discard all',
        'set role postgres',
      ]) {
        await expect(client.query(sql), sql).rejects.toThrow(/qingyuan_refused_statement/);
      }
      expect((await client.query('select current_user, session_user')).rows[0]).toEqual({ current_user: 'authenticator', session_user: 'authenticator' });
      await expect(client.query('select * from pg_authid')).rejects.toThrow(/permission denied/);
      // What PostgREST does is still allowed.
      await client.query('begin');
      await client.query("select set_config('role', 'anon', true)");
      expect((await client.query('select current_user')).rows[0]).toEqual({ current_user: 'anon' });
      await client.query('commit');
    } finally {
      await client.end();
    }
  });
});
