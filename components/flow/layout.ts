// Geometry of the flow diagram (SVG units, viewBox 0 0 800 470). Two pods on the
// left talk to the reviews pod, whose nat hooks and ISTIO_* chains fill the right.
import type { Lang } from '../../src/i18n/ui.ts';

export interface Box {
  id: string;
  x: number; y: number; w: number; h: number;
  label: string | Record<Lang, string>;
  sub?: string | Record<Lang, string>;
  sub2?: string | Record<Lang, string>;
  kind: 'hook' | 'chain' | 'proc' | 'iface';
}
export interface Edge { id: string; d: string; label?: string }

export const VIEWBOX = '0 0 800 470';

export const PODS: { id: string; x: number; y: number; w: number; h: number; label: Record<Lang, string> }[] = [
  { id: 'pod-pp', x: 8, y: 20, w: 160, h: 190, label: { zh: 'productpage Pod', en: 'productpage pod' } },
  { id: 'pod-ratings', x: 8, y: 270, w: 160, h: 130, label: { zh: 'ratings Pod', en: 'ratings pod' } },
  { id: 'pod-reviews', x: 200, y: 8, w: 592, h: 454, label: { zh: 'reviews Pod · 10.244.2.20', en: 'reviews pod · 10.244.2.20' } },
];

export const BOXES: Box[] = [
  { id: 'pp-envoy', x: 22, y: 58, w: 132, h: 50, kind: 'proc', label: 'envoy', sub: 'uid 1337' },
  { id: 'pp-app', x: 22, y: 140, w: 132, h: 50, kind: 'proc', label: 'productpage', sub: ':9080' },
  { id: 'ratings', x: 22, y: 318, w: 132, h: 60, kind: 'proc', label: 'ratings', sub: '10.244.2.21:9080' },
  { id: 'eth0', x: 215, y: 195, w: 56, h: 80, kind: 'iface', label: 'eth0' },
  { id: 'PREROUTING', x: 300, y: 60, w: 140, h: 40, kind: 'hook', label: 'PREROUTING' },
  { id: 'ISTIO_INBOUND', x: 465, y: 60, w: 140, h: 40, kind: 'chain', label: 'ISTIO_INBOUND' },
  { id: 'ISTIO_IN_REDIRECT', x: 630, y: 60, w: 150, h: 40, kind: 'chain', label: 'ISTIO_IN_REDIRECT' },
  { id: 'envoy', x: 630, y: 150, w: 150, h: 86, kind: 'proc', label: 'envoy', sub: 'uid 1337', sub2: { zh: '入 :15006 · 出 :15001', en: 'in :15006 · out :15001' } },
  { id: 'OUTPUT', x: 300, y: 290, w: 140, h: 40, kind: 'hook', label: 'OUTPUT' },
  { id: 'ISTIO_OUTPUT', x: 465, y: 290, w: 140, h: 40, kind: 'chain', label: 'ISTIO_OUTPUT' },
  { id: 'ISTIO_REDIRECT', x: 630, y: 290, w: 150, h: 40, kind: 'chain', label: 'ISTIO_REDIRECT' },
  { id: 'POSTROUTING', x: 300, y: 400, w: 140, h: 40, kind: 'hook', label: 'POSTROUTING' },
  { id: 'lo', x: 505, y: 405, w: 60, h: 30, kind: 'iface', label: 'lo' },
  { id: 'app', x: 630, y: 390, w: 150, h: 60, kind: 'proc', label: { zh: 'reviews 应用', en: 'reviews app' }, sub: ':9080 · uid 1000' },
];

export const EDGES: Edge[] = [
  { id: 'pp-eth0', d: 'M154 83 C 190 83, 185 215, 215 215' },
  { id: 'eth0-pre', d: 'M243 195 V80 H300' },
  { id: 'pre-inb', d: 'M440 80 H465' },
  { id: 'inb-inr', d: 'M605 80 H630' },
  { id: 'inr-envoy', d: 'M705 100 V150', label: 'REDIRECT :15006' },
  { id: 'envoy-out', d: 'M630 215 H370 V290' },
  { id: 'out-iout', d: 'M440 310 H465' },
  { id: 'iout-post', d: 'M520 330 V368 H400 V400' },
  { id: 'post-app', d: 'M440 420 H630' },
  { id: 'app-out', d: 'M660 390 V352 H335 V330' },
  { id: 'iout-ired', d: 'M605 310 H630' },
  { id: 'ired-envoy', d: 'M735 290 V236', label: 'REDIRECT :15001' },
  { id: 'post-eth0', d: 'M300 420 H243 V275' },
  { id: 'eth0-ratings', d: 'M215 255 C 185 255, 190 348, 154 348' },
];

// SVG ids (markers, title) must be unique within a page that holds several diagrams.
let diagrams = 0;
export function nextDiagramId(): number {
  return ++diagrams;
}
