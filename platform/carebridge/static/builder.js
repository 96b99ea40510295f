/* The form builder's behaviours htmx does not cover: focus after each change (whose answer
   holds only the parts it changed, out of band), focus kept in the preview column when it
   fetches itself again, drag and drop (the up/down buttons and "move to section" do the same
   without a mouse), and showing refused changes (422) like any other answer. */
(function () {
  "use strict";
  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true },
    ];
  }

  // Tell the server which control had focus, so the answer can put it back there.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "post") return;
    var active = document.activeElement;
    var params = event.detail.parameters;
    if (active && active.id && params && !params.focus) params.focus = active.id;
  });

  // After an edit, focus goes where the answer says (#b-state's data-focus): the control that
  // made the change or what it made. The answer itself is swapped into #b-state (or, when the
  // whole builder came back, into #builder); cards and panel arrive out of band before it.
  function restoreFocus() {
    var state = document.getElementById("b-state");
    if (!state) return;
    var wanted = state.dataset.focus;
    var target = wanted && document.getElementById(wanted);
    if (!target) target = document.querySelector("#builder .b-item.selected a") || document.querySelector("#builder [role=alert]");
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA|SUMMARY)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }

  // The preview (or JSON) column is fetched again after each edit: whoever was typing in it
  // keeps their place.
  var focusedInViews = "";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    if (event.detail.target && event.detail.target.id === "b-views") {
      focusedInViews = active && active.id && event.detail.target.contains(active) ? active.id : "";
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var id = event.target && event.target.id;
    if (id === "builder" || id === "b-state") restoreFocus();
    if (id === "b-views" && focusedInViews) {
      var again = document.getElementById(focusedInViews);
      focusedInViews = "";
      if (again) again.focus();
    }
    setUpDragging();
  });

  var dragged = null;

  function post(item, list) {
    var builder = document.getElementById("builder");
    var names = Array.prototype.map.call(list.children, function (li) { return li.dataset.name; });
    var token = document.querySelector("meta[name=csrf-token]");
    var values = { op: "reorder", path: item.dataset.path, names: names.join(","),
                   section: list.dataset.section || "", csrf_token: token ? token.content : "" };
    // What the page shows, as every builder form sends it (hx-include="#b-state").
    document.querySelectorAll("#b-state input").forEach(function (input) { values[input.name] = input.value; });
    htmx.ajax("POST", builder.dataset.editUrl, {
      source: item, target: "#builder", swap: "outerHTML", values: values,
    });
  }

  function setUpDragging() {
    document.querySelectorAll(".b-item[draggable=true]").forEach(function (li) {
      if (li.dataset.dragReady) return;
      li.dataset.dragReady = "1";
      li.addEventListener("dragstart", function (event) {
        event.stopPropagation();
        dragged = li;
        li.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", li.dataset.path);
      });
      li.addEventListener("dragend", function () { li.classList.remove("dragging"); });
      li.addEventListener("dragover", function (event) {
        if (!dragged || dragged === li || dragged.parentElement.dataset.parent !== li.parentElement.dataset.parent) return;
        event.preventDefault();
        event.stopPropagation();
      });
      li.addEventListener("drop", function (event) {
        if (!dragged || dragged === li) return;
        event.preventDefault();
        event.stopPropagation();
        var list = li.parentElement;
        var box = li.getBoundingClientRect();
        list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? li.nextSibling : li);
        var moved = dragged;
        dragged = null;
        post(moved, list);
      });
    });
    document.querySelectorAll(".b-list").forEach(function (list) {
      if (list.dataset.dropReady) return;
      list.dataset.dropReady = "1";
      list.addEventListener("dragover", function (event) {
        if (dragged && dragged.parentElement.dataset.parent === list.dataset.parent) event.preventDefault();
      });
      list.addEventListener("drop", function (event) {
        if (!dragged || event.target !== list) return;
        event.preventDefault();
        list.appendChild(dragged);
        var moved = dragged;
        dragged = null;
        post(moved, list);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpDragging();
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target) target.focus();
    }
  });
})();
