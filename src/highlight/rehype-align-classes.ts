// Markdown tables, made to fit the CSP and small screens. GFM alignment (`|:--:|`)
// comes out as style="text-align:center", which the CSP bans: it becomes a class
// (align-left / align-center / align-right, styled in global.css). Each table is
// wrapped in a box that scrolls sideways when the table is wider than the screen. Written against Sätteri's hast plugin API, Astro
// 7's default Markdown (and MDX) processor.
import type { Element } from 'hast';

export function alignClass(style: unknown): string | null {
  if (typeof style !== 'string') return null;
  const m = /^\s*text-align\s*:\s*(left|center|right)\s*;?\s*$/i.exec(style);
  return m ? `align-${m[1].toLowerCase()}` : null;
}

/** The element without its alignment style, with the matching class; null when unchanged. */
export function withAlignClass(node: Readonly<Element>): Element | null {
  const cls = alignClass(node.properties?.style);
  if (!cls) return null;
  const { style: _style, className, ...rest } = node.properties ?? {};
  const given: unknown = className;
  const classes = Array.isArray(given) ? given.map(String) : typeof given === 'string' ? given.split(/\s+/) : [];
  return { ...node, properties: { ...rest, className: [...classes, cls] } };
}

interface WrapContext {
  fileURL: URL | undefined;
  wrapNode(node: Readonly<Element>, parent: Element): void;
}

/** A wide table scrolls inside its own box on phones; that box must be reachable by
 *  keyboard (axe: scrollable-region-focusable), so it is a focusable region, and
 *  regions need distinct names (axe: landmark-unique): "Table 2", "表格 2". */
export function tableWrapper(fileURL: URL | undefined, n: number): Element {
  const zh = /\/zh\//.test(fileURL?.pathname ?? '');
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: ['table-wrap'], tabIndex: 0, role: 'region', ariaLabel: `${zh ? '表格' : 'Table'} ${n}` },
    children: [],
  };
}

/** A factory: Sätteri calls it once per document, so the table count starts at 1 on each page. */
export function alignClassesPlugin() {
  let tables = 0;
  return {
    name: 'istio-guide:align-classes',
    element: [
      {
        filter: ['th', 'td'],
        visit(node: Readonly<Element>) {
          return withAlignClass(node) ?? undefined;
        },
      },
      {
        filter: ['table'],
        visit(node: Readonly<Element>, ctx: WrapContext) {
          ctx.wrapNode(node, tableWrapper(ctx.fileURL, ++tables));
        },
      },
    ],
  };
}
