// The alignment editor: choose a link with j/k (or the arrows), then m merge, s split, [ ] move an English sentence
// (Shift: Vietnamese), c confirm, n note, u undo. Every change is sent with the version of the document this page
// shows; when someone else changed it first the server refuses (409) and the message says to reload.
(function () {
  "use strict";
  const editor = document.querySelector("article.editor");
  if (!editor) return;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const message = editor.querySelector("[data-message]");
  const rows = Array.from(editor.querySelectorAll(".elink"));
  let remembered = null;
  try {
    remembered = sessionStorage.getItem("editor-selected");
    sessionStorage.removeItem("editor-selected");
  } catch (error) {
    remembered = null;
  }
  let current = rows.find((row) => row.id === remembered || location.hash === "#" + row.id) || rows[0] || null;

  function select(row, focus) {
    if (!row) return;
    if (current) current.setAttribute("tabindex", "-1");
    current = row;
    row.setAttribute("tabindex", "0");
    rows.forEach((r) => r.classList.toggle("selected", r === row));
    if (focus) row.focus();
  }

  function send(url, fields) {
    const body = new URLSearchParams(Object.assign({ version: editor.dataset.version }, fields));
    message.textContent = "…";
    return fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": token, Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
    })
      .then((response) => response.json().then((data) => ({ ok: response.ok, status: response.status, data: data })))
      .then((answer) => {
        if (!answer.ok) {
          message.textContent = answer.data.error || String(answer.status);
          message.classList.add("error");
          return;
        }
        if (answer.status === 202) {
          message.textContent = answer.data.message; // a long re-alignment goes on as a background job
          return;
        }
        editor.dataset.version = answer.data.version;
        try {
          if (current) sessionStorage.setItem("editor-selected", current.id);
        } catch (error) {
          /* without storage the selection starts at the top again */
        }
        location.reload();
      })
      .catch(() => {
        message.textContent = message.dataset.failed || "Network error";
        message.classList.add("error");
      });
  }

  function linkPath(operation) {
    return READER.url("edit_link", { document: editor.dataset.document, link: current.dataset.link, operation: operation });
  }

  let sentence = null;
  const textDialog = editor.querySelector("[data-text-dialog]");
  const textArea = textDialog.querySelector("[data-sentence-text]");

  function openText() {
    if (!sentence) return;
    textArea.value = sentence.textContent;
    textArea.dataset.original = sentence.textContent;
    textDialog.hidden = false;
    textArea.focus();
  }

  function sentencePath(operation) {
    return READER.url("edit_sentence", {
      document: editor.dataset.document,
      sentence: sentence.dataset.sentence,
      operation: operation,
    });
  }

  const splitDialog = editor.querySelector("[data-split-dialog]");
  const noteDialog = editor.querySelector("[data-note-dialog]");

  function openSplit() {
    const vi = Number(current.dataset.vi);
    const en = Number(current.dataset.en);
    splitDialog.querySelector("[data-vi-keep]").value = Math.max(0, Math.ceil(vi / 2));
    splitDialog.querySelector("[data-en-keep]").value = Math.max(0, Math.ceil(en / 2));
    splitDialog.hidden = false;
    splitDialog.querySelector("[data-vi-keep]").focus();
  }

  function openNote() {
    const existing = current.querySelector(".note");
    noteDialog.querySelector("[data-note-text]").value = existing ? existing.dataset.text || "" : "";
    noteDialog.hidden = false;
    noteDialog.querySelector("[data-note-text]").focus();
  }

  editor.addEventListener("click", (event) => {
    const row = event.target.closest(".elink");
    if (row) select(row, false);
    const clicked = event.target.closest(".es");
    if (clicked) {
      editor.querySelectorAll(".es.chosen").forEach((node) => node.classList.remove("chosen"));
      sentence = clicked;
      sentence.classList.add("chosen");
    }
    const action = event.target.closest("[data-action]");
    if (!action) return;
    const name = action.dataset.action;
    if (name === "text-apply") {
      textDialog.hidden = true;
      send(sentencePath("text"), { text: textArea.value });
    } else if (name === "text-split") {
      if (textArea.value !== textArea.dataset.original) {
        message.textContent = textDialog.dataset.changed;
        message.classList.add("error");
        return;
      }
      textDialog.hidden = true;
      // the server counts characters (code points), the textarea UTF-16 units
      send(sentencePath("split"), { at: Array.from(textArea.value.slice(0, textArea.selectionStart)).length });
    } else if (name === "text-cancel") {
      textDialog.hidden = true;
      select(current, true);
    } else if (name === "split-apply") {
      splitDialog.hidden = true;
      send(linkPath("split"), {
        vi_keep: splitDialog.querySelector("[data-vi-keep]").value,
        en_keep: splitDialog.querySelector("[data-en-keep]").value,
      });
    } else if (name === "split-cancel") {
      splitDialog.hidden = true;
      select(current, true);
    } else if (name === "note-apply") {
      noteDialog.hidden = true;
      send(linkPath("note"), { note: noteDialog.querySelector("[data-note-text]").value });
    } else if (name === "note-cancel") {
      noteDialog.hidden = true;
      select(current, true);
    } else if (name === "confirm-above") {
      send(READER.url("confirm_above", { document: editor.dataset.document }), { threshold: editor.querySelector("[data-threshold]").value });
    } else if (name === "realign") {
      send(READER.url("realign", { document: editor.dataset.document }), {});
    } else if (name === "undo") {
      send(READER.url("undo", { document: editor.dataset.document }), {});
    }
  });

  editor.addEventListener("keydown", (event) => {
    if (event.target.closest(".dialog, input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key === "Escape") {
        splitDialog.hidden = true;
        noteDialog.hidden = true;
        textDialog.hidden = true;
        select(current, true);
      }
      return;
    }
    if (!current) return;
    const index = rows.indexOf(current);
    const key = event.key;
    if (key === "j" || key === "ArrowDown") select(rows[index + 1], true);
    else if (key === "k" || key === "ArrowUp") select(rows[index - 1], true);
    else if (key === "m") send(linkPath("merge"), {});
    else if (key === "s") openSplit();
    else if (key === "[") send(linkPath("move"), { lang: "en", direction: "previous" });
    else if (key === "]") send(linkPath("move"), { lang: "en", direction: "next" });
    else if (key === "{") send(linkPath("move"), { lang: "vi", direction: "previous" });
    else if (key === "}") send(linkPath("move"), { lang: "vi", direction: "next" });
    else if (key === "c") send(linkPath(current.dataset.status === "confirmed" ? "unconfirm" : "confirm"), {});
    else if (key === "n") openNote();
    else if (key === "u") send(READER.url("undo", { document: editor.dataset.document }), {});
    else if (key === "e") openText();
    else if (key === "J" && sentence) send(sentencePath("join"), {});
    else return;
    event.preventDefault();
  });

  select(current, location.hash !== "" || remembered !== null);
  if (current && (location.hash || remembered)) current.scrollIntoView({ block: "center" });
})();
