/* matchpress: the Smart Pick method. Ranks residency programs against an applicant's profile.
   The page's script (smart-pick.js) reads the form and draws the list; this file only decides.
   It reads nothing from the page and the network, so it runs the same in node's tests.

   rank(programs, profile, options) -> { list, considered, screened, counts, basis }
     programs: objects as in /programs/<specialty>.json, each with its `specialty` slug added.
     profile: { specialty, step2, first_attempt, grad_year, visa, usce_months, usce_kind,
       states, types, limit }. options: { year, references: { slug: { p25, median, p75 } },
       names: { slug: "Internal Medicine" } (optional, for the basis sentence) }.
     list: the programs not screened out, best first, cut to profile.limit (0: all).
     Each result: { program, status, tier, score, gates, factors, reasons, unknowns, out, notes };
     a gate that does not apply to this applicant (visa when none is needed, attempts after
     first-attempt passes) is left out of `gates`.

   Each program goes through five gates (visa, graduation, Step 2 CK, exam attempts, US clinical
   experience), each "pass", "out" or "unknown"; one out screens it out, an unknown leaves it
   unconfirmed. Nothing is dropped: screened-out programs come back in `screened`, with why.
   Each program also gets a fit score (0-100) from six factors, and a tier from the first three
   (Step 2 CK against matched IMGs, margin over the minimum, IMG share). The tier says how the
   applicant compares; it is not a chance of matching.

   A value of the wrong kind (a string where a number belongs, a missing field) counts as not
   published and never throws: the JSON comes from many programs' own pages. */
