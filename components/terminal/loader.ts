// The only terminal code a page loads up front: it waits until a terminal is near the
// viewport, focused, clicked, or asked for by a `#run=` link, then imports the real thing.
// Keep this file small (the page budget before a terminal is visible is 10 KB gzip).

export interface TerminalView {
  /** Types a command into the terminal and runs it, as if the reader had. */
  type(line: string): void;
}

type Mount = (el: HTMLElement, pending: string[]) => Promise<TerminalView>;

const views = new WeakMap<HTMLElement, Promise<TerminalView>>();
const pendingFor = new WeakMap<HTMLElement, string[]>();

function touchOnly(): boolean {
  return matchMedia('(pointer: coarse)').matches && !matchMedia('(pointer: fine)').matches;
}

function start(el: HTMLElement): Promise<TerminalView> {
  let v = views.get(el);
  if (v) return v;
  const pending = pendingFor.get(el) ?? [];
  pendingFor.set(el, pending);
  el.dataset.termState = 'loading';
  const placeholder = el.querySelector('.term-placeholder');
  if (placeholder && el.dataset.labelLoading) placeholder.textContent = el.dataset.labelLoading;
  const mod: Promise<{ mount: Mount }> = touchOnly() ? import('./touch-view.ts') : import('./xterm-view.ts');
  v = mod
    .then((m) => m.mount(el, pending))
    .then((view) => {
      el.dataset.termState = 'ready';
      // Chips clicked while the view was mounting.
      for (const line of pending.splice(0)) view.type(line);
      return view;
    })
    .catch((err: unknown) => {
      el.dataset.termState = 'error';
      if (placeholder) placeholder.textContent = `${el.dataset.labelFailed ?? ''}${err instanceof Error ? err.message : String(err)}`;
      views.delete(el);
      throw err;
    });
  views.set(el, v);
  return v;
}

/** Commands carried by `#run=<base64url of newline-separated commands>`. */
export function decodeRun(hash: string): string[] {
  const m = /(?:^#|&)run=([A-Za-z0-9_-]+)/.exec(hash);
  if (!m) return [];
  try {
    const b64 = m[1].replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const text = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    return text.split('\n').filter((l) => l.trim()).slice(0, 200);
  } catch {
    return [];
  }
}

/** Wires every terminal of the page to start when it nears the viewport or is used. */
export function initTerminals(): void {
  const els = [...document.querySelectorAll<HTMLElement>('[data-terminal]')];
  if (!els.length) return;
  // Two identical <Terminal/>s on one page get distinct ids (and saved states) in DOM order.
  const seen = new Map<string, number>();
  for (const el of els) {
    const id = el.dataset.id ?? 'term';
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) el.dataset.id = `${id}-${n}`;
  }
  const io = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (e.isIntersecting) {
          io.unobserve(e.target);
          void start(e.target as HTMLElement).catch(() => {});
        }
      }
    },
    { rootMargin: '200px 0px' },
  );
  for (const el of els) {
    io.observe(el);
    el.addEventListener('focusin', () => void start(el).catch(() => {}));
    el.addEventListener('pointerdown', () => void start(el).catch(() => {}));
    const screen = el.querySelector<HTMLElement>('[data-term-screen]');
    screen?.addEventListener('keydown', (e) => {
      if ((e.key === 'Enter' || e.key === ' ') && el.dataset.termState !== 'ready') {
        e.preventDefault();
        void start(el).catch(() => {});
      }
    });
    el.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const chip = target.closest<HTMLElement>('[data-cmd]');
      const reset = target.closest<HTMLElement>('[data-term-reset]');
      const line = chip?.dataset.cmd ?? (reset ? 'reset' : undefined);
      if (line === undefined) return;
      if (el.dataset.termState === 'ready') {
        void views.get(el)?.then((v) => v.type(line));
      } else {
        const pending = pendingFor.get(el) ?? [];
        pending.push(line);
        pendingFor.set(el, pending);
        void start(el).catch(() => {});
      }
    });
  }
  const run = decodeRun(location.hash);
  if (run.length) {
    const first = els[0];
    pendingFor.set(first, [...run]);
    first.scrollIntoView({ block: 'center' });
    void start(first).catch(() => {});
  }
}
