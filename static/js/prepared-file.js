// Progressive enhancement of a prepared file's page (templates/downloads/prepared_file.html):
// while the task worker makes the file, the progress bar and its text follow the file's
// progress (its progress.json: soon, then every few seconds), and the download link shows
// when the file is ready. A failure reloads the page, which says why. Without JavaScript
// a plain refresh shows the same.
(function () {
  "use strict";

  // Soon at first (a short file is ready in a second or two), then less and less often.
  var FIRST_MS = 500;
  var LONGEST_MS = 3000;

  function follow(root) {
    var url = root.getAttribute("data-prepared-file");
    var progress = root.querySelector("[data-progress]");
    var ready = root.querySelector("[data-ready]");
    if (!url || !progress || !ready) {
      return;
    }
    var bar = progress.querySelector("progress");
    var text = progress.querySelector("[data-progress-text]");

    function show(state) {
      if (state.rows_total) {
        bar.max = state.rows_total;
        bar.value = state.rows_done;
      }
      bar.textContent = state.text;
      text.textContent = state.text;
      if (state.status === "failed") {
        window.location.reload();
        return false;
      }
      if (state.finished) {
        progress.hidden = true;
        ready.hidden = false;
        return false;
      }
      return true;
    }

    var wait = FIRST_MS;

    function later(factor) {
      window.setTimeout(poll, wait * factor);
      wait = Math.min(wait * 1.5, LONGEST_MS);
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
          if (show(state)) {
            later(1);
          }
        })
        .catch(function () {
          // The server could not answer (a restart, the network): try again a little later.
          later(3);
        });
    }

    later(1);
  }

  function enhance() {
    document.querySelectorAll("[data-prepared-file]").forEach(function (root) {
      var progress = root.querySelector("[data-progress]");
      if (progress && !progress.hidden) {
        follow(root);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
