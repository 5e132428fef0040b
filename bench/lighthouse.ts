// Lighthouse 13 (mobile defaults) on every chapter page of the built site (dist/), with Debian's
// chromium, served by a tiny static server on loopback. Run `npm run build` first.
//   node bench/lighthouse.ts [--runs N] [--dist DIR] [--compare DIR] [--no-gzip] [--keep DIR] [page-filter ...]
// Each page is measured N times (default 3, one after another) and the median of each category
// and metric is reported, with the load average at the start and end (the machine is shared).
// Prints one line per page and a final JSON line with every median.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, existsSync, statSync, mkdtempSync, mkdirSync, copyFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { tmpdir, loadavg } from 'node:os';
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.wasm': 'application/wasm', '.xml': 'application/xml',
};

/** A static server for `dir` on loopback. Text is sent gzip-compressed when the client asks,
 *  as any production static host does (GitHub Pages, Netlify, nginx with gzip_static ...);
 *  `gzip: false` serves it raw, as this bench did before. Shared with the anchor comparison. */
export async function serveDir(dir: string, { gzip = true } = {}): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    let p = join(dir, decodeURIComponent((req.url ?? '/').split('?')[0]));
    if (existsSync(p) && statSync(p).isDirectory()) p = join(p, 'index.html');
    let status = 200;
    if (!existsSync(p)) {
      status = 404;
      p = join(dir, '404.html');
    }
    const body = existsSync(p) ? readFileSync(p) : Buffer.from('not found');
    const type = TYPES[extname(p)] ?? 'application/octet-stream';
    const compress = gzip && /text|javascript|json|svg|xml|wasm/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(status, { 'content-type': type, ...(compress ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}) });
    res.end(compress ? gzipSync(body) : body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() };
}

export interface LhRun { scores: Record<string, number>; metrics: Record<string, number> }
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'] as const;

/** One Lighthouse run (mobile defaults) in its own process; null when it fails. */
export async function lighthouse(url: string, file: string): Promise<LhRun | null> {
  const r = await new Promise<number>((done) => {
    const child = spawn(process.execPath, ['node_modules/lighthouse/cli/index.js', url, '--quiet',
      '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run',
      '--only-categories=performance,accessibility,best-practices,seo', '--output=json', `--output-path=${file}`],
    { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done(code ?? 1);
    });
  });
  if (r !== 0 || !existsSync(file)) return null;
  const j = JSON.parse(readFileSync(file, 'utf8')) as { categories: Record<string, { score: number }>; audits: Record<string, { numericValue?: number }> };
  return {
    scores: Object.fromEntries(Object.entries(j.categories).map(([k, v]) => [k, Math.round(v.score * 100)])),
    metrics: Object.fromEntries(METRICS.map((m) => [m, Math.round((j.audits[m]?.numericValue ?? NaN) * 1000) / 1000])),
  };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** Median of every score and metric over the runs that finished. */
export function medianRun(runs: LhRun[]): LhRun & { runs: number } {
  const keys = (f: (r: LhRun) => Record<string, number>) => Object.keys(f(runs[0]));
  return {
    runs: runs.length,
    scores: Object.fromEntries(keys((r) => r.scores).map((k) => [k, median(runs.map((r) => r.scores[k]))])),
    metrics: Object.fromEntries(keys((r) => r.metrics).map((k) => [k, Math.round(median(runs.map((r) => r.metrics[k])) * 1000) / 1000])),
  };
}

export const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main() {
  const args = process.argv.slice(2);
  const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
  const RUNS = Number(opt('--runs') ?? 3);
  const KEEP = opt('--keep');
  const DIST = opt('--dist') ?? 'dist';
  // --compare DIR: a second built tree (e.g. a copy of dist/ from before a change), measured
  // run for run alternately with DIST, so both see the same load on a shared machine.
  const COMPARE = opt('--compare');
  const GZIP = !args.includes('--no-gzip');
  if (!GZIP) args.splice(args.indexOf('--no-gzip'), 1);
  const filters = args;
  if (!existsSync(join(DIST, 'index.html'))) {
    console.log('dist/ is missing: run npm run build first');
    console.log(JSON.stringify({ error: 'no dist' }));
    return;
  }
  const trees = COMPARE ? [{ name: 'compare', dir: COMPARE }, { name: 'dist', dir: DIST }] : [{ name: 'dist', dir: DIST }];
  const servers = await Promise.all(trees.map((t) => serveDir(t.dir, { gzip: GZIP })));
  const pages = ['zh', 'en'].flatMap((lang) =>
    readdirSync(join(DIST, lang)).filter((d) => /^\d\d-/.test(d)).sort().map((d) => `${lang}/${d}/`))
    .filter((p) => filters.length === 0 || filters.some((f) => p.includes(f)));
  const out = mkdtempSync(join(tmpdir(), 'lh-'));
  if (KEEP) mkdirSync(KEEP, { recursive: true });
  const results: Record<string, Record<string, LhRun & { runs: number }>> = Object.fromEntries(trees.map((t) => [t.name, {}]));
  const loadStart = load();
  console.log(`load average at start: ${loadStart} (${RUNS} runs per page, medians, ${GZIP ? 'gzip' : 'no compression'}${COMPARE ? `; ${COMPARE} and ${DIST} alternately` : ''})`);
  for (const page of pages) {
    const runs: LhRun[][] = trees.map(() => []);
    for (let i = 0; i < RUNS; i++) {
      for (const [ti, t] of trees.entries()) {
        const name = `${t.name}_${page.replace(/\W+/g, '_')}${i}.json`;
        const r = await lighthouse(`${servers[ti].url}${page}`, join(out, name));
        if (r) runs[ti].push(r);
        if (r && KEEP) copyFileSync(join(out, name), join(KEEP, name));
      }
    }
    for (const [ti, t] of trees.entries()) {
      const label = COMPARE ? `${t.name.padEnd(7)} ${page}` : page;
      if (runs[ti].length === 0) {
        console.log(`${label} lighthouse failed`);
        continue;
      }
      const m = results[t.name][page] = medianRun(runs[ti]);
      const met = m.metrics;
      console.log(label, Object.entries(m.scores).map(([k, v]) => `${k}=${v}`).join(' '),
        `| FCP ${Math.round(met['first-contentful-paint'])} LCP ${Math.round(met['largest-contentful-paint'])} TBT ${Math.round(met['total-blocking-time'])} ms CLS ${met['cumulative-layout-shift']}`,
        `(perf runs: ${runs[ti].map((r) => r.scores.performance).join('/')}; load ${load()})`);
    }
  }
  for (const s of servers) s.close();
  console.log(JSON.stringify({ runsPerPage: RUNS, gzip: GZIP, loadStart, loadEnd: load(), pages: results.dist, ...(COMPARE ? { compare: results.compare } : {}) }));
}

if (import.meta.main) await main();
