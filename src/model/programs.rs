//! Program data: `data/specialties.yaml` and `data/programs/<specialty>.yaml` turned into
//! validated `Specialty` and `Program` values. Each file is read into a located YAML tree and
//! checked field by field (see `yaml::fields`), so that every problem in every file is
//! reported in one run with `file:line:col`. `null` (unknown) stays `None` all the way: it
//! never becomes `false`, `0` or an empty list. No I/O here.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    Directory, LeftOut, LeftOutKind, Program, ProgramType, Requirements, STATES, Specialty, Usce,
    VISAS,
};
use crate::diagnostic::{Code, Diagnostic, Location, did_you_mean};
use crate::markdown;
use crate::slug::slugify;
use crate::source::{DataFile, SPECIALTIES_FILE};
use crate::yaml::fields::{Checker, Codes};
use crate::yaml::{self, Node, Origin, Value};

/// The outcome of loading the directory.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The directory (partial when there are errors).
    pub directory: Directory,
    /// Every problem found, errors and warnings.
    pub problems: Vec<Diagnostic>,
    /// Programs and files left out because they cannot stand.
    pub left_out: Vec<LeftOut>,
}

const SPECIALTY_FIELDS: [&str; 5] = ["slug", "name", "acgme_code", "length_years", "description"];
const FILE_FIELDS: [&str; 2] = ["specialty", "programs"];
const PROGRAM_FIELDS: [&str; 17] = [
    "acgme_id",
    "nrmp_codes",
    "name",
    "sponsor",
    "city",
    "state",
    "program_type",
    "length_years",
    "positions_pgy1",
    "pct_img",
    "visas",
    "requirements",
    "eras",
    "website",
    "last_verified",
    "notes",
    "specialty",
];
const REQUIREMENT_FIELDS: [&str; 5] = [
    "min_step2_ck",
    "first_attempt_only",
    "yog_cutoff_years",
    "usce",
    "usce_min_months",
];

/// Load and validate the directory from the specialties file and the program files.
pub fn load(specialties: &DataFile, program_files: &[DataFile]) -> Loaded {
    load_cached(specialties, program_files, &mut DataCache::default())
}

/// Program files loaded by earlier builds, by path: a file is loaded again only when its text
/// or the specialties file changed.
#[derive(Debug, Default)]
pub struct DataCache {
    files: HashMap<PathBuf, (u64, FileResult)>,
    /// The last directory loaded, with the hash of every file it came from.
    last: Option<(u64, Shared)>,
}

/// What one program file gives: its programs, its problems, and what it leaves out.
#[derive(Debug, Clone, Default)]
struct FileResult {
    programs: Vec<Program>,
    problems: Vec<Diagnostic>,
    left_out: Vec<LeftOut>,
}

impl FileResult {
    /// A file that gives nothing, for `problem`.
    fn failed(file: &DataFile, problem: Diagnostic) -> Self {
        Self::nothing(file, vec![problem])
    }

    /// A file that gives nothing, for the first of `problems`.
    fn nothing(file: &DataFile, problems: Vec<Diagnostic>) -> Self {
        let reason = problems
            .iter()
            .find(|d| d.is_error())
            .or(problems.first())
            .map_or(Code::DataSyntax, |d| d.code);
        Self {
            programs: Vec::new(),
            left_out: vec![LeftOut {
                kind: LeftOutKind::DataFile,
                location: Location::file(&file.path),
                name: String::new(),
                reason,
            }],
            problems,
        }
    }
}

/// The directory as `load_shared` gives it: shared between builds while no file changes.
#[derive(Debug, Clone, Default)]
pub struct Shared {
    /// The directory.
    pub directory: Arc<Directory>,
    /// Every problem found.
    pub problems: Vec<Diagnostic>,
    /// Programs and files left out.
    pub left_out: Vec<LeftOut>,
}

/// `load`, shared: the same directory as the last call when no file changed, else a directory
/// loaded again with `load_cached`.
pub fn load_shared(
    specialties: &DataFile,
    program_files: &[DataFile],
    cache: &mut DataCache,
) -> Shared {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for file in std::iter::once(specialties).chain(program_files) {
        hasher.update(file.path.to_string_lossy().as_bytes());
        hasher.update(&[0]);
        hasher.update(&file.hash.to_le_bytes());
    }
    let key = hasher.digest();
    if let Some((cached, shared)) = &cache.last
        && *cached == key
    {
        return shared.clone();
    }
    let loaded = load_cached(specialties, program_files, cache);
    let shared = Shared {
        directory: Arc::new(loaded.directory),
        problems: loaded.problems,
        left_out: loaded.left_out,
    };
    cache.last = Some((key, shared.clone()));
    shared
}

