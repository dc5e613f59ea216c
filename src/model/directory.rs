//! The program directory's types: specialties, programs and what they ask of applicants.
//! Every `None` of a program is "not published": it never means `false`, `0` or none.

use serde::{Deserialize, Serialize};

use super::Date;
use crate::diagnostic::Location;
use crate::markdown;

/// A residency specialty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specialty {
    /// URL segment and the name guides use (`internal-medicine`).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The 3-digit ACGME specialty code (`140`).
    pub acgme_code: String,
    /// Usual length of training, in years.
    pub length_years: u8,
    /// A short description.
    pub description: String,
    /// Step 2 CK scores of the IMGs who matched in it, when the data gives them.
    pub matched_img_step2_ck: Option<ScoreReference>,
    /// How applicants usually size their list, when the data gives it.
    pub list_advice: Option<ListAdvice>,
    /// The service its programs take applications through, unless a program says otherwise.
    pub application_service: Option<Service>,
    /// Its programs, by index in `Directory::programs`, ordered by state then name.
    pub programs: Vec<usize>,
}

/// Reference scores for a specialty (quartiles of a group's USMLE Step 2 CK scores), with
/// where they come from; always `p25 <= median <= p75`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreReference {
    /// The 25th percentile.
    pub p25: u16,
    /// The median.
    pub median: u16,
    /// The 75th percentile.
    pub p75: u16,
    /// The Match year the figures describe.
    pub year: u16,
    /// Who published them.
    pub source: String,
    /// Where they are published (http or https).
    pub url: Option<String>,
}

/// Advice on how many programs applicants usually apply to or rank, with who gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListAdvice {
    /// The advice, one paragraph of plain text.
    pub text: String,
    /// Who gives it.
    pub source: String,
    /// Where it is published (http or https).
    pub url: Option<String>,
}

/// The kind of institution running a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgramType {
    /// University-based.
    University,
    /// Community-based, university-affiliated.
    CommunityUniversity,
    /// Community-based.
    Community,
    /// Military.
    Military,
    /// Anything else.
    Other,
}

impl ProgramType {
    pub(super) const NAMES: [&str; 5] = [
        "university",
        "community-university",
        "community",
        "military",
        "other",
    ];

    pub(super) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "university" => Self::University,
            "community-university" => Self::CommunityUniversity,
            "community" => Self::Community,
            "military" => Self::Military,
            "other" => Self::Other,
            _ => return None,
        })
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::University => "University",
            Self::CommunityUniversity => "Community, university-affiliated",
            Self::Community => "Community",
            Self::Military => "Military",
            Self::Other => "Other",
        }
    }
}

/// What a program asks of US clinical experience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Usce {
    /// Not asked for.
    None,
    /// Preferred.
    Preferred,
    /// Required.
    Required,
}

impl Usce {
    pub(super) const NAMES: [&str; 3] = ["none", "preferred", "required"];

    pub(super) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "none" => Self::None,
            "preferred" => Self::Preferred,
            "required" => Self::Required,
            _ => return None,
        })
    }
}

/// How a program holds its interviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterviewFormat {
    /// Online only.
    Virtual,
    /// At the program only.
    InPerson,
    /// Both, or the applicant's choice.
    Hybrid,
}

impl InterviewFormat {
    pub(super) const NAMES: [&str; 3] = ["virtual", "in-person", "hybrid"];

    pub(super) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "virtual" => Self::Virtual,
            "in-person" => Self::InPerson,
            "hybrid" => Self::Hybrid,
            _ => return None,
        })
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Virtual => "Virtual",
            Self::InPerson => "In person",
            Self::Hybrid => "Hybrid (virtual and in person)",
        }
    }
}

/// The service a program takes applications through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Service {
    /// The AAMC's Electronic Residency Application Service.
    #[serde(rename = "ERAS")]
    Eras,
    /// Liaison's `ResidencyCAS` (obstetrics and gynecology from the 2025 Match on, emergency
    /// medicine from the 2026 Match on).
    #[serde(rename = "ResidencyCAS")]
    ResidencyCas,
    /// The SF Match's central application (ophthalmology).
    #[serde(rename = "SF Match")]
    SfMatch,
    /// Another service, or the program's own application.
    #[serde(rename = "other")]
    Other,
}

impl Service {
    /// The names a data file may write (compared ignoring case, spaces and hyphens).
    pub(super) const NAMES: [&str; 4] = ["ERAS", "ResidencyCAS", "SF Match", "other"];

    pub(super) fn parse(name: &str) -> Option<Self> {
        let key: String = name
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match key.as_str() {
            "eras" => Self::Eras,
            "residencycas" => Self::ResidencyCas,
            "sfmatch" => Self::SfMatch,
            "other" => Self::Other,
            _ => return None,
        })
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Eras => "ERAS",
            Self::ResidencyCas => "ResidencyCAS",
            Self::SfMatch => "SF Match",
            Self::Other => "Another service (see the program's website)",
        }
    }
}

