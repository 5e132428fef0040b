// iptables, iptables-save and iptables-restore run against the firewall of the
// namespace the command is in (the node's, or a pod's after nsenter).

import { runIptables } from '../../engine/iptables.ts';
import type { EngineEnv } from '../../engine/iptables.ts';
import { runIptablesRestore } from '../../engine/restore.ts';
import { runIptablesSave } from '../../engine/save.ts';
import { NameDb } from '../../engine/names/namedb.ts';
import { ETC_BASE } from '../../engine/names/etc-base.ts';
import { ETC_ISTIO } from '../../engine/names/etc-istio.ts';
import type { World } from '../world.ts';
import { fail, nsOf } from './context.ts';
import type { CommandResult, WorldCommand, WorldCommandContext } from './context.ts';

const namesCache = new Map<string, NameDb>();

/** /etc of where the binary runs: the node's, or the istio-proxy container's. */
export function engineEnv(world: World, ctx: WorldCommandContext): EngineEnv {
  const which = ctx.env?.SIM_CONTAINER === 'istio-proxy' ? 'istio' : 'base';
  let names = namesCache.get(which);
  if (!names) {
    names = new NameDb(which === 'istio' ? ETC_ISTIO : ETC_BASE);
    namesCache.set(which, names);
  }
  return { names, now: () => new Date(Date.UTC(2026, 10, 25, 9, 0, 0) + world.clockMs) };
}

function notRoot(prog: string, legacy: boolean): CommandResult {
  if (legacy) return fail('Fatal: can\'t open lock file /run/xtables.lock: Permission denied\n', 4);
  const tool = prog.includes('save') ? 'iptables-save' : prog.includes('restore') ? 'iptables-restore' : 'iptables';
  return fail(`${tool} v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n`, 4);
}

export function iptablesFor(prog: string): WorldCommand {
  const wantLegacy = prog.includes('legacy');
  return (ctx) => {
    if (ctx.uid !== 0) return notRoot(prog, wantLegacy);
    const world = ctx.world;
    const primary = world.firewallOf(nsOf(world, ctx.where));
    // `iptables` is iptables-nft here; the other backend has its own (separate) tables.
    const fw = (primary.flavor === 'legacy') === wantLegacy ? primary : world.otherFirewall(primary);
    return runOn(fw, prog, ctx);
  };
}

function runOn(fw: ReturnType<World['firewallOf']>, prog: string, ctx: WorldCommandContext): CommandResult {
  const env = engineEnv(ctx.world, ctx);
  const argv = [prog, ...ctx.argv.slice(1)];
  if (prog.includes('save')) return runIptablesSave(fw, argv, env);
  if (prog.includes('restore')) return runIptablesRestore(fw, argv, ctx.stdin, env);
  return runIptables(fw, argv, env);
}
