/* Long checkbox lists (templates/includes/picker.html): the choices that matter now are
   shown; typing in the search box opens the rest and keeps only the choices whose words
   match. Ticked choices stay ticked when the search hides them. Without JavaScript the
   search box stays hidden and the rest open with a tap on their summary.
   Listeners sit on the document, so lists swapped in by htmx work without setting up. */
(function () {
  "use strict";

  // Elements marked .js-only show, and .no-js-only hide, once this has run.
  document.documentElement.classList.add("js");

  function words(text) {
    return text.toLocaleLowerCase().replace(/\s+/g, " ").trim();
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-picker-search]")) {
      return;
    }
    var picker = box.closest("[data-picker]");
    var wanted = words(box.value);
    var matches = 0;
    picker.querySelectorAll("[data-picker-item]").forEach(function (item) {
      var match = wanted === "" || words(item.textContent).indexOf(wanted) !== -1;
      item.hidden = !match;
      if (match) {
        matches += 1;
      }
    });
    if (wanted !== "") {
      picker.querySelector(".picker-rest").open = true;
    }
    picker.querySelector("[data-picker-none]").hidden = matches > 0;
  });

  // Enter in the search box would send the form: it only searches.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-picker-search]")) {
      event.preventDefault();
    }
  });
})();
