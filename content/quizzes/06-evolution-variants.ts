import type { QuizSpec } from '../../src/quiz/types.ts';

// The podip counters equal the real-kernel lab (shared lab/out/nft-podip/counters.json, lab-rv):
// the envoy -> app connection is counted by ISTIO_OUTPUT rule 1, rule 4 stays 0.
// Rule texts were checked by loading the rendered Istio goldens into real iptables 1.8.9.
const PP_TO_REVIEWS = 'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0';

const quiz: QuizSpec = {
  id: '06-evolution-variants',
  questions: [
    {
      kind: 'single',
      id: 'istio-1.10-inbound',
      prompt: {
        zh: '从 Istio 1.10 起,入站 Envoy 如何把请求交给应用?在 bookinfo-current 中,这条连接由 `ISTIO_OUTPUT` 的哪条规则计数?',
        en: 'From Istio 1.10 on, how does the inbound envoy hand a request to the app, and which `ISTIO_OUTPUT` rule counts that connection in bookinfo-current?',
      },
      options: [
        {
          text: { zh: '以 127.0.0.6 为源地址连接 Pod IP:9080;第 1 条 `-s 127.0.0.6/32 -o lo -j RETURN` 计数', en: 'It connects from 127.0.0.6 to podIP:9080; rule 1, `-s 127.0.0.6/32 -o lo -j RETURN`, counts it' },
          correct: true,
          explain: {
            zh: '正确。内核实验的 podip 模式同样是第 1 条计数、第 4 条为 0。',
            en: 'Right. The kernel lab\'s podip mode likewise counts rule 1 and leaves rule 4 at 0.',
          },
        },
        {
          text: { zh: '仍然连接 127.0.0.1:9080;第 4 条(uid 1337)计数', en: 'It still connects to 127.0.0.1:9080; rule 4 (uid 1337) counts it' },
          correct: false,
          explain: {
            zh: '这是 1.10 之前的行为(bookinfo-1.6)。1.10 起改为连接 Pod IP,见 Istio 博客。',
            en: 'That is the behaviour before 1.10 (bookinfo-1.6). From 1.10 envoy connects to the pod IP; see the Istio blog.',
          },
        },
        {
          text: { zh: '以 Pod IP 为源地址连接 Pod IP:9080;第 2 条计数并重定向到 15006', en: 'It connects from the pod IP to podIP:9080; rule 2 counts it and redirects it to 15006' },
          correct: false,
          explain: {
            zh: '如果真这样,Envoy 的连接会被送回它自己的 15006。正因为如此才用 127.0.0.6 作源地址,让第 1 条先把它放行。',
            en: 'That would send envoy\'s connection back to its own port 15006. This is exactly why it uses source 127.0.0.6, so that rule 1 lets it through first.',
          },
        },
        {
          text: { zh: '通过 Unix 域套接字交给应用,不经过 iptables', en: 'It passes the request over a Unix domain socket, bypassing iptables' },
          correct: false,
          explain: {
            zh: 'Sidecar 模式下 Envoy 与应用之间是普通的 TCP 连接,计数器上清楚可见。',
            en: 'In sidecar mode envoy talks to the app over an ordinary TCP connection, and the counters show it.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-current', setup: [PP_TO_REVIEWS], cmd: 'nsenter -t 8533 -n iptables-save -c -t nat', expect: '[1:60] -A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN' },
        { scenario: 'bookinfo-current', setup: [PP_TO_REVIEWS], cmd: 'nsenter -t 8533 -n iptables-save -c -t nat', expect: '[0:0] -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN' },
        { scenario: 'bookinfo-current', setup: [PP_TO_REVIEWS], cmd: 'nsenter -t 8533 -n iptables-save -c -t nat', expect: '[1:60] -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006' },
      ],
    },
    {
      kind: 'single',
      id: 'rule2-purpose',
      prompt: {
        zh: '`ISTIO_OUTPUT` 第 2 条(走 lo、目的地不是 127.0.0.1、属于 uid 1337 → `ISTIO_IN_REDIRECT`)为什么要存在?',
        en: 'Why does `ISTIO_OUTPUT` rule 2 exist (over lo, destination not 127.0.0.1, uid 1337 → `ISTIO_IN_REDIRECT`)?',
      },
      options: [
        {
          text: { zh: 'Pod 调用自己所属的服务时,请求先经出站 Envoy,再回到本 Pod 的入站 Envoy,策略执行和访问其他 Pod 时一致', en: 'When a pod calls its own service, the request goes out through the outbound envoy and back in through the inbound envoy, so policy applies as it would for any other pod' },
          correct: true,
          explain: {
            zh: '正确,见 istio/istio#37890 中维护者的解释。',
            en: 'Right; see the maintainer\'s explanation in istio/istio#37890.',
          },
        },
        {
          text: { zh: '为了捕获应用发往 localhost 的流量', en: 'To capture the app\'s traffic to localhost' },
          correct: false,
          explain: {
            zh: '它要求 uid 1337,所以只针对 Envoy 的流量;而且 `! -d 127.0.0.1/32` 恰好排除了 localhost。',
            en: 'It requires uid 1337, so it only concerns envoy\'s traffic, and `! -d 127.0.0.1/32` excludes localhost.',
          },
        },
        {
          text: { zh: '为了防止第 16 步的循环', en: 'To prevent the step 16 loop' },
          correct: false,
          explain: {
            zh: '防止循环的是无条件的 uid/gid 1337 RETURN;第 2 条反而是**有意**把 Envoy 的某些连接送回 15006。',
            en: 'The loop is prevented by the unconditional uid/gid 1337 RETURN rules. Rule 2 deliberately sends some of envoy\'s connections back to 15006.',
          },
        },
        {
          text: { zh: '为了让 kubelet 的健康检查经过 Envoy', en: 'To send kubelet health checks through envoy' },
          correct: false,
          explain: {
            zh: '健康检查从外部到达,走的是 `PREROUTING`,而且 15021 在 `ISTIO_INBOUND` 中被 RETURN。',
            en: 'Health checks arrive from outside through `PREROUTING`, and port 15021 is returned in `ISTIO_INBOUND`.',
          },
        },
      ],
    },
    {
      kind: 'multiple',
      id: 'tproxy',
      prompt: {
        zh: '关于 TPROXY 拦截模式,哪些说法正确?(多选)',
        en: 'Which statements about TPROXY interception mode are true? (choose all that apply)',
      },
      options: [
        {
          text: { zh: '入站捕获在 mangle 表中完成,`TPROXY --on-port 15006` 不改写包头', en: 'Inbound capture happens in the mangle table, and `TPROXY --on-port 15006` does not rewrite the packet header' },
          correct: true,
          explain: {
            zh: '正确,见 iptables-extensions(8) 对 TPROXY 的说明。',
            en: 'Right; see TPROXY in iptables-extensions(8).',
          },
        },
        {
          text: { zh: '需要策略路由:带标记 0x539 的包查 133 号表,该表把一切视为本地', en: 'It needs policy routing: packets marked 0x539 look up table 133, which treats everything as local' },
          correct: true,
          explain: {
            zh: '正确,`ip rule` 中可见 `fwmark 0x539 lookup 133`,`ip route show table 133` 是 `local default dev lo`。',
            en: 'Right: `ip rule` shows `fwmark 0x539 lookup 133`, and `ip route show table 133` shows `local default dev lo`.',
          },
        },
        {
          text: { zh: '出站流量也改用 TPROXY 捕获', en: 'Outbound traffic is captured with TPROXY too' },
          correct: false,
          explain: {
            zh: 'TPROXY 只能用于 `PREROUTING`(到达的包)。出站仍然由 nat 表的 `ISTIO_REDIRECT` 重定向到 15001。',
            en: 'TPROXY works only in `PREROUTING`, on arriving packets. Outbound capture remains nat\'s `ISTIO_REDIRECT` to 15001.',
          },
        },
        {
          text: { zh: '标记 0x539 就是十进制的 1337', en: 'The mark 0x539 is 1337 in decimal' },
          correct: true,
          explain: {
            zh: '正确。iptables 以十六进制打印标记:`--set-mark 1337` 显示为 `--set-xmark 0x539/0xffffffff`。',
            en: 'Right. iptables prints marks in hex: `--set-mark 1337` shows up as `--set-xmark 0x539/0xffffffff`.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-current-tproxy', cmd: 'nsenter -t 8533 -n iptables -t mangle -S', expect: '-j TPROXY --on-port 15006 --on-ip 0.0.0.0 --tproxy-mark 0x539/0xffffffff' },
        { scenario: 'bookinfo-current-tproxy', cmd: 'nsenter -t 8533 -n ip rule', expect: 'from all fwmark 0x539 lookup 133' },
        { scenario: 'bookinfo-current-tproxy', cmd: 'nsenter -t 8533 -n ip route show table 133', expect: 'local default dev lo scope host' },
        { scenario: 'bookinfo-current-tproxy', cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_REDIRECT', expect: '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001' },
      ],
    },
    {
      kind: 'single',
      id: 'dns-zones',
      prompt: {
        zh: '开启 DNS 捕获后,raw 表里的 `CT --zone 1` / `CT --zone 2` 规则是做什么的?',
        en: 'With DNS capture on, what are the `CT --zone 1` / `CT --zone 2` rules in the raw table for?',
      },
      options: [
        {
          text: { zh: '把"应用 ↔ agent"和"agent ↔ 上游 DNS 服务器"两条 UDP 流放进不同的连接跟踪 zone,避免记录相互混淆', en: 'They put the two UDP flows, app ↔ agent and agent ↔ upstream DNS server, into different conntrack zones so their entries cannot be confused' },
          correct: true,
          explain: {
            zh: '正确。UDP 没有握手,两条流的五元组可能相似;raw 表在连接跟踪之前执行,正好用来指定 zone。',
            en: 'Right. UDP has no handshake, and the two flows can have similar tuples. raw runs before conntrack, so it is where the zone is chosen.',
          },
        },
        {
          text: { zh: '把 DNS 查询重定向到 15053', en: 'They redirect DNS queries to 15053' },
          correct: false,
          explain: {
            zh: '重定向由 nat 表 `ISTIO_OUTPUT_DNS` 里的 REDIRECT 完成;CT 目标只设置连接跟踪参数。',
            en: 'The redirect is done by REDIRECT rules in nat\'s `ISTIO_OUTPUT_DNS`. The CT target only sets conntrack parameters.',
          },
        },
        {
          text: { zh: '关闭 DNS 流量的连接跟踪,以提升性能', en: 'They switch conntrack off for DNS to save work' },
          correct: false,
          explain: {
            zh: '那是 `CT --notrack`。这里恰恰需要连接跟踪,REDIRECT 才能生效、回包才能还原。',
            en: 'That would be `CT --notrack`. Here conntrack is needed, or REDIRECT could not work and replies could not be restored.',
          },
        },
        {
          text: { zh: '给 DNS 包打上 1337 标记,让 TPROXY 接管', en: 'They mark DNS packets 1337 so TPROXY takes over' },
          correct: false,
          explain: {
            zh: 'zone 与包标记无关,DNS 捕获也不使用 TPROXY。',
            en: 'Zones have nothing to do with packet marks, and DNS capture does not use TPROXY.',
          },
        },
      ],
      probes: [
        { scenario: 'bookinfo-current-dns', cmd: 'nsenter -t 4170 -n iptables -t nat -S ISTIO_OUTPUT_DNS', expect: '-A ISTIO_OUTPUT_DNS -d 10.96.0.10/32 -p udp -m udp --dport 53 -j REDIRECT --to-ports 15053' },
        { scenario: 'bookinfo-current-dns', cmd: 'nsenter -t 4170 -n iptables -t raw -S', expect: '-j CT --zone 2' },
      ],
    },
    {
      kind: 'single',
      id: 'cni',
      prompt: {
        zh: '使用 istio-cni 而不是 istio-init 时,Pod 网络命名空间里的规则有什么不同?',
        en: 'With istio-cni instead of istio-init, how do the rules in the pod\'s network namespace differ?',
      },
      options: [
        {
          text: { zh: '基本相同;区别在于由节点上的 CNI 插件在 Pod 网络初始化时写入,Pod 不再需要 NET_ADMIN/NET_RAW', en: 'They are essentially the same; the CNI plugin writes them from the node during pod network setup, so the pod no longer needs NET_ADMIN/NET_RAW' },
          correct: true,
          explain: {
            zh: '正确。Istio 的测试数据显示,CNI 默认值只多了出站 15020 的两条 RETURN。',
            en: 'Right. Istio\'s test data shows the CNI defaults add only two RETURNs for outbound port 15020.',
          },
        },
        {
          text: { zh: 'CNI 模式不用 iptables,改用 eBPF', en: 'CNI mode uses eBPF instead of iptables' },
          correct: false,
          explain: {
            zh: 'istio-cni 写的是同样的 iptables 规则(较新的版本还可以选择 nftables 后端),不是 eBPF 程序。',
            en: 'istio-cni writes the same iptables rules (recent releases can also use an nftables backend), not eBPF programs.',
          },
        },
        {
          text: { zh: '规则装在节点的根命名空间里,Pod 里没有规则', en: 'The rules live in the node\'s root namespace, and the pod has none' },
          correct: false,
          explain: {
            zh: '规则仍在 Pod 自己的网络命名空间里,只是写入者换成了节点上的插件。',
            en: 'The rules are still in the pod\'s own network namespace; only the writer moved to the node.',
          },
        },
        {
          text: { zh: 'CNI 模式下 Envoy 不再以 uid 1337 运行,所以规则里没有 owner 匹配', en: 'In CNI mode envoy no longer runs as uid 1337, so there are no owner matches' },
          correct: false,
          explain: {
            zh: 'owner 匹配照旧,Envoy 照样以 1337 运行;这正是防止循环的关键。',
            en: 'The owner matches are unchanged and envoy still runs as 1337. That is what prevents the loop.',
          },
        },
      ],
    },
    {
      kind: 'single',
      id: 'ambient-marks',
      prompt: {
        zh: 'Ambient 模式下,Pod 内的重定向规则靠什么认出"代理自己发的包",从而避免循环?',
        en: 'In ambient mode, how do the in-pod redirect rules recognise packets sent by the proxy itself, to avoid a loop?',
      },
      options: [
        {
          text: { zh: '包标记:ztunnel 的包带 0x539,规则跳过带 `0x539/0xfff` 标记的包', en: 'A packet mark: ztunnel\'s packets carry 0x539, and the rules skip anything marked `0x539/0xfff`' },
          correct: true,
          explain: {
            zh: '正确。ztunnel 由节点上所有 Pod 共用,不是 Pod 自己的进程,Istio 选择用标记而不是 uid 来识别它的流量。',
            en: 'Right. ztunnel is shared by every pod on the node and is not one of the pod\'s processes; Istio recognises its traffic by a mark rather than by a uid.',
          },
        },
        {
          text: { zh: '`-m owner --uid-owner 1337`,和 sidecar 一样', en: '`-m owner --uid-owner 1337`, as with sidecars' },
          correct: false,
          explain: {
            zh: 'Pod 里并没有以 uid 1337 运行的代理;ztunnel 是每个节点一个的进程,规则改用标记来识别它的包。',
            en: 'There is no proxy running as uid 1337 in the pod. ztunnel runs per node and works with marks instead.',
          },
        },
        {
          text: { zh: '源地址 127.0.0.6', en: 'Source address 127.0.0.6' },
          correct: false,
          explain: {
            zh: '127.0.0.6 是 sidecar 入站 Envoy 连接应用时用的源地址,不是 ambient 的机制。',
            en: '127.0.0.6 is the source the sidecar\'s inbound envoy uses towards the app. It is not ambient\'s mechanism.',
          },
        },
        {
          text: { zh: '不需要识别:ambient 模式不会重定向任何流量', en: 'It does not need to: ambient mode redirects nothing' },
          correct: false,
          explain: {
            zh: 'Ambient 同样在 Pod 命名空间里重定向流量,只是目标换成了 ztunnel 在 Pod 内打开的 15001/15006/15008。',
            en: 'Ambient also redirects inside the pod\'s namespace, to the 15001/15006/15008 sockets ztunnel opens in the pod.',
          },
        },
      ],
    },
    {
      kind: 'task',
      id: 'upgrade-inbound',
      prompt: {
        zh: '在 bookinfo-1.6 的 reviews Pod(PID 8533)里,手动补上两处版本改动,让 `ISTIO_INBOUND` 与当前版本完全一致:取消端口 22 的排除(1.13),并在链首加入 15008 的 RETURN(1.7)。',
        en: 'In bookinfo-1.6\'s reviews pod (PID 8533), apply two release changes by hand so that `ISTIO_INBOUND` matches the current one exactly: drop the port 22 exclusion (1.13) and add the 15008 RETURN at the top of the chain (1.7).',
      },
      scenario: 'bookinfo-1.6',
      solution: [
        'nsenter -t 8533 -n iptables -t nat -D ISTIO_INBOUND -p tcp --dport 22 -j RETURN',
        'nsenter -t 8533 -n iptables -t nat -I ISTIO_INBOUND 1 -p tcp --dport 15008 -j RETURN',
      ],
      checks: [
        {
          cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND',
          expect: [
            '-N ISTIO_INBOUND',
            '-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN',
            '-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN',
            '-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN',
            '-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN',
            '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
          ].join('\n'),
        },
        { cmd: 'nsenter -t 8533 -n iptables -t nat -S ISTIO_INBOUND', expect: '--dport 22 ', absent: true },
      ],
      hint: {
        zh: '`-D` 按内容删除规则;`-I ISTIO_INBOUND 1 ...` 把规则插到第 1 位。写 `--dport` 之前要先有 `-p tcp`。',
        en: '`-D` deletes a rule by content; `-I ISTIO_INBOUND 1 ...` inserts at position 1. `--dport` needs `-p tcp` before it.',
      },
    },
  ],
};

export default quiz;
