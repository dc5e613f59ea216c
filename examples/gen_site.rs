//! Writes the benchmark corpus: one site built twice, once for matchpress and once for Hugo, so
//! the two tools can be timed on the same pages. `DIR/matchpress/` is a complete matchpress site
//! (this repository's `site.yaml`, default theme, specialties and about page, plus generated
//! guides and programs); `DIR/hugo/` holds the same markdown and data with Hugo templates that
//! render the same set of pages. Guides are assembled from a bank of sentences, lists, tables
//! and FAQ pairs written for this generator; programs come from the `gen_data` generator. The
//! output depends only on the arguments: the same arguments give the same bytes.
//!
//! ```text
//! cargo run --release --example gen_site -- --guides 10000 --programs 13000 --out DIR [--seed 2026]
//! ```

mod programs;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow, ensure};
use clap::Parser;
use rayon::prelude::*;
use serde::Deserialize;

use programs::{Rng, Specialty};

/// Write a matchpress site and an equivalent Hugo site of generated guides and programs.
#[derive(Parser)]
struct Args {
    /// How many guides to write.
    #[arg(long, default_value_t = 1000)]
    guides: usize,
    /// How many programs to write (as `gen_data --programs`).
    #[arg(long, default_value_t = 600)]
    programs: usize,
    /// PRNG seed; the same arguments give the same bytes.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Output folder; gets `matchpress/` and `hugo/`, replacing those of an earlier run.
    #[arg(long)]
    out: PathBuf,
}

/// The file `gen_site` leaves in its output folder, so a later run knows it may replace it.
const MARKER: &str = ".gen_site";

fn main() -> Result<()> {
    let started = Instant::now();
    let args = Args::parse();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let specialties = programs::load_specialties(repo)?;
    let program_files = programs::render_files(&specialties, args.programs, args.seed)?;
    let specs: Vec<Spec> = specialties.iter().map(Spec::new).collect();
    let guides = plan_guides(&specs, args.guides, args.seed);
    let linkable: Vec<Vec<usize>> = (0..TOPICS.len())
        .map(|t| {
            (0..guides.len())
                .filter(|&i| guides[i].topic == t && !guides[i].draft)
                .collect()
        })
        .collect();
    let corpus = Corpus {
        specs: &specs,
        guides: &guides,
        linkable: &linkable,
    };
    let texts: Vec<String> = (0..guides.len())
        .into_par_iter()
        .map(|i| corpus.guide_file(i))
        .collect();
    let generated = started.elapsed();

    prepare(&args.out)?;
    let mut site = SiteFile::read(repo)?;
    let with_programs = args.programs > 0;
    if !with_programs {
        site.menu.retain(|item| !is_directory_path(&item.path));
    }
    let mp = args.out.join("matchpress");
    let hugo = args.out.join("hugo");
    write_common(repo, &mp, &specialties, &program_files)?;
    write_common(repo, &hugo, &specialties, &program_files)?;
    write_matchpress(repo, &mp, with_programs)?;
    write_hugo(repo, &hugo, &site, with_programs)?;
    let mp_dir = mp.join("content/guides");
    let hugo_dir = hugo.join("content/guides");
    guides
        .par_iter()
        .zip(texts.par_iter())
        .try_for_each(|(guide, text)| -> Result<()> {
            let rel = format!("{}/{}.md", TOPICS[guide.topic].slug, guide.slug);
            write(&mp_dir.join(&rel), text)?;
            write(&hugo_dir.join(&rel), &hugo_links(text))
        })?;

    let words: Vec<usize> = texts.iter().map(|t| body_words(t)).collect();
    report(&Report {
        out: &args.out,
        guides: guides.len(),
        drafts: guides.iter().filter(|g| g.draft).count(),
        programs: args.programs,
        min_words: words.iter().copied().min().unwrap_or(0),
        max_words: words.iter().copied().max().unwrap_or(0),
        mean_words: words.iter().sum::<usize>() / words.len().max(1),
        generated_ms: generated.as_millis(),
        total_ms: started.elapsed().as_millis(),
    });
    Ok(())
}

struct Report<'a> {
    out: &'a Path,
    guides: usize,
    drafts: usize,
    programs: usize,
    min_words: usize,
    max_words: usize,
    mean_words: usize,
    generated_ms: u128,
    total_ms: u128,
}

#[expect(
    clippy::print_stderr,
    reason = "an example program reports what it wrote"
)]
fn report(r: &Report<'_>) {
    eprintln!(
        "wrote {} guides ({} drafts; {}-{} words, mean {}) and {} programs to {}/{{matchpress,hugo}} \
         in {} ms ({} ms generating)",
        r.guides,
        r.drafts,
        r.min_words,
        r.max_words,
        r.mean_words,
        r.programs,
        r.out.display(),
        r.total_ms,
        r.generated_ms,
    );
}

// ---------------------------------------------------------------------------------------------
// Files

/// Makes `out` ready: removes the `matchpress/` and `hugo/` of an earlier run, and refuses to
/// touch folders that `gen_site` did not write.
fn prepare(out: &Path) -> Result<()> {
    let marker = out.join(MARKER);
    for sub in ["matchpress", "hugo"] {
        let dir = out.join(sub);
        if dir.exists() {
            ensure!(
                marker.exists(),
                "{} exists but was not written by gen_site (no {MARKER} next to it); \
                 choose another --out",
                dir.display()
            );
            fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
    }
    write(
        &marker,
        "This folder was written by `cargo run --example gen_site`; a rerun replaces it.\n",
    )
}

/// Writes `text` to `path`, creating its folder.
fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Copies every file under `from` to the same place under `to`.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.with_context(|| format!("listing {}", from.display()))?;
        let rel = entry.path().strip_prefix(from)?;
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)
                .with_context(|| format!("creating {}", target.display()))?;
        } else {
            fs::copy(entry.path(), &target).with_context(|| {
                format!("copying {} to {}", entry.path().display(), target.display())
            })?;
        }
    }
    Ok(())
}

/// What both sites share: the specialties, the programs, the home and about pages, and the
/// guide sections.
fn write_common(
    repo: &Path,
    site: &Path,
    specialties: &[Specialty],
    program_files: &[String],
) -> Result<()> {
    write(
        &site.join("data/specialties.yaml"),
        &read(&repo.join("data/specialties.yaml"))?,
    )?;
    // Without programs (`--programs 0`), the site has no directory at all: guides only.
    if program_files.iter().all(|yaml| !yaml.contains("acgme_id")) {
        return write_pages(repo, site);
    }
    for (specialty, yaml) in specialties.iter().zip(program_files) {
        write(
            &site.join(format!("data/programs/{}.yaml", specialty.slug)),
            yaml,
        )?;
    }
    write_pages(repo, site)
}

/// The home and about pages, a glossary (they link to it) and the guide sections.
fn write_pages(repo: &Path, site: &Path) -> Result<()> {
    for page in ["_index.md", "about.md"] {
        write(
            &site.join("content").join(page),
            &read(&repo.join("content").join(page))?,
        )?;
    }
    write(&site.join("content/glossary.md"), GLOSSARY)?;
    write(&site.join("content/guides/_index.md"), GUIDES_INDEX)?;
    for (weight, topic) in (1..).zip(&TOPICS) {
        let text = format!(
            "---\ntitle: {}\ndescription: {}\nsort_by: date\npaginate_by: 10\nweight: {weight}\n---\n\n{}\n",
            quoted(topic.title),
            quoted(topic.description),
            topic.intro
        );
        write(
            &site.join(format!("content/guides/{}/_index.md", topic.slug)),
            &text,
        )?;
    }
    Ok(())
}

/// The glossary the home and about pages link to: a short page of generated terms (the
/// repository's own glossary links to its own guides, which a generated site does not have).
const GLOSSARY: &str = "---
title: Glossary
description: The terms the guides use, in short.
---

ACGME
: The Accreditation Council for Graduate Medical Education, which accredits residency programs.

ECFMG
: The Educational Commission for Foreign Medical Graduates, which certifies international medical graduates.

USCE
: US clinical experience: hands-on work or observerships in US hospitals and clinics.
";

const GUIDES_INDEX: &str = "---
title: Guides
description: Step-by-step guides for international medical graduates, from US clinical experience and USMLE to visas, ERAS, interviews and the Match.
sort_by: date
paginate_by: 10
---

Every guide here is written for international medical graduates. Start with the topic you are
working on now, or read them in order: clinical experience and exams come first, then visas and
the application, then interviews and the Match.
";

/// The path of a `path:` line of the menu.
fn menu_path(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix("path:").map(str::trim)
}

/// Whether a menu path leads into the program directory (`/programs/`, `/smart-pick/`).
fn is_directory_path(path: &str) -> bool {
    path.starts_with("/programs/") || path.starts_with("/smart-pick/")
}

fn write_matchpress(repo: &Path, site: &Path, with_programs: bool) -> Result<()> {
    let config = read(&repo.join("site.yaml"))?;
    let mut replaced = false;
    let mut text = String::with_capacity(config.len());
    let lines: Vec<&str> = config.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        // Without programs, the menu entries of the directory go (a `- title:` line and the
        // `path:` line below it).
        let entry_path = if line.trim_start().starts_with("- title:") {
            lines.get(i + 1).and_then(|next| menu_path(next))
        } else {
            menu_path(line)
        };
        if !with_programs && entry_path.is_some_and(is_directory_path) {
            continue;
        }
        if line.starts_with("base_url:") {
            text.push_str("base_url: https://bench.example/\n");
            replaced = true;
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    ensure!(replaced, "site.yaml has no `base_url:` line to replace");
    write(&site.join("site.yaml"), &text)?;
    copy_tree(&repo.join("themes/default"), &site.join("themes/default"))
}

/// The settings of the repository's `site.yaml` that the Hugo site repeats.
#[derive(Deserialize)]
struct SiteFile {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    data_notice: String,
    #[serde(default)]
    feed_limit: Option<usize>,
    #[serde(default)]
    menu: Vec<MenuItem>,
}

#[derive(Deserialize)]
struct MenuItem {
    title: String,
    path: String,
}

impl SiteFile {
    fn read(repo: &Path) -> Result<Self> {
        let rel = Path::new("site.yaml");
        let text = read(&repo.join(rel))?;
        let origin = matchpress::yaml::Origin {
            path: rel,
            line_offset: 0,
        };
        matchpress::yaml::parse(&text, origin).map_err(|d| anyhow!("{d}"))
    }
}

fn write_hugo(repo: &Path, site: &Path, config: &SiteFile, with_programs: bool) -> Result<()> {
    let mut yaml = String::new();
    let _ = write!(
        yaml,
        "# The Hugo twin of the matchpress benchmark site, written by `cargo run --example gen_site`.\n\
         baseURL: https://bench.example/\n\
         locale: en\n\
         title: {}\n\
         {HUGO_CONFIG}\
         services:\n  rss:\n    limit: {}\n\
         params:\n  description: {}\n  author: {}\n  dataNotice: {}\n\
         menus:\n  main:\n",
        quoted(&config.title),
        config.feed_limit.unwrap_or(20),
        quoted(&config.description),
        quoted(&config.author),
        quoted(&config.data_notice),
    );
    for (weight, item) in (1..).zip(&config.menu) {
        let _ = write!(
            yaml,
            "    - name: {}\n      pageRef: {}\n      weight: {weight}\n",
            quoted(&item.title),
            quoted(item.path.trim_end_matches('/')),
        );
    }
    write(&site.join("hugo.yaml"), &yaml)?;
    write(&site.join("content/tags/_index.md"), TAGS_INDEX)?;
    if with_programs {
        write(&site.join("content/programs/_index.md"), PROGRAMS_INDEX)?;
        write(
            &site.join("content/programs/_content.gotmpl"),
            CONTENT_ADAPTER,
        )?;
    }
    for (path, text) in LAYOUTS {
        write(&site.join("layouts").join(path), text)?;
    }
    copy_tree(&repo.join("themes/default/static"), &site.join("static"))
}

/// `text` as a double-quoted YAML scalar.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Rewrites matchpress's internal links, `](@/guides/x/y.md)`, to Hugo's `relref` shortcode.
fn hugo_links(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 512);
    let mut rest = markdown;
    while let Some(at) = rest.find("](@/") {
        let after = &rest[at + 4..];
        let Some(end) = after.find(')') else {
            break;
        };
        out.push_str(&rest[..at]);
        let _ = write!(out, "]({{{{< relref \"/{}\" >}}}})", &after[..end]);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Words of a guide's body: tokens with a letter or digit, after the front matter.
fn body_words(file: &str) -> usize {
    let body = file
        .strip_prefix("---\n")
        .and_then(|f| f.split_once("\n---\n"))
        .map_or(file, |(_, body)| body);
    count_words(body)
}

fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

// ---------------------------------------------------------------------------------------------
// Specialties, as the guides talk about them

struct Spec {
    slug: String,
    /// For titles: "Otolaryngology", "Internal Medicine".
    title: String,
    /// For sentences: "otolaryngology", "internal medicine".
    phrase: String,
    /// How often guides are about it: the fields many IMGs apply to come up most.
    weight: u32,
}

impl Spec {
    fn new(s: &Specialty) -> Self {
        let short = s
            .name
            .split(" (")
            .next()
            .and_then(|n| n.split(" - ").next())
            .unwrap_or(&s.name)
            .to_string();
        let weight = match s.slug.as_str() {
            "internal-medicine" => 30,
            "family-medicine" => 20,
            "pediatrics" | "psychiatry" => 12,
            "neurology" | "pathology" => 8,
            "general-surgery" => 6,
            "transitional-year" | "anesthesiology" | "obstetrics-gynecology" => 4,
            "emergency-medicine" | "physical-medicine-rehabilitation" => 3,
            _ => 1,
        };
        Self {
            slug: s.slug.clone(),
            phrase: short.to_lowercase(),
            title: short,
            weight,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Planning the guides: topics, titles, dates, tags

struct Guide {
    topic: usize,
    subject: usize,
    title: String,
    slug: String,
    date: u32,
    updated: Option<u32>,
    draft: bool,
    tags: Vec<&'static str>,
    specialties: Vec<usize>,
    /// The specialty the text talks about.
    focus: usize,
    /// Whether the title names the focus specialty ("... for Pediatrics Applicants"), which the
    /// description then echoes.
    qualified: bool,
    seed: u64,
}

/// Days from 2024-01-01 (day 0) through 2026-10-31.
const DAYS: u32 = 366 + 365 + 304;
/// The last day an `updated` date may fall on: 2026-11-14.
const LAST_UPDATE: u32 = DAYS + 14;

/// Day `n` after 2024-01-01, as `YYYY-MM-DD`.
fn iso_day(mut n: u32) -> String {
    let mut year = 2024;
    loop {
        let len = if year % 4 == 0 { 366 } else { 365 };
        if n < len {
            break;
        }
        n -= len;
        year += 1;
    }
    let mut month = 1;
    loop {
        let len = match month {
            2 if year % 4 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if n < len {
            break;
        }
        n -= len;
        month += 1;
    }
    format!("{year}-{month:02}-{:02}", n + 1)
}

/// Lowercase ASCII words joined by single hyphens, as matchpress and Hugo make slugs.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if hyphen && !slug.is_empty() {
                slug.push('-');
            }
            hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            hyphen = true;
        }
    }
    slug
}

/// `subject` inside a title: a leading article goes lowercase ("How to Approach the J-1 Visa").
fn mid_title(subject: &str) -> String {
    for article in ["The ", "A ", "An ", "Your "] {
        if let Some(rest) = subject.strip_prefix(article) {
            return format!("{}{rest}", article.to_lowercase());
        }
    }
    subject.to_string()
}

fn plan_guides(specs: &[Spec], count: usize, seed: u64) -> Vec<Guide> {
    let mut rng = Rng::new(seed ^ 0x6775_6964_6573); // "guides"
    let topic_weights: Vec<u32> = TOPICS.iter().map(|t| t.share).collect();
    let spec_weights: Vec<u32> = specs.iter().map(|s| s.weight).collect();
    let mut titles: BTreeSet<String> = BTreeSet::new();
    let mut slugs: BTreeSet<String> = BTreeSet::new();
    let mut guides = Vec::with_capacity(count);
    for index in 0..count {
        let topic = rng.weighted(&topic_weights);
        let t = &TOPICS[topic];
        let mut focus = rng.weighted(&spec_weights);
        let (title, subject, qualified) = 'found: {
            for attempt in 0u32.. {
                let subject = rng.index(t.subjects.len());
                let (subject_title, _) = t.subjects[subject];
                let pattern = rng.pick(TITLE_PATTERNS);
                let base = if pattern.starts_with("{S}") {
                    pattern.replace("{S}", subject_title)
                } else {
                    pattern.replace("{S}", &mid_title(subject_title))
                };
                let roll = rng.below(100);
                let (mut title, qualified) = if roll < 38 {
                    (base, false)
                } else if roll < 70 {
                    focus = rng.weighted(&spec_weights);
                    (
                        format!("{base} for {} Applicants", specs[focus].title),
                        true,
                    )
                } else {
                    let q = rng.pick(QUALIFIERS);
                    (format!("{base}{q}"), false)
                };
                if attempt > 60 {
                    // The combinations run out past a few tens of thousands of guides.
                    title = format!("{title}, Part {}", attempt - 59);
                }
                let slug = slugify(&title);
                if !titles.contains(&title) && !slugs.contains(&slug) {
                    titles.insert(title.clone());
                    slugs.insert(slug);
                    break 'found (title, subject, qualified);
                }
            }
            unreachable!("the part number makes every title new")
        };
        let slug = slugify(&title);
        let date = u32::try_from(rng.below(u64::from(DAYS))).unwrap_or(0);
        let updated = (rng.chance(350) && date + 10 < LAST_UPDATE)
            .then(|| rng.range(date + 10, (date + 420).min(LAST_UPDATE)));
        let draft = rng.chance(10);
        let tags = pick_tags(&mut rng, t);
        let mut specialties = Vec::new();
        if qualified {
            specialties.push(focus);
        }
        let wanted = [0, 1, 1, 2, 2, 3][rng.index(6)].max(specialties.len());
        while specialties.len() < wanted {
            let s = rng.weighted(&spec_weights);
            if !specialties.contains(&s) {
                specialties.push(s);
            }
        }
        if let Some(&first) = specialties.first() {
            focus = first;
        }
        guides.push(Guide {
            topic,
            subject,
            title,
            slug,
            date,
            updated,
            draft,
            tags,
            specialties,
            focus,
            qualified,
            seed: seed
                ^ (u64::try_from(index).unwrap_or(0) + 1).wrapping_mul(0xA076_1D64_78BD_642F),
        });
    }
    guides
}

/// Two to four tags: mostly the topic's own, sometimes one from the whole pool.
fn pick_tags(rng: &mut Rng, topic: &Topic) -> Vec<&'static str> {
    let want = 2 + rng.index(3);
    let mut tags: Vec<&'static str> = Vec::with_capacity(want);
    let mut guard = 0;
    while tags.len() < want && guard < 50 {
        guard += 1;
        let tag = if rng.chance(700) {
            *rng.pick(topic.tags)
        } else {
            *rng.pick(TAGS)
        };
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

// ---------------------------------------------------------------------------------------------
// Writing one guide

/// One entry of a list of texts, drawn as `Rng::pick` draws.
fn one(rng: &mut Rng, pool: &[&'static str]) -> &'static str {
    pool[rng.index(pool.len())]
}

/// Everything a guide's text may draw on, shared by all guides.
struct Corpus<'a> {
    specs: &'a [Spec],
    guides: &'a [Guide],
    /// Per topic, the guides that other guides may link to (not drafts).
    linkable: &'a [Vec<usize>],
}

/// The values a template's `{slots}` take in one guide; fixed per guide, so its examples stay
/// consistent ("Amina" stays Amina).
struct Slots<'a> {
    subject: &'a str,
    specialty: &'a str,
    name: &'a str,
    name2: &'a str,
    country: &'a str,
    months: &'a str,
    weeks: &'a str,
    score: u32,
    programs: u32,
}

impl Slots<'_> {
    /// `template` with every `{slot}` filled in, appended to `out`.
    fn fill_into(&self, out: &mut String, template: &str) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            match &after[..close] {
                "subject" => out.push_str(self.subject),
                "Subject" => {
                    let mut chars = self.subject.chars();
                    if let Some(first) = chars.next() {
                        out.extend(first.to_uppercase());
                        out.push_str(chars.as_str());
                    }
                }
                "specialty" => out.push_str(self.specialty),
                "name" => out.push_str(self.name),
                "name2" => out.push_str(self.name2),
                "country" => out.push_str(self.country),
                "months" => out.push_str(self.months),
                "weeks" => out.push_str(self.weeks),
                "score" => {
                    let _ = write!(out, "{}", self.score);
                }
                "programs" => {
                    let _ = write!(out, "{}", self.programs);
                }
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
    }

    fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        self.fill_into(&mut out, template);
        out
    }
}

