// Benchmark of a specialty page's filters and sort on a big generated site (issue 13, part 5).
// Not part of `cargo test`. Generate and build the site, then run this:
//
//   cargo run --release --example gen_site -- --guides 100 --programs 13000 --out /tmp/bench-site
//   cargo run --release -- build --root /tmp/bench-site/matchpress --output /tmp/bench-site/public
//   node tests/browser/bench.mjs /tmp/bench-site/public
//
// Opens the specialty page with the most programs in Chromium and times, with performance.now()
// in the page, each action from the event to the end of the layout it causes (a forced reflow):
// a filter combination, a sort, clearing both, and going to the next page of rows. Prints the median and the worst of 10 runs.

import { readdirSync, statSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const root = process.argv[2] || "/tmp/bench-site/public";
const RUNS = 10;

// The biggest specialty page.
let best = null;
for (const slug of readdirSync(join(root, "programs"))) {
  const file = join(root, "programs", slug, "index.html");
  try {
    const rows = (readFileSync(file, "utf8").match(/<tr data-acgme-id=/g) || []).length;
    if (!best || rows > best.rows) best = { slug, rows, bytes: statSync(file).size };
  } catch {}
}
if (!best) throw new Error(`no specialty page under ${root}/programs`);

const server = createServer((req, res) => {
  let path = join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  try {
    if (statSync(path).isDirectory()) path = join(path, "index.html");
    const type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css" : "text/html";
    res.writeHead(200, { "content-type": type }).end(readFileSync(path));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const width = Number(process.env.WIDTH || 1280);
const page = await browser.newPage({ viewport: { width, height: 900 } });
const loadStart = Date.now();
await page.goto(`${base}/programs/${best.slug}/`, { waitUntil: "load" });
const loadMs = Date.now() - loadStart;

// The two states with the most programs, read from the page as served (the script shows one page).
const counts = {};
for (const [, st] of readFileSync(join(root, "programs", best.slug, "index.html"), "utf8").matchAll(/<tr data-acgme-id="[^"]*" data-state="([A-Z]{2})"/g)) {
  counts[st] = (counts[st] || 0) + 1;
}
const states = Object.keys(counts).sort((a, b) => counts[b] - counts[a]).slice(0, 2);

const figures = await page.evaluate(([runs, states]) => {
  // The reader looks at the table: its first rows are in view (rows out of view can cost less).
  document.querySelector(".table-scroll").scrollIntoView({ block: "start" });
  const form = document.querySelector("form.filters");
  const el = (s) => form.querySelector(s);
  const fire = (input) => input.dispatchEvent(new Event("change", { bubbles: true }));
  const time = (fn) => {
    const t0 = performance.now();
    fn();
    void document.body.offsetHeight; // the layout the change causes
    return performance.now() - t0;
  };
  // Two of the most common states, J-1, Step 2 CK 232, 4 years since graduation, 3 months USCE.

  const filter = () => {
    states.forEach((s) => { el(`input[name=state][value="${s}"]`).checked = true; });
    el('input[name=visa][value="J-1"]').checked = true;
    el("#f-step2").value = "232";
    el("#f-yog").value = "4";
    el("#f-usce").value = "3";
    fire(el("#f-usce"));
  };
  const sortButton = document.querySelector('th[data-key="pct_img"] button');
  const next = () => document.querySelector('.rows-pager [data-go="next"]').click();
  const out = { filter: [], sort: [], both: [], clear: [], next_page: [] };
  for (let i = 0; i < runs; i++) {
    out.filter.push(time(filter));
    out.sort.push(time(() => sortButton.click()));
    out.clear.push(time(() => form.querySelector("button[type=reset]").click()));
    out.next_page.push(time(next));
    out.both.push(time(() => { filter(); sortButton.click(); }));
    form.querySelector("button[type=reset]").click();
  }
  const count = () => document.querySelector(".filters__count").textContent;
  const shown = count();
  filter();
  const filtered = count();
  const rows = document.querySelectorAll("#programs-table tbody tr").length;
  return { out, states, shown, filtered, rows };
}, [RUNS, states]);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2; };
console.log(`${best.slug}: ${best.rows} programs, ${(best.bytes / 1024).toFixed(0)} KiB page, loaded in ${loadMs} ms`);
console.log(`unfiltered: "${figures.shown}"`);
console.log(`filter: ${figures.states.join("+")}, J-1, Step 2 CK 232, 4 years, 3 months USCE: "${figures.filtered}" (${figures.rows} rows in the table)`);
for (const [name, xs] of Object.entries(figures.out)) {
  console.log(`${name.padEnd(7)} median ${median(xs).toFixed(1)} ms, worst ${Math.max(...xs).toFixed(1)} ms (${RUNS} runs)`);
}
await browser.close();
server.close();
