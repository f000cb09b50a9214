// Word boundaries in the alignment editor: the "Words…" button opens a dialog with the stored words of the chosen
// Vietnamese sentence (or the selected link's first one). "+" between two words joins them, "·" between the syllables
// of a word splits it there. Each change is an editor operation: it carries the document's version, is recorded in the
// history, and the editor's Undo takes it back (the dialog then shows the words again).
(function () {
  "use strict";
  const editor = document.querySelector(".editor");
  if (!editor) return;
  const dialog = editor.querySelector("[data-words-dialog]");
  const opener = editor.querySelector("[data-words-open]");
  if (!dialog || !opener) return;
  const list = dialog.querySelector("[data-words]");
  const error = dialog.querySelector("[data-words-error]");
  let sentenceId = null;
  let shownVersion = editor.dataset.version;

  function chosenSentence() {
    const chosen = editor.querySelector('.es.chosen[data-lang="vi"]');
    if (chosen) return chosen;
    const row = editor.querySelector(".elink.selected") || editor.querySelector(".elink");
    return row ? row.querySelector('.es[data-lang="vi"]') : null;
  }

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
  }

  function button(label, title, data) {
    const node = document.createElement("button");
    node.type = "button";
    node.textContent = label;
    node.title = title;
    node.setAttribute("aria-label", title);
    Object.assign(node.dataset, data);
    return node;
  }

  function show(words) {
    list.textContent = "";
    words.forEach((word, index) => {
      const chip = document.createElement("span");
      chip.className = "word-chip" + (word.kind === "punct" ? " punct" : "");
      chip.dataset.word = word.id;
      const syllables = word.text.split(/(\s+)/);
      let offset = 0;
      syllables.forEach((piece) => {
        if (/^\s+$/.test(piece)) {
          chip.append(button("·", dialog.dataset.splitLabel.replace("{word}", word.text), { split: word.id, at: offset }));
        } else if (piece) {
          chip.append(document.createTextNode(piece));
        }
        offset += piece.length;
      });
      list.append(chip);
      const next = words[index + 1];
      if (next && word.kind !== "punct" && next.kind !== "punct") {
        const label = dialog.dataset.joinLabel.replace("{words}", word.text + " " + next.text);
        list.append(button("+", label, { join: word.id + "," + next.id }));
      } else if (next) {
        list.append(document.createTextNode(" "));
      }
    });
  }

  function load() {
    error.hidden = true;
    return fetch(READER.url("sentence_words", { document: editor.dataset.document, sentence: sentenceId }), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(editor.dataset.failed))))
      .then((data) => show(data.words))
      .catch((reason) => fail(reason.message));
  }

  function send(operation, fields) {
    error.hidden = true;
    const address = READER.url("edit_words", { document: editor.dataset.document, operation: operation });
    return READER.post(address, Object.assign({ version: editor.dataset.version }, fields))
      .then((response) => response.json().then((data) => ({ ok: response.ok, data: data })))
      .then((answer) => {
        if (!answer.ok) return fail(answer.data.error || editor.dataset.failed);
        shownVersion = String(answer.data.version);
        editor.dataset.version = answer.data.version;
        const status = editor.querySelector("[data-message]");
        if (status) status.textContent = editor.dataset.done;
        return load();
      })
      .catch(() => fail(editor.dataset.failed));
  }

  opener.addEventListener("click", () => {
    const sentence = chosenSentence();
    if (!sentence) return;
    sentenceId = sentence.dataset.sentence;
    dialog.hidden = false;
    load().then(() => {
      const first = list.querySelector("button");
      if (first) first.focus();
    });
  });
  dialog.querySelector("[data-words-close]").addEventListener("click", () => {
    dialog.hidden = true;
    opener.focus();
  });
  list.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    if (target.dataset.join) send("join", { words: target.dataset.join });
    else if (target.dataset.split) send("split", { word: target.dataset.split, at: target.dataset.at });
  });
  // the editor's Undo and Redo change the words too: when the version changes, show them again
  new MutationObserver(() => {
    if (editor.dataset.version === shownVersion) return;
    shownVersion = editor.dataset.version;
    if (!dialog.hidden && sentenceId) load();
  }).observe(editor, { attributes: true, attributeFilter: ["data-version"] });
})();
