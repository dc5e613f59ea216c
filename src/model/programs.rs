//! Program data: `data/specialties.yaml` and `data/programs/<specialty>.yaml` (or `.csv`, a
//! spreadsheet export) turned into validated `Specialty` and `Program` values. Each file is
//! read into a located tree (a CSV's rows become the same tree as YAML's entries, see `sheet`)
//! and checked field by field (see `yaml::fields`), so that every problem in every file is
//! reported in one run with `file:line:col` (`file:ROW:COL` for a spreadsheet). `null` (an
//! empty cell) stays `None` all the way: it never becomes `false`, `0` or an empty list. No
//! I/O here.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    Directory, InterviewFormat, LeftOut, LeftOutKind, ListAdvice, MONTHS, Percent, Program,
    ProgramType, Requirements, STATES, ScoreReference, Service, Specialty, Usce, VISAS,
    season_order,
};
use crate::diagnostic::{Code, Diagnostic, Location, did_you_mean};
use crate::markdown;
use crate::sheet::{self, Columns};
use crate::slug::slugify;
use crate::source::{DataFile, SPECIALTIES_FILE};
use crate::stored::{Carried, Got};
use crate::yaml::fields::{Checker, Codes, Fields, Scalars, one_of};
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

const SPECIALTY_FIELDS: [&str; 8] = [
    "slug",
    "name",
    "acgme_code",
    "length_years",
    "description",
    "matched_img_step2_ck",
    "list_advice",
    "application_service",
];
const REFERENCE_FIELDS: [&str; 6] = ["p25", "median", "p75", "year", "source", "url"];
const ADVICE_FIELDS: [&str; 3] = ["text", "source", "url"];
const FILE_FIELDS: [&str; 2] = ["specialty", "programs"];
const PROGRAM_FIELDS: [&str; 25] = [
    "acgme_id",
    "nrmp_codes",
    "name",
    "sponsor",
    "city",
    "state",
    "program_type",
    "length_years",
    "positions_pgy1",
    "salary_pgy1",
    "pct_img",
    "visas",
    "requirements",
    "application_service",
    "eras",
    "application_deadline",
    "interview_months",
    "interview_format",
    "interviews_offered",
    "website",
    "source_url",
    "last_verified",
    "notes",
    "specialty",
    "draft",
];
const REQUIREMENT_FIELDS: [&str; 9] = [
    "min_step2_ck",
    "first_attempt_only",
    "yog_cutoff_years",
    "usce",
    "usce_min_months",
    "observership_as_usce",
    "accepts_do",
    "accepts_comlex",
    "step3_for_h1b",
];
/// What a program cannot stand without: an entry that lacks one is left out.
const REQUIRED_FIELDS: [&str; 4] = ["acgme_id", "name", "city", "state"];

/// A CSV file's columns: the program's fields, with `requirements.` before a requirement
/// (which may also be written without it, see `CSV_ALIASES`).
const CSV_FIELDS: [&str; 33] = [
    "acgme_id",
    "nrmp_codes",
    "name",
    "sponsor",
    "city",
    "state",
    "program_type",
    "length_years",
    "positions_pgy1",
    "salary_pgy1",
    "pct_img",
    "visas",
    "requirements.min_step2_ck",
    "requirements.first_attempt_only",
    "requirements.yog_cutoff_years",
    "requirements.usce",
    "requirements.usce_min_months",
    "requirements.observership_as_usce",
    "requirements.accepts_do",
    "requirements.accepts_comlex",
    "requirements.step3_for_h1b",
    "application_service",
    "eras",
    "application_deadline",
    "interview_months",
    "interview_format",
    "interviews_offered",
    "website",
    "source_url",
    "last_verified",
    "notes",
    "specialty",
    "draft",
];

