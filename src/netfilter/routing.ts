// Policy routing of one namespace: `ip rule` entries, route tables (local, main,
// numbered ones such as TPROXY's 133) and the lookup the kernel does for locally
// generated packets (output) and for arriving ones (input).

import { inPrefix, ipText } from './addr.ts';

export type RouteType = 'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable';

export interface Route {
  type: RouteType;
  dst: number;
  prefix: number;
  dev?: string;
  via?: number;
  src?: number;
  proto?: 'kernel' | 'boot' | 'static';
  scope?: 'host' | 'link' | 'global';
  table: number;
}

export interface RoutingRule {
  pref: number;
  table: number;
  fwmark?: number;
  fwmask?: number;
}

export const RT_TABLE_LOCAL = 255;
export const RT_TABLE_MAIN = 254;
export const RT_TABLE_DEFAULT = 253;

export function tableName(t: number): string {
  return t === RT_TABLE_LOCAL ? 'local' : t === RT_TABLE_MAIN ? 'main' : t === RT_TABLE_DEFAULT ? 'default' : String(t);
}

export function defaultRules(): RoutingRule[] {
  return [
    { pref: 0, table: RT_TABLE_LOCAL },
    { pref: 32766, table: RT_TABLE_MAIN },
    { pref: 32767, table: RT_TABLE_DEFAULT },
  ];
}

export interface RouteResult {
  route: Route;
  table: number;
}

/** fib_lookup: rules by preference, first table with a matching route wins (longest prefix). */
export function fibLookup(routes: readonly Route[], rules: readonly RoutingRule[], dst: number, mark: number): RouteResult | null {
  let sorted = true;
  for (let i = 1; i < rules.length; i++) if (rules[i - 1].pref > rules[i].pref) sorted = false;
  for (const rule of sorted ? rules : [...rules].sort((a, b) => a.pref - b.pref)) {
    if (rule.fwmark !== undefined && ((mark & (rule.fwmask ?? 0xffffffff)) >>> 0) !== rule.fwmark) continue;
    let best: Route | null = null;
    for (const r of routes) {
      if (r.table !== rule.table) continue;
      if (!inPrefix(dst, r.dst, r.prefix)) continue;
      if (!best || r.prefix > best.prefix) best = r;
    }
    if (best) return { route: best, table: rule.table };
  }
  return null;
}

export function routeText(r: Route): string {
  const dst = r.prefix === 0 && r.dst === 0 ? 'default' : r.prefix === 32 ? ipText(r.dst) : `${ipText(r.dst)}/${r.prefix}`;
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(dst);
  if (r.via !== undefined) parts.push('via', ipText(r.via));
  if (r.dev) parts.push('dev', r.dev);
  if (r.table !== RT_TABLE_MAIN && r.table !== RT_TABLE_LOCAL) parts.push('table', tableName(r.table));
  else if (r.table === RT_TABLE_LOCAL) parts.push('table', 'local');
  if (r.proto) parts.push('proto', r.proto);
  if (r.scope && r.scope !== 'global') parts.push('scope', r.scope);
  if (r.src !== undefined) parts.push('src', ipText(r.src));
  return parts.join(' ');
}
