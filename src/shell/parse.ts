// A small POSIX-like parser: quotes, escapes, `;` `&&` `||` `|` `!`, redirections,
// `$VAR`/`${VAR}`/`$?` (expanded later, at run time, so `false; echo $?` sees the new status)
// and `#` comments. Anything it does not understand is a syntax error with bash's wording.

export type Part =
  | { kind: 'lit'; text: string }
  | { kind: 'var'; name: string; quoted: boolean };

export interface Word {
  parts: Part[];
  /** True when any part was quoted: `""` is an (empty) argument, unquoted `$EMPTY` is none. */
  quoted: boolean;
  /** Start offset in the source line (for completion). */
  start: number;
}

export type RedirOp = '>' | '>>' | '<' | '>&' | '&>' | '&>>' | '<<';

export interface Redir {
  fd: number;
  op: RedirOp;
  /** A file (for > >> < &>) or a word naming an fd (for >&). */
  target: Word;
}

export interface Assign {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  assigns: Assign[];
  words: Word[];
  redirs: Redir[];
}

export interface Pipeline {
  bang: boolean;
  commands: SimpleCommand[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface Script {
  lists: AndOr[];
  /** bash's warnings that do not stop the script (a here-document ended by end of input). */
  warnings: string[];
  /** A here-document had no terminator line: interactive bash would keep reading. */
  unterminated: boolean;
  /** The delimiters of the here-documents still open at the end of the input. */
  wanted: string[];
}

interface LexState {
  warnings: string[];
  unterminated: boolean;
  wanted: string[];
}

export class ShellSyntaxError extends Error {
  /** True when more input could complete the line (open quote, trailing `|`, here-document). */
  incomplete: boolean;
  constructor(message: string, incomplete = false) {
    super(message);
    this.incomplete = incomplete;
  }
}

interface PendingHeredoc {
  delim: string;
  quoted: boolean;
  stripTabs: boolean;
  token: { type: 'redir'; fd: number; op: RedirOp; start: number; text: string; body?: Word };
}

type Token =
  | { type: 'word'; word: Word }
  | { type: 'op'; op: ';' | '&&' | '||' | '|' | '&' | '!' | '\n'; start: number }
  | { type: 'redir'; fd: number; op: RedirOp; start: number; text: string; body?: Word };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const PLAIN = /[^ \t\r\n;&|<>'"\\$`]+/y;
const SPECIAL_VARS = new Set(['?', '$', '#', '0', '!', '@', '*', '-']);

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

function isMeta(c: string): boolean {
  return c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === '\n' || isBlank(c);
}

/** Reads `$...` at src[i] (src[i] === '$'). Returns the part and the index after it. */
function readDollar(src: string, i: number, quoted: boolean): [Part, number] {
  const next = src[i + 1];
  if (next === undefined) return [{ kind: 'lit', text: '$' }, i + 1];
  if (SPECIAL_VARS.has(next) || (next >= '1' && next <= '9')) {
    return [{ kind: 'var', name: next, quoted }, i + 2];
  }
  if (next === '{') {
    const close = src.indexOf('}', i + 2);
    if (close < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `}'");
    const name = src.slice(i + 2, close);
    if (!NAME.test(name) || NAME.exec(name)![0] !== name) {
      if (!(name.length === 1 && SPECIAL_VARS.has(name))) {
        throw new ShellSyntaxError(`\${${name}}: bad substitution`);
      }
    }
    return [{ kind: 'var', name, quoted }, close + 1];
  }
  if (next === '(') {
    throw new ShellSyntaxError('command substitution $(...) is not supported in this simulator');
  }
  const m = NAME.exec(src.slice(i + 1, i + 65));
  if (m) return [{ kind: 'var', name: m[0], quoted }, i + 1 + m[0].length];
  return [{ kind: 'lit', text: '$' }, i + 1];
}

/** Reads the bodies of pending here-documents from the line after `i` (just past a newline). */
function readHeredocs(src: string, i: number, pending: PendingHeredoc[], st: LexState): number {
  for (const h of pending) {
    const lines: string[] = [];
    let found = false;
    while (i < src.length) {
      const nl = src.indexOf('\n', i);
      const raw = src.slice(i, nl < 0 ? src.length : nl);
      i = nl < 0 ? src.length : nl + 1;
      const line = h.stripTabs ? raw.replace(/^\t+/, '') : raw;
      if (line === h.delim) {
        found = true;
        break;
      }
      lines.push(line);
    }
    if (!found) {
      st.warnings.push(`warning: here-document at line 1 delimited by end-of-file (wanted \`${h.delim}')`);
      st.unterminated = true;
      st.wanted.push(h.delim);
    }
    const body = lines.length ? lines.join('\n') + '\n' : '';
    h.token.body = h.quoted ? { parts: [{ kind: 'lit', text: body }], quoted: true, start: h.token.start } : heredocWord(body, h.token.start);
  }
  pending.length = 0;
  return i;
}

/** An unquoted here-document expands $VAR and honours \\ \\$ \\` and \\newline. */
function heredocWord(body: string, start: number): Word {
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length && '$`\\\n'.includes(body[i + 1])) {
      if (body[i + 1] !== '\n') lit += body[i + 1];
      i += 2;
      continue;
    }
    if (c === '$') {
      const [part, next] = readDollar(body, i, true);
      if (part.kind === 'lit') lit += part.text;
      else {
        if (lit) parts.push({ kind: 'lit', text: lit });
        lit = '';
        parts.push(part);
      }
      i = next;
      continue;
    }
    lit += c;
    i++;
  }
  if (lit) parts.push({ kind: 'lit', text: lit });
  return { parts, quoted: true, start };
}

function tokenize(src: string, st: LexState): Token[] {
  const tokens: Token[] = [];
  const pending: PendingHeredoc[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === '\n') {
      tokens.push({ type: 'op', op: '\n', start: i });
      i++;
      if (pending.length) i = readHeredocs(src, i, pending, st);
      continue;
    }
    if (c === ';') {
      if (src[i + 1] === ';') throw new ShellSyntaxError("syntax error near unexpected token `;;'");
      tokens.push({ type: 'op', op: ';', start: i });
      i++;
      continue;
    }
    if (c === '|') {
      if (src[i + 1] === '|') {
        tokens.push({ type: 'op', op: '||', start: i });
        i += 2;
      } else {
        tokens.push({ type: 'op', op: '|', start: i });
        i++;
      }
      continue;
    }
    if (c === '&') {
      if (src[i + 1] === '&') {
        tokens.push({ type: 'op', op: '&&', start: i });
        i += 2;
      } else if (src[i + 1] === '>') {
        const append = src[i + 2] === '>';
        tokens.push({ type: 'redir', fd: 1, op: append ? '&>>' : '&>', start: i, text: append ? '&>>' : '&>' });
        i += append ? 3 : 2;
      } else {
        tokens.push({ type: 'op', op: '&', start: i });
        i++;
      }
      continue;
    }
    if (c === '<' && src[i + 1] === '<') {
      i = readHeredocStart(src, i, 0, tokens, pending);
      continue;
    }
    if (c === '<' || c === '>') {
      i = readRedir(src, i, -1, tokens);
      continue;
    }
    if (c === '!' && (i + 1 >= n || isBlank(src[i + 1])) && startsCommand(tokens)) {
      tokens.push({ type: 'op', op: '!', start: i });
      i++;
      continue;
    }
    // An fd number directly before a redirection: `2>/dev/null`, `2>&1`.
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < n && src[j] >= '0' && src[j] <= '9') j++;
      if (src[j] === '<' && src[j + 1] === '<') {
        i = readHeredocStart(src, j, Number(src.slice(i, j)), tokens, pending);
        continue;
      }
      if (src[j] === '>' || src[j] === '<') {
        i = readRedir(src, j, Number(src.slice(i, j)), tokens);
        continue;
      }
    }
    i = readWord(src, i, tokens);
  }
  if (pending.length) readHeredocs(src, n, pending, st);
  return tokens;
}

