// ss without -n names ports from /etc/services; an option ss does not have gets its usage
// text and exit 255 (iproute2 6.1: test/fixtures/world/captures/ss-options.txt).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/world.ts';
import { ip } from '../../src/netfilter/addr.ts';
import { runner } from './cmd-harness.ts';

const text = readFileSync(new URL('../fixtures/world/captures/ss-options.txt', import.meta.url), 'utf8');

function real(args: string): { stdout: string; stderr: string; code: number } {
  const at = text.indexOf(`$ ss ${args}\n`);
  expect(at, args).toBeGreaterThanOrEqual(0);
  const m = /^([\s\S]*?)\[stderr\]\n([\s\S]*?)\[rc=(\d+)\]\n/.exec(text.slice(at + `$ ss ${args}\n`.length))!;
  return { stdout: m[1], stderr: m[2], code: Number(m[3]) };
}

/** the capture's sockets, in the node's namespace of an otherwise idle world */
function world(): ReturnType<typeof runner> {
  const w = createWorld('empty');
  const ns = w.node.ns;
  for (const s of [...ns.sockets.all]) ns.sockets.remove(s);
  ns.addAddress('lo', '127.0.0.1', 8, 'host');
  for (const port of [15090, 15021, 15006, 15001, 9080, 8080, 80, 22, 443]) ns.sockets.add({ proto: 6, state: 'LISTEN', localIp: 0, localPort: port, remoteIp: 0, remotePort: 0, transparent: false, backlog: 5 });
  ns.sockets.add({ proto: 17, state: 'UNCONN', localIp: ip('127.0.0.1'), localPort: 53, remoteIp: 0, remotePort: 0, transparent: false, backlog: 0 });
  // the connection, its ephemeral port chosen to have the width of the capture's (5 digits, no name)
  ns.sockets.add({ proto: 6, state: 'ESTAB', localIp: ip('127.0.0.1'), localPort: 9080, remoteIp: ip('127.0.0.1'), remotePort: 45678, transparent: false, backlog: 0 });
  ns.sockets.add({ proto: 6, state: 'ESTAB', localIp: ip('127.0.0.1'), localPort: 45678, remoteIp: ip('127.0.0.1'), remotePort: 9080, transparent: false, backlog: 0 });
  return runner(w);
}

/** header exactly; rows as a set (ss lists in the kernel's hash order) */
function shape(out: string): { header: string; rows: string[] } {
  const [header, ...rows] = out.replaceAll('45678', 'EPH').split('\n').filter((l) => l !== '');
  return { header, rows: rows.sort() };
}

describe('ss port names and option errors, as iproute2 6.1 prints them', () => {
  for (const args of ['-tl', '-tln', '-t', '-tn', '-ul', '-uln', '-ta']) {
    it(`ss ${args}`, () => {
      const r = world()(['ss', args]);
      const want = real(args);
      expect(r.code).toBe(want.code);
      expect(r.stderr).toBe(want.stderr);
      // (the EPH placeholder is 3 characters for the capture's 5 digits: align the header's widths by
      // comparing with EPH put back as five characters on both sides)
      expect(shape(r.stdout)).toEqual(shape(want.stdout.replaceAll(':EPH', ':45678').replaceAll('EPH ', '45678 ')));
    });
  }

  it('an option ss does not have: its usage text on stderr, exit 255; one it has but the simulator does not run says so', () => {
    const run = world();
    const usage = readFileSync(new URL('../fixtures/world/captures/ss-invalid-option.txt', import.meta.url), 'utf8');
    for (const args of ['-X', '--bogus']) {
      const want = real(args);
      const r = run(['ss', args]);
      // (the capture cut each stderr to three lines; ss-invalid-option.txt has all of -X's)
      expect(r.stderr.split('\n').slice(0, 3).join('\n') + '\n', args).toBe(want.stderr);
      expect(r.code, args).toBe(want.code);
      expect(r.stdout).toBe('');
    }
    expect(run(['ss', '-X']).stderr).toBe(usage);
    expect(run(['ss', '-s'])).toEqual({ stdout: '', stderr: 'ss: -s is not modelled by this simulator (it runs -t -u -l -a -n -p -e -o -H)\n', code: 1 });
    expect(run(['ss', '--summ']).stderr).toBe('ss: --summ is not modelled by this simulator (it runs -t -u -l -a -n -p -e -o -H)\n');
  });
});
