import type { ShikiTransformer } from 'shiki';

// The Content-Security-Policy forbids inline style attributes, and Shiki writes
// colours as style="--shiki-light:#..;--shiki-dark:#..". This turns each colour into a
// class named after it (cl-1f2328 / cd-e6edf3, bl-/bd- for backgrounds); the matching
// rules come from palette.ts, generated from the same themes, so every colour a theme
// can produce has its class.

export function normalizeHex(color: string): string | null {
  const m = /^#([0-9a-f]{3,8})$/i.exec(color.trim());
  if (!m) return null;
  let hex = m[1].toLowerCase();
  if (hex.length === 3 || hex.length === 4) hex = [...hex].map((c) => c + c).join('');
  return hex;
}

const COLOR_PROPS: Record<string, string> = {
  color: 'cl',
  '--shiki-light': 'cl',
  '--shiki-dark': 'cd',
  'background-color': 'bl',
  '--shiki-light-bg': 'bl',
  '--shiki-dark-bg': 'bd',
};

/** Classes for one style string; declarations we do not map are dropped. */
export function styleToClasses(style: string): string[] {
  const classes: string[] = [];
  const fonts = new Map<string, string>();
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).trim();
    const prefix = COLOR_PROPS[prop];
    if (prefix) {
      const hex = normalizeHex(value);
      if (hex) classes.push(`${prefix}-${hex}`);
    } else if (/font-style$|font-weight$|text-decoration$/.test(prop)) {
      fonts.set(prop.replace(/^--shiki-(light|dark)-/, '$1:'), value);
    }
  }
  // Font styles cannot switch with light-dark(); keep one only when both themes agree.
  for (const kind of ['font-style', 'font-weight', 'text-decoration']) {
    const light = fonts.get(`light:${kind}`) ?? fonts.get(kind);
    const dark = fonts.get(`dark:${kind}`) ?? fonts.get(kind);
    if (light && light === dark && /^(italic|bold|underline)$/.test(light)) classes.push(`f-${light}`);
  }
  return classes;
}

interface HastNode {
  type: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function classList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

function rewrite(node: HastNode): void {
  const props = node.properties;
  if (props && typeof props.style === 'string') {
    const extra = styleToClasses(props.style);
    delete props.style;
    if (extra.length) props.class = [...classList(props.class), ...extra].join(' ');
  }
  for (const child of node.children ?? []) rewrite(child);
}

export function styleToClass(): ShikiTransformer {
  return {
    name: 'istio-guide:style-to-class',
    root(root) {
      rewrite(root as unknown as HastNode);
    },
  };
}
