// Executes one capture command line (see case-shell.ts) against a backend that runs a
// single program. The same function drives the engine; the real kernel side runs the
// line through bash itself, so both sides see identical command text.

import { parseLine, printfFormat } from './case-shell.ts';

export interface CommandResult { stdout: string; stderr: string; code: number }

/** Runs one program: argv[0] is iptables, iptables-save or iptables-restore. */
export type ProgramRunner = (argv: string[], stdin: string) => CommandResult;

export class Unsupported extends Error {}

export interface LineEnv {
  run: ProgramRunner;
  /** contents of a file named in `< file`, or null if it does not exist */
  readFile(path: string): string | null;
}

export function runLine(line: string, env: LineEnv): CommandResult {
  let seq;
  try { seq = parseLine(line); } catch (e) { throw new Unsupported(String((e as Error).message)); }
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (const { op, pipeline } of seq.items) {
    if (op === '&&' && code !== 0) continue;
    if (op === '||' && code === 0) continue;
    let input = '';
    let last: CommandResult = { stdout: '', stderr: '', code: 0 };
    for (const stage of pipeline.stages) {
      const [prog, ...args] = stage.argv;
      if (stage.stdinFile !== undefined) {
        const text = env.readFile(stage.stdinFile);
        if (text === null) {
          last = { stdout: '', stderr: `bash: line 1: ${stage.stdinFile}: No such file or directory\n`, code: 1 };
          stderr += last.stderr;
          input = '';
          continue;
        }
        input = text;
      }
      if (prog === 'printf') {
        if (args.length === 0) throw new Unsupported('printf without format');
        last = { stdout: printfFormat(args[0], args.slice(1)), stderr: '', code: 0 };
      } else if (prog === 'head' && args.length === 2 && args[0] === '-n') {
        const n = Number(args[1]);
        const lines = input.split(/(?<=\n)/);
        last = { stdout: lines.slice(0, n).join(''), stderr: '', code: 0 };
      } else if (prog === 'iptables' || prog === 'iptables-save' || prog === 'iptables-restore') {
        last = env.run(stage.argv, input);
        stderr += last.stderr;
      } else if (prog === 'true' || prog === ':') {
        last = { stdout: '', stderr: '', code: 0 };
      } else {
        throw new Unsupported(`program ${prog}`);
      }
      input = last.stdout;
    }
    stdout += input;
    code = last.code;
  }
  return { stdout, stderr, code };
}
