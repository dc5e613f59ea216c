//! Starting sites and pages: `init` writes a new site from the starter files built into
//! matchpress; `new guide` writes a guide's skeleton and `new program` appends a program's to
//! its specialty's data file. None of them overwrites anything: a file is created only where
//! none exists (the operating system refuses otherwise), and an existing data file only grows
//! at its end, every byte before staying as it was.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::diagnostic::did_you_mean;
use crate::embedded;
use crate::error::Error;
use crate::model::{STATES, programs};
use crate::slug::slugify;
use crate::source::{CONFIG_FILE, DataFile, SPECIALTIES_FILE};
use crate::yaml::{self, Node, Origin, Value};

/// What `init` puts in the new site besides its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Starter {
    /// The list of specialties (ACGME codes), ready for program files of the site's own.
    #[default]
    Specialties,
    /// The specialties and the example programs of three specialties.
    Example,
    /// No program data at all (no directory).
    Bare,
}

/// The menu entry a site without program data does without; `starter/site.yaml` holds it.
const PROGRAMS_MENU: &str = "  - title: Programs\n    path: /programs/\n";

/// The placeholder the starter's workflow holds for the version of matchpress it installs.
const VERSION_PLACEHOLDER: &str = "MATCHPRESS_VERSION";

/// The names in a folder that `init` still counts as empty (a fresh `git init` or clone).
const IGNORED_IN_EMPTY: [&str; 1] = [".git"];

/// Write a new site into `dir` (created if needed; it must be empty) and return the paths
/// written, relative to `dir`.
pub fn init(dir: &Path, starter: Starter, eject_theme: bool) -> Result<Vec<String>, Error> {
    refuse_unless_empty(dir)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for &(rel, bytes) in embedded::STARTER {
        let rel = rel
            .split('/')
            .map(|part| match part.strip_prefix("dot-") {
                Some(hidden) => format!(".{hidden}"),
                None => part.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/");
        let mut bytes = bytes.to_vec();
        if rel == CONFIG_FILE && starter == Starter::Bare {
            bytes = without_programs_menu(&bytes)?;
        }
        if rel.starts_with(".github/") {
            let text = String::from_utf8_lossy(&bytes)
                .replace(VERSION_PLACEHOLDER, env!("CARGO_PKG_VERSION"));
            bytes = text.into_bytes();
        }
        files.push((rel, bytes));
    }
    for &(rel, bytes) in embedded::EXAMPLE_DATA {
        let wanted = match starter {
            Starter::Bare => false,
            Starter::Specialties => rel == "specialties.yaml",
            Starter::Example => true,
        };
        if wanted {
            files.push((format!("data/{rel}"), bytes.to_vec()));
        }
    }
    if eject_theme {
        for &(rel, bytes) in embedded::THEME {
            files.push((format!("themes/default/{rel}"), bytes.to_vec()));
        }
    }
    if !files.iter().any(|(rel, _)| rel == CONFIG_FILE) {
        return Err(Error::Internal(
            "this matchpress was built without its starter site".to_string(),
        ));
    }
    for (rel, bytes) in &files {
        create_new(&dir.join(rel), bytes)?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// Refuse a `dir` that holds anything (but `.git`), or is not a folder.
fn refuse_unless_empty(dir: &Path) -> Result<(), Error> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Error::Refused {
            message: format!("{} is a file, not a folder", dir.display()),
            hint: "name a new folder, or an empty one: `matchpress init mysite`".to_string(),
        });
    }
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| Error::io("reading", dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !IGNORED_IN_EMPTY.contains(&name.as_str()))
        .collect();
    if found.is_empty() {
        return Ok(());
    }
    found.sort();
    let shown = found.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    let more = if found.len() > 3 { ", ..." } else { "" };
    Err(Error::Refused {
        message: format!(
            "{} is not empty ({shown}{more}); nothing was written",
            dir.display()
        ),
        hint: "init writes a new site only into a new or empty folder: name a new one, e.g. `matchpress init mysite`".to_string(),
    })
}

/// The starter `site.yaml` without its Programs menu entry.
fn without_programs_menu(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let text = String::from_utf8_lossy(bytes);
    if !text.contains(PROGRAMS_MENU) {
        return Err(Error::Internal(
            "the starter site.yaml has no Programs menu entry to remove".to_string(),
        ));
    }
    Ok(text.replacen(PROGRAMS_MENU, "", 1).into_bytes())
}

/// Write `bytes` to a new file at `path` (and its folders); an existing file is never touched.
fn create_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Refused {
                message: format!("{} already exists; it was left as it is", path.display()),
                hint: "choose another title, or edit the file that is there".to_string(),
            },
            _ => Error::io("creating", path, e),
        })?;
    file.write_all(bytes)
        .map_err(|e| Error::io("writing", path, e))
}

