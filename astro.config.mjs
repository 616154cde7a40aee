// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import node from '@astrojs/node';

/** The public address pages and QR codes point to; set SITE_URL when deploying. */
const site = process.env.SITE_URL ?? 'http://localhost:4321';

export default defineConfig({
  site,
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  integrations: [mdx(), svelte()],
  // Astro refuses action bodies over 1 MB by default, which turned away every phone photo sent as
  // demonstration evidence. The middleware's body guard (src/lib/server/http/body-guard.ts) sets the
  // real limits per action first: 256 KB for forms, 6 MB for rosters, 10.5 MB for evidence uploads.
  security: { checkOrigin: true, actionBodySizeLimit: 11 * 1024 * 1024 },
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'always' },
});
