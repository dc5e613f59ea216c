//! The program directory's outputs: `/programs/`, a page per specialty with its statistics and
//! complete program table, a page per program, and `/programs/<specialty>.json`. Every unknown
//! value stays `null` in contexts and JSON, so templates can say "not published", never "no".

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::json;
use xxhash_rust::xxh3::Xxh3;

use super::context::{Card, Crumb, DateCtx};
use super::ctx::HashWriter;
use super::{Content, Origin, Planner, What};
use crate::config::{ImgFriendly, VisaRule};
use crate::model::{
    InterviewFormat, MONTHS, Owner, Percent, Program, ProgramType, Service, Specialty, Usce, VISAS,
    program_path, season_order, specialty_path,
};
use crate::model::{Site, SortBy, sort_pages};

/// The version of the JSON shape of `/programs/<specialty>.json` (see the README): 2 added
/// the application, interview and salary fields, a `sponsor` that may be null and a `pct_img`
/// that may have a decimal; 3 replaced `eras` (yes or no) by `application_service` (`"ERAS"`,
/// `"ResidencyCAS"`, `"SF Match"`, `"other"`, or null).
pub const JSON_SCHEMA: &str = "matchpress.programs/3";

#[derive(Serialize)]
struct SpecialtySummary<'a> {
    name: &'a str,
    slug: &'a str,
    href: String,
    json_href: String,
    acgme_code: &'a str,
    length_years: u8,
    description: &'a str,
    programs: usize,
    positions: u32,
    positions_known: usize,
    j1: usize,
    h1b: usize,
    img_friendly: usize,
}

#[derive(Serialize)]
struct Share {
    count: usize,
    pct: Option<u32>,
}

#[derive(Serialize)]
struct Bucket {
    label: &'static str,
    count: usize,
    pct: u32,
}

#[derive(Serialize)]
struct Stats {
    programs: usize,
    positions: u32,
    positions_known: usize,
    visa_known: usize,
    j1: Share,
    h1b: Share,
    f1: Share,
    no_visa: Share,
    step2_median: Option<u32>,
    step2_known: usize,
    img_median: Option<Percent>,
    img_known: usize,
    img_distribution: Vec<Bucket>,
}

#[derive(Serialize)]
struct VisasCtx<'a> {
    known: bool,
    list: &'a [String],
    text: String,
}

#[derive(Serialize)]
struct UsceCtx {
    value: Option<Usce>,
    months: Option<u8>,
    text: String,
}

/// A row of a specialty's program table. Besides what the cells show, it carries what the
/// table's script filters, compares and exports (`programs.js`): the ID, the type's key and the
/// requirements that are not columns.
#[derive(Serialize)]
struct Row<'a> {
    acgme_id: &'a str,
    name: &'a str,
    sponsor: Option<&'a str>,
    href: String,
    city: &'a str,
    state: &'a str,
    program_type: Option<&'static str>,
    program_type_key: Option<ProgramType>,
    positions: Option<u32>,
    salary: Option<u32>,
    salary_text: Option<String>,
    pct_img: Option<Percent>,
    interview_format: Option<InterviewFormat>,
    visas: VisasCtx<'a>,
    step2_min: Option<u16>,
    yog_cutoff: Option<u8>,
    usce: UsceCtx,
    first_attempt_only: Option<bool>,
    observership_as_usce: Option<bool>,
    step3_for_h1b: Option<bool>,
    accepts_do: Option<bool>,
    accepts_comlex: Option<bool>,
}

#[derive(Serialize)]
struct CheckItem {
    label: &'static str,
    known: bool,
    text: String,
}

/// Every output of the directory: (path, source, template, what).
pub(super) fn describe(site: &Site) -> Vec<(String, PathBuf, Option<&'static str>, What)> {
    let directory = &site.directory;
    let mut jobs = vec![(
        "programs/index.html".to_string(),
        PathBuf::from(crate::source::SPECIALTIES_FILE),
        Some("programs.html"),
        What::Directory,
    )];
    for (i, specialty) in directory.specialties.iter().enumerate() {
        // The file the specialty's programs come from (YAML or CSV).
        let source = specialty.programs.first().map_or_else(
            || PathBuf::from(format!("data/programs/{}.yaml", specialty.slug)),
            |&p| directory.programs[p].location.path.clone(),
        );
        jobs.push((
            format!("{}index.html", specialty_path(&specialty.slug)),
            source.clone(),
            Some("specialty.html"),
            What::Specialty(i),
        ));
        jobs.push((
            format!("programs/{}.json", specialty.slug),
            source,
            None,
            What::SpecialtyJson(i),
        ));
        for &p in &specialty.programs {
            let program = &directory.programs[p];
            jobs.push((
                format!("{}index.html", program_path(specialty, program)),
                program.location.path.clone(),
                Some("program.html"),
                What::Program(p),
            ));
        }
    }
    jobs
}

