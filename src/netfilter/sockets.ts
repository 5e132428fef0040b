// Sockets of one namespace, as far as the packet path and `ss` need them: listeners
// (lookup by address/port with 0.0.0.0 wildcard), connected sockets (lookup by
// 4-tuple) and TIME-WAIT leftovers, which have no owner any more.

export type SockState =
  | 'LISTEN' | 'SYN-SENT' | 'SYN-RECV' | 'ESTAB' | 'FIN-WAIT-1' | 'FIN-WAIT-2' | 'CLOSE-WAIT'
  | 'LAST-ACK' | 'CLOSING' | 'TIME-WAIT' | 'CLOSED' | 'UNCONN';

export interface SockOwner {
  uid: number;
  gid: number;
  pid: number;
  comm: string;
  fd: number;
}

export interface Sock {
  id: number;
  proto: 6 | 17;
  state: SockState;
  localIp: number;
  localPort: number;
  remoteIp: number;
  remotePort: number;
  /** undefined for TIME-WAIT mini sockets (they have no owner: owner match fails) */
  owner?: SockOwner;
  transparent: boolean;
  backlog: number;
  inode: number;
  /** world clock (ms) when the socket entered TIME-WAIT */
  timeWaitAt?: number;
  /** the listener a connection was accepted from */
  parent?: Sock;
  /** opaque: what the world runs when this listener accepts or receives */
  service?: string;
  /** connections a listener accepted so far */
  accepted?: number;
  /** SO_MARK */
  mark?: number;
}

export class SocketTable {
  readonly all: Sock[] = [];
  private nextId = 1;
  private nextInode = 158400;

  add(s: Omit<Sock, 'id' | 'inode'>): Sock {
    const sock: Sock = { ...s, id: this.nextId++, inode: s.state === 'TIME-WAIT' ? 0 : this.nextInode++ };
    this.all.push(sock);
    return sock;
  }

  remove(s: Sock): void {
    const i = this.all.indexOf(s);
    if (i >= 0) this.all.splice(i, 1);
  }

  listeners(proto: number): Sock[] {
    return this.all.filter((s) => s.proto === proto && (s.state === 'LISTEN' || (proto === 17 && s.state === 'UNCONN')));
  }

  /** __inet_lookup: connected socket for the exact 4-tuple first, then a listener. */
  lookup(proto: number, src: number, sport: number, dst: number, dport: number): Sock | undefined {
    for (const s of this.all) {
      if (s.proto !== proto || s.state === 'LISTEN' || s.state === 'UNCONN' || s.state === 'CLOSED') continue;
      if (s.localIp === dst && s.localPort === dport && s.remoteIp === src && s.remotePort === sport) return s;
    }
    return this.lookupListener(proto, dst, dport);
  }

  lookupListener(proto: number, dst: number, dport: number): Sock | undefined {
    let wildcard: Sock | undefined;
    for (const s of this.all) {
      if (s.proto !== proto || s.localPort !== dport) continue;
      if (s.state !== 'LISTEN' && !(proto === 17 && s.state === 'UNCONN')) continue;
      if (s.localIp === dst) return s;
      if (s.localIp === 0) wildcard ??= s;
    }
    return wildcard;
  }

  portInUse(port: number): boolean {
    return this.all.some((s) => s.localPort === port && s.state !== 'CLOSED');
  }
}
