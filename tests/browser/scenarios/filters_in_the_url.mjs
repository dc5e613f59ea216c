// Each filter of the URL contract, loaded from a query: the form shows it and the rows shown are
// those the data file says; changing a filter in the form changes the URL.

import { PAGE, PAGE_SIZE, expected, visible, same, sorted, programs, firstPageOf } from "./programs_data.mjs";

const CASES = [
  // query, how the form shows it
  ["state=NY,NJ", (p) => p.evaluate(() => [...document.querySelectorAll('input[name=state]:checked')].map((b) => b.value).sort().join(",") === "NJ,NY")],
  ["visa=H-1B", (p) => p.evaluate(() => document.querySelector('input[name=visa][value="H-1B"]').checked && !document.querySelector('input[name=visa][value="J-1"]').checked)],
  ["visa=J-1,H-1B", (p) => p.evaluate(() => document.querySelectorAll('input[name=visa]:checked').length === 2)],
  ["type=university", (p) => p.evaluate(() => [...document.querySelectorAll('input[name=type]:checked')].map((b) => b.value).join() === "university")],
  ["step2=225", (p) => p.evaluate(() => document.getElementById("f-step2").value === "225")],
  ["yog=5", (p) => p.evaluate(() => document.getElementById("f-yog").value === "5")],
  ["usce=3", (p) => p.evaluate(() => document.getElementById("f-usce").value === "3")],
  ["first_attempt=0", (p) => p.evaluate(() => !document.querySelector("input[name=first_attempt]").checked)],
  ["img_min=31", (p) => p.evaluate(() => document.getElementById("f-img_min").value === "31")],
  ["step2=225&unknown=hide", (p) => p.evaluate(() => document.querySelector("input[name=unknown]").checked)],
  ["state=NY,NJ&visa=J-1&step2=232&yog=4&usce=3&first_attempt=0&img_min=30", async () => true],
  ["state=NY,NJ&visa=J-1&step2=232&yog=4&usce=3&unknown=hide", async () => true],
];

export default async ({ page, url, fail }) => {
  const all = programs().length;
  for (const [query, formShows] of CASES) {
    await page.goto(`${url}${PAGE}?${query}&page=all`);
    const want = expected(query);
    const got = await visible(page);
    if (!(await formShows(page))) fail(`?${query}: the form does not show the query`);
    if (!same(sorted(got.shown), sorted(want.shown))) {
      fail(`?${query}: shows ${got.shown.length} rows, the data says ${want.shown.length}`);
    }
    if (!same(sorted(got.unknown), sorted(want.unknown))) {
      fail(`?${query}: ${got.unknown.length} rows marked "not published", the data says ${want.unknown.length}`);
    }
    if (!got.count.startsWith(`${want.shown.length} of ${all} programs match`)) {
      fail(`?${query}: the count says "${got.count}", expected ${want.shown.length} of ${all}`);
    }
    // A filter that excludes nothing would not test anything.
    if (!query.includes("&") && want.shown.length === all) fail(`?${query}: the case excludes no program`);
  }
  // The numeric cases sit on a published value, so "at most" and "at least" are tested at the edge.
  const on = (get, v) => programs().some((p) => get(p) === v);
  if (!on((p) => p.requirements.min_step2_ck, 225)) fail("no program asks for exactly 225: the step2 edge is untested");
  if (!on((p) => p.requirements.yog_cutoff_years, 5)) fail("no program has a 5-year cutoff: the yog edge is untested");
  if (!on((p) => (p.requirements.usce === "required" ? p.requirements.usce_min_months : null), 3)) fail("no program requires exactly 3 months: the usce edge is untested");
  if (!on((p) => p.pct_img, 31)) fail("no program has exactly 31% IMGs: the img_min edge is untested");
  // Unknown filters are shown for a single filter and hidden by the switch.
  const shownUnknown = expected("step2=225").unknown.length;
  if (shownUnknown === 0) fail("step2=225 has no program without a published minimum: the case tests nothing");

  // Unknown parameters and unreadable values are ignored (and kept).
  await page.goto(`${url}${PAGE}?utm_source=x&step2=abc&state=zz9&sort=bogus-asc&page=x`);
  const plain = await visible(page);
  if (!plain.count.startsWith(`${all} of ${all} programs match`) || plain.shown.length !== PAGE_SIZE) {
    fail(`unknown parameters changed the table: ${plain.shown.length} rows, "${plain.count}"`);
  }

  // Changing filters in the form writes the URL.
  await page.goto(`${url}${PAGE}?utm_source=x`);
  await page.fill("#f-step2", "232");
  await page.press("#f-step2", "Enter");
  await page.check('input[name=visa][value="J-1"]');
  await page.locator("summary").first().click();
  await page.check('input[name=state][value="NY"]');
  await page.check('input[name=state][value="NJ"]');
  await page.uncheck("input[name=first_attempt]");
  const search = new URL(page.url()).search;
  const want = "?state=NJ,NY&visa=J-1&step2=232&first_attempt=0&utm_source=x"; // the page writes states in alphabetical order
  if (decodeURIComponent(search) !== want) fail(`after changing the form the query is ${search}, expected ${want}`);
  const got = await visible(page);
  const exp = expected(want.slice(1));
  if (!firstPageOf(got, exp.shown, all)) fail(`the form's filters show ${got.shown.length} rows ("${got.count}"), the data says ${exp.shown.length}`);
  await page.check("input[name=unknown]");
  if (!page.url().includes("unknown=hide")) fail(`the switch for unknowns is not in the URL: ${page.url()}`);
  const hidden = await visible(page);
  if (hidden.unknown.length !== 0 || !firstPageOf(hidden, expected("state=NY,NJ&visa=J-1&step2=232&first_attempt=0&unknown=hide").shown, all)) {
    fail(`with unknowns hidden, ${hidden.shown.length} rows show, ${hidden.unknown.length} marked not published`);
  }
  // Clear filters empties the query of filters.
  await page.click("button[type=reset]");
  if (new URL(page.url()).search !== "?utm_source=x") fail(`after Clear filters the query is ${new URL(page.url()).search}`);
  const cleared = await visible(page);
  if (!firstPageOf(cleared, programs().map((p) => p.acgme_id), all)) fail(`Clear filters does not show every program: "${cleared.count}"`);
};
