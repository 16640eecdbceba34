// Progressive enhancement of forms, driven by data- attributes (no inline script):
//
// - A field group with data-shown-when="<field name>" is shown only while that field of
//   the same form has a value (a select's chosen option, a ticked checkbox). A group
//   with an error stays shown.
// - A select with data-fills="<field name>" fills that field with its chosen option's
//   data-fill-value (the service type's default hourly rate), unless the user has typed
//   something else there. With data-fills-unless="<other field>" it does not fill while
//   the other field has a value (a fixed price), and what it filled is emptied again
//   when the other field gets one.
//
// Without JavaScript every field shows and nothing is filled in; the server does the same
// checks either way.
(function () {
  "use strict";

  function hasValue(control) {
    if (!control) {
      return true;
    }
    if (control.type === "checkbox" || control.type === "radio") {
      return control.checked;
    }
    return control.value !== "";
  }

  function setUpCondition(group) {
    var form = group.closest("form");
    var control = form && form.elements.namedItem(group.dataset.shownWhen);
    if (!control) {
      return;
    }
    var keep = group.querySelector("[aria-invalid='true']") !== null;
    function update() {
      group.hidden = !keep && !hasValue(control);
    }
    control.addEventListener("change", update);
    update();
  }

  function setUpFill(select) {
    var form = select.closest("form");
    var target = form && form.elements.namedItem(select.dataset.fills);
    if (!target) {
      return;
    }
    var unless = select.dataset.fillsUnless
      ? form.elements.namedItem(select.dataset.fillsUnless)
      : null;
    var filled = null;
    function fill() {
      var option = select.options[select.selectedIndex];
      var value = option ? option.dataset.fillValue : undefined;
      var untouched = target.value === "" || target.value === filled;
      if (!untouched || (unless && unless.value !== "")) {
        return;
      }
      target.value = value === undefined ? "" : value;
      filled = target.value;
    }
    select.addEventListener("change", fill);
    if (unless) {
      unless.addEventListener("input", function () {
        if (unless.value !== "" && filled !== null && target.value === filled) {
          target.value = "";
          filled = null;
        }
      });
    }
    // A form shown again after a refusal: the empty rate is the one the server used.
    if (target.value === "") {
      fill();
    }
  }

  function enhance() {
    document.querySelectorAll("[data-shown-when]").forEach(setUpCondition);
    document.querySelectorAll("select[data-fills]").forEach(setUpFill);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
