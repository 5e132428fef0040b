// Inlined into every page's <head> (src/layouts/Base.astro), allowed by its hash in the CSP:
// a chosen theme is on <html> before the first paint, and no request holds that paint up.
// Without a stored choice the CSS follows prefers-color-scheme. The "js" class lets CSS
// show controls that need scripts.
(function (d) {
  d.classList.add('js');
  try {
    var t = localStorage.getItem('istio-guide:theme');
    if (t === 'light' || t === 'dark') d.setAttribute('data-theme', t);
  } catch (e) { /* storage blocked: stay on auto */ }
})(document.documentElement);
