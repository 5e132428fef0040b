import type { QuizSpec } from '../../src/quiz/types.ts';

const zeroReviews = 'nsenter -t 8533 -n iptables -t nat -Z';
const request = 'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0';

const quiz: QuizSpec = {
  id: '02-nat-conntrack',
  questions: [
    {
      kind: 'single',
      id: 'why-60-bytes',
      prompt: {
        zh: '一次请求之后，reviews Pod 里 `ISTIO_IN_REDIRECT` 的 REDIRECT 规则只数到 1 个包、60 字节。为什么？',
        en: 'After one request, the REDIRECT rule in the reviews pod\'s `ISTIO_IN_REDIRECT` counts 1 packet, 60 bytes. Why?',
      },
      options: [
        {
          text: { zh: 'nat 表只查连接的第一个包（SYN），之后的包由 conntrack 按已存的绑定改写', en: 'nat is consulted only for a connection\'s first packet (the SYN); conntrack rewrites the rest from the stored binding' },
          correct: true,
          explain: {
            zh: '60 字节正是一个 SYN：20 字节 IP 头 + 20 字节 TCP 头 + 20 字节选项。后续包不再经过 nat 的规则。',
            en: '60 bytes is a SYN: 20 bytes of IP header, 20 of TCP header, 20 of options. Later packets never go through the nat rules.',
          },
        },
        {
          text: { zh: 'HTTP 请求很小，正好装进一个包', en: 'The HTTP request is small enough to fit in one packet' },
          correct: false,
          explain: {
            zh: '即使请求只有一个数据包，TCP 还要握手、确认和挥手。mangle 表里的计数规则数到了十几个包。',
            en: 'Even a one-segment request needs a handshake, ACKs and a close. A counting rule in mangle sees a dozen and more packets.',
          },
        },
        {
          text: { zh: 'REDIRECT 之后的包被内核丢弃了，只有第一个被计数', en: 'Packets after the REDIRECT are dropped, so only the first is counted' },
          correct: false,
          explain: {
            zh: '没有包被丢弃，请求成功返回了。后续包照常传输，只是不再查 nat 规则。',
            en: 'Nothing is dropped; the request succeeds. Later packets flow normally, they just skip the nat rules.',
          },
        },
        {
          text: { zh: '计数器每条连接只加一次，与包数无关', en: 'Counters only ever increase once per connection, whatever the table' },
          correct: false,
          explain: {
            zh: '计数器按包计数。mangle 和 filter 里的规则每个包都会计一次；只是 nat 的规则每条连接只被查一次。',
            en: 'Counters count packets. Rules in mangle and filter count every packet; it is the nat rules that are only consulted once per connection.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [zeroReviews, request], cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_IN_REDIRECT -v', expect: '-A ISTIO_IN_REDIRECT -p tcp -c 1 60 -j REDIRECT --to-ports 15006' },
        { scenario: 'bookinfo-1.6', setup: [zeroReviews, request, request, request], cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_IN_REDIRECT -v', expect: '-A ISTIO_IN_REDIRECT -p tcp -c 3 180 -j REDIRECT --to-ports 15006' },
      ],
    },
    {
      kind: 'single',
      id: 'reply-tuple',
      prompt: {
        zh: '在 reviews Pod 的 `conntrack -L` 里，怎样看出 productpage 发来的那条连接被 REDIRECT 过？',
        en: 'In the reviews pod\'s `conntrack -L`, how can you tell that the connection from productpage was REDIRECTed?',
      },
      options: [
        {
          text: { zh: 'reply 元组的源端口是 15006，而 original 的目的端口是 9080：两组元组不对称', en: 'The reply tuple\'s source port is 15006 while the original destination port is 9080: the tuples don\'t mirror each other' },
          correct: true,
          explain: {
            zh: '没有 NAT 时 reply 是 original 的镜像。回包从 15006 发出，说明目的端口被改写过。',
            en: 'Without NAT, reply mirrors original. Replies coming from 15006 mean the destination port was rewritten.',
          },
        },
        {
          text: { zh: '这条记录带有 `[ASSURED]` 标志', en: 'The record carries the `[ASSURED]` flag' },
          correct: false,
          explain: {
            zh: '`[ASSURED]` 只表示两个方向都见过包，没有 NAT 的连接也会有。',
            en: '`[ASSURED]` only means traffic was seen both ways; connections without NAT get it too.',
          },
        },
        {
          text: { zh: '状态是 `TIME_WAIT`', en: 'Its state is `TIME_WAIT`' },
          correct: false,
          explain: {
            zh: '这只是 TCP 连接关闭后的状态，与 NAT 无关。',
            en: 'That is just the TCP state after the connection closed; it says nothing about NAT.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [request], cmd: 'nsenter -t 8533 -n conntrack -L', expect: 'sport=15006' },
      ],
    },
    {
      kind: 'single',
      id: 'redirect-local-address',
      prompt: {
        zh: 'productpage 应用发往 `10.96.88.70:9080` 的 SYN 在 nat OUTPUT 里命中 `REDIRECT --to-ports 15001`。改写后的目的地址是什么？',
        en: 'The productpage application\'s SYN to `10.96.88.70:9080` hits `REDIRECT --to-ports 15001` in nat OUTPUT. What is its destination afterwards?',
      },
      options: [
        {
          text: { zh: '127.0.0.1:15001', en: '127.0.0.1:15001' },
          correct: true,
          explain: {
            zh: 'iptables-extensions(8)：本机发出的包被 REDIRECT 到 127.0.0.1。conntrack 记录的 reply 元组里能看到 `src=127.0.0.1 ... sport=15001`。',
            en: 'iptables-extensions(8): locally generated packets are redirected to 127.0.0.1. The record\'s reply tuple shows `src=127.0.0.1 ... sport=15001`.',
          },
        },
        {
          text: { zh: '10.244.1.10:15001（Pod 的 eth0 地址）', en: '10.244.1.10:15001 (the pod\'s eth0 address)' },
          correct: false,
          explain: {
            zh: '改成入接口主地址的是从网卡进来的包（PREROUTING），不是本机发出的包。',
            en: 'The incoming interface\'s primary address is used for arriving packets (PREROUTING), not for locally generated ones.',
          },
        },
        {
          text: { zh: '10.96.88.70:15001，只改端口', en: '10.96.88.70:15001, only the port changes' },
          correct: false,
          explain: {
            zh: 'REDIRECT 总会把目的地址改成本机地址；只改端口的是 `DNAT --to-destination :端口` 之类的写法。',
            en: 'REDIRECT always makes the destination a local address; changing only the port would need a DNAT.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [request], cmd: 'nsenter -t 4170 -n conntrack -L', expect: '/src=127\\.0\\.0\\.1 dst=10\\.244\\.1\\.10 sport=15001/' },
      ],
    },
    {
      kind: 'single',
      id: 'original-dst',
      prompt: {
        zh: 'productpage 的 envoy 在 15001 上 accept 了应用的连接，对它调用 `getsockopt(SOL_IP, SO_ORIGINAL_DST)`。得到什么？',
        en: 'productpage\'s envoy accepts the application\'s connection on 15001 and calls `getsockopt(SOL_IP, SO_ORIGINAL_DST)` on it. What does it get?',
      },
      options: [
        {
          text: { zh: '10.96.88.70:9080，应用原本要连的地址', en: '10.96.88.70:9080, where the application meant to connect' },
          correct: true,
          explain: {
            zh: '内核从 conntrack 记录的 original 元组里取出改写之前的目的地址和端口。',
            en: 'The kernel returns the destination address and port from the original tuple of the conntrack record, from before the rewrite.',
          },
        },
        {
          text: { zh: '127.0.0.1:15001', en: '127.0.0.1:15001' },
          correct: false,
          explain: {
            zh: '这是 socket 自己的本地地址，`getsockname` 就能拿到；正因为它没用，才需要 SO_ORIGINAL_DST。',
            en: 'That is the socket\'s own local address, which `getsockname` returns; it is useless for routing, which is why SO_ORIGINAL_DST exists.',
          },
        },
        {
          text: { zh: '10.244.2.20:9080，reviews Pod 的地址', en: '10.244.2.20:9080, the reviews pod\'s address' },
          correct: false,
          explain: {
            zh: '应用连的是 Service 的 ClusterIP。选哪个 Pod 是 envoy 拿到原始地址之后自己决定的。',
            en: 'The application connected to the Service\'s ClusterIP. Choosing a pod is what envoy does after it learns the original destination.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [request], cmd: 'nsenter -t 4170 -n conntrack -L', expect: '/dst=10\\.96\\.88\\.70 sport=\\d+ dport=9080/' },
      ],
    },
    {
      kind: 'multiple',
      id: 'response-path',
      prompt: {
        zh: 'reviews 应用的响应包（源端口 9080）从 reviews Pod 的 OUTPUT 钩子出去。下面哪些说法正确？（多选）',
        en: 'The reviews application\'s response packets (source port 9080) leave through the reviews pod\'s OUTPUT hook. Which statements are true? (Choose all that apply.)',
      },
      options: [
        {
          text: { zh: '它们不会被 nat 表的规则匹配，因为它们属于已有的连接', en: 'They are not matched against nat rules, because they belong to an existing connection' },
          correct: true,
          explain: {
            zh: 'nat 只查新连接的第一个包。回包的地址由 conntrack 按记录处理。',
            en: 'nat only looks at a new connection\'s first packet. Replies are handled by conntrack from the record.',
          },
        },
        {
          text: { zh: '一次请求后，reviews Pod 里 `ISTIO_REDIRECT` 的计数仍是 0', en: 'After one request, `ISTIO_REDIRECT` in the reviews pod still counts 0' },
          correct: true,
          explain: {
            zh: '这是内核实验测到的结果：响应没有被重定向到 15001。',
            en: 'That is what the kernel lab measured: the response is not redirected to 15001.',
          },
        },
        {
          text: { zh: '它们被 `ISTIO_OUTPUT` 的最后一条规则送进 `ISTIO_REDIRECT`，再到 envoy 的 15001', en: '`ISTIO_OUTPUT`\'s last rule sends them to `ISTIO_REDIRECT` and on to envoy\'s 15001' },
          correct: false,
          explain: {
            zh: '这是种常见的误解。它们根本没有经过 nat 的规则。',
            en: 'A common misreading. They never go through the nat rules at all.',
          },
        },
        {
          text: { zh: 'mangle 表 OUTPUT 里的计数规则能数到它们', en: 'A counting rule in mangle OUTPUT does count them' },
          correct: true,
          explain: {
            zh: 'mangle 对每个包都查，回包也不例外。这正是拿它和 nat 做对照的原因。',
            en: 'mangle looks at every packet, replies included; that is why it makes a good comparison with nat.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [zeroReviews, request], cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_REDIRECT -v', expect: '-A ISTIO_REDIRECT -p tcp -c 0 0 -j REDIRECT --to-ports 15001' },
        { scenario: 'bookinfo-1.6', setup: [zeroReviews, request], cmd: 'nsenter -t 8533 -n iptables -t nat -S OUTPUT -v', expect: '-A OUTPUT -p tcp -c 1 60 -j ISTIO_OUTPUT' },
        { scenario: 'bookinfo-1.6', setup: ['nsenter -t 8533 -n iptables -t mangle -A OUTPUT -p tcp -m tcp --sport 9080', request], cmd: 'nsenter -t 8533 -n iptables -t mangle -S OUTPUT -v', expect: '/-A OUTPUT -p tcp -m tcp --sport 9080 -c [1-9]\\d* \\d+/' },
      ],
    },
    {
      kind: 'single',
      id: 'masquerade',
      prompt: {
        zh: 'SNAT 和 MASQUERADE 的区别是什么？',
        en: 'What is the difference between SNAT and MASQUERADE?',
      },
      options: [
        {
          text: { zh: 'SNAT 写死新的源地址；MASQUERADE 使用出接口当前的地址', en: 'SNAT uses a fixed new source address; MASQUERADE uses the outgoing interface\'s current address' },
          correct: true,
          explain: {
            zh: '所以 MASQUERADE 适合出口地址会变的情况，而且它只能用在 POSTROUTING。',
            en: 'Which is why MASQUERADE suits addresses that change; it is also only valid in POSTROUTING.',
          },
        },
        {
          text: { zh: 'SNAT 改源地址，MASQUERADE 改目的地址', en: 'SNAT rewrites the source, MASQUERADE the destination' },
          correct: false,
          explain: {
            zh: '两者都改源地址。改目的地址的是 DNAT 和 REDIRECT。',
            en: 'Both rewrite the source. DNAT and REDIRECT rewrite the destination.',
          },
        },
        {
          text: { zh: 'MASQUERADE 对每个包都重新计算，SNAT 只算第一个包', en: 'MASQUERADE is evaluated for every packet, SNAT only for the first' },
          correct: false,
          explain: {
            zh: '两者都在 nat 表里，都只在连接的第一个包上做决定。',
            en: 'Both live in the nat table, and both decide on a connection\'s first packet only.',
          },
        },
      ],
    },
    {
      kind: 'task',
      id: 'write-dnat',
      prompt: {
        zh: '在空节点上写一条 nat 规则：本机发往 `10.96.88.70` TCP 9080 端口的连接，改为发往 `10.244.2.20:9080`。',
        en: 'On the empty node, write a nat rule that sends locally generated TCP connections for `10.96.88.70` port 9080 to `10.244.2.20:9080` instead.',
      },
      scenario: 'empty',
      solution: ['iptables -t nat -A OUTPUT -p tcp -d 10.96.88.70 --dport 9080 -j DNAT --to-destination 10.244.2.20:9080'],
      checks: [
        { cmd: 'iptables -t nat -S OUTPUT', expect: '-A OUTPUT -d 10.96.88.70/32 -p tcp -m tcp --dport 9080 -j DNAT --to-destination 10.244.2.20:9080' },
      ],
      hint: {
        zh: '本机发出的包在 OUTPUT；改目的地址用 `-j DNAT --to-destination 地址:端口`；`--dport` 需要 `-p tcp`。',
        en: 'Locally generated packets are in OUTPUT; rewrite the destination with `-j DNAT --to-destination address:port`; `--dport` needs `-p tcp`.',
      },
    },
    {
      kind: 'task',
      id: 'mini-sidecar',
      prompt: {
        zh: '在空节点上搭一个迷你版的出站拦截：本机发出的 TCP 连接都重定向到 15001，但目的端口 22 的连接不动。要求 OUTPUT 的第 1 条是端口 22 的例外，第 2 条是重定向。',
        en: 'Build a miniature outbound capture on the empty node: redirect every locally generated TCP connection to port 15001, except connections to port 22. OUTPUT rule 1 must be the port-22 exception, rule 2 the redirect.',
      },
      scenario: 'empty',
      solution: [
        'iptables -t nat -A OUTPUT -p tcp --dport 22 -j RETURN',
        'iptables -t nat -A OUTPUT -p tcp -j REDIRECT --to-ports 15001',
      ],
      checks: [
        { cmd: 'iptables -t nat -S OUTPUT 1', expect: '-A OUTPUT -p tcp -m tcp --dport 22 -j RETURN' },
        { cmd: 'iptables -t nat -S OUTPUT 2', expect: '-A OUTPUT -p tcp -j REDIRECT --to-ports 15001' },
      ],
      hint: {
        zh: '顺序很重要：先写 `-j RETURN` 的例外，再写 `-j REDIRECT --to-ports 15001`。',
        en: 'Order matters: the `-j RETURN` exception first, then `-j REDIRECT --to-ports 15001`.',
      },
    },
  ],
};

export default quiz;
