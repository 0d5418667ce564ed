/* Aperçu en direct : après un enregistrement, livereload.js recharge la page ; ce greffon mène plutôt
   à la page de l'entrée enregistrée quand le message en donne l'adresse (« /figures/essaimage/ »). */
window.LiveReloadPluginSuivre = function (window) {
  this.reload = function (path) {
    if (path.charAt(0) !== "/" || path.slice(-1) !== "/" || window.location.pathname === path) return false;
    window.location.assign(path);
    return true;
  };
};
window.LiveReloadPluginSuivre.identifier = "suivre";
window.LiveReloadPluginSuivre.version = "1.0";
