// The search page on the index the build writes to /search-index/ (read by search-engine.js):
// a word from a guide's body finds the guide, with links to the sections that hold it; a city
// finds its programs; the kind and state filters narrow the results; the query and filters
// round-trip through the URL; the box, the results and "More results" work from the keyboard;
// the count is announced; the results fit a phone; without the index or without JavaScript the
// page says what search needs and links to the lists.

// A word of the J-1 vs H-1B guide's body, not of its title or description
// (content/guides/visas/j1-vs-h1b.md), and the city of an internal medicine program
// (data/programs/internal-medicine.yaml).
const WORD = "hardship";
const GUIDE = "J-1 vs H-1B: choosing a visa for US residency";
const CITY = "Kalamazoo";
const IM_NAME = "Internal Medicine Residency Program";
// A word of the ERAS guide's description, which is its excerpt.
const IN_EXCERPT = "signals";

/** The results shown: kind label, title, its href, facts, marked words, section links. */
async function shown(page) {
  return page.locator("#search-results > li").evaluateAll((items) =>
    items.map((li) => ({
      kind: li.querySelector(".search-result__kind").textContent,
      title: li.querySelector(".search-result__title").textContent,
      href: li.querySelector(".search-result__title a").href,
      // As read aloud: the dots are hidden, the commas are not.
      facts: [...((li.querySelector(".search-result__facts") || {}).childNodes || [])]
        .map((n) => (n.nodeType === 3 ? n.textContent : n.matches(".visually-hidden") ? n.textContent : n.firstChild.textContent))
        .join(""),
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
      subs: [...li.querySelectorAll(".search-result__subs a")].map((a) => ({ text: a.textContent, href: a.href })),
    })),
  );
}

/** Wait until the status says something for `q` (other than `before`) and return it. */
async function settled(page, q, before) {
  await page.waitForFunction(
    ([q, before]) => {
      const s = document.getElementById("search-status").textContent;
      return /result/.test(s) && s.includes(q) && s !== before;
    },
    [q, before],
    { timeout: 10000 },
  );
  await page.waitForTimeout(100);
  return page.locator("#search-status").textContent();
}

/** Whether `href` answers 200. */
async function answers(page, href) {
  const response = await page.request.get(href.split("#")[0]);
  return response.status() === 200;
}

