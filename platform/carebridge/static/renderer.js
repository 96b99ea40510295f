/* The form renderer's few behaviours htmx does not cover: offline retries, a local backup of
   typed answers, focus on the error summary, and the kiosk's idle reset. */
(function () {
  "use strict";
  var retryDelay = 2000;

  // The words come from the page (data-* of #connection, in the reader's language).
  function connection(message) {
    var box = document.getElementById("connection");
    if (!box) return;
    var said = message ? (box.dataset[message] || message) : "";
    box.hidden = !said;
    box.textContent = said;
  }

  if (window.htmx) {
    // Validation problems come back as 422: show them like any other answer.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true },
    ];
  }

  function backupKey(form) {
    return form && form.dataset.backup ? form.dataset.backup : null;
  }

  function backup(form) {
    var key = backupKey(form);
    if (!key) return;
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") pairs.push([name, value]);
    });
    try { localStorage.setItem(key, JSON.stringify({ at: Date.now(), pairs: pairs })); } catch (e) { /* full */ }
  }

  function restore(form) {
    var key = backupKey(form);
    if (!key) return;
    var saved;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.pairs) return;
    var byName = {};
    saved.pairs.forEach(function (p) { (byName[p[0]] = byName[p[0]] || []).push(p[1]); });
    var changed = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || !(el.name in byName)) return;
      var values = byName[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        var on = values.indexOf(el.value) !== -1;
        if (el.checked !== on) { el.checked = on; changed = true; }
      } else if (el.value !== values[values.length - 1]) {
        el.value = values[values.length - 1]; changed = true;
      }
    });
    if (changed) connection("restored");
  }

  function clearBackup(form) {
    var key = backupKey(form);
    if (key) try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.id === "cb-form") backup(form);
  });

  document.addEventListener("htmx:sendError", function (event) {
    connection("offline");
    var status = document.getElementById("save-status");
    setTimeout(function () { if (status && status.isConnected) htmx.trigger(status, "cb:retry"); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
    var source = event.detail && event.detail.elt;
    if (source && source.id === "cb-form") {
      connection("unsent");
    }
  });

  // A submit answered with HX-Redirect is followed before htmx counts the request as
  // successful (afterRequest never sees it): the answers are stored, so the backup goes now.
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr, elt = event.detail.elt;
    if (xhr && xhr.status < 400 && xhr.getResponseHeader("HX-Redirect") && elt && elt.id === "cb-form") {
      clearBackup(elt);
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) return;
    retryDelay = 2000;
    connection("");
    var elt = event.detail.elt;
    if (elt && (elt.id === "save-status" || elt.id === "cb-form")) clearBackup(document.getElementById("cb-form"));
  });

  // A part the server re-draws carries the answers sent with the request. Whatever was typed or
  // picked while it was on its way would be wiped by the swap: it is put back, then sent on as
  // a change (so conditions and checks see it too).
  var pending = 0, meanwhile = {}, putBack = [];
  document.addEventListener("htmx:beforeRequest", function () {
    if (!pending) meanwhile = {};
    pending += 1;
  });
  document.addEventListener("htmx:afterRequest", function () {
    pending = Math.max(0, pending - 1);
    if (!pending) meanwhile = {};
  });
  function remember(event) {
    var el = event.target;
    if (!pending || !el.name || !el.form || el.form.id !== "cb-form" || el.type === "hidden") return;
    if (el.type === "checkbox") {
      meanwhile[el.name + "\u0000" + el.value] = { name: el.name, kind: "checkbox", value: el.value, checked: el.checked };
    } else if (el.type === "radio") {
      if (el.checked) meanwhile[el.name] = { name: el.name, kind: "radio", value: el.value };
    } else {
      meanwhile[el.name] = { name: el.name, kind: "value", value: el.value };
    }
  }
  document.addEventListener("input", remember);
  document.addEventListener("change", remember);
  document.addEventListener("htmx:afterSwap", function () {
    var form = document.getElementById("cb-form");
    if (!form) return;
    Object.keys(meanwhile).forEach(function (key) {
      var kept = meanwhile[key];
      var found = form.querySelectorAll('[name="' + CSS.escape(kept.name) + '"]');
      Array.prototype.forEach.call(found, function (el) {
        if (el.type === "hidden") return;
        var differs = kept.kind === "value" ? el.value !== kept.value
          : el.value === kept.value && el.checked !== (kept.kind === "radio" ? true : kept.checked);
        if (!differs) return;
        if (kept.kind === "value") el.value = kept.value; else el.checked = !el.checked;
        if (putBack.indexOf(el) === -1) putBack.push(el);
      });
    });
  });

  // After Add, put the keyboard in the new item; after Remove or a move, stay in the group.
  var pendingFocus = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[name=_action]");
    if (!button || !button.hasAttribute("hx-post")) return;
    var verb = button.value.split(":")[0];
    if (["add", "remove", "up", "down"].indexOf(verb) !== -1) {
      pendingFocus = { group: button.getAttribute("hx-target"), verb: verb, value: button.value };
    }
  });

  function focusAfterChange() {
    if (!pendingFocus) return;
    var group = document.querySelector(pendingFocus.group);
    var verb = pendingFocus.verb, value = pendingFocus.value;
    pendingFocus = null;
    if (!group) return;
    if (verb === "add") {
      var items = group.querySelectorAll(".repeat-item");
      var last = items[items.length - 1];
      var input = last && last.querySelector("input:not([type=hidden]), select, textarea");
      if (input) { input.focus(); return; }
    }
    if (verb === "up" || verb === "down") {
      var same = group.querySelector('button[value="' + CSS.escape(value) + '"]');
      if (same) { same.focus(); return; }
    }
    var legend = group.querySelector("legend");
    group.setAttribute("tabindex", "-1");
    group.focus();
    if (legend) legend.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:afterSettle", function () {
    var again = putBack;
    putBack = [];
    again.forEach(function (el) {
      if (el.isConnected) el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    focusAfterChange();
    var summary = document.getElementById("error-summary");
    if (summary && !summary.dataset.focused) { summary.dataset.focused = "1"; summary.focus(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("cb-form");
    if (form) restore(form);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.dataset.focused = "1"; summary.focus(); }
    kiosk();
    Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("a[data-replace]"), function (a) {
      a.addEventListener("click", function (e) { e.preventDefault(); location.replace(a.href); });
    });
  });

  // A kiosk page restored from the back/forward cache could show the last client's answers.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.body.classList.contains("kiosk")) location.reload();
  });

  function kiosk() {
    var box = document.getElementById("kiosk-idle");
    if (!box) return;
    var idle = parseInt(box.dataset.idle, 10) * 1000;
    var warn = parseInt(box.dataset.warn, 10);
    var count = box.querySelector("[data-count]");
    var timer = null, ticker = null, left = warn;

    function reset() { location.replace(box.dataset.reset); }
    function arm() {
      clearTimeout(timer); clearInterval(ticker);
      box.hidden = true;
      timer = setTimeout(countdown, Math.max(idle - warn * 1000, 1000));
    }
    function countdown() {
      left = warn; count.textContent = left; box.hidden = false;
      box.querySelector("[data-stay]").focus();
      ticker = setInterval(function () {
        left -= 1; count.textContent = left;
        if (left <= 0) { clearInterval(ticker); reset(); }
      }, 1000);
    }
    ["input", "keydown", "pointerdown", "touchstart"].forEach(function (name) {
      document.addEventListener(name, function () { if (box.hidden) arm(); }, { passive: true });
    });
    box.querySelector("[data-stay]").addEventListener("click", arm);
    arm();
  }
})();
