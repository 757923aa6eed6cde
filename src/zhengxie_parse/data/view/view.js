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
    if (e.target.closest("a, summary, details.fields, form, button")) return;
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

// Corrections: 更正 on an item opens a form (type, title, units, leaders, departments, time, or drop),
// 更正 by the document's facts one for its title, year, organization and region, ＋条目 on a line no
// item was read from adds one;
// what a person changes is kept by the item's stable key (事项编号) with the corrections the plan
// already had, and 保存更正文件 downloads them as <stem>.corrections.yaml — put beside the document,
// the next `zxparse extract` or `view` applies them, and they survive a re-parse of a revised document.
(function () {
  "use strict";
  var blob = document.getElementById("zx-fixes");
  if (!blob) return;
  var data = JSON.parse(blob.textContent);
  var fixes = data.fixes;
  var made = 0;
  var LISTS = ["committees", "leaders", "counterparts"];
  var FIELDS = [
    ["title", "议题"],
    ["topic_type", "类别"],
    ["committees", "牵头单位"],
    ["leaders", "牵头领导"],
    ["counterparts", "协商部门"],
    ["time", "时间"]
  ];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function shown(value) {
    return Array.isArray(value) ? value.join("、") : value || "";
  }

  function form(card) {
    var old = card.querySelector("form.fixform");
    if (old) return old.remove();
    var key = card.dataset.key;
    var now = data.items[key] || {};
    var f = el("form", { "class": "fixform" });
    FIELDS.forEach(function (pair) {
      var label = el("label", {}, pair[1] + " ");
      var input;
      if (pair[0] === "topic_type") {
        input = el("select", { name: "topic_type" });
        data.topics.forEach(function (t) {
          var option = el("option", { value: t[0] }, t[1]);
          if (t[0] === now.topic_type) option.selected = true;
          input.appendChild(option);
        });
      } else {
        input = el("input", { name: pair[0], type: "text" });
        input.value = shown(now[pair[0]]);
        if (LISTS.indexOf(pair[0]) >= 0) input.placeholder = "多个用、分隔";
      }
      label.appendChild(input);
      f.appendChild(label);
    });
    var drop = el("label", { "class": "drop" });
    drop.appendChild(el("input", { type: "checkbox", name: "drop" }));
    drop.appendChild(document.createTextNode(" 删除此条（不是计划条目）"));
    f.appendChild(drop);
    f.appendChild(el("button", { type: "submit" }, "确定"));
    f.appendChild(el("button", { type: "button", "class": "fix-cancel" }, "取消"));
    card.appendChild(f);
    f.elements[0].focus();
  }

  function keep(card, f) {
    var key = card.dataset.key;
    var now = data.items[key] || {};
    var fix = fixes.items[key] || {};
    fix.note = fix.note || now.title;
    if (f.elements.drop.checked) {
      fix = { drop: true, note: fix.note };
    } else {
      delete fix.drop;
      FIELDS.forEach(function (pair) {
        var name = pair[0];
        var value = f.elements[name].value.trim();
        if (LISTS.indexOf(name) >= 0) value = value ? value.split(/[、,，;；\s]+/).filter(Boolean) : [];
        if (shown(value) !== shown(now[name])) fix[name] = value;
      });
    }
    fixes.items[key] = fix;
    card.classList.add("pending");
    f.remove();
    counted();
  }

  function counted() {
    made += 1;
    document.querySelector(".fix-count").textContent = String(made);
  }

  var META = [["title", "标题"], ["year", "年度"], ["organization", "机构"], ["region", "地区"]];

  function metaForm(facts) {
    var old = document.querySelector("form.fixform.meta");
    if (old) return old.remove();
    var f = el("form", { "class": "fixform meta" });
    META.forEach(function (pair) {
      var label = el("label", {}, pair[1] + " ");
      var input = el("input", { name: pair[0], type: pair[0] === "year" ? "number" : "text" });
      input.value = data.meta[pair[0]] === null ? "" : String(data.meta[pair[0]]);
      label.appendChild(input);
      f.appendChild(label);
    });
    f.appendChild(el("button", { type: "submit" }, "确定"));
    f.appendChild(el("button", { type: "button", "class": "fix-cancel" }, "取消"));
    facts.parentNode.insertBefore(f, facts.nextSibling);
  }

  function keepMeta(f) {
    META.forEach(function (pair) {
      var name = pair[0];
      var raw = f.elements[name].value.trim();
      var value = name === "year" ? (raw ? parseInt(raw, 10) : null) : raw || null;
      if (value !== data.meta[name]) fixes.meta[name] = value;
    });
    document.querySelector(".top").classList.add("pending");
    f.remove();
    counted();
  }

  function yaml() {
    // JSON is YAML: each value is written as JSON, in flow style, the Chinese as it is
    var j = JSON.stringify;
    var lines = [
      "# zxparse 更正文件：" + data.document.file,
      "# 按事项编号更正；放在原文旁（" + data.file + "），重新解析（含修订稿）时自动应用",
      "zxparse_corrections: 1",
      "document: " + j(data.document)
    ];
    if (Object.keys(fixes.meta).length) lines.push("meta: " + j(fixes.meta));
    var keys = Object.keys(fixes.items);
    if (keys.length) {
      lines.push("items:");
      keys.forEach(function (key) { lines.push("  " + j(key) + ": " + j(fixes.items[key])); });
    }
    if (fixes.add.length) {
      lines.push("add:");
      fixes.add.forEach(function (added) { lines.push("  - " + j(added)); });
    }
    return lines.join("\n") + "\n";
  }

  function save() {
    var link = el("a", { download: data.file });
    link.href = URL.createObjectURL(new Blob([yaml()], { type: "application/yaml" }));
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // a line no item was read from can be made one (the parser missed it): ＋条目 on hover
  var START = 20;  // characters of the line the corrections file keeps to find it again

  function lineText(line) {
    var text = "";
    line.querySelector(".tx").childNodes.forEach(function (node) {
      if (!(node.classList && (node.classList.contains("tag") || node.classList.contains("fix-add")))) {
        text += node.textContent;
      }
    });
    return text.trim();
  }

  document.querySelectorAll(".ln").forEach(function (line) {
    if ((line.dataset.owner || "").indexOf("it-") === 0) return;
    line.querySelector(".tx").appendChild(el("button", { type: "button", "class": "fix-add", title: "把这一行设为条目（解析遗漏时）" }, "＋条目"));
  });

  function add(line) {
    var start = lineText(line).slice(0, START);
    if (!start || fixes.add.some(function (a) { return a.line === start; })) return;
    fixes.add.push({ line: start });
    line.classList.add("pending");
    counted();
  }

  document.addEventListener("click", function (e) {
    var adding = e.target.closest(".fix-add");
    if (adding) return add(adding.closest(".ln"));
    var open = e.target.closest(".fix-open");
    if (open) return form(open.closest(".item"));
    if (e.target.closest(".fix-meta")) return metaForm(e.target.closest(".facts"));
    if (e.target.closest(".fix-cancel")) return e.target.closest("form").remove();
    if (e.target.closest(".fix-save")) save();
  });

  document.addEventListener("submit", function (e) {
    var f = e.target.closest("form.fixform");
    if (!f) return;
    e.preventDefault();
    if (f.classList.contains("meta")) keepMeta(f);
    else keep(f.closest(".item"), f);
  });
})();
