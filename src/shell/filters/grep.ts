import type { CommandContext, CommandResult } from '../types.ts';
import { getopt, has } from './getopt.ts';
import { lines, readInputs } from './input.ts';
import { escapeLiteral, posixToJs, RegexError } from './regex.ts';

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

const LONG = {
  'extended-regexp': { key: 'E', arg: false },
  'fixed-strings': { key: 'F', arg: false },
  'basic-regexp': { key: 'G', arg: false },
  'ignore-case': { key: 'i', arg: false },
  'invert-match': { key: 'v', arg: false },
  'word-regexp': { key: 'w', arg: false },
  'line-regexp': { key: 'x', arg: false },
  count: { key: 'c', arg: false },
  'line-number': { key: 'n', arg: false },
  'only-matching': { key: 'o', arg: false },
  quiet: { key: 'q', arg: false },
  silent: { key: 'q', arg: false },
  'files-with-matches': { key: 'l', arg: false },
  'with-filename': { key: 'H', arg: false },
  'no-filename': { key: 'h', arg: false },
  regexp: { key: 'e', arg: true },
  'after-context': { key: 'A', arg: true },
  'before-context': { key: 'B', arg: true },
  context: { key: 'C', arg: true },
  'max-count': { key: 'm', arg: true },
  color: { key: 'color', arg: false },
  colour: { key: 'color', arg: false },
  help: { key: 'help', arg: false },
};

const HELP = `Usage: grep [OPTION]... PATTERNS [FILE]...
Search for PATTERNS in each FILE (or standard input).
  -E, --extended-regexp     PATTERNS are extended regular expressions
  -F, --fixed-strings       PATTERNS are strings
  -G, --basic-regexp        PATTERNS are basic regular expressions (default)
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -i, --ignore-case         ignore case distinctions
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines
  -v, --invert-match        select non-matching lines
  -m, --max-count=NUM       stop after NUM selected lines
  -c, --count               print only a count of selected lines per FILE
  -n, --line-number         print line number with output lines
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
  -l, --files-with-matches  print only names of FILEs with selected lines
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output
  -A, --after-context=NUM   print NUM lines of trailing context
  -B, --before-context=NUM  print NUM lines of leading context
  -C, --context=NUM         print NUM lines of output context
Exit status is 0 if any line is selected, 1 otherwise;
if any error occurs and -q is not given, the exit status is 2.
`;

function err(message: string): CommandResult {
  return { stdout: '', stderr: message, code: 2 };
}

export function grep(ctx: CommandContext): CommandResult {
  const r = getopt('grep', ctx.argv.slice(1), { short: 'EFGivwxcnoqlHhe:A:B:C:m:sZz', long: LONG, digits: true });
  if (!r.ok) return err(`${r.message}\n${USAGE}`);
  const p = r.parsed;
  if (has(p, 'help')) return { stdout: HELP, stderr: '', code: 0 };
  let mode: 'G' | 'E' | 'F' = 'G';
  let after = 0;
  let before = 0;
  let maxCount = Infinity;
  const patterns: string[] = [];
  for (const o of p.opts) {
    if (o.key === 'E' || o.key === 'F' || o.key === 'G') mode = o.key;
    else if (o.key === 'e') patterns.push(o.value!);
    else if (o.key === 'A' || o.key === 'B' || o.key === 'C' || o.key === '#') {
      if (!/^\d+$/.test(o.value!)) return err(`grep: ${o.value}: invalid context length argument\n`);
      const n = Number(o.value);
      if (o.key !== 'B') after = n;
      if (o.key !== 'A') before = n;
    } else if (o.key === 'm') {
      if (!/^-?\d+$/.test(o.value!)) return err(`grep: invalid max count\n`);
      maxCount = Number(o.value) < 0 ? Infinity : Number(o.value);
    }
  }
  const operands = [...p.operands];
  if (!patterns.length) {
    const pat = operands.shift();
    if (pat === undefined) return err(USAGE);
    patterns.push(pat);
  }
  const ignoreCase = has(p, 'i');
  const invert = has(p, 'v');
  const word = has(p, 'w');
  const whole = has(p, 'x');
  const count = has(p, 'c');
  const number = has(p, 'n');
  const only = has(p, 'o');
  const quiet = has(p, 'q');
  const listFiles = has(p, 'l');
  const suppressErrors = has(p, 's');

  let re: RegExp;
  let warning = '';
  try {
    const alts = patterns.flatMap((pat) => pat.split('\n')).map((pat) => {
      if (mode === 'F') return escapeLiteral(pat);
      if (mode === 'E' && /^\*/.test(pat)) warning = 'grep: warning: * at start of expression\n';
      return posixToJs(pat, mode === 'E');
    });
    let src = alts.map((a) => `(?:${a})`).join('|');
    if (whole) src = `^(?:${src})$`;
    else if (word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
    re = new RegExp(src, ignoreCase ? 'gi' : 'g');
  } catch (e) {
    return err(`grep: ${e instanceof RegexError ? e.message : 'Invalid regular expression'}\n`);
  }

  const input = readInputs(ctx, 'grep', operands);
  const showName = has(p, 'H') || (!has(p, 'h') && operands.length > 1);
  let out = '';
  let anySelected = false;
  for (const chunk of input.chunks) {
    const ls = lines(chunk.text);
    const prefix = (sep: string) => (showName ? chunk.name + sep : '');
    let selectedCount = 0;
    let lastPrinted = -1;
    let afterLeft = 0;
    let printedAny = false;
    for (let i = 0; i < ls.length; i++) {
      if (selectedCount >= maxCount) {
        // GNU prints the trailing context of the last match even after -m is reached.
        if (afterLeft > 0 && !count && !quiet && !listFiles) {
          out += prefix('-') + (number ? `${i + 1}-` : '') + ls[i] + '\n';
          lastPrinted = i;
          afterLeft--;
          continue;
        }
        break;
      }
      re.lastIndex = 0;
      const matched = re.test(ls[i]);
      const selected = matched !== invert;
      if (!selected) {
        if (afterLeft > 0 && !count && !quiet && !listFiles && !only) {
          out += prefix('-') + (number ? `${i + 1}-` : '') + ls[i] + '\n';
          lastPrinted = i;
          afterLeft--;
        }
        continue;
      }
      selectedCount++;
      anySelected = true;
      if (quiet) return { stdout: '', stderr: warning, code: 0 };
      if (count || listFiles) continue;
      if (only) {
        if (invert) continue;
        re.lastIndex = 0;
        for (const m of ls[i].matchAll(re)) {
          if (m[0]) out += prefix(':') + (number ? `${i + 1}:` : '') + m[0] + '\n';
        }
        continue;
      }
      const from = Math.max(lastPrinted + 1, i - before);
      if ((before || after) && printedAny && from > lastPrinted + 1) out += '--\n';
      for (let k = from; k < i; k++) out += prefix('-') + (number ? `${k + 1}-` : '') + ls[k] + '\n';
      out += prefix(':') + (number ? `${i + 1}:` : '') + ls[i] + '\n';
      printedAny = true;
      lastPrinted = i;
      afterLeft = after;
    }
    if (count) out += prefix(':') + selectedCount + '\n';
    if (listFiles && selectedCount) out += chunk.name + '\n';
  }
  const stderr = warning + (suppressErrors ? '' : input.stderr);
  const code = input.failed ? 2 : anySelected ? 0 : 1;
  return { stdout: quiet ? '' : out, stderr, code };
}
