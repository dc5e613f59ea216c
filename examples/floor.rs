//! The floor: the least work any markdown site generator must do, done as fast as this machine
//! allows, to bound what matchpress (or any generator) could reach on a corpus.
//!
//! It walks `ROOT/content`, reads every `.md` file, cuts the YAML front matter (the text between
//! the first two `---` lines) without parsing it, renders the body with pulldown-cmark using the
//! same extensions as matchpress, and writes the HTML alone to `OUT/<path without .md>/index.html`
//! (a folder's `_index.md` goes to `OUT/<folder>/index.html`), one file per page, in parallel on
//! every core. No templates, no link resolution, no program pages, no data files.
//!
//! With `--like BUILT` (a folder matchpress built from the same site), the floor writes what
//! that build wrote, like for like: every file of it at the same path and of at least the same
//! size, and renders only the pages it has (not drafts). Each rendered page is padded (an HTML comment) to the size of matchpress's page at its
//! path, and every other file of the build (program pages, lists, feeds, the search index) is
//! written as that many bytes of filler, so that only the work of making them is left out.
//!
//! ```text
//! cargo run --release --example floor -- --root DIR/matchpress --out OUTDIR [--like BUILT]
//! ```
//!
//! Prints one line: pages rendered, files and bytes written, and milliseconds taken.

use std::collections::{HashMap, HashSet};
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
    /// A folder matchpress built from the same site: write as many files of the same sizes.
    #[arg(long)]
    like: Option<PathBuf>,
}

/// The files of a built site, relative to it, with their sizes (matchpress's own records
/// left out).
fn built_files(dir: &Path) -> Result<HashMap<PathBuf, u64>> {
    let mut files = HashMap::new();
    for entry in WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("walking {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with(".matchpress") {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or_default();
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        files.insert(rel.to_path_buf(), size);
    }
    Ok(files)
}

/// Pads `html` with a comment to `size` bytes, when it is shorter.
fn pad(html: &mut String, size: u64) {
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    if html.len() + 7 <= size {
        html.push_str("<!--");
        html.extend(std::iter::repeat_n(' ', size - html.len() - 3));
        html.push_str("-->");
    }
}

fn write(target: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(target, bytes).with_context(|| format!("writing {}", target.display()))
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

/// Renders one markdown file to its page (padded to the size `like` gives its path); returns
/// the page's path relative to the output and its length, or `None` for a page `like` lacks.
fn render_one(
    content: &Path,
    out: &Path,
    source: &Path,
    like: Option<&HashMap<PathBuf, u64>>,
) -> Result<Option<(PathBuf, u64)>> {
    let relative = source.strip_prefix(content).unwrap_or(source);
    let page = output_path(Path::new(""), relative);
    let size = match like {
        // A page the build did not write (a draft) is not rendered either.
        Some(like) => match like.get(&page) {
            Some(&size) => Some(size),
            None => return Ok(None),
        },
        None => None,
    };
    let text =
        fs::read_to_string(source).with_context(|| format!("reading {}", source.display()))?;
    let markdown = body(&text);
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, Markdown::new_ext(markdown, options()));
    if let Some(size) = size {
        pad(&mut html_out, size);
    }
    write(&out.join(&page), html_out.as_bytes())?;
    Ok(Some((page, html_out.len() as u64)))
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
    let like = args.like.as_deref().map(built_files).transpose()?;
    let pages: Vec<(PathBuf, u64)> = sources
        .par_iter()
        .map(|source| render_one(&content, &args.out, source, like.as_ref()))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let mut bytes: u64 = pages.iter().map(|p| p.1).sum();
    let mut files = pages.len();
    if let Some(like) = &like {
        // Every other file of the build, as filler of its size.
        let rendered: HashSet<&PathBuf> = pages.iter().map(|p| &p.0).collect();
        let rest: Vec<(&PathBuf, &u64)> = like.iter().filter(|f| !rendered.contains(f.0)).collect();
        rest.par_iter().try_for_each(|&(rel, &size)| {
            let filler = vec![b' '; usize::try_from(size).unwrap_or(0)];
            write(&args.out.join(rel), &filler)
        })?;
        files += rest.len();
        bytes += rest.iter().map(|f| *f.1).sum::<u64>();
    }
    println!(
        "floor: {} pages rendered, {files} files of {bytes} bytes written in {} ms",
        pages.len(),
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

    #[test]
    fn pads_to_the_size_asked_when_shorter() {
        let mut html = "<p>a</p>".to_string();
        pad(&mut html, 40);
        assert_eq!(html.len(), 40);
        assert!(html.starts_with("<p>a</p><!--") && html.ends_with("-->"));
        let mut long = "<p>longer than asked</p>".to_string();
        pad(&mut long, 10);
        assert_eq!(long, "<p>longer than asked</p>");
    }
}
