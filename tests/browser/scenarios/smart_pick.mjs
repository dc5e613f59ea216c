// Smart Pick as an applicant uses it: fill the profile, get the list the method gives on the
// example data (the method itself is tested by tests/browser/smart-pick/*.test.mjs; here, that
// the page feeds it the right profile and data and shows what it returns), every screened-out
// program with its reason, the profile in the URL fragment, remember and forget, CSV, print,
// copy link and compare. The keyboard and no-JavaScript uses are in smart_pick_access.mjs.

import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const method = require(fileURLToPath(new URL("../../../themes/default/static/smart-pick-method.js", import.meta.url)));

export const PROFILE = "specialty=internal-medicine,family-medicine&step2=228&first_attempt=no&grad_year=2019&visa=j1&usce_months=4&usce_kind=hands-on&states=CT,MA,ME,NH,NJ,NY,PA,RI,VT&limit=40";

/** What the method gives for `profile` on the site's own data. */
export async function expected(page, url, profile) {
  const data = JSON.parse(await page.textContent("#sp-data"));
  const programs = [];
  const references = {};
  for (const slug of profile.specialty) {
    const doc = await (await page.request.get(`${url}/programs/${slug}.json`)).json();
    doc.programs.forEach((p) => programs.push({ ...p, specialty: slug }));
    const s = data.specialties.find((x) => x.slug === slug);
    if (s.reference) references[slug] = s.reference;
  }
  const names = Object.fromEntries(data.specialties.map((s) => [s.slug, s.name]));
  return method.rank(programs, profile, { year: new Date().getFullYear(), references, names });
}

export async function shown(page) {
  return page.evaluate(() => ({
    list: [...document.querySelectorAll("[data-sp-list] > li")].map((li) => ({
      id: li.dataset.acgmeId,
      name: li.querySelector(".sp-item__name").textContent,
      href: li.querySelector(".sp-item__name a").getAttribute("href"),
      tier: li.querySelector(".sp-tier").textContent,
      reasons: [...li.querySelectorAll(".sp-reasons li")].map((x) => x.textContent),
    })),
    screened: [...document.querySelectorAll("[data-sp-screened-list] > li")].map((li) => ({
      id: li.dataset.acgmeId,
      name: li.querySelector(".sp-item__name").textContent,
      why: li.querySelector(".sp-out").textContent,
    })),
    summary: document.querySelector("[data-sp-summary]").textContent,
  }));
}

const ready = (page) => page.waitForFunction(() => !document.getElementById("sp-results").hidden && /Listed/.test(document.querySelector("[data-sp-status]").textContent));

