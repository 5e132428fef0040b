// `npm run bench` (or node_modules/.bin/node bench/hostile.ts): what hostile input costs the
// page's main thread in a chapter terminal (en/01-netfilter, built dist/ of this checkout,
// or HOSTILE_SITE_ROOT=/path/to/a/checkout/with/dist to measure another build, e.g. an older
// commit for a before/after). Per input: the longest main-thread task (CPU time and wall
// time, from a Chrome trace) and the time until the prompt came back.
// A step that does not finish within HOSTILE_STEP_S seconds (default 120) is recorded as
// timed out, with the longest task seen so far; the page is then reloaded fresh and the
// next steps run there (marked `afterFailure`).
// Human lines, then one JSON line.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/e2e/helpers-browser.ts';
import { snapshotSite, startPreview } from '../test/e2e/preview.ts';
import { ESCAPES, HTML_PASTE, HostileDriver, prepareTexts } from '../test/e2e/hostile-driver.ts';

const ROOT = resolve(import.meta.dirname, '..');
const STEP_MS = Number(process.env.HOSTILE_STEP_S ?? 120) * 1000;

interface Outcome {
  cpu: number | null;
  wall: number | null;
  stepMs: number | null;
  ok: boolean;
  afterFailure?: boolean;
}

async function openTerminal(browser: Browser, url: string): Promise<{ page: Page; d: HostileDriver }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => localStorage.clear());
  await page.reload({ waitUntil: 'load' });
  const el = page.locator('[data-terminal]').first();
  const id = (await el.getAttribute('data-id'))!;
  await el.scrollIntoViewIfNeeded();
  await el.locator('[data-term-screen]').click();
  const d = new HostileDriver(browser, page, id);
  d.log = false;
  await d.ready();
  await prepareTexts(page);
  return { page, d };
}

async function main() {
  const site = snapshotSite(process.env.HOSTILE_SITE_ROOT ?? ROOT);
  const preview = await startPreview({ root: site.root });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const url = `${preview.url}en/01-netfilter/`;
  const out: Record<string, Outcome> = {};
  let failed = false;
  try {
    let { page, d } = await openTerminal(browser, url);
    const steps: [string, (d: HostileDriver) => Promise<void>, RegExp][] = [
      ['restore100k', (x) => x.pasteStored('__restore100k'), /restore=0\nroot@node-1:~#$/],
      ['list100k', (x) => x.type('iptables -L -n -v'), /more lines not shown[\s\S]*root@node-1:~#$/],
      ['paste1mb', (x) => x.pasteStored('__paste1mb'), /paste=done\nroot@node-1:~#$/],
      ['escapes', (x) => x.paste(ESCAPES), /esc=0\nroot@node-1:~#$/],
      ['deep2000', (x) => x.pasteStored('__deep'), /loop=\d+\nroot@node-1:~#$/],
      ['markup', (x) => x.paste(HTML_PASTE), /html=0\nroot@node-1:~#$/],
      ['echoOk', (x) => x.type('echo ok'), /\nok\nroot@node-1:~#$/],
      // Last: before the worker, the 1 MB stayed in the line editor (ends when it is drawn).
      ['line1mb', (x) => x.pasteStored('__line1mb'), /(root@node-1:~#|y{20})$/],
    ];
    for (const [label, act, done] of steps) {
      const before = d.steps.length;
      try {
        await Promise.race([
          d.step(label, () => act(d), done),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), STEP_MS)),
        ]);
        const s = d.steps[before];
        out[label] = { cpu: s.maxTaskCpuMs, wall: s.maxTaskWallMs, stepMs: s.wallMs, ok: true, ...(failed ? { afterFailure: true } : {}) };
      } catch (e) {
        // The longest task so far: end the trace the step started (best effort).
        let cpu: number | null = null;
        let wall: number | null = null;
        try {
          const buf = await browser.stopTracing();
          const ev = (JSON.parse(buf.toString('utf8')) as { traceEvents: { name: string; ph: string; dur?: number; tdur?: number }[] }).traceEvents;
          for (const x of ev) if (x.ph === 'X' && /RunTask/.test(x.name)) { cpu = Math.max(cpu ?? 0, (x.tdur ?? 0) / 1000); wall = Math.max(wall ?? 0, (x.dur ?? 0) / 1000); }
        } catch {
          // The tracing may have ended already.
        }
        out[label] = { cpu, wall, stepMs: null, ok: false, ...(failed ? { afterFailure: true } : {}) };
        console.log(`${label}: did not finish in ${STEP_MS / 1000} s (${(e as Error).message.split('\n')[0]})`);
        failed = true;
        await page.context().close();
        ({ page, d } = await openTerminal(browser, url));
        continue;
      }
      const o = out[label];
      console.log(`${label.padEnd(12)} longest main-thread task ${String(o.cpu).padStart(7)} ms CPU / ${String(o.wall).padStart(7)} ms wall; prompt back after ${o.stepMs} ms`);
    }
    await page.context().close();
  } finally {
    await browser.close();
    await preview.stop();
    site.remove();
  }
  const done = Object.values(out).filter((o) => o.cpu !== null);
  const worstTaskCpuMs = Math.max(...done.map((o) => o.cpu ?? 0));
  const worstTaskWallMs = Math.max(...done.map((o) => o.wall ?? 0));
  const bar = worstTaskCpuMs < 100 ? 'within the 100 ms bar' : 'OVER the 100 ms bar';
  console.log(`worst main-thread task: ${worstTaskCpuMs} ms CPU / ${worstTaskWallMs} ms wall (${bar}; load average ${loadavg()[0].toFixed(2)})`);
  console.log(JSON.stringify({ worstTaskCpuMs, worstTaskWallMs, steps: out }));
}

await main();