/// Other names exports give the columns (the README's table). Headers are compared ignoring
/// case, spaces, `_`, `-` and brackets (see `sheet::normalize`), so `pgy-1 positions` and
/// `web site` need no entry of their own.
const CSV_ALIASES: &[(&str, &str)] = &[
    ("program id", "acgme_id"),
    ("acgme program id", "acgme_id"),
    ("program number", "acgme_id"),
    ("acgme program number", "acgme_id"),
    ("nrmp code", "nrmp_codes"),
    ("nrmp program code", "nrmp_codes"),
    ("nrmp program codes", "nrmp_codes"),
    ("program name", "name"),
    ("program", "name"),
    ("sponsoring institution", "sponsor"),
    ("sponsor institution", "sponsor"),
    ("sponsor name", "sponsor"),
    ("institution", "sponsor"),
    ("program city", "city"),
    ("program state", "state"),
    ("state code", "state"),
    ("type", "program_type"),
    ("program setting", "program_type"),
    ("length", "length_years"),
    ("program length", "length_years"),
    ("length of training", "length_years"),
    ("years of training", "length_years"),
    ("positions", "positions_pgy1"),
    ("pgy1 positions", "positions_pgy1"),
    ("first year positions", "positions_pgy1"),
    ("salary", "salary_pgy1"),
    ("pgy1 salary", "salary_pgy1"),
    ("first year salary", "salary_pgy1"),
    ("% img", "pct_img"),
    ("% imgs", "pct_img"),
    ("img %", "pct_img"),
    ("imgs %", "pct_img"),
    ("percent img", "pct_img"),
    ("img percent", "pct_img"),
    ("img share", "pct_img"),
    ("visa", "visas"),
    ("visas sponsored", "visas"),
    ("visa sponsorship", "visas"),
    ("min step2 ck", "requirements.min_step2_ck"),
    ("step 2 ck minimum", "requirements.min_step2_ck"),
    ("minimum step 2 ck", "requirements.min_step2_ck"),
    ("first attempt only", "requirements.first_attempt_only"),
    ("yog cutoff years", "requirements.yog_cutoff_years"),
    ("graduation cutoff years", "requirements.yog_cutoff_years"),
    ("years since graduation", "requirements.yog_cutoff_years"),
    ("usce", "requirements.usce"),
    ("us clinical experience", "requirements.usce"),
    ("usce min months", "requirements.usce_min_months"),
    ("usce months", "requirements.usce_min_months"),
    ("observership as usce", "requirements.observership_as_usce"),
    (
        "observerships count as usce",
        "requirements.observership_as_usce",
    ),
    ("accepts do", "requirements.accepts_do"),
    ("do graduates", "requirements.accepts_do"),
    ("accepts comlex", "requirements.accepts_comlex"),
    ("comlex accepted", "requirements.accepts_comlex"),
    ("step3 for h1b", "requirements.step3_for_h1b"),
    ("step 3 required for h 1b", "requirements.step3_for_h1b"),
    ("participates in eras", "eras"),
    ("application system", "application_service"),
    ("applies through", "application_service"),
    ("deadline", "application_deadline"),
    ("interview season", "interview_months"),
    ("interview type", "interview_format"),
    ("interview mode", "interview_format"),
    ("interviews", "interviews_offered"),
    ("number of interviews", "interviews_offered"),
    ("url", "website"),
    ("program website", "website"),
    ("program url", "website"),
    ("source", "source_url"),
    ("data source", "source_url"),
    ("last updated", "last_verified"),
    ("date verified", "last_verified"),
    ("comments", "notes"),
];

/// How a program file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// YAML: `specialty:` and a `programs:` list.
    Yaml,
    /// A spreadsheet export: a header row and a program per row.
    Csv,
}

impl Format {
    fn of(file: &DataFile) -> Self {
        match file.path.extension() {
            Some(e) if e.eq_ignore_ascii_case("csv") => Self::Csv,
            _ => Self::Yaml,
        }
    }
}

/// The program files to read, and an error for each file that shares its name with another
/// one of another format (`pediatrics.yaml` and `pediatrics.csv`): the first in the order
/// YAML, YML, CSV is read, the others are not, and are listed as left out.
fn one_file_per_specialty(
    program_files: &[DataFile],
) -> (Vec<&DataFile>, Vec<Diagnostic>, Vec<LeftOut>) {
    let rank = |file: &DataFile| match file.path.extension().and_then(|e| e.to_str()) {
        Some("yaml") => 0,
        Some("yml") => 1,
        _ => 2,
    };
    let mut by_name: HashMap<PathBuf, &DataFile> = HashMap::with_capacity(program_files.len());
    for file in program_files {
        let name = file.path.with_extension("");
        match by_name.get(&name) {
            Some(kept) if rank(kept) <= rank(file) => {}
            _ => {
                by_name.insert(name, file);
            }
        }
    }
    let mut problems = Vec::new();
    let mut left_out = Vec::new();
    let mut read = Vec::with_capacity(by_name.len());
    for file in program_files {
        let kept = by_name
            .get(&file.path.with_extension(""))
            .copied()
            .unwrap_or(file);
        if std::ptr::eq(kept, file) {
            read.push(file);
            continue;
        }
        let slug = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        problems.push(
            Diagnostic::new(
                Code::DataFormatConflict,
                Location::file(&file.path),
                format!(
                    "this file and {} both hold the programs of `{slug}`; only {} is read",
                    kept.path.display(),
                    kept.path.display(),
                ),
            )
            .with_hint(
                "keep one file per specialty: merge the programs into one of them and delete the other, or move it out of data/programs/",
            )
            .with_related(Location::file(&kept.path), "read instead"),
        );
        left_out.push(LeftOut {
            kind: LeftOutKind::DataFile,
            location: Location::file(&file.path),
            name: String::new(),
            reason: Code::DataFormatConflict,
        });
    }
    (read, problems, left_out)
}

/// Load and validate the directory from the specialties file and the program files.
pub fn load(specialties: &DataFile, program_files: &[DataFile]) -> Loaded {
    load_cached(specialties, program_files, &mut DataCache::default())
}

/// Program files loaded by earlier builds, by path: a file is loaded again only when its text
/// or the specialties file changed. Besides the files loaded in this process, it may hold
/// those an earlier process stored (`decode`, `encode`), as `ParseCache` does.
#[derive(Debug, Default)]
pub struct DataCache {
    files: HashMap<PathBuf, (u64, FileResult)>,
    /// The last directory loaded, with the hash of every file it came from.
    last: Option<(u64, Shared)>,
    /// What an earlier process stored.
    carried: Carried,
}

impl DataCache {
    /// A cache of the files stored in `bytes` (what `encode` wrote).
    pub fn decode(bytes: Vec<u8>) -> Self {
        Self {
            carried: Carried::decode(bytes),
            ..Self::default()
        }
    }

    /// What an earlier process stored, and what became of it (see `Carried`).
    pub fn carried(&self) -> &Carried {
        &self.carried
    }

