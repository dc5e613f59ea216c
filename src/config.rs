//! Site configuration: `site.yaml` read as a located YAML tree and checked key by key into a
//! `Config` with every default applied and every value checked. Every problem of the file is
//! reported in one run; a value that fails takes its default, so the rest of the site can still
//! be checked. Nothing else in the crate reads `site.yaml`, and the resolved `Config` holds no
//! `Option` that means "default".

use std::path::Path;

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, Level, Location, Policy, Selector, did_you_mean};
use crate::source::CONFIG_FILE;
use crate::yaml::fields::{Checker, Codes, Fields};
use crate::yaml::{self, Node, Origin, Value};

/// The keys of `site.yaml`.
const KEYS: [&str; 17] = [
    "title",
    "description",
    "base_url",
    "language",
    "author",
    "theme",
    "paginate_by",
    "link_style",
    "feed_limit",
    "menu",
    "data_notice",
    "link_check",
    "img_friendly",
    "search",
    "review",
    "contact",
    "diagnostics",
];

/// The keys of `link_check:`.
const LINK_CHECK_KEYS: [&str; 4] = ["skip", "cache_hours", "timeout_secs", "per_host"];

/// The keys of `img_friendly:`.
const IMG_FRIENDLY_KEYS: [&str; 2] = ["min_img_pct", "visa"];

/// The keys of `review:`.
const REVIEW_KEYS: [&str; 1] = ["max_age_months"];

/// The keys of `contact:`.
const CONTACT_KEYS: [&str; 2] = ["email", "issue_url"];

/// The keys of `search:`.
const SEARCH_KEYS: [&str; 2] = ["enabled", "index"];

/// What `search: index:` may name.
const SEARCH_KINDS: [&str; 3] = ["guides", "pages", "programs"];

/// How pages link to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStyle {
    /// Relative links that end in `index.html`: the output works from disk (`file://`), under
    /// any sub-path, and on every static host.
    Portable,
    /// Root-relative links that end in `/` (`/guides/visas/`), under `base_url`'s path.
    Clean,
}

/// One entry of the main menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    /// The text of the link.
    pub title: String,
    /// The site path it points at, without a leading slash (`guides/`).
    pub path: String,
    /// Where the entry is written in `site.yaml`.
    pub location: Location,
}

/// Whether `name` names a folder inside another (`themes/NAME/`) and nothing else: not empty,
/// no separator, not `.` or `..`.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', ':', '\0'])
}

/// The theme a site uses when `theme:` is not set; built into matchpress.
pub const DEFAULT_THEME: &str = "default";

/// The resolved site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's name.
    pub title: String,
    /// One sentence about the site, for the footer and meta tags.
    pub description: String,
    /// The absolute URL the site is published at, ending in `/`.
    pub base_url: String,
    /// The language of the content, as a BCP 47 tag (`en`).
    pub language: String,
    /// Who publishes the site (feeds and meta tags).
    pub author: String,
    /// The theme folder under `themes/`.
    pub theme: String,
    /// Where `theme:` is written, if it is.
    pub theme_location: Option<Location>,
    /// Entries per page of a list, unless a section says otherwise.
    pub paginate_by: usize,
    /// How pages link to each other.
    pub link_style: LinkStyle,
    /// How many guides the Atom feed holds.
    pub feed_limit: usize,
    /// The main menu.
    pub menu: Vec<MenuItem>,
    /// A notice shown on every program directory page (for instance, that the data is a demo).
    pub data_notice: String,
    /// How `check --external` checks links to other sites.
    pub link_check: LinkCheck,
    /// Which programs the directory counts as IMG-friendly.
    pub img_friendly: ImgFriendly,
    /// Whether the site has search, and what it indexes.
    pub search: Search,
    /// How old a page's last review may be (`review:`).
    pub review: ReviewPolicy,
    /// How readers reach the editors (`contact:`).
    pub contact: Contact,
    /// The site's severities for diagnostic codes (`diagnostics:`).
    pub diagnostics: Policy,
    /// The date the build runs, to tell a page's last review's age: `SOURCE_DATE_EPOCH` when
    /// set (the reproducible-builds convention), else the clock (UTC). Not in `site.yaml`.
    pub today: Date,
}

