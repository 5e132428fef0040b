import type { LanguageRegistration } from 'shiki';

// A TextMate grammar for iptables rules as readers meet them: save/restore files
// (`*nat`, `:CHAIN POLICY [p:b]`, `-A ...`, `COMMIT`), command lines
// (`iptables -t nat -I OUTPUT ...`) and `-L` listings. Scope names are picked so the
// stock GitHub themes give each role its own colour in light and dark:
//   chains -> entity.name.function, targets -> keyword.control, options -> variable.parameter,
//   module/protocol names -> support.type, addresses/ports/counters -> constant.numeric.

const BUILTIN_TARGETS =
  'ACCEPT|DROP|RETURN|REJECT|REDIRECT|DNAT|SNAT|MASQUERADE|LOG|MARK|CONNMARK|TPROXY|CT|NOTRACK|QUEUE|NFQUEUE|TRACE|TCPMSS|CHECKSUM|CLASSIFY|TEE|AUDIT|NFLOG|SET';
const COMMANDS =
  'ip6?tables(?:-legacy|-nft)?(?:-save|-restore)?|nsenter|kubectl|conntrack|ip|ss|curl';
const IPV4 = String.raw`(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2}(?:\.\d{1,3}){3}|/\d{1,2})?(?::\d+(?:-\d+)?)?(?![\w.])`;
// At least two colons, so port pairs like 15001:15006 (one colon) stay ports.
const IPV6 = String.raw`(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?:/\d{1,3})?(?![\w:])`;

export const iptablesGrammar: LanguageRegistration = {
  name: 'iptables',
  scopeName: 'source.iptables',
  aliases: ['iptables-save', 'ip6tables'],
  patterns: [
    { include: '#comment' },
    { include: '#table' },
    { include: '#commit' },
    { include: '#chain-declaration' },
    { include: '#listing-chain-header' },
    { include: '#counter' },
    { include: '#string' },
    { include: '#negation' },
    { include: '#jump' },
    { include: '#chain-command' },
    { include: '#module' },
    { include: '#ports' },
    { include: '#listing-ports' },
    { include: '#option' },
    { include: '#address' },
    { include: '#target' },
    { include: '#chain' },
    { include: '#command' },
    { include: '#number' },
  ],
  repository: {
    comment: {
      patterns: [
        { name: 'comment.line.number-sign.iptables', match: '^\\s*#.*$' },
        // iptables -L prints a rule's --comment as /* text */
        { name: 'comment.block.iptables', match: '/\\*.*?\\*/' },
      ],
    },
    table: {
      match: '^(\\*)(\\w+)',
      captures: {
        1: { name: 'punctuation.definition.table.iptables' },
        2: { name: 'entity.name.section.table.iptables' },
      },
    },
    commit: { name: 'keyword.control.commit.iptables', match: '^COMMIT\\b' },
    'chain-declaration': {
      match: '^(:)(\\S+)\\s+(\\S+)',
      captures: {
        1: { name: 'punctuation.definition.chain.iptables' },
        2: { name: 'entity.name.function.chain.iptables' },
        3: { name: 'keyword.control.target.policy.iptables' },
      },
    },
    'listing-chain-header': {
      match: `^(Chain)\\s+(\\S+)(?:\\s+\\((policy)\\s+(${BUILTIN_TARGETS}))?`,
      captures: {
        1: { name: 'keyword.other.chain.iptables' },
        2: { name: 'entity.name.function.chain.iptables' },
        3: { name: 'keyword.other.policy.iptables' },
        4: { name: 'keyword.control.target.policy.iptables' },
      },
    },
    counter: { name: 'constant.numeric.counter.iptables', match: '\\[\\d+:\\d+\\]' },
    string: {
      patterns: [
        { name: 'string.quoted.double.iptables', match: '"(?:[^"\\\\]|\\\\.)*"' },
        { name: 'string.quoted.single.iptables', match: "'[^']*'" },
      ],
    },
    negation: { name: 'keyword.operator.negation.iptables', match: '(?<=^|\\s)!(?=\\s|$)' },
    jump: {
      patterns: [
        {
          match: `(?<=^|\\s)(-j|--jump|-g|--goto)\\s+(${BUILTIN_TARGETS})\\b`,
          captures: {
            1: { name: 'variable.parameter.option.iptables' },
            2: { name: 'keyword.control.target.iptables' },
          },
        },
        {
          match: '(?<=^|\\s)(-j|--jump|-g|--goto)\\s+([^\\s!-]\\S*)',
          captures: {
            1: { name: 'variable.parameter.option.iptables' },
            2: { name: 'entity.name.function.chain.iptables' },
          },
        },
      ],
    },
    'chain-command': {
      // Options whose argument is a chain name.
      match:
        '(?<=^|\\s)(-[AIDRNXFZPLSE]|--append|--insert|--delete|--replace|--new-chain|--delete-chain|--flush|--zero|--policy|--list|--list-rules|--rename-chain|--check|-C)\\s+([A-Za-z_][\\w.-]*)',
      captures: {
        1: { name: 'variable.parameter.option.iptables' },
        2: { name: 'entity.name.function.chain.iptables' },
      },
    },
    module: {
      match: '(?<=^|\\s)(-m|--match|-p|--protocol|-t|--table)\\s+(?:(!)\\s+)?([\\w-]+)',
      captures: {
        1: { name: 'variable.parameter.option.iptables' },
        2: { name: 'keyword.operator.negation.iptables' },
        3: { name: 'support.type.module.iptables' },
      },
    },
    ports: {
      match:
        '(?<=^|\\s)(--(?:dport|sport|dports|sports|destination-ports?|source-ports?|to-ports?|on-port))\\s+(?:(!)\\s+)?([\\d:,-]+)',
      captures: {
        1: { name: 'variable.parameter.option.iptables' },
        2: { name: 'keyword.operator.negation.iptables' },
        3: { name: 'constant.numeric.port.iptables' },
      },
    },
    'listing-ports': {
      // The -L spelling: "tcp dpt:9080", "dpts:15001:15006", "redir ports 15006".
      match: '\\b(dpts?|spts?|ports?|to):(?:(!))?([\\w:.,-]+)',
      captures: {
        1: { name: 'variable.parameter.option.iptables' },
        2: { name: 'keyword.operator.negation.iptables' },
        3: { name: 'constant.numeric.port.iptables' },
      },
    },
    option: { name: 'variable.parameter.option.iptables', match: '(?<=^|\\s)--?[A-Za-z][\\w-]*' },
    address: {
      patterns: [
        { name: 'constant.numeric.address.ipv4.iptables', match: IPV4 },
        { name: 'constant.numeric.address.ipv6.iptables', match: IPV6 },
      ],
    },
    target: { name: 'keyword.control.target.iptables', match: `\\b(?:${BUILTIN_TARGETS})\\b` },
    chain: {
      name: 'entity.name.function.chain.iptables',
      match: '\\b(?:PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\\b',
    },
    command: { name: 'entity.name.tag.command.iptables', match: `(?<=^|\\s|\\$ )(?:${COMMANDS})(?=\\s|$)` },
    number: { name: 'constant.numeric.iptables', match: '\\b\\d+[KMG]?\\b' },
  },
};