/// `load`, reusing and refreshing `cache`.
pub fn load_cached(
    specialties: &DataFile,
    program_files: &[DataFile],
    cache: &mut DataCache,
) -> Loaded {
    let mut loaded = Loaded::default();
    let (list, mut problems) = load_specialties(specialties);
    loaded.problems.append(&mut problems);
    loaded.directory.specialties = list;

    let specialties_hash = specialties.hash.rotate_left(29);
    let specialties = &loaded.directory.specialties;
    let results: Vec<(u64, FileResult)> = program_files
        .par_iter()
        .map(|file| {
            let key = file.hash ^ specialties_hash;
            match cache.files.get(&file.path) {
                Some((cached, result)) if *cached == key => (key, result.clone()),
                _ => (key, load_programs(file, specialties)),
            }
        })
        .collect();
    cache.files = program_files
        .iter()
        .zip(&results)
        .map(|(file, (key, result))| (file.path.clone(), (*key, result.clone())))
        .collect();
    let results = results.into_iter().map(|(_, result)| result);
    let mut programs: Vec<Program> = Vec::new();
    for mut result in results {
        programs.append(&mut result.programs);
        loaded.problems.append(&mut result.problems);
        loaded.left_out.append(&mut result.left_out);
    }

    // One ACGME ID is one program: a second entry anywhere is an error naming the first, and
    // is left out.
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(programs.len());
    let mut keep = vec![true; programs.len()];
    for (i, program) in programs.iter().enumerate() {
        match seen.get(&program.acgme_id) {
            Some(&first) => {
                let first = &programs[first];
                keep[i] = false;
                loaded.problems.push(
                    Diagnostic::new(
                        Code::ProgramDuplicateId,
                        program.location.clone(),
                        format!(
                            "the acgme_id {} is already used by {} ({})",
                            program.acgme_id, first.name, first.sponsor
                        ),
                    )
                    .with_hint("each program appears once; remove one entry or fix its ID")
                    .with_related(first.location.clone(), "first used here"),
                );
                loaded.left_out.push(LeftOut {
                    kind: LeftOutKind::Program,
                    location: program.location.clone(),
                    name: format!("{} ({})", program.name, program.acgme_id),
                    reason: Code::ProgramDuplicateId,
                });
            }
            None => {
                seen.insert(program.acgme_id.clone(), i);
            }
        }
    }
    let mut kept = keep.iter();
    programs.retain(|_| kept.next().copied().unwrap_or(true));

    programs.sort_by(|a, b| {
        (a.specialty, &a.state, &a.name, &a.sponsor, &a.acgme_id).cmp(&(
            b.specialty,
            &b.state,
            &b.name,
            &b.sponsor,
            &b.acgme_id,
        ))
    });
    for (i, program) in programs.iter().enumerate() {
        loaded.directory.specialties[program.specialty]
            .programs
            .push(i);
    }
    loaded.directory.programs = programs;
    loaded
}