    /// Every file loaded, by path, with its key: what a later process may `decode` (a file
    /// whose path is not UTF-8 is left out).
    pub fn results(&self) -> Vec<(&str, u64, &FileResult)> {
        let mut results: Vec<(&str, u64, &FileResult)> = self
            .files
            .iter()
            .filter_map(|(path, (key, result))| Some((path.to_str()?, *key, result)))
            .collect();
        results.sort_unstable_by_key(|(name, _, _)| *name);
        results
    }

    /// Let go of what `decode` was given (the files in use stay, decoded).
    pub fn forget_stored(&mut self) {
        self.carried.forget();
    }

    /// Let go of the last directory loaded; the files stay.
    pub fn forget_directory(&mut self) {
        self.last = None;
    }
}

/// What one program file gives: its programs, its problems, and what it leaves out.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FileResult {
    /// Shared with the directories built from them and the cache's copy: a build takes
    /// 13,000 programs from the cache without copying one.
    programs: Vec<Arc<Program>>,
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

    // One file per specialty: of a YAML and a CSV file of one name, only the YAML is read.
    let (program_files, mut conflicts, mut not_read) = one_file_per_specialty(program_files);
    loaded.problems.append(&mut conflicts);
    loaded.left_out.append(&mut not_read);

    let specialties_hash = specialties.hash.rotate_left(29);
    let specialties = &loaded.directory.specialties;
    // Each file: as this process last loaded it, else as an earlier one stored it, else read.
    let results: Vec<(u64, FileResult, Got)> = program_files
        .par_iter()
        .map(|file| {
            let key = file.hash ^ specialties_hash;
            match cache.files.get(&file.path) {
                Some((cached, result)) if *cached == key => (key, result.clone(), Got::Kept),
                _ => match file
                    .path
                    .to_str()
                    .and_then(|name| cache.carried.stored.get(name, key))
                {
                    Some(result) => (key, result, Got::Stored),
                    None => (key, load_programs(file, specialties), Got::Parsed),
                },
            }
        })
        .collect();
    cache
        .carried
        .note(results.iter().map(|r| r.2), program_files.len());
    cache.files = program_files
        .iter()
        .zip(&results)
        .map(|(file, (key, result, _))| (file.path.clone(), (*key, result.clone())))
        .collect();
    let results = results.into_iter().map(|(_, result, _)| result);
    let mut programs: Vec<Arc<Program>> = Vec::new();
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
                            program.acgme_id,
                            first.name,
                            first.sponsor.as_deref().map_or_else(
                                || format!("{}, {}", first.city, first.state),
                                str::to_string
                            )
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
        let matched_img_step2_ck = fields
            .get("matched_img_step2_ck")
            .and_then(|node| score_reference_of(&mut checker, node));
        let list_advice = fields
            .get("list_advice")
            .and_then(|node| list_advice_of(&mut checker, node));
        let application_service = fields
            .get("application_service")
            .filter(|node| node.value != Value::Null)
            .and_then(|node| service_of(&mut checker, node, "application_service"));
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
        // A second entry of a slug is left out: its URLs are the first one's, which stands
        // (and reads the programs of that slug).
        let repeated = slug
            .as_ref()
            .is_some_and(|slug| specialties.iter().any(|s| s.slug == *slug));
        if let Some(slug) = slug.as_ref().filter(|_| repeated) {
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
        if let (Some(slug), Some(name), Some(code), false) = (slug, name, code, repeated) {
            codes.entry(code.clone()).or_insert(specialties.len());
            specialties.push(Specialty {
                slug,
                name,
                acgme_code: code,
                length_years: length.and_then(|l| u8::try_from(l).ok()).unwrap_or(0),
                description,
                matched_img_step2_ck,
                list_advice,
                application_service,
                programs: Vec::new(),
            });
        }
    }
    (specialties, checker.problems)
}

fn load_programs(file: &DataFile, specialties: &[Specialty]) -> FileResult {
    let mut result = match Format::of(file) {
        Format::Yaml => load_yaml(file, specialties),
        Format::Csv => load_csv(file, specialties),
    };
    for p in &mut result.programs {
        let slug = slug_of(p);
        Arc::make_mut(p).slug = slug;
    }
    result
}

/// A program's URL slug: the sponsor's slug (the name's when there is none) and the ID, which
/// never changes.
fn slug_of(program: &Program) -> String {
    let base = slugify(program.sponsor.as_deref().unwrap_or(&program.name));
    if base.is_empty() {
        program.acgme_id.clone()
    } else {
        format!("{base}-{}", program.acgme_id)
    }
}

/// The program of one entry of a YAML program file (see `yaml::entries`), read alone, as
/// `load` reads it in the whole file, for the file's `specialty`. `None` when the entry does
/// not give exactly one program without any problem: then only the whole file tells what is
/// wrong.
pub fn reparse_entry(
    file: &DataFile,
    entry: &yaml::entries::Entry,
    specialty: (usize, &Specialty),
) -> Option<Program> {
    let text = file.text.get(entry.bytes.clone())?;
    if Format::of(file) != Format::Yaml || entry.shares {
        return None;
    }
    let origin = Origin {
        path: &file.path,
        line_offset: entry.line - 1,
    };
    let tree = yaml::parse_tree(text, origin, Code::DataSyntax).ok()?;
    let Value::List(items) = &tree.value else {
        return None;
    };
    let [item] = items.as_slice() else {
        return None;
    };
    let mut checker = Checker::new(&file.path, text, Codes::PROGRAM);
    let mut program = program(&mut checker, item, Some(specialty))?;
    if !checker.problems.is_empty() {
        return None;
    }
    program.slug = slug_of(&program);
    Some(program)
}

