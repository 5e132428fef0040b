import type { ThemeRegistrationRaw } from 'shiki';
import { normalizeHex } from './style-to-class.ts';

// CSS for every colour class style-to-class.ts can emit, built from the themes
// themselves. light-dark() picks the side from the page's color-scheme, which the
// theme switch sets, so no rule has to be written twice.

function hexesOf(theme: unknown): Set<string> {
  const found = new Set<string>();
  JSON.stringify(theme).replace(/#[0-9a-fA-F]{3,8}\b/g, (m) => {
    const hex = normalizeHex(m);
    if (hex) found.add(hex);
    return m;
  });
  return found;
}

export function paletteCss(light: ThemeRegistrationRaw | object, dark: ThemeRegistrationRaw | object): string {
  const rules: string[] = [
    '.astro-code{color:light-dark(var(--cl,inherit),var(--cd,inherit));background-color:light-dark(var(--bl,transparent),var(--bd,transparent))}',
    '.astro-code span{color:light-dark(var(--cl),var(--cd))}',
    '.f-italic{font-style:italic}.f-bold{font-weight:bold}.f-underline{text-decoration:underline}',
  ];
  for (const hex of [...hexesOf(light)].sort()) rules.push(`.cl-${hex}{--cl:#${hex}}.bl-${hex}{--bl:#${hex}}`);
  for (const hex of [...hexesOf(dark)].sort()) rules.push(`.cd-${hex}{--cd:#${hex}}.bd-${hex}{--bd:#${hex}}`);
  return rules.join('\n') + '\n';
}
