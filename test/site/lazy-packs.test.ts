// components/terminal/lazy-packs.ts: which command code the session's worker loads before
// a request. A pack missed here would make its command fail in the browser, so the scan
// must err on the side of loading.
import { describe, expect, it, vi } from 'vitest';
import { LAZY_MODULES, LAZY_PACKS, packsFor } from '../../components/terminal/lazy-packs.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';
import { SCENARIOS } from '../../src/world/world.ts';

// Every extension name the engine looks up, to check that scenarios build without lazy ones.
const looked = vi.hoisted(() => new Set<string>());
vi.mock('../../src/engine/extensions/registry.ts', async (original) => {
  const m = await original<typeof import('../../src/engine/extensions/registry.ts')>();
  return {
    ...m,
    findMatch: (name: string) => (looked.add(name), m.findMatch(name)),
    findTarget: (name: string) => (looked.add(name), m.findTarget(name)),
  };
});

// Which lazily loaded modules a line really runs (their exports wrapped to record the pack).
const used = vi.hoisted(() => ({
  packs: new Set<string>(),
  wrap: (pack: string, m: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'function' ? (...a: unknown[]) => (used.packs.add(pack), (v as (...x: unknown[]) => unknown)(...a)) : v])),
}));
vi.mock('../../src/world/commands/curl.ts', async (original) => used.wrap('curl', await original()));
vi.mock('../../src/world/packet-path.ts', async (original) => used.wrap('curl', await original()));
vi.mock('../../src/world/commands/kubectl.ts', async (original) => used.wrap('kubectl', await original()));
vi.mock('../../src/shell/filters/text.ts', async (original) => used.wrap('text', await original()));
vi.mock('../../src/shell/builtins/ps.ts', async (original) => used.wrap('ps', await original()));
vi.mock('../../src/shell/builtins/ls.ts', async (original) => used.wrap('ls', await original()));
vi.mock('../../src/engine/save.ts', async (original) => used.wrap('save', await original()));
vi.mock('../../src/shell/complete.ts', async (original) => used.wrap('complete', await original()));
vi.mock('../../src/engine/evaluate.ts', async (original) => used.wrap('evaluate', await original()));
vi.mock('../../src/shell/builtins/system.ts', async (original) => used.wrap('system', await original()));
vi.mock('../../src/shell/builtins/basic-more.ts', async (original) => used.wrap('basic-more', await original()));
vi.mock('../../src/shell/builtins/tutorial-run.ts', async (original) => used.wrap('tutorial', await original()));
vi.mock('../../src/engine/debug-dump-nft.ts', async (original) => used.wrap('debug-nft', await original()));
vi.mock('../../src/engine/debug-dump-legacy.ts', async (original) => used.wrap('debug-legacy', await original()));