/// How old a page's last review may be before `check` warns (`review:` in `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewPolicy {
    /// The most months since `last_reviewed:`; 0 never warns.
    pub max_age_months: u32,
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        Self { max_age_months: 12 }
    }
}

/// How readers reach the site's editors (`contact:` in `site.yaml`): the "Report an error"
/// and "Suggest a correction" links of guides, pages and programs. Empty: no such links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// An email address, for `mailto:` links with the page in the subject and body.
    pub email: Option<String>,
    /// A URL to open an issue (a GitHub `.../issues/new`), given the page as `title` and `body`
    /// query parameters; preferred to `email` for the links when both are set.
    pub issue_url: Option<String>,
}

impl Contact {
    /// Whether readers have any way to reach the editors.
    pub fn is_set(&self) -> bool {
        self.email.is_some() || self.issue_url.is_some()
    }
}

/// How `check --external` checks links to other sites (`link_check:` in `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCheck {
    /// URL patterns not to check: a URL is skipped when it starts with a pattern, where `*`
    /// in a pattern stands for any characters.
    pub skip: Vec<String>,
    /// How long a result is kept in the cache, in hours (0: always check again).
    pub cache_hours: u64,
    /// How long one request may take, in seconds.
    pub timeout_secs: u64,
    /// How many requests go to one host at a time.
    pub per_host: usize,
}

impl Default for LinkCheck {
    fn default() -> Self {
        Self {
            skip: Vec::new(),
            cache_hours: 24,
            timeout_secs: 10,
            per_host: 2,
        }
    }
}

/// Which programs count as IMG-friendly (`img_friendly:` in `site.yaml`). A program whose
/// share of IMG residents is not published never counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImgFriendly {
    /// The least share of the program's residents who are international medical graduates,
    /// in tenths of a percent (30% is 300; at most 1000), as program shares are compared.
    pub min_img_tenths: u16,
    /// Whether the program must also sponsor a visa.
    pub visa: VisaRule,
}

/// What `img_friendly:` asks of a program's visas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisaRule {
    /// Nothing: IMGs who are US citizens or permanent residents need no visa.
    Any,
    /// The program sponsors at least one visa.
    Sponsors,
}

impl VisaRule {
    /// The value as `site.yaml` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::Sponsors => "sponsors",
        }
    }
}

/// Site search (`search:` in `site.yaml`): the index the build writes (`src/search.rs`), and
/// the search page and box that use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "four independent switches of site.yaml: search on or off, and each kind indexed or not"
)]
pub struct Search {
    /// Whether the site has search at all.
    pub enabled: bool,
    /// Guides are indexed, with their headings as sub-results.
    pub guides: bool,
    /// Plain pages (an about page) are indexed.
    pub pages: bool,
    /// Programs are indexed as compact records.
    pub programs: bool,
}

impl Default for Search {
    fn default() -> Self {
        Self {
            enabled: true,
            guides: true,
            pages: true,
            programs: true,
        }
    }
}

impl Search {
    /// Whether anything is indexed.
    pub fn indexes_anything(self) -> bool {
        self.enabled && (self.guides || self.pages || self.programs)
    }
}

impl Default for ImgFriendly {
    fn default() -> Self {
        Self {
            min_img_tenths: 300,
            visa: VisaRule::Any,
        }
    }
}