/// The columns of a CSV program file.
const CSV_COLUMNS: Columns<'static> = Columns {
    fields: &CSV_FIELDS,
    lists: &["nrmp_codes", "visas", "interview_months"],
    aliases: CSV_ALIASES,
    required: &REQUIRED_FIELDS,
    empty_list: "none",
};

/// A spreadsheet export: the specialty is the file's name, each row a program.
fn load_csv(file: &DataFile, specialties: &[Specialty]) -> FileResult {
    let mut checker =
        Checker::new(&file.path, &file.text, Codes::PROGRAM).with_scalars(Scalars::Text);
    let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let specialty = specialties.iter().position(|s| s.slug == stem);
    if specialty.is_none() {
        let hint = match did_you_mean(stem, specialties.iter().map(|s| s.slug.as_str())) {
            Some(s) => format!("did you mean `{s}`? Name the file data/programs/{s}.csv"),
            None => format!(
                "name the file after the slug of its specialty, as listed in {SPECIALTIES_FILE}"
            ),
        };
        checker.problems.push(
            Diagnostic::new(
                Code::DataUnknownSpecialty,
                Location::file(&file.path),
                format!("the file is named {stem}.csv, but no specialty has the slug `{stem}`"),
            )
            .with_hint(hint),
        );
    }
    let sheet = sheet::read(
        &file.text,
        &file.path,
        &CSV_COLUMNS,
        Codes::PROGRAM,
        Code::DataSyntax,
    );
    checker.problems.extend(sheet.problems);
    checker.absent = sheet.absent;
    let mut left_out: Vec<LeftOut> = sheet
        .dropped
        .iter()
        .map(|&row| LeftOut {
            kind: LeftOutKind::Program,
            location: Location::new(&file.path, row, 1),
            name: format!("row {row}"),
            reason: Code::DataSyntax,
        })
        .collect();
    let programs = programs_of(
        &mut checker,
        &sheet.rows,
        specialty.map(|i| (i, &specialties[i])),
        &mut left_out,
    );
    left_out.sort();
    FileResult {
        programs: programs.into_iter().map(Arc::new).collect(),
        problems: checker.problems,
        left_out,
    }
}

/// The programs of `items` that stand; the others are added to `left_out`.
fn programs_of(
    checker: &mut Checker<'_>,
    items: &[Node],
    specialty: Option<(usize, &Specialty)>,
    left_out: &mut Vec<LeftOut>,
) -> Vec<Program> {
    let mut programs = Vec::with_capacity(items.len());
    for item in items {
        let before = checker.problems.len();
        match program(checker, item, specialty) {
            Some(program) => programs.push(program),
            None => left_out.push(LeftOut {
                kind: LeftOutKind::Program,
                location: checker.at(item),
                name: entry_label(item, checker.yaml),
                // The entry's own first error, else the file's (an unknown specialty).
                reason: checker.problems[before..]
                    .iter()
                    .chain(&checker.problems[..before])
                    .find(|d| d.is_error())
                    .map_or(Code::ProgramMissingField, |d| d.code),
            }),
        }
    }
    programs
}

/// A YAML program file: `specialty:` and a `programs:` list.
fn load_yaml(file: &DataFile, specialties: &[Specialty]) -> FileResult {
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
    let mut left_out = Vec::new();
    let programs = programs_of(
        &mut checker,
        items,
        specialty.map(|i| (i, &specialties[i])),
        &mut left_out,
    );
    FileResult {
        programs: programs.into_iter().map(Arc::new).collect(),
        problems: checker.problems,
        left_out,
    }
}

