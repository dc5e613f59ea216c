// What a reader downloads for a search (issue 15's budget: 150 KB). Not part of `cargo test`.
// Build a big site, then run this with the output folder and the queries:
//
//   cargo run --release --example gen_site -- --guides 10000 --programs 13000 --out /tmp/sb
//   cargo run --release -- build --root /tmp/sb/matchpress --output /tmp/sb/public
//   node tests/browser/bench-search.mjs /tmp/sb/public houston "visa interview"
//
// Runs the theme's own engine (search-engine.js) in node, reading the index from disk, and
// counts every file it asks for: index.json, the meta file, the term shards of the words, the
// filter lists, and the document files of the first ten results (what the search page shows
// first). Sizes are the files as written and as gzip sends them (what a static host that
// compresses JSON serves).

import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const engine = require(join(here, "../../themes/default/static/search-engine.js"));
const [root, ...queries] = process.argv.slice(2);
if (!root || queries.length === 0) {
  console.error("usage: node bench-search.mjs OUTPUT_FOLDER QUERY...");
  process.exit(2);
}
const FIRST = 10;

console.log("| query | results | files | raw | gzipped | time |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const query of queries) {
  const fetched = new Map();
  const fetchJson = (url) => {
    if (!fetched.has(url)) {
      const bytes = readFileSync(join(root, "search-index", url));
      fetched.set(url, { raw: bytes.length, gzipped: gzipSync(bytes, { level: 6 }).length });
    }
    return Promise.resolve(JSON.parse(readFileSync(join(root, "search-index", url), "utf8")));
  };
  const search = engine.open("", fetchJson);
  const started = performance.now();
  const { results } = await search.search(query, {});
  await Promise.all(results.slice(0, FIRST).map((r) => search.doc(r.doc)));
  const took = performance.now() - started;
  let raw = 0;
  let gzipped = 0;
  for (const size of fetched.values()) {
    raw += size.raw;
    gzipped += size.gzipped;
  }
  const kb = (n) => `${Math.round(n / 1024)} KB`;
  console.log(
    `| ${query} | ${results.length.toLocaleString("en")} | ${fetched.size} | ${kb(raw)} | ${kb(gzipped)} | ${Math.round(took)} ms |`,
  );
}
