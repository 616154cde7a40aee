// The PostgreSQL server the schema and type generators work on: DATABASE_URL's when set, else the
// throwaway test server of scripts/pg-test-server.sh. `stop()` stops that server again only when this
// call started it (a server running before, a test run's say, is left running).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const script = join(import.meta.dirname, 'pg-test-server.sh');

/** @returns {{ url: string, stop: () => void }} */
export function pgServerUrl() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: () => {} };
  const dir = process.env.PG_TEST_DIR ?? join(process.env.TMPDIR ?? '/tmp', 'qingyuan-pg-test');
  const started = !existsSync(join(dir, 'data', 'postmaster.pid'));
  const line = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = /DATABASE_URL=(\S+)/.exec(line)?.[1];
  if (!url) throw new Error('scripts/pg-test-server.sh printed no DATABASE_URL');
  return { url, stop: () => (started ? void spawnSync('bash', [script, '--stop'], { stdio: 'inherit' }) : undefined) };
}
