// Stylesheets are inlined into each page (astro.config.mjs: build.inlineStylesheets), so the
// first paint waits for no CSS request. The CSP must still allow only our own styles, so each
// inlined <style> element's SHA-256 joins the page's style-src after the build: a hash
// allows exactly that text, and nothing a script or a reader adds later.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STYLE = /<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/g;
const CSP = /(<meta http-equiv="Content-Security-Policy" content="[^"]*?style-src 'self')/;

/** The CSP source expressions allowing each inline <style> element of `html`. */
export function styleHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, css] of html.matchAll(STYLE)) hashes.add(`'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
  return [...hashes];
}

/** `html` with its inline styles' hashes added to the CSP's style-src; unchanged when it has none. */
export function addStyleHashes(html: string): string {
  const hashes = styleHashes(html);
  if (hashes.length === 0) return html;
  if (!CSP.test(html)) throw new Error('a page with inline styles has no CSP with a style-src to extend');
  return html.replace(CSP, `$1 ${hashes.join(' ')}`);
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'pagefind' ? [] : htmlFiles(p);
    return e.name.endsWith('.html') ? [p] : [];
  });
}

/** Runs at astro:build:done over every page in the output directory. */
export function hashInlineStyles(outDir: string): number {
  let pages = 0;
  for (const file of htmlFiles(outDir)) {
    const html = readFileSync(file, 'utf8');
    const next = addStyleHashes(html);
    if (next !== html) {
      writeFileSync(file, next);
      pages++;
    }
  }
  return pages;
}
