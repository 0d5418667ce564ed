/* Recherche plein texte (Pagefind) : l'index en parties (pagefind/parts.json) fusionnées, et la requête reçue dans l'adresse (?q=…). */
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("recherche");
  if (!box || typeof PagefindUI === "undefined") return;
  fetch(box.dataset.bundle + "parts.json")
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (listing) {
      var bundles = listing.parts.map(function (name) { return box.dataset.bundle + name; });
      var ui = new PagefindUI({
        element: "#recherche",
        baseUrl: box.dataset.base,
        bundlePath: bundles[0],
        mergeIndex: bundles.slice(1).map(function (path) { return { bundlePath: path, baseUrl: box.dataset.base }; }),
        showImages: false,
        showSubResults: true,
        resetStyles: false,
        autofocus: true
      });
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) ui.triggerSearch(query);
    })
    .catch(function () {
      box.innerHTML = '<p class="notice">La recherche est indisponible pour le moment. Réessayez plus tard, ou parcourez le site par ses rubriques.</p>';
    });
});
