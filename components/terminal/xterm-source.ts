// xterm.js built from the TypeScript sources its package ships (node_modules/@xterm/xterm/src),
// with the parts this guide never uses replaced by inert stand-ins, and one patch. The
// published lib/xterm.mjs is one pre-bundled file, so nothing in it can be left out.
// Left out (the terminal never uses them, so nothing the reader sees changes):
//  - decorations (registerDecoration, the overview ruler): no decoration is ever added;
//  - the link detector and OSC 8 hyperlinks: no link provider is registered, and output
//    never carries escape sequences (session-server.ts makes control characters visible);
//  - character joiners (ligatures): none is registered.
//  - escape sequences no code of the guide writes: output reaches xterm with its control
//    characters made visible (session-server.ts visible()), so the only sequences xterm ever
//    parses are those of xterm-readline and the view (cursor moves, erase, SGR reset, DECTCEM,
//    clear screen). The handlers for reports (DA, DSR, DECRQM, DECRQSS, window ops), OSC
//    (titles, colours, hyperlinks), character sets, DECALN, keypad modes, protected areas,
//    column editing and REP are removed with their registrations (TRIMS); such a sequence,
//    were one ever written, is parsed and ignored like any other unknown one.
// Patched: Terminal.flushWrites() parses queued writes at once (see PATCHES); a VS Code
// helper's module-level singleton (unused by xterm) is marked pure so the bundler can drop
// it; and the screen-reader rows (screenReaderMode) are re-aligned after every render, and
// xterm clears a row's transform, reads its width and sets a new transform row by row, so
// each row forces a layout of the page. The patch clears them all, reads all widths, then
// sets all transforms: one layout, the same transforms.
// A stand-in or patch that no longer matches the sources (another xterm version) fails the build.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin as EsbuildPlugin } from 'esbuild';
import ts from 'typescript';

// Real path: esbuild resolves relative imports through symlinks (node_modules may be one).
const SRC = `${realpathSync(fileURLToPath(new URL('../../node_modules/@xterm/xterm/src/', import.meta.url)))}/`;

/** Module (under src/) -> replacement source (or a function of the original source). Each
 *  keeps the exports and members xterm uses. */
