// -v -v: iptables-nft's libnftnl dumps (batch objects, rule cache, kernel handles) and
// libiptc's blob dump. Every expected text below is real iptables 1.8.9 output, from
// test/fixtures/kernel-extra/{nft,legacy}/debug-dump-*.txt or captured live in a
// namespace for this file (the cases are quoted with each test).

import { describe, expect, it } from 'vitest';
import { Firewall } from '../../src/engine/model.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';

function session(flavor: 'nft' | 'legacy') {
  const fw = new Firewall({ flavor });
  return (line: string) => runIptables(fw, line.split(' ').filter((w) => w !== ''));
}

/** the batch part of an nft -A: what follows the -v echo line */
function batchOf(out: string): string {
  return out.slice(out.indexOf('\n') + 1);
}

describe('nft: the rule as iptables-nft sends it', () => {
  const cases: [string, string[]][] = [
    ['-i eth0 -j ACCEPT', ['[ meta load iifname => reg 1 ]', '[ cmp eq reg 1 0x30687465 0x00000000 ]']],
    ['! -i eth+ -j ACCEPT', ['[ meta load iifname => reg 1 ]', '[ cmp neq reg 1 0x00687465 ]']],
    ['-i + -j ACCEPT', ['[ meta load iifname => reg 1 ]']],
    ['! -i + -j ACCEPT', ['[ meta load iifname => reg 1 ]', '[ cmp eq reg 1 0x41564e49 0x00442f4c ]']],
    ['! -s 10.1.2.3/255.0.255.0 ! -d 1.2.3.0/24 -j ACCEPT', [
      '[ payload load 4b @ network header + 12 => reg 1 ]', '[ bitwise reg 1 = ( reg 1 & 0x00ff00ff ) ^ 0x00000000 ]',
      '[ cmp neq reg 1 0x0002000a ]', '[ payload load 3b @ network header + 16 => reg 1 ]', '[ cmp neq reg 1 0x00030201 ]',
    ]],
    ['! -f -j ACCEPT', ['[ payload load 2b @ network header + 6 => reg 1 ]', '[ bitwise reg 1 = ( reg 1 & 0x0000ff1f ) ^ 0x00000000 ]', '[ cmp eq reg 1 0x00000000 ]']],
    ['-p tcp ! --syn -j ACCEPT', [
      '[ meta load l4proto => reg 1 ]', '[ cmp eq reg 1 0x00000006 ]', '[ payload load 1b @ transport header + 13 => reg 1 ]',
      '[ bitwise reg 1 = ( reg 1 & 0x00000017 ) ^ 0x00000000 ]', '[ cmp neq reg 1 0x00000002 ]',
    ]],
    ['-p tcp ! --sport 80 ! --dport 443', ['[ meta load l4proto => reg 1 ]', '[ cmp eq reg 1 0x00000006 ]', '[ payload load 4b @ transport header + 0 => reg 1 ]', '[ cmp neq reg 1 0xbb015000 ]']],
    ['-p tcp ! --sport 1000:2000 --dport :100', [
      '[ meta load l4proto => reg 1 ]', '[ cmp eq reg 1 0x00000006 ]', '[ payload load 2b @ transport header + 0 => reg 1 ]',
      '[ range neq reg 1 0x0000e803 0x0000d007 ]', '[ payload load 2b @ transport header + 2 => reg 1 ]', '[ cmp lte reg 1 0x00006400 ]',
    ]],
    ['-p tcp ! --dport 0:100', ['[ meta load l4proto => reg 1 ]', '[ cmp eq reg 1 0x00000006 ]', '[ payload load 2b @ transport header + 2 => reg 1 ]', '[ cmp gt reg 1 0x00006400 ]']],
    ['-p udp -m udp', ['[ meta load l4proto => reg 1 ]', '[ cmp eq reg 1 0x00000011 ]', '[ match name udp rev 0 ]']],
    ['-m mark ! --mark 0x1/0xff', ['[ meta load mark => reg 1 ]', '[ bitwise reg 1 = ( reg 1 & 0x000000ff ) ^ 0x00000000 ]', '[ cmp neq reg 1 0x00000001 ]']],
    ['-m limit --limit 3/min --limit-burst 7', ['[ limit rate 3/minute burst 7 type packets flags 0x0 ]']],
    ['-m limit --limit-burst 0', ['[ limit rate 3/hour burst 0 type packets flags 0x0 ]']],
    ['-m state --state NEW', ['[ match name conntrack rev 3 ]']],
    ['-j NFLOG --nflog-group 3 --nflog-prefix abc --nflog-threshold 4 --nflog-size 100', ['[ counter pkts 0 bytes 0 ]', '[ log prefix abc group 3 snaplen 100 qthreshold 4 ]']],
    ['-j NFQUEUE --queue-num 3', ['[ counter pkts 0 bytes 0 ]', '[ target name NFQUEUE rev 3 ]']],
    ['-c 5 10 -j ACCEPT', ['[ counter pkts 5 bytes 10 ]', '[ immediate reg 0 accept ]']],
  ];
  for (const [spec, exprs] of cases) {
    it(spec, () => {
      const run = session('nft');
      run('iptables -A INPUT -j ACCEPT');
      const r = run(`iptables -v -v -A INPUT ${spec}`);
      const lines = batchOf(r.stdout).split('\n').filter((l) => l.startsWith('  [')).map((l) => l.slice(2));
      // the counter sits before the verdict; -c sets it
      const want = exprs.some((e) => e.startsWith('[ counter')) ? exprs : [...exprs, '[ counter pkts 0 bytes 0 ]'];
      expect(lines.slice(0, want.length)).toEqual(want);
    });
  }

  it('TRACE and the raw table: a new table, its base chain, then the rule', () => {
    const r = session('nft')('iptables -t raw -v -v -A PREROUTING -j TRACE');
    expect(batchOf(r.stdout)).toBe(
      'table raw ip flags 0 use 0 handle 0\n' +
      'ip raw PREROUTING use 0 type filter hook prerouting prio -300 policy accept packets 0 bytes 0\n' +
      'ip raw PREROUTING\n  [ counter pkts 0 bytes 0 ]\n  [ immediate reg 9 0x00000001 ]\n  [ meta set nftrace with reg 9 ]\n\n');
  });
});

