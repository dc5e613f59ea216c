//! Program edits applied in place: which entries of a YAML program file an edit changed (see
//! `yaml::entries`), those entries read alone, and the model's programs replaced with what
//! they now say. For `serve`, where a save to one program of a file of two thousand must not
//! read the whole file, nor build the whole model, again. Only edits that leave the program
//! where it was (same ID, specialty, URL and place in the lists) and give no problem are
//! applied this way; anything else is `None`, and the caller builds the model again.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::programs::reparse_entry;
use super::{Directory, Program};
use crate::diagnostic::Location;
use crate::source::DataFile;
use crate::yaml::entries::{Entries, list_entries};

/// A YAML program file cut into its entries, with the program each gave (its index in the
/// directory), as the model was last built from it.
#[derive(Debug, Clone)]
pub struct FileEntries {
    entries: Entries,
    programs: Vec<Option<usize>>,
}

/// The entries of every YAML program file that has them, by path.
pub type ProgramEntries = FxHashMap<PathBuf, FileEntries>;

/// Cut each of `files` into its entries and find the program of each (the one whose place
/// lies in it), for `directory` built from those files.
pub fn program_entries(directory: &Directory, files: &[DataFile]) -> ProgramEntries {
    let mut lines: FxHashMap<&std::path::Path, Vec<(usize, usize)>> = FxHashMap::default();
    for (i, program) in directory.programs.iter().enumerate() {
        lines
            .entry(program.location.path.as_path())
            .or_default()
            .push((program.location.line, i));
    }
    files
        .par_iter()
        .filter_map(|file| {
            let entries = list_entries(&file.text, "programs")?;
            let mut by_line = lines.get(file.path.as_path()).cloned().unwrap_or_default();
            by_line.sort_unstable();
            let programs = entries
                .entries
                .iter()
                .map(|entry| {
                    let from = by_line.partition_point(|&(line, _)| line < entry.line);
                    by_line
                        .get(from)
                        .filter(|&&(line, _)| line < entry.line + entry.lines)
                        .map(|&(_, i)| i)
                })
                .collect();
            Some((file.path.clone(), FileEntries { entries, programs }))
        })
        .collect()
}

/// What an edit of one program file changed: the programs to replace, by index, and the
/// file's entries now.
#[derive(Debug)]
pub struct Reparsed {
    replaced: Vec<(usize, Program)>,
    /// The programs of the file's other entries, with how many lines they moved.
    moved: Vec<(usize, isize)>,
    /// The file's entries now.
    entries: FileEntries,
}

impl Reparsed {
    /// The programs whose entries changed: their indexes and what they are now.
    pub fn programs(&self) -> impl Iterator<Item = (usize, &Program)> + '_ {
        self.replaced.iter().map(|(i, p)| (*i, p))
    }

    /// Put the new programs in `directory`, and the others of the file at their new lines;
    /// gives the file's entries now.
    pub fn apply(self, directory: &mut Directory) -> FileEntries {
        for (i, program) in self.replaced {
            directory.programs[i] = Arc::new(program);
        }
        for (i, by) in self.moved {
            let program = Arc::make_mut(&mut directory.programs[i]);
            let places = [
                Some(&mut program.location),
                program.notes_location.as_mut(),
                program.website_location.as_mut(),
                program.source_url_location.as_mut(),
            ];
            for place in places.into_iter().flatten() {
                shift(place, by);
            }
        }
        self.entries
    }
}

fn shift(location: &mut Location, by: isize) {
    location.line = location.line.saturating_add_signed(by);
}

/// The programs of `file` (its new text) that differ from `before` (its entries when
/// `directory` was built), read again alone. `None` when the file is not cut the same way
/// (an entry added, removed or moved, the text around the list changed), when a changed entry
/// had no program, or gives one that is not the same program in the same place (its ID,
/// specialty, state, name, sponsor, URL or draft status changed), or has any problem, or its
/// notes link into the site (before or now).
pub fn reparsed_programs(
    directory: &Directory,
    before: &FileEntries,
    file: &DataFile,
) -> Option<Reparsed> {
    let now = list_entries(&file.text, "programs")?;
    let old = &before.entries;
    if now.head != old.head || now.tail != old.tail || now.entries.len() != old.entries.len() {
        return None;
    }
    let mut replaced = Vec::new();
    let mut moved = Vec::new();
    for ((new, old), &program) in now.entries.iter().zip(&old.entries).zip(&before.programs) {
        if new.hash == old.hash {
            if new.line != old.line
                && let Some(i) = program
            {
                moved.push((i, line_delta(new.line, old.line)));
            }
            continue;
        }
        // An anchor the entry defined, or an alias it used, may concern other entries.
        if old.shares {
            return None;
        }
        let i = program?;
        let was = &directory.programs[i];
        let specialty = directory.specialties.get(was.specialty)?;
        let program = reparse_entry(file, new, (was.specialty, specialty))?;
        if !same_place(was, &program) || links_within(was) || links_within(&program) {
            return None;
        }
        replaced.push((i, program));
    }
    Some(Reparsed {
        replaced,
        moved,
        entries: FileEntries {
            entries: now,
            programs: before.programs.clone(),
        },
    })
}

