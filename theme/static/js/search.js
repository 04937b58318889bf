/* The search page: Pagefind's own interface over the index built with the site (docs/decisions.md).
   Kept in a file because the Content-Security-Policy allows no inline script.
   ?q=words on the page's address runs that search at once.
   Each indexed page says what it is in a "kind" meta field (base.html); a result's title starts with it,
   "Fact: When did …?", so the link itself says what it leads to.
   A large site is indexed in parts (publish/search.py): the first bundle's crosscheck-parts.json names the
   others, which are merged into one search (Pagefind's multisite search). */
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

  function start(element, others) {
    var base = element.getAttribute("data-base-url") || "/";
    var ui = new window.PagefindUI({
      element: "#search",
      baseUrl: base,
      mergeIndex: others.map(function (bundle) { return { bundlePath: bundle, baseUrl: base }; }),
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
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("search");
    var script = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
    if (!element || !script || typeof window.PagefindUI === "undefined") {
      return;
    }
    var parts = new URL("crosscheck-parts.json", script.src);
    fetch(parts.href)
      .then(function (response) { return response.ok ? response.json() : []; })
      .catch(function () { return []; })
      .then(function (names) {
        start(element, names.map(function (name) { return new URL("../" + name, parts).href; }));
      });
  });
})();
