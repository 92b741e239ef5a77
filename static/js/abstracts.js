// "voir plus" / "see more": fold each long abstract after its first lines, unfold it in place.
// Without this file the whole abstract shows and the buttons stay hidden.
(function () {
  "use strict";

  function setExpanded(button, expanded) {
    var tail = document.getElementById(button.getAttribute("aria-controls"));
    var ellipsis = tail.previousElementSibling;
    tail.hidden = !expanded;
    if (ellipsis && ellipsis.classList.contains("abstract__ellipsis")) {
      ellipsis.hidden = expanded;
    }
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    button.textContent = expanded ? button.dataset.labelLess : button.dataset.labelMore;
  }

  function init() {
    var buttons = document.querySelectorAll(".abstract__toggle[aria-controls]");
    Array.prototype.forEach.call(buttons, function (button) {
      if (!document.getElementById(button.getAttribute("aria-controls"))) {
        return;
      }
      setExpanded(button, false);
      button.hidden = false;
      button.addEventListener("click", function () {
        setExpanded(button, button.getAttribute("aria-expanded") !== "true");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
