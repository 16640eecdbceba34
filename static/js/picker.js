// Pickers (programmes/forms/pickers.py): without this script a search box, a Find
// button and a short select of matches; with it the search box becomes an ARIA combobox
// (the APG "list autocomplete" pattern) that asks the server as one types and sets the
// select, which stays the form's real value. Arrow keys move through the matches,
// Enter chooses, Escape closes the list (and, closed, clears the box).
(function () {
  "use strict";

  const DELAY_MS = 200;

  function setUp(picker, index) {
    const input = picker.querySelector("[data-picker-input]");
    const select = picker.querySelector("[data-picker-select]");
    const shown = picker.querySelector("[data-picker-shown]");
    const find = picker.querySelector("[data-picker-find]");
    if (!input || !select || !shown) {
      return;
    }
    const url = picker.dataset.picker;
    const listId = `picker-${index}-list`;

    // The field's label names the combobox; the fallback's own label and select go.
    const fieldLabel = document.querySelector(`label[for="${select.id}"]`);
    const searchLabel = picker.querySelector(`label[for="${input.id}"]`);
    if (fieldLabel) {
      fieldLabel.htmlFor = input.id;
      if (searchLabel) {
        searchLabel.remove();
      }
    }
    for (const name of ["aria-describedby", "aria-invalid", "required"]) {
      if (select.hasAttribute(name)) {
        input.setAttribute(name, select.getAttribute(name));
      }
    }
    select.closest(".picker__choice").hidden = true;
    if (find) {
      find.hidden = true;
    }

    input.type = "text";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    const box = document.createElement("div");
    box.className = "picker__combobox";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "picker__listbox";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    if (fieldLabel) {
      list.setAttribute("aria-labelledby", fieldLabel.id || (fieldLabel.id = `${listId}-label`));
    }
    box.appendChild(list);
    const status = document.createElement("p");
    status.className = "picker__status";
    status.setAttribute("role", "status");
    box.after(status);

    let results = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    function open() {
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function say(count) {
      if (count === 0) {
        status.textContent = picker.dataset.pickerNone;
      } else if (count === 1) {
        status.textContent = picker.dataset.pickerOne;
      } else {
        status.textContent = picker.dataset.pickerMany.replace("{count}", String(count));
      }
    }

    function mark(position) {
      const options = list.querySelectorAll("[role=option]");
      options.forEach((option, at) => option.setAttribute("aria-selected", String(at === position)));
      active = position;
      if (position >= 0 && options[position]) {
        input.setAttribute("aria-activedescendant", options[position].id);
        options[position].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(result) {
      let option = Array.from(select.options).find((item) => item.value === String(result.id));
      if (!option) {
        option = new Option(result.label, String(result.id));
        select.add(option);
      }
      select.value = String(result.id);
      select.dispatchEvent(new Event("change", { bubbles: true }));
      const name = result.label.replace(/ \([^()]*\)$/, "");
      input.value = name;
      shown.value = name;
      status.textContent = "";
      close();
    }

    function show(found) {
      results = found;
      list.replaceChildren(
        ...found.map((result, at) => {
          const option = document.createElement("li");
          option.id = `${listId}-${at}`;
          option.className = "picker__option";
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.textContent = result.label;
          // Keep the focus in the box when a match is clicked.
          option.addEventListener("mousedown", (event) => event.preventDefault());
          option.addEventListener("click", () => choose(result));
          return option;
        }),
      );
      active = -1;
      say(found.length);
      open();
    }

    async function ask(text) {
      const number = ++asked;
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(text)}`, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!response.ok || number !== asked) {
          return;
        }
        const data = await response.json();
        if (number === asked) {
          show(data.results || []);
        }
      } catch (error) {
        // Offline or refused: the Find button and the form still work on the server.
        if (find) {
          find.hidden = false;
        }
      }
    }

    // After a search on the server the select holds its matches: offer them at once.
    if (select.value === "" && input.value.trim()) {
      results = Array.from(select.options)
        .filter((option) => option.value !== "")
        .map((option) => ({ id: option.value, label: option.text }));
    }

    input.addEventListener("input", () => {
      // A new search drops the earlier choice: what is saved is what was chosen.
      select.value = "";
      shown.value = "";
      clearTimeout(timer);
      const text = input.value.trim();
      if (!text) {
        results = [];
        status.textContent = "";
        close();
        return;
      }
      timer = setTimeout(() => ask(text), DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      const count = results.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && count) {
          open();
        }
        if (count) {
          mark((active + 1) % count);
        }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden && count) {
          open();
        }
        if (count) {
          mark(active <= 0 ? count - 1 : active - 1);
        }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(results[active]);
        } else if (!list.hidden && count === 1) {
          event.preventDefault();
          choose(results[0]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          select.value = "";
          shown.value = "";
          status.textContent = "";
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", () => close());
  }

  document.querySelectorAll("[data-picker]").forEach(setUp);
})();
