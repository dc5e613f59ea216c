//! Writes a site as a person moving to matchpress has it on the first day: markdown copied from
//! other generators and a program list exported from a spreadsheet, none of it written for
//! matchpress. It is the input of the migration benchmark and of the "real content builds"
//! checks (README, "Moving a site to matchpress").
//!
//! - Jekyll posts (`content/posts/2019-03-04-title.md`): `layout`, `categories`, `author`,
//!   `permalink`, dates with a time and an offset (`2019-03-04 10:00:00 +0700`), Liquid tags.
//! - Hugo pages (`content/docs/<section>/<page>.md`): RFC 3339 dates, `lastmod`, `toc`,
//!   `summary`, shortcodes, GitHub alerts, root-relative links between pages.
//! - `MkDocs` pages (`content/handbook/<page>.md`): no front matter, the title as the first `#`
//!   heading, relative links to other `.md` files.
//! - `data/programs/internal-medicine.csv`: a spreadsheet export with a UTF-8 BOM, CRLF line
//!   ends, capitalised headers with spaces, no sponsor column, decimal IMG shares, lists
//!   separated by `;`, quoted cells with commas and line breaks, and a column matchpress does not
//!   know.
//!
//! With `--broken`, it also has what a real first import has: links to pages that do not exist,
//! a page whose front matter is not YAML, programs without a name, a duplicate ID and a bad
//! state. The output depends only on the arguments.
//!
//! ```text
//! cargo run --release --example gen_migrated -- --pages 1000 --programs 700 --out DIR [--broken]
//! ```

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, ensure};
use clap::Parser;

/// splitmix64: small, deterministic, enough for made-up content.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.next() % len as u64).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// A number in `lo..hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + u32::try_from(self.next() % u64::from(hi - lo)).unwrap_or(0)
    }

    /// True `permille` times in a thousand.
    fn chance(&mut self, permille: u32) -> bool {
        self.next() % 1000 < u64::from(permille)
    }
}

/// Write a site migrated from other generators, with a spreadsheet export of programs.
#[derive(Parser)]
struct Args {
    /// How many markdown files to write.
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    /// How many program rows to write.
    #[arg(long, default_value_t = 700)]
    programs: usize,
    /// Add the problems of a real first import (broken links, bad rows).
    #[arg(long)]
    broken: bool,
    /// PRNG seed.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Output folder (replaced when an earlier run of this generator made it).
    #[arg(long)]
    out: PathBuf,
}

const MARKER: &str = ".gen_migrated";

const TOPICS: [&str; 12] = [
    "observerships",
    "externships",
    "usmle step 1",
    "step 2 ck",
    "ecfmg certification",
    "j-1 visa",
    "h-1b visa",
    "letters of recommendation",
    "personal statement",
    "interview season",
    "rank order list",
    "the soap week",
];

const ANGLES: [&str; 8] = [
    "A first look at",
    "Questions about",
    "Planning for",
    "Mistakes to avoid with",
    "A timeline for",
    "What programs say about",
    "Paying for",
    "Notes on",
];

const SENTENCES: [&str; 10] = [
    "Start early: most programs read applications in the first weeks after they open.",
    "Keep copies of every document you send, with the date you sent it.",
    "Ask each program what it expects; the answer is often on its own website.",
    "A short, specific paragraph says more than a long general one.",
    "Plan the costs for the whole season before you apply, not after.",
    "Programs differ widely, so compare them on what matters to you.",
    "Write down the deadlines in one place and check them every week.",
    "A mentor who knows the process can save you a season of guessing.",
    "Read the requirements twice: a missed detail can screen an application out.",
    "Practice answering the common questions aloud, with a timer.",
];

const HUGO_SECTIONS: [&str; 4] = ["exams", "visas", "applications", "interviews"];

/// One markdown file of the corpus.
struct Doc {
    rel: String,
    /// The URL path matchpress gives it (`docs/exams/a/`).
    url: String,
    title: String,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Jekyll,
    Hugo,
    MkDocs,
}

#[expect(
    clippy::print_stderr,
    reason = "an example program reports what it wrote"
)]
fn main() -> Result<()> {
    let args = Args::parse();
    ensure!(args.pages >= 3, "--pages must be at least 3");
    prepare_out(&args.out)?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rng = Rng::new(args.seed);
    let docs = plan(&mut rng, args.pages);
    for (i, doc) in docs.iter().enumerate() {
        let text = match doc.kind {
            Kind::Jekyll => jekyll(&mut rng, doc, &docs, i, args.broken),
            Kind::Hugo => hugo(&mut rng, doc, &docs, i, args.broken),
            Kind::MkDocs => mkdocs(&mut rng, doc, &docs, i),
        };
        write(&args.out.join("content").join(&doc.rel), text.as_bytes())?;
    }
    write(
        &args.out.join("site.yaml"),
        b"title: Residency Handbook\nbase_url: https://example.org/handbook/\nmenu:\n  - title: Posts\n    path: /posts/\n  - title: Docs\n    path: /docs/\n  - title: Handbook\n    path: /handbook/\n  - title: Programs\n    path: /programs/\n",
    )?;
    fs::create_dir_all(args.out.join("data/programs"))?;
    fs::copy(
        repo.join("data/specialties.yaml"),
        args.out.join("data/specialties.yaml"),
    )
    .context("copying the specialties")?;
    write(
        &args.out.join("data/programs/internal-medicine.csv"),
        &export(&mut rng, args.programs, args.broken),
    )?;
    copy_dir(&repo.join("themes"), &args.out.join("themes"))?;
    eprintln!(
        "wrote {} markdown files and {} program rows to {}",
        docs.len(),
        args.programs,
        args.out.display()
    );
    Ok(())
}

