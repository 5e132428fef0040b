import type { CommandContext, CommandResult } from '../types.ts';

// Short manual pages written for this guide (not copies of the real ones). They point to
// the full pages online for anything they leave out.

const PAGES: Record<string, string> = {
  iptables: `IPTABLES(8)                  iptables 1.8.9                  IPTABLES(8)

NAME
       iptables - look at and change the kernel's IPv4 packet filter and NAT rules

SYNOPSIS
       iptables [-t table] {-A|-C|-D} chain rule-specification
       iptables [-t table] -I chain [rulenum] rule-specification
       iptables [-t table] -R chain rulenum rule-specification
       iptables [-t table] -D chain rulenum
       iptables [-t table] -S [chain [rulenum]]
       iptables [-t table] {-F|-L|-Z} [chain [rulenum]] [options...]
       iptables [-t table] -N chain
       iptables [-t table] -X [chain]
       iptables [-t table] -P chain target

HOW IT IS ORGANISED
       Rules live in chains, chains live in tables. A packet walks a chain
       from the first rule down; the first rule whose matches all hold decides
       its fate through the rule's target (-j). A chain that runs out of rules
       hands the packet back to its caller, or, for a built-in chain, applies
       the chain's policy.

       filter  the default table: INPUT, FORWARD, OUTPUT
       nat     consulted only for the FIRST packet of a connection:
               PREROUTING, INPUT, OUTPUT, POSTROUTING. Later packets are
               translated by conntrack, so nat rules never see them.
       mangle  changing packet fields and marks: all five hooks
       raw     before connection tracking: PREROUTING, OUTPUT

COMMANDS
       -A chain      append a rule          -I chain [n]  insert (default: first)
       -D chain      delete a rule (by spec or number)
       -R chain n    replace rule n          -C chain     check a rule exists
       -L [chain]    list as a table         -S [chain]   list as commands
       -F [chain]    delete all rules        -Z [chain]   zero the counters
       -N chain      new user chain          -X [chain]   delete an empty user chain
       -P chain tgt  set a built-in chain's policy (ACCEPT or DROP)

MATCHES
       [!] -p proto      tcp, udp, icmp, all or a number
       [!] -s addr[/m]   source address      [!] -d addr[/m]  destination
       [!] -i name       input interface     [!] -o name      output interface
       -m name ...       load a match extension: tcp (--dport, --sport),
                         owner (--uid-owner, --gid-owner), conntrack
                         (--ctstate), mark, comment, multiport ...
       ! in front of an option negates it.

TARGETS
       -j ACCEPT | DROP | RETURN | chain   and extensions such as REDIRECT
       (--to-ports), DNAT (--to-destination), SNAT, MARK, LOG, REJECT.
       -g chain jumps without coming back.

LISTING OPTIONS
       -v  counters, interfaces and options   -n  numbers instead of names
       -x  exact counters (no K/M)            --line-numbers  number the rules

EXIT STATUS
       0 on success, 1 for most errors, 2 for a bad command line.

SEE ALSO
       iptables-extensions(8), iptables-save(8), iptables-restore(8), nsenter(1)
       https://ipset.netfilter.org/iptables.man.html
`,
  'iptables-extensions': `IPTABLES-EXTENSIONS(8)       iptables 1.8.9       IPTABLES-EXTENSIONS(8)

NAME
       iptables-extensions - the match and target modules iptables can load

MATCHES USED BY ISTIO
       tcp      --sport, --dport [!] port[:port]   (implied by -p tcp)
       owner    [!] --uid-owner uid, [!] --gid-owner gid: who owns the socket
                that sent the packet; only in OUTPUT and POSTROUTING
       conntrack --ctstate NEW,ESTABLISHED,RELATED...
       mark     [!] --mark value[/mask]

TARGETS USED BY ISTIO
       REDIRECT --to-ports port   rewrite the destination to the receiving
                interface's primary address (127.0.0.1 for locally
                generated packets) and the given port: the local envoy.
       TPROXY   --on-port port --tproxy-mark value/mask   (mangle table)
       RETURN   stop walking this chain; go back to the caller

SEE ALSO
       iptables(8), https://ipset.netfilter.org/iptables-extensions.man.html
`,
  nsenter: `NSENTER(1)                     User Commands                    NSENTER(1)

NAME
       nsenter - run a program inside another process's namespaces

SYNOPSIS
       nsenter -t PID -n [command [args...]]

DESCRIPTION
       -t PID   whose namespaces to enter
       -n       enter its network namespace (interfaces, routes, iptables)
       Without a command, nsenter starts a shell inside the namespace; type
       exit to come back to the node.

EXAMPLE
       nsenter -t 8533 -n iptables -t nat -S
`,
};

export function man(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1).filter((a) => !/^\d$/.test(a));
  if (!args.length) return { stdout: '', stderr: "What manual page do you want?\nFor example, try 'man man'.\n", code: 1 };
  let stdout = '';
  let stderr = '';
  for (const name of args) {
    const page = PAGES[name] ?? PAGES[name.replace(/^(iptables)-(save|restore)$/, '$1')];
    if (page) stdout += page;
    else stderr += `No manual entry for ${name}\n`;
  }
  return { stdout, stderr, code: stderr ? 16 : 0 };
}

export const MAN_PAGES = Object.keys(PAGES);
