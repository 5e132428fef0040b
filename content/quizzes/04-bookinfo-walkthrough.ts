import type { QuizSpec } from '../../src/quiz/types.ts';

// Counter claims below equal the real-kernel lab (shared lab/out/nft-localhost/counters.json:
// lab-rv for points 1-8; lab-pp, where curl plays the app, for the pattern of points 9-17).
const PP_TO_REVIEWS = 'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0';
const REVIEWS_TO_RATINGS = 'kubectl exec deploy/reviews-v1 -- curl -s http://ratings:9080/ratings/0';
const SAVE_REVIEWS = 'nsenter -t 8533 -n iptables-save -c -t nat';

const quiz: QuizSpec = {
  id: '04-bookinfo-walkthrough',
  questions: [
    {
      kind: 'single',
      id: 'point7-rule',
      prompt: {
        zh: '在 bookinfo-1.6 中,productpage 向 reviews 发出一个请求后,reviews Pod 的 `ISTIO_OUTPUT` 里是哪一条规则为"Envoy 连接应用"那条连接计数(第 7 点)?',
        en: 'In bookinfo-1.6, after one request from productpage to reviews, which `ISTIO_OUTPUT` rule in the reviews pod counts the connection from envoy to the app (point 7)?',
      },
      options: [
        {
          text: { zh: '第 1 条:`-s 127.0.0.6/32 -o lo -j RETURN`', en: 'Rule 1: `-s 127.0.0.6/32 -o lo -j RETURN`' },
          correct: false,
          explain: {
            zh: 'Istio 1.6 的 Envoy 从 127.0.0.1 连向 127.0.0.1:9080,源地址不是 127.0.0.6。从 1.10 起才改为由 127.0.0.6 连接 Pod IP,那时才是第 1 条计数(见第 6 章)。',
            en: 'In Istio 1.6 envoy connects from 127.0.0.1 to 127.0.0.1:9080, so the source is not 127.0.0.6. Rule 1 counts this connection only from 1.10 on, when envoy connects from 127.0.0.6 to the pod IP (chapter 6).',
          },
        },
        {
          text: { zh: '第 4 条:`-m owner --uid-owner 1337 -j RETURN`', en: 'Rule 4: `-m owner --uid-owner 1337 -j RETURN`' },
          correct: true,
          explain: {
            zh: '正确。第 1–3 条都不符(源地址、目的地址、属主的条件各有一项落空),第 4 条按套接字属主 uid 1337 匹配并 RETURN,计数器为 1/60。',
            en: 'Right. Rules 1–3 each fail on one condition (source, destination, owner). Rule 4 matches the socket owner, uid 1337, and returns. Its counter reads 1 packet, 60 bytes.',
          },
        },
        {
          text: { zh: '第 8 条:`-d 127.0.0.1/32 -j RETURN`', en: 'Rule 8: `-d 127.0.0.1/32 -j RETURN`' },
          correct: false,
          explain: {
            zh: '目的地址确实是 127.0.0.1,但第 4 条排在前面,包已经被它 RETURN 了,第 8 条的计数器仍是 0。这正是"因为目的地是 localhost"这一常见说法的漏洞。',
            en: 'The destination is indeed 127.0.0.1, but rule 4 comes first and has already returned the packet, so rule 8 stays at 0. This is the flaw in the common "because the destination is localhost" explanation.',
          },
        },
        {
          text: { zh: '第 9 条:`-j ISTIO_REDIRECT`', en: 'Rule 9: `-j ISTIO_REDIRECT`' },
          correct: false,
          explain: {
            zh: '如果 Envoy 连接应用时也被重定向到 15001,它就会连到自己身上。reviews Pod 的 `ISTIO_REDIRECT` 在这个请求之后仍然是 0。',
            en: 'If envoy\'s connection to the app were redirected to 15001, envoy would be connecting to itself. reviews\' `ISTIO_REDIRECT` is still 0 after this request.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: '[1:60] -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN' },
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: '[0:0] -A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN' },
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: '[0:0] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001' },
      ],
    },
    {
      kind: 'multiple',
      id: 'inbound-counters',
      prompt: {
        zh: 'productpage 向 reviews 发出一个请求后,reviews Pod 的 nat 表中,哪些计数器是 1 个包?(多选)',
        en: 'After one request from productpage to reviews, which counters in the reviews pod\'s nat table show 1 packet? (choose all that apply)',
      },
      options: [
        {
          text: { zh: '`PREROUTING` 第 1 条(`-j ISTIO_INBOUND`)', en: '`PREROUTING` rule 1 (`-j ISTIO_INBOUND`)' },
          correct: true,
          explain: { zh: '第 1 点:从 eth0 到达的 SYN。', en: 'Point 1: the SYN arriving on eth0.' },
        },
        {
          text: { zh: '`ISTIO_IN_REDIRECT` 的 `REDIRECT --to-ports 15006`', en: '`ISTIO_IN_REDIRECT`\'s `REDIRECT --to-ports 15006`' },
          correct: true,
          explain: { zh: '第 4 点:入站连接被改写到 Envoy 的 15006。', en: 'Point 4: the inbound connection is rewritten to envoy\'s port 15006.' },
        },
        {
          text: { zh: '`INPUT` 链的默认策略', en: 'The `INPUT` chain\'s policy' },
          correct: true,
          explain: {
            zh: '被重定向的 SYN 要交给本机的 15006,因此经过 nat `INPUT`(策略 ACCEPT,计 1)。Envoy 经 lo 连应用的那个 SYN 不会再计入 nat `INPUT`:它的连接在 `OUTPUT` 时已经有了 NAT 绑定。',
            en: 'The redirected SYN is delivered locally to 15006, so it passes nat `INPUT` (policy ACCEPT, counted once). Envoy\'s SYN to the app over lo is not counted there: its connection already got its NAT binding in `OUTPUT`.',
          },
        },
        {
          text: { zh: '`ISTIO_INBOUND` 第 3 条(`--dport 15021 -j RETURN`)', en: '`ISTIO_INBOUND` rule 3 (`--dport 15021 -j RETURN`)' },
          correct: false,
          explain: {
            zh: '请求的目的端口是 9080,不是健康检查端口 15021,所以计数器是 0。',
            en: 'The request goes to port 9080, not to the health-check port 15021, so this counter stays 0.',
          },
        },
        {
          text: { zh: '`ISTIO_REDIRECT` 的 `REDIRECT --to-ports 15001`', en: '`ISTIO_REDIRECT`\'s `REDIRECT --to-ports 15001`' },
          correct: false,
          explain: {
            zh: '这个请求里 reviews 没有向外发起需要劫持的连接;应用的响应走的是已有连接,不经过 nat。计数器是 0。',
            en: 'In this request reviews makes no outbound connection that needs capturing. The app\'s response travels on an existing connection and skips nat. The counter is 0.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: '[1:60] -A PREROUTING -p tcp -j ISTIO_INBOUND' },
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: '[1:60] -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006' },
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: ':INPUT ACCEPT [1:60]' },
        { scenario: 'bookinfo-1.6', setup: [PP_TO_REVIEWS], cmd: SAVE_REVIEWS, expect: '[0:0] -A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN' },
      ],
    },
    {
      kind: 'single',
      id: 'redirect-address',
      prompt: {
        zh: '第 4 点,`REDIRECT --to-ports 15006` 作用在一个从 eth0 到达的包上。改写后的目的地址是什么?',
        en: 'At point 4, `REDIRECT --to-ports 15006` acts on a packet that arrived on eth0. What destination address does the packet get?',
      },
      options: [
        {
          text: { zh: '入口网卡的主地址,也就是 Pod IP 10.244.2.20,端口 15006', en: 'The primary address of the incoming interface, i.e. the pod IP 10.244.2.20, port 15006' },
          correct: true,
          explain: {
            zh: '正确。iptables-extensions(8) 写明:REDIRECT 把到达的包改到入口网卡的主地址;本机产生的包才会改到 127.0.0.1。',
            en: 'Right. iptables-extensions(8): REDIRECT sends an arriving packet to the primary address of the incoming interface. Only locally generated packets go to 127.0.0.1.',
          },
        },
        {
          text: { zh: '127.0.0.1,端口 15006', en: '127.0.0.1, port 15006' },
          correct: false,
          explain: {
            zh: '这是本机产生的包(第 12 点)的情况。到达的包改写到入口网卡的地址。',
            en: 'That is what happens to locally generated packets (point 12). Arriving packets go to the address of the incoming interface.',
          },
        },
        {
          text: { zh: 'reviews 服务的 ClusterIP 10.96.88.70,端口 15006', en: 'The reviews ClusterIP 10.96.88.70, port 15006' },
          correct: false,
          explain: {
            zh: 'ClusterIP 根本不会出现在 reviews Pod 里:productpage 那边的 Envoy 已经选好端点,直接连的是 Pod IP。而且 REDIRECT 的结果总是本机地址。',
            en: 'The ClusterIP never shows up in the reviews pod: productpage\'s envoy already picked an endpoint and connected to the pod IP. Besides, REDIRECT always produces a local address.',
          },
        },
        {
          text: { zh: 'Envoy 容器自己的 IP', en: 'The IP of the envoy container' },
          correct: false,
          explain: {
            zh: 'Pod 里的所有容器共享同一个网络命名空间和同一个 IP,Envoy 没有单独的地址。',
            en: 'All containers of a pod share one network namespace and one IP. Envoy has no address of its own.',
          },
        },
      ],
    },
    {
      kind: 'single',
      id: 'point15',
      prompt: {
        zh: 'reviews 调用 ratings 时,Envoy 自己发往 10.244.2.21:9080 的 SYN(第 13–15 点)在 `ISTIO_OUTPUT` 中命中哪条规则?',
        en: 'When reviews calls ratings, envoy sends its own SYN to 10.244.2.21:9080 (points 13–15). Which `ISTIO_OUTPUT` rule does it match?',
      },
      options: [
        {
          text: { zh: '第 4 条 `-m owner --uid-owner 1337 -j RETURN`,随后进入 POSTROUTING', en: 'Rule 4, `-m owner --uid-owner 1337 -j RETURN`, then on to POSTROUTING' },
          correct: true,
          explain: {
            zh: '正确。Envoy 的套接字属于 uid 1337。计数器显示第 4 条和第 9 条各 1,`ISTIO_REDIRECT` 只有 1(curl 的那个 SYN)。',
            en: 'Right. Envoy\'s socket belongs to uid 1337. The counters show rule 4 and rule 9 at 1 each, and `ISTIO_REDIRECT` at 1, which is curl\'s SYN.',
          },
        },
        {
          text: { zh: '第 9 条 `-j ISTIO_REDIRECT`,再次被重定向到 15001', en: 'Rule 9, `-j ISTIO_REDIRECT`, redirected to 15001 again' },
          correct: false,
          explain: {
            zh: '这正是那张流传很广的图在第 15 点的错误。真这样的话 `ISTIO_REDIRECT` 数到的 SYN 就不止 1 个(Envoy 会一次次连到自己),而它只有 1。',
            en: 'This is exactly the mistake the widely copied diagram makes at point 15. If it were true, `ISTIO_REDIRECT` would count more than one SYN, as envoy kept connecting to itself. It reads 1.',
          },
        },
        {
          text: { zh: '第 8 条 `-d 127.0.0.1/32 -j RETURN`', en: 'Rule 8, `-d 127.0.0.1/32 -j RETURN`' },
          correct: false,
          explain: {
            zh: '目的地址是 ratings 的 Pod IP,不是 127.0.0.1。',
            en: 'The destination is the ratings pod IP, not 127.0.0.1.',
          },
        },
        {
          text: { zh: '都不命中:Envoy 的包不经过 nat 表', en: 'None: envoy\'s packets bypass the nat table' },
          correct: false,
          explain: {
            zh: '新连接的第一个包一定会经过 nat 表,与发送者是谁无关;`OUTPUT` 第 1 条的计数器是 2,其中一个就是 Envoy 的 SYN。',
            en: 'The first packet of every new connection goes through nat, whoever sends it. `OUTPUT` rule 1 reads 2, and one of the two is envoy\'s SYN.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-1.6', setup: [REVIEWS_TO_RATINGS], cmd: SAVE_REVIEWS, expect: '[1:60] -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN' },
        { scenario: 'bookinfo-1.6', setup: [REVIEWS_TO_RATINGS], cmd: SAVE_REVIEWS, expect: '[1:60] -A ISTIO_OUTPUT -j ISTIO_REDIRECT' },
        { scenario: 'bookinfo-1.6', setup: [REVIEWS_TO_RATINGS], cmd: SAVE_REVIEWS, expect: '[1:60] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001' },
        { scenario: 'bookinfo-1.6', setup: [REVIEWS_TO_RATINGS], cmd: SAVE_REVIEWS, expect: '[2:120] -A OUTPUT -p tcp -j ISTIO_OUTPUT' },
      ],
    },
    {
      kind: 'single',
      id: 'why-not-lo-rules',
      prompt: {
        zh: '应用发往 ratings 的 SYN(第 10 点)为什么不会命中 `ISTIO_OUTPUT` 的第 1–3 条?',
        en: 'Why does the app\'s SYN to ratings (point 10) not match rules 1–3 of `ISTIO_OUTPUT`?',
      },
      options: [
        {
          text: { zh: '它们都带 `-o lo`,而路由决策给这个包选的出口是 eth0', en: 'They all require `-o lo`, and the routing decision sent this packet out through eth0' },
          correct: true,
          explain: {
            zh: '正确。本机产生的包先做路由决策再进入 `OUTPUT`,`-o` 比较的是这次路由选出的网卡;发往 10.96.201.15 的包走默认路由,出口是 eth0。',
            en: 'Right. A locally generated packet is routed before it enters `OUTPUT`, and `-o` compares against the interface that routing picked. The default route sends 10.96.201.15 out through eth0.',
          },
        },
        {
          text: { zh: '因为应用的 uid 是 1000', en: 'Because the app runs as uid 1000' },
          correct: false,
          explain: {
            zh: '第 3 条恰恰是 `! --uid-owner 1337`,uid 1000 满足这个条件;它不命中,是因为 `-o lo` 不满足。',
            en: 'Rule 3 is `! --uid-owner 1337`, and uid 1000 satisfies that. It fails because of `-o lo`.',
          },
        },
        {
          text: { zh: '因为 nat 表只处理 TCP,而这几条写的是 all', en: 'Because nat only handles TCP and these rules say "all"' },
          correct: false,
          explain: {
            zh: 'nat 表处理任意协议的新连接;prot 列的 0(all)表示不限协议,对 TCP 同样适用。',
            en: 'nat handles new connections of any protocol. The 0 (all) in the prot column means "any protocol", TCP included.',
          },
        },
        {
          text: { zh: '因为目的地址是 ClusterIP,iptables 看不到', en: 'Because the destination is a ClusterIP, which iptables cannot see' },
          correct: false,
          explain: {
            zh: 'ClusterIP 就是一个普通的目的地址;这个 Pod 里没有 kube-proxy 的规则,但 iptables 完全看得到它。',
            en: 'A ClusterIP is an ordinary destination address. This pod has no kube-proxy rules, but iptables sees the address like any other.',
          },
        },
      ],
    },
    {
      kind: 'task',
      id: 'zero-and-count',
      prompt: {
        zh: 'reviews Pod 里已经有几次请求留下的计数。请先把 reviews Pod 的 nat 计数器清零,再从 productpage 恰好发一个请求,使 `ISTIO_IN_REDIRECT` 的计数正好是 1 个包、60 字节。',
        en: 'The reviews pod already carries counts from earlier requests. Zero the nat counters in the reviews pod, then send exactly one request from productpage, so that `ISTIO_IN_REDIRECT` shows exactly 1 packet, 60 bytes.',
      },
      scenario: 'bookinfo-1.6',
      setup: [PP_TO_REVIEWS, PP_TO_REVIEWS],
      solution: [
        'nsenter -t 8533 -n iptables -t nat -Z',
        PP_TO_REVIEWS,
      ],
      checks: [
        { cmd: SAVE_REVIEWS, expect: '[1:60] -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006' },
        { cmd: SAVE_REVIEWS, expect: '[1:60] -A PREROUTING -p tcp -j ISTIO_INBOUND' },
        { cmd: SAVE_REVIEWS, expect: '[1:60] -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN' },
      ],
      hint: {
        zh: '`iptables -t nat -Z` 清零 nat 表所有链的计数器(包括默认策略的计数)。记得用 `nsenter -t 8533 -n` 进入 reviews 的网络命名空间。',
        en: '`iptables -t nat -Z` zeroes every counter of the nat table, policy counters included. Remember `nsenter -t 8533 -n` to get into reviews\' network namespace.',
      },
    },
  ],
};

export default quiz;
