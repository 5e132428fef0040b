import type { QuizSpec } from '../../src/quiz/types.ts';

// Counter claims equal the real-kernel lab (shared lab/out/*/counters.json):
// nft-localhost-3req lab-rv for three requests; no-uid-rule lab-pp/lab-rv for the loop.
const PP_TO_REVIEWS = 'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0';
const PP_TO_REVIEWS_SHOW_ERRORS = 'kubectl exec deploy/productpage-v1 -- curl -sS http://reviews:9080/reviews/0';
const DEL_UID = 'nsenter -t 4170 -n iptables -t nat -D ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN';
const DEL_GID = 'nsenter -t 4170 -n iptables -t nat -D ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN';
const SAVE_PP = 'nsenter -t 4170 -n iptables-save -c -t nat';
const SAVE_REVIEWS = 'nsenter -t 8533 -n iptables-save -c -t nat';

const quiz: QuizSpec = {
  id: '05-does-step-16-loop',
  questions: [
    {
      kind: 'single',
      id: 'what-stops-the-loop',
      prompt: {
        zh: '在正常的规则集里,是什么让 Envoy 发往上游的连接不会再被重定向回 15001?',
        en: 'In the normal rule set, what keeps envoy\'s upstream connection from being redirected back to 15001?',
      },
      options: [
        {
          text: { zh: '`ISTIO_OUTPUT` 中排在 `-j ISTIO_REDIRECT` 之前的 `-m owner --uid-owner 1337 -j RETURN`', en: '`-m owner --uid-owner 1337 -j RETURN`, which sits before `-j ISTIO_REDIRECT` in `ISTIO_OUTPUT`' },
          correct: true,
          explain: {
            zh: '正确。Envoy 以 uid 1337 运行,它的包在到达重定向之前就被这条规则 RETURN 了;gid 1337 的那条规则是第二道保险。',
            en: 'Right. Envoy runs as uid 1337, so its packets are returned by this rule before they reach the redirect. The gid 1337 rule is a second safety net.',
          },
        },
        {
          text: { zh: '`ISTIO_REDIRECT` 只有一条规则,所以只能重定向一次', en: '`ISTIO_REDIRECT` has a single rule, so it can only redirect once' },
          correct: false,
          explain: {
            zh: '规则条数与次数无关:每条新连接的 SYN 都会重新走一遍 nat 链。删掉 RETURN 规则后,同一条规则数到了 21 次。',
            en: 'The number of rules has nothing to do with it: every new connection\'s SYN walks the nat chains again. With the RETURN rules deleted, that single rule counted 21 SYNs.',
          },
        },
        {
          text: { zh: 'REDIRECT 目标能识别已经被重定向过的包,不会重复处理', en: 'The REDIRECT target recognises packets it already redirected and skips them' },
          correct: false,
          explain: {
            zh: 'REDIRECT 没有这种记忆。Envoy 的上游连接是一条全新的连接,对内核而言与 curl 的连接毫无关系。',
            en: 'REDIRECT has no such memory. Envoy\'s upstream connection is a brand-new connection, unrelated to curl\'s as far as the kernel is concerned.',
          },
        },
        {
          text: { zh: 'Envoy 直接发到 Pod IP,而规则只重定向发往 ClusterIP 的流量', en: 'Envoy sends straight to the pod IP, and the rules only redirect traffic to ClusterIPs' },
          correct: false,
          explain: {
            zh: '最后一条 `-j ISTIO_REDIRECT` 不带任何地址条件,发往 Pod IP 的包同样会被重定向。',
            en: 'The final `-j ISTIO_REDIRECT` has no address condition at all, so packets to a pod IP are redirected too.',
          },
        },
      ],
    },
    {
      kind: 'single',
      id: 'three-requests',
      prompt: {
        zh: '从 productpage 向 reviews 连发三个请求后,reviews Pod 的 `ISTIO_REDIRECT` 计数是多少?',
        en: 'After three requests from productpage to reviews, what does the reviews pod\'s `ISTIO_REDIRECT` count?',
      },
      options: [
        {
          text: { zh: '0 个包', en: '0 packets' },
          correct: true,
          explain: {
            zh: '正确。reviews 的响应走的是已有连接,nat 表不会被查询;内核实验在 1 个和 3 个请求后都测得 0/0。与此同时 `ISTIO_IN_REDIRECT` 是 3。',
            en: 'Right. reviews\' responses travel on existing connections, so nat is never consulted. The kernel lab measured 0/0 after 1 and after 3 requests, while `ISTIO_IN_REDIRECT` read 3.',
          },
        },
        {
          text: { zh: '3 个包,每个响应一个', en: '3 packets, one per response' },
          correct: false,
          explain: {
            zh: '这是"响应会被再次劫持"这一说法的预测,计数器否定了它。',
            en: 'That is what the "responses are captured again" claim predicts. The counters refute it.',
          },
        },
        {
          text: { zh: '6 个包,请求和响应各一个', en: '6 packets, one per request and one per response' },
          correct: false,
          explain: {
            zh: '入站请求由 `ISTIO_IN_REDIRECT` 处理,不经过 `ISTIO_REDIRECT`;响应则根本不经过 nat。',
            en: 'Inbound requests go through `ISTIO_IN_REDIRECT`, not `ISTIO_REDIRECT`, and responses skip nat altogether.',
          },
        },
        {
          text: { zh: '大约 45 个包,每个请求期间经过钩子的 TCP 包都算', en: 'About 45 packets: every TCP packet that crossed the hook' },
          correct: false,
          explain: {
            zh: '约 15 个包/请求是 mangle、filter 中计数规则看到的数量;nat 链只看每条连接的第一个包。',
            en: 'About 15 packets per request is what counting rules in mangle and filter see. nat chains see only the first packet of each connection.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS, PP_TO_REVIEWS, PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: '[0:0] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001' },
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS, PP_TO_REVIEWS, PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: '[3:180] -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006' },
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS, PP_TO_REVIEWS, PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: '[3:180] -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN' },
      ],
    },
    {
      kind: 'multiple',
      id: 'response-packets',
      prompt: {
        zh: '关于 reviews 应用发出的响应包,哪些说法正确?(多选)',
        en: 'Which statements about the response packets the reviews app sends are true? (choose all that apply)',
      },
      options: [
        {
          text: { zh: '它们经过 `OUTPUT` 钩子,mangle 表中的计数规则能数到它们', en: 'They cross the `OUTPUT` hook, and a counting rule in mangle sees them' },
          correct: true,
          explain: {
            zh: '正确。`-A OUTPUT -p tcp --sport 9080` 这样的 mangle 计数规则会数到它们(内核实验中是 5 个)。',
            en: 'Right. A mangle counting rule such as `-A OUTPUT -p tcp --sport 9080` sees them; the kernel lab counted 5.',
          },
        },
        {
          text: { zh: '对它们不会查询 nat 表,因为它们属于已经存在的连接', en: 'nat is not consulted for them, because they belong to an existing connection' },
          correct: true,
          explain: {
            zh: '正确。nat 表只为新建连接的第一个包查询(iptables(8))。',
            en: 'Right. nat is consulted only for the first packet of a new connection (iptables(8)).',
          },
        },
        {
          text: { zh: '它们被 `ISTIO_REDIRECT` 送到 15001,由 Envoy 的出站监听转发', en: 'They are sent to 15001 by `ISTIO_REDIRECT` and forwarded by envoy\'s outbound listener' },
          correct: false,
          explain: {
            zh: '这是那篇文章的说法。reviews 的 `ISTIO_REDIRECT` 始终为 0,reviews 的 Envoy 在 15001 上没有接受过任何连接。',
            en: 'That is the article\'s claim. reviews\' `ISTIO_REDIRECT` stays at 0, and reviews\' envoy never accepted a connection on 15001.',
          },
        },
        {
          text: { zh: 'Envoy 从 15006 回复 productpage 时,连接跟踪把回包的源端口改回 9080', en: 'When envoy replies to productpage from port 15006, conntrack rewrites the replies\' source port back to 9080' },
          correct: true,
          explain: {
            zh: '正确。这是第 4 点重定向的反向改写,由连接跟踪根据保存的 NAT 绑定自动完成,不需要任何规则。',
            en: 'Right. This undoes the redirect of point 4. conntrack does it from the stored NAT binding; no rule is needed.',
          },
        },
      ],
      probes: [
        {
          scenario: 'bookinfo-1.6',
          setup: ['nsenter -t 8533 -n iptables -t mangle -A OUTPUT -p tcp --sport 9080', PP_TO_REVIEWS],
          cmd: SAVE_REVIEWS,
          expect: '[1:60] -A OUTPUT -p tcp -j ISTIO_OUTPUT',
        },
        {
          // mangle counts vary by a packet or two between real runs, so only "at least one" is claimed.
          scenario: 'bookinfo-1.6',
          setup: ['nsenter -t 8533 -n iptables -t mangle -A OUTPUT -p tcp --sport 9080', PP_TO_REVIEWS],
          cmd: 'nsenter -t 8533 -n iptables-save -c -t mangle',
          expect: '/\\[[1-9][0-9]*:[0-9]+\\] -A OUTPUT -p tcp -m tcp --sport 9080/',
        },
      ],
    },
    {
      kind: 'single',
      id: 'loop-count',
      prompt: {
        zh: '在 productpage Pod 中删掉 uid 和 gid 两条 RETURN 规则,再发一个请求。productpage 的 `ISTIO_REDIRECT` 会数到多少个 SYN?',
        en: 'In the productpage pod, delete the uid and gid RETURN rules, then send one request. How many SYNs does productpage\'s `ISTIO_REDIRECT` count?',
      },
      options: [
        {
          text: { zh: '21 个:curl 的 1 个,加上 Envoy 替身放弃前自己发起的 20 个', en: '21: curl\'s one, plus the 20 the envoy stand-in opens before it gives up' },
          correct: true,
          explain: {
            zh: '正确,和内核实验一致。每一跳都是一条新连接,每条新连接的 SYN 都过一次 nat。',
            en: 'Right, as in the kernel lab. Every hop is a new connection, and every new connection\'s SYN passes nat once.',
          },
        },
        {
          text: { zh: '1 个:nat 只看第一个包', en: '1: nat only sees the first packet' },
          correct: false,
          explain: {
            zh: '"第一个包"是针对每条连接而言的。循环中 Envoy 不断新建连接,每条都有自己的第一个包。',
            en: '"First packet" is per connection. In the loop envoy keeps opening new connections, and each has its own first packet.',
          },
        },
        {
          text: { zh: '2 个:curl 的和 Envoy 的', en: '2: curl\'s and envoy\'s' },
          correct: false,
          explain: {
            zh: '这是规则完好时 productpage 里 `OUTPUT` 第 1 条的计数。删掉 RETURN 后,Envoy 的连接又被送回自己,于是一再重复。',
            en: 'That is what `OUTPUT` rule 1 counts in productpage when the rules are intact. Without the RETURN rules, envoy\'s connection comes back to envoy, again and again.',
          },
        },
        {
          text: { zh: '无穷多,页面会卡死', en: 'Infinitely many; the page hangs' },
          correct: false,
          explain: {
            zh: '真正的 Envoy 确实会一直连下去,直到资源耗尽;但实验和模拟器里的替身在 20 条连接后停止,所以结果是确定的 21。',
            en: 'A real Envoy would indeed keep going until something runs out. The stand-in in the lab and in the simulator stops after 20 connections, so the result is a fixed 21.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [DEL_UID, DEL_GID, PP_TO_REVIEWS_SHOW_ERRORS], cmd: SAVE_PP, expect: '[21:1260] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001' },
        { scenario: 'bookinfo-1.6', setup: [DEL_UID, DEL_GID, PP_TO_REVIEWS_SHOW_ERRORS], cmd: SAVE_PP, expect: '[21:1260] -A ISTIO_OUTPUT -j ISTIO_REDIRECT' },
        { scenario: 'bookinfo-1.6', setup: [DEL_UID, DEL_GID], cmd: PP_TO_REVIEWS_SHOW_ERRORS, expect: 'curl: (52) Empty reply from server' },
        { scenario: 'bookinfo-1.6', setup: [DEL_UID, DEL_GID, PP_TO_REVIEWS_SHOW_ERRORS], cmd: SAVE_REVIEWS, expect: '[0:0] -A PREROUTING -p tcp -j ISTIO_INBOUND' },
      ],
    },
    {
      kind: 'single',
      id: 'only-uid-deleted',
      prompt: {
        zh: '如果只删掉 `-m owner --uid-owner 1337 -j RETURN`,保留 gid 那条,会怎样?',
        en: 'What happens if you delete only `-m owner --uid-owner 1337 -j RETURN` and keep the gid rule?',
      },
      options: [
        {
          text: { zh: '不会循环:Envoy 的 gid 也是 1337,`--gid-owner 1337 -j RETURN` 照样放行它', en: 'No loop: envoy\'s gid is also 1337, so `--gid-owner 1337 -j RETURN` still lets it through' },
          correct: true,
          explain: {
            zh: '正确。这就是实验要把两条一起删掉的原因。',
            en: 'Right. That is why the experiment deletes both rules.',
          },
        },
        {
          text: { zh: '会循环,因为 uid 规则是唯一的保护', en: 'It loops, because the uid rule is the only protection' },
          correct: false,
          explain: {
            zh: '规则集里还有一条按 gid 匹配的 RETURN,它同样排在 `-j ISTIO_REDIRECT` 之前。',
            en: 'The set also has a RETURN that matches on gid, and it also comes before `-j ISTIO_REDIRECT`.',
          },
        },
        {
          text: { zh: '会循环,但只在 lo 上', en: 'It loops, but only over lo' },
          correct: false,
          explain: {
            zh: '与 lo 无关;连向 reviews 的连接从 eth0 出去,`-o lo` 的规则本来就不命中。',
            en: 'lo has nothing to do with it. The connection to reviews leaves through eth0, so the `-o lo` rules never match it anyway.',
          },
        },
        {
          text: { zh: 'iptables 拒绝删除,因为 gid 规则依赖它', en: 'iptables refuses the deletion because the gid rule depends on it' },
          correct: false,
          explain: {
            zh: '规则之间没有依赖关系;`-D` 会直接删除第一条完全匹配的规则。',
            en: 'Rules do not depend on each other. `-D` simply deletes the first rule that matches exactly.',
          },
        },
      ],
    },
    {
      kind: 'task',
      id: 'make-the-loop',
      prompt: {
        zh: '在 productpage Pod(PID 4170)里删掉 uid 1337 和 gid 1337 两条无条件的 RETURN 规则,然后从 productpage 向 reviews 恰好发一个请求,让 productpage 的 `ISTIO_REDIRECT` 记下这次循环。',
        en: 'In the productpage pod (PID 4170), delete the two unconditional RETURN rules for uid 1337 and gid 1337, then send exactly one request from productpage to reviews, so that productpage\'s `ISTIO_REDIRECT` records the loop.',
      },
      scenario: 'bookinfo-1.6',
      solution: [DEL_UID, DEL_GID, PP_TO_REVIEWS_SHOW_ERRORS],
      checks: [
        { cmd: 'nsenter -t 4170 -n iptables -t nat -S ISTIO_OUTPUT', expect: '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN', absent: true },
        { cmd: 'nsenter -t 4170 -n iptables -t nat -S ISTIO_OUTPUT', expect: '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN', absent: true },
        { cmd: SAVE_PP, expect: '[21:1260] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001' },
      ],
      hint: {
        zh: '`iptables -t nat -D ISTIO_OUTPUT <规则>` 按规则内容删除,规则要和 `-S` 打印的写法对得上(`-m owner --uid-owner 1337 -j RETURN`)。别忘了 `nsenter -t 4170 -n`,请求用 `kubectl exec deploy/productpage-v1 -- curl ...`。',
        en: '`iptables -t nat -D ISTIO_OUTPUT <rule>` deletes by content; write the rule as `-S` prints it (`-m owner --uid-owner 1337 -j RETURN`). Don\'t forget `nsenter -t 4170 -n`, and send the request with `kubectl exec deploy/productpage-v1 -- curl ...`.',
      },
    },
  ],
};

export default quiz;