describe('nft: handles and the rule cache', () => {
  // live: -A ACCEPT; -A ! -s 0.0.0.0/0 (refused by the kernel); -A DROP; -N X; -A INPUT -j X; -vv -S INPUT
  it('a refused rule still took a handle; chains take one too', () => {
    const run = session('nft');
    run('iptables -A INPUT -j ACCEPT');
    expect(run('iptables -A INPUT ! -s 0.0.0.0/0 -j ACCEPT').code).toBe(4);
    run('iptables -A INPUT -j DROP');
    run('iptables -N X');
    run('iptables -A INPUT -j X');
    expect(run('iptables -vv -S INPUT').stdout).toBe(
      'ip filter INPUT 2\n  [ counter pkts 0 bytes 0 ]\n  [ immediate reg 0 accept ]\n\n' +
      'ip filter INPUT 4 2\n  [ counter pkts 0 bytes 0 ]\n  [ immediate reg 0 drop ]\n\n' +
      'ip filter INPUT 6 4\n  [ counter pkts 0 bytes 0 ]\n  [ immediate reg 0 jump -> X ]\n\n' +
      '-P INPUT ACCEPT -c 0 0\n-A INPUT -c 0 0 -j ACCEPT\n-A INPUT -c 0 0 -j DROP\n-A INPUT -c 0 0 -j X\n');
  });

  // debug-dump-cmds #14, #23, #27
  it('-I N names the rule it goes before; -R keeps the handle; -D sends the cached rule', () => {
    const run = session('nft');
    run('iptables -A INPUT -j ACCEPT');
    run('iptables -A INPUT -j DROP');
    const ins = run('iptables -vv -I INPUT 2 -i lo -j ACCEPT').stdout;
    expect(ins.endsWith('ip filter INPUT 3\n  [ meta load iifname => reg 1 ]\n  [ cmp eq reg 1 0x00006f6c ]\n  [ counter pkts 0 bytes 0 ]\n  [ immediate reg 0 accept ]\n\n')).toBe(true);
    const rep = run('iptables -vv -R INPUT 1 -j DROP -c 3 4').stdout;
    expect(rep.endsWith('DROP  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \nip filter INPUT 2\n  [ counter pkts 3 bytes 4 ]\n  [ immediate reg 0 drop ]\n\n')).toBe(true);
    const del = run('iptables -vv -D INPUT 2').stdout;
    expect(del.endsWith('ip filter INPUT 4 2\n  [ meta load iifname => reg 1 ]\n  [ cmp eq reg 1 0x00006f6c ]\n  [ counter pkts 0 bytes 0 ]\n  [ immediate reg 0 accept ]\n\n')).toBe(true);
    // the cache lists the rule before the deleted one, too: it was fetched before the deletion
    expect(del.startsWith('ip filter INPUT 2\n')).toBe(true);
  });

  // debug-dump-cmds #29, #37-#45
  it('-Z, -F, -X, -N, -E, -P each queue their chain objects', () => {
    const run = session('nft');
    run('iptables -A INPUT -j ACCEPT -c 1 2');
    expect(run('iptables -vv -Z INPUT').stdout).toBe(
      'ip filter INPUT 2\n  [ counter pkts 1 bytes 2 ]\n  [ immediate reg 0 accept ]\n\n' +
      "Zeroing chain `INPUT'\n" +
      'ip filter INPUT use 1 type filter hook input prio 0 policy accept packets 0 bytes 0 flags 1\n' +
      'ip filter INPUT 2\n  [ counter pkts 0 bytes 0 ]\n  [ immediate reg 0 accept ]\n\n');
    expect(run('iptables -vv -N FOO').stdout).toBe('ip filter FOO use 0\n');
    expect(run('iptables -vv -E FOO BAR').stdout).toBe('ip filter BAR use 0\n');
    expect(run('iptables -vv -F BAR').stdout).toBe("Flushing chain `BAR'\nfilter BAR\n\n");
    expect(run('iptables -vv -P FORWARD DROP').stdout).toBe(
      'ip filter FORWARD use 0 type filter hook forward prio 0 policy accept packets 0 bytes 0\n' +
      'ip filter FORWARD use 0 type filter hook forward prio 0 policy drop packets 0 bytes 0\n');
    run('iptables -A INPUT -j BAR');
    const x = run('iptables -vv -X BAR');
    expect(x.stdout).toBe("Deleting chain `BAR'\nip filter BAR use 1\n");
    expect(x.stderr).toBe('iptables v1.8.9 (nf_tables):  CHAIN_DEL failed (Device or resource busy): chain BAR\n');
  });

  it('nothing is sent when the command fails before its batch', () => {
    const run = session('nft');
    run('iptables -A INPUT -j ACCEPT');
    const r = run('iptables -vv -D INPUT 9');
    expect(r.stdout).toBe('ip filter INPUT 2\n  [ counter pkts 0 bytes 0 ]\n  [ immediate reg 0 accept ]\n\n');
    expect(r.stderr).toBe('iptables: Index of deletion too big.\n');
  });
});