export default async ({ page, url, fail, browser }) => {
  const context = page.context();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
  const fetched = [];
  page.on("request", (r) => { if (r.url().endsWith(".json")) fetched.push(new URL(r.url()).pathname); });
  await page.goto(`${url}/smart-pick/`);
  if (fetched.length) fail(`the page loads ${fetched} before a profile is given`);
  if (!(await page.isVisible("#sp-form")) || (await page.isVisible("[data-sp-off]"))) fail("with JavaScript the form is hidden or the no-JavaScript notice shows");
  if (await page.isVisible("#sp-results")) fail("results show before a profile is given");

  // Without a specialty, the page asks for one.
  await page.click("#sp-form button[type=submit]");
  if (!/at least one specialty/.test(await page.textContent("[data-sp-status]"))) fail("no specialty: no message");

  // The applicant of the issue, through the form.
  await page.check('input[name=specialty][value="internal-medicine"]');
  await page.check('input[name=specialty][value="family-medicine"]');
  await page.fill("#sp-step2", "228");
  await page.check('input[name=first_attempt][value="no"]');
  await page.fill("#sp-grad-year", "2019");
  await page.check('input[name=visa][value="j1"]');
  await page.fill("#sp-usce-months", "4");
  await page.click(".sp-states summary");
  await page.check('[data-region="northeast"]');
  await page.click("#sp-form button[type=submit]");
  await ready(page);
  // Only the chosen specialties' data is loaded.
  if (fetched.sort().join() !== "/programs/family-medicine.json,/programs/internal-medicine.json") fail(`the page loaded ${fetched}`);
  const fragment = decodeURIComponent(new URL(page.url()).hash.slice(1));
  // The states the region gives are those of the data: compare as sets.
  const want = new URLSearchParams(PROFILE), got = new URLSearchParams(fragment);
  for (const [k, v] of want) {
    const a = k === "states" ? v.split(",").filter((s) => got.get("states").split(",").includes(s)).sort().join() : v;
    const same = k === "specialty" ? got.get(k).split(",").sort().join() === v.split(",").sort().join() : got.get(k) === a;
    if (k !== "states" && !same) fail(`the fragment's ${k} is ${got.get(k)}, expected ${v}`);
  }
  const profile = {
    specialty: got.get("specialty").split(","), step2: 228, first_attempt: false, grad_year: 2019, visa: "j1",
    usce_months: 4, usce_kind: "hands-on", states: got.get("states").split(","), types: [], limit: 40,
  };
  if (profile.states.length < 3 || profile.states.some((s) => !want.get("states").split(",").includes(s))) fail(`the Northeast gave the states ${profile.states}`);
  const exp = await expected(page, url, profile);
  let view = await shown(page);
  if (exp.list.length < 5) fail(`the method lists only ${exp.list.length} programs: the case tests little`);
  if (view.list.length !== exp.list.length) fail(`the page lists ${view.list.length} programs, the method ${exp.list.length}`);
  const label = Object.fromEntries(method.TIERS.map((t) => [t.key, t.label]));
  exp.list.forEach((r, i) => {
    const v = view.list[i] || {};
    const name = r.program.sponsor || r.program.name;
    if (v.id !== r.program.acgme_id || v.name !== name || v.tier !== label[r.tier]) fail(`#${i + 1} is "${v.name}" (${v.tier}), the method says "${name}" (${label[r.tier]})`);
    if ((v.reasons || []).join("|") !== r.reasons.join("|")) fail(`#${i + 1}: reasons "${v.reasons}" instead of "${r.reasons}"`);
    if (!v.href || !v.href.includes(r.program.acgme_id)) fail(`#${i + 1} links to ${v.href}`);
  });
  if (!view.list.some((x) => x.reasons.some((r) => /J-1/.test(r)))) fail("no listed program gives its J-1 sponsorship as a reason");
  if (!/screened out/.test(view.summary)) fail(`the summary says "${view.summary}"`);

  // Every screened-out program, with its reason: those that do not sponsor the J-1 among them.
  if (await page.isVisible("[data-sp-screened]")) fail("screened-out programs show before the switch");
  await page.check("[data-sp-show-screened]");
  view = await shown(page);
  if (view.screened.length !== exp.screened.length) fail(`${view.screened.length} screened out shown, the method screens out ${exp.screened.length}`);
  const noJ1 = [];
  for (const slug of profile.specialty) {
    const doc = await (await page.request.get(`${url}/programs/${slug}.json`)).json();
    doc.programs.filter((p) => p.visas && !p.visas.includes("J-1")).forEach((p) => noJ1.push(p.acgme_id));
  }
  if (!noJ1.length) fail("every program sponsors the J-1: the visa gate is untested");
  for (const id of noJ1) {
    const s = view.screened.find((x) => x.id === id);
    if (!s || !/Does not sponsor J-1/.test(s.why)) fail(`${id} does not sponsor the J-1 and is not screened out for it (${s && s.why})`);
  }

  // The fragment fills the form and gives the same list on another page.
  const link = page.url();
  const other = await context.newPage();
  await other.goto(link);
  await ready(other);
  const again = await shown(other);
  if (again.list.map((x) => x.name).join("|") !== view.list.map((x) => x.name).join("|")) fail("the link to the profile gives another list");
  const form = await other.evaluate(() => ({
    step2: document.getElementById("sp-step2").value,
    grad: document.getElementById("sp-grad-year").value,
    visa: document.querySelector("input[name=visa]:checked").value,
    first: document.querySelector("input[name=first_attempt]:checked").value,
    specialties: [...document.querySelectorAll("input[name=specialty]:checked")].map((b) => b.value).join(),
  }));
  if (form.step2 !== "228" || form.grad !== "2019" || form.visa !== "j1" || form.first !== "no" || form.specialties !== "family-medicine,internal-medicine") {
    fail(`the fragment fills the form as ${JSON.stringify(form)}`);
  }
  await other.close();

  // Copy link.
  await page.click('[data-sp-action="copy"]');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== page.url()) fail(`copied "${copied}", the page is at ${page.url()}`);

  // CSV of the list, in order.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-sp-action="csv"]')]);
  const csv = (await readFile(await download.path(), "utf8")).trim().split("\r\n");
  if (!csv[0].startsWith("rank,tier,status,fit_score,acgme_id")) fail(`the CSV header is ${csv[0]}`);
  if (csv.length - 1 !== exp.list.length) fail(`the CSV has ${csv.length - 1} rows for ${exp.list.length} programs`);
  if (!csv[1].includes(exp.list[0].program.acgme_id)) fail(`the CSV's first row is ${csv[1]}`);

  // Compare two programs of the list.
  await page.check("[data-sp-list] > li:nth-child(1) .cmp input");
  await page.check("[data-sp-list] > li:nth-child(2) .cmp input");
  await page.click('[data-sp-action="compare"]');
  const heads = await page.locator("dialog.compare thead th").count();
  if (heads !== 3) fail(`the compare view shows ${heads - 1} programs, expected 2`);
  await page.keyboard.press("Escape");

  // Print: the form and tools are left out, the list and every reason printed.
  await page.emulateMedia({ media: "print" });
  const print = await page.evaluate(() => ({
    form: getComputedStyle(document.getElementById("sp-form")).display,
    list: getComputedStyle(document.querySelector("[data-sp-list]")).display,
  }));
  if (print.form !== "none" || print.list === "none") fail(`in print the form is ${print.form} and the list ${print.list}`);
  await page.emulateMedia({ media: "screen" });

  // Remember, then a new visit without the fragment restores the profile; forget clears it.
  await page.check("[data-sp-remember]");
  await page.click("#sp-form button[type=submit]");
  await ready(page);
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("matchpress.smart-pick")).length);
  if (stored !== 1) fail(`remember stored ${stored} profiles`);
  const back = await context.newPage();
  await back.goto(`${url}/smart-pick/`);
  await ready(back);
  if ((await back.inputValue("#sp-step2")) !== "228") fail("a remembered profile is not restored on the next visit");
  if (!(await back.isVisible("[data-sp-forget]"))) fail("no visible Forget button when a profile is kept");
  await back.click("[data-sp-forget]");
  const left = await back.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("matchpress.smart-pick")).length);
  if (left !== 0) fail("Forget left the profile in localStorage");
  await back.goto(`${url}/smart-pick/`);
  if (await back.isVisible("#sp-results")) fail("after Forget, the next visit still shows the profile's list");
  await back.close();

  // Without remember, nothing is kept.
  const fresh = await browser.newContext();
  const p2 = await fresh.newPage();
  await p2.goto(`${url}/smart-pick/#${PROFILE}`);
  await ready(p2);
  const kept = await p2.evaluate(() => localStorage.length);
  if (kept !== 0) fail(`without "remember", ${kept} items were stored`);
  await fresh.close();
};
