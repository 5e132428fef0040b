// The one store the page's islands share (nanostores). The terminal island writes it;
// FlowDiagram and Quiz read it. Values are plain data; live sessions are kept beside the
// store (sessions.ts) because they are objects with methods, not state to render.
import { atom, map } from 'nanostores';
import type { CounterRow } from '../shell/host.ts';

export type { CounterRow };

export interface TerminalState {
  /** The Terminal's id (unique on the page). */
  id: string;
  scenario: string;
  /** Current flow point (0..17), or null when the scenario has no request flow. */
  flowPoint: number | null;
  trace: boolean;
  /** nat counters after the last command (empty without a world). */
  counters: CounterRow[];
  /** The last line run, its exit status, and a counter that changes on every command. */
  lastCommand: string;
  lastCode: number;
  seq: number;
  /** 'node' or the netns label of an nsenter sub-shell. */
  where: string;
}

/** Every mounted terminal on the page, by id. */
export const $terminals = map<Record<string, TerminalState>>({});

/** The terminal the reader used last (null before any). Diagrams follow this one. */
export const $activeTerminal = atom<string | null>(null);

/** The flow point the page shows: the last one any terminal moved to. */
export const $flow = atom<{ scenario: string; at: number } | null>(null);

export function publishTerminal(state: TerminalState): void {
  $terminals.setKey(state.id, state);
  $activeTerminal.set(state.id);
  if (state.flowPoint !== null) {
    const cur = $flow.get();
    if (!cur || cur.scenario !== state.scenario || cur.at !== state.flowPoint) $flow.set({ scenario: state.scenario, at: state.flowPoint });
  }
}
