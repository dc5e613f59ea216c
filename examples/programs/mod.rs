//! The program generator shared by the `gen_data` and `gen_site` examples: fictional residency
//! programs, one YAML file per specialty of `data/specialties.yaml`, spread across specialties
//! and states roughly as real US residency programs are. The output depends only on the
//! arguments (a seeded PRNG, no clock, no hash-map order), so the same arguments always give the
//! same bytes. Every sponsor, website and note is invented. This module writes no files: the
//! examples decide where the YAML goes.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};
use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result, anyhow, ensure};
use serde::Deserialize;

#[derive(Deserialize)]
struct SpecialtiesFile {
    specialties: Vec<RawSpecialty>,
}

#[derive(Deserialize)]
struct RawSpecialty {
    slug: String,
    name: String,
    acgme_code: String,
    length_years: u8,
    #[serde(default)]
    application_service: Option<String>,
}

/// The specialties of `<root>/data/specialties.yaml`, in file order.
pub fn load_specialties(root: &Path) -> Result<Vec<Specialty>> {
    let rel = Path::new("data/specialties.yaml");
    let text = fs::read_to_string(root.join(rel))
        .with_context(|| format!("reading {}", root.join(rel).display()))?;
    let origin = matchpress::yaml::Origin {
        path: rel,
        line_offset: 0,
    };
    let file: SpecialtiesFile =
        matchpress::yaml::parse(&text, origin).map_err(|d| anyhow!("{d}"))?;
    ensure!(
        !file.specialties.is_empty(),
        "{} lists no specialties",
        rel.display()
    );
    Ok(file.specialties.into_iter().map(Specialty::new).collect())
}

/// `total` programs from `seed`: the text of `data/programs/<slug>.yaml` for each specialty,
/// in the order of `specialties`.
pub fn render_files(specialties: &[Specialty], total: usize, seed: u64) -> Result<Vec<String>> {
    let (programs, sponsors) = generate(specialties, total, seed)?;
    let mut files = Vec::with_capacity(specialties.len());
    for (index, specialty) in specialties.iter().enumerate() {
        let mine: Vec<&Program> = programs.iter().filter(|p| p.specialty == index).collect();
        files.push(render_file(specialty, &mine, &sponsors, seed, total)?);
    }
    Ok(files)
}

// ---------------------------------------------------------------------------------------------
// Random numbers

/// splitmix64: tiny, fast, and good enough for demo data.
pub struct Rng(u64);

impl Rng {
    /// A generator whose numbers depend only on `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0); the bias of the multiply-shift is far below what matters.
    pub fn below(&mut self, n: u64) -> u64 {
        let wide = u128::from(self.next()) * u128::from(n);
        u64::try_from(wide >> 64).unwrap_or(0)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        let span = u64::from(hi.saturating_sub(lo)) + 1;
        lo + u32::try_from(self.below(span)).unwrap_or(0)
    }

    /// True with probability `permille` / 1000.
    pub fn chance(&mut self, permille: u32) -> bool {
        self.below(1000) < u64::from(permille)
    }

    pub fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// An index into `weights`, chosen in proportion to the weights (not all zero).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut r = self.below(total.max(1));
        for (i, &w) in weights.iter().enumerate() {
            if r < u64::from(w) {
                return i;
            }
            r -= u64::from(w);
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// What the country looks like

struct State {
    code: &'static str,
    acgme: &'static str,
    name: &'static str,
    /// Roughly how many core residency programs the state has.
    weight: u32,
    cities: &'static [&'static str],
    military: bool,
}

const fn state(
    code: &'static str,
    acgme: &'static str,
    name: &'static str,
    weight: u32,
    cities: &'static [&'static str],
) -> State {
    State {
        code,
        acgme,
        name,
        weight,
        cities,
        military: false,
    }
}

const fn base(mut s: State) -> State {
    s.military = true;
    s
}

