// npm run schema:dump: migrates a fresh database on a PostgreSQL server and writes the schema it
// ends with to supabase/schema.sql (supabase/tests/schema-dump.ts says how). The server is
// DATABASE_URL's when set, else the throwaway one of scripts/pg-test-server.sh, started for this
// and stopped afterwards when it was not running already.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpFreshSchema } from '../supabase/tests/schema-dump.ts';
import { pgServerUrl } from './pg-server-url.mjs';

const root = join(import.meta.dirname, '..');
const server = pgServerUrl();
try {
  const schema = await dumpFreshSchema(server.url);
  writeFileSync(join(root, 'supabase/schema.sql'), schema);
  console.log(`wrote supabase/schema.sql (${schema.split('\n').length} lines)`);
} finally {
  server.stop();
}
