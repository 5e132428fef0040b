// The desktop terminal: xterm.js for the screen, xterm-readline for line editing (history,
// Ctrl-A/E/U/K/L/C), and on top of it what readline lacks: Tab completion at the cursor,
// Ctrl-W, per-chapter history, multi-line paste that runs command by command, Ctrl-C that
// interrupts a running command, and commands typed in by suggestion chips or a #run= link.
// Commands run in a Web Worker (controller.ts); this file only draws, and writes output in
// small chunks so that even a 256 KB listing never holds the page for long.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { Readline } from 'xterm-readline';
import { commonPrefix } from '../../src/shell/common-prefix.ts';
import { createController } from './controller.ts';
import type { Controller } from './controller.ts';
import type { TerminalView } from './loader.ts';
import { readlineInternals } from './readline-internals.ts';

const TYPE_DELAY_MS = 8;
/** Returned to the read loop instead of a line when Tab listed candidates. */
const RELIST = '\u0000relist';
/** Returned to the read loop when a paste takes over the prompt. */
const PASTE = '\u0000paste';
/** Longest text put on the line editor (it redraws the whole line on every key). */
const MAX_EDIT_LINE = 16 * 1024;
/** Output is handed to xterm in pieces this size, each parsed before the next is sent. */
const WRITE_CHUNK = 8 * 1024;
/** Control characters other than tab and newline: the line editor would draw them raw. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** Longest wait, after Enter, for a command's output before the newline is drawn alone
 *  (under a frame: a hold that long is not seen). */
const HOLD_FRAMES_MS = 12;
/** The methods components/terminal/xterm-source.ts adds to this xterm build. */
type XtermPatched = Terminal & { flushWrites(): void; holdFrames(ms: number): void; releaseFrames(): void };

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

/** A key on its way to readline: text/control data from xterm, or a key readline lacks. */
interface InboxItem {
  data?: string;
  key?: 'tab' | 'ctrl-w';
  /** Not before the next task (see Tab). */
  held?: boolean;
}

