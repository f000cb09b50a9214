// The server's rules and URL templates for the page scripts (reader/web.py client_config), read from the page's
// <script type="application/json" id="reader-config">: scripts never hard-code a path, a word status or a rule.
(function () {
  "use strict";
  const node = document.getElementById("reader-config");
  const config = node ? JSON.parse(node.textContent) : { urls: {}, statuses: [] };

  // READER.url("word", { word: 12 }) → "/words/12" (with the app's URL prefix, if any)
  function url(name, values) {
    return config.urls[name].replace(/\{(\w+)\}/g, (match, key) => encodeURIComponent(values[key]));
  }

  window.READER = Object.freeze({ config: config, url: url });
})();