/// USPS code, ACGME state code, name, program density, and real cities, biggest first.
#[rustfmt::skip]
const STATES: [State; 52] = [
    state("AL", "01", "Alabama", 75, &["Birmingham", "Mobile", "Huntsville", "Montgomery", "Tuscaloosa"]),
    state("AK", "02", "Alaska", 4, &["Anchorage", "Fairbanks"]),
    state("AZ", "03", "Arizona", 90, &["Phoenix", "Tucson", "Scottsdale", "Mesa", "Flagstaff"]),
    state("AR", "04", "Arkansas", 40, &["Little Rock", "Fayetteville", "Fort Smith", "Jonesboro"]),
    base(state("CA", "05", "California", 560, &["Los Angeles", "San Francisco", "San Diego", "Sacramento", "Oakland", "Fresno", "Riverside", "Orange", "Bakersfield", "Torrance"])),
    base(state("CO", "07", "Colorado", 70, &["Denver", "Aurora", "Colorado Springs", "Fort Collins", "Grand Junction"])),
    state("CT", "08", "Connecticut", 100, &["New Haven", "Hartford", "Bridgeport", "Stamford", "Norwalk"]),
    state("DE", "09", "Delaware", 15, &["Wilmington", "Newark", "Dover"]),
    state("DC", "10", "District of Columbia", 70, &["Washington"]),
    base(state("FL", "11", "Florida", 330, &["Miami", "Tampa", "Orlando", "Jacksonville", "Gainesville", "Fort Lauderdale", "Tallahassee", "Pensacola"])),
    base(state("GA", "12", "Georgia", 130, &["Atlanta", "Augusta", "Macon", "Savannah", "Columbus"])),
    base(state("HI", "14", "Hawaii", 25, &["Honolulu", "Hilo"])),
    state("ID", "15", "Idaho", 12, &["Boise", "Pocatello", "Coeur d'Alene"]),
    state("IL", "16", "Illinois", 290, &["Chicago", "Peoria", "Springfield", "Rockford", "Evanston", "Oak Lawn", "Urbana"]),
    state("IN", "17", "Indiana", 70, &["Indianapolis", "Fort Wayne", "Evansville", "South Bend", "Muncie"]),
    state("IA", "18", "Iowa", 45, &["Des Moines", "Iowa City", "Cedar Rapids", "Davenport", "Waterloo"]),
    state("KS", "19", "Kansas", 40, &["Wichita", "Kansas City", "Topeka", "Salina"]),
    base(state("KY", "20", "Kentucky", 75, &["Louisville", "Lexington", "Bowling Green", "Pikeville"])),
    state("LA", "21", "Louisiana", 95, &["New Orleans", "Baton Rouge", "Shreveport", "Lafayette", "Monroe"]),
    state("ME", "22", "Maine", 25, &["Portland", "Bangor", "Lewiston", "Augusta"]),
    base(state("MD", "23", "Maryland", 120, &["Baltimore", "Bethesda", "Silver Spring", "Columbia", "Annapolis"])),
    state("MA", "24", "Massachusetts", 230, &["Boston", "Worcester", "Springfield", "Cambridge", "Burlington", "Pittsfield"]),
    state("MI", "25", "Michigan", 330, &["Detroit", "Grand Rapids", "Ann Arbor", "Lansing", "Flint", "Kalamazoo", "Royal Oak", "Southfield", "Dearborn"]),
    state("MN", "26", "Minnesota", 85, &["Minneapolis", "Saint Paul", "Duluth", "Mankato"]),
    state("MS", "27", "Mississippi", 35, &["Jackson", "Hattiesburg", "Tupelo", "Gulfport"]),
    state("MO", "28", "Missouri", 120, &["St. Louis", "Kansas City", "Columbia", "Springfield"]),
    state("MT", "29", "Montana", 8, &["Billings", "Missoula", "Great Falls"]),
    state("NE", "30", "Nebraska", 40, &["Omaha", "Lincoln", "Kearney"]),
    base(state("NV", "31", "Nevada", 40, &["Las Vegas", "Reno", "Henderson"])),
    state("NH", "32", "New Hampshire", 15, &["Manchester", "Concord", "Nashua"]),
    state("NJ", "33", "New Jersey", 190, &["Newark", "New Brunswick", "Camden", "Paterson", "Hackensack", "Jersey City", "Morristown", "Trenton", "Atlantic City"]),
    state("NM", "34", "New Mexico", 30, &["Albuquerque", "Las Cruces", "Santa Fe", "Roswell"]),
    state("NY", "35", "New York", 650, &["New York", "Brooklyn", "Bronx", "Buffalo", "Rochester", "Syracuse", "Albany", "Jamaica", "Flushing", "Staten Island", "Mineola", "Binghamton"]),
    base(state("NC", "36", "North Carolina", 170, &["Charlotte", "Durham", "Chapel Hill", "Winston-Salem", "Greenville", "Raleigh", "Asheville", "Wilmington"])),
    state("ND", "37", "North Dakota", 10, &["Fargo", "Bismarck", "Grand Forks", "Minot"]),
    base(state("OH", "38", "Ohio", 300, &["Cleveland", "Columbus", "Cincinnati", "Toledo", "Akron", "Dayton", "Youngstown", "Canton"])),
    state("OK", "39", "Oklahoma", 55, &["Oklahoma City", "Tulsa", "Lawton", "Enid"]),
    state("OR", "40", "Oregon", 45, &["Portland", "Eugene", "Salem", "Medford", "Bend"]),
    state("PA", "41", "Pennsylvania", 380, &["Philadelphia", "Pittsburgh", "Allentown", "Harrisburg", "Erie", "Scranton", "Bethlehem", "Lancaster", "Reading", "Wilkes-Barre"]),
    state("PR", "42", "Puerto Rico", 50, &["San Juan", "Ponce", "Bayamón", "Caguas", "Mayagüez"]),
    state("RI", "43", "Rhode Island", 35, &["Providence", "Pawtucket", "Warwick"]),
    state("SC", "45", "South Carolina", 70, &["Charleston", "Columbia", "Greenville", "Spartanburg", "Florence"]),
    state("SD", "46", "South Dakota", 10, &["Sioux Falls", "Rapid City"]),
    state("TN", "47", "Tennessee", 120, &["Nashville", "Memphis", "Knoxville", "Chattanooga", "Johnson City"]),
    base(state("TX", "48", "Texas", 420, &["Houston", "Dallas", "San Antonio", "Austin", "Fort Worth", "El Paso", "Lubbock", "Galveston", "Temple", "Corpus Christi", "McAllen", "Odessa"])),
    state("UT", "49", "Utah", 40, &["Salt Lake City", "Provo", "Ogden", "St. George"]),
    state("VT", "50", "Vermont", 12, &["Burlington", "Rutland"]),
    base(state("VA", "51", "Virginia", 110, &["Richmond", "Norfolk", "Charlottesville", "Roanoke", "Falls Church", "Fairfax", "Portsmouth"])),
    base(state("WA", "54", "Washington", 75, &["Seattle", "Spokane", "Tacoma", "Everett", "Yakima", "Renton"])),
    state("WV", "55", "West Virginia", 45, &["Morgantown", "Charleston", "Huntington"]),
    state("WI", "56", "Wisconsin", 90, &["Milwaukee", "Madison", "Green Bay", "La Crosse", "Eau Claire", "Wausau"]),
    state("WY", "57", "Wyoming", 5, &["Cheyenne", "Casper"]),
];

/// The kind of sponsor, which is also the program's `program_type`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    University,
    CommunityUniversity,
    Community,
    Military,
    Other,
}

impl Kind {
    const ALL: [Self; 5] = [
        Self::University,
        Self::CommunityUniversity,
        Self::Community,
        Self::Military,
        Self::Other,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::University => "university",
            Self::CommunityUniversity => "community-university",
            Self::Community => "community",
            Self::Military => "military",
            Self::Other => "other",
        }
    }
}

/// How the real programs of a specialty look, in round numbers.
struct Profile {
    /// About how many ACGME programs the specialty has in the US: the share of the total.
    weight: u32,
    /// First-year positions, smallest and largest.
    positions: (u32, u32),
    /// Typical share of international graduates at a community-university program.
    img: u32,
    /// Typical published minimum Step 2 CK score.
    step2: u32,
    /// Relative odds of university, community-university, community, military, other.
    kinds: [u32; 5],
}

const fn profile(
    weight: u32,
    positions: (u32, u32),
    img: u32,
    step2: u32,
    kinds: [u32; 5],
) -> Profile {
    Profile {
        weight,
        positions,
        img,
        step2,
        kinds,
    }
}

