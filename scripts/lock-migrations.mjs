// Appends the checksum of every migration not yet in supabase/migrations.sha256. Lines already
// there are never rewritten: a migration on main is never edited (see supabase/tests/migrations.test.ts).
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'supabase', 'migrations');
const lock = join(import.meta.dirname, '..', 'supabase', 'migrations.sha256');
const known = new Set(
  readFileSync(lock, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(/\s+/)[1]),
);
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort()) {
  if (known.has(name)) continue;
  const sum = createHash('sha256')
    .update(readFileSync(join(dir, name)))
    .digest('hex');
  appendFileSync(lock, `${sum}  ${name}\n`);
  console.log(`locked ${name}`);
}
