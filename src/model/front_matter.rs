//! Front matter: the YAML at the top of a content file, read as a located tree and converted key
//! by key into a `Page` or a `Section`. Every problem of the block is reported in one run: a
//! value that fails reads as unknown, and only a file that cannot stand (no title, YAML that does
//! not parse, no URL segment) is left out of the site.
//!
//! Content moved from other generators is read as it is: keys matchpress does not know are
//! warnings and their values are kept for templates (`extra`, beside Zola's explicit `extra:`),
//! and a file without a title takes the level-1 heading its body opens with (a page written
//! for another generator may have no front matter at all). Nothing is given another meaning
//! behind the author's back: a key of another generator gets a hint that names matchpress's
//! own, and stays a warning.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rustc_hash::FxHashMap;

use super::{Citation, Extra, Faq, GUIDES_SECTION, Image, Page, PageKind, Review, Section, SortBy};
use crate::diagnostic::{Code, Diagnostic, Location, did_you_mean};
use crate::markdown;
use crate::slug::slugify;
use crate::source::{SPECIALTIES_FILE, SourceFile, split_front_matter};
use crate::yaml::fields::{Checker, Codes};
use crate::yaml::{self, Node, Origin, Value};

/// The keys of a page's front matter.
const PAGE_KEYS: [&str; 16] = [
    "title",
    "description",
    "date",
    "updated",
    "tags",
    "specialties",
    "draft",
    "slug",
    "aliases",
    "faq",
    "image",
    "weight",
    "sources",
    "reviewed_by",
    "last_reviewed",
    "extra",
];

/// The keys of a section's front matter (`_index.md`).
const SECTION_KEYS: [&str; 7] = [
    "title",
    "description",
    "sort_by",
    "paginate_by",
    "weight",
    "sources_required",
    "extra",
];

/// Keys that other generators give a meaning matchpress spells another way, with what to write
/// instead. They stay unknown keys (warnings, values kept in `extra`): mapping them silently
/// would guess, and `published: false` taken for a draft, or a `permalink` for a slug, changes
/// what is published where. Matched without regard to case, as Hugo reads its keys.
const FOREIGN_KEYS: [(&str, &str); 15] = [
    ("permalink", PERMALINK_HINT),
    ("url", PERMALINK_HINT),
    ("path", PERMALINK_HINT),
    ("lastmod", UPDATED_HINT),
    ("last_modified_at", UPDATED_HINT),
    ("categories", TAGS_HINT),
    ("category", TAGS_HINT),
    ("taxonomies", TAGS_HINT),
    (
        "published",
        "matchpress leaves a page out with `draft: true`; `published:` changes nothing",
    ),
    ("summary", SUMMARY_HINT),
    ("excerpt", SUMMARY_HINT),
    ("layout", LAYOUT_HINT),
    ("template", LAYOUT_HINT),
    (
        "nav_order",
        "matchpress orders pages by `weight:` in sections sorted by weight",
    ),
    (
        "images",
        "matchpress reads a page's illustration from `image: { src, alt }`, alt text required",
    ),
];
const PERMALINK_HINT: &str = "matchpress builds the URL from the file's folder and `slug:`; list old URLs under `aliases:` to redirect them here";
const UPDATED_HINT: &str = "matchpress calls the date of the last revision `updated:`";
const TAGS_HINT: &str = "matchpress groups pages by folder (a section each) and by `tags:`";
const SUMMARY_HINT: &str = "matchpress reads the summary for meta tags and cards from `description:`; lists show the text before `<!-- more -->`, else the first paragraph";
const LAYOUT_HINT: &str = "matchpress picks the template by the kind of page: `guide.html` under `guides/`, `page.html` elsewhere, `section.html` for `_index.md`";

/// A page's front matter as written: each key's value, if given (`title`, which every file
/// needs, is read first).
#[derive(Clone, Copy)]
struct RawPageFront<'n> {
    description: Option<&'n Node>,
    date: Option<&'n Node>,
    updated: Option<&'n Node>,
    tags: Option<&'n Node>,
    specialties: Option<&'n Node>,
    draft: Option<&'n Node>,
    slug: Option<&'n Node>,
    aliases: Option<&'n Node>,
    faq: Option<&'n Node>,
    image: Option<&'n Node>,
    weight: Option<&'n Node>,
    sources: Option<&'n Node>,
    reviewed_by: Option<&'n Node>,
    last_reviewed: Option<&'n Node>,
}