fn programs_of<'a>(
    planner: &Planner<'a>,
    specialty: &'a Specialty,
) -> impl Iterator<Item = &'a Program> {
    let programs = &planner.site.directory.programs;
    specialty
        .programs
        .iter()
        .map(move |&i| programs[i].as_ref())
}

fn has_visa(program: &Program, visa: &str) -> bool {
    program
        .visas
        .as_ref()
        .is_some_and(|v| v.iter().any(|x| x == visa))
}

/// Whether `program` counts as IMG-friendly under the site's `rule`: a published share of IMG
/// residents of at least the minimum and, when the rule asks, a visa it sponsors.
fn is_img_friendly(rule: ImgFriendly, program: &Program) -> bool {
    let ImgFriendly {
        min_img_tenths,
        visa,
    } = rule;
    let visa_ok = match visa {
        VisaRule::Any => true,
        VisaRule::Sponsors => program.visas.as_ref().is_some_and(|v| !v.is_empty()),
    };
    visa_ok
        && program
            .pct_img
            .is_some_and(|p| p.tenths() >= min_img_tenths)
}

/// The IMG-friendly rule for templates: its settings, and what it means in words: `rule`, a
/// clause that follows "a program counts when" ("at least 30% of its residents are..."), and
/// `short`, for a column header ("at least 30% IMGs").
#[derive(Serialize)]
struct ImgFriendlyCtx {
    min_pct: Percent,
    visa: &'static str,
    rule: String,
    short: String,
}

fn img_friendly_ctx(rule: ImgFriendly) -> ImgFriendlyCtx {
    let ImgFriendly {
        min_img_tenths,
        visa,
    } = rule;
    let min_img_pct =
        Percent::from_tenths(i64::from(min_img_tenths.min(1000))).expect("at most 100%");
    let (share, short_share) = if min_img_tenths == 0 {
        (
            "it publishes its share of residents who are international medical graduates (IMGs)"
                .to_string(),
            "IMG share published".to_string(),
        )
    } else {
        (
            format!(
                "at least {min_img_pct}% of its residents are international medical graduates (IMGs)"
            ),
            format!("at least {min_img_pct}% IMGs"),
        )
    };
    let (rule, short) = match visa {
        VisaRule::Any => (
            format!(
                "{share}, whatever its visa policy, since IMGs who are US citizens or permanent residents need no visa"
            ),
            short_share,
        ),
        VisaRule::Sponsors => (
            format!("{share} and it sponsors a visa ({})", visa_names()),
            format!("{short_share} and a visa"),
        ),
    };
    ImgFriendlyCtx {
        min_pct: min_img_pct,
        visa: visa.as_str(),
        rule,
        short,
    }
}

/// "J-1, H-1B or F-1".
fn visa_names() -> String {
    match VISAS.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => VISAS.join(""),
    }
}

