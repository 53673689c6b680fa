/* What every page does with htmx: tell the user when a request fails; and the header's menu.
 *
 * The convention (docs/plugins.md, "Forms with htmx"): a form with errors is answered 422 with the
 * form and its messages, and htmx swaps it in like a success (responseHandling in base.html).
 * Anything else that fails would otherwise leave the page silent: a lost connection, an expired
 * form (403 from the CSRF check, whose plain-text answer is already the message to show), a
 * refusal or a server error. Those are shown in #request-problem, with messages the page carries
 * translated in its data-* attributes. Text goes in with textContent only.
 */
(function () {
  "use strict";

  function box() {
    return document.getElementById("request-problem");
  }

  function show(message) {
    var el = box();
    if (!el || !message) return;
    el.querySelector(".request-problem-text").textContent = message;
    el.hidden = false;
    el.scrollIntoView({ block: "nearest" });
  }

  function hide() {
    var el = box();
    if (el) el.hidden = true;
  }

  function messageFor(xhr, el) {
    var type = xhr.getResponseHeader("content-type") || "";
    if (xhr.status === 403 && type.indexOf("text/plain") === 0 && xhr.responseText) {
      return xhr.responseText.slice(0, 300);
    }
    if (xhr.status === 401 || xhr.status === 403) return el.dataset.forbidden;
    if (xhr.status === 404) return el.dataset.notFound;
    if (xhr.status >= 500) return el.dataset.server;
    return el.dataset.refused;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var el = box();
    if (el) show(messageFor(event.detail.xhr, el));
  });
  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function () {
      var el = box();
      if (el) show(el.dataset.network);
    });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) hide();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".request-problem-close")) hide();
  });

  // The header's menu (a <details>, which opens and closes without JavaScript) also closes on
  // Escape and on a tap elsewhere, as people expect of a menu.
  function closeMenus(except) {
    document.querySelectorAll("details.site-menu[open]").forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.site-menu") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.site-menu[open]");
    if (!open) return;
    closeMenus(null);
    open.querySelector("summary").focus();
  });
})();
