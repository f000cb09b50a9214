// Learners' own meanings and expressions on the reading page.
// The word popover (lookup.js) tells us, with a "reader:word" event, which word it shows and what the server said
// about it: this reader's own meaning is shown first and can be written in the popover's form. Choosing several
// adjacent words (dragging the mouse over them, or Shift+← → from a focused word) opens a panel that saves them as an
// expression with its own meaning and status. Expressions are marked (class x) on every page where their words follow
// each other: the marks come with the page's statuses ("reader:statuses"), so the page HTML stays the same for all.
(function () {
  "use strict";
  const bitext = document.querySelector(".bitext");
  const popover = document.getElementById("term-popover");
  const panel = document.getElementById("expression-panel");
  if (!bitext || !popover || !panel) return;
  const ownForm = popover.querySelector("[data-own-form]");
  const ownError = popover.querySelector("[data-own-error]");
  const expressionForm = panel.querySelector("[data-expression-form]");
  const expressionError = panel.querySelector("[data-expression-error]");
  const byWord = new Map(); // word id → expression
  let typedFor = null; // the word the popover was open on when the reader typed into the form, until it is saved
  let shownWord = null;
  let chosen = [];
  let anchor = null;

  function post(url, values) {
    return READER.post(url, values).then((response) => {
      if (response.ok) return response.json();
      const type = response.headers.get("Content-Type") || "";
      const reading = type.includes("json")
        ? response.json().then((body) => body.error || body.message)
        : response.text().then((html) => {
            const node = new DOMParser().parseFromString(html, "text/html").querySelector(".error-message");
            return node ? node.textContent : String(response.status);
          });
      return reading.then((message) => Promise.reject(new Error(message)));
    });
  }

  function fail(node, error) {
    node.textContent = error.message;
    node.hidden = false;
  }

  function showOwn(own, expression) {
    const line = popover.querySelector("[data-own-show]");
    const meaning = expression ? expression.form + " — " + (expression.meaning || "") : own ? own.meaning : "";
    const note = expression ? expression.note || "" : own ? own.note : "";
    popover.querySelector("[data-own-text]").textContent = meaning;
    popover.querySelector("[data-own-note-text]").textContent = note;
    line.hidden = !meaning && !note;
    if (!line.hidden) popover.querySelector("[data-none]").hidden = true;
  }

  popover.addEventListener("reader:word", (event) => {
    shownWord = event.detail.word;
    const own = event.detail.data.own;
    if (typedFor !== shownWord) {
      // what the reader typed for this word before its look-up came stays in the form
      typedFor = null;
      ownForm.elements.meaning.value = own ? own.meaning : "";
      ownForm.elements.note.value = own ? own.note : "";
    }
    ownError.hidden = true;
    showOwn(own, byWord.get(shownWord.dataset.w));
  });

  ownForm.addEventListener("input", () => {
    typedFor = bitext.querySelector(".vi .w.open");
  });

  ownForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!shownWord) return;
    const word = shownWord;
    ownError.hidden = true;
    post(READER.url("own_meaning", { word: word.dataset.w }), {
      meaning: ownForm.elements.meaning.value,
      note: ownForm.elements.note.value,
    })
      .then((data) => {
        if (typedFor === word) typedFor = null;
        if (shownWord === word) showOwn(data.meaning || data.note ? data : null, null);
      })
      .catch((error) => fail(ownError, error));
  });

  function mark(expressions) {
    expressions.forEach((expression) => {
      expression.words.forEach((id) => {
        byWord.set(String(id), expression);
        bitext.querySelectorAll('.vi .w[data-w="' + id + '"]').forEach((node) => {
          node.classList.add("x");
          node.dataset.x = expression.form;
          if (expression.status) node.classList.add("x-" + expression.status);
        });
      });
    });
  }

  bitext.addEventListener("reader:statuses", (event) => mark(event.detail.expressions || []));

  function clearChoice() {
    bitext.querySelectorAll(".w.chosen").forEach((node) => node.classList.remove("chosen"));
    chosen = [];
  }

  function openPanel(words) {
    clearChoice();
    chosen = words;
    words.forEach((node) => node.classList.add("chosen"));
    panel.querySelector("[data-expression-words]").textContent = words.map((node) => node.textContent).join(" ");
    expressionError.hidden = true;
    expressionForm.reset();
    panel.hidden = false;
    const box = words[words.length - 1].getBoundingClientRect();
    panel.style.left = Math.max(8, window.scrollX + Math.min(box.left, document.documentElement.clientWidth - 320)) + "px";
    panel.style.top = window.scrollY + box.bottom + 6 + "px";
  }

  function closePanel() {
    panel.hidden = true;
    clearChoice();
    anchor = null;
  }

  function wordIds(words) {
    return Array.from(new Set(words.map((node) => node.dataset.w)));
  }

  expressionForm.addEventListener("submit", (event) => {
    event.preventDefault();
    expressionError.hidden = true;
    post(READER.url("expression", {}), {
      words: wordIds(chosen).join(","),
      meaning: expressionForm.elements.meaning.value,
      note: expressionForm.elements.note.value,
      status: expressionForm.elements.status.value,
    })
      .then((data) => {
        mark([{ ...data, words: wordIds(chosen).map(Number) }]);
        closePanel();
      })
      .catch((error) => fail(expressionError, error));
  });
  panel.querySelector("[data-expression-cancel]").addEventListener("click", closePanel);

  // the mouse: words touched by a selection dragged over the Vietnamese text
  bitext.addEventListener("mouseup", () => {
    window.setTimeout(() => {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return;
      const range = selection.getRangeAt(0);
      const words = Array.from(bitext.querySelectorAll(".vi .w")).filter((node) => range.intersectsNode(node));
      if (wordIds(words).length < 2) return;
      popover.hidden = true;
      openPanel(words);
      selection.removeAllRanges();
    }, 0);
  });

  // the keyboard: Shift+← → from a focused word grows the choice by one word
  bitext.addEventListener("keydown", (event) => {
    const word = event.target.closest(".vi .w");
    if (word && event.key === "Enter" && chosen.length > 1 && chosen.includes(word)) {
      event.preventDefault();
      event.stopPropagation();
      expressionForm.elements.meaning.focus();
      return;
    }
    if (!word || !event.shiftKey || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
    event.preventDefault();
    const all = Array.from(bitext.querySelectorAll(".vi .w"));
    if (!anchor || !chosen.includes(word)) anchor = word;
    const next = all[all.indexOf(word) + (event.key === "ArrowRight" ? 1 : -1)];
    if (!next) return;
    const [from, to] = [all.indexOf(anchor), all.indexOf(next)].sort((a, b) => a - b);
    const keep = anchor;
    next.focus();
    popover.hidden = true;
    openPanel(all.slice(from, to + 1));
    anchor = keep;
    next.focus();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) closePanel();
  });
})();
