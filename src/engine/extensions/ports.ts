// strtoul with an end pointer, as several NAT targets parse "port[-port]".

/** xtables_strtoui(s, &end, ...): a leading number and what follows it */
export function strtouiPrefix(s: string, min: number, max: number): { value: number; rest: string } | null {
  const m = /^[ \t\n\v\f\r]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return null;
  const body = m[1];
  let v: number;
  if (/^0[xX]/.test(body)) v = Number.parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith('0')) v = Number.parseInt(body, 8);
  else v = Number.parseInt(body, 10);
  if (v < min || v > max) return null;
  return { value: v, rest: s.slice(m[0].length) };
}
