/* Quiz attempt: save each answer in the background as the learner gives it, and keep
   the "n of N questions answered" count live. Without JavaScript the buttons still save. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave]");
    var status = document.getElementById("autosave-status");
    var label = document.getElementById("answered-label");
    var bar = document.getElementById("answered");
    if (!form || !status || !window.fetch) return;
    var pending = null;
    var save = function () {
      var data = new FormData(form);
      data.set("action", "save");
      fetch(form.getAttribute("action"), {  // not form.action: the "action" buttons shadow it
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Alma-Autosave": "1", "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (result.body.closed && result.body.url) { window.location.assign(result.body.url); return; }
        if (!result.ok) { status.textContent = status.dataset.failed; return; }
        var text = status.dataset.answeredTemplate.replace("__answered__", result.body.answered);
        label.textContent = text;
        bar.value = result.body.answered;
        bar.textContent = text;
        status.textContent = status.dataset.saved + " " + text;
      }).catch(function () { status.textContent = status.dataset.failed; });
    };
    form.addEventListener("change", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(save, 150);
    });
  });
})();
