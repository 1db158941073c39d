/* ALMA Aula — time on task on a lesson page. Once the page has loaded it says
   "viewed", then reports active seconds (page visible and some input in the last
   two minutes) in small POSTs: every minute of activity and when the page is
   hidden or left. The page works the same without this file. */
(function () {
  "use strict";
  var element = document.querySelector("[data-visit-url]");
  if (!element || !window.FormData) return;
  var url = element.getAttribute("data-visit-url");
  var token = element.getAttribute("data-csrf");
  var IDLE_MS = 120000, TICK_MS = 5000, SEND_EVERY_SECONDS = 60;
  var lastInput = Date.now(), lastTick = Date.now(), active = 0;

  function send(fields) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    Object.keys(fields).forEach(function (name) { data.append(name, fields[name]); });
    if (navigator.sendBeacon && navigator.sendBeacon(url, data)) return;
    if (window.fetch) fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: true }).catch(function () {});
  }

  function flush() {
    var seconds = Math.round(active);
    active = 0;
    if (seconds > 0) send({ seconds: String(seconds) });
  }

  ["keydown", "pointerdown", "pointermove", "wheel", "scroll", "touchstart"].forEach(function (type) {
    window.addEventListener(type, function () { lastInput = Date.now(); }, { passive: true, capture: true });
  });

  setInterval(function () {
    var now = Date.now();
    var elapsed = Math.min(now - lastTick, TICK_MS) / 1000;
    lastTick = now;
    if (document.visibilityState === "visible" && now - lastInput < IDLE_MS) active += elapsed;
    if (active >= SEND_EVERY_SECONDS) flush();
  }, TICK_MS);

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flush();
    } else {
      lastInput = lastTick = Date.now();
    }
  });
  window.addEventListener("pagehide", flush);
  send({ viewed: "1" });
})();
