/* matchpress: the Smart Pick page. Reads the profile form, loads the JSON of the chosen
   specialties only, ranks their programs with SmartPickMethod (smart-pick-method.js: the one
   implementation of the method) and shows the list, the screened-out programs and their reasons.
   Nothing is sent anywhere: the profile lives in the form, the URL fragment (so it can be
   bookmarked) and, when the reader asks, localStorage.

   The fragment uses the form's field names (README, "Smart Pick"):
     #specialty=internal-medicine,family-medicine&step2=228&first_attempt=no&grad_year=2019
      &visa=j1&usce_months=4&usce_kind=hands-on&states=NY,NJ&types=community&limit=40
   `states` also takes region keys (northeast, midwest, south, west, territories). Values it
   cannot read are ignored. */
(function () {
  "use strict";
  var form = document.getElementById("sp-form");
  var dataEl = document.getElementById("sp-data");
  var method = window.SmartPickMethod;
  if (!form || !dataEl || !method) return;
  var data;
  try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }

  var off = document.querySelector("[data-sp-off]");
  if (off) off.hidden = true;
  form.hidden = false;

  var results = document.getElementById("sp-results");
  var q = function (s, el) { return (el || document).querySelector(s); };
  var status = q("[data-sp-status]", form);
  var summary = q("[data-sp-summary]", results);
  var listEl = q("[data-sp-list]", results);
  var screenedBox = q("[data-sp-screened]", results);
  var screenedList = q("[data-sp-screened-list]", results);
  var showScreened = q("[data-sp-show-screened]", results);
  var screenedLabel = q("[data-sp-screened-label]", results);
  var compareButton = q('[data-sp-action="compare"]', results);
  var rememberBox = q("[data-sp-remember]", form);
  var forgetButton = q("[data-sp-forget]", form);
  var pickedOut = q("[data-sp-picked]", form);
  var KEY = "matchpress.smart-pick:" + location.pathname;
  var script = document.querySelector('script[src$="smart-pick.js"]');
  var root = script ? script.getAttribute("src").replace(/smart-pick\.js$/, "") : "/";

  var bySlug = {};
  data.specialties.forEach(function (s) { bySlug[s.slug] = s; });
  var regions = {};
  data.regions.forEach(function (r) { regions[r.key] = r; });
  var TIER = {};
  method.TIERS.forEach(function (t) { TIER[t.key] = t.label; });

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  function boxes(name) { return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]')); }
  function checked(name) { return boxes(name).filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); }
  function radio(name, value) {
    boxes(name).forEach(function (b) { b.checked = b.value === value; });
  }
  function radioValue(name) {
    var on = boxes(name).filter(function (b) { return b.checked; })[0];
    return on ? on.value : null;
  }
  function int(v, min, max) {
    v = String(v == null ? "" : v).trim();
    if (!/^\d{1,4}$/.test(v)) return null;
    var n = +v;
    return n >= min && n <= max ? n : null;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function fmt(n) { return n.toLocaleString("en-US"); }

  /* ---- the profile: form <-> fragment ---- */
  var FIELDS = ["specialty", "step2", "first_attempt", "grad_year", "visa", "usce_months", "usce_kind", "states", "types", "limit"];
  function readForm() {
    return {
      specialty: checked("specialty"),
      step2: int(form.elements.step2.value, 1, 300),
      first_attempt: radioValue("first_attempt") !== "no",
      grad_year: int(form.elements.grad_year.value, 1950, 2100),
      visa: radioValue("visa") || "none",
      usce_months: int(form.elements.usce_months.value, 0, 120) || 0,
      usce_kind: radioValue("usce_kind") === "observership" ? "observership" : "hands-on",
      states: checked("states"),
      types: checked("types"),
      limit: int(form.elements.limit.value, 0, 10000) || 0,
    };
  }
  function fragment(p) {
    var parts = ["specialty=" + p.specialty.join(",")];
    if (p.step2 !== null) parts.push("step2=" + p.step2);
    parts.push("first_attempt=" + (p.first_attempt ? "yes" : "no"));
    if (p.grad_year !== null) parts.push("grad_year=" + p.grad_year);
    parts.push("visa=" + p.visa, "usce_months=" + p.usce_months, "usce_kind=" + p.usce_kind);
    if (p.states.length) parts.push("states=" + p.states.join(","));
    if (p.types.length) parts.push("types=" + p.types.join(","));
    parts.push("limit=" + p.limit);
    return parts.join("&");
  }
  /** Fills the form from a fragment; says whether it named a specialty. */
  function fill(text) {
    var q = new URLSearchParams(String(text || "").replace(/^#/, ""));
    if (!FIELDS.some(function (k) { return q.has(k); })) return false;
    var list = function (k) { return (q.get(k) || "").split(",").map(function (x) { return x.trim(); }).filter(Boolean); };
    var specialties = list("specialty").filter(function (s) { return bySlug[s]; });
    boxes("specialty").forEach(function (b) { b.checked = specialties.indexOf(b.value) >= 0; });
    form.elements.step2.value = int(q.get("step2"), 1, 300) === null ? "" : String(int(q.get("step2"), 1, 300));
    radio("first_attempt", q.get("first_attempt") === "no" ? "no" : "yes");
    form.elements.grad_year.value = int(q.get("grad_year"), 1950, 2100) === null ? "" : String(int(q.get("grad_year"), 1950, 2100));
    var visa = q.get("visa");
    radio("visa", ["none", "j1", "h1b", "either"].indexOf(visa) >= 0 ? visa : "none");
    form.elements.usce_months.value = String(int(q.get("usce_months"), 0, 120) || 0);
    radio("usce_kind", q.get("usce_kind") === "observership" ? "observership" : "hands-on");
    var states = [];
    list("states").forEach(function (s) {
      var r = regions[s.toLowerCase()];
      if (r) states = states.concat(r.states);
      else states.push(s.toUpperCase());
    });
    boxes("states").forEach(function (b) { b.checked = states.indexOf(b.value) >= 0; });
    var types = list("types");
    boxes("types").forEach(function (b) { b.checked = types.indexOf(b.value) >= 0; });
    var limit = q.get("limit");
    form.elements.limit.value = ["20", "40", "60", "100", "0"].indexOf(limit) >= 0 ? limit : "40";
    syncRegions();
    return specialties.length > 0;
  }

  /* ---- states by region ---- */
  function syncRegions() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-region]"), function (all) {
      var key = all.getAttribute("data-region");
      var mine = boxes("states").filter(function (b) { return b.getAttribute("data-in") === key; });
      var on = mine.filter(function (b) { return b.checked; }).length;
      all.checked = on > 0 && on === mine.length;
      all.indeterminate = on > 0 && on < mine.length;
    });
    var picked = checked("states");
    pickedOut.textContent = picked.length ? picked.length > 6 ? picked.length + " states" : picked.join(", ") : "any";
  }
  form.addEventListener("change", function (e) {
    var key = e.target.getAttribute("data-region");
    if (key) {
      boxes("states").forEach(function (b) { if (b.getAttribute("data-in") === key) b.checked = e.target.checked; });
    }
    if (key || e.target.name === "states") syncRegions();
  });

  /* ---- remember / forget ---- */
  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(text) {
    try {
      if (text === null) localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, text);
    } catch (e) { /* storage off: nothing is kept, which is what "forget" promises anyway */ }
    forgetButton.hidden = stored() === null;
  }
  forgetButton.addEventListener("click", function () {
    store(null);
    rememberBox.checked = false;
    status.textContent = "Forgotten: this browser no longer keeps your profile.";
    rememberBox.focus();
  });

  /* ---- the data, one specialty's JSON at a time ---- */
  var loads = {};
  function load(slug) {
    if (!loads[slug]) {
      loads[slug] = fetch(bySlug[slug].json_href).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + r.statusText);
        return r.json();
      }).then(function (doc) {
        return (doc.programs || []).map(function (p) { p.specialty = slug; return p; });
      });
      loads[slug].catch(function () { delete loads[slug]; });
    }
    return loads[slug];
  }
  function href(p) {
    var base = data.base_url || "";
    return base && typeof p.url === "string" && p.url.indexOf(base) === 0 ? root + p.url.slice(base.length) : p.url;
  }

  /* ---- ranking and the list ---- */
  var last = null, picked = [];
  function run(focus, scroll) {
    var profile = readForm();
    if (!profile.specialty.length) {
      status.textContent = "Choose at least one specialty.";
      if (focus) boxes("specialty")[0].focus();
      return;
    }
    var text = fragment(profile);
    history.replaceState(null, "", location.pathname + location.search + "#" + text);
    store(rememberBox.checked ? text : null);
    status.textContent = "Ranking the programs\u2026";
    Promise.all(profile.specialty.map(load)).then(function (lists) {
      var programs = [].concat.apply([], lists);
      var references = {};
      profile.specialty.forEach(function (s) { if (bySlug[s].reference) references[s] = bySlug[s].reference; });
      var names = {};
      data.specialties.forEach(function (s) { names[s.slug] = s.name; });
      var out = method.rank(programs, profile, { year: new Date().getFullYear(), references: references, names: names });
      last = { profile: profile, out: out };
      show(out, profile);
      status.textContent = "Listed " + plural(out.list.length, "program") + "; " + out.counts.screened + " screened out.";
      // After the form, the list gets focus; a bookmarked or remembered profile scrolls to it.
      if (focus) results.focus();
      else if (scroll) results.scrollIntoView({ block: "start" });
    }, function () {
      status.textContent = location.protocol === "file:"
        ? "Smart Pick cannot load program data from a file opened on disk. Serve the site (matchpress serve) or open it from its web address."
        : "The program data could not be loaded. Check your connection and try again.";
    });
  }

  function item(r, i) {
    var p = r.program, spec = bySlug[p.specialty];
    var title = p.sponsor || p.name;
    var html = '<li class="sp-item sp-item--' + r.tier + '" data-acgme-id="' + esc(p.acgme_id) + '"><div class="sp-item__head">' +
      '<span class="sp-tier sp-tier--' + r.tier + '">' + esc(TIER[r.tier] || r.tier) + "</span>" +
      '<h3 class="sp-item__name"><a href="' + esc(href(p)) + '">' + esc(title) + "</a></h3>" +
      '<p class="sp-item__meta">' + (p.sponsor ? esc(p.name) + " \u00b7 " : "") + esc(p.city + ", " + p.state) +
      (last.profile.specialty.length > 1 && spec ? " \u00b7 " + esc(spec.name) : "") +
      ' \u00b7 <span class="sp-score">fit score ' + r.score + "</span></p></div>";
    if (r.reasons.length) {
      html += '<ul class="sp-reasons">' + r.reasons.map(function (x) { return "<li>" + esc(x) + "</li>"; }).join("") + "</ul>";
    }
    if (r.status === "unconfirmed") {
      html += '<p class="sp-unconfirmed"><strong>Eligible, but unconfirmed:</strong> ' + esc(r.unknowns.join("; ")) + ".</p>";
    }
    r.notes.forEach(function (n) { html += '<p class="sp-note">' + esc(n) + ".</p>"; });
    html += '<details class="sp-why"><summary>Every reason<span class="visually-hidden"> for ' + esc(title) + "</span></summary><ul>";
    r.gates.forEach(function (g) {
      if (!g.text) return;
      var word = g.result === "pass" ? "Meets" : g.result === "out" ? "Screens you out" : "Not published";
      html += '<li class="sp-gate sp-gate--' + g.result + '"><span class="sp-gate__word">' + word + ":</span> " + esc(g.text) + "</li>";
    });
    r.factors.forEach(function (f) {
      html += '<li class="sp-factor">' + (f.computed ? f.points + " of " + f.max + " points: " + esc(f.text) : "0 of " + f.max + " points: " + esc(f.text || "not published")) + "</li>";
    });
    html += "</ul></details>";
    html += '<label class="cmp"><input type="checkbox" data-sp-compare="' + i + '"' + (picked.indexOf(r) >= 0 ? " checked" : "") +
      "> Compare<span class=\"visually-hidden\"> " + esc(title + (p.sponsor ? ", " + p.name : "")) + "</span></label></li>";
    return html;
  }
  function outItem(r) {
    var p = r.program, title = p.sponsor || p.name;
    return '<li class="sp-item sp-item--out" data-acgme-id="' + esc(p.acgme_id) + '"><h4 class="sp-item__name"><a href="' + esc(href(p)) + '">' + esc(title) + "</a></h4>" +
      '<p class="sp-item__meta">' + (p.sponsor ? esc(p.name) + " \u00b7 " : "") + esc(p.city + ", " + p.state) + "</p>" +
      '<p class="sp-out"><strong>Screened out:</strong> ' + esc(r.out.join("; ")) + ".</p></li>";
  }
  function show(out, profile) {
    var c = out.counts, tiers = method.TIERS.filter(function (t) { return c.listed[t.key]; });
    var html = '<p class="sp-summary">' + (out.list.length < out.considered
      ? "The first " + fmt(out.list.length) + " of the " + fmt(out.considered) + " programs that pass every published requirement you gave"
      : fmt(out.considered) + " program" + (out.considered === 1 ? " passes" : "s pass") + " every published requirement you gave") +
      (c.unconfirmed ? " (" + fmt(c.unconfirmed) + " of them unconfirmed: a requirement is not published)" : "") +
      "; " + fmt(c.screened) + " " + (c.screened === 1 ? "is" : "are") + " screened out.</p>";
    if (tiers.length) {
      html += '<ul class="sp-tiers" aria-label="Programs listed by tier">' + tiers.map(function (t) {
        return '<li><span class="sp-tier sp-tier--' + t.key + '">' + esc(t.label) + "</span> " + c.listed[t.key] + "</li>";
      }).join("") + "</ul>";
    }
    html += '<p class="sp-basis">' + esc(out.basis) + ' <a href="#method">How Smart Pick ranks programs</a>.</p>';
    profile.specialty.forEach(function (slug) {
      var a = bySlug[slug].list_advice;
      if (!a) return;
      html += '<p class="sp-advice"><strong>' + esc(bySlug[slug].name) + ":</strong> " + esc(a.text) +
        ' <span class="sp-source">Source: ' + (a.url ? '<a href="' + esc(a.url) + '" rel="nofollow noopener">' + esc(a.source) + "</a>" : esc(a.source)) + ".</span></p>";
    });
    summary.innerHTML = html;
    picked = [];
    updateCompare();
    listEl.innerHTML = out.list.map(item).join("");
    listEl.hidden = !out.list.length;
    screenedList.innerHTML = out.screened.map(outItem).join("");
    screenedLabel.textContent = out.screened.length
      ? "Show the " + plural(out.screened.length, "program") + " screened out, with the reasons"
      : "No program is screened out";
    showScreened.disabled = !out.screened.length;
    screenedBox.hidden = !showScreened.checked || !out.screened.length;
    results.hidden = false;
  }
  showScreened.addEventListener("change", function () {
    screenedBox.hidden = !showScreened.checked;
  });

  /* ---- compare, CSV, print, copy ---- */
  var compare = window.MatchpressCompare && window.MatchpressCompare.create(listEl);
  var MAX = 4;
  function updateCompare() {
    compareButton.textContent = "Compare " + plural(picked.length, "program");
    compareButton.disabled = picked.length === 0;
  }
  listEl.addEventListener("change", function (e) {
    var i = e.target.getAttribute("data-sp-compare");
    if (i === null || !last) return;
    var r = last.out.list[+i];
    if (e.target.checked) {
      if (picked.length >= MAX) {
        e.target.checked = false;
        status.textContent = "You can compare up to four programs. Uncheck one to pick another.";
        return;
      }
      picked.push(r);
    } else {
      picked = picked.filter(function (x) { return x !== r; });
    }
    updateCompare();
  });
  function cell(v) {
    if (v === null || v === undefined) return "";
    v = String(v);
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  var CSV = ["rank", "tier", "status", "fit_score", "acgme_id", "sponsor", "name", "specialty", "city", "state", "reasons", "not_published", "url"];
  function csv() {
    var lines = [CSV.join(",")];
    last.out.list.forEach(function (r, i) {
      var p = r.program;
      lines.push([i + 1, TIER[r.tier], r.status, r.score, p.acgme_id, p.sponsor, p.name, p.specialty, p.city, p.state,
        r.reasons.join("; "), r.unknowns.join("; "), p.url].map(cell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  results.addEventListener("click", function (e) {
    var b = e.target.closest("[data-sp-action]");
    if (!b || !last) return;
    var action = b.getAttribute("data-sp-action");
    if (action === "print") window.print();
    if (action === "compare" && compare) {
      compare.open(picked.map(function (r) { return window.MatchpressCompare.fromJson(r.program, href(r.program)); }));
    }
    if (action === "csv") {
      var url = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
      var a = document.createElement("a");
      a.href = url;
      a.download = "smart-pick.csv";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      status.textContent = "Downloaded " + plural(last.out.list.length, "program") + " as CSV.";
    }
    if (action === "copy") {
      var link = location.href;
      var done = function () { status.textContent = "Copied the link to this profile. Anyone who opens it sees the same list."; };
      var fallback = function () {
        status.innerHTML = '<label for="sp-link">Copy this link:</label> <input id="sp-link" class="sp-link" readonly value="' + esc(link) + '">';
        var input = q("#sp-link", status);
        input.focus();
        input.select();
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(link).then(done, fallback);
      else fallback();
    }
  });

  // A printed list carries every reason: the closed "Every reason" boxes open for the print.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(results.querySelectorAll("details.sp-why"), function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    run(true);
  });
  window.addEventListener("hashchange", function () {
    if (fill(location.hash)) run(false);
  });

  /* ---- start: the fragment, else the remembered profile ---- */
  var saved = stored();
  forgetButton.hidden = saved === null;
  rememberBox.checked = saved !== null;
  if (fill(location.hash)) run(false, true);
  else if (saved !== null && fill(saved)) run(false, true);
  else syncRegions();
})();
