// npm test: builds the site, starts a throwaway PostgreSQL for the race and DATABASE_URL suites when
// none is given and Debian's server binaries are here (stopping it afterwards), then runs vitest.
// Without the binaries it says in one line which tests it skips and why.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

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

let status = 1;
try {
  status = run('npx', ['vitest', 'run', ...process.argv.slice(2)], env);
} finally {
  if (started) spawnSync('bash', ['scripts/pg-test-server.sh', '--stop'], { stdio: 'inherit' });
}
process.exit(status);
