(function () {
  "use strict";
  // Candidates for the site root, most likely first: the part of the address before a
  // top-level folder of the site (a standard, `c`, `assets` …), the root a page of this site
  // remembered, then every folder up the address. The first that holds this site's
  // stylesheet wins (one request in the usual case).
  var tops = {{ (config.extra.normkit_top_level if config.extra and config.extra.normkit_top_level else []) | tojson }};
  var parts = location.pathname.split("/");
  var candidates = [];
  for (var i = 1; i < parts.length - 1; i++) {
    if (tops.indexOf(decodeURIComponent(parts[i])) >= 0) candidates.push(parts.slice(0, i).join("/") + "/");
  }
  try {
    var saved = localStorage.getItem("nk-site-root");
    if (saved && location.pathname.indexOf(saved) === 0) candidates.push(saved);
  } catch (error) { /* storage blocked */ }
  for (var j = parts.length - 1; j >= 1; j--) candidates.push(parts.slice(0, j).join("/") + "/");
  var root = "/";
  var tried = {};
  for (var k = 0; k < candidates.length; k++) {
    if (tried[candidates[k]]) continue;
    tried[candidates[k]] = true;
    try {
      var probe = new XMLHttpRequest();
      probe.open("HEAD", candidates[k] + "assets/normkit/normkit.css", false);
      probe.send();
      if (probe.status === 200) { root = candidates[k]; break; }
    } catch (error) { /* try the next candidate */ }
  }
  var base = document.createElement("base");
  base.href = root;
  document.head.appendChild(base);
})();
