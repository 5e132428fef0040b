// HTTP over the simulated TCP: curl's side, the apps' side, and the sidecar between
// them. Every connection is a real packet sequence through every namespace's hooks.
//
// Connection lifecycle (same as the lab's envoy mock, which the counters are checked
// against): one upstream connection per downstream connection, the server side closes
// first. Real Envoy pools upstream connections; see docs/architecture.md, World API.

import { ip, ipText } from '../netfilter/addr.ts';
import { ACK, FIN, PSH, RST, TCP_RST_LEN } from '../netfilter/packet.ts';
import type { Sock } from '../netfilter/sockets.ts';
import { tcpConnect } from '../netfilter/tcp.ts';
import type { ConnectError, TcpConn } from '../netfilter/tcp.ts';
import { bookinfoApp, labApp } from './apps.ts';
import type { AppCallContext } from './apps.ts';
import { resolve } from './dns.ts';
import { stackOf } from './packet-path.ts';
import { byteLength, curlRequest, requestText, responseText } from './http.ts';
import type { HttpRequest, HttpResponse } from './http.ts';
import type { Pod, Proc, World } from './world.ts';
import { ownerOf } from './world.ts';

export type Served =
  | { kind: 'response'; resp: HttpResponse; orphaned: boolean }
  | { kind: 'empty' }
  /** the server closed with the request unread: a RST (40 bytes, or 52 with timestamps when the socket had been in use) */
  | { kind: 'reset'; rstLength?: number };

export interface HttpResult {
  /** curl's exit code */
  exit: number;
  /** curl's error line without the "curl: " prefix, e.g. "(52) Empty reply from server" */
  error?: string;
  request?: HttpRequest;
  response?: HttpResponse;
  /** what curl connected to: "10.96.88.70" and the port */
  remoteIp?: string;
  remotePort?: number;
  host: string;
  port: number;
  /** connect() failure reason for -v ("Connection refused") */
  connectError?: string;
  /** the client socket's address once connected (curl's %{local_ip} and %{local_port}) */
  localIp?: string;
  localPort?: number;
}

const MSS_ETH = 1448;

function label(proc: Proc): string {
  return `${proc.pod?.spec.name ?? 'node-1'}/${proc.comm}`;
}

