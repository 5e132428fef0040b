import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixtureSite, type FixtureSite } from '../e2e/fixture-site.ts';

// The site must work from any sub-path of a static host (SITE_BASE). Build the
// fixture chapters under /guide/ and check that every internal URL stays inside it.
let site: FixtureSite;
beforeAll(() => {
  site = buildFixtureSite({ SITE_BASE: '/guide/' });
}, 120_000);
afterAll(() => site?.remove());

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : [],
  );
}

describe('built under SITE_BASE=/guide/', () => {
  it('points every internal link, script, stylesheet and icon inside /guide/', () => {
    const files = htmlFiles(join(site.root, 'dist'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    const outside: string[] = [];
    for (const f of files) {
      const html = readFileSync(f, 'utf8');
      for (const m of html.matchAll(/\s(?:href|src|data-base)="([^"]*)"/g)) {
        const url = m[1];
        if (/^(https?:|#|mailto:)/.test(url)) continue;
        if (!url.startsWith('/guide/')) outside.push(`${f.slice(site.root.length)}: ${url}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('keeps absolute URLs (canonical, hreflang, og) under the base too', () => {
    const html = readFileSync(join(site.root, 'dist/en/01-fixture/index.html'), 'utf8');
    expect(html).toContain('<link rel="canonical" href="https://istio-iptables.example.org/guide/en/01-fixture/">');
    expect(html).toContain('hreflang="zh-CN" href="https://istio-iptables.example.org/guide/zh/01-fixture/"');
    expect(html).toContain('<meta property="og:image" content="https://istio-iptables.example.org/guide/og.png">');
    expect(html).toContain('data-base="/guide/"');
  });
});