/// The site at `root`, or a refusal saying how to get one.
fn require_site(root: &Path) -> Result<(), Error> {
    if root.join(CONFIG_FILE).is_file() {
        return Ok(());
    }
    Err(Error::Refused {
        message: format!("there is no {CONFIG_FILE} in {}", root.display()),
        hint: "run this in a site's folder or pass --root DIR; `matchpress init DIR` starts a new site".to_string(),
    })
}

/// Write a draft guide titled `title` into `content/guides/` (or a section below it) and
/// return its path relative to `root`. A new section folder gets its `_index.md` too.
pub fn new_guide(
    root: &Path,
    title: &str,
    section: Option<&str>,
    today: Date,
) -> Result<Vec<String>, Error> {
    require_site(root)?;
    let title = title.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::Refused {
            message: format!("the title `{title}` has no letter or digit to name the file by"),
            hint:
                "give the guide a title with words, e.g. `matchpress new guide \"Visas for IMGs\"`"
                    .to_string(),
        });
    }
    let section = section_path(section.unwrap_or(""))?;
    let folder = if section.is_empty() {
        "content/guides".to_string()
    } else {
        format!("content/guides/{section}")
    };
    let mut written = Vec::new();
    // A new section folder (at each level) gets the `_index.md` that makes it a section.
    let mut at = PathBuf::from("content/guides");
    for segment in section.split('/').filter(|s| !s.is_empty()) {
        at.push(segment);
        let index = at.join("_index.md");
        if !root.join(&at).exists() {
            let text = format!(
                "---\ntitle: {}\ndescription: \"\"\n---\n",
                yaml_text(&title_case(segment))
            );
            create_new(&root.join(&index), text.as_bytes())?;
            written.push(index.to_string_lossy().replace('\\', "/"));
        }
    }
    let rel = format!("{folder}/{slug}.md");
    create_new(&root.join(&rel), guide_skeleton(title, today).as_bytes())?;
    written.push(rel);
    Ok(written)
}

/// `--section` as a path below `content/guides/` (`visas`, `guides/visas` and
/// `content/guides/visas/` alike), each segment a slug.
fn section_path(section: &str) -> Result<String, Error> {
    let trimmed = section.trim().trim_matches('/');
    let trimmed = trimmed.strip_prefix("content/").unwrap_or(trimmed);
    let trimmed = match trimmed.strip_prefix("guides") {
        Some("") => "",
        Some(rest) if rest.starts_with('/') => rest.trim_start_matches('/'),
        _ => trimmed,
    };
    for segment in trimmed.split('/').filter(|s| !s.is_empty()) {
        if slugify(segment) != segment {
            return Err(Error::Refused {
                message: format!(
                    "the section `{section}` has a folder named `{segment}`, which is not a URL segment"
                ),
                hint: format!(
                    "name it with lowercase letters, digits and hyphens: `{}`",
                    slugify(segment)
                ),
            });
        }
    }
    Ok(trimmed.to_string())
}

/// `clinical-experience` -> `Clinical experience`.
fn title_case(segment: &str) -> String {
    let words = segment.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Text as a YAML scalar: plain when that reads back the same, else double-quoted.
fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | ',' | '(' | ')' | '\''))
        && !text.starts_with(['-', ' ', '\''])
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "~"
        )
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
    }
}

