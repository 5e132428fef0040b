// nfsim's command loop (Node only): options, the session, and one dispatch function
// that a shell can later replace.

import fs from 'node:fs';
import readline from 'node:readline';
import { Firewall } from '../engine/model.ts';
import { runIptables, type CommandResult, type EngineEnv } from '../engine/iptables.ts';
import { runIptablesSave } from '../engine/save.ts';
import { runIptablesRestore } from '../engine/restore.ts';
import type { Flavor } from '../engine/errors.ts';
import { splitWords, SplitError } from './words.ts';

export interface Session {
  fw: Firewall;
  env: EngineEnv;
}

const USAGE = `usage: nfsim [--flavor nft|legacy] [--rules FILE] [-c COMMAND]...
  --flavor   iptables backend to imitate (default nft)
  --rules    load FILE as \`iptables-restore --counters FILE\` would
  -c         run one command line; repeat for more (in order, one session)
Without -c, command lines are read from standard input.
`;

/** the one place that knows which programs exist; a shell can swap this out */
export function dispatch(s: Session, line: string): CommandResult {
  let words: string[];
  try {
    words = splitWords(line);
  } catch (e) {
    return { stdout: '', stderr: `nfsim: ${e instanceof SplitError ? e.message : String(e)}\n`, code: 2 };
  }
  // "cmd < FILE" feeds FILE to the command
  let input = '';
  const lt = words.indexOf('<');
  if (lt >= 0) {
    const file = words[lt + 1];
    if (file === undefined) return { stdout: '', stderr: 'nfsim: syntax error near unexpected token `newline\'\n', code: 2 };
    try {
      input = fs.readFileSync(file, 'utf8');
    } catch {
      return { stdout: '', stderr: `nfsim: ${file}: No such file or directory\n`, code: 1 };
    }
    words.splice(lt, 2);
  }
  if (words.length === 0) return { stdout: '', stderr: '', code: 0 };
  const prog = words[0].slice(words[0].lastIndexOf('/') + 1);
  switch (prog) {
    case 'iptables':
    case 'iptables-nft':
    case 'iptables-legacy':
      return runIptables(s.fw, words, s.env);
    case 'iptables-save':
    case 'iptables-nft-save':
    case 'iptables-legacy-save':
      return runIptablesSave(s.fw, words, s.env);
    case 'iptables-restore':
    case 'iptables-nft-restore':
    case 'iptables-legacy-restore': {
      const file = words.slice(1).find((w, i, a) => !w.startsWith('-') && !['-T', '--table', '-M', '--modprobe', '-w', '-W'].includes(a[i - 1] ?? ''));
      if (file !== undefined && lt < 0) {
        try {
          input = fs.readFileSync(file, 'utf8');
        } catch {
          return { stdout: '', stderr: `${prog}: ${file}: No such file or directory\n`, code: 1 };
        }
      }
      return runIptablesRestore(s.fw, words, input, s.env);
    }
    default:
      return { stdout: '', stderr: `nfsim: ${prog}: command not found\n`, code: 127 };
  }
}

function write(r: CommandResult): void {
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
}

export async function main(argv: string[]): Promise<number> {
  let flavor: Flavor = 'nft';
  let rules: string | null = null;
  const commands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string | undefined => argv[++i];
    if (a === '--flavor' || a.startsWith('--flavor=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : next();
      if (v !== 'nft' && v !== 'legacy') {
        process.stderr.write(`nfsim: --flavor must be nft or legacy\n${USAGE}`);
        return 2;
      }
      flavor = v;
    } else if (a === '--rules' || a.startsWith('--rules=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : next();
      if (v === undefined) {
        process.stderr.write(`nfsim: --rules needs a file\n${USAGE}`);
        return 2;
      }
      rules = v;
    } else if (a === '-c') {
      const v = next();
      if (v === undefined) {
        process.stderr.write(`nfsim: -c needs a command line\n${USAGE}`);
        return 2;
      }
      commands.push(v);
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE);
      return 0;
    } else {
      process.stderr.write(`nfsim: unknown option ${a}\n${USAGE}`);
      return 2;
    }
  }
  const s: Session = { fw: new Firewall({ flavor }), env: { now: () => new Date() } };
  if (rules !== null) {
    let text: string;
    try {
      text = fs.readFileSync(rules, 'utf8');
    } catch {
      process.stderr.write(`nfsim: ${rules}: No such file or directory\n`);
      return 1;
    }
    const r = runIptablesRestore(s.fw, ['iptables-restore', '--counters'], text, s.env);
    write(r);
    if (r.code !== 0) return r.code;
  }
  if (commands.length > 0) {
    let code = 0;
    for (const c of commands) {
      const r = dispatch(s, c);
      write(r);
      code = r.code;
    }
    return code;
  }
  const tty = process.stdin.isTTY === true;
  const rl = readline.createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty });
  let code = 0;
  if (tty) rl.setPrompt('nfsim# ');
  if (tty) rl.prompt();
  for await (const line of rl) {
    if (line.trim() === 'exit') break;
    const r = dispatch(s, line);
    write(r);
    code = r.code;
    if (tty) rl.prompt();
  }
  return code;
}