impl Config {
    /// The path part of `base_url` (`/` or `/sub/`), for clean links.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

/// Parse and resolve `site.yaml`; `base_url` overrides the file's value (`--base-url`).
/// Always gives a configuration: values that fail take their defaults, and the problems are
/// returned beside it.
pub fn parse(text: &str, base_url: Option<&str>) -> (Config, Vec<Diagnostic>) {
    let path = Path::new(CONFIG_FILE);
    let origin = Origin {
        path,
        line_offset: 0,
    };
    let fallback_url = base_url.unwrap_or("http://localhost/");
    let tree = match yaml::parse_tree(text, origin, Code::ConfigSyntax) {
        Ok(tree) => tree,
        Err(d) => return (Config::fallback(fallback_url), vec![d]),
    };
    let mut checker = Checker::new(path, text, Codes::CONFIG);
    let Some(fields) = checker.fields(&tree, "site.yaml", &KEYS) else {
        return (Config::fallback(fallback_url), checker.problems);
    };
    checker.require(&tree, &fields, &["title", "base_url"], "site.yaml");
    let title = checker
        .required_text(fields.get("title"), "title")
        .unwrap_or_default();
    let text_of = |checker: &mut Checker<'_>, key: &str| {
        checker
            .optional_text(fields.get(key), key)
            .unwrap_or_default()
    };
    let description = text_of(&mut checker, "description");
    let author = text_of(&mut checker, "author");
    let data_notice = text_of(&mut checker, "data_notice");
    let language = checker
        .optional_text(fields.get("language"), "language")
        .unwrap_or_else(|| "en".to_string());
    let mut theme = checker
        .optional_text(fields.get("theme"), "theme")
        .unwrap_or_else(|| DEFAULT_THEME.to_string());
    if let Some(node) = fields.get("theme")
        && !is_folder_name(&theme)
    {
        checker.invalid(
            node,
            format!("theme must be the name of a folder in themes/, found `{theme}`"),
            "put the theme in themes/NAME/ and write `theme: NAME`",
        );
        theme = DEFAULT_THEME.to_string();
    }
    let theme_location = fields.get("theme").map(|node| checker.at(node));

    let written_url = checker.required_text(fields.get("base_url"), "base_url");
    let base_url = match (base_url, written_url) {
        (Some(url), _) => url.to_string(),
        (None, Some(url)) => {
            let ok = (url.starts_with("https://") || url.starts_with("http://"))
                && url.split_once("://").is_some_and(|(_, r)| !r.is_empty());
            if ok {
                url
            } else {
                if let Some(node) = fields.get("base_url") {
                    checker.invalid(
                        node,
                        format!("base_url must be an absolute http(s) URL, found `{url}`"),
                        "for example `base_url: https://example.org/`",
                    );
                }
                fallback_url.to_string()
            }
        }
        (None, None) => fallback_url.to_string(),
    };
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };

    let paginate_by = positive(&mut checker, fields.get("paginate_by"), "paginate_by", 10);
    let feed_limit = positive(&mut checker, fields.get("feed_limit"), "feed_limit", 20);
    let link_style = match checker
        .choice(
            fields.get("link_style"),
            "link_style",
            &["portable", "clean"],
            "`portable` works from disk and any host; `clean` needs a server",
        )
        .as_deref()
    {
        Some("clean") => LinkStyle::Clean,
        _ => LinkStyle::Portable,
    };
    let menu = menu(&mut checker, fields.get("menu"));
    let link_check = link_check(&mut checker, fields.get("link_check"));
    let img_friendly = img_friendly(&mut checker, fields.get("img_friendly"));
    let search = search(&mut checker, fields.get("search"));
    let review = review(&mut checker, fields.get("review"));
    let contact = contact(&mut checker, fields.get("contact"));
    let diagnostics = policy(&mut checker, fields.get("diagnostics"));

    let mut problems = checker.problems;
    problems.sort();
    let config = Config {
        title,
        description,
        base_url,
        language,
        author,
        theme,
        theme_location,
        paginate_by,
        link_style,
        feed_limit,
        menu,
        data_notice,
        link_check,
        img_friendly,
        search,
        review,
        contact,
        diagnostics,
        today: build_date(),
    };
    (config, problems)
}

impl Config {
    /// The configuration of a `site.yaml` that cannot be read, so the rest of the site can
    /// still be checked.
    fn fallback(base_url: &str) -> Self {
        Self {
            title: String::new(),
            description: String::new(),
            base_url: if base_url.ends_with('/') {
                base_url.to_string()
            } else {
                format!("{base_url}/")
            },
            language: "en".to_string(),
            author: String::new(),
            theme: DEFAULT_THEME.to_string(),
            theme_location: None,
            paginate_by: 10,
            link_style: LinkStyle::Portable,
            feed_limit: 20,
            menu: Vec::new(),
            data_notice: String::new(),
            link_check: LinkCheck::default(),
            img_friendly: ImgFriendly::default(),
            search: Search::default(),
            review: ReviewPolicy::default(),
            contact: Contact::default(),
            diagnostics: Policy::default(),
            today: build_date(),
        }
    }
}

/// The date a build runs: `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when it is set and
/// valid, else today's date in UTC.
pub fn build_date() -> Date {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|seconds| Date::from_unix_days(seconds.div_euclid(86_400)))
        .unwrap_or_else(Date::today)
}