/// A program entry named for people by what it has: its name and ID, either, or nothing.
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
        // The place says which entry it is.
        (None, None) => String::new(),
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
        salary_pgy1: fields.get("salary_pgy1"),
        pct_img: fields.get("pct_img"),
        visas: fields.get("visas"),
        requirements: fields.get("requirements"),
        eras: fields.get("eras"),
        application_service: fields.get("application_service"),
        application_deadline: fields.get("application_deadline"),
        interview_months: fields.get("interview_months"),
        interview_format: fields.get("interview_format"),
        interviews_offered: fields.get("interviews_offered"),
        website: fields.get("website"),
        source_url: fields.get("source_url"),
        last_verified: fields.get("last_verified"),
        notes: fields.get("notes"),
        specialty: fields.get("specialty"),
        draft: fields.get("draft"),
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
        salary_pgy1,
        pct_img,
        visas,
        requirements,
        eras,
        application_service,
        application_deadline,
        interview_months,
        interview_format,
        interviews_offered,
        website,
        source_url,
        last_verified,
        notes,
        specialty: specialty_field,
        draft,
    } = raw;

    // Name the program by what it has, so the editor can find it.
    let written = |node: Option<&Node>| {
        node.filter(|n| n.value != Value::Null)
            .map(|n| checker.as_written(n))
    };
    let label = match (written(acgme_id), written(name)) {
        (Some(id), _) => format!("the program {}", id.trim_matches('"')),
        (None, Some(name)) => format!("the program `{name}`"),
        (None, None) => "this program".to_string(),
    };
    checker.require(item, &fields, &REQUIRED_FIELDS, &label);
    let name = checker.required_text(name, "name");
    let sponsor = checker.optional_text(sponsor, "sponsor");
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
        // A per-program `specialty:` is allowed only when it agrees with the file's. A
        // spreadsheet's column may also name it as people do (`Internal Medicine`).
        let text = checker.text(node, "specialty");
        if let (Some(text), Some((_, s))) = (text, specialty)
            && text != s.slug
            && !(checker.scalars == Scalars::Text && text.eq_ignore_ascii_case(&s.name))
        {
            let (message, hint) = match checker.scalars {
                Scalars::Typed => (
                    format!(
                        "this program says `specialty: {text}` in the file of `{}`",
                        s.slug
                    ),
                    format!("move it to data/programs/{text}.yaml"),
                ),
                Scalars::Text => (
                    format!(
                        "this row's specialty is `{text}`, in the file of `{}`",
                        s.slug
                    ),
                    format!("move the row to data/programs/{}.csv", slugify(&text)),
                ),
            };
            checker.report(Code::ProgramWrongSpecialty, node, message, hint);
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

    let unknown = checker.unknown_hint();
    let program_type = program_type.and_then(|node| {
        checker
            .choice(
                Some(node),
                "program_type",
                &ProgramType::NAMES,
                &format!("`community-university` is a community program affiliated with a university; {unknown} if it is not published"),
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
    let salary_pgy1 = checker
        .dollars(
            salary_pgy1,
            "salary_pgy1",
            20_000,
            200_000,
            "the first-year salary in US dollars a year, such as 68500",
        )
        .and_then(|n| u32::try_from(n).ok());
    let pct_img = checker
        .tenths(
            pct_img,
            "pct_img",
            0,
            100,
            "a percentage of residents, from 0 to 100, with at most one decimal",
        )
        .and_then(Percent::from_tenths);

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
                            None if checker.scalars == Scalars::Text && visa.contains(',') => {
                                "separate the visas with `;` (`J-1; H-1B`), not commas".to_string()
                            }
                            None if checker.scalars == Scalars::Text => {
                                "list only J-1, H-1B and F-1, separated by `;`; `none` means no sponsorship".to_string()
                            }
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
        Some(node) => requirements_of(checker, node, visas.as_deref()),
    };
    // `application_service` names the service; the older `eras: yes|no` says ERAS or not.
    let application_service = match application_service {
        Some(node) if node.value != Value::Null => service_of(checker, node, "application_service"),
        _ => checker
            .flag(eras, "eras")
            .map(|eras| if eras { Service::Eras } else { Service::Other }),
    };
    let application_deadline = date_of(checker, application_deadline, "application_deadline");
    let interview_months = interview_months.and_then(|node| months_of(checker, node));
    let interview_format = interview_format.and_then(|node| {
        checker
            .choice(
                Some(node),
                "interview_format",
                &InterviewFormat::NAMES,
                &format!(
                    "`hybrid`: both, or the applicant's choice; {unknown} if it is not published"
                ),
            )
            .and_then(|t| InterviewFormat::parse(&t))
    });
    let interviews_offered = checker
        .number(
            interviews_offered,
            "interviews_offered",
            0,
            5000,
            "the number of interviews the program offers in a season",
        )
        .and_then(|n| u32::try_from(n).ok());
    let website_location = website.map(|node| checker.at(node));
    let website = website.and_then(|node| http_url(checker, node, "website"));
    let source_url_location = source_url.map(|node| checker.at(node));
    let source_url = source_url.and_then(|node| http_url(checker, node, "source_url"));
    let last_verified = date_of(checker, last_verified, "last_verified");
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
        if let Some(link) = markdown::unsafe_link(&text) {
            checker.invalid(
                node,
                format!("`notes` links to `{link}`, which is not an http(s) or mailto: address"),
                "link with https://..., mailto:... or a path of the site",
            );
            return None;
        }
        Some(markdown::render(&text))
    });

    let draft = checker.flag(draft, "draft").unwrap_or(false);
    let location = checker.at(item);
    Some(Program {
        acgme_id: acgme_id?,
        nrmp_codes,
        name: name?,
        sponsor,
        city: city?,
        state: state?,
        program_type,
        length_years,
        positions_pgy1,
        salary_pgy1,
        pct_img,
        visas,
        requirements,
        application_service,
        application_deadline,
        interview_months,
        interview_format,
        interviews_offered,
        website,
        source_url,
        last_verified,
        notes,
        notes_location,
        website_location,
        source_url_location,
        specialty: specialty?.0,
        slug: String::new(),
        draft,
        location,
    })
}

/// A date; in a cell, the hint's example is the date alone, not a `field: date` line.
fn date_of(
    checker: &mut Checker<'_>,
    node: Option<&Node>,
    field: &str,
) -> Option<crate::date::Date> {
    let before = checker.problems.len();
    let date = checker.date(node, field);
    if checker.scalars == Scalars::Text {
        let line = format!("`{field}: ");
        for problem in &mut checker.problems[before..] {
            if let Some(hint) = &mut problem.hint {
                *hint = hint.replace(&line, "`");
            }
        }
    }
    date
}

/// `application_service` (of a program or a specialty): one of `Service::NAMES`.
fn service_of(checker: &mut Checker<'_>, node: &Node, field: &str) -> Option<Service> {
    let text = checker.text(node, field)?;
    let service = Service::parse(&text);
    if service.is_none() {
        checker.invalid(
            node,
            format!(
                "`{field}` must be {}; found `{text}`",
                one_of(&Service::NAMES)
            ),
            "obstetrics and gynecology applications go through ResidencyCAS, ophthalmology through the SF Match, most others through ERAS; `other` for anything else",
        );
    }
    service
}

