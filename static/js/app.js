/* Nêu gương: the little behaviour htmx does not give.
   - Pickers: a text box searches through htmx; choosing a result fills the hidden id.
   - The organisation tree: the toggle shows or hides the children htmx loaded once.
   - Forms with data-confirm ask before they are sent.
   No inline scripts or handlers anywhere (the Content-Security-Policy forbids them). */
(function () {
  "use strict";

  function pickerParts(element) {
    var picker = element.closest("[data-picker]");
    if (!picker) return null;
    return {
      input: picker.querySelector("[data-picker-input]"),
      value: picker.querySelector("[data-picker-value]"),
      results: picker.querySelector(".picker__results"),
    };
  }

  function pick(option) {
    var parts = pickerParts(option);
    if (!parts) return;
    parts.value.value = option.getAttribute("data-pick-id");
    parts.input.value = option.getAttribute("data-pick-label");
    parts.results.innerHTML = "";
    parts.input.focus();
    parts.value.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function toggleNode(button) {
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (list) list.hidden = open;
  }

  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-pick-id]");
    if (option) {
      event.preventDefault();
      pick(option);
      return;
    }
    var toggle = event.target.closest(".tree-toggle");
    if (toggle) toggleNode(toggle);
  });

  // Typing again means the earlier choice no longer holds.
  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-picker-input]")) return;
    var parts = pickerParts(event.target);
    if (parts && parts.value.value) parts.value.value = "";
  });

  // Escape closes a picker's result list; Down arrow moves into it.
  document.addEventListener("keydown", function (event) {
    if (!event.target.closest) return;
    var parts = pickerParts(event.target);
    if (!parts) return;
    if (event.key === "Escape" && parts.results.innerHTML) {
      parts.results.innerHTML = "";
      parts.input.focus();
    } else if (event.key === "ArrowDown" && event.target === parts.input) {
      var first = parts.results.querySelector("[data-pick-id]");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  // A form marked data-autosave shows its refusals (400, 403, 409) in its status line,
  // and an element marked data-swap-errors (a rating sheet's row) its refused row, which
  // htmx would otherwise leave unswapped as errors.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    var swaps = source && (source.hasAttribute("data-autosave") || source.hasAttribute("data-swap-errors"));
    if (swaps && [400, 403, 409].indexOf(status) >= 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
