// Worker-bundle plugin: each module of LAZY_MODULES (components/terminal/lazy-packs.ts) is
// replaced by a stand-in with the same exports that forwards to the real module, which
// becomes its own chunk, loaded by the worker before a request that may use it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { LAZY_MODULES, LAZY_PACKS } from './lazy-packs.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNTIME = fileURLToPath(new URL('./lazy-runtime.ts', import.meta.url));
const REAL = '?lazy-real';
const STANDIN = '\0lazy-pack:';

/** Exported names of a module, failing on forms the stand-in cannot mirror. */
function exportsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const names: string[] = [];
  for (const m of src.matchAll(/^export\s+(\w+(?:\s+\w+)?)\s+(\w+)/gm)) {
    const [, kind, name] = m;
    if (kind === 'interface' || kind === 'type') continue;
    if (!/^(function|const|let|async function)$/.test(kind)) throw new Error(`vite-lazy: ${file}: cannot mirror \`export ${kind} ${name}\``);
    names.push(name);
  }
  if (/^export\s*(\{|\*|default)/m.test(src)) throw new Error(`vite-lazy: ${file}: re-exports and default exports are not mirrored`);
  return names.sort();
}

export function lazyPacks(): Plugin {
  const names = Object.keys(LAZY_PACKS);
  if (names.join() !== Object.keys(LAZY_MODULES).join()) throw new Error('vite-lazy: LAZY_PACKS and LAZY_MODULES name different packs');
  const byFile = new Map(Object.entries(LAZY_MODULES).map(([name, p]) => [ROOT + p.module, name]));
  return {
    name: 'lazy-packs',
    enforce: 'pre',
    apply: 'build',
    async resolveId(source, importer, options) {
      if (source.endsWith(REAL)) return source.slice(0, -REAL.length);
      if (source.startsWith(STANDIN)) return source;
      const r = await this.resolve(source, importer, { ...options, skipSelf: true });
      const pack = r && byFile.get(r.id);
      return pack ? STANDIN + pack : null;
    },
    load(id) {
      if (!id.startsWith(STANDIN)) return null;
      const name = id.slice(STANDIN.length);
      const p = LAZY_MODULES[name];
      const file = ROOT + p.module;
      const declared = [...p.functions, ...(p.data ?? []), ...(p.objects ?? [])].sort();
      const actual = exportsOf(file);
      if (declared.join() !== actual.join()) throw new Error(`vite-lazy: ${p.module} exports ${actual.join(', ')}; LAZY_MODULES says ${declared.join(', ')}`);
      const data = p.data ?? [];
      const pack = JSON.stringify(name);
      return [
        `import { provide, need, forward } from ${JSON.stringify(RUNTIME)};`,
        ...data.map((d) => `export let ${d};`),
        `provide(${JSON.stringify(name)}, () => import(${JSON.stringify(file + REAL)}).then((m) => { ${data.map((d) => `${d} = m.${d};`).join(' ')} return m; }));`,
        ...p.functions.map((f) => `export function ${f}(...a) { return need(${pack}).${f}(...a); }`),
        ...(p.objects ?? []).map((o) => `export const ${o} = forward(${pack}, ${JSON.stringify(o)});`),
      ].join('\n');
    },
  };
}
