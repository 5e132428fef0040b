// The annotation playground's model: annotations -> injector check -> istio-iptables ->
// iptables-restore into the engine -> iptables-save, diffed against the same release's defaults.

import { runIptablesSave } from '../engine/save.ts';
import { ANNOTATION_KEYS, checkAnnotation, type AnnotationField } from './annotation-check.ts';
import { diffLines, type DiffLine } from './line-diff.ts';
import { loadIstioRules, STABLE_ENV } from './scenario.ts';

export interface PlaygroundInput {
  fields: Partial<Record<AnnotationField, string>>;
  version: '1.6' | 'current';
  dnsCapture: boolean;
}

export interface PlaygroundOutput {
  /** what the injector, istio-iptables or iptables-restore said; empty when all went well */
  errors: string[];
  /** iptables-save of the pod's tables ('' on error) */
  save: string;
  diff: DiffLine[];
}

/** kube-dns, the nameserver in every bookinfo pod's resolv.conf. */
const DNS_SERVERS = ['10.96.0.10'];

export const DEFAULT_INPUT: PlaygroundInput = { fields: {}, version: 'current', dnsCapture: false };

function saveFor(input: PlaygroundInput): { save: string; error: string | null } {
  const ann: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.fields) as Array<[AnnotationField, string | undefined]>) {
    if (v !== undefined && v.trim() !== '') ann[ANNOTATION_KEYS[k]] = v.trim();
  }
  const loaded = loadIstioRules(ann, { version: input.version, dnsCapture: input.dnsCapture, dnsServers: DNS_SERVERS });
  if (loaded.result.code !== 0) return { save: '', error: loaded.result.stderr };
  return { save: runIptablesSave(loaded.fw, [], STABLE_ENV).stdout, error: null };
}

export function runPlayground(input: PlaygroundInput): PlaygroundOutput {
  const errors: string[] = [];
  for (const [k, v] of Object.entries(input.fields) as Array<[AnnotationField, string | undefined]>) {
    if (v === undefined || v.trim() === '') continue;
    const e = checkAnnotation(k, v.trim());
    if (e) errors.push(e);
  }
  if (errors.length) return { errors, save: '', diff: [] };
  const now = saveFor(input);
  if (now.error) return { errors: [now.error], save: '', diff: [] };
  const base = saveFor({ fields: {}, version: input.version, dnsCapture: false });
  const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');
  return { errors: [], save: now.save, diff: diffLines(lines(base.save), lines(now.save)) };
}
