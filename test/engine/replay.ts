// Replays the command lines of the capture transcripts (errors.txt, verbose-commands.txt
// and our own captures/) against a Session: "A && B", "A; B", "printf '...' | cmd",
// "cmd < /tmp/fmt/istio.rules". Not a shell; just what the transcripts use.

import { splitList, splitWords } from '../../src/cli/words.ts';
import { fixture, type Session } from './fixtures.ts';
import type { CommandResult } from '../../src/engine/iptables.ts';

export interface Case {
  title: string;
  cmd: string;
  stdin?: string;
  stdout: string;
  stderr: string;
  code: number;
}

/** parse the "### N. title / $ cmd / --- stdout (N bytes) / ... / --- exit code: N" format */
export function parseTranscript(text: string): Case[] {
  const cases: Case[] = [];
  const blocks = text.split(/^(?=### \d+\. |\$ )/m).filter((b) => b.trim() !== '');
  let pendingTitle = '';
  for (const b of blocks) {
    if (b.startsWith('### ')) {
      const nl = b.indexOf('\n');
      pendingTitle = b.slice(4, nl);
      const rest = b.slice(nl + 1);
      if (rest.startsWith('$ ')) cases.push(parseOne(pendingTitle, rest));
      continue;
    }
    cases.push(parseOne(pendingTitle || b.slice(2, b.indexOf('\n')), b));
    pendingTitle = '';
  }
  return cases;
}

function parseOne(title: string, b: string): Case {
  const nl = b.indexOf('\n');
  const cmd = b.slice(2, nl);
  let rest = b.slice(nl + 1);
  let stdin: string | undefined;
  const stdinM = /^--- stdin \((\d+) bytes\)\n/.exec(rest);
  if (stdinM) {
    rest = rest.slice(stdinM[0].length);
    stdin = rest.slice(0, Number(stdinM[1]));
    rest = rest.slice(Number(stdinM[1]));
  }
  const so = /^--- stdout \((\d+) bytes\)\n/.exec(rest);
  if (!so) throw new Error(`bad transcript near: ${b.slice(0, 80)}`);
  rest = rest.slice(so[0].length);
  const stdout = rest.slice(0, Number(so[1]));
  rest = rest.slice(Number(so[1]));
  const se = /^--- stderr \((\d+) bytes\)\n/.exec(rest);
  if (!se) throw new Error(`bad transcript (stderr) near: ${b.slice(0, 80)}`);
  rest = rest.slice(se[0].length);
  const stderr = rest.slice(0, Number(se[1]));
  rest = rest.slice(Number(se[1]));
  const ec = /^--- exit code: (\d+)/.exec(rest);
  if (!ec) throw new Error(`bad transcript (exit) near: ${b.slice(0, 80)}`);
  return { title, cmd, stdin, stdout, stderr, code: Number(ec[1]) };
}

function printfText(fmt: string): string {
  return fmt.replace(/\\(n|t|\\)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}

const FILES: Readonly<Record<string, string>> = {
  '/tmp/fmt/istio.rules': 'kernel-format/inputs/istio.rules',
  '/tmp/fmt/istio-counters.rules': 'kernel-format/inputs/istio-counters.rules',
};

function runSimple(s: Session, text: string, stdinDefault?: string): CommandResult {
  let stdin = stdinDefault;
  let cmdText = text;
  const pipe = /^\s*printf\s+('(?:[^']*)')\s*\|\s*(.*)$/.exec(text);
  if (pipe) {
    stdin = printfText(splitWords(pipe[1])[0]);
    cmdText = pipe[2];
  }
  const grepV = /^(.*?)\s*\|\s*grep -v '\^#'\s*$/.exec(cmdText);
  if (grepV) {
    const r = runSimple(s, grepV[1], stdin);
    const kept = r.stdout.split('\n').filter((l, i, a) => !l.startsWith('#') && !(i === a.length - 1 && l === ''));
    return { stdout: kept.length ? kept.join('\n') + '\n' : '', stderr: r.stderr, code: kept.length ? 0 : 1 };
  }
  const redirect = /^(.*?)\s*<\s*(\S+)\s*$/.exec(cmdText);
  if (redirect) {
    stdin = redirect[2] === '/dev/null' ? '' : fixture(FILES[redirect[2]] ?? redirect[2]);
    cmdText = redirect[1];
  }
  return s.run(splitWords(cmdText), stdin);
}

/** run a transcript command line the way bash would for these simple forms */
export function runLine(s: Session, line: string, stdin?: string): CommandResult {
  const parts = splitList(line);
  let stdout = '';
  let stderr = '';
  let code = 0;
  let skip = false;
  for (const p of parts) {
    if (!skip) {
      const r = runSimple(s, p.text, stdin);
      stdout += r.stdout;
      stderr += r.stderr;
      code = r.code;
    }
    // "a && b; c": a failure skips only up to the next ";"
    if (p.op === '&&') skip = skip || code !== 0;
    else skip = false;
  }
  return { stdout, stderr, code };
}
