// The 17 numbered flow points (docs/architecture.md), as the diagram tells them.
// Points 5, 7 and 3 differ between Istio 1.6 and current releases.
import type { Lang } from '../../src/i18n/ui.ts';

export type FlowScenario = 'bookinfo-1.6' | 'bookinfo-current';
type Text = Record<Lang, string>;

export interface FlowPoint {
  n: number;
  /** Edge ids (layout.ts) the packet travels at this point. */
  edges: string[];
  /** Node ids lit at this point. */
  nodes: string[];
  /** Where the number badge sits, in SVG units. */
  badge: [number, number];
  text: Text | Record<FlowScenario, Text>;
}

const isText = (t: FlowPoint['text']): t is Text => 'en' in t;

export function pointText(p: FlowPoint, scenario: FlowScenario, lang: Lang): string {
  return isText(p.text) ? p.text[lang] : p.text[scenario][lang];
}

export function isFlowScenario(s: string): s is FlowScenario {
  return s === 'bookinfo-1.6' || s === 'bookinfo-current';
}

export const PHASES: { from: number; to: number; title: Text }[] = [
  { from: 1, to: 8, title: { zh: '请求进来：productpage → reviews', en: 'A request arrives: productpage → reviews' } },
  { from: 9, to: 17, title: { zh: '应用往外调：reviews → ratings', en: 'The app calls out: reviews → ratings' } },
];

