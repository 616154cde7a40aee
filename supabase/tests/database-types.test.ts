import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { generateTypes, typesPath } from '../../scripts/gen-types.mjs';

/**
 * src/lib/database.types.ts is generated from the migrations by Supabase's generator
 * (scripts/gen-types.mjs). This regenerates it on a throwaway database of the DATABASE_URL server
 * and fails when the committed file differs: a migration changed the schema without the types.
 */
const databaseUrl = process.env['DATABASE_URL'];

describe('the generated Database type', () => {
  test.skipIf(!databaseUrl)(
    'matches the migrations',
    async () => {
      const generated: string = await generateTypes(databaseUrl!);
      const committed = readFileSync(typesPath, 'utf8');
      expect(committed === generated, 'src/lib/database.types.ts differs from the migrations: run npm run gen:types and commit the file').toBe(true);
    },
    120_000,
  );
});
