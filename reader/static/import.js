// The import form keeps what was typed: on submit the fields are saved in this tab's session storage, and a form that
// comes back after a failed import (data-restore) is filled again from it. The progress page polls the job every half
// second and opens the new document's editor when it is done; a failed job brings the filled form back.
(function () {
  "use strict";
  const KEY = "import-form";
  const FIELDS = ["title", "title_en", "vi_text", "en_text"];
  const form = document.querySelector("form.import-form");
  if (form) {
    form.addEventListener("submit", () => {
      const saved = {};
      FIELDS.forEach((name) => {
        saved[name] = form.elements[name].value;
      });
      try {
        sessionStorage.setItem(KEY, JSON.stringify(saved));
      } catch (error) {
        /* too large for the storage: the server still sends the form back filled on its own errors */
      }
    });
    if (form.hasAttribute("data-restore")) {
      let saved = null;
      try {
        saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
      } catch (error) {
        saved = null;
      }
      if (saved) {
        FIELDS.forEach((name) => {
          if (!form.elements[name].value && saved[name]) form.elements[name].value = saved[name];
        });
      }
    }
  }

  const box = document.querySelector(".import-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const state = box.querySelector("[role=status]");
  function poll() {
    fetch(box.dataset.job, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((job) => {
        if (job.total) {
          bar.max = job.total;
          bar.value = job.done;
        }
        if (job.state === "done") {
          location.assign(job.editor);
        } else if (job.state === "failed") {
          location.reload(); // the server answers a failed job with the form, filled again
        } else if (job.state === "running" && state.querySelector("[data-waiting]")) {
          location.reload(); // it left the queue: show the progress text
        } else {
          state.querySelector("[data-done]").textContent = job.done;
          state.querySelector("[data-total]").textContent = job.total || "?";
          setTimeout(poll, 500);
        }
      })
      .catch(() => setTimeout(poll, 2000));
  }
  poll();
})();
