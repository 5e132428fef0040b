// The reader's simulated node (shell, world, engine) runs here, off the page's main thread:
// the page stays responsive while a command runs, and Ctrl-C can end this worker outright.
// Protocol: src/shell/session-server.ts.
import { createSessionServer, type Request } from '../../src/shell/session-server.ts';

const server = createSessionServer();
const scope = self as unknown as { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage(m: unknown): void };
scope.onmessage = (e) => {
  scope.postMessage(server.handle(e.data));
};
