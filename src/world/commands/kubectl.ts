// kubectl: `get pods [NAME...] [-o wide]`, `get svc [NAME...]` and
// `exec deploy/NAME|POD [-c CONTAINER] -- CMD...`.

import { ipText, ip } from '../../netfilter/addr.ts';
import { COREDNS, NAMESPACE, NODE_NAME } from '../cluster.ts';
import type { Pod } from '../world.ts';
import { fail, ok } from './context.ts';
import type { CommandResult, WorldCommandContext } from './context.ts';

/** Go's text/tabwriter as kubectl uses it: columns padded to the widest cell + 3. */
function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i] + 3))).join('')).join('\n') + '\n';
}

interface GetArgs {
  ns: string;
  allNs: boolean;
  names: string[];
  wide: boolean;
}

/** `kubectl get TYPE`'s arguments: names, -n, -A, and -o wide where `output` allows it */
function getArgs(args: readonly string[], output: boolean): GetArgs | CommandResult {
  const g: GetArgs = { ns: NAMESPACE, allNs: false, names: [], wide: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (output && (a === '-o' || a === '--output')) {
      const v = args[++i];
      const format = (v ?? '').split('=')[0];
      if (v !== 'wide' && PRINTERS.includes(format)) return fail(`kubectl: get -o ${format} is not modelled by this simulator (it prints the table and -o wide)\n`, 1);
      if (v !== 'wide') return fail(`error: unable to match a printer suitable for the output format "${v ?? ''}", allowed formats are: ${PRINTERS.join(',')}\n`, 1);
      g.wide = true;
    } else if (output && (a === '-owide' || a === '-o=wide' || a === '--output=wide')) g.wide = true;
    else if (a === '-n' || a === '--namespace') g.ns = args[++i] ?? '';
    else if (a.startsWith('--namespace=')) g.ns = a.slice(12);
    else if (a === '-A' || a === '--all-namespaces') g.allNs = true;
    else if (!a.startsWith('-')) g.names.push(a);
    else if (GET_FLAGS.includes(a.split('=')[0])) return fail(`kubectl: get ${a.split('=')[0]} is not modelled by this simulator (it runs names, -n, -A and -o wide)\n`, 1);
    else return fail(`error: unknown flag: ${a}\nSee 'kubectl get --help' for usage.\n`, 1);
  }
  if (g.allNs && g.names.length > 0) return fail('error: a resource cannot be retrieved by name across all namespaces\n', 1);
  return g;
}

