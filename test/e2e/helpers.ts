// Shared by every browser test (site, terminal, quiz ...):
//   const b = await openBrowser();  const page = await b.page('/zh/');  ...  await b.close();
// `siteUrl()` is the running `astro preview` (started once by global-setup.ts).
// Each page records console errors, page errors, failed requests and CSP violations
// in `page.problems`, so any test can assert a clean page.
import { inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './helpers-browser.ts';
export { CHROMIUM_ARGS, CHROMIUM_PATH };

/** A page of the real site; `dev/...` (the components' test pages, which the real site does
 *  not ship) resolves to the fixture site, where the browser tests build them. */
export function siteUrl(path = ''): string {
  const rel = path.replace(/^\//, '');
  return new URL(rel, inject(rel.startsWith('dev/') ? 'fixtureUrl' : 'siteUrl')).href;
}

/** A page of the fixture site (test/e2e/fixtures/site), e.g. fixtureUrl('en/01-fixture/'). */
export function fixtureUrl(path = ''): string {
  return new URL(path.replace(/^\//, ''), inject('fixtureUrl')).href;
}

export interface CheckedPage extends Page {
  problems: string[];
}

export interface TestBrowser {
  browser: Browser;
  context: BrowserContext;
  /** Opens `path` (relative to the site, or a full URL such as fixtureUrl(...)) and waits for the load event. */
  /** `fresh`: a new browser context (empty localStorage), as does any javaScript/colorScheme option. */
  page(path?: string, opts?: { width?: number; height?: number; colorScheme?: 'light' | 'dark'; javaScript?: boolean; fresh?: boolean }): Promise<CheckedPage>;
  close(): Promise<void>;
}

/** Chromium with a fresh profile: playwright's launch() always passes its own new
 *  temporary --user-data-dir (and refuses one in args). Width defaults to a laptop screen. */
export async function openBrowser(opts: { javaScript?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    javaScriptEnabled: opts.javaScript ?? true,
    colorScheme: opts.colorScheme ?? 'light',
  });
  const contexts: BrowserContext[] = [context];
  return {
    browser,
    context,
    async page(path = '', p = {}) {
      let ctx = context;
      if (p.javaScript === false || p.colorScheme || p.fresh) {
        ctx = await browser.newContext({
          viewport: { width: p.width ?? 1280, height: p.height ?? 800 },
          javaScriptEnabled: p.javaScript ?? true,
          colorScheme: p.colorScheme ?? 'light',
        });
        contexts.push(ctx);
      }
      const page = (await ctx.newPage()) as CheckedPage;
      if (p.width || p.height) await page.setViewportSize({ width: p.width ?? 1280, height: p.height ?? 800 });
      watch(page);
      await page.goto(/^https?:/.test(path) ? path : siteUrl(path), { waitUntil: 'load' });
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
    },
  };
}

/** Starts recording problems on a page (done by `page()`; exported for pages made otherwise). */
export function watch(page: Page): CheckedPage {
  const p = page as CheckedPage;
  if (p.problems) return p;
  p.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') p.problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => p.problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // ERR_ABORTED: the reader navigated away while a lazy chunk was still loading.
    const error = r.failure()?.errorText ?? '';
    if (!error.includes('ERR_ABORTED')) p.problems.push(`requestfailed: ${r.url()} ${error}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) p.problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return p;
}

/** Sets a theme choice the way the toggle stores it, before any page script runs. */
export async function presetTheme(context: BrowserContext, theme: 'light' | 'dark' | 'auto'): Promise<void> {
  await context.addInitScript((t: string) => {
    if (t === 'auto') localStorage.removeItem('istio-guide:theme');
    else localStorage.setItem('istio-guide:theme', t);
  }, theme);
}

/** Every page of the built site, from the sitemap (paths relative to the site root). */
export async function allPages(): Promise<string[]> {
  const index = await (await fetch(siteUrl('sitemap-0.xml'))).text();
  const origin = new URL(siteUrl()).pathname;
  return [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
    const path = new URL(m[1]).pathname;
    return path.startsWith(origin) ? path.slice(origin.length) : path.replace(/^\//, '');
  });
}

/** True when the page is wider than its viewport (a horizontal scrollbar). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
