// The small theme script is inlined into each page (src/layouts/Base.astro), so the theme is
// set before the first paint; the site's stylesheet is a file (astro.config.mjs). The CSP
// must still allow only our own code, so each inline <style> and <script> element's
// SHA-256 joins the page's style-src / script-src after the build: a hash allows exactly
// that text, and nothing a script or a reader adds later.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STYLE = /<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/g;
// Inline code only: not <script src>, not JSON data blocks (those never run).
const SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/g;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The CSP source expressions allowing each inline <style> element of `html`. */
export function styleHashes(html: string): string[] {
  return [...new Set([...html.matchAll(STYLE)].map(([, css]) => sha256(css)))];
}

/** The CSP source expressions allowing each inline, runnable <script> element of `html`. */
export function scriptHashes(html: string): string[] {
  const inline = [...html.matchAll(SCRIPT)].filter(([, attrs = '', body]) => !/\bsrc=/.test(attrs) && !/type="application\/json"/.test(attrs) && body.trim() !== '');
  return [...new Set(inline.map(([, , body]) => sha256(body)))];
}

function extend(html: string, directive: 'style-src' | 'script-src', hashes: string[]): string {
  if (hashes.length === 0) return html;
  const csp = new RegExp(`(<meta http-equiv="Content-Security-Policy" content="[^"]*?${directive} 'self')`);
  if (!csp.test(html)) throw new Error(`a page with inline code has no CSP with a ${directive} to extend`);
  return html.replace(csp, `$1 ${hashes.join(' ')}`);
}

/** `html` with its inline styles' and scripts' hashes added to the CSP; unchanged when it has none. */
export function addInlineHashes(html: string): string {
  return extend(extend(html, 'style-src', styleHashes(html)), 'script-src', scriptHashes(html));
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'pagefind' ? [] : htmlFiles(p);
    return e.name.endsWith('.html') ? [p] : [];
  });
}

/** Runs at astro:build:done over every page in the output directory. */
export function hashInlineCode(outDir: string): number {
  let pages = 0;
  for (const file of htmlFiles(outDir)) {
    const html = readFileSync(file, 'utf8');
    const next = addInlineHashes(html);
    if (next !== html) {
      writeFileSync(file, next);
      pages++;
    }
  }
  return pages;
}
