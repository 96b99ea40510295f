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

  // A backup is kept under the person, the form and its draft (renderer/backups.py): once
  // autosave has made a draft, under that draft, so that a reload of the draft's link (after
  // logging in again, say) finds it, and a new form never finds it.
  function backupKey(form) {
    if (!form || !form.dataset.backup) return null;
    var draft = document.getElementById("draft-id");
    return draft && draft.value ? form.dataset.backup.replace(/[^:]*$/, draft.value) : form.dataset.backup;
  }

  // Once Log out is pressed the page is leaving for good: no answer is backed up on the device
  // again (local_backups.js has just dropped them), no request goes out, and whatever answers
  // a request still on its way is ignored. A session that ends by itself (no Log out pressed)
  // keeps its answers here for the next login (sessionEnded).
  var loggingOut = false;
  document.addEventListener("cb:loggingout", function () { loggingOut = true; });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (loggingOut) event.preventDefault();
  });

  function backup(form) {
    if (loggingOut) return;
    var key = backupKey(form);
    if (!key) return;
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") pairs.push([name, value]);
    });
    try {
      localStorage.setItem(key, JSON.stringify({ at: Date.now(), pairs: pairs }));
      if (key !== form.dataset.backup) localStorage.removeItem(form.dataset.backup);
    } catch (e) { /* full */ }
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
    if (changed) {
      connection("restored");
      // ...and send them on: autosave listens for changes of the form.
      setTimeout(function () { form.dispatchEvent(new Event("change", { bubbles: true })); }, 0);
    }
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
    if (loggingOut) return;
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

  // A save or a send the server could not take: the session ended (the answer is the login
  // page, a 401, or a refused CSRF token), or the answers are over the size limit. The page
  // must say so (never "Saved just now"), and the answers stay on this device.
  function notSaved(text) {
    var status = document.getElementById("save-status");
    if (status) status.textContent = text;
  }

  function loggedOut(xhr, box) {
    if (!xhr || !box) return false;
    if (xhr.status === 401 || xhr.getResponseHeader("X-Login-Required")) return true;
    try { return new URL(xhr.responseURL).pathname === box.dataset.login; } catch (e) { return false; }
  }

  function sessionEnded(box) {
    var form = document.getElementById("cb-form");
    if (form) backup(form);
    notSaved(box.dataset.notSaved);
    var next = box.dataset.login + "?next=" + encodeURIComponent(location.pathname + location.search);
    var link = box.hidden ? null : box.querySelector("a[data-log-in-again]");
    if (link) {
      // Said already: a later refused save leaves the link in place. Drawn anew, the link under
      // a person's pointer could be swapped between press and release, and the click be lost.
      link.href = next;
      return;
    }
    box.hidden = false;
    box.textContent = box.dataset.sessionEnded + " ";
    link = document.createElement("a");
    link.href = next;
    link.setAttribute("data-log-in-again", "");
    link.textContent = box.dataset.logInAgain;
    box.appendChild(link);
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr, box = document.getElementById("connection");
    if (loggingOut) {
      if (xhr) xhr.cbNotSaved = true;
      event.detail.shouldSwap = false;
    } else if (loggedOut(xhr, box)) {
      xhr.cbNotSaved = true;
      event.detail.shouldSwap = false;
      sessionEnded(box);
    } else if (xhr && xhr.status === 413 && box) {
      xhr.cbNotSaved = true;
      event.detail.shouldSwap = false;
      box.hidden = false;
      box.textContent = box.dataset.tooLarge;
      notSaved(box.dataset.notSaved);
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful || (event.detail.xhr && event.detail.xhr.cbNotSaved)) return;
    retryDelay = 2000;
    connection("");
    var elt = event.detail.elt;
    if (elt && (elt.id === "save-status" || elt.id === "cb-form")) clearBackup(document.getElementById("cb-form"));
  });

  // A check's answer goes to its question's error slot. If the group around the question was
  // drawn again while the check was on its way (a condition's refresh), the slot htmx aims at
  // is gone: the message goes to the slot now in its place, unless a newer check of the same
  // question was sent since (its answer is the one to show). And a part drawn by a request
  // sent before a check answered was drawn without that message (the page did not show it
  // yet when the request left): it is put back into the part's slot once it is swapped in.
  var checksSent = {}, checksAnswered = {}, clock = 0;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var xhr = event.detail.xhr;
    if (xhr) xhr.cbSent = ++clock;
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var slot = event.detail.target, xhr = event.detail.xhr;
    if (!xhr || !slot || !slot.id || !slot.classList.contains("error-slot")) return;
    var id = slot.id, mine = checksSent[id] = (checksSent[id] || 0) + 1;
    xhr.addEventListener("load", function () {
      if (xhr.status !== 200 || loggingOut || loggedOut(xhr, document.getElementById("connection"))) return;
      // Where the answer is shown: the slot it aimed at, or the one now in its place.
      var answer = checksAnswered[id] = { text: xhr.responseText, at: ++clock, mine: mine, slot: slot };
      var now = document.getElementById(id);
      if (slot.isConnected || !now || checksSent[id] !== mine) return;
      answer.slot = now;
      htmx.swap(now, xhr.responseText, { swapStyle: "innerHTML" });
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var sent = event.detail.xhr && event.detail.xhr.cbSent;
    if (!sent) return;
    Object.keys(checksAnswered).forEach(function (id) {
      var answer = checksAnswered[id], now = document.getElementById(id);
      if (answer.at < sent || checksSent[id] !== answer.mine || !now || now === answer.slot) return;
      answer.slot = now;
      htmx.swap(now, answer.text, { swapStyle: "innerHTML" });
    });
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

  // A repeat group's answer carries only the rows that changed (renderer/repeat_rows.py): after
  // a Remove the rows below keep their names (keys, not places) and are not sent again, so
  // their numbers ("Household member 3") are put right here, in the order the rows now stand,
  // which is the order their hidden __items inputs post in.
  function renumber(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".repeat-rows"), function (rows) {
      var n = 0;
      Array.prototype.forEach.call(rows.children, function (row) {
        if (!row.classList.contains("repeat-item")) return;
        n += 1;
        Array.prototype.forEach.call(row.querySelectorAll('[data-n-of="' + CSS.escape(rows.id) + '"]'), function (span) {
          if (span.textContent !== String(n)) span.textContent = String(n);
        });
      });
    });
  }

  // A repeat group's buttons send what their answer needs, not the whole form: the page's
  // bookkeeping, the group's list of keys, the branches chosen on the way to it and the rows
  // drawn again (the pressed one, and the neighbour of a move). Otherwise every row's answers
  // would travel with each Add, and the request would grow with the group although the answer
  // does not. Without this the whole form goes, and the server answers the same.
  var BOOKKEEPING = ["csrf_token", "_key", "_version", "_page", "_draft", "_shown", "_action", "_errors"];
  function rowVerb(elt) {
    if (!elt || elt.name !== "_action" || !elt.closest) return null;
    var verb = elt.value.split(":")[0];
    return ["add", "remove", "up", "down"].indexOf(verb) === -1 ? null : verb;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var button = event.detail.elt, verb = rowVerb(button);
    if (!verb || !event.detail.formData) return;
    var target = button.value.slice(button.value.indexOf(":") + 1);
    var group = verb === "add" ? target : target.slice(0, Math.max(target.lastIndexOf("."), 0));
    var keep = new Set(BOOKKEEPING.concat(["__branch", group ? group + ".__items" : "__items"]));
    var prefix = "";
    group.split(".").forEach(function (part) {
      prefix = prefix ? prefix + "." + part : part;
      keep.add("__branch." + prefix);
    });
    var row = verb === "add" ? null : button.closest(".repeat-item");
    var rows = row ? [row] : [];
    if (row && verb === "up" && row.previousElementSibling) rows.push(row.previousElementSibling);
    if (row && verb === "down" && row.nextElementSibling) rows.push(row.nextElementSibling);
    rows.forEach(function (drawn) {
      Array.prototype.forEach.call(drawn.querySelectorAll("[name]"), function (el) { keep.add(el.name); });
    });
    var data = event.detail.formData;
    Array.from(new Set(data.keys())).forEach(function (name) {
      if (!keep.has(name)) data.delete(name);
    });
  });

  // A repeat group's buttons and the refresh of a group around them take turns, because each
  // draws again what the other changes: a refresh draws the group's rows from the answers it
  // sent (without a row added since), and an Add puts its row into rows that a refresh may
  // have replaced meanwhile. Running together, one of them was lost whichever answered first;
  // sharing the group's hx-sync, each aborted the other. So the second waits until the first
  // has answered (and been swapped in): a refresh then goes with the answers as they are, a
  // button is pressed again where it now stands (a refresh draws the buttons anew). htmx's own
  // queues cannot do this: a queued request dies with its element. The same holds for the
  // other parts a press draws again: a branch picked (the choice between oneOf/anyOf
  // branches) and a part opened (a part that refers back to itself). Refreshes among
  // themselves keep their hx-sync (a newer one replaces an older one of the same group), and
  // so do the picks of one branch choice. Send, Next, Back and Save draw the whole form
  // again: they wait for the parts on their way (a Remove not yet answered was sent with the
  // removed row's answers), and a press made while one is on its way is made again on the
  // page its answer draws (a refused send drew the form without the row an Add put in).
  var redrawing = [], waiting = [];

  function redraws(elt) {
    if (!elt || !elt.matches) return null;
    if (elt.id === "cb-form") return { part: elt, kind: "form", button: true };
    if (rowVerb(elt)) return { part: elt.closest("fieldset.repeat"), kind: "row", button: true };
    if (elt.name === "_action" && elt.value.indexOf("open:") === 0) {
      return { part: elt.closest(".closed"), kind: "open", button: true };
    }
    if (elt.matches(".branch-choice input[type=radio]")) {
      return { part: elt.closest("fieldset.alternatives"), kind: "branch", elt: elt };
    }
    if (elt.matches("[hx-vals*='\"_refresh\"']")) return { part: elt, kind: "refresh" };
    return null;
  }

  // Two of the same kind on the same part replace each other (their hx-sync says so).
  function replaces(a, b) {
    return a.kind === b.kind && a.part === b.part && ["refresh", "branch", "form"].indexOf(a.kind) !== -1;
  }

  function clash(a, b) {
    if (a.kind === "refresh" && b.kind === "refresh") return false;
    return !replaces(a, b) && (a.part.contains(b.part) || b.part.contains(a.part));
  }

  function mustWait(turn) {
    return redrawing.concat(waiting).some(function (other) { return clash(turn, other); });
  }

  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail.elt, turn = redraws(elt);
    if (!turn || !turn.part || !mustWait(turn)) return;
    event.preventDefault();
    if (turn.kind === "form") {
      // Pressed again later by the button that sent it (its value says Send, Next, Back…).
      var submitter = event.detail.triggeringEvent && event.detail.triggeringEvent.submitter;
      turn.button = !!(submitter && submitter.name === "_action");
      elt = turn.button ? submitter : elt;
    }
    if (turn.button) {
      turn.value = elt.value;
      turn.from = document.activeElement;
    } else {
      turn.issue = event.detail.issueRequest;
    }
    waiting = waiting.filter(function (other) { return !replaces(other, turn); });
    waiting.push(turn);
  });

  document.addEventListener("htmx:beforeSend", function (event) {
    var turn = redraws(event.detail.elt), xhr = event.detail.xhr;
    if (!turn || !turn.part || !xhr) return;
    redrawing.push(turn);
    // loadend comes after htmx's load handler, so after the swap (and after an abort).
    xhr.addEventListener("loadend", function () {
      redrawing = redrawing.filter(function (other) { return other !== turn; });
      takeTurns();
    });
  });

  function takeTurns() {
    var queued = waiting;
    waiting = [];
    queued.forEach(function (turn) {
      if (mustWait(turn)) { waiting.push(turn); return; }
      if (!turn.button) {
        // A group (or a branch's radio) no longer on the page was drawn anew by the answer it
        // waited for: what was typed or picked meanwhile is put back and sent on as a change
        // (putBack), which refreshes the group, or picks the branch, now standing in its place.
        if ((turn.elt || turn.part).isConnected) turn.issue(true);
        return;
      }
      var button = document.querySelector('button[name="_action"][value="' + CSS.escape(turn.value) + '"]');
      if (!button || button.disabled) return;
      // Drawn by an answer not yet settled, the button has no htmx behaviour until it settles
      // (a press would submit the whole form): htmx.process gives it now (once only).
      htmx.process(button);
      pressedFrom = turn.from;
      try { button.click(); } finally { pressedFrom = null; }
    });
  }

  // After Add, put the keyboard in the new item; after Open, in the part opened (the button
  // pressed is gone); after Remove or a move, stay in the group.
  // Only the button's own answer does it (an autosave may settle first), and only if the
  // keyboard is still where the press left it: someone who went on to another field while the
  // answer was on its way keeps typing there.
  var pendingFocus = null, pressedFrom = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var button = event.detail.elt, verb = rowVerb(button), opened = redraws(button);
    if (opened && opened.kind === "open") verb = "open";
    if (!verb) return;
    pendingFocus = {
      xhr: event.detail.xhr, verb: verb, value: button.value,
      group: verb === "open" ? opened.part : button.closest("fieldset.repeat"),
      from: pressedFrom || document.activeElement,
    };
  });

  function focusLeftAlone(from) {
    var now = document.activeElement;
    return !now || now === document.body || now === document.documentElement || now === from;
  }

  function focusAfterChange(xhr) {
    if (!pendingFocus || pendingFocus.xhr !== xhr) return;
    var group = pendingFocus.group, from = pendingFocus.from;
    var verb = pendingFocus.verb, value = pendingFocus.value;
    pendingFocus = null;
    // The part opened stands where the closed one was, under its id.
    if (verb === "open" && group) group = document.getElementById(group.id);
    if (!group || !group.isConnected || !focusLeftAlone(from)) return;
    if (verb === "open") {
      var first = group.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); return; }
    }
    var rows = group.querySelector(":scope > .repeat-rows");
    if (verb === "add" && rows) {
      var last = rows.lastElementChild;
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

  document.addEventListener("htmx:afterSettle", function (event) {
    var form = document.getElementById("cb-form");
    if (form) renumber(form);
    var again = putBack;
    putBack = [];
    again.forEach(function (el) {
      if (el.isConnected) el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    focusAfterChange(event.detail.xhr);
    var summary = document.getElementById("error-summary");
    if (summary && !summary.dataset.focused) { summary.dataset.focused = "1"; summary.focus(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("cb-form");
    if (form) restore(form);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.dataset.focused = "1"; summary.focus(); }
    kiosk();
    kioskDone();
    Array.prototype.forEach.call(document.querySelectorAll("a[data-replace]"), function (a) {
      a.addEventListener("click", function (e) { e.preventDefault(); location.replace(a.href); });
    });
  });

  // A kiosk page restored from the back/forward cache could show the last client's answers.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.body.classList.contains("kiosk")) location.reload();
  });

  // The kiosk's thank-you page: a visible countdown to a clean form for the next person, which
  // the person can pause and continue (WCAG 2.2.1: a time limit the user can stop).
  function kioskDone() {
    var card = document.querySelector("[data-restart]");
    if (!card) return;
    var clock = document.getElementById("kiosk-countdown");
    var count = clock.querySelector("[data-count]");
    var pause = card.querySelector("[data-pause]");
    var left = parseInt(card.dataset.seconds, 10), ticker = null;
    function tick() {
      left -= 1;
      count.textContent = left;
      if (left <= 0) { clearInterval(ticker); location.replace(card.dataset.restart); }
    }
    function run() { ticker = setInterval(tick, 1000); pause.textContent = pause.dataset.pauseLabel; }
    clock.hidden = false;
    pause.hidden = false;
    pause.addEventListener("click", function () {
      if (ticker === null) { run(); return; }
      clearInterval(ticker);
      ticker = null;
      pause.textContent = pause.dataset.continueLabel;
    });
    run();
  }

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