/// The fields of the mapping `node` of `site.yaml` named `name`, with its known `keys`; `None`
/// when it is not given, null, or not a mapping (reported).
fn mapping<'n>(
    checker: &mut Checker<'_>,
    node: Option<&'n Node>,
    name: &str,
    keys: &[&'static str],
) -> Option<Fields<'n>> {
    let node = node.filter(|n| n.value != Value::Null)?;
    checker.fields(node, name, keys)
}

/// `review:`, a mapping of `max_age_months`.
fn review(checker: &mut Checker<'_>, node: Option<&Node>) -> ReviewPolicy {
    let defaults = ReviewPolicy::default();
    let Some(fields) = mapping(checker, node, "review", &REVIEW_KEYS) else {
        return defaults;
    };
    let max_age_months = checker
        .number(
            fields.get("max_age_months"),
            "max_age_months",
            0,
            1200,
            "months a review stays current, for example `max_age_months: 12`; 0 never warns",
        )
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(defaults.max_age_months);
    ReviewPolicy { max_age_months }
}

/// `contact:`, a mapping of `email` and `issue_url`.
fn contact(checker: &mut Checker<'_>, node: Option<&Node>) -> Contact {
    let Some(fields) = mapping(checker, node, "contact", &CONTACT_KEYS) else {
        return Contact::default();
    };
    let email = checker
        .optional_text(fields.get("email"), "email")
        .filter(|email| {
            let valid = email.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
            }) && !email.contains(|c: char| c.is_whitespace() || "<>?&\"".contains(c));
            if !valid && let Some(at) = fields.get("email") {
                checker.invalid(
                    at,
                    format!("`email` must be an email address, found `{email}`"),
                    "for example `email: editors@example.org`",
                );
            }
            valid
        });
    let issue_url = fields
        .get("issue_url")
        .filter(|node| node.value != Value::Null)
        .and_then(|node| {
            checker.http_url(
                node,
                "issue_url",
                "for example `issue_url: https://github.com/OWNER/REPO/issues/new`",
            )
        });
    Contact { email, issue_url }
}

/// `link_check:`, a mapping of `skip`, `cache_hours`, `timeout_secs` and `per_host`.
fn link_check(checker: &mut Checker<'_>, node: Option<&Node>) -> LinkCheck {
    let defaults = LinkCheck::default();
    let Some(fields) = mapping(checker, node, "link_check", &LINK_CHECK_KEYS) else {
        return defaults;
    };
    let skip = checker
        .text_list(fields.get("skip"), "skip")
        .unwrap_or_default()
        .into_iter()
        .map(|(pattern, _)| pattern)
        .collect();
    let number = |checker: &mut Checker<'_>, key: &str, min: i64, max: i64, hint: &str| {
        checker
            .number(fields.get(key), key, min, max, hint)
            .and_then(|n| u64::try_from(n).ok())
    };
    LinkCheck {
        skip,
        cache_hours: number(
            checker,
            "cache_hours",
            0,
            8760,
            "hours a result is kept; 0 checks every time",
        )
        .unwrap_or(defaults.cache_hours),
        timeout_secs: number(
            checker,
            "timeout_secs",
            1,
            300,
            "seconds one request may take",
        )
        .unwrap_or(defaults.timeout_secs),
        per_host: number(checker, "per_host", 1, 16, "requests to one host at a time")
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(defaults.per_host),
    }
}

/// `img_friendly:`, a mapping of `min_img_pct` and `visa`.
fn img_friendly(checker: &mut Checker<'_>, node: Option<&Node>) -> ImgFriendly {
    let defaults = ImgFriendly::default();
    let Some(fields) = mapping(checker, node, "img_friendly", &IMG_FRIENDLY_KEYS) else {
        return defaults;
    };
    let min_img_tenths = checker
        .tenths(
            fields.get("min_img_pct"),
            "min_img_pct",
            0,
            100,
            "the least share of a program's residents who are IMGs, in percent, such as `min_img_pct: 30`",
        )
        .and_then(|t| u16::try_from(t).ok())
        .unwrap_or(defaults.min_img_tenths);
    let visa = match checker
        .choice(
            fields.get("visa"),
            "visa",
            &["any", "sponsors"],
            "`any` counts IMGs who need no visa too; `sponsors` also asks that the program sponsor a visa",
        )
        .as_deref()
    {
        Some("sponsors") => VisaRule::Sponsors,
        Some(_) => VisaRule::Any,
        None => defaults.visa,
    };
    ImgFriendly {
        min_img_tenths,
        visa,
    }
}

