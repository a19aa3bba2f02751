/* normkit: version switcher, successor links, applicability filter, criteria explorer. */
(function () {
  "use strict";

  function criteriaMap(option) {
    try { return JSON.parse(option.getAttribute("data-criteria") || "{}"); }
    catch (error) { return {}; }
  }

  function hashId() {
    return decodeURIComponent(location.hash.replace(/^#/, ""));
  }

  // The targets of a criterion (or of one of its parts, `5.3.b`) in another version: one,
  // several after a split, or none. A part keeps its anchor when the criterion kept its id.
  function lookup(map, id) {
    if (!id) return [];
    if (map[id]) return map[id];
    var base = id.split(".")[0];
    if (!map[base]) return [];
    return map[base].map(function (target) {
      var sameId = target.url.split("#")[1] === encodeURIComponent(base);
      return sameId ? { url: target.url.replace(/#.*$/, "#" + encodeURIComponent(id)), label: target.label } : target;
    });
  }

  function visibleCriterion() {
    if (window.scrollY < 80) return "";
    var headings = document.querySelectorAll(".nk-criterion-heading");
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().bottom > 0 && !headings[i].hidden) {
        return headings[i].id;
      }
    }
    return "";
  }

  // A criterion split into several: the reader picks one (or the page) instead of guessing.
  function offerChoice(select, option, targets) {
    var old = document.querySelector(".nk-switch-choice");
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "nk-switch-choice";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Choose where to go in " + option.textContent);
    var lead = document.createElement("p");
    lead.textContent = "In " + option.textContent + " this criterion is:";
    box.appendChild(lead);
    var list = document.createElement("ul");
    targets.concat([{ url: option.value, label: "the start of the page" }]).forEach(function (target) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = target.url;
      link.textContent = target.label;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    select.closest(".nk-controls").after(box);
    box.querySelector("a").focus();
  }

  function setUpSwitcher() {
    document.querySelectorAll("select.nk-switcher").forEach(function (select) {
      select.addEventListener("change", function () {
        var option = select.options[select.selectedIndex];
        var map = criteriaMap(option);
        var targets = lookup(map, hashId());
        if (!targets.length) targets = lookup(map, visibleCriterion());
        if (targets.length > 1) { offerChoice(select, option, targets); return; }
        location.href = targets.length ? targets[0].url : option.value;
      });
    });
  }

  function updateSuccessorLinks() {
    document.querySelectorAll("a.nk-successor-link").forEach(function (link) {
      var version = link.getAttribute("data-version");
      var option = document.querySelector('select.nk-switcher option[data-version="' + version + '"]');
      if (!option) return;
      if (!link.hasAttribute("data-page")) link.setAttribute("data-page", link.getAttribute("href"));
      var targets = lookup(criteriaMap(option), hashId());
      link.setAttribute("href", targets.length ? targets[0].url : link.getAttribute("data-page"));
    });
  }

  function applyApplicability(code) {
    document.querySelectorAll(".nk-criterion").forEach(function (block) {
      var codes = (block.getAttribute("data-applies-to") || "").split(" ");
      var hide = Boolean(code) && codes.indexOf(code) < 0;
      block.hidden = hide;
      var heading = block.previousElementSibling;
      if (heading && heading.classList.contains("nk-criterion-heading")) heading.hidden = hide;
    });
  }

  function setUpApplicability() {
    var select = document.querySelector("select.nk-applies-filter");
    if (!select) return;
    var saved = "";
    try { saved = sessionStorage.getItem("nk-applies") || ""; } catch (error) { saved = ""; }
    if (saved && select.querySelector('option[value="' + saved + '"]')) {
      select.value = saved;
      applyApplicability(saved);
    }
    select.addEventListener("change", function () {
      try { sessionStorage.setItem("nk-applies", select.value); } catch (error) { /* private mode */ }
      applyApplicability(select.value);
    });
  }

  function setUpExplorer() {
    var root = document.querySelector(".nk-explorer");
    var data = document.getElementById("nk-explorer-data");
    if (!root || !data) return;
    var texts = JSON.parse(data.textContent);
    var rows = root.querySelectorAll(".nk-row");
    var count = root.querySelector(".nk-explorer-count");
    var text = root.querySelector(".nk-explorer-text");
    var selects = root.querySelectorAll("select[data-field]");
    var withdrawn = root.querySelector(".nk-explorer-withdrawn input");
    function run() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var showWithdrawn = Boolean(withdrawn && withdrawn.checked);
      var shown = 0;
      var total = 0;
      rows.forEach(function (row) {
        var id = row.getAttribute("data-criterion");
        var isWithdrawn = row.getAttribute("data-status") === "withdrawn";
        if (!isWithdrawn || showWithdrawn) total += 1;
        var ok = !isWithdrawn || showWithdrawn;
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
      count.textContent = shown + " of " + total + " criteria";
    }
    // Enter in the search box must not reload the page (no inline handler: see SECURITY.md).
    root.querySelector(".nk-explorer-controls").addEventListener("submit", function (event) {
      event.preventDefault();
    });
    text.addEventListener("input", run);
    selects.forEach(function (select) { select.addEventListener("change", run); });
    if (withdrawn) withdrawn.addEventListener("change", run);
  }

  // The 404 page, served at any address, finds the site's root from the one remembered here.
  function rememberSiteRoot() {
    var config = document.getElementById("__config");
    if (!config || document.querySelector(".nk-not-found")) return;
    try {
      var base = JSON.parse(config.textContent).base || ".";
      localStorage.setItem("nk-site-root", new URL(base.replace(/\/?$/, "/"), document.baseURI).pathname);
    } catch (error) { /* storage blocked */ }
  }

  function start() {
    rememberSiteRoot();
    setUpSwitcher();
    setUpApplicability();
    setUpExplorer();
    updateSuccessorLinks();
    window.addEventListener("hashchange", updateSuccessorLinks);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
