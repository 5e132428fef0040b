// Fallback descriptions for words a chapter's notes do not cover: every option, match,
// target and built-in chain the Istio rule sets (1.6, current, TPROXY, DNS capture) use.
// Keyed by the word as iptables -S prints it; matches are keyed 'm:name'.

import type { RuleToken } from './tokens.ts';
import type { Lang } from './types.ts';

type Text = { zh: string; en: string };

const OPTIONS: Record<string, Text> = {
  '-A': { zh: '把规则追加到链尾。', en: 'Appends the rule to the end of the chain.' },
  '-I': { zh: '把规则插入到链中的指定位置（默认第 1 条）。', en: 'Inserts the rule at a position in the chain (first by default).' },
  '-N': { zh: '新建一条自定义链。', en: 'Creates a user-defined chain.' },
  '-P': { zh: '设置内置链的默认策略。', en: 'Sets a built-in chain\'s policy.' },
  '-p': { zh: '匹配 IP 协议（tcp、udp、icmp……）。', en: 'Matches the IP protocol (tcp, udp, icmp ...).' },
  '-s': { zh: '匹配源地址（地址/掩码）。', en: 'Matches the source address (address/mask).' },
  '-d': { zh: '匹配目的地址（地址/掩码）。', en: 'Matches the destination address (address/mask).' },
  '-i': { zh: '匹配入接口。只能用于 PREROUTING、INPUT、FORWARD。', en: 'Matches the incoming interface. PREROUTING, INPUT and FORWARD only.' },
  '-o': { zh: '匹配出接口。只能用于 OUTPUT、FORWARD、POSTROUTING。', en: 'Matches the outgoing interface. OUTPUT, FORWARD and POSTROUTING only.' },
  '-f': { zh: '只匹配分片的第二片及以后。', en: 'Matches second and later fragments only.' },
  '-m': { zh: '加载一个匹配扩展，后面的选项属于它。', en: 'Loads a match extension; the options after it belong to it.' },
  '-j': { zh: '规则匹配时的目标：内置动作、扩展目标，或跳入一条自定义链。', en: 'The target when the rule matches: a verdict, an extension target, or a user chain to jump to.' },
  '-g': { zh: '转到（goto）一条自定义链：那条链结束后不回到这里。', en: 'Goes to a user chain: when that chain ends, control does not come back here.' },
  '-c': { zh: '规则的包和字节计数。', en: 'The rule\'s packet and byte counters.' },
  '!': { zh: '对后面紧跟的那个条件取反。', en: 'Negates the condition that follows it.' },
  '--dport': { zh: '匹配目的端口或端口范围。', en: 'Matches a destination port or port range.' },
  '--sport': { zh: '匹配源端口或端口范围。', en: 'Matches a source port or port range.' },
  '--dports': { zh: 'multiport：匹配列表中的任一目的端口。', en: 'multiport: matches any destination port in the list.' },
  '--sports': { zh: 'multiport：匹配列表中的任一源端口。', en: 'multiport: matches any source port in the list.' },
  '--uid-owner': { zh: '匹配发包 socket 的属主 uid（仅本机发出的包）。', en: 'Matches the uid owning the sending socket (locally generated packets only).' },
  '--gid-owner': { zh: '匹配发包 socket 的属主 gid（仅本机发出的包）。', en: 'Matches the gid owning the sending socket (locally generated packets only).' },
  '--to-ports': { zh: 'REDIRECT 的新目的端口。', en: 'The new destination port of REDIRECT.' },
  '--to-port': { zh: 'REDIRECT 的新目的端口（--to-ports 的缩写）。', en: 'The new destination port of REDIRECT (short for --to-ports).' },
  '--ctstate': { zh: 'conntrack：匹配连接跟踪状态（NEW、ESTABLISHED、RELATED、INVALID……）。', en: 'conntrack: matches the connection tracking state (NEW, ESTABLISHED, RELATED, INVALID ...).' },
  '--mark': { zh: '匹配包标记（mark）或连接标记（connmark），可带掩码。', en: 'Matches the packet mark (mark) or connection mark (connmark), optionally masked.' },
  '--set-mark': { zh: 'MARK：给包打上这个标记。', en: 'MARK: sets this packet mark.' },
  '--set-xmark': { zh: 'MARK：按值/掩码设置包标记。', en: 'MARK: sets the packet mark by value/mask.' },
  '--save-mark': { zh: 'CONNMARK：把包标记存进连接标记。', en: 'CONNMARK: copies the packet mark into the connection mark.' },
  '--restore-mark': { zh: 'CONNMARK：把连接标记恢复到包标记上。', en: 'CONNMARK: copies the connection mark back onto the packet.' },
  '--nfmask': { zh: 'CONNMARK：作用于包标记一侧的掩码。', en: 'CONNMARK: the mask applied on the packet-mark side.' },
  '--ctmask': { zh: 'CONNMARK：作用于连接标记一侧的掩码。', en: 'CONNMARK: the mask applied on the connection-mark side.' },
  '--tproxy-mark': { zh: 'TPROXY：给被接管的包打的标记，策略路由据此把它送到本机。', en: 'TPROXY: the mark given to diverted packets, which policy routing uses to deliver them locally.' },
  '--on-port': { zh: 'TPROXY：接管连接的透明监听端口。', en: 'TPROXY: the transparent listener port that takes the connection.' },
  '--on-ip': { zh: 'TPROXY：透明监听的地址。', en: 'TPROXY: the address of the transparent listener.' },
  '--zone': { zh: 'CT：把连接放进这个连接跟踪区（zone），不同区的同名连接互不干扰。', en: 'CT: puts the connection in this conntrack zone, so equal tuples in different zones stay apart.' },
  '--comment': { zh: 'comment：一段注释，不影响匹配。', en: 'comment: a note that does not affect matching.' },
  '--socket-exists': { zh: 'owner：这个包属于一个本地 socket。', en: 'owner: the packet has a local socket.' },
};