/// A draft guide with every front matter field, the optional ones commented out.
fn guide_skeleton(title: &str, today: Date) -> String {
    format!(
        "---
title: {title}
description: \"\"         # one or two sentences: shown in cards, search results and link previews
date: {today}
draft: true             # remove this line to publish the guide
# updated: {today}      # when the guide last changed in substance
# tags: [visas, j-1]    # words a reader may look for; each tag gets a page
# specialties: [internal-medicine]   # slugs from data/specialties.yaml
# slug: other-url-name  # the URL's last part (default: the file's name)
# aliases: [/guides/old-url/]        # old URLs that should lead here
# weight: 10            # order within the section, when it sorts by weight
# image:
#   src: /img/picture.png            # a file of static/, or an https:// URL
#   alt: What the picture shows
# faq:                  # questions answered on the page (also given to search engines)
#   - question: Who is this guide for?
#     answer: International medical graduates applying to US residency.
# sources:              # the official pages its facts come from, listed under \"Sources\"
#   - title: \"ECFMG: Requirements for ECFMG Certification\"
#     url: https://www.ecfmg.org/certification/requirements-for-certification.html
#     accessed: {today}
# reviewed_by: Dr. Example # who checked it against its sources
# last_reviewed: {today}   # when; `check` warns 12 months later
# extra:                # anything else, for your templates
#   audience: final-year students
---

Write the guide here. A line starting with `## ` is a section heading, and the page's table of
contents lists it. Link to another guide by its path, such as [the guides](/guides/).
",
        title = yaml_text(title),
    )
}

