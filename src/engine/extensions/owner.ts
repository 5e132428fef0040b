// libxt_owner (revision 1): --uid-owner, --gid-owner, --socket-exists, --suppl-groups.
// The kernel only allows it where a local socket is known: OUTPUT and POSTROUTING.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { badValue } from './helpers.ts';
import { strtoui } from '../ipv4.ts';
import { HOOK_OUTPUT, HOOK_POSTROUTING } from '../packet.ts';
import type { NameDb } from '../names/namedb.ts';

export interface OwnerData {
  uid: [number, number] | null;
  gid: [number, number] | null;
  socketExists: boolean;
  supplGroups: boolean;
  invUid: boolean;
  invGid: boolean;
  invSocket: boolean;
}

function parseIdRange(arg: string, opt: string, lookup: (n: string) => number | null): [number, number] {
  const byName = lookup(arg);
  if (byName !== null) return [byName, byName];
  const m = /^([^-:]+)(?:[-:](.+))?$/.exec(arg);
  const lo = m ? strtoui(m[1], 0, 0xfffffffe) : null;
  const hi = m && m[2] !== undefined ? strtoui(m[2], 0, 0xfffffffe) : lo;
  if (lo === null || hi === null) badValue('owner', `--${opt}`, arg);
  return [lo, hi];
}

function idText(r: [number, number], numeric: boolean, lookup: (n: number) => string | null): string {
  if (r[0] === r[1]) {
    if (!numeric) {
      const n = lookup(r[0]);
      if (n) return n;
    }
    return String(r[0]);
  }
  return `${r[0]}-${r[1]}`;
}

function saveId(r: [number, number]): string {
  return r[0] === r[1] ? String(r[0]) : `${r[0]}-${r[1]}`;
}

function userName(names: NameDb): (n: number) => string | null {
  return (n) => names.userName(n);
}

export const owner = defineMatch<OwnerData>({
  kind: 'match',
  name: 'owner',
  options: [
    { name: 'uid-owner', hasArg: 1, id: 'uid', invert: true },
    { name: 'gid-owner', hasArg: 1, id: 'gid', invert: true },
    { name: 'socket-exists', hasArg: 0, id: 'socket', invert: true },
    { name: 'suppl-groups', hasArg: 0, id: 'suppl', also: ['gid'] },
  ],
  init: () => ({ uid: null, gid: null, socketExists: false, supplGroups: false, invUid: false, invGid: false, invSocket: false }),
  parse(id, arg, invert, d, ctx) {
    switch (id) {
      case 'uid':
        d.uid = parseIdRange(arg!, 'uid-owner', (n) => ctx.names.userId(n));
        d.invUid = invert;
        break;
      case 'gid':
        d.gid = parseIdRange(arg!, 'gid-owner', (n) => ctx.names.groupId(n));
        d.invGid = invert;
        break;
      case 'socket':
        d.socketExists = true;
        d.invSocket = invert;
        break;
      case 'suppl':
        if (!d.gid) throw paramError('owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"');
        d.supplGroups = true;
        break;
    }
  },
  print(d, ctx) {
    let s = '';
    if (d.socketExists) s += `${d.invSocket ? ' !' : ''} owner socket exists`;
    if (d.uid) s += `${d.invUid ? ' !' : ''} owner UID match ${idText(d.uid, ctx.numeric, userName(ctx.names))}`;
    if (d.gid) s += `${d.invGid ? ' !' : ''} owner GID match ${idText(d.gid, ctx.numeric, (n) => ctx.names.groupName(n))}`;
    if (d.supplGroups) s += ' incl. suppl. groups';
    return s;
  },
  save(d) {
    let s = '';
    if (d.socketExists) s += `${d.invSocket ? ' !' : ''} --socket-exists`;
    if (d.uid) s += `${d.invUid ? ' !' : ''} --uid-owner ${saveId(d.uid)}`;
    if (d.gid) s += `${d.invGid ? ' !' : ''} --gid-owner ${saveId(d.gid)}`;
    if (d.supplGroups) s += ' --suppl-groups';
    return s;
  },
  final(_d, _ctx, seen) {
    if (!seen.has('uid') && !seen.has('gid') && !seen.has('socket')) throw paramError('owner: At least one of --uid-owner, --gid-owner or --socket-exists is required');
  },
  check(d, ctx) {
    if ((d.uid && d.uid[0] > d.uid[1]) || (d.gid && d.gid[0] > d.gid[1])) return false;
    return (ctx.hooks & ~(HOOK_OUTPUT | HOOK_POSTROUTING)) === 0;
  },
  match(d, pkt) {
    const sk = pkt.socket;
    // xt_owner: without a socket, the rule matches only if every given item is negated
    if (!sk) return (!d.socketExists || d.invSocket) && (!d.uid || d.invUid) && (!d.gid || d.invGid);
    if (d.socketExists && d.invSocket) return false;
    if (d.uid) {
      const hit = sk.uid >= d.uid[0] && sk.uid <= d.uid[1];
      if (hit === d.invUid) return false;
    }
    if (d.gid) {
      let hit = sk.gid >= d.gid[0] && sk.gid <= d.gid[1];
      if (!hit && d.supplGroups) hit = (sk.groups ?? []).some((g) => g >= d.gid![0] && g <= d.gid![1]);
      if (hit === d.invGid) return false;
    }
    return true;
  },
});
