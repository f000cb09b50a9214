// The alignment editor. Every link has buttons (merge, split, move a sentence, 1-0/0-1, confirm, note, edit text,
// dismiss a check); the keys do the same: j/k or the arrows choose a link, f goes to the next flagged or unconfirmed
// link, m merges, s splits, [ ] move an English sentence (Shift: Vietnamese), c confirms, n notes, e edits the chosen
// sentence, J joins it with the next, u undoes, r redoes. Each change is sent with the version of the document this
// page shows (the server refuses a change based on an old version with 409); the answer carries the HTML of the rows
// that changed, which replace only those rows. window.editorTimings keeps how long each change took to show: from the
// click or key that asked for it to the first frame drawn with the changed rows.
(function () {
  "use strict";
  const editor = document.querySelector("article.editor");
  if (!editor) return;
  const message = editor.querySelector("[data-message]");
  const list = editor.querySelector(".editor-links");
  const splitDialog = editor.querySelector("[data-split-dialog]");
  const noteDialog = editor.querySelector("[data-note-dialog]");
  const textDialog = editor.querySelector("[data-text-dialog]");
  const textArea = textDialog.querySelector("[data-sentence-text]");
  const dismissDialog = editor.querySelector("[data-dismiss-dialog]");
  const dialogs = [splitDialog, noteDialog, textDialog, dismissDialog];
  window.editorTimings = [];
  let current = null;
  let sentence = null;
  let dismissing = null;
  let busy = false;
  let asked = 0; // when the latest click or key was (performance.now's clock)

  // capture: seen before any handler of the page sends the change
  ["click", "keydown"].forEach((kind) => document.addEventListener(kind, (event) => (asked = event.timeStamp), true));

  function rows() {
    return Array.from(list.querySelectorAll(".elink"));
  }

  function say(text, isError) {
    message.textContent = text || "";
    message.classList.toggle("error", Boolean(isError));
  }

  function select(row, focus) {
    if (!row) return;
    if (current && current !== row) {
      current.setAttribute("tabindex", "-1");
      current.classList.remove("selected");
    }
    current = row;
    row.setAttribute("tabindex", "0");
    row.classList.add("selected");
    if (focus) row.focus({ preventScroll: false });
  }

  function chooseSentence(node) {
    editor.querySelectorAll(".es.chosen").forEach((other) => other.classList.remove("chosen"));
    sentence = node;
    if (node) node.classList.add("chosen");
  }

  function closeDialogs() {
    dialogs.forEach((dialog) => {
      dialog.hidden = true;
    });
  }

  function applyRows(answer) {
    const oldTotal = Number(editor.dataset.total);
    const index = current ? rows().indexOf(current) : 0;
    const currentId = current ? current.id : null;
    const changed = new Set((answer.rows || []).map((row) => "l-" + row.id));
    (answer.removed || []).forEach((id) => {
      const node = document.getElementById("l-" + id);
      if (node) node.remove();
    });
    (answer.rows || []).forEach((row) => {
      const holder = document.createElement("template");
      holder.innerHTML = row.html.trim();
      const fresh = holder.content.firstElementChild;
      const old = document.getElementById("l-" + row.id);
      if (old) {
        old.replaceWith(fresh);
      } else if (row.previous === null) {
        list.prepend(fresh);
      } else {
        const before = document.getElementById("l-" + row.previous);
        if (before) before.after(fresh);
      }
    });
    // the numbers of the other rows after the change move by the change in the number of links
    const delta = Number(answer.total) - oldTotal;
    const numbers = (answer.rows || []).map((row) => row.number);
    if (delta && numbers.length) {
      const from = Math.min.apply(null, numbers);
      rows().forEach((node) => {
        const number = Number(node.dataset.number);
        if (!changed.has(node.id) && number > from) {
          node.dataset.number = String(number + delta);
          node.querySelector(".number").textContent = String(number + delta);
        }
      });
    }
    editor.dataset.total = answer.total;
    const all = rows();
    const again = (currentId && document.getElementById(currentId)) || all[Math.min(index, all.length - 1)];
    current = null;
    all.forEach((node) => node.setAttribute("tabindex", "-1"));
    select(again, true);
  }

  function send(path, fields) {
    if (busy) return Promise.resolve();
    busy = true;
    const now = performance.now();
    const started = asked && now - asked < 1000 ? asked : now;
    say("…");
    return READER.post(path, Object.assign({ version: editor.dataset.version }, fields))
      .then((response) => response.json().then((data) => ({ ok: response.ok, status: response.status, data: data })))
      .then((answer) => {
        if (!answer.ok) {
          say(answer.data.error || String(answer.status), true);
          return;
        }
        if (answer.status === 202) {
          say(answer.data.message); // a long re-alignment goes on as a background job
          return;
        }
        editor.dataset.version = answer.data.version;
        if (answer.data.reload) {
          try {
            sessionStorage.setItem("editor-message", answer.data.message || editor.dataset.done);
            if (current) sessionStorage.setItem("editor-selected", current.id);
          } catch (error) {
            /* without storage the message is not shown after the reload */
          }
          location.reload();
          return;
        }
        applyRows(answer.data);
        say(answer.data.message || editor.dataset.done);
        requestAnimationFrame(() => {
          const elapsed = performance.now() - started; // the frame that shows the changed rows is being drawn
          window.editorTimings.push({ path: path, ms: elapsed });
          editor.dataset.lastMs = elapsed.toFixed(1);
        });
      })
      .catch(() => say(editor.dataset.failed, true))
      .finally(() => {
        busy = false;
      });
  }

  function linkPath(operation, row) {
    return READER.url("edit_link", {
      document: editor.dataset.document,
      link: (row || current).dataset.link,
      operation: operation,
    });
  }

  function sentencePath(operation) {
    return READER.url("edit_sentence", {
      document: editor.dataset.document,
      sentence: sentence.dataset.sentence,
      operation: operation,
    });
  }

  function documentPath(name) {
    return READER.url(name, { document: editor.dataset.document });
  }

  function openDialog(dialog, focus) {
    closeDialogs();
    dialog.hidden = false;
    if (focus) focus.focus();
  }

  function openSplit() {
    if (!current || !current.querySelector('[data-action="split"]')) return; // one sentence a side: nothing to split
    splitDialog.querySelector("[data-vi-keep]").value = Math.ceil(Number(current.dataset.vi) / 2);
    splitDialog.querySelector("[data-en-keep]").value = Math.ceil(Number(current.dataset.en) / 2);
    openDialog(splitDialog, splitDialog.querySelector("[data-vi-keep]"));
  }

  function openNote() {
    const existing = current.querySelector(".note");
    noteDialog.querySelector("[data-note-text]").value = existing ? existing.dataset.text || "" : "";
    openDialog(noteDialog, noteDialog.querySelector("[data-note-text]"));
  }

  function openText() {
    if (!sentence || !current.contains(sentence)) chooseSentence(current.querySelector(".es"));
    if (!sentence) return;
    textArea.value = sentence.textContent;
    textArea.dataset.original = sentence.textContent;
    textArea.lang = sentence.dataset.lang;
    openDialog(textDialog, textArea);
  }

  function openDismiss(check) {
    dismissing = check;
    dismissDialog.querySelector("[data-dismiss-check]").textContent = check.firstChild.textContent.trim();
    dismissDialog.querySelector("[data-dismiss-reason]").value = "";
    openDialog(dismissDialog, dismissDialog.querySelector("[data-dismiss-reason]"));
  }

  function toggleConfirm(row) {
    send(linkPath(row.dataset.status === "confirmed" ? "unconfirm" : "confirm", row), {});
  }

  function nextToCheck() {
    const all = rows();
    const start = current ? all.indexOf(current) : -1;
    for (let step = 1; step <= all.length; step += 1) {
      const row = all[(start + step) % all.length];
      if (row.classList.contains("warn") || row.dataset.status !== "confirmed") {
        select(row, true);
        row.scrollIntoView({ block: "center" });
        return;
      }
    }
  }

  const rowActions = {
    confirm: (row) => toggleConfirm(row),
    merge: (row) => send(linkPath("merge", row), {}),
    split: () => openSplit(),
    move: (row, button) => send(linkPath("move", row), { lang: button.dataset.lang, direction: button.dataset.direction }),
    unpair: (row) => send(linkPath("split", row), { vi_keep: row.dataset.vi, en_keep: 0 }),
    note: () => openNote(),
    edit: () => openText(),
    dismiss: (row, button) => openDismiss(button.closest(".check")),
  };

  const dialogActions = {
    "split-apply": () =>
      send(linkPath("split"), {
        vi_keep: splitDialog.querySelector("[data-vi-keep]").value,
        en_keep: splitDialog.querySelector("[data-en-keep]").value,
      }),
    "note-apply": () => send(linkPath("note"), { note: noteDialog.querySelector("[data-note-text]").value }),
    "text-apply": () => send(sentencePath("text"), { text: textArea.value }),
    "text-split": () => {
      if (textArea.value !== textArea.dataset.original) {
        say(textDialog.dataset.changed, true);
        return;
      }
      // the server counts characters (code points), the textarea UTF-16 units
      send(sentencePath("split"), { at: Array.from(textArea.value.slice(0, textArea.selectionStart)).length });
    },
    "text-join": () => send(sentencePath("join"), {}),
    "dismiss-apply": () =>
      send(linkPath("dismiss", dismissing.closest(".elink")), {
        check: dismissing.dataset.check,
        reason: dismissDialog.querySelector("[data-dismiss-reason]").value,
      }),
    "dialog-cancel": () => select(current, true),
    "next-check": () => nextToCheck(),
    undo: () => send(documentPath("undo"), {}),
    redo: () => send(documentPath("redo"), {}),
    "confirm-above": () => send(documentPath("confirm_above"), { threshold: editor.querySelector("[data-threshold]").value }),
    realign: () => send(documentPath("realign"), {}),
  };

  editor.addEventListener("click", (event) => {
    const row = event.target.closest(".elink");
    if (row) select(row, false);
    const clicked = event.target.closest(".es");
    if (clicked) chooseSentence(clicked);
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const name = button.dataset.action;
    if (row && rowActions[name]) {
      rowActions[name](row, button);
    } else if (dialogActions[name]) {
      closeDialogs();
      dialogActions[name]();
    }
  });

  editor.addEventListener("keydown", (event) => {
    if (event.target.closest(".dialog, input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key === "Escape") {
        closeDialogs();
        select(current, true);
      }
      return;
    }
    if (event.target.closest("button") && (event.key === "Enter" || event.key === " ")) return;
    if (!current) return;
    const all = rows();
    const index = all.indexOf(current);
    const key = event.key;
    if (key === "j" || key === "ArrowDown") select(all[index + 1], true);
    else if (key === "k" || key === "ArrowUp") select(all[index - 1], true);
    else if (key === "f") nextToCheck();
    else if (key === "m") send(linkPath("merge"), {});
    else if (key === "s") openSplit();
    else if (key === "[") send(linkPath("move"), { lang: "en", direction: "previous" });
    else if (key === "]") send(linkPath("move"), { lang: "en", direction: "next" });
    else if (key === "{") send(linkPath("move"), { lang: "vi", direction: "previous" });
    else if (key === "}") send(linkPath("move"), { lang: "vi", direction: "next" });
    else if (key === "c") toggleConfirm(current);
    else if (key === "n") openNote();
    else if (key === "u") send(documentPath("undo"), {});
    else if (key === "r") send(documentPath("redo"), {});
    else if (key === "e") openText();
    else if (key === "J" && sentence) send(sentencePath("join"), {});
    else return;
    event.preventDefault();
  });

  let remembered = null;
  let shown = null;
  try {
    remembered = sessionStorage.getItem("editor-selected");
    shown = sessionStorage.getItem("editor-message");
    sessionStorage.removeItem("editor-selected");
    sessionStorage.removeItem("editor-message");
  } catch (error) {
    remembered = null;
  }
  if (shown) say(shown);
  const all = rows();
  const first = all.find((row) => row.id === remembered || location.hash === "#" + row.id) || all[0];
  // the first link (or the one asked for) has the focus at once: the keys work without a click
  select(first, true);
  if (first && (location.hash || remembered)) first.scrollIntoView({ block: "center" });
})();