export const FLOW_POINTS: FlowPoint[] = [
  {
    n: 1, edges: ['pp-eth0', 'eth0-pre'], nodes: ['pp-envoy', 'eth0', 'PREROUTING'], badge: [186, 150],
    text: {
      zh: 'productpage 的 Envoy（uid 1337）连接 reviews 的 Pod IP 10.244.2.20:9080。SYN 从 eth0 进入 reviews Pod，来到 PREROUTING。',
      en: "productpage's Envoy (uid 1337) connects to reviews' pod IP, 10.244.2.20:9080. The SYN comes in on eth0 and enters PREROUTING.",
    },
  },
  {
    n: 2, edges: ['pre-inb'], nodes: ['PREROUTING', 'ISTIO_INBOUND'], badge: [452, 52],
    text: { zh: 'nat 表的 PREROUTING 把 TCP 包交给 ISTIO_INBOUND。', en: 'nat PREROUTING hands every TCP packet to ISTIO_INBOUND.' },
  },
  {
    n: 3, edges: ['inb-inr'], nodes: ['ISTIO_INBOUND', 'ISTIO_IN_REDIRECT'], badge: [617, 52],
    text: {
      'bookinfo-1.6': {
        zh: '目的端口 9080 不在排除列表（22、15090、15021、15020）里，于是跳到 ISTIO_IN_REDIRECT。',
        en: 'Port 9080 is not one of the excluded ports (22, 15090, 15021, 15020), so the packet jumps to ISTIO_IN_REDIRECT.',
      },
      'bookinfo-current': {
        zh: '目的端口 9080 不在排除列表（15008、15090、15021、15020）里，于是跳到 ISTIO_IN_REDIRECT。',
        en: 'Port 9080 is not one of the excluded ports (15008, 15090, 15021, 15020), so the packet jumps to ISTIO_IN_REDIRECT.',
      },
    },
  },
  {
    n: 4, edges: ['inr-envoy'], nodes: ['ISTIO_IN_REDIRECT', 'envoy'], badge: [722, 125],
    text: { zh: 'REDIRECT 把目的端口改成 15006：Envoy 的入站监听端口接下这个连接。', en: "REDIRECT rewrites the destination port to 15006, and Envoy's inbound listener accepts the connection." },
  },
  {
    n: 5, edges: ['envoy-out'], nodes: ['envoy', 'OUTPUT'], badge: [500, 203],
    text: {
      'bookinfo-1.6': {
        zh: 'Envoy 自己向应用发起新连接：127.0.0.1 → 127.0.0.1:9080。它的 SYN 进入 OUTPUT。',
        en: 'Envoy opens its own connection to the app, 127.0.0.1 → 127.0.0.1:9080. Its SYN enters OUTPUT.',
      },
      'bookinfo-current': {
        zh: 'Envoy 自己向应用发起新连接：源地址 127.0.0.6，目的地址是 Pod IP 10.244.2.20:9080。它的 SYN 进入 OUTPUT。',
        en: 'Envoy opens its own connection to the app, from 127.0.0.6 to the pod IP 10.244.2.20:9080. Its SYN enters OUTPUT.',
      },
    },
  },
  {
    n: 6, edges: ['out-iout'], nodes: ['OUTPUT', 'ISTIO_OUTPUT'], badge: [452, 282],
    text: { zh: 'nat 表的 OUTPUT 把它交给 ISTIO_OUTPUT。', en: 'nat OUTPUT hands it to ISTIO_OUTPUT.' },
  },
  {
    n: 7, edges: ['iout-post'], nodes: ['ISTIO_OUTPUT', 'POSTROUTING'], badge: [452, 352],
    text: {
      'bookinfo-1.6': {
        zh: 'ISTIO_OUTPUT 第 4 条按套接字属主 uid 1337 匹配：RETURN，包原样进入 POSTROUTING。',
        en: 'ISTIO_OUTPUT rule 4 matches the socket owner, uid 1337: RETURN, and the packet goes on to POSTROUTING unchanged.',
      },
      'bookinfo-current': {
        zh: 'ISTIO_OUTPUT 第 1 条匹配源地址 127.0.0.6、出口 lo：RETURN，包原样进入 POSTROUTING。',
        en: 'ISTIO_OUTPUT rule 1 matches source 127.0.0.6 leaving on lo: RETURN, and the packet goes on to POSTROUTING unchanged.',
      },
    },
  },
  {
    n: 8, edges: ['post-app'], nodes: ['POSTROUTING', 'lo', 'app'], badge: [617, 405],
    text: { zh: '连接经 lo 送达在 9080 上监听的 reviews 应用。', en: 'Over lo, the connection reaches the reviews app listening on 9080.' },
  },
  {
    n: 9, edges: ['app-out'], nodes: ['app', 'OUTPUT'], badge: [560, 352],
    text: {
      zh: 'reviews 应用调用 ratings（ratings:9080，ClusterIP 10.96.201.15），它的 SYN 进入 OUTPUT。',
      en: 'The reviews app calls ratings (ratings:9080, ClusterIP 10.96.201.15). Its SYN enters OUTPUT.',
    },
  },
  {
    n: 10, edges: ['out-iout'], nodes: ['OUTPUT', 'ISTIO_OUTPUT'], badge: [452, 282],
    text: { zh: 'OUTPUT 又一次把包交给 ISTIO_OUTPUT。', en: 'OUTPUT hands the packet to ISTIO_OUTPUT again.' },
  },
  {
    n: 11, edges: ['iout-ired'], nodes: ['ISTIO_OUTPUT', 'ISTIO_REDIRECT'], badge: [617, 282],
    text: {
      zh: '不是走 lo，也不属于 uid 1337：跳到 ISTIO_REDIRECT。',
      en: 'It does not leave on lo and its socket is not owned by uid 1337, so it jumps to ISTIO_REDIRECT.',
    },
  },
  {
    n: 12, edges: ['ired-envoy'], nodes: ['ISTIO_REDIRECT', 'envoy'], badge: [722, 262],
    text: { zh: 'REDIRECT 到 15001：Envoy 的出站监听端口接下这个连接。', en: "REDIRECT to 15001: Envoy's outbound listener accepts the connection." },
  },
  {
    n: 13, edges: ['envoy-out'], nodes: ['envoy', 'OUTPUT'], badge: [500, 203],
    text: {
      zh: 'Envoy 选定一个 ratings 端点（10.244.2.21:9080），自己发起连接，SYN 进入 OUTPUT。',
      en: 'Envoy picks a ratings endpoint (10.244.2.21:9080) and connects to it itself. Its SYN enters OUTPUT.',
    },
  },
  {
    n: 14, edges: ['out-iout'], nodes: ['OUTPUT', 'ISTIO_OUTPUT'], badge: [452, 282],
    text: { zh: 'OUTPUT 第三次把包交给 ISTIO_OUTPUT。', en: 'OUTPUT hands the packet to ISTIO_OUTPUT a third time.' },
  },
  {
    n: 15, edges: ['iout-post'], nodes: ['ISTIO_OUTPUT', 'POSTROUTING'], badge: [452, 352],
    text: {
      zh: '这次套接字属于 uid 1337：RETURN。（原文的图在这里画成跳到 ISTIO_REDIRECT，那样会形成死循环。）',
      en: "This time the socket belongs to uid 1337: RETURN. (The often-copied diagram sends it to ISTIO_REDIRECT here; that would loop.)",
    },
  },
  {
    n: 16, edges: ['post-eth0'], nodes: ['POSTROUTING', 'eth0'], badge: [270, 405],
    text: {
      zh: 'POSTROUTING 不做修改。不会循环：nat 只看连接的第一个包，回包由 conntrack 还原地址。',
      en: 'POSTROUTING changes nothing. Nothing loops: nat only sees a connection\'s first packet, and conntrack reverses the NAT on the replies.',
    },
  },
  {
    n: 17, edges: ['eth0-ratings'], nodes: ['eth0', 'ratings'], badge: [186, 330],
    text: { zh: '包从 eth0 离开 Pod，发往 ratings。', en: 'The packet leaves the pod on eth0, towards ratings.' },
  },
];
