/* Recherche plein texte (Pagefind) : l'index en parties (pagefind/parts.json) fusionnées, et la requête reçue dans l'adresse (?q=…).
   Pagefind fusionne les parties l'une après l'autre, deux allers-retours chacune : leurs premiers fichiers sont demandés
   ici tous ensemble, sous l'étiquette de cache que parts.json donne à chaque partie (metaCacheTag), puis servis par le cache. */
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
      var tags = listing.tags || [];
      bundles.slice(1).forEach(function (path, i) { if (tags[i + 1]) warm(path, tags[i + 1]); });
      var ui = new PagefindUI({
        element: "#recherche",
        baseUrl: box.dataset.base,
        bundlePath: bundles[0],
        mergeIndex: bundles.slice(1).map(function (path, i) {
          var part = { bundlePath: path, baseUrl: box.dataset.base };
          if (tags[i + 1]) part.metaCacheTag = tags[i + 1];
          return part;
        }),
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

  /* Les fichiers qu'une partie demande avant de pouvoir chercher, aux adresses mêmes où Pagefind les demandera. */
  function warm(path, tag) {
    fetch(path + "pagefind-entry.json?ts=" + tag)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (entry) {
        Object.keys((entry && entry.languages) || {}).forEach(function (language) {
          fetch(path + "pagefind." + entry.languages[language].hash + ".pf_meta");
        });
      })
      .catch(function () {});
  }
});
