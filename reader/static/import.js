// Import progress: poll the job every half second; open the new document's editor when it is done.
(function () {
  "use strict";
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
        if (job.state === "finished") {
          location.assign(job.editor);
        } else if (job.state === "failed") {
          location.reload();
        } else {
          state.querySelector("[data-done]").textContent = job.done;
          state.querySelector("[data-total]").textContent = job.total || "?";
          setTimeout(poll, 500);
        }
      })
      .catch(() => setTimeout(poll, 2000));
  }
  if (!state.querySelector("a")) poll();
})();
