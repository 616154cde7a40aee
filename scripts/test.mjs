// npm test: builds the site, starts a throwaway PostgreSQL for the race and DATABASE_URL suites when
// none is given and Debian's server binaries are here (stopping it afterwards), then runs vitest.
// Without the binaries it says in one line which tests it skips and why. Vitest runs its four
// projects (vitest.config.ts: unit, database, app, browser) one after another; arguments pass
// through, so `npm test -- --project database` runs one of them with the same servers.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

// Format and lint first (Biome, biome.json): a quick failure before the long build.
if (run('npx', ['biome', 'check', '.']) !== 0) process.exit(1);
if (run('npm', ['run', 'build']) !== 0) process.exit(1);

const env = { ...process.env };
let started = false;
const pgBins = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)) : [];
if (!env.DATABASE_URL) {
  if (pgBins.length > 0 || process.env.PG_BIN) {
    const line = execFileSync('bash', ['scripts/pg-test-server.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const url = /DATABASE_URL=(\S+)/.exec(line)?.[1];
    if (url) {
      env.DATABASE_URL = url;
      started = true;
      console.log(`npm test: started a throwaway PostgreSQL for the race and PostgreSQL suites (${url})`);
    }
  } else {
    console.log('npm test: no PostgreSQL server binaries (apt-get install postgresql), so the race and PostgreSQL suites are skipped; the rest runs on the embedded database.');
  }
}

// Supabase's own initial schema (../shared/supabase-reference): the RLS matrix runs there through
// PostgREST with the migrations applied as the demoted postgres role, as `supabase db push` does.
const reference = join(process.cwd(), '..', 'shared', 'supabase-reference', 'make-cluster.sh');
let referenceDir = '';
if (!env.SUPABASE_REFERENCE_URL && existsSync(reference) && pgBins.includes('15')) {
  referenceDir = mkdtempSync(join(tmpdir(), 'qy-supabase-'));
  const line = execFileSync('bash', [reference, '54361', referenceDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = /SUPABASE_REFERENCE_URL=(\S+)/.exec(line)?.[1];
  if (url) {
    // Debian's PostgreSQL has no pg-safeupdate, which Supabase preloads for authenticator; without
    // the library no connection would open. (Our writes through PostgREST always carry a filter.)
    execFileSync('psql', ['-h', '127.0.0.1', '-p', '54361', '-U', 'supabase_admin', '-d', 'postgres', '-Xqc', 'alter role authenticator reset session_preload_libraries']);
    // What the auth service does to the auth functions at a project's first start (see the file).
    execFileSync('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      '54361',
      '-U',
      'supabase_admin',
      '-d',
      'postgres',
      '-Xq',
      '-v',
      'ON_ERROR_STOP=1',
      '-f',
      'supabase/tests/fixtures/gotrue-auth-functions.sql',
    ]);
    env.SUPABASE_REFERENCE_URL = url;
    console.log(`npm test: built Supabase's initial schema for the conformance suite (${url})`);
  }
} else if (!env.SUPABASE_REFERENCE_URL) {
  console.log('npm test: no ../shared/supabase-reference (or no PostgreSQL 15), so the Supabase conformance suite is skipped.');
}

let status = 1;
try {
  status = run('npx', ['vitest', 'run', ...process.argv.slice(2)], env);
} finally {
  if (started) spawnSync('bash', ['scripts/pg-test-server.sh', '--stop'], { stdio: 'inherit' });
  if (referenceDir) spawnSync('bash', [reference, '--stop', referenceDir], { stdio: 'inherit' });
}
process.exit(status);
