// The desktop terminal: xterm.js for the screen, xterm-readline for line editing (history,
// Ctrl-A/E/U/K/L/C), and on top of it what readline lacks: Tab completion at the cursor,
// Ctrl-W, per-chapter history, multi-line paste that runs line by line, and commands typed
// in by suggestion chips or a #run= link.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { Readline } from 'xterm-readline';
import '@xterm/xterm/css/xterm.css';
import { commonPrefix } from '../../src/shell/complete.ts';
import { createController } from './controller.ts';
import type { Controller } from './controller.ts';
import type { TerminalView } from './loader.ts';
import { readlineInternals } from './readline-internals.ts';

const TYPE_DELAY_MS = 8;
/** Returned to the read loop instead of a line when Tab listed candidates. */
const RELIST = '\u0000relist';
/** Queue markers: a pasted line (no typing animation), and a paste's unterminated tail. */
const PASTED = '\u0002';
const PARTIAL = '\u0001';

const THEME = {
  background: '#14161b',
  foreground: '#d8dee9',
  cursor: '#d8dee9',
  selectionBackground: '#3b4252',
  black: '#3b4252',
  red: '#e88388',
  green: '#a7cc8c',
  yellow: '#ebca89',
  blue: '#72bef2',
  magenta: '#d291e4',
  cyan: '#65c2cd',
  white: '#e5e9f0',
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function mount(el: HTMLElement, pending: string[]): Promise<TerminalView> {
  const ctl: Controller = createController(el);
  const screen = el.querySelector<HTMLElement>('[data-term-screen]')!;
  screen.textContent = '';
  // Once xterm is in, its own textarea takes focus; the box is no longer a "button".
  screen.removeAttribute('role');
  screen.removeAttribute('tabindex');

  const term = new Terminal({
    screenReaderMode: true,
    cursorBlink: true,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: 14,
    lineHeight: 1.15,
    scrollback: 5000,
    theme: THEME,
    allowProposedApi: false,
  });
  const fit = new FitAddon();
  const rl = new Readline();
  const rli = readlineInternals(rl);
  // Keys typed while a command runs or before the prompt is drawn: readline would drop
  // them, a real terminal keeps them (typeahead). They are replayed into the next prompt.
  // Registered before readline's own listener so an Enter that ends a read is not seen
  // as typed after it.
  const typeahead: string[] = [];
  let replaying = false;
  term.onData((data) => {
    if (!replaying && !rli.isReading()) typeahead.push(data);
  });
  term.loadAddon(fit);
  term.loadAddon(rl);
  term.open(screen);
  const label = el.getAttribute('aria-label') ?? 'Terminal';
  term.textarea?.setAttribute('aria-label', label);
  const hintId = screen.getAttribute('aria-describedby');
  if (hintId) term.textarea?.setAttribute('aria-describedby', hintId);
  try {
    fit.fit();
  } catch {
    // A hidden container has no size yet; the observer fits it later.
  }
  new ResizeObserver(() => {
    try {
      fit.fit();
    } catch {
      // Same as above.
    }
  }).observe(screen);

  rli.useHistory([...ctl.history()].reverse());
  // Enter on an unfinished line (open quote, trailing |, here-document) continues it.
  rl.setCheckHandler((text) => !ctl.isIncomplete(text));

  let reading = false;
  let escaped = false;
  let lastTabLine: string | null = null;
  const queue: string[] = [];
  let relistLine = null as string | null;

  const complete = (): void => {
    const { buf, pos } = rli.line();
    const c = ctl.complete(buf, pos);
    const word = buf.slice(c.start, pos);
    if (!c.candidates.length) {
      lastTabLine = buf;
      return;
    }
    if (c.candidates.length === 1) {
      const only = c.candidates[0];
      const tail = only.slice(word.length) + (only.endsWith('/') ? '' : ' ');
      rli.setLine(buf.slice(0, pos) + tail + buf.slice(pos), pos + tail.length);
      lastTabLine = null;
      return;
    }
    const prefix = commonPrefix(c.candidates);
    if (prefix.length > word.length) {
      const tail = prefix.slice(word.length);
      rli.setLine(buf.slice(0, pos) + tail + buf.slice(pos), pos + tail.length);
      lastTabLine = null;
      return;
    }
    if (lastTabLine === buf) {
      // Second Tab: list the candidates like bash, then redraw the prompt with the line.
      relistLine = buf;
      const list = c.candidates.slice(0, 200).join('  ') + (c.candidates.length > 200 ? `  … (${c.candidates.length - 200} more)` : '');
      rli.finishRead(RELIST);
      rl.write('\n' + list + '\n');
      lastTabLine = null;
      return;
    }
    lastTabLine = buf;
  };

  term.attachCustomKeyEventHandler((ev: KeyboardEvent) => {
    if (ev.type !== 'keydown') return rli.defaultKeyHandler(ev);
    if (ev.key === 'Escape') {
      escaped = true;
      return false;
    }
    if (ev.key === 'Tab') {
      if (escaped || ev.shiftKey) {
        // Let the browser move focus out: the terminal must not trap the keyboard.
        escaped = false;
        return false;
      }
      ev.preventDefault();
      if (reading) complete();
      return false;
    }
    escaped = false;
    if (ev.key !== 'Tab') lastTabLine = null;
    if (ev.ctrlKey && !ev.altKey && !ev.metaKey && (ev.key === 'w' || ev.key === 'W')) {
      ev.preventDefault();
      if (reading) rli.deleteWordBack();
      return false;
    }
    return rli.defaultKeyHandler(ev);
  });

  // A multi-line paste runs each line in turn, the way pasting into bash does.
  screen.addEventListener(
    'paste',
    (ev: ClipboardEvent) => {
      const text = ev.clipboardData?.getData('text/plain') ?? '';
      if (!/[\r\n]/.test(text)) return;
      ev.preventDefault();
      ev.stopImmediatePropagation();
      const lines = text.replace(/\r\n?/g, '\n').split('\n');
      const last = lines.pop() ?? '';
      const first = lines.shift();
      if (first !== undefined) {
        const { buf, pos } = rli.line();
        queue.push(PASTED + buf.slice(0, pos) + first + buf.slice(pos), ...lines.map((l) => PASTED + l));
      }
      if (last) queue.push(PARTIAL + last);
      void drain();
    },
    true,
  );

  const flushTypeahead = () => {
    replaying = true;
    try {
      while (typeahead.length && rli.isReading()) term.input(typeahead.shift()!, true);
    } finally {
      replaying = false;
    }
  };

  const print = (text: string) => {
    if (text) rl.write(text);
  };

  const execute = (line: string) => {
    // Marks let the bench (and DevTools) see where time goes: run = shell, print = xterm.
    performance.mark('istio-term:run');
    const out = ctl.run(line);
    performance.mark('istio-term:ran');
    if (out.clear) {
      term.clear();
      rl.write('\x1b[H\x1b[2J');
    }
    print(out.output);
  };

  const promptWaiters: (() => void)[] = [];
  let draining = false;
  /** Runs queued lines (paste, chips, #run=) visibly, one prompt each. */
  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (queue.length) {
        const item = queue.shift()!;
        await waitForRead();
        if (item.startsWith(PARTIAL)) {
          // The unterminated last line of a paste: leave it on the prompt for the reader.
          term.input(item.slice(1), false);
          continue;
        }
        if (item.startsWith(PASTED)) await typeOut(item.slice(1), false);
        else await typeOut(item, true);
      }
    } finally {
      draining = false;
    }
  }

  /** Resolves when a prompt is up and readline accepts input. */
  function waitForRead(): Promise<void> {
    if (reading && rli.isReading()) return Promise.resolve();
    return new Promise((resolve) => promptWaiters.push(resolve));
  }

  /** Puts a line on the prompt (letter by letter for chips, at once for pastes) and runs it. */
  async function typeOut(line: string, animated: boolean): Promise<void> {
    const continuing = rli.line().buf.includes('\n');
    if (!continuing) rli.setLine('', 0);
    const animate = animated && line.length <= 120;
    if (animate) {
      for (const ch of line) {
        term.input(ch, false);
        await sleep(TYPE_DELAY_MS);
      }
    } else if (continuing) {
      term.input(line, false);
    } else {
      rli.setLine(line, line.length);
    }
    if (!continuing && rli.line().buf !== line) rli.setLine(line, line.length);
    term.input('\r', false);
    // Let the read loop pick the line up before the next one is typed.
    await sleep(0);
    await waitForRead();
  }

  for (const n of ctl.notices) print(`(${n})\n`);

  void (async () => {
    for (;;) {
      reading = true;
      const p = rl.read(ctl.prompt());
      // readline activates the read in a write callback; ours, queued after it, runs next.
      await new Promise<void>((resolve) => term.write('', resolve));
      performance.mark('istio-term:prompt');
      if (relistLine !== null) {
        const keep = relistLine;
        relistLine = null;
        rli.setLine(keep, keep.length);
      }
      flushTypeahead();
      for (const w of promptWaiters.splice(0)) w();
      const line = await p;
      reading = false;
      if (line === RELIST) continue;
      // Continued lines (here-documents, Shift+Enter) arrive together and run as one input.
      execute(String(line));
    }
  })();

  queue.push(...pending.splice(0));
  void drain();

  const view: TerminalView = {
    type(line: string) {
      queue.push(line);
      void drain();
      term.focus();
    },
  };
  return view;
}
