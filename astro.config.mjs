// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';

// SITE_BASE lets the built site live under a sub-path of any static host
// (e.g. SITE_BASE=/guide/ npm run build).
const base = process.env.SITE_BASE ?? '/';
const site = process.env.SITE_URL ?? 'https://istio-iptables.example.org';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  integrations: [mdx(), sitemap()],
  i18n: {
    locales: ['zh', 'en'],
    defaultLocale: 'zh',
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  build: { format: 'directory' },
});
