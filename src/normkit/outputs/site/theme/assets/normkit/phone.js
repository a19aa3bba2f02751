/* normkit on small screens: tables read as stacked cards, and a defined term opens its
   definition in place (a phone has no hover, so the link's title is never seen). */
(function () {
  "use strict";
  var label = window.nkLabel;  // labels.js: the words in the page's language

  var SMALL = "(max-width: 599.98px), (hover: none)";

  // Each cell is labelled with its column's heading, which the stylesheet shows above the
  // value once the table is stacked (below 600 px); the table keeps its roles for screen
  // readers, since `display: block` drops them.
  function labelTables() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length || table.hasAttribute("data-nk-stack")) return;
      var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      table.setAttribute("data-nk-stack", "");
      table.setAttribute("role", "table");
      table.querySelectorAll("tr").forEach(function (row) {
        row.setAttribute("role", "row");
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (cell.tagName === "TH" && cell.parentNode.parentNode.tagName === "THEAD") {
            cell.setAttribute("role", "columnheader");
            return;
          }
          cell.setAttribute("role", "cell");
          if (!cell.hasAttribute("data-label") && names[index]) cell.setAttribute("data-label", names[index]);
        });
      });
    });
  }

  var counter = 0;

  function closeDefinition(link) {
    var box = document.getElementById(link.getAttribute("aria-controls"));
    if (box) box.remove();
    link.removeAttribute("aria-controls");
    link.setAttribute("aria-expanded", "false");
  }

  // The definition right after the term, with a link to its glossary entry; a second tap,
  // or Escape, closes it.
  function openDefinition(link) {
    var box = document.createElement("span");
    box.className = "nk-term-definition";
    box.id = "nk-term-definition-" + (++counter);
    box.setAttribute("role", "note");
    var text = document.createElement("span");
    text.textContent = link.getAttribute("data-definition");
    box.appendChild(text);
    box.appendChild(document.createTextNode(" "));
    var more = document.createElement("a");
    more.href = link.getAttribute("href");
    more.textContent = label("Glossary entry");
    box.appendChild(more);
    link.insertAdjacentElement("afterend", box);
    link.setAttribute("aria-controls", box.id);
    link.setAttribute("aria-expanded", "true");
  }

  function setUpTerms() {
    // Kept apart from the title, which Material's tooltips take off the link while it is
    // touched or hovered.
    document.querySelectorAll("a.nk-term[title]").forEach(function (link) {
      link.setAttribute("data-definition", link.title);
    });
    // Caught on the way down, before any script that follows links (Material's instant
    // loading) sees the tap.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.nk-term");
      if (!link || !window.matchMedia(SMALL).matches || !link.hasAttribute("data-definition")) return;
      event.preventDefault();
      event.stopPropagation();
      if (link.getAttribute("aria-expanded") === "true") closeDefinition(link);
      else openDefinition(link);
    }, true);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      document.querySelectorAll('a.nk-term[aria-expanded="true"]').forEach(closeDefinition);
    });
  }

  function start() {
    labelTables();
    setUpTerms();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
