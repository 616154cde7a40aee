import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dumpFreshSchema } from './schema-dump';

// supabase/schema.sql is the schema the migrations build, for reading; a migration that changes it
// comes with the regenerated file. Needs a PostgreSQL server and its pg_dump (npm test starts one).
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('supabase/schema.sql', () => {
  test('is what the migrations build (run npm run schema:dump when it is not)', async () => {
    const committed = readFileSync(join(import.meta.dirname, '..', 'schema.sql'), 'utf8');
    const fresh = await dumpFreshSchema(url!);
    expect(committed, 'supabase/schema.sql differs from the migrations: run npm run schema:dump').toBe(fresh);
  }, 120_000);
});