/// The profile of a specialty by slug; a specialty added later gets a middling one.
fn profile_of(slug: &str) -> Profile {
    match slug {
        "internal-medicine" => profile(700, (8, 40), 50, 220, [28, 40, 28, 2, 2]),
        "family-medicine" => profile(770, (4, 12), 40, 215, [14, 34, 42, 2, 8]),
        "pediatrics" => profile(230, (6, 30), 25, 220, [40, 38, 19, 2, 1]),
        "internal-medicine-pediatrics" => profile(80, (2, 8), 10, 225, [80, 17, 3, 0, 0]),
        "psychiatry" => profile(330, (4, 16), 35, 220, [38, 35, 20, 1, 6]),
        "general-surgery" => profile(360, (3, 10), 8, 235, [40, 35, 23, 2, 0]),
        "emergency-medicine" => profile(310, (6, 16), 4, 230, [30, 42, 25, 3, 0]),
        "transitional-year" => profile(180, (4, 20), 20, 225, [15, 40, 41, 4, 0]),
        "anesthesiology" => profile(170, (6, 24), 10, 230, [50, 35, 13, 2, 0]),
        "obstetrics-gynecology" => profile(300, (3, 10), 12, 230, [35, 38, 24, 2, 1]),
        "neurology" => profile(180, (3, 12), 40, 225, [55, 33, 11, 1, 0]),
        "child-neurology" => profile(80, (1, 4), 25, 225, [95, 5, 0, 0, 0]),
        "physical-medicine-rehabilitation" => profile(100, (2, 10), 18, 230, [50, 35, 13, 1, 1]),
        "diagnostic-radiology" => profile(200, (4, 12), 8, 235, [55, 30, 13, 2, 0]),
        "pathology" => profile(140, (2, 8), 55, 215, [60, 28, 11, 1, 0]),
        "radiation-oncology" => profile(95, (1, 4), 4, 235, [90, 9, 1, 0, 0]),
        "nuclear-medicine" => profile(35, (1, 2), 45, 215, [85, 10, 0, 0, 5]),
        "medical-genetics" => profile(55, (1, 3), 35, 215, [95, 5, 0, 0, 0]),
        "orthopaedic-surgery" => profile(215, (2, 8), 2, 245, [45, 35, 17, 3, 0]),
        "otolaryngology" => profile(125, (1, 5), 2, 245, [65, 27, 6, 2, 0]),
        "urology" => profile(150, (1, 5), 3, 240, [60, 30, 9, 1, 0]),
        "dermatology" => profile(150, (2, 6), 3, 245, [60, 25, 14, 1, 0]),
        "ophthalmology" => profile(125, (2, 6), 4, 240, [60, 28, 11, 1, 0]),
        "neurological-surgery" => profile(120, (1, 3), 4, 245, [90, 9, 1, 0, 0]),
        "plastic-surgery" => profile(90, (1, 4), 2, 250, [92, 8, 0, 0, 0]),
        "vascular-surgery" => profile(75, (1, 2), 6, 240, [85, 15, 0, 0, 0]),
        "thoracic-surgery" => profile(40, (1, 2), 6, 245, [95, 5, 0, 0, 0]),
        "colon-rectal-surgery" => profile(70, (1, 3), 10, 230, [45, 35, 20, 0, 0]),
        "allergy-immunology" => profile(80, (1, 4), 30, 220, [85, 13, 1, 1, 0]),
        "preventive-medicine" => profile(70, (1, 4), 15, 210, [35, 10, 5, 10, 40]),
        _ => profile(100, (2, 6), 15, 225, [60, 25, 13, 1, 1]),
    }
}

/// A specialty as read from `specialties.yaml`, with its profile.
pub struct Specialty {
    pub slug: String,
    pub name: String,
    code: String,
    length_years: u8,
    profile: Profile,
    /// The service the specialty's programs take applications through (`ERAS` unless
    /// `specialties.yaml` names another); written once per specialty, not per program.
    service: String,
}

