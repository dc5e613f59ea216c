// The Smart Pick method (themes/default/static/smart-pick-method.js), tested in node with its
// own test runner: `node --test tests/browser/smart-pick/` (cargo test runs it too, see
// tests/testsuite/smart_pick_method.rs). Fixtures are written here, one field changed at a time
// from a program that passes every gate, so each test says which value it is about.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const M = require("../../../themes/default/static/smart-pick-method.js");

const YEAR = 2026;
const REFS = { "internal-medicine": { p25: 232, median: 240, p75: 250 } };

/** A program that publishes everything and passes every gate of `profile()`. */
function program(over = {}, req = {}) {
  return {
    specialty: "internal-medicine",
    acgme_id: "1400000001",
    name: "Internal Medicine Residency",
    sponsor: "Example Hospital",
    city: "Albany",
    state: "NY",
    program_type: "community",
    positions_pgy1: 12,
    pct_img: 40,
    visas: ["J-1", "H-1B"],
    url: "https://example.org/programs/internal-medicine/example-1400000001/",
    ...over,
    requirements: {
      min_step2_ck: 220,
      first_attempt_only: false,
      yog_cutoff_years: 5,
      usce: "preferred",
      usce_min_months: null,
      observership_as_usce: true,
      step3_for_h1b: false,
      ...req,
    },
  };
}

function profile(over = {}) {
  return {
    specialty: ["internal-medicine"],
    step2: 240,
    first_attempt: true,
    grad_year: 2023,
    visa: "none",
    usce_months: 6,
    usce_kind: "hands-on",
    states: [],
    types: [],
    limit: 0,
    ...over,
  };
}

function rank(programs, prof = {}, opts = {}) {
  return M.rank(programs, profile(prof), { year: YEAR, references: REFS, ...opts });
}
/** The one result for one program, wherever it landed. */
function one(over, req, prof, opts) {
  const r = rank([program(over, req)], prof, opts);
  assert.equal(r.list.length + r.screened.length, 1, "one program in, one result out");
  return r.list[0] || r.screened[0];
}
const gateOf = (res, key) => res.gates.find((g) => g.key === key);
const factorOf = (res, key) => res.factors.find((f) => f.key === key);
function gate(key, over, req, prof) {
  return gateOf(one(over, req, prof), key);
}
const ids = (results) => results.map((r) => r.program.acgme_id);

test("exports the method's numbers", () => {
  assert.equal(M.VERSION, 1);
  assert.deepEqual(M.TIERS, [
    { key: "strong", label: "Strong fit" },
    { key: "good", label: "Good fit" },
    { key: "stretch", label: "Stretch" },
    { key: "unrated", label: "Not enough data" },
  ]);
  assert.deepEqual(M.THRESHOLDS, { strong: 0.6, good: 0.35 });
  assert.deepEqual(M.FACTORS.map((f) => [f.key, f.max, f.tier]), [
    ["step2", 30, true], ["margin", 20, true], ["img", 25, true],
    ["size", 10, false], ["state", 10, false], ["type", 5, false],
  ]);
  assert.equal(M.FACTORS.reduce((s, f) => s + f.max, 0), 100);
  // The steps the page prints are the ones the method scores with (see the factor tests).
  assert.deepEqual(M.FACTORS.slice(0, 4).map((f) => f.steps.map((x) => [x.min, x.points])), [
    [["p75", 30], ["median", 22], ["p25", 12]],
    [[15, 20], [5, 12], [0, 4]],
    [[50, 25], [35, 20], [15, 10]],
    [[20, 10], [10, 6], [1, 2]],
  ]);
  assert.deepEqual(M.GATES.map((g) => g.key), ["visa", "graduation", "step2", "attempts", "usce"]);
});

test("visa gate: not applied without a visa need", () => {
  assert.equal(gate("visa", { visas: [] }, {}, { visa: "none" }), undefined);
  assert.equal(one({ visas: [] }, {}, { visa: "none" }).status, "eligible");
});