/// An http or https address.
fn http_url(checker: &mut Checker<'_>, node: &Node, field: &str) -> Option<String> {
    let example = checker.example(field, "https://example.org/residency");
    checker.http_url(node, field, &format!("for example {example}"))
}

/// A value the block `what` cannot do without: `None` when absent (reported by `require`) or
/// null (reported here).
fn required<'n>(
    checker: &mut Checker<'_>,
    fields: &Fields<'n>,
    field: &str,
    what: &str,
) -> Option<&'n Node> {
    let node = fields.get(field)?;
    if node.value == Value::Null {
        checker.report(
            checker.codes.missing_field,
            node,
            format!("`{field}` is required in {what} and cannot be null"),
            format!("write the {field}, or remove {what} if it is not known"),
        );
        return None;
    }
    Some(node)
}

/// `matched_img_step2_ck` of a specialty: three scores in order, the year and the source.
/// Any problem makes the whole block unknown (`None`); null is unknown too.
fn score_reference_of(checker: &mut Checker<'_>, node: &Node) -> Option<ScoreReference> {
    const WHAT: &str = "`matched_img_step2_ck`";
    if node.value == Value::Null {
        return None;
    }
    let fields = checker.fields(node, WHAT, &REFERENCE_FIELDS)?;
    checker.require(
        node,
        &fields,
        &["p25", "median", "p75", "year", "source"],
        WHAT,
    );
    let score = |checker: &mut Checker<'_>, field: &str| {
        let value = required(checker, &fields, field, WHAT);
        checker
            .number(
                value,
                field,
                1,
                300,
                "a USMLE Step 2 CK score; scores are reported up to 300",
            )
            .and_then(|n| u16::try_from(n).ok())
    };
    let p25 = score(checker, "p25");
    let median = score(checker, "median");
    let p75 = score(checker, "p75");
    let year_node = required(checker, &fields, "year", WHAT);
    let year = checker
        .number(
            year_node,
            "year",
            2000,
            2100,
            "the Match year the figures describe, such as `year: 2024`",
        )
        .and_then(|n| u16::try_from(n).ok());
    let source = checker.required_text(fields.get("source"), "source");
    let url = optional_url(checker, fields.get("url"));
    // Each pair out of order is reported at the value that breaks the order; without a
    // median, the quartiles are compared with each other.
    let mut in_order = true;
    let pairs = match median {
        Some(m) => vec![
            (("p25", p25), ("median", Some(m))),
            (("median", Some(m)), ("p75", p75)),
        ],
        None => vec![(("p25", p25), ("p75", p75))],
    };
    for ((low_name, low), (high_name, high)) in pairs {
        if let (Some(low), Some(high), Some(at)) = (low, high, fields.get(high_name))
            && low > high
        {
            in_order = false;
            checker.invalid(
                at,
                format!(
                    "`{high_name}` ({high}) is below `{low_name}` ({low}) in {WHAT}: the scores must be in order, p25 ≤ median ≤ p75"
                ),
                format!("`{low_name}` cannot be above `{high_name}`: check both values"),
            );
        }
    }
    let url = url.ok()?;
    Some(ScoreReference {
        p25: p25?,
        median: median?,
        p75: p75?,
        year: year?,
        source: source?,
        url,
    })
    .filter(|_| in_order)
}

/// `list_advice` of a specialty: one paragraph and who gives it. Any problem makes the whole
/// block unknown (`None`); null is unknown too.
fn list_advice_of(checker: &mut Checker<'_>, node: &Node) -> Option<ListAdvice> {
    const WHAT: &str = "`list_advice`";
    if node.value == Value::Null {
        return None;
    }
    let fields = checker.fields(node, WHAT, &ADVICE_FIELDS)?;
    checker.require(node, &fields, &["text", "source"], WHAT);
    let text = checker.required_text(fields.get("text"), "text");
    let text = match (text, fields.get("text")) {
        (Some(text), Some(at)) if text.contains("\n\n") => {
            checker.invalid(
                at,
                format!("`text` in {WHAT} must be one paragraph, found a blank line in it"),
                "join the paragraphs into one, or keep the first",
            );
            None
        }
        (text, _) => text,
    };
    let source = checker.required_text(fields.get("source"), "source");
    let url = optional_url(checker, fields.get("url"));
    Some(ListAdvice {
        text: text?,
        source: source?,
        url: url.ok()?,
    })
}

/// An optional http(s) address: `Ok(None)` when absent or null, `Err` when it is wrong (and
/// reported).
fn optional_url(checker: &mut Checker<'_>, node: Option<&Node>) -> Result<Option<String>, ()> {
    match node {
        None => Ok(None),
        Some(node) if node.value == Value::Null => Ok(None),
        Some(node) => http_url(checker, node, "url").map(Some).ok_or(()),
    }
}