/// The corpus: about 40 % Jekyll posts, 35 % Hugo pages, 25 % `MkDocs` pages.
fn plan(rng: &mut Rng, pages: usize) -> Vec<Doc> {
    let mut docs = Vec::with_capacity(pages);
    for i in 0..pages {
        let topic = rng.pick(&TOPICS);
        let angle = rng.pick(&ANGLES);
        let title = format!("{angle} {topic} ({})", i + 1);
        let slug = slug(&title);
        let kind = match i % 20 {
            0..=7 => Kind::Jekyll,
            8..=14 => Kind::Hugo,
            _ => Kind::MkDocs,
        };
        let (rel, url) = match kind {
            Kind::Jekyll => {
                let (y, m, d) = (2015 + (i % 10), 1 + (i % 12), 1 + (i % 28));
                let stem = format!("{y}-{m:02}-{d:02}-{slug}");
                (format!("posts/{stem}.md"), format!("posts/{stem}/"))
            }
            Kind::Hugo => {
                let section = HUGO_SECTIONS[i % HUGO_SECTIONS.len()];
                (
                    format!("docs/{section}/{slug}.md"),
                    format!("docs/{section}/{slug}/"),
                )
            }
            Kind::MkDocs => (format!("handbook/{slug}.md"), format!("handbook/{slug}/")),
        };
        docs.push(Doc {
            rel,
            url,
            title,
            kind,
        });
    }
    docs
}

fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn paragraph(rng: &mut Rng) -> String {
    let n = rng.range(2, 4);
    (0..n)
        .map(|_| *rng.pick(&SENTENCES))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Another document of the same kind, for links.
fn other<'a>(rng: &mut Rng, docs: &'a [Doc], me: usize, kind: Kind) -> &'a Doc {
    loop {
        let i = rng.index(docs.len());
        if i != me && docs[i].kind == kind {
            return &docs[i];
        }
        if docs.iter().filter(|d| d.kind == kind).count() < 2 {
            return &docs[(me + 1) % docs.len()];
        }
    }
}

fn jekyll(rng: &mut Rng, doc: &Doc, docs: &[Doc], me: usize, broken: bool) -> String {
    let mut text = String::new();
    let stem = doc.rel.trim_start_matches("posts/").trim_end_matches(".md");
    let date = &stem[..10];
    let hour = rng.range(6, 22);
    let _ = write!(
        text,
        "---\nlayout: post\ntitle: \"{}\"\ndate: {date} {hour:02}:15:00 +0700\ncategories: [guides, {}]\ntags: [imported]\nauthor: A. Editor\npermalink: /{}/{}/\ncomments: true\n---\n\n",
        doc.title,
        rng.pick(&["usmle", "visas", "match"]),
        &date[..4],
        &stem[11..]
    );
    if broken && me.is_multiple_of(97) {
        text = format!("---\nlayout: post\ntitle: [{}\n---\n\n", doc.title);
    }
    let _ = writeln!(text, "{}\n", paragraph(rng));
    if me.is_multiple_of(5) {
        text.push_str("{% include callout.html kind=\"tip\" %}\n\n");
    }
    let target = other(rng, docs, me, Kind::Jekyll);
    let _ = writeln!(
        text,
        "Read [the post on a related subject](/{}) too.\n",
        target.url
    );
    if me.is_multiple_of(7) {
        let _ = writeln!(
            text,
            "An older write-up is at {{% post_url {} %}}.\n",
            target
                .rel
                .trim_start_matches("posts/")
                .trim_end_matches(".md")
        );
    }
    if broken && me.is_multiple_of(11) {
        let _ = writeln!(text, "See [the archive](/{}/archive/).\n", &date[..4]);
    }
    let _ = writeln!(text, "## Next steps\n\n{}\n", paragraph(rng));
    text
}

