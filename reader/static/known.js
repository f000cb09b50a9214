// "Mark the rest of this page as known": the button counts the words of this page that have no status (marked
// s-unknown by lookup.js), asks before marking them, then marks them all with one request; the server marks only the
// words that still have no status and answers with their forms, which are repainted as known. Undo sends those forms
// back: the ones still known lose their status again.
(function () {
  "use strict";
  const article = document.querySelector("article.reading");
  const bitext = document.querySelector(".bitext");
  const box = document.querySelector("[data-mark-rest]");
  if (!article || !bitext || !box) return;
  const start = box.querySelector('[data-action="mark-rest-known"]');
  const ask = box.querySelector("[data-mark-ask]");
  const question = box.querySelector("[data-mark-question]");
  const yes = box.querySelector("[data-mark-yes]");
  const no = box.querySelector("[data-mark-no]");
  const result = box.querySelector("[data-mark-result]");
  const undo = box.querySelector("[data-mark-undo]");
  const undone = box.querySelector("[data-undo-result]");
  let marked = [];
  const unknown = "s-" + READER.config.no_status;

  // the sentence for `count` from the element's data-none / data-one / data-many ("{count}" stands for the number)
  function sentence(node, count) {
    if (count === 0 && node.dataset.none) return node.dataset.none;
    return count === 1 ? node.dataset.one : node.dataset.many.replace("{count}", count.toLocaleString());
  }

  function unknownForms() {
    const pieces = new Map();
    bitext.querySelectorAll(".vi .w." + unknown).forEach((node) => {
      pieces.set(node.dataset.w, (pieces.get(node.dataset.w) || []).concat([node.textContent]));
    });
    return new Set(Array.from(pieces.values(), (texts) => texts.join(" ").toLowerCase().replace(/\s+/g, " ").trim()));
  }

  function closeAsk() {
    ask.hidden = true;
    start.hidden = false;
  }

  start.addEventListener("click", () => {
    const count = unknownForms().size;
    result.textContent = "";
    if (count === 0) {
      result.textContent = sentence(result, 0);
      return;
    }
    question.textContent = sentence(question, count);
    start.hidden = true;
    ask.hidden = false;
    yes.focus();
  });
  no.addEventListener("click", () => {
    closeAsk();
    start.focus();
  });
  ask.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      closeAsk();
      start.focus();
    }
  });
  // POST the fields to a URL of the client config; resolve with the JSON answer, reject with the server's sentence
  function post(name, fields) {
    return READER.post(READER.url(name, { document: article.dataset.document }), fields).then((response) =>
      response.json().then(
        (data) => (response.ok ? data : Promise.reject(data.error || "")),
        () => Promise.reject(""),
      ),
    );
  }

  function repaint(forms, status) {
    const statuses = {};
    forms.forEach((form) => (statuses[form] = status));
    bitext.dispatchEvent(new CustomEvent("reader:paint", { detail: { statuses: statuses } }));
  }

  yes.addEventListener("click", () => {
    yes.disabled = true;
    undone.textContent = "";
    post("mark_known", { page: article.dataset.page })
      .then((data) => {
        repaint(data.forms, data.status);
        result.textContent = sentence(result, data.count);
        marked = data.forms;
        undo.hidden = marked.length === 0;
      })
      .catch((message) => {
        result.textContent = typeof message === "string" && message ? message : result.dataset.failed;
      })
      .finally(() => {
        yes.disabled = false;
        closeAsk();
        (undo.hidden ? start : undo).focus();
      });
  });

  undo.addEventListener("click", () => {
    undo.disabled = true;
    post("undo_known", { forms: marked.join("\n") })
      .then((data) => {
        repaint(data.forms, READER.config.no_status);
        result.textContent = "";
        undone.textContent = sentence(undone, data.count);
        marked = [];
        undo.hidden = true;
        start.focus();
      })
      .catch((message) => {
        undone.textContent = typeof message === "string" && message ? message : result.dataset.failed;
      })
      .finally(() => {
        undo.disabled = false;
      });
  });
})();
