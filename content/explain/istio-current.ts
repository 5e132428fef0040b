// Explanations for <RuleExplainer scenario="bookinfo-current" ... />: the nat rules current
// Istio releases write for a sidecar. Rules that read the same as in 1.6 reuse its notes; the
// ones that changed since (port 15008, the all-protocol OUTPUT jump, the inbound hand-off from
// 127.0.0.6) get their own text.

import type { RuleNote, TokenNote } from '../../src/explain/types.ts';
import { rules as rules16, tokens as tokens16 } from './istio-1.6.ts';

function from16(rule: string): RuleNote {
  const n = rules16.find((r) => r.rule === rule);
  if (!n) throw new Error(`no 1.6 note for ${rule}`);
  return n;
}

export const rules: RuleNote[] = [
  {
    rule: '-A PREROUTING -p tcp -j ISTIO_INBOUND',
    zh: '入站总入口。每条进入 Pod 的新 TCP 连接（nat 只看连接的第一个包）都交给 ISTIO_INBOUND。入站方向仍然只拦 TCP。',
    en: 'The inbound entry point. Each new TCP connection arriving at the pod (nat sees only a connection\'s first packet) goes to ISTIO_INBOUND. Inbound capture is still TCP only.',
  },
  {
    rule: '-A OUTPUT -j ISTIO_OUTPUT',
    zh: '出站总入口。与 1.6 不同，这里不再写 -p tcp：所有协议的新连接都进入 ISTIO_OUTPUT，这样开启 DNS 捕获时 UDP 53 也能在那里被处理。不捕获的协议最终在 ISTIO_REDIRECT 的 -p tcp 处落空。',
    en: 'The outbound entry point. Unlike 1.6 there is no -p tcp here: new connections of every protocol enter ISTIO_OUTPUT, so that with DNS capture on, UDP port 53 can be handled there too. Protocols nobody captures fall through at ISTIO_REDIRECT\'s -p tcp.',
  },
  {
    rule: '-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN',
    zh: '15008 是 HBONE 隧道端口（mTLS 上的 HTTP CONNECT）。发往它的连接由 envoy 直接监听，不能再被改到 15006。1.6 还没有这条，22 端口的例外则已经取消。',
    en: '15008 is the HBONE tunnel port (HTTP CONNECT over mTLS). Envoy listens on it directly, so connections to it must not be moved to 15006. 1.6 had no such rule, and the port 22 exception it had is gone.',
  },
  from16('-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN'),
  from16('-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN'),
  from16('-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN'),
  from16('-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT'),
  from16('-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006'),
  {
    rule: '-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN',
    zh: '现在的版本里，envoy 把每个入站请求转交给应用时都从 127.0.0.6 连到 Pod IP（例如 10.244.2.20:9080）。这个包经 lo 发出，这条规则让它直接放行；没有它，下一条规则会把它再送回 15006。',
    en: 'In current releases envoy hands every inbound request to the application by connecting from 127.0.0.6 to the pod IP (10.244.2.20:9080, say). That packet leaves via lo and this rule lets it through; without it, the next rule would send it back to 15006.',
  },
  {
    rule: '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
    zh: 'envoy（uid 1337）经 lo 连向自己 Pod 的 IP（通过 Service 调用自己），这次连接被送进入站重定向 15006。与 1.6 相比多了 ! --dport 15008：发往 HBONE 隧道端口的连接不做这种改写。',
    en: 'Envoy (uid 1337) connecting over lo to its own pod IP (a call to its own Service) is sent to the inbound redirect, 15006. Compared with 1.6 it adds ! --dport 15008: connections to the HBONE tunnel port are left alone.',
  },
  from16('-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN'),
  {
    rule: '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
    zh: 'envoy 自己发起的其余连接（连上游服务、连 istiod）全部放行，不会再被送回 15001。',
    en: 'Every other connection envoy starts, to upstream services or to istiod, passes here instead of being sent back to 15001.',
  },
  {
    rule: '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
    zh: '上面 uid 规则按组 1337 的版本，同样跳过 15008。默认 uid 与 gid 相同，前面的 uid 规则先做了决定，这条通常计数为 0。',
    en: 'The group 1337 version of the uid rule above, also skipping 15008. With uid and gid equal by default, the uid rule decides first and this one usually counts 0.',
  },
  from16('-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN'),
  from16('-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN'),
  from16('-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN'),
  from16('-A ISTIO_OUTPUT -j ISTIO_REDIRECT'),
  from16('-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001'),
];

export const tokens: TokenNote[] = [
  { token: '15008', zh: 'HBONE 隧道端口，envoy 直接监听，不拦截。', en: 'The HBONE tunnel port; envoy listens on it directly, so it is not captured.' },
  ...tokens16.filter((t) => t.token !== '22' && t.token !== 'ISTIO_IN_REDIRECT'),
  { token: 'ISTIO_IN_REDIRECT', zh: '入站重定向链：REDIRECT 到 15006。', en: 'Inbound redirect chain: REDIRECT to 15006.' },
];