/// Indices of a list in a shuffled order, drawn without repeats until all are used.
struct Deck {
    order: Vec<usize>,
    next: usize,
}

impl Deck {
    fn new(len: usize) -> Self {
        Self {
            order: (0..len).collect(),
            next: len,
        }
    }

    fn draw(&mut self, rng: &mut Rng) -> usize {
        if self.next >= self.order.len() {
            programs::shuffle(rng, &mut self.order);
            self.next = 0;
        }
        self.next += 1;
        self.order.get(self.next - 1).copied().unwrap_or(0)
    }
}

/// A guide's markdown body as it grows, with its word count.
struct Writer<'a> {
    out: String,
    words: usize,
    rng: Rng,
    slots: Slots<'a>,
    topic: &'static Topic,
    topic_sentences: Deck,
    general: Deck,
    examples: Deck,
    fillers: Deck,
    subheadings: Deck,
    tips: Deck,
    externals: Deck,
    /// Link sentences not placed yet.
    links: Vec<String>,
    /// Links that end the guide as a list, if no paragraph took them.
    link_items: Vec<String>,
}

impl Writer<'_> {
    fn block(&mut self, text: &str) {
        self.words += count_words(text);
        self.out.push_str(text);
        self.out.push_str("\n\n");
    }

    fn heading(&mut self, level: usize, template: &str) {
        let mut text = "#".repeat(level);
        text.push(' ');
        self.slots.fill_into(&mut text, template);
        self.block(&text);
    }

    /// A sentence of the topic's bank or of the general one.
    fn sentence(&mut self) -> String {
        if self.rng.chance(550) {
            let i = self.topic_sentences.draw(&mut self.rng);
            self.slots.fill(self.topic.sentences[i])
        } else {
            let i = self.general.draw(&mut self.rng);
            self.slots.fill(GENERAL[i])
        }
    }

    /// A paragraph: `lead` (if any) and `n` more sentences, sometimes with a link to another
    /// guide or an official site.
    fn paragraph(&mut self, lead: Option<String>, n: usize) {
        let mut sentences: Vec<String> = lead.into_iter().collect();
        for _ in 0..n {
            sentences.push(self.sentence());
        }
        if !self.links.is_empty() && self.rng.chance(400) {
            let at = 1 + self.rng.index(sentences.len());
            let link = self.links.remove(0);
            sentences.insert(at.min(sentences.len()), link);
        }
        if self.rng.chance(35) {
            let i = self.externals.draw(&mut self.rng);
            sentences.push(EXTERNAL_LINKS[i].to_string());
        }
        self.block(&sentences.join(" "));
    }

    fn list(&mut self, items: &[String], numbered: bool) {
        let mut text = String::new();
        for (n, item) in (1..).zip(items) {
            if numbered {
                let _ = writeln!(text, "{n}. {item}");
            } else {
                let _ = writeln!(text, "- {item}");
            }
        }
        self.block(text.trim_end());
    }

    /// `count` entries of `pool`, filled, in a random order.
    fn draw_from(&mut self, pool: &[&str], count: usize) -> Vec<String> {
        let mut deck = Deck::new(pool.len());
        (0..count.min(pool.len()))
            .map(|_| {
                let i = deck.draw(&mut self.rng);
                self.slots.fill(pool[i])
            })
            .collect()
    }

    fn example(&mut self) {
        let i = self.examples.draw(&mut self.rng);
        let text = self.slots.fill(EXAMPLES[i]);
        self.block(&text);
    }

    fn table(&mut self, table: &Table) {
        let lead = self.slots.fill(table.lead);
        self.block(&lead);
        let mut text = String::new();
        let _ = writeln!(text, "| {} |", table.header.join(" | "));
        let rule: Vec<&str> = table.header.iter().map(|_| "---").collect();
        let _ = writeln!(text, "|{}|", rule.join("|"));
        // Keep the rows' order (timelines read top to bottom), but not always all of them.
        let keep = table.rows.len().min(3 + self.rng.index(table.rows.len()));
        let mut drop = table.rows.len() - keep;
        for (i, row) in table.rows.iter().enumerate() {
            let left = table.rows.len() - i;
            if drop > 0 && i > 0 && (left <= drop || self.rng.chance(300)) {
                drop -= 1;
                continue;
            }
            let _ = writeln!(text, "| {} |", self.slots.fill(&row.join(" | ")));
        }
        self.block(text.trim_end());
        let note = one(&mut self.rng, TABLE_NOTES);
        self.block(note);
    }

    /// A section that adds length: a general heading, paragraphs, sometimes a subsection,
    /// tips, an example or a list of mistakes.
    fn filler(&mut self, mistakes_left: &mut bool) {
        if *mistakes_left && self.rng.chance(350) {
            *mistakes_left = false;
            let heading = one(&mut self.rng, MISTAKE_HEADINGS);
            self.heading(2, heading);
            let lead = one(&mut self.rng, MISTAKE_LEADS);
            self.block(lead);
            let count = 3 + self.rng.index(3);
            let items = self.draw_from(self.topic.mistakes, count);
            self.list(&items, false);
            return;
        }
        let f = &FILLERS[self.fillers.draw(&mut self.rng)];
        self.heading(2, f.heading);
        let lead = f
            .sentences
            .iter()
            .map(|s| self.slots.fill(s))
            .collect::<Vec<_>>();
        let n = 1 + self.rng.index(3);
        self.paragraph(Some(lead.join(" ")), n);
        match self.rng.below(10) {
            0..=2 => {
                let sub = SUBHEADINGS[self.subheadings.draw(&mut self.rng)];
                self.heading(3, sub);
                let n = 2 + self.rng.index(3);
                self.paragraph(None, n);
            }
            3..=5 => {
                let count = 3 + self.rng.index(2);
                let mut items = Vec::with_capacity(count);
                for _ in 0..count {
                    let i = self.tips.draw(&mut self.rng);
                    items.push(TIPS[i].to_string());
                }
                self.list(&items, false);
            }
            6..=7 => self.example(),
            _ => {
                let n = 2 + self.rng.index(3);
                self.paragraph(None, n);
            }
        }
    }
}

impl Corpus<'_> {
    /// The whole markdown file of guide `i`, with matchpress's `@/` internal links.
    fn guide_file(&self, i: usize) -> String {
        let g = &self.guides[i];
        let topic = &TOPICS[g.topic];
        let mut rng = Rng::new(g.seed);
        let name = *rng.pick(NAMES);
        let mut name2 = *rng.pick(NAMES);
        while name2 == name {
            name2 = *rng.pick(NAMES);
        }
        let slots = Slots {
            subject: topic.subjects[g.subject].1,
            specialty: &self.specs[g.focus].phrase,
            name,
            name2,
            country: one(&mut rng, COUNTRIES),
            months: one(&mut rng, &["two", "three", "four"]),
            weeks: one(
                &mut rng,
                &["four-week", "six-week", "four-week", "eight-week"],
            ),
            score: 5 * rng.range(44, 50),
            programs: 10 * rng.range(6, 15),
        };
        let links = self.links(i, &mut rng);
        let mut w = Writer {
            out: String::with_capacity(16_384),
            words: 0,
            slots,
            topic,
            topic_sentences: Deck::new(topic.sentences.len()),
            general: Deck::new(GENERAL.len()),
            examples: Deck::new(EXAMPLES.len()),
            fillers: Deck::new(FILLERS.len()),
            subheadings: Deck::new(SUBHEADINGS.len()),
            tips: Deck::new(TIPS.len()),
            externals: Deck::new(EXTERNAL_LINKS.len()),
            link_items: links.iter().map(|(item, _)| item.clone()).collect(),
            links: links.into_iter().map(|(_, sentence)| sentence).collect(),
            rng,
        };
        let target =
            700 + usize::try_from(u64::midpoint(w.rng.below(1451), w.rng.below(1451))).unwrap_or(0);

        // Introduction.
        let opener = w.slots.fill(one(&mut w.rng, topic.openers));
        let n = 2 + w.rng.index(2);
        w.paragraph(Some(opener), n);
        if target > 900 || w.rng.chance(500) {
            let lead = w.slots.fill(one(&mut w.rng, GUIDE_INTROS));
            let n = w.rng.index(2);
            w.paragraph(Some(lead), n);
        }

        // Why it matters.
        let heading = one(&mut w.rng, WHY_HEADINGS);
        w.heading(2, heading);
        w.paragraph(None, 2);
        let count = 3 + w.rng.index(2);
        let items = w.draw_from(topic.why, count);
        w.list(&items, false);

        // The options, with examples.
        let heading = one(&mut w.rng, KIND_HEADINGS);
        w.heading(2, heading);
        let lead = w.slots.fill(one(&mut w.rng, KIND_LEADS));
        w.block(&lead);
        let kinds = if target < 1000 { 2 } else { 2 + w.rng.index(3) };
        let mut deck = Deck::new(topic.kinds.len());
        for _ in 0..kinds.min(topic.kinds.len()) {
            let kind = &topic.kinds[deck.draw(&mut w.rng)];
            w.heading(3, kind.heading);
            let text = w.slots.fill(kind.text);
            let n = w.rng.index(2);
            w.paragraph(Some(text), n);
            if w.rng.chance(600) {
                let example = w.slots.fill(kind.example);
                w.block(&example);
            }
        }

        // A table, in most guides.
        if w.rng.chance(850) {
            let heading = one(&mut w.rng, TABLE_HEADINGS);
            w.heading(2, heading);
            let table = w.rng.pick(topic.tables);
            w.table(table);
        }

        // A plan.
        let heading = one(&mut w.rng, STEP_HEADINGS);
        w.heading(2, heading);
        let lead = one(&mut w.rng, STEP_LEADS);
        w.block(lead);
        let count = 4 + w.rng.index(4);
        let mut picked: Vec<usize> = {
            let mut deck = Deck::new(topic.steps.len());
            (0..count.min(topic.steps.len()))
                .map(|_| deck.draw(&mut w.rng))
                .collect()
        };
        picked.sort_unstable();
        let steps: Vec<String> = picked
            .iter()
            .map(|&s| w.slots.fill(topic.steps[s]))
            .collect();
        w.list(&steps, true);

        // More sections until the guide is as long as it should be.
        let mut mistakes_left = true;
        while w.words + 120 < target {
            w.filler(&mut mistakes_left);
        }

        // Conclusion, call to action, and any links not placed yet.
        let heading = one(&mut w.rng, CONCLUSION_HEADINGS);
        w.heading(2, heading);
        let mut closing = w.draw_from(CONCLUSIONS, 2);
        closing.push(w.slots.fill(one(&mut w.rng, CALLS_TO_ACTION)));
        let text = closing.join(" ");
        w.block(&text);
        let unplaced = w.links.len();
        if unplaced > 0 {
            let from = w.link_items.len() - unplaced;
            let items = w.link_items[from..].to_vec();
            let lead = one(&mut w.rng, READ_NEXT);
            w.block(lead);
            w.list(&items, false);
        }

        self.front_matter(g, &mut w) + w.out.trim_end() + "\n"
    }

    /// Two to five other guides to link to, mostly of the same topic: for each, a list item
    /// and a sentence.
    fn links(&self, i: usize, rng: &mut Rng) -> Vec<(String, String)> {
        let g = &self.guides[i];
        let total: usize = self.linkable.iter().map(Vec::len).sum();
        let others = total - usize::from(!g.draft);
        let want = (2 + rng.index(4)).min(others);
        let mut chosen: Vec<usize> = Vec::with_capacity(want);
        let mut guard = 0;
        while chosen.len() < want && guard < 200 {
            guard += 1;
            let pool = if rng.chance(600) && self.linkable[g.topic].len() > 1 {
                &self.linkable[g.topic]
            } else {
                &self.linkable[rng.index(self.linkable.len())]
            };
            if pool.is_empty() {
                continue;
            }
            let j = pool[rng.index(pool.len())];
            if j != i && !chosen.contains(&j) {
                chosen.push(j);
            }
        }
        chosen
            .into_iter()
            .map(|j| {
                let other = &self.guides[j];
                let link = format!(
                    "[{}](@/guides/{}/{}.md)",
                    other.title, TOPICS[other.topic].slug, other.slug
                );
                let sentence = (*rng.pick(LINK_SENTENCES)).replace("{link}", &link);
                (link, sentence)
            })
            .collect()
    }

    fn front_matter(&self, g: &Guide, w: &mut Writer<'_>) -> String {
        let mut fm = String::with_capacity(2048);
        fm.push_str("---\n");
        let _ = writeln!(fm, "title: {}", quoted(&g.title));
        let mut description = w.slots.fill(one(&mut w.rng, DESCRIPTIONS));
        if g.qualified {
            description.push_str(
                &w.slots
                    .fill(" Written with {specialty} applicants in mind."),
            );
        }
        let mut chars = description.chars();
        if let Some(first) = chars.next() {
            description = first.to_uppercase().chain(chars).collect();
        }
        let _ = writeln!(fm, "description: {}", quoted(&description));
        let _ = writeln!(fm, "date: {}", iso_day(g.date));
        if let Some(updated) = g.updated {
            let _ = writeln!(fm, "updated: {}", iso_day(updated));
        }
        let _ = writeln!(fm, "tags: [{}]", g.tags.join(", "));
        if !g.specialties.is_empty() {
            let slugs: Vec<&str> = g
                .specialties
                .iter()
                .map(|&s| self.specs[s].slug.as_str())
                .collect();
            let _ = writeln!(fm, "specialties: [{}]", slugs.join(", "));
        }
        if g.draft {
            fm.push_str("draft: true\n");
        }
        fm.push_str("faq:\n");
        let topic = &TOPICS[g.topic];
        let count = 2 + w.rng.index(3);
        let mut deck = Deck::new(topic.faq.len());
        for _ in 0..count.min(topic.faq.len()) {
            let (question, answer) = topic.faq[deck.draw(&mut w.rng)];
            let _ = writeln!(fm, "  - question: {}", quoted(&w.slots.fill(question)));
            let _ = writeln!(fm, "    answer: {}", quoted(&w.slots.fill(answer)));
        }
        fm.push_str("---\n\n");
        fm
    }
}

// ---------------------------------------------------------------------------------------------
// The text bank. Every sentence here was written for this generator. `{subject}` is the
// guide's subject ("the J-1 visa"), `{Subject}` the same with a capital, `{specialty}` the
// specialty the guide talks about; `{name}`, `{name2}`, `{country}`, `{months}`, `{weeks}`,
// `{score}` and `{programs}` stay the same throughout one guide.

struct Topic {
    slug: &'static str,
    title: &'static str,
    description: &'static str,
    /// The section page's text.
    intro: &'static str,
    /// Relative share of the guides.
    share: u32,
    tags: &'static [&'static str],
    /// (in a title, in a sentence)
    subjects: &'static [(&'static str, &'static str)],
    openers: &'static [&'static str],
    sentences: &'static [&'static str],
    why: &'static [&'static str],
    kinds: &'static [Choice],
    /// In the order an applicant does them.
    steps: &'static [&'static str],
    mistakes: &'static [&'static str],
    tables: &'static [Table],
    faq: &'static [(&'static str, &'static str)],
}

/// One of the options a guide walks through, with an example.
struct Choice {
    heading: &'static str,
    text: &'static str,
    example: &'static str,
}

struct Table {
    lead: &'static str,
    header: &'static [&'static str],
    rows: &'static [&'static [&'static str]],
}

