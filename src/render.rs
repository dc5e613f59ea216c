//! Render: loads the templates into Tera (autoescape on) and renders a template with a job's
//! context. Templates see only that context. Template errors become diagnostics at the
//! template file's line and column; this module writes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::source::TemplateFile;

/// Templates ready to render.
pub struct Templates {
    tera: tera::Tera,
    paths: HashMap<String, PathBuf>,
    /// Templates that cannot be used (missing, or that failed to load), and every template
    /// that draws on one of them: pages that use these are not rendered.
    unusable: HashSet<String>,
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
    /// Load `files` into Tera. Every problem is reported, not the first: a template that fails
    /// to load is set aside and the others are loaded again, so that each syntax error is
    /// found in one run; missing templates (the `REQUIRED` ones and those the plan uses) are
    /// reported too. Pages whose templates draw on a template that failed are not rendered
    /// (see `usable`), so one mistake is reported once, not once per page.
    pub fn load(files: &[TemplateFile], used: &[&str]) -> (Self, Vec<Diagnostic>) {
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
        let mut problems: Vec<Diagnostic> = Vec::new();
        let mut failed: HashSet<String> = HashSet::new();
        for name in needed.iter().filter(|name| !paths.contains_key(**name)) {
            failed.insert((*name).to_string());
            problems.push(
                Diagnostic::new(
                    Code::TemplateMissing,
                    None,
                    format!("the theme has no template `{name}`"),
                )
                .with_hint(format!("add templates/{name} to the site or to the theme")),
            );
        }
        let loadable: Vec<&TemplateFile> = files
            .iter()
            .filter(|f| f.name.ends_with(".html") || f.name.ends_with(".xml"))
            .collect();
        let mut stubbed: HashSet<&str> = HashSet::new();
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        for _ in 0..=loadable.len() {
            let attempt = tera.add_raw_templates(loadable.iter().map(|f| {
                let text = if stubbed.contains(f.name.as_str()) {
                    ""
                } else {
                    f.text.as_str()
                };
                (f.name.as_str(), text)
            }));
            let Err(error) = attempt else { break };
            problems.push(template_diagnostic(&error, &paths, Code::TemplateSyntax));
            let culprit = match error.kind() {
                tera::ErrorKind::SyntaxError(report) => Some(report.filename().to_string()),
                tera::ErrorKind::MissingParent { current, .. } => Some(current.clone()),
                tera::ErrorKind::CircularExtend { tpl, .. }
                | tera::ErrorKind::CircularInclude { tpl, .. } => Some(tpl.clone()),
                _ => None,
            };
            match culprit
                .as_deref()
                .and_then(|c| loadable.iter().find(|f| f.name == c))
            {
                Some(file) if !stubbed.contains(file.name.as_str()) => {
                    stubbed.insert(file.name.as_str());
                }
                // Nothing more to set aside: no page can be rendered.
                _ => {
                    failed.extend(files.iter().map(|f| f.name.clone()));
                    break;
                }
            }
        }
        failed.extend(stubbed.iter().map(|s| (*s).to_string()));
        // A template that draws on one that failed cannot render either.
        let members = set_members(files);
        let mut unusable: HashSet<String> = failed.clone();
        for (name, set) in &members {
            if set.iter().any(|m| failed.contains(m)) {
                unusable.insert(name.clone());
            }
        }
        (
            Self {
                tera,
                paths,
                unusable,
            },
            problems,
        )
    }

    /// Whether pages of `template` can be rendered (it and what it draws on loaded).
    pub fn usable(&self, template: &str) -> bool {
        !self.unusable.contains(template)
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
            .map_err(|e| template_diagnostic(&e, &self.paths, Code::TemplateRender))
    }
}

/// For each template, every template file its pages can draw on: itself, the templates it
/// names in quotes (`extends`, `include`, `import`; in any of Tera's quotes, `"`, `'` or a
/// backtick, with `/` escaped or not), transitively, and every file that defines components
/// (Tera 2 components are global, so any page may use them). Sorted by name.
pub fn set_members(files: &[TemplateFile]) -> HashMap<String, Vec<String>> {
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let global: Vec<usize> = (0..files.len())
        .filter(|&i| defines_components(&files[i].text))
        .collect();
    let references: Vec<Vec<usize>> = files
        .iter()
        .map(|f| {
            (0..names.len())
                .filter(|&j| names_in_quotes(&f.text, names[j]))
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
            let set = (0..files.len())
                .filter(|&k| seen[k])
                .map(|k| files[k].name.clone())
                .collect();
            (f.name.clone(), set)
        })
        .collect()
}

