// The rule sets the explainer and the playgrounds start from: the Istio generator's output
// for a scenario, loaded into a fresh engine Firewall with iptables-restore.

import { Firewall } from '../engine/model.ts';
import { runIptables, type CommandResult, type EngineEnv } from '../engine/iptables.ts';
import { runIptablesRestore } from '../engine/restore.ts';
import { generateIstioRules } from '../world/istio-iptables/generate.ts';
import { optionsFromAnnotations, type Annotations, type AnnotationContext } from '../world/istio-iptables/annotations.ts';
import { toRestoreFile } from '../world/istio-iptables/builder.ts';

/** A fixed clock so iptables-save's "Generated ... on" lines are the same at build time and in the browser. */
export const FIXED_CLOCK = (): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
export const STABLE_ENV: EngineEnv = { now: FIXED_CLOCK };

export const SCENARIO_VERSION: Readonly<Record<string, string>> = {
  'bookinfo-1.6': '1.6',
  'bookinfo-current': 'current',
};

export interface LoadedRules {
  fw: Firewall;
  /** the restore text fed to iptables-restore ('' when the generator refused the options) */
  restore: string;
  /** the result of generating and loading: generator errors come back as stderr, code 2 */
  result: CommandResult;
}

/** Istio's generator for these annotations, loaded into a fresh nft Firewall. Never throws. */
export function loadIstioRules(annotations: Annotations, ctx: AnnotationContext): LoadedRules {
  const fw = new Firewall({ flavor: 'nft' });
  let restore = '';
  try {
    restore = toRestoreFile(generateIstioRules(optionsFromAnnotations(annotations, ctx)).v4);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { fw, restore, result: { stdout: '', stderr: `istio-iptables: ${msg}\n`, code: 2 } };
  }
  return { fw, restore, result: runIptablesRestore(fw, [], restore, STABLE_ENV) };
}

/** A scenario's sidecar rules (every pod of a scenario has the same set). */
export function scenarioRules(scenario: string): LoadedRules {
  const version = SCENARIO_VERSION[scenario];
  if (!version) throw new Error(`RuleExplainer: unknown scenario "${scenario}" (use ${Object.keys(SCENARIO_VERSION).join(', ')})`);
  return loadIstioRules({}, { version });
}

/** `iptables -t TABLE -S` lines of a scenario, as the engine prints them. */
export function listRules(fw: Firewall, table: string): string[] {
  const r = runIptables(fw, ['iptables', '-t', table, '-S'], STABLE_ENV);
  return r.stdout.split('\n').filter((l) => l !== '');
}
