// iptables -h / --help: xtables_printhelp() of iptables 1.8.9, the same text for both
// backends apart from the version line, then print_extension_helps(): the -j target's help
// (if -j named an extension or a verdict) and one section per match of the rule so far, in
// the order they were loaded (src/engine/cmdline.ts works out which). The text is in the
// lazy `help` pack (components/terminal/lazy-packs.ts), with the extensions' help files.

import type { HelpSections } from './cmdline.ts';
import { extensionHelp } from './extensions/help/index.ts';

// after the program name on the usage lines
const USAGE = [
  " -[ACD] chain rule-specification [options]",
  " -I chain [rulenum] rule-specification [options]",
  " -R chain rulenum rule-specification [options]",
  " -D chain rulenum [options]",
  " -[LS] [chain [rulenum]] [options]",
  " -[FZ] [chain] [options]",
  " -[NX] chain",
  " -E old-chain-name new-chain-name",
  " -P chain target [options]",
  " -h (print this help information)",
];

const BODY = [
  "",
  "Commands:",
  "Either long or short options are allowed.",
  "  --append  -A chain\t\tAppend to chain",
  "  --check   -C chain\t\tCheck for the existence of a rule",
  "  --delete  -D chain\t\tDelete matching rule from chain",
  "  --delete  -D chain rulenum",
  "\t\t\t\tDelete rule rulenum (1 = first) from chain",
  "  --insert  -I chain [rulenum]",
  "\t\t\t\tInsert in chain as rulenum (default 1=first)",
  "  --replace -R chain rulenum",
  "\t\t\t\tReplace rule rulenum (1 = first) in chain",
  "  --list    -L [chain [rulenum]]",
  "\t\t\t\tList the rules in a chain or all chains",
  "  --list-rules -S [chain [rulenum]]",
  "\t\t\t\tPrint the rules in a chain or all chains",
  "  --flush   -F [chain]\t\tDelete all rules in  chain or all chains",
  "  --zero    -Z [chain [rulenum]]",
  "\t\t\t\tZero counters in chain or all chains",
  "  --new     -N chain\t\tCreate a new user-defined chain",
  "  --delete-chain",
  "            -X [chain]\t\tDelete a user-defined chain",
  "  --policy  -P chain target",
  "\t\t\t\tChange policy on chain to target",
  "  --rename-chain",
  "            -E old-chain new-chain",
  "\t\t\t\tChange chain name, (moving any references)",
  "",
  "Options:",
  "    --ipv4\t-4\t\tNothing (line is ignored by ip6tables-restore)",
  "    --ipv6\t-6\t\tError (line is ignored by iptables-restore)",
  "[!] --protocol\t-p proto\tprotocol: by number or name, eg. `tcp'",
  "[!] --source\t-s address[/mask][...]",
  "\t\t\t\tsource specification",
  "[!] --destination -d address[/mask][...]",
  "\t\t\t\tdestination specification",
  "[!] --in-interface -i input name[+]",
  "\t\t\t\tnetwork interface name ([+] for wildcard)",
  " --jump\t-j target",
  "\t\t\t\ttarget for rule (may load target extension)",
  "  --goto      -g chain",
  "\t\t\t       jump to chain with no return",
  "  --match\t-m match",
  "\t\t\t\textended match (may load extension)",
  "  --numeric\t-n\t\tnumeric output of addresses and ports",
  "[!] --out-interface -o output name[+]",
  "\t\t\t\tnetwork interface name ([+] for wildcard)",
  "  --table\t-t table\ttable to manipulate (default: `filter')",
  "  --verbose\t-v\t\tverbose mode",
  "  --wait\t-w [seconds]\tmaximum wait to acquire xtables lock before give up",
  "  --line-numbers\t\tprint line numbers when listing",
  "  --exact\t-x\t\texpand numbers (display exact values)",
  "[!] --fragment\t-f\t\tmatch second or further fragments only",
  "  --modprobe=<command>\t\ttry to insert modules using this command",
  "  --set-counters -c PKTS BYTES\tset the counter during insert/append",
  "[!] --version\t-V\t\tprint package version.",
].join('\n') + '\n';

/** `prog` is the program name (iptables, or iptables-restore for a -h in a restore line) */
export function helpText(version: string, prog = 'iptables', sections?: HelpSections): string {
  let s = `${prog} ${version}\n\nUsage: ${prog}${USAGE[0]}\n`;
  for (let i = 1; i < USAGE.length; i++) s += `       ${prog}${USAGE[i]}\n`;
  s += BODY;
  if (sections) {
    if (sections.target !== null) s += extensionHelp('target', sections.target);
    for (const m of sections.matches) s += extensionHelp('match', m);
  }
  return s;
}
