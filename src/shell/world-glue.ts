// The one place that knows how a scenario name becomes a simulated world for the shell.
// Everything else (the terminal island, <Listing>, quiz replays, nfsim) calls
// createScenarioSession() and stays unaware of the world's own API.
import { createEngineHost } from './engine-host.ts';
import { createWorldHost } from './world-host.ts';
import { SCENARIOS as WORLD_SCENARIOS } from '../world/world.ts';
import type { ShellHost } from './host.ts';
import { createSession } from './session.ts';
import type { Session } from './session.ts';
import type { TermLang } from '../i18n/terminal.ts';


/** Builds the host for a scenario; undefined means a bare node (shell builtins only). */
export function makeHost(scenario: string): ShellHost<unknown> | undefined {
  switch (scenario) {
    case 'empty':
      return createEngineHost() as ShellHost<unknown>;
    default:
      if ((WORLD_SCENARIOS as readonly string[]).includes(scenario)) return createWorldHost(scenario) as ShellHost<unknown>;
      // Until every scenario has its world, an unknown one is a bare node with iptables.
      return createEngineHost() as ShellHost<unknown>;
  }
}

export interface ScenarioSessionOptions {
  scenario: string;
  setup?: string[];
  at?: number;
  lang?: TermLang;
}

export function createScenarioSession(opts: ScenarioSessionOptions): Session<unknown> {
  return createSession<unknown>({ scenario: opts.scenario, setup: opts.setup, at: opts.at, lang: opts.lang, makeHost });
}
