// The hall's lightbox: a photo link (a.hall-zoom) opens its picture large in a modal <dialog>.
// Without JavaScript the link still opens the large image. Keyboard: Enter opens, ← → walk the
// photos of the page, + / - or the 放大 button zoom, Esc closes. On phones pinch zooms, a tap on the
// photo toggles zoom, and the back gesture closes (opening adds a history entry). Focus returns to
// the link on close. No inline handlers, so it runs under the site's Content-Security-Policy.
(function () {
  "use strict";
  var links = Array.prototype.slice.call(document.querySelectorAll("a.hall-zoom"));
  if (!links.length || typeof HTMLDialogElement !== "function") return;

  var dialog = document.createElement("dialog");
  dialog.className = "hall-lightbox";
  dialog.setAttribute("aria-label", "查看大图");
  dialog.innerHTML =
    '<div class="hall-lightbox__stage"><img alt=""></div>' +
    '<p class="hall-lightbox__caption"></p>' +
    '<div class="hall-lightbox__bar">' +
    '<button type="button" data-act="prev" aria-label="上一张">‹</button>' +
    '<span class="hall-lightbox__count" aria-live="polite"></span>' +
    '<button type="button" data-act="next" aria-label="下一张">›</button>' +
    '<button type="button" data-act="zoom" aria-pressed="false">放大</button>' +
    '<button type="button" data-act="close" aria-label="关闭">关闭</button></div>';
  document.body.appendChild(dialog);
  var stage = dialog.querySelector(".hall-lightbox__stage");
  var img = stage.querySelector("img");
  var caption = dialog.querySelector(".hall-lightbox__caption");
  var count = dialog.querySelector(".hall-lightbox__count");
  var zoomButton = dialog.querySelector('[data-act="zoom"]');
  var current = 0;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var thumb = link.querySelector("img");
    var webp = link.querySelector('source[type="image/webp"]');
    var figcaption = link.closest("figure") && link.closest("figure").querySelector("figcaption");
    zoom(false);
    img.removeAttribute("srcset");
    img.src = link.href;
    if (webp) { img.srcset = webp.srcset; img.sizes = "100vw"; }
    img.alt = thumb ? thumb.alt : "";
    caption.textContent = figcaption ? figcaption.textContent : img.alt;
    count.textContent = links.length > 1 ? (current + 1) + " / " + links.length : "";
    dialog.querySelector('[data-act="prev"]').hidden = dialog.querySelector('[data-act="next"]').hidden = links.length < 2;
  }

  function zoom(on) {
    stage.classList.toggle("is-zoomed", on);
    zoomButton.setAttribute("aria-pressed", String(on));
    zoomButton.textContent = on ? "缩小" : "放大";
    stage.scrollLeft = (stage.scrollWidth - stage.clientWidth) / 2;  // zoom into the middle
    stage.scrollTop = (stage.scrollHeight - stage.clientHeight) / 2;
  }

  function open(index) {
    show(index);
    dialog.showModal();
    history.pushState({ hallLightbox: true }, "");
  }

  function close() {  // through history, so the back gesture and the close button do the same
    if (history.state && history.state.hallLightbox) history.back(); else dialog.close();
  }

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      open(index);
    });
  });
  window.addEventListener("popstate", function () { if (dialog.open) dialog.close(); });
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); close(); });
  dialog.addEventListener("click", function (event) {
    var act = event.target.closest("[data-act]");
    if (act) {
      var action = act.getAttribute("data-act");
      if (action === "close") close();
      else if (action === "zoom") zoom(!stage.classList.contains("is-zoomed"));
      else show(current + (action === "next" ? 1 : -1));
    } else if (event.target === img) {
      zoom(!stage.classList.contains("is-zoomed"));
    } else if (event.target === dialog || event.target === stage) {
      close();
    }
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") show(current + 1);
    else if (event.key === "ArrowLeft") show(current - 1);
    else if (event.key === "+" || event.key === "=") zoom(true);
    else if (event.key === "-") zoom(false);
    else return;
    event.preventDefault();
  });
})();
