/* matchpress: the search page. Reads the index the build writes under search-index/ with
   search-engine.js (loaded before this file) and shows the guides, plain pages and programs
   that hold every word typed, ten at a time.
   Progressive enhancement: without this script, or when the page is opened from disk (where
   browsers block the index's requests), or when the index cannot be loaded, the page says what
   search needs and links to the lists.

   The search lives in the URL query (documented in the README, "Search"):
     q=observership  kind=program  specialty=Internal%20Medicine  state=NY  visa=J-1
     type=University
   Filter values are the index's own (a specialty's name, a state's code, a visa, a program
   type's label). The query is written back with history.replaceState as the reader types.

   Everything shown is built from text nodes: titles, excerpts and facts come from the index and
   are never parsed as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;
  var form = root.querySelector(".search-form");
  var input = document.getElementById("search-q");
  var filtersBox = document.getElementById("search-filters");
  var off = document.getElementById("search-off");
  var offWhy = document.getElementById("search-off-why");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  /* Results shown at a time; heading links under a result; the pause in typing before a
     search; how many letters a word needs to also find the words it begins (as the engine). */
  var PAGE = 10;
  var SUBS = 3;
  var DELAY = 250;
  var PREFIX_MIN = 3;

  /* The filters the page offers, in order: the index's key, the control's label, what "any"
     reads, and how a value is shown. */
  var KINDS = { guide: "Guides", program: "Programs", page: "Pages" };
  var FILTERS = [
    { key: "kind", label: "Show", any: "Everything", name: function (v) { return KINDS[v] || v; } },
    { key: "specialty", label: "Specialty", any: "Any specialty" },
    { key: "state", label: "State", any: "Any state" },
    { key: "visa", label: "Visa sponsored", any: "Any or none" },
    { key: "type", label: "Program type", any: "Any type" },
  ];
  var LABELS = { guide: "Guide", page: "Page", program: "Program" };

  function unavailable(why) {
    off.hidden = false;
    if (why) offWhy.textContent = why;
  }

  if (location.protocol === "file:") {
    unavailable("This copy of the site was opened from a file on disk, where browsers do not let the page load its search index: serve the folder with a web server to search it.");
    return;
  }
  var Search = window.MatchpressSearch;
  if (!Search) {
    unavailable("The search engine's script (search-engine.js) could not be loaded.");
    return;
  }

  /* The site's root relative to this page, and what a link to a page's folder ends with
     (`index.html` when the site's links are portable). */
  var site = root.getAttribute("data-root") || "./";
  var suffix = root.getAttribute("data-suffix") || "";

  function fetchJson(url, fresh) {
    return fetch(url, { cache: fresh ? "no-cache" : "default" }).then(function (response) {
      if (!response.ok) throw new Error(url + " answered " + response.status);
      return response.json();
    });
  }
  var engine = Search.open(root.getAttribute("data-index") || site + "search-index/", fetchJson);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* The href of a site path from the index (`guides/a/`), with `#id` when given. */
  function href(path, id) {
    var to = site + path;
    if (suffix && /\/$/.test(to)) to += suffix;
    return id ? to + "#" + id : to;
  }

  /* ---- state: the query and filters, read from and written to the URL ---- */
  var params = new URLSearchParams(location.search);
  var chosen = {};
  FILTERS.forEach(function (f) {
    var v = params.get(f.key);
    if (v) chosen[f.key] = v;
  });
  input.value = params.get("q") || "";

  function writeUrl() {
    var p = new URLSearchParams(location.search);
    var q = input.value.trim();
    if (q) p.set("q", q); else p.delete("q");
    FILTERS.forEach(function (f) {
      if (chosen[f.key]) p.set(f.key, chosen[f.key]); else p.delete(f.key);
    });
    var s = p.toString();
    history.replaceState(history.state, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }

  /* ---- filters: one select per filter the index has. The options carry no counts: the
     index knows each value's total, not how many of the current results have it, and a total
     beside results it does not describe would mislead. ---- */
  function buildFilters(all) {
    var any = false;
    FILTERS.forEach(function (f) {
      var values = (all[f.key] || []).map(function (pair) { return pair[0]; });
      if (!values.length) return;
      if (f.key === "kind") {
        values = Object.keys(KINDS).filter(function (k) { return values.indexOf(k) >= 0; });
      }
      any = true;
      var id = "search-filter-" + f.key;
      var field = el("p", "search-filters__field");
      var label = el("label", null, f.label);
      label.htmlFor = id;
      var select = el("select");
      select.id = id;
      select.name = f.key;
      select.appendChild(new Option(f.any, ""));
      values.forEach(function (v) {
        select.appendChild(new Option(f.name ? f.name(v) : v, v));
      });
      var wanted = chosen[f.key];
      if (wanted) {
        // A value from a link that the index no longer has: offered, and it finds nothing.
        if (values.indexOf(wanted) < 0) select.appendChild(new Option(f.name ? f.name(wanted) : wanted, wanted));
        select.value = wanted;
      }
      select.addEventListener("change", function () {
        if (select.value) chosen[f.key] = select.value; else delete chosen[f.key];
        writeUrl();
        run();
      });
      field.appendChild(label);
      field.appendChild(select);
      filtersBox.appendChild(field);
    });
    var box = document.getElementById("search-filters-box");
    box.hidden = !any;
    // Open on a wide window, or when a filter is chosen; on a phone it opens on demand.
    box.open = window.matchMedia("(min-width: 40rem)").matches || Object.keys(chosen).length > 0;
  }

  /* ---- results ---- */
  var results = [];
  var words = [];
  var shown = 0;
  var seq = 0;

  /* Whether a word of the page's text is one the query asked for (or begins with one, as the
     engine finds it). */
  function asked(word) {
    var term = Search.terms(word).join("");
    return words.some(function (w) {
      return term === w || (w.length >= PREFIX_MIN && term.indexOf(w) === 0);
    });
  }

  /* `text` into `parent`, the query's words in <mark>. A letter, a hyphen and a digit are one
     word, as the index reads them (H-1B). */
  var WORD = /(?<![\p{Alphabetic}\p{N}])[A-Za-z]-[0-9][\p{Alphabetic}\p{N}]*|[\p{Alphabetic}\p{N}]+/gu;
  function marked(parent, text) {
    var at = 0;
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (!asked(m[0])) continue;
      if (m.index > at) parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      parent.appendChild(el("mark", null, m[0]));
      at = m.index + m[0].length;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  /* "Program name · City, ST · Specialty": the dots are read as commas; a fact wraps to the
     next line whole when it fits there, and a line never starts with a dot. */
  function facts(parts) {
    var p = el("p", "search-result__facts");
    parts.forEach(function (part, i) {
      if (i) {
        p.appendChild(el("span", "visually-hidden", ","));
        p.appendChild(document.createTextNode(" "));
      }
      var fact = el("span", "search-result__fact", part);
      if (i < parts.length - 1) {
        var dot = el("span", null, "\u00a0·");
        dot.setAttribute("aria-hidden", "true");
        fact.appendChild(dot);
      }
      p.appendChild(fact);
    });
    return p;
  }

  function renderOne(doc, mask) {
    var li = el("li", "search-result search-result--" + doc.kind);
    li.appendChild(el("p", "search-result__kind", LABELS[doc.kind] || "Page"));
    var title = el("h2", "search-result__title");
    var a = el("a", null, doc.title);
    a.href = href(doc.path);
    title.appendChild(a);
    li.appendChild(title);
    var meta = doc.meta || {};
    if (doc.kind === "program") {
      var line = [meta.name, meta.place, meta.specialty].filter(Boolean);
      if (line.length) li.appendChild(facts(line));
      return li;
    }
    if (doc.excerpt) {
      var excerpt = el("p", "search-result__excerpt");
      marked(excerpt, doc.excerpt);
      li.appendChild(excerpt);
    }
    var subs = engine.parts(doc, mask).slice(0, SUBS);
    if (subs.length) {
      var ul = el("ul", "search-result__subs");
      ul.setAttribute("role", "list");
      ul.setAttribute("aria-label", "In “" + doc.title + "”");
      subs.forEach(function (part) {
        var item = el("li");
        var link = el("a", null, part[1]);
        link.href = href(doc.path, part[0]);
        item.appendChild(link);
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    return li;
  }

  /* Show the next page of results; `focus` moves focus to the first one added. */
  function showMore(focus) {
    var mine = seq;
    var next = results.slice(shown, shown + PAGE);
    shown += next.length;
    more.hidden = true;
    return Promise.all(next.map(function (r) { return engine.doc(r.doc); })).then(function (docs) {
      if (mine !== seq) return;
      var first = null;
      docs.forEach(function (doc, i) {
        var li = renderOne(doc, next[i].mask);
        list.appendChild(li);
        if (!first) first = li.querySelector("a");
      });
      more.hidden = shown >= results.length;
      if (focus && first) first.focus();
    });
  }

  function describe(n, q, partial) {
    var filtered = Object.keys(chosen).length > 0;
    if (n && partial) {
      return "No page has every word of “" + q + "”" + (filtered ? " with the filters chosen" : "") +
        ". " + (n === 1 ? "1 page has" : n + " pages have") + " the most of them.";
    }
    if (!n) {
      return "No results for " + (q ? "“" + q + "”" + (filtered ? " with the filters chosen" : "") : "the filters chosen") +
        ". Try other words, or fewer filters.";
    }
    var what = n === 1 ? "1 result" : n + " results";
    if (q) return what + " for “" + q + "”" + (filtered ? " with the filters chosen" : "");
    return what + " for the filters chosen";
  }

  function clear() {
    results = [];
    shown = 0;
    list.textContent = "";
    more.hidden = true;
  }

  /* Search for the box's words with the filters chosen. */
  function run() {
    var q = input.value.trim();
    var filters = {};
    Object.keys(chosen).forEach(function (k) { filters[k] = chosen[k]; });
    var mine = ++seq;
    if (!q && !Object.keys(filters).length) {
      clear();
      status.textContent = "";
      return Promise.resolve();
    }
    return engine.search(q, filters).then(function (found) {
      if (mine !== seq) return;
      clear();
      results = found.results;
      words = found.words;
      // Announced once the first results are on the page.
      return showMore(false).then(function () {
        if (mine === seq) status.textContent = describe(results.length, q, found.partial);
      });
    }).catch(function () {
      if (mine === seq) status.textContent = "The search failed. Reload the page to try again.";
    });
  }

  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      writeUrl();
      run();
    }, DELAY);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    writeUrl();
    run();
  });
  more.addEventListener("click", function () { showMore(true); });

  /* ---- start: load the index; without it the page stays as it is without JavaScript ---- */
  off.hidden = true;
  engine.load().then(function () {
    buildFilters(engine.filters());
    return run();
  }).catch(function () {
    unavailable("The search index could not be loaded: this copy of the site may have been built without it (search is off in site.yaml), or the connection failed.");
  });
})();
