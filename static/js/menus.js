// Menus built on <details>: the header's menu, the user menu and a row's actions.
// They work without this script; it closes an open dropdown when the user presses
// Escape (the innermost one, focus back on its button) or clicks or tabs outside it.
(function () {
  "use strict";

  var siteMenu = document.querySelector("details[data-menu='site']");
  var wide = window.matchMedia("(min-width: 56.25rem)");

  // A browser without ::details-content shows the wide header's menu once it is open.
  if (siteMenu && !CSS.supports("selector(::details-content)")) {
    var openWhenWide = function () {
      if (wide.matches) {
        siteMenu.open = true;
      }
    };
    openWhenWide();
    wide.addEventListener("change", openWhenWide);
  }

  // The open dropdowns, and the header's menu while it is a menu button (below 900 px).
  function openDropdowns() {
    return Array.prototype.filter.call(
      document.querySelectorAll("details[data-menu][open]"),
      function (menu) {
        return menu !== siteMenu || !wide.matches;
      }
    );
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = openDropdowns();
    var around = open.filter(function (menu) {
      return menu.contains(document.activeElement);
    });
    if (around.length) {
      // Close the innermost menu around the focus and give its button the focus.
      var menu = around[around.length - 1];
      menu.open = false;
      menu.querySelector("summary").focus();
    } else {
      open.forEach(function (menu) {
        menu.open = false;
      });
    }
  });

  function closeOutside(target) {
    openDropdowns().forEach(function (menu) {
      if (!menu.contains(target)) {
        menu.open = false;
      }
    });
  }

  document.addEventListener("click", function (event) {
    closeOutside(event.target);
  });
  document.addEventListener("focusin", function (event) {
    closeOutside(event.target);
  });
})();
