// npm start: validates the configuration, builds the site when needed, starts the backend
// (embedded PGlite + PostgREST, a local PostgreSQL, or nothing on Supabase) and serves Astro.
// This file only makes sure the embedded stack's process runs lean (runtime/lean.ts), before
// anything heavy is loaded; scripts/serve.ts does the rest.
import { restartLean } from '../src/lib/server/runtime/lean.ts';

// A local PostgreSQL or Supabase runs no WebAssembly database in this process; their servers keep
// V8's defaults (a city's server has the memory, and their request rate is what matters there).
if (!process.env['DATABASE_URL'] && !process.env['SUPABASE_URL']) restartLean();
await import('./serve.ts');
