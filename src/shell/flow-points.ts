// The 17 numbered flow points (docs/architecture.md) as the terminal's `step`/`goto` print
// them: one technical line each, in the packet's own terms. The page's diagram tells the
// same points in prose; both follow the store's flow point.
import type { FlowControl, FlowPoint } from './host.ts';

type Version = 'bookinfo-1.6' | 'bookinfo-current';

function lines(v: Version): string[] {
  const current = v === 'bookinfo-current';
  return [
    'Before the request: productpage is about to call reviews (type `step`).',
    "productpage's envoy (uid 1337) -> 10.244.2.20:9080: the SYN enters reviews' nat PREROUTING.",
    'nat PREROUTING: -p tcp -> jump to ISTIO_INBOUND.',
    `ISTIO_INBOUND: dport 9080 is not excluded (${current ? '15008, 15090, 15021, 15020' : '22, 15090, 15021, 15020'}) -> ISTIO_IN_REDIRECT.`,
    'ISTIO_IN_REDIRECT: REDIRECT --to-ports 15006 -> envoy inbound accepts the connection.',
    current
      ? 'envoy connects from 127.0.0.6 to 10.244.2.20:9080: its SYN enters nat OUTPUT.'
      : 'envoy connects to 127.0.0.1:9080: its SYN enters nat OUTPUT.',
    'nat OUTPUT: -p tcp -> jump to ISTIO_OUTPUT.',
    current
      ? 'ISTIO_OUTPUT rule 1: -s 127.0.0.6/32 -o lo -> RETURN, on to POSTROUTING.'
      : 'ISTIO_OUTPUT rule 4: -m owner --uid-owner 1337 -> RETURN, on to POSTROUTING.',
    'Delivered to the reviews app listening on 9080.',
    'The app (uid 1000) calls ratings:9080: its SYN enters nat OUTPUT.',
    'nat OUTPUT: -p tcp -> jump to ISTIO_OUTPUT.',
    'ISTIO_OUTPUT: not via lo, not uid/gid 1337, not to 127.0.0.1 -> ISTIO_REDIRECT.',
    'ISTIO_REDIRECT: REDIRECT --to-ports 15001 -> envoy outbound accepts the connection.',
    "envoy connects to ratings' pod IP 10.244.2.21:9080: its SYN enters nat OUTPUT.",
    'nat OUTPUT: -p tcp -> jump to ISTIO_OUTPUT.',
    'ISTIO_OUTPUT: -m owner --uid-owner 1337 -> RETURN (not ISTIO_REDIRECT: no loop).',
    'nat POSTROUTING: nat saw only this first packet; conntrack de-NATs the replies.',
    'Out of the pod through eth0, towards ratings.',
  ];
}

/** A flow cursor for a Bookinfo scenario (variants such as -dns/-tproxy follow `current`). */
export function createFlow(scenario: string): FlowControl | undefined {
  if (!scenario.startsWith('bookinfo')) return undefined;
  const text = lines(scenario === 'bookinfo-1.6' ? 'bookinfo-1.6' : 'bookinfo-current');
  let at = 0;
  return {
    current: () => at,
    last: () => text.length - 1,
    goto(n: number): FlowPoint {
      at = Math.max(0, Math.min(text.length - 1, Math.floor(n)));
      return { index: at, text: text[at] };
    },
  };
}
