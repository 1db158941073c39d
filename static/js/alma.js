/* ALMA Aula — optional enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    // The header menu folds behind a "Menu" button on narrow screens (CSS decides when).
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
      var setOpen = function (open) {
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        nav.classList.toggle("is-open", open);
      };
      toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
      nav.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
          setOpen(false);
          toggle.focus();
        }
      });
    }

    // Data saver: "Show image" links open the image; with JavaScript it shows in place.
    document.querySelectorAll("a[data-show-image]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var image = document.createElement("img");
        image.src = link.href;
        image.alt = link.getAttribute("data-alt") || "";
        image.width = Number(link.getAttribute("data-width")) || 0;
        image.height = Number(link.getAttribute("data-height")) || 0;
        image.decoding = "async";
        (link.closest(".figure__saved") || link).replaceWith(image);
      });
    });

    // Print buttons are hidden until JavaScript can make them work.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-print-hint]").forEach(function (hint) { hint.hidden = true; });

    // Study offline (static/js/offline.js, 9 KB gzip): loaded only where a page offers it, on a stored copy, or on a
    // device that has stored a module, so that other visitors' pages stay as light as before.
    var banner = document.querySelector("[data-offline-banner]");
    var loadOffline = function () {
      var script = document.createElement("script");
      script.src = banner.getAttribute("data-script");
      document.head.appendChild(script);
    };
    if (banner && window.Promise) {
      if (document.querySelector("[data-offline-module], [data-offline-quiz], [data-offline-complete], [data-offline-sync]")
          || document.documentElement.hasAttribute("data-offline-copy") || navigator.onLine === false) {
        loadOffline();
      } else if (navigator.serviceWorker) {
        navigator.serviceWorker.getRegistration("/").then(function (registration) { if (registration) loadOffline(); });
      }
    }

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
