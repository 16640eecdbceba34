// Progressive enhancement of the error summary (templates/includes/_error_summary.html):
// focus moves to the summary when the page opens, so that a refused save is read out and
// seen at once; a link in it moves focus to its field, with the field's label in view.
// Without JavaScript the summary is still at the top of the form and its links still jump.
(function () {
  "use strict";

  function focusField(link, event) {
    var id = decodeURIComponent(link.hash.slice(1));
    var field = document.getElementById(id);
    if (!field) {
      return;
    }
    event.preventDefault();
    var group = field.closest(".ds-field, fieldset") || field;
    group.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }

  function enhance() {
    var summaries = document.querySelectorAll("[data-error-summary]");
    summaries.forEach(function (summary) {
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (link) {
          focusField(link, event);
        }
      });
    });
    if (summaries.length) {
      summaries[0].focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
