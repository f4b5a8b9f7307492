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

  Promise.all([manifest, styles]).then(function (loaded) {
    var merge = (loaded[0].bundles || []).slice(1).map(function (path) { return { bundlePath: base + path }; });
    var ui = new PagefindUI({
      element: "#search",
      baseUrl: base,
      bundlePath: base + "pagefind/",
      mergeIndex: merge,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      translations: { placeholder: "Search briefings" }
    });
    labelSearchBox();
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
      var box = document.getElementById("site-search");
      if (box) box.value = query;
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