fn load_specialties(file: &DataFile) -> (Vec<Specialty>, Vec<Diagnostic>) {
    let origin = Origin {
        path: &file.path,
        line_offset: 0,
    };
    let tree = match yaml::parse_tree(&file.text, origin, Code::DataSyntax) {
        Ok(tree) => tree,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut checker = Checker::new(&file.path, &file.text, Codes::DATA);
    let Some(top) = checker.fields(&tree, "the specialties file", &["specialties"]) else {
        return (Vec::new(), checker.problems);
    };
    let Some(list) = top.get("specialties") else {
        checker.missing(&tree, "specialties", "the specialties file");
        return (Vec::new(), checker.problems);
    };
    let Value::List(items) = &list.value else {
        checker.wrong_type(
            list,
            format!("`specialties` must be a list, found {}", list.kind()),
            "write each specialty as a `- slug: ...` entry",
        );
        return (Vec::new(), checker.problems);
    };
    checker.codes = Codes::SPECIALTY;
    let mut specialties: Vec<Specialty> = Vec::with_capacity(items.len());
    let mut codes: HashMap<String, usize> = HashMap::new();
    for item in items {
        let Some(fields) = checker.fields(item, "a specialty", &SPECIALTY_FIELDS) else {
            continue;
        };
        checker.require(
            item,
            &fields,
            &["slug", "name", "acgme_code"],
            "this specialty",
        );
        let slug = checker.required_text(fields.get("slug"), "slug");
        let name = checker.required_text(fields.get("name"), "name");
        let code = match fields.get("acgme_code") {
            None => None,
            Some(node) => {
                let raw = node.raw(&file.text).unwrap_or_default().to_string();
                let code = match &node.value {
                    Value::Str(s) => Some(s.clone()),
                    Value::Int(_) => {
                        checker.report(
                            Code::SpecialtyUnquotedCode,
                            node,
                            format!("the acgme_code {raw} is not quoted"),
                            format!("write `acgme_code: \"{raw}\"`: other YAML tools drop a leading zero"),
                        );
                        Some(raw.clone())
                    }
                    _ => None,
                };
                match code {
                    Some(c) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()) => Some(c),
                    _ => {
                        checker.invalid(
                            node,
                            format!(
                                "`acgme_code` must be 3 digits, found `{}`",
                                raw.trim_matches('"')
                            ),
                            "for example `acgme_code: \"140\"` for internal medicine",
                        );
                        None
                    }
                }
            }
        };
        let length = checker.number(
            fields.get("length_years"),
            "length_years",
            1,
            10,
            "the usual length of training",
        );
        let description = checker
            .optional_text(fields.get("description"), "description")
            .unwrap_or_default();
        if let Some(slug) = &slug
            && slugify(slug) != *slug
        {
            checker.invalid(
                fields.get("slug").unwrap_or(item),
                format!("the slug `{slug}` is not a URL slug"),
                format!(
                    "use lowercase letters, digits and hyphens: `{}`",
                    slugify(slug)
                ),
            );
        }
        if let Some(slug) = &slug
            && specialties.iter().any(|s| s.slug == *slug)
        {
            checker.report(
                Code::SpecialtyDuplicate,
                fields.get("slug").unwrap_or(item),
                format!("the specialty `{slug}` is listed twice"),
                "keep one entry per specialty",
            );
        }
        if let Some(code) = &code
            && let Some(&other) = codes.get(code)
        {
            checker.report(
                Code::SpecialtyDuplicate,
                fields.get("acgme_code").unwrap_or(item),
                format!(
                    "the acgme_code {code} is also the code of `{}`",
                    specialties[other].slug
                ),
                "each specialty has its own ACGME code",
            );
        }
        if let (Some(slug), Some(name), Some(code)) = (slug, name, code) {
            codes.insert(code.clone(), specialties.len());
            specialties.push(Specialty {
                slug,
                name,
                acgme_code: code,
                length_years: length.and_then(|l| u8::try_from(l).ok()).unwrap_or(0),
                description,
                programs: Vec::new(),
            });
        }
    }
    (specialties, checker.problems)
}