/// `search:`, a mapping of `enabled` and `index` (a list of `guides`, `pages`, `programs`).
fn search(checker: &mut Checker<'_>, node: Option<&Node>) -> Search {
    let defaults = Search::default();
    let Some(fields) = mapping(checker, node, "search", &SEARCH_KEYS) else {
        return defaults;
    };
    let enabled = checker
        .flag(fields.get("enabled"), "enabled")
        .unwrap_or(defaults.enabled);
    let Some(list) = checker.list(fields.get("index"), "index") else {
        return Search {
            enabled,
            ..defaults
        };
    };
    let mut out = Search {
        enabled,
        guides: false,
        pages: false,
        programs: false,
    };
    for item in list {
        match checker
            .choice(
                Some(item),
                "index",
                &SEARCH_KINDS,
                "the search index takes `guides`, `pages` and `programs`",
            )
            .as_deref()
        {
            Some("guides") => out.guides = true,
            Some("pages") => out.pages = true,
            Some("programs") => out.programs = true,
            _ => {}
        }
    }
    out
}

/// `diagnostics:`, a mapping from a code or a family of codes (`front-matter/`) to `error`,
/// `warning` or `ignore`.
fn policy(checker: &mut Checker<'_>, node: Option<&Node>) -> Policy {
    let Some(node) = node.filter(|n| n.value != Value::Null) else {
        return Policy::default();
    };
    let Value::Map(entries) = &node.value else {
        checker.wrong_type(
            node,
            format!(
                "`diagnostics` must be a mapping of codes to severities, found {}",
                node.kind()
            ),
            "write one line per code under it, such as `  front-matter/unknown-key: ignore`",
        );
        return Policy::default();
    };
    let mut rules: Vec<(Selector, Level)> = Vec::new();
    let mut seen: Vec<(String, Location)> = Vec::new();
    for (key, value) in entries {
        let Some(name) = checker.text(key, "diagnostics") else {
            if key.value == Value::Null {
                checker.invalid(
                    key,
                    "a line of `diagnostics` names no code".to_string(),
                    "write a code or a family of codes before the colon, such as `link/broken: warning`",
                );
            }
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
            let first = first.clone();
            checker.problems.push(
                Diagnostic::new(
                    Code::ConfigDuplicateKey,
                    checker.at(key),
                    format!("`{name}` is given twice in `diagnostics`"),
                )
                .with_hint("keep one of the two lines; the first one is used")
                .with_related(first, "first given here"),
            );
            continue;
        }
        seen.push((name.clone(), checker.at(key)));
        let Some(selector) = Selector::parse(&name) else {
            let families = Code::ALL
                .iter()
                .filter_map(|c| c.as_str().split_once('/').map(|(f, _)| format!("{f}/")));
            let candidates: Vec<String> = Code::ALL
                .iter()
                .map(|c| c.as_str().to_string())
                .chain(families)
                .collect();
            let hint = match did_you_mean(&name, candidates.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name a code of the README's list (`link/broken`) or a family of codes ending in `/` (`front-matter/`)".to_string(),
            };
            checker.invalid(
                key,
                format!("`{name}` is not a diagnostic code or a family of codes"),
                hint,
            );
            continue;
        };
        let Some(level) = checker
            .choice(
                Some(value),
                &name,
                &Level::NAMES,
                "`error` fails the build, `warning` reports and builds, `ignore` does not report",
            )
            .and_then(|l| Level::parse(&l))
        else {
            continue;
        };
        let covered = Code::ALL.iter().filter(|c| selector.covers(**c));
        let (adjustable, fixed): (Vec<Code>, Vec<Code>) = covered.partition(|c| c.adjustable());
        let covers_adjustable = !adjustable.is_empty();
        let fixed: Vec<&str> = fixed.iter().map(|c| c.as_str()).collect();
        if level != Level::Error && !covers_adjustable {
            checker.invalid(
                value,
                format!(
                    "`{name}` is always an error: {} cannot be lowered",
                    fixed.join(", ")
                ),
                "without a readable site.yaml, its theme and templates, or with a static file over a page, no sound site can be built",
            );
            continue;
        }
        rules.push((selector, level));
    }
    Policy::new(rules)
}

