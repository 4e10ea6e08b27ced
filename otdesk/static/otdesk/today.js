/* Today: open at today's sessions. On a phone the days are stacked, so on a Wednesday
   Monday's and Tuesday's cards would fill the first screens. When today's first card is
   not in the first screen, scroll to today's heading. Not when the address names a card
   (after Log as planned, Missed or Sign note the browser returns to that card itself),
   and not on reload or Back, where the browser puts the page where it was. */
(function () {
  "use strict";

  function openAtToday() {
    if (window.location.hash) {
      return;
    }
    var visits = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")
      : [];
    if (visits.length && (visits[0].type === "reload" || visits[0].type === "back_forward")) {
      return;
    }
    var today = document.querySelector("[data-today]");
    if (!today) {
      return;
    }
    var first = today.querySelector(".work-item") || today;
    if (first.getBoundingClientRect().bottom <= window.innerHeight) {
      return;
    }
    today.scrollIntoView({ block: "start" });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openAtToday);
  } else {
    openAtToday();
  }
})();
