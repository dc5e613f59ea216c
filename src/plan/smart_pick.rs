//! `/smart-pick/`: the page that ranks programs against an applicant's profile in the browser.
//! It owns its job (planned only when the directory has a published program), its template and
//! its context: the specialties with programs (with their reference scores and list advice),
//! the states and regions and the program types present, and the same as JSON for the page's
//! script. The programs themselves come from `/programs/<specialty>.json`; nothing here ranks.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use super::{Content, Planner, What};
use crate::model::{ListAdvice, ProgramType, ScoreReference, Site, specialty_path};
use crate::states::{self, Region};

/// The site path of the page.
pub(super) const PATH: &str = "smart-pick/";

/// The page's job, when the directory has a published program: (path, source, template, what).
pub(super) fn describe(site: &Site) -> Option<(String, PathBuf, Option<&'static str>, What)> {
    (!site.directory.programs.is_empty()).then(|| {
        (
            format!("{PATH}index.html"),
            PathBuf::from(crate::source::SPECIALTIES_FILE),
            Some("smart_pick.html"),
            What::SmartPick,
        )
    })
}

#[derive(Serialize)]
struct SmartPick<'a> {
    programs: usize,
    directory_href: String,
    base_url: &'a str,
    specialties: Vec<SpecialtyEntry<'a>>,
    states: Vec<StateEntry>,
    regions: Vec<RegionEntry>,
    types: Vec<TypeEntry>,
}

#[derive(Serialize)]
struct SpecialtyEntry<'a> {
    slug: &'a str,
    name: &'a str,
    acgme_code: &'a str,
    href: String,
    json_href: String,
    programs: usize,
    reference: Option<&'a ScoreReference>,
    list_advice: Option<&'a ListAdvice>,
}

#[derive(Serialize)]
struct StateEntry {
    code: String,
    name: String,
    /// A key of `regions`, or `other` for a code the table does not know.
    region: &'static str,
}

#[derive(Serialize)]
struct RegionEntry {
    key: &'static str,
    name: &'static str,
    states: Vec<String>,
}

#[derive(Serialize)]
struct TypeEntry {
    key: ProgramType,
    label: &'static str,
}

/// Program types in the order the page offers them.
const TYPES: [ProgramType; 5] = [
    ProgramType::University,
    ProgramType::CommunityUniversity,
    ProgramType::Community,
    ProgramType::Military,
    ProgramType::Other,
];

/// A state by its USPS code; a code the table does not know is its own name, in no region.
fn state_entry(code: &str) -> StateEntry {
    match states::find(code) {
        Some(s) => StateEntry {
            code: code.to_string(),
            name: s.name.to_string(),
            region: s.region.key(),
        },
        None => StateEntry {
            code: code.to_string(),
            name: code.to_string(),
            region: "other",
        },
    }
}

fn context<'a>(planner: &Planner<'a>, from: &str) -> SmartPick<'a> {
    let site = planner.site;
    let directory = &site.directory;
    let mut specialties: Vec<SpecialtyEntry<'a>> = directory
        .specialties
        .iter()
        .filter(|s| !s.programs.is_empty())
        .map(|s| SpecialtyEntry {
            slug: &s.slug,
            name: &s.name,
            acgme_code: &s.acgme_code,
            href: planner.linker.href(from, &specialty_path(&s.slug)),
            json_href: planner
                .linker
                .href(from, &format!("programs/{}.json", s.slug)),
            programs: s.programs.len(),
            reference: s.matched_img_step2_ck.as_ref(),
            list_advice: s.list_advice.as_ref(),
        })
        .collect();
    // As the directory lists them: by name, whatever its case.
    specialties.sort_by_cached_key(|s| s.name.to_lowercase());

    let codes: BTreeSet<&str> = directory
        .programs
        .iter()
        .map(|p| p.state.as_str())
        .collect();
    let mut states: Vec<StateEntry> = codes.iter().map(|&code| state_entry(code)).collect();
    states.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code)));
    let regions: Vec<RegionEntry> = Region::ALL
        .iter()
        .map(|&region| RegionEntry {
            key: region.key(),
            name: region.name(),
            states: states
                .iter()
                .filter(|s| s.region == region.key())
                .map(|s| s.code.clone())
                .collect(),
        })
        .filter(|r| !r.states.is_empty())
        .collect();
    let present: BTreeSet<usize> = directory
        .programs
        .iter()
        .filter_map(|p| p.program_type)
        .filter_map(|t| TYPES.iter().position(|&k| k == t))
        .collect();
    let types = present
        .into_iter()
        .map(|i| TypeEntry {
            key: TYPES[i],
            label: TYPES[i].label(),
        })
        .collect();

    SmartPick {
        programs: directory.programs.len(),
        directory_href: planner.linker.href(from, "programs/"),
        base_url: &site.config.base_url,
        specialties,
        states,
        regions,
        types,
    }
}

pub(super) fn page(planner: &Planner<'_>) -> Content {
    let from = PATH;
    let mut common = planner.common(
        from,
        "Smart Pick",
        "Rank residency programs against your own profile, privately, in your browser.",
    );
    common.breadcrumbs = planner.breadcrumbs(from, Some(0));
    let smart_pick = context(planner, from);
    let json = serde_json::to_value(&smart_pick).unwrap_or_default();
    let mut ctx = planner.context(&common);
    ctx.insert("smart_pick", &smart_pick);
    ctx.insert("smart_pick_json", &super::script_json(&json));
    Planner::template("smart_pick.html", ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_has_its_name_and_region_and_an_unknown_code_is_its_own_name() {
        let pr = state_entry("PR");
        assert_eq!(
            (pr.name.as_str(), pr.region),
            ("Puerto Rico", "territories")
        );
        let dc = state_entry("DC");
        assert_eq!(
            (dc.name.as_str(), dc.region),
            ("District of Columbia", "south")
        );
        let unknown = state_entry("ZZ");
        assert_eq!((unknown.name.as_str(), unknown.region), ("ZZ", "other"));
    }
}
