// Starts the app once the page has loaded. The prerendered page is complete without it (every article
// readable, every link a real link), so the first paint waits for no script; the app then takes over
// for instant navigation between articles. The build puts it (minified) inside every page, where it
// needs no request of its own (vite.config.ts); this file stays in the site for pages of earlier builds.
(function () {
  var boot = document.currentScript;
  function start() {
    // The scripts the app's script imports (the libraries'), fetched with it rather than after it.
    var imports = (boot.getAttribute('data-imports') || '').split(' ');
    for (var i = 0; i < imports.length; i++) {
      if (!imports[i]) continue;
      var link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = imports[i];
      document.head.appendChild(link);
    }
    var script = document.createElement('script');
    script.type = 'module';
    script.crossOrigin = '';
    script.src = boot.getAttribute('data-entry');
    document.head.appendChild(script);
  }
  // After the load event and the next frame's paint: the page can load before its first paint, and the
  // app's script must not stand between the reader and the first screen of text.
  function afterPaint() {
    requestAnimationFrame(function () {
      setTimeout(start, 0);
    });
  }
  if (document.readyState === 'complete') afterPaint();
  else window.addEventListener('load', afterPaint);
})();
