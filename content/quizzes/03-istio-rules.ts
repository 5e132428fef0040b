import type { QuizSpec } from '../../src/quiz/types.ts';

const zeroReviews = 'nsenter -t 8533 -n iptables -t nat -Z';
const reviewsCallsRatings = 'kubectl exec deploy/reviews-v1 -- curl -s http://ratings:9080/ratings/0';
const productpageCallsReviews = 'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0';

const quiz: QuizSpec = {
  id: '03-istio-rules',
  questions: [
    {
      kind: 'single',
      id: 'anti-loop-rule',
      prompt: {
        zh: 'reviews 应用调用 ratings，连接被重定向到 envoy 的 15001；envoy 随后自己连接 ratings 的 Pod。是哪条规则让 envoy 的这条连接不再被重定向回 15001？',
        en: 'The reviews application calls ratings and is redirected to envoy on 15001; envoy then connects to a ratings pod itself. Which rule keeps envoy\'s connection from being redirected to 15001 again?',
      },
      options: [
        {
          text: { zh: '`-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN`', en: '`-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN`' },
          correct: true,
          explain: {
            zh: 'envoy 的 socket 属于 uid 1337，在 ISTIO_OUTPUT 的第 4 条就被 RETURN，走不到第 9 条的 ISTIO_REDIRECT。计数器能证明：应用的连接计在第 9 条，envoy 的计在第 4 条。',
            en: 'Envoy\'s socket belongs to uid 1337, so rule 4 of ISTIO_OUTPUT returns it before rule 9 can send it to ISTIO_REDIRECT. The counters show it: the app\'s connection counts on rule 9, envoy\'s on rule 4.',
          },
        },
        {
          text: { zh: '`-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN`', en: '`-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN`' },
          correct: false,
          explain: {
            zh: 'envoy 连的是 ratings 的 Pod IP，不是 127.0.0.1，这条不匹配。',
            en: 'Envoy connects to the ratings pod IP, not 127.0.0.1, so this rule doesn\'t match.',
          },
        },
        {
          text: { zh: 'ISTIO_REDIRECT 里的规则会识别出已经重定向过的连接', en: 'The rule in ISTIO_REDIRECT recognises connections that were already redirected' },
          correct: false,
          explain: {
            zh: 'ISTIO_REDIRECT 里只有一条无条件的 REDIRECT。envoy 的连接是一条新连接，根本不会到那里。',
            en: 'ISTIO_REDIRECT holds one unconditional REDIRECT. Envoy\'s connection is a new connection and never gets there.',
          },
        },
        {
          text: { zh: '`-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN`', en: '`-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN`' },
          correct: false,
          explain: {
            zh: '这条只管源地址为 127.0.0.6、经 lo 的连接。envoy 连 ratings 走的是 eth0。',
            en: 'That one only covers connections from 127.0.0.6 over lo. Envoy reaches ratings through eth0.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [zeroReviews, reviewsCallsRatings], cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_OUTPUT -v', expect: '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -c 1 60 -j RETURN' },
        { scenario: 'bookinfo-1.6', setup: [zeroReviews, reviewsCallsRatings], cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_OUTPUT -v', expect: '-A ISTIO_OUTPUT -c 1 60 -j ISTIO_REDIRECT' },
      ],
    },
    {
      kind: 'multiple',
      id: 'inbound-excluded-ports',
      prompt: {
        zh: 'Istio 1.6 的 ISTIO_INBOUND 不拦截哪些目的端口？（多选）',
        en: 'Which destination ports does Istio 1.6\'s ISTIO_INBOUND leave uncaptured? (Choose all that apply.)',
      },
      options: [
        {
          text: { zh: '22', en: '22' },
          correct: true,
          explain: {
            zh: '1.6 默认排除 SSH；1.13 起取消了这个例外。',
            en: '1.6 excluded SSH by default; 1.13 removed the exception.',
          },
        },
        {
          text: { zh: '15021', en: '15021' },
          correct: true,
          explain: {
            zh: '健康检查端口，kubelet 的探针要直接打到 pilot-agent。',
            en: 'The health-check port; kubelet\'s probes must reach pilot-agent directly.',
          },
        },
        {
          text: { zh: '15090 和 15020', en: '15090 and 15020' },
          correct: true,
          explain: {
            zh: '两个 Prometheus 指标端口（envoy 自己的，以及 pilot-agent 合并后的）。',
            en: 'The two Prometheus telemetry ports (envoy\'s own, and pilot-agent\'s merged one).',
          },
        },
        {
          text: { zh: '15008', en: '15008' },
          correct: false,
          explain: {
            zh: '15008（HBONE 隧道）是 1.7 才加进排除列表的，1.6 的规则里没有它。',
            en: '15008 (the HBONE tunnel) joined the exclusions in 1.7; the 1.6 set doesn\'t mention it.',
          },
        },
        {
          text: { zh: '15006', en: '15006' },
          correct: false,
          explain: {
            zh: '15006 是重定向的目标端口，不在排除列表里。',
            en: '15006 is where connections are redirected to, not an excluded port.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND', expect: '-A ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN' },
        { scenario: 'bookinfo-1.6', cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND', expect: '-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN' },
        { scenario: 'bookinfo-1.6', cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND', expect: '-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN' },
        { scenario: 'bookinfo-1.6', cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND', expect: '-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN' },
      ],
    },
    {
      kind: 'single',
      id: 'owner-in-prerouting',
      prompt: {
        zh: '为什么 ISTIO_INBOUND 只能按端口判断，而不能像 ISTIO_OUTPUT 那样用 `-m owner` 区分？',
        en: 'Why can ISTIO_INBOUND only decide by port, instead of using `-m owner` as ISTIO_OUTPUT does?',
      },
      options: [
        {
          text: { zh: 'owner 匹配看的是发包的本地 socket，只对本机发出的包有效，只能用在 OUTPUT 和 POSTROUTING', en: 'The owner match looks at the local socket that sent the packet, so it only works for locally generated packets, in OUTPUT and POSTROUTING' },
          correct: true,
          explain: {
            zh: '从网卡进来的包还没有属于任何本地 socket。在 PREROUTING 里加 owner 规则，内核会以 Invalid argument 拒绝。',
            en: 'A packet arriving on an interface belongs to no local socket yet. An owner rule in PREROUTING is refused by the kernel with Invalid argument.',
          },
        },
        {
          text: { zh: 'Istio 出于性能考虑没有用', en: 'Istio avoids it for performance reasons' },
          correct: false,
          explain: {
            zh: '不是性能问题，而是根本做不到。',
            en: 'Performance has nothing to do with it; it simply can\'t be done.',
          },
        },
        {
          text: { zh: '进入 Pod 的包的 uid 总是 0', en: 'Packets entering a pod always carry uid 0' },
          correct: false,
          explain: {
            zh: '包本身不携带 uid。uid 是本地 socket 的属性。',
            en: 'Packets carry no uid at all; a uid belongs to a local socket.',
          },
        },
      ],
      probes: [
        { scenario: 'empty', cmd: 'iptables -t nat -A PREROUTING -m owner --uid-owner 1337 -j RETURN', expect: 'RULE_APPEND failed (Invalid argument): rule in chain PREROUTING' },
      ],
    },
    {
      kind: 'single',
      id: 'app-as-1337',
      prompt: {
        zh: '如果把 reviews 应用改成以 uid 1337 运行，它调用 ratings 的连接会怎样？',
        en: 'If the reviews application ran as uid 1337, what would happen to its connections to ratings?',
      },
      options: [
        {
          text: { zh: '在 ISTIO_OUTPUT 的第 4 条被 RETURN，完全绕过 envoy', en: 'Rule 4 of ISTIO_OUTPUT would return them, bypassing envoy entirely' },
          correct: true,
          explain: {
            zh: '规则只能靠 uid 区分 envoy 和应用。这正是 Istio 要求应用不能使用 uid 1337 的原因。',
            en: 'The rules can only tell envoy from the app by uid. That is why Istio requires applications not to use uid 1337.',
          },
        },
        {
          text: { zh: '被重定向两次，先到 15001 再到 15006', en: 'They would be redirected twice, first to 15001, then to 15006' },
          correct: false,
          explain: {
            zh: '一条连接的 nat 决定只做一次。而且 uid 1337 的连接（不经 lo）在第 4 条就结束了。',
            en: 'A connection gets one nat decision, and a uid 1337 connection not using lo stops at rule 4.',
          },
        },
        {
          text: { zh: '没有变化，照样被送到 15001', en: 'Nothing changes; they still go to 15001' },
          correct: false,
          explain: {
            zh: '规则 9 之前的第 4 条会先匹配。',
            en: 'Rule 4 matches before rule 9 is reached.',
          },
        },
      ],
    },
    {
      kind: 'single',
      id: 'self-call',
      prompt: {
        zh: 'reviews Pod 通过 Service 调用自己，envoy 恰好选中了本 Pod 的 IP 10.244.2.20 作为端点。envoy 的这条连接在 ISTIO_OUTPUT 里命中哪条规则？',
        en: 'The reviews pod calls its own Service, and envoy happens to pick this pod\'s IP, 10.244.2.20, as the endpoint. Which ISTIO_OUTPUT rule does envoy\'s connection hit?',
      },
      options: [
        {
          text: { zh: '规则 2：`! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT`，被送到 15006', en: 'Rule 2: `! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT`, sending it to 15006' },
          correct: true,
          explain: {
            zh: '发往自己 Pod IP 的包走 lo；发起者是 uid 1337；目的地址不是 127.0.0.1。于是连接走一遍入站处理，和来自其他 Pod 的调用一致（istio/istio#37890）。',
            en: 'Packets to the pod\'s own IP go over lo; the sender is uid 1337; the destination isn\'t 127.0.0.1. So the connection goes through inbound handling, just like a call from another pod (istio/istio#37890).',
          },
        },
        {
          text: { zh: '规则 4：uid 1337 直接 RETURN', en: 'Rule 4: uid 1337, RETURN' },
          correct: false,
          explain: {
            zh: '规则 2 排在规则 4 前面，并且它也匹配，所以轮不到规则 4。',
            en: 'Rule 2 comes before rule 4 and matches too, so rule 4 is never reached.',
          },
        },
        {
          text: { zh: '规则 3：经 lo 的连接一律 RETURN', en: 'Rule 3: everything over lo returns' },
          correct: false,
          explain: {
            zh: '规则 3 要求发起者不是 uid 1337。',
            en: 'Rule 3 requires a sender that is not uid 1337.',
          },
        },
      ],
    },
    {
      kind: 'single',
      id: 'exclude-9080-counters',
      prompt: {
        zh: '在 reviews Pod 执行 `iptables -t nat -I ISTIO_INBOUND 1 -p tcp --dport 9080 -j RETURN`，清零后从 productpage 发一个请求。ISTIO_INBOUND 里哪条规则计数为 1 个包？',
        en: 'In the reviews pod you run `iptables -t nat -I ISTIO_INBOUND 1 -p tcp --dport 9080 -j RETURN`, zero the counters, and send one request from productpage. Which ISTIO_INBOUND rule counts 1 packet?',
      },
      options: [
        {
          text: { zh: '新插入的第 1 条（dport 9080 RETURN）；跳往 ISTIO_IN_REDIRECT 的那条是 0', en: 'The new rule 1 (dport 9080 RETURN); the jump to ISTIO_IN_REDIRECT stays at 0' },
          correct: true,
          explain: {
            zh: '第一条匹配的规则生效。连接直接交给了应用，envoy 没有参与。',
            en: 'The first matching rule wins. The connection goes straight to the application, without envoy.',
          },
        },
        {
          text: { zh: '两条都是 1：RETURN 之后还会继续匹配下一条', en: 'Both count 1: matching continues after RETURN' },
          correct: false,
          explain: {
            zh: 'RETURN 结束当前链，后面的规则不再比对。',
            en: 'RETURN ends the chain; no further rules are compared.',
          },
        },
        {
          text: { zh: '只有跳往 ISTIO_IN_REDIRECT 的那条：`-I` 把规则插到了末尾', en: 'Only the jump to ISTIO_IN_REDIRECT: `-I` put the new rule at the end' },
          correct: false,
          explain: {
            zh: '`-I 链 1` 插到最前面，`-A` 才是追加到末尾。',
            en: '`-I CHAIN 1` inserts at the top; `-A` is what appends at the end.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: ['nsenter -t 8533 -n iptables -t nat -I ISTIO_INBOUND 1 -p tcp --dport 9080 -j RETURN', zeroReviews, productpageCallsReviews], cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND -v', expect: '-A ISTIO_INBOUND -p tcp -m tcp --dport 9080 -c 1 60 -j RETURN' },
        { scenario: 'bookinfo-1.6', setup: ['nsenter -t 8533 -n iptables -t nat -I ISTIO_INBOUND 1 -p tcp --dport 9080 -j RETURN', zeroReviews, productpageCallsReviews], cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND -v', expect: '-A ISTIO_INBOUND -p tcp -c 0 0 -j ISTIO_IN_REDIRECT' },
      ],
    },
    {
      kind: 'task',
      id: 'exclude-inbound-8080',
      prompt: {
        zh: '在 reviews Pod（PID 8533）里，让发往 8080 端口的入站 TCP 连接不被拦截，同时保持其他端口照常被重定向到 15006。',
        en: 'In the reviews pod (PID 8533), stop capturing inbound TCP connections to port 8080, while every other port is still redirected to 15006.',
      },
      scenario: 'bookinfo-1.6',
      solution: ['nsenter -t 8533 -n iptables -t nat -I ISTIO_INBOUND 1 -p tcp --dport 8080 -j RETURN'],
      checks: [
        { cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND', expect: '-A ISTIO_INBOUND -p tcp -m tcp --dport 8080 -j RETURN' },
        { cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND 6', expect: '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT' },
        { cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_IN_REDIRECT', expect: '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006' },
      ],
      hint: {
        zh: '新规则必须排在 `-j ISTIO_IN_REDIRECT` 之前，用 `-I ISTIO_INBOUND 1`（`-A` 会把它放到末尾，永远轮不到）。记得用 `nsenter -t 8533 -n` 进入 Pod 的网络命名空间。',
        en: 'The new rule must come before `-j ISTIO_IN_REDIRECT`: use `-I ISTIO_INBOUND 1` (`-A` would put it at the end, where it is never reached). Remember `nsenter -t 8533 -n` to enter the pod\'s network namespace.',
      },
    },
    {
      kind: 'task',
      id: 'exclude-outbound-3306',
      prompt: {
        zh: '在 reviews Pod 里，让应用发往任意地址 3306 端口（MySQL）的 TCP 连接不经过 envoy，其余出站连接照旧。',
        en: 'In the reviews pod, let the application\'s TCP connections to port 3306 (MySQL), to any address, bypass envoy, leaving all other outbound connections as they are.',
      },
      scenario: 'bookinfo-1.6',
      solution: ['nsenter -t 8533 -n iptables -t nat -I ISTIO_OUTPUT 1 -p tcp --dport 3306 -j RETURN'],
      checks: [
        { cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_OUTPUT', expect: '-A ISTIO_OUTPUT -p tcp -m tcp --dport 3306 -j RETURN' },
        { cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_OUTPUT 10', expect: '-A ISTIO_OUTPUT -j ISTIO_REDIRECT' },
      ],
      hint: {
        zh: '应用的连接在 ISTIO_OUTPUT 的最后一条被送进 ISTIO_REDIRECT，所以例外要插在它前面，例如 `-I ISTIO_OUTPUT 1 -p tcp --dport 3306 -j RETURN`。Istio 的 excludeOutboundPorts 注解做的就是这件事。',
        en: 'The application\'s connections reach ISTIO_REDIRECT at the last rule of ISTIO_OUTPUT, so the exception goes before it, e.g. `-I ISTIO_OUTPUT 1 -p tcp --dport 3306 -j RETURN`. Istio\'s excludeOutboundPorts annotation does the same.',
      },
    },
  ],
};

export default quiz;
