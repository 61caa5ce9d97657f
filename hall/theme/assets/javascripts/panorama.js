// 720° panoramas: the page shows the panorama as a plain picture with its hotspots listed as ordinary links
// (.hall-hotspots). Where WebGL works and the page came over HTTP, a button opens Pannellum (vendored in
// assets/vendor/pannellum/, loaded only when asked for) with the same hotspots, read from that list. From
// file:// a browser refuses the photo as a WebGL texture, so there the picture and the list are the page.
(function () {
  "use strict";
  var stages = document.querySelectorAll(".hall-panorama__stage[data-panorama]");
  if (!stages.length || location.protocol === "file:" || !webgl()) return;
  var vendor = new URL("../vendor/pannellum/", document.currentScript.src);
  var loading = null;

  function webgl() {
    try {
      var canvas = document.createElement("canvas");
      return !!(canvas.getContext("webgl") || canvas.getContext("experimental-webgl"));
    } catch (e) {
      return false;
    }
  }

  function pannellum() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = new URL("pannellum.css", vendor).href;
        document.head.appendChild(css);
        var script = document.createElement("script");
        script.src = new URL("pannellum.js", vendor).href;
        script.onload = function () { resolve(window.pannellum); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function hotspots(figure) {
    return Array.prototype.map.call(figure.querySelectorAll(".hall-hotspots a[data-yaw]"), function (a) {
      return {
        yaw: Number(a.dataset.yaw),
        pitch: Number(a.dataset.pitch),
        type: "info",
        text: a.textContent,
        URL: a.getAttribute("href"),
        attributes: {}, // opens in the same tab, like the list's links
      };
    });
  }

  function open(stage, button) {
    button.disabled = true;
    button.textContent = "正在载入全景…";
    pannellum().then(function (lib) {
      var view = document.createElement("div");
      view.className = "hall-panorama__view";
      view.setAttribute("role", "group");
      view.setAttribute("aria-label", "720° 全景：拖动或按方向键环视，按 + 和 - 缩放；热点也列在下面");
      stage.replaceWith(view);
      button.remove();
      var viewer = lib.viewer(view, {
        type: "equirectangular",
        panorama: stage.dataset.panorama,
        autoLoad: true,
        showFullscreenCtrl: true,
        hotSpots: hotspots(view.closest(".hall-panorama")),
        strings: {
          loadingLabel: "正在载入…",
          fileAccessError: "无法读取全景图片 %s。",
          genericWebGLError: "这个浏览器不能显示全景，请看下面的热点列表。",
          textureSizeError: "全景图片太大（%s 像素宽），这台设备最大只能显示 %s 像素。",
          unknownError: "全景无法显示，请看下面的热点列表。",
        },
      });
      // Pannellum shows a hotspot's words only on hover: its link is named for keyboards and screen readers.
      viewer.on("load", function () {
        Array.prototype.forEach.call(view.querySelectorAll("a .pnlm-hotspot-base"), function (spot) {
          spot.parentNode.setAttribute("aria-label", spot.textContent);
        });
      });
      view.focus();
    }, function () {
      button.disabled = false;
      button.textContent = "全景没有载入，再试一次";
    });
  }

  Array.prototype.forEach.call(stages, function (stage) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button hall-panorama__open";
    button.textContent = "进入 720° 全景";
    button.addEventListener("click", function () { open(stage, button); });
    stage.after(button);
  });
})();
