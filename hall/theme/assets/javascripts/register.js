// Register tables (名录, table.hall-register): sort by a column with the buttons added to its header
// (aria-sort says the order), and filter the rows of this page with a text box. Both are added here, so
// without JavaScript the page is a plain table. No inline handlers: it runs under the site's
// Content-Security-Policy. The whole register is found with the site search; this box filters one page.
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.hall-register");
  if (!tables.length) return;
  var collator = typeof Intl === "object" && Intl.Collator ? new Intl.Collator("zh-CN-u-co-pinyin", { numeric: true }) : null;
  var compareText = collator ? collator.compare : function (a, b) { return a < b ? -1 : a > b ? 1 : 0; };

  Array.prototype.forEach.call(tables, function (table, n) {
    var body = table.tBodies[0];
    var headers = table.tHead.rows[0].cells;
    var rows = Array.prototype.slice.call(body.rows);
    var cells = rows.map(function (row) {
      return Array.prototype.map.call(row.cells, function (cell) { return cell.textContent.trim(); });
    });
    var haystacks = cells.map(function (texts) { return texts.join(" ").toLowerCase(); });

    var box = document.createElement("div");
    box.className = "hall-register-filter";
    var label = document.createElement("label");
    label.htmlFor = "hall-register-filter-" + n;
    label.textContent = "在本页筛选";
    var input = document.createElement("input");
    input.type = "search";
    input.id = label.htmlFor;
    input.placeholder = "姓名、单位、地区……";
    input.autocomplete = "off";
    var status = document.createElement("span");
    status.className = "hall-register-filter__status";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    var anchor = table.closest(".hall-register-wrap") || table;
    anchor.parentNode.insertBefore(box, anchor);

    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var hit = words.every(function (word) { return haystacks[i].indexOf(word) !== -1; });
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      status.textContent = words.length ? "本页 " + rows.length + " 行中有 " + shown + " 行符合" : "";
    });

    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "hall-sort";
      button.textContent = th.textContent;
      button.title = "按" + th.textContent + "排序";
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sort(th, column); });
    });

    function sort(th, column) {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.classList.contains("hall-num");
      var order = rows.map(function (_, i) { return i; });
      order.sort(function (a, b) {
        var x = cells[a][column], y = cells[b][column];
        if (!x || !y) return x === y ? a - b : (x ? -1 : 1);  // empty cells last, in either order
        var d = numeric ? parseFloat(x) - parseFloat(y) : compareText(x, y);
        return (ascending ? d : -d) || a - b;
      });
      var fragment = document.createDocumentFragment();
      order.forEach(function (i) { fragment.appendChild(rows[i]); });
      body.appendChild(fragment);
    }
  });
})();
