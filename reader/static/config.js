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

  // READER.post(address, { field: value }) → fetch's promise: a form POST with the page's CSRF token, asking for JSON
  // (`options` adds fetch options, e.g. { keepalive: true }); each caller reads the answer its own way
  function post(address, fields, options) {
    const token = document.querySelector('meta[name="csrf-token"]');
    return fetch(
      address,
      Object.assign(
        {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "X-CSRFToken": token ? token.content : "",
            "Content-Type": "application/x-www-form-urlencoded",
            Accept: "application/json",
          },
          body: new URLSearchParams(fields),
        },
        options,
      ),
    );
  }

  window.READER = Object.freeze({ config: config, url: url, post: post });
})();