/// For each template, a hash of its set (see `set_members`): two renders with the same set
/// hash and the same context give the same bytes.
pub fn set_hashes(files: &[TemplateFile]) -> HashMap<String, u64> {
    let text: HashMap<&str, &str> = files
        .iter()
        .map(|f| (f.name.as_str(), f.text.as_str()))
        .collect();
    set_members(files)
        .into_iter()
        .map(|(name, mut set)| {
            // In name order: the same set hashes the same whatever order the files came in.
            set.sort_unstable();
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            for member in &set {
                hasher.update(member.as_bytes());
                hasher.update(&[0]);
                hasher.update(text.get(member.as_str()).unwrap_or(&"").as_bytes());
                hasher.update(&[0]);
            }
            (name, hasher.digest())
        })
        .collect()
}

/// Whether `text` holds `name` as a string, in any of Tera's quotes, its `/` escaped or not.
fn names_in_quotes(text: &str, name: &str) -> bool {
    let escaped = name.replace('/', "\\/");
    ['"', '\'', '`'].iter().any(|q| {
        text.contains(&format!("{q}{name}{q}"))
            || (escaped != name && text.contains(&format!("{q}{escaped}{q}")))
    })
}

/// Whether a template defines components: a tag `{% component ... %}`, with or without
/// whitespace control and spaces.
fn defines_components(text: &str) -> bool {
    text.split("{%").skip(1).any(|tag| {
        tag.trim_start_matches(['-', '+', '~'])
            .trim_start()
            .strip_prefix("component")
            .is_some_and(|rest| rest.starts_with(char::is_whitespace))
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

fn template_diagnostic(
    error: &tera::Error,
    paths: &HashMap<String, PathBuf>,
    code: Code,
) -> Diagnostic {
    let path_of = |name: &str| {
        paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::new(
                code,
                Location::new(
                    path_of(report.filename()),
                    span.start_line.max(1),
                    span.start_col + 1,
                ),
                format!("template error: {}", report.message()),
            )
            .with_hint(
                "templates get everything through their context; see the README's template context reference",
            )
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::new(
            code,
            Location::file(path_of(current)),
            format!("the template `{current}` extends `{parent}`, which does not exist"),
        )
        .with_hint(format!(
            "add templates/{parent} to the site or the theme, or fix the name in `{{% extends %}}`"
        )),
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => Diagnostic::new(
            code,
            Location::file(path_of(tpl)),
            format!(
                "the template `{tpl}` extends itself: {}",
                inheritance_chain.join(" -> ")
            ),
        )
        .with_hint("a template may extend another, never one of its own descendants"),
        tera::ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::new(
            code,
            Location::file(path_of(tpl)),
            format!(
                "the template `{tpl}` includes itself: {}",
                include_chain.join(" -> ")
            ),
        )
        .with_hint("break the cycle of `{% include %}`"),
        _ => Diagnostic::new(code, None, format!("template error: {error}"))
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
        assert!(defines_components("{% component\nx() %}"));
        assert!(!defines_components("{{ component }} {% if components %}"));
    }

    #[test]
    fn a_template_named_in_any_of_teras_quotes_is_in_the_set() {
        for (guide, quoted) in [
            ("{% extends `base.html` %}", "a backtick"),
            (
                "{% extends \"base.html\" %}{% include `partials\\/foot.html` %}",
                "an escaped /",
            ),
            (
                "{% extends 'base.html' %}{% include \"partials\\/foot.html\" %}",
                "an escaped / in \"",
            ),
        ] {
            let files = |foot: &str| {
                vec![
                    template(
                        "base.html",
                        "<main>{% block main %}{% endblock main %}</main>",
                    ),
                    template("guide.html", guide),
                    template("partials/foot.html", foot),
                ]
            };
            let members = &set_members(&files("foot"))["guide.html"];
            assert!(
                members.contains(&"base.html".to_string()),
                "{quoted}: {members:?}"
            );
            if guide.contains("foot") {
                assert!(
                    members.contains(&"partials/foot.html".to_string()),
                    "{quoted}: {members:?}"
                );
                assert_ne!(
                    set_hashes(&files("foot"))["guide.html"],
                    set_hashes(&files("foot!"))["guide.html"],
                    "{quoted}"
                );
            }
        }
    }
}