export default async ({ browser, page, url, fail, open }) => {
  const index = await page.request.get(`${url}/search-index/index.json`);
  if (!index.ok()) {
    fail(
      `/search-index/index.json is missing (HTTP ${index.status()}): the build did not write the ` +
        "search index, so search cannot work. The search scenario needs it; it is never skipped.",
    );
    return;
  }

  // ?q= fills the box and searches; a word from a guide's body finds the guide, marked Guide,
  // with links to the sections that hold the word; the count is announced.
  await page.goto(`${url}/search/?q=${WORD}`);
  const status = await settled(page, WORD);
  if (!/^\d+ results? for “hardship”$/.test(status)) fail(`status reads "${status}"`);
  const live = await page.locator("#search-status").getAttribute("role");
  if (live !== "status") fail(`the count is not in a live region (role=${live})`);
  if ((await page.locator("#search-q").inputValue()) !== WORD) fail("?q= did not fill the box");
  if (await page.locator("#search-off").isVisible()) fail("the no-JavaScript note shows with JavaScript on");
  let results = await shown(page);
  const guide = results.find((r) => r.title === GUIDE);
  if (!guide) fail(`"${WORD}" does not find "${GUIDE}": ${JSON.stringify(results)}`);
  else {
    if (guide.kind !== "Guide") fail(`"${GUIDE}" is marked ${guide.kind}`);
    if (!/\/guides\/visas\/j1-vs-h1b\/index\.html$/.test(guide.href)) fail(`"${GUIDE}" links to ${guide.href}`);
    if (!(await answers(page, guide.href))) fail(`${guide.href} does not answer`);
    if (!guide.subs.length || guide.subs.length > 3) fail(`"${GUIDE}" shows ${guide.subs.length} section links`);
    for (const sub of guide.subs) {
      const id = sub.href.split("#")[1];
      if (!id || !sub.href.startsWith(guide.href)) fail(`section link ${sub.href} is not a part of ${guide.href}`);
      const target = await page.request.get(sub.href.split("#")[0]);
      if (!(await target.text()).includes(`id="${id}"`)) fail(`section link ${sub.href}: no element with that id`);
    }
  }

  // The words searched for are marked in an excerpt, as text.
  await page.goto(`${url}/search/?q=${IN_EXCERPT}`);
  await settled(page, IN_EXCERPT);
  results = await shown(page);
  if (!results.some((r) => r.marks.some((m) => m.toLowerCase() === IN_EXCERPT))) {
    fail(`"${IN_EXCERPT}" is not marked in any excerpt: ${JSON.stringify(results.map((r) => r.marks))}`);
  }

  // A city finds its program: the sponsor as the link, then its name, place and specialty.
  await page.goto(`${url}/search/?q=${CITY}`);
  await settled(page, CITY);
  results = await shown(page);
  const program = results.find((r) => r.kind === "Program" && r.facts === `${IM_NAME}, ${CITY}, MI, Internal Medicine`);
  if (!program) fail(`"${CITY}" does not find the internal medicine program: ${JSON.stringify(results)}`);
  else if (!/\/programs\/internal-medicine\/[^/]+\/index\.html$/.test(program.href) || !(await answers(page, program.href))) {
    fail(`the program links to ${program.href}`);
  }

  // Typing updates the URL (debounced); the kind filter (Guides, Programs, Pages) narrows to
  // programs; the state filter narrows further; both are in the URL and come back from it.
  await page.goto(`${url}/search/`);
  await page.waitForSelector("#search-filter-kind");
  const kinds = await page.locator("#search-filter-kind option").allTextContents();
  if (kinds.join("|") !== "Everything|Guides|Programs|Pages") fail(`the kind filter offers ${kinds.join(", ")}`);
  await page.locator("#search-q").fill("internal medicine");
  const all = await settled(page, "internal medicine");
  await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "internal medicine", null, { timeout: 3000 })
    .catch(() => fail(`typing did not write ?q= (${page.url()})`));
  await page.selectOption("#search-filter-kind", "guide");
  const guides = await settled(page, "internal medicine", all);
  results = await shown(page);
  if (!results.length || results.some((r) => r.kind !== "Guide")) fail(`kind=guide shows ${JSON.stringify(results.map((r) => r.kind))}`);
  await page.selectOption("#search-filter-kind", "program");
  const programs = await settled(page, "internal medicine", guides);
  results = await shown(page);
  if (!results.length || results.some((r) => r.kind !== "Program")) fail(`kind=program shows ${JSON.stringify(results.map((r) => r.kind))}`);
  const count = (s) => parseInt(s, 10);
  if (!(count(programs) < count(all))) fail(`the kind filter does not narrow: ${all} -> ${programs}`);
  await page.selectOption("#search-filter-state", "OK");
  const inState = await settled(page, "internal medicine", programs);
  results = await shown(page);
  if (!results.length || results.some((r) => !r.facts.includes(", OK,"))) fail(`state=OK shows ${JSON.stringify(results.map((r) => r.facts))}`);
  if (!(count(inState) < count(programs))) fail(`the state filter does not narrow: ${programs} -> ${inState}`);
  const params = new URL(page.url()).searchParams;
  if (params.get("kind") !== "program" || params.get("state") !== "OK") fail(`the filters are not in the URL: ${page.url()}`);
  await page.goto(page.url());
  const again = await settled(page, "internal medicine");
  if (again !== inState) fail(`the linked search reads "${again}", not "${inState}"`);
  if ((await page.locator("#search-filter-state").inputValue()) !== "OK") fail("state=OK did not set the state filter");

  // Keyboard: Tab to the box, type, Tab reaches the first result's link.
  await page.goto(`${url}/search/`);
  await page.waitForSelector("#search-filter-kind");
  let reached = false;
  for (let i = 0; i < 25 && !reached; i += 1) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement && document.activeElement.id === "search-q");
  }
  if (!reached) fail("Tab does not reach the search box");
  await page.keyboard.type(WORD);
  await settled(page, WORD);
  let onResult = false;
  for (let i = 0; i < 15 && !onResult; i += 1) {
    await page.keyboard.press("Tab");
    onResult = await page.evaluate(() => !!document.activeElement.closest("#search-results a"));
  }
  const first = await page.evaluate(() => document.activeElement === document.querySelector("#search-results > li .search-result__title a"));
  if (!onResult || !first) fail("Tab from the search box does not reach the first result's link");

  // More results: ten at a time; Enter on the button moves focus to the first one added.
  await page.goto(`${url}/search/?kind=program`);
  await settled(page, "filters");
  if ((await page.locator("#search-results > li").count()) !== 10) fail("the first page is not 10 results");
  await page.locator("#search-more").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("#search-results > li").length === 20, null, { timeout: 5000 })
    .catch(() => fail("More results did not add 10 results"));
  const focused = await page.evaluate(() => document.activeElement === document.querySelector("#search-results > li:nth-child(11) a"));
  if (!focused) fail("after More results, focus is not on the first result added");

  // The header's box on another page sends its words to the search page.
  await page.goto(`${url}/`);
  reached = false;
  for (let i = 0; i < 20 && !reached; i += 1) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement && document.activeElement.id === "site-search-q");
  }
  if (!reached) fail("Tab does not reach the header's search box");
  await page.keyboard.type(CITY);
  await Promise.all([page.waitForURL(/\/search\//), page.keyboard.press("Enter")]);
  await settled(page, CITY);

  // A phone: results fit the width.
  const phone = await open(390, "light");
  await phone.page.goto(`${url}/search/?q=${CITY}`);
  await settled(phone.page, CITY);
  const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (wide > 0) fail(`at 390 px with results the page is ${wide} px wider than the window`);
  for (const e of phone.errors) fail(`script error at 390 px: ${e}`);
  await phone.context.close();

  // The index cannot be loaded (a site built without it, a failed connection): the page says
  // so, and links to the lists.
  const blocked = await open(1280, "light");
  await blocked.page.route("**/search-index/**", (route) => route.abort());
  await blocked.page.goto(`${url}/search/?q=${WORD}`);
  await blocked.page.locator("#search-off").waitFor({ state: "visible", timeout: 5000 })
    .catch(() => fail("with the index blocked, the page does not say search is unavailable"));
  const why = await blocked.page.locator("#search-off-why").textContent();
  if (!/search index could not be loaded/.test(why)) fail(`with the index blocked, the page says: ${why}`);
  if (await blocked.page.locator("#search-results > li").count()) fail("with the index blocked, results show");
  for (const e of blocked.errors) fail(`script error with the index blocked: ${e}`);
  await blocked.context.close();

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
