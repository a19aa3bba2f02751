/* normkit: the applicability filter, which hides what does not apply to one activity and
   says so. A notice counts what it hides (with a button to show all), the table of contents
   leaves the hidden criteria out, and a link to a hidden criterion shows that criterion. */
(function () {
  "use strict";
  var filterCode = "";

  function select() {
    return document.querySelector("select.nk-applies-filter");
  }

  function hashId() {
    try { return decodeURIComponent(location.hash.replace(/^#/, "")); }
    catch (error) { return ""; }
  }

  function headingOf(block) {
    var heading = block.previousElementSibling;
    return heading && heading.classList.contains("nk-criterion-heading") ? heading : null;
  }

  // The criterion block an address points into: the criterion's heading, the block itself,
  // or anything inside it (a part, `5.3.b`).
  function blockOf(element) {
    if (!element) return null;
    if (element.classList.contains("nk-criterion-heading")) {
      var next = element.nextElementSibling;
      return next && next.classList.contains("nk-criterion") ? next : null;
    }
    return element.closest(".nk-criterion");
  }

  // Every navigation link to the criterion: the page's table of contents, and its copy in
  // the main navigation that Material shows on narrow screens.
  function tocEntries(id) {
    var links = document.querySelectorAll('a.md-nav__link[href="#' + CSS.escape(id) + '"]');
    return Array.prototype.map.call(links, function (link) { return link.closest("li") || link; });
  }

  function setHidden(block, hide) {
    block.hidden = hide;
    var heading = headingOf(block);
    if (heading) heading.hidden = hide;
    if (heading && heading.id) {
      tocEntries(heading.id).forEach(function (entry) { entry.hidden = hide; });
    }
  }

  function showAll() {
    var filter = select();
    if (!filter) return;
    filter.value = "";
    filter.dispatchEvent(new Event("change"));
    filter.focus();
  }

  function notice() {
    var found = document.querySelector(".nk-filter-notice");
    if (found) return found;
    var controls = document.querySelector(".nk-version-bar .nk-controls");
    if (!controls) return null;
    found = document.createElement("p");
    found.className = "nk-filter-notice";
    found.setAttribute("role", "status");
    found.hidden = true;
    var words = document.createElement("span");
    words.className = "nk-filter-words";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nk-filter-show-all";
    var filter = select();
    button.textContent = (filter && filter.getAttribute("data-nk-show-all")) || "Show all";
    button.addEventListener("click", showAll);
    found.appendChild(words);
    found.appendChild(document.createTextNode(" "));
    found.appendChild(button);
    controls.after(found);
    return found;
  }

  function updateNotice() {
    var box = notice();
    if (!box) return;
    var hidden = document.querySelectorAll(".nk-criterion[hidden]").length;
    box.hidden = !filterCode || hidden === 0;
    if (box.hidden) return;
    var filter = select();
    var label = filter ? filter.options[filter.selectedIndex].textContent : filterCode;
    // The words come translated from the page (data-nk-one, data-nk-many), as gettext formats.
    var one = filter && filter.getAttribute("data-nk-one");
    var many = filter && filter.getAttribute("data-nk-many");
    box.querySelector(".nk-filter-words").textContent = hidden === 1
      ? (one || "1 criterion hidden by the filter (it does not apply to %(label)s) —")
          .replace("%(label)s", label)
      : (many || "%(count)s criteria hidden by the filter (they do not apply to %(label)s) —")
          .replace("%(count)s", hidden).replace("%(label)s", label);
  }

  // The address names a criterion, or a part of one, that the filter hides: show it, marked
  // as shown despite the filter, and bring it into view.
  function revealTarget() {
    var id = hashId();
    var target = id ? document.getElementById(id) : null;
    var block = blockOf(target);
    if (!block || !block.hidden) return;
    setHidden(block, false);
    block.classList.add("nk-revealed");
    var heading = headingOf(block);
    if (heading) heading.classList.add("nk-revealed");
    updateNotice();
    target.scrollIntoView();
  }

  function apply(code, keepPlace) {
    filterCode = code;
    document.querySelectorAll(".nk-criterion").forEach(function (block) {
      var codes = (block.getAttribute("data-applies-to") || "").split(" ");
      setHidden(block, Boolean(code) && codes.indexOf(code) < 0);
      block.classList.remove("nk-revealed");
      var heading = headingOf(block);
      if (heading) heading.classList.remove("nk-revealed");
    });
    updateNotice();
    var target = hashId() ? document.getElementById(hashId()) : null;
    var block = blockOf(target);
    if (block && block.hidden) revealTarget();
    // On opening a page, hiding criteria above the one in the address moved it: back to it.
    else if (keepPlace && target && !target.hidden) target.scrollIntoView();
  }

  function start() {
    var filter = select();
    if (!filter) return;
    var saved = "";
    try { saved = sessionStorage.getItem("nk-applies") || ""; } catch (error) { saved = ""; }
    if (saved && filter.querySelector('option[value="' + CSS.escape(saved) + '"]')) {
      filter.value = saved;
      apply(saved, true);
    }
    filter.addEventListener("change", function () {
      try { sessionStorage.setItem("nk-applies", filter.value); } catch (error) { /* private mode */ }
      apply(filter.value, false);
    });
    window.addEventListener("hashchange", revealTarget);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
