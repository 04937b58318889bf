/* The search page: Pagefind's own interface over the index built with the site (docs/decisions.md).
   Kept in a file because the Content-Security-Policy allows no inline script.
   ?q=words on the page's address runs that search at once.
   Each indexed page says what it is in a "kind" meta field (base.html); a result's title starts with it,
   "Fact: When did …?", so the link itself says what it leads to. */
(function () {
  "use strict";

  function labelled(result) {
    var kind = result.meta && result.meta.kind;
    if (kind) {
      result.meta.title = kind + ": " + (result.meta.title || "");
      delete result.meta.kind;  // said in the title; not again as a tag under the excerpt
    }
    return result;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("search");
    if (!element || typeof window.PagefindUI === "undefined") {
      return;
    }
    var ui = new window.PagefindUI({
      element: "#search",
      baseUrl: element.getAttribute("data-base-url") || "/",
      showImages: false,
      // Sub-results would be the pages' section headings ("What each source says"): furniture, not content.
      showSubResults: false,
      processResult: labelled,
      translations: { placeholder: "Search sources, claims, facts and names" }
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  });
})();
