/* normkit search: Pagefind, loaded on first use; current versions first, superseded last. */
(function () {
  "use strict";
  var RANKS = ["current", "upcoming", "older"];
  var LIMIT = 10;
  var pagefind = null;
  var dialog, input, list, status, timer, latest = 0;

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), document.baseURI);
  }

  function currentStandard() {
    var base = siteBase().pathname;
    if (location.pathname.indexOf(base) !== 0) return "";
    var first = location.pathname.slice(base.length).split("/")[0];
    return first && first !== "c" ? base + first + "/" : "";
  }

  function load() {
    if (!pagefind) {
      var base = siteBase();
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        return module.options({ baseUrl: base.pathname, excerptLength: 24 }).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // 0: the heading is the criterion numbered or named by the query; 1: it contains the query.
  function subScore(sub, query) {
    var q = query.toLowerCase();
    var title = (sub.title || "").toLowerCase();
    var anchor = decodeURIComponent((sub.url.split("#")[1] || "")).toLowerCase();
    if (title.indexOf(q + " ") === 0 || title === q || anchor === q) return 0;
    return title.indexOf(q) >= 0 ? 1 : 2;
  }

  function exactMatch(data, query) {
    return (data.sub_results || []).some(function (sub) { return subScore(sub, query) === 0; });
  }

  function bestSubResults(data, query) {
    var subs = (data.sub_results || []).filter(function (sub) { return sub.url !== data.url; });
    function score(sub) { return subScore(sub, query); }
    return subs.map(function (sub, index) { return [score(sub), index, sub]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .slice(0, 3).map(function (item) { return item[2]; });
  }

  function render(pages, query) {
    list.textContent = "";
    status.textContent = pages.length ? "" : "No matching pages";
    pages.forEach(function (data) {
      var item = element("li", "nk-search-result");
      var subs = bestSubResults(data, query);
      var main = element("a", "nk-search-page");
      main.href = subs.length ? subs[0].url : data.url;
      main.appendChild(element("span", "nk-search-title", subs.length ? subs[0].title : data.meta.title));
      var where = data.meta.version ? data.meta.version + " · " + data.meta.title : data.meta.title;
      main.appendChild(element("span", "nk-search-where", where));
      var excerpt = element("span", "nk-search-excerpt");
      excerpt.innerHTML = subs.length ? subs[0].excerpt : data.excerpt;
      main.appendChild(excerpt);
      item.appendChild(main);
      subs.slice(1).forEach(function (sub) {
        var link = element("a", "nk-search-sub", sub.title);
        link.href = sub.url;
        item.appendChild(link);
      });
      list.appendChild(item);
    });
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = "Searching…";
    load().then(function (module) {
      return Promise.all(RANKS.map(function (rank) {
        return module.search(query, { filters: { rank: rank } });
      }));
    }).then(function (searches) {
      var results = [];
      searches.forEach(function (found, tier) {
        if (found) results = results.concat(found.results.map(function (r) { return [tier, r]; }));
      });
      return Promise.all(results.slice(0, LIMIT).map(function (item) {
        return item[1].data().then(function (data) { return [item[0], data]; });
      }));
    }).then(function (pages) {
      // Within a tier: the criterion with that number or id, then the standard being read.
      var here = currentStandard();
      var q = query.trim();
      var ordered = pages.map(function (item, index) {
        var same = here && item[1].url.indexOf(here) === 0 ? 0 : 1;
        return [item[0], exactMatch(item[1], q) ? 0 : 1, same, index, item[1]];
      }).sort(function (a, b) {
        return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];
      });
      if (ticket === latest) render(ordered.map(function (item) { return item[4]; }), q);
    }).catch(function (error) {
      status.textContent = "Search is not available here (" + error.message + ")";
    });
  }

  function build() {
    dialog = element("dialog", "nk-search-dialog");
    dialog.setAttribute("aria-label", "Search");
    var form = element("form", "nk-search-form");
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input = element("input", "nk-search-input");
    input.type = "search";
    input.placeholder = "Search by number, id or words";
    input.setAttribute("aria-label", "Search the standards");
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, 120);
    });
    var close = element("button", "nk-search-close", "Close");
    close.type = "button";
    close.addEventListener("click", function () { dialog.close(); });
    form.appendChild(input);
    form.appendChild(close);
    status = element("p", "nk-search-status");
    status.setAttribute("aria-live", "polite");
    list = element("ul", "nk-search-results");
    dialog.appendChild(form);
    dialog.appendChild(status);
    dialog.appendChild(list);
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) dialog.close();
    });
    document.body.appendChild(dialog);

    var button = element("button", "md-header__button md-icon nk-search-button");
    button.type = "button";
    button.setAttribute("aria-label", "Search");
    button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
      '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
    button.addEventListener("click", open);
    var header = document.querySelector(".md-header__inner");
    if (header) header.insertBefore(button, header.querySelector(".md-header__source"));
    document.querySelectorAll(".nk-search-open").forEach(function (other) {
      other.addEventListener("click", open);
    });
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
  }

  function start() {
    build();
    // Searching is what the 404 page is for: fetch the engine before the reader asks.
    if (document.querySelector(".nk-not-found")) load().catch(function () { /* shown on use */ });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
        target.tagName === "SELECT" || target.isContentEditable);
      if (!typing && (event.key === "/" || event.key === "s")) {
        event.preventDefault();
        open();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