impl Specialty {
    fn new(raw: RawSpecialty) -> Self {
        let RawSpecialty {
            slug,
            name,
            acgme_code,
            length_years,
            application_service,
        } = raw;
        let profile = profile_of(&slug);
        Self {
            slug,
            name,
            code: acgme_code,
            length_years,
            profile,
            service: application_service.unwrap_or_else(|| "ERAS".to_string()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sponsors: invented places with generic institution words

/// Syllables of invented place names: a first syllable (and whether it may meet the last one
/// directly: those that are English words may not, so "Ashford" cannot happen), a middle one,
/// a last one.
#[rustfmt::skip]
const ONSETS: [(&str, bool); 48] = [
    ("Tarr", false), ("Wen", true), ("Brind", false), ("Ash", false), ("Quill", true), ("Hollin", true),
    ("Marr", false), ("Cald", true), ("Fenn", false), ("Chell", false), ("Harl", false), ("Kest", true),
    ("Lund", false), ("Morr", false), ("Pell", true), ("Quen", true), ("Rook", false), ("Brack", false),
    ("Thist", true), ("Umber", false), ("Vask", true), ("Wyth", true), ("Yarr", true), ("Zell", true),
    ("Bramb", false), ("Crann", true), ("Dunn", false), ("Eld", false), ("Frith", true), ("Garr", false),
    ("Heth", true), ("Jask", true), ("Kirr", true), ("Lorn", false), ("Merr", false), ("Nett", false),
    ("Oster", true), ("Pryd", true), ("Renn", false), ("Skell", true), ("Torr", false), ("Ulver", true),
    ("Varr", true), ("Wend", false), ("Wold", false), ("Corv", true), ("Dray", false), ("Esk", false),
];
const MIDDLES: [&str; 6] = ["ow", "le", "er", "en", "ing", "a"];
const CODAS: [&str; 30] = [
    "field", "marsh", "combe", "vale", "mere", "wick", "stead", "holt", "cote", "thorpe", "ley",
    "brook", "haven", "moor", "ridge", "hythe", "shaw", "well", "worth", "fold", "croft", "garth",
    "lynn", "by", "bury", "ham", "hurst", "minster", "wold", "dene",
];

struct Sponsor {
    name: String,
    slug: String,
    state: usize,
    city: &'static str,
    kind: Kind,
    /// The four-digit NRMP institution code that starts its programs' NRMP codes.
    nrmp: u32,
    /// How many more programs it may take.
    room: u32,
    /// The specialties it already runs (one program per specialty per sponsor).
    specialties: Vec<usize>,
}

/// Every sponsor, and the names already taken.
#[derive(Default)]
struct Sponsors {
    all: Vec<Sponsor>,
    /// Indices into `all`, per state.
    by_state: Vec<Vec<usize>>,
    places: BTreeSet<String>,
    nrmp_codes: BTreeSet<u32>,
}

impl Sponsors {
    /// A new invented place name, never given before.
    fn place(&mut self, rng: &mut Rng) -> String {
        const PREFIXES: [&str; 6] = ["North", "South", "East", "West", "Upper", "Lower"];
        for attempt in 0u32.. {
            let (onset, bare) = *rng.pick(&ONSETS);
            let middle = if bare && rng.chance(300) {
                ""
            } else {
                *rng.pick(&MIDDLES)
            };
            let coda = rng.pick(&CODAS);
            let mut name = format!("{onset}{middle}{coda}");
            if awkward(&name) {
                continue;
            }
            if attempt > 40 {
                // Thousands of sponsors use up the plain names; then vary them.
                name = format!("{} {name}", rng.pick(&PREFIXES));
            }
            if attempt > 200 {
                name = format!("{name} {attempt}");
            }
            if self.places.insert(name.clone()) {
                return name;
            }
        }
        unreachable!("the attempt number makes every name new")
    }

    /// A sponsor of `kind` in `state` that has no `specialty` program yet, new if need be.
    fn choose(
        &mut self,
        rng: &mut Rng,
        state: usize,
        kind: Kind,
        specialty: &Specialty,
        index: usize,
    ) -> usize {
        let here = self.by_state.get(state).map_or(&[][..], Vec::as_slice);
        let open: Vec<usize> = here
            .iter()
            .copied()
            .filter(|&i| {
                let s = &self.all[i];
                s.kind == kind && s.room > 0 && !s.specialties.contains(&index)
            })
            .collect();
        // Mostly fill the sponsors there are; sometimes open a new one anyway.
        let chosen = if open.is_empty() || rng.chance(60) {
            self.create(rng, state, kind, specialty)
        } else {
            let weights: Vec<u32> = open.iter().map(|&i| self.all[i].room).collect();
            open[rng.weighted(&weights)]
        };
        let sponsor = &mut self.all[chosen];
        sponsor.room = sponsor.room.saturating_sub(1);
        sponsor.specialties.push(index);
        chosen
    }

    fn create(&mut self, rng: &mut Rng, state: usize, kind: Kind, specialty: &Specialty) -> usize {
        let place = self.place(rng);
        let (institution, token) = match kind {
            Kind::University => *rng.pick(&[
                ("University Hospital", "university"),
                ("University Medical Center", "umc"),
                ("Medical College", "college"),
                ("School of Medicine", "medicine"),
                ("University Health System", "health"),
                ("Health Sciences Center", "hsc"),
            ]),
            Kind::CommunityUniversity => *rng.pick(&[
                ("Regional Medical Center", "regional"),
                ("Medical Center", "medical"),
                ("Health System", "health"),
                ("Memorial Hospital", "memorial"),
                ("Hospital Center", "hospital"),
                ("Regional Health", "regional"),
            ]),
            Kind::Community => *rng.pick(&[
                ("Community Health System", "community"),
                ("General Hospital", "general"),
                ("Community Hospital", "community"),
                ("Community Medical Center", "community"),
                ("Medical Center", "medical"),
                ("Family Health Center", "family"),
            ]),
            Kind::Military => *rng.pick(&[
                ("Army Medical Center", "army"),
                ("Naval Medical Center", "navy"),
                ("Air Force Medical Center", "airforce"),
            ]),
            Kind::Other => match specialty.slug.as_str() {
                "preventive-medicine" => ("County Department of Public Health", "publichealth"),
                "psychiatry" => ("Behavioral Health Hospital", "behavioral"),
                "family-medicine" | "internal-medicine" | "pediatrics" => {
                    ("Teaching Health Center", "thc")
                }
                _ => ("Health Education Consortium", "consortium"),
            },
        };
        let room = match kind {
            Kind::University => rng.range(12, 30),
            Kind::CommunityUniversity => rng.range(3, 10),
            Kind::Community => rng.range(1, 4),
            Kind::Military => rng.range(3, 12),
            Kind::Other => rng.range(1, 2),
        };
        let cities = STATES[state].cities;
        // Bigger cities (listed first) get more sponsors, universities most of all.
        let steep = if kind == Kind::University { 3 } else { 1 };
        let weights: Vec<u32> = (0..cities.len())
            .map(|i| u32::try_from(cities.len() - i).unwrap_or(1).pow(steep))
            .collect();
        let city = cities[rng.weighted(&weights)];
        let nrmp = loop {
            let code = rng.range(1000, 9999);
            // Past 8,000 sponsors, codes repeat; they stay unique within a program.
            if self.nrmp_codes.insert(code) || self.nrmp_codes.len() > 8000 {
                break code;
            }
        };
        self.all.push(Sponsor {
            slug: format!("{}-{token}", place.to_ascii_lowercase().replace(' ', "-")),
            name: format!("{place} {institution}"),
            state,
            city,
            kind,
            nrmp,
            room,
            specialties: Vec::new(),
        });
        let id = self.all.len() - 1;
        if self.by_state.len() <= state {
            self.by_state.resize_with(state + 1, Vec::new);
        }
        self.by_state[state].push(id);
        id
    }
}

/// Letter runs that make an invented name hard to read ("Harllefield", "Merrowworth").
fn awkward(name: &str) -> bool {
    const RUNS: [&str; 16] = [
        "ww", "hh", "yy", "aa", "ii", "uu", "kk", "vv", "lll", "rrr", "lle", "lel", "rer", "nen",
        "ngg", "owow",
    ];
    let lower = name.to_ascii_lowercase();
    RUNS.iter().any(|run| lower.contains(run))
}

// ---------------------------------------------------------------------------------------------
// Programs

struct Requirements {
    min_step2_ck: Option<u32>,
    first_attempt_only: Option<bool>,
    yog_cutoff_years: Option<u32>,
    usce: Option<&'static str>,
    usce_min_months: Option<u32>,
}

struct Program {
    specialty: usize,
    acgme_id: String,
    nrmp_codes: Option<Vec<String>>,
    name: String,
    sponsor: usize,
    length_years: u32,
    positions_pgy1: u32,
    pct_img: Option<u32>,
    visas: Option<Vec<&'static str>>,
    requirements: Option<Requirements>,
    website: Option<String>,
    last_verified: (u32, u32, u32),
    notes: Option<String>,
}

/// Split `total` in proportion to `weights` (largest remainders), giving each at least
/// `min_each` when there are enough to go round.
fn apportion(weights: &[u32], total: usize, min_each: usize) -> Vec<usize> {
    let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum::<u64>().max(1);
    let total64 = total as u64;
    let mut counts: Vec<usize> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(u64, usize)> = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let share = total64 * u64::from(w);
        counts.push(usize::try_from(share / sum).unwrap_or(0));
        remainders.push((share % sum, i));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let missing = total - counts.iter().sum::<usize>();
    for &(_, i) in remainders.iter().take(missing) {
        counts[i] += 1;
    }
    let floor = min_each.min(total / weights.len().max(1));
    while let Some(small) = counts.iter().position(|&c| c < floor) {
        let mut largest = 0;
        for (i, &c) in counts.iter().enumerate() {
            if c > counts[largest] {
                largest = i;
            }
        }
        counts[largest] -= 1;
        counts[small] += 1;
    }
    counts
}

/// Fisher-Yates.
pub fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.index(i + 1));
    }
}

fn generate(
    specialties: &[Specialty],
    total: usize,
    seed: u64,
) -> Result<(Vec<Program>, Vec<Sponsor>)> {
    let mut rng = Rng::new(seed);
    let weights: Vec<u32> = specialties.iter().map(|s| s.profile.weight).collect();
    let counts = apportion(&weights, total, 3);

    // Five-digit sequence numbers: a per-specialty counter from a seeded start ("21xxx",
    // "13xxx"...), stepping by a few, so IDs look real and never repeat.
    let mut sequences: Vec<(u32, u32)> = Vec::with_capacity(specialties.len());
    for &count in &counts {
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        let start = *rng.pick(&[11_u32, 12, 13, 21, 22]) * 1000 + rng.range(0, 399);
        let room = 99_999 - start;
        ensure!(
            count <= room,
            "{count} programs in one specialty do not fit 5-digit ACGME sequence numbers"
        );
        sequences.push((start, (room / count.max(1)).clamp(1, 7)));
    }

    // Interleave the specialties, so no specialty gets first pick of the sponsors.
    let mut slots: Vec<usize> = counts
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| std::iter::repeat_n(i, c))
        .collect();
    shuffle(&mut rng, &mut slots);

