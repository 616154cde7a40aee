// npm run schema:dump: migrates a fresh database on a PostgreSQL server and writes the schema it
// ends with to supabase/schema.sql (supabase/tests/schema-dump.ts says how). The server is
// DATABASE_URL's when set, else the throwaway one of scripts/pg-test-server.sh, started for this
// and stopped afterwards when it was not running already.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpFreshSchema } from '../supabase/tests/schema-dump.ts';

const root = join(import.meta.dirname, '..');
let url = process.env.DATABASE_URL;
let started = false;
if (!url) {
  // Where pg-test-server.sh keeps its cluster: a server running there before is left running.
  const dir = process.env.PG_TEST_DIR ?? join(process.env.TMPDIR ?? '/tmp', 'qingyuan-pg-test');
  started = !existsSync(join(dir, 'data', 'postmaster.pid'));
  const line = execFileSync('bash', [join(root, 'scripts/pg-test-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  url = /DATABASE_URL=(\S+)/.exec(line)?.[1];
  if (!url) throw new Error('scripts/pg-test-server.sh gave no DATABASE_URL');
}
try {
  const schema = await dumpFreshSchema(url);
  writeFileSync(join(root, 'supabase/schema.sql'), schema);
  console.log(`wrote supabase/schema.sql (${schema.split('\n').length} lines)`);
} finally {
  if (started) spawnSync('bash', [join(root, 'scripts/pg-test-server.sh'), '--stop'], { stdio: 'inherit' });
}
