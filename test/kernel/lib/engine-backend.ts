// The engine side of every differential test: one Firewall per simulated namespace, and a
// ProgramRunner that dispatches iptables / iptables-save / iptables-restore to the engine
// API documented in docs/architecture.md ("Engine API"). Name lookups use the capture
// host's frozen /etc (ETC_BASE), the same files run-cases.sh bind-mounts for the real side.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { runIptables, type EngineEnv } from '../../../src/engine/iptables.ts';
import { Firewall } from '../../../src/engine/model.ts';
import { ETC_BASE } from '../../../src/engine/names/etc-base.ts';
import { NameDb } from '../../../src/engine/names/namedb.ts';
import { runIptablesRestore } from '../../../src/engine/restore.ts';
import { runIptablesSave } from '../../../src/engine/save.ts';
import type { ProgramRunner } from './run-line.ts';
import { KERNEL_EXTRA } from './real-iptables.ts';
import type { Flavor } from './real-iptables.ts';

const names = new NameDb(ETC_BASE);

export function newEngine(flavor: Flavor): { fw: Firewall; run: ProgramRunner } {
  const fw = new Firewall({ flavor });
  const env: EngineEnv = { names, now: () => new Date(), readFile: restoreFile };
  const run: ProgramRunner = (argv, stdin) => {
    const [prog, ...args] = argv;
    if (prog === 'iptables') return runIptables(fw, argv, env);
    if (prog === 'iptables-save') return runIptablesSave(fw, args, env);
    if (prog === 'iptables-restore') return runIptablesRestore(fw, args, stdin, env);
    return { stdout: '', stderr: `<no such program ${prog}>\n`, code: 127 };
  };
  return { fw, run };
}

/** `< file` in a capture command: relative to kernel-extra; the shared recipe's /tmp/fmt paths map to our copies. */
export function readFixtureFile(path: string): string | null {
  const mapped = path.startsWith('/tmp/fmt/') ? join(KERNEL_EXTRA, 'inputs', path.slice('/tmp/fmt/'.length)) : path;
  const abs = isAbsolute(mapped) ? mapped : join(KERNEL_EXTRA, mapped);
  return existsSync(abs) ? readFileSync(abs, 'utf8') : null;
}

/** `iptables-restore FILE`: only regular files among the fixtures (random argv must not read the host) */
function restoreFile(path: string): string | null {
  if (path === '' || path.includes('\0') || isAbsolute(path) || path.split('/').includes('..')) return null;
  const abs = join(KERNEL_EXTRA, path);
  try {
    return statSync(abs).isFile() ? readFileSync(abs, 'utf8') : null;
  } catch {
    return null;
  }
}
