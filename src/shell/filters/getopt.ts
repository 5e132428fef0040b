// GNU getopt_long, enough for the coreutils/grep filters: bundled short flags (`-vin`),
// attached or separate arguments (`-n5`, `-n 5`), long options with `=`, option permutation
// (options after operands still count) and `--`.

export interface OptSpec {
  /** Short options; a trailing ':' means it takes an argument: 'vinc' + 'e:' ... */
  short: string;
  /** Long name -> the short letter (or a long-only key) and whether it takes an argument. */
  long?: Record<string, { key: string; arg: boolean }>;
  /** Digits as options (`head -5`) are collected into the key '#'. */
  digits?: boolean;
}

export interface Parsed {
  opts: { key: string; value?: string }[];
  operands: string[];
}

export type OptResult = { ok: true; parsed: Parsed } | { ok: false; message: string };

function takesArg(spec: OptSpec, c: string): boolean | null {
  const idx = spec.short.indexOf(c);
  if (idx < 0 || c === ':') return null;
  return spec.short[idx + 1] === ':';
}

export function getopt(prog: string, args: string[], spec: OptSpec): OptResult {
  const opts: Parsed['opts'] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const long = spec.long ?? {};
      const matches = Object.keys(long).filter((k) => k.startsWith(name));
      const exact = long[name] ? name : matches.length === 1 ? matches[0] : undefined;
      if (!exact) {
        if (matches.length > 1) return { ok: false, message: `${prog}: option '--${name}' is ambiguous` };
        return { ok: false, message: `${prog}: unrecognized option '${a}'` };
      }
      const def = long[exact];
      if (def.arg) {
        let value = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (value === undefined) return { ok: false, message: `${prog}: option '--${exact}' requires an argument` };
        opts.push({ key: def.key, value });
      } else {
        if (eq >= 0) return { ok: false, message: `${prog}: option '--${exact}' doesn't allow an argument` };
        opts.push({ key: def.key });
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (spec.digits && /^-\d+$/.test(a)) {
        opts.push({ key: '#', value: a.slice(1) });
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const arg = takesArg(spec, c);
        if (arg === null) return { ok: false, message: `${prog}: invalid option -- '${c}'` };
        if (arg) {
          let value = a.slice(j + 1);
          if (!value) {
            value = args[++i];
            if (value === undefined) return { ok: false, message: `${prog}: option requires an argument -- '${c}'` };
          }
          opts.push({ key: c, value });
          break;
        }
        opts.push({ key: c });
      }
      continue;
    }
    operands.push(a);
  }
  return { ok: true, parsed: { opts, operands } };
}

export function has(p: Parsed, key: string): boolean {
  return p.opts.some((o) => o.key === key);
}

export function lastValue(p: Parsed, key: string): string | undefined {
  let v: string | undefined;
  for (const o of p.opts) if (o.key === key) v = o.value;
  return v;
}
