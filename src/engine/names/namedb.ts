// Name lookups as glibc's "files" backend answers them, built from the text of the
// simulated host's /etc files. iptables prints names (ssh, localhost, loopback/8,
// istio-proxy) only because these files say so, so the files are the source of truth.

import { ETC_BASE } from './etc-base.ts';

export interface EtcFiles {
  services?: string;
  protocols?: string;
  hosts?: string;
  'host.conf'?: string;
  networks?: string;
  passwd?: string;
  group?: string;
}

interface ServiceEntry { name: string; port: number; proto: string; aliases: string[] }
interface NamedNumber { name: string; num: number; aliases: string[] }
interface HostEntry { addr: string; names: string[] }

function dataLines(text: string | undefined): string[][] {
  if (!text) return [];
  const out: string[][] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const line = hash >= 0 ? raw.slice(0, hash) : raw;
    const fields = line.split(/[ \t\r]+/).filter((f) => f.length > 0);
    if (fields.length > 0) out.push(fields);
  }
  return out;
}

/** inet_network(3): the number of an /etc/networks entry (host byte order). */
export function inetNetwork(s: string): number | null {
  const parts = s.split('.');
  if (parts.length > 4) return null;
  let val = 0;
  for (const p of parts) {
    if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(p)) return null;
    const n = Number.parseInt(p, p.startsWith('0x') || p.startsWith('0X') ? 16 : p.startsWith('0') && p.length > 1 ? 8 : 10);
    if (n > 255) return null;
    val = val * 256 + n;
  }
  return val >>> 0;
}

function parseDottedStrict(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const n = Number(m[i]);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v >>> 0;
}

export class NameDb {
  private services: ServiceEntry[] = [];
  private protocols: NamedNumber[] = [];
  private networks: NamedNumber[] = [];
  private hosts: HostEntry[] = [];
  private users: NamedNumber[] = [];
  private groups: NamedNumber[] = [];
  private multi = false;
  private portCache = new Map<string, string | null>();

  constructor(files: EtcFiles) {
    for (const f of dataLines(files.services)) {
      const m = /^(\d+)\/(\S+)$/.exec(f[1] ?? '');
      if (!m) continue;
      this.services.push({ name: f[0], port: Number(m[1]), proto: m[2], aliases: f.slice(2) });
    }
    for (const f of dataLines(files.protocols)) {
      if (!/^\d+$/.test(f[1] ?? '')) continue;
      this.protocols.push({ name: f[0], num: Number(f[1]), aliases: f.slice(2) });
    }
    for (const f of dataLines(files.networks)) {
      const n = f[1] !== undefined ? inetNetwork(f[1]) : null;
      if (n === null) continue;
      this.networks.push({ name: f[0], num: n, aliases: f.slice(2) });
    }
    for (const f of dataLines(files.hosts)) {
      if (f.length < 2) continue;
      this.hosts.push({ addr: f[0], names: f.slice(1) });
    }
    for (const f of dataLines(files['host.conf'])) {
      if (f[0] === 'multi') this.multi = f[1] === 'on';
    }
    for (const [list, text] of [[this.users, files.passwd], [this.groups, files.group]] as const) {
      for (const line of (text ?? '').split('\n')) {
        const p = line.split(':');
        if (p.length < 3 || !/^\d+$/.test(p[2])) continue;
        list.push({ name: p[0], num: Number(p[2]), aliases: [] });
      }
    }
  }

  /** getservbyport(port, proto) -> s_name */
  serviceName(port: number, proto: string): string | null {
    const key = `${port}/${proto}`;
    const hit = this.portCache.get(key);
    if (hit !== undefined) return hit;
    const e = this.services.find((s) => s.port === port && s.proto === proto);
    const r = e ? e.name : null;
    this.portCache.set(key, r);
    return r;
  }

  /** getaddrinfo(NULL, name): tcp entries first, then udp, then the rest. */
  servicePort(name: string): number | null {
    for (const proto of ['tcp', 'udp', 'sctp', 'dccp']) {
      const e = this.services.find((s) => s.proto === proto && (s.name === name || s.aliases.includes(name)));
      if (e) return e.port;
    }
    return null;
  }

  /** getservbyname(name, proto) */
  servicePortFor(name: string, proto: string): number | null {
    const e = this.services.find((s) => s.proto === proto && (s.name === name || s.aliases.includes(name)));
    return e ? e.port : null;
  }

  protocolName(num: number): string | null {
    return this.protocols.find((p) => p.num === num)?.name ?? null;
  }

  protocolNumber(name: string): number | null {
    const e = this.protocols.find((p) => p.name === name || p.aliases.includes(name));
    return e ? e.num : null;
  }

  /** gethostbyaddr over /etc/hosts: the canonical name of the first line with this address. */
  hostName(addr: number): string | null {
    for (const h of this.hosts) {
      if (parseDottedStrict(h.addr) === addr) return h.names[0];
    }
    return null;
  }

  /**
   * getaddrinfo(name, AF_INET) over /etc/hosts. With `multi on` every matching line
   * counts; glibc answers the IPv6 loopback line with 127.0.0.1 for an IPv4 query,
   * which is why `-d localhost` yields the same address twice on the capture host.
   */
  hostAddrs(name: string): number[] {
    const out: number[] = [];
    const lname = name.toLowerCase();
    for (const h of this.hosts) {
      if (!h.names.some((n) => n.toLowerCase() === lname)) continue;
      let a = parseDottedStrict(h.addr);
      if (a === null && (h.addr === '::1' || h.addr === '0:0:0:0:0:0:0:1')) a = 0x7f000001;
      if (a === null) continue;
      out.push(a);
      if (!this.multi) break;
    }
    return out;
  }

  networkName(net: number): string | null {
    return this.networks.find((n) => n.num === net)?.name ?? null;
  }

  networkNumber(name: string): number | null {
    const e = this.networks.find((n) => n.name === name || n.aliases.includes(name));
    return e ? e.num : null;
  }

  userName(uid: number): string | null {
    return this.users.find((u) => u.num === uid)?.name ?? null;
  }

  userId(name: string): number | null {
    return this.users.find((u) => u.name === name)?.num ?? null;
  }

  groupName(gid: number): string | null {
    return this.groups.find((g) => g.num === gid)?.name ?? null;
  }

  groupId(name: string): number | null {
    return this.groups.find((g) => g.name === name)?.num ?? null;
  }
}

let defaultDb: NameDb | null = null;

/** A NameDb over the capture host's files (fixtures/kernel-format/etc/base). */
export function defaultNameDb(): NameDb {
  defaultDb ??= new NameDb(ETC_BASE);
  return defaultDb;
}
