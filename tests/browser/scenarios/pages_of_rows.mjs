// The table holds one page of the matching rows at a time (what keeps filtering and sorting fast
// at 2,000 programs): the pager goes through them in the table's order, by mouse and keyboard,
// with the page in the URL; "Show all" shows every row; without JavaScript the whole table shows.

import { PAGE, PAGE_SIZE, programs, expected, visible, same } from "./programs_data.mjs";

async function pager(page) {
  return page.evaluate(() => {
    const nav = document.querySelector(".rows-pager");
    const a = (go) => nav.querySelector(`[data-go="${go}"]`);
    return {
      hidden: nav.hidden,
      where: nav.querySelector(".rows-pager__where").textContent,
      prev: a("prev").getAttribute("href"),
      prevDisabled: a("prev").getAttribute("aria-disabled"),
      next: a("next").getAttribute("href"),
      all: a("all").textContent,
      size: document.getElementById("programs-table").getAttribute("data-page-size"),
    };
  });
}

const search = (page) => decodeURIComponent(new URL(page.url()).search);

export default async ({ browser, page, url, fail, open }) => {
  const total = programs().length;
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages < 3) fail(`${total} programs make ${pages} pages: the pager is barely tested`);
  await page.goto(`${url}${PAGE}?page=all`);
  const every = (await visible(page)).shown;
  if (every.length !== total) fail(`page=all shows ${every.length} rows of ${total}`);

  // The first page: its rows, its count, a pager with no "Previous".
  await page.goto(`${url}${PAGE}`);
  let got = await visible(page);
  let p = await pager(page);
  if (p.size !== String(PAGE_SIZE)) fail(`the table's page size is ${p.size}, the tests expect ${PAGE_SIZE}`);
  if (!same(got.shown, every.slice(0, PAGE_SIZE))) fail(`the first page shows ${got.shown.length} rows, not the first ${PAGE_SIZE} of the table`);
  if (got.count !== `${total} of ${total} programs match. Rows 1\u2013${PAGE_SIZE} below.`) fail(`the count says "${got.count}"`);
  if (p.hidden || p.where !== `Rows 1\u2013${PAGE_SIZE} of ${total} (page 1 of ${pages})`) fail(`the pager says "${p.where}" (hidden: ${p.hidden})`);
  if (p.prev !== null || p.prevDisabled !== "true") fail(`"Previous" on the first page links to ${p.prev}`);
  if (!p.next || !p.next.endsWith("?page=2")) fail(`"Next" links to ${p.next}`);

  // Next, by mouse: the second page, in the URL, and focus on the table.
  await page.click('.rows-pager [data-go="next"]');
  if (search(page) !== "?page=2") fail(`after Next the query is ${search(page)}`);
  got = await visible(page);
  if (!same(got.shown, every.slice(PAGE_SIZE, 2 * PAGE_SIZE))) fail("the second page does not show the table's rows 21 to 40");
  if (!got.count.endsWith(`Rows ${PAGE_SIZE + 1}\u2013${2 * PAGE_SIZE} below.`)) fail(`on page 2 the count says "${got.count}"`);
  const focused = await page.evaluate(() => document.activeElement.matches(".table-scroll") && document.activeElement.contains(document.getElementById("programs-table")));
  if (!focused) fail("after Next, focus is not on the table");

  // Next, by keyboard: Tab to it, Enter.
  let reached = false;
  for (let i = 0; i < 300 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement.matches('.rows-pager [data-go="next"]'));
  }
  if (!reached) fail("Tab never reaches Next");
  await page.keyboard.press("Enter");
  if (search(page) !== "?page=3") fail(`Enter on Next: the query is ${search(page)}`);
  if (!same((await visible(page)).shown, every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE))) fail("the third page does not show rows 41 to 60");

  // Back and Forward go through the pages.
  await page.goBack();
  if (search(page) !== "?page=2" || !same((await visible(page)).shown, every.slice(PAGE_SIZE, 2 * PAGE_SIZE))) fail(`Back: ${search(page)} and not page 2's rows`);
  await page.goBack();
  if (search(page) !== "" || !same((await visible(page)).shown, every.slice(0, PAGE_SIZE))) fail(`Back again: ${search(page)} and not page 1's rows`);
  await page.goForward();
  if (!same((await visible(page)).shown, every.slice(PAGE_SIZE, 2 * PAGE_SIZE))) fail("Forward does not restore page 2");

  // A page past the end shows the last one; "Next" is then disabled.
  await page.goto(`${url}${PAGE}?page=99`);
  got = await visible(page);
  p = await pager(page);
  if (!same(got.shown, every.slice((pages - 1) * PAGE_SIZE))) fail(`page=99 shows ${got.shown.length} rows, not the last page`);
  if (p.next !== null) fail(`"Next" on the last page links to ${p.next}`);

  // A filter (or a sort) starts again at the first page, and drops page= from the URL.
  await page.goto(`${url}${PAGE}?page=2`);
  await page.check('input[name=visa][value="J-1"]');
  if (search(page) !== "?visa=J-1") fail(`a filter on page 2 gives the query ${search(page)}`);
  got = await visible(page);
  const j1 = new Set(expected("visa=J-1").shown);
  if (!same(got.shown, every.filter((id) => j1.has(id)).slice(0, PAGE_SIZE))) fail("after a filter on page 2 the table does not show the first page of its rows");

  // Show all, and back to pages.
  await page.goto(`${url}${PAGE}`);
  await page.click('.rows-pager [data-go="all"]');
  if (search(page) !== "?page=all" || (await visible(page)).shown.length !== total) fail(`Show all: ${search(page)}, not every row`);
  p = await pager(page);
  if (p.all !== `${PAGE_SIZE} rows a page` || p.next !== null) fail(`with every row shown the pager offers "${p.all}" and Next ${p.next}`);
  await page.click('.rows-pager [data-go="all"]');
  if (search(page) !== "" || (await visible(page)).shown.length !== PAGE_SIZE) fail(`back to pages: ${search(page)}`);

  // Few enough rows for one page: no pager.
  await page.goto(`${url}${PAGE}?state=NY`);
  got = await visible(page);
  if (got.shown.length > PAGE_SIZE) fail("state=NY should fit one page for this check");
  if (!(await pager(page)).hidden) fail("the pager shows for a single page of rows");

  // Programs picked to compare stay picked on other pages.
  await page.goto(`${url}${PAGE}`);
  await page.check(`tr[data-acgme-id="${every[0]}"] .cmp input`);
  await page.click('.rows-pager [data-go="next"]');
  await page.check(`tr[data-acgme-id="${every[PAGE_SIZE]}"] .cmp input`);
  if ((await page.textContent('[data-action="compare"]')) !== "Compare 2 programs") fail("a pick on page 1 is lost on page 2");
  await page.click('[data-action="compare"]');
  const heads = await page.locator("dialog.compare thead th").count();
  if (heads !== 3) fail(`the compare view has ${heads - 1} programs picked on two pages, expected 2`);
  await page.keyboard.press("Escape");
  await page.click('.rows-pager [data-go="prev"]');
  if (!(await page.isChecked(`tr[data-acgme-id="${every[0]}"] .cmp input`))) fail("back on page 1 the pick is unchecked");

  // At 390 px the pager fits the phone.
  const phone = await open(390, "dark");
  await phone.page.goto(`${url}${PAGE}?page=2`);
  const wide = await phone.page.evaluate(() => {
    const nav = document.querySelector(".rows-pager").getBoundingClientRect();
    return { right: nav.right, page: document.documentElement.scrollWidth };
  });
  if (wide.right > 390 || wide.page > 390) fail(`at 390 px the pager ends at ${wide.right} px, the page is ${wide.page} px wide`);
  await phone.context.close();

  // Without JavaScript, the complete table.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const bare = await plain.newPage();
  await bare.goto(`${url}${PAGE}`);
  const rows = await bare.locator("#programs-table tbody tr").count();
  if (rows !== total) fail(`without JavaScript the table has ${rows} rows of ${total}`);
  await plain.close();
};
