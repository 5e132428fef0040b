// Touch screens get a plain input line and a Run button instead of xterm.js: on-screen
// keyboards and xterm's hidden textarea do not get along, and this path loads less code.
import { createController, type RunResult } from './controller.ts';
import type { TerminalView } from './loader.ts';

const MAX_CHARS = 200_000;

export async function mount(el: HTMLElement, pending: string[]): Promise<TerminalView> {
  const ctl = await createController(el);
  el.classList.add('is-touch');
  const form = el.querySelector<HTMLFormElement>('[data-term-touch]')!;
  const out = el.querySelector<HTMLElement>('[data-term-touch-out]')!;
  const promptEl = el.querySelector<HTMLElement>('[data-term-touch-prompt]')!;
  const input = form.querySelector<HTMLInputElement>('input')!;
  form.hidden = false;
  let historyPos = -1;

  const append = (text: string) => {
    let t = (out.textContent ?? '') + text;
    if (t.length > MAX_CHARS) t = t.slice(t.length - MAX_CHARS);
    out.textContent = t;
    out.scrollTop = out.scrollHeight;
  };
  const showPrompt = () => {
    promptEl.textContent = ctl.prompt().trimEnd();
  };
  const show = (r: RunResult) => {
    if (r.clear) out.textContent = '';
    append(r.interrupted ? '^C\n' : r.output && !r.output.endsWith('\n') ? r.output + '\n' : r.output);
    showPrompt();
  };
  // Commands run one at a time, in the order submitted (the session is in a worker).
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (f: () => Promise<void>) => {
    chain = chain.then(f, f);
  };
  const run = (line: string) => {
    enqueue(async () => {
      append(ctl.prompt() + line + '\n');
      show(await ctl.run(line));
      historyPos = -1;
    });
  };

  for (const n of ctl.notices) append(`${n}\n`);
  showPrompt();

  // Unfinished input (here-document, open quote) collects lines behind a `> ` prompt.
  let partial: string | null = null;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const line = input.value;
    input.value = '';
    const text = partial === null ? line : partial + '\n' + line;
    if (ctl.isIncomplete(text)) {
      append((partial === null ? ctl.prompt() : '> ') + line + '\n');
      partial = text;
      promptEl.textContent = '>';
      return;
    }
    if (partial !== null) {
      append('> ' + line + '\n');
      partial = null;
      enqueue(async () => show(await ctl.run(text)));
      return;
    }
    run(line);
  });
  input.addEventListener('keydown', (e) => {
    const h = ctl.history();
    if (e.key === 'ArrowUp' && h.length) {
      e.preventDefault();
      historyPos = Math.min(h.length - 1, historyPos + 1);
      input.value = h[h.length - 1 - historyPos];
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      historyPos = Math.max(-1, historyPos - 1);
      input.value = historyPos < 0 ? '' : h[h.length - 1 - historyPos];
    }
  });
  for (const line of pending.splice(0)) run(line);
  return {
    type(line: string) {
      // The Reset button must work even while a long command runs.
      if (line === 'reset') ctl.interrupt();
      run(line);
    },
  };
}