/// Append a draft program with every field to the data file of `specialty` (creating it if
/// needed) and return the file's path relative to `root` and the entry's line.
pub fn new_program(root: &Path, specialty: &str) -> Result<(String, usize), Error> {
    require_site(root)?;
    let specialties_path = root.join(SPECIALTIES_FILE);
    let text = std::fs::read_to_string(&specialties_path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Refused {
            message: format!("there is no {SPECIALTIES_FILE}, which lists the specialties programs belong to"),
            hint: "list the site's specialties first (`matchpress init --example` writes a complete list)".to_string(),
        },
        _ => Error::io("reading", &specialties_path, e),
    })?;
    let loaded = programs::load(&DataFile::new(PathBuf::from(SPECIALTIES_FILE), text), &[]);
    let specialties = &loaded.directory.specialties;
    let Some(found) = specialties.iter().find(|s| s.slug == specialty) else {
        let hint = match did_you_mean(specialty, specialties.iter().map(|s| s.slug.as_str())) {
            Some(slug) => format!("did you mean `--specialty {slug}`?"),
            None => format!(
                "name one of the slugs of {SPECIALTIES_FILE}: {}",
                specialties
                    .iter()
                    .map(|s| s.slug.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Err(Error::Refused {
            message: format!("{SPECIALTIES_FILE} lists no specialty `{specialty}`"),
            hint,
        });
    };
    let rel = format!("data/programs/{specialty}.yaml");
    let csv = root.join(format!("data/programs/{specialty}.csv"));
    if csv.exists() {
        return Err(Error::Refused {
            message: format!(
                "the programs of {specialty} are in data/programs/{specialty}.csv, a spreadsheet"
            ),
            hint: "add the program as a row of the spreadsheet, and export it again".to_string(),
        });
    }
    let path = root.join(&rel);
    let id = unused_id(root, &found.acgme_code)?;
    if !path.exists() {
        let mut text = format!("specialty: {specialty}\nprograms:\n");
        let line = text.lines().count() + 1;
        text.push_str(&program_skeleton(&found.name, &id, "  "));
        create_new(&path, text.as_bytes())?;
        return Ok((rel, line));
    }
    let existing = std::fs::read_to_string(&path).map_err(|e| Error::io("reading", &path, e))?;
    let indent = appendable(&existing, &rel)?;
    let mut addition = String::new();
    if !existing.is_empty() && !existing.ends_with('\n') {
        addition.push('\n');
    }
    let mut line = existing.lines().count() + 1;
    if !has_programs_key(&existing, &rel) {
        addition.push_str("programs:\n");
        line += 1;
    }
    addition.push_str(&program_skeleton(&found.name, &id, &indent));
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .map_err(|e| Error::io("opening", &path, e))?;
    file.write_all(addition.as_bytes())
        .map_err(|e| Error::io("writing", &path, e))?;
    Ok((rel, line))
}

/// The top-level mapping of a program file, or a refusal when it cannot be read as one.
fn top_level(text: &str, rel: &str) -> Result<Vec<(Node, Node)>, Error> {
    let origin = Origin {
        path: Path::new(rel),
        line_offset: 0,
    };
    let refused = |why: &str| Error::Refused {
        message: format!("{rel} {why}, so a program cannot be added to its end"),
        hint: "fix it first (`matchpress check` says what is wrong), then run this again"
            .to_string(),
    };
    match yaml::parse_tree(text, origin, crate::diagnostic::Code::DataSyntax) {
        Ok(Node {
            value: Value::Map(entries),
            ..
        }) => Ok(entries),
        Ok(Node {
            value: Value::Null, ..
        }) => Ok(Vec::new()),
        Ok(_) => Err(refused("is not a mapping of `specialty` and `programs`")),
        Err(_) => Err(refused("is not valid YAML")),
    }
}

fn has_programs_key(text: &str, rel: &str) -> bool {
    top_level(text, rel).is_ok_and(|entries| {
        entries
            .iter()
            .any(|(k, _)| k.value == Value::Str("programs".to_string()))
    })
}

/// The indentation of the program list's items when a new item can go at the end of `text`
/// (its `programs:` list is a block list and the file's last key, or it has none yet).
fn appendable(text: &str, rel: &str) -> Result<String, Error> {
    let entries = top_level(text, rel)?;
    let Some(at) = entries
        .iter()
        .position(|(k, _)| k.value == Value::Str("programs".to_string()))
    else {
        return Ok("  ".to_string());
    };
    if at + 1 != entries.len() {
        return Err(Error::Refused {
            message: format!(
                "in {rel}, `programs:` is not the last key, so a program cannot be added at the file's end"
            ),
            hint: "move `programs:` and its list to the end of the file, then run this again"
                .to_string(),
        });
    }
    let value = &entries[at].1;
    match &value.value {
        Value::Null => Ok("  ".to_string()),
        Value::List(items) => {
            let flow = value
                .span
                .and_then(|(start, _)| text.get(start..))
                .is_some_and(|rest| rest.starts_with('['));
            if flow {
                return Err(Error::Refused {
                    message: format!("in {rel}, `programs:` is a list in brackets, so a program cannot be added at the file's end"),
                    hint: "write the list one `- ` entry per program (block style), then run this again".to_string(),
                });
            }
            let indent = items
                .first()
                .and_then(|item| text.lines().nth(item.line.saturating_sub(1)))
                .map(|line| line.chars().take_while(|c| *c == ' ').collect::<String>());
            Ok(indent.unwrap_or_else(|| "  ".to_string()))
        }
        _ => Err(Error::Refused {
            message: format!("in {rel}, `programs:` is not a list"),
            hint: "write `programs:` followed by one `- ` entry per program".to_string(),
        }),
    }
}

/// An ACGME ID of `code` in New York (state code 35) that no program file of the site holds.
fn unused_id(root: &Path, code: &str) -> Result<String, Error> {
    let state = STATES
        .iter()
        .find(|(usps, _)| *usps == "NY")
        .map_or("35", |(_, acgme)| acgme);
    let mut texts = Vec::new();
    let folder = root.join("data/programs");
    if let Ok(entries) = std::fs::read_dir(&folder) {
        for entry in entries.filter_map(Result::ok) {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.push(text);
            }
        }
    }
    (0..100_000u32)
        .rev()
        .map(|n| format!("{code}{state}{n:05}"))
        .find(|id| !texts.iter().any(|t| t.contains(id.as_str())))
        .ok_or_else(|| Error::Refused {
            message: format!("every placeholder ID of specialty code {code} is taken"),
            hint: "write the new program's entry by hand".to_string(),
        })
}

/// A draft program entry with every field, the optional ones commented out, its lines
/// starting with `indent` (the list's own).
fn program_skeleton(specialty_name: &str, id: &str, indent: &str) -> String {
    let item = format!("{indent}- ");
    let inner = " ".repeat(item.len());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{item}acgme_id: \"{id}\"   # the program's 10-digit ACGME ID: specialty code, state code, number"
    );
    for line in [
        format!("name: {}", yaml_text(&format!("New {specialty_name} Program"))),
        "draft: true            # remove this line to publish the program".to_string(),
        "sponsor: Sponsoring Institution".to_string(),
        "city: New York".to_string(),
        "state: NY              # USPS code".to_string(),
        "# nrmp_codes: [\"1234140C0\"]   # 7 digits, a track letter (C, P, A, R), a digit".to_string(),
        "# program_type: community     # university | community-university | community | military | other".to_string(),
        "# length_years: 3".to_string(),
        "# positions_pgy1: 10".to_string(),
        "# salary_pgy1: 68000          # US dollars a year".to_string(),
        "# pct_img: 40                 # share of residents who are IMGs, 0-100".to_string(),
        "# visas: [J-1, H-1B]          # J-1, H-1B, F-1; [] = sponsors none".to_string(),
        "# requirements:".to_string(),
        "#   min_step2_ck: 220".to_string(),
        "#   first_attempt_only: true".to_string(),
        "#   yog_cutoff_years: 5       # years since graduation".to_string(),
        "#   usce: preferred           # none | preferred | required".to_string(),
        "#   usce_min_months: 3".to_string(),
        "#   observership_as_usce: false".to_string(),
        "#   accepts_do: true".to_string(),
        "#   accepts_comlex: true".to_string(),
        "#   step3_for_h1b: true".to_string(),
        "# application_service: ERAS  # ERAS | ResidencyCAS | SF Match | other; else the specialty's".to_string(),
        "# application_deadline: 2026-10-15".to_string(),
        "# interview_months: [oct, nov, dec, jan]".to_string(),
        "# interview_format: virtual   # virtual | in-person | hybrid".to_string(),
        "# interviews_offered: 200".to_string(),
        "# website: https://example.org/residency".to_string(),
        "# source_url: https://example.org/residency/facts   # where these facts were published".to_string(),
        "# last_verified: 2026-01-31".to_string(),
        "# notes: Anything an applicant should know, in markdown.".to_string(),
    ] {
        let _ = writeln!(out, "{inner}{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_paths_below_guides_in_any_spelling() {
        for written in ["visas", "/visas/", "guides/visas", "content/guides/visas/"] {
            assert_eq!(
                section_path(written).ok().as_deref(),
                Some("visas"),
                "{written}"
            );
        }
        assert_eq!(section_path("").ok().as_deref(), Some(""));
        assert_eq!(section_path("guides").ok().as_deref(), Some(""));
        assert_eq!(section_path("a/b-c").ok().as_deref(), Some("a/b-c"));
        assert!(section_path("../x").is_err());
        assert!(section_path("Visas").is_err());
        assert!(section_path("a b").is_err());
    }

    #[test]
    fn text_is_plain_yaml_only_when_it_reads_back_the_same() {
        assert_eq!(yaml_text("My first guide"), "My first guide");
        assert_eq!(
            yaml_text("J-1 vs. H-1B: a guide"),
            "\"J-1 vs. H-1B: a guide\""
        );
        assert_eq!(yaml_text("yes"), "\"yes\"");
        assert_eq!(yaml_text("2026"), "\"2026\"");
        assert_eq!(yaml_text("# not a comment"), "\"# not a comment\"");
        assert_eq!(yaml_text("Say \"hi\""), "\"Say \\\"hi\\\"\"");
    }

    #[test]
    fn the_starter_site_yaml_has_the_programs_menu_entry_bare_sites_drop() {
        let (_, site_yaml) = embedded::STARTER
            .iter()
            .find(|(rel, _)| *rel == CONFIG_FILE)
            .expect("starter/site.yaml");
        let bare = without_programs_menu(site_yaml).expect("the entry is there");
        assert!(!String::from_utf8_lossy(&bare).contains("path: /programs/"));
    }
}
