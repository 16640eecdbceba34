// Progressive enhancement of an import's page (templates/imports/import_detail.html)
// while the task worker checks or imports its rows: the bar and its text follow the
// rows done (the import's progress.json: soon, then every few seconds), and the page is
// loaded again when the work is done, showing each row's outcome. Without JavaScript
// the page's own "Refresh" link shows the same.
(function () {
  "use strict";

  var FIRST_MS = 700;
  var LONGEST_MS = 3000;

  function follow(root) {
    var url = root.getAttribute("data-import-progress");
    var bar = root.querySelector("progress");
    var text = root.querySelector("[data-progress-text]");
    var wait = FIRST_MS;
    if (!url || !bar || !text) {
      return;
    }

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (state) {
          if (state.finished) {
            window.location.reload();
            return;
          }
          if (state.rows_done) {
            bar.max = state.rows;
            bar.value = state.rows_done;
            text.textContent = text.getAttribute("data-rows-text")
              ? text.getAttribute("data-rows-text")
                  .replace("%(done)s", state.rows_done)
                  .replace("%(rows)s", state.rows)
              : state.rows_done + " / " + state.rows;
          }
          window.setTimeout(poll, wait);
          wait = Math.min(wait * 1.5, LONGEST_MS);
        })
        .catch(function () {
          window.setTimeout(poll, LONGEST_MS);
        });
    }

    window.setTimeout(poll, wait);
  }

  document.querySelectorAll("[data-import-progress]").forEach(follow);
})();