/// A section's front matter as written.
#[derive(Clone, Copy)]
struct RawSectionFront<'n> {
    description: Option<&'n Node>,
    sort_by: Option<&'n Node>,
    paginate_by: Option<&'n Node>,
    weight: Option<&'n Node>,
    sources_required: Option<&'n Node>,
}

/// What parsing one content file gives: the page or section (none when the file cannot stand)
/// and every problem found in it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ParseResult {
    pub(super) parsed: Option<Parsed>,
    pub(super) problems: Vec<Diagnostic>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) enum Parsed {
    Section(Box<Section>),
    Page(Box<Page>),
}

/// Parse one content file; `specialties_known` are the known specialty slugs (empty: not
/// checked).
pub(super) fn parse_file(
    file: &SourceFile,
    default_paginate: usize,
    specialties_known: &[&str],
) -> ParseResult {
    let split = match split_front_matter(&file.text, &file.site_path) {
        Ok(split) => split,
        Err(d) => {
            return ParseResult {
                parsed: None,
                problems: vec![d],
            };
        }
    };
    let origin = Origin {
        path: &file.site_path,
        line_offset: split.front_matter_line_offset,
    };
    let front = split.front_matter.unwrap_or("");
    let tree = match yaml::parse_tree(front, origin, Code::FrontMatterSyntax) {
        Ok(tree) => tree,
        Err(d) => {
            return ParseResult {
                parsed: None,
                problems: vec![d],
            };
        }
    };
    let mut checker = Checker::new(&file.site_path, front, Codes::FRONT_MATTER);
    let file_name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    let is_section = file_name == "_index.md";
    let known: &[&'static str] = if is_section {
        &SECTION_KEYS
    } else {
        &PAGE_KEYS
    };
    let Some((fields, others)) = checker.open_fields(&tree, "the front matter", known) else {
        return ParseResult {
            parsed: None,
            problems: checker.problems,
        };
    };
    let extra = Arc::new(extra_of(&mut checker, fields.get("extra"), &others, known));
    let (mut text, mut body_offset) = (split.body, split.body_offset);
    let title_node = fields.get("title");
    let title = match checker.optional_text(title_node, "title") {
        Some(title) => Some(title),
        // A title of the wrong kind is reported as such.
        None if title_node.is_some_and(|n| !is_blank(n)) => None,
        None => {
            if let Some((title, end)) = opening_heading(text) {
                // The heading is the title now: the body starts after it, and keeps its place
                // in the file for the problems found in it.
                text = &text[end..];
                body_offset += end;
                Some(title)
            } else {
                checker.problems.push(
                    Diagnostic::new(
                        Code::FrontMatterMissingField,
                        Location::new(&file.site_path, 1, 1),
                        "the page has no `title`",
                    )
                    .with_hint(if split.front_matter.is_some() {
                        "add a line `title: ...` to the front matter, or start the body with a level-1 heading `# Title`"
                    } else if split.body.starts_with("+++") {
                        "the file opens with TOML front matter (`+++`, as Hugo writes it), which matchpress does not read: write it as YAML between two lines `---`"
                    } else {
                        "start the file with a level-1 heading `# Title`, or with front matter: a line `---`, `title: ...`, and a line `---`"
                    }),
                );
                None
            }
        }
    };
    let body = Arc::new(markdown::render(text));
    let parsed = if is_section {
        let raw = RawSectionFront {
            description: fields.get("description"),
            sort_by: fields.get("sort_by"),
            paginate_by: fields.get("paginate_by"),
            weight: fields.get("weight"),
            sources_required: fields.get("sources_required"),
        };
        title.map(|title| {
            let mut section = section(&mut checker, raw, title, file, body, default_paginate);
            section.body_offset = body_offset;
            section.extra = extra;
            Parsed::Section(Box::new(section))
        })
    } else {
        let raw = RawPageFront {
            description: fields.get("description"),
            date: fields.get("date"),
            updated: fields.get("updated"),
            tags: fields.get("tags"),
            specialties: fields.get("specialties"),
            draft: fields.get("draft"),
            slug: fields.get("slug"),
            aliases: fields.get("aliases"),
            faq: fields.get("faq"),
            image: fields.get("image"),
            weight: fields.get("weight"),
            sources: fields.get("sources"),
            reviewed_by: fields.get("reviewed_by"),
            last_reviewed: fields.get("last_reviewed"),
        };
        let page = page(&mut checker, raw, file, specialties_known);
        match (title, page) {
            (Some(title), Some(mut page)) => {
                page.title = title;
                page.body = body;
                page.body_offset = body_offset;
                page.extra = extra;
                Some(Parsed::Page(Box::new(page)))
            }
            _ => None,
        }
    };
    ParseResult {
        parsed,
        problems: checker.problems,
    }
}

