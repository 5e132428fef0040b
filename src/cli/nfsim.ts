// nfsim: the guide's simulated node in a real terminal (Node only). It runs the very shell the
// browser runs (src/shell), on the `empty` node or on a scenario's world, and keeps each
// command's stdout and stderr apart so scripts and tests can read them as from real tools.

import fs from 'node:fs';
import readline from 'node:readline';
import type { Flavor } from '../engine/errors.ts';
import { createEngineHost } from '../shell/engine-host.ts';
import { createWorldHost } from '../shell/world-host.ts';
import type { ShellHost } from '../shell/host.ts';
import { createSession, type Session } from '../shell/session.ts';
import type { CommandResult } from '../shell/types.ts';
import { SCENARIOS } from '../world/world.ts';

const USAGE = `usage: nfsim [--scenario NAME] [--flavor nft|legacy] [--rules FILE] [-c COMMAND]...
  --scenario  the simulated node to start (default empty): ${SCENARIOS.join(', ')}
  --flavor    iptables backend that plain \`iptables\` imitates (default nft)
  --rules     load FILE as \`iptables-restore --counters FILE\` would
  -c          run one command line; repeat for more (in order, one session)
Without -c, command lines are read from standard input (a prompt only on a terminal).
`;

export interface NfsimOptions {
  scenario: string;
  flavor: Flavor;
}

function hostFor(opts: NfsimOptions): ShellHost<unknown> {
  if (opts.scenario === 'empty') return createEngineHost({ flavor: opts.flavor }) as ShellHost<unknown>;
  return createWorldHost(opts.scenario, { backend: opts.flavor }) as ShellHost<unknown>;
}

export function createNfsimSession(opts: NfsimOptions): Session<unknown> {
  return createSession<unknown>({ scenario: opts.scenario, makeHost: () => hostFor(opts) });
}

/** Heredoc text that feeds `text` to a command, with a delimiter the text does not contain. */
function heredoc(text: string): { open: string; body: string } {
  let tag = 'NFSIM_EOF';
  while (text.split('\n').includes(tag)) tag += '_';
  return { open: `<<'${tag}'`, body: `\n${text.endsWith('\n') ? text : text + '\n'}${tag}` };
}

/** The simulated node has its own files; a real file named on nfsim's command line
 *  (`iptables-restore < rules.txt`, `iptables-restore rules.txt`) is read from the real disk,
 *  as a user of a CLI expects, and handed to the command as a here-document. */
export function withRealFiles(line: string): string | CommandResult {
  const redirect = /^(.*?)\s<\s*(\S+)\s*$/.exec(line);
  if (redirect && !redirect[1].includes('<<')) {
    const file = redirect[2];
    try {
      const h = heredoc(fs.readFileSync(file, 'utf8'));
      return `${redirect[1]} ${h.open}${h.body}`;
    } catch {
      return { stdout: '', stderr: `bash: ${file}: No such file or directory\n`, code: 1 };
    }
  }
  const restore = /^\s*((?:\S*\/)?iptables(?:-nft|-legacy)?-restore)((?:\s+-\S+)*)\s+([^\s-<|;&][^\s<|;&]*)\s*$/.exec(line);
  if (restore) {
    const [, prog, flags, file] = restore;
    try {
      const h = heredoc(fs.readFileSync(file, 'utf8'));
      return `${prog}${flags} ${h.open}${h.body}`;
    } catch {
      return { stdout: '', stderr: `Can't open ${file}: No such file or directory\n`, code: 1 };
    }
  }
  return line;
}

/** Runs one command line in the session; stdout and stderr as the commands wrote them. */
export function dispatch(s: Session<unknown>, line: string): CommandResult {
  const prepared = withRealFiles(line);
  if (typeof prepared !== 'string') return prepared;
  return s.runStreams(prepared);
}

function write(r: CommandResult): void {
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
}

function fail(msg: string): number {
  process.stderr.write(`nfsim: ${msg}\n${USAGE}`);
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  const opts: NfsimOptions = { scenario: 'empty', flavor: 'nft' };
  let rules: string | null = null;
  const commands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string): string | undefined => (a.startsWith(`${name}=`) ? a.slice(name.length + 1) : argv[++i]);
    if (a === '--flavor' || a.startsWith('--flavor=')) {
      const v = value('--flavor');
      if (v !== 'nft' && v !== 'legacy') return fail('--flavor must be nft or legacy');
      opts.flavor = v;
    } else if (a === '--scenario' || a.startsWith('--scenario=')) {
      const v = value('--scenario');
      if (v === undefined || !(SCENARIOS as readonly string[]).includes(v)) return fail(`unknown scenario ${v ?? '(none)'}`);
      opts.scenario = v;
    } else if (a === '--rules' || a.startsWith('--rules=')) {
      const v = value('--rules');
      if (v === undefined) return fail('--rules needs a file');
      rules = v;
    } else if (a === '-c') {
      const v = argv[++i];
      if (v === undefined) return fail('-c needs a command line');
      commands.push(v);
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE);
      return 0;
    } else {
      return fail(`unknown option ${a}`);
    }
  }
  let s: Session<unknown>;
  try {
    s = createNfsimSession(opts);
  } catch (e) {
    // A scenario that cannot be built is the simulator's bug, not the reader's: say so plainly.
    process.stderr.write(`nfsim: internal error: scenario ${opts.scenario} could not be built: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
  if (rules !== null) {
    let text: string;
    try {
      text = fs.readFileSync(rules, 'utf8');
    } catch {
      process.stderr.write(`nfsim: ${rules}: No such file or directory\n`);
      return 1;
    }
    const h = heredoc(text);
    const r = dispatch(s, `iptables-restore --counters ${h.open}${h.body}`);
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
  let pending = '';
  const prompt = () => {
    if (!tty) return;
    rl.setPrompt(pending ? '> ' : s.prompt());
    rl.prompt();
  };
  prompt();
  for await (const line of rl) {
    const text = pending ? `${pending}\n${line}` : line;
    // An open quote or here-document continues on the next line, as in bash.
    if (s.isIncomplete(text)) {
      pending = text;
      prompt();
      continue;
    }
    pending = '';
    if (text.trim() === 'exit' && s.where().kind === 'node') break;
    const r = dispatch(s, text);
    write(r);
    code = r.code;
    prompt();
  }
  return code;
}
