// Glossary terms on the reading page: clicking a term, or moving the focus onto one of its words, opens a popover
// with its entry and lights its English equivalent in the aligned English sentence(s). Esc or a click elsewhere
// closes it. Term data comes from the page's JSON block (#glossary-data); no request is made.
(function () {
  "use strict";
  const bitext = document.querySelector(".bitext");
  const popover = document.getElementById("term-popover");
  const dataBlock = document.getElementById("glossary-data");
  if (!bitext || !popover || !dataBlock) return;
  const terms = JSON.parse(dataBlock.textContent);
  let openTerm = null;

  function unlight() {
    bitext.querySelectorAll(".te.lit-term, .t.open").forEach((node) => node.classList.remove("lit-term", "open"));
  }

  function close() {
    if (!openTerm) return;
    popover.hidden = true;
    unlight();
    openTerm = null;
  }

  function open(termNode) {
    const id = termNode.dataset.t;
    const term = terms[id];
    if (!term) return;
    if (openTerm === termNode) return;
    unlight();
    openTerm = termNode;
    popover.querySelectorAll("[data-field]").forEach((field) => {
      const name = field.dataset.field;
      if (name === "url") field.setAttribute("href", term.url);
      else {
        field.textContent = term[name] || "";
        field.hidden = !term[name];
      }
    });
    termNode.classList.add("open");
    const row = termNode.closest(".link");
    if (row) row.querySelectorAll('.en .te[data-t="' + id + '"]').forEach((node) => node.classList.add("lit-term"));
    popover.hidden = false;
    place(termNode);
  }

  function place(termNode) {
    const box = termNode.getBoundingClientRect();
    const width = Math.min(popover.offsetWidth, document.documentElement.clientWidth - 16);
    let left = window.scrollX + box.left;
    left = Math.max(window.scrollX + 8, Math.min(left, window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    popover.style.top = window.scrollY + box.bottom + 6 + "px";
  }

  bitext.addEventListener("click", (event) => {
    const termNode = event.target.closest(".vi .t");
    if (termNode) open(termNode);
    else close();
  });
  bitext.addEventListener("focusin", (event) => {
    const termNode = event.target.closest(".vi .t");
    if (termNode) open(termNode);
    else close();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && openTerm) close();
  });
  document.addEventListener("click", (event) => {
    if (openTerm && !popover.contains(event.target) && !bitext.contains(event.target)) close();
  });
})();
