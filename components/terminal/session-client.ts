// The page's side of the reader's session: every call goes to a Web Worker
// (session-worker.ts) and comes back as a promise, so no command ever runs on the main
// thread. Ctrl-C during a command ends the worker and starts a new one from the state
// committed by the last finished command (the interrupted one leaves no trace, as a killed
// process leaves no half-applied iptables-restore), with `$?` = 130.
// If a worker cannot start (very old browser, blocked by policy), the same server runs on
// the page instead: slower commands then block, but the terminal still works.
import type { Ask, Reply, Request } from '../../src/shell/session-server.ts';

type Init = Extract<Request, { t: 'init' }>;
type Ready = Extract<Reply, { t: 'ready' }>;
export type Interrupted = { t: 'interrupted' };

interface Pending {
  req: Request;
  resolve(r: Reply | Interrupted): void;
}

/** Requests that run the reader's commands: interrupting them is what Ctrl-C is for. */
const INTERRUPTIBLE = new Set<Request['t']>(['init', 'run', 'paste', 'paste-next']);

export class SessionClient {
  private worker: Worker | null = null;
  private local: ((req: Request) => Reply) | null = null;
  private seq = 1;
  private pending = new Map<number, Pending>();
  private base: Omit<Init, 'id' | 'snap' | 'status' | 'savedNotice'>;
  /** The snapshot after the last finished command: what an interrupt goes back to. */
  lastSnap: string | undefined;
  ready: Promise<Ready>;
  /** Called with each new `ready` (first start and after every interrupt). */
  onReady: ((r: Ready) => void) | null = null;

  constructor(init: Omit<Init, 'id' | 't'>) {
    const { snap, status, savedNotice, ...base } = init;
    this.base = { t: 'init', ...base };
    this.lastSnap = snap;
    this.ready = this.start(snap, status, savedNotice);
  }

  /** `savedNotice` only on the first start: a restart after Ctrl-C has nothing to say. */
  private start(snap: string | undefined, status: number | undefined, savedNotice?: Init['savedNotice']): Promise<Ready> {
    this.spawn();
    const p = this.ask({ ...this.base, snap, status, savedNotice }).then((r): Ready | Promise<Ready> => {
      // Interrupted while starting: the restart that interrupt() began is the answer.
      if (r.t === 'interrupted') return this.ready;
      if (r.t !== 'ready') throw new Error('the session did not start');
      this.lastSnap = r.snap;
      this.onReady?.(r);
      return r;
    });
    this.ready = p;
    return p;
  }

  private spawn(): void {
    if (this.local) return;
    try {
      const w = new Worker(new URL('./session-worker.ts', import.meta.url), { type: 'module', name: 'terminal-session' });
      w.onmessage = (e: MessageEvent<Reply>) => this.settle(e.data);
      w.onerror = (e) => {
        // The worker script failed to load or threw at top level: run here instead.
        e.preventDefault();
        if (this.worker === w) void this.fallBack();
      };
      this.worker = w;
    } catch {
      void this.fallBack();
    }
  }

  private async fallBack(): Promise<void> {
    this.worker?.terminate();
    this.worker = null;
    const { createSessionServer } = await import('../../src/shell/session-server.ts');
    const server = createSessionServer();
    this.local = (req) => server.handle(req);
    // Everything sent to the dead worker is asked again, in order.
    for (const p of [...this.pending.values()].sort((a, b) => a.req.id - b.req.id)) this.post(p.req);
  }

  private settle(r: Reply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if ('snap' in r) this.lastSnap = r.snap;
    p.resolve(r);
  }

  private post(req: Request): void {
    if (this.local) {
      const handle = this.local;
      setTimeout(() => this.settle(handle(req)), 0);
    } else {
      this.worker?.postMessage(req);
    }
  }

  ask(a: Ask): Promise<Reply | Interrupted> {
    const req = { ...a, id: this.seq++ } as Request;
    return new Promise((resolve) => {
      this.pending.set(req.id, { req, resolve });
      this.post(req);
    });
  }

  /** True while a command (or the session's start) is running. */
  busy(): boolean {
    for (const p of this.pending.values()) if (INTERRUPTIBLE.has(p.req.t)) return true;
    return false;
  }

  /** Ctrl-C: ends the running command by ending its worker. Returns false when nothing ran. */
  interrupt(): boolean {
    if (!this.worker || !this.busy()) return false;
    this.worker.terminate();
    this.worker = null;
    const pending = [...this.pending.values()].sort((a, b) => a.req.id - b.req.id);
    this.pending.clear();
    // Interrupted while the session itself was starting (replaying a long saved log):
    // start from the chapter's beginning rather than replay the same log again.
    const restarting = pending.some((p) => p.req.t === 'init');
    const snap = restarting ? undefined : this.lastSnap;
    void this.start(snap, 130);
    for (const p of pending) {
      if (INTERRUPTIBLE.has(p.req.t)) p.resolve({ t: 'interrupted' });
      else this.ask(p.req).then(p.resolve, () => {});
    }
    return true;
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