/// A general section: its heading and the two sentences that open it.
struct Filler {
    heading: &'static str,
    sentences: [&'static str; 2],
}

const TITLE_PATTERNS: &[&str] = &[
    "{S}: A Practical Guide",
    "How to Approach {S}",
    "{S} Explained",
    "Common Mistakes with {S}",
    "A Timeline for {S}",
    "What Programs Look for in {S}",
    "{S}, Step by Step",
    "Planning Around {S}",
    "Questions IMGs Ask About {S}",
    "A Checklist for {S}",
    "Getting {S} Right",
    "{S}: What IMGs Should Know",
    "Making the Most of {S}",
    "{S} Without the Guesswork",
    "A Realistic Look at {S}",
    "{S}: Myths and Facts",
];

const QUALIFIERS: &[&str] = &[
    " as an Older Graduate",
    " After a Gap Year",
    " on a Tight Budget",
    " for Non-US Citizen IMGs",
    " for US Citizen IMGs",
    " in Your Final Year of Medical School",
    " While Working Full Time",
    " in a Reapplication Year",
    " for Couples",
    " for First-Time Applicants",
    " with a Research Background",
    " from Outside the United States",
    " When Time Is Short",
    " with an Exam Attempt on Your Record",
    " for the Next Application Cycle",
    " for Parents in Medicine",
];

const TAGS: &[&str] = &[
    "usmle",
    "step-1",
    "step-2-ck",
    "step-3",
    "oet",
    "ecfmg",
    "usce",
    "observerships",
    "externships",
    "research",
    "visas",
    "j-1",
    "h-1b",
    "waivers",
    "eras",
    "personal-statement",
    "letters",
    "cv",
    "program-signals",
    "program-list",
    "interviews",
    "virtual-interviews",
    "thank-you-notes",
    "rank-list",
    "match",
    "soap",
    "couples-match",
    "img-basics",
    "budgeting",
    "timeline",
    "red-flags",
    "gap-years",
    "reapplicants",
    "mentorship",
    "networking",
    "wellbeing",
    "licensing",
    "fellowship",
    "green-card",
    "communication",
];

const NAMES: &[&str] = &[
    "Amina", "Ravi", "Lucía", "Tomás", "Chidi", "Mei", "Farah", "Omar", "Priya", "Daniel", "Ngozi",
    "Hassan", "Sofia", "Karthik", "Yusuf", "Ana", "Kwame", "Leila", "Mateo", "Hiroshi", "Fatima",
    "Arjun", "Elena", "Samuel", "Zainab", "Nikolai", "Aisha", "Diego", "Rania", "Vikram",
];

const COUNTRIES: &[&str] = &[
    "India",
    "Pakistan",
    "Nigeria",
    "Egypt",
    "the Philippines",
    "Brazil",
    "Mexico",
    "Colombia",
    "Jordan",
    "Nepal",
    "Bangladesh",
    "Iran",
    "Ukraine",
    "Syria",
    "Kenya",
    "Ghana",
    "Peru",
    "Sri Lanka",
    "Lebanon",
    "Ethiopia",
];

const GUIDE_INTROS: &[&str] = &[
    "This guide explains what {subject} involves, walks through the main options with examples, and ends with a step-by-step plan and answers to common questions.",
    "Below you will find why {subject} matters, the choices you have, a practical plan and the mistakes we see most often.",
    "We start with why it matters, then look at the options, and finish with concrete steps you can take this month.",
    "Read it from start to finish the first time, then come back to the checklist when you need it.",
    "Everything here describes how the process usually works; always confirm current rules with the official source.",
    "The sections build on each other, but each one also stands on its own if you only need part of the answer.",
];

const GENERAL: &[&str] = &[
    "Most of the questions we get about {subject} come down to timing: what to do first, and what can safely wait.",
    "There is no single right way to handle {subject}, but a few patterns work again and again.",
    "Programs see thousands of applications each season, and small details can decide whether yours gets a second look.",
    "Keep copies of every document, email and receipt connected to {subject} in one folder; you will need them again.",
    "Ask applicants who matched one or two years ahead of you how they handled it; their experience is more current than most forum threads.",
    "Rules change from one cycle to the next, so confirm every deadline and fee with the official source before you act.",
    "If you are unsure, write to the program coordinator with one short, specific question rather than a long list.",
    "It helps to think about {subject} a full year before you plan to apply, not a few weeks before the deadline.",
    "None of this requires insider connections; it requires a plan, a calendar and some persistence.",
    "Applicants from {country} often tell us that the hardest part was not the work itself but knowing where to start.",
    "The goal is not perfection but a clear, honest record that a program director can understand in a minute.",
    "Budget both money and time: many steps take longer than their official processing times suggest.",
    "A spreadsheet with one row per program and one column per requirement will save you hours later.",
    "When two sources disagree, the program's own website or its coordinator is right, and an old forum post is not.",
    "Think of {subject} as one piece of a larger story about why you want to train in {specialty} in the United States.",
    "*Start early* is advice everyone gives; the useful version is to put each step on a dated calendar.",
    "Many applicants spend too long comparing options and too little time actually starting.",
    "You do not have to do everything at once: sequence the steps so that each one unlocks the next.",
    "Write down what you did, when, and who supervised you while it is fresh; details fade quickly.",
    "Programs rarely reject an applicant for one weakness, but they do notice a pattern of missing information.",
    "A short, polite follow-up after two weeks of silence is normal, and most coordinators appreciate it.",
    "Set aside a fixed evening each week for application tasks, so they do not crowd out study time.",
    "If money is tight, focus on the steps that programs actually screen for and skip the optional extras.",
    "Some of the best advice comes from residents at the programs you are targeting, so reach out politely.",
    "The details vary by program, and the only reliable way to know a program's policy is to read it and, if needed, ask.",
    "What matters most is consistency: the dates, titles and names in every document should match exactly.",
    "It is normal to feel behind; almost every applicant does at some point in the cycle.",
    "Keep your expectations realistic and your list broad, especially in your first application cycle.",
    "Every year some applicants lose weeks to a missing signature or an expired document, so check everything twice.",
    "A mentor who knows the US system, even one you speak with only a few times, can spot problems you cannot see.",
    "Be honest about the weak points in your record; programs respond better to an explanation than to silence.",
    "For most IMGs, {subject} is a means to an end: a stronger, clearer application.",
    "Be careful with paid services that promise guaranteed results; no one can guarantee an interview or a match.",
    "Your time is limited, so measure each activity by what it adds to your application.",
    "Remember that program directors read applications quickly, often in a few minutes each.",
    "Track every deadline in one calendar, with a reminder two weeks before each one.",
    "Small, steady progress beats a last-minute rush every time.",
    "The official instructions are long, but reading them once from start to finish prevents most mistakes.",
    "When in doubt, choose the option that keeps the most doors open.",
    "Your situation is not unusual: thousands of international graduates go through the same process every year.",
    "What looks like a requirement on a forum is sometimes only one program's preference, so check before you change your plans.",
    "A plan you can explain in two sentences is usually a plan you can carry out.",
    "If a step feels overwhelming, break it into tasks that take less than an hour each.",
    "Programs in {specialty} talk to each other more than applicants think, so professionalism matters everywhere.",
    "The applicants who cope best are the ones who expect delays and build them into the plan.",
    "It is worth rereading your own documents as a stranger would, looking for anything that raises a question.",
    "Be *specific* whenever you describe your work: numbers, settings and responsibilities say more than adjectives.",
    "An hour spent checking requirements now can save an application fee, or a whole cycle, later.",
    "Not every program publishes its policies, so an unanswered question is not the same as a no.",
    "Keep a short list of people you can ask for help, and thank them when things work out.",
    "Good decisions come from good information, and good information usually comes from the source itself.",
    "*Consistency* across your documents matters more than any single impressive line.",
];

const EXAMPLES: &[&str] = &[
    "**Example:** {name} kept a one-page plan above the desk, with the next three deadlines in large print, and crossed each one off as it passed.",
    "**Example:** {name2}, a graduate from {country}, asked two residents at target programs for a short video call and learned more in an hour than in a month of reading forums.",
    "**Example:** {name} set aside every Sunday morning for application tasks and finished the whole application two weeks before it could be submitted.",
    "**Example:** when a document from the medical school in {country} was delayed, {name} emailed the program coordinator at once, explained the timeline and was given more time.",
    "**Example:** {name2} wrote down every expense for a year and found that travel, not fees, was the largest cost.",
    "**Example:** {name} practiced explaining a gap year in three sentences with a friend until it sounded natural rather than defensive.",
    "**Example:** {name2} compared twenty {specialty} programs in a spreadsheet and found that a third of them did not sponsor the visa {name2} needed.",
    "**Example:** after reading each program's website twice, {name} removed fifteen programs from the list and used the savings for a rotation.",
];

const FILLERS: &[Filler] = &[
    Filler {
        heading: "Planning your time",
        sentences: [
            "Work backward from the deadlines that matter, and put each task on a dated calendar.",
            "Most applicants find that every step takes about twice as long as they expected.",
        ],
    },
    Filler {
        heading: "Costs and budgeting",
        sentences: [
            "Fees for exams, applications, rotations and travel add up quickly, so write them down before you commit to any of them.",
            "A simple budget with a reserve for surprises keeps one unexpected cost from derailing the whole plan.",
        ],
    },
    Filler {
        heading: "How programs read this part of your application",
        sentences: [
            "Program directors and selection committees read quickly and look for reasons to keep reading.",
            "They notice specifics: names, dates, numbers and what you did yourself.",
        ],
    },
    Filler {
        heading: "If you graduated some time ago",
        sentences: [
            "Many programs set a limit on the years since graduation, often five and sometimes less.",
            "If you are past a program's limit, focus on programs that state no limit or a longer one, and show recent clinical activity.",
        ],
    },
    Filler {
        heading: "If you are reapplying",
        sentences: [
            "A second application is read alongside your first, so programs look for what has changed.",
            "New clinical experience, a new letter or a better score shows growth more clearly than rewritten essays.",
        ],
    },
    Filler {
        heading: "A note for {specialty} applicants",
        sentences: [
            "Each specialty has its own habits, and {specialty} is no exception.",
            "Look at the current residents of the {specialty} programs on your list: where they trained tells you a lot about what each program values.",
        ],
    },
    Filler {
        heading: "Working with mentors",
        sentences: [
            "A mentor does not need to be famous; they need to know the US system and be willing to read your work.",
            "Ask specific questions and respect their time, and most mentors will gladly help again.",
        ],
    },
    Filler {
        heading: "Keeping good records",
        sentences: [
            "Save every confirmation, receipt and email in one place, named so you can find it in a year.",
            "You will need the same dates, addresses and names again for licensing, credentialing and visas.",
        ],
    },
    Filler {
        heading: "Talking to programs",
        sentences: [
            "Coordinators answer many emails every day, so short, specific messages get the fastest replies.",
            "Put your full name and AAMC ID in the subject line when you write to a program.",
        ],
    },
    Filler {
        heading: "Staying well during the process",
        sentences: [
            "The application cycle is long, and it is easier to finish if you protect your sleep and your relationships.",
            "Plan breaks the same way you plan study blocks, and keep them.",
        ],
    },
    Filler {
        heading: "What to do this week",
        sentences: [
            "Turning advice into action is the hard part, so start with one small task you can finish in an hour.",
            "Then put the next three tasks on your calendar with real dates.",
        ],
    },
    Filler {
        heading: "When things go wrong",
        sentences: [
            "A delayed document, a disappointing score or a cancelled rotation feels like a disaster at the time, but most setbacks can be absorbed.",
            "Tell the people affected early, find out your options, and adjust the plan rather than abandoning it.",
        ],
    },
    Filler {
        heading: "Using the program directory",
        sentences: [
            "A directory that lists visas, score minimums and IMG shares lets you set aside programs that will not consider you before you pay to apply.",
            "Treat every figure as a starting point, and confirm it on the program's own website.",
        ],
    },
    Filler {
        heading: "Questions to ask yourself",
        sentences: [
            "Before you commit time or money, ask what this step adds to your application and what it costs.",
            "If you cannot answer in one sentence, the step may not be worth it yet.",
        ],
    },
    Filler {
        heading: "Learning from others",
        sentences: [
            "Applicants who matched recently are the best source of practical detail, and most are happy to share.",
            "Ask what they would do differently, not only what they did.",
        ],
    },
    Filler {
        heading: "Ways to save money",
        sentences: [
            "Some costs are unavoidable, but many can be reduced with planning.",
            "Booking early, applying selectively and sharing accommodation during rotations all add up.",
        ],
    },
    Filler {
        heading: "Timing across the year",
        sentences: [
            "Most steps in this process depend on others, so a delay in one place moves everything after it.",
            "Build a buffer of a few weeks between steps wherever you can.",
        ],
    },
    Filler {
        heading: "If English is not your first language",
        sentences: [
            "Programs look for clear communication, not a perfect accent.",
            "Practice explaining clinical situations aloud, and ask a colleague to point out phrases that sound unusual in US hospitals.",
        ],
    },
];

const SUBHEADINGS: &[&str] = &[
    "What this looks like in practice",
    "If you are short on time",
    "If you are on a budget",
    "One more thing to check",
    "A word on timing",
    "What we would do",
    "The part most people skip",
    "If you are applying from abroad",
];

const TIPS: &[&str] = &[
    "**Write it down.** Decisions made in a hurry are easier to revisit when you noted why you made them.",
    "**Ask early.** Most people say yes to a request that gives them enough time.",
    "**Check the source.** Official pages beat summaries, including this one.",
    "**Keep it short.** Emails, statements and answers are all stronger when they are shorter.",
    "**Be specific.** Names, dates and numbers make every claim more convincing.",
    "**Protect your weekends.** A rested applicant makes fewer mistakes.",
    "**Use a checklist.** It is the cheapest way to avoid the most common errors.",
    "**Follow up.** A polite reminder after two weeks is normal and expected.",
    "**Stay organized.** One spreadsheet, one calendar and one folder are enough.",
    "**Plan for delays.** Assume every document will take longer than promised.",
];

const EXTERNAL_LINKS: &[&str] = &[
    "The [NRMP](https://www.nrmp.org/) publishes the official Match calendar and its policies every year.",
    "Current requirements for certification are on the [ECFMG website](https://www.ecfmg.org/).",
    "Exam content outlines and registration details are on the [USMLE website](https://www.usmle.org/).",
    "The [AAMC](https://www.aamc.org/) publishes the ERAS timeline and instructions for applicants.",
    "Many applicants start their program research in [FREIDA](https://freida.ama-assn.org/), the AMA's residency database.",
    "Visa appointment waiting times are listed on the [State Department's visa pages](https://travel.state.gov/).",
    "Forms and fees for employment-based visas are on the [USCIS website](https://www.uscis.gov/).",
    "The [Occupational English Test](https://oet.com/) site describes the OET Medicine subtests and test dates.",
];

const LINK_SENTENCES: &[&str] = &[
    "For the details, see {link}.",
    "We cover a related question in {link}.",
    "If you have not read it yet, {link} is a useful companion to this guide.",
    "Applicants in a similar position often find {link} helpful as well.",
    "The next step is explained in {link}.",
    "There is more on this in our guide {link}.",
    "See also {link}, which looks at the same problem from another angle.",
];

const READ_NEXT: &[&str] = &["Read next:", "Related guides:", "Keep reading:"];

const WHY_HEADINGS: &[&str] = &[
    "Why {subject} matters",
    "Why this matters for IMGs",
    "What is at stake",
    "Why programs pay attention",
    "The case for planning early",
];

const KIND_HEADINGS: &[&str] = &[
    "Your options",
    "The main options",
    "What counts, with examples",
    "The choices in practice",
    "Understanding the options",
];

const KIND_LEADS: &[&str] = &[
    "Most applicants choose among a few familiar routes. Here is what each involves, with an example of how it plays out.",
    "The options below are not exclusive; many applicants combine two of them.",
    "Each option suits a different situation, so read them with your own timeline in mind.",
    "Here are the main routes, in roughly the order applicants consider them.",
];

const TABLE_HEADINGS: &[&str] = &[
    "At a glance",
    "A side-by-side comparison",
    "A quick reference",
    "The key facts in one table",
];

const TABLE_NOTES: &[&str] = &[
    "Treat the table as a rule of thumb: individual programs and institutions vary.",
    "Timings and details change from cycle to cycle, so check the current rules before you rely on them.",
    "Your own situation may not fit neatly into one row, and that is normal.",
    "Use it to start a conversation with a mentor, not to end one.",
];

const STEP_HEADINGS: &[&str] = &[
    "Step by step",
    "A step-by-step plan",
    "How to get started",
    "A practical plan",
    "What to do, in order",
];

const STEP_LEADS: &[&str] = &[
    "Here is a sequence that works for most applicants:",
    "A plan you can start this month:",
    "In order, the steps look like this:",
    "Adapt these steps to your own timeline:",
];

const MISTAKE_HEADINGS: &[&str] = &[
    "Common mistakes",
    "Mistakes to avoid",
    "Pitfalls we see every year",
    "What not to do",
];

const MISTAKE_LEADS: &[&str] = &[
    "A few mistakes come up again and again:",
    "Most of these are easy to avoid once you know about them:",
    "We see these every cycle:",
];

const CONCLUSION_HEADINGS: &[&str] = &[
    "Putting it together",
    "Next steps",
    "The short version",
    "Where to go from here",
    "Summing up",
];

const CONCLUSIONS: &[&str] = &[
    "{Subject} is one step among many, but it is one you can plan for and control.",
    "None of this has to be done in one go; pick the first task and put a date next to it.",
    "The applicants who do best are rarely the ones with perfect records; they are the ones who plan early and keep going.",
    "Come back to this guide when you reach the next stage, and check the official sources for anything that may have changed.",
    "Whatever your starting point, a clear plan and honest expectations will carry you a long way.",
    "If something here does not fit your situation, ask a mentor or the program directly rather than guessing.",
];

const CALLS_TO_ACTION: &[&str] = &[
    "When you are ready to shortlist programs, browse the program directory and filter {specialty} programs by visa sponsorship, score minimums and their record with international graduates.",
    "Try Smart Pick to rank programs against your own profile, privately, in your browser, and then read each program's requirements before you apply.",
    "Use the program directory to check which {specialty} programs sponsor your visa and publish requirements you meet.",
];

const DESCRIPTIONS: &[&str] = &[
    "A practical guide to {subject} for international medical graduates: what it involves, how long it takes and the mistakes to avoid.",
    "How IMGs can plan {subject}, with a step-by-step timeline, examples and answers to common questions.",
    "What programs expect from {subject}, and how international graduates can meet those expectations without wasting time or money.",
    "Everything an international medical graduate needs to know about {subject}, from first steps to the final checklist.",
    "A clear, realistic look at {subject} for IMGs, with examples, a checklist and frequently asked questions.",
    "Plan {subject} with confidence: the options, the timeline and the common pitfalls for international graduates.",
    "Straightforward advice on {subject} for international graduates applying to US residency.",
    "The essentials of {subject}, explained for IMGs, with a table of options and a step-by-step plan.",
];

const TOPICS: [Topic; 6] = [
    Topic {
        slug: "clinical-experience",
        title: "Clinical experience",
        description: "How international medical graduates find, evaluate and present US clinical experience: observerships, externships, electives and research.",
        intro: "Programs want to know that you can work safely in a US hospital, and clinical experience here is the most direct evidence you can give them. These guides explain the kinds of US clinical experience, how to find them from abroad, what they cost, and how to describe them honestly in your application.\n\nStart with the differences between observation and hands-on care: they matter more than the name of the hospital.",
        share: 16,
        tags: &[
            "usce",
            "observerships",
            "externships",
            "research",
            "letters",
            "networking",
            "budgeting",
        ],
        subjects: &[
            ("Observerships", "observerships"),
            ("Hands-On Externships", "hands-on externships"),
            ("US Clinical Experience", "US clinical experience"),
            ("Clinical Electives", "clinical electives"),
            ("Research Positions", "research positions in US hospitals"),
            ("Volunteer Clinical Work", "volunteer clinical work"),
            ("Letters from US Rotations", "letters from US rotations"),
            ("Clinical Experience Gaps", "gaps in clinical experience"),
            ("Rotation Paperwork", "the paperwork for US rotations"),
            (
                "Rotations at Community Hospitals",
                "rotations at community hospitals",
            ),
            ("Shadowing", "shadowing"),
            ("Visiting Physician Programs", "visiting physician programs"),
        ],
        openers: &[
            "US clinical experience, usually shortened to USCE, is one of the first things many program directors look for in an international application.",
            "Few parts of the application cause as much confusion for IMGs as clinical experience in the United States: what counts, where to find it, and how much is enough.",
            "Programs want to know that you can work safely and comfortably in a US hospital, and your clinical experience here is the most direct evidence you can offer.",
            "If you trained outside the United States, time in a US clinical setting does two jobs at once: it teaches you how the system works, and it shows programs that you already know.",
            "Searching for {subject} can feel like a full-time job, especially from abroad and without contacts.",
            "Clinical experience is where many international graduates earn their strongest letters, so the choices you make here echo through the whole application.",
        ],
        sentences: &[
            "Hands-on experience, where you examine patients and write notes under supervision, carries more weight than observation alone.",
            "Many programs list a minimum of two or three months of US clinical experience, and some count only experience from the last few years.",
            "An observership at a teaching hospital can still be valuable, especially if it ends with a detailed letter from a faculty member.",
            "Rotations in {specialty} help most when you apply to {specialty}, but any well-supervised US experience shows you understand the system.",
            "Ask before you pay: a reputable rotation can tell you exactly who will supervise you and what you will be allowed to do.",
            "Affiliation agreements, immunization records and background checks often take longer than the rotation itself.",
            "Hospitals usually ask for proof of immunity to measles, mumps, rubella, varicella and hepatitis B, plus a recent tuberculosis test.",
            "Visitor visas generally allow observation but not hands-on patient care, so check what your visa permits before you accept an offer.",
            "A four-week block with one attending who sees you every day is worth more than three short blocks with nobody who remembers you.",
            "Be wary of placements that promise a letter in exchange for a fee; programs recognize these letters quickly.",
            "Community hospitals often welcome observers and can be easier to reach than large academic centers.",
            "Keep a simple log of the patients you saw, the procedures you watched and the teaching sessions you attended.",
            "Showing up early, reading about every patient and presenting concisely are the habits attendings mention in strong letters.",
            "If your experience is older than a year or two, a short, recent rotation can reassure programs that your skills are current.",
            "Research positions with patient contact count toward clinical experience at some programs, but not at all of them.",
            "Telehealth observerships were common for a while, yet most programs still prefer in-person experience.",
            "Start contacting hospitals six to nine months before you want to rotate, because popular sites fill early.",
            "A rotation in the same region as your target programs can help you build useful local connections.",
            "Treat every day of a rotation as an interview: residents and coordinators talk to each other.",
            "Programs care less about the name of the hospital than about what you did there and who can vouch for you.",
        ],
        why: &[
            "**It answers a screening question.** Many programs filter applications by US clinical experience before a person reads them.",
            "**It produces US letters.** Letters from US physicians who supervised you are among the most persuasive parts of an IMG application.",
            "**It teaches the system.** Notes, handoffs, consults and insurance work differently from most countries, and you learn them fastest on the wards.",
            "**It gives you stories.** Interviewers ask about patients and teams, and specific experiences make your answers credible.",
            "**It tests your fit.** Time in {specialty} shows you whether the daily work suits you before you commit a whole cycle to it.",
        ],
        kinds: &[
            Choice {
                heading: "Observerships",
                text: "In an observership you follow a physician and the team, attend rounds and conferences, and watch patient care without taking part in it directly. They are the easiest kind of experience to find and the easiest to arrange on a visitor visa.",
                example: "**Example:** {name} spent four weeks observing on an inpatient {specialty} service at a community hospital. By reading about each patient every evening and asking focused questions on rounds, {name} earned a letter that described specific cases.",
            },
            Choice {
                heading: "Hands-on externships",
                text: "Externships let you take histories, examine patients and draft notes, always under supervision. They are rarer and sometimes costly, but programs value them more because they show what you can actually do.",
                example: "**Example:** after graduating in {country}, {name} arranged a hands-on externship through a hospital's international visitor office and presented new patients to the attending each morning.",
            },
            Choice {
                heading: "Clinical electives as a student",
                text: "If you are still in medical school, an elective at a US teaching hospital is the most respected form of clinical experience. Students can often do things graduates cannot, such as write orders under supervision.",
                example: "**Example:** {name} used the final-year elective period to complete two {weeks} blocks in the United States, one in {specialty} and one in the emergency department.",
            },
            Choice {
                heading: "Research with patient contact",
                text: "Clinical research roles, such as study coordinator or research fellow, put you in a US hospital for months or years. Some programs count them as clinical experience and others treat them as research, so describe your duties precisely.",
                example: "**Example:** {name} worked as a research coordinator for a {specialty} department, consenting patients and attending clinic, and listed both the research and the patient contact in the application.",
            },
            Choice {
                heading: "Volunteer and community roles",
                text: "Free clinics, community health programs and hospice volunteering show commitment and give you contact with US patients, even if they rarely count as formal clinical experience.",
                example: "**Example:** while preparing for Step 2 CK, {name} volunteered weekly at a free clinic, which later gave an interviewer plenty to ask about.",
            },
            Choice {
                heading: "Shadowing in private practice",
                text: "Shadowing a physician in an outpatient practice is informal and brief, but it introduces you to outpatient medicine and sometimes leads to a longer placement.",
                example: "**Example:** a family friend introduced {name} to an outpatient {specialty} practice, where two weeks of shadowing turned into a three-month observership.",
            },
        ],
        steps: &[
            "Decide what you need: hands-on or observational, which specialty, and how many months.",
            "Check your visa and what it allows before you apply anywhere.",
            "List hospitals with formal visiting-physician programs and note their deadlines.",
            "Prepare your documents: CV, diploma, transcripts, immunization records and proof of insurance.",
            "Apply to several sites at once, because acceptance rates at popular programs are low.",
            "Before you arrive, read about the common conditions of the service you are joining.",
            "During the rotation, ask early whether the attending would be willing to write a letter.",
            "Afterward, send a thank-you note and a short summary of what you did, to help your letter writer.",
            "Record the dates, supervisor and duties exactly as you will enter them in ERAS.",
            "Follow up politely if a promised letter has not arrived within a month.",
        ],
        mistakes: &[
            "Paying a large fee for a placement without confirming who will supervise you.",
            "Collecting many one-week observerships instead of one or two longer, deeper rotations.",
            "Describing an observership as **hands-on** experience in your application.",
            "Waiting until the end of a rotation to ask for a letter, when the attending has already moved on.",
            "Letting your experience go stale, since some programs only count the last year or two.",
            "Leaving immunization paperwork until the last week and losing the slot.",
            "Choosing a rotation in a specialty you will not apply to, without a clear reason.",
        ],
        tables: &[
            Table {
                lead: "Here is how the main kinds of US clinical experience usually compare:",
                header: &[
                    "Type",
                    "Hands-on care",
                    "Typical length",
                    "How programs see it",
                ],
                rows: &[
                    &[
                        "Observership",
                        "No",
                        "2-8 weeks",
                        "Useful, especially with a strong letter",
                    ],
                    &[
                        "Externship",
                        "Yes, supervised",
                        "4-12 weeks",
                        "Valued; programs check what you actually did",
                    ],
                    &[
                        "Student elective",
                        "Yes, supervised",
                        "4 weeks per block",
                        "Highly valued",
                    ],
                    &[
                        "Research with patient contact",
                        "Sometimes",
                        "6-24 months",
                        "Counted by some programs",
                    ],
                    &[
                        "Volunteer clinical work",
                        "Limited",
                        "Ongoing",
                        "Shows commitment; rarely counted as USCE",
                    ],
                    &["Shadowing", "No", "1-2 weeks", "Informal; a starting point"],
                ],
            },
            Table {
                lead: "A typical document checklist for a visiting rotation looks like this:",
                header: &["Document", "Who provides it", "Lead time"],
                rows: &[
                    &[
                        "Immunization records",
                        "Your physician or clinic",
                        "2-6 weeks",
                    ],
                    &["Tuberculosis test", "A clinic or laboratory", "1-2 weeks"],
                    &["Background check", "A screening company", "1-3 weeks"],
                    &["Proof of health insurance", "Your insurer", "About a week"],
                    &[
                        "Dean's letter or diploma",
                        "Your medical school",
                        "2-8 weeks",
                    ],
                    &["Liability insurance", "The host or a broker", "1-4 weeks"],
                    &[
                        "Visa documents",
                        "You and the host institution",
                        "1-3 months",
                    ],
                ],
            },
        ],
        faq: &[
            (
                "Is an observership enough US clinical experience?",
                "It can be, especially for programs that accept observational experience. Many programs prefer **hands-on** experience, so check each program's stated requirement and aim for at least one rotation where you took part in care.",
            ),
            (
                "How many months of US clinical experience do I need?",
                "Programs that state a minimum usually ask for two to three months. More than about six months rarely adds much; the quality of the letters matters more than the total.",
            ),
            (
                "Does experience from years ago still count?",
                "Some programs only count experience from the last one to three years. If yours is older, a short, recent rotation can help.",
            ),
            (
                "Can I do hands-on rotations on a visitor visa?",
                "Generally not: a visitor visa allows observation, not patient care. Hosts with hands-on programs will tell you which status they require, so confirm it before you travel.",
            ),
            (
                "Should my rotation be in the specialty I am applying to?",
                "Ideally at least one of them should be. Letters from {specialty} physicians carry the most weight with {specialty} programs, but solid experience in any core field is respected almost everywhere.",
            ),
            (
                "Are paid rotations a bad sign?",
                "Not necessarily. Many legitimate programs charge fees. What matters is that you know who supervises you, what you will do, and whether the letter writer will know you well.",
            ),
            (
                "How do I list an observership in ERAS?",
                "List it as an experience with its real title, dates, supervisor and a plain description of what you did. Never describe observation as *hands-on* care.",
            ),
        ],
    },
    Topic {
        slug: "exams",
        title: "Exams",
        description: "USMLE Step 1, Step 2 CK and Step 3, OET Medicine and ECFMG certification: how international graduates plan, prepare and schedule.",
        intro: "Every path to US residency for an international graduate runs through the same exams, and the order in which you take them shapes the rest of your timeline. These guides cover the USMLE steps, the English requirement, ECFMG certification and the practical side of preparing: schedules, practice tests, retakes and score reports.\n\nIf you are just starting, read about the order of the exams first, then plan your dedicated study time backward from a test date.",
        share: 20,
        tags: &[
            "usmle",
            "step-1",
            "step-2-ck",
            "step-3",
            "oet",
            "ecfmg",
            "timeline",
            "red-flags",
        ],
        subjects: &[
            ("USMLE Step 1", "USMLE Step 1"),
            ("Step 2 CK", "Step 2 CK"),
            ("Step 3", "Step 3"),
            ("OET Medicine", "the OET Medicine exam"),
            ("ECFMG Certification", "ECFMG certification"),
            ("Exam Retakes", "exam retakes"),
            ("Practice Tests", "practice tests"),
            ("Question Banks", "question banks"),
            ("A Dedicated Study Period", "a dedicated study period"),
            ("Score Reports", "score reports"),
            ("Exam Scheduling", "exam scheduling"),
            ("Credential Verification", "credential verification"),
        ],
        openers: &[
            "For international graduates, the USMLE is the common yardstick that lets programs compare applicants from hundreds of medical schools.",
            "Your exam record is the part of the application that is easiest for programs to filter on, which is why it deserves careful planning.",
            "Every path to US residency for an IMG runs through the same exams, and the order you take them in shapes the rest of your timeline.",
            "Few decisions affect an IMG's timeline as much as when and how to prepare for {subject}.",
            "Exams are where many international graduates spend the most time and money, so it pays to plan them as a sequence rather than one at a time.",
            "Scores, attempts and timing are the first things many screening filters look at, so they deserve a plan of their own.",
        ],
        sentences: &[
            "Step 1 is now reported as pass or fail, which has moved much of the attention programs pay to scores onto Step 2 CK.",
            "Many programs still publish a minimum Step 2 CK score, and those minimums vary widely by specialty.",
            "A first-attempt pass matters to many programs, and some screen out any failed attempt automatically.",
            "Practice exams from the official test makers are the most reliable predictors of readiness.",
            "Most successful IMGs describe a dedicated study period of two to four months for Step 2 CK.",
            "Question banks work best when you review every explanation, including those for the questions you got right.",
            "A study schedule that survives a bad week is better than an ambitious one that collapses.",
            "Schedule your exam date first and plan backward, because an open-ended plan tends to drift.",
            "A Step 2 CK score around {score} clears the published minimum at many {specialty} programs, but not at all of them.",
            "Results usually arrive a few weeks after the test, so allow for that when you plan around application deadlines.",
            "ECFMG certification requires passing Step 1 and Step 2 CK, meeting the communication requirement, and verifying your medical credentials.",
            "The OET Medicine exam is one of the ways to meet ECFMG's English requirement; check ECFMG's current rules before you book it.",
            "Step 3 is optional for most applicants, but it is required before an H-1B petition for residency can be filed.",
            "Taking Step 3 before you apply can also reassure programs if your earlier scores were modest.",
            "Exam eligibility periods are fixed, and if you miss yours, you pay again and lose time.",
            "Testing centers can fill up months ahead in busy seasons, so book early and keep a backup date in mind.",
            "Sleep, exercise and regular meals are part of exam preparation, not distractions from it.",
            "Study groups help some people and slow others down; try one for two weeks before you commit.",
            "Track your practice scores in a simple chart so you can see the trend, not just the latest number.",
            "If your practice scores stall, change your method before you add more hours.",
            "Programs read the whole transcript, including the dates, so long gaps between attempts may prompt questions.",
        ],
        why: &[
            "**Scores open doors.** Many programs screen applications by Step 2 CK score before anyone reads them.",
            "**Attempts are visible.** Every attempt appears on your transcript, and some programs filter out repeat attempts.",
            "**Certification has deadlines.** You must be ECFMG certified before residency starts, and certification depends on your exams.",
            "**Timing affects visas.** An H-1B for residency requires Step 3, which you can only take after certification.",
            "**Recency matters.** Some programs prefer exams passed within the last few years.",
        ],
        kinds: &[
            Choice {
                heading: "Step 1",
                text: "Step 1 tests the basic sciences behind clinical medicine and is reported as pass or fail. For most IMGs it comes first and sets the pace for everything else.",
                example: "**Example:** {name} took Step 1 in the final year of medical school in {country}, then moved straight into Step 2 CK preparation while the material was still fresh.",
            },
            Choice {
                heading: "Step 2 CK",
                text: "Step 2 CK tests clinical knowledge and management, and its three-digit score is now the number most programs look at first. It deserves your most careful preparation.",
                example: "**Example:** {name} planned a {months}-month dedicated period, took a practice test every two weeks, and booked the exam only once practice scores were steadily above target.",
            },
            Choice {
                heading: "Step 3",
                text: "Step 3 is a two-day exam usually taken during residency, but some IMGs take it before applying, either to qualify for H-1B sponsorship or to strengthen a modest record.",
                example: "**Example:** aiming for programs that sponsor the H-1B, {name} passed Step 3 in the autumn before the Match so programs could file the petition in time.",
            },
            Choice {
                heading: "OET Medicine",
                text: "The OET Medicine exam assesses English in health care settings and is one way to meet ECFMG's communication requirement. It tests listening, reading, writing and speaking.",
                example: "**Example:** {name}, whose medical school in {country} taught in English, still prepared for the writing subtest for three weeks, because referral letters follow a format of their own.",
            },
            Choice {
                heading: "ECFMG certification",
                text: "ECFMG certification is not an exam but the credential that brings together your exam results, the communication requirement and the verification of your medical diploma.",
                example: "**Example:** {name} requested verification of the diploma early, because the medical school in {country} took several weeks to reply.",
            },
            Choice {
                heading: "Retakes",
                text: "A failed attempt is not the end of an application, but it changes which programs are realistic and how you should explain the result.",
                example: "**Example:** after failing Step 2 CK once, {name} changed study methods, passed comfortably on the second attempt, and focused applications on programs that consider retakes.",
            },
        ],
        steps: &[
            "Check your eligibility and open your ECFMG account.",
            "Choose the order of your exams and write down a target month for each one.",
            "Take a baseline practice test to see where you stand.",
            "Build a weekly schedule with fixed study blocks and one lighter day.",
            "Work through a question bank in timed, mixed blocks.",
            "Take a full practice exam every two to three weeks and adjust your plan.",
            "Book your test date once practice scores are steadily above your goal.",
            "Use the final week for review and rest, not new material.",
            "After the exam, request credential verification and any documents you still need.",
        ],
        mistakes: &[
            "Booking the exam before practice scores justify it, because a date feels motivating.",
            "Collecting several question banks instead of finishing one properly.",
            "Ignoring the communication requirement until after the USMLE steps are done.",
            "Letting an eligibility period expire while waiting to feel ready.",
            "Studying for months without a single full-length practice test.",
            "Comparing your timeline with strangers on forums instead of with your own plan.",
        ],
        tables: &[
            Table {
                lead: "The exams most IMGs take, and when they usually take them:",
                header: &[
                    "Exam",
                    "What it covers",
                    "Result",
                    "Typical timing for IMGs",
                ],
                rows: &[
                    &[
                        "Step 1",
                        "Basic sciences applied to medicine",
                        "Pass or fail",
                        "During or just after medical school",
                    ],
                    &[
                        "Step 2 CK",
                        "Clinical knowledge and management",
                        "Three-digit score",
                        "Before applying, often the year before the Match",
                    ],
                    &[
                        "Step 3",
                        "Independent practice and management",
                        "Three-digit score",
                        "Optional before residency; needed for the H-1B",
                    ],
                    &[
                        "OET Medicine",
                        "English in clinical settings",
                        "A grade per subtest",
                        "Before ECFMG certification",
                    ],
                    &[
                        "ECFMG certification",
                        "Exams plus credential verification",
                        "Certified or not",
                        "Before residency begins",
                    ],
                ],
            },
            Table {
                lead: "A sample {months}-month plan for Step 2 CK preparation:",
                header: &["Phase", "Focus", "Check-in"],
                rows: &[
                    &[
                        "First weeks",
                        "Content review of weak subjects",
                        "Baseline practice test",
                    ],
                    &[
                        "Middle weeks",
                        "Timed, mixed question blocks",
                        "A practice test every two weeks",
                    ],
                    &[
                        "Final month",
                        "Full-length practice and review",
                        "Two self-assessments",
                    ],
                    &[
                        "Last week",
                        "Light review, sleep and logistics",
                        "Confirm the testing center",
                    ],
                    &[
                        "After the exam",
                        "Rest, then application tasks",
                        "Score report in a few weeks",
                    ],
                ],
            },
        ],
        faq: &[
            (
                "Is Step 1 still worth preparing hard for now that it is pass/fail?",
                "Yes. A first-attempt pass remains important, and the knowledge carries straight into Step 2 CK, which *is* scored.",
            ),
            (
                "What Step 2 CK score do I need?",
                "It depends on the specialty and the program. Many {specialty} programs publish minimums, and a score around {score} clears many of them, but competitive programs expect more. Check each program's stated minimum.",
            ),
            (
                "Should I take Step 3 before applying?",
                "Take it if you need an H-1B, or if a strong Step 3 would offset a weaker part of your record. Otherwise it is usually optional.",
            ),
            (
                "How long should I study for Step 2 CK?",
                "Most IMGs describe a dedicated period of two to four months, but the right length is whatever it takes for your practice scores to reach your goal.",
            ),
            (
                "Does a failed attempt end my chances?",
                "No. It narrows the list of realistic programs. A clear improvement on the next attempt and an honest explanation help.",
            ),
            (
                "When should I start ECFMG credential verification?",
                "As early as possible. Medical schools can take weeks to respond, and certification depends on it.",
            ),
            (
                "Do programs care how old my scores are?",
                "Some do. A few programs prefer exams passed within a set number of years, so check the requirement if you graduated some time ago.",
            ),
        ],
    },
    Topic {
        slug: "visas",
        title: "Visas",
        description: "The J-1 and H-1B for residency, the Statement of Need, waivers and what your visa choice means after training.",
        intro: "Unless you are a US citizen or permanent resident, your visa is part of your residency application from the first day. It decides which programs can hire you, shapes your exam timeline, and affects your options after training.\n\nThese guides explain the J-1 and the H-1B, the paperwork between Match Day and July, and waivers, in plain language. Immigration rules change often, so always confirm the details with ECFMG, USCIS, the State Department and your program's GME office.",
        share: 12,
        tags: &[
            "visas",
            "j-1",
            "h-1b",
            "waivers",
            "green-card",
            "ecfmg",
            "timeline",
        ],
        subjects: &[
            ("The J-1 Visa", "the J-1 visa"),
            ("The H-1B Visa", "the H-1B visa"),
            ("Visa Sponsorship", "visa sponsorship"),
            ("The Statement of Need", "the Statement of Need"),
            ("J-1 Waivers", "J-1 waivers"),
            ("Consular Interviews", "consular interviews"),
            ("Conrad 30", "the Conrad 30 program"),
            ("Visa Timelines", "visa timelines"),
            ("The DS-2019", "the DS-2019 form"),
            ("Green Card Planning", "green card planning"),
            ("Travel During Residency", "travel during residency"),
            ("Visa Questions for Programs", "asking programs about visas"),
        ],
        openers: &[
            "Unless you are a US citizen or permanent resident, your visa is part of your residency application from the first day.",
            "Visa questions tend to arrive late in the cycle, but the answers shape your choices from the very beginning.",
            "For most international graduates, residency means either a J-1 sponsored by ECFMG or an H-1B sponsored by the hospital.",
            "Understanding {subject} early can save you months of stress between Match Day and the first day of residency.",
            "Immigration rules change often, so this guide focuses on the patterns that hold steady and points to the official sources for the details.",
            "Programs rank applicants they can actually hire, so your visa status is part of every program's decision.",
        ],
        sentences: &[
            "ECFMG sponsors the J-1 exchange visitor visa for physicians in graduate medical education, so the hospital does not act as the sponsor.",
            "The H-1B is an employment visa filed by the hospital, which means the program carries the cost and the paperwork.",
            "Many programs sponsor only the J-1, some sponsor both, and a few sponsor none; the program's website usually says which.",
            "The J-1 for clinical training carries a two-year home residency requirement after training unless you obtain a waiver.",
            "Waiver jobs, often in underserved areas, let many J-1 physicians stay in the United States after residency.",
            "The Statement of Need comes from the health ministry of your country and can take weeks or months to obtain.",
            "An H-1B for residency requires a passing Step 3 result before the petition is filed.",
            "Universities and their affiliated nonprofit hospitals are usually cap-exempt, which is why they can sponsor H-1Bs for a July start.",
            "Consular appointment waiting times vary by country and season, so book the visa interview as soon as your documents allow.",
            "Keep every immigration document, including old ones, in a folder you can carry to the visa interview.",
            "A program's visa policy can change between cycles, so confirm it in writing for the year you apply.",
            "If you hold another status, such as a dependent visa or a pending green card, ask an immigration attorney how it interacts with residency.",
            "Fees and forms change, so the current instructions on the official sites always win over older advice.",
            "Some programs sponsored H-1Bs in the past and stopped, and others started, so last year's list is only a starting point.",
            "Ask the GME office, not the residents, for the program's official visa policy.",
            "Travel outside the United States during residency needs planning, because you may need a new visa stamp to return.",
            "Dependents of J-1 physicians hold J-2 status, which has its own rules about work authorization.",
            "Delays at any step can push back your start date, and most programs have a firm date by which you must arrive.",
            "Your visa affects fellowship plans too, since fellowship programs have their own sponsorship policies.",
            "Write down every date and case number, because you will be asked for them more than once.",
        ],
        why: &[
            "**It limits where you can match.** A program that cannot sponsor your visa cannot hire you, however strong your application is.",
            "**It shapes your exam timeline.** The H-1B needs Step 3, which has to be planned months before the Match.",
            "**It affects life after training.** The J-1 home residency requirement and the H-1B time limit both matter for fellowship and your first job.",
            "**It costs programs money.** H-1B sponsorship involves legal and filing fees, which some programs will not take on.",
            "**It takes time.** The paperwork between Match Day and July is tight, and delays can cost you your start date.",
        ],
        kinds: &[
            Choice {
                heading: "The J-1 exchange visitor visa",
                text: "ECFMG sponsors the J-1 for physicians in clinical training. After you match, the program applies to ECFMG, which issues the DS-2019 form you need for the visa interview.",
                example: "**Example:** {name} matched into {specialty} on a J-1, obtained the Statement of Need from the ministry in {country} in the spring, and had the visa stamped in early June.",
            },
            Choice {
                heading: "The H-1B temporary worker visa",
                text: "The H-1B is filed by the hospital and requires Step 3. It allows dual intent, so you can pursue a green card while you hold it, but fewer programs offer it.",
                example: "**Example:** {name} passed Step 3 before applying, applied mainly to university programs known to sponsor the H-1B, and started residency on time after a smooth petition.",
            },
            Choice {
                heading: "J-1 waivers",
                text: "Waivers of the two-year home residency requirement let J-1 physicians stay and work in the United States, usually in an underserved area for several years.",
                example: "**Example:** in the final year of residency, {name} accepted a hospitalist position in a rural county whose employer supported a state waiver application.",
            },
            Choice {
                heading: "Other statuses",
                text: "Some applicants already hold a green card, a dependent visa or another status. These cases vary too much for general advice, so talk to an immigration attorney early.",
                example: "**Example:** {name}, married to a US citizen, had a pending green card application and confirmed with an attorney that work authorization would be in place by July.",
            },
            Choice {
                heading: "No sponsorship needed",
                text: "US citizens and permanent residents who trained abroad do not need visa sponsorship, which opens every program to them. Say so clearly in your application.",
                example: "**Example:** {name}, a US citizen who studied medicine in {country}, stated the citizenship clearly in the application so programs filtering by visa did not overlook it.",
            },
        ],
        steps: &[
            "List the visa options open to you given your citizenship and current status.",
            "Decide whether the H-1B is worth the extra requirements in your situation.",
            "If you need an H-1B, plan Step 3 well before the application season.",
            "Record each program's visa policy in your program spreadsheet.",
            "If you will use the J-1, request the Statement of Need from your country's health ministry early.",
            "After the Match, send the program every document it asks for within days.",
            "Book your consular appointment as soon as your DS-2019 or petition approval arrives.",
            "Plan your travel so you arrive before orientation, with copies of every document.",
            "Keep track of your status end dates throughout residency.",
        ],
        mistakes: &[
            "Applying broadly to programs that do not sponsor your visa.",
            "Assuming a program still sponsors the H-1B because it did a few years ago.",
            "Leaving the Statement of Need until after Match Day.",
            "Taking Step 3 too late for an H-1B petition.",
            "Relying on forum posts instead of the program's GME office and the official sources.",
            "Traveling abroad during residency without checking the visa stamp's validity.",
        ],
        tables: &[
            Table {
                lead: "The two main residency visas side by side:",
                header: &["Feature", "J-1", "H-1B"],
                rows: &[
                    &["Sponsor", "ECFMG", "The hospital"],
                    &["Step 3 required", "No", "Yes"],
                    &[
                        "Home residency requirement",
                        "Two years, unless waived",
                        "None",
                    ],
                    &["Dual intent", "No", "Yes"],
                    &[
                        "Time limit",
                        "Usually seven years of training",
                        "Six years in total, with possible extensions",
                    ],
                    &["Cost to the program", "Low", "Higher"],
                    &[
                        "Offered by",
                        "Most programs that take IMGs",
                        "Fewer programs, mostly academic",
                    ],
                ],
            },
            Table {
                lead: "A typical timeline between Match Day and the start of residency:",
                header: &["When", "J-1 step", "H-1B step"],
                rows: &[
                    &[
                        "March",
                        "The program applies to ECFMG",
                        "The program prepares the petition",
                    ],
                    &[
                        "April",
                        "Statement of Need submitted",
                        "Labor condition application filed",
                    ],
                    &["May", "DS-2019 issued", "Petition filed with USCIS"],
                    &[
                        "June",
                        "Consular interview",
                        "Approval, then consular interview",
                    ],
                    &[
                        "Late June",
                        "Travel and orientation",
                        "Travel and orientation",
                    ],
                ],
            },
        ],
        faq: &[
            (
                "Can I switch from a J-1 to an H-1B during residency?",
                "Not without a waiver of the two-year home residency requirement, or completing it. In practice most J-1 physicians stay on the J-1 through training.",
            ),
            (
                "Do all programs sponsor visas?",
                "No. Some sponsor the J-1 only, some both, and some none. Check each program's policy for the year you apply, and ask the GME office if it is unclear.",
            ),
            (
                "Is the H-1B always better than the J-1?",
                "Not always. The H-1B is more flexible after training, but it requires Step 3, fewer programs offer it, and it costs programs more. Many physicians build long US careers after a J-1 and a waiver job.",
            ),
            (
                "When should I request the Statement of Need?",
                "As soon as your country's process allows. In some countries it takes months, and ECFMG cannot issue the DS-2019 without it.",
            ),
            (
                "What if my visa is delayed past July 1?",
                "Tell your program at once. Many can delay your start for a short time, but not indefinitely, so keep them informed at every step.",
            ),
            (
                "Can my spouse work in the United States?",
                "It depends on the visa. J-2 dependents can apply for work authorization, while H-4 dependents generally cannot work unless they qualify under specific rules. Check the current rules with USCIS.",
            ),
        ],
    },
    Topic {
        slug: "applications",
        title: "Applications",
        description: "ERAS, personal statements, letters of recommendation, program signals and how to build a program list that fits your profile.",
        intro: "The application is where everything you have done so far becomes a few pages that a program director reads in minutes. These guides cover each part of it, from the experiences section and the personal statement to letters, program signals and the program list itself.\n\nFor international graduates, a strong application is less about impressive lines than about removing doubts: clear dates, honest explanations, and a list of programs that can actually consider you.",
        share: 22,
        tags: &[
            "eras",
            "personal-statement",
            "letters",
            "cv",
            "program-signals",
            "program-list",
            "red-flags",
            "gap-years",
            "budgeting",
        ],
        subjects: &[
            ("The ERAS Application", "the ERAS application"),
            ("Personal Statements", "personal statements"),
            ("Letters of Recommendation", "letters of recommendation"),
            ("The Experiences Section", "the experiences section"),
            ("Program Signals", "program signals"),
            ("An Application Budget", "an application budget"),
            ("Building a Program List", "building a program list"),
            ("The MSPE", "the MSPE"),
            ("Your CV", "your CV"),
            ("Application Timing", "application timing"),
            ("Geographic Preferences", "geographic preferences"),
            ("Red Flags in an Application", "red flags in an application"),
        ],
        openers: &[
            "The application is where everything you have done so far becomes a few pages that a program director reads in minutes.",
            "Programs receive far more applications than they can read closely, so clarity and fit matter as much as accomplishments.",
            "For international graduates, a strong application is less about impressive lines and more about removing doubts.",
            "Getting {subject} right is one of the few parts of the cycle that is entirely in your hands.",
            "A good application tells one consistent story across every section, from the CV to the letters.",
            "Most application mistakes are not about weak credentials but about missing details, late documents and unfocused lists.",
        ],
        sentences: &[
            "ERAS opens to applicants in early summer, and programs start reviewing applications in the autumn; check the current calendar each year.",
            "Submitting early matters, because many programs review applications in the order they become complete.",
            "An application is complete only when your letters, transcript, MSPE and scores have all arrived.",
            "The experiences section lets you describe what you did in plain language, and specific details beat general claims.",
            "Your personal statement should explain why {specialty}, why the United States and why you, in about a page.",
            "Program signals let you show strong interest in a small number of programs, and many programs use them to decide whom to interview.",
            "A list of about {programs} programs is common for IMGs, but the right number depends on your scores, your visa and your specialty.",
            "Filtering programs by visa sponsorship and graduation-year cutoffs first removes most of the wasted applications.",
            "Letters from US physicians who supervised you closely are worth more than letters from famous names who barely know you.",
            "Ask for letters early, and give each writer your CV, your personal statement and a short list of cases you worked on together.",
            "Dates, titles and supervisors should match across your CV, ERAS and your letters.",
            "Gaps in your timeline are not fatal, but unexplained gaps invite questions.",
            "An MSPE from a school outside the United States may look different, and programs are used to that.",
            "Application fees rise with each additional program, so a focused list saves money as well as time.",
            "Geographic preferences, where offered, can help programs understand why you applied to them.",
            "Proofread everything twice and ask someone else to read it once, because typos stand out in a short document.",
            "A photograph in a professional setting, with a plain background, is all that is needed.",
            "Hobbies and interests are not filler: interviewers often start the conversation there.",
            "If you have research, describe your own role in it clearly, not just the title of the project.",
            "Programs with many IMG residents often say so, and their resident lists are a useful signal.",
            "Your application will be read alongside hundreds of others, so make the first screen easy to understand.",
        ],
        why: &[
            "**Screening is fast.** Program directors often spend only minutes on an application before deciding whether to read further.",
            "**Filters come first.** Scores, graduation year, visa needs and clinical experience are often checked before anyone reads your statement.",
            "**Completeness is timing.** An application missing a letter may sit unread until it is complete.",
            "**Every fee counts.** A focused list leaves more money for the things that matter, such as exams and travel.",
            "**Consistency builds trust.** Small contradictions between sections make readers wonder what else is wrong.",
        ],
        kinds: &[
            Choice {
                heading: "The CV and experiences section",
                text: "This is the backbone of the application. List each experience with its real title, dates, supervisor and what you did, and choose the few that best show your readiness for {specialty}.",
                example: "**Example:** {name} rewrote each experience description to start with an action and a number, such as how many patients were seen each day, instead of listing duties.",
            },
            Choice {
                heading: "The personal statement",
                text: "The statement gives context that the rest of the application cannot: why this specialty, what shaped you, and what you will bring. It should sound like you, not like a template.",
                example: "**Example:** {name} replaced a general opening about always wanting to help people with a short scene from a night shift in {country}, then connected it to the choice of {specialty}.",
            },
            Choice {
                heading: "Letters of recommendation",
                text: "Most programs ask for three or four letters. For IMGs, one or two from US physicians who supervised you make the strongest case.",
                example: "**Example:** {name} asked for a letter on the last Friday of a rotation, sent the attending a one-page summary of shared patients, and received the letter within three weeks.",
            },
            Choice {
                heading: "Program signals",
                text: "Where a specialty uses signals, they are a limited way to show interest. Spend them on programs where you are a realistic candidate, not only on famous names.",
                example: "**Example:** {name} used signals on programs that sponsored the J-1, had IMG residents and set Step 2 CK minimums below the score {name} had achieved.",
            },
            Choice {
                heading: "The program list",
                text: "Your list decides where your applications, and your fees, go. Build it from hard filters first, then fit, then location.",
                example: "**Example:** {name} started with every {specialty} program, removed those that did not sponsor the needed visa or had a graduation-year cutoff, and ended with a list of about {programs}.",
            },
        ],
        steps: &[
            "Collect your documents: transcript, diploma, MSPE, photograph and scores.",
            "Ask your letter writers at least six weeks before you plan to submit.",
            "Draft your experiences section and personal statement, then revise them after a break.",
            "Filter programs by visa, graduation year, exam attempts and clinical experience.",
            "Build a spreadsheet of the programs that remain, with their requirements and deadlines.",
            "Decide how to use any program signals.",
            "Proofread the whole application and ask someone you trust to read it.",
            "Submit as soon as submission opens, then confirm that every document arrived.",
            "Track interview invitations and respond quickly.",
        ],
        mistakes: &[
            "Applying to programs whose published filters you clearly do not meet.",
            "Submitting late because one letter was not ready, instead of submitting and assigning it later.",
            "Writing a personal statement that could belong to any applicant.",
            "Listing duties instead of accomplishments in the experiences section.",
            "Using different dates for the same experience in different places.",
            "Spending signals only on the most competitive programs.",
        ],
        tables: &[
            Table {
                lead: "What goes into a residency application, and when to start each part:",
                header: &["Part", "Who provides it", "When to start"],
                rows: &[
                    &["USMLE transcript", "You request it", "When you register"],
                    &["MSPE", "Your medical school", "Early summer"],
                    &[
                        "Medical school transcript",
                        "Your medical school",
                        "Early summer",
                    ],
                    &[
                        "Letters of recommendation",
                        "Your letter writers",
                        "Six or more weeks before submitting",
                    ],
                    &["Personal statement", "You", "Two months before submitting"],
                    &["Experiences and CV", "You", "Two months before submitting"],
                    &["Photograph", "You", "Any time"],
                ],
            },
            Table {
                lead: "One way to sort the programs on your list:",
                header: &["Group", "What it means", "Share of your list"],
                rows: &[
                    &[
                        "Reach",
                        "You meet the filters, but the program is very competitive",
                        "About a fifth",
                    ],
                    &[
                        "Target",
                        "You meet the filters and resemble the current residents",
                        "About half",
                    ],
                    &[
                        "Likely",
                        "You clearly exceed the filters, and the program takes many IMGs",
                        "About a third",
                    ],
                    &["Skip", "You miss a published hard filter", "None"],
                ],
            },
        ],
        faq: &[
            (
                "How many programs should I apply to?",
                "Many IMGs apply to between 60 and 150 programs in one specialty, but a well-filtered list matters more than the count. Remove programs whose published requirements you do not meet.",
            ),
            (
                "Do I need US letters of recommendation?",
                "Not always, but they help a lot. Programs know how to read letters from US physicians, and they show that you have worked in the US system.",
            ),
            (
                "When should I submit my application?",
                "As early as you can once submission opens. Many programs review complete applications in order, and late applications may never be read.",
            ),
            (
                "Can I apply to more than one specialty?",
                "Yes, and many IMGs do. Write a separate statement for each specialty and make sure your letters fit the programs you assign them to.",
            ),
            (
                "Should I explain a gap in my application?",
                "Yes, briefly and factually. A short explanation of a gap, such as exam preparation or family responsibilities, is better than silence.",
            ),
            (
                "What makes a personal statement stand out?",
                "Specific moments, honest reflection and a clear link to {specialty}. Avoid clichés and long lists of achievements already shown elsewhere.",
            ),
        ],
    },
    Topic {
        slug: "interviews",
        title: "Interviews",
        description: "Preparing for virtual and in-person residency interviews: invitations, common questions, questions to ask and what to do afterward.",
        intro: "An interview invitation means a program already believes you could do the job; the interview is about fit. These guides cover the season from the first invitation to the last thank-you note: formats, common questions, questions to ask, and the practical details of interviewing online from another country.\n\nMost of what makes an interview go well can be prepared in advance, so start before the invitations arrive.",
        share: 14,
        tags: &[
            "interviews",
            "virtual-interviews",
            "thank-you-notes",
            "communication",
            "red-flags",
            "networking",
        ],
        subjects: &[
            ("Residency Interviews", "residency interviews"),
            ("Virtual Interviews", "virtual interviews"),
            ("Interview Invitations", "interview invitations"),
            ("Behavioral Questions", "behavioral questions"),
            ("Questions for Programs", "questions to ask programs"),
            ("Pre-Interview Socials", "pre-interview socials"),
            ("Thank-You Notes", "thank-you notes"),
            ("Interview Scheduling", "interview scheduling"),
            ("Explaining Gaps", "explaining gaps in an interview"),
            ("Second Looks", "second looks"),
            ("Mock Interviews", "mock interviews"),
            ("Interview Day Logistics", "interview day logistics"),
        ],
        openers: &[
            "An interview invitation means the program already believes you could do the job; the interview is about fit.",
            "For many IMGs, interviews are the first real conversation with a US program, and a little preparation goes a long way.",
            "Most residency interviews are now held online, which saves travel money but brings challenges of its own.",
            "Interview season moves quickly, and the applicants who do well are usually the ones who prepared before the invitations arrived.",
            "{Subject} can feel like the most unpredictable part of the cycle, but most of it can be prepared for.",
            "Programs interview many more applicants than they can rank highly, so every conversation counts.",
        ],
        sentences: &[
            "Reply to interview invitations within hours if you can, because popular dates fill quickly.",
            "Keep one calendar with every invitation, date, time zone and video link.",
            "Prepare a two-minute answer to *tell me about yourself* that ends with why you chose {specialty}.",
            "Behavioral questions usually follow a pattern: a situation, what you did and what you learned.",
            "Interviewers often ask about something on your application, so be ready to discuss every line of it.",
            "Practice out loud with a friend or mentor, ideally someone who has interviewed residents before.",
            "A quiet room, a plain background, good light and a wired connection remove most technical risks.",
            "Look at the camera, not the screen, when you answer; it reads as eye contact.",
            "Have two or three specific questions for each program, based on something you read about it.",
            "Residents are often the most honest source of information about a program's culture.",
            "Pre-interview socials are informal, but they are still part of how programs get to know you.",
            "Take notes right after each interview, because by the tenth one the programs blur together.",
            "A short thank-you email is polite, but programs rarely use it in their decisions.",
            "Be honest about your visa needs if asked, since programs need to know before they rank you.",
            "Questions about marital status, religion or plans for children are not appropriate, and you do not have to answer them.",
            "Explain any gap or failed attempt in two or three calm sentences, then move on to what you learned.",
            "Dress as you would for an in-person interview, even on video.",
            "Time zones catch many international applicants out, so convert every time carefully.",
            "Invitations can arrive until late in the season, so keep your schedule flexible.",
            "If you must cancel, do it as early as possible and politely, so another applicant can take the slot.",
        ],
        why: &[
            "**It is the deciding step.** Most programs rank only applicants they have interviewed.",
            "**Fit matters.** Programs want residents who work well in their teams and their city.",
            "**It is your chance to ask.** You learn things about a program that no website shows.",
            "**Communication is assessed.** Interviews show that you communicate clearly with patients and colleagues.",
            "**Impressions last.** Interviewers write their notes the same day, often within minutes of talking to you.",
        ],
        kinds: &[
            Choice {
                heading: "Virtual interviews",
                text: "Most programs now interview online. The format is convenient and cheap, but technical problems and time zones need planning.",
                example: "**Example:** {name}, interviewing from {country}, tested the connection with a friend the day before and kept a phone hotspot ready as a backup.",
            },
            Choice {
                heading: "In-person interviews and second looks",
                text: "Some programs invite applicants in person or offer optional visits. These cost money and time, so choose them carefully.",
                example: "**Example:** {name} visited one program in person after the interview season, which confirmed that it belonged near the top of the rank list.",
            },
            Choice {
                heading: "One-on-one interviews",
                text: "Most interviews are conversations with faculty members and residents about your experiences, goals and interests.",
                example: "**Example:** an interviewer asked {name} about a volunteer project listed near the end of the application, and it became the best conversation of the day.",
            },
            Choice {
                heading: "Behavioral and situational questions",
                text: "Many programs ask you to describe how you handled, or would handle, a specific situation. Structure helps: the situation, your action and the result.",
                example: "**Example:** asked about a conflict with a colleague, {name} described a disagreement about a handoff on a busy ward and what changed afterward.",
            },
            Choice {
                heading: "Group sessions and socials",
                text: "Program overviews, resident socials and group activities are less formal, but they show how you interact with others.",
                example: "**Example:** at a virtual social, {name} asked residents how the program supported international graduates in their first month, and wrote down their answers.",
            },
        ],
        steps: &[
            "Prepare answers to the common questions before invitations arrive.",
            "Set up a reliable space for virtual interviews and test your equipment.",
            "Reply to invitations quickly and keep one calendar for all of them.",
            "Research each program before its interview: its curriculum, residents and patients.",
            "Write two or three specific questions for each program.",
            "Practice with mock interviews and ask for honest feedback.",
            "Take notes after each interview while your impressions are fresh.",
            "Send brief thank-you notes if you wish, then move on to the next one.",
        ],
        mistakes: &[
            "Accepting more interviews than you can prepare for, then cancelling at the last minute.",
            "Memorizing answers word for word so they sound recited.",
            "Asking questions the program's website already answers.",
            "Speaking negatively about a previous supervisor or your home country's health system.",
            "Forgetting time zone differences and missing the start.",
            "Not preparing for questions about a gap or a failed attempt.",
        ],
        tables: &[
            Table {
                lead: "The common interview formats at a glance:",
                header: &["Format", "What to prepare", "Typical length"],
                rows: &[
                    &[
                        "One-on-one with faculty",
                        "Your story, your application, your questions",
                        "20-30 minutes",
                    ],
                    &[
                        "Resident interview",
                        "Questions about daily life and teamwork",
                        "15-30 minutes",
                    ],
                    &[
                        "Program director interview",
                        "Your goals, your fit, your visa needs",
                        "15-20 minutes",
                    ],
                    &[
                        "Group session",
                        "Listening and a brief introduction",
                        "30-60 minutes",
                    ],
                    &["Social event", "Questions for residents", "45-90 minutes"],
                ],
            },
            Table {
                lead: "Questions interviewers often ask, and what they are really asking:",
                header: &["Question", "What they want to know"],
                rows: &[
                    &[
                        "Tell me about yourself.",
                        "Can you tell a clear, short story?",
                    ],
                    &[
                        "Why this specialty?",
                        "Is your choice informed and lasting?",
                    ],
                    &["Why our program?", "Did you do your research?"],
                    &[
                        "Tell me about a difficult patient.",
                        "How do you handle stress and conflict?",
                    ],
                    &[
                        "Where do you see yourself in ten years?",
                        "Do your goals fit what the program offers?",
                    ],
                    &[
                        "Do you have any questions for us?",
                        "Are you curious and engaged?",
                    ],
                ],
            },
        ],
        faq: &[
            (
                "How should I answer the question about why I chose this specialty?",
                "With a specific experience, what it taught you about the work, and how it connects to your plans. Keep it to about a minute.",
            ),
            (
                "Should I send thank-you notes?",
                "They are polite but optional, and most programs say they do not affect rankings. If you send them, keep them short and specific.",
            ),
            (
                "What if I have technical problems during a virtual interview?",
                "Stay calm, rejoin quickly, and use the coordinator's phone number or email if needed. Programs are used to this and usually continue or reschedule without penalty.",
            ),
            (
                "How do I talk about a failed exam attempt?",
                "Briefly and honestly: what happened, what you changed and how the result improved. Then move on.",
            ),
            (
                "Can I ask about visa sponsorship in the interview?",
                "Yes. It is a practical question, and programs need to know. Ask politely, ideally of the coordinator or the program director.",
            ),
            (
                "How many interviews do I need to match?",
                "There is no fixed number, but NRMP data show that the chance of matching rises with each additional program ranked, up to a point. Aim for as many good-fit interviews as you can prepare for well.",
            ),
        ],
    },
    Topic {
        slug: "match",
        title: "The Match",
        description: "The rank order list, Match Week, SOAP, couples matching and what to do if you do not match.",
        intro: "The Match turns months of applications and interviews into a single result on a single day. These guides explain how the algorithm treats your rank list, what happens each day of Match Week, how SOAP works, and how to plan the next cycle if things do not go your way.\n\nThe most important rule is also the simplest: rank programs in your true order of preference.",
        share: 14,
        tags: &[
            "match",
            "rank-list",
            "soap",
            "couples-match",
            "reapplicants",
            "timeline",
            "wellbeing",
        ],
        subjects: &[
            ("The Rank Order List", "the rank order list"),
            ("Match Week", "Match Week"),
            ("SOAP", "SOAP"),
            ("The Couples Match", "the couples match"),
            ("Preliminary Positions", "preliminary positions"),
            ("Post-Match Paperwork", "post-match paperwork"),
            ("Reapplying", "reapplying after an unmatched year"),
            ("Match Statistics", "Match statistics"),
            ("Contracts and Onboarding", "contracts and onboarding"),
            ("Applying to Two Specialties", "applying to two specialties"),
            ("The Match Agreement", "the Match agreement"),
            ("Unfilled Positions", "unfilled positions"),
        ],
        openers: &[
            "The Match turns months of applications and interviews into a single result on a single day.",
            "The algorithm behind the Match is simpler than it looks, and understanding it removes most of the guesswork from ranking.",
            "For international graduates, Match Week is both the end of one cycle and, for some, the start of a very busy few days.",
            "{Subject} is where careful planning pays off, and where a few common myths do the most damage.",
            "By the time the rank list deadline arrives, most of the work is done; what remains is to rank honestly and prepare for every outcome.",
            "Every year thousands of IMGs go through the Match, and most of the stress comes from not knowing what happens when.",
        ],
        sentences: &[
            "The matching algorithm favors applicants: ranking programs in your true order of preference never hurts your chances.",
            "Rank every program you would be willing to train at, and leave off any you would rather go unmatched than attend.",
            "According to NRMP data, the length of your rank list is one of the strongest predictors of matching.",
            "Programs may not ask how you will rank them, and promises made in either direction are not binding.",
            "The Match is a binding commitment: if you match, you are expected to start at that program.",
            "On the Monday of Match Week you learn whether you matched, and on Friday you learn where.",
            "SOAP lets eligible unmatched applicants apply to unfilled positions during Match Week, through several offer rounds.",
            "Preparing SOAP materials before Match Week, just in case, costs little and saves precious hours.",
            "Preliminary positions give one year of training and can be a bridge to a categorical position later.",
            "In the couples match, two applicants link their rank lists, and the algorithm looks for pairs of positions that suit both.",
            "If you do not match, a calm review of your application with a mentor is the most useful first step.",
            "Programs that take part in the Match generally fill their positions through it, with few exceptions.",
            "After you match, your program will send a contract and onboarding paperwork, and it expects a quick reply.",
            "Licensing and visa steps begin right after Match Week, so keep your documents ready.",
            "Ranking a program you did not like only because it seemed likely to rank you is a common regret.",
            "The rank list deadline is firm, so certify your list a few days early to avoid last-minute problems.",
            "Check the track of every program on your list: categorical, preliminary, advanced or reserved.",
            "Unmatched applicants can still find positions after SOAP, but they are few and appear unpredictably.",
            "Reapplicants do best when something visible has changed in their application since the last cycle.",
            "Talk with your family about the possible outcomes before Match Week, not during it.",
        ],
        why: &[
            "**The order is final.** Once the deadline passes, your rank list cannot be changed.",
            "**Length matters.** Applicants who rank more programs match more often.",
            "**The week moves fast.** SOAP decisions happen in hours, not days.",
            "**Contracts follow quickly.** Paperwork for visas and licenses starts right after the Match.",
            "**Myths cost matches.** Ranking strategically instead of honestly can only hurt you.",
        ],
        kinds: &[
            Choice {
                heading: "Categorical positions",
                text: "A categorical position covers the full length of training in a specialty. It is what most applicants are looking for.",
                example: "**Example:** {name} ranked twelve categorical {specialty} programs in true order of preference and matched at the fourth.",
            },
            Choice {
                heading: "Preliminary and transitional positions",
                text: "Preliminary positions offer one year of training, in internal medicine, surgery or a transitional year, often before an advanced position in another specialty.",
                example: "**Example:** unmatched in {specialty}, {name} took a preliminary year, earned strong US letters from it, and matched into {specialty} the following year.",
            },
            Choice {
                heading: "The couples match",
                text: "Couples link their rank lists so that they can train in the same area. The lists grow long quickly, because every pair of programs counts as one entry.",
                example: "**Example:** {name} and {name2} built a list of pairs in three cities, including pairs in which one partner ranked a preliminary position.",
            },
            Choice {
                heading: "SOAP",
                text: "The Supplemental Offer and Acceptance Program runs during Match Week for eligible applicants who did not match, or matched only partially.",
                example: "**Example:** on the Monday of Match Week {name} learned of not matching, applied to unfilled {specialty} positions within hours, and accepted an offer in the second round.",
            },
            Choice {
                heading: "Reapplying",
                text: "Not matching is common among IMGs and is not the end of the road. The next cycle starts almost immediately, so decide quickly what will change.",
                example: "**Example:** after an unmatched year, {name} added four months of hands-on US experience and a new letter, applied more broadly, and matched.",
            },
        ],
        steps: &[
            "List every program where you interviewed and write down your honest impressions.",
            "Remove any program you would rather not attend at all.",
            "Rank the rest in your true order of preference.",
            "Check tracks and program codes carefully before you certify.",
            "Certify your rank list several days before the deadline.",
            "Prepare SOAP materials in case you need them.",
            "Plan where you will be and whom you will talk to during Match Week.",
            "After the Match, reply to your program's paperwork within days.",
        ],
        mistakes: &[
            "Ranking programs by where you think you are likely to match instead of where you want to go.",
            "Leaving a program off the list that you would have been happy to attend.",
            "Waiting until the deadline day to certify.",
            "Assuming a program's kind words after the interview guarantee a match.",
            "Having no plan for SOAP, just in case.",
            "Ignoring paperwork from the program in the weeks after the Match.",
        ],
        tables: &[
            Table {
                lead: "A typical Match Week, day by day (check the current NRMP calendar for exact times):",
                header: &["Day", "What happens"],
                rows: &[
                    &[
                        "Monday",
                        "You learn whether you matched, and SOAP opens for eligible applicants",
                    ],
                    &[
                        "Tuesday",
                        "Programs review SOAP applications and interview by phone or video",
                    ],
                    &["Wednesday", "SOAP offer rounds begin"],
                    &["Thursday", "The final SOAP offer rounds"],
                    &["Friday", "Match Day: results show where you matched"],
                ],
            },
            Table {
                lead: "The kinds of positions you will see on a rank list:",
                header: &["Track", "Length", "Who it suits"],
                rows: &[
                    &["Categorical", "The full program", "Most applicants"],
                    &[
                        "Preliminary",
                        "One year",
                        "Applicants to advanced specialties, or as a bridge",
                    ],
                    &[
                        "Advanced",
                        "Starts in the second year",
                        "Specialties that need a preliminary year first",
                    ],
                    &[
                        "Transitional year",
                        "One year",
                        "Applicants to advanced specialties",
                    ],
                    &[
                        "Reserved",
                        "The full program, starting later",
                        "Applicants who finished a preliminary year elsewhere",
                    ],
                ],
            },
        ],
        faq: &[
            (
                "Should I rank a program I did not like?",
                "Only if you would rather train there than not match at all. Leave off any program you would truly not attend.",
            ),
            (
                "Does it help to tell a program I will rank it first?",
                "You may say so if it is true, but it does not change the algorithm, and programs may not ask. Never promise it to more than one program.",
            ),
            (
                "How many programs should I rank?",
                "As many as you would genuinely be willing to attend. NRMP data show that longer lists match more often.",
            ),
            (
                "What happens if I do not match?",
                "You learn on the Monday of Match Week. If you are eligible, you can take part in SOAP. If not, review your application with a mentor and plan the next cycle.",
            ),
            (
                "Can I back out after matching?",
                "The Match is binding. Withdrawing without a waiver from the NRMP is a violation that can have serious consequences.",
            ),
            (
                "What should I prepare before Match Week?",
                "A SOAP-ready application, a list of specialties you would consider, and a calm plan for the week.",
            ),
        ],
    },
];

// ---------------------------------------------------------------------------------------------
// The Hugo site: configuration, content adapter and templates that mirror the default theme

/// Settings of `hugo.yaml` after the title. Hugo keeps its defaults except where matchpress
/// differs: one feed (the home page's, not one per section and tag), a robots.txt, future
/// dates published (matchpress has no notion of the future), and related guides by tags and
/// specialties.
const HUGO_CONFIG: &str = "capitalizeListTitles: false
buildFuture: true
enableRobotsTXT: true
taxonomies:
  tag: tags
pagination:
  pagerSize: 10
outputs:
  home: [html, rss]
  section: [html]
  taxonomy: [html]
  term: [html]
markup:
  goldmark:
    renderer:
      unsafe: false
  tableOfContents:
    startLevel: 2
    endLevel: 3
    ordered: true
frontmatter:
  lastmod: [updated, lastmod, ':default']
related:
  includeNewer: true
  threshold: 1
  toLower: false
  indices:
    - name: tags
      weight: 2
    - name: specialties
      weight: 1
";

const TAGS_INDEX: &str = "---
title: Tags
---
";

const PROGRAMS_INDEX: &str = "---
title: Residency programs
description: Every specialty in the directory, with how many programs it lists, their first-year positions and how many sponsor visas.
---
";

/// One page per specialty and one per program, from the same YAML files matchpress reads.
const CONTENT_ADAPTER: &str = r#"{{/* The program directory: a section per specialty of data/specialties.yaml and a page per
   program of data/programs/<specialty>.yaml, at <specialty>/<sponsor>-<acgme_id>/ as in
   matchpress. The notes are the page's markdown content. */}}
{{- range hugo.Data.specialties.specialties }}
  {{- $slug := .slug }}
  {{- $.AddPage (dict
    "kind" "section"
    "path" $slug
    "title" .name
    "params" (dict "specialty" $slug "description" .description)
    "outputs" (slice "html" "json")
  ) }}
  {{- with index hugo.Data.programs $slug }}
    {{- range $i, $p := .programs }}
      {{- $.AddPage (dict
        "kind" "page"
        "path" (printf "%s/%s-%s" $slug (urlize $p.sponsor) $p.acgme_id)
        "title" (printf "%s, %s" $p.name $p.sponsor)
        "weight" (add $i 1)
        "params" (merge $p (dict "specialty" $slug))
        "content" (dict "mediaType" "text/markdown" "value" ($p.notes | default ""))
      ) }}
    {{- end }}
  {{- end }}
{{- end }}
"#;

/// Templates in the layout of Hugo's template system since v0.146 (`page.html`, `section.html`,
/// `_partials/`). The older names (`_default/single.html`, `_default/list.html`) still load,
/// but `_default/taxonomy.html` is then taken for term pages, its meaning before v0.73.
const LAYOUTS: &[(&str, &str)] = &[
    ("baseof.html", BASEOF),
    ("page.html", SINGLE),
    ("section.html", LIST),
    ("taxonomy.html", TAXONOMY),
    ("term.html", TERM),
    ("home.html", HOME),
    ("404.html", NOT_FOUND),
    ("_partials/card.html", CARD),
    ("_partials/section-grid.html", SECTION_GRID),
    ("_partials/pagination.html", PAGINATION),
    ("_partials/notice.html", NOTICE),
    ("programs/section.html", PROGRAMS_LIST),
    ("programs/section.json", PROGRAMS_JSON),
    ("programs/page.html", PROGRAM),
];

const BASEOF: &str = r##"<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
{{- with or .Description site.Params.description }}
<meta name="description" content="{{ . }}">
{{- end }}
{{- with site.Params.author }}
<meta name="author" content="{{ . }}">
{{- end }}
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#0b6470" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#0e171b" media="(prefers-color-scheme: dark)">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="icon" href="{{ "favicon.svg" | relURL }}" type="image/svg+xml">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{- with site.Home.OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ .Permalink }}">
{{- end }}
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
{{- block "head" . }}{{ end }}
</head>
<body class="page">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="wrap site-header__inner">
    <a class="brand" href="{{ site.Home.RelPermalink }}">
      <svg class="brand__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="8" fill="currentColor"/><path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" fill="#fff"/></svg>
      <span class="brand__name">{{ site.Title }}</span>
    </a>
    <nav class="site-nav" aria-label="Main">
      <ul>
        {{- $page := . }}
        {{- range site.Menus.main }}
        <li><a href="{{ .URL }}"{{ if or ($page.IsMenuCurrent "main" .) ($page.HasMenuCurrent "main" .) }} aria-current="page"{{ end }}>{{ .Name }}</a></li>
        {{- end }}
      </ul>
    </nav>
  </div>
</header>
<main id="main" tabindex="-1">
{{- if and (not .IsHome) (ne .Kind "404") }}
<nav class="breadcrumbs wrap" aria-label="Breadcrumb">
  <ol>
    {{- range .Ancestors.Reverse }}
    <li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
    {{- end }}
    <li><span aria-current="page">{{ .LinkTitle }}</span></li>
  </ol>
</nav>
{{- end }}
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap site-footer__inner">
    <div class="site-footer__about">
      <p class="site-footer__title"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
      {{- with site.Params.description }}
      <p>{{ . }}</p>
      {{- end }}
    </div>
    <ul class="site-footer__links">
      {{- with site.Home.OutputFormats.Get "rss" }}
      <li><a href="{{ .RelPermalink }}">RSS feed</a></li>
      {{- end }}
      <li>Built with Hugo</li>
    </ul>
  </div>
</footer>
</body>
</html>
"##;

const SINGLE: &str = r#"{{ define "head" }}
{{- if eq .Section "guides" }}
<meta property="article:published_time" content="{{ .Date.Format "2006-01-02" }}">
{{- range .Params.tags }}
<meta property="article:tag" content="{{ . }}">
{{- end }}
{{- $article := dict "@context" "https://schema.org" "@type" "Article" "headline" .Title "description" .Description "datePublished" (.Date.Format "2006-01-02") "dateModified" (.Lastmod.Format "2006-01-02") "url" .Permalink }}
<script type="application/ld+json">{{ $article | jsonify | safeJS }}</script>
{{- with .Params.faq }}
{{- $questions := slice }}
{{- range . }}
{{- $questions = $questions | append (dict "@type" "Question" "name" .question "acceptedAnswer" (dict "@type" "Answer" "text" (.answer | markdownify | plainify))) }}
{{- end }}
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "FAQPage" "mainEntity" $questions | jsonify | safeJS }}</script>
{{- end }}
{{- end }}
{{ end }}
{{ define "main" }}
{{- if eq .Section "guides" }}
<article class="guide wrap">
  <header class="guide__header">
    <h1>{{ .Title }}</h1>
    {{- with .Description }}
    <p class="lead">{{ . }}</p>
    {{- end }}
    <p class="guide__meta">
      <span>Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time></span>
      {{- with .Params.updated }}
      {{- $updated := time.AsTime . }}
      <span>Updated <time datetime="{{ $updated.Format "2006-01-02" }}">{{ $updated.Format "January 2, 2006" }}</time></span>
      {{- end }}
      <span>{{ .ReadingTime }} min read</span>
    </p>
  </header>
  {{- $toc := .TableOfContents }}
  {{- $hasToc := strings.Contains $toc "<li>" }}
  <div class="guide__layout{{ if $hasToc }} has-toc{{ end }}">
    {{- if $hasToc }}
    <nav class="toc" aria-label="Table of contents">
      <h2 class="toc__title">On this page</h2>
      {{ $toc }}
    </nav>
    {{- end }}
    <div class="guide__body">
      <div class="prose">
        {{ .Content }}
      </div>
      {{- $specialties := slice }}
      {{- range .Params.specialties }}
      {{- with site.GetPage (printf "/programs/%s" .) }}
      {{- $specialties = $specialties | append . }}
      {{- end }}
      {{- end }}
      {{- with $specialties }}
      <section class="guide__extra" aria-labelledby="guide-specialties">
        <h2 id="guide-specialties">Related specialties</h2>
        <ul class="chip-list" role="list">
          {{- range . }}
          <li><a class="chip" href="{{ .RelPermalink }}">{{ .Title }}</a></li>
          {{- end }}
        </ul>
      </section>
      {{- end }}
      {{- with .Params.faq }}
      <section class="guide__extra faq" aria-labelledby="guide-faq">
        <h2 id="guide-faq">Frequently asked questions</h2>
        {{- range $i, $f := . }}
        <details class="faq__item"{{ if eq $i 0 }} open{{ end }}>
          <summary>{{ $f.question }}</summary>
          <div class="faq__answer prose">{{ $f.answer | markdownify }}</div>
        </details>
        {{- end }}
      </section>
      {{- end }}
      {{- with .GetTerms "tags" }}
      <section class="guide__extra guide__tags" aria-labelledby="guide-tags">
        <h2 id="guide-tags" class="label">Tagged</h2>
        <ul class="tag-list" role="list">
          {{- range . }}
          <li><a class="tag" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
          {{- end }}
        </ul>
      </section>
      {{- end }}
      <section class="cta" aria-labelledby="guide-cta">
        <h2 id="guide-cta">Find programs that fit your profile</h2>
        <p>Shortlist programs by specialty, visa sponsorship, graduation-year cut-offs and their record with international graduates — then compare their requirements side by side before you spend a single application fee.</p>
        {{- with $specialties }}
        <p class="cta__note">Compare programs in the directory:
          {{- range $i, $s := . }}{{ if $i }},{{ end }} <a href="{{ $s.RelPermalink }}">{{ $s.Title }}</a>{{ end }}.</p>
        {{- else }}
        {{- with site.GetPage "/programs" }}
        <p class="cta__note">Browse <a href="{{ .RelPermalink }}">every specialty in the program directory</a>.</p>
        {{- end }}
        {{- end }}
      </section>
    </div>
  </div>
