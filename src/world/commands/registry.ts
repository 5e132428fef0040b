// The world's commands by name, for the shell to register (src/shell/world-glue.ts).

import { conntrackCommand } from './conntrack.ts';
import type { WorldCommand } from './context.ts';
import { curlCommand } from './curl.ts';
import { ipCommand } from './ip.ts';
import { iptablesFor } from './iptables.ts';
import { kubectlCommand } from './kubectl.ts';
import { nsenterCommand } from './nsenter.ts';
import { ssCommand } from './ss.ts';

export interface WorldCommandInfo {
  run: WorldCommand;
  summary: string;
  flags?: string[];
}

export function worldCommands(): Record<string, WorldCommandInfo> {
  const ipt: Record<string, WorldCommandInfo> = {};
  for (const p of ['iptables', 'iptables-nft', 'iptables-legacy']) ipt[p] = { run: iptablesFor(p), summary: 'list and change the IPv4 packet filter and NAT rules of this network namespace' };
  for (const p of ['iptables-save', 'iptables-nft-save', 'iptables-legacy-save']) ipt[p] = { run: iptablesFor(p), summary: 'print every table as iptables-restore input', flags: ['-c', '-t'] };
  for (const p of ['iptables-restore', 'iptables-nft-restore', 'iptables-legacy-restore']) ipt[p] = { run: iptablesFor(p), summary: 'load rules from iptables-save text on stdin', flags: ['-c', '-n', '--noflush', '-T'] };
  return {
    ...ipt,
    nsenter: { run: nsenterCommand, summary: 'run a program in the network namespace of a process', flags: ['-t', '-n', '--target', '--net'] },
    kubectl: { run: kubectlCommand, summary: 'kubectl get pods / get svc / exec', flags: ['get', 'exec', 'pods', '-o', 'wide', '-c', '--'] },
    curl: { run: curlCommand, summary: 'transfer a URL (http only)', flags: ['-s', '-S', '-v', '-i', '-I', '--max-time'] },
    conntrack: { run: conntrackCommand, summary: 'show the connection tracking table', flags: ['-L', '-D', '-C', '-F', '-p', '-s', '-d', '--dport', '--sport'] },
    ss: { run: ssCommand, summary: 'show sockets', flags: ['-t', '-u', '-l', '-a', '-n', '-p', '-e'] },
    ip: { run: ipCommand, summary: 'show addresses, links, routes and routing rules', flags: ['addr', 'link', 'route', 'rule', '-br', '-4'] },
  };
}
