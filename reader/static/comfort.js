// Reading comfort: hide the English and reveal it sentence by sentence, words with no status marked or not, the
// colour legend open or closed, font size, light/dark theme, reading a
// sentence aloud with the browser's speech synthesis (only when a Vietnamese or English voice exists), and the
// reading position remembered per document. Preferences live in this browser's localStorage.
(function () {
  "use strict";
  const article = document.querySelector("article.reading");
  const toolbar = document.querySelector(".toolbar");
  const bitext = document.querySelector(".bitext");
  if (!article || !toolbar || !bitext) return;
  const root = document.documentElement;
  const store = {
    get(key, fallback) {
      try {
        const value = localStorage.getItem("reader-" + key);
        return value === null ? fallback : JSON.parse(value);
      } catch (error) {
        return fallback;
      }
    },
    set(key, value) {
      try {
        localStorage.setItem("reader-" + key, JSON.stringify(value));
      } catch (error) {
        /* storage may be full or disabled: preferences then last for this page only */
      }
    },
  };
  const button = (action) => toolbar.querySelector('[data-action="' + action + '"]');

  // Hide the English; reveal one row with a click on its hidden English, or with "r" on a focused sentence.
  function setHidden(hidden) {
    document.body.classList.toggle("hide-en", hidden);
    button("toggle-english").setAttribute("aria-pressed", String(hidden));
    if (!hidden) bitext.querySelectorAll(".link.revealed").forEach((row) => row.classList.remove("revealed"));
    store.set("hide-en", hidden);
  }
  button("toggle-english").addEventListener("click", () => setHidden(!document.body.classList.contains("hide-en")));
  bitext.addEventListener("click", (event) => {
    const cell = event.target.closest(".en");
    if (cell && document.body.classList.contains("hide-en")) cell.closest(".link").classList.add("revealed");
  });
  bitext.addEventListener("keydown", (event) => {
    if ((event.key === "r" || event.key === "R") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const row = event.target.closest(".link");
      if (row && document.body.classList.contains("hide-en")) {
        row.classList.toggle("revealed");
        event.preventDefault();
      }
    }
  });
  setHidden(store.get("hide-en", false));

  // Words with no status marked (the default) or not
  function setMarkUnknown(on) {
    bitext.classList.toggle("mark-unknown", on);
    button("mark-unknown").setAttribute("aria-pressed", String(on));
    store.set("mark-unknown", on);
  }
  button("mark-unknown").addEventListener("click", () => setMarkUnknown(!bitext.classList.contains("mark-unknown")));
  setMarkUnknown(store.get("mark-unknown", true));

  // The colour legend stays open or closed as the reader left it
  const legend = document.querySelector("[data-legend]");
  if (legend) {
    legend.open = store.get("legend-open", false);
    legend.addEventListener("toggle", () => store.set("legend-open", legend.open));
  }

  // Font size
  const sizes = [0.9, 1.0, 1.08, 1.2, 1.35, 1.5, 1.7];
  let size = sizes.indexOf(store.get("size", 1.08));
  if (size < 0) size = 2;
  function applySize() {
    root.style.setProperty("--reading-size", sizes[size] + "rem");
    store.set("size", sizes[size]);
  }
  button("smaller").addEventListener("click", () => { size = Math.max(0, size - 1); applySize(); });
  button("larger").addEventListener("click", () => { size = Math.min(sizes.length - 1, size + 1); applySize(); });
  applySize();

  // Theme
  function applyTheme(dark) {
    root.dataset.theme = dark ? "dark" : "light";
    button("theme").setAttribute("aria-pressed", String(dark));
    store.set("dark", dark);
  }
  button("theme").addEventListener("click", () => applyTheme(root.dataset.theme !== "dark"));
  applyTheme(store.get("dark", window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches));

  // Speech: the button shows only when the browser has a Vietnamese or English voice.
  const speak = button("speak");
  function voiceFor(lang) {
    return window.speechSynthesis ? speechSynthesis.getVoices().find((voice) => voice.lang.toLowerCase().startsWith(lang)) : null;
  }
  function updateSpeak() {
    speak.hidden = !(voiceFor("vi") || voiceFor("en"));
  }
  if (window.speechSynthesis) {
    updateSpeak();
    speechSynthesis.addEventListener("voiceschanged", updateSpeak);
    speak.addEventListener("click", () => {
      const sentence = bitext.querySelector('.s[tabindex="0"]');
      if (!sentence) return;
      const lang = sentence.closest("[lang]").getAttribute("lang");
      const voice = voiceFor(lang);
      if (!voice) return;
      const utterance = new SpeechSynthesisUtterance(sentence.textContent);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      speechSynthesis.cancel();
      speechSynthesis.speak(utterance);
    });
  }

  // Reading position: the last sentence chosen in this document; offered as "continue" when the page opens.
  const key = "position-" + article.dataset.document;
  document.addEventListener("reader:sentence", (event) => {
    store.set(key, { page: Number(article.dataset.page), sentence: event.detail.id });
  });
  const saved = store.get(key, null);
  const link = toolbar.querySelector("[data-continue]");
  if (saved && !location.hash && document.getElementById("s-" + saved.sentence) !== null) {
    link.href = "#s-" + saved.sentence;
    link.hidden = false;
  } else if (saved && !location.hash) {
    link.href = READER.url("sentence", { document: article.dataset.document, sentence: saved.sentence });
    link.hidden = false;
  }
})();

// Reading position kept on the server too (per signed-in user or per browser id), so a collection page can say how
// far this reader got and where to resume: the page when it opens, then the sentence chosen (at most once a second).
(function () {
  "use strict";
  const article = document.querySelector("article.reading");
  if (!article || !READER.config.urls.position) return;
  const address = READER.url("position", { document: article.dataset.document });
  let timer = null;
  function save(values) {
    READER.post(address, values, { keepalive: true }).catch(() => {
      /* the position is a convenience: a lost one is not worth an error on the page */
    });
  }
  save({ page: article.dataset.page });
  document.addEventListener("reader:sentence", (event) => {
    clearTimeout(timer);
    timer = setTimeout(() => save({ page: article.dataset.page, sentence: event.detail.id }), 1000);
  });
})();
