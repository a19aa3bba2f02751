/* normkit: filters of a consultation report (stakeholder group, type, decision). */
(function () {
  "use strict";

  var label = window.nkLabel;  // labels.js: the words in the page's language

  function apply(root) {
    var wanted = {};
    root.querySelectorAll(".nk-comment-filters select[data-filter]").forEach(function (select) {
      wanted[select.getAttribute("data-filter")] = select.value;
    });
    var shown = 0, total = 0;
    root.querySelectorAll("article.nk-comment").forEach(function (comment) {
      var visible = Object.keys(wanted).every(function (name) {
        return !wanted[name] || comment.getAttribute("data-" + name) === wanted[name];
      });
      comment.hidden = !visible;
      total += 1;
      if (visible) shown += 1;
    });
    root.querySelectorAll("section.nk-comment-target").forEach(function (section) {
      section.hidden = !section.querySelector("article.nk-comment:not([hidden])");
    });
    var count = root.querySelector(".nk-comment-count");
    if (count) count.textContent = label("%(shown)s of %(total)s comments", { shown: shown, total: total });
  }

  function setUp() {
    document.querySelectorAll(".nk-consultation").forEach(function (root) {
      var form = root.querySelector(".nk-comment-filters");
      if (!form) return;
      form.hidden = false;
      form.addEventListener("change", function () { apply(root); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      apply(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
