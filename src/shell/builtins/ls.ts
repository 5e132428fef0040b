import { getopt, has } from '../filters/getopt.ts';
import type { CommandContext, CommandResult } from '../types.ts';

// GNU ls for the few directories the simulated node has: names, -1, -a, -l (a fixed
// date, root-owned, real sizes for files).

const DATE = 'Nov 25 09:00';

export function ls(ctx: CommandContext): CommandResult {
  const r = getopt('ls', ctx.argv.slice(1), { short: 'laA1hdF', long: { all: { key: 'a', arg: false } } });
  if (!r.ok) return { stdout: '', stderr: `${r.message}\nTry 'ls --help' for more information.\n`, code: 2 };
  const p = r.parsed;
  const long = has(p, 'l');
  // Like GNU ls: columns on a terminal, one name per line into a pipe or file.
  const oneLine = long || has(p, '1') || !ctx.tty;
  const all = has(p, 'a');
  const targets = p.operands.length ? p.operands : ['.'];
  let stdout = '';
  let stderr = '';
  let code = 0;
  const entry = (path: string, name: string): string => {
    if (!long) return name;
    const isDir = ctx.fs.isDir(path);
    const res = ctx.fs.read(path);
    const size = isDir ? 4096 : 'text' in res ? new TextEncoder().encode(res.text).length : 0;
    return `${isDir ? 'drwxr-xr-x 2' : '-rw-r--r-- 1'} root root ${String(size).padStart(5)} ${DATE} ${name}`;
  };
  const files = targets.filter((t) => !ctx.fs.isDir(ctx.fs.resolve(t)));
  const dirs = targets.filter((t) => ctx.fs.isDir(ctx.fs.resolve(t)));
  const shown: string[] = [];
  for (const f of files) {
    const path = ctx.fs.resolve(f);
    if ('error' in ctx.fs.read(path)) {
      stderr += `ls: cannot access '${f}': No such file or directory\n`;
      code = 2;
      continue;
    }
    shown.push(entry(path, f));
  }
  if (shown.length) stdout += shown.join(oneLine ? '\n' : '  ') + '\n';
  dirs.forEach((d, i) => {
    const path = ctx.fs.resolve(d);
    let names = ctx.fs.list(path);
    if (all) names = ['.', '..', ...names];
    if (targets.length > 1) stdout += `${i || shown.length ? '\n' : ''}${d}:\n`;
    if (long) stdout += `total ${names.length * 4}\n`;
    const lines = names.map((n) => entry(n === '.' ? path : n === '..' ? path : (path === '/' ? '' : path) + '/' + n, n));
    if (lines.length) stdout += lines.join(oneLine ? '\n' : '  ') + '\n';
  });
  return { stdout, stderr, code };
}
