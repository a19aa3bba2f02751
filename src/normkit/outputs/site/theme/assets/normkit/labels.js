/* normkit: the words its scripts write, in the page's language. A translated page carries
   them as `<script type="application/json" id="nk-labels">` (English label → translation,
   from script_labels.py); English pages carry none, the English words being the labels.
   Loaded before every other normkit script (theme/main.html). */
(function () {
  "use strict";
  var labels = null;

  // `text` in the page's language, its `%(name)s` placeholders filled from `values`.
  window.nkLabel = function (text, values) {
    if (labels === null) {
      var node = document.getElementById("nk-labels");
      try { labels = node ? JSON.parse(node.textContent) : {}; } catch (error) { labels = {}; }
    }
    var found = Object.prototype.hasOwnProperty.call(labels, text) ? labels[text] : text;
    return found.replace(/%\((\w+)\)s/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  };
})();
