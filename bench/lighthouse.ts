// Lighthouse 13 (mobile defaults) on every chapter page of the built site (dist/), with Debian's
// chromium, served by a tiny static server on loopback. Run `npm run build` first.
// Prints one line per page and a final JSON line with every score.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, existsSync, statSync, mkdtempSync } from 'node:fs';
import { extname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';

const DIST = 'dist';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.wasm': 'application/wasm', '.xml': 'application/xml',
};

if (!existsSync(join(DIST, 'index.html'))) {
  console.log('dist/ is missing: run npm run build first');
  console.log(JSON.stringify({ error: 'no dist' }));
  process.exit(0);
}

const server = createServer((req, res) => {
  let p = join(DIST, decodeURIComponent((req.url ?? '/').split('?')[0]));
  if (existsSync(p) && statSync(p).isDirectory()) p = join(p, 'index.html');
  if (!existsSync(p)) {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end(readFileSync(join(DIST, '404.html')));
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(p)] ?? 'application/octet-stream' });
  res.end(readFileSync(p));
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const port = (server.address() as { port: number }).port;

const pages = ['zh', 'en'].flatMap((lang) =>
  readdirSync(join(DIST, lang)).filter((d) => /^\d\d-/.test(d)).sort().map((d) => `${lang}/${d}/`));
const out = mkdtempSync(join(tmpdir(), 'lh-'));
const results: Record<string, Record<string, number>> = {};
for (const page of pages) {
  const file = join(out, page.replace(/\W+/g, '_') + '.json');
  // Lighthouse runs in its own process (asynchronously, so this server keeps answering it).
  const r = await new Promise<number>((done) => {
    const child = spawn(process.execPath, ['node_modules/lighthouse/cli/index.js', `http://127.0.0.1:${port}/${page}`, '--quiet',
      '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run',
      '--only-categories=performance,accessibility,best-practices,seo', '--output=json', `--output-path=${file}`],
    { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done(code ?? 1);
    });
  });
  if (r !== 0 || !existsSync(file)) {
    console.log(`${page} lighthouse failed (exit ${r})`);
    continue;
  }
  const j = JSON.parse(readFileSync(file, 'utf8')) as { categories: Record<string, { score: number }> };
  results[page] = Object.fromEntries(Object.entries(j.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
  console.log(page, Object.entries(results[page]).map(([k, v]) => `${k}=${v}`).join(' '));
}
server.close();
console.log(JSON.stringify({ pages: results }));
