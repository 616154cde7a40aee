import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The same alias as tsconfig.json's paths: ~/lib/... is src/lib/...
  resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts', 'supabase/tests/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Several files start the whole stack (PGlite, PostgREST, Astro); one file at a time keeps
    // them from starving each other on a 2-core machine.
    fileParallelism: false,
  },
});
