// `npm run bench` (or node_modules/.bin/node bench/site.ts): what the site costs a reader.
//   1. full build time (astro build + both Pagefind indexes) of a copy with the real content/
//   2. JavaScript shipped per chapter page, gzip, with and without a terminal (fixture
//      chapters, so the numbers do not move when the prose does): what loads up front, and
//      what a terminal adds once it starts
//   3. FCP / LCP / CLS in Chromium (PerformanceObserver), unthrottled and with 4x CPU
//      slowdown + 40 ms RTT / 10 Mbit/s.
//   4. the anchor comparison (bench/anchors/compare.ts): one chapter's prose as a Starlight
//      docs page vs the same Markdown as our chapter vs our real chapter, side by side in
//      this run (bytes and Lighthouse FCP / LCP / TBT / CLS).
// Section 3 reads these metrics from the browser directly; section 4 runs Lighthouse.
// Human lines, then one JSON line.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { astroBuild, buildFixtureSite } from '../test/e2e/fixture-site.ts';
import { copySite } from '../test/e2e/site-copy.ts';
import { startPreview } from '../test/e2e/preview.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/e2e/helpers-browser.ts';
import { anchorComparison } from './anchors/compare.ts';

const ROOT = resolve(import.meta.dirname, '..');
const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

// `keep`: the built copy is returned (as `dist`, with `remove`) instead of deleted.
function timeBuild(keep = false): { seconds: number; astro: number; pagefind: number; pages: number; dist?: string; remove?: () => void } {
  const site = copySite(ROOT, { extra: ['content'], prefix: 'istio-guide-bench-' });
  let kept = false;
  try {
    const t0 = performance.now();
    astroBuild(site.root);
    const t1 = performance.now();
    for (const lang of ['zh', 'en']) {
      const p = spawnSync(join(ROOT, 'node_modules/.bin/pagefind'), ['--site', 'dist', '--glob', `${lang}/**/*.html`, '--output-subdir', `pagefind/${lang}`, '--quiet'], { cwd: site.root, encoding: 'utf8' });
      if (p.status !== 0) throw new Error(`pagefind failed:\n${p.stdout}${p.stderr}`);
    }
    const t2 = performance.now();
    const pages = spawnSync('find', ['dist', '-name', 'index.html'], { cwd: site.root, encoding: 'utf8' }).stdout.trim().split('\n').length;
    kept = keep;
    return { seconds: (t2 - t0) / 1000, astro: (t1 - t0) / 1000, pagefind: (t2 - t1) / 1000, pages, ...(keep ? { dist: join(site.root, 'dist'), remove: site.remove } : {}) };
  } finally {
    if (!kept) site.remove();
  }
}

/** gzip size of every JavaScript response a page loads, split at a moment we choose. */
async function jsBytes(page: Page, distDir: string, url: string, after?: (p: Page) => Promise<void>) {
  const seen = new Set<string>();
  const sizeOf = (u: string) => {
    const path = new URL(u).pathname;
    try { return gzipSync(readFileSync(join(distDir, path))).length; } catch { return 0; }
  };
  page.on('response', (r) => { if (/\.m?js(\?|$)/.test(r.url())) seen.add(r.url()); });
  await page.goto(url, { waitUntil: 'networkidle' });
  const initial = [...seen].reduce((s, u) => s + sizeOf(u), 0);
  const initialFiles = seen.size;
  let later = 0;
  if (after) {
    const before = new Set(seen);
    await after(page);
    await page.waitForLoadState('networkidle');
    later = [...seen].filter((u) => !before.has(u)).reduce((s, u) => s + sizeOf(u), 0);
  }
  return { initial, initialFiles, later };
}

interface Vitals { fcp: number; lcp: number; cls: number }

async function vitals(page: Page, url: string): Promise<Vitals> {
  await page.addInitScript(() => {
    const w = window as unknown as { __v: { fcp: number; lcp: number; cls: number } };
    w.__v = { fcp: 0, lcp: 0, cls: 0 };
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') w.__v.fcp = e.startTime; }).observe({ type: 'paint', buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__v.lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) w.__v.cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const v = (window as unknown as { __v: { fcp: number; lcp: number; cls: number } }).__v;
    return { fcp: Math.round(v.fcp), lcp: Math.round(v.lcp), cls: Math.round(v.cls * 1000) / 1000 };
  });
}

