//! Render: loads the templates into Tera (autoescape on) and renders a template with a job's
//! context. Templates see only that context. Template errors become diagnostics at the
//! template file's line and column; this module writes nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::error::{Diagnostic, Location};
use crate::source::TemplateFile;

/// Templates ready to render.
pub struct Templates {
    tera: tera::Tera,
    paths: HashMap<String, PathBuf>,
}

/// Templates every theme must provide, whatever the site holds.
pub const REQUIRED: [&str; 8] = [
    "base.html",
    "index.html",
    "section.html",
    "guide.html",
    "page.html",
    "tags.html",
    "tag.html",
    "404.html",
];

impl Templates {
    /// Load `files` into Tera; syntax errors and missing templates (the `REQUIRED` ones and
    /// those the plan uses) are diagnostics.
    pub fn load(files: &[TemplateFile], used: &[&str]) -> Result<Self, Vec<Diagnostic>> {
        let paths: HashMap<String, PathBuf> = files
            .iter()
            .map(|f| (f.name.clone(), f.site_path.clone()))
            .collect();
        let mut needed: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .chain(used.iter().copied())
            .collect();
        needed.sort_unstable();
        needed.dedup();
        let mut problems: Vec<Diagnostic> = needed
            .iter()
            .filter(|name| !paths.contains_key(**name))
            .map(|name| {
                Diagnostic::error(None, format!("the theme has no template `{name}`"))
                    .with_hint(format!("add templates/{name} to the site or to the theme"))
            })
            .collect();
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(error) = tera.add_raw_templates(
            files
                .iter()
                .filter(|f| f.name.ends_with(".html") || f.name.ends_with(".xml"))
                .map(|f| (f.name.as_str(), f.text.as_str())),
        ) {
            problems.push(template_diagnostic(&error, &paths));
        }
        if problems.is_empty() {
            Ok(Self { tera, paths })
        } else {
            Err(problems)
        }
    }

    /// Render one template with its context into `buffer` (cleared first), so that each
    /// rendering thread reuses one allocation for every page it renders.
    pub fn render_into(
        &self,
        template: &str,
        context: &tera::Context,
        buffer: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        buffer.clear();
        self.tera
            .render_to(template, context, &mut *buffer)
            .map_err(|e| template_diagnostic(&e, &self.paths))
    }
}

/// For each template, a hash of every template file its pages can draw on: itself, the
/// templates it names in quotes (`extends`, `include`, `import`), transitively, and every file
/// that defines components (Tera 2 components are global, so any page may use them). Two
/// renders with the same set hash and the same context give the same bytes.
pub fn set_hashes(files: &[TemplateFile]) -> HashMap<String, u64> {
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let global: Vec<usize> = (0..files.len())
        .filter(|&i| defines_components(&files[i].text))
        .collect();
    let references: Vec<Vec<usize>> = files
        .iter()
        .map(|f| {
            (0..names.len())
                .filter(|&j| {
                    let n = names[j];
                    f.text.contains(&format!("\"{n}\"")) || f.text.contains(&format!("'{n}'"))
                })
                .collect()
        })
        .collect();
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut seen = vec![false; files.len()];
            let mut stack: Vec<usize> = global.iter().copied().chain([i]).collect();
            while let Some(k) = stack.pop() {
                if !seen[k] {
                    seen[k] = true;
                    stack.extend(&references[k]);
                }
            }
            let set = (0..files.len()).filter(|&k| seen[k]);
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            for k in set {
                hasher.update(files[k].name.as_bytes());
                hasher.update(&[0]);
                hasher.update(files[k].text.as_bytes());
                hasher.update(&[0]);
            }
            (f.name.clone(), hasher.digest())
        })
        .collect()
}

/// Whether a template defines components: a tag `{% component ... %}`, with or without
/// whitespace control and spaces.
fn defines_components(text: &str) -> bool {
    text.split("{%").skip(1).any(|tag| {
        tag.trim_start_matches(['-', '+', '~'])
            .trim_start()
            .starts_with("component ")
    })
}

/// Group template failures: one template mistake fails every page that uses it, so each is
/// reported once, naming the first page and how many more.
pub fn group_failures(failures: Vec<(String, Diagnostic)>) -> Vec<Diagnostic> {
    let mut grouped: BTreeMap<Diagnostic, Vec<String>> = BTreeMap::new();
    for (path, d) in failures {
        grouped.entry(d).or_default().push(path);
    }
    grouped
        .into_iter()
        .map(|(mut d, mut pages)| {
            pages.sort();
            let more = if pages.len() > 1 {
                format!(" and {} more", pages.len() - 1)
            } else {
                String::new()
            };
            d.message = format!("{} (rendering {}{more})", d.message, pages[0]);
            d
        })
        .collect()
}

fn template_diagnostic(error: &tera::Error, paths: &HashMap<String, PathBuf>) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let path = paths
                .get(report.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(report.filename()));
            Diagnostic::error(
                Some(Location::new(path, span.start_line.max(1), span.start_col + 1)),
                format!("template error: {}", report.message()),
            )
            .with_hint(
                "templates get everything through their context; see the README's template context reference",
            )
        }
        _ => Diagnostic::error(None, format!("template error: {error}"))
            .with_hint("check the template named in the message"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, text: &str) -> TemplateFile {
        TemplateFile {
            name: name.to_string(),
            site_path: PathBuf::from("templates").join(name),
            text: text.to_string(),
        }
    }

    #[test]
    fn a_template_set_holds_what_it_names_and_every_component_file() {
        let files = |guide: &str, partial: &str, components: &str| {
            vec![
                template("base.html", "{% include \"partials/foot.html\" %}"),
                template("guide.html", guide),
                template("page.html", "{% extends 'base.html' %}"),
                template("partials/foot.html", partial),
                template("partials/c.html", components),
            ]
        };
        let before = set_hashes(&files(
            "{% extends \"base.html\" %}",
            "foot",
            "{%- component c() -%}x{%- endcomponent -%}",
        ));
        let guide_edited = set_hashes(&files(
            "{% extends \"base.html\" %}!",
            "foot",
            "{%- component c() -%}x{%- endcomponent -%}",
        ));
        assert_ne!(before["guide.html"], guide_edited["guide.html"]);
        assert_eq!(before["page.html"], guide_edited["page.html"]);
        // An included partial, two steps away, is in the set.
        let partial_edited = set_hashes(&files(
            "{% extends \"base.html\" %}",
            "foot!",
            "{%- component c() -%}x{%- endcomponent -%}",
        ));
        assert_ne!(before["guide.html"], partial_edited["guide.html"]);
        assert_ne!(before["page.html"], partial_edited["page.html"]);
        // Components are global: every set holds the file that defines them.
        let components_edited = set_hashes(&files(
            "{% extends \"base.html\" %}",
            "foot",
            "{% component c() %}y{% endcomponent %}",
        ));
        assert_ne!(before["page.html"], components_edited["page.html"]);
        assert!(defines_components("a {%-  component x() %}"));
        assert!(!defines_components("{{ component }} {% if components %}"));
    }
}