fn load_programs(file: &DataFile, specialties: &[Specialty]) -> FileResult {
    let origin = Origin {
        path: &file.path,
        line_offset: 0,
    };
    let tree = match yaml::parse_tree(&file.text, origin, Code::DataSyntax) {
        Ok(tree) => tree,
        Err(d) => return FileResult::failed(file, d),
    };
    let mut checker = Checker::new(&file.path, &file.text, Codes::DATA);
    let what = "a program file";
    let Some(top) = checker.fields(&tree, what, &FILE_FIELDS) else {
        return FileResult::nothing(file, checker.problems);
    };
    let specialty = match top.get("specialty") {
        None => {
            checker.missing(&tree, "specialty", "the program file");
            None
        }
        Some(node) => checker.text(node, "specialty").and_then(|slug| {
            let found = specialties.iter().position(|s| s.slug == slug);
            if found.is_none() {
                let hint = match did_you_mean(&slug, specialties.iter().map(|s| s.slug.as_str())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the specialties are listed in {SPECIALTIES_FILE}"),
                };
                checker.report(
                    Code::DataUnknownSpecialty,
                    node,
                    format!("unknown specialty `{slug}`"),
                    hint,
                );
            }
            let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if found.is_some() && stem != slug {
                checker.report(
                    Code::DataWrongFile,
                    node,
                    format!("the file is named {stem}.yaml but holds the specialty `{slug}`"),
                    format!("name it data/programs/{slug}.yaml, one file per specialty"),
                );
            }
            found
        }),
    };
    let Some(list) = top.get("programs") else {
        checker.missing(&tree, "programs", "the program file");
        return FileResult::nothing(file, checker.problems);
    };
    let items: &[Node] = match &list.value {
        Value::List(items) => items,
        Value::Null => &[],
        _ => {
            checker.wrong_type(
                list,
                format!("`programs` must be a list, found {}", list.kind()),
                "write each program as a `- acgme_id: ...` entry",
            );
            return FileResult::nothing(file, checker.problems);
        }
    };
    checker.codes = Codes::PROGRAM;
    let mut programs = Vec::with_capacity(items.len());
    let mut left_out = Vec::new();
    for item in items {
        let before = checker.problems.len();
        match program(&mut checker, item, specialty.map(|i| (i, &specialties[i]))) {
            Some(program) => programs.push(program),
            None => left_out.push(LeftOut {
                kind: LeftOutKind::Program,
                location: checker.at(item),
                name: entry_label(item, &file.text),
                reason: checker.problems[before..]
                    .iter()
                    .find(|d| d.is_error())
                    .map_or(Code::ProgramMissingField, |d| d.code),
            }),
        }
    }
    // Program URLs: the sponsor's slug and the ID, which never changes.
    for p in &mut programs {
        let sponsor = slugify(&p.sponsor);
        p.slug = if sponsor.is_empty() {
            p.acgme_id.clone()
        } else {
            format!("{sponsor}-{}", p.acgme_id)
        };
    }
    FileResult {
        programs,
        problems: checker.problems,
        left_out,
    }
}

/// A program entry named for people by what it has: its name and ID, either, or its place.
fn entry_label(item: &Node, yaml: &str) -> String {
    let field = |name: &str| match &item.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == name))
            .and_then(|(_, v)| match &v.value {
                Value::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Int(_) | Value::Float(_) => v.raw(yaml).map(str::to_string),
                _ => None,
            }),
        _ => None,
    };
    match (field("name"), field("acgme_id")) {
        (Some(name), Some(id)) => format!("{name} ({id})"),
        (Some(name), None) => name,
        (None, Some(id)) => id,
        (None, None) => format!("the entry at line {}", item.line),
    }
}

