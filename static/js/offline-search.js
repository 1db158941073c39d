/* The search page of an offline bundle (manage.py export_offline). The index is a script that sets
   window.ALMA_SEARCH_INDEX (fetch() cannot read files opened from file://): {entries: [{title, kind, href, text}]}.
   A result has every word of the query, accents and case aside; title matches first. */
(function () {
  "use strict";
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function snippet(text, word) {
    var at = Math.max(fold(text).indexOf(word), 0), start = Math.max(at - 60, 0);
    return (start ? "… " : "") + text.slice(start, start + 180).trim() + (start + 180 < text.length ? " …" : "");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-offline-search]");
    var index = window.ALMA_SEARCH_INDEX;
    if (!form || !index) return;
    var input = form.querySelector("input[name=q]");
    var section = document.querySelector("[data-results]");
    var count = section.querySelector("[data-results-count]");
    var list = section.querySelector("[data-results-list]");
    var entries = index.entries.map(function (e) { return { entry: e, title: fold(e.title), text: fold(e.text) }; });

    function show(query) {
      var words = fold(query).split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) { section.hidden = true; return; }
      var hits = entries.filter(function (e) {
        return words.every(function (w) { return e.title.indexOf(w) >= 0 || e.text.indexOf(w) >= 0; });
      }).map(function (e) {
        return { e: e, score: words.filter(function (w) { return e.title.indexOf(w) >= 0; }).length };
      }).sort(function (a, b) { return b.score - a.score; });
      hits.forEach(function (hit) {
        var item = document.createElement("li"), kind = document.createElement("p"), badge = document.createElement("span");
        var heading = document.createElement("h3"), link = document.createElement("a"), text = document.createElement("p");
        kind.className = "search-results__kind"; badge.className = "badge"; badge.textContent = hit.e.entry.kind;
        kind.appendChild(badge);
        link.href = hit.e.entry.href; link.textContent = hit.e.entry.title;
        heading.appendChild(link);
        text.textContent = snippet(hit.e.entry.text, words[0]);
        item.append(kind, heading, text);
        list.appendChild(item);
      });
      count.textContent = hits.length === 1 ? count.dataset.one : count.dataset.many.replace(/\d+/, hits.length);
      section.hidden = false;
    }

    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    show(query);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(input.value);
      // Keep the query in the address, so Back and a reload show the same results (works on file:// too).
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// in some browsers */ }
    });
  });
})();
