import { ETC_BASE } from '../engine/names/etc-base.ts';
import type { ShellHost } from './host.ts';
import type { ShellFs, Where } from './types.ts';

// The files a reader can cat/grep: the world's host files (or, without a world, the /etc the
// engine's name lookups use), a few node files, and whatever the reader wrote with `>`.

const BASE_DIRS = ['/', '/root', '/tmp', '/etc', '/dev', '/proc', '/usr', '/usr/bin', '/usr/sbin', '/var', '/var/log', '/home', '/run', '/bin', '/sbin'];

const NODE_FILES: Record<string, string> = {
  '/etc/hostname': 'node-1\n',
  '/etc/resolv.conf': 'nameserver 10.128.0.2\nsearch c.internal\n',
  '/etc/os-release':
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
  '/dev/null': '',
};

export function normalizePath(cwd: string, path: string): string {
  let p = path;
  if (p === '~' || p.startsWith('~/')) p = '/root' + p.slice(1);
  if (!p.startsWith('/')) p = (cwd === '/' ? '' : cwd) + '/' + p;
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export interface FsDeps<W> {
  files(): Map<string, string>;
  cwd(): string;
  host(): ShellHost<W> | undefined;
  where(): Where;
  /** Variables of the command reading (SIM_CONTAINER tells the world which container's files). */
  env?(): Record<string, string> | undefined;
}

export function createFs<W>(deps: FsDeps<W>): ShellFs & { knownFiles(): string[] } {
  const dirs = () => new Set([...BASE_DIRS, ...(deps.host()?.dirs?.(deps.where()) ?? [])]);
  const hostFile = (path: string): string | undefined => {
    const h = deps.host();
    if (h?.readFile) {
      const t = h.readFile(deps.where(), path, deps.env?.());
      if (t !== undefined) return t;
    } else if (path.startsWith('/etc/')) {
      const t = ETC_BASE[path.slice(5)];
      if (t !== undefined) return t;
    }
    return NODE_FILES[path];
  };
  return {
    resolve: (path) => normalizePath(deps.cwd(), path),
    isDir: (path) => dirs().has(path),
    read(path) {
      if (dirs().has(path)) return { error: 'EISDIR' };
      const written = deps.files().get(path);
      if (written !== undefined) return { text: written };
      const t = hostFile(path);
      return t === undefined ? { error: 'ENOENT' } : { text: t };
    },
    write(path, text, append) {
      if (path === '/dev/null') return null;
      if (dirs().has(path)) return 'EISDIR';
      if (!dirs().has(parentOf(path))) return 'ENOENT';
      const files = deps.files();
      const prev = files.get(path) ?? (append ? hostFile(path) ?? '' : '');
      files.set(path, append ? prev + text : text);
      return null;
    },
    knownFiles() {
      const etc = Object.keys(ETC_BASE).map((k) => '/etc/' + k);
      return [...new Set([...etc, ...Object.keys(NODE_FILES), ...deps.files().keys()])].sort();
    },
    list(dir) {
      const all = [...dirs(), ...this.knownFiles()];
      const prefix = dir === '/' ? '/' : dir + '/';
      const names = new Set<string>();
      for (const p of all) {
        if (p === dir || !p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        if (rest && !rest.includes('/')) names.add(rest);
      }
      return [...names].sort();
    },
  };
}
