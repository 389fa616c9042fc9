/* Filters and sorts the table of all projects, in the browser, without a server.
 *
 * Progressive enhancement: without JavaScript the full table is there and the
 * filter box stays hidden. Column headers become buttons that sort the rows
 * (aria-sort tells screen readers the current order); the text box keeps only
 * the rows that contain every word typed.
 */
(function () {
  "use strict";
  var table = document.getElementById("progetti");
  var box = document.getElementById("filtri-progetti");
  var input = document.getElementById("filtro-testo");
  var status = document.getElementById("filtro-esito");
  if (!table || !box || !input) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = rows.map(function (r) { return normalise(r.textContent); });
  box.hidden = false;

  function normalise(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function filter() {
    var words = normalise(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      // Rows already as they should be are left alone: while typing, most are.
      if (row.hidden === ok) { row.hidden = !ok; }
      if (ok) { shown += 1; }
    });
    status.textContent = words.length
      ? (shown === 1 ? "1 intervento" : shown + " interventi") + " su " + rows.length
      : "";
  }

  /* A cell's value for sorting; null when it is not known ("n.d.", or an amount
   * the record does not give). */
  function cellValue(row, index) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-valore");
    if (raw !== null) { return raw === "" ? null : parseFloat(raw); }
    var text = normalise(cell.textContent.trim());
    return text === "" || text === "n.d." ? null : text;
  }

  function sortBy(index, th) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    // Each row's value is read once, not at every comparison (about 280,000 reads
    // for 10,000 rows), and the rows go back into the table in one move.
    var keyed = rows.map(function (row) { return [cellValue(row, index), row]; });
    keyed.sort(function (a, b) {
      /* Unknown values go last either way: "n.d." is not a code between MI and TO,
       * nor an amount below every other. */
      if (a[0] === null || b[0] === null) { return (a[0] === null) - (b[0] === null); }
      var r = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      return ascending ? r : -r;
    });
    var sorted = document.createDocumentFragment();
    keyed.forEach(function (pair) { sorted.appendChild(pair[1]); });
    body.appendChild(sorted);
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ordina";
    button.textContent = th.textContent;
    button.setAttribute("aria-label", "Ordina per " + th.textContent);
    button.addEventListener("click", function () { sortBy(index, th); });
    th.textContent = "";
    th.appendChild(button);
  });
  input.addEventListener("input", filter);
})();
