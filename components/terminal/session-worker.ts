// The reader's simulated node (shell, world, engine) runs here, off the page's main thread:
// the page stays responsive while a command runs, and Ctrl-C can end this worker outright.
// Protocol: src/shell/session-server.ts. Some commands' code is loaded on first use
// (lazy-packs.ts): a request that may run them waits for their chunks, later ones queue
// behind it, so replies keep their order.
import { createSessionServer, type Request } from '../../src/shell/session-server.ts';
import { packsFor } from './lazy-packs.ts';
import { isLoaded, load } from './lazy-runtime.ts';

const server = createSessionServer();
const scope = self as unknown as { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage(m: unknown): void };

/** The shell text a request may run (or complete). */
function textOf(req: Request): string {
  switch (req.t) {
    case 'init':
      return [...req.setup, req.snap ?? ''].join('\n');
    case 'run':
    case 'check':
    case 'complete':
      return req.line;
    case 'paste':
      return req.text;
    default:
      return '';
  }
}

const queue: Request[] = [];
let waiting = false;
/** The request whose packs were asked for: it runs next, whether they came or not. */
let asked: Request | null = null;

function pump(): void {
  while (queue.length && !waiting) {
    const req = queue[0];
    const missing = asked === req ? [] : packsFor(textOf(req), req).filter((p) => !isLoaded(p));
    if (missing.length) {
      waiting = true;
      asked = req;
      // A chunk that fails to load leaves its commands to report that in one line (need());
      // the next request that needs it asks again.
      void Promise.allSettled(missing.map(load)).then(() => {
        waiting = false;
        pump();
      });
      return;
    }
    queue.shift();
    asked = null;
    scope.postMessage(server.handle(req));
  }
}

scope.onmessage = (e) => {
  queue.push(e.data);
  pump();
};
