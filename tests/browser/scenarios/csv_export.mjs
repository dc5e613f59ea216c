// Download CSV: the rows shown, in their order, with a header row, quoted where needed.

import { readFile } from "node:fs/promises";
import { PAGE, expected, programs } from "./programs_data.mjs";

/** RFC 4180 rows. */
function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

export default async ({ page, url, fail }) => {
  const query = "state=NY,NJ,CA,TX&step2=240&sort=pct_img-desc";
  await page.goto(`${url}${PAGE}?${query}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-action="csv"]')]);
  if (download.suggestedFilename() !== "internal-medicine-programs.csv") fail(`the file is named ${download.suggestedFilename()}`);
  const text = await readFile(await download.path(), "utf8");
  const rows = parseCsv(text);
  const header = rows.shift();
  const want = ["acgme_id", "sponsor", "name", "city", "state", "program_type", "positions_pgy1", "salary_pgy1",
    "pct_img", "visas", "min_step2_ck", "yog_cutoff_years", "usce", "usce_min_months", "first_attempt_only", "url"];
  if (header.join() !== want.join()) fail(`the header is ${header.join()}`);
  // The CSV holds every matching row, of every page, in the table's order.
  const onPage = await page.evaluate(() => document.querySelectorAll("#programs-table tbody tr").length);
  await page.goto(`${url}${PAGE}?${query}&page=all`);
  const shown = await page.evaluate(() => [...document.querySelectorAll("#programs-table tbody tr")].map((r) => r.dataset.acgmeId));
  if (shown.length <= onPage) fail(`the query gives ${shown.length} rows, one page (${onPage}): the CSV's other pages are untested`);
  const ids = rows.map((r) => r[0]);
  if (ids.join() !== shown.join()) fail(`the CSV lists ${ids.length} programs, the page shows ${shown.length} (or in another order)`);
  if (ids.slice().sort().join() !== expected(query).shown.slice().sort().join()) fail("the CSV's programs are not those the data says");
  const data = new Map(programs().map((p) => [p.acgme_id, p]));
  const col = (name) => header.indexOf(name);
  for (const r of rows) {
    if (r.length !== header.length) fail(`row ${r[0]} has ${r.length} fields`);
    const p = data.get(r[0]);
    if (!p) { fail(`row ${r[0]} is not in the data`); continue; }
    const checks = [["sponsor", p.sponsor ?? ""], ["name", p.name], ["city", p.city], ["state", p.state],
      ["pct_img", p.pct_img == null ? "" : String(p.pct_img)],
      ["min_step2_ck", p.requirements.min_step2_ck == null ? "" : String(p.requirements.min_step2_ck)],
      ["visas", p.visas == null ? "" : p.visas.length ? p.visas.join(" ") : "none"]];
    for (const [name, value] of checks) {
      if (r[col(name)] !== value) fail(`${r[0]}: ${name} is "${r[col(name)]}", the data says "${value}"`);
    }
    if (!r[col("url")].startsWith(url)) fail(`${r[0]}: the url is ${r[col("url")]}`);
  }
  if (!rows.some((r) => r[col("pct_img")] === "")) fail("no row with an unknown IMG share: empty cells untested");
  // Quoting: a sponsor with a comma, a quote and a line break survives the round trip.
  const odd = 'Mercy, "North"\nCampus';
  const first = programs()[0];
  await page.route(`${url}${PAGE}`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(`>${first.sponsor}</a>`, `>${odd.replace(/"/g, "&quot;")}</a>`);
    await route.fulfill({ response, body: html });
  });
  await page.goto(`${url}${PAGE}`);
  const [again] = await Promise.all([page.waitForEvent("download"), page.click('[data-action="csv"]')]);
  const raw = await readFile(await again.path(), "utf8");
  if (!raw.includes('"Mercy, ""North""\nCampus"')) fail("the odd sponsor is not quoted as RFC 4180 says");
  const rows2 = parseCsv(raw);
  const odd2 = rows2.find((r) => r[0] === first.acgme_id);
  if (!odd2 || odd2[1] !== odd) fail(`the odd sponsor reads back as ${odd2 && JSON.stringify(odd2[1])}`);
  if (rows2.length !== programs().length + 1) fail(`the unfiltered download has ${rows2.length - 1} rows, expected ${programs().length}`);
  const tableRows = await page.evaluate(() => document.querySelectorAll("#programs-table tbody tr").length);
  if (tableRows >= programs().length) fail(`the table shows all ${tableRows} rows: the download of every page is untested`);
};
