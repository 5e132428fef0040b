// The anchor comparison for bench/site.ts: one of our chapters' prose as a Starlight docs page
// (bench/anchors/starlight, installed with `npm ci` on first use into its own gitignored
// node_modules; not a dependency of the guide), the same Markdown as a chapter of ours (no
// terminal), and our real chapter (terminals, quiz), all served by one gzip static server and
// measured side by side in the same run: bytes from Lighthouse's network records, and
// FCP / LCP / TBT / CLS / score as the median of N Lighthouse runs taken in turn.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { chapterMarkdown, markdownFile } from './chapter-markdown.ts';
import { lighthouse, medianRun, serveDir, load, type LhRun } from '../lighthouse.ts';
import { astroBuild, buildEnv } from '../../test/e2e/fixture-site.ts';
import { copySite } from '../../test/e2e/site-copy.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const STARLIGHT = join(ROOT, 'bench/anchors/starlight');
/** The chapter whose prose every page of the comparison carries. */
export const ANCHOR_CHAPTER = '02-nat-conntrack';

/** `npm ci` when node_modules is missing or older than the lockfile. */
function ensureStarlight(): void {
  const stamp = join(STARLIGHT, 'node_modules/.package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(join(STARLIGHT, 'package-lock.json')).mtimeMs) return;
  console.log('installing the Starlight anchor (npm ci in bench/anchors/starlight) ...');
  const r = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: STARLIGHT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm ci failed in ${STARLIGHT}:\n${r.stdout}${r.stderr}`);
}

function buildStarlight(md: string): string {
  ensureStarlight();
  const dir = join(STARLIGHT, 'src/content/docs/guide');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${ANCHOR_CHAPTER.slice(3)}.md`), md);
  const r = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], { cwd: STARLIGHT, encoding: 'utf8', env: buildEnv() });
  if (r.status !== 0) throw new Error(`Starlight build failed:\n${r.stdout}${r.stderr}`);
  return join(STARLIGHT, 'dist');
}

/** Our site with only this Markdown as its chapter (both languages, so every link resolves). */
function buildOursPlain(md: string): { dist: string; remove(): void } {
  const content = mkdtempSync(join(tmpdir(), 'istio-guide-anchor-content-'));
  for (const lang of ['zh', 'en']) {
    mkdirSync(join(content, lang));
    writeFileSync(join(content, lang, `${ANCHOR_CHAPTER}.mdx`), md);
  }
  const site = copySite(ROOT, { content, prefix: 'istio-guide-anchor-' });
  rmSync(content, { recursive: true, force: true });
  try {
    astroBuild(site.root);
  } catch (e) {
    site.remove();
    throw e;
  }
  return { dist: join(site.root, 'dist'), remove: site.remove };
}

interface Bytes { jsKbGzip: number; totalKbGzip: number; requests: number; htmlKbGzip: number; cssKbGzip: number }

function bytesOf(reportFile: string): Bytes {
  const j = JSON.parse(readFileSync(reportFile, 'utf8')) as { audits: Record<string, { details?: { items?: Array<{ resourceType?: string; transferSize?: number }> } }> };
  const items = j.audits['network-requests']?.details?.items ?? [];
  const kb = (f: (i: { resourceType?: string }) => boolean) => Math.round(items.filter(f).reduce((s, i) => s + (i.transferSize ?? 0), 0) / 102.4) / 10;
  return {
    jsKbGzip: kb((i) => i.resourceType === 'Script'),
    cssKbGzip: kb((i) => i.resourceType === 'Stylesheet'),
    htmlKbGzip: kb((i) => i.resourceType === 'Document'),
    totalKbGzip: kb(() => true),
    requests: items.length,
  };
}

export interface AnchorRow extends Bytes { page: string; performance: number; fcp: number; lcp: number; tbt: number; cls: number; runs: number }

/** `realDist`: a full build of the real site (for our chapter with its terminals), or null. */
export async function anchorComparison(realDist: string | null, runs = 3): Promise<AnchorRow[]> {
  const md = chapterMarkdown(join(ROOT, `content/en/${ANCHOR_CHAPTER}.mdx`));
  const starlightDist = buildStarlight(markdownFile(md));
  const plain = buildOursPlain(markdownFile(md, [`order: ${Number(ANCHOR_CHAPTER.slice(0, 2))}`, 'terminal: false']));
  const pages = [
    { page: `Starlight 0.42 docs page (same prose + listings)`, dir: starlightDist, path: `guide/${ANCHOR_CHAPTER.slice(3)}/` },
    { page: `ours, same Markdown, no terminal`, dir: plain.dist, path: `en/${ANCHOR_CHAPTER}/` },
    ...(realDist ? [{ page: `ours, real chapter en/${ANCHOR_CHAPTER} (terminals, quiz)`, dir: realDist, path: `en/${ANCHOR_CHAPTER}/` }] : []),
  ];
  const servers = await Promise.all(pages.map((p) => serveDir(p.dir)));
  const out = mkdtempSync(join(tmpdir(), 'lh-anchor-'));
  const results: LhRun[][] = pages.map(() => []);
  const bytes: (Bytes | null)[] = pages.map(() => null);
  console.log(`anchor comparison: ${runs} Lighthouse runs per page, taken in turn (load average ${load()})`);
  try {
    for (let i = 0; i < runs; i++) {
      for (const [k, p] of pages.entries()) {
        const file = join(out, `${k}-${i}.json`);
        const r = await lighthouse(`${servers[k].url}${p.path}`, file);
        if (!r) continue;
        results[k].push(r);
        bytes[k] ??= bytesOf(file);
      }
    }
  } finally {
    for (const s of servers) s.close();
    plain.remove();
    rmSync(out, { recursive: true, force: true });
  }
  const rows: AnchorRow[] = [];
  for (const [k, p] of pages.entries()) {
    if (results[k].length === 0 || !bytes[k]) {
      console.log(`${p.page}: Lighthouse failed`);
      continue;
    }
    const m = medianRun(results[k]);
    rows.push({
      page: p.page, ...bytes[k]!, performance: m.scores.performance, runs: m.runs,
      fcp: Math.round(m.metrics['first-contentful-paint']), lcp: Math.round(m.metrics['largest-contentful-paint']),
      tbt: Math.round(m.metrics['total-blocking-time']), cls: m.metrics['cumulative-layout-shift'],
    });
  }
  const w = Math.max(...rows.map((r) => r.page.length));
  console.log(`${'page'.padEnd(w)}  JS gz  CSS gz  HTML gz  total gz  reqs  perf   FCP    LCP   TBT   CLS   (KB; ms; Lighthouse mobile, median of ${runs}, load ${load()})`);
  for (const r of rows) {
    console.log(`${r.page.padEnd(w)}  ${String(r.jsKbGzip).padStart(5)}  ${String(r.cssKbGzip).padStart(6)}  ${String(r.htmlKbGzip).padStart(7)}  ${String(r.totalKbGzip).padStart(8)}  ${String(r.requests).padStart(4)}  ${String(r.performance).padStart(4)}  ${String(r.fcp).padStart(5)}  ${String(r.lcp).padStart(5)}  ${String(r.tbt).padStart(4)}  ${String(r.cls).padStart(5)}`);
  }
  return rows;
}
