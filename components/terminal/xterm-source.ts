// xterm.js built from the TypeScript sources its package ships (node_modules/@xterm/xterm/src),
// with the parts this guide never uses replaced by inert stand-ins, and one patch. The
// published lib/xterm.mjs is one pre-bundled file, so nothing in it can be left out.
// Left out (the terminal never uses them, so nothing the reader sees changes):
//  - decorations (registerDecoration, the overview ruler): no decoration is ever added;
//  - the link detector and OSC 8 hyperlinks: no link provider is registered, and output
//    never carries escape sequences (session-server.ts makes control characters visible);
//  - character joiners (ligatures): none is registered.
// Patched: a VS Code helper's module-level singleton (unused by xterm) is marked pure so the
// bundler can drop it; and the screen-reader rows (screenReaderMode) are re-aligned after every render, and
// xterm clears a row's transform, reads its width and sets a new transform row by row, so
// each row forces a layout of the page. The patch clears them all, reads all widths, then
// sets all transforms: one layout, the same transforms.
// A stand-in or patch that no longer matches the sources (another xterm version) fails the build.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin as EsbuildPlugin } from 'esbuild';

// Real path: esbuild resolves relative imports through symlinks (node_modules may be one).
const SRC = `${realpathSync(fileURLToPath(new URL('../../node_modules/@xterm/xterm/src/', import.meta.url)))}/`;

/** Module (under src/) -> replacement source. Each keeps the exports and members xterm uses. */
const STANDINS: Record<string, string> = {
  'browser/decorations/OverviewRulerRenderer.ts': `export class OverviewRulerRenderer { constructor() { throw new Error('this xterm build has no overview ruler'); } }`,
  'browser/decorations/BufferDecorationRenderer.ts': `import { Disposable } from 'vs/base/common/lifecycle';
export class BufferDecorationRenderer extends Disposable {}`,
  'common/services/DecorationService.ts': `import { Disposable } from 'vs/base/common/lifecycle';
import { Event } from 'vs/base/common/event';
export class DecorationService extends Disposable {
  public serviceBrand: any;
  public readonly onDecorationRegistered = Event.None;
  public readonly onDecorationRemoved = Event.None;
  public get decorations(): IterableIterator<never> { return [][Symbol.iterator](); }
  public registerDecoration(): undefined { return undefined; }
  public reset(): void {}
  public forEachDecorationAtCell(): void {}
}`,
  'browser/Linkifier.ts': `import { Disposable } from 'vs/base/common/lifecycle';
import { Event } from 'vs/base/common/event';
export class Linkifier extends Disposable {
  public readonly onShowLinkUnderline = Event.None;
  public readonly onHideLinkUnderline = Event.None;
  public get currentLink(): undefined { return undefined; }
}`,
  'browser/OscLinkProvider.ts': `export class OscLinkProvider { public provideLinks(_y: number, callback: (links: undefined) => void): void { callback(undefined); } }`,
  'browser/services/CharacterJoinerService.ts': `export class JoinedCellData { constructor() { throw new Error('this xterm build has no character joiners'); } }
export class CharacterJoinerService {
  public serviceBrand: any;
  public register(): number { throw new Error('this xterm build has no character joiners'); }
  public deregister(): boolean { return false; }
  public getJoinedCharacters(): [number, number][] { return []; }
}`,
};

/** Module -> [find, replace] patches of its source. */
const PATCHES: Record<string, [string, string][]> = {
  // A module-level singleton xterm never uses: marked pure, the bundler drops it and the
  // hashing code it alone needs.
  'vs/base/browser/dom.ts': [['export const sharedMutationObserver = new class {', 'export const sharedMutationObserver = /* @__PURE__ */ new class {']],
  'browser/AccessibilityManager.ts': [
    [
      `        this._alignRowWidth(element);
      }
    }
    this._announceCharacters();`,
      `        element.style.transform = '';
        aligned.push(element);
      }
    }
    const widths = aligned.map(e => e.getBoundingClientRect().width);
    aligned.forEach((e, k) => this._setRowScale(e, widths[k]));
    this._announceCharacters();`,
    ],
    [
      `    const setSize = buffer.lines.length.toString();
    for (let i = start; i <= end; i++) {`,
      `    const setSize = buffer.lines.length.toString();
    const aligned: HTMLElement[] = [];
    for (let i = start; i <= end; i++) {`,
    ],
    [
      `  private _alignRowWidth(element: HTMLElement): void {`,
      `  private _setRowScale(element: HTMLElement, width: number): void {
    const lastColumn = this._rowColumns.get(element)?.slice(-1)?.[0];
    if (!lastColumn) {
      return;
    }
    element.style.transform = \`scaleX(\${lastColumn * this._renderService.dimensions.css.cell.width / width})\`;
  }

  private _alignRowWidth(element: HTMLElement): void {`,
    ],
  ],
};

function patched(rel: string, code: string): string {
  for (const [find, replace] of PATCHES[rel] ?? []) {
    const at = code.indexOf(find);
    if (at < 0 || code.indexOf(find, at + 1) >= 0) throw new Error(`xterm-source: ${rel} changed; cannot apply a patch`);
    code = code.slice(0, at) + replace + code.slice(at + find.length);
  }
  return code;
}

const sources = (used: Set<string>): EsbuildPlugin => ({
  name: 'xterm-sources',
  setup(b) {
    // xterm's sources import each other by path from src/ (`common/...`, `browser/...`, `vs/...`).
    b.onResolve({ filter: /^(common|browser|vs)\// }, (a) => {
      const p = SRC + a.path;
      return { path: existsSync(`${p}.ts`) ? `${p}.ts` : `${p}/index.ts` };
    });
    // Only its type declarations are imported from the package itself.
    b.onResolve({ filter: /^@xterm\/xterm$/ }, () => ({ path: 'types', namespace: 'xterm-types' }));
    b.onLoad({ filter: /.*/, namespace: 'xterm-types' }, () => ({ contents: '', loader: 'js' }));
    b.onLoad({ filter: /\.ts$/ }, (a) => {
      if (!a.path.startsWith(SRC)) return undefined;
      const rel = a.path.slice(SRC.length);
      used.add(rel);
      if (rel in STANDINS) {
        if (!existsSync(a.path)) throw new Error(`xterm-source: ${rel} is gone; review its stand-in`);
        return { contents: STANDINS[rel], loader: 'ts' };
      }
      return { contents: patched(rel, readFileSync(a.path, 'utf8')), loader: 'ts' };
    });
  },
});

/** ES module source exporting `Terminal`, private members renamed by `mangleCache`'s table. */
export async function buildXterm(mangleCache: Record<string, string | false>): Promise<{ code: string; mangleCache: Record<string, string | false> }> {
  const used = new Set<string>();
  const r = await build({
    entryPoints: [`${SRC}browser/public/Terminal.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    mangleProps: /^_/,
    mangleCache,
    // xterm's own build settings: services are injected by parameter decorators, and class
    // fields are assigned in the constructor.
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    plugins: [sources(used)],
  });
  const unused = [...Object.keys(STANDINS), ...Object.keys(PATCHES)].filter((rel) => !used.has(rel));
  if (unused.length) throw new Error(`xterm-source: no longer part of xterm: ${unused.join(', ')}`);
  return { code: r.outputFiles[0].text, mangleCache: r.mangleCache ?? {} };
}
