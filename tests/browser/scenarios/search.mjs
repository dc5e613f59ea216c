// The search page on the Pagefind bundle the build writes to /pagefind/: a word from a guide's
// body finds the guide, a city finds its programs; the kind and state filters narrow the
// results; the query and filters round-trip through the URL; the header's box, the filters and
// the results work from the keyboard; the count is announced; the results fit a phone; without
// JavaScript the page says what search needs and links to the lists.

// A word of the J-1 vs H-1B guide's body (content/guides/visas/j1-vs-h1b.md), and the city of
// an internal medicine program (data/programs/internal-medicine.yaml).
const WORD = "hardship";
const GUIDE = "J-1 vs H-1B: Choosing a Visa for US Residency";
const CITY = "Tulsa";

/** The results shown: kind label, title, facts. */
async function shown(page) {
  return page.locator("#search-results > li").evaluateAll((items) =>
    items.map((li) => ({
      kind: li.querySelector(".search-result__kind").textContent,
      title: li.querySelector(".search-result__title").textContent,
      facts: (li.querySelector(".search-result__facts") || {}).textContent || "",
    })),
  );
}

/** Wait until the status says something for `q` and return it. */
async function settled(page, q) {
  await page.waitForFunction(
    (q) => /result/.test(document.getElementById("search-status").textContent) && document.getElementById("search-status").textContent.includes(q),
    q,
    { timeout: 10000 },
  );
  await page.waitForTimeout(100);
  return page.locator("#search-status").textContent();
}