fn hugo(rng: &mut Rng, doc: &Doc, docs: &[Doc], me: usize, broken: bool) -> String {
    let mut text = String::new();
    let (y, m, d) = (2020 + (me % 6), 1 + (me % 12), 1 + (me % 27));
    let _ = write!(
        text,
        "---\ntitle: \"{}\"\ndate: {y}-{m:02}-{d:02}T08:30:00-05:00\nlastmod: {y}-{m:02}-{:02}T09:00:00-05:00\ndraft: false\nweight: {}\ntoc: true\nsummary: \"{}\"\ntags: [\"imported\"]\n---\n\n",
        doc.title,
        d + 1,
        me % 50,
        SENTENCES[me % SENTENCES.len()]
    );
    let _ = writeln!(text, "{}\n", paragraph(rng));
    if me.is_multiple_of(6) {
        text.push_str(
            "> [!WARNING]\n> Check the program's own page before you rely on a date here.\n\n",
        );
    }
    if me.is_multiple_of(8) {
        text.push_str("{{< youtube id=\"dQw4w9WgXcQ\" >}}\n\n");
    }
    let target = other(rng, docs, me, Kind::Hugo);
    let _ = writeln!(
        text,
        "## Related\n\n- [{}](/{})\n- [All {} pages](/docs/{}/)\n",
        target.title,
        target.url,
        HUGO_SECTIONS[me % HUGO_SECTIONS.len()],
        HUGO_SECTIONS[me % HUGO_SECTIONS.len()]
    );
    if broken && me.is_multiple_of(13) {
        text.push_str("The [old overview](/docs/overview/) moved.\n\n");
    }
    let _ = writeln!(text, "## Details\n\n{}\n", paragraph(rng));
    text
}

fn mkdocs(rng: &mut Rng, doc: &Doc, docs: &[Doc], me: usize) -> String {
    let mut text = format!("# {}\n\n{}\n\n", doc.title, paragraph(rng));
    let target = other(rng, docs, me, Kind::MkDocs);
    let file = target.rel.trim_start_matches("handbook/");
    let _ = writeln!(
        text,
        "See also [{}]({file}).\n\n## In practice\n\n{}\n",
        target.title,
        paragraph(rng)
    );
    text
}

/// The program export: what a spreadsheet writes as "CSV UTF-8".
fn export(rng: &mut Rng, rows: usize, broken: bool) -> Vec<u8> {
    const STATES: [(&str, &str, &str); 10] = [
        ("NY", "35", "Brooklyn"),
        ("CA", "05", "Los Angeles"),
        ("TX", "48", "Houston"),
        ("IL", "16", "Chicago"),
        ("PA", "41", "Philadelphia"),
        ("FL", "11", "Miami"),
        ("MI", "25", "Detroit"),
        ("OH", "38", "Cleveland"),
        ("NJ", "33", "Newark"),
        ("MA", "24", "Boston"),
    ];
    let mut out = String::from('\u{feff}');
    out.push_str("ACGME ID,Program Name,City,State,Program Type,PGY-1 Positions,% IMG,Visas,Requirements.Min Step2 CK,Requirements.YOG Cutoff Years,Requirements.USCE,Website,Last Verified,Program Director,Notes\r\n");
    for i in 0..rows {
        let (state, code, city) = STATES[i % STATES.len()];
        let id = format!("140{code}{:05}", 10_000 + i);
        let kind = rng.pick(&["university", "community-university", "community"]);
        let positions = rng.range(4, 40);
        let img = f64::from(rng.range(0, 1000)) / 10.0;
        let visas = rng.pick(&["J-1", "J-1; H-1B", "", "H-1B"]);
        let step2 = if rng.chance(600) {
            rng.range(214, 245).to_string()
        } else {
            String::new()
        };
        let yog = if rng.chance(500) {
            rng.range(3, 10).to_string()
        } else {
            String::new()
        };
        let usce = rng.pick(&["required", "preferred", "none", ""]);
        let note = if i.is_multiple_of(9) {
            "\"Interviews are virtual, in November and December.\nAsk about \"\"pre-match\"\" offers.\""
        } else {
            ""
        };
        let mut name = format!("Internal Medicine Residency, {city} Site {}", i + 1);
        let mut state = state.to_string();
        let mut id = id;
        if broken && i % 101 == 5 {
            name.clear();
        }
        if broken && i % 151 == 7 {
            state = "Texas".to_string();
        }
        if broken && i == rows - 1 {
            id = format!("140{}{:05}", STATES[0].1, 10_000);
        }
        let _ = write!(
            out,
            "{id},\"{name}\",{city},{state},{kind},{positions},{img:.1},{visas},{step2},{yog},{usce},https://example.org/im/{i},2026-0{}-1{},Dr. Director {i},{note}\r\n",
            1 + i % 9,
            i % 10
        );
    }
    out.into_bytes()
}

fn prepare_out(out: &Path) -> Result<()> {
    if out.exists() {
        ensure!(
            out.join(MARKER).exists() || fs::read_dir(out)?.next().is_none(),
            "{} exists and was not made by gen_migrated; choose another --out",
            out.display()
        );
        fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
    }
    fs::create_dir_all(out)?;
    fs::write(out.join(MARKER), "")?;
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}
