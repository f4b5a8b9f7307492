// Search page: Pagefind's UI over the static index in pagefind/. Large sites are indexed in
// shards (pagefind/shard-NN/) that are merged here. Works under any sub-path: the site root is
// worked out from this page's own address, not from a configured URL. The UI's stylesheet is
// loaded from here, so it never blocks the first paint of the page (issue 9).
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") return;
  // The root link may name index.html (links do, so the site works from disk): keep the folder.
  var base = new URL(root.getAttribute("data-site-root"), window.location.href).pathname.replace(/index\.html$/, "");

  var styles = new Promise(function (resolve) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "pagefind/pagefind-ui.css";
    css.onload = css.onerror = resolve;
    // Before the theme's stylesheet, so the theme's rules win.
    document.head.insertBefore(css, document.head.querySelector('link[rel="stylesheet"]'));
  });
  var manifest = fetch(base + "pagefind/briefgen-shards.json")
    .then(function (response) { return response.ok ? response.json() : { bundles: [] }; })
    .catch(function () { return { bundles: [] }; });

  // Pagefind's UI runs a query's first search while its filters are still loading, and then shows only
  // the filters that had arrived (on a slow link: "Country" but no "Topic"). So the index, its shards and
  // all their filters are loaded here first, in the module the UI shares (one URL, one module), and a
  // query from the address is searched once they are in (or once that has failed: then the UI tries).
  var ready = manifest.then(function (loaded) {
    return import(base + "pagefind/pagefind.js").then(function (pagefind) {
      return pagefind.options({ basePath: base + "pagefind/", baseUrl: base }).then(function () {
        return (loaded.bundles || []).slice(1).reduce(function (previous, path) {  // in order, as the UI would
          return previous.then(function () { return pagefind.mergeIndex(base + path); });
        }, Promise.resolve());
      }).then(function () { return pagefind.filters(); });
    });
  }).then(function () { return true; }, function () { return false; });

  Promise.all([manifest, styles]).then(function (loaded) {
    var ui = new PagefindUI({
      element: "#search",
      baseUrl: base,
      bundlePath: base + "pagefind/",
      mergeIndex: [],  // merged above
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      translations: { placeholder: "Search briefings" }
    });
    labelSearchBox();
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      var box = document.getElementById("site-search");
      if (box) box.value = query;
      ready.then(function () { ui.triggerSearch(query); });
    }
  });

  // Pagefind's box has only a placeholder and a title; give it a visible label (WCAG 3.3.2).
  // The UI may draw its box after it is created, so watch for it.
  function labelSearchBox() {
    var label = document.createElement("label");
    label.htmlFor = "search-input";
    label.className = "search-label";
    label.textContent = "Search terms";
    root.insertBefore(label, root.firstChild);
    function found() {
      var input = root.querySelector(".pagefind-ui__search-input");
      if (input) input.id = "search-input";
      return !!input;
    }
    if (!found()) {
      var watcher = new MutationObserver(function () { if (found()) watcher.disconnect(); });
      watcher.observe(root, { childList: true, subtree: true });
    }
  }
});