describe('packsFor', () => {
  it('loads nothing for lines that use none of the packs', () => {
    expect(packsFor('iptables -t nat -L -v')).toEqual([]);
    expect(packsFor('nsenter -t 8533 -n iptables -t nat -S; echo $?')).toEqual([]);
    expect(packsFor('zip sslip iptables-saved manual categories steps')).toEqual([]);
    expect(packsFor('iptables -t nat -L -v', { t: 'run' })).toEqual([]);
  });

  it('finds the packet path, filters and other commands by name', () => {
    expect(packsFor('kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/')).toEqual(['curl', 'evaluate', 'kubectl']);
    expect(packsFor('nsenter -t 8533 -n curl -s http://ratings:9080/')).toEqual(['curl', 'evaluate']);
    for (const flow of ['step', 'next', 'prev', 'goto 9']) expect(packsFor(flow), flow).toEqual(['curl', 'evaluate', 'kubectl', 'tutorial']);
    expect(packsFor('iptables -S | wc -l')).toEqual(['text']);
    expect(packsFor('nsenter -t 8533 -n iptables-legacy-save -c')).toEqual(['save']);
    expect(packsFor('ps -ef; ls /etc')).toEqual(['ps', 'ls']);
  });

  it('loads the completer and the paste splitter for their requests only', () => {
    expect(packsFor('ipt', { t: 'complete' })).toEqual(['complete']);
    expect(packsFor('ipt', { t: 'run' })).toEqual([]);
    expect(packsFor('man ipt', { t: 'complete' })).toEqual(['man', 'complete']);
    expect(packsFor('echo a\necho b\n', { t: 'paste' })).toEqual(['paste']);
  });

  it('finds command names as words, through quotes, backslashes, pipes and nesting', () => {
    expect(packsFor('iptables -S | grep ISTIO')).toEqual(['grep']);
    expect(packsFor("iptables -S | gr'e'p ISTIO")).toEqual(['grep']);
    expect(packsFor('iptables -S | g\\rep ISTIO')).toEqual(['grep']);
    expect(packsFor('kubectl exec deploy/reviews-v1 -- ss -tlnp')).toEqual(['ss', 'kubectl']);
    expect(packsFor('nsenter -t 8533 -n ip route')).toEqual(['ip']);
    expect(packsFor('man iptables;explain "-A X -j Y"')).toEqual(['man', 'explain', 'evaluate']);
    expect(packsFor('cat <<EOF\nhello\nEOF\nconntrack -L')).toEqual(['conntrack', 'text', 'ext-conntrack']);
  });

  it('loads the batch and netlink dumps for two v options or more', () => {
    for (const line of ['iptables -vvv -L', 'iptables -v -v -v -S', 'iptables -vv -A INPUT -v', 'iptables -v -Lvv', 'iptables --verbose -v --v -F', 'iptables -vv -L']) {
      expect(packsFor(line), line).toContain('debug-nft');
    }
    for (const line of ['iptables -v -A INPUT -j ACCEPT', 'iptables -nvL', 'iptables -S']) {
      expect(packsFor(line), line).not.toContain('debug-nft');
    }
  });

  it("finds iptables' help options: -h, clusters with h, --help and its prefixes", () => {
    for (const line of ['iptables -h', 'iptables -nh', 'nsenter -t 8533 -n iptables --help', 'iptables --he', "iptables '-h'"]) expect(packsFor(line), line).toEqual(['help']);
    for (const line of ['iptables -t nat -S', 'iptables -A INPUT -s host -j ACCEPT']) expect(packsFor(line), line).toEqual([]);
    // (restore's -n is no help option: only the shortcuts and name sort every restore command loads)
    expect(packsFor('iptables-restore -n')).toEqual(['restore-append', 'restore-shapes', 'sort-names']);
  });

  it('finds extension names anywhere, in any case', () => {
    expect(packsFor('iptables -A INPUT -m statistic --mode random --probability 0.5 -j LOG')).toEqual(['ext-statistic', 'ext-LOG']);
    expect(packsFor('iptables -t nat -A OUTPUT --jump=dnat')).toEqual(['ext-DNAT']);
    expect(packsFor('iptables -t raw -A PREROUTING -p udp --dport 53 -j CT --zone 2')).toEqual(['ext-CT']);
    expect(packsFor('iptables -t raw -A OUTPUT -jCT --zone 2')).toEqual(['ext-CT']);
    expect(packsFor('iptables -A INPUT -m set --match-set x src')).toEqual(['ext-set']);
    expect(packsFor('iptables -A INPUT -m state --state NEW -m connmark --mark 2 -j CONNMARK --save-mark')).toEqual(['ext-conntrack', 'ext-MARK', 'ext-mark', 'ext-CONNMARK', 'ext-connmark']);
    // Short names inside longer words do not count.
    expect(packsFor('iptables -t nat -A X -p tcp -j REDIRECT --to-ports 15001; iptables -A Y -j ACCEPT; echo preset')).toEqual([]);
  });

  it('loads every pack when a variable may name the command', () => {
    expect(packsFor('$CMD -L')).toEqual(Object.keys(LAZY_PACKS));
    expect(packsFor('echo ${X}')).toEqual(Object.keys(LAZY_PACKS));
  });
});

