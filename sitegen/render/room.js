// Starts Decap CMS (decap-cms.js, loaded next) with the configuration the page carries (made by
// sitegen/render/room.py). On this computer (127.0.0.1 or localhost), the room saves through the
// local backend that `build.py cms` starts on the port after the preview's; elsewhere, through
// the GitHub backend.
window.CMS_MANUAL_INIT = true;
window.addEventListener("DOMContentLoaded", function () {
  var config = JSON.parse(document.getElementById("room-config").textContent);
  config.load_config_file = false;
  if ((location.hostname === "127.0.0.1" || location.hostname === "localhost") && location.port) {
    config.local_backend = { url: "http://" + location.hostname + ":" + (Number(location.port) + 1) + "/api/v1" };
  }
  window.CMS.init({ config: config });
});
