// Drives a chapter terminal with hostile input and measures what the page's main thread
// pays for it. Shared by test/e2e/hostile.test.ts (asserts) and bench/hostile.ts (reports).
//
// The main thread's blocking is read from a Chrome trace: every task the renderer's main
// thread runs ("RunTask", category toplevel) carries its CPU time (`tdur`) beside its wall
// time (`dur`). CPU time is what the page itself spent; wall time also counts the moments
// a loaded 2-core machine gave the thread to someone else, so the bound is on CPU time and
// wall time is reported beside it.
import type { Browser, Page } from 'playwright-core';

export interface Step {
  label: string;
  /** From the input (Enter, paste) to the marker on screen. */
  wallMs: number;
  /** Longest main-thread task during the step: CPU time and wall time (ms). */
  maxTaskCpuMs: number;
  maxTaskWallMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export class HostileDriver {
  readonly steps: Step[] = [];
  log = true;
  readonly browser: Browser;
  readonly page: Page;
  readonly id: string;
  constructor(browser: Browser, page: Page, id: string) {
    this.browser = browser;
    this.page = page;
    this.id = id;
  }

  textarea() {
    return this.page.locator(`[data-id="${this.id}"] .xterm-helper-textarea`);
  }

  /** The text xterm shows (DOM renderer rows), trailing blanks trimmed. */
  async screen(): Promise<string> {
    return this.page.evaluate((tid) => {
      const rows = document.querySelectorAll(`[data-id="${tid}"] .xterm-rows > div`);
      return [...rows].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n').replace(/\n+$/, '');
    }, this.id);
  }

  async waitFor(re: RegExp, timeoutMs = 240_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      text = await this.screen();
      if (re.test(text)) return text;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`terminal ${this.id} never showed ${re}; it shows:\n${text}`);
  }

  async ready(): Promise<void> {
    await this.page.waitForFunction((tid) => document.querySelector(`[data-id="${tid}"]`)?.getAttribute('data-term-state') === 'ready', this.id, { timeout: 60_000 });
    await this.waitFor(/root@node-1:~#$/);
  }

  /** Runs `action` under a trace; the step ends when `done` shows on screen. */
  async step(label: string, action: () => Promise<void>, done: RegExp): Promise<Step> {
    await this.browser.startTracing(this.page, { categories: ['toplevel'] });
    const t0 = Date.now();
    await action();
    await this.waitFor(done);
    const wallMs = Date.now() - t0;
    const buf = await this.browser.stopTracing();
    const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    let cpu = 0;
    let wall = 0;
    for (const e of events) {
      if (e.ph !== 'X' || !mains.has(`${e.pid}:${e.tid}`) || !/RunTask/.test(e.name)) continue;
      cpu = Math.max(cpu, (e.tdur ?? 0) / 1000);
      wall = Math.max(wall, (e.dur ?? 0) / 1000);
    }
    const s = { label, wallMs, maxTaskCpuMs: Math.round(cpu * 10) / 10, maxTaskWallMs: Math.round(wall * 10) / 10 };
    this.steps.push(s);
    if (this.log) console.log(`[hostile] ${label}: longest main-thread task ${s.maxTaskCpuMs} ms CPU / ${s.maxTaskWallMs} ms wall; step ${wallMs} ms`);
    return s;
  }

  /** Types a command and presses Enter (as a reader would). */
  async type(line: string): Promise<void> {
    await this.textarea().focus();
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
  }

  /** Pastes the text held in `window[name]` (built beforehand, outside any measurement). */
  async pasteStored(name: string): Promise<void> {
    await this.textarea().focus();
    await this.page.evaluate(
      ({ tid, key }) => {
        const dt = new DataTransfer();
        dt.setData('text/plain', (window as unknown as Record<string, string>)[key]);
        const ta = document.querySelector(`[data-id="${tid}"] .xterm-helper-textarea`)!;
        ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      },
      { tid: this.id, key: name },
    );
  }

  async paste(text: string): Promise<void> {
    await this.page.evaluate((t) => ((window as unknown as Record<string, string>).__paste = t), text);
    await this.pasteStored('__paste');
  }
}

/** Builds the hostile texts inside the page (no megabytes over the DevTools protocol). */
export async function prepareTexts(page: Page): Promise<{ restoreChars: number; pasteChars: number; lineChars: number }> {
  return page.evaluate(() => {
    const w = window as unknown as Record<string, string>;
    const rules: string[] = ["iptables-restore <<'EOF'", '*filter', ':BIG - [0:0]'];
    for (let i = 0; i < 100_000; i++) rules.push(`-A BIG -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${1 + (i % 65535)} -j ACCEPT`);
    rules.push('-A INPUT -j BIG', 'COMMIT', 'EOF', 'echo "restore=$?"', '');
    w.__restore100k = rules.join('\n');
    // 1 MB of ordinary commands, one per line, the last one a marker.
    const lines: string[] = [];
    let n = 0;
    for (let i = 0; n < 1 << 20; i++) {
      const l = `echo line-${i} ${'x'.repeat(90)}`;
      lines.push(l);
      n += l.length + 1;
    }
    lines.push('echo "paste=done"', '');
    w.__paste1mb = lines.join('\n');
    // 1 MB on one line, no newline: must not land in the line editor.
    w.__line1mb = 'y'.repeat(1 << 20);
    // Deep nesting: 2,000 chains jumping one to the next.
    const deep: string[] = ["iptables-restore --noflush <<'EOF'", '*filter'];
    for (let i = 0; i < 2000; i++) deep.push(`:D${i} - [0:0]`);
    for (let i = 0; i < 1999; i++) deep.push(`-A D${i} -j D${i + 1}`);
    deep.push('COMMIT', 'EOF', 'iptables -A INPUT -j D0; echo "hook=$?"', 'iptables -A D1999 -j D0; echo "loop=$?"', '');
    w.__deep = deep.join('\n');
    return { restoreChars: w.__restore100k.length, pasteChars: w.__paste1mb.length, lineChars: w.__line1mb.length };
  });
}

/** Control characters and escape sequences a reader might paste: colours, a window title,
 *  mouse tracking, the alternate screen, a full terminal reset, NUL, DEL, C1 CSI. */
export const ESCAPES = 'echo "a\x1b[31mred\x1b]0;pwned\x07\x1b[?1000h\x1b[?1049h\x1bc\x00\x7f\x9b2Jz"; echo "esc=$?"\n';

/** Markup that must stay text. */
export const HTML_PASTE = 'echo \'<img src=x id="pasted-img" onerror="window.__pwned=1"><b id="pasted-b">bold</b>\'; echo "html=$?"\n';
