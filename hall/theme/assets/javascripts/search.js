// The hall's search page. The index (built by hall/site/search.py) is a folder of small scripts: meta.js (facet
// codes of every exhibit), t/<n>.js (buckets of terms and their postings) and d/<n>.js (the texts of a few
// exhibits, m.docChunk of them). A query loads only the buckets of its terms and the texts of the results it shows, so the first
// query of a visitor on a phone downloads a few dozen kilobytes, and it all works from file:// too.
// Register rows (名录) have no page of their own: they come in files of rows, r/<n>.js, and link to their list.
(function () {
  "use strict";
  var form = document.querySelector("form[data-hall-index]");
  var base = form ? form.getAttribute("data-hall-index") : "";
  var root = form ? form.getAttribute("data-hall-root") : "";
  var directoryUrls = form ? form.getAttribute("data-hall-directory-urls") === "true" : true;
  var store = { b: {}, d: {}, r: {}, m: null };
  var loading = {};
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUNS = new RegExp("[" + HAN + "]+|[a-z0-9]+", "g");
  var KIND_BOOST = { people: 1.5, collectives: 1.2, artifacts: 1.2, lessons: 1.2 };
  var PAGE = 20;

  window.hallSearch = {
    m: function (_, data) { store.m = data; },
    b: function (n, data) { store.b[n] = data; },
    d: function (n, data) { store.d[n] = data; },
    r: function (n, data) { store.r[n] = data; },
    search: search,
    doc: doc
  };

  // What a result shows: an exhibit's text from its file of a few exhibits, or a register row from its file of rows.
  function doc(id) {
    var exhibits = store.m.exhibits;
    return id < exhibits ? inFile("d", id, store.m.docChunk) : inFile("r", id - exhibits, store.m.chunk);
  }

  function inFile(kind, n, per) {
    var chunk = Math.floor(n / per);
    return load(kind + "/" + chunk + ".js").then(function () { return store[kind][chunk][n % per]; });
  }

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = base + path;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("无法加载搜索索引：" + path)); };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  function fnv1a(text) {  // the same hash as hall/site/search.py
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function bucketOf(term) {
    return fnv1a(/^[a-z0-9]/.test(term) ? "~" + term.slice(0, 2) : term) % store.m.buckets;
  }

  var t2s = null;
  function normalize(text) {
    if (!t2s) {
      t2s = {};
      for (var i = 0; i + 1 < store.m.t2s.length; i += 2) t2s[store.m.t2s[i]] = store.m.t2s[i + 1];
    }
    return Array.from(text.normalize("NFKC").toLowerCase()).map(function (c) { return t2s[c] || c; }).join("");
  }

  // A query as groups of terms that must all match: Chinese runs as character pairs (a single character
  // alone), Latin letters as one word with the spaces taken out (chai jin fu = chaijinfu), found by prefix.
  function parse(query) {
    var q = normalize(query);
    var latinOnly = /^[a-z\s]+$/.test(q);
    var runs = latinOnly ? [q.replace(/\s+/g, "")] : (q.match(RUNS) || []);
    var groups = [];
    runs.forEach(function (run) {
      if (/^[a-z0-9]/.test(run)) {
        if (run.length >= 2 || /^[0-9]/.test(run)) groups.push({ term: run, prefix: true });
      } else if (run.length === 1) {
        groups.push({ term: run });
      } else {
        for (var i = 0; i + 1 < run.length; i++) groups.push({ term: run.slice(i, i + 2) });
      }
    });
    return { text: q.replace(/\s+/g, ""), groups: groups };
  }

  // A term's postings as written by hall/site/search.py's _digits: per exhibit, (gap * 16 + weight code) in
  // base-32 digits, every digit but the last from the upper half of DIGITS.
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  function postings(group) {  // doc id -> weight
    var bucket = store.b[bucketOf(group.term)] || {};
    var found = {};
    Object.keys(bucket).forEach(function (term) {
      if (term === group.term || (group.prefix && term.lastIndexOf(group.term, 0) === 0)) {
        var text = bucket[term], id = 0, n = 0;
        for (var i = 0; i < text.length; i++) {
          var digit = DIGITS.indexOf(text[i]);
          n = n * 32 + (digit & 31);
          if (digit >= 32) continue;
          id += Math.floor(n / 16);
          var weight = store.m.weights[n % 16];
          found[id] = Math.max(found[id] || 0, weight);
          n = 0;
        }
      }
    });
    return found;
  }

  // Every exhibit matching all the query's terms, best first: [{id, score}], and whether all terms matched.
  function search(query) {
    return load("meta.js").then(function () {
      var parsed = parse(query);
      if (!parsed.groups.length) return { query: parsed, hits: [], complete: true };
      var exact = { term: "=" + parsed.text };
      var paths = parsed.groups.concat([exact]).map(function (g) { return "t/" + bucketOf(g.term) + ".js"; });
      return Promise.all(paths.filter(function (p, i) { return paths.indexOf(p) === i; }).map(load)).then(function () {
        var lists = parsed.groups.map(postings);
        var bonus = postings(exact);
        var scores = {}, matched = {};
        lists.forEach(function (list) {
          Object.keys(list).forEach(function (id) {
            scores[id] = (scores[id] || 0) + list[id];
            matched[id] = (matched[id] || 0) + 1;
          });
        });
        var ids = Object.keys(scores);
        var all = ids.filter(function (id) { return matched[id] === lists.length; });
        var complete = all.length > 0 || !ids.length;
        var hits = (complete ? all : ids).map(function (id) {
          var kind = store.m.labels.kind[store.m.docs[id][0]];
          return { id: +id, score: (scores[id] + (bonus[id] || 0)) * (KIND_BOOST[kind] || 1) * (complete ? 1 : matched[id] / lists.length) };
        });
        hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
        return { query: parsed, hits: hits, complete: complete };
      });
    });
  }

  if (!form) return;

  // --- the page: filters with counts, results with highlighted snippets ------------------------------
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector(".hall-search__status");
  var filtersBox = document.querySelector(".hall-search__filters");
  var list = document.querySelector(".hall-search__results");
  var more = document.querySelector(".hall-search__more");
  var FACET_NAMES = { kind: "类别", era: "年代", trade: "行业", level: "荣誉级别", province: "省份", city: "城市" };
  var active = {};
  var current = null, shown = 0, timer = null;

  function run() {
    var query = input.value.trim();
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query) { current = null; render(); return; }
    search(query).then(function (result) {
      if (input.value.trim() !== query) return;  // a newer query is on its way
      current = result;
      render();
    }, function (error) { status.textContent = error.message; });
  }

  function filtered(except) {
    return current.hits.filter(function (hit) {
      var codes = store.m.docs[hit.id];
      return Object.keys(active).every(function (facet) {
        return facet === except || codes[store.m.facets.indexOf(facet)] === active[facet];
      });
    });
  }

  function render() {
    list.textContent = "";
    filtersBox.textContent = "";
    more.hidden = true;
    shown = 0;
    if (!current) { status.textContent = ""; return; }
    var hits = filtered(null);
    status.textContent = hits.length
      ? "找到 " + hits.length + " 件展品" + (current.complete ? "" : "（没有同时包含全部字词的展品，以下为部分匹配）")
      : "没有找到“" + input.value.trim() + "”。试试更短的词、姓名拼音或首字母（如 cjf）。";
    renderFilters();
    showMore(hits);
  }

  function renderFilters() {
    store.m.facets.forEach(function (facet, index) {
      var counts = {};
      filtered(facet).forEach(function (hit) {
        var code = store.m.docs[hit.id][index];
        if (code >= 0) counts[code] = (counts[code] || 0) + 1;
      });
      var codes = Object.keys(counts).map(Number).sort(function (a, b) { return counts[b] - counts[a] || a - b; });
      if (codes.length < 2 && !(facet in active)) return;
      var group = document.createElement("div");
      group.className = "hall-search__facet";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "按" + FACET_NAMES[facet] + "筛选");
      var label = document.createElement("span");
      label.className = "hall-search__facet-name";
      label.textContent = FACET_NAMES[facet];
      group.appendChild(label);
      codes.forEach(function (code) {
        var button = document.createElement("button");
        button.type = "button";
        var name = store.m.labels[facet][code];
        button.textContent = (facet === "kind" ? store.m.kinds[name] : name.split("/").pop()) + " " + counts[code];
        button.setAttribute("aria-pressed", String(active[facet] === code));
        button.setAttribute("data-key", facet + ":" + code);
        button.addEventListener("click", function () {
          if (active[facet] === code) delete active[facet]; else active[facet] = code;
          render();
          // the buttons are made anew: keep the focus on this one, or the keyboard starts again from the top
          var same = filtersBox.querySelector('[data-key="' + facet + ":" + code + '"]');
          if (same) same.focus();
        });
        group.appendChild(button);
      });
      filtersBox.appendChild(group);
    });
  }

  function showMore(hits) {
    var page = hits.slice(shown, shown + PAGE);
    shown += page.length;
    Promise.all(page.map(function (hit) { return doc(hit.id); })).then(function (docs) {
      docs.forEach(function (doc) { list.appendChild(item(doc)); });
      more.hidden = shown >= hits.length;
    });
  }

  function item(doc) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    var parts = doc.u.split("#");  // an exhibition's unit: its page, then its place on it
    link.href = root + parts[0] + (directoryUrls ? "" : "index.html") + (parts[1] ? "#" + parts[1] : "");
    link.className = "hall-search__title";
    link.textContent = doc.t;
    var kind = document.createElement("span");
    kind.className = "hall-search__kind";
    kind.textContent = doc.k;
    var facts = document.createElement("p");
    facts.className = "hall-search__facts";
    facts.textContent = doc.f || "";
    li.append(link, kind, facts, snippet(doc));
    return li;
  }

  // The sentence around the first match, with only the matched characters marked.
  function snippet(doc) {
    var p = document.createElement("p");
    p.className = "hall-search__snippet";
    var text = doc.s + (doc.x ? " " + doc.x : "");
    var norm = normalize(text);
    var needles = [current.query.text].concat(current.query.groups.map(function (g) { return g.term; }));
    var at = -1, length = 0;
    for (var i = 0; i < needles.length && at < 0; i++) {
      at = needles[i] ? norm.indexOf(needles[i]) : -1;
      length = needles[i].length;
    }
    if (at < 0) { p.textContent = doc.s; return p; }
    var start = Math.max(0, at - 30), end = Math.min(text.length, at + length + 50);
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + length);
    p.append((start > 0 ? "…" : "") + text.slice(start, at), mark, text.slice(at + length, end) + (end < text.length ? "…" : ""));
    return p;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);  // the typing's search: run again after this one, it would draw the results anew under the keyboard
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    active = {};
    timer = setTimeout(run, 200);
  });
  more.addEventListener("click", function () { showMore(filtered(null)); });
  input.value = new URL(location.href).searchParams.get("q") || "";
  if (input.value) run();
})();