test("visa gate: J-1 and H-1B, pass, out, unknown", () => {
  const cases = [
    ["j1", ["J-1"], "pass", "Sponsors J-1"],
    ["j1", ["H-1B"], "out", "Does not sponsor J-1"],
    ["j1", [], "out", "Does not sponsor J-1"],
    ["h1b", ["H-1B"], "pass", "Sponsors H-1B"],
    ["h1b", ["J-1", "F-1"], "out", "Does not sponsor H-1B"],
    ["either", ["J-1", "H-1B"], "pass", "Sponsors J-1 and H-1B"],
    ["either", ["J-1"], "pass", "Sponsors J-1"],
    ["either", ["H-1B"], "pass", "Sponsors H-1B"],
    ["either", ["F-1"], "out", "Sponsors neither J-1 nor H-1B"],
    ["either", null, "unknown", "Visa sponsorship not published"],
    ["j1", null, "unknown", "Visa sponsorship not published"],
  ];
  for (const [visa, visas, result, text] of cases) {
    assert.deepEqual(gate("visa", { visas }, {}, { visa }), { key: "visa", result, text }, `${visa} ${visas}`);
  }
});

test("visa gate: Step 3 note only when the H-1B is what passes", () => {
  const notes = (visa, visas) => one({ visas }, { step3_for_h1b: true }, { visa }).notes;
  const note = ["H-1B sponsorship needs Step 3 passed"];
  assert.deepEqual(notes("h1b", ["H-1B"]), note);
  assert.deepEqual(notes("either", ["H-1B"]), note);
  assert.deepEqual(notes("either", ["J-1", "H-1B"]), note);
  assert.deepEqual(notes("either", ["J-1"]), []);
  assert.deepEqual(notes("j1", ["J-1", "H-1B"]), []);
  assert.deepEqual(notes("h1b", ["J-1"]), []);
  assert.deepEqual(one({ visas: ["H-1B"] }, { step3_for_h1b: false }, { visa: "h1b" }).notes, []);
});

test("graduation gate: pass at the cutoff, out past it, unknown, singular years", () => {
  assert.deepEqual(gate("graduation", {}, { yog_cutoff_years: 5 }, { grad_year: 2021 }),
    { key: "graduation", result: "pass", text: "Your graduation is within its 5-year cutoff" });
  assert.deepEqual(gate("graduation", {}, { yog_cutoff_years: 5 }, { grad_year: 2020 }),
    { key: "graduation", result: "out", text: "Takes graduates of the last 5 years; you graduated 6 years ago" });
  assert.deepEqual(gate("graduation", {}, { yog_cutoff_years: null }),
    { key: "graduation", result: "unknown", text: "Graduation cutoff not published" });
  assert.deepEqual(gate("graduation", {}, { yog_cutoff_years: 3 }, { grad_year: null }),
    { key: "graduation", result: "unknown", text: "Takes graduates of the last 3 years; you did not give your graduation year" });
  assert.equal(gate("graduation", {}, { yog_cutoff_years: 1 }, { grad_year: 2024 }).text,
    "Takes graduates of the last 1 year; you graduated 2 years ago");
  assert.equal(gate("graduation", {}, { yog_cutoff_years: 0 }, { grad_year: 2025 }).text,
    "Takes graduates of the last 0 years; you graduated 1 year ago");
  assert.equal(gate("graduation", {}, { yog_cutoff_years: 1 }, { grad_year: 2025 }).result, "pass");
});

test("Step 2 CK gate: pass at the minimum, out below, unknown", () => {
  assert.deepEqual(gate("step2", {}, { min_step2_ck: 220 }, { step2: 220 }),
    { key: "step2", result: "pass", text: "Your 220 meets its 220 minimum" });
  assert.deepEqual(gate("step2", {}, { min_step2_ck: 220 }, { step2: 219 }),
    { key: "step2", result: "out", text: "Your 219 is below its 220 minimum" });
  assert.deepEqual(gate("step2", {}, { min_step2_ck: null }),
    { key: "step2", result: "unknown", text: "Step 2 CK minimum not published" });
  assert.deepEqual(gate("step2", {}, { min_step2_ck: 225 }, { step2: null }),
    { key: "step2", result: "unknown", text: "Asks for Step 2 CK 225 or more; you have not taken it yet" });
});

test("attempts gate: skipped for first-attempt passes, else pass, out, unknown", () => {
  assert.equal(gate("attempts", {}, { first_attempt_only: true }, { first_attempt: true }), undefined);
  assert.equal(one({}, { first_attempt_only: true }, { first_attempt: true }).status, "eligible");
  const g = (only) => gate("attempts", {}, { first_attempt_only: only }, { first_attempt: false });
  assert.deepEqual(g(true), { key: "attempts", result: "out", text: "Takes first-attempt passes only" });
  assert.deepEqual(g(false), { key: "attempts", result: "pass", text: "Considers exam retakes" });
  assert.deepEqual(g(null), { key: "attempts", result: "unknown", text: "Whether it considers exam retakes is not published" });
});

