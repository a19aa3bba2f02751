/* normkit: the criteria explorer. Its filters live in the page's address
   (?q=…&applies-to=…&withdrawn=1), so a selection can be bookmarked and shared; the rows
   shown download as CSV or XLSX (written here by tables.js, with no server and no CDN). */
(function () {
  "use strict";

  function start() {
    var root = document.querySelector(".nk-explorer");
    var data = document.getElementById("nk-explorer-data");
    if (!root || !data) return;
    var table = JSON.parse(data.textContent);
    var texts = {};
    Object.keys(table.rows).forEach(function (id) {
      var row = table.rows[id];
      texts[id] = table.searched.map(function (column) { return row[column]; }).join(" ").toLowerCase();
    });
    var rows = root.querySelectorAll(".nk-row");
    var count = root.querySelector(".nk-explorer-count");
    var text = root.querySelector(".nk-explorer-text");
    var selects = root.querySelectorAll("select[data-field]");
    var withdrawn = root.querySelector(".nk-explorer-withdrawn input");

    function readAddress() {
      var params = new URLSearchParams(location.search);
      text.value = params.get("q") || "";
      selects.forEach(function (select) {
        var wanted = params.get(select.name) || "";
        var known = select.querySelector('option[value="' + CSS.escape(wanted) + '"]');
        select.value = known ? wanted : "";
      });
      if (withdrawn) withdrawn.checked = params.get("withdrawn") === "1";
    }

    function writeAddress() {
      var params = new URLSearchParams();
      if (text.value.trim()) params.set("q", text.value.trim());
      selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
      if (withdrawn && withdrawn.checked) params.set("withdrawn", "1");
      var query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function run() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var showWithdrawn = Boolean(withdrawn && withdrawn.checked);
      var shown = 0;
      var total = 0;
      rows.forEach(function (row) {
        var id = row.getAttribute("data-criterion");
        var isWithdrawn = row.getAttribute("data-status") === "withdrawn";
        var ok = !isWithdrawn || showWithdrawn;
        if (ok) total += 1;
        ok = ok && words.every(function (word) { return (texts[id] || "").indexOf(word) >= 0; });
        selects.forEach(function (select) {
          if (!ok || !select.value) return;
          var field = select.getAttribute("data-field");
          var name = field === "applies-to" ? "data-applies-to" : "data-field-" + field;
          ok = (row.getAttribute(name) || "").split(" ").indexOf(select.value) >= 0;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      var format = count.getAttribute("data-nk-format") || "%(shown)s of %(total)s criteria";
      count.textContent = format.replace("%(shown)s", shown).replace("%(total)s", total);
    }

    function changed() { run(); writeAddress(); }

    // The rows shown, in the order shown, each with its address on the site.
    function selection() {
      var lines = [table.columns.concat([table.address || "Address"])];
      rows.forEach(function (row) {
        if (row.hidden) return;
        var cells = table.rows[row.getAttribute("data-criterion")];
        if (cells) lines.push(cells.concat([row.querySelector("a").href]));
      });
      return lines;
    }

    function download(format) {
      var lines = selection();
      var blob = format === "xlsx"
        ? window.normkitTables.xlsx(lines, table.sheet)
        : new Blob(["\ufeff" + window.normkitTables.csv(lines)], { type: "text/csv;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = table.file + "." + format;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    }

    // Enter in the search box must not reload the page (no inline handler: see SECURITY.md).
    root.querySelector(".nk-explorer-controls").addEventListener("submit", function (event) {
      event.preventDefault();
    });
    text.addEventListener("input", changed);
    selects.forEach(function (select) { select.addEventListener("change", changed); });
    if (withdrawn) withdrawn.addEventListener("change", changed);
    root.querySelectorAll("button.nk-export").forEach(function (button) {
      button.addEventListener("click", function () { download(button.getAttribute("data-format")); });
    });
    window.addEventListener("popstate", function () { readAddress(); run(); });
    readAddress();
    run();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
