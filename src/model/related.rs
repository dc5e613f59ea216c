//! Related guides: for each guide, the few others that share the most with it.

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::{Date, Page, PageKind};

/// A hash of everything `related_guides` reads, in page order.
pub(super) fn related_key(pages: &[Page]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for page in pages {
        hasher.update(page.rel.as_bytes());
        hasher.update(&[0, u8::from(page.kind == PageKind::Guide)]);
        hasher.update(page.title.as_bytes());
        hasher.update(&[0]);
        for list in [&page.tags, &page.specialties] {
            for item in list {
                hasher.update(item.as_bytes());
                hasher.update(&[0]);
            }
            hasher.update(&[1]);
        }
        hasher.update(&page.section.to_le_bytes());
        let date = page.date.map_or(String::new(), Date::iso);
        hasher.update(date.as_bytes());
        hasher.update(&[0]);
    }
    hasher.digest()
}

/// How many of the newest guides of each tag, specialty and section are related candidates.
const RELATED_POOL: usize = 400;

/// For each guide, up to three others: shared tags count 2, shared specialties 1, then same
/// section 1; ties go to the newer, then to the title. Candidates come from indexes by tag,
/// specialty and section, so the cost follows what guides share, not the square of their number.
pub(super) fn related_guides(pages: &[Page]) -> Vec<Vec<usize>> {
    let mut by_tag: HashMap<&str, Vec<usize>> = HashMap::default();
    let mut by_specialty: HashMap<&str, Vec<usize>> = HashMap::default();
    let mut by_section: HashMap<usize, Vec<usize>> = HashMap::default();
    for (i, page) in pages.iter().enumerate() {
        if page.kind != PageKind::Guide {
            continue;
        }
        for tag in &page.tags {
            by_tag.entry(tag.as_str()).or_default().push(i);
        }
        for specialty in &page.specialties {
            by_specialty.entry(specialty.as_str()).or_default().push(i);
        }
        by_section.entry(page.section).or_default().push(i);
    }
    // Broad tags and sections hold most of a large site: scoring every member of each would
    // make the work grow with the square of the guides. Each list is ordered newest first and
    // only its newest `RELATED_POOL` members are candidates, which keeps large sites linear and
    // changes nothing for lists shorter than that.
    let newest_first = |list: &mut Vec<usize>| {
        list.sort_by(|&a, &b| {
            pages[b]
                .date
                .cmp(&pages[a].date)
                .then_with(|| pages[a].title.cmp(&pages[b].title))
                .then_with(|| pages[a].rel.cmp(&pages[b].rel))
        });
        list.truncate(RELATED_POOL);
    };
    by_tag.values_mut().for_each(newest_first);
    by_specialty.values_mut().for_each(newest_first);
    by_section.values_mut().for_each(newest_first);
    // Is candidate `a` (with its score) a better match than `b`?
    let better = |(a, sa): (usize, u32), (b, sb): (usize, u32)| {
        sb.cmp(&sa)
            .then_with(|| pages[b].date.cmp(&pages[a].date))
            .then_with(|| pages[a].title.cmp(&pages[b].title))
            .then_with(|| pages[a].rel.cmp(&pages[b].rel))
            .is_lt()
    };
    pages
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u32; pages.len()], Vec::new()),
            |(scores, touched), (i, page)| {
                if page.kind != PageKind::Guide {
                    return Vec::new();
                }
                let lists = page
                    .tags
                    .iter()
                    .map(|t| (2, &by_tag[t.as_str()]))
                    .chain(
                        page.specialties
                            .iter()
                            .map(|s| (1, &by_specialty[s.as_str()])),
                    )
                    .chain(std::iter::once((1, &by_section[&page.section])));
                for (weight, list) in lists {
                    for &j in list {
                        if j != i {
                            if scores[j] == 0 {
                                touched.push(j);
                            }
                            scores[j] += weight;
                        }
                    }
                }
                let mut best: Vec<(usize, u32)> = Vec::with_capacity(4);
                for &j in touched.iter() {
                    let candidate = (j, scores[j]);
                    let at = best
                        .iter()
                        .position(|&b| better(candidate, b))
                        .unwrap_or(best.len());
                    if at < 3 {
                        best.insert(at, candidate);
                        best.truncate(3);
                    }
                    scores[j] = 0;
                }
                touched.clear();
                best.into_iter().map(|(j, _)| j).collect()
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::model::build;
    use crate::source::SourceFile;

    fn source(rel: &str, front: &str) -> SourceFile {
        let text = format!("---\n{front}\n---\n\nBody.\n");
        SourceFile::of_text(rel, text)
    }

    #[test]
    fn related_guides_prefer_shared_tags_then_specialties_then_section_then_newer() {
        let (config, problems) = crate::config::parse("title: T\nbase_url: https://e.org/\n", None);
        assert!(problems.is_empty(), "{problems:?}");
        let files = [
            source(
                "guides/a/me.md",
                "title: Me\ntags: [visas, eras]\nspecialties: [im]",
            ),
            // Two shared tags: 4.
            source(
                "guides/b/two-tags.md",
                "title: Two tags\ntags: [visas, eras]\ndate: 2020-01-01",
            ),
            // One shared tag and the specialty: 3; the newer of two such wins the tie.
            source(
                "guides/b/old.md",
                "title: Old\ntags: [visas]\nspecialties: [im]\ndate: 2021-01-01",
            ),
            source(
                "guides/b/new.md",
                "title: New\ntags: [eras]\nspecialties: [im]\ndate: 2022-01-01",
            ),
            // Same section only: 1.
            source(
                "guides/a/neighbour.md",
                "title: Neighbour\ndate: 2026-01-01",
            ),
            // Nothing shared.
            source("guides/c/stranger.md", "title: Stranger\ntags: [match]"),
            source("about.md", "title: About\ntags: [visas, eras]"),
        ];
        let built = build(config, &files, Arc::default(), false);
        assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
        let pages = &built.site.pages;
        let me = pages.iter().find(|p| p.title == "Me").expect("me");
        let titles: Vec<&str> = me
            .related
            .iter()
            .map(|&i| pages[i].title.as_str())
            .collect();
        assert_eq!(titles, vec!["Two tags", "New", "Old"]);
        let stranger = pages
            .iter()
            .find(|p| p.title == "Stranger")
            .expect("stranger");
        assert!(
            stranger.related.is_empty(),
            "plain pages and strangers are never related"
        );
    }
}
