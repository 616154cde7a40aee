import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, test } from 'vitest';
import { migrate, pgliteExecutor } from '~/lib/server/runtime/migrate';

/**
 * The schema as a sorted list of lines: every function (definition and grants), column,
 * constraint, index, trigger, policy, view and table grant of the app's schemas.
 */
const snapshot = `
  select 'fn ' || p.oid::regprocedure::text || E'\\n' || pg_get_functiondef(p.oid) || ' acl ' || coalesce(array_to_string(p.proacl, ','), '') as x
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('public', 'private', 'auth') and p.prokind in ('f', 'p')
  union all select 'col ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, '') || ' ' || is_nullable
    from information_schema.columns where table_schema in ('public', 'private')
  union all select 'con ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    from pg_constraint where connamespace in (select oid from pg_namespace where nspname in ('public', 'private'))
  union all select 'idx ' || schemaname || '.' || indexname || ' ' || indexdef from pg_indexes where schemaname in ('public', 'private')
  union all select 'trg ' || pg_get_triggerdef(t.oid) from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and n.nspname in ('public', 'private')
  union all select 'pol ' || schemaname || '.' || tablename || ' ' || policyname || ' ' || cmd || ' ' || array_to_string(roles, ',') || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '')
    from pg_policies
  union all select 'view ' || schemaname || '.' || viewname || ' ' || definition from pg_views where schemaname in ('public', 'private')
  union all select 'acl ' || c.oid::regclass::text || ' ' || coalesce(array_to_string(c.relacl, ','), '')
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('public', 'private') and c.relkind in ('r', 'v', 'S')
  order by 1`;

const migrations = join(import.meta.dirname, '..', 'migrations');
const firstLanded = join(import.meta.dirname, 'fixtures', 'first-landed');
const temp = mkdtempSync(join(tmpdir(), 'qy-upgrade-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function schemaAfter(dirs: string[]): Promise<string[]> {
  const db = await PGlite.create();
  try {
    for (const dir of dirs) await migrate(pgliteExecutor(db), { seed: true, migrationsDir: dir });
    return (await db.query<{ x: string }>(snapshot)).rows.map((r) => r.x);
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
