import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Four projects, run one group after another (sequence.groupOrder) so stacks never starve each other
// on a 2-core machine: `npx vitest run --project unit` runs the pure tests in a few seconds.
//   unit      src/**: rules, content, formats; no database, no server; files in parallel, one module
//             graph per worker (isolate: false: these tests mock nothing and set no globals)
//   database  supabase/tests/** and the src tests that start PGlite, PostgREST or the stack
//   app       tests/*.test.ts: the built site and the running app (one shared app, see tests/helpers/app-setup.ts)
//   browser   tests/e2e/**: Chromium journeys
const startsADatabase = ['src/lib/server/runtime/stack.test.ts', 'src/lib/server/runtime/socket-guard.test.ts'];

export default defineConfig({
  // The same alias as tsconfig.json's paths: ~/lib/... is src/lib/...; every project inherits it.
  resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts'], isolate: false, exclude: ['node_modules/**', 'dist/**', ...startsADatabase], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'database', include: ['supabase/tests/**/*.test.ts', ...startsADatabase], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: { name: 'app', include: ['tests/*.test.ts'], globalSetup: ['tests/helpers/app-setup.ts'], fileParallelism: false, sequence: { groupOrder: 2 } },
      },
      {
        extends: true,
        test: { name: 'browser', include: ['tests/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 3 } },
      },
    ],
  },
});