pub(super) fn directory_page(planner: &Planner<'_>) -> Content {
    let from = "programs/";
    let site = planner.site;
    let mut common = planner.common(from, "Residency programs", "");
    common.breadcrumbs = planner.breadcrumbs(from, Some(0));
    let rule = site.config.img_friendly;
    let mut specialties: Vec<SpecialtySummary<'_>> = site
        .directory
        .specialties
        .iter()
        .map(|s| {
            let programs: Vec<&Program> = programs_of(planner, s).collect();
            SpecialtySummary {
                name: &s.name,
                slug: &s.slug,
                href: planner.linker.href(from, &specialty_path(&s.slug)),
                json_href: planner
                    .linker
                    .href(from, &format!("programs/{}.json", s.slug)),
                acgme_code: &s.acgme_code,
                length_years: s.length_years,
                description: &s.description,
                programs: programs.len(),
                positions: programs.iter().filter_map(|p| p.positions_pgy1).sum(),
                positions_known: programs
                    .iter()
                    .filter(|p| p.positions_pgy1.is_some())
                    .count(),
                j1: programs.iter().filter(|p| has_visa(p, "J-1")).count(),
                h1b: programs.iter().filter(|p| has_visa(p, "H-1B")).count(),
                img_friendly: programs.iter().filter(|p| is_img_friendly(rule, p)).count(),
            }
        })
        .collect();
    // By name, as readers look for a specialty; the data file's order is by ACGME code. Stable,
    // so names that differ only in case keep the file's order.
    specialties.sort_by_cached_key(|s| s.name.to_lowercase());
    let img_friendly = img_friendly_ctx(rule);
    let mut ctx = planner.context(&common);
    ctx.insert(
        "directory",
        &json!({
            "programs": site.directory.programs.len(),
            "positions": specialties.iter().map(|s| s.positions).sum::<u32>(),
            "specialties": specialties,
            "notice": site.config.data_notice,
            "img_friendly_pct": img_friendly.min_pct,
            "img_friendly": img_friendly,
        }),
    );
    Content::Template {
        template: "programs.html",
        context: Box::new(ctx),
    }
}

fn share(count: usize, of: usize) -> Share {
    Share {
        count,
        pct: percent(count, of),
    }
}

fn percent(count: usize, of: usize) -> Option<u32> {
    if of == 0 {
        return None;
    }
    // Rounded to the nearest whole percent, in integers so output never depends on floats.
    u32::try_from((count * 200 + of) / (2 * of)).ok()
}

/// The median of `values`, rounded half up to a whole number.
fn median(mut values: Vec<u32>) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]).div_ceil(2)
    })
}

/// IMG-share buckets: label, lowest and highest share in tenths of a percent.
const BUCKETS: [(&str, u32, u32); 5] = [
    ("0–9.9%", 0, 99),
    ("10–24.9%", 100, 249),
    ("25–49.9%", 250, 499),
    ("50–74.9%", 500, 749),
    ("75–100%", 750, 1000),
];

fn stats(programs: &[&Program]) -> Stats {
    let visa_known = programs.iter().filter(|p| p.visas.is_some()).count();
    let count = |visa: &str| programs.iter().filter(|p| has_visa(p, visa)).count();
    let no_visa = programs
        .iter()
        .filter(|p| p.visas.as_ref().is_some_and(Vec::is_empty))
        .count();
    let step2: Vec<u32> = programs
        .iter()
        .filter_map(|p| p.requirements.min_step2_ck.map(u32::from))
        .collect();
    let img: Vec<u32> = programs
        .iter()
        .filter_map(|p| p.pct_img.map(|p| u32::from(p.tenths())))
        .collect();

    let mut img_distribution: Vec<Bucket> = BUCKETS
        .iter()
        .map(|&(label, lo, hi)| {
            let n = img.iter().filter(|&&v| (lo..=hi).contains(&v)).count();
            Bucket {
                label,
                count: n,
                pct: percent(n, programs.len()).unwrap_or(0),
            }
        })
        .collect();
    let unknown = programs.len() - img.len();
    img_distribution.push(Bucket {
        label: "Not published",
        count: unknown,
        pct: percent(unknown, programs.len()).unwrap_or(0),
    });
    Stats {
        programs: programs.len(),
        positions: programs.iter().filter_map(|p| p.positions_pgy1).sum(),
        positions_known: programs
            .iter()
            .filter(|p| p.positions_pgy1.is_some())
            .count(),
        visa_known,
        j1: share(count("J-1"), visa_known),
        h1b: share(count("H-1B"), visa_known),
        f1: share(count("F-1"), visa_known),
        no_visa: share(no_visa, visa_known),
        step2_known: step2.len(),
        step2_median: median(step2),
        img_known: img.len(),
        img_median: median(img).and_then(|m| Percent::from_tenths(i64::from(m))),
        img_distribution,
    }
}

fn visas_text(visas: Option<&Vec<String>>) -> String {
    match visas {
        None => "Not published".to_string(),
        Some(v) if v.is_empty() => "None".to_string(),
        Some(v) => v.join(", "),
    }
}

