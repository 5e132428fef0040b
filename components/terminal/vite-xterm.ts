// Build-time trimming of what the terminal ships (the chunk budget is 140 KB gzip):
//  - xterm.js is published minified but with its private members' names intact
//    (`_bufferService`, `_renderService` ... thousands of times). Shortening every `_name`
//    property, the way esbuild's mangleProps does, saves about 5 KB gzip. The fit addon
//    reaches into xterm's privates (`_core._renderService`), so both files share one
//    name table, xterm first.
//  - the screen-reader rows (screenReaderMode) are re-aligned after every render: xterm
//    clears a row's transform, reads its width and sets a new transform, row by row, so
//    each row forces a layout of the page (40 layouts in the frame of a listing). The
//    patch below clears them all, reads all widths, then sets all transforms: one layout,
//    the same transforms.
//  - xterm-readline measures text with `string-width`, which carries a 10 KB emoji regular
//    expression; `string-width` resolves to components/terminal/string-width.ts instead.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import type { Plugin } from 'vite';

const XTERM = /node_modules\/@xterm\/xterm\/lib\/xterm\.mjs$/;
const FIT = /node_modules\/@xterm\/addon-fit\/lib\/addon-fit\.mjs$/;

/** Source patches of xterm 6.0.0's lib/xterm.mjs: [what, find, replace]. A find that is
 *  missing (another xterm version) fails the build rather than ship unpatched. */
const XTERM_PATCHES: [string, string, string][] = [
  [
    'batch the accessibility rows\' width reads',
    'this._alignRowWidth(c))}this._announceCharacters()}',
    'c.style.transform="",(this._rowsToAlign??=[]).push(c))}this._alignRowWidths();this._announceCharacters()}' +
      '_alignRowWidths(){let q=this._rowsToAlign??[];this._rowsToAlign=[];let w=q.map(e=>e.getBoundingClientRect().width);' +
      'q.forEach((e,k)=>{let r=this._rowColumns.get(e)?.slice(-1)?.[0];if(r)e.style.transform=`scaleX(${r*this._renderService.dimensions.css.cell.width/w[k]})`})}',
  ],
];

export function patchXterm(code: string): string {
  for (const [what, find, replace] of XTERM_PATCHES) {
    const at = code.indexOf(find);
    if (at < 0 || code.indexOf(find, at + 1) >= 0) throw new Error(`xterm-trim: cannot ${what}: the xterm build changed`);
    code = code.slice(0, at) + replace + code.slice(at + find.length);
  }
  return code;
}

export function xtermTrim(): Plugin {
  const cache: Record<string, string | false> = {};
  let xtermDone: Promise<string> | null = null;
  const mangle = async (code: string): Promise<string> => {
    const r = await transform(code, { format: 'esm', mangleProps: /^_/, mangleCache: cache, legalComments: 'none' });
    Object.assign(cache, r.mangleCache);
    return r.code;
  };
  const xterm = (id: string, code?: string) => (xtermDone ??= mangle(patchXterm(code ?? readFileSync(id, 'utf8'))));
  return {
    name: 'xterm-trim',
    enforce: 'pre',
    apply: 'build',
    resolveId(source) {
      if (source === 'string-width') return fileURLToPath(new URL('./string-width.ts', import.meta.url));
      return null;
    },
    async transform(code, id) {
      if (XTERM.test(id)) return { code: await xterm(id, code), map: null };
      if (FIT.test(id)) {
        // xterm's names first, so `_core` means the same in both files.
        await xterm(id.replace(/@xterm\/addon-fit\/lib\/addon-fit\.mjs$/, '@xterm/xterm/lib/xterm.mjs'));
        return { code: await mangle(code), map: null };
      }
      return null;
    },
  };
}
