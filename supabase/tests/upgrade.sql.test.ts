import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, test } from 'vitest';
import { migrate, pgliteExecutor } from '~/lib/server/runtime/migrate';
import { catalogSnapshot } from './schema-dump';

const migrations = join(import.meta.dirname, '..', 'migrations');
const firstLanded = join(import.meta.dirname, 'fixtures', 'first-landed');
const temp = mkdtempSync(join(tmpdir(), 'qy-upgrade-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function schemaAfter(dirs: string[]): Promise<string[]> {
  const db = await PGlite.create();
  try {
    for (const dir of dirs) await migrate(pgliteExecutor(db), { seed: true, migrationsDir: dir });
    return (await db.query<{ x: string }>(catalogSnapshot)).rows.map((r) => r.x);
  } finally {
    await db.close();
  }
}

describe('upgrading a database created before the edited migrations', () => {
  test('ends with the same schema as a fresh database', async () => {
    // The migrations as a database created on 29 November 2026 ran them: those edited later in
    // their first version (the deleted 20261129003010 among them), the rest as they are.
    const old = join(temp, 'old');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(old);
    for (const file of readdirSync(migrations).filter((f) => f.startsWith('20261129'))) copyFileSync(join(migrations, file), join(old, file));
    for (const file of readdirSync(firstLanded)) copyFileSync(join(firstLanded, file), join(old, file));

    const upgraded = await schemaAfter([old, migrations]);
    const fresh = await schemaAfter([migrations]);
    const onlyUpgraded = upgraded.filter((line) => !fresh.includes(line));
    const onlyFresh = fresh.filter((line) => !upgraded.includes(line));
    expect({ onlyUpgraded, onlyFresh }).toEqual({ onlyUpgraded: [], onlyFresh: [] });
  }, 120_000);
});
