// The Bookinfo node as a ShellHost: the world's commands (iptables*, nsenter, kubectl, curl,
// conntrack, ss, ip) plus what the shell asks for itself (processes for ps, files for cat,
// Tab-completion words, counters for the page's store).
import { ETC_BASE } from '../engine/names/etc-base.ts';
import { ETC_ISTIO } from '../engine/names/etc-istio.ts';
import { NameDb } from '../engine/names/namedb.ts';
import { createWorld } from '../world/world.ts';
import type { World, WorldOptions } from '../world/world.ts';
import { RESOLV_CONF } from '../world/cluster.ts';
import { nsOf } from '../world/commands/context.ts';
import { worldCommands } from '../world/commands/registry.ts';
import { IPTABLES_FLAGS, chainNames } from './engine-host.ts';
import { createFlow } from './flow-points.ts';
import type { CounterRow, FlowControl, ProcessInfo, ShellHost } from './host.ts';
import type { Command, CommandRegistry, Where } from './types.ts';
import type { PacketTrace } from '../netfilter/trace.ts';

const NODE_NAMES = new NameDb(ETC_BASE);

function etcFile(which: Readonly<Record<string, string>>, path: string): string | undefined {
  return path.startsWith('/etc/') ? which[path.slice(5)] : undefined;
}

const MAX_TRACED = 12;

const INBOUND_REQUEST = ['kubectl', 'exec', 'deploy/productpage-v1', '--', 'curl', '-s', 'http://reviews:9080/reviews/0'];
const OUTBOUND_REQUEST = ['kubectl', 'exec', 'deploy/reviews-v1', '--', 'curl', '-s', 'http://ratings:9080/ratings/0'];

/** The flow cursor backed by the world's packets: stepping past 0 (or 8) sends the request
 *  that realises points 1-8 (or 9-17) in the reviews pod, then each point shows the rule the
 *  SYN really met there. */
function worldFlow(world: World, base: FlowControl | undefined): FlowControl | undefined {
  if (!base) return undefined;
  const reviews = world.pod('reviews-v1');
  if (!reviews) return base;
  const podName = reviews.spec.name;
  const eventFor = (n: number) => {
    for (let i = world.events.length - 1; i >= 0; i--) {
      const e = world.events[i];
      if (e.point === n && e.pod === podName) return e;
    }
    return undefined;
  };
  return {
    current: () => base.current(),
    last: () => base.last(),
    goto(n, exec) {
      let sent = '';
      if (exec) {
        const needIn = n >= 1 && n <= 8 && !eventFor(1);
        const needOut = n >= 9 && !eventFor(9);
        const req = needIn ? INBOUND_REQUEST : needOut ? OUTBOUND_REQUEST : null;
        if (req) {
          exec(req);
          sent = `(sent: ${req.join(' ')})\n`;
        }
      }
      const p = base.goto(n);
      const e = eventFor(p.index);
      let detail = '';
      if (e) {
        detail += `    ${e.pod}: ${e.text}\n`;
        if (e.table && e.chain && e.rule && exec) {
          const r = exec(['nsenter', '-t', String(reviews.spec.appPid), '-n', 'iptables', '-t', e.table, '-S', e.chain, String(e.rule), '-v']);
          if (r.code === 0 && r.stdout) detail += `    ${r.stdout.trim()}\n`;
        }
      }
      return { ...p, ...(detail ? { detail } : {}), ...(sent ? { before: sent } : {}) };
    },
  };
}

/** The SYN packets of new connections, hop by hop, with the rules that matched. */
export function formatTrace(packets: PacketTrace[]): string {
  const syns = packets.filter((p) => p.label === 'SYN');
  let out = '';
  for (const p of syns.slice(0, MAX_TRACED)) {
    out += `trace #${p.id} ${p.label} from ${p.from}\n`;
    for (const h of p.hops) {
      if (h.kind === 'ROUTING' || h.kind === 'CONNTRACK') continue;
      if (h.steps?.length) {
        for (const st of h.steps.filter((x) => x.matched)) {
          const what = st.rule === 0 ? `policy ${st.result ?? h.verdict}` : `rule ${st.rule} -> ${st.result ?? 'match'}`;
          const where = st.chain === h.kind ? st.chain : `${h.kind}/${st.chain}`;
          out += `  ${h.ns}  ${st.table} ${where} ${what}   ${h.addr}\n`;
        }
      } else if (h.kind === 'NAT' || h.kind === 'DELIVER' || h.kind === 'XMIT') {
        out += `  ${h.ns}  ${h.kind.toLowerCase()} ${h.verdict}${h.note ? ` (${h.note})` : ''}   ${h.addr}\n`;
      }
    }
    out += `  => ${p.outcome}\n`;
  }
  if (syns.length > MAX_TRACED) out += `(${syns.length - MAX_TRACED} more connections not shown)\n`;
  return out;
}