/// `$68,500`.
fn dollars(amount: u32) -> String {
    let digits = amount.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    out.push('$');
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `October to January` for months that follow each other in the season, else
/// `October, December and February`.
fn months_text(months: &[u8]) -> String {
    let name = |m: u8| MONTHS[usize::from(m.clamp(1, 12)) - 1].1;
    let follow = months
        .windows(2)
        .all(|w| season_order(w[1]) == season_order(w[0]) + 1);
    match months {
        [] => String::new(),
        [one] => name(*one).to_string(),
        [first, .., last] if follow => format!("{} to {}", name(*first), name(*last)),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(|m| name(*m)).collect();
            format!("{} and {}", rest.join(", "), name(*last))
        }
    }
}

fn usce_ctx(program: &Program) -> UsceCtx {
    let months = program.requirements.usce_min_months;
    let text = match (program.requirements.usce, months) {
        (None, _) => "Not published".to_string(),
        (Some(Usce::None), _) => "Not required".to_string(),
        (Some(Usce::Preferred), Some(m)) if m > 0 => format!("Preferred ({m}+ months)"),
        (Some(Usce::Preferred), _) => "Preferred".to_string(),
        (Some(Usce::Required), Some(m)) if m > 0 => format!("Required ({m}+ months)"),
        (Some(Usce::Required), _) => "Required".to_string(),
    };
    UsceCtx {
        value: program.requirements.usce,
        months,
        text,
    }
}

pub(super) fn specialty_page(planner: &Planner<'_>, specialty: &Specialty) -> Content {
    let site = planner.site;
    let from = specialty_path(&specialty.slug);
    let title = format!("{} residency programs", specialty.name);
    let mut common = planner.common(&from, &title, &specialty.description);
    let mut crumbs = planner.breadcrumbs(&from, Some(0));
    crumbs.push(Crumb {
        title: "Programs".to_string(),
        href: planner.linker.href(&from, "programs/"),
    });
    common.breadcrumbs = crumbs;
    let programs: Vec<&Program> = programs_of(planner, specialty).collect();
    let rows: Vec<Row<'_>> = programs
        .iter()
        .map(|p| row(p, planner.linker.href(&from, &program_path(specialty, p))))
        .collect();
    let states: BTreeSet<&str> = programs.iter().map(|p| p.state.as_str()).collect();
    let indexes = planner.indexes();
    let mut guides: Vec<usize> = (indexes.specialty.get(specialty.slug.as_str()))
        .map_or_else(Vec::new, |&s| indexes.guides_by_specialty[s].clone());
    sort_pages(&mut guides, &site.pages, SortBy::Date);
    let cards: Vec<Card<'_>> = guides.iter().map(|&g| planner.card(&from, g)).collect();

    let mut ctx = planner.context(&common);
    ctx.insert(
        "specialty",
        &json!({
            "name": specialty.name,
            "slug": specialty.slug,
            "acgme_code": specialty.acgme_code,
            "length_years": specialty.length_years,
            "description": specialty.description,
            "json_href": planner.linker.href(&from, &format!("programs/{}.json", specialty.slug)),
        }),
    );
    ctx.insert("stats", &stats(&programs));
    ctx.insert("programs", &rows);
    ctx.insert("states", &states);
    ctx.insert("guides", &cards);
    ctx.insert("notice", &site.config.data_notice);
    Content::Template {
        template: "specialty.html",
        context: Box::new(ctx),
    }
}

/// The table row of `p`, linking to `href`.
fn row(p: &Program, href: String) -> Row<'_> {
    Row {
        acgme_id: &p.acgme_id,
        name: &p.name,
        sponsor: p.sponsor.as_deref(),
        href,
        city: &p.city,
        state: &p.state,
        program_type: p.program_type.map(ProgramType::label),
        program_type_key: p.program_type,
        positions: p.positions_pgy1,
        salary: p.salary_pgy1,
        salary_text: p.salary_pgy1.map(dollars),
        pct_img: p.pct_img,
        interview_format: p.interview_format,
        visas: VisasCtx {
            known: p.visas.is_some(),
            list: p.visas.as_deref().unwrap_or(&[]),
            text: visas_text(p.visas.as_ref()),
        },
        step2_min: p.requirements.min_step2_ck,
        yog_cutoff: p.requirements.yog_cutoff_years,
        usce: usce_ctx(p),
        first_attempt_only: p.requirements.first_attempt_only,
        observership_as_usce: p.requirements.observership_as_usce,
        step3_for_h1b: p.requirements.step3_for_h1b,
        accepts_do: p.requirements.accepts_do,
        accepts_comlex: p.requirements.accepts_comlex,
    }
}

