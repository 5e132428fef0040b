// A node with nothing but iptables: the `empty` scenario, and the fallback while a scenario's
// world is unavailable. Commands are the engine's own (src/engine), one firewall per backend
// (iptables-legacy and iptables-nft keep separate rule sets, as on a real host).
import { Firewall } from '../engine/model.ts';
import { runIptables } from '../engine/iptables.ts';
import type { EngineEnv } from '../engine/iptables.ts';
import { runIptablesRestore } from '../engine/restore.ts';
import { runIptablesSave } from '../engine/save.ts';
import { NameDb } from '../engine/names/namedb.ts';
import { ETC_BASE } from '../engine/names/etc-base.ts';
import type { ShellHost } from './host.ts';
import type { CommandMeta, CommandRegistry } from './types.ts';

export interface EngineWorld {
  nft: Firewall;
  legacy: Firewall;
  env: EngineEnv;
}

export const IPTABLES_FLAGS = [
  '-t', '-A', '-C', '-D', '-I', '-R', '-L', '-S', '-F', '-Z', '-N', '-X', '-P', '-E', '-n', '-v', '-x',
  '-p', '-s', '-d', '-i', '-o', '-m', '-j', '-g', '-c', '--line-numbers', '--dport', '--sport',
  '--uid-owner', '--gid-owner', '--to-ports', '--comment', '--list', '--list-rules', '--numeric', '--verbose',
];

export function chainNames(fw: Firewall): string[] {
  const out = new Set<string>();
  for (const t of fw.tables.values()) for (const c of t.chains.keys()) out.add(c);
  return [...out];
}

/** `flavor` is what plain `iptables` is on this node (nfsim --flavor); the -nft/-legacy
 *  names always reach their own backend. */
export function createEngineHost(opts: { flavor?: 'nft' | 'legacy' } = {}): ShellHost<EngineWorld> {
  const world: EngineWorld = {
    nft: new Firewall({ flavor: 'nft' }),
    legacy: new Firewall({ flavor: 'legacy' }),
    env: { names: new NameDb(ETC_BASE), now: () => new Date() },
  };
  const fwFor = (prog: string) =>
    prog.includes('legacy') ? world.legacy : prog.includes('nft') ? world.nft : opts.flavor === 'legacy' ? world.legacy : world.nft;
  return {
    world,
    hostname: () => 'node-1',
    completions: (kind) => {
      if (kind === 'chain') return [...new Set([...chainNames(world.nft), 'PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'])];
      if (kind === 'table') return ['filter', 'nat', 'mangle', 'raw', 'security'];
      return [];
    },
    registerCommands(reg: CommandRegistry<EngineWorld>) {
      const meta = (summary: string): CommandMeta<EngineWorld> => ({ summary, flags: IPTABLES_FLAGS });
      for (const name of ['iptables', 'iptables-nft', 'iptables-legacy']) {
        reg.register(name, (ctx) => runIptables(fwFor(name), [name, ...ctx.argv.slice(1)], world.env), meta('list and change the IPv4 packet filter and NAT rules'));
      }
      for (const name of ['iptables-save', 'iptables-nft-save', 'iptables-legacy-save']) {
        reg.register(name, (ctx) => runIptablesSave(fwFor(name), [name, ...ctx.argv.slice(1)], world.env), { summary: 'print every table as iptables-restore input', flags: ['-c', '-t'] });
      }
      for (const name of ['iptables-restore', 'iptables-nft-restore', 'iptables-legacy-restore']) {
        reg.register(name, (ctx) => runIptablesRestore(fwFor(name), [name, ...ctx.argv.slice(1)], ctx.stdin, world.env), { summary: 'load rules from iptables-save text on stdin', flags: ['-c', '-n', '--noflush', '-T'] });
      }
    },
  };
}