const STANDINS: Record<string, string | ((src: string) => string)> = {
  // VS Code's keyboard event wrapper: only its widgets' key listeners and a modifier-key
  // emitter make one, and xterm uses neither (its own Keyboard.ts reads key events). Its key
  // code tables are built at load, so the bundler would keep them; their enums are inlined.
  'vs/base/browser/keyboardEvent.ts': `export class StandardKeyboardEvent { constructor() { throw new Error('this xterm build has no VS Code keyboard events'); } }`,
  'vs/base/common/keyCodes.ts': (src) => {
    const enums = src.match(/^export const enum \w+ \{[\s\S]*?^\}/gm) ?? [];
    if (!enums.some((e) => e.startsWith('export const enum KeyCode '))) throw new Error('xterm-source: keyCodes.ts has no const enum KeyCode');
    return enums.join('\n');
  },
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
  // Only the VS Code DOM helper's shared MutationObserver hashes (PATCHES drops it); the
  // module's SHA-1 class has static fields, so the bundler would keep it all.
  'vs/base/common/hash.ts': `export function hash(): number { throw new Error('this xterm build has no hashing'); }`,
  // OSC 8 links: nothing registers one (the OSC 8 handler is gone, TRIMS), so no cell ever
  // carries a link id for the others to look up.
  'common/services/OscLinkService.ts': `export class OscLinkService {
  public serviceBrand: any;
  public registerLink(): number { throw new Error('this xterm build has no OSC 8 links'); }
  public addLineToLink(): void {}
  public getLinkData(): undefined { return undefined; }
}`,
  // With the character set designations gone (TRIMS), only the default set is ever used:
  // US ASCII, no translation (the module's own DEFAULT_CHARSET is undefined too). Its tables
  // are filled in at load, so the bundler would keep them.
  'common/data/Charsets.ts': `export const CHARSETS: { [key: string]: undefined } = {};
export const DEFAULT_CHARSET = undefined;`,
  // Mouse reports to the program: only a program that turns mouse tracking on (DECSET 1000
  // ...) gets them, and nothing written to this terminal can (output's control characters are
  // made visible). Tracking stays off: selection, wheel scrolling and focus work as before.
  'common/services/CoreMouseService.ts': `import { Disposable } from 'vs/base/common/lifecycle';
import { Event } from 'vs/base/common/event';
export class CoreMouseService extends Disposable {
  public serviceBrand: any;
  public readonly onProtocolChange = Event.None;
  public get activeProtocol(): string { return 'NONE'; }
  public set activeProtocol(_name: string) {}
  public get activeEncoding(): string { return 'DEFAULT'; }
  public set activeEncoding(_name: string) {}
  public get areMouseEventsActive(): boolean { return false; }
  public addProtocol(): void {}
  public addEncoding(): void {}
  public reset(): void {}
  public consumeWheelEvent(): number { return 0; }
  public triggerMouseEvent(): boolean { return false; }
  public explainEvents(): { [event: string]: boolean } { return { down: false, up: false, drag: false, move: false, wheel: false }; }
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
  // Terminal.flushWrites(): parse what write() has queued now, in the caller's task. xterm
  // parses a write in a later task (a timer), and a frame often comes first: the view's
  // command output and next prompt would then be drawn a frame later than they could be.
  'common/input/WriteBuffer.ts': [
    [
      `  public handleUserInput(): void {`,
      `  public flush(): void {
    if (this._writeBuffer.length > this._bufferOffset && !this._awaiting) {
      this._innerWrite();
    }
  }

  public handleUserInput(): void {`,
    ],
    // Not while a chunk waits for an async handler (none is registered here; kept exact).
    [`  private _didUserInput = false;`, `  private _didUserInput = false;
  private _awaiting = false;`],
    [
      `        const continuation: (r: boolean) => void = (r: boolean) => performance.now() - startTime >= WRITE_TIMEOUT_MS`,
      `        this._awaiting = true;
        const continuation: (r: boolean) => void = (r: boolean) => (this._awaiting = false, performance.now() - startTime >= WRITE_TIMEOUT_MS)`,
    ],
  ],
  // The viewport (VS Code's scrollable element) re-syncs its scroll height and position on
  // every line the buffer scrolls: a 30-line listing did it 30 times in one parse, each time
  // restyling the scrollbar and re-arming its fade-out timer. It now syncs once, just before
  // the frame that draws those lines, as it already does after a resize.
  'browser/Viewport.ts': [
    [
      `    this._register(this._bufferService.onScroll(() => this._sync()));`,
      `    this._register(this._bufferService.onScroll(() => this._queueScrollSync()));`,
    ],
    [
      `  public queueSync(ydisp?: number): void {`,
      `  private _scrollSyncQueued = false;
  private _queueScrollSync(): void {
    if (this._scrollSyncQueued) {
      return;
    }
    this._scrollSyncQueued = true;
    this._renderService.addRefreshCallback(() => {
      this._scrollSyncQueued = false;
      this._sync();
    });
  }

  public queueSync(ydisp?: number): void {`,
    ],
  ],
  'common/CoreTerminal.ts': [
    [
      `  public writeSync(data: string | Uint8Array, maxSubsequentCalls?: number): void {`,
      `  public flushWrites(): void {
    this._writeBuffer.flush();
  }

  public writeSync(data: string | Uint8Array, maxSubsequentCalls?: number): void {`,
    ],
  ],
  'browser/public/Terminal.ts': [
    [
      `  public write(data: string | Uint8Array, callback?: () => void): void {
    this._core.write(data, callback);
  }`,
      `  public write(data: string | Uint8Array, callback?: () => void): void {
    this._core.write(data, callback);
  }
  public flushWrites(): void {
    this._core.flushWrites();
  }
  public holdFrames(ms: number): void {
    this._core.holdFrames(ms);
  }
  public releaseFrames(): void {
    this._core.releaseFrames();
  }`,
    ],
  ],
  // Terminal.holdFrames(ms) / releaseFrames(): while a command runs, the terminal asks for
  // no animation frame (those already asked for are withdrawn), for at most `ms`. Enter
  // otherwise has the echoed newline drawn at once, and Chromium paces the frame after that
  // one to the display: the command's output, back a few ms later, waits for it. Held, the
  // newline, the output and the next prompt are drawn in one frame as soon as the output is
  // in. Every frame xterm asks for (rows, selection, the viewport's refresh callbacks) goes
  // through CoreBrowserService.requestFrame for that.
  'browser/services/CoreBrowserService.ts': [
    [
      `  public get dpr(): number {`,
      `  private _framesHeld = false;
  private _holdTimer: number | undefined;
  private _frames = new Map<number, { cb: FrameRequestCallback; id: number | undefined }>();
  private _nextFrame = 1;

  public requestFrame(cb: FrameRequestCallback): number {
    const handle = this._nextFrame++;
    this._frames.set(handle, { cb, id: undefined });
    if (!this._framesHeld) {
      this._scheduleFrame(handle);
    }
    return handle;
  }

  public cancelFrame(handle: number): void {
    const f = this._frames.get(handle);
    if (f?.id !== undefined) {
      this._window.cancelAnimationFrame(f.id);
    }
    this._frames.delete(handle);
  }

  public holdFrames(ms: number): void {
    if (!this._framesHeld) {
      this._framesHeld = true;
      for (const f of this._frames.values()) {
        if (f.id !== undefined) {
          this._window.cancelAnimationFrame(f.id);
          f.id = undefined;
        }
      }
    }
    this._window.clearTimeout(this._holdTimer);
    this._holdTimer = this._window.setTimeout(() => this.releaseFrames(), ms);
  }

  public releaseFrames(): void {
    if (!this._framesHeld) {
      return;
    }
    this._framesHeld = false;
    this._window.clearTimeout(this._holdTimer);
    for (const handle of this._frames.keys()) {
      this._scheduleFrame(handle);
    }
  }

  private _scheduleFrame(handle: number): void {
    const f = this._frames.get(handle)!;
    f.id = this._window.requestAnimationFrame(t => {
      this._frames.delete(handle);
      f.cb(t);
    });
  }

  public get dpr(): number {`,
    ],
  ],
  'browser/RenderDebouncer.ts': [
    [`      this._coreBrowserService.window.cancelAnimationFrame(this._animationFrame);`, `      this._coreBrowserService.cancelFrame(this._animationFrame);`],
    [`      this._animationFrame = this._coreBrowserService.window.requestAnimationFrame(() => this._innerRefresh());`, `      this._animationFrame = this._coreBrowserService.requestFrame(() => this._innerRefresh());`],
    [`\n    this._animationFrame = this._coreBrowserService.window.requestAnimationFrame(() => this._innerRefresh());`, `\n    this._animationFrame = this._coreBrowserService.requestFrame(() => this._innerRefresh());`],
  ],
  'browser/services/SelectionService.ts': [
    [`this._coreBrowserService.window.requestAnimationFrame(() => this._refresh());`, `this._coreBrowserService.requestFrame(() => this._refresh());`],
  ],
  'browser/services/Services.ts': [
    [
      `  readonly dpr: number;
}`,
      `  readonly dpr: number;
  requestFrame(cb: FrameRequestCallback): number;
  cancelFrame(handle: number): void;
  holdFrames(ms: number): void;
  releaseFrames(): void;
}`,
    ],
  ],
  'browser/CoreBrowserTerminal.ts': [
    // Enter and Ctrl-C empty the textarea (so that screen readers announce the deleted
    // characters): a DOM change that has Chromium draw a frame at once, and pace the next
    // one, with the command's output, a display frame later. It is done in the terminal's
    // next frame instead, which holdFrames keeps for the output.
    [
      `    if (result.key === C0.ETX || result.key === C0.CR) {
      this.textarea!.value = '';
    }`,
      `    if (result.key === C0.ETX || result.key === C0.CR) {
      const textarea = this.textarea!;
      this._coreBrowserService!.requestFrame(() => {
        if (!this._compositionHelper?.isComposing) {
          textarea.value = '';
        }
      });
    }`,
    ],
    // The textarea follows the cursor (for IMEs) once per frame, in the frame that draws
    // the cursor, instead of on every cursor move: a style change at once would have a
    // frame drawn before the command's output too (holdFrames).
    [
      `    this._register(this.onCursorMove(() => {
      this._renderService!.handleCursorMove();
      this._syncTextArea();
    }));`,
      `    this._register(this.onCursorMove(() => {
      this._renderService!.handleCursorMove();
      this._queueTextAreaSync();
    }));`,
    ],
    [
      `  private _syncTextArea(): void {`,
      `  private _textAreaSyncQueued = false;
  private _queueTextAreaSync(): void {
    if (this._textAreaSyncQueued) {
      return;
    }
    this._textAreaSyncQueued = true;
    this._coreBrowserService!.requestFrame(() => {
      this._textAreaSyncQueued = false;
      this._syncTextArea();
    });
  }

  private _syncTextArea(): void {`,
    ],
    [
      `  public focus(): void {`,
      `  public holdFrames(ms: number): void {
    this._coreBrowserService?.holdFrames(ms);
  }

  public releaseFrames(): void {
    this._coreBrowserService?.releaseFrames();
  }

  public focus(): void {`,
    ],
  ],
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

/** Module -> class -> methods removed, with the constructor statements that register them
 *  (which may use nothing else of the class but `allow`). */
const TRIMS: Record<string, { cls: string; methods: string[]; allow: string[] }> = {
  // The terminal's answers to the colour and window reports removed above.
  'browser/CoreBrowserTerminal.ts': {
    cls: 'CoreBrowserTerminal',
    methods: ['_handleColorEvent', '_reportWindowsOptions'],
    allow: ['_register', '_inputHandler'],
  },
  'common/InputHandler.ts': {
    cls: 'InputHandler',
    allow: ['_parser'],
    methods: [
      // reports to the host (nothing reads the terminal's replies)
      'sendDeviceAttributesPrimary', 'sendDeviceAttributesSecondary', 'deviceStatus', 'deviceStatusPrivate',
      'requestMode', 'requestStatusString', 'windowOptions',
      // OSC: titles, colours, hyperlinks
      'setTitle', 'setIconName', 'setOrReportIndexedColor', 'setHyperlink', '_createHyperlink', '_finishHyperlink',
      'setOrReportFgColor', 'setOrReportBgColor', 'setOrReportCursorColor', '_setOrReportSpecialColor',
      'restoreIndexedColor', 'restoreFgColor', 'restoreBgColor', 'restoreCursorColor',
      // character sets, DECALN, keypad modes, protection, column editing, REP
      'selectCharset', 'selectDefaultCharset', 'setgLevel', 'shiftOut', 'shiftIn', 'screenAlignmentPattern',
      'keypadApplicationMode', 'keypadNumericMode', 'selectProtected', 'insertColumns', 'deleteColumns',
      'scrollLeft', 'scrollRight', 'repeatPrecedingCharacter',
    ],
  },
};

/** `code` without TRIMS[rel]'s methods and the statements of the class that call them. */
function trimmed(rel: string, code: string): string {
  const t = TRIMS[rel];
  if (!t) return code;
  const gone = new Set(t.methods);
  const sf = ts.createSourceFile(rel, code, ts.ScriptTarget.Latest, true);
  const cls = sf.statements.find((n): n is ts.ClassDeclaration => ts.isClassDeclaration(n) && n.name?.text === t.cls);
  if (!cls) throw new Error(`xterm-source: ${rel} has no class ${t.cls}`);
  const cut: [number, number][] = [];
  const found = new Set<string>();
  for (const m of cls.members) {
    if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && gone.has(m.name.text)) {
      found.add(m.name.text);
      cut.push([m.getFullStart(), m.end]);
    }
  }
  const missing = t.methods.filter((n) => !found.has(n));
  if (missing.length) throw new Error(`xterm-source: ${t.cls} has no ${missing.join(', ')}`);
  // Statements of the constructor that call a removed method (registrations), whole.
  const calls = (n: ts.Node): string[] => {
    const out: string[] = [];
    const visit = (x: ts.Node) => {
      if (ts.isPropertyAccessExpression(x) && x.expression.kind === ts.SyntaxKind.ThisKeyword) out.push(x.name.text);
      ts.forEachChild(x, visit);
    };
    visit(n);
    return out;
  };
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  for (const st of ctor?.body?.statements ?? []) {
    const used = calls(st);
    if (!used.some((n) => gone.has(n))) continue;
    const kept = used.filter((n) => !gone.has(n) && !t.allow.includes(n));
    if (kept.length) throw new Error(`xterm-source: ${t.cls} constructor statement also calls ${kept.join(', ')}`);
    cut.push([st.getFullStart(), st.end]);
  }
  let out = code;
  for (const [a, b] of cut.sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + out.slice(b);
  const left = [...gone].filter((n) => new RegExp(`this\\.${n}\\b|\\.${n}\\(`).test(out));
  if (left.length) throw new Error(`xterm-source: ${rel} still uses ${left.join(', ')}`);
  return out;
}

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
        const standin = STANDINS[rel];
        return { contents: typeof standin === 'string' ? standin : standin(readFileSync(a.path, 'utf8')), loader: 'ts' };
      }
      const code = trimmed(rel, patched(rel, readFileSync(a.path, 'utf8')));
      // A removed method must not be called from another module either (through the
      // instance CoreTerminal holds, `_inputHandler`, or a variable named after the class).
      for (const [trim, t] of Object.entries(TRIMS)) {
        if (trim === rel) continue;
        const via = new RegExp(`${t.cls[0].toLowerCase()}${t.cls.slice(1)}\\.(${t.methods.join('|')})\\(`, 'i');
        const hit = via.exec(code);
        if (hit) throw new Error(`xterm-source: ${rel} calls ${hit[1]}, which TRIMS removes`);
      }
      return { contents: code, loader: 'ts' };
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
  const unused = [...Object.keys(STANDINS), ...Object.keys(PATCHES), ...Object.keys(TRIMS)].filter((rel) => !used.has(rel));
  if (unused.length) throw new Error(`xterm-source: no longer part of xterm: ${unused.join(', ')}`);
  return { code: r.outputFiles[0].text, mangleCache: r.mangleCache ?? {} };
}
