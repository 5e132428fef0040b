// Build-time trimming of what the terminal ships (the chunk budget is 140 KB gzip):
//  - xterm.js is built from its TypeScript sources without the parts the guide never uses,
//    and with one layout fix (components/terminal/xterm-source.ts).
//  - xterm's private members keep their names in the build (`_bufferService`,
//    `_renderService` ... thousands of times). Shortening every `_name` property, the way
//    esbuild's mangleProps does, saves about 5 KB gzip. The fit addon reaches into xterm's
//    privates (`_core._renderService`), so both files share one name table, xterm first.
//  - xterm-readline measures text with `string-width`, which carries a 10 KB emoji regular
//    expression; `string-width` resolves to components/terminal/string-width.ts instead.
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import type { Plugin } from 'vite';
import { buildXterm } from './xterm-source.ts';

const XTERM = /node_modules\/@xterm\/xterm\/lib\/xterm\.mjs$/;
const FIT = /node_modules\/@xterm\/addon-fit\/lib\/addon-fit\.mjs$/;

export function xtermTrim(): Plugin {
  const cache: Record<string, string | false> = {};
  let xtermDone: Promise<string> | null = null;
  const xterm = () =>
    (xtermDone ??= buildXterm(cache).then((r) => {
      Object.assign(cache, r.mangleCache);
      return r.code;
    }));
  const mangle = async (code: string): Promise<string> => {
    const r = await transform(code, { format: 'esm', mangleProps: /^_/, mangleCache: cache, legalComments: 'none' });
    Object.assign(cache, r.mangleCache);
    return r.code;
  };
  return {
    name: 'xterm-trim',
    enforce: 'pre',
    apply: 'build',
    resolveId(source) {
      if (source === 'string-width') return fileURLToPath(new URL('./string-width.ts', import.meta.url));
      return null;
    },
    async transform(_code, id) {
      if (XTERM.test(id)) return { code: await xterm(), map: null };
      if (FIT.test(id)) {
        // xterm's names first, so `_core` means the same in both files.
        await xterm();
        return { code: await mangle(_code), map: null };
      }
      return null;
    },
  };
}