    // States too are apportioned, then dealt out at random, so a small run still has every
    // state in about its real share.
    let state_weights: Vec<u32> = STATES.iter().map(|s| s.weight).collect();
    let mut states: Vec<usize> = apportion(&state_weights, total, 1)
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| std::iter::repeat_n(i, c))
        .collect();
    shuffle(&mut rng, &mut states);
    let mut sponsors = Sponsors::default();
    let mut programs = Vec::with_capacity(total);
    for (index, state) in slots.into_iter().zip(states) {
        let specialty = &specialties[index];
        let mut kind = Kind::ALL[rng.weighted(&specialty.profile.kinds)];
        if kind == Kind::Military && !STATES[state].military {
            let mut civil = specialty.profile.kinds;
            civil[3] = 0;
            kind = Kind::ALL[rng.weighted(&civil)];
        }
        let sponsor = sponsors.choose(&mut rng, state, kind, specialty, index);
        let (next, step) = &mut sequences[index];
        let acgme_id = format!("{}{}{:05}", specialty.code, STATES[state].acgme, *next);
        *next += rng.range(1, *step);
        let program = program(
            &mut rng,
            (index, specialty),
            acgme_id,
            &mut sponsors,
            sponsor,
        );
        programs.push(program);
    }

    // Data editors keep each file by state, then sponsor.
    let key = |p: &Program| {
        let sponsor = &sponsors.all[p.sponsor];
        (
            STATES[sponsor.state].code,
            sponsor.name.clone(),
            p.name.clone(),
            p.acgme_id.clone(),
        )
    };
    programs.sort_by_cached_key(key);
    Ok((programs, sponsors.all))
}

/// True when a program publishes a field: `hidden` is its per-mille chance of leaving it out.
fn published(rng: &mut Rng, hidden: u32) -> bool {
    !rng.chance(hidden)
}

fn program(
    rng: &mut Rng,
    (index, specialty): (usize, &Specialty),
    acgme_id: String,
    sponsors: &mut Sponsors,
    sponsor: usize,
) -> Program {
    let profile = &specialty.profile;
    let (kind, state, nrmp) = {
        let s = &sponsors.all[sponsor];
        (s.kind, s.state, s.nrmp)
    };
    // Some programs publish almost everything, some very little: about a quarter of the
    // optional fields come out unknown.
    let hidden = [60, 250, 600][rng.weighted(&[40, 40, 20])];

    let name = program_name(rng, specialty, sponsors);
    let (lo, hi) = profile.positions;
    let mid = u32::midpoint(lo, hi);
    let positions_pgy1 = match kind {
        Kind::University => rng.range(mid, hi),
        Kind::CommunityUniversity => rng.range(lo, hi),
        Kind::Community | Kind::Military | Kind::Other => rng.range(lo, mid),
    };
    let longer = if specialty.slug == "family-medicine" {
        50
    } else {
        25
    };
    let length_years = u32::from(specialty.length_years) + u32::from(rng.chance(longer));

    let img = img_share(rng, profile.img, kind);
    let all_visas = visas(rng, img, kind);
    let codes = nrmp_codes(rng, specialty, kind, nrmp);
    let requirements = (!rng.chance(50)).then(|| requirements(rng, profile, kind, img, hidden));
    let month = rng.range(0, 16).max(rng.range(0, 16)); // June 2025 to October 2026, recent first
    let (year, month) = (2025 + (month + 5) / 12, (month + 5) % 12 + 1);
    let last_verified = (year, month, rng.range(1, days_in_month(year, month)));

    let pct_img = published(rng, hidden).then_some(img);
    // A military program's visas are always known: none (its residents are US citizens
    // commissioned in the armed forces).
    let visas = (kind == Kind::Military || published(rng, hidden)).then_some(all_visas);
    let nrmp_codes = published(rng, hidden).then_some(codes);
    let website = published(rng, hidden).then(|| {
        format!(
            "https://{}.example/{}",
            sponsors.all[sponsor].slug, specialty.slug
        )
    });
    let facts = Facts {
        specialty,
        kind,
        state,
        city: sponsors.all[sponsor].city,
        img,
        visas: visas.as_deref(),
        yog: requirements.as_ref().and_then(|r| r.yog_cutoff_years),
    };
    // A military program always says who it is for.
    let notes = (kind == Kind::Military || published(rng, hidden)).then(|| notes(rng, &facts));
    Program {
        specialty: index,
        acgme_id,
        nrmp_codes,
        name,
        sponsor,
        length_years,
        positions_pgy1,
        pct_img,
        visas,
        requirements,
        website,
        last_verified,
        notes,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn program_name(rng: &mut Rng, specialty: &Specialty, sponsors: &mut Sponsors) -> String {
    let name = &specialty.name;
    if specialty.slug == "transitional-year" {
        return if rng.chance(600) {
            "Transitional Year Program"
        } else {
            "Transitional Year Residency"
        }
        .to_string();
    }
    match rng.below(100) {
        0..62 => format!("{name} Residency"),
        62..92 => format!("{name} Residency Program"),
        _ => {
            let rural = matches!(
                specialty.slug.as_str(),
                "family-medicine" | "internal-medicine" | "psychiatry"
            );
            let primary = matches!(specialty.slug.as_str(), "internal-medicine" | "pediatrics");
            if rural && rng.chance(500) {
                format!("{name} Residency (Rural Track)")
            } else if primary && rng.chance(500) {
                format!("{name} Residency (Primary Care Track)")
            } else if rng.chance(500) {
                format!("{name} Residency at {} Campus", sponsors.place(rng))
            } else {
                format!("{name} Residency")
            }
        }
    }
}

/// A program's share of international graduates: high at community programs of the
/// IMG-friendly specialties, near zero in surgery, zero in the military.
fn img_share(rng: &mut Rng, typical: u32, kind: Kind) -> u32 {
    let mean = match kind {
        Kind::University => typical / 2,
        Kind::CommunityUniversity => typical,
        Kind::Community => (typical * 3 / 2).min(90),
        Kind::Other => (typical * 6 / 5).min(90),
        Kind::Military => return 0,
    };
    if mean < 15 {
        // Many programs with none, a few with several.
        if rng.chance(300) {
            0
        } else {
            rng.range(0, mean * 5 / 2)
        }
    } else {
        let half = mean.min(100 - mean).min(35);
        (mean - half + rng.range(0, half) + rng.range(0, half)).min(100)
    }
}

/// Visa sponsorship: the J-1 (sponsored by ECFMG, so open to any program) follows the share of
/// international graduates; the H-1B, which the program itself petitions for and pays, is
/// offered far more often by university programs (cap-exempt, with legal offices that file
/// petitions) than by community ones, as the visa guide says. Military programs sponsor none.
fn visas(rng: &mut Rng, img: u32, kind: Kind) -> Vec<&'static str> {
    let j1 = match img {
        40.. => 970,
        15..40 => 820,
        1..15 => 560,
        0 => 200,
    };
    let h1b = match kind {
        Kind::Military => return Vec::new(),
        Kind::University => 520,
        Kind::CommunityUniversity => 340,
        Kind::Community => 160,
        Kind::Other => 120,
    };
    let mut out = Vec::new();
    let j = rng.chance(j1);
    if j {
        out.push("J-1");
    }
    if rng.chance(if j { h1b } else { h1b / 4 }) {
        out.push("H-1B");
    }
    if !out.is_empty() && rng.chance(40) {
        out.push("F-1");
    }
    out
}

/// NRMP codes: the sponsor's code, the specialty's, and a track. Ophthalmology and urology
/// have their own matches, and military programs their own selection board.
fn nrmp_codes(rng: &mut Rng, specialty: &Specialty, kind: Kind, institution: u32) -> Vec<String> {
    let mut tracks: Vec<char> = Vec::new();
    match specialty.slug.as_str() {
        _ if kind == Kind::Military => {}
        "ophthalmology" | "urology" => {}
        "transitional-year" => tracks.push('P'),
        "internal-medicine" => {
            tracks.push('C');
            if rng.chance(450) {
                tracks.push('P');
            }
            if rng.chance(100) {
                tracks.push('C'); // a primary care track
            }
            if rng.chance(50) {
                tracks.push('R');
            }
        }
        "general-surgery" => {
            tracks.push('C');
            if rng.chance(600) {
                tracks.push('P');
            }
        }
        "family-medicine" | "pediatrics" | "psychiatry" => {
            tracks.push('C');
            if rng.chance(80) {
                tracks.push('C'); // a rural or primary care track
            }
        }
        "anesthesiology" | "neurology" | "physical-medicine-rehabilitation" => {
            if rng.chance(650) {
                tracks.push('C');
            }
            if tracks.is_empty() || rng.chance(450) {
                tracks.push('A');
            }
        }
        "diagnostic-radiology" | "dermatology" | "radiation-oncology" => {
            if rng.chance(350) {
                tracks.push('C');
            }
            if tracks.is_empty() || rng.chance(750) {
                tracks.push('A');
            }
            if rng.chance(80) {
                tracks.push('R');
            }
        }
        _ => tracks.push('C'),
    }
    let mut codes: Vec<String> = Vec::with_capacity(3);
    for (i, &track) in tracks.iter().enumerate().take(3) {
        let digit = tracks[..i].iter().filter(|&&t| t == track).count();
        codes.push(format!("{institution:04}{}{track}{digit}", specialty.code));
    }
    codes
}

/// The lowest published Step 2 CK minimum: above the exam's pass mark (218 since July 2025 as
/// reported; 214 on usmle.org's last confirmed page), so no minimum is one a passing score
/// fails to meet.
pub const MIN_PUBLISHED_STEP2: u32 = 220;

fn requirements(
    rng: &mut Rng,
    profile: &Profile,
    kind: Kind,
    img: u32,
    hidden: u32,
) -> Requirements {
    let typical = match kind {
        Kind::University => profile.step2 + 5,
        Kind::CommunityUniversity | Kind::Military => profile.step2,
        Kind::Community | Kind::Other => profile.step2 - 5,
    };
    // Minimums moved up with the pass mark (214 from July 2022, 218 reported from July 2025):
    // no program publishes a minimum a passing score would not meet.
    let mut score = typical + rng.range(0, 12) + rng.range(0, 12) - 4;
    if rng.chance(800) {
        score = (score + 2) / 5 * 5; // published minimums are mostly round
    }
    let strict = (300
        + profile.step2.saturating_sub(210) * 12
        + if kind == Kind::University { 100 } else { 0 })
    .min(900);
    let yog = if img >= 40 {
        *rng.pick(&[3, 5, 5, 5, 7, 10])
    } else if img >= 10 {
        *rng.pick(&[2, 3, 3, 5, 5, 7])
    } else {
        *rng.pick(&[1, 2, 3, 3, 5])
    };
    let usce_odds = match img {
        _ if kind == Kind::Military => [0, 0, 1],
        30.. => [45, 45, 10],
        10..30 => [25, 50, 25],
        _ => [10, 40, 50],
    };
    let usce = ["required", "preferred", "none"][rng.weighted(&usce_odds)];
    let months = match usce {
        "required" => *rng.pick(&[1, 2, 3, 3, 3, 6, 6, 12]),
        _ => *rng.pick(&[0, 1, 2, 3, 3, 6]),
    };
    let usce = published(rng, hidden).then_some(usce);
    Requirements {
        // Under the lowest minimum a program would publish, it publishes none.
        min_step2_ck: (score >= MIN_PUBLISHED_STEP2 && published(rng, hidden))
            .then_some(score.min(300)),
        first_attempt_only: published(rng, hidden).then(|| rng.chance(strict)),
        yog_cutoff_years: published(rng, hidden).then_some(yog),
        usce_min_months: match usce {
            Some("required" | "preferred") => published(rng, hidden).then_some(months),
            _ => None,
        },
        usce,
    }
}

// ---------------------------------------------------------------------------------------------
// Notes

/// What the notes of a program may mention, so they never contradict its fields.
struct Facts<'a> {
    specialty: &'a Specialty,
    kind: Kind,
    state: usize,
    city: &'static str,
    img: u32,
    visas: Option<&'a [&'static str]>,
    yog: Option<u32>,
}