</article>
{{- with first 3 (site.RegularPages.Related .) }}
<section class="block wrap related" aria-labelledby="related-title">
  <h2 id="related-title">Related guides</h2>
  <ul class="card-grid" role="list">
    {{- range . }}
    <li>{{ partial "card.html" . }}</li>
    {{- end }}
  </ul>
</section>
{{- end }}
{{- else }}
<article class="wrap article">
  <header class="page-head">
    <h1>{{ .Title }}</h1>
    {{- with .Description }}
    <p class="lead">{{ . }}</p>
    {{- end }}
  </header>
  <div class="prose">
    {{ .Content }}
  </div>
</article>
{{- end }}
{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}
{{- $pager := .Paginate .RegularPagesRecursive }}
<div class="wrap">
  <header class="page-head">
    <h1>{{ .Title }}</h1>
    {{- with .Description }}
    <p class="lead">{{ . }}</p>
    {{- end }}
    {{- if gt $pager.PageNumber 1 }}
    <p class="page-head__meta">Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }}</p>
    {{- end }}
  </header>
  {{- if eq $pager.PageNumber 1 }}
  {{- with .Content }}
  <div class="prose section-intro">
    {{ . }}
  </div>
  {{- end }}
  {{- end }}
  {{- with .Sections }}
  <section class="block" aria-labelledby="subsections-title">
    <h2 id="subsections-title">Topics in this section</h2>
    {{ partial "section-grid.html" . }}
  </section>
  {{- end }}
  <section class="block" aria-labelledby="guides-title">
    <h2 id="guides-title">Guides</h2>
    {{- with $pager.Pages }}
    <ul class="card-grid" role="list">
      {{- range . }}
      <li>{{ partial "card.html" . }}</li>
      {{- end }}
    </ul>
    {{- else }}
    <p class="empty">No guides have been published in this section yet.</p>
    {{- end }}
  </section>
  {{ partial "pagination.html" $pager }}