export function parseUrl(url: string): { host: string; port: number; path: string } | { error: string; exit: number } {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([^?#]*)?(\?[^#]*)?/.exec(url);
  if (!m) return { error: '(3) URL using bad/illegal format or missing URL', exit: 3 };
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http') {
    if (scheme === 'https') return { error: '(35) simulator: TLS is not modelled (use http://)', exit: 35 };
    return { error: `(1) Protocol "${scheme}" not supported or disabled in libcurl`, exit: 1 };
  }
  const host = m[2];
  if (host === '') return { error: '(3) URL using bad/illegal format or missing URL', exit: 3 };
  const port = m[3] ? Number(m[3]) : 80;
  if (port > 65535) return { error: '(3) URL using bad/illegal format or missing URL', exit: 3 };
  const path = `${m[4] || '/'}${m[5] ?? ''}`;
  return { host, port, path };
}

/** curl http://host:port/path from a process. */
export function httpGet(world: World, proc: Proc, url: string, opts: { maxTimeS?: number } = {}): HttpResult {
  const u = parseUrl(url);
  if ('error' in u) return { exit: u.exit, error: u.error, host: '', port: 0 };
  const owner = ownerOf(proc, 5);
  const r = resolve(world, proc.ns, owner, u.host, label(proc));
  if (!r.ok) return { exit: 6, error: `(6) Could not resolve host: ${u.host}`, host: u.host, port: u.port };
  const hostHeader = u.port === 80 ? u.host : `${u.host}:${u.port}`;
  const req = curlRequest(hostHeader, u.path);
  const res: HttpResult = { exit: 0, request: req, remoteIp: ipText(r.ip), remotePort: u.port, host: u.host, port: u.port };
  const c = tcpConnect(stackOf(world), proc.ns, r.ip, u.port, { owner, label: label(proc), timeoutS: opts.maxTimeS, sleep: (ms) => world.advance(ms) });
  if (!c.ok) return { ...res, ...connectFailure(c.error, u.host, u.port, opts.maxTimeS) };
  res.localIp = ipText(c.conn.client.sock.localIp);
  res.localPort = c.conn.client.sock.localPort;
  const served = exchange(world, c.conn, c.listener, req, true);
  if (served.kind === 'response') return { ...res, response: served.resp };
  if (served.kind === 'reset') return { ...res, exit: 56, error: '(56) Recv failure: Connection reset by peer' };
  return { ...res, exit: 52, error: '(52) Empty reply from server' };
}

function connectFailure(e: ConnectError, host: string, port: number, maxTimeS?: number): Partial<HttpResult> {
  if (e === 'ETIMEDOUT') {
    if (maxTimeS !== undefined) return { exit: 28, error: `(28) Connection timed out after ${Math.round(maxTimeS * 1000) + 1} milliseconds`, connectError: 'timeout' };
    return { exit: 28, error: `(28) Failed to connect to ${host} port ${port} after 127318 ms: Couldn't connect to server`, connectError: 'Connection timed out' };
  }
  const why = e === 'ECONNREFUSED' ? 'Connection refused' : e === 'ENETUNREACH' ? 'Network is unreachable' : 'No route to host';
  return { exit: 7, error: `(7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`, connectError: why };
}

/** Send bytes in MSS-sized segments (one PSH-ACK each). */
function sendData(conn: TcpConn, fromClient: boolean, bytes: number): void {
  const viaLo = conn.client.ns === conn.server.ns;
  const mss = viaLo ? 65483 : MSS_ETH;
  let left = bytes;
  do {
    const n = Math.min(left, mss);
    conn.segment(fromClient, PSH | ACK, n);
    left -= n;
  } while (left > 0);
}

/**
 * One request on an established connection: request (acknowledged), the server's
 * answer, then the close. `quickClient`: a client that closes as soon as it sees EOF
 * without data (curl) acknowledges the server's FIN with its own FIN.
 *
 * Which side closes first is a race on a real host (the lab's mangle/filter counters
 * move by a packet or two between runs because of it). The model is deterministic:
 * normally the server closes first; on every third connection a proxy accepts, the
 * client wins the race (its ACK of the request rides on the response, it closes after
 * reading the response, and the proxy's last ACK leaves from a TIME-WAIT socket).
 */
export function exchange(world: World, conn: TcpConn, listener: Sock, req: HttpRequest, quickClient: boolean): Served {
  const racy = (listener.service ?? '').startsWith('envoy') && (listener.accepted ?? 0) % 3 === 0;
  conn.segment(true, PSH | ACK, byteLength(requestText(req)));
  let acked = false;
  const ackRequest = (): void => {
    if (!acked) conn.segment(false, ACK);
    acked = true;
  };
  const served = serve(world, conn, listener, req, racy ? () => undefined : ackRequest);
  if (served.kind === 'reset') {
    ackRequest();
    conn.segment(false, RST | ACK, 0, { length: served.rstLength ?? TCP_RST_LEN });
    conn.client.ns.sockets.remove(conn.client.sock);
    conn.server.ns.sockets.remove(conn.server.sock);
    return served;
  }
  if (served.kind === 'response') {
    if (!racy) ackRequest();
    sendData(conn, false, byteLength(responseText(served.resp)));
    if (racy) {
      conn.segment(true, ACK);
      conn.close(true, { orphaned: quickClient });
    } else {
      conn.close(false, { orphaned: served.orphaned });
    }
  } else if (quickClient) {
    ackRequest();
    conn.segment(false, FIN | ACK);
    conn.segment(true, FIN | ACK);
    conn.segment(false, ACK, 0, { timeWait: racy });
    conn.finish(false);
  } else {
    ackRequest();
    conn.close(false, { orphaned: racy });
  }
  return served;
}

function serve(world: World, conn: TcpConn, listener: Sock, req: HttpRequest, ackRequest: () => void): Served {
  const pod = world.pods.find((p) => p.ns === conn.server.ns);
  // A proxy acknowledges the request before it opens its upstream connection.
  if ((listener.service ?? '').startsWith('envoy')) ackRequest();
  switch (listener.service) {
    case 'app':
      return serveApp(world, pod!, conn, req);
    case 'envoy-outbound':
      return serveEnvoy(world, pod!, conn, req, 'outbound');
    case 'envoy-inbound':
      return serveEnvoy(world, pod!, conn, req, 'inbound');
    case 'agent-health':
      return { kind: 'response', orphaned: false, resp: { version: 'HTTP/1.1', status: 200, reason: 'OK', headers: ['date: Wed, 25 Nov 2026 09:00:00 GMT', 'content-length: 0'], body: '' } };
    case 'envoy-admin':
      return { kind: 'response', orphaned: false, resp: plain(req.path === '/ready' ? 200 : 404, req.path === '/ready' ? 'LIVE\n' : 'invalid path. admin commands are:\n  /ready: print server state, return 200 if LIVE, otherwise return 503\n  /stats/prometheus: print server stats in prometheus format\n') };
    case 'envoy-prom':
    case 'agent-stats': {
      const pod = world.pods.find((p) => p.ns === conn.server.ns);
      const body = `# TYPE envoy_server_live gauge\nenvoy_server_live{} 1\n# TYPE envoy_listener_downstream_cx_total counter\nenvoy_listener_downstream_cx_total{listener_address="0.0.0.0_15001"} ${pod?.accepted.outbound ?? 0}\nenvoy_listener_downstream_cx_total{listener_address="0.0.0.0_15006"} ${pod?.accepted.inbound ?? 0}\n`;
      return { kind: 'response', orphaned: false, resp: plain(req.path.startsWith('/stats/prometheus') ? 200 : 404, req.path.startsWith('/stats/prometheus') ? body : '') };
    }
    default:
      return { kind: 'empty' };
  }
}

function serveApp(world: World, pod: Pod, conn: TcpConn, req: HttpRequest): Served {
  const s = conn.server.sock;
  const ctx: AppCallContext = {
    peer: `${ipText(s.remoteIp)}:${s.remotePort}`, local: `${ipText(s.localIp)}:${s.localPort}`, uid: pod.app.uid, podName: pod.spec.name,
  };
  if (world.opts.flavour === 'lab') return { kind: 'response', resp: labApp(req, ctx), orphaned: true };
  let ratings: { stars: number } | null | undefined;
  if (pod.spec.app === 'reviews' && world.opts.reviewsCallsRatings && /^\/reviews\/\d+$/.test(req.path)) {
    const r = httpGet(world, pod.app, `http://ratings:9080/ratings/${req.path.split('/')[2]}`);
    ratings = r.response && r.response.status === 200 ? { stars: 5 } : null;
  }
  if (pod.spec.app === 'productpage' && (req.path === '/productpage' || req.path === '/')) {
    httpGet(world, pod.app, 'http://details:9080/details/0');
    httpGet(world, pod.app, 'http://reviews:9080/reviews/0');
  }
  return { kind: 'response', resp: bookinfoApp(pod.spec.app, req, ctx, ratings), orphaned: true };
}

let requestCounter = 0;

function requestId(): string {
  requestCounter = (requestCounter + 1) % 0xffff;
  const hex = requestCounter.toString(16).padStart(4, '0');
  return `9d0f${hex}-5b1c-9a4e-8f3d-2c7b6a51e0${hex.slice(0, 2)}`;
}

function serveEnvoy(world: World, pod: Pod, conn: TcpConn, req: HttpRequest, kind: 'outbound' | 'inbound'): Served {
  const n = ++pod.accepted[kind];
  // Beyond its bound of open connections the proxy closes a new one at once (unread
  // data: RST). Only a redirect loop keeps that many open: each hop waits for the next.
  if (pod.active[kind] >= world.opts.envoyMaxConns) return { kind: 'reset' };
  pod.active[kind]++;
  try {
    return proxy(world, pod, conn, req, kind, n);
  } finally {
    pod.active[kind]--;
  }
}

function proxy(world: World, pod: Pod, conn: TcpConn, req: HttpRequest, kind: 'outbound' | 'inbound', n: number): Served {
  const envoy = pod.envoy!;
  const od = conn.originalDst() ?? { ip: conn.server.sock.localIp, port: conn.server.sock.localPort };
  let target: { ip: number; port: number };
  let bindIp: number | undefined;
  if (kind === 'outbound') {
    // EDS: a Service's ClusterIP becomes the endpoint's pod IP; anything else passes through.
    target = world.serviceEndpoint(od.ip, od.port, 6) ?? od;
  } else if (pod.inboundVia === 'localhost') {
    target = { ip: ip('127.0.0.1'), port: od.port };
  } else if (pod.inboundVia === 'original-src') {
    // Envoy's original_src filter: the client's address on a transparent socket, marked.
    target = { ip: ip(pod.spec.ip), port: od.port };
    bindIp = conn.server.sock.remoteIp;
  } else {
    bindIp = ip('127.0.0.6');
    target = { ip: ip(pod.spec.ip), port: od.port };
  }
  const lab = world.opts.flavour === 'lab';
  const fwd: HttpRequest = { ...req, headers: [...req.headers] };
  if (lab) fwd.headers.unshift(`x-lab-envoy-req: ${pod.spec.app}/${kind} conn=${n}`);
  else if (kind === 'outbound') fwd.headers.push('x-forwarded-proto: http', `x-request-id: ${requestId()}`, 'x-envoy-attempt-count: 1');
  const originalSrc = kind === 'inbound' && pod.inboundVia === 'original-src';
  const up = tcpConnect(stackOf(world), pod.ns, target.ip, target.port, {
    owner: ownerOf(envoy, 40 + n), bindIp, label: `${pod.spec.name}/envoy`,
    transparent: originalSrc, mark: originalSrc ? Number(pod.options?.inboundTproxyMark ?? 1337) : undefined,
    // the lab's mock gave up after 2 s; Envoy's default connect timeout is 10 s
    timeoutS: lab ? 2 : 10, sleep: (ms) => world.advance(ms),
  });
  // The lab's mock connected upstream before reading the request: on failure it closed the
  // downstream socket with the request unread (a RST carrying timestamps).
  if (!up.ok) return lab ? { kind: 'reset', rstLength: 52 } : { kind: 'response', orphaned: false, resp: envoyError('upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: 111') };
  const served = exchange(world, up.conn, up.listener, fwd, false);
  // The upstream closed or reset without an answer (a redirect loop's last hop): the
  // downstream gets nothing either, as with the lab's mock (curl: Empty reply from server).
  if (served.kind !== 'response') return { kind: 'empty' };
  const resp: HttpResponse = { ...served.resp, headers: [...served.resp.headers] };
  if (lab) {
    const local = `${ipText(up.conn.client.sock.localIp)}:${up.conn.client.sock.localPort}`;
    resp.headers.unshift(`x-lab-envoy: ${pod.spec.app}/${kind} conn=${n} orig_dst=${ipText(od.ip)}:${od.port} upstream=${local}->${ipText(target.ip)}:${target.port}`);
  } else if (kind === 'outbound') {
    resp.version = 'HTTP/1.1';
    resp.headers = resp.headers.filter((h) => !/^server:/i.test(h));
    resp.headers.push('date: Wed, 25 Nov 2026 09:00:00 GMT', 'x-envoy-upstream-service-time: 4', 'server: envoy');
  }
  return { kind: 'response', resp, orphaned: false };
}

function plain(status: number, body: string): HttpResponse {
  return {
    version: 'HTTP/1.1', status, reason: status === 200 ? 'OK' : 'Not Found',
    headers: ['content-type: text/plain; charset=UTF-8', 'cache-control: no-cache, max-age=0', 'x-content-type-options: nosniff', 'date: Wed, 25 Nov 2026 09:00:00 GMT', 'server: envoy', ...(body ? [`content-length: ${byteLength(body)}`] : ['content-length: 0'])],
    body,
  };
}

function envoyError(text: string): HttpResponse {
  return {
    version: 'HTTP/1.1', status: 503, reason: 'Service Unavailable',
    headers: [`content-length: ${text.length}`, 'content-type: text/plain', 'date: Wed, 25 Nov 2026 09:00:00 GMT', 'server: envoy'],
    body: text,
  };
}
