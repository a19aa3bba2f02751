/* normkit: version switcher and successor links (filter.js and explorer.js do the rest). */
(function () {
  "use strict";
  var label = window.nkLabel;  // labels.js: the words in the page's language


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
    box.setAttribute("aria-label", label("Choose where to go in %(version)s", { version: option.textContent }));
    var lead = document.createElement("p");
    lead.textContent = label("In %(version)s this criterion is:", { version: option.textContent });
    box.appendChild(lead);
    var list = document.createElement("ul");
    targets.concat([{ url: option.value, label: label("the start of the page") }]).forEach(function (target) {
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

  function switchTo(select) {
    var option = select.options[select.selectedIndex];
    if (option.selected && option.defaultSelected) return;
    var map = criteriaMap(option);
    var targets = lookup(map, hashId());
    if (!targets.length) targets = lookup(map, visibleCriterion());
    if (targets.length > 1) { offerChoice(select, option, targets); return; }
    location.href = targets.length ? targets[0].url : option.value;
  }

  // A choice made with the mouse (or in the open list) goes at once. Arrow keys on the
  // closed list only choose, and Enter goes: a keyboard user can pass over versions without
  // being taken to each of them (WCAG 3.2.2, on input).
  var CHOOSING_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

  function setUpSwitcher() {
    document.querySelectorAll("select.nk-switcher").forEach(function (select) {
      var keyed = false;
      select.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          keyed = false;
          switchTo(select);
          return;
        }
        // Alt+arrow and space open the list, whose choice goes at once; letters choose.
        var typed = event.key.length === 1 && event.key !== " ";
        keyed = !event.altKey && (CHOOSING_KEYS.indexOf(event.key) >= 0 || typed);
      });
      select.addEventListener("change", function () {
        if (keyed) { keyed = false; return; }
        switchTo(select);
      });
      select.addEventListener("blur", function () { keyed = false; });
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
    updateSuccessorLinks();
    window.addEventListener("hashchange", updateSuccessorLinks);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// The language selector (Material's `extra.alternate`, set per page to the same page in each
// language) keeps the criterion the reader is on: the `#anchor` goes with the link.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.md-select__link[hreflang]") : null;
  if (link && location.hash) {
    link.setAttribute("href", link.getAttribute("href").split("#")[0] + location.hash);
  }
});