export async function mount(el: HTMLElement, pending: string[]): Promise<TerminalView> {
  const ctl: Controller = await createController(el);
  const screen = el.querySelector<HTMLElement>('[data-term-screen]')!;
  screen.textContent = '';
  // Once xterm is in, its own textarea takes focus; the box is no longer a "button".
  screen.removeAttribute('role');
  screen.removeAttribute('tabindex');

  const term = new Terminal({
    screenReaderMode: true,
    // A steady cursor: a blinking one is a CSS animation that keeps the compositor
    // producing frames for as long as the terminal has focus (CPU and battery on every
    // open chapter), makes each command's output wait for the next of those frames
    // instead of painting at once, and is motion WCAG 2.2.2 asks to stop after 5 s.
    cursorBlink: false,
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
  const inbox: InboxItem[] = [];
  term.loadAddon(fit);
  term.loadAddon(rl);
  // Every key reaches readline through one ordered queue (`inbox`): keys typed while a
  // command runs or before the prompt is up wait there (typeahead, as a real terminal
  // keeps them), and Tab / Ctrl-W, which readline does not handle, take their turn behind
  // the text typed before them; what is typed after a Tab waits for its completion (an
  // answer from the session's worker) instead of racing it.
  const feed = rli.takeInput();
  term.onData((data) => {
    inbox.push({ data });
    pump();
  });
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

  /** The prompt is drawn and readline accepts keys (set after its read is active). */
  let promptUp = false;
  /** A Tab's completion is on its way: later keys wait for it. */
  let completing = false;
  let escaped = false;
  let lastTabLine: string | null = null;
  type Item = { kind: 'line'; line: string } | { kind: 'paste'; text: string };
  const queue: Item[] = [];
  /** A line to put back on the next prompt (after a Tab listing, or a paste's last line). */
  let relistLine = null as string | null;
  let pasteText = '';
  /** Set by Ctrl-C: the paste being run stops after its current batch. */
  let pasteAborted = false;

  const complete = async (): Promise<void> => {
    const { buf, pos } = rli.line();
    const c = await ctl.complete(buf, pos);
    // A command started, or the line changed (a chip typed into it): this answer is stale.
    if (!promptUp || !rli.isReading() || rli.line().buf !== buf || rli.line().pos !== pos) return;
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
      // Text can reach the terminal a task after its keydown (IME and composition input go
      // through a timer in xterm), so the completion waits one task, in line behind it.
      const item: InboxItem = { key: 'tab', held: true };
      inbox.push(item);
      setTimeout(() => {
        item.held = false;
        pump();
      }, 0);
      return false;
    }
    escaped = false;
    if (ev.ctrlKey && !ev.altKey && !ev.metaKey && (ev.key === 'c' || ev.key === 'C')) {
      if (!promptUp || !rli.isReading()) {
        // A command (or a paste) is running: interrupt it, drop what was typed ahead and
        // queued, as the tty driver flushes its input on SIGINT.
        ev.preventDefault();
        inbox.length = 0;
        queue.length = 0;
        pasteAborted = true;
        ctl.interrupt();
        return false;
      }
    }
    if (ev.ctrlKey && !ev.altKey && !ev.metaKey && (ev.key === 'w' || ev.key === 'W')) {
      ev.preventDefault();
      inbox.push({ key: 'ctrl-w' });
      pump();
      return false;
    }
    if (ev.key === 'Enter' && !ev.isComposing && promptUp && rli.isReading() && !inbox.length) {
      // Held from the keydown on, before xterm touches the screen for it (see execute).
      (term as XtermPatched).holdFrames(HOLD_FRAMES_MS);
    }
    return rli.defaultKeyHandler(ev);
  });

  // A multi-line paste runs command by command, the way pasting into bash does; the
  // session splits it (here-documents stay whole) and runs it in bounded batches. Pastes
  // that are long or carry control characters take the same path, so the line editor
  // only ever holds short, printable text.
  screen.addEventListener(
    'paste',
    (ev: ClipboardEvent) => {
      const text = ev.clipboardData?.getData('text/plain') ?? '';
      if (!/[\r\n]/.test(text) && text.length <= MAX_EDIT_LINE && !CONTROL.test(text)) return;
      CONTROL.lastIndex = 0;
      ev.preventDefault();
      ev.stopImmediatePropagation();
      queue.push({ kind: 'paste', text });
      void drain();
    },
    true,
  );

  /** Hands queued keys to readline, in order, while a prompt is up. */
  function pump(): void {
    while (inbox.length && promptUp && !completing && rli.isReading() && !inbox[0].held) {
      const item = inbox.shift()!;
      if (item.key === 'tab') {
        completing = true;
        void complete().finally(() => {
          completing = false;
          pump();
        });
        return;
      }
      lastTabLine = null;
      if (item.key === 'ctrl-w') rli.deleteWordBack();
      else if (item.data !== undefined) {
        // Ctrl-C on the prompt: readline abandons the line; bash then sets $? to 130.
        if (item.data === '\x03') ctl.setStatus(130);
        feed(item.data);
      }
      // Enter ended the read: the rest waits for the next prompt.
      if (!rli.isReading()) promptUp = false;
      // Still reading (Enter continued an unfinished line): nothing runs, draw it now.
      else (term as XtermPatched).releaseFrames();
    }
  }

  const print = (text: string) => {
    if (text) rl.write(text);
  };

  /** Writes output in chunks, each parsed by xterm before the next: a long listing is
   *  drawn over several frames instead of one long task. With `queueLast` the last piece
   *  is only queued: what is written next (the prompt) is then parsed in the same task and
   *  drawn in the same frame, instead of one task (and often one frame) later. */
  const printChunked = async (text: string, queueLast = false): Promise<void> => {
    if (!text) return;
    const crlf = text.replace(/\r?\n/g, '\r\n');
    for (let i = 0; i < crlf.length; i += WRITE_CHUNK) {
      let end = Math.min(crlf.length, i + WRITE_CHUNK);
      // Keep a CR LF pair (and a surrogate pair) in one piece.
      const code = crlf.charCodeAt(end - 1);
      if (end < crlf.length && (crlf[end - 1] === '\r' || (code >= 0xd800 && code <= 0xdbff))) end++;
      const part = crlf.slice(i, end);
      i = end - WRITE_CHUNK;
      if (queueLast && end >= crlf.length) {
        term.write(part, () => performance.mark('istio-term:printed'));
        return;
      }
      await new Promise<void>((resolve) => term.write(part, resolve));
    }
  };

  const clearScreen = () => {
    term.clear();
    rl.write('\x1b[H\x1b[2J');
  };

  const execute = async (line: string) => {
    // Marks let the bench (and DevTools) see where time goes: run = shell (in the worker,
    // plus the round trip), ran -> printed = xterm's parse of the output.
    performance.mark('istio-term:run');
    // Enter's newline, the output and the next prompt then go on screen in one frame, as
    // soon as the reply is in (most take a few ms); a slow command shows the newline after
    // HOLD_FRAMES_MS. The read loop releases the hold once the prompt is parsed.
    (term as XtermPatched).holdFrames(HOLD_FRAMES_MS);
    const out = await ctl.run(line);
    performance.mark('istio-term:ran');
    if (out.interrupted) {
      print('^C\n');
      return;
    }
    if (out.clear) clearScreen();
    // xterm's queue keeps the order; the read loop's next prompt waits for the parse.
    await printChunked(out.output, true);
  };

  /** Runs a paste in batches; the prompt it replaced is still on screen. */
  const runPaste = async (text: string) => {
    pasteAborted = false;
    const started = await ctl.paste(text);
    let tail = started?.tail ?? '';
    if (started && started.commands > 0) {
      for (;;) {
        if (pasteAborted) {
          ctl.pasteDrop();
          print('^C\n');
          tail = '';
          break;
        }
        const b = await ctl.pasteNext();
        if (b.interrupted) {
          print('^C\n');
          tail = '';
          break;
        }
        for (const h of b.history) rl.appendHistory(h);
        await printChunked(b.before);
        if (b.clear) clearScreen();
        await printChunked(b.after);
        if (b.remaining === 0) break;
      }
    } else {
      // Nothing ran: take the old prompt away, the loop draws it again with the text.
      rl.write('\r\x1b[K');
    }
    if (tail.length > MAX_EDIT_LINE) {
      print(`(a pasted line of ${tail.length} characters was not put on the prompt: the line editor takes up to ${MAX_EDIT_LINE / 1024} KB; paste it with a final newline to run it)\n`);
      tail = '';
    }
    if (tail) relistLine = tail.replace(CONTROL, '');
  };

  const promptWaiters: (() => void)[] = [];
  let draining = false;
  /** Runs queued input (pastes, chips, #run=) visibly, one prompt each. */
  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (queue.length) {
        const item = queue.shift()!;
        await waitForRead();
        if (item.kind === 'paste') {
          // Text before and after the cursor joins the paste, as in bash.
          const { buf, pos } = rli.line();
          pasteText = buf.slice(0, pos) + item.text + buf.slice(pos);
          rli.setLine('', 0);
          rli.abandonRead(PASTE);
          // Let the read loop take the paste before anything else is queued up.
          await sleep(0);
          await waitForRead();
          continue;
        }
        await typeOut(item.line, true);
      }
    } finally {
      draining = false;
    }
  }

  /** Resolves when a prompt is up and readline accepts input. */
  function waitForRead(): Promise<void> {
    if (promptUp && rli.isReading()) return Promise.resolve();
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

  for (const n of ctl.notices) print(`${n}\n`);

  void (async () => {
    for (;;) {
      const p = rl.read(ctl.prompt());
      // readline activates the read in a write callback; ours, queued after it, runs next.
      const active = new Promise<void>((resolve) => term.write('', resolve));
      // The command's output and this prompt are parsed now, in the task that brought the
      // reply: left to xterm's timer, a frame often comes first, and they would be drawn
      // one frame later (components/terminal/xterm-source.ts adds flushWrites).
      (term as XtermPatched).flushWrites();
      await active;
      performance.mark('istio-term:prompt');
      (term as XtermPatched).releaseFrames();
      if (relistLine !== null) {
        const keep = relistLine;
        relistLine = null;
        rli.setLine(keep, keep.length);
      }
      promptUp = true;
      pump();
      for (const w of promptWaiters.splice(0)) w();
      const line = await p;
      promptUp = false;
      if (line === RELIST) continue;
      if (line === PASTE) {
        await runPaste(pasteText);
        pasteText = '';
        continue;
      }
      // Continued lines (here-documents, Shift+Enter) arrive together and run as one input.
      await execute(String(line));
    }
  })();

  queue.push(...pending.splice(0).map((line): Item => ({ kind: 'line', line })));
  void drain();

  const view: TerminalView = {
    type(line: string) {
      // The Reset button must work even while a long command runs.
      if (line === 'reset' && ctl.interrupt()) {
        queue.length = 0;
        pasteAborted = true;
      }
      queue.push({ kind: 'line', line });
      void drain();
      term.focus();
    },
  };
  return view;
}
