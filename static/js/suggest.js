/* Suggestions as you type in the directory's search box: the box becomes a WAI-ARIA
   combobox with a listbox popup (the Authoring Practices' "list autocomplete" pattern).
   Down and Up move through the suggestions, Enter chooses one, Escape closes the list;
   the number of suggestions is announced. Choosing a help topic, language or municipality
   sets that filter and searches; choosing a place opens its page. Without JavaScript the
   box is a plain search field. */
(function () {
  "use strict";

  var wrapper = document.querySelector("[data-suggest]");
  var input = document.getElementById("id_q");
  if (!wrapper || !input || !window.fetch) {
    return;
  }
  var form = input.form;
  var list = wrapper.querySelector("[role=listbox]");
  var status = document.querySelector("[data-suggest-status]");
  var items = [];
  var active = -1;
  var timer = null;
  var asked = "";

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  function announce(count) {
    var text = "";
    if (count === 1) {
      text = wrapper.getAttribute("data-count-one");
    } else if (count > 1) {
      text = wrapper.getAttribute("data-count-many").replace("{count}", String(count));
    }
    status.textContent = text;
  }

  function close() {
    wrapper.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    active = index;
    Array.prototype.forEach.call(options, function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var item = items[index];
    if (!item) {
      return;
    }
    close();
    if (item.url) {
      window.location.href = item.url;
      return;
    }
    var field = form.elements[item.param];
    if (field) {
      field.value = item.value;
      input.value = "";
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  }

  function render(found) {
    items = found;
    list.textContent = "";
    found.forEach(function (item, index) {
      var option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = "q-suggestion-" + index;
      option.setAttribute("aria-selected", "false");
      option.textContent = item.label;
      var kind = document.createElement("span");
      kind.className = "suggest-kind";
      kind.textContent = " – " + item.kind_label;
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); /* keep the focus in the box */
      });
      option.addEventListener("click", function () {
        choose(index);
      });
      list.appendChild(option);
    });
    active = -1;
    wrapper.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
    announce(found.length);
  }

  function ask() {
    var text = input.value.trim();
    if (text === asked) {
      return;
    }
    asked = text;
    if (text.length < 2) {
      render([]);
      return;
    }
    var url = wrapper.getAttribute("data-url") + "&q=" + encodeURIComponent(text);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        if (input.value.trim() === text) {
          render(data.suggestions || []);
        }
      })
      .catch(function () {
        render([]);
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 150);
  });

  input.addEventListener("keydown", function (event) {
    var open = !wrapper.hidden && items.length > 0;
    if (event.key === "ArrowDown") {
      if (!open && items.length) {
        wrapper.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      if (items.length) {
        event.preventDefault();
        highlight((active + 1) % items.length);
      }
    } else if (event.key === "ArrowUp") {
      if (open) {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      }
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault();
        choose(active);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        close();
      }
    }
  });

  input.addEventListener("blur", function () {
    window.setTimeout(close, 100);
  });
})();
