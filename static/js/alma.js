/* ALMA Aula — optional enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Print buttons are hidden until JavaScript can make them work.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-print-hint]").forEach(function (hint) { hint.hidden = true; });

    // Glossary pop-overs are <details>: also close them with Escape or a click elsewhere.
    var openGlossaries = function () { return document.querySelectorAll(".glossary details[open]"); };
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      openGlossaries().forEach(function (details) {
        details.open = false;
        if (details.contains(document.activeElement)) details.querySelector("summary").focus();
      });
    });
    document.addEventListener("click", function (event) {
      openGlossaries().forEach(function (details) {
        if (!details.contains(event.target)) details.open = false;
      });
    });
  });
})();
