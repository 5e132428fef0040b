// Just enough of bash to replay the command lines used in the capture files against the
// engine: words with '…', "…" and \ quoting; `;`, `&&`, `||`; pipes from `printf FMT` and
// into `head -n N`; `< file` redirects. Anything else is reported as unsupported, so a
// test can tell "engine wrong" from "harness cannot express this".

export interface Stage { argv: string[]; stdinFile?: string }
export interface Pipeline { stages: Stage[] }
export interface Sequence { items: { op: ';' | '&&' | '||'; pipeline: Pipeline }[] }

type Tok = { w: string } | { op: string };

export function tokenize(line: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (line.startsWith('&&', i) || line.startsWith('||', i)) { toks.push({ op: line.slice(i, i + 2) }); i += 2; continue; }
    if (c === ';' || c === '|' || c === '<') { toks.push({ op: c }); i++; continue; }
    if (c === '>' || c === '`' || c === '(' || c === ')' || c === '&') throw new Error(`unsupported shell syntax ${c}`);
    let w = '';
    let any = false;
    while (i < line.length && !' \t;|<>&'.includes(line[i])) {
      const ch = line[i];
      any = true;
      if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new Error('unterminated quote');
        w += line.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) { w += line[i + 1]; i += 2; continue; }
          if (line[i] === '$' || line[i] === '`') throw new Error('unsupported expansion');
          w += line[i++];
        }
        if (i >= line.length) throw new Error('unterminated quote');
        i++;
      } else if (ch === '\\') {
        if (i + 1 < line.length) w += line[i + 1];
        i += 2;
      } else if (ch === '$' || ch === '*' || ch === '?' || ch === '~' || ch === '{') {
        if (ch === '$' || ch === '~' || (ch === '{' && /\{.*[,.].*\}/.test(line.slice(i)))) throw new Error(`unsupported expansion ${ch}`);
        if (ch === '*' || ch === '?') throw new Error('unsupported glob');
        w += ch;
        i++;
      } else { w += ch; i++; }
    }
    if (any) toks.push({ w });
  }
  return toks;
}

export function parseLine(line: string): Sequence {
  const toks = tokenize(line);
  const items: Sequence['items'] = [];
  let op: ';' | '&&' | '||' = ';';
  let stages: Stage[] = [];
  let cur: Stage = { argv: [] };
  const endStage = () => {
    if (cur.argv.length === 0) throw new Error('empty command');
    stages.push(cur);
    cur = { argv: [] };
  };
  const endPipeline = (next: ';' | '&&' | '||') => {
    endStage();
    items.push({ op, pipeline: { stages } });
    stages = [];
    op = next;
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if ('w' in t) { cur.argv.push(t.w); continue; }
    if (t.op === '|') { endStage(); continue; }
    if (t.op === '<') {
      const f = toks[++k];
      if (!f || !('w' in f)) throw new Error('redirect without file');
      cur.stdinFile = f.w;
      continue;
    }
    if (t.op === ';' && k === toks.length - 1) break;
    endPipeline(t.op as ';' | '&&' | '||');
  }
  endPipeline(';');
  return { items };
}

/** bash's printf for a format with escapes only (what the captures use). */
export function printfFormat(fmt: string, args: string[]): string {
  let out = '';
  let a = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '\\' && i + 1 < fmt.length) {
      const n = fmt[++i];
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };
      if (n in map) out += map[n];
      else if (n >= '0' && n <= '7') {
        let o = n;
        while (o.length < 3 && fmt[i + 1] >= '0' && fmt[i + 1] <= '7') o += fmt[++i];
        out += String.fromCharCode(parseInt(o, 8));
      } else out += '\\' + n;
    } else if (c === '%' && i + 1 < fmt.length) {
      const n = fmt[++i];
      if (n === '%') out += '%';
      else if (n === 's') out += args[a++] ?? '';
      else if (n === 'd') out += String(Number(args[a++] ?? 0));
      else throw new Error(`unsupported printf %${n}`);
    } else out += c;
  }
  return out;
}
