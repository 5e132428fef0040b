// What a terminal costs the reader, measured in Chromium: every file the browser requests
// from the moment the terminal starts (scrolled into view) until its first prompt accepts
// input. Requests are taken from the browser's own network events (page, workers), and
// each file is sized as gzip -9 of what dist/ serves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

export interface LoadedFile { path: string; gz: number; raw: number }
export interface TerminalLoad {
  js: LoadedFile[];
  css: LoadedFile[];
  jsGz: number;
  cssGz: number;
  ms: number;
  /** With `command`: every JS file fetched from the start until that command has answered
   *  (so code merely deferred past the first prompt still shows). */
  command?: { line: string; js: LoadedFile[]; jsGz: number; ms: number };
}

export function gzSize(distDir: string, path: string): { gz: number; raw: number } {
  try {
    const buf = readFileSync(join(distDir, decodeURIComponent(path)));
    return { gz: gzipSync(buf, { level: 9 }).length, raw: buf.length };
  } catch {
    return { gz: 0, raw: 0 };
  }
}

/** The page must hold `[data-id=<id>]` below the fold. `page` must be fresh (nothing started).
 *  `command`: then typed at the first prompt; measured until the screen matches `done`. */
export async function measureTerminalLoad(page: Page, url: string, distDir: string, id: string, command?: { line: string; done: RegExp }): Promise<TerminalLoad> {
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
  const atPrompt = seen.length;
  let after: TerminalLoad['command'];
  if (command) {
    await page.locator(`[data-id="${id}"] .xterm-helper-textarea`).focus();
    await page.keyboard.type(command.line);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      ([tid, src, flags]) => {
        const rows = [...document.querySelectorAll(`[data-id="${tid}"] .xterm-rows > div`)].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
        return new RegExp(src, flags).test(rows);
      },
      [id, command.done.source, command.done.flags] as const,
      { timeout: 60_000 },
    );
    const files = sized(distDir, seen);
    after = { line: command.line, js: files.js, jsGz: sum(files.js), ms: Date.now() - t0 };
  }
  recording = false;
  page.off('request', onRequest);
  page.context().off('request', onRequest);
  const { js, css } = sized(distDir, seen.slice(0, atPrompt));
  return { js, css, jsGz: sum(js), cssGz: sum(css), ms, ...(after ? { command: after } : {}) };
}

const sum = (l: LoadedFile[]) => l.reduce((s, f) => s + f.gz, 0);

function sized(distDir: string, urls: string[]): { js: LoadedFile[]; css: LoadedFile[] } {
  const paths = [...new Set(urls.map((u) => new URL(u).pathname))];
  const files = paths.map((path) => ({ path, ...gzSize(distDir, path) }));
  return {
    js: files.filter((f) => /\.m?js$/.test(f.path)).sort((a, b) => b.gz - a.gz),
    css: files.filter((f) => /\.css$/.test(f.path)).sort((a, b) => b.gz - a.gz),
  };
}
