// "Citer" / "Cite": show a publication's BibTeX in place and copy it to the clipboard.
// Without this file each publication keeps a plain link to its .bib file.
(function () {
  "use strict";

  function load(panel) {
    var code = panel.querySelector(".cite__text code");
    if (panel.dataset.loaded) {
      return Promise.resolve(code.textContent);
    }
    return fetch(panel.dataset.bibtexUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (text) {
        code.textContent = text;
        panel.dataset.loaded = "true";
        return text;
      });
  }

  function say(panel, message) {
    var status = panel.querySelector(".cite__status");
    // Emptied first so that the same message is announced again on a second copy.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function setUp(cite) {
    var link = cite.querySelector(".cite__link");
    var panel = cite.querySelector(".cite__panel");
    var actions = panel.querySelector(".cite__actions");
    var labels = actions.dataset;
    var copy = document.createElement("button");
    copy.type = "button";
    copy.className = "cite__copy button";
    copy.textContent = labels.labelCopy;
    actions.insertBefore(copy, actions.firstChild);
    panel.hidden = false;
    link.hidden = true;
    panel.addEventListener("toggle", function () {
      if (panel.open) {
        load(panel).catch(function () {
          say(panel, labels.labelUnavailable);
        });
      }
    });
    copy.addEventListener("click", function () {
      load(panel)
        .then(function (text) {
          if (!navigator.clipboard) {
            throw new Error("no clipboard");
          }
          return navigator.clipboard.writeText(text);
        })
        .then(function () {
          say(panel, labels.labelCopied);
        })
        .catch(function () {
          say(panel, labels.labelFailed);
        });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".cite"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
