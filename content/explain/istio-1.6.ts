// Explanations for <RuleExplainer scenario="bookinfo-1.6" pod="reviews-v1" />.
// `rules`: one entry per `-A` line of `iptables -t nat -S` in an Istio 1.6 sidecar, in -S order,
// with the exact text iptables 1.8.9 prints (checked by loading the set into real iptables).
// `tokens`: notes for the options and values those lines use. A token is one word ('-o', 'lo',
// '15006') or an option with its value ('-m owner', '-p tcp'); the longest token that matches at
// a position wins. Sources are cited in chapter 3. (Moved from drafts/explain/istio-1.6.ts.)

import type { RuleNote, TokenNote } from '../../src/explain/types.ts';

export const rules: RuleNote[] = [
  {
    rule: '-A PREROUTING -p tcp -j ISTIO_INBOUND',
    zh: '入站总入口。从网卡进入 Pod 的每条新 TCP 连接（nat 只看它的第一个包）都先交给 ISTIO_INBOUND 处理。只拦 TCP：Istio 1.6 不碰 UDP。',
    en: 'The inbound entry point. Every new TCP connection arriving at the pod (nat sees only its first packet) is handed to ISTIO_INBOUND. TCP only: Istio 1.6 leaves UDP alone.',
  },
  {
    rule: '-A OUTPUT -p tcp -j ISTIO_OUTPUT',
    zh: '出站总入口。Pod 里任何进程（应用或 envoy）发起的每条新 TCP 连接都先进 ISTIO_OUTPUT，由它判断该不该交给 envoy。',
    en: 'The outbound entry point. Every new TCP connection started by any process in the pod, application or envoy, goes to ISTIO_OUTPUT, which decides whether envoy should get it.',
  },
  {
    rule: '-A ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN',
    zh: '发往 22 端口（SSH）的连接不拦截，直接回到 PREROUTING 按 ACCEPT 放行。这是 1.6 的默认排除项；Istio 1.13 起去掉了它，因为它让 22 端口上的服务悄悄绕过了 mTLS（istio/istio#35733）。',
    en: 'Connections to port 22 (SSH) are not captured: back to PREROUTING and its ACCEPT policy. A 1.6 default; Istio 1.13 dropped it because it silently took services on port 22 out of mTLS (istio/istio#35733).',
  },
  {
    rule: '-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN',
    zh: '15090 是 envoy 的 Prometheus 指标端口。Prometheus 直接抓取它，不能让抓取请求被送进 envoy 的入站监听器 15006。',
    en: '15090 is envoy\'s Prometheus telemetry port. Prometheus scrapes it directly; the scrape must not be sent into envoy\'s inbound listener on 15006.',
  },
  {
    rule: '-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN',
    zh: '15021 是 sidecar 的健康检查端口（/healthz/ready），kubelet 的就绪探针打到这里。探针每次都是新连接，所以线上 Pod 里这条规则的计数往往最大。',
    en: '15021 is the sidecar\'s health-check port (/healthz/ready), where kubelet\'s readiness probes land. Each probe is a new connection, so in a live pod this rule often has the largest count.',
  },
  {
    rule: '-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN',
    zh: '15020 由 pilot-agent 提供：合并了 envoy、pilot-agent 和应用指标的 Prometheus 端点。同样直接访问，不经 envoy 入站。',
    en: '15020 is served by pilot-agent: merged Prometheus telemetry from envoy, the agent and the application. Also reached directly, not through envoy\'s inbound side.',
  },
  {
    rule: '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
    zh: '不在上面排除列表里的入站 TCP 连接（比如发往应用 9080 的）全部跳到 ISTIO_IN_REDIRECT，准备交给 envoy。',
    en: 'Every inbound TCP connection not excluded above, such as one for the application on 9080, jumps to ISTIO_IN_REDIRECT to be handed to envoy.',
  },
  {
    rule: '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
    zh: '把连接的目的端口改成 15006，即 envoy 的入站监听器。对从 eth0 进来的包，REDIRECT 把目的地址改成 eth0 的地址（Pod IP）。envoy 用 SO_ORIGINAL_DST 取回原来的端口 9080。有 3 条规则引用这条链。',
    en: 'Rewrites the destination port to 15006, envoy\'s inbound listener. For a packet that arrived on eth0, REDIRECT makes the destination eth0\'s address (the pod IP). Envoy recovers the original port 9080 with SO_ORIGINAL_DST. Three rules jump to this chain.',
  },
  {
    rule: '-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN',
    zh: '源地址是 127.0.0.6、经 lo 发出的连接放行。127.0.0.6 是 envoy 把入站流量转交给应用时绑定的源地址：1.6 里用于入站直通（passthrough），1.10 起用于所有入站转发（目的是 Pod IP）。没有这条，下一条规则会把 envoy 的转交再次送回 15006。',
    en: 'Connections from source 127.0.0.6 leaving via lo are let through. 127.0.0.6 is the source envoy binds when it hands inbound traffic to the application: in 1.6 for inbound passthrough, from 1.10 for all inbound traffic (sent to the pod IP). Without this rule the next one would send envoy\'s hand-off back to 15006.',
  },
  {
    rule: '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
    zh: 'envoy（uid 1337）经 lo 连接一个不是 127.0.0.1 的地址，也就是本 Pod 自己的 IP：这发生在 Pod 通过 Service 调用自己、envoy 恰好选中了自己这个端点时。连接被送进入站重定向（15006），让这次自调用像来自别的 Pod 一样走一遍入站处理（istio/istio#37890）。',
    en: 'Envoy (uid 1337) connecting over lo to an address other than 127.0.0.1, that is, to the pod\'s own IP. That happens when a pod calls its own Service and envoy picks itself as the endpoint. The connection goes to the inbound redirect (15006), so the self-call gets the same inbound treatment as a call from another pod (istio/istio#37890).',
  },
  {
    rule: '-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN',
    zh: '不是 envoy 的进程经 lo 发起的连接（应用访问 127.0.0.1，或访问自己的 Pod IP）不拦截。同一个 Pod 里容器之间的本地通信因此不经过 envoy。Istio 1.5 加入。',
    en: 'Connections over lo from anything that is not envoy (the application calling 127.0.0.1, or its own pod IP) are not captured, so container-to-container traffic inside the pod bypasses envoy. Added in Istio 1.5.',
  },
  {
    rule: '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
    zh: 'envoy 自己（uid 1337）发起的其他连接全部放行：连上游服务、连 istiod，以及 1.6 里把入站请求转给 127.0.0.1:9080 的应用。正是这条规则让 envoy 的出站连接不会被再次重定向到 15001，避免了死循环。',
    en: 'Every other connection envoy itself (uid 1337) starts is let through: to upstream services, to istiod, and in 1.6 the hand-off of inbound requests to the application at 127.0.0.1:9080. This is the rule that keeps envoy\'s own connections from being redirected to 15001 again, which would loop.',
  },
  {
    rule: '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
    zh: '与 uid 版本相同，只是按组 1337 判断。istio-iptables 把代理的用户和组作为两个参数，分别生成一组规则。默认 uid 和 gid 都是 1337，前面的 uid 规则已先做了决定，所以在这个 Pod 里它计数为 0。',
    en: 'Same as the uid version, matched on group 1337. istio-iptables takes the proxy\'s user and group as separate settings and writes one set of rules for each. With the defaults both are 1337, the uid rules decide first, and this one counts 0 in this pod.',
  },
  {
    rule: '-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN',
    zh: '按组判断的"非代理进程经 lo 的连接不拦截"。在默认配置下，它要处理的连接已被 uid 版本处理掉了。',
    en: 'The group version of "loopback connections from non-proxy processes are not captured". With default settings the uid version has already handled them.',
  },
  {
    rule: '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN',
    zh: '按组判断的"代理自己的连接放行"。当代理以其他 uid 运行、但组仍是 1337 时，这条规则保证它的连接不会被重定向回自己。',
    en: 'The group version of "the proxy\'s own connections pass". If the proxy runs with some other uid but group 1337, this rule keeps its connections from being redirected back to itself.',
  },
  {
    rule: '-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN',
    zh: '发往 127.0.0.1 的连接不拦截。在这套规则里，lo 上的连接几乎都已被前面的 owner 规则处理，所以它很少计数；在 1.5 加入"非代理经 lo 放行"之前，正是它让应用访问 localhost 的连接绕开 envoy。',
    en: 'Connections to 127.0.0.1 are not captured. In this set the owner rules above already handle nearly everything on lo, so it rarely counts; before 1.5 added the "non-proxy over lo" rule, this was what kept an application\'s localhost connections away from envoy.',
  },
  {
    rule: '-A ISTIO_OUTPUT -j ISTIO_REDIRECT',
    zh: '兜底：走到这里的是应用（不是 uid/gid 1337）发往 Pod 外部的新连接，全部交给 ISTIO_REDIRECT，即 envoy 的出站端口。',
    en: 'The catch-all. What gets here is a new connection from the application (not uid/gid 1337) to somewhere outside the pod; all of it goes to ISTIO_REDIRECT, envoy\'s outbound port.',
  },
  {
    rule: '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
    zh: '把连接改到 127.0.0.1:15001，即 envoy 的出站监听器（本机发出的包被 REDIRECT 到 127.0.0.1）。envoy 用 SO_ORIGINAL_DST 取回应用原本要连的地址，比如 reviews 的 ClusterIP 10.96.88.70:9080。',
    en: 'Rewrites the connection to 127.0.0.1:15001, envoy\'s outbound listener (REDIRECT sends locally generated packets to 127.0.0.1). Envoy recovers where the application meant to go, such as reviews\' ClusterIP 10.96.88.70:9080, with SO_ORIGINAL_DST.',
  },
];

