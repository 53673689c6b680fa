// LAKSA's forms with photos are sent by htmx when JavaScript runs: htmx adds the CSRF header,
// so the upload reaches the server without the token having to be parsed out of the multipart
// body first. A form sent back with errors answers 400, which htmx leaves unshown by default:
// show it, so the citizen sees the messages next to the fields.
document.addEventListener("htmx:beforeSwap", function (event) {
  var form = event.detail.elt;
  if (event.detail.xhr.status === 400 && form.closest && form.closest("[data-laksa-form]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