const MATCHES: Record<string, Text> = {
  tcp: { zh: 'tcp 匹配扩展：端口、标志位。', en: 'The tcp match: ports and flags.' },
  udp: { zh: 'udp 匹配扩展：端口。', en: 'The udp match: ports.' },
  icmp: { zh: 'icmp 匹配扩展：类型和代码。', en: 'The icmp match: type and code.' },
  owner: { zh: 'owner 匹配扩展：发包 socket 的属主。只用于 OUTPUT、POSTROUTING。', en: 'The owner match: who owns the sending socket. OUTPUT and POSTROUTING only.' },
  multiport: { zh: 'multiport 匹配扩展：一次匹配多个端口。', en: 'The multiport match: several ports at once.' },
  conntrack: { zh: 'conntrack 匹配扩展：连接跟踪的状态。', en: 'The conntrack match: connection tracking state.' },
  mark: { zh: 'mark 匹配扩展：包标记。', en: 'The mark match: the packet mark.' },
  connmark: { zh: 'connmark 匹配扩展：连接标记。', en: 'The connmark match: the connection mark.' },
  comment: { zh: 'comment 匹配扩展：只用来写注释。', en: 'The comment match: only carries a note.' },
  socket: { zh: 'socket 匹配扩展：包属于一个本地 socket。', en: 'The socket match: the packet belongs to a local socket.' },
};

const TARGETS: Record<string, Text> = {
  ACCEPT: { zh: '接受：包离开这张表的这条链，继续后面的处理。', en: 'Accept: the packet leaves this table\'s chain and carries on.' },
  DROP: { zh: '丢弃这个包。', en: 'Drops the packet.' },
  RETURN: { zh: '回到调用链的下一条规则；在内置链里由策略决定。', en: 'Returns to the rule after the calling one; in a built-in chain the policy decides.' },
  QUEUE: { zh: '把包交给用户态队列。', en: 'Hands the packet to a userspace queue.' },
  REDIRECT: { zh: '把目的地址改成本机（本机发出的包为 127.0.0.1），端口改成 --to-ports。', en: 'Rewrites the destination to this host (127.0.0.1 for local packets) and the port to --to-ports.' },
  TPROXY: { zh: '不改包头，把包交给本机的透明监听 socket（mangle PREROUTING）。', en: 'Hands the packet to a local transparent listener without rewriting it (mangle PREROUTING).' },
  MARK: { zh: '设置包标记。', en: 'Sets the packet mark.' },
  CONNMARK: { zh: '在包标记和连接标记之间保存或恢复。', en: 'Saves or restores between the packet mark and the connection mark.' },
  CT: { zh: '设置这条连接的连接跟踪参数（如 zone）。', en: 'Sets conntrack parameters for this connection (such as its zone).' },
};