function getPods(ctx: WorldCommandContext, args: string[]): CommandResult {
  const g = getArgs(args, true);
  if (!('names' in g)) return g;
  const { ns, allNs, names, wide } = g;
  const pods = [...ctx.world.pods].sort((a, b) => a.spec.name.localeCompare(b.spec.name));
  const rows: string[][] = [];
  const head = [...(allNs ? ['NAMESPACE'] : []), 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', ...(wide ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : [])];
  rows.push(head);
  const list: Array<{ ns: string; name: string; ready: string; ip: string; age: string }> = [];
  if (allNs) list.push({ ns: 'kube-system', name: ctx.world.coredns.ns.name, ready: '1/1', ip: '10.244.0.10', age: '12d' });
  if (allNs || ns === NAMESPACE) for (const p of pods) list.push({ ns: NAMESPACE, name: p.spec.name, ready: p.sidecar ? '2/2' : '1/1', ip: ipText(ip(p.spec.ip)), age: p.spec.age });
  if (allNs) list.sort((a, b) => a.ns.localeCompare(b.ns) || a.name.localeCompare(b.name));
  const { found, missing } = byName(list, names, 'pods');
  if (found.length === 0 && names.length === 0) return ok('', `No resources found in ${ns} namespace.\n`);
  for (const p of found) {
    rows.push([...(allNs ? [p.ns] : []), p.name, p.ready, 'Running', '0', p.age, ...(wide ? [p.ip, NODE_NAME, '<none>', '<none>'] : [])]);
  }
  return named(found.length > 0 ? table(rows) : '', missing);
}

/**
 * The rows `names` asks for, in the order asked (kubectl fetches each by name), and the
 * server's NotFound message for each missing one; all rows when no name is given.
 */
function byName<T extends { name: string }>(list: readonly T[], names: readonly string[], kind: string): { found: T[]; missing: string } {
  if (names.length === 0) return { found: [...list], missing: '' };
  const found: T[] = [];
  let missing = '';
  for (const n of names) {
    const r = list.find((x) => x.name === n);
    if (r) found.push(r);
    else missing += `Error from server (NotFound): ${kind} "${n}" not found\n`;
  }
  return { found, missing };
}

/** the rows found, and exit status 1 with the NotFound lines when a name was missing */
function named(stdout: string, missing: string): CommandResult {
  return missing === '' ? ok(stdout) : { stdout, stderr: missing, code: 1 };
}

function findPod(ctx: WorldCommandContext, target: string): Pod | undefined {
  const m = /^(?:deploy|deployment|deployments|deployment\.apps)\/(.+)$/.exec(target);
  if (m) return ctx.world.pods.find((p) => p.spec.deployment === m[1]);
  const pm = /^(?:pod|pods|po)\/(.+)$/.exec(target);
  const name = pm ? pm[1] : target;
  return ctx.world.pods.find((p) => p.spec.name === name);
}

function execIn(ctx: WorldCommandContext, args: string[]): CommandResult {
  let target: string | undefined;
  let container: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-c' || a === '--container') container = args[++i];
    else if (a.startsWith('--container=')) container = a.slice(12);
    else if (a === '-it' || a === '-ti' || a === '-i' || a === '-t' || a === '--stdin' || a === '--tty' || a === '-q' || a === '--quiet') continue;
    else if (a === '-n' || a === '--namespace') i++;
    else if (a.startsWith('-')) return fail(`error: unknown shorthand flag: '${a.replace(/^-+/, '').slice(0, 1)}' in ${a}\nSee 'kubectl exec --help' for usage.\n`, 1);
    else if (target === undefined) target = a;
    else break;
  }
  const cmd = args.slice(i);
  if (target === undefined) return fail('error: expected \'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]\'.\nPOD or TYPE/NAME is a required argument for the exec command\nSee \'kubectl exec -h\' for help and examples\n', 1);
  if (cmd.length === 0) return fail('error: you must specify at least one command for the container\n', 1);
  const pod = findPod(ctx, target);
  if (!pod) {
    const dm = /^(?:deploy|deployment|deployments)\/(.+)$/.exec(target);
    if (dm) return fail(`Error from server (NotFound): deployments.apps "${dm[1]}" not found\n`, 1);
    return fail(`Error from server (NotFound): pods "${target.replace(/^(pod|pods|po)\//, '')}" not found\n`, 1);
  }
  const c = container ?? pod.spec.app;
  const containers = [pod.spec.app, ...(pod.sidecar ? ['istio-proxy'] : [])];
  if (!containers.includes(c)) return fail(`error: unable to upgrade connection: container not found ("${c}")\n`, 1);
  const proc = c === 'istio-proxy' ? pod.envoy! : pod.app;
  const where = { kind: 'netns' as const, pid: proc.pid, label: pod.spec.name, netns: pod.ns.name };
  const res = ctx.exec(cmd, { where, uid: proc.uid, gid: proc.gid, env: { SIM_CONTAINER: c } });
  if (res.code === 127) {
    return { stdout: res.stdout, stderr: `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${cmd[0]}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd[0]}": executable file not found in $PATH: unknown\n`, code: 1 };
  }
  if (res.code !== 0) return { ...res, stderr: `${res.stderr}command terminated with exit code ${res.code}\n`, code: res.code };
  return res;
}

export function kubectlCommand(ctx: WorldCommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  const verb = args[0];
  if (verb === 'get') {
    const what = args[1];
    if (what === 'pods' || what === 'pod' || what === 'po') return getPods(ctx, args.slice(2));
    if (what === undefined) return fail('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n', 1);
    if (what === 'svc' || what === 'services' || what === 'service') return getServices(ctx, args.slice(2));
    if (KNOWN_TYPES.includes(what.split('/')[0].toLowerCase())) return fail(`kubectl: get ${what} is not modelled by this simulator (it has pods and services)\n`, 1);
    return fail(`error: the server doesn't have a resource type "${what}"\n`, 1);
  }
  if (verb === 'exec') return execIn(ctx, args.slice(1));
  if (verb === undefined) return fail('kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nThis simulator models: kubectl get pods [-o wide], kubectl get svc, kubectl exec.\n', 0);
  if (VERBS.includes(verb)) return fail(`kubectl: ${verb} is not modelled by this simulator (it runs get pods, get svc and exec)\n`, 1);
  return fail(`error: unknown command "${verb}" for "kubectl"\n\nDid you mean this?\n\tget\n\texec\n`, 1);
}