describe('LAZY_PACKS', () => {
  it('lists each module with its real exports (the build mirrors them)', async () => {
    expect(Object.keys(LAZY_MODULES)).toEqual(Object.keys(LAZY_PACKS));
    for (const [name, p] of Object.entries(LAZY_MODULES)) {
      const m = (await import(/* @vite-ignore */ `../../${p.module}`)) as Record<string, unknown>;
      expect(Object.keys(m).sort(), name).toEqual([...p.functions, ...(p.data ?? []), ...(p.objects ?? [])].sort());
      for (const o of p.objects ?? []) expect(typeof m[o], `${name}.${o}`).toBe('object');
      for (const f of p.functions) expect(typeof m[f], `${name}.${f}`).toBe('function');
    }
  });

  it('names commands the Bookinfo session registers', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    const names = s.complete('', 0).candidates;
    for (const p of Object.values(LAZY_PACKS)) for (const c of p.commands ?? []) expect(names, c).toContain(c);
  });

  it("every lazily loaded extension a scenario's own rules use is loaded with that scenario", () => {
    const packOf = new Map(Object.entries(LAZY_MODULES).flatMap(([name, p]) => (p.objects ?? []).map((o) => [o, name] as const)));
    expect(packOf.size).toBeGreaterThan(5);
    for (const scenario of SCENARIOS) {
      looked.clear();
      const s = createScenarioSession({ scenario });
      s.run('step; step; step; step; step; step; goto 17');
      expect(looked.size > 0 || scenario === 'empty', scenario).toBe(true);
      const withInit = packsFor('', { t: 'init', scenario });
      expect([...looked].filter((n) => packOf.has(n) && !withInit.includes(packOf.get(n)!)), scenario).toEqual([]);
    }
    // The two the chapters use most load no extension: only the notices in the page's language.
    for (const scenario of ['bookinfo-1.6', 'bookinfo-current']) {
      expect(packsFor('', { t: 'init', scenario }), scenario).toEqual(['text-en']);
      expect(packsFor('', { t: 'init', scenario, lang: 'zh' }), scenario).toEqual(['text-zh']);
      expect(packsFor('', { t: 'init', scenario, lang: 'en' }), scenario).toEqual(['text-en']);
    }
    expect(packsFor('echo hi', { t: 'run', lang: 'zh' })).toEqual([]);
    // The lookups are seen: typing one is.
    looked.clear();
    createScenarioSession({ scenario: 'empty' }).run('iptables -A INPUT -j LOG');
    expect([...looked]).toContain('LOG');
  });

  it('every line that runs a lazily loaded command (packets, rule evaluation, kubectl, filters, ps, ls, date, help, save, -v -v dumps, Tab) loads its pack first', () => {
    const fresh = () => createScenarioSession({ scenario: 'bookinfo-1.6', at: 1 });
    const names = fresh().complete('', 0).candidates;
    const lines = [
      ...names,
      ...names.map((n) => `${n} --help`),
      'step', 'next', 'goto 9', 'goto 3; prev', 'trace on; step', 'kubectl get pods -o wide',
      'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0',
      'nsenter -t 8533 -n curl -sv http://ratings:9080/ratings/0', 'nsenter -t 8533 -n iptables-save -c',
      'iptables-legacy-save -t nat', 'ps -ef', 'ls -l /etc', 'cat /etc/hosts | head -2 | tail -1 | sort | uniq -c | wc -l',
      'iptables -t nat -L -v', 'nsenter -t 8533 -n iptables -t nat -L -v', 'conntrack -L',
      "explain '-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN'", 'date; uname -a; sleep 1',
      'id; whoami; env | head -3; history 2; sudo iptables -S; type cd; which iptables; help; help ls',
      // -v -v debug dumps, nft and legacy, however the two v are written
      'iptables -v -v -A INPUT -j ACCEPT', 'iptables -vvL -t nat', 'iptables -t nat -Lvv', 'iptables -v -t nat -L -v',
      'iptables --verbose -v -I INPUT -p tcp -j DROP', 'iptables-legacy -v -v -A INPUT -j ACCEPT', 'iptables-legacy -vv -D INPUT 9',
      'iptables-legacy -nvvL', 'nsenter -t 8533 -n iptables -v -v -t nat -F ISTIO_OUTPUT', 'iptables -N X; iptables -vv -E X Y',
      'printf "*filter\\n-A INPUT -v -v -j ACCEPT\\nCOMMIT\\n" | iptables-legacy-restore', 'iptables -vv -P INPUT DROP',
      'iptables -t nat -v -F', 'iptables -v -Z', 'iptables -t nat -Fv', 'iptables --verbose -t mangle -F', 'iptables-legacy -v -F',
      // -v -v -v netlink dumps (nft), however the three v are written
      'iptables -vvv -A INPUT -p tcp --dport 80 -m comment --comment x -j REJECT', 'iptables -v -vv -I INPUT -j DROP',
      'iptables -vv -t nat -L -v', 'iptables -v -v -v -N X', 'iptables -Lvvv', 'iptables --verbose -v --verbose -P INPUT DROP',
      'nsenter -t 8533 -n iptables -t nat -vvv -A OUTPUT -j ISTIO_OUTPUT', 'iptables -vvvv -Z',
    ];
    for (const line of lines) {
      const s = fresh();
      used.packs.clear();
      s.run(line);
      expect([...used.packs].filter((p) => !packsFor(line, { t: 'run' }).includes(p)), line).toEqual([]);
    }
    for (const line of ['ipt', 'iptables -t n', 'kubectl exec deploy/', 'man ipt', 'cat /etc/se']) {
      const s = fresh();
      used.packs.clear();
      s.complete(line, line.length);
      expect([...used.packs].filter((p) => !packsFor(line, { t: 'complete' }).includes(p)), line).toEqual([]);
    }
    // The listing the guide starts with needs none of them.
    const s = fresh();
    used.packs.clear();
    s.run('nsenter -t 8533 -n iptables -t nat -L -v');
    expect([...used.packs]).toEqual([]);
  });

  it('every extension a typed rule uses is loaded first, however its protocol is spelled', () => {
    const packOf = new Map(Object.entries(LAZY_MODULES).flatMap(([name, p]) => (p.objects ?? []).map((o) => [o, name] as const)));
    const rules = [
      // icmp's options load it; a prefix of --icmp-type need not say icmp.
      '-p icmp --icmp-type 8', '-p ICMP --icmp-type echo-request', '-p 1 --ic 8', '-p01 --icmp-ty 8', '--proto 0x1 --ic 0', '! -p 1 --ic 3/1',
      "-p ' 1' --ic 8", '-p +1 --ic 8', '--protocol=1 --ic 8',
      '-p 17 --dport 53', '-p 6 --syn', '-m conntrack --ctstate NEW', '-m state --state NEW', '-m mark --mark 1', '-j MARK --set-mark 1',
      '-j CT --zone 1', '-m multiport --dports 1,2', '-p tcp -j TPROXY --on-port 1 --tproxy-mark 1', '-m socket', '-m ttl --ttl-eq 1',
      '-m pkttype --pkt-type host', '-j NFLOG', '-m set --match-set s src', '-j CONNMARK --save-mark', '-m connmark --mark 1',
      // sctp and dccp: named, or implicit through -p's number in any base
      '-p sctp --dport 1', '-p SCTP -m sctp --chunk-types all DATA:Be', '-p 132 --dport 1', '-p 0x84 --sp 2', '-p 0204 --dport 3',
      '--protocol=132 --chunk-types any INIT', '-p dccp --dccp-types ACK', '-p 33 --dport 1', '-p 0x21 --dccp-option 4', '-p041 --sport 2',
    ];
    for (const rule of rules) {
      for (const table of ['filter', 'mangle', 'raw', 'nat']) {
        const line = `iptables -t ${table} -A PREROUTING ${rule}; iptables -t ${table} -S; iptables -t ${table} -L -v`;
        looked.clear();
        createScenarioSession({ scenario: 'empty' }).run(line);
        const missing = [...looked].filter((n) => packOf.has(n) && !packsFor(line, { t: 'run' }).includes(packOf.get(n)!));
        expect(missing, line).toEqual([]);
      }
    }
    // A 1 inside an address, a port range or a longer number does not count.
    expect(packsFor('iptables -A INPUT -s 10.0.0.1 --dport 1000:1001 -j ACCEPT; iptables -I INPUT 12')).toEqual([]);
    expect(packsFor('iptables -A INPUT -s 10.0.0.132 --dport 1330:2133 -j ACCEPT; iptables -I INPUT 0132')).toEqual([]);
  });

  it('every way the session prints iptables -h is caught by the help pack', () => {
    const s = createScenarioSession({ scenario: 'empty' });
    for (const line of ['iptables -h', 'iptables -nh', 'iptables --help', 'iptables --he', 'iptables -L -h']) {
      expect(s.run(line).output, line).toContain('Usage: iptables');
      expect(packsFor(line), line).toContain('help');
    }
  });
});
