/* normkit search: Pagefind, loaded on first use. Each criterion and each glossary entry is a
   result of its own (search_records.py); results are ordered as a reader of a standard
   expects (see `order`), and a facet narrows them to one status or one version. */
(function () {
  "use strict";
  var label = window.nkLabel;  // labels.js: the words in the page's language

  var RANKS = ["current", "upcoming", "older"];
  var RANK_LABELS = { current: "In force", upcoming: "Drafts and consultations", older: "Superseded and withdrawn" };
  var KINDS = ["criterion", "section", "term", "overview"];
  var CONSIDERED = 30;
  var LIMIT = 10;
  var pagefind = null;
  var dialog, input, facet, list, status, timer, latest = 0;

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), document.baseURI);
  }

  // `standard/version/` of a page of the site (from its address), or what there is of it.
  function placeOf(path) {
    var base = siteBase().pathname;
    if (path.indexOf(base) !== 0) return { standard: "", version: "" };
    var parts = path.slice(base.length).split("/");
    if (!parts[0] || parts[0] === "c" || parts[0] === "assets") return { standard: "", version: "" };
    return { standard: parts[0], version: parts[1] && parts[1] !== "latest" ? parts[0] + "/" + parts[1] : "" };
  }

  // The further indexes this page searches: those of every page ("") on a site indexed in
  // one language, else those of the page's language as Pagefind chooses its index (the
  // page's `lang`, else its primary subtag).
  function partsHere(parts) {
    var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
    return parts[""] || parts[lang] || parts[lang.split("-")[0]] || [];
  }

  function load() {
    if (!pagefind) {
      var base = siteBase();
      var root = new URL("pagefind/", base);
      var options = { baseUrl: base.pathname, excerptLength: 30 };
      pagefind = import(new URL("pagefind.js", root).href).then(function (module) {
        return module.options(options).then(function () {
          // A site of many criteria is indexed as several indexes (search.py,
          // WORDS_PER_INDEX), listed beside the first: they are searched as one.
          return fetch(new URL("normkit-indexes.json", root).href);
        }).then(function (response) {
          return response.ok ? response.json() : {};
        }).then(function (parts) {
          return Promise.all(partsHere(parts).map(function (part) {
            return module.mergeIndex(new URL(part, root).href, options);
          }));
        }).then(function () {
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

  function first(values) { return values && values.length ? values[0] : ""; }

  // Lower case, punctuation as spaces; dots and hyphens stay (`5.3`, `ghg-targets`).
  function normal(text) {
    return String(text || "").toLowerCase().replace(/[^\p{L}\p{N}.\-]+/gu, " ").replace(/\.(\s|$)/g, "$1").trim();
  }

  // Close enough to compare a query word with a title word: `offsets` finds `Offset`.
  function stem(word) {
    return word.length > 4 ? word.replace(/(es|s)$/, "") : word;
  }

  // 0: the query is the result's number, id, title or a written form of the term;
  // 1: every word of the query starts a word of its title; 2: found in its text only.
  function match(data, query) {
    var q = normal(query);
    var filters = data.filters || {};
    var title = normal(data.meta.title);
    var number = normal(first(filters.number));
    // A section's title starts with its number too: the first word holding a digit.
    var bare = number && title.indexOf(number) === 0 ? title.slice(number.length).trim()
      : title.replace(/^\S*\d\S*\s+/, "");
    var names = [title, bare].concat((filters.name || []).map(normal));
    if (q === normal(first(filters.number)) || q === normal(first(filters.id))) return 0;
    if (names.indexOf(q) >= 0) return 0;
    var words = names.join(" ").split(" ").map(stem);
    var wanted = q.split(" ").filter(Boolean);
    if (wanted.length && wanted.every(function (word) {
      var start = stem(word);
      return words.some(function (candidate) { return candidate.indexOf(start) === 0; });
    })) return 1;
    return 2;
  }

  function kindOrder(data) {
    var index = KINDS.indexOf(first((data.filters || {}).kind));
    return index < 0 ? KINDS.length : index;
  }

  // Results are ordered by: the result whose number, id, title or term is the query first
  // (a reader who types `5.3` or a title wants that criterion); the version being read; then versions in force, drafts,
  // superseded ones; then how well the query matches (number, id or title before text);
  // then the standard being read; criteria before sections and glossary entries; then
  // Pagefind's own score. A glossary entry is shown once, as the first version has it.
  function order(pages, query) {
    var here = placeOf(location.pathname);
    var keyed = pages.map(function (data, index) {
      var there = placeOf(new URL(data.url, location.href).pathname);
      var rank = RANKS.indexOf(first((data.filters || {}).rank));
      var exact = match(data, query);
      return {
        data: data,
        key: [
          exact === 0 ? 0 : 1,
          here.version && there.version === here.version ? 0 : 1,
          rank < 0 ? RANKS.length : rank,
          exact,
          here.standard && there.standard === here.standard ? 0 : 1,
          kindOrder(data),
          index
        ]
      };
    });
    keyed.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
      return 0;
    });
    var terms = {};
    return keyed.map(function (item) { return item.data; }).filter(function (data) {
      var term = first((data.filters || {}).term);
      if (!term) return true;
      if (terms[term]) return false;
      terms[term] = true;
      return true;
    });
  }

  // A page of the site with headings of its own (not a criterion or an entry): its best
  // sub-result, the heading whose section holds the most weighted matches.
  function bestSub(data) {
    var subs = (data.sub_results || []).filter(function (sub) { return sub.url !== data.url; });
    var best = null, bestScore = -1;
    subs.forEach(function (sub) {
      var score = (sub.weighted_locations || []).reduce(function (sum, l) { return sum + l.weight; }, 0);
      if (score > bestScore) { best = sub; bestScore = score; }
    });
    return best;
  }

  function where(data) {
    var filters = data.filters || {};
    var version = first(filters.version);
    var section = first(filters.section);
    if (first(filters.kind) === "term") return label("Defined term · %(version)s", { version: version });
    return [version, section].filter(Boolean).join(" · ") || data.meta.title;
  }

  function render(pages, query) {
    list.textContent = "";
    list.setAttribute("data-query", query);  // which query the list answers
    list.removeAttribute("aria-busy");
    status.textContent = pages.length ? "" : label("No matching criteria or pages");
    pages.forEach(function (data) {
      var item = element("li", "nk-search-result");
      item.setAttribute("data-kind", first((data.filters || {}).kind) || "page");
      var sub = first((data.filters || {}).kind) ? null : bestSub(data);
      var main = element("a", "nk-search-page");
      main.href = sub ? sub.url : data.url;
      main.appendChild(element("span", "nk-search-title", sub ? sub.title : data.meta.title));
      main.appendChild(element("span", "nk-search-where", where(data)));
      var excerpt = element("span", "nk-search-excerpt");
      // A definition reads from its start; elsewhere Pagefind's excerpt around the match
      // (its own escaped text and <mark>s).
      if (data.meta.lead) excerpt.textContent = data.meta.lead;
      else excerpt.innerHTML = sub ? sub.excerpt : data.excerpt;
      main.appendChild(excerpt);
      item.appendChild(main);
      list.appendChild(item);
    });
  }

  // Pagefind fetches a filter's index only when a search names it. The facet counts the
  // results per status and per version, so every search names those two, in a filter that
  // keeps every result ("not none of them"); the other filters (kind, number, id, ...) come
  // with each result, and their indexes are never fetched.
  function facetFilters() {
    var filters = { not: { rank: { any: [] }, version: { any: [] } } };
    var value = facet.value;
    if (!value) return filters;
    var split = value.indexOf(":");
    filters[value.slice(0, split)] = value.slice(split + 1);
    return filters;
  }

  // The facet's choices: statuses, then versions, each with the number of results it holds
  // for the query (all of them before any query).
  function fillFacet(counts) {
    var chosen = facet.value;
    facet.textContent = "";
    facet.appendChild(new Option(label("All versions"), ""));
    var groups = [["rank", label("By status"), RANKS.filter(function (rank) { return (counts.rank || {})[rank]; })],
      ["version", label("By version"), Object.keys(counts.version || {}).sort()]];
    groups.forEach(function (group) {
      if (!group[2].length) return;
      var box = document.createElement("optgroup");
      box.label = group[1];
      group[2].forEach(function (value) {
        var name = group[0] === "rank" ? label(RANK_LABELS[value]) : value;
        box.appendChild(new Option(name + " (" + counts[group[0]][value] + ")", group[0] + ":" + value));
      });
      facet.appendChild(box);
    });
    facet.value = chosen;
    if (facet.value !== chosen) facet.value = "";
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) { render([], query); status.textContent = ""; return; }
    status.textContent = label("Searching…");
    list.setAttribute("aria-busy", "true");
    load().then(function (module) {
      return module.search(query, { filters: facetFilters() });
    }).then(function (found) {
      if (ticket !== latest) return null;
      fillFacet(found ? found.totalFilters : {});
      var results = found ? found.results.slice(0, CONSIDERED) : [];
      return Promise.all(results.map(function (result) { return result.data(); }));
    }).then(function (pages) {
      if (pages && ticket === latest) render(order(pages, query.trim()).slice(0, LIMIT), query);
    }).catch(function (error) {
      list.removeAttribute("aria-busy");
      status.textContent = label("Search is not available here (%(reason)s)", { reason: error.message });
    });
  }

  function build() {
    dialog = element("dialog", "nk-search-dialog");
    dialog.setAttribute("aria-label", label("Search"));
    var form = element("form", "nk-search-form");
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input = element("input", "nk-search-input");
    input.type = "search";
    input.placeholder = label("Search by number, id or words");
    input.setAttribute("aria-label", label("Search the standards"));
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, 120);
    });
    var close = element("button", "nk-search-close", label("Close"));
    close.type = "button";
    close.addEventListener("click", function () { dialog.close(); });
    var facetLabel = element("label", "nk-search-facet", label("Show") + " ");
    facet = element("select", "nk-search-version");
    facet.appendChild(new Option(label("All versions"), ""));
    facet.addEventListener("change", function () { search(input.value); });
    facetLabel.appendChild(facet);
    form.appendChild(input);
    form.appendChild(close);
    status = element("p", "nk-search-status");
    status.setAttribute("aria-live", "polite");
    list = element("ul", "nk-search-results");
    dialog.appendChild(form);
    dialog.appendChild(facetLabel);
    dialog.appendChild(status);
    dialog.appendChild(list);
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) dialog.close();
    });
    document.body.appendChild(dialog);

    var button = element("button", "md-header__button md-icon nk-search-button");
    button.type = "button";
    button.setAttribute("aria-label", label("Search"));
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
