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
  security: { checkOrigin: true },
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'always' },
});