test("USCE gate: every branch", () => {
  const g = (req, prof) => {
    const x = gate("usce", {}, req, prof);
    return [x.result, x.text];
  };
  const req = (over) => ({ usce: "required", usce_min_months: 3, observership_as_usce: true, ...over });
  assert.deepEqual(g({ usce: null }), ["unknown", "US clinical experience rule not published"]);
  assert.equal(g({ usce: "none" })[0], "pass");
  assert.deepEqual(g({ usce: "preferred" }, { usce_months: 0 }), ["pass", "Prefers US clinical experience"]);
  assert.deepEqual(g(req(), { usce_months: 0 }), ["out", "Requires US clinical experience; you have none"]);
  const obs = { usce_kind: "observership", usce_months: 6 };
  assert.deepEqual(g(req({ observership_as_usce: false }), obs),
    ["out", "Requires hands-on US clinical experience; observerships do not count"]);
  assert.deepEqual(g(req({ observership_as_usce: null }), obs), ["unknown", "Whether observerships count is not published"]);
  assert.deepEqual(g(req({ observership_as_usce: true }), obs), ["pass", "Your 6 months meet its 3-month requirement"]);
  // Hands-on experience does not care whether observerships count.
  assert.equal(g(req({ observership_as_usce: false }), { usce_months: 6 })[0], "pass");
  assert.equal(g(req({ observership_as_usce: null }), { usce_months: 6 })[0], "pass");
  assert.deepEqual(g(req({ usce_min_months: null }), { usce_months: 6 }),
    ["unknown", "Requires US clinical experience; the months needed are not published"]);
  assert.deepEqual(g(req({ usce_min_months: 3 }), { usce_months: 2 }),
    ["out", "Requires 3 months of US clinical experience; you have 2"]);
  assert.deepEqual(g(req({ usce_min_months: 3 }), { usce_months: 3 }), ["pass", "Your 3 months meet its 3-month requirement"]);
  assert.deepEqual(g(req({ usce_min_months: 1 }), { usce_months: 1 }), ["pass", "Your 1 month meets its 1-month requirement"]);
  assert.deepEqual(g(req({ usce_min_months: 1 }), { usce_months: 0 })[0], "out");
  assert.deepEqual(g(req({ usce_min_months: 2 }), { usce_months: 1 }),
    ["out", "Requires 2 months of US clinical experience; you have 1"]);
});

test("status: any out screens out, else any unknown is unconfirmed, else eligible", () => {
  assert.equal(one().status, "eligible");
  assert.equal(one({}, { yog_cutoff_years: null }).status, "unconfirmed");
  assert.equal(one({}, { yog_cutoff_years: null }, { step2: 200 }).status, "screened-out");
  const r = one({ visas: [] }, { usce: null, yog_cutoff_years: 1 }, { visa: "j1" });
  assert.equal(r.status, "screened-out");
  assert.deepEqual(r.out, ["Does not sponsor J-1", "Takes graduates of the last 1 year; you graduated 3 years ago"]);
  assert.deepEqual(r.unknowns, ["US clinical experience rule not published"]);
});

test("factor a: Step 2 CK against matched IMGs at p25, median and p75 exactly", () => {
  const a = (step2) => factorOf(one({}, { min_step2_ck: 200 }, { step2 }), "step2");
  assert.deepEqual(a(250), { key: "step2", points: 30, max: 30, computed: true,
    text: "Your 250 is at or above the 75th percentile of matched IMGs (250)" });
  assert.equal(a(249).points, 22);
  assert.deepEqual([a(240).points, a(240).text], [22, "Your 240 is at or above the median of matched IMGs (240)"]);
  assert.equal(a(239).points, 12);
  assert.deepEqual([a(232).points, a(232).text],
    [12, "Your 232 is between the 25th percentile (232) and the median (240) of matched IMGs"]);
  assert.deepEqual([a(231).points, a(231).text, a(231).computed],
    [0, "Your 231 is below the 25th percentile of matched IMGs (232)", true]);
  const noScore = factorOf(one({}, {}, { step2: null }), "step2");
  assert.deepEqual([noScore.computed, noScore.points], [false, 0]);
  const noRef = factorOf(one({ specialty: "pathology" }), "step2");
  assert.deepEqual([noRef.computed, noRef.points], [false, 0]);
  const partRef = factorOf(one({}, {}, {}, { references: { "internal-medicine": { p25: 232, median: 240 } } }), "step2");
  assert.equal(partRef.computed, false);
});