</div>
{{ end }}
"#;

const TAXONOMY: &str = r#"{{ define "main" }}
<div class="wrap">
  <header class="page-head">
    <h1>{{ .Title }}</h1>
    <p class="lead">Every topic covered on {{ site.Title }}, with the number of guides for each.</p>
  </header>
  {{- with .Data.Terms.Alphabetical }}
  <ul class="tag-list tag-cloud" role="list">
    {{- range . }}
    <li><a class="tag" href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }} <span class="tag__count"><span class="visually-hidden">(</span>{{ .Count }}<span class="visually-hidden"> guide{{ if ne .Count 1 }}s{{ end }})</span></span></a></li>
    {{- end }}
  </ul>
  {{- else }}
  <p class="empty">No tags yet.</p>
  {{- end }}
</div>
{{ end }}
"#;

const TERM: &str = r#"{{ define "main" }}
{{- $count := len .Pages }}
<div class="wrap">
  <header class="page-head">
    <p class="eyebrow">Tag</p>
    <h1>{{ .Title }}</h1>
    <p class="lead">{{ $count }} guide{{ if ne $count 1 }}s{{ end }} tagged “{{ .Title }}”.</p>
  </header>
  <section class="block block--flush" aria-label="Guides tagged {{ .Title }}">
    <ul class="card-grid" role="list">
      {{- range .Pages }}
      <li>{{ partial "card.html" . }}</li>
      {{- end }}
    </ul>
  </section>