/// A hash of what the page and the JSON of `specialty` show of `program`, but for its address
/// (which an edit in place keeps): its table row and its JSON record. The page's statistics
/// read only fields the row carries. When an edit leaves it as it was, neither output changes.
pub fn specialty_view(specialty: &Specialty, program: &Program) -> u64 {
    let mut hasher = Xxh3::new();
    let view = (
        row(program, String::new()),
        json_program(specialty, program, String::new()),
    );
    // Writing into a hasher cannot fail, and these values always serialize.
    let _ = serde_json::to_writer(HashWriter(&mut hasher), &view);
    hasher.digest()
}

/// A hash of what the outputs that sum up every program (`ProgramReads::All`) read of
/// `program`: the directory's counts per specialty (positions, visas, IMG-friendly under
/// `rule`) and Smart Pick's states and program types. When an edit leaves it as it was,
/// neither output changes.
pub fn summed_view(rule: ImgFriendly, program: &Program) -> u64 {
    let mut hasher = Xxh3::new();
    let view = (
        program.specialty,
        &program.state,
        program.program_type.map(ProgramType::label),
        program.positions_pgy1,
        has_visa(program, "J-1"),
        has_visa(program, "H-1B"),
        is_img_friendly(rule, program),
    );
    // Writing into a hasher cannot fail, and these values always serialize.
    let _ = serde_json::to_writer(HashWriter(&mut hasher), &view);
    hasher.digest()
}

fn checklist(program: &Program) -> Vec<CheckItem> {
    let r = &program.requirements;
    let visa = match program.visas.as_deref() {
        None => None,
        Some([]) => Some("Does not sponsor visas".to_string()),
        Some(v) => Some(format!("Sponsors {}", v.join(" and "))),
    };
    let step2 = r.min_step2_ck.map(|s| format!("Minimum score {s}"));
    let yog = r.yog_cutoff_years.map(|y| {
        format!(
            "Graduated within the last {y} year{}",
            if y == 1 { "" } else { "s" }
        )
    });
    let usce = r.usce.map(|_| usce_ctx(program).text);
    let attempts = r.first_attempt_only.map(|first| {
        if first {
            "First-attempt passes only".to_string()
        } else {
            "Exam retakes are considered".to_string()
        }
    });
    let said = |value: Option<bool>, yes: &str, no: &str| {
        value.map(|v| if v { yes } else { no }.to_string())
    };
    [
        ("Visa sponsorship", visa),
        ("USMLE Step 2 CK", step2),
        ("Years since graduation", yog),
        ("US clinical experience", usce),
        ("Exam attempts", attempts),
        (
            "Observerships",
            said(
                r.observership_as_usce,
                "Count as US clinical experience",
                "Do not count as US clinical experience",
            ),
        ),
        (
            "Step 3 for the H-1B",
            said(
                r.step3_for_h1b,
                "Step 3 must be passed for H-1B sponsorship",
                "Not required for H-1B sponsorship",
            ),
        ),
        (
            "DO graduates",
            said(r.accepts_do, "Considered", "Not considered"),
        ),
        (
            "COMLEX instead of USMLE",
            said(
                r.accepts_comlex,
                "Accepted",
                "Not accepted: USMLE scores required",
            ),
        ),
    ]
    .into_iter()
    .map(|(label, value)| CheckItem {
        label,
        known: value.is_some(),
        text: value.unwrap_or_else(|| "Not published".to_string()),
    })
    .collect()
}