/// Check one program entry; `None` when a required field is missing or the specialty unknown.
fn program(
    checker: &mut Checker<'_>,
    item: &Node,
    specialty: Option<(usize, &Specialty)>,
) -> Option<Program> {
    let fields = checker.fields(item, "a program", &PROGRAM_FIELDS)?;
    let raw = RawProgram {
        acgme_id: fields.get("acgme_id"),
        nrmp_codes: fields.get("nrmp_codes"),
        name: fields.get("name"),
        sponsor: fields.get("sponsor"),
        city: fields.get("city"),
        state: fields.get("state"),
        program_type: fields.get("program_type"),
        length_years: fields.get("length_years"),
        positions_pgy1: fields.get("positions_pgy1"),
        pct_img: fields.get("pct_img"),
        visas: fields.get("visas"),
        requirements: fields.get("requirements"),
        eras: fields.get("eras"),
        website: fields.get("website"),
        last_verified: fields.get("last_verified"),
        notes: fields.get("notes"),
        specialty: fields.get("specialty"),
    };
    let RawProgram {
        acgme_id,
        nrmp_codes,
        name,
        sponsor,
        city,
        state,
        program_type,
        length_years,
        positions_pgy1,
        pct_img,
        visas,
        requirements,
        eras,
        website,
        last_verified,
        notes,
        specialty: specialty_field,
    } = raw;

    // Name the program by what it has, so the editor can find it.
    let label = match (
        acgme_id.and_then(|n| n.raw(checker.yaml)),
        name.and_then(|n| n.raw(checker.yaml)),
    ) {
        (Some(id), _) => format!("the program {}", id.trim_matches('"')),
        (None, Some(name)) => format!("the program `{name}`"),
        (None, None) => "this program".to_string(),
    };
    checker.require(
        item,
        &fields,
        &["acgme_id", "name", "sponsor", "city", "state"],
        &label,
    );
    let name = checker.required_text(name, "name");
    let sponsor = checker.required_text(sponsor, "sponsor");
    let city = checker.required_text(city, "city");
    let state = checker.required_text(state, "state").and_then(|code| {
        if STATES.iter().any(|(s, _)| *s == code) {
            Some(code)
        } else {
            let node = state.unwrap_or(item);
            let upper = code.to_ascii_uppercase();
            let hint = if STATES.iter().any(|(s, _)| *s == upper) {
                format!("write state codes in capitals: `{upper}`")
            } else {
                "a two-letter USPS code such as NY, CA or TX; DC and PR are accepted".to_string()
            };
            checker.invalid(
                node,
                format!("`state` must be a USPS state code, found `{code}`"),
                hint,
            );
            None
        }
    });

    let acgme_id = acgme_id
        .and_then(|node| acgme_id_of(checker, node, specialty.map(|(_, s)| s), state.as_deref()));

    if let Some(node) = specialty_field {
        // A per-program `specialty:` is allowed only when it agrees with the file's.
        let text = checker.text(node, "specialty");
        if let (Some(text), Some((_, s))) = (text, specialty)
            && text != s.slug
        {
            checker.report(
                Code::ProgramWrongSpecialty,
                node,
                format!(
                    "this program says `specialty: {text}` in the file of `{}`",
                    s.slug
                ),
                format!("move it to data/programs/{text}.yaml"),
            );
        }
    }

    let nrmp_codes = nrmp_codes.and_then(|node| checker.text_list(Some(node), "nrmp_codes")).map(|codes| {
        codes
            .into_iter()
            .filter_map(|(code, node)| {
                let b = code.as_bytes();
                let ok = b.len() == 9
                    && b[..7].iter().all(u8::is_ascii_digit)
                    && b[7].is_ascii_uppercase()
                    && b[8].is_ascii_digit();
                if ok {
                    Some(code)
                } else {
                    checker.invalid(
                        node,
                        format!("the NRMP code `{code}` is not 7 digits, a track letter and a digit"),
                        "for example \"1234140C0\" (C categorical, P preliminary, A advanced, R reserved)",
                    );
                    None
                }
            })
            .collect()
    });

    let program_type = program_type.and_then(|node| {
        checker
            .choice(
                Some(node),
                "program_type",
                &ProgramType::NAMES,
                "`community-university` is a community program affiliated with a university; write `null` if it is not published",
            )
            .and_then(|t| ProgramType::parse(&t))
    });
    let length_years = checker
        .number(
            length_years,
            "length_years",
            1,
            10,
            "the length of training in years",
        )
        .and_then(|n| u8::try_from(n).ok());
    let positions_pgy1 = checker
        .number(
            positions_pgy1,
            "positions_pgy1",
            0,
            1000,
            "the number of first-year positions",
        )
        .and_then(|n| u32::try_from(n).ok());
    let pct_img = checker
        .number(
            pct_img,
            "pct_img",
            0,
            100,
            "a percentage of residents, from 0 to 100",
        )
        .and_then(|n| u8::try_from(n).ok());

    let visas = visas
        .and_then(|node| checker.text_list(Some(node), "visas"))
        .map(|items| {
            let mut out: Vec<String> = Vec::new();
            for (visa, node) in items {
                let known = VISAS.iter().find(|v| v.eq_ignore_ascii_case(&visa));
                match known {
                    Some(v) if !out.iter().any(|o| o == v) => out.push((*v).to_string()),
                    Some(_) => {}
                    None => {
                        let hint = match did_you_mean(&visa, VISAS) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => {
                                "list only J-1, H-1B and F-1; `[]` means no sponsorship".to_string()
                            }
                        };
                        checker.invalid(
                            node,
                            format!("`visas` may hold J-1, H-1B and F-1, found `{visa}`"),
                            hint,
                        );
                    }
                }
            }
            // Always in the same order, whatever the file's.
            out.sort_by_key(|v| VISAS.iter().position(|k| k == v));
            out
        });

    let requirements = match requirements {
        None => Requirements::default(),
        Some(node) if node.value == Value::Null => Requirements::default(),
        Some(node) => requirements_of(checker, node),
    };
    let eras = checker.flag(eras, "eras");
    let website_location = website.map(|node| checker.at(node));
    let website = website.and_then(|node| {
        let url = checker.text(node, "website")?;
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        match rest {
            Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Some(url),
            _ => {
                checker.invalid(
                    node,
                    format!("`website` must be an http or https address, found `{url}`"),
                    "for example `website: https://example.org/residency`",
                );
                None
            }
        }
    });
    let last_verified = checker.date(last_verified, "last_verified");
    let notes_location = notes.map(|node| checker.at(node));
    let notes = notes.and_then(|node| {
        let text = checker.text(node, "notes")?;
        if markdown::has_raw_html(&text) {
            checker.report(
                Code::ProgramRawHtml,
                node,
                "`notes` may not contain raw HTML".to_string(),
                "write the notes in markdown: **bold**, *italic*, [links](https://...)",
            );
            return None;
        }
        Some(markdown::render(&text))
    });

    let location = checker.at(item);
    Some(Program {
        acgme_id: acgme_id?,
        nrmp_codes,
        name: name?,
        sponsor: sponsor?,
        city: city?,
        state: state?,
        program_type,
        length_years,
        positions_pgy1,
        pct_img,
        visas,
        requirements,
        eras,
        website,
        last_verified,
        notes,
        notes_location,
        website_location,
        specialty: specialty?.0,
        slug: String::new(),
        location,
    })
}

