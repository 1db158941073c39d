/* ALMA Aula — the teacher's presentation: one slide at a time (templates/teachers/present.html).
   Next/Previous buttons, → ↓ PageDown Space / ← ↑ PageUp, Home/End, Esc exits to the class.
   The slide number is the URL hash (#slide-3), so a reload stays put. A slide taller than the
   screen is scaled down to a floor, then scrolls inside itself. Without this file the page
   reads as screens one after another. */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".present__slides > .slide"));
  var controls = document.querySelector(".present-controls");
  if (!slides.length || !controls) return;
  var counter = controls.querySelector("[data-present-counter]");
  var previous = controls.querySelector('[data-present-step="-1"]');
  var next = controls.querySelector('[data-present-step="1"]');
  var exit = controls.querySelector(".present-controls__exit");
  var MIN_SCALE = 60, current = 0;

  function fromHash() {
    var match = /^#slide-(\d+)$/.exec(location.hash);
    return match ? Math.max(1, Math.min(slides.length, +match[1])) : 1;
  }

  function fit(slide) {
    var scale = 100;
    slide.style.fontSize = "";
    while (slide.scrollHeight > slide.clientHeight + 1 && scale > MIN_SCALE) {
      scale -= 5;
      slide.style.fontSize = scale + "%";
    }
    slide.scrollTop = 0;
  }

  function show(number) {
    var focusWasInSlide = slides[current - 1] && slides[current - 1].contains(document.activeElement);
    current = number;
    slides.forEach(function (slide, index) { slide.hidden = index !== number - 1; });
    var slide = slides[number - 1];
    fit(slide);
    counter.textContent = slide.getAttribute("data-counter");
    previous.disabled = number === 1;
    next.disabled = number === slides.length;
    if (document.activeElement && document.activeElement.disabled) (number === 1 ? next : previous).focus();
    if (focusWasInSlide) slide.focus({ preventScroll: true });
  }

  function go(number) {
    number = Math.max(1, Math.min(slides.length, number));
    if (number === current) return;
    history.replaceState(null, "", "#slide-" + number);
    show(number);
  }

  document.documentElement.classList.add("presenting");
  slides.forEach(function (slide) { slide.tabIndex = 0; });  // a slide that scrolls can be scrolled by keyboard
  controls.hidden = false;
  show(fromHash());

  previous.addEventListener("click", function () { go(current - 1); });
  next.addEventListener("click", function () { go(current + 1); });
  window.addEventListener("hashchange", function () { show(fromHash()); });
  window.addEventListener("resize", function () { fit(slides[current - 1]); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target, tag = (target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable) return;
    if (event.key === " " && (tag === "button" || tag === "a" || tag === "summary")) return;  // Space activates it
    var slide = slides[current - 1];
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && slide.scrollHeight > slide.clientHeight + 1) return;  // scrolls a long slide
    var keys = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
    if (event.key in keys) go(current + keys[event.key]);
    else if (event.key === "Home") go(1);
    else if (event.key === "End") go(slides.length);
    else if (event.key === "Escape") location.href = exit.href;
    else return;
    event.preventDefault();
  });
})();