/// Whether a value says nothing: null, or empty text.
fn is_blank(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The values templates get as `extra`: the entries of `extra:`, and those of every key
/// matchpress does not know (`others`, each reported as a warning); `extra:` wins over a key
/// of the same name. `known` are the keys of this kind of file, for "did you mean".
fn extra_of(
    checker: &mut Checker<'_>,
    explicit: Option<&Node>,
    others: &[(&Node, &Node)],
    known: &[&'static str],
) -> Extra {
    let mut extra = Extra::new();
    // The first key of each name, for repeated keys.
    let mut given: FxHashMap<&str, &Node> = FxHashMap::default();
    if let Some(node) = explicit {
        match &node.value {
            Value::Null => {}
            Value::Map(entries) => {
                for (key, value) in entries {
                    let name = checker.key_name(key);
                    if let Some(first) = given.get(name) {
                        checker.duplicate(key, first, name, "`extra`");
                        continue;
                    }
                    given.insert(name, key);
                    let value = json_of(checker, value, name);
                    extra.insert(name.to_string(), value);
                }
            }
            _ => checker.wrong_type(
                node,
                format!(
                    "`extra` must be a mapping of `key: value` lines, found {}",
                    node.kind()
                ),
                "indent each of its keys under `extra:`, as `key: value`",
            ),
        }
    }
    let mut unknown: FxHashMap<&str, &Node> = FxHashMap::default();
    for &(key, value) in others {
        let name = checker.key_name(key);
        if let Some(first) = unknown.get(name) {
            checker.duplicate(key, first, name, "the front matter");
            continue;
        }
        unknown.insert(name, key);
        let lower = name.to_ascii_lowercase();
        let foreign = FOREIGN_KEYS
            .iter()
            .find(|(k, _)| *k == lower)
            .map(|(_, hint)| *hint);
        let shadowed = given.contains_key(name);
        let kept = if shadowed {
            format!("`extra:` gives `{name}` too, and its value is the one kept")
        } else {
            format!("the value is kept for templates as `extra.{name}`")
        };
        let hint = match (foreign, did_you_mean(name, known.iter().copied())) {
            (Some(advice), _) => format!("{advice}; {kept}"),
            (None, Some(s)) => format!("did you mean `{s}`?"),
            (None, None) if shadowed => format!("known keys: {}; {kept}", known.join(", ")),
            (None, None) => format!(
                "known keys: {}; {kept} (under `extra:` it is kept without this warning)",
                known.join(", ")
            ),
        };
        if !shadowed {
            let value = json_of(checker, value, name);
            extra.insert(name.to_string(), value);
        }
        checker.report(
            checker.codes.unknown_key,
            key,
            format!("unknown key `{name}` in the front matter"),
            hint,
        );
    }
    extra
}

/// A YAML value as the JSON-like value templates read; a key repeated in a mapping inside it
/// is reported (the first is kept). `field` names the top-level key, for messages. The parser
/// bounds the nesting (`yaml::MAX_DEPTH`), and so this recursion.
fn json_of(checker: &mut Checker<'_>, node: &Node, field: &str) -> serde_json::Value {
    use serde_json::Value as Json;
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        // Not a number JSON can hold (infinite): the text as written.
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or_else(
            || Json::String(node.raw(checker.yaml).unwrap_or_default().to_string()),
            Json::Number,
        ),
        Value::Str(s) => Json::String(s.clone()),
        Value::List(items) => Json::Array(
            items
                .iter()
                .map(|item| json_of(checker, item, field))
                .collect(),
        ),
        Value::Map(entries) => {
            let mut map = Extra::new();
            let mut given: FxHashMap<&str, &Node> = FxHashMap::default();
            for (key, value) in entries {
                let name = checker.key_name(key);
                if let Some(first) = given.get(name) {
                    checker.duplicate(key, first, name, &format!("`{field}`"));
                    continue;
                }
                given.insert(name, key);
                let value = json_of(checker, value, field);
                map.insert(name.to_string(), value);
            }
            Json::Object(map)
        }
    }
}

/// The level-1 heading a body opens with (after blank lines), as plain text, and the byte
/// offset in `body` where the rest of the body starts (after the heading's lines); `None` when
/// the body opens with anything else, or with a heading without text.
///
/// Only the opening lines are parsed, not the whole body (which `markdown::render` parses
/// once): the first line, or, for a setext heading (`Title` over `===`), the lines up to the
/// first line of `=` before a blank line. A heading cannot reach past those.
fn opening_heading(body: &str) -> Option<(String, usize)> {
    let is_blank_line = |line: &str| line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n'));
    let is_underline = |line: &str| {
        let line = line.trim();
        !line.is_empty() && line.bytes().all(|b| b == b'=')
    };
    let mut start = 0;
    let mut lines = body.split_inclusive('\n');
    let first = loop {
        let line = lines.next()?;
        if !is_blank_line(line) {
            break line;
        }
        start += line.len();
    };
    let mut end = start + first.len();
    let mut scanned = end;
    for line in lines {
        if is_blank_line(line) {
            break;
        }
        scanned += line.len();
        if is_underline(line) {
            end = scanned;
            break;
        }
    }
    let opening = &body[start..end];
    let mut events = Parser::new_ext(
        opening,
        Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_STRIKETHROUGH,
    )
    .into_offset_iter();
    let (
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }),
        range,
    ) = events.next()?
    else {
        return None;
    };
    let mut title = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) => title.push_str(&text),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return None;
    }
    // The rest starts on the line after the heading's last.
    let heading_end = start + range.end;
    let rest = if body[..heading_end].ends_with('\n') {
        heading_end
    } else {
        body[heading_end..]
            .find('\n')
            .map_or(body.len(), |i| heading_end + i + 1)
    };
    Some((title, rest))
}

