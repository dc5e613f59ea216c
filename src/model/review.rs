//! Review checks: a page whose last review is older than the site allows (`review:
//! max_age_months` of `site.yaml`, against the build's date), and a guide that cites no sources
//! in a section that requires them (`sources_required: true` in a section's `_index.md`, which
//! its subsections inherit unless they say otherwise). Both are warnings by default: the page
//! is published as it is, and the editors learn what to revisit.

use super::{Date, Page, Section};
use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, Location};

/// The review problems of `pages`.
pub(super) fn check(config: &Config, sections: &[Section], pages: &[Page]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let max = config.review.max_age_months;
    for page in pages {
        if let Some((reviewed, at)) = &page.review.on
            && max > 0
            && config.today > add_months(*reviewed, max)
        {
            let months = months_between(*reviewed, config.today);
            problems.push(
                Diagnostic::new(
                    Code::ReviewStale,
                    at.clone(),
                    format!(
                        "this page was last reviewed on {}, {months} months ago; the site asks for a review every {max} months",
                        reviewed.long()
                    ),
                )
                .with_hint(
                    "check the page against its sources, then set `last_reviewed:` to the day of the review (and `updated:` if anything changed); `review: max_age_months` in site.yaml sets the age",
                ),
            );
        }
        if page.sources.is_empty()
            && page.kind == super::PageKind::Guide
            && let Some(by) = requiring_section(sections, page.section)
        {
            problems.push(
                Diagnostic::new(
                    Code::ReviewMissingSources,
                    Location::file(&page.source),
                    "this guide cites no sources, and its section requires them",
                )
                .with_hint(
                    "list the official pages its facts come from under `sources:`, each as `- { title: ..., url: https://..., accessed: YYYY-MM-DD }`",
                )
                .with_related(
                    Location::file(&sections[by].source),
                    "`sources_required: true` is set here",
                ),
            );
        }
    }
    problems
}

/// The section, from `index` up, whose `sources_required: true` applies to `index`; `None`
/// when the nearest section that says anything says `false`, or none does.
fn requiring_section(sections: &[Section], index: usize) -> Option<usize> {
    let mut at = Some(index);
    // A section's parent is always another section: the walk ends at home. Bounded anyway.
    for _ in 0..=sections.len() {
        let i = at?;
        match sections[i].sources_required {
            Some(true) => return Some(i),
            Some(false) => return None,
            None => at = sections[i].parent,
        }
    }
    None
}

/// `date` plus `months` months, on the same day of the month or the month's last day.
fn add_months(date: Date, months: u32) -> Date {
    let total = u32::from(date.year) * 12 + u32::from(date.month) - 1 + months;
    let year = u16::try_from(total / 12).unwrap_or(u16::MAX);
    let month = u8::try_from(total % 12 + 1).unwrap_or(12);
    let first = Date {
        year,
        month,
        day: 1,
    };
    Date {
        day: date.day.min(first.days_in_month()),
        ..first
    }
}

/// Whole months from `from` to `to` (0 when `to` is not later).
fn months_between(from: Date, to: Date) -> u32 {
    let index = |d: Date| i64::from(d.year) * 12 + i64::from(d.month);
    let mut months = index(to) - index(from);
    if to.day < from.day {
        months -= 1;
    }
    u32::try_from(months.max(0)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a valid date")
    }

    #[test]
    fn months_are_added_on_the_same_day_or_the_last_of_a_shorter_month() {
        assert_eq!(add_months(date("2025-12-01"), 12), date("2026-12-01"));
        assert_eq!(add_months(date("2025-01-31"), 1), date("2025-02-28"));
        assert_eq!(add_months(date("2024-01-31"), 1), date("2024-02-29"));
        assert_eq!(add_months(date("2025-11-15"), 3), date("2026-02-15"));
        assert_eq!(add_months(date("2025-03-10"), 0), date("2025-03-10"));
    }

    #[test]
    fn whole_months_between_two_dates() {
        assert_eq!(months_between(date("2025-12-01"), date("2026-12-01")), 12);
        assert_eq!(months_between(date("2025-12-02"), date("2026-12-01")), 11);
        assert_eq!(months_between(date("2024-06-30"), date("2026-12-01")), 29);
        assert_eq!(months_between(date("2027-01-01"), date("2026-12-01")), 0);
    }
}
