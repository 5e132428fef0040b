import type { CommandContext, CommandResult } from '../types.ts';
import { getopt, has, lastValue } from './getopt.ts';
import type { InputChunk } from './input.ts';
import { gq, joinLines, lines } from './input.ts';

// head, tail, wc, sort, uniq, cat (less/more are cat: there is no pager in a web terminal).

function usageError(prog: string, message: string, code = 1): CommandResult {
  return { stdout: '', stderr: `${message}\nTry '${prog} --help' for more information.\n`, code };
}

/** head/tail open files themselves and word the failure differently from cat/wc. */
function openAll(ctx: CommandContext, prog: string, files: string[], style: 'cannot-open' | 'plain' | 'sort') {
  const chunks: InputChunk[] = [];
  let stderr = '';
  let failed = false;
  if (!files.length) files = ['-'];
  for (const f of files) {
    if (f === '-') {
      chunks.push({ name: 'standard input', text: ctx.stdin });
      continue;
    }
    const res = ctx.fs.read(ctx.fs.resolve(f));
    if ('error' in res) {
      const why = res.error === 'ENOENT' ? 'No such file or directory' : 'Is a directory';
      if (res.error === 'EISDIR' && style === 'cannot-open') stderr += `${prog}: error reading '${f}': ${why}\n`;
      else if (style === 'cannot-open') stderr += `${prog}: cannot open '${f}' for reading: ${why}\n`;
      else if (style === 'sort') stderr += `${prog}: cannot read: ${f}: ${why}\n`;
      else stderr += `${prog}: ${f}: ${why}\n`;
      failed = true;
      continue;
    }
    chunks.push({ name: f, text: res.text });
  }
  return { chunks, stderr, failed, multi: files.length > 1 };
}

function headTail(ctx: CommandContext, prog: 'head' | 'tail'): CommandResult {
  const r = getopt(prog, ctx.argv.slice(1), {
    short: prog === 'head' ? 'n:c:qv' : 'n:c:qvfF',
    long: { lines: { key: 'n', arg: true }, bytes: { key: 'c', arg: true }, quiet: { key: 'q', arg: false }, verbose: { key: 'v', arg: false }, follow: { key: 'f', arg: false } },
    digits: true,
  });
  if (!r.ok) return usageError(prog, r.message);
  const p = r.parsed;
  let spec = '10';
  let bytes = false;
  for (const o of p.opts) {
    if (o.key === 'n' || o.key === '#') {
      spec = o.value!;
      bytes = false;
    } else if (o.key === 'c') {
      spec = o.value!;
      bytes = true;
    }
  }
  const m = /^([+-]?)(\d+)$/.exec(spec);
  if (!m) return { stdout: '', stderr: `${prog}: invalid number of ${bytes ? 'bytes' : 'lines'}: ${gq(spec)}\n`, code: 1 };
  const n = Number(m[2]);
  const files = openAll(ctx, prog, p.operands, 'cannot-open');
  const showHeaders = has(p, 'v') || (files.multi && !has(p, 'q'));
  let out = '';
  files.chunks.forEach((c, idx) => {
    if (showHeaders) out += `${idx ? '\n' : ''}==> ${c.name} <==\n`;
    if (bytes) {
      // Byte counts on UTF-8, as coreutils counts them.
      const b = new TextEncoder().encode(c.text);
      let part: Uint8Array;
      if (prog === 'head') part = m[1] === '-' ? b.slice(0, Math.max(0, b.length - n)) : b.slice(0, n);
      else part = m[1] === '+' ? b.slice(Math.max(0, n - 1)) : n === 0 ? b.slice(b.length) : b.slice(-n);
      out += new TextDecoder().decode(part);
      return;
    }
    const ls = lines(c.text);
    let pick: string[];
    if (prog === 'head') pick = m[1] === '-' ? ls.slice(0, Math.max(0, ls.length - n)) : ls.slice(0, n);
    else pick = m[1] === '+' ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n);
    out += joinLines(pick);
  });
  return { stdout: out, stderr: files.stderr, code: files.failed ? 1 : 0 };
}

export const head = (ctx: CommandContext) => headTail(ctx, 'head');
export const tail = (ctx: CommandContext) => headTail(ctx, 'tail');

export function wc(ctx: CommandContext): CommandResult {
  const r = getopt('wc', ctx.argv.slice(1), {
    short: 'lwcm',
    long: { lines: { key: 'l', arg: false }, words: { key: 'w', arg: false }, bytes: { key: 'c', arg: false }, chars: { key: 'm', arg: false } },
  });
  if (!r.ok) return usageError('wc', r.message);
  const p = r.parsed;
  let want = { l: has(p, 'l'), w: has(p, 'w'), m: has(p, 'm'), c: has(p, 'c') };
  if (!want.l && !want.w && !want.m && !want.c) want = { l: true, w: true, m: false, c: true };
  const files = openAll(ctx, 'wc', p.operands, 'plain');
  const enc = new TextEncoder();
  const rows = files.chunks.map((c) => ({
    name: p.operands.length ? c.name : '',
    l: (c.text.match(/\n/g) ?? []).length,
    w: (c.text.match(/\S+/g) ?? []).length,
    m: [...c.text].length,
    c: enc.encode(c.text).length,
  }));
  if (rows.length > 1) {
    rows.push(rows.reduce((t, x) => ({ name: 'total', l: t.l + x.l, w: t.w + x.w, m: t.m + x.m, c: t.c + x.c }), { name: 'total', l: 0, w: 0, m: 0, c: 0 }));
  }
  const keys = (['l', 'w', 'm', 'c'] as const).filter((k) => want[k]);
  // GNU sizes columns from the input's byte count, and uses 7 for stdin when several columns show.
  const fromStdin = !p.operands.length || p.operands.includes('-');
  let width = 1;
  if (fromStdin) width = keys.length > 1 ? 7 : 1;
  else if (keys.length > 1 || rows.length > 1) width = String(rows.reduce((s, x) => (x.name === 'total' ? s : s + x.c), 0)).length;
  const out = rows
    .map((row) => {
      const nums = keys.map((k) => String(row[k]).padStart(width)).join(' ');
      return row.name ? `${nums} ${row.name}` : nums;
    })
    .join('\n');
  return { stdout: rows.length ? out + '\n' : '', stderr: files.stderr, code: files.failed ? 1 : 0 };
}

