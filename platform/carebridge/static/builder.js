/* The form builder's behaviours htmx does not cover: focus after each change, drag and drop
   (the up/down buttons and "move to section" do the same without a mouse), and showing
   refused changes (422) like any other answer. */
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
    var active = document.activeElement;
    var params = event.detail.parameters;
    if (active && active.id && params && !params.focus) params.focus = active.id;
  });

  function restoreFocus() {
    var builder = document.getElementById("builder");
    if (!builder) return;
    var wanted = builder.dataset.focus;
    var target = wanted && document.getElementById(wanted);
    if (!target) target = builder.querySelector(".b-item.selected a") || builder.querySelector("[role=alert]");
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA|SUMMARY)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "builder") { restoreFocus(); setUpDragging(); }
  });

  var dragged = null;

  function post(item, list) {
    var builder = document.getElementById("builder");
    var names = Array.prototype.map.call(list.children, function (li) { return li.dataset.name; });
    var token = document.querySelector("meta[name=csrf-token]");
    htmx.ajax("POST", builder.dataset.editUrl, {
      source: item, target: "#builder", swap: "outerHTML",
      values: { op: "reorder", path: item.dataset.path, names: names.join(","),
                section: list.dataset.section || "", csrf_token: token ? token.content : "" },
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
