// The diagram follows the flow point the page's terminal publishes in the shared store
// (src/state/terminal.ts, written by the terminal island): only for its own scenario.
import { $flow } from '../../src/state/terminal.ts';

export function subscribeFlowPoint(scenario: string, onPoint: (n: number) => void): () => void {
  return $flow.subscribe((v) => {
    if (v && v.scenario === scenario && Number.isFinite(v.at) && v.at >= 1) onPoint(v.at);
  });
}