/// Whether `now` is the program `was` in the same place: the same page, and the same place in
/// every list that sorts programs.
fn same_place(was: &Program, now: &Program) -> bool {
    was.acgme_id == now.acgme_id
        && was.specialty == now.specialty
        && was.slug == now.slug
        && was.state == now.state
        && was.name == now.name
        && was.sponsor == now.sponsor
        && was.draft == now.draft
}

/// Whether the program's notes link into the site: such links are resolved against every page,
/// with the whole model.
fn links_within(program: &Program) -> bool {
    program.notes.as_ref().is_some_and(|n| !n.links.is_empty())
}

fn line_delta(now: usize, was: usize) -> isize {
    isize::try_from(now).unwrap_or(isize::MAX) - isize::try_from(was).unwrap_or(isize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::programs::load;
    use crate::source::SPECIALTIES_FILE;

    const SPECIALTIES: &str = "specialties:\n  - slug: internal-medicine\n    name: Internal Medicine\n    acgme_code: \"140\"\n    length_years: 3\n    description: Adults.\n";
    const PATH: &str = "data/programs/internal-medicine.yaml";

    /// Three programs in New York, written out of the site's order (by name).
    const PROGRAMS: &str = "specialty: internal-medicine\nprograms:\n  - acgme_id: \"1403500003\"\n    name: C Program\n    city: Albany\n    state: NY\n    pct_img: 40\n    notes: |\n      First line.\n  - acgme_id: \"1403500001\"\n    name: A Program\n    city: Buffalo\n    state: NY\n    website: https://example.org/a\n    notes: Plain notes.\n  - acgme_id: \"1403500002\"\n    name: B Program\n    city: Albany\n    state: NY\n";

    fn data(text: &str) -> (DataFile, Directory) {
        let specialties = DataFile::new(SPECIALTIES_FILE.into(), SPECIALTIES.to_string());
        let file = DataFile::new(PATH.into(), text.to_string());
        let loaded = load(&specialties, std::slice::from_ref(&file));
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        (file, loaded.directory)
    }

    /// The directory of `PROGRAMS` with `from` replaced by `to` applied in place, if it can be.
    fn edited(from: &str, to: &str) -> Option<(Directory, Directory)> {
        let (file, mut directory) = data(PROGRAMS);
        let entries = program_entries(&directory, std::slice::from_ref(&file));
        assert!(PROGRAMS.contains(from), "{from}");
        let (new_file, clean) = data(&PROGRAMS.replacen(from, to, 1));
        let reparsed = reparsed_programs(&directory, &entries[&file.path], &new_file)?;
        reparsed.apply(&mut directory);
        Some((directory, clean))
    }

    #[test]
    fn each_entry_knows_its_program() {
        let (file, directory) = data(PROGRAMS);
        let entries = program_entries(&directory, std::slice::from_ref(&file));
        let ids: Vec<&str> = entries[&file.path]
            .programs
            .iter()
            .map(|p| {
                directory.programs[p.expect("every entry stands")]
                    .acgme_id
                    .as_str()
            })
            .collect();
        assert_eq!(ids, ["1403500003", "1403500001", "1403500002"]);
    }

    #[test]
    fn an_edit_in_place_gives_the_directory_a_clean_load_gives() {
        for (from, to) in [
            ("pct_img: 40", "pct_img: 45"),
            (
                "      First line.\n",
                "      First line.\n      Second line.\n      Third.\n",
            ),
            ("    notes: Plain notes.\n", ""),
            ("https://example.org/a", "https://example.org/a-program"),
            ("    state: NY\n", "    state: NY\n    positions_pgy1: 8\n"),
        ] {
            let (in_place, clean) = edited(from, to).unwrap_or_else(|| panic!("{to:?}"));
            assert_eq!(in_place.programs, clean.programs, "{from:?} -> {to:?}");
        }
    }

    #[test]
    fn an_edit_that_moves_renames_or_breaks_a_program_is_not_applied_in_place() {
        for (from, to) in [
            // Its place in the table, its address, its draft status.
            ("name: C Program", "name: D Program"),
            ("acgme_id: \"1403500003\"", "acgme_id: \"1403500004\""),
            (
                "    state: NY\n    pct_img",
                "    draft: true\n    state: NY\n    pct_img",
            ),
            // A problem, a program fewer, a link into the site, an anchor.
            ("pct_img: 40", "pct_img: 140"),
            (
                "  - acgme_id: \"1403500002\"\n    name: B Program\n    city: Albany\n    state: NY\n",
                "",
            ),
            ("Plain notes.", "See [the guide](@/guides/a.md)."),
            ("pct_img: 40", "pct_img: &share 40"),
            ("pct_img: 40", "pct_img: !!int &share 40"),
            // The text around the list.
            (
                "specialty: internal-medicine\n",
                "specialty: internal-medicine\n# A comment.\n",
            ),
        ] {
            let (file, directory) = data(PROGRAMS);
            let entries = program_entries(&directory, std::slice::from_ref(&file));
            let text = PROGRAMS.replacen(from, to, 1);
            let new_file = DataFile::new(PATH.into(), text);
            assert!(
                reparsed_programs(&directory, &entries[&file.path], &new_file).is_none(),
                "{from:?} -> {to:?}"
            );
        }
    }
}
