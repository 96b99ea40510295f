/* Local backups of typed answers (see renderer.js) are forgotten when they are no longer needed:
   a page that lists some in data-clear-backups (the page after a submit) drops those, and the
   log-out button drops every backup of the person logging out, so the next person using this
   browser never finds them, and says so to the page. Loaded on every page. */
(function () {
  "use strict";

  function forget(test) {
    try {
      for (var i = localStorage.length - 1; i >= 0; i -= 1) {
        var key = localStorage.key(i);
        if (key && test(key)) localStorage.removeItem(key);
      }
    } catch (e) { /* storage unavailable: nothing was kept either */ }
  }

  function clearListed() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-clear-backups]"), function (el) {
      var keys = el.dataset.clearBackups.split(" ");
      forget(function (key) { return keys.indexOf(key) !== -1; });
    });
  }

  // A log out is final: the page is told (cb:loggingout) so that nothing answered after this
  // moment (an autosave on its way, whose answer is the login page by then) backs answers up
  // again (renderer.js).
  document.addEventListener("submit", function (event) {
    var prefix = event.target.dataset && event.target.dataset.forgetBackups;
    if (!prefix) return;
    forget(function (key) { return key.indexOf(prefix) === 0; });
    document.dispatchEvent(new CustomEvent("cb:loggingout"));
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", clearListed);
  else clearListed();
})();
