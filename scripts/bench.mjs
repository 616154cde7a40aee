// Prints the platform's figures. Each bench lives in scripts/bench/*.mjs and prints its own lines;
// `npm run bench` runs them all, `npm run bench -- site` one of them. No figure is asserted.
// Arguments starting with `--` are options a bench reads itself (`npm run bench -- memory --seconds=300`).
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const benches = readdirSync(new URL('./bench/', import.meta.url))
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -4))
  // `classroom` also runs `classroom-presenter` and any other `classroom-…` bench.
  .filter((name) => only.length === 0 || only.some((o) => name === o || name.startsWith(`${o}-`)))
  .sort();

for (const name of benches) {
  console.log(`\n== ${name}`);
  const mod = await import(`./bench/${name}.mjs`);
  await mod.run();
}
