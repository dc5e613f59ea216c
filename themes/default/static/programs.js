/* matchpress: filters, sorting, compare and CSV export for a specialty's program table.
   Progressive enhancement: without this script the complete table still shows.

   The view lives in the URL query (documented in the README, "Filtering the directory"):
     state=NY,NJ  visa=J-1,H-1B  type=university,community  step2=232  yog=4  usce=3
     first_attempt=0  img_min=30  unknown=hide  sort=pct_img-desc  page=2 (or page=all)
   Parameters it does not know, and values it cannot read, are ignored (and kept in the URL).
   Every row is parsed once into a record. Filtering and sorting work on the records; the table
   then holds one page of the rows that match (the table's data-page-size, 20 by default), so
   the browser lays out a page of rows, not all of them: laying out a table costs about 1 ms a
   row on a slow machine, and a specialty can have 2,000 programs. A pager below the table goes
   through the rest or shows them all. */
(function () {
  "use strict";
  var table = document.getElementById("programs-table");
  var region = table && table.closest(".table-scroll");
  if (!region || !table.tHead || !table.tBodies[0]) return;
  var body = table.tBodies[0];
  var slug = table.getAttribute("data-specialty") || "programs";
  var SIZE = Math.max(1, parseInt(table.getAttribute("data-page-size"), 10) || 20);
  var NP = "Not published";

  var VISAS = ["J-1", "H-1B"];
  var TYPES = [
    ["university", "University"],
    ["community-university", "Community, university-affiliated"],
    ["community", "Community"],
    ["military", "Military"],
    ["other", "Other"],
  ];
  var SORTS = ["name", "state", "positions", "salary", "pct_img", "step2", "yog"];
  var NUMBERS = { step2: [1, 300], yog: [0, 60], usce: [0, 120], img_min: [0, 100] };

  function num(v) { return v === "" || v == null ? null : +v; }
  function flag(v) { return v === "true" ? true : v === "false" ? false : null; }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  /* ---- one record per row, read once ---- */
  var items = Array.prototype.map.call(body.rows, function (tr, i) {
    var d = tr.dataset, c = tr.cells, head = c[0], link = head.querySelector("a");
    var sub = head.querySelector(".data-table__sub");
    var sponsor = sub ? link.textContent : null;
    return {
      tr: tr, i: i, id: d.acgmeId || "", state: d.state, type: d.type || null,
      visas: d.visas === "unknown" ? null : d.visas === "none" ? [] : d.visas.split(" "),
      step2: num(d.step2), img: num(d.img), yog: num(d.yog),
      usce: d.usce || null, usceMonths: num(d.usceMonths), first: flag(d.firstAttempt),
      obs: flag(d.obs), step3: flag(d.step3), acceptsDo: flag(d.do), comlex: flag(d.comlex),
      sponsor: sponsor, name: sub ? sub.textContent : link.textContent, href: link.href,
      city: c[1].textContent.trim(),
      positions: num(c[4].dataset.v), salary: num(c[5].dataset.v), salaryText: c[5].textContent.trim(),
      head: head, note: null, noteText: "", missing: "", pass: true,
    };
  });
  var total = items.length;

  /* ---- the filters: each says true (passes), false (excluded) or null (not published) ---- */
  var FILTERS = [
    { key: "state", label: "State", test: function (it, v) { return v.indexOf(it.state) >= 0; } },
    { key: "visa", label: "Visa sponsorship", test: function (it, v) {
      if (it.visas === null) return null;
      for (var i = 0; i < v.length; i++) if (it.visas.indexOf(v[i]) >= 0) return true;
      return false;
    } },
    { key: "type", label: "Program type", test: function (it, v) {
      return it.type === null ? null : v.indexOf(it.type) >= 0;
    } },
    { key: "step2", label: "Step 2 CK minimum", test: function (it, v) {
      return it.step2 === null ? null : it.step2 <= v;
    } },
    { key: "yog", label: "Graduation cutoff", test: function (it, v) {
      return it.yog === null ? null : it.yog >= v;
    } },
    { key: "usce", label: "US clinical experience", test: function (it, v) {
      if (it.usce === null) return null;
      if (it.usce !== "required") return true;
      return it.usceMonths === null ? null : it.usceMonths <= v;
    } },
    { key: "first_attempt", label: "Exam attempts", test: function (it) {
      return it.first === null ? null : !it.first;
    } },
    { key: "img_min", label: "IMG share", test: function (it, v) {
      return it.img === null ? null : it.img >= v;
    } },
  ];

  function blank() {
    return { state: [], visa: [], type: [], step2: null, yog: null, usce: null,
      first_attempt: true, img_min: null, unknown: "show", sort: null, page: 1 };
  }
  /** The filter's value when it is active, else null. */
  function active(s, key) {
    var v = s[key];
    if (key === "first_attempt") return v ? null : false;
    if (Array.isArray(v)) return v.length ? v : null;
    return v;
  }

  /* ---- the URL contract ---- */
  function list(q, name, allowed) {
    var raw = q.get(name), out = [];
    if (!raw) return out;
    raw.split(",").forEach(function (x) {
      x = x.trim();
      if (name === "state") x = x.toUpperCase();
      var ok = allowed ? allowed.indexOf(x) >= 0 : /^[A-Z]{2}$/.test(x);
      if (ok && out.indexOf(x) < 0) out.push(x);
    });
    return out;
  }
  function parse(search) {
    var q = new URLSearchParams(search), s = blank();
    s.state = list(q, "state");
    s.visa = list(q, "visa", VISAS);
    s.type = list(q, "type", TYPES.map(function (t) { return t[0]; }));
    Object.keys(NUMBERS).forEach(function (k) {
      var raw = q.get(k);
      if (raw === null || !/^\d{1,3}$/.test(raw.trim())) return;
      var v = +raw, range = NUMBERS[k];
      if (v >= range[0] && v <= range[1]) s[k] = v;
    });
    s.first_attempt = q.get("first_attempt") !== "0";
    s.unknown = q.get("unknown") === "hide" ? "hide" : "show";
    var m = /^([a-z_0-9]+)-(asc|desc)$/.exec(q.get("sort") || "");
    if (m && SORTS.indexOf(m[1]) >= 0) s.sort = { key: m[1], dir: m[2] };
    var page = (q.get("page") || "").trim();
    if (page === "all") s.page = "all";
    else if (/^\d{1,6}$/.test(page) && +page >= 1) s.page = +page;
    return s;
  }
  var OWN = ["state", "visa", "type", "step2", "yog", "usce", "first_attempt", "img_min", "unknown", "sort", "page"];
  /** The query for `s`: only what differs from the default, in the documented order; the
      parameters of others are kept. */
  function query(s) {
    var q = new URLSearchParams(location.search), parts = [];
    OWN.forEach(function (k) { q.delete(k); });
    if (s.state.length) parts.push("state=" + s.state.join(","));
    if (s.visa.length) parts.push("visa=" + s.visa.join(","));
    if (s.type.length) parts.push("type=" + s.type.join(","));
    ["step2", "yog", "usce"].forEach(function (k) { if (s[k] !== null) parts.push(k + "=" + s[k]); });
    if (!s.first_attempt) parts.push("first_attempt=0");
    if (s.img_min !== null) parts.push("img_min=" + s.img_min);
    if (s.unknown === "hide") parts.push("unknown=hide");
    if (s.sort) parts.push("sort=" + s.sort.key + "-" + s.sort.dir);
    if (s.page !== 1) parts.push("page=" + s.page);
    var rest = q.toString();
    if (rest) parts.push(rest);
    return parts.length ? "?" + parts.join("&") : "";
  }

  /* ---- the form ---- */
  function countBy(fn) {
    var out = {};
    items.forEach(function (it) { fn(it).forEach(function (k) { out[k] = (out[k] || 0) + 1; }); });
    return out;
  }
  var byState = countBy(function (it) { return [it.state]; });
  var byVisa = countBy(function (it) { return it.visas || []; });
  var byType = countBy(function (it) { return it.type ? [it.type] : []; });
  function checks(name, options, counts) {
    return options.map(function (o) {
      var n = counts[o[0]] || 0;
      return '<label class="check"><input type="checkbox" name="' + name + '" value="' + esc(o[0]) + '"> ' +
        esc(o[1]) + ' <span class="filters__n">(' + n + '<span class="visually-hidden"> program' + (n === 1 ? "" : "s") + "</span>)</span></label>";
    }).join("");
  }
  function numberField(name, label, hint, attrs) {
    return '<p class="filters__field"><label for="f-' + name + '">' + label + '</label>' +
      '<input id="f-' + name + '" name="' + name + '" type="number" inputmode="numeric" ' + attrs +
      ' aria-describedby="f-' + name + '-hint"><span class="filters__hint" id="f-' + name + '-hint">' +
      '<span class="filters__rule">' + hint + '</span> <span class="filters__match" data-for="' + name + '"></span></span></p>';
  }
  var stateKeys = Object.keys(byState).sort();
  var typeOptions = TYPES.filter(function (t) { return byType[t[0]]; });

  var form = document.createElement("form");
  form.className = "filters";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Filter programs");
  form.innerHTML =
    '<div class="filters__fields">' +
    '<details class="filters__pick filters__wide"><summary>States: <span class="filters__picked" data-for="state">all</span></summary>' +
    '<fieldset><legend class="visually-hidden">States</legend><div class="filters__options">' +
    checks("state", stateKeys.map(function (k) { return [k, k]; }), byState) + '</div></fieldset></details>' +
    '<fieldset class="filters__group"><legend>Visa sponsorship</legend>' + checks("visa", VISAS.map(function (v) { return [v, v]; }), byVisa) +
    '<span class="filters__hint">Either one when both are checked. <span class="filters__match" data-for="visa"></span></span></fieldset>' +
    '<fieldset class="filters__group"><legend>Program type</legend>' + checks("type", typeOptions, byType) +
    '<span class="filters__hint"><span class="filters__match" data-for="type"></span></span></fieldset>' +
    numberField("step2", "My Step 2 CK score", "Hides programs whose published minimum is higher.", 'min="1" max="300"') +
    numberField("yog", "Years since graduation", "Hides programs with a shorter cutoff.", 'min="0" max="60"') +
    numberField("usce", "Months of US clinical experience", "Hides programs that require more.", 'min="0" max="120"') +
    numberField("img_min", "IMG share at least (%)", "Share of residents who are IMGs.", 'min="0" max="100"') +
    '<p class="filters__field filters__wide"><label class="check"><input type="checkbox" name="first_attempt" checked aria-describedby="f-first-hint"> I passed every exam on the first attempt</label>' +
    '<span class="filters__hint" id="f-first-hint">Unchecked, hides programs that take first-attempt passes only. <span class="filters__match" data-for="first_attempt"></span></span></p>' +
    '</div><div class="filters__foot">' +
    '<label class="check"><input type="checkbox" name="unknown" value="hide"> Hide programs that don\u2019t publish a filtered value</label>' +
    '<button type="reset" class="filters__button">Clear filters</button>' +
    '<p class="filters__count" role="status" aria-live="polite"></p></div>' +
    '<div class="filters__actions">' +
    '<button type="button" class="filters__button" data-action="compare" disabled>Compare 0 programs</button>' +
    '<button type="button" class="filters__button" data-action="csv">Download CSV</button>' +
    '<p class="filters__status" role="status" aria-live="polite"></p></div>';
  var f = form.elements;
  var countOut = form.querySelector(".filters__count");
  var statusOut = form.querySelector(".filters__status");
  var compareButton = form.querySelector('[data-action="compare"]');
  var matchOut = {};
  Array.prototype.forEach.call(form.querySelectorAll(".filters__match"), function (el) {
    matchOut[el.getAttribute("data-for")] = el;
  });
  var pickedOut = form.querySelector('.filters__picked[data-for="state"]');
  region.parentNode.insertBefore(form, region);

  function boxes(name) { return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]')); }
  function readForm() {
    var s = blank();
    ["state", "visa", "type"].forEach(function (k) {
      s[k] = boxes(k).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    });
    Object.keys(NUMBERS).forEach(function (k) {
      var v = f[k].value.trim(), range = NUMBERS[k];
      if (/^\d+$/.test(v) && +v >= range[0] && +v <= range[1]) s[k] = +v;
    });
    s.first_attempt = f.first_attempt.checked;
    s.unknown = f.unknown.checked ? "hide" : "show";
    return s;
  }
  function setForm(s) {
    ["state", "visa", "type"].forEach(function (k) {
      boxes(k).forEach(function (b) { b.checked = s[k].indexOf(b.value) >= 0; });
    });
    Object.keys(NUMBERS).forEach(function (k) { f[k].value = s[k] === null ? "" : String(s[k]); });
    f.first_attempt.checked = s.first_attempt;
    f.unknown.checked = s.unknown === "hide";
  }

  /* ---- filtering: marks each record, writes the notes and the counts ---- */
  var withUnknown = 0;
  function filter() {
    var on = FILTERS.filter(function (fl) { return active(state, fl.key) !== null; });
    var values = on.map(function (fl) { return active(state, fl.key); });
    var pass = on.map(function () { return 0; }), unknown = on.map(function () { return 0; });
    var hide = state.unknown === "hide";
    withUnknown = 0;
    for (var r = 0; r < items.length; r++) {
      var it = items[r], ok = true, missing = "";
      for (var k = 0; k < on.length; k++) {
        var res = on[k].test(it, values[k]);
        if (res === null) {
          unknown[k]++;
          missing += (missing ? ", " : "") + on[k].label;
          if (hide) ok = false;
        } else if (res) {
          pass[k]++;
        } else {
          ok = false;
        }
      }
      it.pass = ok;
      it.missing = missing;
      if (ok && missing) withUnknown++;
    }
    Object.keys(matchOut).forEach(function (key) { matchOut[key].textContent = ""; });
    on.forEach(function (fl, k) {
      var out = matchOut[fl.key];
      if (!out) return;
      out.textContent = pass[k] + " of " + total + " meet this" + (unknown[k] ? "; " + unknown[k] + " don\u2019t publish it." : ".");
    });
    pickedOut.textContent = state.state.length ? state.state.join(", ") : "all";
  }

  /* ---- sorting: an order of the records, kept per column and direction ---- */
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var orders = { "": items };
  function ordered() {
    var s = state.sort, name = s ? s.key + "-" + s.dir : "";
    heads.forEach(function (h) {
      if (s && h.getAttribute("data-key") === s.key) h.setAttribute("aria-sort", s.dir === "asc" ? "ascending" : "descending");
      else h.removeAttribute("aria-sort");
    });
    if (orders[name]) return orders[name];
    var get = {
      name: function (it) { return (it.sponsor || it.name).toLowerCase(); },
      state: function (it) { return it.state; },
      positions: function (it) { return it.positions; },
      salary: function (it) { return it.salary; },
      pct_img: function (it) { return it.img; },
      step2: function (it) { return it.step2; },
      yog: function (it) { return it.yog; },
    }[s.key];
    var keys = items.map(get), dir = s.dir === "asc" ? 1 : -1;
    // Unknown values go last in both directions; ties keep the page's order.
    orders[name] = items.slice().sort(function (a, b) {
      var x = keys[a.i], y = keys[b.i];
      if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1;
      return (x < y ? -dir : x > y ? dir : 0) || a.i - b.i;
    });
    return orders[name];
  }
  heads.forEach(function (th) {
    var key = th.getAttribute("data-key");
    if (!key || !th.getAttribute("data-sort")) return;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sort";
    while (th.firstChild) b.appendChild(th.firstChild);
    th.appendChild(b);
    b.addEventListener("click", function () {
      var dir = state.sort && state.sort.key === key && state.sort.dir === "asc" ? "desc" : "asc";
      state.sort = { key: key, dir: dir };
      state.page = 1;
      render();
      commit();
    });
  });

  /* ---- the rows in the table: one page of the matching records, in order ---- */
  var view = [], placed = items.slice();
  var pager = document.createElement("nav");
  pager.className = "rows-pager";
  pager.setAttribute("aria-label", "Pages of the program table");
  pager.innerHTML = '<a class="filters__button" data-go="prev" rel="prev">Previous<span class="visually-hidden"> page of programs</span></a>' +
    '<p class="rows-pager__where"></p>' +
    '<a class="filters__button" data-go="next" rel="next">Next<span class="visually-hidden"> page of programs</span></a>' +
    '<a class="filters__button" data-go="all"></a>';
  region.parentNode.insertBefore(pager, region.nextSibling);
  var go = {};
  Array.prototype.forEach.call(pager.querySelectorAll("[data-go]"), function (a) { go[a.getAttribute("data-go")] = a; });
  var where = pager.querySelector(".rows-pager__where");
  function link(a, page) {
    if (page === null) {
      a.removeAttribute("href");
      a.setAttribute("aria-disabled", "true");
      return;
    }
    var s = {};
    Object.keys(state).forEach(function (k) { s[k] = state[k]; });
    s.page = page;
    a.href = location.pathname + query(s);
    a.removeAttribute("aria-disabled");
    a._page = page;
  }
  /** The row's "Not published: ..." note, written when the row is put in the table. */
  function note(it) {
    if (it.noteText === it.missing) return;
    if (!it.note) {
      it.note = document.createElement("span");
      it.note.className = "row-note";
      it.head.appendChild(it.note);
    }
    it.note.textContent = it.missing ? NP + ": " + it.missing : "";
    it.note.hidden = !it.missing;
    it.noteText = it.missing;
  }
  function fmt(n) { return n.toLocaleString("en-US"); }
  function render() {
    filter();
    var all = ordered();
    view = [];
    for (var i = 0; i < all.length; i++) if (all[i].pass) view.push(all[i]);
    var n = view.length, pages = Math.max(1, Math.ceil(n / SIZE));
    var page = state.page === "all" ? "all" : Math.min(state.page, pages);
    var from = page === "all" ? 0 : (page - 1) * SIZE, to = page === "all" ? n : Math.min(n, from + SIZE);
    var rows = view.slice(from, to);
    rows.forEach(note);
    var same = rows.length === placed.length;
    for (var j = 0; same && j < rows.length; j++) same = rows[j] === placed[j];
    if (!same) {
      var frag = document.createDocumentFragment();
      for (var r = 0; r < rows.length; r++) frag.appendChild(rows[r].tr);
      body.replaceChildren(frag);
      placed = rows;
    }
    var paged = n > SIZE;
    countOut.textContent = fmt(n) + " of " + fmt(total) + " program" + (total === 1 ? "" : "s") + " match" +
      (withUnknown ? ", " + fmt(withUnknown) + " of them not publishing a filtered value" : "") +
      (n ? "." : ". Try widening the filters.") +
      (paged && page !== "all" ? " Rows " + fmt(from + 1) + "\u2013" + fmt(to) + " below." : "");
    pager.hidden = !paged;
    if (paged) {
      where.textContent = page === "all" ? "All " + fmt(n) + " rows" :
        "Rows " + fmt(from + 1) + "\u2013" + fmt(to) + " of " + fmt(n) + " (page " + page + " of " + pages + ")";
      link(go.prev, page !== "all" && page > 1 ? page - 1 : null);
      link(go.next, page !== "all" && page < pages ? page + 1 : null);
      go.all.textContent = page === "all" ? SIZE + " rows a page" : "Show all " + fmt(n);
      link(go.all, page === "all" ? 1 : "all");
    }
  }
  pager.addEventListener("click", function (e) {
    var a = e.target.closest("a[href]");
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    state.page = a._page;
    render();
    commit();
    // The new rows start at the top of the table; keyboard and screen reader users go there.
    region.scrollTop = 0;
    region.focus({ preventScroll: true });
    region.scrollIntoView({ block: "start" });
  });

  /* ---- history ---- */
  function commit() {
    var q = query(state);
    if (q !== location.search) history.pushState(null, "", location.pathname + q + location.hash);
  }
  function load() {
    state = parse(location.search);
    setForm(state);
    render();
  }
  function changed() {
    var sort = state.sort;
    state = readForm();
    state.sort = sort;
    render();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", function () { changed(); commit(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); changed(); commit(); });
  form.addEventListener("reset", function (e) {
    e.preventDefault();
    var sortWas = state.sort;
    state = blank();
    state.sort = sortWas;
    setForm(state);
    render();
    commit();
  });
  window.addEventListener("popstate", load);

  /* ---- compare ---- */
  var MAX = 4, picked = [];
  var proto = document.createElement("label");
  proto.className = "cmp";
  proto.innerHTML = '<input type="checkbox" class="cmp__box"> Compare<span class="visually-hidden"></span>';
  items.forEach(function (it) {
    var l = proto.cloneNode(true);
    l.lastChild.textContent = " " + (it.sponsor ? it.sponsor + ", " + it.name : it.name);
    l.firstChild._item = it;
    it.box = l.firstChild;
    it.head.appendChild(l);
  });
  function updateCompare() {
    var n = picked.length;
    compareButton.textContent = "Compare " + n + " program" + (n === 1 ? "" : "s");
    compareButton.disabled = n === 0;
  }
  body.addEventListener("change", function (e) {
    var box = e.target, it = box._item;
    if (!it) return;
    if (box.checked) {
      if (picked.length >= MAX) {
        box.checked = false;
        statusOut.textContent = "You can compare up to four programs. Uncheck one to pick another.";
        return;
      }
      picked.push(it);
    } else {
      picked = picked.filter(function (p) { return p !== it; });
    }
    statusOut.textContent = picked.length + " of " + MAX + " programs picked to compare.";
    updateCompare();
  });

  var compare = window.MatchpressCompare && window.MatchpressCompare.create(region);
  function openCompare() {
    if (compare) compare.open(picked);
  }
  compareButton.addEventListener("click", openCompare);

  /* ---- CSV of every matching row (on every page), in their order ---- */
  var CSV = [
    ["acgme_id", function (it) { return it.id; }],
    ["sponsor", function (it) { return it.sponsor; }],
    ["name", function (it) { return it.name; }],
    ["city", function (it) { return it.city; }],
    ["state", function (it) { return it.state; }],
    ["program_type", function (it) { return it.type; }],
    ["positions_pgy1", function (it) { return it.positions; }],
    ["salary_pgy1", function (it) { return it.salary; }],
    ["pct_img", function (it) { return it.img; }],
    ["visas", function (it) { return it.visas === null ? null : it.visas.length ? it.visas.join(" ") : "none"; }],
    ["min_step2_ck", function (it) { return it.step2; }],
    ["yog_cutoff_years", function (it) { return it.yog; }],
    ["usce", function (it) { return it.usce; }],
    ["usce_min_months", function (it) { return it.usceMonths; }],
    ["first_attempt_only", function (it) { return it.first; }],
    ["url", function (it) { return it.href; }],
  ];
  function cell(v) {
    if (v === null || v === undefined) return "";
    v = String(v);
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function csv() {
    var lines = [CSV.map(function (c) { return c[0]; }).join(",")];
    view.forEach(function (it) {
      lines.push(CSV.map(function (c) { return cell(c[1](it)); }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  form.querySelector('[data-action="csv"]').addEventListener("click", function () {
    var text = csv();
    var url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = slug + "-programs.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    var n = text.split("\r\n").length - 2;
    statusOut.textContent = "Downloaded " + n + " program" + (n === 1 ? "" : "s") + " as CSV.";
  });

  var state = blank();
  load();
  updateCompare();
})();