/// The months of `interview_months` (names, their first three letters, or 1-12), in season
/// order, each once; a list without a month is reported.
fn months_of(checker: &mut Checker<'_>, node: &Node) -> Option<Vec<u8>> {
    let items = checker.text_list(Some(node), "interview_months")?;
    let mut months: Vec<u8> = Vec::with_capacity(items.len());
    let mut failed = false;
    for (text, item) in items {
        let word = text.trim_end_matches('.').to_ascii_lowercase();
        let found = MONTHS
            .iter()
            .position(|(short, long)| {
                word == *short
                    || word == long.to_ascii_lowercase()
                    || (word == "sept" && *short == "sep")
            })
            .and_then(|i| u8::try_from(i + 1).ok())
            .or_else(|| word.parse::<u8>().ok().filter(|m| (1..=12).contains(m)));
        match found {
            Some(m) if !months.contains(&m) => months.push(m),
            Some(_) => {}
            None => {
                failed = true;
                let hint = match did_you_mean(&word, MONTHS.iter().map(|(_, long)| *long)) {
                    Some(s) => format!("did you mean `{}`?", &s[..3].to_ascii_lowercase()),
                    None => "write months by name or their first three letters: jan, feb ... dec"
                        .to_string(),
                };
                checker.invalid(
                    item,
                    format!("`interview_months` may hold months, found `{text}`"),
                    hint,
                );
            }
        }
    }
    if months.is_empty() {
        if !failed {
            let unknown = checker.unknown_hint();
            checker.invalid(
                node,
                "`interview_months` lists no month".to_string(),
                format!("list the months the program interviews in, or {unknown} if they are not published"),
            );
        }
        return None;
    }
    months.sort_by_key(|&m| season_order(m));
    Some(months)
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
    salary_pgy1: Option<&'n Node>,
    pct_img: Option<&'n Node>,
    visas: Option<&'n Node>,
    requirements: Option<&'n Node>,
    eras: Option<&'n Node>,
    application_service: Option<&'n Node>,
    application_deadline: Option<&'n Node>,
    interview_months: Option<&'n Node>,
    interview_format: Option<&'n Node>,
    interviews_offered: Option<&'n Node>,
    website: Option<&'n Node>,
    source_url: Option<&'n Node>,
    last_verified: Option<&'n Node>,
    notes: Option<&'n Node>,
    specialty: Option<&'n Node>,
    draft: Option<&'n Node>,
}

