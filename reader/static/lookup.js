// Word look-up on the reading page.
// Clicking a Vietnamese word, or moving the focus onto it, opens a popover: its glossary term (the page marks only the
// term's id; its entry is fetched once from the server, with the term's English equivalent lit in the aligned
// English), then its meanings from the general
// dictionary, the core lexicon and imported dictionaries (a sense found in the aligned English first, in bold), the
// meanings of its longest known parts (marked as a guess when the whole word has none), and the English words of the
// aligned sentence that likely translate it (fetched from /words/<id>). Keys 1–4 (or the popover's buttons) set the word's status: new, learning, known, ignored.
// The popover is placed where it fits without hiding the word or its English (a bottom sheet on phones: popover.js).
// Keyboard: Enter or Tab on a focused word moves the focus into its popover, Tab cycles through its controls, Escape
// closes it and gives the focus back to the word.
// Clicking an English word lights the Vietnamese words of the aligned sentence that likely translate it.
// The page is the same for every reader: this reader's statuses of the page's words come from a small JSON request
// (the address is the article's data-statuses) and are applied here, as classes s-new … s-ignored, and s-unknown
// (the config's no_status) on every word with none; other scripts repaint words with a "reader:paint" event.
(function () {
  "use strict";
  const bitext = document.querySelector(".bitext");
  const popover = document.getElementById("term-popover");
  if (!bitext || !popover) return;
  const terms = new Map(); // term id → promise of its popover data, fetched on the term's first click
  const STATUSES = READER.config.statuses;
  const STATE_CLASSES = STATUSES.concat([READER.config.no_status]).map((status) => "s-" + status);
  const meaningsList = popover.querySelector("[data-meanings]");
  const likelyField = popover.querySelector("[data-likely]");
  const statusButtons = popover.querySelectorAll("[data-status]");
  let openWord = null;
  let request = 0;
  let returning = false; // the focus is being given back to a word whose popover was just closed

  function field(name) {
    return popover.querySelector('[data-field="' + name + '"]');
  }

  function unlight() {
    bitext.querySelectorAll(".lit-term, .t.open, .w.open, .lit-word").forEach((node) =>
      node.classList.remove("lit-term", "open", "lit-word"));
    if (window.CSS && CSS.highlights) CSS.highlights.delete("likely");
  }

  function close() {
    if (!openWord) return;
    popover.hidden = true;
    ReaderPopover.release(popover);
    unlight();
    openWord = null;
  }

  // Close the popover and put the focus back on its word.
  function closeToWord() {
    const word = openWord;
    close();
    if (!word) return;
    returning = true;
    word.focus();
    returning = false;
  }

  // Open the popover of a focused word (if it is not open) and move the focus to its first status button.
  function enter(wordNode) {
    open(wordNode);
    const first = popover.querySelector("[data-status]") || ReaderPopover.focusables(popover)[0];
    if (first) first.focus();
  }

  function termData(id) {
    if (!terms.has(id)) {
      const loaded = fetch(READER.url("term", { term: id }), { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)));
      loaded.catch(() => terms.delete(id)); // asked again on the next click
      terms.set(id, loaded);
    }
    return terms.get(id);
  }

  function showTerm(termNode) {
    const section = popover.querySelector("[data-term]");
    section.hidden = true;
    if (!termNode) return;
    const word = openWord;
    termData(termNode.dataset.t).then((term) => {
      if (openWord !== word) return;
      section.querySelectorAll("[data-field]").forEach((node) => {
        const name = node.dataset.field;
        if (name === "url") node.setAttribute("href", term.url);
        else {
          node.textContent = term[name] || "";
          node.hidden = !term[name];
        }
      });
      section.hidden = false;
      place(word);
    }, () => {});
    termNode.classList.add("open");
    const row = termNode.closest(".link");
    if (row) row.querySelectorAll('.en .te[data-t="' + termNode.dataset.t + '"]').forEach((n) => n.classList.add("lit-term"));
  }

  function lightEnglish(row, words) {
    if (!row || !words.length || !(window.CSS && CSS.highlights && window.Highlight)) return;
    const wanted = new Set(words.map((w) => w.toLowerCase()));
    const ranges = [];
    row.querySelectorAll(".en .s").forEach((cell) => {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const pattern = new RegExp(READER.config.english_word, "g");
        let match;
        while ((match = pattern.exec(node.data))) {
          if (wanted.has(match[0].toLowerCase())) {
            const range = new Range();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            ranges.push(range);
          }
        }
      }
    });
    if (ranges.length) CSS.highlights.set("likely", new Highlight(...ranges));
  }

  function showStatus(status) {
    statusButtons.forEach((button) => button.setAttribute("aria-pressed", String(button.dataset.status === status)));
  }

  function open(wordNode) {
    if (openWord === wordNode) return;
    unlight();
    openWord = wordNode;
    wordNode.classList.add("open");
    showTerm(wordNode.closest(".t"));
    field("word").textContent = wordNode.textContent;
    meaningsList.textContent = "";
    popover.querySelector("[data-guess]").hidden = true;
    likelyField.textContent = "";
    popover.querySelector("[data-loading]").hidden = false;
    showStatus(null);
    popover.hidden = false;
    place(wordNode);
    const mine = ++request;
    fetch(READER.url("word", { word: wordNode.dataset.w }), { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        if (mine !== request || openWord !== wordNode) return; // another word, or closed meanwhile
        popover.querySelector("[data-loading]").hidden = true;
        const entries = data.meanings.map((m) => [data.word, m]);
        data.parts.forEach((part) => part.meanings.forEach((m) => entries.push([part.form, m])));
        entries.forEach(([form, meaning]) => {
          const item = document.createElement("li");
          const head = document.createElement("span");
          head.className = "meaning-head";
          head.textContent = form + (meaning.pos ? " · " + meaning.pos : "") + " · " + meaning.source;
          item.append(head, document.createTextNode(" "));
          if (meaning.matched && meaning.glosses.startsWith(meaning.matched)) {
            // the sense found in the aligned English sentence, shown first and in bold
            const sense = document.createElement("strong");
            sense.className = "in-english";
            sense.textContent = meaning.matched;
            item.append(sense, document.createTextNode(meaning.glosses.slice(meaning.matched.length)));
          } else item.append(document.createTextNode(meaning.glosses));
          meaningsList.append(item);
        });
        popover.querySelector("[data-guess]").hidden = !data.guess;
        popover.querySelector("[data-none]").hidden = entries.length > 0 || Boolean(data.term);
        likelyField.textContent = data.likely_english.join(", ");
        likelyField.parentElement.hidden = !data.likely_english.length;
        lightEnglish(wordNode.closest(".link"), data.likely_english);
        showStatus(data.status);
        popover.dispatchEvent(new CustomEvent("reader:word", { detail: { word: wordNode, data: data } }));
        place(wordNode);
      })
      .catch(() => {
        popover.querySelector("[data-loading]").hidden = true;
      });
  }

  function place(node) {
    if (!popover.hidden) ReaderPopover.place(popover, node);
  }

  function normal(text) {
    return text.toLowerCase().replace(/\s+/g, " ").trim();
  }

  // Colour every word whose form has a status in `found` ({form: status}), and with `everyWord` mark every other
  // word as having none. A word a glossary term cut in two is several pieces with the same data-w; its form is their
  // texts joined.
  function paint(found, everyWord) {
    const pieces = new Map();
    bitext.querySelectorAll(".vi .w").forEach((node) => {
      const group = pieces.get(node.dataset.w);
      if (group) group.push(node);
      else pieces.set(node.dataset.w, [node]);
    });
    pieces.forEach((nodes) => {
      const status = found[normal(nodes.map((node) => node.textContent).join(" "))] ||
        (everyWord ? READER.config.no_status : null);
      if (!status) return;
      nodes.forEach((node) => {
        node.classList.remove(...STATE_CLASSES);
        node.classList.add("s-" + status);
      });
    });
  }

  const article = bitext.closest("[data-statuses]");
  if (article) {
    fetch(article.dataset.statuses, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        paint(data.statuses, true);
        bitext.dispatchEvent(new CustomEvent("reader:statuses", { detail: data }));
      })
      .catch(() => {});
  }

  bitext.addEventListener("reader:paint", (event) => paint(event.detail.statuses, false));

  function setStatus(wordNode, status) {
    READER.post(READER.url("word_status", { word: wordNode.dataset.w }), { status: status })
      .then((response) =>
        response.ok
          ? response.json()
          : response.json().then(
              (data) => Promise.reject(data.error || ""),
              () => Promise.reject(""),
            ),
      )
      .then((data) => {
        paint({ [normal(data.form)]: data.status });
        if (openWord === wordNode) showStatus(data.status);
      })
      .catch((message) => {
        popover.querySelector("[data-none]").hidden = true;
        const loading = popover.querySelector("[data-loading]");
        // the server's sentence (busy database, no reader id yet, …) when it sent one
        loading.textContent = typeof message === "string" && message ? message : loading.dataset.failed;
        loading.hidden = false;
      });
  }

  statusButtons.forEach((button) =>
    button.addEventListener("click", () => {
      if (openWord) setStatus(openWord, button.dataset.status);
    }));

  function englishWordAt(event) {
    const range = document.caretRangeFromPoint ? document.caretRangeFromPoint(event.clientX, event.clientY) : null;
    if (!range || range.startContainer.nodeType !== Node.TEXT_NODE) return "";
    const text = range.startContainer.data;
    let start = range.startOffset;
    let end = range.startOffset;
    const wordCharacter = new RegExp("[" + READER.config.english_word_characters + "]");
    while (start > 0 && wordCharacter.test(text[start - 1])) start--;
    while (end < text.length && wordCharacter.test(text[end])) end++;
    return text.slice(start, end);
  }

  function lookUpEnglish(event, sentence) {
    const word = englishWordAt(event);
    const row = sentence.closest(".link");
    if (!word || !row) return;
    const mine = ++request;
    fetch(READER.url("link_vietnamese", { link: row.dataset.link }) + "?word=" + encodeURIComponent(word))
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        if (mine !== request) return;
        unlight();
        data.matches.forEach((match) => {
          const node = row.querySelector('.vi .w[data-w="' + match.id + '"]');
          if (node) node.classList.add("lit-word");
        });
      });
  }

  bitext.addEventListener("click", (event) => {
    const wordNode = event.target.closest(".vi .w");
    if (wordNode) {
      open(wordNode);
      return;
    }
    close();
    const english = event.target.closest(".en .s");
    if (english) lookUpEnglish(event, english);
  });
  // Focus on a word opens its popover; focus anywhere else but the popover closes it. A press of the mouse or a
  // finger focuses the word too, but its click opens the popover: opening it on the press could scroll the page (the
  // phone's sheet) before the release, and the click would land on another element. A mouse focuses before its
  // pointerup; a finger after it (the browser's compatibility mousedown comes after pointerup, just before the
  // click), so a touch press lasts until its click, or a moment if no click follows (a scroll, a long press).
  let pressing = false;
  let pressEnd = 0;
  bitext.addEventListener("pointerdown", () => {
    pressing = true;
    window.clearTimeout(pressEnd);
  });
  document.addEventListener("pointerup", (event) => {
    window.clearTimeout(pressEnd);
    pressEnd = window.setTimeout(() => (pressing = false), event.pointerType === "mouse" ? 0 : 800);
  });
  document.addEventListener("pointercancel", () => (pressing = false));
  document.addEventListener("click", () => (pressing = false), true); // capture: the press has ended in its click
  document.addEventListener("focusin", (event) => {
    if (popover.contains(event.target)) return;
    const wordNode = bitext.contains(event.target) ? event.target.closest(".vi .w") : null;
    if (wordNode && !returning && !pressing) open(wordNode);
    else if (!wordNode) close();
  });
  bitext.addEventListener("keydown", (event) => {
    const wordNode = event.target.closest(".vi .w");
    if (!wordNode || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = ["1", "2", "3", "4"].indexOf(event.key);
    if (index >= 0) {
      setStatus(wordNode, STATUSES[index]);
      event.preventDefault();
    } else if (
      (event.key === "Enter" && !wordNode.classList.contains("chosen")) ||
      (event.key === "Tab" && !event.shiftKey && openWord === wordNode && !popover.hidden)
    ) {
      enter(wordNode);
      event.preventDefault();
    }
  });
  ReaderPopover.keepFocus(popover, () => openWord && openWord.focus(), closeToWord);
  popover.querySelector("[data-close]").addEventListener("click", closeToWord);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && openWord) close();
  });
  // keep it in view (and off the English) while the page scrolls or the window changes size
  let placing = false;
  function replace() {
    if (placing || !openWord || popover.hidden || popover.classList.contains("sheet")) return;
    const box = openWord.getBoundingClientRect();
    if (box.bottom < 0 || box.top > window.innerHeight) return; // scrolled away: it goes with its word
    placing = true;
    window.requestAnimationFrame(() => {
      placing = false;
      if (openWord && !popover.hidden) place(openWord);
    });
  }
  window.addEventListener("scroll", replace, { passive: true });
  // … and when it grows (its meanings arrive, "Write my own meaning" opens)
  if (window.ResizeObserver) new ResizeObserver(replace).observe(popover);
  window.addEventListener("resize", () => {
    // a phone's address bar showing or hiding resizes the window: a sheet stays put unless the breakpoint is crossed
    if (!openWord || popover.hidden || (popover.classList.contains("sheet") && ReaderPopover.narrow())) return;
    place(openWord);
  });
  document.addEventListener("click", (event) => {
    if (openWord && !popover.contains(event.target) && !bitext.contains(event.target)) close();
  });
})();