/// A section from its front matter.
fn section(
    checker: &mut Checker<'_>,
    raw: RawSectionFront<'_>,
    title: String,
    file: &SourceFile,
    body: Arc<markdown::Rendered>,
    default_paginate: usize,
) -> Section {
    let RawSectionFront {
        description,
        sort_by,
        paginate_by,
        weight,
        sources_required,
    } = raw;
    let description = checker
        .optional_text(description, "description")
        .unwrap_or_default();
    let sort_by = match checker
        .choice(
            sort_by,
            "sort_by",
            &["date", "title", "weight"],
            "`date` lists the newest first, `title` from A to Z, `weight` lowest first",
        )
        .as_deref()
    {
        Some("title") => SortBy::Title,
        Some("weight") => SortBy::Weight,
        _ => SortBy::Date,
    };
    let paginate_by = checker
        .number(
            paginate_by,
            "paginate_by",
            1,
            100_000,
            "entries per list page, for example `paginate_by: 10`",
        )
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(default_paginate);
    let weight = weight_of(checker, weight);
    let sources_required = checker.flag(sources_required, "sources_required");
    let dir = parent_dir(&file.rel);
    Section {
        path: section_path(&dir),
        dir,
        source: file.site_path.clone(),
        title,
        description,
        sort_by,
        paginate_by,
        weight,
        sources_required,
        body,
        body_offset: 0,
        extra: Arc::default(),
        links: Vec::new(),
        parent: None,
        subsections: Vec::new(),
        listing: Vec::new(),
        hash: file.hash,
    }
}

fn weight_of(checker: &mut Checker<'_>, node: Option<&Node>) -> i64 {
    checker
        .number(
            node,
            "weight",
            -1_000_000_000,
            1_000_000_000,
            "the order among its siblings: lower weights come first",
        )
        .unwrap_or(0)
}

