/* matchpress: the search page. Loads the Pagefind bundle (pagefind/pagefind.js, written by the
   build) and searches the guides, plain pages and programs it indexed.
   Progressive enhancement: without this script, or when the page is opened from disk (where
   browsers block the index's requests), the page says what search needs and links to the lists.

   The search lives in the URL query (documented in the README, "Search"):
     q=observership  kind=program  specialty=Internal%20Medicine  state=NY  visa=J-1
     type=University
   Filter values are the index's own (a specialty's name, a state's code, a visa, a program
   type's label). The query is written back with history.replaceState as the reader types. */
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
  var PAGE = 10;
  var SUBS = 3;
  var DELAY = 300;

  /* The filters the page offers, in order: the index's key, the control's label, what "any"
     reads, and how a value is shown. */
  var KINDS = { guide: "Guides", page: "Pages", program: "Programs" };
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

  /* Where the bundle and the site's root are, as absolute paths of this server. */
  var bundle = new URL(root.getAttribute("data-bundle"), location.href).href;
  var base = new URL(root.getAttribute("data-root") || "./", location.href).pathname;
  var suffix = root.getAttribute("data-suffix") || "";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* The href of an index URL on this site: with the site's `index.html` when its links have it. */
  function href(url) {
    if (!suffix) return url;
    var hash = url.indexOf("#");
    var path = hash < 0 ? url : url.slice(0, hash);
    var rest = hash < 0 ? "" : url.slice(hash);
    return (/\/$/.test(path) ? path + suffix : path) + rest;
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

  /* ---- filters: one select per filter the index has ---- */
  var selects = {};

  function optionText(f, value, count) {
    return (f.name ? f.name(value) : value) + " (" + count + ")";
  }

  function buildFilters(all) {
    var any = false;
    FILTERS.forEach(function (f) {
      var values = all[f.key];
      if (!values || !Object.keys(values).length) return;
      any = true;
      var id = "search-filter-" + f.key;
      var field = el("p", "search-filters__field");
      var label = el("label", null, f.label);
      label.htmlFor = id;
      var select = el("select");
      select.id = id;
      select.name = f.key;
      select.appendChild(new Option(f.any, ""));
      var keys = Object.keys(values).sort(function (a, b) {
        return a.localeCompare(b);
      });
      if (f.key === "kind") keys = ["guide", "program", "page"].filter(function (k) { return k in values; });
      keys.forEach(function (v) {
        var o = new Option(optionText(f, v, values[v]), v);
        o.setAttribute("data-value", v);
        select.appendChild(o);
      });
      if (chosen[f.key]) {
        if (!(chosen[f.key] in values)) {
          // A value from a link that the index no longer has: offered, with no results.
          select.appendChild(new Option(optionText(f, chosen[f.key], 0), chosen[f.key]));
        }
        select.value = chosen[f.key];
      }
      select.addEventListener("change", function () {
        if (select.value) chosen[f.key] = select.value; else delete chosen[f.key];
        writeUrl();
        run(true);
      });
      selects[f.key] = select;
      field.appendChild(label);
      field.appendChild(select);
      filtersBox.appendChild(field);
    });
    var box = document.getElementById("search-filters-box");
    box.hidden = !any;
    // Open on a wide window, or when a filter is chosen; on a phone it opens on demand.
    box.open = window.matchMedia("(min-width: 40rem)").matches || Object.keys(chosen).length > 0;
  }

  /* The counts of each option given the query and the other filters. */
  function updateCounts(counts) {
    FILTERS.forEach(function (f) {
      var select = selects[f.key];
      if (!select || !counts) return;
      var values = counts[f.key] || {};
      Array.prototype.forEach.call(select.options, function (o) {
        if (!o.value) return;
        o.textContent = optionText(f, o.value, values[o.value] || 0);
      });
    });
  }

  /* ---- results ---- */
  var pagefind = null;
  var results = [];
  var shown = 0;
  var seq = 0;

  function describe(n, q) {
    var what = n === 1 ? "1 result" : n + " results";
    var filtered = Object.keys(chosen).length > 0;
    if (q) return what + " for “" + q + "”" + (filtered ? " with the filters chosen" : "");
    return what + " for the filters chosen";
  }

  function renderOne(data) {
    var kind = data.filters && data.filters.kind && data.filters.kind[0];
    var meta = data.meta || {};
    var li = el("li", "search-result search-result--" + (kind || "other"));
    var head = el("p", "search-result__kind", LABELS[kind] || "Page");
    var title = el("h2", "search-result__title");
    var a = el("a", null, meta.title || data.url);
    a.href = href(data.url);
    title.appendChild(a);
    li.appendChild(head);
    li.appendChild(title);
    if (kind === "program") {
      var facts = [meta.place, meta.sponsor, data.filters.specialty && data.filters.specialty[0]]
        .filter(Boolean);
      if (facts.length) li.appendChild(el("p", "search-result__facts", facts.join(" · ")));
    } else {
      var excerpt = el("p", "search-result__excerpt");
      // Pagefind's excerpt is text from our own pages, escaped, with <mark> around the words
      // found: the only markup inserted as HTML.
      excerpt.innerHTML = data.excerpt || "";
      li.appendChild(excerpt);
      var subs = (data.sub_results || []).filter(function (s) {
        return s.url !== data.url && s.url.indexOf("#") > 0;
      }).slice(0, SUBS);
      if (subs.length) {
        var ul = el("ul", "search-result__subs");
        ul.setAttribute("role", "list");
        subs.forEach(function (s) {
          var item = el("li");
          var link = el("a", null, s.title);
          link.href = href(s.url);
          item.appendChild(link);
          ul.appendChild(item);
        });
        li.appendChild(ul);
      }
    }
    return li;
  }

  /* Show the next page of results; `focus` moves focus to the first one added. */
  function showMore(focus) {
    var mine = seq;
    var next = results.slice(shown, shown + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
      if (mine !== seq) return;
      var first = null;
      datas.forEach(function (d) {
        var li = renderOne(d);
        list.appendChild(li);
        if (!first) first = li.querySelector("a");
      });
      shown += next.length;
      more.hidden = shown >= results.length;
      if (focus && first) first.focus();
    });
  }

  function clear() {
    results = [];
    shown = 0;
    list.textContent = "";
    more.hidden = true;
  }

  /* Search for the box's words with the filters chosen; `now` skips the debounce. */
  function run(now) {
    var q = input.value.trim();
    var filters = {};
    Object.keys(chosen).forEach(function (k) { filters[k] = chosen[k]; });
    var mine = ++seq;
    if (!pagefind) return Promise.resolve();
    if (!q && !Object.keys(filters).length) {
      clear();
      status.textContent = "";
      return Promise.resolve();
    }
    var search = now
      ? pagefind.search(q || null, { filters: filters })
      : pagefind.debouncedSearch(q || null, { filters: filters }, DELAY);
    return search.then(function (found) {
      // A later search replaced this one (debouncedSearch gives null for those).
      if (!found || mine !== seq) return;
      clear();
      results = found.results;
      updateCounts(found.filters);
      // Announced once the first results are on the page.
      return showMore(false).then(function () {
        if (mine !== seq) return;
        status.textContent = results.length ? describe(results.length, q) : "No results for " + (q ? "“" + q + "”" : "the filters chosen") + ". Try other words, or fewer filters.";
      });
    }).catch(function () {
      if (mine === seq) status.textContent = "The search failed. Reload the page to try again.";
    });
  }

  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(writeUrl, DELAY);
    run(false);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    writeUrl();
    run(true);
  });
  more.addEventListener("click", function () { showMore(true); });

  /* ---- start: load the bundle; without it the page stays as it is without JavaScript ---- */
  off.hidden = true;
  import(bundle + "pagefind.js").then(function (module) {
    pagefind = module;
    return Promise.resolve(pagefind.options({ baseUrl: base })).then(function () {
      return pagefind.init();
    }).then(function () {
      return pagefind.filters();
    });
  }).then(function (all) {
    buildFilters(all || {});
    return run(true);
  }).catch(function () {
    pagefind = null;
    unavailable("The search index could not be loaded: this copy of the site may have been built without it, or the connection failed.");
  });
})();