</div>
{{ end }}
"#;

const HOME: &str = r#"{{ define "main" }}
{{- $guides := site.GetPage "/guides" }}
<section class="hero" aria-labelledby="home-title">
  <div class="wrap">
    <h1 id="home-title" class="hero__title">{{ .Title }}</h1>
    {{- with .Content }}
    <div class="hero__content prose">
      {{ . }}
    </div>
    {{- end }}
    <p class="hero__actions"><a class="button" href="{{ $guides.RelPermalink }}">Browse all guides</a></p>
  </div>
</section>
{{- with site.GetPage "/programs" }}
{{- $programs := 0 }}
{{- range hugo.Data.programs }}{{ $programs = add $programs (len .programs) }}{{ end }}
<section class="block wrap" aria-labelledby="directory-title">
  <div class="promo">
    <h2 id="directory-title">Browse residency programs</h2>
    <p>{{ $programs }} programs in {{ len .Sections }} specialties, with visa sponsorship, Step 2 CK minimums and IMG share wherever programs publish them.</p>
    <p class="promo__action"><a class="button" href="{{ .RelPermalink }}">Browse all programs</a></p>
    {{- with site.Params.dataNotice }}
    {{ partial "notice.html" . }}
    {{- end }}
  </div>
</section>
{{- end }}
{{- with first 6 $guides.RegularPagesRecursive }}
<section class="block wrap" aria-labelledby="latest-title">
  <div class="block__head">
    <h2 id="latest-title">Latest guides</h2>
    <a class="more-link" href="{{ $guides.RelPermalink }}">All guides <span aria-hidden="true">→</span></a>
  </div>
  <ul class="card-grid" role="list">
    {{- range . }}
    <li>{{ partial "card.html" . }}</li>
    {{- end }}
  </ul>