/// A page from its front matter (title and body are set by the caller); `None` when the page
/// has no URL segment.
fn page(
    checker: &mut Checker<'_>,
    raw: RawPageFront<'_>,
    file: &SourceFile,
    specialties_known: &[&str],
) -> Option<Page> {
    let RawPageFront {
        description,
        date,
        updated,
        tags,
        specialties,
        draft,
        slug,
        aliases,
        faq,
        image,
        weight,
        sources,
        reviewed_by,
        last_reviewed,
    } = raw;
    let description = checker
        .optional_text(description, "description")
        .unwrap_or_default();
    let date = checker.date(date, "date");
    let updated = checker.date(updated, "updated");

    let file_name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let slug = match slug.and_then(|node| Some((checker.text(node, "slug")?, node))) {
        None => slugify(stem),
        Some((value, node)) => {
            if value.contains('/') || value.contains('\\') || value == "." || value == ".." {
                checker.invalid(
                    node,
                    format!("the slug `{value}` would put the page outside its section"),
                    "a slug is one URL segment: letters, digits and hyphens",
                );
                slugify(stem)
            } else {
                slugify(&value)
            }
        }
    };
    if slug.is_empty() {
        checker.problems.push(
            Diagnostic::new(
                Code::UrlEmptySlug,
                Location::new(&file.site_path, 1, 1),
                "the page's URL segment would be empty",
            )
            .with_hint("set `slug:` to a few words of letters or digits"),
        );
        return None;
    }

    let mut tag_names = Vec::new();
    // Tags that share a slug are one tag page: the first spelling stays. A set, not a search of
    // the list, so that a page with 100,000 tags costs 100,000 lookups.
    let mut tag_slugs = std::collections::HashSet::new();
    for (tag, node) in checker.text_list(tags, "tags").unwrap_or_default() {
        let slug = slugify(&tag);
        if slug.is_empty() {
            checker.invalid(
                node,
                format!("the tag `{tag}` has no letters or digits"),
                "write tags as words, like `visas`",
            );
        } else if tag_slugs.insert(slug) {
            tag_names.push(tag);
        }
    }
    let mut specialty_slugs: Vec<String> = Vec::new();
    for (specialty, node) in checker
        .text_list(specialties, "specialties")
        .unwrap_or_default()
    {
        if !specialties_known.is_empty() && !specialties_known.contains(&specialty.as_str()) {
            let hint = match did_you_mean(&specialty, specialties_known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the specialties are listed in {SPECIALTIES_FILE}"),
            };
            checker.report(
                Code::FrontMatterUnknownSpecialty,
                node,
                format!("unknown specialty `{specialty}`"),
                hint,
            );
        } else if !specialty_slugs.contains(&specialty) {
            specialty_slugs.push(specialty);
        }
    }
    let draft = checker.flag(draft, "draft").unwrap_or(false);

    let mut alias_paths = Vec::new();
    let mut alias_locations = Vec::new();
    for (alias, node) in checker.text_list(aliases, "aliases").unwrap_or_default() {
        let trimmed = alias.trim().trim_matches('/');
        let bad = trimmed.is_empty()
            || trimmed
                .split('/')
                .any(|seg| seg.is_empty() || seg == "." || seg == ".." || seg.contains('\\'));
        if bad {
            checker.invalid(
                node,
                format!("the alias `{alias}` is not a path inside the site"),
                "write an old URL path like `/guides/old-name/`",
            );
        } else if let Some(c) = trimmed.chars().find(|&c| !is_path_char(c)) {
            checker.invalid(
                node,
                format!("the alias `{alias}` holds `{}`, which a URL path cannot hold", c.escape_default()),
                "an old URL path holds letters, digits and `-._~!$&'()*+,;=:@%`; percent-encode anything else",
            );
        } else {
            alias_paths.push(format!("{trimmed}/"));
            alias_locations.push(checker.at(node));
        }
    }

    let faq = faq_of(checker, faq);
    let image = image_of(checker, image);
    let weight = weight_of(checker, weight);
    let sources = sources_of(checker, sources);
    let review = Review {
        by: checker.optional_text(reviewed_by, "reviewed_by"),
        on: last_reviewed
            .and_then(|node| Some((checker.date(Some(node), "last_reviewed")?, checker.at(node)))),
    };
    let kind = if file.rel.starts_with(&format!("{GUIDES_SECTION}/")) {
        PageKind::Guide
    } else {
        PageKind::Plain
    };
    Some(Page {
        rel: file.rel.clone(),
        source: file.site_path.clone(),
        path: String::new(),
        slug,
        kind,
        title: String::new(),
        description,
        date,
        updated,
        tags: tag_names,
        specialties: specialty_slugs,
        draft,
        aliases: alias_paths,
        alias_locations,
        faq,
        image,
        sources,
        review,
        weight,
        section: 0,
        body: Arc::default(),
        body_offset: 0,
        extra: Arc::default(),
        links: Vec::new(),
        related: Vec::new(),
        hash: file.hash,
    })
}

