(function () {
  "use strict";
  // The site root is the part of the address before the first top-level folder of the site
  // (a standard, `c`, `assets` …); else the root a page of this site remembered; else the
  // nearest folder up the address that holds this site's stylesheet.
  var tops = {{ (config.extra.normkit_top_level if config.extra and config.extra.normkit_top_level else []) | tojson }};
  var parts = location.pathname.split("/");
  var root = null;
  for (var i = 1; i < parts.length - 1 && root === null; i++) {
    if (tops.indexOf(decodeURIComponent(parts[i])) >= 0) root = parts.slice(0, i).join("/") + "/";
  }
  if (root === null) {
    try {
      var saved = localStorage.getItem("nk-site-root");
      if (saved && location.pathname.indexOf(saved) === 0) root = saved;
    } catch (error) { /* storage blocked */ }
  }
  for (var j = parts.length - 1; j >= 1 && root === null; j--) {
    var candidate = parts.slice(0, j).join("/") + "/";
    try {
      var probe = new XMLHttpRequest();
      probe.open("HEAD", candidate + "assets/normkit/normkit.css", false);
      probe.send();
      if (probe.status === 200) root = candidate;
    } catch (error) { /* try the next folder up */ }
  }
  var base = document.createElement("base");
  base.href = root || "/";
  document.head.appendChild(base);
})();
