// Shared by the specialty-page scenarios: the internal-medicine programs read from the data file
// itself (a small reader for the shape gen_data writes), and the README's URL contract applied to
// them independently of programs.js, so a scenario's expectations never come from the page.

import { readFileSync } from "node:fs";

export const PAGE = "/programs/internal-medicine/";

function value(raw) {
  const v = raw.trim();
  if (v === "null" || v === "~" || v === "") return null;
  if (v === "true") return true;
  if (v === "false") return false;
  if (v.startsWith("[")) {
    const inner = v.slice(1, -1).trim();
    return inner ? inner.split(",").map((x) => value(x)) : [];
  }
  if (v.startsWith('"') || v.startsWith("'")) return v.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

/** Every program of data/programs/internal-medicine.yaml, in file order. */
export function programs() {
  const file = new URL("../../../data/programs/internal-medicine.yaml", import.meta.url);
  const out = [];
  let current = null;
  let nested = null;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    let m;
    if ((m = /^ {2}- (\w+):(.*)$/.exec(line))) {
      current = { requirements: {} };
      nested = null;
      out.push(current);
      current[m[1]] = value(m[2]);
    } else if (current && (m = /^ {4}(\w+):(.*)$/.exec(line))) {
      nested = m[2].trim() === "" || m[2].trim() === "|" ? m[1] : null;
      if (m[1] !== "requirements") current[m[1]] = value(m[2]);
    } else if (current && nested === "requirements" && (m = /^ {6}(\w+):(.*)$/.exec(line))) {
      current.requirements[m[1]] = value(m[2]);
    }
  }
  if (out.length < 20) throw new Error(`read only ${out.length} programs from the data file`);
  return out;
}

/** For one filter of the URL contract: true (passes), false (excluded) or null (not published). */
export const TESTS = {
  state: (p, v) => v.split(",").includes(p.state),
  visa: (p, v) => (p.visas == null ? null : v.split(",").some((x) => p.visas.includes(x))),
  type: (p, v) => (p.program_type == null ? null : v.split(",").includes(p.program_type)),
  step2: (p, v) => (p.requirements.min_step2_ck == null ? null : p.requirements.min_step2_ck <= +v),
  yog: (p, v) => (p.requirements.yog_cutoff_years == null ? null : p.requirements.yog_cutoff_years >= +v),
  usce: (p, v) => {
    const r = p.requirements;
    if (r.usce == null) return null;
    if (r.usce !== "required") return true;
    return r.usce_min_months == null ? null : r.usce_min_months <= +v;
  },
  first_attempt: (p, v) =>
    v !== "0" ? true : p.requirements.first_attempt_only == null ? null : !p.requirements.first_attempt_only,
  img_min: (p, v) => (p.pct_img == null ? null : p.pct_img >= +v),
};

/** The ACGME IDs a query shows, and those among them shown with a value not published. */
export function expected(query) {
  const q = new URLSearchParams(query);
  const hide = q.get("unknown") === "hide";
  const shown = [];
  const unknown = [];
  for (const p of programs()) {
    let ok = true;
    let missing = false;
    for (const [key, test] of Object.entries(TESTS)) {
      if (!q.has(key)) continue;
      const r = test(p, q.get(key));
      if (r === false) ok = false;
      if (r === null) missing = true;
    }
    if (missing && hide) ok = false;
    if (ok) shown.push(p.acgme_id);
    if (ok && missing) unknown.push(p.acgme_id);
  }
  return { shown, unknown };
}

/** How many rows a page of the table holds (the template's data-page-size). */
export const PAGE_SIZE = 20;

/** The ACGME IDs of the rows in the table (one page of them, or all with `page=all`), in order,
    those marked "not published", and the count the page announces. */
export async function visible(page) {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll("#programs-table tbody tr")];
    return {
      shown: rows.map((r) => r.dataset.acgmeId),
      unknown: rows
        .filter((r) => {
          const note = r.querySelector(".row-note");
          return note && !note.hidden && note.textContent.startsWith("Not published");
        })
        .map((r) => r.dataset.acgmeId),
      count: document.querySelector(".filters__count").textContent,
    };
  });
}

/** Whether the rows shown are the first page of the rows `want` (any order) lists, and the count
    names them all: "N of TOTAL programs match". */
export function firstPageOf(got, want, total) {
  const set = new Set(want);
  return got.shown.length === Math.min(want.length, PAGE_SIZE) && got.shown.every((id) => set.has(id)) &&
    got.count.startsWith(`${want.length} of ${total} programs match`);
}

export function same(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function sorted(a) {
  return [...a].sort();
}