test("factor b: margin over the minimum at 0, 4, 5, 14, 15", () => {
  const b = (step2) => factorOf(one({}, { min_step2_ck: 220 }, { step2 }), "margin");
  assert.deepEqual(b(220), { key: "margin", points: 4, max: 20, computed: true, text: "Your 220 meets its 220 minimum exactly" });
  assert.deepEqual([b(224).points, b(224).text], [4, "Your 224 is 4 points above its 220 minimum"]);
  assert.equal(b(221).text, "Your 221 is 1 point above its 220 minimum");
  assert.equal(b(225).points, 12);
  assert.equal(b(234).points, 12);
  assert.equal(b(235).points, 20);
  assert.deepEqual([b(219).computed, b(219).points], [false, 0]);
  assert.equal(factorOf(one({}, { min_step2_ck: null }), "margin").computed, false);
  assert.equal(factorOf(one({}, {}, { step2: null }), "margin").computed, false);
});

test("factor c: IMG share at 14.9, 15, 35, 50, decimals kept", () => {
  const c = (pct_img) => factorOf(one({ pct_img }), "img");
  assert.deepEqual(c(14.9), { key: "img", points: 0, max: 25, computed: true, text: "14.9% of its residents are IMGs" });
  assert.equal(c(15).points, 10);
  assert.equal(c(34.9).points, 10);
  assert.equal(c(35).points, 20);
  assert.equal(c(49.9).points, 20);
  assert.equal(c(50).points, 25);
  assert.equal(c(41).text, "41% of its residents are IMGs");
  assert.equal(c(41.7).text, "41.7% of its residents are IMGs");
  assert.deepEqual([c(null).computed, c(null).points], [false, 0]);
});

test("factor d: size at 9, 10, 20 positions, singular for 1", () => {
  const d = (positions_pgy1) => factorOf(one({ positions_pgy1 }), "size");
  assert.deepEqual(d(9), { key: "size", points: 2, max: 10, computed: true, text: "9 first-year positions" });
  assert.equal(d(10).points, 6);
  assert.equal(d(19).points, 6);
  assert.deepEqual([d(20).points, d(24).text], [10, "24 first-year positions"]);
  assert.deepEqual([d(1).points, d(1).text], [2, "1 first-year position"]);
  assert.equal(d(0).computed, false);
  assert.equal(d(null).computed, false);
});

test("factors e and f: chosen states and program types", () => {
  const e = (state, states) => factorOf(one({ state }, {}, { states }), "state");
  assert.equal(e("NY", []).computed, false);
  assert.deepEqual(e("NY", ["NJ", "NY"]), { key: "state", points: 10, max: 10, computed: true, text: "In NY, a state you chose" });
  assert.deepEqual([e("TX", ["NY"]).points, e("TX", ["NY"]).computed], [0, true]);
  const f = (program_type, types) => factorOf(one({ program_type }, {}, { types }), "type");
  assert.equal(f("community", []).computed, false);
  assert.deepEqual(f("community", ["community"]),
    { key: "type", points: 5, max: 5, computed: true, text: "A community program, a type you chose" });
  assert.equal(f("community-university", ["community-university"]).text,
    "A community, university-affiliated program, a type you chose");
  assert.equal(f("university", ["university"]).text, "A university program, a type you chose");
  assert.equal(f("military", ["military"]).text, "A military program, a type you chose");
  assert.equal(f("other", ["other"]).text, "An other program, a type you chose");
  assert.deepEqual([f("university", ["community"]).points, f("university", ["community"]).computed], [0, true]);
  assert.equal(f(null, ["community"]).computed, false);
});

test("score is the sum of every factor's points", () => {
  // a 22 (240 at the median), b 20 (margin 20), c 20 (40%), d 6 (12), e 10, f 5.
  const r = one({}, { min_step2_ck: 220 }, { step2: 240, states: ["NY"], types: ["community"] });
  assert.deepEqual(r.factors.map((f) => f.points), [22, 20, 20, 6, 10, 5]);
  assert.equal(r.score, 83);
  assert.equal(one({ pct_img: null, positions_pgy1: null }, { min_step2_ck: null }, { step2: null }).score, 0);
});