/// A program's fields as written, before checking.
struct RawProgram<'n> {
    acgme_id: Option<&'n Node>,
    nrmp_codes: Option<&'n Node>,
    name: Option<&'n Node>,
    sponsor: Option<&'n Node>,
    city: Option<&'n Node>,
    state: Option<&'n Node>,
    program_type: Option<&'n Node>,
    length_years: Option<&'n Node>,
    positions_pgy1: Option<&'n Node>,
    pct_img: Option<&'n Node>,
    visas: Option<&'n Node>,
    requirements: Option<&'n Node>,
    eras: Option<&'n Node>,
    website: Option<&'n Node>,
    last_verified: Option<&'n Node>,
    notes: Option<&'n Node>,
    specialty: Option<&'n Node>,
}

fn acgme_id_of(
    checker: &mut Checker<'_>,
    node: &Node,
    specialty: Option<&Specialty>,
    state: Option<&str>,
) -> Option<String> {
    let raw = node
        .raw(checker.yaml)
        .unwrap_or_default()
        .trim()
        .to_string();
    let quoted = matches!(node.value, Value::Str(_));
    let id = match &node.value {
        Value::Str(s) => s.trim().to_string(),
        Value::Int(_) | Value::Float(_) => raw.clone(),
        _ => String::new(),
    };
    if id.len() != 10 || !id.bytes().all(|b| b.is_ascii_digit()) {
        let digits = id.bytes().filter(u8::is_ascii_digit).count();
        let found = if digits == id.len() && !id.is_empty() {
            format!("{digits} digits: {id}")
        } else {
            format!("`{}`", raw.trim_matches('"'))
        };
        let code = specialty.map_or("140", |s| s.acgme_code.as_str());
        checker.report(
            Code::ProgramInvalidId,
            node,
            format!("`acgme_id` must be 10 digits; found {found}"),
            format!(
                "3 digits of specialty code, 2 of state code and 5 of sequence, in quotes: \"{code}3521292\""
            ),
        );
        return None;
    }
    if !quoted {
        checker.report(
            Code::ProgramUnquotedId,
            node,
            format!("the acgme_id {raw} is not quoted"),
            format!(
                "write `acgme_id: \"{raw}\"`: other YAML tools read an unquoted ID as a number and may drop a leading zero"
            ),
        );
    }
    if let Some(s) = specialty
        && id[..3] != s.acgme_code
    {
        checker.report(
            Code::ProgramIdSpecialtyMismatch,
            node,
            format!(
                "the acgme_id {id} starts with {}, but {} programs start with {}",
                &id[..3],
                s.name,
                s.acgme_code
            ),
            "check the ID, or move the program to the file of its specialty",
        );
    }
    if let Some(state) = state
        && let Some((_, code)) = STATES.iter().find(|(s, _)| *s == state)
        && id[3..5] != **code
    {
        let named = STATES
            .iter()
            .find(|(_, c)| *c == &id[3..5])
            .map_or_else(|| "no state".to_string(), |(s, _)| (*s).to_string());
        checker.report(
            Code::ProgramIdStateMismatch,
            node,
            format!(
                "the acgme_id {id} has state code {} ({named}), but the program is in {state} ({code})",
                &id[3..5]
            ),
            "real IDs sometimes keep an old state code; check the ID and the state",
        );
    }
    Some(id)
}

