// What a terminal costs the reader, measured in Chromium: every file the browser requests
// from the moment the terminal starts (scrolled into view) until its first prompt accepts
// input. Requests are taken from the browser's own network events (page, workers), and
// each file is sized as gzip -9 of what dist/ serves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

export interface LoadedFile { path: string; gz: number; raw: number }
export interface TerminalLoad { js: LoadedFile[]; css: LoadedFile[]; jsGz: number; cssGz: number; ms: number }

export function gzSize(distDir: string, path: string): { gz: number; raw: number } {
  try {
    const buf = readFileSync(join(distDir, decodeURIComponent(path)));
    return { gz: gzipSync(buf, { level: 9 }).length, raw: buf.length };
  } catch {
    return { gz: 0, raw: 0 };
  }
}

/** The page must hold `[data-id=<id>]` below the fold. `page` must be fresh (nothing started). */
export async function measureTerminalLoad(page: Page, url: string, distDir: string, id: string): Promise<TerminalLoad> {
  const seen: string[] = [];
  let recording = false;
  const onRequest = (r: { url(): string }) => {
    if (recording) seen.push(r.url());
  };
  page.on('request', onRequest);
  // Requests a dedicated worker makes are reported on the worker, not the page.
  page.on('worker', (w) => {
    if (recording) seen.push(w.url());
  });
  page.context().on('request', onRequest);
  await page.goto(url, { waitUntil: 'networkidle' });
  const state = await page.getAttribute(`[data-id="${id}"]`, 'data-term-state');
  if (state !== null) throw new Error(`terminal ${id} started before it was scrolled to (${state})`);
  recording = true;
  const t0 = Date.now();
  await page.locator(`[data-id="${id}"]`).scrollIntoViewIfNeeded();
  // Interactive: the view says ready and the prompt is drawn.
  await page.waitForFunction(
    (tid) => {
      const el = document.querySelector(`[data-id="${tid}"]`);
      if (el?.getAttribute('data-term-state') !== 'ready') return false;
      const rows = [...el.querySelectorAll('.xterm-rows > div')].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
      return /# \s*$/.test(rows.trimEnd() + ' ');
    },
    id,
    { timeout: 60_000 },
  );
  const ms = Date.now() - t0;
  recording = false;
  page.off('request', onRequest);
  page.context().off('request', onRequest);
  const paths = [...new Set(seen.map((u) => new URL(u).pathname))];
  const files = paths.map((path) => ({ path, ...gzSize(distDir, path) }));
  const js = files.filter((f) => /\.m?js$/.test(f.path)).sort((a, b) => b.gz - a.gz);
  const css = files.filter((f) => /\.css$/.test(f.path)).sort((a, b) => b.gz - a.gz);
  const sum = (l: LoadedFile[]) => l.reduce((s, f) => s + f.gz, 0);
  return { js, css, jsGz: sum(js), cssGz: sum(css), ms };
}
