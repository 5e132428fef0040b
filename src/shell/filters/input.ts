import type { CommandContext } from '../types.ts';

export interface InputChunk {
  /** File name as typed, or '(standard input)'. */
  name: string;
  text: string;
}

/** Reads the files named on the command line (or stdin when none or `-`), the way
 *  coreutils do: a missing file is reported as `prog: NAME: No such file or directory`
 *  and the rest still run. */
export function readInputs(
  ctx: CommandContext,
  prog: string,
  files: string[],
): { chunks: InputChunk[]; stderr: string; failed: boolean } {
  if (!files.length) return { chunks: [{ name: '(standard input)', text: ctx.stdin }], stderr: '', failed: false };
  const chunks: InputChunk[] = [];
  let stderr = '';
  let failed = false;
  for (const f of files) {
    if (f === '-') {
      chunks.push({ name: '(standard input)', text: ctx.stdin });
      continue;
    }
    const res = ctx.fs.read(ctx.fs.resolve(f));
    if ('error' in res) {
      stderr += `${prog}: ${f}: ${res.error === 'ENOENT' ? 'No such file or directory' : 'Is a directory'}\n`;
      failed = true;
      continue;
    }
    chunks.push({ name: f, text: res.text });
  }
  return { chunks, stderr, failed };
}

/** Splits text into lines without the trailing empty piece a final newline leaves. */
export function lines(text: string): string[] {
  if (!text) return [];
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

export function joinLines(ls: string[]): string {
  return ls.length ? ls.join('\n') + '\n' : '';
}

/** GNU coreutils quote style in messages: ‘x’. */
export function gq(s: string): string {
  return `‘${s}’`;
}
