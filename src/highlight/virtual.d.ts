// Types the site code needs when tsc runs outside Astro: Astro's client globals
// (import.meta.env, import.meta.glob), the generated astro:content module, and the
// stylesheet served by codePalette() in ./config.ts.
/// <reference types="astro/client" />
/// <reference path="../../.astro/types.d.ts" />
declare module 'virtual:code-palette.css';
