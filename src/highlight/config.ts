import type { AstroUserConfig } from 'astro';
import { bundledThemes } from 'shiki';
import { iptablesGrammar } from './iptables-grammar.ts';
import { styleToClass } from './style-to-class.ts';
import { paletteCss } from './palette.ts';

// Both themes reach at least 4.5:1 on their own background for every token colour
// the iptables grammar uses (checked by axe in test/e2e).
export const LIGHT_THEME = (await bundledThemes['github-light-default']()).default;
export const DARK_THEME = (await bundledThemes['github-dark-default']()).default;

export const shikiConfig = {
  themes: { light: LIGHT_THEME, dark: DARK_THEME },
  defaultColor: false,
  wrap: null,
  langs: [iptablesGrammar],
  transformers: [styleToClass()],
} satisfies NonNullable<AstroUserConfig['markdown']>['shikiConfig'];

const VIRTUAL_ID = 'virtual:code-palette.css';
const RESOLVED_ID = '\0virtual:code-palette.css';

/** Vite plugin serving the colour classes as a stylesheet (imported by the layout). */
export function codePalette() {
  return {
    name: 'istio-guide:code-palette',
    resolveId(id: string) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id: string) {
      return id === RESOLVED_ID ? paletteCss(LIGHT_THEME, DARK_THEME) : undefined;
    },
  };
}