/** `<<WORD`, `<<'WORD'`, `<<"WORD"`, `<<-WORD`: the body is read after the next newline. */
function readHeredocStart(src: string, i: number, fd: number, tokens: Token[], pending: PendingHeredoc[]): number {
  const start = i;
  i += 2;
  if (src[i] === '<') throw new ShellSyntaxError('here-strings (<<<) are not supported in this simulator');
  const stripTabs = src[i] === '-';
  if (stripTabs) i++;
  while (i < src.length && isBlank(src[i])) i++;
  const tmp: Token[] = [];
  if (i >= src.length || isMeta(src[i])) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
  const next = readWord(src, i, tmp);
  const w = tmp[0] as { type: 'word'; word: Word };
  const delim = src.slice(i, next).replace(/\\(.)/g, '$1').replace(/['"]/g, '');
  const token = { type: 'redir' as const, fd, op: '<<' as RedirOp, start, text: src.slice(start, next) };
  tokens.push(token);
  pending.push({ delim, quoted: w.word.quoted, stripTabs, token });
  return next;
}

function startsCommand(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return !last || (last.type === 'op' && last.op !== '!');
}

function readRedir(src: string, i: number, fd: number, tokens: Token[]): number {
  const start = i;
  let op: RedirOp;
  if (src[i] === '<') {
    op = '<';
    i++;
  } else if (src[i + 1] === '>') {
    op = '>>';
    i += 2;
  } else if (src[i + 1] === '&') {
    op = '>&';
    i += 2;
  } else if (src[i + 1] === '|') {
    op = '>';
    i += 2;
  } else {
    op = '>';
    i++;
  }
  tokens.push({ type: 'redir', fd: fd >= 0 ? fd : op === '<' ? 0 : 1, op, start, text: src.slice(start, i) });
  return i;
}

function readWord(src: string, i: number, tokens: Token[]): number {
  const start = i;
  const parts: Part[] = [];
  let lit = '';
  let quoted = false;
  const flush = () => {
    if (lit) parts.push({ kind: 'lit', text: lit });
    lit = '';
  };
  const n = src.length;
  while (i < n && !isMeta(src[i])) {
    // Plain runs are copied in one slice: a 1 MB paste must stay linear and fast.
    PLAIN.lastIndex = i;
    const run = PLAIN.exec(src);
    if (run) {
      lit += run[0];
      i += run[0].length;
      continue;
    }
    const c = src[i];
    if (c === '\\') {
      if (i + 1 >= n) {
        i++;
        continue;
      }
      if (src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      lit += src[i + 1];
      quoted = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''", true);
      lit += src.slice(i + 1, close);
      quoted = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= n) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'', true);
        const d = src[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(src[i + 1])) {
          if (src[i + 1] !== '\n') lit += src[i + 1];
          i += 2;
          continue;
        }
        if (d === '$') {
          const [part, next] = readDollar(src, i, true);
          if (part.kind === 'lit') lit += part.text;
          else {
            flush();
            parts.push(part);
          }
          i = next;
          continue;
        }
        if (d === '`') throw new ShellSyntaxError('command substitution `...` is not supported in this simulator');
        lit += d;
        i++;
      }
      continue;
    }
    if (c === '$') {
      const [part, next] = readDollar(src, i, false);
      if (part.kind === 'lit') lit += part.text;
      else {
        flush();
        parts.push(part);
      }
      i = next;
      continue;
    }
    if (c === '`') throw new ShellSyntaxError('command substitution `...` is not supported in this simulator');
    lit += c;
    i++;
  }
  flush();
  tokens.push({ type: 'word', word: { parts, quoted, start } });
  return i;
}