describe('legacy: libiptc dumps the blob it fetched', () => {
  const entry = (n: number, off: number, body: string): string =>
    `Entry ${n} (${off}):\nSRC IP: 0.0.0.0/0.0.0.0\nDST IP: 0.0.0.0/0.0.0.0\nInterface: \`'/................to \`'/................\nProtocol: 0\nFlags: 00\nInvflags: 00\nCounters: 0 packets, 0 bytes\nCache: 00000000\n${body}\n\n`;

  // live, a fresh namespace: iptables-legacy -v -v -A INPUT -j ACCEPT
  it('the table before the command, then the command is done', () => {
    const run = session('legacy');
    const r = run('iptables -v -v -A INPUT -j ACCEPT');
    expect(r.stdout).toBe('ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \n' +
      'libiptc vlibxtables.so.12. 632 bytes.\nTable `filter\'\n' +
      'Hooks: pre/in/fwd/out/post = ffffffff/0/98/130/ffffffff\nUnderflows: pre/in/fwd/out/post = ffffffff/0/98/130/ffffffff\n' +
      entry(0, 0, "Target name: `' [40]\nverdict=NF_ACCEPT") + entry(1, 152, "Target name: `' [40]\nverdict=NF_ACCEPT") +
      entry(2, 304, "Target name: `' [40]\nverdict=NF_ACCEPT") + entry(3, 456, "Target name: `ERROR' [64]\nerror=`ERROR'"));
    expect(run('iptables -S INPUT').stdout).toBe('-P INPUT ACCEPT\n-A INPUT -j ACCEPT\n');
  });

  // debug-dump-rules (the -D after -A INPUT -j ISTIO_X / -g ISTIO_X)
  it('a jump is the offset of the chain\'s first entry; goto sets flag 02', () => {
    const run = session('legacy');
    run('iptables -N ISTIO_X');
    run('iptables -A INPUT -g ISTIO_X');
    const out = run('iptables -v -v -D INPUT 1').stdout;
    expect(out).toContain('Hooks: pre/in/fwd/out/post = ffffffff/0/130/1c8/ffffffff\nUnderflows: pre/in/fwd/out/post = ffffffff/98/130/1c8/ffffffff\n');
    expect(out).toContain("Flags: 02\nInvflags: 00\nCounters: 0 packets, 0 bytes\nCache: 00000000\nTarget name: `' [40]\nverdict=784\n");
    expect(out).toContain("Entry 4 (608):");
    expect(out).toContain("error=`ISTIO_X'");
    expect(out.endsWith("Target name: `ERROR' [64]\nerror=`ERROR'\n\n")).toBe(true);
  });

  it('matches and targets take their kernel size; an alias its real name', () => {
    const run = session('legacy');
    run('iptables -A INPUT -m state --state NEW -j LOG');
    const out = run('iptables -v -v -S INPUT').stdout;
    expect(out).toContain("Match name: `conntrack'\nTarget name: `LOG' [64]\n");
    // entry 0 is 112 + 200 + 64 bytes long
    expect(out).toContain('Entry 1 (376):');
  });

  // debug-dump-rules: -vv -D INPUT 1 on an empty chain
  it('after the dump, iptc_strerror no longer knows which function failed', () => {
    const r = session('legacy')('iptables -v -v -D INPUT 1');
    expect(r.stderr).toBe('iptables: Argument list too long.\n');
    expect(r.code).toBe(1);
  });

  // live: the second line's dump shows the table as the *filter line fetched it
  it('iptables-restore: the blob of the *table line', () => {
    const fw = new Firewall({ flavor: 'legacy' });
    runIptablesRestore(fw, ['iptables-restore'], '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n');
    const r = runIptablesRestore(fw, ['iptables-restore', '--noflush'], '*filter\n-A INPUT -j DROP\n-A OUTPUT -v -v -j DROP\nCOMMIT\n');
    expect(r.stdout).toContain('libiptc vlibxtables.so.12. 784 bytes.');
    expect(r.stdout).toContain('verdict=NF_ACCEPT');
    expect(r.stdout).not.toContain('verdict=NF_DROP');
  });
});
