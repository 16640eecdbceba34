// A container that scrolls sideways (a wide table's, or a bar chart's on a phone) can be
// scrolled by keyboard: while it overflows and holds nothing focusable, it takes focus
// itself, named by its table's caption (a figure is named by its figcaption).
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

  function update(container) {
    var scrolls = container.scrollWidth > container.clientWidth + 1;
    var focusable = container.querySelector(FOCUSABLE);
    if (scrolls && !focusable && !container.hasAttribute("tabindex")) {
      container.setAttribute("tabindex", "0");
      container.dataset.scrollFocus = "added";
      if (container.tagName !== "FIGURE" && !container.hasAttribute("role")) {
        var caption = container.querySelector("caption");
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      }
    } else if (!scrolls && container.dataset.scrollFocus === "added") {
      container.removeAttribute("tabindex");
      delete container.dataset.scrollFocus;
    }
  }

  var containers = document.querySelectorAll(".table-scroll, .record-table-scroll, .bar-chart");
  function updateAll() {
    containers.forEach(update);
  }
  updateAll();
  window.addEventListener("resize", updateAll);
})();
