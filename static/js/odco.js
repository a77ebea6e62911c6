// Small progressive enhancements. No inline scripts (CSP): behaviour hangs on data attributes.
(function () {
  "use strict";
  // The language switcher submits as soon as a language is chosen; the button stays for no-JS use.
  var select = document.getElementById("language-select");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
  // Buttons with data-confirm ask before a destructive action.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
