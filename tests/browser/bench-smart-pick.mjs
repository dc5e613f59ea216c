// Benchmark of the Smart Pick method's rank() in Chromium on 2,500 programs (issue 14).
// Not part of `cargo test`. Generate and build a big site, then run this:
//
//   cargo run --release --example gen_site -- --guides 10 --programs 13000 --out /tmp/sp-bench
//   cargo run --release -- build --root /tmp/sp-bench/matchpress --output /tmp/sp-bench/public
//   node tests/browser/bench-smart-pick.mjs /tmp/sp-bench/public
//
// Takes the two specialties with the most programs from /programs/<slug>.json, adds each
// program's `specialty` as the page does, keeps the first 2,500, and times rank() for one
// applicant with performance.now() in the page. The first run is cold (nothing compiled yet),
// which is what an applicant's first click costs; it counts among the 20.

import { readdirSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const here = dirname(fileURLToPath(import.meta.url));
const method = readFileSync(join(here, "../../themes/default/static/smart-pick-method.js"), "utf8");
const root = process.argv[2] || "/tmp/sp-bench/public";
const RUNS = 20;
const COUNT = 2500;

const specialties = readdirSync(join(root, "programs"))
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(root, "programs", f), "utf8")))
  .sort((a, b) => b.count - a.count)
  .slice(0, 2);
const programs = specialties
  .flatMap((d) => d.programs.map((p) => ({ ...p, specialty: d.specialty.slug })))
  .slice(0, COUNT);
if (programs.length < COUNT) throw new Error(`only ${programs.length} programs in the two biggest specialties of ${root}`);
const slugs = specialties.map((d) => d.specialty.slug);

// The brief's applicant, in the two specialties; reference scores made up for the benchmark.
const profile = {
  specialty: slugs, step2: 228, first_attempt: false, grad_year: 2019, visa: "j1",
  usce_months: 4, usce_kind: "hands-on", states: ["NY", "NJ", "PA", "MA", "CT"], types: [], limit: 50,
};
const references = Object.fromEntries(slugs.map((s, i) => [s, { p25: 222 + i * 4, median: 231 + i * 4, p75: 240 + i * 4 }]));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
await page.setContent("<!doctype html><title>bench</title>");
await page.addScriptTag({ content: method });
const figures = await page.evaluate(([programs, profile, options, runs]) => {
  const times = [];
  let last = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = window.SmartPickMethod.rank(programs, profile, options);
    times.push(performance.now() - t0);
  }
  return { times, considered: last.considered, screened: last.counts.screened, counts: last.counts.all };
}, [programs, profile, { year: 2026, references }, RUNS]);
await browser.close();

const { times } = figures;
const sorted = [...times].sort((a, b) => a - b);
const median = (sorted[(RUNS - 1) >> 1] + sorted[RUNS >> 1]) / 2;
console.log(`${programs.length} programs (${slugs.join(" + ")}), ${figures.considered} considered, ${figures.screened} screened out, tiers ${JSON.stringify(figures.counts)}`);
console.log(`rank(): median ${median.toFixed(1)} ms, worst ${Math.max(...times).toFixed(1)} ms, first (cold) ${times[0].toFixed(1)} ms (${RUNS} runs)`);
