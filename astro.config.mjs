// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import node from '@astrojs/node';
import { writeFileSync } from 'node:fs';

/** The public address pages and QR codes point to; set SITE_URL when deploying (npm start sets it to the address it serves). */
const site = process.env.SITE_URL || 'http://localhost:4321';

/** Records the address the build baked into pages, so npm start can tell when to build again. */
function recordSite() {
  return {
    name: 'qingyuan:record-site',
    hooks: { 'astro:build:done': () => writeFileSync('dist/site-url.txt', `${site}\n`) },
  };
}

export default defineConfig({
  site,
  output: 'static',
  // The stream cap behind the body guard's per-action limits (src/lib/server/http/body-guard.ts):
  // no request body, chunked or not, is read past 11 MB. Middleware mode: scripts/serve.ts sends
  // the built files itself and hands the rest to Astro.
  adapter: node({ mode: 'middleware', bodySizeLimit: 11 * 1024 * 1024 }),
  integrations: [mdx(), svelte(), recordSite()],
  // Astro refuses action bodies over 1 MB by default, which turned away every phone photo sent as
  // demonstration evidence. The middleware's body guard (src/lib/server/http/body-guard.ts) sets the
  // real limits per action first: 256 KB for forms, 6 MB for rosters, 10.5 MB for evidence uploads.
  // CSP: Astro hashes every inline script and style of each page into a meta tag; scripts load
  // only from this origin (the islands, Pagefind, whose search runs WebAssembly). Framing and
  // the other header-only directives are set for every response in src/lib/server/http/security-headers.ts.
  security: {
    checkOrigin: true,
    actionBodySizeLimit: 11 * 1024 * 1024,
    csp: {
      directives: ["default-src 'self'", "img-src 'self' data: blob:", "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'"] },
    },
  },
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'always' },
});
