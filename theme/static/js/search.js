/* The search page: Pagefind's own interface over the index built with the site (docs/decisions.md).
   Kept in a file because the Content-Security-Policy allows no inline script.
   ?q=words on the page's address runs that search at once. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("search");
    if (!element || typeof window.PagefindUI === "undefined") {
      return;
    }
    var ui = new window.PagefindUI({
      element: "#search",
      baseUrl: element.getAttribute("data-base-url") || "/",
      showImages: false,
      showSubResults: true,
      translations: { placeholder: "Search sources, claims and entities" }
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  });
})();
