//! Files carried inside the binary, embedded at compile time by `build.rs`: the default theme
//! (from `themes/default/`), the starter site `init` writes (from `starter/`) and the example
//! program data `init --example` adds (from `data/`). Each list is sorted by path.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The name under which the built-in theme's files appear in messages.
pub const THEME_LABEL: &str = "(built-in default theme)";

/// The built-in theme's files under `folder` (`templates` or `static`), as (path inside that
/// folder, bytes).
pub fn theme_files(folder: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + use<'_> {
    THEME.iter().filter_map(move |&(path, bytes)| {
        let rest = path.strip_prefix(folder)?.strip_prefix('/')?;
        Some((rest, bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_has_its_templates_and_static_files() {
        let templates: Vec<&str> = theme_files("templates").map(|(p, _)| p).collect();
        for needed in ["base.html", "guide.html", "index.html", "404.html"] {
            assert!(templates.contains(&needed), "{needed} in {templates:?}");
        }
        assert!(theme_files("static").any(|(p, _)| p == "style.css"));
        assert!(THEME.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }
}