test("tiers: thresholds exactly, and only factors a to c count", () => {
  // Only the margin computed: 12 of 20 is exactly 0.6; 4 of 20 is 0.2.
  const onlyMargin = (step2) =>
    one({ specialty: "pathology", pct_img: null }, { min_step2_ck: 220 }, { step2, states: ["NY"], types: ["community"] });
  assert.equal(onlyMargin(225).tier, "strong");
  assert.equal(onlyMargin(224).tier, "stretch");
  // The points reachable from a, b and c never make exactly 0.35 (available: 20, 25, 30 ... 75),
  // so that boundary is checked on the function the method uses.
  assert.equal(M.tierFor(0.6), "strong");
  assert.equal(M.tierFor(0.5999), "good");
  assert.equal(M.tierFor(0.35), "good");
  assert.equal(M.tierFor(0.3499), "stretch");
  assert.equal(M.tierFor(0), "stretch");
  assert.equal(M.tierFor(null), "unrated");
  // IMG share only: 10 of 25 = 0.4 good; 0 of 25 stretch; 20 of 25 strong.
  const imgOnly = (pct_img) => one({ pct_img }, {}, { step2: null }).tier;
  assert.deepEqual([imgOnly(15), imgOnly(10), imgOnly(35)], ["good", "stretch", "strong"]);
  // a 0 + b 20 + c 25 = 45 of 75: exactly 0.6.
  assert.equal(one({ pct_img: 50 }, { min_step2_ck: 200 }, { step2: 231 }).tier, "strong");
  // a 0 + b 20 + c 20 = 40 of 75 = 0.53: good.
  assert.equal(one({ pct_img: 49 }, { min_step2_ck: 200 }, { step2: 231 }).tier, "good");
  // Size, state and type do not lift the tier: 0 of 25 with 25 points elsewhere.
  const r = one({ pct_img: 0, positions_pgy1: 30 }, {}, { step2: null, states: ["NY"], types: ["community"] });
  assert.deepEqual([r.tier, r.score], ["stretch", 25]);
});

test("unrated: none of a, b, c computed", () => {
  const r = one({ pct_img: null, positions_pgy1: 30 }, { min_step2_ck: null }, { step2: null, states: ["NY"], visa: "j1" });
  assert.equal(r.tier, "unrated");
  assert.equal(r.score, 20);
  assert.deepEqual(r.reasons, ["Sponsors J-1", "In NY, a state you chose"]);
});

test("reasons: visa first, best factors first for strong, weakest first for stretch, at most 3", () => {
  // a 30 (1.0), b 4 (0.2), c 20 (0.8): strong.
  const strong = one({ pct_img: 40 }, { min_step2_ck: 250 }, { step2: 250, visa: "j1", states: ["NY"] });
  assert.equal(strong.tier, "strong");
  assert.deepEqual(strong.reasons, [
    "Sponsors J-1",
    "Your 250 is at or above the 75th percentile of matched IMGs (250)",
    "40% of its residents are IMGs",
  ]);
  // Without a visa need: a, c, b, then the state is the fourth and is cut.
  assert.deepEqual(one({ pct_img: 40 }, { min_step2_ck: 250 }, { step2: 250, states: ["NY"] }).reasons, [
    "Your 250 is at or above the 75th percentile of matched IMGs (250)",
    "40% of its residents are IMGs",
    "Your 250 meets its 250 minimum exactly",
  ]);
  // a 0 (0), b 4 (0.2), c 10 (0.4): stretch, weakest first.
  const stretch = one({ pct_img: 20 }, { min_step2_ck: 200 }, { step2: 200, visa: "j1" });
  assert.equal(stretch.tier, "stretch");
  assert.deepEqual(stretch.reasons, [
    "Sponsors J-1",
    "Your 200 is below the 25th percentile of matched IMGs (232)",
    "Your 200 meets its 200 minimum exactly",
  ]);
  // Ties keep a, b, c order: a 12/30 = 0.4 and c 10/25 = 0.4, b 20/20.
  const ties = one({ pct_img: 15 }, { min_step2_ck: 200 }, { step2: 232 });
  assert.equal(ties.tier, "good");
  assert.deepEqual(ties.reasons, [
    "Your 232 is 32 points above its 200 minimum",
    "Your 232 is between the 25th percentile (232) and the median (240) of matched IMGs",
    "15% of its residents are IMGs",
  ]);
  // State and type come after a to c, and only when earned.
  const few = one({ pct_img: 60, state: "TX" }, { min_step2_ck: null }, { step2: null, states: ["TX"], types: ["university"] });
  assert.deepEqual(few.reasons, ["60% of its residents are IMGs", "In TX, a state you chose"]);
  // A visa gate that is not a pass gives no reason.
  assert.deepEqual(one({ visas: null, pct_img: 60 }, {}, { step2: null, visa: "j1" }).reasons,
    ["60% of its residents are IMGs"]);
});