async function main() {
  console.log('building a copy of the site with the real content (astro build + pagefind x2) ...');
  let build: ReturnType<typeof timeBuild> | null = null;
  try {
    build = timeBuild(true);
    console.log(`full build: ${build.seconds.toFixed(2)} s (astro ${build.astro.toFixed(2)} s, pagefind ${build.pagefind.toFixed(2)} s), ${build.pages} pages`);
  } catch (e) {
    // The content is written by others while this runs; report and go on measuring.
    console.log(`full build FAILED, not timed: ${(e as Error).message.split('\n').find((l) => /error/i.test(l)) ?? ''}`);
  }

  const fixture = buildFixtureSite();
  const preview = await startPreview({ root: fixture.root });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const dist = join(fixture.root, 'dist');
  const out: Record<string, unknown> = build
    ? { buildSeconds: Number(build.seconds.toFixed(2)), astroSeconds: Number(build.astro.toFixed(2)), pagefindSeconds: Number(build.pagefind.toFixed(2)), pages: build.pages }
    : { buildSeconds: null };
  try {
    const pages = {
      plain: `${preview.url}en/02-second/`,
      full: `${preview.url}en/01-fixture/`,
      home: `${preview.url}en/`,
    };
    let ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const plain = await jsBytes(await ctx.newPage(), dist, pages.plain);
    // zh/01-fixture: its only terminal (a quiz task) is far down, so the first load shows
    // what the page ships before any terminal starts.
    const full = await jsBytes(await ctx.newPage(), dist, `${preview.url}zh/01-fixture/`, async (p) => {
      const t = p.locator('[data-terminal]').first();
      await t.scrollIntoViewIfNeeded();
      await p.waitForFunction(() => document.querySelector('[data-terminal]')?.getAttribute('data-term-state') === 'ready', undefined, { timeout: 30_000 });
    });
    const search = await jsBytes(await ctx.newPage(), dist, pages.home, async (p) => {
      await p.keyboard.press('/');
      await p.fill('[data-search-input]', 'chain');
      await p.waitForTimeout(800);
    });
    await ctx.close();
    console.log(`JS up front, chapter without terminal: ${kb(plain.initial)} KB gzip (${plain.initialFiles} files)`);
    console.log(`JS up front, chapter with terminal + quiz + diagram: ${kb(full.initial)} KB gzip (${full.initialFiles} files); +${kb(full.later)} KB when the terminal starts`);
    console.log(`search: +${kb(search.later)} KB JS on first use (plus the Pagefind index and wasm, fetched then)`);
    Object.assign(out, {
      jsKbGzipNoTerminal: kb(plain.initial),
      jsKbGzipWithTerminal: kb(full.initial),
      jsKbGzipTerminalStarted: kb(full.later),
      jsKbGzipSearchOnUse: kb(search.later),
    });

    for (const [label, throttle] of [['unthrottled', false], ['4x CPU, 40 ms RTT, 10 Mbit/s', true]] as const) {
      for (const [name, url] of Object.entries(pages)) {
        const runs: Vitals[] = [];
        for (let i = 0; i < 3; i++) {
          ctx = await browser.newContext({ viewport: { width: 375, height: 740 } });
          const page = await ctx.newPage();
          if (throttle) {
            const cdp = await ctx.newCDPSession(page);
            await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
            await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: (10 * 1024 * 1024) / 8, uploadThroughput: (5 * 1024 * 1024) / 8 });
          }
          runs.push(await vitals(page, url));
          await ctx.close();
        }
        const med = (k: keyof Vitals) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
        const v = { fcp: med('fcp'), lcp: med('lcp'), cls: med('cls') };
        console.log(`${label.padEnd(30)} ${name.padEnd(6)} FCP ${v.fcp} ms, LCP ${v.lcp} ms, CLS ${v.cls} (median of 3, 375 px)`);
        out[`${throttle ? 'slow' : 'fast'}_${name}`] = v;
      }
    }
  } finally {
    await browser.close();
    await preview.stop();
    fixture.remove();
  }
  try {
    out.anchor = await anchorComparison(build?.dist ?? null);
  } catch (e) {
    console.log(`anchor comparison FAILED: ${(e as Error).message.split('\n').slice(0, 3).join(' ')}`);
    out.anchor = { error: (e as Error).message.split('\n')[0] };
  } finally {
    build?.remove?.();
  }
  console.log(JSON.stringify(out));
}

await main();