fn requirements_of(checker: &mut Checker<'_>, node: &Node) -> Requirements {
    let Some(fields) = checker.fields(node, "the requirements", &REQUIREMENT_FIELDS) else {
        return Requirements::default();
    };
    let min_step2_ck = checker
        .number(
            fields.get("min_step2_ck"),
            "min_step2_ck",
            194,
            300,
            "a USMLE Step 2 CK score; scores are reported up to 300, and a published minimum below 194 is almost certainly a typo",
        )
        .and_then(|n| u16::try_from(n).ok());
    let first_attempt_only = checker.flag(fields.get("first_attempt_only"), "first_attempt_only");
    let yog_cutoff_years = checker
        .number(
            fields.get("yog_cutoff_years"),
            "yog_cutoff_years",
            0,
            60,
            "the most years since graduation the program accepts",
        )
        .and_then(|n| u8::try_from(n).ok());
    let usce = checker
        .choice(
            fields.get("usce"),
            "usce",
            &Usce::NAMES,
            "`none`: not asked for; `preferred`: counts in your favor; `required`: needed to apply; write `null` if it is not published",
        )
        .and_then(|u| Usce::parse(&u));
    let usce_min_months = checker
        .number(
            fields.get("usce_min_months"),
            "usce_min_months",
            0,
            60,
            "months of US clinical experience",
        )
        .and_then(|n| u8::try_from(n).ok());
    if let (Some(months), Some(node)) = (usce_min_months, fields.get("usce_min_months"))
        && months > 0
        && !matches!(usce, Some(Usce::Preferred | Usce::Required))
    {
        let said = match usce {
            Some(Usce::None) => "`usce: none`",
            _ => "no `usce`",
        };
        checker.report(
            Code::ProgramInconsistent,
            node,
            format!("`usce_min_months: {months}` is given, but the program has {said}"),
            "set `usce: preferred` or `usce: required`, or remove the months",
        );
    }
    Requirements {
        min_step2_ck,
        first_attempt_only,
        yog_cutoff_years,
        usce,
        usce_min_months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> DataFile {
        DataFile::new(PathBuf::from(path), text.to_string())
    }

    const SPECIALTIES: &str = "specialties:\n  - slug: internal-medicine\n    name: Internal Medicine\n    acgme_code: \"140\"\n    length_years: 3\n    description: Adults.\n";

    #[test]
    fn null_stays_unknown_and_empty_list_means_none() {
        let programs = "specialty: internal-medicine\nprograms:\n  - acgme_id: \"1403521292\"\n    name: IM\n    sponsor: Example\n    city: Brooklyn\n    state: NY\n    visas: []\n    pct_img: null\n    eras: false\n";
        let loaded = load(
            &file(SPECIALTIES_FILE, SPECIALTIES),
            &[file("data/programs/internal-medicine.yaml", programs)],
        );
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let p = &loaded.directory.programs[0];
        assert_eq!(p.visas, Some(Vec::new()));
        assert_eq!(p.pct_img, None);
        assert_eq!(p.eras, Some(false));
        assert_eq!(p.requirements.min_step2_ck, None);
        assert_eq!(p.slug, "example-1403521292");
    }

    #[test]
    fn state_codes_follow_the_acgme_numbering() {
        let code = |s: &str| STATES.iter().find(|(k, _)| *k == s).map(|(_, c)| *c);
        assert_eq!(code("AL"), Some("01"));
        assert_eq!(code("CA"), Some("05"));
        assert_eq!(code("NY"), Some("35"));
        assert_eq!(code("PR"), Some("42"));
        assert_eq!(code("TX"), Some("48"));
        assert_eq!(code("WY"), Some("57"));
    }
}