export const tokens: TokenNote[] = [
  { token: '-P', zh: '内置链的默认策略：包走到链尾时的去向。Istio 的四条 nat 链都是 ACCEPT。', en: 'A built-in chain\'s policy: what happens at the end of the chain. All four nat chains are ACCEPT in Istio.' },
  { token: '-N', zh: '新建自定义链。Istio 1.6 建了 ISTIO_INBOUND、ISTIO_IN_REDIRECT、ISTIO_OUTPUT、ISTIO_REDIRECT 四条。', en: 'Creates a user chain. Istio 1.6 creates ISTIO_INBOUND, ISTIO_IN_REDIRECT, ISTIO_OUTPUT and ISTIO_REDIRECT.' },
  { token: '-A', zh: '追加到链尾。-S 按位置逐条打印，第几行 -A 就是链里的第几条规则。', en: 'Append to the end of a chain. -S prints rules in position order, so the Nth -A line of a chain is rule N.' },
  { token: 'ACCEPT', zh: '策略为 ACCEPT：包离开这张表，继续后面的处理。在 nat 表里策略只能是 ACCEPT。', en: 'ACCEPT policy: the packet leaves this table and carries on. In nat, ACCEPT is the only policy allowed.' },
  { token: '-p tcp', zh: '只匹配 TCP。--dport 需要它，REDIRECT 的 --to-ports 也需要它。', en: 'Matches TCP only. Required by --dport, and by REDIRECT\'s --to-ports.' },
  { token: '-m tcp', zh: 'tcp 匹配扩展。写 -p tcp --dport 时会被隐式加载，-S 会把它显式打印出来。', en: 'The tcp match extension. Loaded implicitly by -p tcp --dport; -S prints it explicitly.' },
  { token: '--dport', zh: 'TCP 目的端口。-L 里显示为 dpt:，端口有服务名时（22 即 ssh）显示名字。', en: 'TCP destination port. Shown as dpt: in -L, with a service name when one exists (22 is ssh).' },
  { token: '-s', zh: '源地址。-S 总会带上掩码，/32 表示单个地址。', en: 'Source address. -S always prints a mask; /32 is a single address.' },
  { token: '-d', zh: '目的地址。', en: 'Destination address.' },
  { token: '!', zh: '对紧随其后的条件取反：! -d 127.0.0.1/32 表示"目的地址不是 127.0.0.1"。', en: 'Negates the condition right after it: ! -d 127.0.0.1/32 means "destination is not 127.0.0.1".' },
  { token: '-o', zh: '出接口。在 OUTPUT 里，它是路由决策在任何 REDIRECT 之前选定的接口。只能用于 OUTPUT、FORWARD、POSTROUTING。', en: 'Outgoing interface. In OUTPUT it is the interface the routing decision chose before any REDIRECT. Only valid in OUTPUT, FORWARD and POSTROUTING.' },
  { token: 'lo', zh: '回环接口。发往 127.0.0.0/8 和发往 Pod 自己 IP 的包都从 lo 走。', en: 'The loopback interface. Packets to 127.0.0.0/8 and to the pod\'s own IP both go through lo.' },
  { token: '127.0.0.6/32', zh: 'envoy 把入站流量转交给应用时使用的源地址（istio/istio#29603）。', en: 'The source address envoy uses when handing inbound traffic to the application (istio/istio#29603).' },
  { token: '127.0.0.1/32', zh: '本机回环地址 localhost。-L 里显示为 localhost，取反时为 !localhost。', en: 'The loopback address, localhost. -L shows localhost, or !localhost when negated.' },
  { token: '-m owner', zh: 'owner 匹配扩展：看发出这个包的 socket 属于谁。只对本机产生的包有效，只能用在 OUTPUT 和 POSTROUTING。', en: 'The owner match: who owns the socket that sent the packet. Only meaningful for locally generated packets; only valid in OUTPUT and POSTROUTING.' },
  { token: '--uid-owner', zh: '发包 socket 的属主 uid。1337 是 sidecar 代理（istio-proxy 用户）的 uid，所以应用不能以 1337 运行。', en: 'The uid owning the sending socket. 1337 is the sidecar proxy\'s uid (user istio-proxy), which is why applications must not run as 1337.' },
  { token: '--gid-owner', zh: '发包 socket 的属主 gid。1337 是代理的组。', en: 'The gid owning the sending socket. 1337 is the proxy\'s group.' },
  { token: '1337', zh: 'istio-proxy 的 uid 和 gid，为 sidecar 保留。', en: 'The uid and gid of istio-proxy, reserved for the sidecar.' },
  { token: '-j', zh: '目标：匹配后做什么。可以是 RETURN、REDIRECT 这样的目标，也可以是要跳入的自定义链。', en: 'The target: what to do on a match. A target such as RETURN or REDIRECT, or a user chain to jump to.' },
  { token: 'RETURN', zh: '结束当前链，回到调用它的链的下一条规则；在内置链里则交给默认策略。在 Istio 规则里意思是"不拦截"。', en: 'Ends the current chain and resumes after the calling rule; in a built-in chain, the policy decides. In Istio\'s rules it means "don\'t capture".' },
  { token: 'REDIRECT', zh: '把目的地址改成本机：本机发出的包改成 127.0.0.1，进来的包改成入接口的主地址。只能用于 nat 的 PREROUTING、OUTPUT。', en: 'Rewrites the destination to this host: 127.0.0.1 for locally generated packets, the incoming interface\'s primary address for arriving ones. nat PREROUTING and OUTPUT only.' },
  { token: '--to-ports', zh: 'REDIRECT 的新目的端口。', en: 'REDIRECT\'s new destination port.' },
  { token: '15006', zh: 'envoy 的入站监听器端口。', en: 'Envoy\'s inbound listener port.' },
  { token: '15001', zh: 'envoy 的出站监听器端口。', en: 'Envoy\'s outbound listener port.' },
  { token: '15090', zh: 'envoy 的 Prometheus 指标端口，不拦截。', en: 'Envoy\'s Prometheus telemetry port; not captured.' },
  { token: '15021', zh: 'sidecar 健康检查端口，不拦截。', en: 'The sidecar\'s health-check port; not captured.' },
  { token: '15020', zh: 'pilot-agent 合并指标端口，不拦截。', en: 'pilot-agent\'s merged telemetry port; not captured.' },
  { token: '22', zh: 'SSH 端口。Istio 1.6 默认不拦截，1.13 起取消了这个例外。', en: 'The SSH port. Not captured by default in Istio 1.6; the exception was removed in 1.13.' },
  { token: 'PREROUTING', zh: '进入的包最先经过的钩子。nat 的 PREROUTING 在这里做入站拦截。', en: 'The first hook arriving packets cross. Inbound capture happens in nat PREROUTING.' },
  { token: 'OUTPUT', zh: '本机进程发出的包经过的钩子。nat 的 OUTPUT 在这里做出站拦截。', en: 'The hook locally generated packets cross. Outbound capture happens in nat OUTPUT.' },
  { token: 'ISTIO_INBOUND', zh: '入站分拣链：排除几个端口，其余交给 ISTIO_IN_REDIRECT。', en: 'Inbound sorting chain: a few ports excluded, the rest to ISTIO_IN_REDIRECT.' },
  { token: 'ISTIO_IN_REDIRECT', zh: '入站重定向链：REDIRECT 到 15006。被 3 条规则引用。', en: 'Inbound redirect chain: REDIRECT to 15006. Referenced by three rules.' },
  { token: 'ISTIO_OUTPUT', zh: '出站分拣链：决定一条新连接是放行、送入站重定向，还是送出站重定向。', en: 'Outbound sorting chain: decides whether a new connection passes, goes to the inbound redirect, or goes to the outbound redirect.' },
  { token: 'ISTIO_REDIRECT', zh: '出站重定向链：REDIRECT 到 15001。', en: 'Outbound redirect chain: REDIRECT to 15001.' },
];