function tokenText(t: Token): string {
  if (t.type === 'word') return t.word.parts.map((p) => (p.kind === 'lit' ? p.text : '$' + p.name)).join('');
  if (t.type === 'redir') return t.text;
  return t.op === '\n' ? 'newline' : t.op;
}

function unexpected(t: Token | undefined): ShellSyntaxError {
  if (!t) return new ShellSyntaxError('syntax error: unexpected end of file', true);
  return new ShellSyntaxError(`syntax error near unexpected token \`${tokenText(t)}'`);
}

const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** Parses one input line (or several, separated by newlines). Throws ShellSyntaxError. */
export function parse(src: string): Script {
  const st: LexState = { warnings: [], unterminated: false, wanted: [] };
  const tokens = tokenize(src, st);
  let pos = 0;
  const peek = () => tokens[pos];

  const parseSimple = (): SimpleCommand | null => {
    const cmd: SimpleCommand = { assigns: [], words: [], redirs: [] };
    for (;;) {
      const t = peek();
      if (!t) break;
      if (t.type === 'word') {
        const first = t.word.parts[0];
        const m = cmd.words.length === 0 && first?.kind === 'lit' ? ASSIGN.exec(first.text) : null;
        if (m) {
          const rest: Part[] = [{ kind: 'lit', text: first.kind === 'lit' ? first.text.slice(m[0].length) : '' }, ...t.word.parts.slice(1)];
          cmd.assigns.push({ name: m[1], value: { parts: rest, quoted: true, start: t.word.start } });
        } else {
          cmd.words.push(t.word);
        }
        pos++;
        continue;
      }
      if (t.type === 'redir' && t.op === '<<') {
        pos++;
        cmd.redirs.push({ fd: t.fd, op: '<<', target: t.body ?? { parts: [], quoted: true, start: t.start } });
        continue;
      }
      if (t.type === 'redir') {
        pos++;
        const target = peek();
        if (!target || target.type !== 'word') {
          throw target ? unexpected(target) : new ShellSyntaxError("syntax error near unexpected token `newline'");
        }
        pos++;
        cmd.redirs.push({ fd: t.fd, op: t.op, target: target.word });
        continue;
      }
      break;
    }
    if (!cmd.words.length && !cmd.assigns.length && !cmd.redirs.length) return null;
    return cmd;
  };

  const parsePipeline = (): Pipeline | null => {
    let bang = false;
    while (peek()?.type === 'op' && (peek() as { op: string }).op === '!') {
      bang = !bang;
      pos++;
    }
    const first = parseSimple();
    if (!first) {
      if (bang) throw unexpected(peek());
      return null;
    }
    const commands = [first];
    for (;;) {
      const t = peek();
      if (t?.type === 'op' && t.op === '|') {
        pos++;
        skipNewlines();
        const next = parseSimple();
        if (!next) throw unexpected(peek());
        commands.push(next);
        continue;
      }
      break;
    }
    return { bang, commands };
  };

  const skipNewlines = () => {
    while (peek()?.type === 'op' && (peek() as { op: string }).op === '\n') pos++;
  };

  const lists: AndOr[] = [];
  for (;;) {
    skipNewlines();
    const t = peek();
    if (!t) break;
    const first = parsePipeline();
    if (!first) throw unexpected(peek());
    const list: AndOr = { first, rest: [] };
    for (;;) {
      const op = peek();
      if (op?.type === 'op' && (op.op === '&&' || op.op === '||')) {
        pos++;
        skipNewlines();
        const next = parsePipeline();
        if (!next) throw unexpected(peek());
        list.rest.push({ op: op.op, pipeline: next });
        continue;
      }
      break;
    }
    lists.push(list);
    const sep = peek();
    if (!sep) break;
    if (sep.type === 'op' && (sep.op === ';' || sep.op === '\n' || sep.op === '&')) {
      pos++;
      continue;
    }
    throw unexpected(sep);
  }
  return { lists, warnings: st.warnings, unterminated: st.unterminated, wanted: st.wanted };
}

/** True when bash would print a `> ` continuation prompt instead of running the input. */
export function isIncomplete(src: string): boolean {
  return continuation(src).incomplete;
}

/** Whether bash would read more input, and if that is only a here-document's body, the
 *  delimiter lines it waits for (a paste splitter then only re-parses at those lines). */
export function continuation(src: string): { incomplete: boolean; heredocs: string[] } {
  try {
    const script = parse(src);
    return { incomplete: script.unterminated, heredocs: script.wanted };
  } catch (e) {
    return { incomplete: e instanceof ShellSyntaxError && e.incomplete, heredocs: [] };
  }
}