/// The main menu: a list of `{ title, path }`.
fn menu(checker: &mut Checker<'_>, node: Option<&Node>) -> Vec<MenuItem> {
    let mut menu = Vec::new();
    for item in checker.list(node, "menu").unwrap_or_default() {
        let Some(fields) = checker.fields(item, "a menu entry", &["title", "path"]) else {
            continue;
        };
        checker.require(item, &fields, &["title", "path"], "this menu entry");
        let title = checker.required_text(fields.get("title"), "title");
        let path_node = fields.get("path");
        let path = checker.required_text(path_node, "path");
        if let (Some(title), Some(path), Some(node)) = (title, path, path_node) {
            let trimmed = path.trim_start_matches('/');
            let path = if trimmed.is_empty() || trimmed.ends_with('/') {
                trimmed.to_string()
            } else {
                format!("{trimmed}/")
            };
            menu.push(MenuItem {
                title,
                path,
                location: checker.at(node),
            });
        }
    }
    menu
}

fn positive(checker: &mut Checker<'_>, node: Option<&Node>, field: &str, default: usize) -> usize {
    let hint = format!("for example `{field}: {default}`");
    match node {
        Some(n) if matches!(n.value, Value::Int(i) if i <= 0) => {
            let found = n.raw(checker.yaml).unwrap_or("0").to_string();
            checker.invalid(
                n,
                format!("{field} must be a whole number above 0, found {found}"),
                hint,
            );
            default
        }
        _ => checker
            .number(node, field, 1, 1_000_000, &hint)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(default),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_and_base_url_gets_a_slash() {
        let (config, problems) = parse("title: T\nbase_url: https://example.org/sub\n", None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.base_url, "https://example.org/sub/");
        assert_eq!(config.base_path(), "/sub/");
        assert_eq!(config.paginate_by, 10);
        assert_eq!(config.link_style, LinkStyle::Portable);
        assert_eq!(config.language, "en");
    }

    #[test]
    fn review_and_contact_are_read_and_their_bad_values_reported_at_their_place() {
        let (config, problems) = parse(
            "title: T\nbase_url: https://e.org\nreview:\n  max_age_months: 6\ncontact:\n  email: fix@e.org\n  issue_url: https://github.com/o/r/issues/new\n",
            None,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.review.max_age_months, 6);
        assert_eq!(config.contact.email.as_deref(), Some("fix@e.org"));
        assert!(config.contact.is_set());
        let (config, problems) = parse(
            "title: T\nbase_url: https://e.org\nreview:\n  max_age_months: -1\ncontact:\n  email: not an address\n  issue_url: github.com/o/r\n  phone: 1\n",
            None,
        );
        let places: Vec<(String, usize)> = problems
            .iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    d.location.as_ref().expect("located").line,
                )
            })
            .collect();
        assert_eq!(
            places,
            [
                ("config/invalid-value".to_string(), 4),
                ("config/invalid-value".to_string(), 6),
                ("config/invalid-value".to_string(), 7),
                ("config/unknown-key".to_string(), 8),
            ]
        );
        // What fails takes its default: 12 months, no contact.
        assert_eq!(config.review, ReviewPolicy::default());
        assert!(!config.contact.is_set());
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let (_, problems) = parse("title: T\nbase_url: https://e.org\npaginte_by: 3\n", None);
        assert_eq!(
            problems[0].to_string(),
            "error[config/unknown-key]: site.yaml:3:1: unknown key `paginte_by` in site.yaml\n  hint: did you mean `paginate_by`?"
        );
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let (config, problems) = parse(
            "title: T\nbase_url: example.org\npaginate_by: 0\nlink_style: pretty\nmenu: guides\n",
            None,
        );
        let lines: Vec<usize> = problems
            .iter()
            .map(|d| d.location.as_ref().expect("located").line)
            .collect();
        assert_eq!(lines, vec![2, 3, 4, 5]);
        assert_eq!(
            config.paginate_by, 10,
            "a value that fails takes its default"
        );
    }

    #[test]
    fn img_friendly_defaults_to_30_percent_whatever_the_visa() {
        let (config, problems) = parse("title: T\nbase_url: https://e.org\n", None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.img_friendly, ImgFriendly::default());
        assert_eq!(config.img_friendly.min_img_tenths, 300);
        assert_eq!(config.img_friendly.visa, VisaRule::Any);
        // An empty mapping, or a mapping with one key, keeps the other defaults.
        let (config, problems) = parse(
            "title: T\nbase_url: https://e.org\nimg_friendly:\n  visa: sponsors\n",
            None,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.img_friendly.visa, VisaRule::Sponsors);
        assert_eq!(config.img_friendly.min_img_tenths, 300);
        let (config, problems) = parse("title: T\nbase_url: https://e.org\nimg_friendly:\n", None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.img_friendly, ImgFriendly::default());
    }

    #[test]
    fn img_friendly_reads_its_share_and_visa_rule() {
        let (config, problems) = parse(
            "title: T\nbase_url: https://e.org\nimg_friendly:\n  min_img_pct: 27.5\n  visa: sponsors\n",
            None,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            config.img_friendly,
            ImgFriendly {
                min_img_tenths: 275,
                visa: VisaRule::Sponsors,
            }
        );
        let (config, problems) = parse(
            "title: T\nbase_url: https://e.org\nimg_friendly: {min_img_pct: 0, visa: any}\n",
            None,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.img_friendly.min_img_tenths, 0);
        assert_eq!(config.img_friendly.visa, VisaRule::Any);
    }

    #[test]
    fn img_friendly_values_that_fail_are_reported_at_their_place_and_take_the_default() {
        let (config, problems) = parse(
            "title: T\nbase_url: https://e.org\nimg_friendly:\n  min_img_pct: 130\n  visa: sponsor\n",
            None,
        );
        let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            vec![
                "error[config/invalid-value]: site.yaml:4:16: `min_img_pct` must be from 0 to 100, found 130\n  hint: the least share of a program's residents who are IMGs, in percent, such as `min_img_pct: 30`",
                "error[config/invalid-value]: site.yaml:5:9: `visa` must be `any` or `sponsors`; found `sponsor`\n  hint: did you mean `sponsors`?",
            ]
        );
        assert_eq!(config.img_friendly, ImgFriendly::default());

        let (_, problems) = parse(
            "title: T\nbase_url: https://e.org\nimg_friendly:\n  min_img_pct: thirty\n",
            None,
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, Code::ConfigWrongType);
        let at = problems[0].location.as_ref().expect("located");
        assert_eq!((at.line, at.col), (4, 16));

        let (_, problems) = parse(
            "title: T\nbase_url: https://e.org\nimg_friendly: 30\n",
            None,
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, Code::ConfigWrongType);
        assert_eq!(problems[0].location.as_ref().expect("located").line, 3);
    }

    #[test]
    fn a_theme_is_a_folder_name_in_themes_never_a_path() {
        for (theme, ok) in [
            ("fancy", true),
            ("my-theme.v2", true),
            ("../shared", false),
            ("a/b", false),
            ("..", false),
            (".", false),
            ("c:x", false),
        ] {
            let (config, problems) = parse(
                &format!("title: T\nbase_url: https://e.org\ntheme: \"{theme}\"\n"),
                None,
            );
            assert_eq!(problems.is_empty(), ok, "{theme}: {problems:?}");
            if !ok {
                assert_eq!(problems[0].code, Code::ConfigInvalidValue);
                assert_eq!(config.theme, DEFAULT_THEME);
            }
        }
    }

    #[test]
    fn an_unknown_img_friendly_key_suggests_the_right_one() {
        let (_, problems) = parse(
            "title: T\nbase_url: https://e.org\nimg_friendly:\n  min_imgs_pct: 40\n",
            None,
        );
        assert_eq!(
            problems[0].to_string(),
            "error[config/unknown-key]: site.yaml:4:3: unknown key `min_imgs_pct` in img_friendly\n  hint: did you mean `min_img_pct`?"
        );
    }

    #[test]
    fn broken_yaml_still_gives_a_configuration() {
        let (config, problems) = parse("title: [unclosed\n", None);
        assert_eq!(problems[0].code, Code::ConfigSyntax);
        assert_eq!(config.theme, "default");
    }
}
