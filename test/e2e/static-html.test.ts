import { describe, expect, it, inject } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

// What every built page must carry, read straight from dist/ (built by `npm test`).
function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return p.includes('/pagefind') ? [] : htmlFiles(p);
    return e.name.endsWith('.html') ? [p] : [];
  });
}
// The snapshot of dist/ the browser tests serve (see global-setup.ts); names below are
// relative to it, as "dist/...".
const DIST = inject('siteDist');
const pages = htmlFiles(DIST).map((file) => ({ file: `dist${file.slice(DIST.length)}`, html: readFileSync(file, 'utf8') }));
const chapters = pages.filter((p) => /dist\/(zh|en)\/[^/]+\/index\.html$/.test(p.file));

describe('built HTML', () => {
  it('exists for both languages, the chooser and the 404 page', () => {
    const names = pages.map((p) => p.file);
    expect(names).toEqual(expect.arrayContaining(['dist/index.html', 'dist/404.html', 'dist/zh/index.html', 'dist/en/index.html']));
    expect(chapters.length).toBeGreaterThanOrEqual(2);
  });

  it('has a CSP that allows only the site\'s own scripts and styles, first in <head>', () => {
    for (const { file, html } of pages) {
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
      expect(csp, file).toBeDefined();
      expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')* 'wasm-unsafe-eval';/);
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    }
  });

  it('relaxes style elements only on pages that hold a terminal (xterm.js writes <style>)', () => {
    for (const { file, html } of pages) {
      const hasTerminal = html.includes('data-terminal');
      expect(html.includes("style-src-elem 'self' 'unsafe-inline'"), file).toBe(hasTerminal);
    }
  });

  it('has no inline event handlers or style attributes, and one inline script: the theme, allowed by its hash', () => {
    for (const { file, html } of pages) {
      const inlineScripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
        ([, attrs, body]) => !/\bsrc=/.test(attrs) && !/type="application\/json"/.test(attrs) && body.trim() !== '',
      );
      expect(inlineScripts.map((m) => m[2]), file).toEqual([expect.stringContaining("localStorage.getItem('istio-guide:theme')")]);
      const scriptSrc = /script-src ([^;"]+)/.exec(html)?.[1] ?? '';
      expect(scriptSrc.split(' ').filter((s) => s.startsWith("'sha256-")), file).toEqual([`'sha256-${createHash('sha256').update(inlineScripts[0][2]).digest('base64')}'`]);
      // It runs before anything is painted: in <head>, before the first stylesheet's body is used.
      expect(html.indexOf(inlineScripts[0][0]), file).toBeLessThan(html.indexOf('</head>'));
      expect(html.match(/\son[a-z]+="/g), file).toBeNull();
      expect(html.match(/\sstyle="/g), file).toBeNull();
    }
  });

  it('links the site\'s one stylesheet (shared by every page, so cached across chapters) and inlines none', () => {
    const sheets = new Set<string>();
    for (const { file, html } of pages) {
      const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
      expect(links, file).toHaveLength(1);
      sheets.add(links[0]);
      // before </head>, so nothing is painted unstyled
      expect(html.indexOf('<link rel="stylesheet"'), file).toBeLessThan(html.indexOf('</head>'));
      expect(html.match(/<style[\s>]/g), file).toBeNull();
      const styleSrc = /style-src ([^;"]+)/.exec(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '')?.[1] ?? '';
      expect(styleSrc.trim(), file).toBe("'self'");
    }
    expect(sheets.size).toBe(1);
  });

  it('loads one module script, at the end of <body>, that imports nothing statically (one request, no chain)', () => {
    const entries = new Set<string>();
    for (const { file, html } of pages) {
      const mods = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)];
      expect(mods.length, file).toBe(1);
      expect(html.indexOf(mods[0][0]), file).toBeGreaterThan(html.lastIndexOf('</main>'));
      entries.add(mods[0][1]);
    }
    expect(entries.size).toBe(1);
    const js = readFileSync(join(DIST, [...entries][0]), 'utf8');
    // Static imports would be fetched before it runs; the islands' code must stay dynamic.
    expect(js.match(/(?:^|[;}\s])import\s*[{*\w"'][^(]/g)).toBeNull();
    expect(js).toContain('import(');
  });

  it('holds a chapter\'s first render until its whole article is parsed (rel=expect on its last element)', () => {
    for (const { file, html } of chapters) {
      const id = /<link rel="expect" href="#([^"]+)" blocking="render">/.exec(html)?.[1];
      expect(id, file).toBeTruthy();
      expect(html.indexOf('<link rel="expect"'), file).toBeLessThan(html.indexOf('</head>'));
      const at = html.indexOf(`id="${id}"`);
      expect(at, file).toBeGreaterThan(html.lastIndexOf('data-quiz-key'));
      expect(at, file).toBeLessThan(html.indexOf('</article>'));
    }
  });

  it('gives every chapter its own title, description, Open Graph tags and hreflang alternates', () => {
    const titles = new Set<string>();
    for (const { file, html } of chapters) {
      const title = /<title>([^<]+)<\/title>/.exec(html)?.[1];
      expect(title, file).toBeTruthy();
      titles.add(title!);
      expect(html, file).toMatch(/<meta name="description" content="[^"]+">/);
      for (const prop of ['og:title', 'og:description', 'og:url', 'og:locale', 'og:type']) expect(html, `${file} ${prop}`).toContain(`property="${prop}"`);
      expect(html).toMatch(/<link rel="alternate" hreflang="zh-CN" href="[^"]+\/zh\/[^"]+\/">/);
      expect(html).toMatch(/<link rel="alternate" hreflang="en" href="[^"]+\/en\/[^"]+\/">/);
      expect(html).toContain('hreflang="x-default"');
    }
    expect(titles.size).toBe(chapters.length);
  });

  it('does not ship the components\' test pages (src/pages/dev/ is built only for the browser tests)', () => {
    expect(existsSync(join(DIST, 'dev')), 'dist/dev/ exists: only a build with GUIDE_DEV_PAGES=1 may keep it').toBe(false);
  });

  it('lists every reader page in the sitemap, but not the 404 or the dev/ test pages', () => {
    const sitemap = readFileSync(join(DIST, 'sitemap-0.xml'), 'utf8');
    for (const { file } of pages) {
      const path = file.replace(/^dist/, '').replace(/index\.html$/, '');
      if (file.endsWith('404.html') || path.startsWith('/dev/')) expect(sitemap, path).not.toContain(`${path}</loc>`);
      else expect(sitemap, path).toContain(`${path}</loc>`);
    }
  });

  it('has a Pagefind index per language', () => {
    for (const lang of ['zh', 'en']) {
      const entry = JSON.parse(readFileSync(join(DIST, `pagefind/${lang}/pagefind-entry.json`), 'utf8')) as { languages: Record<string, { page_count: number }> };
      const langs = Object.keys(entry.languages);
      expect(langs).toEqual([lang === 'zh' ? 'zh-cn' : 'en']);
      expect(entry.languages[langs[0]].page_count).toBe(chapters.filter((c) => c.file.includes(`/${lang}/`)).length);
    }
  });
});