/// One or two sentences of markdown, from templates that suit the program.
fn notes(rng: &mut Rng, facts: &Facts<'_>) -> String {
    let Facts {
        specialty,
        kind,
        state,
        city,
        img,
        visas,
        yog,
    } = *facts;
    let mut first: Option<String> = None;
    let mut pool: Vec<String> = Vec::new();

    if kind == Kind::Military {
        first = Some(
            "**Not open to civilian applicants or to IMGs who need a visa.** Residents are US \
             citizens commissioned as officers in the armed forces; positions are filled through \
             the military's own selection board, not the NRMP Match, and no visa is sponsored."
                .to_string(),
        );
    } else {
        match specialty.service.as_str() {
            "ResidencyCAS" if rng.chance(400) => {
                first = Some(
                    "Applications go through ResidencyCAS, not ERAS; the Match itself is still the NRMP's."
                        .to_string(),
                );
            }
            "SF Match" if rng.chance(400) => {
                first = Some(
                    "Applications go through the SF Match central application service, not ERAS."
                        .to_string(),
                );
            }
            _ => {}
        }
    }

    pool.push(format!(
        "Interviews are virtual, with an optional in-person visit day in {}.",
        rng.pick(&["November", "December", "January"])
    ));
    pool.push(format!(
        "Protected *academic half-day* every {} afternoon; lectures are recorded for residents on nights.",
        rng.pick(&["Tuesday", "Wednesday", "Thursday", "Friday"])
    ));
    pool.push(format!(
        "Night float replaced 24-hour call in {}.",
        rng.range(2016, 2025)
    ));
    pool.push(format!(
        "Residents rotate at a county hospital and at a VA medical center within {} minutes of the main campus.",
        rng.range(2, 8) * 5
    ));
    pool.push(
        "Residents present at a regional meeting each year, and a research coordinator helps with \
         IRB paperwork."
            .to_string(),
    );
    pool.push(format!(
        "**Board pass rate:** {}% over the last five years, by the program's own count.",
        rng.range(85, 100)
    ));
    // Military programs take officers, not applicants from the civilian pool.
    if kind != Kind::Military {
        let population = rng.pick(&[
            "Spanish-speaking",
            "rural",
            "urban underserved",
            "Medicaid-insured",
            "immigrant and refugee",
            "older",
            "uninsured",
            "farmworker",
        ]);
        pool.push(format!(
            "Residents care for a largely {population} population at {} continuity clinic sites in and around {city}.",
            rng.range(2, 6)
        ));
        pool.push(
            "Observerships do not count as US clinical experience here; hands-on externships and US \
             residency or research work do."
                .to_string(),
        );
        pool.push(format!(
            "Hands-on US clinical experience is weighed more heavily than observerships; {} months or more stands out.",
            rng.pick(&[2, 3, 4, 6])
        ));
        pool.push(
            "The program director reads every personal statement; letters from US physicians in the \
             specialty carry the most weight."
                .to_string(),
        );
        pool.push(format!(
            "A new program: the first class started in July {}, so board pass rates are not published yet.",
            rng.range(2022, 2025)
        ));
        pool.push(
            "Housing help and a relocation stipend are offered to incoming residents.".to_string(),
        );
        pool.push(format!(
            "Most graduates stay in {} after training.",
            STATES[state].name
        ));
        pool.push(format!(
            "Residents get {} days of paid vacation a year and a wellness half-day each block.",
            rng.pick(&[15, 20, 20, 21, 25])
        ));
        match STATES[state].code {
            "PR" => pool.push(
                "Most patients speak Spanish, and residents are expected to be fluent by the end of \
                 the first year."
                    .to_string(),
            ),
            "CA" | "TX" | "FL" | "NM" | "AZ" | "NY" | "NJ" | "IL" | "NV" | "CO" => pool.push(
                "Many patients speak Spanish, and applicants who speak it are encouraged to say so."
                    .to_string(),
            ),
            _ => {}
        }
        if let Some(years) = yog {
            pool.push(format!(
                "Applicants should have graduated within the last {years} years; recent hands-on clinical work counts for more than the exact year."
            ));
        }
    }
    match visas {
        Some([]) if kind != Kind::Military => pool.push(
            "The program does not sponsor visas; applicants need US citizenship, a green card or \
             an EAD."
                .to_string(),
        ),
        Some(v) if v.contains(&"H-1B") => pool.push(
            "H-1B sponsorship requires passing Step 3 before the rank list deadline.".to_string(),
        ),
        Some(v) if img >= 40 && !v.is_empty() => pool.push(
            "International graduates make up much of each class, and the coordinator answers \
             ECFMG and visa questions quickly."
                .to_string(),
        ),
        _ => {}
    }
    specialty_notes(rng, specialty, city, &mut pool);

    let mut sentences: Vec<String> = Vec::with_capacity(2);
    if let Some(first) = first {
        sentences.push(first);
    }
    let wanted = if rng.chance(550) { 1 } else { 2 };
    while sentences.len() < wanted {
        let pick = pool.swap_remove(rng.index(pool.len()));
        sentences.push(pick);
    }
    sentences.join(" ")
}

