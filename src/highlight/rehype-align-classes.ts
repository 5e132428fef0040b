// GFM tables with alignment (`|:--:|`) come out as style="text-align:center"; the CSP
// bans style attributes, so turn them into classes (align-left / align-center /
// align-right, styled in global.css). Written against Sätteri's hast plugin API, Astro
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

export const alignClassesPlugin = {
  name: 'istio-guide:align-classes',
  element: {
    filter: ['th', 'td'],
    visit(node: Readonly<Element>) {
      return withAlignClass(node) ?? undefined;
    },
  },
};
