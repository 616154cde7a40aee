import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const dir = join(import.meta.dirname, '..', 'migrations');
const locked = new Map(
  readFileSync(join(import.meta.dirname, '..', 'migrations.sha256'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [sum, name] = line.split(/\s+/);
      return [name ?? '', sum ?? ''] as const;
    }),
);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort();
const sha = (name: string): string =>
  createHash('sha256')
    .update(readFileSync(join(dir, name)))
    .digest('hex');

// An existing database (a school's .data/, a Supabase project) runs each version once: a change to
// a migration that landed never reaches it. A fix is a new migration.
describe('migrations are append-only', () => {
  test('no migration that landed was edited', () => {
    const edited = files.filter((name) => locked.has(name) && locked.get(name) !== sha(name));
    expect(edited, 'write the change as a new migration and restore these').toEqual([]);
  });

  test('no migration that landed was removed or renamed', () => {
    expect([...locked.keys()].filter((name) => !files.includes(name))).toEqual([]);
  });

  test('every migration is locked (node scripts/lock-migrations.mjs adds new ones)', () => {
    expect(files.filter((name) => !locked.has(name))).toEqual([]);
  });

  test('a new migration sorts after every locked one', () => {
    const newest = [...locked.keys()].sort().at(-1) ?? '';
    const lockedOrder = [...locked.keys()];
    expect(lockedOrder).toEqual([...lockedOrder].sort());
    expect(files.filter((name) => !locked.has(name) && name < newest)).toEqual([]);
  });
});
