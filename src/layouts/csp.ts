// The Content-Security-Policy every page carries as a <meta> tag: only the site's own
// files run or style the page. No inline scripts or style attributes anywhere (Shiki's
// colours become classes, see src/highlight/). Two deliberate allowances:
// - 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly;
// - pages with a terminal let xterm.js style itself at run time: it writes cell metrics
//   and scrollbar colours into <style> elements and per-cell colours (24-bit colour,
//   minimum-contrast fixes) into style attributes. Scripts stay 'self' only, and the
//   terminal renders everything the reader types as text, never as markup.
export function contentSecurityPolicy(opts: { terminal?: boolean } = {}): string {
  const directives = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    ...(opts.terminal ? ["style-src-elem 'self' 'unsafe-inline'", "style-src-attr 'unsafe-inline'"] : []),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ];
  return directives.join('; ');
}
