// Differential tests: the shell's filters against the real GNU tools on this machine
// (grep 3.8, coreutils 9.1, LC_ALL=C), same input, same argv. stdout and exit code must match.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/shell/session.ts';

const INPUT = `Chain PREROUTING (policy ACCEPT 3434 packets, 206K bytes)
 pkts bytes target     prot opt in     out     source               destination
 3434  206K ISTIO_INBOUND  tcp  --  any    any     anywhere             anywhere
Chain ISTIO_OUTPUT (1 references)
    0     0 RETURN     all  --  any    lo      127.0.0.6            anywhere
   12   720 ISTIO_IN_REDIRECT  all  --  any    lo      anywhere            !localhost            owner UID match 1337
    0     0 RETURN     all  --  any    lo      anywhere             anywhere             ! owner UID match 1337
   33  1980 RETURN     all  --  any    any     anywhere             anywhere             owner UID match 1337
b 10
a 2
a 2
c 1
Istio istio ISTIO
x-y x_y (a) a+b a|b a.b a{2} aa
`;

function real(argv: string[], input: string): { stdout: string; code: number } {
  try {
    const stdout = execFileSync(argv[0], argv.slice(1), { input, env: { LC_ALL: 'C', PATH: '/usr/bin:/bin' }, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
    return { stdout, code: 0 };
  } catch (e) {
    const err = e as { stdout: Buffer; status: number };
    return { stdout: err.stdout.toString(), code: err.status };
  }
}

const CASES: string[][] = [
  ['grep', 'RETURN'],
  ['grep', '-v', 'RETURN'],
  ['grep', '-i', 'istio'],
  ['grep', '-c', 'ISTIO'],
  ['grep', '-n', 'owner'],
  ['grep', '-w', 'istio'],
  ['grep', '-wi', 'istio'],
  ['grep', '-E', 'RETURN|REDIRECT'],
  ['grep', 'RETURN\\|REDIRECT'],
  ['grep', '-F', 'a|b'],
  ['grep', 'a|b'],
  ['grep', '-E', 'a{2}'],
  ['grep', 'a{2}'],
  ['grep', 'a\\{2\\}'],
  ['grep', '-E', '(a)'],
  ['grep', '(a)'],
  ['grep', '-o', '[0-9]\\+'],
  ['grep', '-x', 'c 1'],
  ['grep', '-q', 'RETURN'],
  ['grep', 'nomatch'],
  ['grep', '-vc', 'a'],
  ['grep', '-A1', 'PREROUTING'],
  ['grep', '-B', '1', '-n', 'owner UID'],
  ['grep', '-C1', '^b'],
  ['grep', '-m', '2', 'RETURN'],
  ['grep', '^ *[0-9]'],
  ['grep', '[[:upper:]]\\{5\\}'],
  ['grep', '-E', '^(Chain|b) '],
  ['grep', '!'],
  ['grep', '-e', 'lo', '-e', '1980'],
  ['grep', '\\<a\\>'],
  ['grep', '-l', 'x'],
  ['head', '-n', '3'],
  ['head', '-2'],
  ['head', '-n', '-12'],
  ['tail', '-n', '2'],
  ['tail', '-3'],
  ['tail', '-n', '+14'],
  ['head', '-c', '30'],
  ['head', '-c', '-400'],
  ['tail', '-c', '25'],
  ['tail', '-c', '+900'],
  ['wc', '-l'],
  ['wc', '-w'],
  ['wc', '-c'],
  ['wc'],
  ['wc', '-lw'],
  ['sort'],
  ['sort', '-r'],
  ['sort', '-u'],
  ['sort', '-n'],
  ['sort', '-k', '2', '-n'],
  ['uniq'],
  ['uniq', '-c'],
  ['uniq', '-d'],
  ['uniq', '-u'],
  ['cat', '-n'],
  ['grep', 'ZZZ-SANITY'],
];

describe('filters match GNU grep/coreutils byte for byte', () => {
  for (const argv of CASES) {
    it(argv.join(' '), () => {
      const input = argv[0] === "sort" ? INPUT.split('\n').slice(7).join('\n') : INPUT;
      const s = createSession({ scenario: 'empty' });
      s.run(`true`);
      // Write the input through the shell's own redirection so the simulated tool reads a file.
      const write = s.run(`echo -n '${input.replace(/'/g, `'\\''`)}' > /tmp/in`);
      expect(write.code).toBe(0);
      const r = s.run(argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ') + ' < /tmp/in');
      const want = real(argv, input);
      expect(r.output).toBe(want.stdout);
      expect(r.code).toBe(want.code);
    });
  }
});

describe('error messages match the real tools', () => {
  const ERR_CASES: string[][] = [
    ['grep'],
    ['grep', '--foo', 'x'],
    ['grep', '-Y', 'x'],
    ['grep', '\\('],
    ['grep', '-E', '('],
    ['grep', '\\)'],
    ['grep', '[[:foo:]]'],
    ['grep', '-A', 'x', 'a'],
    ['grep', 'x', '/nonexistent'],
    ['head', '-n', 'x'],
    ['tail', '-n', 'x'],
    ['head', '-c', 'x'],
    ['head', '/nonexistent'],
    ['tail', '/nonexistent'],
    ['wc', '/nonexistent'],
    ['sort', '/nonexistent'],
    ['uniq', '/nonexistent'],
    ['cat', '/nonexistent'],
    ['sort', '-x'],
    ['uniq', '-x'],
    ['wc', '-x'],
    ['cat', '-x'],
    ['uniq', 'a', 'b', 'c'],
  ];
  for (const argv of ERR_CASES) {
    it(argv.join(' '), () => {
      const s = createSession({ scenario: 'empty' });
      const r = s.run(argv.map((a) => `'${a}'`).join(' ') + ' < /dev/null');
      let stderr = '';
      let code = 0;
      try {
        execFileSync(argv[0], argv.slice(1), { input: '', env: { LC_ALL: 'C.UTF-8', PATH: '/usr/bin:/bin' }, stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (e) {
        const err = e as { stderr: Buffer; status: number };
        stderr = err.stderr.toString();
        code = err.status;
      }
      expect(r.output).toBe(stderr);
      expect(r.code).toBe(code);
    });
  }
});