pub(super) fn program_page(planner: &Planner<'_>, specialty: &Specialty, index: usize) -> Content {
    let site = planner.site;
    let program = &site.directory.programs[index];
    let from = program_path(specialty, program);
    let title = match &program.sponsor {
        Some(sponsor) => format!("{}, {sponsor}", program.name),
        None => format!("{}, {}, {}", program.name, program.city, program.state),
    };
    let at = program
        .sponsor
        .as_ref()
        .map_or_else(String::new, |s| format!(" at {s}"));
    let description = format!(
        "{} residency{at} in {}, {}: requirements for international medical graduates, visas and facts.",
        specialty.name, program.city, program.state
    );
    let mut common = planner.common(&from, &title, "");
    common.meta_description = description;
    let mut crumbs = planner.breadcrumbs(&from, Some(0));
    crumbs.push(Crumb {
        title: "Programs".to_string(),
        href: planner.linker.href(&from, "programs/"),
    });
    crumbs.push(Crumb {
        title: specialty.name.clone(),
        href: planner.linker.href(&from, &specialty_path(&specialty.slug)),
    });
    common.breadcrumbs = crumbs;
    let canonical = common.canonical.clone();
    let mut ctx = planner.context(&common);
    ctx.insert(
        "program",
        &json!({
            "name": program.name,
            "sponsor": program.sponsor,
            "city": program.city,
            "state": program.state,
            "acgme_id": program.acgme_id,
            "nrmp_codes": program.nrmp_codes,
            "program_type": program.program_type.map(ProgramType::label),
            "length_years": program.length_years,
            "positions_pgy1": program.positions_pgy1,
            "salary_pgy1": program.salary_pgy1,
            "salary_text": program.salary_pgy1.map(dollars),
            "pct_img": program.pct_img,
            "visas": program.visas,
            "application_service": site.directory.service(index).map(Service::label),
            "application_deadline": program.application_deadline.map(DateCtx::from),
            "interview_months": program.interview_months.as_deref().map(months_text),
            "interview_format": program.interview_format.map(InterviewFormat::label),
            "interviews_offered": program.interviews_offered,
            "website": program.website,
            "source_url": program.source_url,
            "last_verified": program.last_verified.map(DateCtx::from),
            "notes": program.notes.as_ref().map(|n| planner.resolve_text(&from, &n.html, &site.notes_links[index], Owner::Notes(index))),
        }),
    );
    ctx.insert(
        "specialty",
        &json!({
            "name": specialty.name,
            "href": planner.linker.href(&from, &specialty_path(&specialty.slug)),
        }),
    );
    for (url, at) in [
        (&program.website, &program.website_location),
        (&program.source_url, &program.source_url_location),
    ] {
        if let (Some(url), Some(at)) = (url, at) {
            planner.trace(url, || Origin::Field(at.clone()));
        }
    }
    ctx.insert(
        "correction_href",
        &super::contact::report_href(
            &site.config.contact,
            "Correction to",
            &format!("{title} (ACGME {})", program.acgme_id),
            &canonical,
        ),
    );
    ctx.insert("checklist", &checklist(program));
    ctx.insert("notice", &site.config.data_notice);
    ctx.insert(
        "json_ld",
        &program_json_ld(planner, specialty, program, &canonical),
    );
    Content::Template {
        template: "program.html",
        context: Box::new(ctx),
    }
}

fn program_json_ld(
    planner: &Planner<'_>,
    specialty: &Specialty,
    program: &Program,
    url: &str,
) -> String {
    let base = &planner.site.config.base_url;
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": match &program.sponsor {
            Some(sponsor) => format!("{} ({sponsor})", program.name),
            None => program.name.clone(),
        },
        "url": url,
        "identifier": { "@type": "PropertyValue", "propertyID": "ACGME program ID", "value": program.acgme_id },
        "educationalProgramMode": "in-person",
        "provider": {
            "@type": "MedicalOrganization",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": program.city,
                "addressRegion": program.state,
                "addressCountry": "US",
            },
        },
        "occupationalCategory": specialty.name,
    });
    // Unknown facts are left out, never written as null.
    if let Some(sponsor) = &program.sponsor {
        ld["provider"]["name"] = json!(sponsor);
    }
    if let Some(deadline) = program.application_deadline {
        ld["applicationDeadline"] = json!(deadline.iso());
    }
    if let Some(years) = program.length_years {
        ld["timeToComplete"] = json!(format!("P{years}Y"));
    }
    if let Some(n) = program.positions_pgy1 {
        ld["maximumEnrollment"] = json!(n);
    }
    if let Some(site) = &program.website {
        ld["sameAs"] = json!(site);
    }
    let breadcrumbs = json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            { "@type": "ListItem", "position": 1, "name": "Home", "item": base },
            { "@type": "ListItem", "position": 2, "name": "Programs", "item": format!("{base}programs/") },
            { "@type": "ListItem", "position": 3, "name": specialty.name, "item": format!("{base}{}", specialty_path(&specialty.slug)) },
            { "@type": "ListItem", "position": 4, "name": program.name, "item": url },
        ],
    });
    super::script_json(&json!([ld, breadcrumbs]))
}

/// `/programs/<specialty>.json`: field order here is the documented order.
#[derive(Serialize)]
struct JsonDocument<'a> {
    schema: &'static str,
    specialty: JsonSpecialty<'a>,
    count: usize,
    programs: Vec<JsonProgram<'a>>,
}