</section>
{{- end }}
{{- with $guides.Sections }}
<section class="block wrap" aria-labelledby="topics-title">
  <div class="block__head">
    <h2 id="topics-title">Browse by topic</h2>
  </div>
  {{ partial "section-grid.html" . }}
</section>
{{- end }}
{{- with site.Taxonomies.tags.Alphabetical }}
<section class="block wrap" aria-labelledby="tags-title">
  <div class="block__head">
    <h2 id="tags-title">Browse by tag</h2>
  </div>
  <ul class="tag-list tag-cloud" role="list">
    {{- range . }}
    <li><a class="tag" href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }} <span class="tag__count"><span class="visually-hidden">(</span>{{ .Count }}<span class="visually-hidden"> guide{{ if ne .Count 1 }}s{{ end }})</span></span></a></li>
    {{- end }}
  </ul>
</section>
{{- end }}
{{ end }}
"#;

const NOT_FOUND: &str = r#"{{ define "main" }}
<div class="wrap not-found">
  <p class="eyebrow">Error 404</p>
  <h1>Page not found</h1>
  <p class="lead">Sorry — we couldn’t find that page. It may have moved, or the address may have a typo.</p>
  <p class="not-found__actions"><a class="button" href="{{ site.Home.RelPermalink }}">Go to the home page</a></p>
  {{- with site.Menus.main }}
  <h2 class="label">Or try one of these</h2>
  <ul class="link-list" role="list">
    {{- range . }}
    <li><a href="{{ .URL }}">{{ .Name }}</a></li>
    {{- end }}
  </ul>
  {{- end }}