/// Sentences only some specialties can say.
fn specialty_notes(rng: &mut Rng, specialty: &Specialty, city: &str, pool: &mut Vec<String>) {
    let texts: &[&str] = match specialty.slug.as_str() {
        "internal-medicine" => &[
            "Graduates match into cardiology, gastroenterology and hospital medicine fellowships every year.",
            "Residents run a resident-led evening clinic for uninsured patients.",
        ],
        "family-medicine" => &[
            "Residents learn obstetrics, procedures and point-of-care ultrasound at a federally qualified health center.",
            "Continuity patients range from newborns to nursing-home residents.",
        ],
        "pediatrics" => &[
            "A children's hospital with a level III NICU is on site.",
            "Residents spend a month in school-based clinics and a month in child advocacy.",
        ],
        "internal-medicine-pediatrics" => &[
            "Residents keep one continuity clinic for adults and children, with a transition clinic for young adults with chronic disease.",
        ],
        "psychiatry" => &[
            "Residents train at a state psychiatric hospital and at a community mental health center.",
            "Weekly psychotherapy supervision starts in the first year, with tracks in addiction and child psychiatry.",
        ],
        "general-surgery" | "orthopaedic-surgery" | "neurological-surgery" | "vascular-surgery" => {
            &[
                "The main hospital is a level I trauma center, and chief residents run the trauma service.",
                "A dedicated research year is optional, not required.",
            ]
        }
        "obstetrics-gynecology" => &[
            "Residents deliver at a high-volume labor and delivery unit and train in minimally invasive gynecology.",
        ],
        "ophthalmology" => &[
            "The eye clinic sees many patients with diabetic eye disease, and residents start cataract surgery in the second year.",
        ],
        "emergency-medicine" => &[
            "The emergency department has a separate pediatric area and a dedicated ultrasound fellowship.",
        ],
        "anesthesiology" => &[
            "Residents train in cardiac, obstetric and pediatric anesthesia, with a regional anesthesia block room.",
        ],
        "neurology" | "child-neurology" => &[
            "A comprehensive stroke center with a neurocritical care unit anchors the inpatient service.",
        ],
        "physical-medicine-rehabilitation" => &[
            "Residents rotate through inpatient rehabilitation units for stroke, brain injury and spinal cord injury.",
        ],
        "diagnostic-radiology" => &[
            "Residents read with subspecialty attendings from the first year, with graded autonomy on call.",
        ],
        "pathology" => &[
            "High-volume surgical pathology with subspecialty sign-out and an in-house molecular lab.",
        ],
        "radiation-oncology" => {
            &["The department treats with proton therapy and stereotactic radiosurgery."]
        }
        "nuclear-medicine" => {
            &["Residents train in PET/CT and theranostics, including radioligand therapy."]
        }
        "medical-genetics" => {
            &["Residents see patients in prenatal, pediatric, adult and cancer genetics clinics."]
        }
        "dermatology" => {
            &["Residents run a weekly dermatology clinic at a free clinic for uninsured patients."]
        }
        "allergy-immunology" => {
            &["Residents see adults and children in allergy, asthma and immunodeficiency clinics."]
        }
        "preventive-medicine" => &[
            "Residents complete an MPH in the first year and a public health practicum in the second.",
        ],
        _ => &[],
    };
    pool.extend(texts.iter().map(|t| (*t).to_string()));
    match specialty.slug.as_str() {
        "family-medicine" => pool.push(format!(
            "The rural track spends the second and third years at a critical access hospital {} minutes from {city}.",
            rng.range(6, 18) * 5
        )),
        "general-surgery" => pool.push(format!(
            "Residents log over {} cases by graduation, with robotic training from the second year.",
            rng.range(17, 28) * 50
        )),
        "emergency-medicine" => pool.push(format!(
            "The emergency department sees about {},000 visits a year.",
            rng.range(45, 110)
        )),
        "psychiatry" => pool.push(format!(
            "Residents spend {} months on consultation-liaison and emergency psychiatry.",
            rng.range(3, 6)
        )),
        "transitional-year" => pool.push(format!(
            "Most residents go on to radiology, anesthesiology or dermatology; the year includes {} elective blocks.",
            rng.range(3, 6)
        )),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// YAML, by hand

fn render_file(
    specialty: &Specialty,
    programs: &[&Program],
    sponsors: &[Sponsor],
    seed: u64,
    total: usize,
) -> Result<String, fmt::Error> {
    let mut out = String::with_capacity(1200 * programs.len() + 300);
    let run = if total == 600 {
        String::new()
    } else {
        format!(", {total} programs")
    };
    writeln!(
        out,
        "# Fictional demo data written by `cargo run --example gen_data` (seed {seed}{run})."
    )?;
    writeln!(
        out,
        "# Every program, sponsor and website here is invented; do not use it for real applications."
    )?;
    writeln!(out, "specialty: {}", scalar(&specialty.slug))?;
    if programs.is_empty() {
        writeln!(out, "programs: []")?;
        return Ok(out);
    }
    writeln!(out, "programs:")?;
    for program in programs {
        render_program(&mut out, program, &sponsors[program.sponsor])?;
    }
    Ok(out)
}

fn render_program(out: &mut String, p: &Program, sponsor: &Sponsor) -> fmt::Result {
    let Program {
        specialty: _,
        acgme_id,
        nrmp_codes,
        name,
        sponsor: _,
        length_years,
        positions_pgy1,
        pct_img,
        visas,
        requirements,
        website,
        last_verified: (year, month, day),
        notes,
    } = p;
    writeln!(out, "  - acgme_id: \"{acgme_id}\"")?;
    let codes = nrmp_codes.as_ref().map(|codes| {
        let quoted: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
        format!("[{}]", quoted.join(", "))
    });
    writeln!(out, "    nrmp_codes: {}", or_null(codes))?;
    writeln!(out, "    name: {}", scalar(name))?;
    writeln!(out, "    sponsor: {}", scalar(&sponsor.name))?;
    writeln!(out, "    city: {}", scalar(sponsor.city))?;
    writeln!(out, "    state: {}", STATES[sponsor.state].code)?;
    writeln!(out, "    program_type: {}", sponsor.kind.name())?;
    writeln!(out, "    length_years: {length_years}")?;
    writeln!(out, "    positions_pgy1: {positions_pgy1}")?;
    writeln!(out, "    pct_img: {}", or_null(*pct_img))?;
    writeln!(
        out,
        "    visas: {}",
        or_null(visas.as_ref().map(|v| format!("[{}]", v.join(", "))))
    )?;
    match requirements {
        None => writeln!(out, "    requirements: null")?,
        Some(r) => {
            writeln!(out, "    requirements:")?;
            writeln!(out, "      min_step2_ck: {}", or_null(r.min_step2_ck))?;
            writeln!(
                out,
                "      first_attempt_only: {}",
                or_null(r.first_attempt_only)
            )?;
            writeln!(
                out,
                "      yog_cutoff_years: {}",
                or_null(r.yog_cutoff_years)
            )?;
            writeln!(out, "      usce: {}", or_null(r.usce))?;
            writeln!(out, "      usce_min_months: {}", or_null(r.usce_min_months))?;
        }
    }
    writeln!(out, "    website: {}", or_null(website.as_deref()))?;
    writeln!(out, "    last_verified: {year}-{month:02}-{day:02}")?;
    match notes {
        None => writeln!(out, "    notes: null")?,
        Some(text) => {
            writeln!(out, "    notes: |")?;
            for line in wrap(text, 90) {
                writeln!(out, "      {line}")?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// CSV, by hand

/// The programs as spreadsheet exports (`gen_data --csv`).
#[allow(
    dead_code,
    reason = "gen_data writes CSV; gen_site, which shares this module, does not"
)]
pub mod csv {
    use std::fmt;

    use anyhow::Result;

    use super::{Program, STATES, Specialty, Sponsor, generate};

    /// The same programs as `render_files`, as spreadsheet exports: one CSV text per specialty,
    /// with a header row of field names.
    pub fn render_csv_files(
        specialties: &[Specialty],
        total: usize,
        seed: u64,
    ) -> Result<Vec<String>> {
        let (programs, sponsors) = generate(specialties, total, seed)?;
        let mut files = Vec::with_capacity(specialties.len());
        for index in 0..specialties.len() {
            let mut out = String::from(CSV_HEADER);
            out.push('\n');
            for p in programs.iter().filter(|p| p.specialty == index) {
                render_csv_row(&mut out, p, &sponsors[p.sponsor]);
            }
            files.push(out);
        }
        Ok(files)
    }

    const CSV_HEADER: &str = "acgme_id,nrmp_codes,name,sponsor,city,state,program_type,length_years,positions_pgy1,pct_img,visas,requirements.min_step2_ck,requirements.first_attempt_only,requirements.yog_cutoff_years,requirements.usce,requirements.usce_min_months,website,last_verified,notes";

    /// `text` as a CSV cell: in double quotes (doubled inside) when it holds a comma, a quote, a
    /// line break or spaces at its ends.
    fn cell(text: &str) -> String {
        if text.contains([',', '"', '\n', '\r']) || text.trim() != text {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    }

    fn or_empty<T: fmt::Display>(value: Option<T>) -> String {
        value.map_or_else(String::new, |v| v.to_string())
    }

    fn render_csv_row(out: &mut String, p: &Program, sponsor: &Sponsor) {
        let Program {
            specialty: _,
            acgme_id,
            nrmp_codes,
            name,
            sponsor: _,
            length_years,
            positions_pgy1,
            pct_img,
            visas,
            requirements,
            website,
            last_verified: (year, month, day),
            notes,
        } = p;
        let list = |items: Option<Vec<String>>| match items {
            None => String::new(),
            Some(items) if items.is_empty() => "none".to_string(),
            Some(items) => items.join("; "),
        };
        let r = requirements.as_ref();
        let cells = [
            acgme_id.clone(),
            list(nrmp_codes.clone()),
            cell(name),
            cell(&sponsor.name),
            cell(sponsor.city),
            STATES[sponsor.state].code.to_string(),
            sponsor.kind.name().to_string(),
            length_years.to_string(),
            positions_pgy1.to_string(),
            or_empty(*pct_img),
            list(
                visas
                    .as_ref()
                    .map(|v| v.iter().map(ToString::to_string).collect()),
            ),
            or_empty(r.and_then(|r| r.min_step2_ck)),
            or_empty(r.and_then(|r| r.first_attempt_only)),
            or_empty(r.and_then(|r| r.yog_cutoff_years)),
            or_empty(r.and_then(|r| r.usce)),
            or_empty(r.and_then(|r| r.usce_min_months)),
            or_empty(website.as_deref()),
            format!("{year}-{month:02}-{day:02}"),
            notes.as_deref().map_or_else(String::new, cell),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
}

fn or_null<T: fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "null".to_string(), |v| v.to_string())
}

/// `text` as a YAML scalar: plain when YAML reads it back as the same string, else quoted.
fn scalar(text: &str) -> String {
    let reserved = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
    ];
    let needs_quotes = text.is_empty()
        || text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        || text.ends_with([' ', ':'])
        || text.contains(": ")
        || text.contains(" #")
        || text.contains(['\n', '\t', '"', '\\'])
        || reserved.iter().any(|r| text.eq_ignore_ascii_case(r))
        || text.parse::<f64>().is_ok();
    if needs_quotes {
        format!(
            "\"{}\"",
            text.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        )
    } else {
        text.to_string()
    }
}

/// Words of `text` in lines of at most `width` characters (a longer word gets its own line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