export default async ({ browser, page, url, fail, open }) => {
  const bundle = await page.request.get(`${url}/pagefind/pagefind.js`);
  if (!bundle.ok()) {
    fail(
      `/pagefind/pagefind.js is missing (HTTP ${bundle.status()}): the build did not write the Pagefind bundle, ` +
        "so search cannot work. The search scenario needs the build's index (or a site indexed with " +
        "`npx pagefind@1.6.0 --site DIR`); it is never skipped.",
    );
    return;
  }

  // A word from a guide's body finds the guide, with its heading links.
  await page.goto(`${url}/search/?q=${WORD}`);
  let status = await settled(page, WORD);
  if (!/^\d+ results? for “hardship”$/.test(status)) fail(`status reads "${status}"`);
  const live = await page.locator("#search-status").getAttribute("role");
  if (live !== "status") fail(`the count is not in a live region (role=${live})`);
  if ((await page.locator("#search-q").inputValue()) !== WORD) fail("?q= did not fill the box");
  let results = await shown(page);
  const guide = results.find((r) => r.title === GUIDE);
  if (!guide) fail(`"${WORD}" does not find "${GUIDE}": ${JSON.stringify(results)}`);
  else if (guide.kind !== "Guide") fail(`"${GUIDE}" is marked ${guide.kind}`);
  if (!(await page.locator("#search-results mark").count())) fail("no excerpt marks the word found");
  if (await page.locator("#search-off").isVisible()) fail("the no-JavaScript note shows with JavaScript on");

  // A city finds its program, with place, sponsor and specialty.
  await page.goto(`${url}/search/?q=${CITY}`);
  await settled(page, CITY);
  results = await shown(page);
  const program = results.find((r) => r.kind === "Program" && r.facts.startsWith(`${CITY}, OK`) && r.facts.endsWith("Internal Medicine"));
  if (!program) fail(`"${CITY}" does not find the internal medicine program: ${JSON.stringify(results)}`);

  // Typing updates the URL (debounced); the kind filter narrows to programs; the state filter
  // narrows further; both are in the URL and come back from it.
  await page.goto(`${url}/search/`);
  await page.waitForSelector("#search-filter-kind");
  await page.locator("#search-q").fill("internal medicine");
  const all = await settled(page, "internal medicine");
  await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "internal medicine", null, { timeout: 3000 })
    .catch(() => fail(`typing did not write ?q= (${page.url()})`));
  // Guides and programs both match (the kind filter counts them).
  const guides = await page.locator('#search-filter-kind option[value="guide"]').textContent();
  if (!/\((?:[1-9]\d*)\)$/.test(guides)) fail(`"internal medicine" finds no guide: ${guides}`);
  await page.selectOption("#search-filter-kind", "program");
  const programs = await settled(page, "internal medicine");
  results = await shown(page);
  if (!results.length || results.some((r) => r.kind !== "Program")) fail(`kind=program shows ${JSON.stringify(results.map((r) => r.kind))}`);
  const count = (s) => parseInt(s, 10);
  if (!(count(programs) < count(all))) fail(`the kind filter does not narrow: ${all} -> ${programs}`);
  await page.selectOption("#search-filter-state", "OK");
  const inState = await settled(page, "internal medicine");
  results = await shown(page);
  if (!results.length || results.some((r) => !r.facts.includes(", OK"))) fail(`state=OK shows ${JSON.stringify(results.map((r) => r.facts))}`);
  if (!(count(inState) < count(programs))) fail(`the state filter does not narrow: ${programs} -> ${inState}`);
  const params = new URL(page.url()).searchParams;
  if (params.get("kind") !== "program" || params.get("state") !== "OK") fail(`the filters are not in the URL: ${page.url()}`);
  await page.goto(page.url());
  const again = await settled(page, "internal medicine");
  if (again !== inState) fail(`the linked search reads "${again}", not "${inState}"`);
  if ((await page.locator("#search-filter-state").inputValue()) !== "OK") fail("state=OK did not set the state filter");

  // More results: ten at a time, the button moves focus to the first one added.
  await page.goto(`${url}/search/?kind=program`);
  await settled(page, "filters");
  if ((await page.locator("#search-results > li").count()) !== 10) fail("the first page is not 10 results");
  await page.locator("#search-more").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("#search-results > li").length === 20, null, { timeout: 5000 })
    .catch(() => fail("More results did not add 10 results"));
  const focused = await page.evaluate(() => document.activeElement.closest("#search-results > li:nth-child(11)") !== null);
  if (!focused) fail("after More results, focus is not on the first result added");

  // Keyboard: Tab to the header's box, type, Enter goes to the search page with results; Tab
  // from the page's box reaches a result link.
  await page.goto(`${url}/`);
  let reached = false;
  for (let i = 0; i < 20 && !reached; i += 1) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement && document.activeElement.id === "site-search-q");
  }
  if (!reached) fail("Tab does not reach the header's search box");
  await page.keyboard.type(WORD);
  await Promise.all([page.waitForURL(/\/search\//), page.keyboard.press("Enter")]);
  await settled(page, WORD);
  await page.locator("#search-q").focus();
  let onResult = false;
  for (let i = 0; i < 15 && !onResult; i += 1) {
    await page.keyboard.press("Tab");
    onResult = await page.evaluate(() => !!document.activeElement.closest("#search-results a"));
  }
  if (!onResult) fail("Tab from the search box does not reach a result link");

  // A phone: results fit the width.
  const phone = await open(390, "light");
  await phone.page.goto(`${url}/search/?q=${WORD}`);
  await settled(phone.page, WORD);
  const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (wide > 0) fail(`at 390 px with results the page is ${wide} px wider than the window`);
  for (const e of phone.errors) fail(`script error at 390 px: ${e}`);
  await phone.context.close();

  // Without JavaScript: the page says what it needs and links to the lists.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const off = await plain.newPage();
  await off.goto(`${url}/search/?q=${WORD}`);
  const note = await off.locator("#search-off").textContent();
  if (!/needs JavaScript and a web server/.test(note)) fail(`without JavaScript the page says: ${note}`);
  for (const text of ["All guides", "Guides by tag", "The program directory"]) {
    if (!(await off.getByRole("link", { name: text }).count())) fail(`without JavaScript, no link "${text}"`);
  }
  await plain.close();
};
