// Review by keyboard: Space (or Enter) shows the answer; then the key a rating button names (1 Again, 2 Hard, 3 Good,
// 4 Easy) rates the card. Keys typed into a field, or with a modifier, are left alone.
(function () {
  "use strict";
  const card = document.querySelector(".review-card");
  if (!card) return;
  const answer = card.querySelector("details.review-answer");
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest("input, textarea, select")) return;
    if (!answer.open) {
      // a focused link, button or the summary itself does what it does with Space and Enter
      if ((event.key === " " || event.key === "Enter") && !event.target.closest("a, button, summary")) {
        answer.open = true;
        event.preventDefault();
      }
      return;
    }
    const rating = card.querySelector('[data-key="' + event.key + '"]');
    if (rating) {
      event.preventDefault();
      rating.click();
    }
  });
})();
