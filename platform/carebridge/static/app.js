/* Small behaviours every page may use, kept out of the HTML so the Content-Security-Policy
   allows no inline script: data-action="print" prints the page; data-action="copy" copies the
   value of the element named by data-copy-from. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-action]");
    if (!button) return;
    var action = button.dataset.action;
    if (action === "print") {
      window.print();
    } else if (action === "copy") {
      var source = document.getElementById(button.dataset.copyFrom);
      if (!source || !navigator.clipboard) return;
      navigator.clipboard.writeText(source.value || source.textContent).then(function () {
        if (button.dataset.copied) button.textContent = button.dataset.copied;
      });
    }
  });
})();
