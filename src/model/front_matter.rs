//! Front matter: the YAML at the top of a content file, parsed into raw structs that mirror it
//! and converted field by field into a `Page` or a `Section`, with every problem located.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::{Date, Faq, GUIDES_SECTION, Image, Page, PageKind, Section, SortBy};
use crate::error::{Diagnostic, Location, did_you_mean};
use crate::markdown;
use crate::slug::slugify;
use crate::source::{SPECIALTIES_FILE, SourceFile, split_front_matter};
use crate::yaml::{self, Origin, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPageFront {
    title: Option<String>,
    description: Option<String>,
    date: Option<Spanned<String>>,
    updated: Option<Spanned<String>>,
    tags: Option<Vec<Spanned<String>>>,
    specialties: Option<Vec<Spanned<String>>>,
    draft: Option<bool>,
    slug: Option<Spanned<String>>,
    aliases: Option<Vec<Spanned<String>>>,
    faq: Option<Vec<RawFaq>>,
    image: Option<RawImage>,
    weight: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaq {
    question: String,
    answer: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImage {
    src: String,
    alt: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSectionFront {
    title: Option<String>,
    description: Option<String>,
    sort_by: Option<Spanned<String>>,
    paginate_by: Option<Spanned<i64>>,
    weight: Option<i64>,
}

/// What parsing one content file gives.
pub(super) type ParseResult = Result<Parsed, Vec<Diagnostic>>;

#[derive(Debug, Clone)]
pub(super) enum Parsed {
    Section(Box<Section>),
    Page(Box<Page>),
}

/// Parse one content file; `specialties` are the known specialty slugs (empty: not checked).
pub(super) fn parse_file(
    file: &SourceFile,
    default_paginate: usize,
    specialties_known: &[&str],
) -> Result<Parsed, Vec<Diagnostic>> {
    let split = split_front_matter(&file.text, &file.site_path).map_err(|d| vec![d])?;
    let origin = Origin {
        path: &file.site_path,
        line_offset: split.front_matter_line_offset,
    };
    let front = split.front_matter.unwrap_or("");
    let missing_front_matter = || {
        Diagnostic::error(
            Some(Location::new(&file.site_path, 1, 1)),
            "missing required field `title`",
        )
        .with_hint(if split.front_matter.is_some() {
            "add a line `title: ...` to the front matter"
        } else {
            "start the file with front matter: a line `---`, `title: ...`, and a line `---`"
        })
    };
    let body = Arc::new(markdown::render(split.body));
    let file_name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    if file_name == "_index.md" {
        let raw: RawSectionFront = yaml::parse(front, origin).map_err(|d| vec![d])?;
        let RawSectionFront {
            title,
            description,
            sort_by,
            paginate_by,
            weight,
        } = raw;
        let mut problems = Vec::new();
        let title = title.ok_or_else(|| vec![missing_front_matter()])?;
        let sort_by = match sort_by {
            None => SortBy::Date,
            Some(s) => match s.value.as_str() {
                "date" => SortBy::Date,
                "title" => SortBy::Title,
                "weight" => SortBy::Weight,
                other => {
                    problems.push(
                        Diagnostic::error(
                            Some(origin.location_of(&s)),
                            format!("sort_by must be date, title or weight, found `{other}`"),
                        )
                        .with_hint("`date` lists the newest first"),
                    );
                    SortBy::Date
                }
            },
        };
        let paginate_by = match paginate_by {
            None => default_paginate,
            Some(p) => usize::try_from(p.value)
                .ok()
                .filter(|&n| n > 0)
                .unwrap_or_else(|| {
                    problems.push(
                        Diagnostic::error(
                            Some(origin.location_of(&p)),
                            format!(
                                "paginate_by must be a whole number above 0, found {}",
                                p.value
                            ),
                        )
                        .with_hint("for example `paginate_by: 10`"),
                    );
                    default_paginate
                }),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let dir = parent_dir(&file.rel);
        return Ok(Parsed::Section(Box::new(Section {
            path: section_path(&dir),
            dir,
            source: file.site_path.clone(),
            title,
            description: description.unwrap_or_default(),
            sort_by,
            paginate_by,
            weight: weight.unwrap_or(0),
            body,
            links: Vec::new(),
            parent: None,
            subsections: Vec::new(),
            listing: Vec::new(),
            hash: file.hash,
        })));
    }

    let raw: RawPageFront = yaml::parse(front, origin).map_err(|d| vec![d])?;
    let RawPageFront {
        title,
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
    } = raw;
    let mut problems = Vec::new();
    let title = title.ok_or_else(|| vec![missing_front_matter()])?;
    let mut parse_date = |value: Option<Spanned<String>>, field: &str| {
        value.and_then(|v| {
            let parsed = Date::parse(&v.value);
            if parsed.is_none() {
                problems.push(
                    Diagnostic::error(
                        Some(origin.location_of(&v)),
                        format!(
                            "{field} must be a valid date written YYYY-MM-DD, found `{}`",
                            v.value
                        ),
                    )
                    .with_hint(format!("for example `{field}: 2026-03-28`")),
                );
            }
            parsed
        })
    };
    let date = parse_date(date, "date");
    let updated = parse_date(updated, "updated");

    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let slug = match slug {
        None => slugify(stem),
        Some(s) => {
            let value = s.value.trim();
            if value.contains('/') || value.contains('\\') || value == "." || value == ".." {
                problems.push(
                    Diagnostic::error(
                        Some(origin.location_of(&s)),
                        format!("the slug `{value}` would put the page outside its section"),
                    )
                    .with_hint("a slug is one URL segment: letters, digits and hyphens"),
                );
                String::new()
            } else {
                slugify(value)
            }
        }
    };
    if slug.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(
                Some(Location::new(&file.site_path, 1, 1)),
                "the page's URL segment would be empty",
            )
            .with_hint("set `slug:` to a few words of letters or digits"),
        );
    }

    let mut tag_names = Vec::new();
    for tag in tags.unwrap_or_default() {
        if slugify(&tag.value).is_empty() {
            problems.push(
                Diagnostic::error(
                    Some(origin.location_of(&tag)),
                    format!("the tag `{}` has no letters or digits", tag.value),
                )
                .with_hint("write tags as words, like `visas`"),
            );
        } else if !tag_names.contains(&tag.value) {
            tag_names.push(tag.value);
        }
    }
    let mut specialty_slugs: Vec<String> = Vec::new();
    for specialty in specialties.unwrap_or_default() {
        if !specialties_known.is_empty() && !specialties_known.contains(&specialty.value.as_str()) {
            let hint = match did_you_mean(&specialty.value, specialties_known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the specialties are listed in {SPECIALTIES_FILE}"),
            };
            problems.push(
                Diagnostic::error(
                    Some(origin.location_of(&specialty)),
                    format!("unknown specialty `{}`", specialty.value),
                )
                .with_hint(hint),
            );
        } else if !specialty_slugs.contains(&specialty.value) {
            specialty_slugs.push(specialty.value);
        }
    }

    let mut alias_paths = Vec::new();
    for alias in aliases.unwrap_or_default() {
        let trimmed = alias.value.trim().trim_matches('/');
        let bad = trimmed.is_empty()
            || trimmed
                .split('/')
                .any(|seg| seg.is_empty() || seg == "." || seg == ".." || seg.contains('\\'));
        if bad {
            problems.push(
                Diagnostic::error(
                    Some(origin.location_of(&alias)),
                    format!("the alias `{}` is not a path inside the site", alias.value),
                )
                .with_hint("write an old URL path like `/guides/old-name/`"),
            );
        } else {
            alias_paths.push(format!("{trimmed}/"));
        }
    }

    let faq = faq
        .unwrap_or_default()
        .into_iter()
        .map(|RawFaq { question, answer }| {
            let answer_html = markdown::render(&answer).html;
            Faq {
                question,
                answer_text: answer.split_whitespace().collect::<Vec<_>>().join(" "),
                answer_html,
            }
        })
        .collect();

    let image = image.map(|RawImage { src, alt }| {
        if alt.value.trim().is_empty() {
            problems.push(
                Diagnostic::error(
                    Some(origin.location_of(&alt)),
                    "the image's alt text is empty",
                )
                .with_hint("describe what the image shows, for readers who cannot see it"),
            );
        }
        Image {
            src,
            alt: alt.value,
        }
    });

    if !problems.is_empty() {
        return Err(problems);
    }
    let kind = if file.rel.starts_with(&format!("{GUIDES_SECTION}/")) {
        PageKind::Guide
    } else {
        PageKind::Plain
    };
    Ok(Parsed::Page(Box::new(Page {
        rel: file.rel.clone(),
        source: file.site_path.clone(),
        path: String::new(),
        slug,
        kind,
        title,
        description: description.unwrap_or_default(),
        date,
        updated,
        tags: tag_names,
        specialties: specialty_slugs,
        draft: draft.unwrap_or(false),
        aliases: alias_paths,
        faq,
        image,
        weight: weight.unwrap_or(0),
        section: 0,
        body,
        body_offset: split.body_offset,
        links: Vec::new(),
        related: Vec::new(),
        hash: file.hash,
    })))
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
        body: Arc::default(),
        links: Vec::new(),
        parent: None,
        subsections: Vec::new(),
        listing: Vec::new(),
        hash: 0,
    }
}

fn section_path(dir: &str) -> String {
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