test("ordering: tier, then eligible before unconfirmed, then score, then ACGME ID", () => {
  // No reference for pathology; 225 against a 220 minimum: b 12 of 20 for each.
  const p = (id, over, req) => program({ specialty: "pathology", acgme_id: id, ...over }, req);
  const programs = [
    p("9", { pct_img: 10 }), // 12 of 45: stretch, 12 + 0 + 6
    p("8", { pct_img: null }, { min_step2_ck: null }), // nothing to rate: unrated, 6
    p("7", { pct_img: 60, positions_pgy1: 30 }), // strong, 12 + 25 + 10
    p("6", { pct_img: 60 }), // strong, 12 + 25 + 6
    p("5", { pct_img: 60 }, { yog_cutoff_years: null }), // the same, unconfirmed
    p("4", { pct_img: 60 }), // the same as 6
    p("3", { pct_img: 20 }), // 22 of 45: good, 12 + 10 + 6
  ];
  const r = rank(programs, { step2: 225 });
  assert.deepEqual(ids(r.list), ["7", "4", "6", "5", "3", "9", "8"]);
  assert.deepEqual(r.list.map((x) => x.tier), ["strong", "strong", "strong", "strong", "good", "stretch", "unrated"]);
  assert.deepEqual(r.list.map((x) => x.score), [47, 43, 43, 43, 28, 18, 6]);
  assert.deepEqual(r.list.map((x) => x.status),
    ["eligible", "eligible", "eligible", "unconfirmed", "eligible", "eligible", "unconfirmed"]);
  // Any input order gives the same output order.
  const reversed = rank([...programs].reverse(), { step2: 225 });
  assert.deepEqual(ids(reversed.list), ids(r.list));
  // IDs compare as strings: "10" before "9".
  assert.deepEqual(ids(rank([program({ acgme_id: "9" }), program({ acgme_id: "10" })]).list), ["10", "9"]);
  // In a tier, an eligible program comes before an unconfirmed one with a higher score.
  const s = rank([p("1", { pct_img: 60 }), p("2", { pct_img: 60, positions_pgy1: 30 }, { usce: null })], { step2: 225 });
  assert.deepEqual(ids(s.list), ["1", "2"]);
  assert.deepEqual(s.list.map((x) => x.score), [43, 47]);
});

test("limit cuts the list, 0 lists all; counts cover both", () => {
  const programs = [1, 2, 3, 4, 5].map((i) => program({ specialty: "pathology", acgme_id: String(i), pct_img: i * 10 }));
  programs.push(program({ acgme_id: "6", visas: [] }));
  const two = rank(programs, { step2: 225, limit: 2, visa: "j1" });
  assert.deepEqual(ids(two.list), ["5", "4"]);
  assert.equal(two.considered, 5);
  assert.deepEqual(two.counts, {
    all: { strong: 2, good: 2, stretch: 1, unrated: 0 },
    listed: { strong: 2, good: 0, stretch: 0, unrated: 0 },
    eligible: 5,
    unconfirmed: 0,
    screened: 1,
  });
  assert.deepEqual(ids(two.screened), ["6"]);
  const all = rank(programs, { step2: 225, limit: 0, visa: "j1" });
  // 20% and 30% both earn 10 points: the same score, so ID order.
  assert.deepEqual(ids(all.list), ["5", "4", "2", "3", "1"]);
  assert.deepEqual(all.counts.listed, all.counts.all);
  assert.equal(rank(programs, { step2: 225, limit: 99 }).list.length, 6);
});

