// Search page: Pagefind's UI over the static index in pagefind/. Works under any sub-path:
// the site root is worked out from this page's own address, not from a configured URL.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") return;
  var base = new URL(root.getAttribute("data-site-root"), window.location.href).pathname;
  var ui = new PagefindUI({
    element: "#search",
    baseUrl: base,
    bundlePath: base + "pagefind/",
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    translations: { placeholder: "Search briefings" }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
    var box = document.getElementById("site-search");
    if (box) box.value = query;
  }
});
