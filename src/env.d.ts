/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in user, or null for a visitor; filled by the middleware. */
    user: import('./lib/server/auth/user').SessionUser | null;
    sessionId: string | null;
    /** The request's supabase-js client, under RLS as `user` (created on first use). */
    db: () => Promise<import('./lib/server/db/client').Db>;
    /** Set by `unavailable()` before it rewrites to the page that explains it. */
    unavailable?: import('./lib/server/unavailable').Unavailable;
  }
}