/// `faq:`, a list of `{ question, answer }`; an entry without both is left out.
fn faq_of(checker: &mut Checker<'_>, node: Option<&Node>) -> Vec<Faq> {
    let mut faq = Vec::new();
    for item in checker.list(node, "faq").unwrap_or_default() {
        let Some(fields) = checker.fields(item, "a FAQ entry", &["question", "answer"]) else {
            continue;
        };
        checker.require(item, &fields, &["question", "answer"], "this FAQ entry");
        let question = checker.required_text(fields.get("question"), "question");
        let answer_node = fields.get("answer");
        let answer = checker
            .required_text(answer_node, "answer")
            .filter(|answer| match (markdown::unsafe_link(answer), answer_node) {
                (Some(link), Some(node)) => {
                    checker.invalid(
                        node,
                        format!("the answer links to `{link}`, which is not an http(s) or mailto: address"),
                        "link with https://..., mailto:... or a path of the site",
                    );
                    false
                }
                _ => true,
            });
        if let (Some(question), Some(answer), Some(node)) = (question, answer, answer_node) {
            faq.push(Faq {
                question,
                answer_text: answer.split_whitespace().collect::<Vec<_>>().join(" "),
                answer: Arc::new(markdown::render(&answer)),
                links: Vec::new(),
                location: checker.at(node),
            });
        }
    }
    faq
}

/// `sources:`, a list of `{ title, url, accessed }` (`accessed` may be left out) or of bare
/// http(s) addresses; an entry without a title or an http(s) URL is left out.
fn sources_of(checker: &mut Checker<'_>, node: Option<&Node>) -> Vec<Citation> {
    let mut sources = Vec::new();
    for item in checker.list(node, "sources").unwrap_or_default() {
        // A bare address, as other generators' themes list sources: titled by itself.
        if let Value::Str(_) = item.value {
            if let Some(url) = checker.http_url(
                item,
                "sources",
                "list each source as an address, or as `- { title: ..., url: https://..., accessed: YYYY-MM-DD }`",
            ) {
                sources.push(Citation {
                    title: url.clone(),
                    url,
                    accessed: None,
                });
            }
            continue;
        }
        let Some(fields) = checker.fields(item, "a source", &["title", "url", "accessed"]) else {
            continue;
        };
        checker.require(item, &fields, &["title", "url"], "this source");
        let title = checker.required_text(fields.get("title"), "title");
        let url_node = fields.get("url");
        let url = match url_node {
            Some(node) if node.value != Value::Null => checker.http_url(
                node,
                "url",
                "cite the page a reader can open, as `url: https://www.ecfmg.org/...`; to cite a page of this site, link it in the body",
            ),
            // Missing or null: reported as such.
            _ => checker.required_text(url_node, "url"),
        };
        let accessed = checker.date(fields.get("accessed"), "accessed");
        if let (Some(title), Some(url)) = (title, url) {
            sources.push(Citation {
                title,
                url,
                accessed,
            });
        }
    }
    sources
}

/// `image:`, a `{ src, alt }` mapping; alt text is required; `src` is an http(s) URL or a path.
fn image_of(checker: &mut Checker<'_>, node: Option<&Node>) -> Option<Image> {
    let node = node?;
    if node.value == Value::Null {
        return None;
    }
    let fields = checker.fields(node, "the image", &["src", "alt"])?;
    checker.require(node, &fields, &["src", "alt"], "the image");
    let src_node = fields.get("src");
    let src = checker
        .required_text(src_node, "src")
        .and_then(|src| match (crate::html::url_scheme(&src), src_node) {
            (Some(scheme), Some(at))
                if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") =>
            {
                checker.invalid(
                    at,
                    format!("the image's `src` must be an http(s) URL or a path, found a `{scheme}:` URL"),
                    "for example `src: /img/visa-timeline.png` (a file of static/) or `src: https://example.org/a.png`",
                );
                None
            }
            _ => Some(src),
        });
    let alt_node = fields.get("alt");
    let alt = match alt_node {
        Some(n) if matches!(&n.value, Value::Str(s) if s.trim().is_empty()) => {
            checker.invalid(
                n,
                "the image's alt text is empty".to_string(),
                "describe what the image shows, for readers who cannot see it",
            );
            None
        }
        _ => checker.required_text(alt_node, "alt"),
    };
    Some(Image {
        src: src?,
        alt: alt?,
    })
}

