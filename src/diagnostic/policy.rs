//! The site's choice of severities (`diagnostics:` in `site.yaml`): a code, or a family of codes
//! written as a prefix (`front-matter/`), made an error, a warning, or ignored. The most precise
//! rule wins: a code over its family. Codes whose downgrade would publish a wrong site (a
//! template that does not load, `site.yaml` that cannot be read) stay errors whatever the site
//! says; `Code::adjustable` names them.

use super::{Code, Diagnostic, Severity};

/// What the site wants done with a code's diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Fail the build.
    Error,
    /// Report, and build.
    Warning,
    /// Do not report (what a problem leaves out of the site is still listed).
    Ignore,
}

impl Level {
    /// The words `site.yaml` accepts.
    pub const NAMES: [&'static str; 3] = ["error", "warning", "ignore"];

    /// The level written as `text`.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "error" => Self::Error,
            "warning" => Self::Warning,
            "ignore" => Self::Ignore,
            _ => return None,
        })
    }
}

/// What a rule of `diagnostics:` applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// One code.
    Code(Code),
    /// Every adjustable code of a family, written with its slash (`link/`).
    Family(String),
}

impl Selector {
    /// Read a key of `diagnostics:`: a code or a family (`front-matter/`, or `front-matter`).
    pub fn parse(text: &str) -> Option<Self> {
        if let Some(code) = Code::parse(text) {
            return Some(Self::Code(code));
        }
        let family = if text.ends_with('/') {
            text.to_string()
        } else {
            format!("{text}/")
        };
        Code::ALL
            .iter()
            .any(|c| c.as_str().starts_with(&family))
            .then_some(Self::Family(family))
    }

    /// Whether the rule applies to `code`.
    pub fn covers(&self, code: Code) -> bool {
        match self {
            Self::Code(c) => *c == code,
            Self::Family(family) => code.as_str().starts_with(family.as_str()),
        }
    }

    /// How precise the rule is: a code beats its family.
    fn precision(&self) -> usize {
        match self {
            Self::Code(_) => usize::MAX,
            Self::Family(family) => family.len(),
        }
    }
}

/// The site's severities: its rules, in any order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    rules: Vec<(Selector, Level)>,
}

impl Policy {
    /// A policy of `rules`.
    pub fn new(rules: Vec<(Selector, Level)>) -> Self {
        Self { rules }
    }

    /// Whether the site changes no severity.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// What the site wants for `code`: its most precise rule, else the code's default. A code
    /// that is not adjustable is an error when the site lowers it.
    pub fn level(&self, code: Code) -> Level {
        let chosen = self
            .rules
            .iter()
            .filter(|(selector, _)| selector.covers(code))
            .max_by_key(|(selector, _)| selector.precision())
            .map(|(_, level)| *level);
        match chosen {
            Some(level) if code.adjustable() || level == Level::Error => level,
            _ => match code.default_severity() {
                Severity::Error => Level::Error,
                Severity::Warning => Level::Warning,
            },
        }
    }

    /// `diagnostics` with the site's severities: each takes its code's level, and ignored ones
    /// are dropped. Returns how many were dropped.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) -> usize {
        if self.rules.is_empty() {
            return 0;
        }
        let before = diagnostics.len();
        diagnostics.retain_mut(|d| match self.level(d.code) {
            Level::Error => {
                d.severity = Severity::Error;
                true
            }
            Level::Warning => {
                d.severity = Severity::Warning;
                true
            }
            Level::Ignore => false,
        });
        before - diagnostics.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    fn d(code: Code) -> Diagnostic {
        Diagnostic::new(code, Location::file("content/a.md"), "x")
    }

    #[test]
    fn the_most_precise_rule_wins_and_fixed_codes_stay_errors() {
        let policy = Policy::new(vec![
            (Selector::Family("front-matter/".into()), Level::Warning),
            (
                Selector::parse("front-matter/syntax").expect("a code"),
                Level::Error,
            ),
            (Selector::parse("link").expect("a family"), Level::Ignore),
            (
                Selector::parse("template/syntax").expect("a code"),
                Level::Warning,
            ),
            (
                Selector::parse("markdown/h1").expect("a code"),
                Level::Error,
            ),
        ]);
        assert_eq!(policy.level(Code::FrontMatterUnknownKey), Level::Warning);
        assert_eq!(policy.level(Code::FrontMatterSyntax), Level::Error);
        assert_eq!(policy.level(Code::LinkBroken), Level::Ignore);
        assert_eq!(policy.level(Code::TemplateSyntax), Level::Error, "fixed");
        assert_eq!(policy.level(Code::MarkdownHeading1), Level::Error, "raised");
        assert_eq!(policy.level(Code::ProgramDuplicateId), Level::Error);
        let mut found = vec![
            d(Code::LinkBroken),
            d(Code::FrontMatterInvalidDate),
            d(Code::MarkdownHeading1),
        ];
        assert_eq!(policy.apply(&mut found), 1);
        let kept: Vec<(Code, Severity)> = found.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            kept,
            vec![
                (Code::FrontMatterInvalidDate, Severity::Warning),
                (Code::MarkdownHeading1, Severity::Error)
            ]
        );
    }

    #[test]
    fn selectors_name_codes_or_families_that_exist() {
        assert_eq!(
            Selector::parse("link/broken"),
            Some(Selector::Code(Code::LinkBroken))
        );
        assert_eq!(
            Selector::parse("program/"),
            Some(Selector::Family("program/".into()))
        );
        assert_eq!(Selector::parse("progam/"), None);
        assert_eq!(Selector::parse("link/brok"), None);
        assert_eq!(Selector::parse(""), None);
    }
}
