//! The floor: the least work any markdown site generator must do, done as fast as this machine
//! allows, to bound what matchpress (or any generator) could reach on a corpus.
//!
//! It walks `ROOT/content`, reads every `.md` file, cuts the YAML front matter (the text between
//! the first two `---` lines) without parsing it, renders the body with pulldown-cmark using the
//! same extensions as matchpress, and writes the HTML alone to `OUT/<path without .md>/index.html`
//! (a folder's `_index.md` goes to `OUT/<folder>/index.html`), one file per page, in parallel on
//! every core. No templates, no link resolution, no program pages, no data files.
//!
//! ```text
//! cargo run --release --example floor -- --root DIR/matchpress --out OUTDIR
//! ```
//!
//! Prints one line: pages written and milliseconds taken.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result};
use clap::Parser;
use pulldown_cmark::{Options, Parser as Markdown, html};
use rayon::prelude::*;
use walkdir::WalkDir;

/// Render every markdown file of a site's content to bare HTML, as fast as possible.
#[derive(Parser)]
struct Args {
    /// The site's folder (holding `content/`).
    #[arg(long)]
    root: PathBuf,
    /// Where to write the pages.
    #[arg(long)]
    out: PathBuf,
}

/// The markdown extensions matchpress enables (`src/markdown.rs`).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The body after the front matter: everything after the second `---` line, if the file starts
/// with a `---` line and has a second one; else the whole text. The YAML is not parsed.
fn body(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let mut consumed = 0;
    match lines.next() {
        Some(first) if first.trim_end() == "---" => consumed += first.len(),
        _ => return text,
    }
    for line in lines {
        consumed += line.len();
        if line.trim_end() == "---" {
            return &text[consumed..];
        }
    }
    text
}

/// `guides/visas/j1.md` -> `guides/visas/j1/index.html`; `guides/_index.md` -> `guides/index.html`.
fn output_path(out: &Path, relative: &Path) -> PathBuf {
    let without_ext = relative.with_extension("");
    let page_dir = if without_ext.file_name().is_some_and(|name| name == "_index") {
        without_ext
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    } else {
        without_ext
    };
    out.join(page_dir).join("index.html")
}

fn render_one(content: &Path, out: &Path, source: &Path) -> Result<()> {
    let text =
        fs::read_to_string(source).with_context(|| format!("reading {}", source.display()))?;
    let markdown = body(&text);
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, Markdown::new_ext(markdown, options()));
    let relative = source.strip_prefix(content).unwrap_or(source);
    let target = output_path(out, relative);
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(&target, html_out).with_context(|| format!("writing {}", target.display()))
}

#[expect(
    clippy::print_stdout,
    reason = "an example program: its one line of output is its result"
)]
fn main() -> Result<()> {
    let args = Args::parse();
    let start = Instant::now();
    let content = args.root.join("content");
    let mut sources = Vec::new();
    for entry in WalkDir::new(&content) {
        let entry = entry.with_context(|| format!("walking {}", content.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            sources.push(entry.into_path());
        }
    }
    sources
        .par_iter()
        .try_for_each(|source| render_one(&content, &args.out, source))?;
    println!(
        "floor: {} pages in {} ms",
        sources.len(),
        start.elapsed().as_millis()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_front_matter() {
        assert_eq!(body("---\ntitle: x\n---\n# Hi\n"), "# Hi\n");
        assert_eq!(body("\u{feff}---\r\ntitle: x\r\n---\r\nbody"), "body");
        assert_eq!(body("# No front matter\n"), "# No front matter\n");
        assert_eq!(body("---\nunclosed\n"), "---\nunclosed\n");
    }

    #[test]
    fn maps_paths() {
        let out = Path::new("o");
        assert_eq!(
            output_path(out, Path::new("guides/a.md")),
            Path::new("o/guides/a/index.html")
        );
        assert_eq!(
            output_path(out, Path::new("guides/_index.md")),
            Path::new("o/guides/index.html")
        );
        assert_eq!(
            output_path(out, Path::new("_index.md")),
            Path::new("o/index.html")
        );
    }
}
