// The extensions' own -h text, by name: the lazy `help` pack (components/terminal/lazy-packs.ts
// loads it with src/engine/help.ts when a command line has -h or --help), so none of this text
// is in the terminal's up-front chunk. Nothing else may import these files.
//
// Format, one file per extension module of src/engine/extensions/, with the same file name
// (help/mark-match.ts for mark-match.ts; conntrack.ts holds conntrack and state):
//
//   // NAME (match|target): the section -h prints for it, from extensions/libxt_NAME.c
//   // of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).
//   export const NAME = [
//     "first line, exactly as the extension's help() prints it",
//     "\t\t\t\tand so on: tabs as \t, trailing blanks kept",
//   ].join('\n') + '\n';
//
// - The export is named as the extension is (`-m NAME` / `-j NAME`), and holds the bytes its
//   help() function prints, with its final newline and any blank lines it ends with; not the
//   blank line before it (print_extension_helps prints that).
// - An extension without a help function is `export const NAME = null;`: iptables prints
//   "NAME does not take any options" for it.
// - Then one line in MATCH_HELP or TARGET_HELP below. test/engine/help.test.ts checks that
//   every extension of the registry has an entry, and test/fixtures/kernel-extra/*/help.txt
//   (cases in scripts/capture/cases-src/help.cases) pins the text against real iptables.

import { addrtype } from './addrtype.ts';
import { comment } from './comment.ts';
import { connmark } from './connmark-match.ts';
import { conntrack, state } from './conntrack.ts';
import { icmp } from './icmp.ts';
import { iprange } from './iprange.ts';
import { limit } from './limit.ts';
import { mac } from './mac.ts';
import { mark } from './mark-match.ts';
import { multiport } from './multiport.ts';
import { owner } from './owner.ts';
import { pkttype } from './pkttype.ts';
import { sctp } from './sctp.ts';
import { dccp } from './dccp.ts';
import { set } from './set.ts';
import { socket } from './socket.ts';
import { statistic } from './statistic.ts';
import { tcp } from './tcp.ts';
import { ttl } from './ttl.ts';
import { udp } from './udp.ts';
import { CHECKSUM } from './CHECKSUM.ts';
import { CONNMARK } from './CONNMARK-target.ts';
import { CT } from './CT.ts';
import { DNAT } from './DNAT.ts';
import { LOG } from './LOG.ts';
import { MARK } from './MARK-target.ts';
import { MASQUERADE } from './MASQUERADE.ts';
import { NFLOG } from './NFLOG.ts';
import { NFQUEUE } from './NFQUEUE.ts';
import { NOTRACK } from './NOTRACK.ts';
import { REDIRECT } from './REDIRECT.ts';
import { REJECT } from './REJECT.ts';
import { SNAT } from './SNAT.ts';
import { TCPMSS } from './TCPMSS.ts';
import { TPROXY } from './TPROXY.ts';
import { TRACE } from './TRACE.ts';
import { standard } from './standard.ts';

/** a help text, or null for an extension without a help function */
export type ExtHelp = string | null;

export const MATCH_HELP: Readonly<Record<string, ExtHelp>> = {
  addrtype, comment, connmark, conntrack, dccp, icmp, iprange, limit, mac, mark, multiport, owner,
  pkttype, sctp, set, socket, state, statistic, tcp, ttl, udp,
};

/** `standard` is the target of -j ACCEPT, DROP, QUEUE and RETURN */
export const TARGET_HELP: Readonly<Record<string, ExtHelp>> = {
  CHECKSUM, CONNMARK, CT, DNAT, LOG, MARK, MASQUERADE, NFLOG, NFQUEUE, NOTRACK, REDIRECT,
  REJECT, SNAT, TCPMSS, TPROXY, TRACE, standard,
};

/** print_extension_helps' text for one extension: a blank line, then its help */
export function extensionHelp(kind: 'match' | 'target', name: string): string {
  const table = kind === 'match' ? MATCH_HELP : TARGET_HELP;
  // a modelled extension without an entry is a bug to see, not a section to leave out
  if (!Object.hasOwn(table, name)) throw new Error(`no -h text for the ${name} ${kind}`);
  return `\n${table[name] ?? `${name} does not take any options\n`}`;
}