pub(super) fn implicit_section(dir: &str, paginate_by: usize) -> Section {
    let name = dir
        .rsplit('/')
        .next()
        .unwrap_or(dir)
        .replace(['-', '_'], " ");
    let mut title: String = name.clone();
    if let Some(first) = name.chars().next() {
        title = first.to_uppercase().collect::<String>() + &name[first.len_utf8()..];
    }
    Section {
        dir: dir.to_string(),
        source: if dir.is_empty() {
            PathBuf::from("content/_index.md")
        } else {
            Path::new("content").join(dir).join("_index.md")
        },
        path: section_path(dir),
        title,
        description: String::new(),
        sort_by: SortBy::Date,
        paginate_by,
        weight: 0,
        sources_required: None,
        body: Arc::default(),
        body_offset: 0,
        extra: Arc::default(),
        links: Vec::new(),
        parent: None,
        subsections: Vec::new(),
        listing: Vec::new(),
        hash: 0,
    }
}

pub(super) fn section_path(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        let segments: Vec<String> = dir.split('/').map(slugify).collect();
        format!("{}/", segments.join("/"))
    }
}

/// The folder of a path relative to `content/` (`guides/a.md` gives `guides`; `a.md` gives an empty string).
pub(super) fn parent_dir(rel: &str) -> String {
    rel.rsplit_once('/')
        .map_or_else(String::new, |(dir, _)| dir.to_string())
}

/// A character an old URL path may hold as written: RFC 3986's `pchar` (a percent sign starts an
/// escape), and letters of any script, which browsers send percent-encoded.
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "/-._~!$&'()*+,;=:@%".contains(c)
        || (!c.is_ascii() && c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(body: &str) -> Option<(String, &str)> {
        opening_heading(body).map(|(title, rest)| (title, &body[rest..]))
    }

    #[test]
    fn an_opening_atx_or_setext_heading_is_the_title_and_leaves_the_body() {
        for (body, title, rest) in [
            ("# Title\n\nBody.\n", "Title", "\nBody.\n"),
            ("\n  \n# Title ##\nBody.\n", "Title", "Body.\n"),
            ("# Title", "Title", ""),
            (
                "# Setting *up* `x` [here](/a/) {#custom}\n",
                "Setting up x here",
                "",
            ),
            ("#   AT&amp;T \\# 1\n", "AT&T # 1", ""),
            ("Title\n===\nBody.\n", "Title", "Body.\n"),
            (
                "Two *line*\ntitle\n=====\n\n# Second\n",
                "Two line title",
                "\n# Second\n",
            ),
            // An ATX heading before a paragraph ending in `=`s: the heading is its own line.
            ("# First\nSecond\n===\n", "First", "Second\n===\n"),
        ] {
            assert_eq!(heading(body), Some((title.to_string(), rest)), "{body:?}");
        }
    }

    #[test]
    fn anything_else_opening_the_body_is_no_title() {
        for body in [
            "",
            "\n\n",
            "Intro.\n\n# Title\n",
            "## Section\n",
            "Title\n---\n",
            "#hashtag\n",
            "#\n",
            "# ![](a.png)\n",
            "    # indented code\n",
            "```\n# in a fence\n===\n```\n",
            "> # quoted\n",
            "- # listed\n",
            "<!-- note -->\n# Title\n",
            "Title\n\n===\n",
        ] {
            assert_eq!(opening_heading(body), None, "{body:?}");
        }
    }

    #[test]
    fn a_long_paragraph_without_an_underline_is_read_once() {
        // The scan for an underline stops at the first blank line, and only the first line
        // is parsed when there is none.
        // Compared at two sizes, in turns, the best of seven runs each: four times the text
        // takes about four times as long, not sixteen. The sizes keep each run above a few
        // milliseconds, so a busy machine's pauses do not decide the ratio.
        let body = |n: usize| format!("{}\n\n{}", "word ".repeat(n), "# Late\n".repeat(n / 20));
        let (small_body, large_body) = (body(200_000), body(800_000));
        let run = |text: &str| {
            let started = std::time::Instant::now();
            assert_eq!(opening_heading(text), None);
            started.elapsed()
        };
        let (mut small, mut large) = (std::time::Duration::MAX, std::time::Duration::MAX);
        for _ in 0..7 {
            small = small.min(run(&small_body));
            large = large.min(run(&large_body));
        }
        assert!(large < small * 10, "{small:?} for n, {large:?} for 4n");
    }
}