test("screened-out: fewest out gates first, then ACGME ID", () => {
  const r = rank([
    program({ acgme_id: "1", visas: [] }, { first_attempt_only: true, yog_cutoff_years: 1 }),
    program({ acgme_id: "2", visas: [] }),
    program({ acgme_id: "3" }, { yog_cutoff_years: 1, first_attempt_only: true }),
    program({ acgme_id: "0", visas: [] }, { yog_cutoff_years: 1 }),
    program({ acgme_id: "4" }, { first_attempt_only: null }),
  ], { visa: "j1", first_attempt: false });
  assert.deepEqual(ids(r.screened), ["2", "0", "3", "1"]);
  assert.deepEqual(r.screened.map((x) => x.out.length), [1, 2, 2, 3]);
  assert.deepEqual(ids(r.list), ["4"]);
  assert.deepEqual(r.counts.screened, 4);
  assert.equal(r.counts.unconfirmed, 1);
});

test("basis: with references, without a score, and naming the specialties without one", () => {
  const full = "Tiers compare your Step 2 CK with the matched IMGs of each specialty and each program's minimum, " +
    "and weigh each program's IMG share.";
  assert.equal(rank([program()]).basis, full);
  assert.equal(rank([program()], { step2: null }).basis,
    "Tiers rest on each program's IMG share only: you have not given a Step 2 CK score.");
  assert.equal(rank([program()], { specialty: ["internal-medicine", "family-medicine"] }).basis,
    full.slice(0, -1) + "; there are no Step 2 CK scores of matched IMGs for family medicine, " +
    "so there only the minimum and the IMG share count.");
  assert.equal(rank([program()], { specialty: ["family-medicine", "pediatrics"] }).basis,
    "Tiers compare your Step 2 CK with each program's minimum and weigh each program's IMG share: " +
    "there are no Step 2 CK scores of matched IMGs for family medicine and pediatrics.");
  assert.match(rank([program()], { specialty: ["family-medicine"] }, { names: { "family-medicine": "Family Medicine" } }).basis,
    /for Family Medicine\.$/);
  // No specialty chosen: the programs' own.
  assert.equal(rank([program({ specialty: "pathology" })], { specialty: [] }).basis.endsWith("for pathology."), true);
});

test("junk input never throws and counts as not published", () => {
  const junk = [
    null, 7, "x", [],
    { acgme_id: 5, pct_img: "41", positions_pgy1: "20", visas: "J-1", requirements: "none", state: 3 },
    { requirements: { min_step2_ck: "220", yog_cutoff_years: NaN, usce: 3, usce_min_months: "2", first_attempt_only: "no" } },
    { acgme_id: "1", specialty: "constructor", program_type: "hospital", pct_img: Infinity },
    { acgme_id: "2", specialty: "__proto__", requirements: null, visas: [null, 3, "J-1"] },
  ];
  const profiles = [null, undefined, "x", {}, { step2: "240", visa: "J1", states: "NY", types: null, limit: "5", usce_months: -3, grad_year: "2019" },
    profile({ visa: "j1", first_attempt: false, usce_kind: "observership", states: ["NY"], types: ["community"] })];
  for (const p of profiles) {
    for (const o of [null, undefined, 3, {}, { year: "2026", references: "x" }, { year: YEAR, references: { "internal-medicine": null } }]) {
      assert.doesNotThrow(() => M.rank(junk, p, o));
    }
  }
  assert.doesNotThrow(() => M.rank(null, null, null));
  assert.deepEqual(M.rank(undefined).list, []);
  const r = M.rank(junk, profile({ visa: "j1", first_attempt: false, states: ["NY"] }), { year: YEAR, references: REFS });
  assert.equal(r.list.length + r.screened.length, 4, "the four objects are judged, the rest is no program");
  const five = [...r.list, ...r.screened].find((x) => x.program.acgme_id === 5);
  assert.deepEqual(five.factors.map((f) => f.computed), [false, false, false, false, false, false]);
  assert.deepEqual(five.unknowns, [
    "Visa sponsorship not published",
    "Graduation cutoff not published",
    "Step 2 CK minimum not published",
    "Whether it considers exam retakes is not published",
    "US clinical experience rule not published",
  ]);
  assert.equal(five.tier, "unrated");
  const strings = M.rank([program()], { step2: "240", visa: "J1", limit: "5" }, { year: YEAR, references: REFS });
  assert.equal(strings.list[0].factors[0].computed, false, "a score given as a string is not a score");
  assert.equal(strings.list[0].gates.some((g) => g.key === "visa"), false);
});

