//! Site configuration: `site.yaml` parsed into a raw struct that mirrors the file, then resolved
//! into a `Config` with every default applied and every value checked. Nothing else in the
//! crate reads `site.yaml`, and the resolved `Config` holds no `Option` that means "default".

use std::path::Path;

use serde::Deserialize;

use crate::error::{Diagnostic, Location};
use crate::source::CONFIG_FILE;
use crate::yaml::{self, Origin, Spanned};

/// `site.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    description: Option<String>,
    base_url: Spanned<String>,
    language: Option<String>,
    author: Option<String>,
    theme: Option<String>,
    paginate_by: Option<Spanned<i64>>,
    link_style: Option<Spanned<String>>,
    feed_limit: Option<Spanned<i64>>,
    menu: Option<Vec<RawMenuItem>>,
    data_notice: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuItem {
    title: String,
    path: Spanned<String>,
}

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
}

impl Config {
    /// The path part of `base_url` (`/` or `/sub/`), for clean links.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

/// Parse and resolve `site.yaml`; `base_url` overrides the file's value (`--base-url`).
pub fn parse(text: &str, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let path = Path::new(CONFIG_FILE);
    let origin = Origin {
        path,
        line_offset: 0,
    };
    let raw: RawConfig = yaml::parse(text, origin).map_err(|d| vec![d])?;
    let RawConfig {
        title,
        description,
        base_url: raw_base_url,
        language,
        author,
        theme,
        paginate_by,
        link_style,
        feed_limit,
        menu,
        data_notice,
    } = raw;
    let mut problems = Vec::new();

    let base_url = base_url.map_or_else(|| raw_base_url.value.clone(), str::to_string);
    let base_url_ok = (base_url.starts_with("https://") || base_url.starts_with("http://"))
        && base_url
            .split_once("://")
            .is_some_and(|(_, r)| !r.is_empty());
    if !base_url_ok {
        problems.push(
            Diagnostic::error(
                Some(origin.location_of(&raw_base_url)),
                format!("base_url must be an absolute http(s) URL, found `{base_url}`"),
            )
            .with_hint("for example `base_url: https://example.org/`"),
        );
    }
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };

    let paginate_by = positive(paginate_by, 10, "paginate_by", origin, &mut problems);
    let feed_limit = positive(feed_limit, 20, "feed_limit", origin, &mut problems);

    let link_style = match link_style {
        None => LinkStyle::Portable,
        Some(s) => match s.value.as_str() {
            "portable" => LinkStyle::Portable,
            "clean" => LinkStyle::Clean,
            other => {
                problems.push(
                    Diagnostic::error(
                        Some(origin.location_of(&s)),
                        format!("link_style must be `portable` or `clean`, found `{other}`"),
                    )
                    .with_hint("`portable` works from disk and any host; `clean` needs a server"),
                );
                LinkStyle::Portable
            }
        },
    };

    let menu = menu
        .unwrap_or_default()
        .into_iter()
        .map(|RawMenuItem { title, path }| {
            let location = origin.location_of(&path);
            let trimmed = path.value.trim_start_matches('/');
            let path = if trimmed.is_empty() || trimmed.ends_with('/') {
                trimmed.to_string()
            } else {
                format!("{trimmed}/")
            };
            MenuItem {
                title,
                path,
                location,
            }
        })
        .collect();

    if !problems.is_empty() {
        problems.sort();
        return Err(problems);
    }
    Ok(Config {
        title,
        description: description.unwrap_or_default(),
        base_url,
        language: language.unwrap_or_else(|| "en".to_string()),
        author: author.unwrap_or_default(),
        theme: theme.unwrap_or_else(|| "default".to_string()),
        paginate_by,
        link_style,
        feed_limit,
        menu,
        data_notice: data_notice.unwrap_or_default(),
    })
}

fn positive(
    value: Option<Spanned<i64>>,
    default: usize,
    field: &str,
    origin: Origin<'_>,
    problems: &mut Vec<Diagnostic>,
) -> usize {
    match value {
        None => default,
        Some(v) => match usize::try_from(v.value) {
            Ok(n) if n > 0 => n,
            _ => {
                problems.push(
                    Diagnostic::error(
                        Some(origin.location_of(&v)),
                        format!("{field} must be a whole number above 0, found {}", v.value),
                    )
                    .with_hint(format!("for example `{field}: {default}`")),
                );
                default
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_and_base_url_gets_a_slash() {
        let config = parse("title: T\nbase_url: https://example.org/sub\n", None).expect("valid");
        assert_eq!(config.base_url, "https://example.org/sub/");
        assert_eq!(config.base_path(), "/sub/");
        assert_eq!(config.paginate_by, 10);
        assert_eq!(config.link_style, LinkStyle::Portable);
        assert_eq!(config.language, "en");
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let problems =
            parse("title: T\nbase_url: https://e.org\npaginte_by: 3\n", None).expect_err("bad");
        assert_eq!(
            problems[0].to_string(),
            "error: site.yaml:3:1: unknown field `paginte_by`\n  hint: did you mean `paginate_by`?"
        );
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let problems = parse(
            "title: T\nbase_url: example.org\npaginate_by: 0\nlink_style: pretty\n",
            None,
        )
        .expect_err("bad");
        let lines: Vec<usize> = problems
            .iter()
            .map(|d| d.location.as_ref().expect("located").line)
            .collect();
        assert_eq!(lines, vec![2, 3, 4]);
    }
}
