import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/layouts/csp.ts';
import { addInlineHashes, scriptHashes, styleHashes } from '../../src/site/inline-csp-hashes.ts';
import { withAlignClass, tableWrapper } from '../../src/highlight/rehype-align-classes.ts';
import type { Element } from 'hast';
import { withBase } from '../../src/i18n/paths.ts';
import { inlineParts } from '../../components/quiz/inline.ts';
import { FLOW_POINTS, pointText } from '../../components/flow/points.ts';
import { BOXES, EDGES } from '../../components/flow/layout.ts';

describe('content security policy', () => {
  it('allows scripts only from the site (plus WebAssembly for search), never inline', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
  });
  it('lets terminal pages style at run time (xterm.js writes <style> and style attributes), scripts still strict', () => {
    const csp = contentSecurityPolicy({ terminal: true });
    expect(csp).toContain("style-src-elem 'self' 'unsafe-inline'");
    expect(csp).toContain("style-src-attr 'unsafe-inline'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('inline style and script hashes', () => {
  const page = (head: string) => `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'">${head}</head></html>`;
  it('hashes each distinct <style> text (SHA-256 of its exact text, base64)', () => {
    // sha256("a{}"), computed independently with `printf 'a{}' | openssl dgst -sha256 -binary | base64`
    expect(styleHashes('<style>a{}</style><style>a{}</style>')).toEqual(["'sha256-X1RutGBrXCt9KkSaXMK7tHftWiRscFHOhxsS8tv8hBk='"]);
    expect(styleHashes('<style data-x="1">b{}</style>')).toHaveLength(1);
    expect(styleHashes('<p>no styles</p>')).toEqual([]);
  });
  it('hashes inline scripts that run, not script files or JSON data', () => {
    expect(scriptHashes('<script>a()</script><script src="/x.js"></script><script type="application/json">{}</script><script type="module" src="/m.js"></script>')).toEqual([
      // printf 'a()' | openssl dgst -sha256 -binary | base64
      "'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='",
    ]);
  });
  it('adds the hashes to style-src and script-src, leaving the rest of the policy alone', () => {
    const out = addInlineHashes(page('<style>a{}</style><style>b{}</style><script>a()</script>'));
    const csp = /content="([^"]+)"/.exec(out)![1];
    expect(csp).toMatch(/^default-src 'self'; script-src 'self' 'sha256-[^']+' 'wasm-unsafe-eval'; style-src 'self' 'sha256-[^']+' 'sha256-[^']+'; img-src 'self'$/);
    expect(addInlineHashes(page(''))).toBe(page(''));
  });
  it('refuses a page that has inline code but no CSP to extend', () => {
    expect(() => addInlineHashes('<style>a{}</style>')).toThrow(/no CSP/);
    expect(() => addInlineHashes('<script>a()</script>')).toThrow(/no CSP/);
  });
});

describe('withBase', () => {
  it('joins paths under any base, with or without slashes', () => {
    expect(withBase('zh/01-x/', '/')).toBe('/zh/01-x/');
    expect(withBase('/zh/', '/guide')).toBe('/guide/zh/');
    expect(withBase('', '/guide/')).toBe('/guide/');
    expect(withBase('pagefind/en/pagefind.js', '/a/b/')).toBe('/a/b/pagefind/en/pagefind.js');
  });
});

describe('quiz inline text', () => {
  it('splits code and bold out of plain text, never reading HTML', () => {
    expect(inlineParts('Use `-N` **first**, then <b>x</b>')).toEqual([
      { kind: 'text', text: 'Use ' },
      { kind: 'code', text: '-N' },
      { kind: 'text', text: ' ' },
      { kind: 'strong', text: 'first' },
      { kind: 'text', text: ', then <b>x</b>' },
    ]);
    expect(inlineParts('')).toEqual([]);
  });
});

describe('flow diagram data', () => {
  it('has the 17 points in order, each drawn with edges and boxes that exist', () => {
    expect(FLOW_POINTS.map((p) => p.n)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    const edges = new Set(EDGES.map((e) => e.id));
    const boxes = new Set(BOXES.map((b) => b.id));
    for (const p of FLOW_POINTS) {
      expect(p.edges.length, `point ${p.n}`).toBeGreaterThan(0);
      for (const e of p.edges) expect(edges.has(e), `${p.n}: ${e}`).toBe(true);
      for (const n of p.nodes) expect(boxes.has(n), `${p.n}: ${n}`).toBe(true);
      expect(p.badge[0]).toBeGreaterThan(0);
      expect(p.badge[0]).toBeLessThan(800);
      expect(p.badge[1]).toBeLessThan(470);
    }
  });
  it('tells every point in both languages, and the version-specific points differently', () => {
    for (const p of FLOW_POINTS) for (const lang of ['zh', 'en'] as const) for (const s of ['bookinfo-1.6', 'bookinfo-current'] as const) {
      expect(pointText(p, s, lang).length, `${p.n} ${lang} ${s}`).toBeGreaterThan(10);
    }
    const p7 = FLOW_POINTS[6];
    expect(pointText(p7, 'bookinfo-1.6', 'en')).toContain('uid 1337');
    expect(pointText(p7, 'bookinfo-current', 'en')).toContain('127.0.0.6');
    expect(pointText(FLOW_POINTS[14], 'bookinfo-1.6', 'en')).toContain('RETURN');
  });
});

describe('table alignment without style attributes', () => {
  it('turns text-align styles into classes and leaves other cells alone', () => {
    const cell = (properties: Record<string, unknown>) => ({ type: 'element', tagName: 'td', properties, children: [] }) as unknown as Element;
    expect(withAlignClass(cell({ style: 'text-align:center' }))?.properties).toEqual({ className: ['align-center'] });
    expect(withAlignClass(cell({ style: 'text-align: right;', className: ['x'] }))?.properties).toEqual({ className: ['x', 'align-right'] });
    expect(withAlignClass(cell({}))).toBeNull();
    expect(withAlignClass(cell({ style: 'color:red' }))).toBeNull();
  });
});

describe('table wrapper', () => {
  it('is a focusable region named in the chapter language, numbered within the page', () => {
    expect(tableWrapper(new URL('file:///x/content/zh/01-a.mdx'), 1).properties).toEqual({ className: ['table-wrap'], tabIndex: 0, role: 'region', ariaLabel: '表格 1' });
    expect(tableWrapper(new URL('file:///x/content/en/01-a.mdx'), 3).properties?.ariaLabel).toBe('Table 3');
  });
});