/** Leading numeric value the way `sort -n` reads it (no number sorts as 0). */
function numericKey(s: string): number {
  const m = /^\s*(-?\d*\.?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

function field(line: string, k: number): string {
  if (k <= 1) return line;
  // POSIX sort: a field is its leading blanks plus the following non-blanks.
  const parts = line.match(/\s*\S+/g) ?? [];
  return parts.slice(k - 1).join('');
}

function cmpBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sort(ctx: CommandContext): CommandResult {
  const r = getopt('sort', ctx.argv.slice(1), {
    short: 'nruk:fb',
    long: {
      'numeric-sort': { key: 'n', arg: false },
      reverse: { key: 'r', arg: false },
      unique: { key: 'u', arg: false },
      key: { key: 'k', arg: true },
      'ignore-case': { key: 'f', arg: false },
    },
  });
  if (!r.ok) return usageError('sort', r.message, 2);
  const p = r.parsed;
  const keySpec = lastValue(p, 'k');
  let k = 1;
  if (keySpec !== undefined) {
    const m = /^(\d+)/.exec(keySpec);
    if (!m || Number(m[1]) === 0) {
      const why = m ? 'field number is zero' : 'invalid count at start of';
      return { stdout: '', stderr: `sort: invalid number at field start: ${why} ${gq(keySpec)}\n`, code: 2 };
    }
    k = Number(m[1]);
  }
  const files = openAll(ctx, 'sort', p.operands, 'sort');
  if (files.failed) return { stdout: '', stderr: files.stderr, code: 2 };
  const numeric = has(p, 'n');
  const fold = has(p, 'f');
  const keyOf = (l: string) => {
    const f = field(l, k);
    return fold ? f.toUpperCase() : f;
  };
  const compare = (a: string, b: string) => {
    const c = numeric ? numericKey(keyOf(a)) - numericKey(keyOf(b)) : cmpBytes(keyOf(a), keyOf(b));
    return c;
  };
  const all = files.chunks.flatMap((c) => lines(c.text));
  // Last-resort comparison of whole lines, as GNU sort does when keys tie (not with -u).
  let sorted = all.slice().sort((a, b) => compare(a, b) || (has(p, 'u') ? 0 : cmpBytes(a, b)));
  if (has(p, 'r')) sorted.reverse();
  if (has(p, 'u')) sorted = sorted.filter((l, i) => i === 0 || compare(sorted[i - 1], l) !== 0);
  return { stdout: joinLines(sorted), stderr: '', code: 0 };
}

export function uniq(ctx: CommandContext): CommandResult {
  const r = getopt('uniq', ctx.argv.slice(1), {
    short: 'cdui',
    long: {
      count: { key: 'c', arg: false },
      repeated: { key: 'd', arg: false },
      unique: { key: 'u', arg: false },
      'ignore-case': { key: 'i', arg: false },
    },
  });
  if (!r.ok) return usageError('uniq', r.message);
  const p = r.parsed;
  if (p.operands.length > 2) return usageError('uniq', `uniq: extra operand ${gq(p.operands[2])}`);
  const files = openAll(ctx, 'uniq', p.operands.slice(0, 1), 'plain');
  if (files.failed) return { stdout: '', stderr: files.stderr, code: 1 };
  const eq = has(p, 'i') ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  const groups: { line: string; n: number }[] = [];
  for (const l of lines(files.chunks[0]?.text ?? '')) {
    const g = groups[groups.length - 1];
    if (g && eq(g.line, l)) g.n++;
    else groups.push({ line: l, n: 1 });
  }
  const keep = groups.filter((g) => (has(p, 'd') ? g.n > 1 : true) && (has(p, 'u') ? g.n === 1 : true));
  const out = keep.map((g) => (has(p, 'c') ? `${String(g.n).padStart(7)} ${g.line}` : g.line));
  return { stdout: joinLines(out), stderr: '', code: 0 };
}

export function cat(ctx: CommandContext): CommandResult {
  const prog = ctx.argv[0].split('/').pop()!;
  const isPager = prog === 'less' || prog === 'more';
  const r = getopt(prog, ctx.argv.slice(1), {
    short: isPager ? 'NRSXFr' : 'nAEs',
    long: { number: { key: 'n', arg: false }, 'show-all': { key: 'A', arg: false }, 'LINE-NUMBERS': { key: 'N', arg: false } },
  });
  if (!r.ok) return usageError(prog, r.message);
  const p = r.parsed;
  if (isPager && !p.operands.length && !ctx.stdin) {
    return { stdout: '', stderr: 'Missing filename ("less --help" for help)\n', code: 1 };
  }
  const files = openAll(ctx, prog, p.operands, 'plain');
  let text = files.chunks.map((c) => c.text).join('');
  if (has(p, 'A') || has(p, 'E')) text = text.replace(/\n/g, '$\n');
  if (has(p, 'n') || has(p, 'N')) {
    const ls = lines(text);
    text = joinLines(ls.map((l, i) => `${String(i + 1).padStart(6)}\t${l}`));
  }
  return { stdout: text, stderr: files.stderr, code: files.failed ? 1 : 0 };
}
