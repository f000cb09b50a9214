// Where a word's popover goes, and how the keyboard moves through it (used by lookup.js).
// Wide screens: beside the word, above or below it, wherever it fits inside the viewport without covering the word or
// the English sentence(s) of the word's row (where its counterpart is lit); when no free band is tall enough, the
// tallest one and the popover scrolls inside. Narrow screens (the CSS's `popover-sheet` breakpoint): a bottom sheet,
// and the page scrolls so that the word and its English stay above the sheet.
// Keyboard: Tab and Shift+Tab cycle through the popover's controls; Escape closes it and gives the focus back.
(function () {
  "use strict";
  const GAP = 6;
  const EDGE = 8;
  const FOCUSABLE = "a[href], button, summary, textarea, input, select, [tabindex]:not([tabindex='-1'])";

  function narrow() {
    // the breakpoint lives in reader.css (a custom property), never re-typed here
    const value = getComputedStyle(document.documentElement).getPropertyValue("--sheet-below").trim();
    return window.matchMedia("(max-width: " + (value || "600px") + ")").matches;
  }

  // The rectangles (viewport coordinates) that must stay visible: the word and its row's English lines.
  function keptVisible(word) {
    const rects = [word.getBoundingClientRect()];
    const row = word.closest(".link");
    if (row) row.querySelectorAll(".en .s").forEach((sentence) => rects.push(...sentence.getClientRects()));
    return rects.filter((rect) => rect.width > 0 || rect.height > 0);
  }

  function release(popover) {
    popover.classList.remove("sheet");
    popover.style.maxHeight = "";
    document.body.style.paddingBottom = "";
  }

  function placeSheet(popover, word) {
    popover.classList.add("sheet");
    popover.style.left = "";
    popover.style.top = "";
    popover.style.maxHeight = "";
    const height = window.innerHeight;
    const kept = keptVisible(word);
    const top = Math.min(...kept.map((rect) => rect.top));
    const bottom = Math.max(...kept.map((rect) => rect.bottom));
    let sheet = popover.offsetHeight;
    const room = height - (bottom - top) - 2 * GAP - EDGE;
    if (sheet > room) {
      sheet = Math.max(room, height * 0.3);
      popover.style.maxHeight = sheet + "px";
    }
    // room to scroll the last rows of the page above the sheet
    document.body.style.paddingBottom = sheet + "px";
    const limit = height - sheet - GAP;
    let delta = 0;
    if (bottom > limit) delta = Math.min(bottom - limit, top - EDGE);
    else if (top < EDGE) delta = top - EDGE;
    if (delta) window.scrollBy({ top: delta, left: 0, behavior: "instant" });
  }

  function placeBeside(popover, word) {
    popover.classList.remove("sheet");
    popover.style.maxHeight = "";
    popover.style.left = "0px";
    popover.style.top = window.scrollY + "px";
    const width = document.documentElement.clientWidth;
    const height = window.innerHeight;
    const box = word.getBoundingClientRect();
    const popoverWidth = Math.min(popover.offsetWidth, width - 2 * EDGE);
    // horizontally at the word; left of the English column when the two languages stand side by side
    let right = width - EDGE;
    const row = word.closest(".link");
    const english = row ? row.querySelector(".en") : null;
    if (english) {
      const column = english.getBoundingClientRect();
      if (column.left >= box.right && column.left - GAP - popoverWidth >= EDGE) right = column.left - GAP;
    }
    const left = Math.max(EDGE, Math.min(box.left, right - popoverWidth));
    // vertically: the free bands of the viewport in the popover's columns
    const blocked = keptVisible(word)
      .filter((rect) => rect.right > left && rect.left < left + popoverWidth && rect.bottom > 0 && rect.top < height)
      .map((rect) => [rect.top - GAP, rect.bottom + GAP])
      .sort((a, b) => a[0] - b[0]);
    const free = [];
    let y = EDGE;
    blocked.forEach(([top, bottom]) => {
      if (top > y) free.push([y, top]);
      y = Math.max(y, bottom);
    });
    if (height - EDGE > y) free.push([y, height - EDGE]);
    const natural = popover.offsetHeight;
    const below = (band) => band[0] >= box.bottom;
    const distance = (band) => (below(band) ? band[0] - box.bottom : box.top - band[1]);
    const fitting = free
      .filter((band) => band[1] - band[0] >= natural)
      .sort((a, b) => distance(a) - distance(b) || Number(below(b)) - Number(below(a)));
    let top;
    if (fitting.length) {
      const band = fitting[0];
      top = below(band) ? band[0] : band[1] - natural;
    } else if (free.length) {
      const band = free.reduce((tallest, next) => (next[1] - next[0] > tallest[1] - tallest[0] ? next : tallest));
      popover.style.maxHeight = band[1] - band[0] + "px";
      top = band[0];
    } else top = box.bottom + GAP;
    popover.style.left = window.scrollX + left + "px";
    popover.style.top = window.scrollY + top + "px";
  }

  // Put the popover of `word` where it fits (see the top of this file).
  function place(popover, word) {
    if (narrow()) placeSheet(popover, word);
    else {
      document.body.style.paddingBottom = "";
      placeBeside(popover, word);
    }
  }

  function focusables(popover) {
    return Array.from(popover.querySelectorAll(FOCUSABLE)).filter(
      (node) =>
        !node.disabled &&
        (node.checkVisibility ? node.checkVisibility({ visibilityProperty: true }) : node.getClientRects().length > 0),
    );
  }

  // Tab cycles inside the popover; Shift+Tab on its first control calls back(); Escape calls escape().
  function keepFocus(popover, back, escape) {
    popover.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        escape();
        return;
      }
      if (event.key !== "Tab") return;
      const list = focusables(popover);
      if (!list.length) return;
      const index = list.indexOf(document.activeElement);
      event.preventDefault();
      if (event.shiftKey && index <= 0) back();
      else if (event.shiftKey) list[index - 1].focus();
      else list[(index + 1) % list.length].focus();
    });
  }

  window.ReaderPopover = Object.freeze({
    narrow: narrow,
    place: place,
    release: release,
    focusables: focusables,
    keepFocus: keepFocus,
  });
})();