fn acgme_id_of(
    checker: &mut Checker<'_>,
    node: &Node,
    specialty: Option<&Specialty>,
    state: Option<&str>,
) -> Option<String> {
    let raw = checker.as_written(node).trim().to_string();
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
        let hint = if digits == 9 && digits == id.len() && code.starts_with('0') {
            // Spreadsheets read an ID as a number and drop its leading zero.
            format!(
                "the ID has lost its leading zero, as spreadsheets do with IDs they read as numbers: write 0{id}, and format the ID column as text before the next export"
            )
        } else if checker.scalars == Scalars::Text {
            format!("3 digits of specialty code, 2 of state code and 5 of sequence: {code}3521292")
        } else {
            format!(
                "3 digits of specialty code, 2 of state code and 5 of sequence, in quotes: \"{code}3521292\""
            )
        };
        checker.report(
            Code::ProgramInvalidId,
            node,
            format!("`acgme_id` must be 10 digits; found {found}"),
            hint,
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

fn requirements_of(
    checker: &mut Checker<'_>,
    node: &Node,
    visas: Option<&[String]>,
) -> Requirements {
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
    let unknown = checker.unknown_hint();
    let usce = checker
        .choice(
            fields.get("usce"),
            "usce",
            &Usce::NAMES,
            &format!("`none`: not asked for; `preferred`: counts in your favor; `required`: needed to apply; {unknown} if it is not published"),
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
    let observership_as_usce =
        checker.flag(fields.get("observership_as_usce"), "observership_as_usce");
    let accepts_do = checker.flag(fields.get("accepts_do"), "accepts_do");
    let accepts_comlex = checker.flag(fields.get("accepts_comlex"), "accepts_comlex");
    let step3_for_h1b = checker.flag(fields.get("step3_for_h1b"), "step3_for_h1b");
    if let (Some(months), Some(node)) = (usce_min_months, fields.get("usce_min_months"))
        && months > 0
        && !matches!(usce, Some(Usce::Preferred | Usce::Required))
    {
        let said = match usce {
            Some(Usce::None) => "`usce: none`",
            _ => "no `usce`",
        };
        let hint = match checker.scalars {
            Scalars::Typed => "set `usce: preferred` or `usce: required`, or remove the months",
            Scalars::Text => {
                "write `preferred` or `required` in the `usce` column, or empty the months' cell"
            }
        };
        checker.report(
            Code::ProgramInconsistent,
            node,
            format!("`usce_min_months: {months}` is given, but the program has {said}"),
            hint,
        );
    }
    if let (Some(true), Some(node), Some(visas)) =
        (step3_for_h1b, fields.get("step3_for_h1b"), visas)
        && !visas.iter().any(|v| v == "H-1B")
    {
        checker.report(
            Code::ProgramInconsistent,
            node,
            "`step3_for_h1b` is true, but the program's `visas` do not include the H-1B"
                .to_string(),
            "add H-1B to `visas`, or remove `step3_for_h1b`",
        );
    }
    if let (Some(true), Some(false), Some(node)) =
        (accepts_comlex, accepts_do, fields.get("accepts_comlex"))
    {
        checker.report(
            Code::ProgramInconsistent,
            node,
            "`accepts_comlex` is true, but `accepts_do` is false: only DO graduates take COMLEX"
                .to_string(),
            "check both values",
        );
    }
    Requirements {
        min_step2_ck,
        first_attempt_only,
        yog_cutoff_years,
        usce,
        usce_min_months,
        observership_as_usce,
        accepts_do,
        accepts_comlex,
        step3_for_h1b,
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
        assert_eq!(p.application_service, Some(Service::Other));
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

    #[test]
    fn csv_columns_are_the_program_fields() {
        let expected: Vec<String> = PROGRAM_FIELDS
            .iter()
            .flat_map(|f| {
                if *f == "requirements" {
                    REQUIREMENT_FIELDS
                        .iter()
                        .map(|r| format!("requirements.{r}"))
                        .collect()
                } else {
                    vec![(*f).to_string()]
                }
            })
            .collect();
        assert_eq!(CSV_FIELDS.to_vec(), expected);
        let mut seen = std::collections::HashSet::new();
        for (alias, field) in CSV_ALIASES {
            assert!(CSV_FIELDS.contains(field), "{alias} -> {field}");
            assert!(seen.insert(sheet::normalize(alias)), "{alias} twice");
            assert!(
                !CSV_FIELDS
                    .iter()
                    .any(|f| sheet::normalize(f) == sheet::normalize(alias)),
                "{alias} is a field's own name"
            );
        }
    }

    #[test]
    fn a_csv_file_is_read_like_the_yaml_file() {
        let yaml = "specialty: internal-medicine\nprograms:\n  - acgme_id: \"1403521292\"\n    name: IM Residency\n    city: Brooklyn\n    state: NY\n    pct_img: 41.7\n    visas: [J-1, H-1B]\n    requirements:\n      usce: preferred\n    interview_months: [oct, nov]\n";
        let csv = "\u{feff}ACGME ID,Program Name,City, State ,% IMG,Visas,USCE,Interview Months\r\n1403521292,IM Residency,Brooklyn,NY,41.7%,H-1B; J-1,Preferred,Oct; November\r\n";
        let one = load(
            &file(SPECIALTIES_FILE, SPECIALTIES),
            &[file("data/programs/internal-medicine.yaml", yaml)],
        );
        let two = load(
            &file(SPECIALTIES_FILE, SPECIALTIES),
            &[file("data/programs/internal-medicine.csv", csv)],
        );
        assert!(one.problems.is_empty(), "{:?}", one.problems);
        assert!(two.problems.is_empty(), "{:?}", two.problems);
        let (a, b) = (&one.directory.programs[0], &two.directory.programs[0]);
        assert_eq!(b.location.line, 2);
        assert_eq!(
            Program {
                location: a.location.clone(),
                ..Program::clone(b)
            },
            **a
        );
        assert_eq!(a.pct_img.map(|p| p.to_string()).as_deref(), Some("41.7"));
        assert_eq!(a.sponsor, None);
        assert_eq!(
            a.slug, "im-residency-1403521292",
            "the name's slug without a sponsor"
        );
    }

    #[test]
    fn a_specialty_in_yaml_and_csv_is_an_error_and_only_the_yaml_is_read() {
        let yaml = "specialty: internal-medicine\nprograms:\n  - acgme_id: \"1403521292\"\n    name: A\n    city: B\n    state: NY\n";
        let csv = "acgme_id,name,city,state\n1403521293,C,D,NY\n";
        let loaded = load(
            &file(SPECIALTIES_FILE, SPECIALTIES),
            &[
                file("data/programs/internal-medicine.csv", csv),
                file("data/programs/internal-medicine.yaml", yaml),
            ],
        );
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        let d = &loaded.problems[0];
        assert_eq!(d.code, Code::DataFormatConflict);
        assert_eq!(
            d.location,
            Some(Location::file("data/programs/internal-medicine.csv"))
        );
        assert!(d.message.contains("internal-medicine.yaml"), "{d}");
        let ids: Vec<&str> = loaded
            .directory
            .programs
            .iter()
            .map(|p| p.acgme_id.as_str())
            .collect();
        assert_eq!(ids, vec!["1403521292"]);
    }

    #[test]
    fn interview_months_are_names_or_numbers_in_season_order() {
        let months = |list: &str| {
            let yaml = format!(
                "specialty: internal-medicine\nprograms:\n  - acgme_id: \"1403521292\"\n    name: A\n    city: B\n    state: NY\n    interview_months: {list}\n"
            );
            let loaded = load(
                &file(SPECIALTIES_FILE, SPECIALTIES),
                &[file("data/programs/internal-medicine.yaml", &yaml)],
            );
            (
                loaded.directory.programs[0].interview_months.clone(),
                loaded.problems.len(),
            )
        };
        assert_eq!(
            months("[Jan, december, 11, Sept., oct]"),
            (Some(vec![9, 10, 11, 12, 1]), 0)
        );
        assert_eq!(months("[jan, jan]"), (Some(vec![1]), 0));
        assert_eq!(months("[]"), (None, 1), "an empty season is no answer");
        assert_eq!(months("[octobr]"), (None, 1));
        assert_eq!(months("null"), (None, 0));
    }

    #[test]
    fn a_specialty_column_may_name_the_specialty_by_its_name() {
        let csv = "acgme_id,name,city,state,specialty\n1403521292,A,B,NY,Internal Medicine\n1403521293,C,D,NY,internal-medicine\n1403521294,E,F,NY,Pediatrics\n";
        let loaded = load(
            &file(SPECIALTIES_FILE, SPECIALTIES),
            &[file("data/programs/internal-medicine.csv", csv)],
        );
        let problems: Vec<(Code, usize, usize, Option<&str>)> = loaded
            .problems
            .iter()
            .map(|d| {
                let at = d.location.as_ref().expect("located");
                (d.code, at.line, at.col, d.hint.as_deref())
            })
            .collect();
        assert_eq!(
            problems,
            vec![(
                Code::ProgramWrongSpecialty,
                4,
                5,
                Some("move the row to data/programs/pediatrics.csv")
            )]
        );
    }
}
