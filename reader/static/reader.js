// Reading page: light a sentence's counterparts, keyboard navigation, sentence addresses in the URL.
// Sentences (.s) carry the id of their alignment link in data-link; every sentence of that link, on both sides,
// is lit together, so 1-2 and 2-1 links light as a whole.
(function () {
  "use strict";
  const bitext = document.querySelector(".bitext");
  if (!bitext) return;

  let litLink = null;

  function sentencesOf(linkId) {
    return bitext.querySelectorAll('.s[data-link="' + linkId + '"]');
  }

  function light(linkId) {
    if (linkId === litLink) return;
    if (litLink !== null) sentencesOf(litLink).forEach((s) => s.classList.remove("lit"));
    litLink = linkId;
    if (linkId !== null) sentencesOf(linkId).forEach((s) => s.classList.add("lit"));
  }

  function sentenceOf(element) {
    return element && element.closest ? element.closest(".s") : null;
  }

  function side(sentence) {
    return sentence.parentElement.classList.contains("vi") ? "vi" : "en";
  }

  function sideSentences(name) {
    return Array.from(bitext.querySelectorAll("." + name + " > .s"));
  }

  // Roving tabindex: exactly one sentence is in the tab order; arrows move it.
  let current = null;

  function makeCurrent(sentence, focus) {
    if (current && current !== sentence) current.setAttribute("tabindex", "-1");
    current = sentence;
    sentence.setAttribute("tabindex", "0");
    light(sentence.dataset.link);
    if (focus) sentence.focus();
  }

  function remember(sentence) {
    history.replaceState(null, "", "#" + sentence.id);
    document.dispatchEvent(new CustomEvent("reader:sentence", { detail: { id: sentence.id.slice(2) } }));
  }

  function moveSentence(step) {
    const list = sideSentences(side(current));
    const next = list[list.indexOf(current) + step];
    if (next) {
      makeCurrent(next, true);
      remember(next);
    }
  }

  function switchSide() {
    const other = side(current) === "vi" ? "en" : "vi";
    const counterpart = bitext.querySelector("#l-" + current.dataset.link + " ." + other + " > .s");
    if (counterpart) {
      makeCurrent(counterpart, true);
      remember(counterpart);
    }
  }

  function moveWord(word, step) {
    const words = Array.from(bitext.querySelectorAll(".vi .w"));
    const next = words[words.indexOf(word) + step];
    if (next) {
      makeCurrent(sentenceOf(next), false);
      next.focus();
    }
  }

  bitext.addEventListener("mouseover", (event) => {
    const sentence = sentenceOf(event.target);
    if (sentence) light(sentence.dataset.link);
  });
  bitext.addEventListener("mouseleave", () => {
    light(current && bitext.contains(document.activeElement) ? current.dataset.link : null);
  });
  bitext.addEventListener("click", (event) => {
    const sentence = sentenceOf(event.target);
    if (!sentence) return;
    const word = event.target.closest(".w");
    makeCurrent(sentence, !word);
    if (word) word.focus();
    remember(sentence);
  });
  bitext.addEventListener("focusin", (event) => {
    const sentence = sentenceOf(event.target);
    if (sentence) makeCurrent(sentence, false);
  });

  bitext.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.classList.contains("w")) {
      if (event.shiftKey) return; // Shift+arrows choose words for an expression (own.js)
      if (event.key === "ArrowRight") moveWord(target, 1);
      else if (event.key === "ArrowLeft") moveWord(target, -1);
      else if (event.key === "Escape") makeCurrent(sentenceOf(target), true);
      else return;
      event.preventDefault();
      return;
    }
    if (!target.classList.contains("s")) return;
    if (event.key === "ArrowDown") moveSentence(1);
    else if (event.key === "ArrowUp") moveSentence(-1);
    else if (event.key === "ArrowRight" || event.key === "ArrowLeft") switchSide();
    else if (event.key === "Home" || event.key === "End") {
      const list = sideSentences(side(target));
      const next = event.key === "Home" ? list[0] : list[list.length - 1];
      makeCurrent(next, true);
      remember(next);
    }
    else if (event.key === "Enter" || event.key === " ") {
      const word = target.querySelector(".w");
      if (!word) return;
      word.focus();
    } else return;
    event.preventDefault();
  });

  // Open at the sentence named in the address (#s-123), else make the first Vietnamese sentence tabbable.
  function openAtHash() {
    const target = location.hash.startsWith("#s-") ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.classList.contains("s")) {
      makeCurrent(target, true);
      target.scrollIntoView({ block: "center" });
      return true;
    }
    return false;
  }
  window.addEventListener("hashchange", openAtHash);
  if (!openAtHash()) {
    const first = sideSentences("vi")[0] || sideSentences("en")[0];
    if (first) {
      first.setAttribute("tabindex", "0");
      current = first;
    }
  }
})();
