// Reading statistics on the reading page: count each look-up the popover shows (lookup.js says which word with a
// "reader:word" event), and show how much of this text the reader knows ("You know 78% of this text"), fetched after
// the page and again after a status is set. URLs come from the page (data-known-share) and the client config.
(function () {
  "use strict";
  const share = document.querySelector("[data-known-share]");
  const popover = document.getElementById("term-popover");
  if (!share || !popover || !window.READER) return;

  function showShare() {
    fetch(share.dataset.knownShare, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        share.textContent = data.text;
        share.hidden = !data.counted;
      })
      .catch(() => {});
  }

  let pending = null;
  function showShareSoon() {
    clearTimeout(pending);
    pending = setTimeout(showShare, 600); // after the status request has been answered
  }

  popover.addEventListener("reader:word", (event) => {
    READER.post(READER.url("word_looked_up", { word: event.detail.word.dataset.w }), {}).catch(() => {});
  });
  popover.addEventListener("click", (event) => {
    if (event.target.closest("[data-status]")) showShareSoon();
  });
  document.addEventListener("keyup", (event) => {
    if (["1", "2", "3", "4"].includes(event.key) && document.activeElement.closest(".vi")) showShareSoon();
  });
  showShare();
})();
