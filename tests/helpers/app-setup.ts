import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startApp } from './app';

/**
 * The app project's global setup: one running app for the HTTP suites that do not need one of their
 * own (`sharedApp()` in their beforeAll). Each suite keeps to its own data (its school, class or
 * accounts, or rows it names), so the order the files run in does not matter. Suites that need a
 * fresh database or other settings (password resets over SMTP, throttling behind a proxy, the races
 * on PostgreSQL) still start their own with `startApp`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const app = await startApp();
  project.provide('sharedApp', { url: app.url, dataDir: app.dataDir, supabaseUrl: app.supabaseUrl });
  return async () => {
    await app.stop();
    rmSync(app.dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedApp: { url: string; dataDir: string; supabaseUrl: string };
  }
}
