// The review page: an item or heading lights the lines it was read from; a line selects the item
// that owns it; a diagnostic goes to its line (a row of notes opens on a click); a legend entry shows
// one topic type; j / k step through the items. Plain script, no library: the page works offline.
(function () {
  "use strict";
  var lit = [];
  var chosen = null;

  function scrollInto(el) {
    el.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function light(blocks) {
    lit.forEach(function (el) { el.classList.remove("hl"); });
    lit = blocks.map(function (b) { return document.getElementById("b-" + b); }).filter(Boolean);
    lit.forEach(function (el) { el.classList.add("hl"); });
    if (lit.length) scrollInto(lit[0]);
  }

  function choose(el, showCard) {
    if (chosen) chosen.classList.remove("on");
    chosen = el;
    el.classList.add("on");
    if (el.dataset.blocks) light(el.dataset.blocks.split(" "));
    if (showCard) scrollInto(el);
    else el.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest('a[href^="#b-"]');
    if (link) {
      e.preventDefault();
      var card = link.closest("[data-blocks]");
      if (card) choose(card, false);
      else light([link.getAttribute("href").slice(3)]);
      history.replaceState(null, "", link.getAttribute("href"));
      return;
    }
    if (e.target.closest("a, summary, details.fields")) return;
    var note = e.target.closest(".diag.info");
    if (note) return note.classList.toggle("open");
    var key = e.target.closest("[data-filter]");
    if (key) return filter(key);
    var target = e.target.closest("[data-blocks]");
    if (target) return choose(target, false);
    var line = e.target.closest(".ln[data-owner]");
    if (line) {
      var owner = document.getElementById(line.dataset.owner);
      if (owner) choose(owner, true);
    }
  });

  function filter(key) {
    var on = !key.classList.contains("on");
    document.querySelectorAll("[data-filter]").forEach(function (k) { k.classList.remove("on"); });
    document.body.classList.toggle("filtering", on);
    document.querySelectorAll(".item").forEach(function (item) {
      item.classList.toggle("match", on && item.dataset.topic === key.dataset.filter);
    });
    if (on) key.classList.add("on");
  }

  document.addEventListener("keydown", function (e) {
    if (e.target.closest("input, textarea") || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter" && e.target.matches("[data-blocks]")) return choose(e.target, false);
    if (e.key !== "j" && e.key !== "k") return;
    var items = Array.prototype.slice.call(document.querySelectorAll(".item"));
    if (!items.length) return;
    var at = items.indexOf(chosen);
    var next = e.key === "j" ? Math.min(at + 1, items.length - 1) : Math.max(at - 1, 0);
    choose(items[next], true);
    items[next].focus({ preventScroll: true });
  });

  if (location.hash.indexOf("#b-") === 0) light([location.hash.slice(3)]);
})();