test("a realistic case: internal medicine, 228, a retake, 2019 graduate, J-1, 4 months hands-on, the Northeast", () => {
  const prof = {
    specialty: ["internal-medicine"], step2: 228, first_attempt: false, grad_year: 2019, visa: "j1",
    usce_months: 4, usce_kind: "hands-on", states: ["NY", "NJ", "PA", "MA", "CT"], types: [], limit: 0,
  };
  const refs = { "internal-medicine": { p25: 226, median: 235, p75: 244 } };
  const p = (id, over, req) => program({ acgme_id: id, ...over }, {
    min_step2_ck: 215, first_attempt_only: false, yog_cutoff_years: 10, usce: "required", usce_min_months: 3,
    observership_as_usce: false, step3_for_h1b: true, ...req,
  });
  const programs = [
    // Brooklyn community program, many IMGs, 28 positions: a 12, b 12, c 25, d 10, e 10 = 69.
    p("1403521001", { state: "NY", pct_img: 82, positions_pgy1: 28 }),
    // Newark, fewer IMGs, min 225: a 12, b 4, c 20, d 6, e 10 = 52; 36/75 = 0.48 good.
    p("1403321002", { state: "NJ", pct_img: 38.5, positions_pgy1: 14 }, { min_step2_ck: 225 }),
    // Pittsburgh university program, 10% IMGs: a 12, b 12, c 0, d 10, e 10 = 44; 24/75 = 0.32 stretch.
    p("1404121003", { state: "PA", pct_img: 10, positions_pgy1: 40, program_type: "university" }),
    // Chicago, cutoff not published: a 12, b 20, c 25, d 6 = 63; 57/75 strong, unconfirmed.
    p("1401621004", { state: "IL", pct_img: 71.2, positions_pgy1: 18 }, { min_step2_ck: 210, yog_cutoff_years: null }),
    // Boston, H-1B only: screened out.
    p("1402421005", { state: "MA", visas: ["H-1B"], pct_img: 45 }),
    // Hartford, 5-year cutoff and first attempt only: screened out twice.
    p("1400821006", { state: "CT", pct_img: 55 }, { yog_cutoff_years: 5, first_attempt_only: true }),
    // Philadelphia, min 230: screened out by the score.
    p("1404121007", { state: "PA", pct_img: 30 }, { min_step2_ck: 230 }),
  ];
  const r = M.rank(programs, prof, { year: 2026, references: refs });
  assert.deepEqual(ids(r.list), ["1403521001", "1401621004", "1403321002", "1404121003"]);
  assert.deepEqual(r.list.map((x) => [x.tier, x.score, x.status]), [
    ["strong", 69, "eligible"], ["strong", 63, "unconfirmed"], ["good", 52, "eligible"], ["stretch", 44, "eligible"],
  ]);
  assert.deepEqual(r.list[0].reasons, [
    "Sponsors J-1",
    "82% of its residents are IMGs",
    "Your 228 is 13 points above its 215 minimum",
  ]);
  assert.deepEqual(r.list[0].notes, [], "a J-1 applicant is not told about the H-1B's Step 3");
  assert.deepEqual(r.list[1].unknowns, ["Graduation cutoff not published"]);
  assert.deepEqual(r.list[3].reasons, [
    "Sponsors J-1",
    "10% of its residents are IMGs",
    "Your 228 is between the 25th percentile (226) and the median (235) of matched IMGs",
  ]);
  assert.deepEqual(r.list[0].gates.map((g) => [g.key, g.result]), [
    ["visa", "pass"], ["graduation", "pass"], ["step2", "pass"], ["attempts", "pass"], ["usce", "pass"],
  ]);
  assert.equal(r.list[0].gates[4].text, "Your 4 months meet its 3-month requirement");
  assert.deepEqual(ids(r.screened), ["1402421005", "1404121007", "1400821006"]);
  assert.deepEqual(r.screened.map((x) => x.out), [
    ["Does not sponsor J-1"],
    ["Your 228 is below its 230 minimum"],
    ["Takes graduates of the last 5 years; you graduated 7 years ago", "Takes first-attempt passes only"],
  ]);
  assert.deepEqual(r.counts, {
    all: { strong: 2, good: 1, stretch: 1, unrated: 0 },
    listed: { strong: 2, good: 1, stretch: 1, unrated: 0 },
    eligible: 3, unconfirmed: 1, screened: 3,
  });
  assert.equal(r.considered, 4);
});