(function (root) {
  "use strict";

  var VERSION = 1;

  /** Tiers in the order the list shows them. */
  var TIERS = [
    { key: "strong", label: "Strong fit" },
    { key: "good", label: "Good fit" },
    { key: "stretch", label: "Stretch" },
    { key: "unrated", label: "Not enough data" },
  ];
  /** The least share of the available points (factors a-c) for each tier; below good: stretch. */
  var THRESHOLDS = { strong: 0.6, good: 0.35 };

  /** The gates, in the order they are checked and shown. */
  var GATES = [
    { key: "visa", label: "Visa sponsorship" },
    { key: "graduation", label: "Graduation cutoff" },
    { key: "step2", label: "Step 2 CK minimum" },
    { key: "attempts", label: "Exam attempts" },
    { key: "usce", label: "US clinical experience" },
  ];

  /* The factors of the fit score, in the order of each result's `factors`. `steps`: the points
     from the first step whose `min` the value reaches (for step2, `min` names a percentile of the
     specialty's matched IMGs); state and type earn their `max` when they match the profile.
     `tier`: the factor counts toward the tier. The maxima add up to 100. */
  var FACTORS = [
    { key: "step2", max: 30, tier: true, label: "Step 2 CK against the specialty's matched IMGs",
      steps: [{ min: "p75", points: 30 }, { min: "median", points: 22 }, { min: "p25", points: 12 }] },
    { key: "margin", max: 20, tier: true, label: "Step 2 CK over the program's minimum",
      steps: [{ min: 15, points: 20 }, { min: 5, points: 12 }, { min: 0, points: 4 }] },
    { key: "img", max: 25, tier: true, label: "Share of residents who are IMGs",
      steps: [{ min: 50, points: 25 }, { min: 35, points: 20 }, { min: 15, points: 10 }] },
    { key: "size", max: 10, tier: false, label: "First-year positions",
      steps: [{ min: 20, points: 10 }, { min: 10, points: 6 }, { min: 1, points: 2 }] },
    { key: "state", max: 10, tier: false, label: "In a state you chose" },
    { key: "type", max: 5, tier: false, label: "A program type you chose" },
  ];

  /** Program types as the JSON has them, with the words used in sentences. */
  var TYPES = {
    "university": "university",
    "community-university": "community, university-affiliated",
    "community": "community",
    "military": "military",
    "other": "other",
  };

  var has = Object.prototype.hasOwnProperty;

  /* ---- reading values: anything of the wrong kind is null (not published) ---- */
  function num(v) { return typeof v === "number" && isFinite(v) ? v : null; }
  function bool(v) { return v === true || v === false ? v : null; }
  function str(v) { return typeof v === "string" ? v : null; }
  function obj(v) { return v !== null && typeof v === "object" && !Array.isArray(v) ? v : null; }
  function strings(v) {
    if (!Array.isArray(v)) return null;
    return v.filter(function (x) { return typeof x === "string"; });
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  var BY_KEY = {};
  FACTORS.forEach(function (f) { BY_KEY[f.key] = f; });
  function factor(key) { return BY_KEY[key]; }
  function stepPoints(key, value) {
    var steps = factor(key).steps;
    for (var i = 0; i < steps.length; i++) if (value >= steps[i].min) return steps[i].points;
    return 0;
  }

  /** The profile with every field of the right kind; what is missing or wrong is "not given". */
  function readProfile(p) {
    p = obj(p) || {};
    var visa = str(p.visa);
    var months = num(p.usce_months);
    var limit = num(p.limit);
    return {
      specialty: strings(p.specialty) || [],
      step2: num(p.step2),
      // Only an explicit false applies the gate: a profile that does not say is not penalised.
      first_attempt: p.first_attempt !== false,
      grad_year: num(p.grad_year),
      visa: visa === "j1" || visa === "h1b" || visa === "either" ? visa : "none",
      usce_months: months !== null && months > 0 ? months : 0,
      usce_kind: p.usce_kind === "observership" ? "observership" : "hands-on",
      states: strings(p.states) || [],
      types: strings(p.types) || [],
      limit: limit !== null && limit > 0 ? Math.floor(limit) : 0,
    };
  }

  /** The Step 2 CK scores of matched IMGs for `slug`, or null unless all three are numbers. */
  function reference(references, slug) {
    if (!references || slug === null || !has.call(references, slug)) return null;
    var r = obj(references[slug]);
    if (!r) return null;
    var ref = { p25: num(r.p25), median: num(r.median), p75: num(r.p75) };
    return ref.p25 === null || ref.median === null || ref.p75 === null ? null : ref;
  }

  /* ---- the gates: each returns { key, result, text } or null when it does not apply ---- */
  function gate(key, result, text) { return { key: key, result: result, text: text }; }

  function visaGate(p, r, profile, notes) {
    if (profile.visa === "none") return null;
    var visas = strings(p.visas);
    if (visas === null) return gate("visa", "unknown", "Visa sponsorship not published");
    var j1 = visas.indexOf("J-1") >= 0, h1b = visas.indexOf("H-1B") >= 0;
    var wantJ = profile.visa === "j1" || profile.visa === "either";
    var wantH = profile.visa === "h1b" || profile.visa === "either";
    var okJ = wantJ && j1, okH = wantH && h1b;
    // Step 3 matters only to an applicant who would take the H-1B this program offers.
    if (okH && r.step3_for_h1b === true) notes.push("H-1B sponsorship needs Step 3 passed");
    if (okJ && okH) return gate("visa", "pass", "Sponsors J-1 and H-1B");
    if (okJ) return gate("visa", "pass", "Sponsors J-1");
    if (okH) return gate("visa", "pass", "Sponsors H-1B");
    if (profile.visa === "either") return gate("visa", "out", "Sponsors neither J-1 nor H-1B");
    return gate("visa", "out", wantJ ? "Does not sponsor J-1" : "Does not sponsor H-1B");
  }

  function graduationGate(r, profile, year) {
    var n = num(r.yog_cutoff_years);
    if (n === null) return gate("graduation", "unknown", "Graduation cutoff not published");
    var last = "Takes graduates of the last " + plural(n, "year");
    if (profile.grad_year === null) {
      return gate("graduation", "unknown", last + "; you did not give your graduation year");
    }
    var y = year - profile.grad_year;
    if (y > n) return gate("graduation", "out", last + "; you graduated " + plural(y, "year") + " ago");
    return gate("graduation", "pass", "Your graduation is within its " + n + "-year cutoff");
  }

  function step2Gate(r, profile) {
    var min = num(r.min_step2_ck), s = profile.step2;
    if (min === null) return gate("step2", "unknown", "Step 2 CK minimum not published");
    if (s === null) {
      return gate("step2", "unknown", "Asks for Step 2 CK " + min + " or more; you have not taken it yet");
    }
    if (s < min) return gate("step2", "out", "Your " + s + " is below its " + min + " minimum");
    return gate("step2", "pass", "Your " + s + " meets its " + min + " minimum");
  }

  function attemptsGate(r, profile) {
    if (profile.first_attempt) return null;
    var only = bool(r.first_attempt_only);
    if (only === null) return gate("attempts", "unknown", "Whether it considers exam retakes is not published");
    return only ? gate("attempts", "out", "Takes first-attempt passes only")
      : gate("attempts", "pass", "Considers exam retakes");
  }

  function usceGate(r, profile) {
    var usce = str(r.usce), have = profile.usce_months;
    if (usce === "none") return gate("usce", "pass", "Does not ask for US clinical experience");
    if (usce === "preferred") return gate("usce", "pass", "Prefers US clinical experience");
    if (usce !== "required") return gate("usce", "unknown", "US clinical experience rule not published");
    if (have === 0) return gate("usce", "out", "Requires US clinical experience; you have none");
    if (profile.usce_kind === "observership") {
      var obs = bool(r.observership_as_usce);
      if (obs === false) {
        return gate("usce", "out", "Requires hands-on US clinical experience; observerships do not count");
      }
      if (obs === null) return gate("usce", "unknown", "Whether observerships count is not published");
    }
    var min = num(r.usce_min_months);
    if (min === null) {
      return gate("usce", "unknown", "Requires US clinical experience; the months needed are not published");
    }
    if (have < min) {
      return gate("usce", "out", "Requires " + plural(min, "month") + " of US clinical experience; you have " + have);
    }
    return gate("usce", "pass", "Your " + plural(have, "month") + (have === 1 ? " meets" : " meet") +
      " its " + min + "-month requirement");
  }

  /* ---- the factors: each returns { key, points, max, computed, text } ---- */
  function scored(key, points, text) {
    return { key: key, points: points, max: factor(key).max, computed: true, text: text };
  }
  function missing(key, text) {
    return { key: key, points: 0, max: factor(key).max, computed: false, text: text };
  }

  var PERCENTILE = { p75: "the 75th percentile", median: "the median" };
  function step2Factor(profile, ref) {
    var s = profile.step2;
    if (s === null) return missing("step2", "You have not given a Step 2 CK score");
    if (ref === null) return missing("step2", "No Step 2 CK scores of matched IMGs for this specialty");
    var steps = factor("step2").steps, mine = "Your " + s + " is ";
    for (var i = 0; i < steps.length; i++) {
      var at = steps[i].min;
      if (s < ref[at]) continue;
      if (at === "p25") {
        return scored("step2", steps[i].points, mine + "between the 25th percentile (" + ref.p25 +
          ") and the median (" + ref.median + ") of matched IMGs");
      }
      return scored("step2", steps[i].points, mine + "at or above " + PERCENTILE[at] + " of matched IMGs (" + ref[at] + ")");
    }
    return scored("step2", 0, mine + "below the 25th percentile of matched IMGs (" + ref.p25 + ")");
  }

  function marginFactor(r, profile) {
    var s = profile.step2, min = num(r.min_step2_ck);
    if (s === null) return missing("margin", "You have not given a Step 2 CK score");
    if (min === null) return missing("margin", "Step 2 CK minimum not published");
    var margin = s - min;
    // Below the minimum the Step 2 CK gate screens the program out; a margin means nothing there.
    if (margin < 0) return missing("margin", "Your " + s + " is below its " + min + " minimum");
    if (margin === 0) return scored("margin", stepPoints("margin", 0), "Your " + s + " meets its " + min + " minimum exactly");
    return scored("margin", stepPoints("margin", margin),
      "Your " + s + " is " + plural(margin, "point") + " above its " + min + " minimum");
  }

  function imgFactor(p) {
    var pct = num(p.pct_img);
    if (pct === null) return missing("img", "IMG share not published");
    // String() keeps the one decimal the data may have (41.7) and adds none (41).
    return scored("img", stepPoints("img", pct), String(pct) + "% of its residents are IMGs");
  }

  function sizeFactor(p) {
    var n = num(p.positions_pgy1);
    if (n === null || n < 1) return missing("size", "First-year positions not published");
    return scored("size", stepPoints("size", n), n + " first-year position" + (n === 1 ? "" : "s"));
  }

  function stateFactor(p, profile) {
    if (!profile.states.length) return missing("state", "You chose no states");
    var st = str(p.state);
    if (st === null) return missing("state", "State not published");
    if (profile.states.indexOf(st) >= 0) return scored("state", factor("state").max, "In " + st + ", a state you chose");
    return scored("state", 0, "In " + st + ", not a state you chose");
  }

  function typeFactor(p, profile) {
    if (!profile.types.length) return missing("type", "You chose no program types");
    var t = str(p.program_type);
    if (t === null || !has.call(TYPES, t)) return missing("type", "Program type not published");
    var label = TYPES[t], article = /^[aeio]/.test(label) ? "An " : "A ";
    if (profile.types.indexOf(t) >= 0) {
      return scored("type", factor("type").max, article + label + " program, a type you chose");
    }
    return scored("type", 0, article + label + " program, not a type you chose");
  }

  /** The tier for a share (0-1) of the available tier points; null for none available. */
  function tierFor(ratio) {
    if (ratio === null || typeof ratio !== "number" || ratio !== ratio) return "unrated";
    if (ratio >= THRESHOLDS.strong) return "strong";
    if (ratio >= THRESHOLDS.good) return "good";
    return "stretch";
  }

  /** The 2 or 3 reasons shown in the list: what decides this program's place for this applicant. */
  function reasonsOf(tier, visa, factors) {
    var out = [];
    if (visa !== null && visa.result === "pass") out.push(visa.text);
    // Factors a-c by their share of their maximum; insertion keeps a, b, c order among ties.
    var core = [], sign = tier === "stretch" ? 1 : -1;
    for (var i = 0; i < 3; i++) {
      var f = factors[i];
      if (!f.computed) continue;
      var j = core.length;
      while (j > 0 && sign * (f.points / f.max - core[j - 1].points / core[j - 1].max) < 0) j--;
      core.splice(j, 0, f);
    }
    for (i = 0; i < core.length; i++) out.push(core[i].text);
    for (i = 4; i < 6; i++) if (factors[i].computed && factors[i].points > 0) out.push(factors[i].text);
    return out.length > 3 ? out.slice(0, 3) : out;
  }

  /** One program judged against the profile; `refs` holds the reference of each specialty. */
  function judge(p, profile, year, refs) {
    var r = obj(p.requirements) || {};
    var notes = [], gates = [], out = [], unknowns = [];
    var visa = visaGate(p, r, profile, notes);
    var all = [visa, graduationGate(r, profile, year), step2Gate(r, profile), attemptsGate(r, profile), usceGate(r, profile)];
    for (var i = 0; i < all.length; i++) {
      var g = all[i];
      if (g === null) continue;
      gates.push(g);
      if (g.result === "out") out.push(g.text);
      else if (g.result === "unknown") unknowns.push(g.text);
    }
    var slug = str(p.specialty);
    // The order is FACTORS' order: reasonsOf() reads a-c as 0-2 and e-f as 4-5.
    var factors = [
      step2Factor(profile, slug !== null && slug in refs ? refs[slug] : null),
      marginFactor(r, profile),
      imgFactor(p),
      sizeFactor(p),
      stateFactor(p, profile),
      typeFactor(p, profile),
    ];
    var score = 0, earned = 0, available = 0;
    for (i = 0; i < factors.length; i++) {
      var f = factors[i];
      score += f.points;
      if (f.computed && FACTORS[i].tier) { earned += f.points; available += f.max; }
    }
    var tier = tierFor(available ? earned / available : null);
    return {
      program: p,
      status: out.length ? "screened-out" : unknowns.length ? "unconfirmed" : "eligible",
      tier: tier,
      score: score,
      gates: gates,
      factors: factors,
      reasons: reasonsOf(tier, visa, factors),
      unknowns: unknowns,
      out: out,
      notes: notes,
    };
  }

  function tierIndex(key) {
    for (var i = 0; i < TIERS.length; i++) if (TIERS[i].key === key) return i;
    return TIERS.length;
  }
  function idOf(r) {
    var id = r.program.acgme_id;
    return typeof id === "string" ? id : typeof id === "number" ? String(id) : "";
  }
  function byId(a, b) {
    var x = idOf(a), y = idOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // Within a tier, a program whose every requirement that matters is published comes before
  // one that might still screen the applicant out (a visa sponsorship not published, say).
  function byFit(a, b) {
    return tierIndex(a.tier) - tierIndex(b.tier) ||
      (a.status === "eligible" ? 0 : 1) - (b.status === "eligible" ? 0 : 1) || b.score - a.score || byId(a, b);
  }
  function byCloseness(a, b) { return a.out.length - b.out.length || byId(a, b); }

  function tierCounts(results) {
    var c = {};
    TIERS.forEach(function (t) { c[t.key] = 0; });
    results.forEach(function (r) { c[r.tier] += 1; });
    return c;
  }

  function names(slugs, given) {
    return slugs.map(function (s) {
      return given && has.call(given, s) && typeof given[s] === "string" ? given[s] : s.replace(/-/g, " ");
    });
  }
  function joined(words) {
    if (words.length < 2) return words.join("");
    return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  /** One sentence: what the tiers rest on for this profile. */
  function basisOf(profile, programs, options) {
    if (profile.step2 === null) {
      return "Tiers rest on each program's IMG share only: you have not given a Step 2 CK score.";
    }
    // The chosen specialties; when none is given, those of the programs ranked.
    var slugs = profile.specialty.slice();
    if (!slugs.length) {
      programs.forEach(function (p) {
        var s = str(p.specialty);
        if (s !== null && slugs.indexOf(s) < 0) slugs.push(s);
      });
    }
    var lacking = slugs.filter(function (s) { return reference(options.references, s) === null; });
    if (!lacking.length) {
      return "Tiers compare your Step 2 CK with the matched IMGs of each specialty and each program's minimum, " +
        "and weigh each program's IMG share.";
    }
    var what = "there are no Step 2 CK scores of matched IMGs for " + joined(names(lacking, options.names));
    if (lacking.length === slugs.length) {
      return "Tiers compare your Step 2 CK with each program's minimum and weigh each program's IMG share: " + what + ".";
    }
    return "Tiers compare your Step 2 CK with the matched IMGs of each specialty and each program's minimum, " +
      "and weigh each program's IMG share; " + what + ", so there only the minimum and the IMG share count.";
  }

  /** Judge and order `programs` for `profile`. See the top of this file. */
  function rank(programs, profile, options) {
    var prof = readProfile(profile);
    var opts = obj(options) || {};
    var year = num(opts.year);
    var o = {
      year: year !== null ? year : new Date().getFullYear(),
      references: obj(opts.references),
      names: obj(opts.names),
    };
    // Entries that are not objects are no program at all: there is nothing to show for them.
    var input = (Array.isArray(programs) ? programs : []).filter(function (p) { return obj(p) !== null; });
    // Each specialty's reference read once, not once per program.
    var refs = Object.create(null);
    input.forEach(function (p) {
      var slug = str(p.specialty);
      if (slug !== null && !has.call(refs, slug)) refs[slug] = reference(o.references, slug);
    });
    var kept = [], screened = [];
    for (var i = 0; i < input.length; i++) {
      var r = judge(input[i], prof, o.year, refs);
      (r.status === "screened-out" ? screened : kept).push(r);
    }
    kept.sort(byFit);
    screened.sort(byCloseness);
    var list = prof.limit ? kept.slice(0, prof.limit) : kept;
    var eligible = 0;
    kept.forEach(function (r) { if (r.status === "eligible") eligible += 1; });
    return {
      list: list,
      considered: kept.length,
      screened: screened,
      counts: {
        all: tierCounts(kept),
        listed: tierCounts(list),
        eligible: eligible,
        unconfirmed: kept.length - eligible,
        screened: screened.length,
      },
      basis: basisOf(prof, input, o),
    };
  }

  var api = {
    VERSION: VERSION,
    TIERS: TIERS,
    THRESHOLDS: THRESHOLDS,
    GATES: GATES,
    FACTORS: FACTORS,
    TYPES: TYPES,
    rank: rank,
    tierFor: tierFor,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.SmartPickMethod = api;
})(this);
