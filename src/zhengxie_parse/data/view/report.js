// The corpus report's table: a header sorts by its column (again: the other way), the box filters
// rows by any text in them. Plain script: the report opens offline.
(function () {
  "use strict";
  var table = document.getElementById("docs");
  if (!table) return;
  var body = table.tBodies[0];

  table.tHead.addEventListener("click", function (e) {
    var th = e.target.closest("th");
    if (!th) return;
    var col = th.cellIndex;
    var up = th.getAttribute("aria-sort") !== "ascending";
    var numeric = th.dataset.sort === "num";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cell(a, col), y = cell(b, col);
      var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh-CN");
      return up ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });

  function cell(row, col) {  // a failed document's row has its reason across the other columns
    return row.cells[Math.min(col, row.cells.length - 1)].textContent.trim();
  }

  // what the filter matches in: simplified ('協' → '协', from the page's own table of forms), lower case
  var forms = JSON.parse(document.getElementById("zx-forms").textContent);
  function folded(text) {
    return text.replace(/[^\x00-\x7f]/g, function (ch) { return forms[ch] || ch; }).toLowerCase();
  }

  document.getElementById("filter").addEventListener("input", function (e) {
    var words = folded(e.target.value.trim());
    Array.prototype.forEach.call(body.rows, function (row) {
      row.hidden = words !== "" && folded(row.textContent).indexOf(words) === -1;
    });
  });
})();