const BUILTIN_CHAINS: Record<string, Text> = {
  PREROUTING: { zh: '内置链：包进入本机后、路由决策前。', en: 'Built-in chain: arriving packets, before the routing decision.' },
  INPUT: { zh: '内置链：发给本机的包。', en: 'Built-in chain: packets for this host.' },
  FORWARD: { zh: '内置链：经本机转发的包。', en: 'Built-in chain: packets routed through this host.' },
  OUTPUT: { zh: '内置链：本机进程发出的包。', en: 'Built-in chain: packets sent by local processes.' },
  POSTROUTING: { zh: '内置链：所有离开的包，路由决策之后。', en: 'Built-in chain: every leaving packet, after the routing decision.' },
};

const USER_CHAIN: Text = { zh: '自定义链 {name}。', en: 'The user chain {name}.' };
const VALUE_OF: Text = { zh: '{opt} 的值。', en: 'The value of {opt}.' };

function chainText(name: string, lang: Lang): string {
  return BUILTIN_CHAINS[name]?.[lang] ?? USER_CHAIN[lang].replace('{name}', name);
}

/** A description of what a word does, from this table alone. */
export function genericTokenText(t: RuleToken, lang: Lang): string {
  switch (t.role) {
    case 'negation':
      return OPTIONS['!'][lang];
    case 'command':
    case 'option':
    case 'match':
    case 'jump':
      return OPTIONS[t.text]?.[lang] ?? (t.option ? OPTIONS[t.option]?.[lang] : undefined) ?? t.text;
    case 'match-name':
      return MATCHES[t.text]?.[lang] ?? OPTIONS['-m'][lang];
    case 'chain':
      return chainText(t.text, lang);
    case 'policy':
      return TARGETS[t.text]?.[lang] ?? t.text;
    case 'target':
      return TARGETS[t.text]?.[lang] ?? chainText(t.text, lang);
    case 'value': {
      const opt = t.option ?? '';
      const base = OPTIONS[opt]?.[lang];
      const head = VALUE_OF[lang].replace('{opt}', opt);
      return base ? `${head} ${base}` : head;
    }
    default:
      return t.text;
  }
}

/** A one-line description of a -P or -N line, which the chapter notes do not cover. */
export function genericRuleText(toks: readonly RuleToken[], lang: Lang): string | null {
  const cmd = toks[0]?.text;
  const chain = toks[1]?.text ?? '';
  if (cmd === '-P') {
    const pol = toks[2]?.text ?? '';
    return lang === 'zh'
      ? `内置链 ${chain} 的默认策略是 ${pol}：走完链上所有规则仍未决定的包按 ${pol} 处理。`
      : `The policy of built-in chain ${chain} is ${pol}: a packet that reaches the end of the chain undecided gets ${pol}.`;
  }
  if (cmd === '-N') {
    return lang === 'zh' ? `新建自定义链 ${chain}。它只在被某条规则 -j 跳入时才会被经过。` : `Creates the user chain ${chain}. Packets only pass through it when a rule jumps to it with -j.`;
  }
  return null;
}

/** Every option word the generic table knows (the tests check Istio's sets are covered). */
export function knownOption(word: string): boolean {
  return word in OPTIONS;
}

export function knownTarget(word: string): boolean {
  return word in TARGETS;
}

export function knownMatch(word: string): boolean {
  return word in MATCHES;
}
