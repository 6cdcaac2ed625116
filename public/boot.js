// Starts the app once the page has loaded. The prerendered page is complete without it (every article
// readable, every link a real link), so the first paint waits for no script; the app then takes over
// for instant navigation between articles.
(function () {
  var boot = document.currentScript;
  function start() {
    var script = document.createElement('script');
    script.type = 'module';
    script.crossOrigin = '';
    script.src = boot.getAttribute('data-entry');
    document.head.appendChild(script);
  }
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start);
})();
