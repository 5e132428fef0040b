import type { QuizSpec } from '../../src/quiz/types.ts';

// One request from productpage to reviews, counted from zero in the reviews pod.
const oneRequest = [
  'nsenter -t 8533 -n iptables -t nat -Z',
  'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0',
];

const quiz: QuizSpec = {
  id: '01-netfilter',
  questions: [
    {
      kind: 'single',
      id: 'first-hook-local',
      prompt: {
        zh: 'reviews Pod 里的应用向 ratings 发起连接。它的第一个包最先经过哪个钩子？',
        en: 'The application in the reviews pod connects to ratings. Which hook does its first packet cross first?',
      },
      options: [
        {
          text: { zh: 'PREROUTING', en: 'PREROUTING' },
          correct: false,
          explain: {
            zh: 'PREROUTING 只处理从网卡（包括 lo）进来的包。本机进程发出的包不经过它。',
            en: 'PREROUTING only sees packets coming in from an interface (lo included). A packet from a local process never crosses it.',
          },
        },
        {
          text: { zh: 'OUTPUT', en: 'OUTPUT' },
          correct: true,
          explain: {
            zh: '本机进程发出的包经过路由决策后进入 OUTPUT，然后是 POSTROUTING。Istio 正是在 nat 的 OUTPUT 上拦截应用的出站连接。',
            en: 'A locally generated packet goes through the routing decision into OUTPUT, then POSTROUTING. That is why Istio catches outbound connections in nat OUTPUT.',
          },
        },
        {
          text: { zh: 'INPUT', en: 'INPUT' },
          correct: false,
          explain: {
            zh: 'INPUT 处理的是发给本机进程的包，方向正好相反。',
            en: 'INPUT handles packets addressed to a local process: the opposite direction.',
          },
        },
        {
          text: { zh: 'FORWARD', en: 'FORWARD' },
          correct: false,
          explain: {
            zh: 'FORWARD 只处理经本机转发、既不是本机发出也不是发给本机的包。',
            en: 'FORWARD only sees packets routed through the host, neither from nor to a local process.',
          },
        },
      ],
    },
    {
      kind: 'multiple',
      id: 'nat-chains',
      prompt: {
        zh: 'nat 表有哪些内置链？（多选）',
        en: 'Which built-in chains does the nat table have? (Choose all that apply.)',
      },
      options: [
        {
          text: { zh: 'PREROUTING', en: 'PREROUTING' },
          correct: true,
          explain: {
            zh: '目的地址转换（DNAT、REDIRECT）对进入的包在这里做。Istio 的入站拦截就在这里。',
            en: 'Destination NAT (DNAT, REDIRECT) for arriving packets happens here; Istio catches inbound connections here.',
          },
        },
        {
          text: { zh: 'INPUT', en: 'INPUT' },
          correct: true,
          explain: {
            zh: 'nat 表也有 INPUT，用于对发往本机的包做源地址转换。第 1 章的计数器里，它的策略计数就是 1。',
            en: 'nat has an INPUT chain too, for source NAT of packets to local processes. In the chapter, its policy counter moved to 1.',
          },
        },
        {
          text: { zh: 'FORWARD', en: 'FORWARD' },
          correct: false,
          explain: {
            zh: 'nat 表没有 FORWARD 链，`iptables -t nat -S` 里找不到 `-P FORWARD`。转发的包在 PREROUTING 和 POSTROUTING 上做地址转换。',
            en: 'nat has no FORWARD chain: `iptables -t nat -S` prints no `-P FORWARD`. Forwarded packets are translated in PREROUTING and POSTROUTING.',
          },
        },
        {
          text: { zh: 'OUTPUT', en: 'OUTPUT' },
          correct: true,
          explain: {
            zh: '本机发出的包在这里做目的地址转换，Istio 的出站拦截就在这里。',
            en: 'Destination NAT for locally generated packets; Istio catches outbound connections here.',
          },
        },
        {
          text: { zh: 'POSTROUTING', en: 'POSTROUTING' },
          correct: true,
          explain: {
            zh: '包离开本机前在这里做源地址转换（SNAT、MASQUERADE）。',
            en: 'Source NAT (SNAT, MASQUERADE) just before a packet leaves.',
          },
        },
      ],
      probes: [
        { scenario: 'empty', cmd: 'iptables -t nat -S', expect: '-P PREROUTING ACCEPT' },
        { scenario: 'empty', cmd: 'iptables -t nat -S', expect: '-P INPUT ACCEPT' },
        { scenario: 'empty', cmd: 'iptables -t nat -S', expect: '-P OUTPUT ACCEPT' },
        { scenario: 'empty', cmd: 'iptables -t nat -S', expect: '-P POSTROUTING ACCEPT' },
      ],
    },
    {
      kind: 'single',
      id: 'return-after-jump',
      prompt: {
        zh: 'OUTPUT 的第 1 条规则是 `-p tcp -j ISTIO_OUTPUT`。一个 TCP 包在 ISTIO_OUTPUT 里命中了 `-j RETURN`。接下来会怎样？',
        en: 'OUTPUT rule 1 is `-p tcp -j ISTIO_OUTPUT`. A TCP packet hits a `-j RETURN` rule inside ISTIO_OUTPUT. What happens next?',
      },
      options: [
        {
          text: { zh: '包被丢弃', en: 'The packet is dropped' },
          correct: false,
          explain: {
            zh: 'RETURN 不是丢弃，它只是结束当前链。',
            en: 'RETURN never drops; it only ends the current chain.',
          },
        },
        {
          text: { zh: '回到 OUTPUT，从第 2 条规则继续；没有更多规则时由 OUTPUT 的策略决定', en: 'Back in OUTPUT, continuing at rule 2; if there is none, OUTPUT\'s policy decides' },
          correct: true,
          explain: {
            zh: '`-j` 像函数调用，RETURN 回到调用处的下一条规则。Istio 的 OUTPUT 只有一条规则，所以包落到 ACCEPT 策略上，原样放行。',
            en: '`-j` behaves like a call, and RETURN resumes at the rule after it. Istio\'s OUTPUT has only one rule, so the packet reaches the ACCEPT policy and passes untouched.',
          },
        },
        {
          text: { zh: '从 ISTIO_OUTPUT 的第 1 条重新开始', en: 'It restarts at ISTIO_OUTPUT rule 1' },
          correct: false,
          explain: {
            zh: '链不会重新执行。RETURN 之后这条链对这个包就结束了。',
            en: 'Chains are never re-entered this way; after RETURN the chain is done with the packet.',
          },
        },
        {
          text: { zh: '直接跳到 POSTROUTING，跳过 nat 之后的 filter 表', en: 'It goes straight to POSTROUTING, skipping the filter table that follows nat' },
          correct: false,
          explain: {
            zh: 'RETURN 只影响当前表里的遍历。OUTPUT 钩子上 nat 之后还有 filter，包照样要经过它。',
            en: 'RETURN only affects traversal within this table. On the OUTPUT hook the filter table still runs after nat.',
          },
        },
      ],
    },
    {
      kind: 'single',
      id: 'goto-return',
      prompt: {
        zh: 'OUTPUT 里有一条 `-g DEMO`（goto），DEMO 链里的包命中了 `-j RETURN`。会发生什么？',
        en: 'OUTPUT contains `-g DEMO` (goto), and a packet in DEMO hits `-j RETURN`. What happens?',
      },
      options: [
        {
          text: { zh: '回到 OUTPUT 的下一条规则', en: 'It continues with the next rule of OUTPUT' },
          correct: false,
          explain: {
            zh: '这是 `-j` 的行为。`-g` 不记录返回位置。',
            en: 'That is what `-j` does. `-g` leaves no return address.',
          },
        },
        {
          text: { zh: '由 OUTPUT 的默认策略决定', en: 'OUTPUT\'s policy decides' },
          correct: true,
          explain: {
            zh: 'goto 之后的 RETURN 回到"上一个用 -j 调用的链"。OUTPUT 是内置链，上面没有调用者，所以交给它的策略。见 iptables(8) 的 --goto。',
            en: 'After a goto, RETURN goes back to the last chain that used -j. OUTPUT is built-in and has no caller, so its policy decides. See --goto in iptables(8).',
          },
        },
        {
          text: { zh: '包被丢弃', en: 'The packet is dropped' },
          correct: false,
          explain: {
            zh: '没有任何规则或策略要求丢弃；nat 表的策略也不可能是 DROP。',
            en: 'Nothing asks for a drop, and a nat policy cannot even be DROP.',
          },
        },
      ],
    },
    {
      kind: 'single',
      id: 'read-dport-22',
      prompt: {
        zh: '`-S` 里的 `-A ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN`，在 `iptables -t nat -L ISTIO_INBOUND`（不加 `-n`）里最后一列显示成什么？',
        en: 'In `iptables -t nat -L ISTIO_INBOUND` (without `-n`), what does the last column show for `-A ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN`?',
      },
      options: [
        {
          text: { zh: '`tcp dpt:ssh`', en: '`tcp dpt:ssh`' },
          correct: true,
          explain: {
            zh: '不加 `-n` 时，端口号通过 /etc/services 翻译成服务名，22 是 ssh。Istio 的 150xx 端口没有名字，所以显示数字。',
            en: 'Without `-n`, ports are named through /etc/services, and 22 is ssh. Istio\'s 150xx ports have no names, so they stay numeric.',
          },
        },
        {
          text: { zh: '`-m tcp --dport 22`', en: '`-m tcp --dport 22`' },
          correct: false,
          explain: {
            zh: '这是 `-S` 的写法。`-L` 打印的是扩展模块自己的说明文字。',
            en: 'That is the `-S` form. `-L` prints each extension\'s own description text.',
          },
        },
        {
          text: { zh: '`tcp dpt:22`', en: '`tcp dpt:22`' },
          correct: false,
          explain: {
            zh: '加了 `-n` 才会这样显示。',
            en: 'Only with `-n`.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', cmd: 'nsenter -t 8533 -n iptables -t nat -L ISTIO_INBOUND 1', expect: 'tcp dpt:ssh' },
        { scenario: 'bookinfo-1.6', cmd: 'nsenter -t 8533 -n iptables -t nat -L ISTIO_INBOUND 1 -n', expect: 'tcp dpt:22' },
      ],
    },
    {
      kind: 'single',
      id: 'three-references',
      prompt: {
        zh: '在 reviews Pod 里，`iptables -t nat -L ISTIO_IN_REDIRECT` 的链头写着 3 references。这个 3 指什么？',
        en: 'In the reviews pod, the header of `iptables -t nat -L ISTIO_IN_REDIRECT` says 3 references. What is the 3?',
      },
      options: [
        {
          text: { zh: '这条链里有 3 条规则', en: 'The chain holds 3 rules' },
          correct: false,
          explain: {
            zh: 'ISTIO_IN_REDIRECT 里只有一条 REDIRECT 规则。',
            en: 'ISTIO_IN_REDIRECT holds a single REDIRECT rule.',
          },
        },
        {
          text: { zh: '有 3 条规则跳到这条链：ISTIO_INBOUND 的最后一条，以及 ISTIO_OUTPUT 里 uid 和 gid 各一条', en: 'Three rules jump to it: the last rule of ISTIO_INBOUND, plus one uid rule and one gid rule in ISTIO_OUTPUT' },
          correct: true,
          explain: {
            zh: 'references 是引用计数，即多少条规则以它为目标。在 `-S` 里搜 `-j ISTIO_IN_REDIRECT` 能找到这三条。',
            en: 'References count the rules whose target is this chain. Search the `-S` output for `-j ISTIO_IN_REDIRECT` to find all three.',
          },
        },
        {
          text: { zh: '这条链被命中了 3 次', en: 'The chain was hit 3 times' },
          correct: false,
          explain: {
            zh: '自定义链的链头从不显示计数，命中次数要看规则行的 pkts 列。',
            en: 'A user chain\'s header never shows counters; hits are in the pkts column of its rules.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', cmd: 'nsenter -t 8533 -n iptables -t nat -L ISTIO_IN_REDIRECT', expect: 'ISTIO_IN_REDIRECT (3 references)' },
      ],
    },
    {
      kind: 'multiple',
      id: 'counters-one-request',
      prompt: {
        zh: '把 reviews Pod 的 nat 计数器清零，从 productpage 发一个请求到 reviews。哪些计数器会变成 1 个包、60 字节？（多选）',
        en: 'Zero the reviews pod\'s nat counters and send one request from productpage to reviews. Which counters become 1 packet, 60 bytes? (Choose all that apply.)',
      },
      options: [
        {
          text: { zh: 'ISTIO_IN_REDIRECT 里的 REDIRECT 规则', en: 'The REDIRECT rule in ISTIO_IN_REDIRECT' },
          correct: true,
          explain: {
            zh: '进来的连接目的端口是 9080，不在排除列表中，被重定向到 15006。',
            en: 'The incoming connection is for port 9080, which is not excluded, so it is redirected to 15006.',
          },
        },
        {
          text: { zh: 'INPUT 链的策略', en: 'The INPUT chain\'s policy' },
          correct: true,
          explain: {
            zh: 'nat INPUT 没有规则，被重定向的包走到链尾，计入策略。',
            en: 'nat INPUT has no rules; the redirected packet falls off its end and is counted by the policy.',
          },
        },
        {
          text: { zh: 'PREROUTING 链的策略', en: 'The PREROUTING chain\'s policy' },
          correct: false,
          explain: {
            zh: '包在 REDIRECT 处就离开了 nat 的 PREROUTING，没有走到链尾，所以策略计数是 0。',
            en: 'The packet left nat PREROUTING at REDIRECT and never reached the end of the chain, so the policy stays at 0.',
          },
        },
        {
          text: { zh: 'ISTIO_REDIRECT 里的 REDIRECT 规则（到 15001）', en: 'The REDIRECT rule in ISTIO_REDIRECT (to 15001)' },
          correct: false,
          explain: {
            zh: '在 reviews Pod 里，这次请求没有任何出站连接需要被拦截到 15001，它保持 0。第 3 章会解释原因。',
            en: 'Nothing in the reviews pod made an outbound connection that needed catching on 15001 for this request; it stays at 0. Chapter 3 explains why.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: oneRequest, cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_IN_REDIRECT -v', expect: '-A ISTIO_IN_REDIRECT -p tcp -c 1 60 -j REDIRECT --to-ports 15006' },
        { scenario: 'bookinfo-1.6', setup: oneRequest, cmd: 'nsenter -t 8533 -n iptables -t nat -S INPUT -v', expect: '-P INPUT ACCEPT -c 1 60' },
        { scenario: 'bookinfo-1.6', setup: oneRequest, cmd: 'nsenter -t 8533 -n iptables -t nat -S PREROUTING -v', expect: '-P PREROUTING ACCEPT -c 0 0' },
        { scenario: 'bookinfo-1.6', setup: oneRequest, cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_REDIRECT -v', expect: '-A ISTIO_REDIRECT -p tcp -c 0 0 -j REDIRECT --to-ports 15001' },
      ],
    },
    {
      kind: 'task',
      id: 'build-user-chain',
      prompt: {
        zh: '在空节点的 nat 表里：新建自定义链 `MY_EXCLUDE`；让 OUTPUT 把所有 TCP 包交给它；在 `MY_EXCLUDE` 里让目的端口 8080 的 TCP 包 `RETURN`。',
        en: 'In the empty node\'s nat table: create a user chain `MY_EXCLUDE`; make OUTPUT send every TCP packet to it; inside `MY_EXCLUDE`, `RETURN` TCP packets for destination port 8080.',
      },
      scenario: 'empty',
      solution: [
        'iptables -t nat -N MY_EXCLUDE',
        'iptables -t nat -A OUTPUT -p tcp -j MY_EXCLUDE',
        'iptables -t nat -A MY_EXCLUDE -p tcp --dport 8080 -j RETURN',
      ],
      checks: [
        { cmd: 'iptables -t nat -S', expect: '-N MY_EXCLUDE' },
        { cmd: 'iptables -t nat -S OUTPUT', expect: '-A OUTPUT -p tcp -j MY_EXCLUDE' },
        { cmd: 'iptables -t nat -S MY_EXCLUDE', expect: '-A MY_EXCLUDE -p tcp -m tcp --dport 8080 -j RETURN' },
      ],
      hint: {
        zh: '三条命令：`-N` 建链，`-A OUTPUT ... -j MY_EXCLUDE` 跳过去，`-A MY_EXCLUDE -p tcp --dport 8080 -j RETURN`。别忘了 `-t nat`。',
        en: 'Three commands: `-N` to create, `-A OUTPUT ... -j MY_EXCLUDE` to jump, `-A MY_EXCLUDE -p tcp --dport 8080 -j RETURN`. Don\'t forget `-t nat`.',
      },
    },
    {
      kind: 'task',
      id: 'insert-first',
      prompt: {
        zh: '在空节点上先执行准备命令（已替你执行）：OUTPUT 里已有一条跳到 `DEMO_OUT` 的规则。请在 `DEMO_OUT` 的**最前面**插入一条规则，让目的端口 22 的 TCP 包 `RETURN`，原有规则保持不变。',
        en: 'The setup has run on the empty node: OUTPUT already jumps to `DEMO_OUT`, which has one rule. Insert a rule at the **top** of `DEMO_OUT` that `RETURN`s TCP packets for destination port 22, keeping the existing rule.',
      },
      scenario: 'empty',
      setup: [
        'iptables -t nat -N DEMO_OUT',
        'iptables -t nat -A OUTPUT -p tcp -j DEMO_OUT',
        'iptables -t nat -A DEMO_OUT -p tcp --dport 8080 -j RETURN',
      ],
      solution: ['iptables -t nat -I DEMO_OUT 1 -p tcp --dport 22 -j RETURN'],
      checks: [
        { cmd: 'iptables -t nat -S DEMO_OUT 1', expect: '-A DEMO_OUT -p tcp -m tcp --dport 22 -j RETURN' },
        { cmd: 'iptables -t nat -S DEMO_OUT 2', expect: '-A DEMO_OUT -p tcp -m tcp --dport 8080 -j RETURN' },
      ],
      hint: {
        zh: '`-A` 追加到末尾，`-I 链 1` 插到第 1 条。用 `iptables -t nat -L DEMO_OUT --line-numbers` 检查顺序。',
        en: '`-A` appends at the end; `-I CHAIN 1` inserts as rule 1. Check the order with `iptables -t nat -L DEMO_OUT --line-numbers`.',
      },
    },
  ],
};

export default quiz;