#[derive(Serialize)]
struct JsonSpecialty<'a> {
    slug: &'a str,
    name: &'a str,
    acgme_code: &'a str,
    length_years: u8,
    url: String,
}

#[derive(Serialize)]
struct JsonProgram<'a> {
    acgme_id: &'a str,
    nrmp_codes: Option<&'a [String]>,
    name: &'a str,
    sponsor: Option<&'a str>,
    city: &'a str,
    state: &'a str,
    program_type: Option<ProgramType>,
    length_years: Option<u8>,
    positions_pgy1: Option<u32>,
    salary_pgy1: Option<u32>,
    pct_img: Option<Percent>,
    visas: Option<&'a [String]>,
    requirements: JsonRequirements,
    application_service: Option<Service>,
    application_deadline: Option<String>,
    interview_months: Option<Vec<&'static str>>,
    interview_format: Option<InterviewFormat>,
    interviews_offered: Option<u32>,
    website: Option<&'a str>,
    source_url: Option<&'a str>,
    last_verified: Option<String>,
    url: String,
}

#[derive(Serialize)]
struct JsonRequirements {
    min_step2_ck: Option<u16>,
    first_attempt_only: Option<bool>,
    yog_cutoff_years: Option<u8>,
    usce: Option<Usce>,
    usce_min_months: Option<u8>,
    observership_as_usce: Option<bool>,
    accepts_do: Option<bool>,
    accepts_comlex: Option<bool>,
    step3_for_h1b: Option<bool>,
}

pub(super) fn specialty_json(planner: &Planner<'_>, specialty: &Specialty) -> Content {
    let base = &planner.site.config.base_url;
    let programs: Vec<JsonProgram<'_>> = programs_of(planner, specialty)
        .map(|p| {
            json_program(
                specialty,
                p,
                format!("{base}{}", program_path(specialty, p)),
            )
        })
        .collect();
    let document = JsonDocument {
        schema: JSON_SCHEMA,
        specialty: JsonSpecialty {
            slug: &specialty.slug,
            name: &specialty.name,
            acgme_code: &specialty.acgme_code,
            length_years: specialty.length_years,
            url: format!("{base}{}", specialty_path(&specialty.slug)),
        },
        count: programs.len(),
        programs,
    };
    let mut bytes = serde_json::to_vec(&document).unwrap_or_default();
    bytes.push(b'\n');
    Content::Bytes(bytes)
}

/// The JSON record of `p`, a program of `specialty`, at `url`.
fn json_program<'a>(specialty: &Specialty, p: &'a Program, url: String) -> JsonProgram<'a> {
    let r = &p.requirements;
    JsonProgram {
        acgme_id: &p.acgme_id,
        nrmp_codes: p.nrmp_codes.as_deref(),
        name: &p.name,
        sponsor: p.sponsor.as_deref(),
        city: &p.city,
        state: &p.state,
        program_type: p.program_type,
        length_years: p.length_years,
        positions_pgy1: p.positions_pgy1,
        salary_pgy1: p.salary_pgy1,
        pct_img: p.pct_img,
        visas: p.visas.as_deref(),
        requirements: JsonRequirements {
            min_step2_ck: r.min_step2_ck,
            first_attempt_only: r.first_attempt_only,
            yog_cutoff_years: r.yog_cutoff_years,
            usce: r.usce,
            usce_min_months: r.usce_min_months,
            observership_as_usce: r.observership_as_usce,
            accepts_do: r.accepts_do,
            accepts_comlex: r.accepts_comlex,
            step3_for_h1b: r.step3_for_h1b,
        },
        application_service: p.application_service.or(specialty.application_service),
        application_deadline: p.application_deadline.map(crate::model::Date::iso),
        interview_months: p.interview_months.as_ref().map(|months| {
            months
                .iter()
                .map(|&m| MONTHS[usize::from(m.clamp(1, 12)) - 1].0)
                .collect()
        }),
        interview_format: p.interview_format,
        interviews_offered: p.interviews_offered,
        website: p.website.as_deref(),
        source_url: p.source_url.as_deref(),
        last_verified: p.last_verified.map(crate::model::Date::iso),
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_rounds_half_up_and_percent_rounds_to_nearest() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![220, 210, 230]), Some(220));
        assert_eq!(median(vec![220, 225]), Some(223));
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 0), None);
    }
}