export function createWorldHost(scenario: string, opts: WorldOptions = {}): ShellHost<World> {
  const world = createWorld(scenario, opts);
  const fwOf = (where: Where) => world.firewallOf(nsOf(world, where));
  const flow = worldFlow(world, createFlow(scenario));
  let tracing = false;
  let traced = world.tracer.packets.length;
  return {
    world,
    flow: () => flow,
    hostname: () => world.node.hostname,
    // The clock iptables-save prints in this world: 09:00 UTC on the guide's day, plus sim time.
    now: () => new Date(Date.UTC(2026, 10, 25, 9, 0, 0) + world.clockMs),
    readFile(where, path, env) {
      const container = env?.SIM_CONTAINER;
      // Only a command run inside a container (kubectl exec) sees the pod's files; nsenter -n
      // changes the network namespace, not the files.
      if (container && where.kind === 'netns') {
        if (path === '/etc/resolv.conf') return RESOLV_CONF;
        if (path === '/etc/hostname') return `${where.label}\n`;
        return etcFile(container === 'istio-proxy' ? ETC_ISTIO : ETC_BASE, path);
      }
      return etcFile(ETC_BASE, path);
    },
    processes(): ProcessInfo[] {
      return world.processes.map((p) => ({
        pid: p.pid,
        ppid: p.ppid,
        uid: p.uid,
        // ps names users from the node's /etc/passwd: 1337 has no entry there, so it prints the number.
        user: NODE_NAMES.userName(p.uid) ?? String(p.uid),
        command: p.args,
        pod: p.pod?.spec.name,
      }));
    },
    completions(kind, where) {
      switch (kind) {
        case 'chain':
          return [...new Set([...chainNames(fwOf(where)), 'PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'])];
        case 'table':
          return ['filter', 'nat', 'mangle', 'raw', 'security'];
        case 'pod':
          return world.pods.map((p) => p.spec.name);
        case 'deployment':
          return world.pods.map((p) => p.spec.deployment);
        case 'pid':
          return [...world.pods.map((p) => String(p.spec.appPid)), ...world.processes.map((p) => String(p.pid))];
        case 'service':
          return world.pods.map((p) => `${p.spec.app}:${p.spec.port}`);
      }
    },
    setTrace(on: boolean) {
      tracing = on;
      traced = world.tracer.packets.length;
      return on
        ? 'trace on: after each command, the SYN of every new connection is shown rule by rule (nat decides on first packets only).'
        : 'trace off';
    },
    traceEnabled: () => tracing,
    drainTrace: () => {
      const fresh = world.tracer.packets.slice(traced);
      traced = world.tracer.packets.length;
      return formatTrace(fresh);
    },
    counters(): CounterRow[] {
      const rows: CounterRow[] = [];
      for (const pod of world.pods) {
        const nat = pod.fw.peek('nat');
        if (!nat) continue;
        for (const chain of nat.allChains()) {
          if (chain.builtin) rows.push({ netns: pod.spec.name, table: 'nat', chain: chain.name, rule: 0, pkts: Number(chain.pkts), bytes: Number(chain.bytes) });
          chain.rules.forEach((r, i) => rows.push({ netns: pod.spec.name, table: 'nat', chain: chain.name, rule: i + 1, pkts: Number(r.pkts), bytes: Number(r.bytes) }));
        }
      }
      return rows;
    },
    registerCommands(reg: CommandRegistry<World>) {
      for (const [name, info] of Object.entries(worldCommands())) {
        reg.register(name, info.run as unknown as Command<World>, {
          summary: info.summary,
          flags: name.startsWith('iptables') && !name.includes('save') && !name.includes('restore') ? IPTABLES_FLAGS : info.flags,
        });
      }
    },
  };
}