/// The visas a program may sponsor.
pub const VISAS: [&str; 3] = ["J-1", "H-1B", "F-1"];

/// A share of people, 0-100%, in tenths of a percent (`41.7%` is 417): exact, comparable and
/// hashable, never a float. Shown with at most one decimal (`41.7`, `42`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(u16);

impl Percent {
    /// The share of `tenths` tenths of a percent, if it is at most 100%.
    pub fn from_tenths(tenths: i64) -> Option<Self> {
        u16::try_from(tenths).ok().filter(|t| *t <= 1000).map(Self)
    }

    /// The share of a whole `percent`, if it is at most 100.
    pub fn whole(percent: u16) -> Option<Self> {
        Self::from_tenths(i64::from(percent) * 10)
    }

    /// The share in tenths of a percent.
    pub fn tenths(self) -> u16 {
        self.0
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 % 10 {
            0 => write!(f, "{}", self.0 / 10),
            tenth => write!(f, "{}.{tenth}", self.0 / 10),
        }
    }
}

/// A number in JSON and template contexts: a whole number when it is one (`42`), else with
/// its decimal (`41.7`). In a format that is not for reading (the build cache's), the tenths.
impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            serializer.serialize_u16(self.0)
        } else if self.0.is_multiple_of(10) {
            serializer.serialize_u16(self.0 / 10)
        } else {
            serializer.serialize_f64(f64::from(self.0) / 10.0)
        }
    }
}

/// The tenths, from a format that is not for reading (what `serialize` wrote there); a
/// format for reading has the number as shown, which is not read back.
impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return Err(serde::de::Error::custom(
                "a share is read from data files by the program checker, not deserialized",
            ));
        }
        let tenths = u16::deserialize(deserializer)?;
        Self::from_tenths(i64::from(tenths))
            .ok_or_else(|| serde::de::Error::custom("a share over 100%"))
    }
}

/// The months of the year as data files write them, in calendar order.
pub const MONTHS: [(&str, &str); 12] = [
    ("jan", "January"),
    ("feb", "February"),
    ("mar", "March"),
    ("apr", "April"),
    ("may", "May"),
    ("jun", "June"),
    ("jul", "July"),
    ("aug", "August"),
    ("sep", "September"),
    ("oct", "October"),
    ("nov", "November"),
    ("dec", "December"),
];

/// The months of an application season, in its order: July (when ERAS opens) to June.
pub fn season_order(month: u8) -> u8 {
    (month + 5) % 12
}

/// What a program asks of applicants; every `None` is "not published".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirements {
    /// Minimum USMLE Step 2 CK score.
    pub min_step2_ck: Option<u16>,
    /// Only applicants who passed every exam on the first attempt.
    pub first_attempt_only: Option<bool>,
    /// Maximum years since medical school graduation.
    pub yog_cutoff_years: Option<u8>,
    /// US clinical experience.
    pub usce: Option<Usce>,
    /// Minimum months of US clinical experience.
    pub usce_min_months: Option<u8>,
    /// Whether observerships count as US clinical experience.
    pub observership_as_usce: Option<bool>,
    /// Whether graduates of osteopathic (DO) schools are considered.
    pub accepts_do: Option<bool>,
    /// Whether COMLEX scores are accepted instead of USMLE scores.
    pub accepts_comlex: Option<bool>,
    /// Whether USMLE Step 3 must be passed for H-1B sponsorship.
    pub step3_for_h1b: Option<bool>,
}

/// A residency program; every `None` is "not published".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    /// The 10-digit ACGME program ID.
    pub acgme_id: String,
    /// NRMP program codes (tracks).
    pub nrmp_codes: Option<Vec<String>>,
    /// The program's name.
    pub name: String,
    /// The sponsoring institution.
    pub sponsor: Option<String>,
    /// City.
    pub city: String,
    /// USPS state code.
    pub state: String,
    /// Kind of institution.
    pub program_type: Option<ProgramType>,
    /// Length of training in years.
    pub length_years: Option<u8>,
    /// First-year positions.
    pub positions_pgy1: Option<u32>,
    /// PGY-1 salary, US dollars a year.
    pub salary_pgy1: Option<u32>,
    /// Share of residents who are international medical graduates.
    pub pct_img: Option<Percent>,
    /// Visas sponsored; `Some(empty)` means none.
    pub visas: Option<Vec<String>>,
    /// What the program asks of applicants.
    pub requirements: Requirements,
    /// The service it takes applications through, when the program says (`application_service`,
    /// or `eras: true`); else its specialty's (see `Directory::service`).
    pub application_service: Option<Service>,
    /// The last day to apply.
    pub application_deadline: Option<Date>,
    /// The months it interviews in (1-12), in season order (see `season_order`); never empty.
    pub interview_months: Option<Vec<u8>>,
    /// How it interviews.
    pub interview_format: Option<InterviewFormat>,
    /// How many interviews it offers in a season.
    pub interviews_offered: Option<u32>,
    /// The program's website (http or https).
    pub website: Option<String>,
    /// Where the facts of this entry were published (http or https).
    pub source_url: Option<String>,
    /// When the data was last checked.
    pub last_verified: Option<Date>,
    /// Notes, rendered from markdown (internal links as placeholders, see `notes_links`).
    pub notes: Option<markdown::Rendered>,
    /// Where the notes' text starts, to locate problems in it.
    pub notes_location: Option<Location>,
    /// Where the website is written.
    pub website_location: Option<Location>,
    /// Where the source URL is written.
    pub source_url_location: Option<Location>,
    /// Its specialty, by index in `Directory::specialties`.
    pub specialty: usize,
    /// URL segment, unique within the specialty: the sponsor's slug and the ID
    /// (`sponsor-name-1403521292`), or the name's when there is no sponsor.
    pub slug: String,
    /// Not published yet (`draft: true`): only `--drafts` builds and serves it.
    pub draft: bool,
    /// Where the entry is written.
    pub location: Location,
}

