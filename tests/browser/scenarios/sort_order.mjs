// Sorting from the URL and from the column buttons: the order is the data's, unknown values last
// in both directions, and the sort is written to the URL.

import { PAGE, PAGE_SIZE, programs, visible, same } from "./programs_data.mjs";

function order(list, get, dir) {
  const known = list.filter((p) => get(p) != null);
  const unknown = list.filter((p) => get(p) == null);
  known.sort((a, b) => (get(a) < get(b) ? -dir : get(a) > get(b) ? dir : 0));
  return [...known, ...unknown].map((p) => p.acgme_id);
}

export default async ({ page, url, fail }) => {
  const all = programs();
  // The page's own order (state, then name) is the tie-breaker: take it from the page unsorted.
  await page.goto(`${url}${PAGE}?page=all`);
  const pageOrder = (await visible(page)).shown;
  const rank = new Map(pageOrder.map((id, i) => [id, i]));
  const byPage = [...all].sort((a, b) => rank.get(a.acgme_id) - rank.get(b.acgme_id));

  await page.goto(`${url}${PAGE}?sort=pct_img-desc&page=all`);
  let got = (await visible(page)).shown;
  let want = order(byPage, (p) => p.pct_img, -1);
  if (!same(got, want)) fail(`sort=pct_img-desc: the first rows are ${got.slice(0, 5)}, expected ${want.slice(0, 5)}`);
  const aria = await page.getAttribute('th[data-key="pct_img"]', "aria-sort");
  if (aria !== "descending") fail(`sort=pct_img-desc: the column's aria-sort is ${aria}`);

  await page.click('th[data-key="step2"] button');
  // A new sort starts at the first page of rows.
  if (!page.url().endsWith("?sort=step2-asc")) fail(`clicking Step 2 CK: the URL is ${page.url()}`);
  got = (await visible(page)).shown;
  want = order(byPage, (p) => p.requirements.min_step2_ck, 1).slice(0, PAGE_SIZE);
  if (!same(got, want)) fail(`step2 ascending: the first rows are ${got.slice(0, 5)}, expected ${want.slice(0, 5)}`);
  await page.click('th[data-key="step2"] button');
  if (!page.url().endsWith("?sort=step2-desc")) fail(`clicking Step 2 CK again: the URL is ${page.url()}`);
  got = (await visible(page)).shown;
  want = order(byPage, (p) => p.requirements.min_step2_ck, -1).slice(0, PAGE_SIZE);
  if (!same(got, want)) fail(`step2 descending: the first rows are ${got.slice(0, 5)}, expected ${want.slice(0, 5)}`);
  if (all.filter((p) => p.requirements.min_step2_ck == null).length === 0) fail("no unknown Step 2 CK minimum: unknowns-last is untested");

  // Sorting and filtering together.
  await page.goto(`${url}${PAGE}?visa=J-1&sort=name-asc&page=all`);
  got = (await visible(page)).shown;
  const j1 = byPage.filter((p) => p.visas == null || p.visas.includes("J-1"));
  want = order(j1, (p) => (p.sponsor || p.name).toLowerCase(), 1);
  if (!same(got, want)) fail(`visa=J-1&sort=name-asc: the first rows are ${got.slice(0, 5)}, expected ${want.slice(0, 5)}`);
};
