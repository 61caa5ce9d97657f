// Access for every visitor: the header's 大字 switch (长辈模式) and 朗读, reading a page's story aloud with
// the browser's own Chinese voice. The mode is <html data-hall-size="large">, set before the first paint by
// the inline script in main.html from localStorage (which also works from file:// in the offline build).
(function () {
  "use strict";
  var root = document.documentElement, KEY = "hall-size";

  function store(large) {
    try { if (large) localStorage.setItem(KEY, "large"); else localStorage.removeItem(KEY); } catch (e) { /* private mode: this page only */ }
  }

  function setSize(large) {
    root.setAttribute("data-hall-size", large ? "large" : "normal");
    var button = document.querySelector(".hall-size");
    if (button) button.setAttribute("aria-pressed", String(large));
  }

  var sizeButton = document.querySelector(".hall-size");
  if (sizeButton) {
    setSize(root.getAttribute("data-hall-size") === "large");
    sizeButton.addEventListener("click", function () {
      var large = root.getAttribute("data-hall-size") !== "large";
      setSize(large);
      store(large);
    });
    window.addEventListener("storage", function (event) { if (event.key === KEY) setSize(event.newValue === "large"); });
  }

  // The drawer and search toggles have no autocomplete="off" (invalid on a checkbox), so a browser may
  // restore them checked when a visitor comes back: an open drawer over the page they return to.
  window.addEventListener("pageshow", function () {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
    });
  });

  // The phone's menu button is a <label> for the drawer toggle, given a tabindex in the header (HTML allows
  // no role on a label: it is set here). Material's own keyboard handling clicks a focused label on Enter;
  // a button also answers Space.
  var menu = document.querySelector('.md-header label[for="__drawer"]');
  var drawer = document.getElementById("__drawer");
  if (menu && drawer) {
    menu.setAttribute("role", "button");
    menu.setAttribute("aria-expanded", "false");
    menu.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); menu.click(); }
    });
    drawer.addEventListener("change", function () {  // opened from the keyboard: go into it (the page is covered)
      var first = document.querySelector(".md-sidebar--primary a[href]");
      menu.setAttribute("aria-expanded", String(drawer.checked));
      if (drawer.checked && document.activeElement === menu && first) first.focus();
    });
    document.addEventListener("keydown", function (event) {  // Esc closes it, back to the menu button
      if (event.key !== "Escape" || !drawer.checked) return;
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change"));
      menu.focus();
    });
  }

  var synth = window.speechSynthesis, story = document.querySelector(".hall-story");
  if (!synth || !story || typeof SpeechSynthesisUtterance !== "function") return;
  var blocks = Array.prototype.slice.call(document.querySelectorAll(
    ".hall-profile h1, .hall-summary, .hall-story :is(h2, h3, h4, p, li, dt, dd, blockquote):not(:is(li, dd, blockquote) *)"));
  var bar = document.createElement("div");
  bar.className = "hall-read hall-screen-only";
  bar.hidden = true;
  bar.innerHTML = '<button type="button" data-read="play">朗读</button> <button type="button" data-read="stop" hidden>停止</button>';
  var header = document.querySelector(".hall-profile");  // the buttons go right under the page's header
  if (header) header.insertAdjacentElement("afterend", bar); else story.insertAdjacentElement("beforebegin", bar);
  var play = bar.querySelector('[data-read="play"]'), stop = bar.querySelector('[data-read="stop"]');
  var voice = null, reading = null;

  function chineseVoice() {
    var voices = synth.getVoices();
    return voices.filter(function (v) { return /^zh[-_](CN|Hans)/i.test(v.lang); })[0] ||
      voices.filter(function (v) { return /^(zh|cmn)\b/i.test(v.lang); })[0] || null;
  }

  function findVoice() {
    voice = chineseVoice();
    bar.hidden = !voice;
  }

  function spoken(el) {  // a name's pinyin is not read: the voice reads the characters already
    var copy = el.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll('[lang$="-pinyin"]'), function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function mark(el) {
    if (reading) reading.classList.remove("hall-reading");
    reading = el;
    if (el) { el.classList.add("hall-reading"); el.scrollIntoView({ block: "nearest" }); }
  }

  function state(now) {  // "idle", "playing" or "paused"
    play.textContent = now === "playing" ? "暂停" : now === "paused" ? "继续" : "朗读";
    stop.hidden = now === "idle";
    bar.setAttribute("data-state", now);
    if (now === "idle") mark(null);
  }

  function start() {
    synth.cancel();
    var said = blocks.filter(function (el) { return spoken(el); });
    said.forEach(function (el, i) {  // one utterance a block: the block read is marked, and long text is not cut off
      var utterance = new SpeechSynthesisUtterance(spoken(el));
      utterance.lang = "zh-CN";
      utterance.voice = voice;
      utterance.onstart = function () { mark(el); };
      if (i === said.length - 1) utterance.onend = function () { state("idle"); };
      synth.speak(utterance);
    });
    state("playing");
  }

  play.addEventListener("click", function () {
    var now = bar.getAttribute("data-state") || "idle";
    if (now === "idle") start();
    else if (now === "playing") { synth.pause(); state("paused"); }
    else { synth.resume(); state("playing"); }
  });
  stop.addEventListener("click", function () { synth.cancel(); state("idle"); });
  window.addEventListener("pagehide", function () { synth.cancel(); });
  findVoice();
  synth.addEventListener("voiceschanged", findVoice);
})();
