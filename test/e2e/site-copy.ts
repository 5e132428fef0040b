import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// A throw-away copy of the site's sources (node_modules linked, not copied), used to
// build fixture chapters, time a build, or serve a frozen dist/ while the working tree
// keeps changing. src/pages/dev/ (the components' test pages) is left out unless `devPages`.
export const SITE_SOURCES = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'components', 'public', 'docs'];

export interface SiteCopy { root: string; remove(): void }

export function copySite(from: string, opts: { extra?: string[]; content?: string; prefix?: string; devPages?: boolean } = {}): SiteCopy {
  const src = resolve(from);
  const root = mkdtempSync(join(tmpdir(), opts.prefix ?? 'istio-guide-site-'));
  const skip = opts.devPages ? '\0' : join(src, 'src/pages/dev');
  for (const e of [...SITE_SOURCES, ...(opts.extra ?? [])]) {
    if (existsSync(join(src, e))) cpSync(join(src, e), join(root, e), { recursive: true, filter: (s) => !s.startsWith(skip) });
  }
  if (opts.content) cpSync(opts.content, join(root, 'content'), { recursive: true });
  symlinkSync(join(src, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
