// "Citer" / "Cite": show a publication's BibTeX in place and copy it to the clipboard.
// Without this file each publication keeps a plain link to its .bib file (and its page, the
// formatted references as text).
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

  // The formatted references of a publication's page: a Copy button for each.
  function announce(status, message) {
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function setUpReferences(section) {
    var labels = section.dataset;
    var status = section.querySelector(".cite__references-status");
    Array.prototype.forEach.call(section.querySelectorAll(".cite__reference"), function (block) {
      var text = block.querySelector(".cite__reference-text");
      var copy = document.createElement("button");
      copy.type = "button";
      copy.className = "cite__copy button";
      copy.textContent = labels.labelCopy;
      copy.setAttribute("aria-describedby", block.querySelector(".cite__style").id);
      block.appendChild(copy);
      copy.addEventListener("click", function () {
        if (!navigator.clipboard) {
          announce(status, labels.labelFailed);
          return;
        }
        navigator.clipboard.writeText(text.textContent.trim()).then(
          function () {
            announce(status, block.dataset.labelCopied);
          },
          function () {
            announce(status, labels.labelFailed);
          }
        );
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".cite"), setUp);
    Array.prototype.forEach.call(document.querySelectorAll(".cite__references"), setUpReferences);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
