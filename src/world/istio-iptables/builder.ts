// A port of the shape of Istio's IptablesRuleBuilder: rules are recorded per IP family
// in call order; the output groups them per table. Keeping Istio's call order (not a
// "sorted" order) is what makes the generated text equal Istio's own goldens.

export interface BuiltRule {
  table: string;
  chain: string;
  /** Full restore-line params, starting with -A/-I. */
  params: string[];
}

// Built-in chains and verdicts never get a `-N` (Istio's BuiltInChainsMap).
const BUILTIN_CHAINS = new Set([
  'INPUT', 'OUTPUT', 'FORWARD', 'PREROUTING', 'POSTROUTING', 'ACCEPT', 'DROP', 'RETURN', 'REJECT',
]);

/** Placeholder replaced by the IPv4 or IPv6 value in versioned rules. */
export const IP_VERSION_SPECIFIC = '#IP_VERSION_SPECIFIC#';

export class IstioRuleBuilder {
  readonly v4: BuiltRule[] = [];
  readonly v6: BuiltRule[] = [];
  /** Chains declared up front (historic rule sets created some chains before using them). */
  readonly declared: Array<{ table: string; chain: string }> = [];
  private readonly ipv6: boolean;

  constructor(enableIpv6: boolean) {
    this.ipv6 = enableIpv6;
  }

  declareChain(table: string, chain: string): void {
    this.declared.push({ table, chain });
  }

  appendV4(chain: string, table: string, ...params: string[]): void {
    this.v4.push({ table, chain, params: ['-A', chain, ...params] });
  }
  appendV6(chain: string, table: string, ...params: string[]): void {
    if (this.ipv6) this.v6.push({ table, chain, params: ['-A', chain, ...params] });
  }
  append(chain: string, table: string, ...params: string[]): void {
    this.appendV4(chain, table, ...params);
    this.appendV6(chain, table, ...params);
  }
  appendVersioned(v4: string, v6: string, chain: string, table: string, ...params: string[]): void {
    this.appendV4(chain, table, ...params.map((p) => (p === IP_VERSION_SPECIFIC ? v4 : p)));
    this.appendV6(chain, table, ...params.map((p) => (p === IP_VERSION_SPECIFIC ? v6 : p)));
  }
  insertV4(chain: string, table: string, position: number, ...params: string[]): void {
    this.v4.push({ table, chain, params: ['-I', chain, String(position), ...params] });
  }
  insertV6(chain: string, table: string, position: number, ...params: string[]): void {
    if (this.ipv6) this.v6.push({ table, chain, params: ['-I', chain, String(position), ...params] });
  }
  insert(chain: string, table: string, position: number, ...params: string[]): void {
    this.insertV4(chain, table, position, ...params);
    this.insertV6(chain, table, position, ...params);
  }

  buildV4Restore(): string {
    return buildRestore(this.v4, this.declared);
  }
  buildV6Restore(): string {
    return buildRestore(this.v6, this.declared);
  }
  buildV4Commands(): string[] {
    return buildCommands(this.v4);
  }
  buildV6Commands(): string[] {
    return buildCommands(this.v6);
  }
}

/** The per-command form: `-t TABLE -N CHAIN` for every new chain, then each rule. */
export function buildCommands(rules: BuiltRule[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of rules) {
    const key = `${r.chain}:${r.table}`;
    if (!seen.has(key) && !BUILTIN_CHAINS.has(r.chain)) {
      out.push(`-t ${r.table} -N ${r.chain}`);
      seen.add(key);
    }
  }
  for (const r of rules) out.push(['-t', r.table, ...r.params].join(' '));
  return out;
}

/**
 * The iptables-restore form Istio writes: tables in alphabetical order, `* table`
 * (with a space), `-N` for every chain that holds rules or is jumped to, then the rules.
 */
export function buildRestore(
  rules: BuiltRule[],
  declared: Array<{ table: string; chain: string }> = [],
): string {
  const tables = new Map<string, string[]>([
    ['filter', []],
    ['nat', []],
    ['mangle', []],
  ]);
  const lines = (t: string): string[] => {
    let l = tables.get(t);
    if (!l) {
      l = [];
      tables.set(t, l);
    }
    return l;
  };
  const seen = new Set<string>();
  const create = (table: string, chain: string): void => {
    const key = `${chain}:${table}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (!BUILTIN_CHAINS.has(chain)) lines(table).push(`-N ${chain}`);
  };
  for (const d of declared) if (rules.some((r) => r.table === d.table)) create(d.table, d.chain);
  for (const r of rules) create(r.table, r.chain);
  for (const r of rules) {
    const n = r.params.length;
    if (n >= 2 && r.params[n - 2] === '-j') create(r.table, r.params[n - 1]);
  }
  for (const r of rules) lines(r.table).push(r.params.join(' '));
  let out = '';
  for (const table of [...tables.keys()].sort()) {
    const body = tables.get(table)!;
    if (body.length === 0) continue;
    out += `* ${table}\n${body.join('\n')}\n`;
    out += 'COMMIT\n';
  }
  return out;
}

/**
 * Istio's restore text converted to the conventional file form (`*nat`, `:CHAIN - [0:0]`)
 * that `iptables-save` also uses, so the same text can be loaded and diffed.
 */
export function toRestoreFile(istioText: string): string {
  return istioText
    .split('\n')
    .map((l) => (l.startsWith('* ') ? `*${l.slice(2)}` : l.startsWith('-N ') ? `:${l.slice(3)} - [0:0]` : l))
    .join('\n');
}
