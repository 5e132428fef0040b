// @ts-check
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { shikiConfig, codePalette } from './src/highlight/config.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { alignClassesPlugin } from './src/highlight/rehype-align-classes.ts';
import { xtermTrim } from './components/terminal/vite-xterm.ts';
import { hashInlineCode } from './src/site/inline-csp-hashes.ts';
import { lazyPacks } from './components/terminal/vite-lazy.ts';

// SITE_BASE lets the built site live under a sub-path of any static host
// (e.g. SITE_BASE=/guide/ npm run build).
const base = process.env.SITE_BASE ?? '/';
const site = process.env.SITE_URL ?? 'https://istio-iptables.example.org';

// src/pages/dev/ holds the components' test pages. The browser tests build them into their
// fixture site with GUIDE_DEV_PAGES=1; any other build drops them from dist/, so the real
// site does not ship them.
/** @type {import('astro').AstroIntegration} */
const devPages = {
  name: 'guide-dev-pages',
  hooks: {
    'astro:build:done': ({ dir }) => {
      if (process.env.GUIDE_DEV_PAGES !== '1') rmSync(new URL('dev/', dir), { recursive: true, force: true });
    },
  },
};

/** @type {import('astro').AstroIntegration} */
const inlineCodeCsp = {
  name: 'guide-inline-code-csp',
  hooks: {
    'astro:build:done': ({ dir }) => {
      hashInlineCode(fileURLToPath(dir));
    },
  },
};

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  integrations: [
    devPages,
    inlineCodeCsp,
    mdx(),
    sitemap({
      // Not for readers: the 404 page and (in test builds) the components' test pages under dev/.
      filter: (page) => !/\/404\/?$/.test(page) && !/\/dev\//.test(page),
      i18n: { defaultLocale: 'zh', locales: { zh: 'zh-CN', en: 'en' } },
    }),
  ],
  i18n: {
    locales: ['zh', 'en'],
    defaultLocale: 'zh',
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  markdown: { shikiConfig, processor: satteri({ hastPlugins: [alignClassesPlugin] }) },
  // One stylesheet file for the whole site (cssCodeSplit: false below), linked, not inlined:
  // a reader moving between chapters downloads it once (9 KB gzip), and each chapter's HTML
  // is that much smaller. Measured side by side on all 14 chapters (Lighthouse 13 mobile,
  // 3 runs each, Nov 26): mean TBT 51 -> 31 ms, FCP 1076 -> 1064 ms, LCP 1093 -> 1064 ms;
  // single pages moved both ways (en/02 FCP 1018 -> 907, en/01 1004 -> 1141). Inlined, the
  // simulated first paint came before the whole article was parsed and laid out, and that
  // layout then counted as blocking time; the CSS request now gates both alike.
  build: { format: 'directory', inlineStylesheets: 'never' },
  vite: {
    plugins: [codePalette(), xtermTrim()],
    // Astro inlines small scripts by default; the CSP allows only script files.
    build: { assetsInlineLimit: 0, cssCodeSplit: false },
    // The terminal's session worker (components/terminal/session-worker.ts) is an ES module
    // worker, so it may share chunks with the page's code. Some of its commands are chunks
    // of their own, loaded on first use (components/terminal/lazy-packs.ts). Everything the
    // worker runs before its first prompt stays in its entry chunk: left alone, the bundler
    // splits the modules the entry shares with those chunks into a dozen small ones, all
    // fetched up front anyway (1.4 KB more gzip, and as many requests).
    worker: {
      format: 'es',
      plugins: () => [lazyPacks()],
      rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'session-worker', tags: ['$initial'] }] } } },
    },
  },
});
