/* LAKSA on a phone: photos made smaller before they are sent, progress while sending, a draft
 * kept through a lost session, the tracking number copied or shared, the colour filter applied
 * on a tap.
 *
 * Forms answered 422 with their errors are swapped in by the portal's htmx configuration, and
 * lost connections, expired forms and other refusals are shown by core/js/portal.js. Without
 * JavaScript every form here is a plain form that works the same. Messages come translated in
 * data-* attributes; text goes in with textContent only.
 */
(function () {
  "use strict";

  var JPEG_QUALITY = 0.85;

  function submitButtons(form) {
    return form.querySelectorAll("button[type='submit']");
  }

  function setBusy(form, busy) {
    submitButtons(form).forEach(function (button) {
      button.disabled = busy;
      if (busy) button.setAttribute("aria-busy", "true");
      else button.removeAttribute("aria-busy");
    });
  }

  /* One photo as a JPEG at most `limit` pixels on its longer side, or the photo itself when it
   * is already small or the browser cannot read it (the server then says what is wrong).
   * createImageBitmap reads the file without a blob: URL, which the portal's CSP refuses, and
   * turns the picture upright as the camera's EXIF says. */
  function shrink(file, limit) {
    if (!/^image\//.test(file.type) || typeof createImageBitmap === "undefined") {
      return Promise.resolve(file);
    }
    return createImageBitmap(file)
      .then(function (image) {
        var scale = Math.min(1, limit / Math.max(image.width, image.height));
        if (scale === 1 && file.type === "image/jpeg") return file;
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(image.width * scale);
        canvas.height = Math.round(image.height * scale);
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        image.close();
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              if (!blob || (scale === 1 && blob.size >= file.size)) return resolve(file);
              var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
              resolve(new File([blob], name, { type: "image/jpeg", lastModified: Date.now() }));
            },
            "image/jpeg",
            JPEG_QUALITY
          );
        });
      })
      .catch(function () {
        return file;
      });
  }

  /* The chosen photos are replaced by their smaller copies in the input itself, so htmx and a
   * plain submit send the same thing. */
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type='file'][data-laksa-resize]")) return;
    if (!input.files.length || typeof DataTransfer === "undefined") return;
    var form = input.form;
    var hint = document.getElementById(input.id + "-hint");
    var before = hint ? hint.textContent : "";
    if (hint) hint.textContent = input.dataset.resizing;
    setBusy(form, true);
    var limit = parseInt(input.dataset.laksaResize, 10);
    Promise.all(Array.prototype.map.call(input.files, function (file) {
      return shrink(file, limit);
    })).then(function (files) {
      var transfer = new DataTransfer();
      files.forEach(function (file) {
        transfer.items.add(file);
      });
      input.files = transfer.files; // fires no second "change"
      if (hint) hint.textContent = before;
      setBusy(form, false);
    });
  });

  function progressOf(form) {
    return form.querySelector(".laksa-progress");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    var bar = form.matches && form.matches("[data-laksa-form]") && progressOf(form);
    if (bar) {
      bar.removeAttribute("value"); // indeterminate until the first progress event
      bar.hidden = false;
    }
  });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target;
    var bar = form.matches && form.matches("[data-laksa-form]") && progressOf(form);
    if (bar && event.detail.lengthComputable && event.detail.total) {
      bar.value = Math.round((100 * event.detail.loaded) / event.detail.total);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var bar = form.matches && form.matches("[data-laksa-form]") && progressOf(form);
    if (bar) bar.hidden = true;
  });

  /* Too many reports in the hour (429) comes back as the form with its message: show it like
   * the other errors instead of a bare "refused". */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (event.detail.xhr.status === 429 && form && form.matches && form.matches("[data-laksa-form]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  /* The confirmation's tracking number: copy it, or share the report's link where the phone
   * can (Web Share API), else copy the link. */
  function say(box, message) {
    box.querySelector(".laksa-share-status").textContent = message;
  }

  function copy(box, text) {
    if (!navigator.clipboard) return say(box, box.dataset.copyFailed);
    navigator.clipboard.writeText(text).then(
      function () {
        say(box, box.dataset.copied);
      },
      function () {
        say(box, box.dataset.copyFailed);
      }
    );
  }

  function initShare(root) {
    root.querySelectorAll(".laksa-share[hidden]").forEach(function (box) {
      if (!navigator.clipboard && !navigator.share) return;
      box.hidden = false;
      box.querySelector("[data-laksa-copy]").addEventListener("click", function () {
        copy(box, box.dataset.number);
      });
      box.querySelector("[data-laksa-share]").addEventListener("click", function () {
        var data = { title: box.dataset.title, text: box.dataset.number, url: box.dataset.url };
        if (navigator.share) {
          navigator.share(data).catch(function () {
            /* closed by the citizen: nothing to say */
          });
        } else {
          copy(box, box.dataset.url);
        }
      });
    });
  }

  /* The colour filter applies on a tap; without JavaScript its button does. */
  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (radio.matches && radio.matches(".laksa-colours input[type='radio']") && radio.form.requestSubmit) {
      radio.form.requestSubmit();
    }
  });

  /* A report being written outlives a lost session: its words wait in this tab's
   * sessionStorage, under the citizen's own key, until the report is received, and fill the
   * empty fields when the form opens again (after signing in again, say). Photos cannot wait
   * there; the form asks for them again. */
  var KEPT = ["category", "description", "title", "address", "kecamatan", "latitude", "longitude"];

  function draftOf(form) {
    try {
      return JSON.parse(sessionStorage.getItem(form.dataset.draftKey) || "{}");
    } catch (error) {
      return {};
    }
  }

  function keepDraft(event) {
    var form = event.target.form;
    if (!form || !form.dataset.draftKey) return;
    var draft = {};
    KEPT.forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value) draft[name] = field.value;
    });
    try {
      sessionStorage.setItem(form.dataset.draftKey, JSON.stringify(draft));
    } catch (error) {
      /* storage full or refused: the form works without it */
    }
  }

  document.addEventListener("input", keepDraft);
  document.addEventListener("change", keepDraft);

  function restoreDraft() {
    var received = document.querySelector(".laksa-sent[data-draft-key]");
    if (received) sessionStorage.removeItem(received.dataset.draftKey);
    var form = document.querySelector("form[data-draft-key]");
    if (!form) return;
    var draft = draftOf(form);
    KEPT.forEach(function (name) {
      var field = form.elements[name];
      if (field && !field.value && draft[name]) field.value = draft[name];
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    restoreDraft(); // before core/js/map.js places the pin from the inputs
    initShare(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    initShare(event.target);
  });
})();
