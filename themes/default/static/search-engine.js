/* matchpress: the search engine that reads the index the build writes under search-index/
   (its format is described in the matchpress source, src/search.rs). It fetches only what a
   query needs: the small index.json, the meta file it names once, the term shards of the
   query's words, the lists of the filters chosen, and the documents shown. Every file but
   index.json is named by a hash of what it holds, and the meta file names them.

   MatchpressSearch.open(base, fetchJson) gives an engine; `base` is the URL of the index's
   folder (ending in `/`) and fetchJson(url, fresh) returns a promise of the parsed file (with
   `fresh`, past any cache). The same file runs in the browser (window.MatchpressSearch) and
   in node for the tests (module.exports). */
(function (global) {
  "use strict";

  var VERSION = 2;
  /* How often a page that stays open asks whether the index was rebuilt (serve rebuilds it
     while an author writes; a published site's index.json answers "not modified"). */
  var RECHECK_MS = 5000;
  /* A word of at least this many characters also finds the words it begins ("visa" finds
     "visas"), at EXPANDED times the weight; at most EXPANSIONS such words each. */
  var PREFIX_MIN = 3;
  var EXPANDED = 0.6;
  var EXPANSIONS = 40;
  var PARTS = 31;
  /* The length of an index file's name: `chunk_files` in the meta file is the names of the
     document files, one after the other. */
  var NAME_LENGTH = 11;
  var ANYWHERE = 0x7fffffff;

  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = {};
  for (var i = 0; i < DIGITS.length; i++) VALUE[DIGITS.charCodeAt(i)] = i;

  /* The numbers of a varint string. */
  function numbers(s) {
    var out = [];
    var value = 0;
    var shift = 1;
    for (var i = 0; i < s.length; i++) {
      var d = VALUE[s.charCodeAt(i)];
      value += (d & 31) * shift;
      if (d & 32) {
        shift *= 32;
      } else {
        out.push(value);
        value = 0;
        shift = 1;
      }
    }
    return out;
  }

  var ALNUM = /[\p{Alphabetic}\p{N}]/u;

  /* The terms of a text, as the build finds them (src/search.rs, `terms`): runs of letters
     and digits, lowercased; one letter, a hyphen and a digit join (H-1B is h1b). */
  function terms(text) {
    var out = [];
    var word = "";
    var hyphen = false;
    function flush() {
      hyphen = false;
      if (word) out.push(word);
      word = "";
    }
    for (var ch of String(text)) {
      var code = ch.codePointAt(0);
      if (code < 0x80) {
        var digit = code >= 48 && code <= 57;
        var letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
        if (digit || letter) {
          if (hyphen && !digit) flush();
          hyphen = false;
          word += ch.toLowerCase();
        } else if (ch === "-" && !hyphen && word.length === 1 && /[a-z]/.test(word)) {
          hyphen = true;
        } else {
          flush();
        }
      } else if (ALNUM.test(ch)) {
        if (hyphen) flush();
        word += ch.toLowerCase();
      } else {
        flush();
      }
    }
    flush();
    return out;
  }

  /* The last index i with list[i] <= key, by `cmp` (0 when none is). */
  function floor(list, key, cmp) {
    var lo = 0;
    var hi = list.length - 1;
    var found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(list[mid], key) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /* Compares two strings by their UTF-8 bytes, as the build sorts terms. */
  var encoder = new TextEncoder();
  function compare(a, b) {
    if (a === b) return 0;
    var ea = encoder.encode(a);
    var eb = encoder.encode(b);
    var n = Math.min(ea.length, eb.length);
    for (var i = 0; i < n; i++) {
      if (ea[i] !== eb[i]) return ea[i] - eb[i];
    }
    return ea.length - eb.length;
  }

  function open(base, fetchJson) {
    var generation = null;
    var meta = null;
    var chunkStarts = null;
    var checked = 0;
    var shards = {};
    var chunks = {};
    var lists = {};

    /* Reads index.json (again after RECHECK_MS) and, for a new generation, its meta file. */
    function load() {
      var now = Date.now();
      if (meta && now - checked < RECHECK_MS) return Promise.resolve(meta);
      return fetchJson(base + "index.json", true).then(function (index) {
        checked = Date.now();
        if (!index || index.version !== VERSION) {
          throw new Error("this search index is of another version of matchpress");
        }
        if (index.generation === generation && meta) return meta;
        var next = index.generation;
        return fetchJson(base + "m/" + next + ".json", false).then(function (m) {
          generation = next;
          meta = m;
          shards = {};
          chunks = {};
          lists = {};
          chunkStarts = [];
          var at = 0;
          numbers(m.chunks).forEach(function (gap) {
            at += gap;
            chunkStarts.push(at);
          });
          return meta;
        });
      });
    }

    function shard(n) {
      if (!shards[n]) shards[n] = fetchJson(base + "t/" + meta.shards[n][1] + ".json", false);
      return shards[n];
    }

    /* Each document a term (or, when `prefix`, the words it begins) occurs in: doc -> [score,
       mask]. A score is the stored weight (the term's count weighed against the document's
       length) times the term's rarity (BM25's inverse document frequency, from the number of
       its postings). */
    function postings(term, prefix) {
      var firsts = meta.shards.map(function (s) { return s[0]; });
      var total = meta.documents;
      if (!firsts.length) return Promise.resolve(new Map());
      var n = floor(firsts, term, compare);
      var wanted = [n];
      // The words a prefix begins may run on into the next shard.
      if (prefix && n + 1 < firsts.length && firsts[n + 1].indexOf(term) === 0) wanted.push(n + 1);
      return Promise.all(wanted.map(shard)).then(function (found) {
        var hits = new Map();
        var expanded = 0;
        found.forEach(function (terms) {
          Object.keys(terms).forEach(function (t) {
            var exact = t === term;
            if (!exact && !(prefix && t.indexOf(term) === 0)) return;
            if (!exact && ++expanded > EXPANSIONS) return;
            var nums = numbers(terms[t]);
            var df = nums.length / 3;
            var weight = (exact ? 1 : EXPANDED) * Math.log(1 + (total - df + 0.5) / (df + 0.5));
            var doc = 0;
            for (var i = 0; i + 2 < nums.length; i += 3) {
              doc += nums[i];
              var score = nums[i + 1] * weight;
              // 0: a word too common for its parts to be recorded, "anywhere".
              var mask = nums[i + 2] || ANYWHERE;
              var had = hits.get(doc);
              if (had) {
                had[0] = Math.max(had[0], score);
                had[1] |= mask;
              } else {
                hits.set(doc, [score, mask]);
              }
            }
          });
        });
        return hits;
      });
    }

    /* The documents with a filter's value, as a Set. */
    function filterList(name, value) {
      var found = (meta.filters[name] || []).filter(function (v) { return v[0] === value; })[0];
      if (!found) return Promise.resolve(new Set());
      var key = found[2];
      if (!lists[key]) {
        lists[key] = fetchJson(base + "f/" + key + ".json", false).then(function (s) {
          var set = new Set();
          var doc = 0;
          numbers(s).forEach(function (gap) {
            doc += gap;
            set.add(doc);
          });
          return set;
        });
      }
      return lists[key];
    }

    /* Search: the documents that have every word of `query` (the last one, or any of at
       least PREFIX_MIN characters, may begin a longer word) and each filter's value. When no
       document has every word, those with the most of them, marked `partial`. Words in more
       than half of the documents are left out when the query has others. Results are
       {doc, score, mask, matched} by words matched, then score, then the index's order. */
    function search(query, filters) {
      return load().then(function () {
        var words = terms(query || "").filter(function (w, i, all) {
          return all.indexOf(w) === i;
        });
        var common = meta.common || [];
        var rare = words.filter(function (w) { return common.indexOf(w) < 0; });
        var used = rare.length ? rare : words;
        var names = Object.keys(filters || {}).filter(function (k) { return filters[k]; });
        var wanted = used.map(function (w) {
          return postings(w, w.length >= PREFIX_MIN);
        });
        var chosen = names.map(function (k) { return filterList(k, filters[k]); });
        return Promise.all([Promise.all(wanted), Promise.all(chosen)]).then(function (got) {
          var perWord = got[0];
          var sets = got[1];
          var results = [];
          var partial = false;
          function keep(doc) {
            for (var s = 0; s < sets.length; s++) if (!sets[s].has(doc)) return false;
            return true;
          }
          if (perWord.length) {
            var byDoc = new Map();
            perWord.forEach(function (hits) {
              hits.forEach(function (hit, doc) {
                var r = byDoc.get(doc);
                if (!r) {
                  if (!keep(doc)) return;
                  r = { doc: doc, score: 0, all: ANYWHERE, any: 0, matched: 0 };
                  byDoc.set(doc, r);
                }
                r.score += hit[0];
                r.all &= hit[1];
                r.any |= hit[1];
                r.matched += 1;
              });
            });
            var best = 0;
            byDoc.forEach(function (r) { best = Math.max(best, r.matched); });
            partial = best < perWord.length;
            byDoc.forEach(function (r) {
              if (r.matched < best && !partial) return;
              if (!partial && r.matched < perWord.length) return;
              results.push({ doc: r.doc, score: r.score, mask: r.all || r.any, matched: r.matched });
            });
            results.sort(function (a, b) {
              return b.matched - a.matched || b.score - a.score || a.doc - b.doc;
            });
          } else if (sets.length) {
            sets.sort(function (a, b) { return a.size - b.size; });
            sets[0].forEach(function (doc) {
              if (keep(doc)) results.push({ doc: doc, score: 0, mask: 0, matched: 0 });
            });
            results.sort(function (a, b) { return a.doc - b.doc; });
          }
          return { results: results, words: words, used: used, partial: partial };
        });
      });
    }

    /* A document: {path, title, kind, excerpt, sections: [[id, title]], meta}. */
    function doc(n) {
      var c = floor(chunkStarts, n, function (a, b) { return a - b; });
      if (!chunks[c]) {
        var name = meta.chunk_files.substr(c * NAME_LENGTH, NAME_LENGTH);
        chunks[c] = fetchJson(base + "d/" + name + ".json", false);
      }
      return chunks[c].then(function (list) {
        var d = list[n - chunkStarts[c]];
        return { path: d[0], title: d[1], kind: d[2], excerpt: d[3], sections: d[4], meta: d[5] };
      });
    }

    /* The parts of a document a result's mask names, as [id, title], in order (bit 0 is the
       opening part, bit i the part under the i-th heading; the last bit, which parts past it
       share, names none; nor does a mask of words too common to have parts). */
    function parts(d, mask) {
      var out = [];
      if (!mask || mask === ANYWHERE) return out;
      for (var bit = 1; bit < PARTS - 1 && bit <= d.sections.length; bit++) {
        if (mask & (1 << bit)) out.push(d.sections[bit - 1]);
      }
      return out;
    }

    return {
      load: load,
      search: search,
      doc: doc,
      parts: parts,
      filters: function () { return meta ? meta.filters : {}; },
      generation: function () { return generation; },
    };
  }

  var api = { open: open, terms: terms, numbers: numbers, VERSION: VERSION };
  if (typeof module === "object" && module.exports) module.exports = api;
  else global.MatchpressSearch = api;
})(typeof window !== "undefined" ? window : this);