/** kubectl get's output formats */
const PRINTERS = ['custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'wide', 'yaml'];

/** kubectl's other commands: real ones, which the simulator does not carry out */
const VERBS = ['annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale', 'certificate', 'cluster-info',
  'completion', 'config', 'cordon', 'cp', 'create', 'debug', 'delete', 'describe', 'diff', 'drain', 'edit', 'events', 'explain',
  'expose', 'kustomize', 'label', 'logs', 'options', 'patch', 'plugin', 'port-forward', 'proxy', 'replace', 'rollout', 'run',
  'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait'];

/** resource types a cluster like this one has (with their short names), beyond pods and services */
const KNOWN_TYPES = ['nodes', 'node', 'no', 'namespaces', 'namespace', 'ns', 'deployments', 'deployment', 'deploy', 'replicasets',
  'replicaset', 'rs', 'endpoints', 'ep', 'endpointslices', 'configmaps', 'configmap', 'cm', 'secrets', 'secret', 'serviceaccounts',
  'serviceaccount', 'sa', 'daemonsets', 'daemonset', 'ds', 'statefulsets', 'statefulset', 'sts', 'jobs', 'job', 'cronjobs', 'cronjob',
  'cj', 'ingresses', 'ingress', 'ing', 'events', 'event', 'ev', 'persistentvolumes', 'pv', 'persistentvolumeclaims', 'pvc',
  'networkpolicies', 'netpol', 'all', 'virtualservices', 'vs', 'destinationrules', 'dr', 'gateways', 'gw', 'serviceentries', 'se',
  'sidecars', 'peerauthentications', 'pa', 'authorizationpolicies', 'envoyfilters'];

/** kubectl get's other flags: real ones, which the simulator does not carry out */
const GET_FLAGS = ['-l', '--selector', '--show-labels', '-w', '--watch', '--field-selector', '--sort-by', '--no-headers', '-L',
  '--label-columns', '--show-kind', '--chunk-size', '--ignore-not-found', '--raw', '--output-watch-events', '--watch-only',
  '--server-print', '--show-managed-fields', '--subresource', '-f', '--filename', '-k', '--kustomize', '-R', '--recursive',
  '--template', '--allow-missing-template-keys', '-o', '--output'];

function getServices(ctx: WorldCommandContext, args: string[]): CommandResult {
  const g = getArgs(args, false);
  if (!('names' in g)) return g;
  const { ns, allNs, names } = g;
  const all = [
    ...ctx.world.pods.map((p) => ({ ns: NAMESPACE, name: p.spec.service, row: [p.spec.service, 'ClusterIP', p.spec.clusterIp, '<none>', `${p.spec.port}/TCP`, p.spec.age] })),
    { ns: NAMESPACE, name: 'kubernetes', row: ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '12d'] },
    // CoreDNS's Service, the pods' nameserver
    { ns: 'kube-system', name: 'kube-dns', row: ['kube-dns', 'ClusterIP', COREDNS.clusterIp, '<none>', '53/UDP,53/TCP,9153/TCP', '12d'] },
  ];
  const svcs = all.filter((x) => allNs || x.ns === ns).sort((a, b) => a.ns.localeCompare(b.ns) || a.name.localeCompare(b.name));
  const { found, missing } = byName(svcs, names, 'services');
  if (found.length === 0 && names.length === 0) return ok('', `No resources found in ${ns} namespace.\n`);
  const head = [...(allNs ? ['NAMESPACE'] : []), 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'];
  return named(found.length > 0 ? table([head, ...found.map((x) => [...(allNs ? [x.ns] : []), ...x.row])]) : '', missing);
}
