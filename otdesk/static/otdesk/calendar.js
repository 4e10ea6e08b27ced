/* Week calendars: the Print button, and dragging a session to another day or time.
   While a session is dragged over a time, the server says whether it would keep every rule
   (/schedule/session/<pk>/check/); the answer shows on the drop target and in the page's
   live region. Dropping opens the Move page for that time, where the move is confirmed.
   Keyboard users use each session's Move link; on a phone the week is a list, not a grid. */
(function () {
  "use strict";

  var printButton = document.querySelector(".cal-print");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () {
      window.print();
    });
  }

  var grid = document.querySelector(".cal-week[data-editable]");
  if (!grid) {
    return;
  }
  var status = document.getElementById("cal-status");
  var preview = grid.querySelector(".cal-preview");
  var answers = {};
  var drag = null;
  var timer = null;

  function gridMode() {
    return window.getComputedStyle(grid).display === "grid";
  }

  function say(text, problem) {
    if (!status) {
      return;
    }
    status.textContent = text;
    status.classList.toggle("is-problem", Boolean(problem));
  }

  function slotAt(x, y) {
    var found = document.elementsFromPoint(x, y);
    for (var i = 0; i < found.length; i += 1) {
      if (found[i].classList && found[i].classList.contains("cal-slot")) {
        return found[i];
      }
    }
    return null;
  }

  function query(slot) {
    return "day=" + encodeURIComponent(slot.dataset.date) +
      "&start=" + encodeURIComponent(slot.dataset.start);
  }

  function showAnswer(slot, answer) {
    var where = slot.dataset.label;
    preview.classList.remove("is-ok", "is-problem");
    if (answer.ok) {
      preview.classList.add("is-ok");
      preview.textContent = "✔ Fits: " + where;
      say("Moving " + drag.card.dataset.label + " to " + where + " keeps every rule.", false);
    } else {
      var more = answer.problems.length > 1 ? " (and " + (answer.problems.length - 1) + " more)" : "";
      preview.classList.add("is-problem");
      preview.textContent = "⚠ Breaks a rule: " + answer.problems[0] + more;
      say("Moving " + drag.card.dataset.label + " to " + where + " breaks a rule: " +
        answer.problems.join(" "), true);
    }
  }

  function check(slot) {
    var key = drag.card.dataset.checkUrl + "?" + query(slot);
    if (answers[key]) {
      showAnswer(slot, answers[key]);
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      fetch(key, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          answers[key] = answer;
          if (drag && drag.slot === slot) {
            showAnswer(slot, answer);
          }
        })
        .catch(function () {
          if (drag && drag.slot === slot) {
            preview.textContent = "Could not check this time; drop to open the Move page.";
          }
        });
    }, 120);
  }

  function hover(slot) {
    drag.slot = slot;
    if (!slot) {
      preview.hidden = true;
      say("", false);
      return;
    }
    preview.className = "cal-preview cal-col-" + slot.dataset.column + " cal-at-" +
      slot.dataset.row + " cal-len-" + drag.card.dataset.span;
    preview.hidden = false;
    preview.textContent = "Checking " + slot.dataset.label + "…";
    check(slot);
  }

  function stop() {
    if (drag) {
      drag.card.classList.remove("is-dragging");
    }
    grid.classList.remove("is-dragging");
    preview.hidden = true;
    drag = null;
    window.clearTimeout(timer);
  }

  grid.addEventListener("pointerdown", function (event) {
    var card = event.target.closest(".cal-card[data-move-url]");
    if (!card || event.button !== 0 || event.target.closest("a, button, input, form")) {
      return;
    }
    if (!gridMode()) {
      return;
    }
    var box = card.getBoundingClientRect();
    drag = {
      card: card,
      pointer: event.pointerId,
      x: event.clientX,
      y: event.clientY,
      // Where the card was grabbed: its top edge is where the session would start.
      offset: Math.min(event.clientY - box.top, 8),
      grab: event.clientY - box.top,
      active: false,
      slot: null,
    };
    card.setPointerCapture(event.pointerId);
  });

  grid.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointer) {
      return;
    }
    if (!drag.active) {
      if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 6) {
        return;
      }
      drag.active = true;
      drag.card.classList.add("is-dragging");
      grid.classList.add("is-dragging");
    }
    event.preventDefault();
    var slot = slotAt(event.clientX, event.clientY - drag.grab + drag.offset);
    if (slot !== drag.slot) {
      hover(slot);
    }
  });

  grid.addEventListener("pointerup", function (event) {
    if (!drag || event.pointerId !== drag.pointer) {
      return;
    }
    var done = drag.active && drag.slot;
    var url = done ? drag.card.dataset.moveUrl + "?" + query(drag.slot) + "&next=" +
      encodeURIComponent(window.location.pathname + window.location.search) : null;
    stop();
    if (url) {
      window.location.assign(url);
    }
  });

  grid.addEventListener("pointercancel", stop);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drag) {
      stop();
      say("Move cancelled.", false);
    }
  });
})();