</div>
{{ end }}
"#;

const CARD: &str = r#"<article class="card">
  {{- with .Parent }}
  <p class="card__kicker"><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>
  {{- end }}
  <h3 class="card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
  <div class="card__summary">
    {{- with .Description }}<p>{{ . }}</p>{{ else }}{{ .Summary }}{{ end -}}
  </div>
  <p class="card__meta">
    {{- if not .Date.IsZero }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time><span aria-hidden="true"> · </span>{{ end -}}
    <span>{{ .ReadingTime }} min read</span>
  </p>
  {{- with .GetTerms "tags" }}
  <ul class="tag-list tag-list--small" aria-label="Tags">
    {{- range . }}
    <li><a class="tag" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
    {{- end }}
  </ul>
  {{- end }}
</article>
"#;

const SECTION_GRID: &str = r#"<ul class="section-grid" role="list">
  {{- range . }}
  {{- $count := len .RegularPagesRecursive }}
  <li class="section-card">
    <h3 class="section-card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
    {{- with .Description }}
    <p class="section-card__desc">{{ . }}</p>
    {{- end }}
    <p class="section-card__count">{{ $count }} guide{{ if ne $count 1 }}s{{ end }}</p>
  </li>
  {{- end }}
</ul>
"#;

/// The first, the last and two page numbers either side of the current one, as the default
/// theme's `section.html` lists them.
const PAGINATION: &str = r#"{{- if gt .TotalPages 1 }}
<nav class="pagination" aria-label="Pagination">
  <ul role="list">
    {{- with .Prev }}
    <li><a href="{{ .URL }}" rel="prev"><span aria-hidden="true">←</span> Previous</a></li>
    {{- end }}
    {{- $current := .PageNumber }}
    {{- $total := .TotalPages }}
    {{- $previous := 0 }}
    {{- range .Pagers }}
    {{- $n := .PageNumber }}
    {{- if or (eq $n 1) (eq $n $total) (and (ge $n (sub $current 2)) (le $n (add $current 2))) }}
    {{- if gt $n (add $previous 1) }}
    <li class="pagination__gap" aria-hidden="true">…</li>
    {{- end }}
    <li><a href="{{ .URL }}" aria-label="Page {{ $n }}"{{ if eq $n $current }} aria-current="page"{{ end }}>{{ $n }}</a></li>
    {{- $previous = $n }}
    {{- end }}
    {{- end }}
    {{- with .Next }}
    <li><a href="{{ .URL }}" rel="next">Next <span aria-hidden="true">→</span></a></li>
    {{- end }}
  </ul>
</nav>
{{- end }}
"#;

const NOTICE: &str = r#"<div class="notice" role="note">
  <svg class="notice__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false"><circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M10 8.6v5.4" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/><circle cx="10" cy="5.9" r="1.1" fill="currentColor"/></svg>
  <p><strong>About this data.</strong> {{ . }}</p>
</div>
"#;

const PROGRAMS_LIST: &str = r#"{{ define "main" }}
{{- $np := `<span class="np"><span aria-hidden="true">—</span><span class="visually-hidden">Not published</span></span>` | safeHTML }}
{{- if eq .Path "/programs" }}
{{- $total := 0 }}
{{- range hugo.Data.programs }}{{ $total = add $total (len .programs) }}{{ end }}
<div class="wrap">
  <header class="page-head">
    <h1>{{ .Title }}</h1>
    <p class="lead">{{ .Description }}</p>
    <p class="page-head__meta">{{ $total }} programs in {{ len .Sections }} specialties</p>
  </header>
  {{- with site.Params.dataNotice }}
  {{ partial "notice.html" . }}
  {{- end }}
  <section class="block block--flush" aria-labelledby="specialties-title">
    <h2 id="specialties-title" class="visually-hidden">Specialties</h2>
    <div class="table-scroll" role="region" aria-labelledby="specialties-caption" tabindex="0">
      <table class="data-table specialties-table">
        <caption id="specialties-caption" class="visually-hidden">Specialties, with their programs, first-year positions and visa sponsorship</caption>
        <thead>
          <tr>
            <th scope="col">Specialty</th>
            <th scope="col" class="num">Programs</th>
            <th scope="col" class="num">First-year positions</th>
            <th scope="col" class="num">Sponsor J-1</th>
            <th scope="col" class="num">Sponsor H-1B</th>
            <th scope="col" class="num">IMG-friendly</th>
          </tr>
        </thead>
        <tbody>
          {{- range .Sections.ByWeight }}
          {{- $positions := 0 }}{{ $j1 := 0 }}{{ $h1b := 0 }}{{ $friendly := 0 }}
          {{- range .Pages }}
          {{- $p := .Params }}
          {{- with $p.positions_pgy1 }}{{ $positions = add $positions . }}{{ end }}
          {{- with $p.visas }}
          {{- if in . "J-1" }}{{ $j1 = add $j1 1 }}{{ end }}
          {{- if in . "H-1B" }}{{ $h1b = add $h1b 1 }}{{ end }}
          {{- if and (ne $p.pct_img nil) (ge $p.pct_img 25) }}{{ $friendly = add $friendly 1 }}{{ end }}
          {{- end }}
          {{- end }}
          <tr>
            <th scope="row"><a href="{{ .RelPermalink }}">{{ .Title }}</a><span class="data-table__sub">{{ .Params.description }}</span></th>
            <td class="num">{{ len .Pages }}</td>
            <td class="num">{{ $positions }}</td>
            <td class="num">{{ $j1 }}</td>
            <td class="num">{{ $h1b }}</td>
            <td class="num">{{ $friendly }}</td>
          </tr>
          {{- end }}
        </tbody>
      </table>
    </div>
  </section>
</div>
{{- else }}
{{- $slug := .Params.specialty }}
{{- $spec := index (where hugo.Data.specialties.specialties "slug" $slug) 0 }}
{{- $programs := .Pages }}
{{- $positions := 0 }}{{ $j1 := 0 }}{{ $h1b := 0 }}{{ $visaKnown := 0 }}
{{- $step2 := slice }}{{ $img := slice }}
{{- range $programs }}
{{- $p := .Params }}
{{- with $p.positions_pgy1 }}{{ $positions = add $positions . }}{{ end }}
{{- if ne $p.visas nil }}
{{- $visaKnown = add $visaKnown 1 }}
{{- if in $p.visas "J-1" }}{{ $j1 = add $j1 1 }}{{ end }}
{{- if in $p.visas "H-1B" }}{{ $h1b = add $h1b 1 }}{{ end }}
{{- end }}
{{- with $p.requirements }}{{ with .min_step2_ck }}{{ $step2 = $step2 | append . }}{{ end }}{{ end }}
{{- if ne $p.pct_img nil }}{{ $img = $img | append $p.pct_img }}{{ end }}
{{- end }}
<div class="wrap">
  <header class="page-head">
    <h1>{{ $spec.name }} residency programs</h1>
    <p class="lead">{{ $spec.description }}</p>
    <p class="page-head__meta">ACGME specialty code {{ $spec.acgme_code }} · usually {{ $spec.length_years }} years of training</p>
  </header>
  {{- with site.Params.dataNotice }}
  {{ partial "notice.html" . }}
  {{- end }}
  <section class="block block--flush" aria-labelledby="summary-title">
    <h2 id="summary-title" class="visually-hidden">At a glance</h2>
    <dl class="stats">
      <div class="stat"><dt>Programs</dt><dd class="stat__value">{{ len $programs }}</dd></div>
      <div class="stat"><dt>First-year positions</dt><dd class="stat__value">{{ $positions }}</dd></div>
      <div class="stat"><dt>Sponsor J-1 visas</dt><dd class="stat__value">{{ if $visaKnown }}{{ div (mul $j1 100) $visaKnown }}%{{ else }}{{ $np }}{{ end }}</dd></div>
      <div class="stat"><dt>Sponsor H-1B visas</dt><dd class="stat__value">{{ if $visaKnown }}{{ div (mul $h1b 100) $visaKnown }}%{{ else }}{{ $np }}{{ end }}</dd></div>
      <div class="stat"><dt>Median Step 2 CK minimum</dt><dd class="stat__value">{{ with $step2 }}{{ index (sort .) (div (len .) 2) }}{{ else }}{{ $np }}{{ end }}</dd></div>
      <div class="stat"><dt>Median IMG share</dt><dd class="stat__value">{{ with $img }}{{ index (sort .) (div (len .) 2) }}%{{ else }}{{ $np }}{{ end }}</dd></div>
    </dl>
  </section>
</div>
<section class="block wrap" aria-labelledby="programs-title">
  <div class="block__head">
    <h2 id="programs-title">All {{ len $programs }} programs</h2>
    {{- with .OutputFormats.Get "json" }}
    <a class="more-link" href="{{ .RelPermalink }}" type="application/json">Download the data (JSON)</a>
    {{- end }}
  </div>
  <div class="table-scroll table-scroll--tall" role="region" aria-labelledby="programs-caption" tabindex="0">
    <table class="data-table programs-table" id="programs-table">
      <caption id="programs-caption" class="visually-hidden">{{ $spec.name }} programs: location, visas and requirements for international graduates</caption>
      <thead>
        <tr>
          <th scope="col">Program</th>
          <th scope="col">City</th>
          <th scope="col">State</th>
          <th scope="col">Type</th>
          <th scope="col" class="num">Positions</th>
          <th scope="col" class="num">% IMG</th>
          <th scope="col">Visas</th>
          <th scope="col" class="num">Step 2 CK min</th>
          <th scope="col" class="num">Graduation cutoff (years)</th>
          <th scope="col">Clinical experience</th>
        </tr>
      </thead>
      <tbody>
        {{- range $programs }}
        {{- $p := .Params }}
        {{- $r := $p.requirements | default dict }}
        <tr data-state="{{ $p.state }}" data-visas="{{ if eq $p.visas nil }}unknown{{ else if $p.visas }}{{ delimit $p.visas " " }}{{ else }}none{{ end }}">
          <th scope="row"><a href="{{ .RelPermalink }}">{{ $p.name }}</a><span class="data-table__sub">{{ $p.sponsor }}</span></th>
          <td>{{ $p.city }}</td>
          <td>{{ $p.state }}</td>
          <td>{{ with $p.program_type }}{{ . }}{{ else }}{{ $np }}{{ end }}</td>
          <td class="num">{{ if eq $p.positions_pgy1 nil }}{{ $np }}{{ else }}{{ $p.positions_pgy1 }}{{ end }}</td>
          <td class="num">{{ if eq $p.pct_img nil }}{{ $np }}{{ else }}{{ $p.pct_img }}%{{ end }}</td>
          <td>{{ if eq $p.visas nil }}{{ $np }}{{ else if $p.visas }}{{ delimit $p.visas ", " }}{{ else }}None{{ end }}</td>
          <td class="num">{{ with $r.min_step2_ck }}{{ . }}{{ else }}{{ $np }}{{ end }}</td>
          <td class="num">{{ with $r.yog_cutoff_years }}{{ . }}{{ else }}{{ $np }}{{ end }}</td>
          <td>{{ with $r.usce }}{{ . }}{{ else }}{{ $np }}{{ end }}</td>
        </tr>
        {{- end }}
      </tbody>
    </table>
  </div>
</section>
{{- $guides := where (where site.RegularPages "Section" "guides") "Params.specialties" "intersect" (slice $slug) }}
{{- with $guides }}
<section class="block wrap" aria-labelledby="guides-title">
  <h2 id="guides-title">Guides for {{ $spec.name }} applicants</h2>
  <ul class="card-grid" role="list">
    {{- range . }}
    <li>{{ partial "card.html" . }}</li>
    {{- end }}
  </ul>
</section>
{{- end }}
{{- end }}
{{ end }}
"#;

const PROGRAMS_JSON: &str = r#"{{- $file := index hugo.Data.programs .Params.specialty -}}
{{- dict "specialty" .Params.specialty "programs" $file.programs | jsonify (dict "indent" "  ") -}}
"#;

const PROGRAM: &str = r#"{{ define "main" }}
{{- $p := .Params }}
{{- $r := $p.requirements | default dict }}
{{- $np := `<span class="np">Not published</span>` | safeHTML }}
{{- $visa := "" }}
{{- if ne $p.visas nil }}{{ if $p.visas }}{{ $visa = printf "Sponsors %s" (delimit $p.visas " and ") }}{{ else }}{{ $visa = "Does not sponsor visas" }}{{ end }}{{ end }}
{{- $step2 := "" }}{{ with $r.min_step2_ck }}{{ $step2 = printf "Minimum score %v" . }}{{ end }}
{{- $yog := "" }}{{ with $r.yog_cutoff_years }}{{ $yog = printf "Graduated within the last %v year%s" . (cond (eq . 1) "" "s") }}{{ end }}
{{- $usce := "" }}
{{- with $r.usce }}
{{- if eq . "required" }}{{ $usce = "Required" }}{{ with $r.usce_min_months }}{{ $usce = printf "Required: at least %v month%s" . (cond (eq . 1) "" "s") }}{{ end }}
{{- else if eq . "preferred" }}{{ $usce = "Preferred" }}
{{- else }}{{ $usce = "Not required" }}{{ end }}
{{- end }}
{{- $attempts := "" }}
{{- if ne $r.first_attempt_only nil }}{{ $attempts = cond $r.first_attempt_only "First-attempt passes only" "Exam retakes are considered" }}{{ end }}
{{- $checks := slice (slice "Visa sponsorship" $visa) (slice "USMLE Step 2 CK" $step2) (slice "Years since graduation" $yog) (slice "US clinical experience" $usce) (slice "Exam attempts" $attempts) }}
<article class="wrap program">
  <header class="page-head">
    <h1>{{ $p.name }}</h1>
    <p class="lead">{{ $p.sponsor }}<span aria-hidden="true"> · </span><span class="visually-hidden">, </span>{{ $p.city }}, {{ $p.state }}</p>
  </header>
  {{- with site.Params.dataNotice }}
  {{ partial "notice.html" . }}
  {{- end }}
  <div class="program__layout">
    <div class="program__main">
      <section aria-labelledby="requirements-title">
        <h2 id="requirements-title">IMG requirements</h2>
        <ul class="checklist" role="list">
          {{- range $checks }}
          {{- $text := index . 1 }}
          <li class="checklist__item{{ if not $text }} is-unknown{{ end }}">
            <span class="checklist__label">{{ index . 0 }}<span class="visually-hidden">:</span></span>
            <span class="checklist__text">{{ with $text }}{{ . }}{{ else }}{{ $np }}{{ end }}</span>
          </li>
          {{- end }}
        </ul>
      </section>
      {{- with .Content }}
      <section class="program__notes" aria-labelledby="notes-title">
        <h2 id="notes-title">Notes</h2>
        <div class="prose">
          {{ . }}
        </div>
      </section>
      {{- end }}
      <section class="sources" aria-labelledby="sources-title">
        <h2 id="sources-title">Sources and accuracy</h2>
        <p>{{ with $p.last_verified }}Last verified <time datetime="{{ (time.AsTime .).Format "2006-01-02" }}">{{ (time.AsTime .).Format "January 2, 2006" }}</time>; check{{ else }}The date this entry was last verified is not published. Check{{ end }} {{ with $p.website }}<a href="{{ . }}" rel="nofollow noopener">the program’s website</a>{{ else }}the program’s website{{ end }} before you apply: requirements change from one application season to the next.</p>
        <p>“Not published” means the program does not state it. Ask the program, and don’t read it as “no”.</p>
      </section>
      <p class="program__back"><a href="{{ .Parent.RelPermalink }}"><span aria-hidden="true">←</span> All {{ .Parent.Title }} programs</a></p>
    </div>
    <section class="program__facts" aria-labelledby="facts-title">
      <h2 id="facts-title">Program facts</h2>
      <dl class="facts">
        <div><dt>ACGME ID</dt><dd>{{ $p.acgme_id }}</dd></div>
        <div><dt>NRMP codes</dt><dd>{{ with $p.nrmp_codes }}{{ delimit . ", " }}{{ else }}{{ $np }}{{ end }}</dd></div>
        <div><dt>Specialty</dt><dd><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></dd></div>
        <div><dt>Program type</dt><dd>{{ with $p.program_type }}{{ . }}{{ else }}{{ $np }}{{ end }}</dd></div>
        <div><dt>Length of training</dt><dd>{{ if eq $p.length_years nil }}{{ $np }}{{ else }}{{ $p.length_years }} year{{ if ne $p.length_years 1 }}s{{ end }}{{ end }}</dd></div>
        <div><dt>First-year positions</dt><dd>{{ if eq $p.positions_pgy1 nil }}{{ $np }}{{ else }}{{ $p.positions_pgy1 }}{{ end }}</dd></div>
        <div><dt>Residents who are IMGs</dt><dd>{{ if eq $p.pct_img nil }}{{ $np }}{{ else }}{{ $p.pct_img }}%{{ end }}</dd></div>
        <div><dt>Visas sponsored</dt><dd>{{ if eq $p.visas nil }}{{ $np }}{{ else if $p.visas }}{{ delimit $p.visas ", " }}{{ else }}None{{ end }}</dd></div>
        <div><dt>Applications through ERAS</dt><dd>{{ if eq $p.eras nil }}{{ $np }}{{ else if $p.eras }}Yes{{ else }}No{{ end }}</dd></div>
        <div><dt>Website</dt><dd>{{ with $p.website }}<a class="facts__url" href="{{ . }}" rel="nofollow noopener">{{ strings.TrimSuffix "/" (strings.TrimPrefix "https://" .) }}</a>{{ else }}{{ $np }}{{ end }}</dd></div>
        <div><dt>Last verified</dt><dd>{{ with $p.last_verified }}<time datetime="{{ (time.AsTime .).Format "2006-01-02" }}">{{ (time.AsTime .).Format "January 2, 2006" }}</time>{{ else }}{{ $np }}{{ end }}</dd></div>
      </dl>
    </section>
  </div>
</article>
{{ end }}
"#;