/// Every specialty and program.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Specialties, in file order.
    pub specialties: Vec<Specialty>,
    /// Programs, grouped by specialty (each group ordered by state, then name, then ID).
    pub programs: Vec<std::sync::Arc<Program>>,
}

/// The site path of a specialty's page (`programs/pediatrics/`).
pub fn specialty_path(slug: &str) -> String {
    format!("programs/{slug}/")
}

/// The site path of a program's page (`programs/pediatrics/sponsor-3201100207/`).
pub fn program_path(specialty: &Specialty, program: &Program) -> String {
    format!("programs/{}/{}/", specialty.slug, program.slug)
}

impl Directory {
    /// The service program `i` takes applications through: its own, else its specialty's.
    pub fn service(&self, i: usize) -> Option<Service> {
        let program = &self.programs[i];
        program
            .application_service
            .or(self.specialties[program.specialty].application_service)
    }

    /// The site path of program `i`'s page.
    pub fn program_path(&self, i: usize) -> String {
        let program = &self.programs[i];
        program_path(&self.specialties[program.specialty], program)
    }

    /// The directory without its draft programs (the same one when it has none).
    pub fn published(directory: std::sync::Arc<Self>) -> std::sync::Arc<Self> {
        if !directory.programs.iter().any(|p| p.draft) {
            return directory;
        }
        let mut specialties = directory.specialties.clone();
        for specialty in &mut specialties {
            specialty.programs.clear();
        }
        let programs: Vec<std::sync::Arc<Program>> = directory
            .programs
            .iter()
            .filter(|p| !p.draft)
            .cloned()
            .collect();
        for (i, program) in programs.iter().enumerate() {
            specialties[program.specialty].programs.push(i);
        }
        std::sync::Arc::new(Self {
            specialties,
            programs,
        })
    }

    /// The specialty with this slug.
    pub fn specialty(&self, slug: &str) -> Option<usize> {
        self.specialties.iter().position(|s| s.slug == slug)
    }
}

/// USPS codes accepted for `state`, with the ACGME state code of each (alphabetical by state
/// name, with gaps where ACGME keeps numbers for territories).
pub const STATES: [(&str, &str); 52] = [
    ("AL", "01"),
    ("AK", "02"),
    ("AZ", "03"),
    ("AR", "04"),
    ("CA", "05"),
    ("CO", "07"),
    ("CT", "08"),
    ("DE", "09"),
    ("DC", "10"),
    ("FL", "11"),
    ("GA", "12"),
    ("HI", "14"),
    ("ID", "15"),
    ("IL", "16"),
    ("IN", "17"),
    ("IA", "18"),
    ("KS", "19"),
    ("KY", "20"),
    ("LA", "21"),
    ("ME", "22"),
    ("MD", "23"),
    ("MA", "24"),
    ("MI", "25"),
    ("MN", "26"),
    ("MS", "27"),
    ("MO", "28"),
    ("MT", "29"),
    ("NE", "30"),
    ("NV", "31"),
    ("NH", "32"),
    ("NJ", "33"),
    ("NM", "34"),
    ("NY", "35"),
    ("NC", "36"),
    ("ND", "37"),
    ("OH", "38"),
    ("OK", "39"),
    ("OR", "40"),
    ("PA", "41"),
    ("PR", "42"),
    ("RI", "43"),
    ("SC", "45"),
    ("SD", "46"),
    ("TN", "47"),
    ("TX", "48"),
    ("UT", "49"),
    ("VT", "50"),
    ("VA", "51"),
    ("WA", "54"),
    ("WV", "55"),
    ("WI", "56"),
    ("WY", "57"),
];
