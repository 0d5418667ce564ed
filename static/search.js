/* Recherche plein texte (Pagefind) : l'interface, et la requête reçue dans l'adresse (?q=…). */
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("recherche");
  if (!box || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#recherche",
    baseUrl: box.dataset.base,
    bundlePath: box.dataset.bundle,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
