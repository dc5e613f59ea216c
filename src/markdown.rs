//! Markdown: renders a page body with pulldown-cmark into HTML with heading ids and self-links,
//! a table of contents, a summary, a word count, and placeholders for internal `@/` links.
//! Rendering depends on the body alone, so it runs once per source hash; links are resolved
//! afterwards by `resolve_links`, when every URL is known and for the page that shows the HTML.

use std::collections::HashSet;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::slug::slugify;

/// One heading of the table of contents (levels 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id, for `#id` links.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// An internal link (`@/guides/x.md#anchor`) found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The target file, relative to `content/` (`guides/x.md`).
    pub target: String,
    /// The anchor after `#`, if any.
    pub anchor: Option<String>,
    /// Byte offset of the link in the body.
    pub offset: usize,
}

/// A problem found while rendering, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the body.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML, with internal links as placeholders (see `resolve_links`).
    pub html: String,
    /// The summary: the text before `<!-- more -->`, else the first paragraph, as HTML.
    pub summary: String,
    /// Headings of levels 2 and 3.
    pub toc: Vec<TocEntry>,
    /// Every heading id, for checking `#anchor` links.
    pub anchors: Vec<String>,
    /// Words of text.
    pub words: usize,
    /// Internal links, in order; placeholder `n` stands for `links[n]`.
    pub links: Vec<InternalLink>,
    /// Warnings (images without alt text, level-1 headings).
    pub warnings: Vec<Finding>,
}

impl Rendered {
    /// Minutes to read, at 230 words a minute, at least 1.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(230).max(1)
    }
}

const PLACEHOLDER_OPEN: char = '\u{E000}';
const PLACEHOLDER_CLOSE: char = '\u{E001}';
const MORE_MARKER: &str = "<!-- more -->";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Render a markdown body.
pub fn render(body: &str) -> Rendered {
    let mut rendered = render_events(body);
    if let Some(end) = body.find(MORE_MARKER) {
        // The text before the marker is a prefix of the body: its links number the same.
        rendered.summary = render_events(&body[..end]).html;
    }
    rendered
}

fn render_events(body: &str) -> Rendered {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut rendered = Rendered::default();
    // Footnotes get ids `fn-<name>`, reserved first so that no heading can take them.
    let mut used_ids: HashSet<String> = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::FootnoteReference(name) | Event::Start(Tag::FootnoteDefinition(name)) => {
                Some(footnote_id(name))
            }
            _ => None,
        })
        .collect();
    let mut link_stack: Vec<bool> = Vec::new();
    // The first paragraph outside lists, quotes and footnotes, as a range of `out`.
    let mut nesting = 0usize;
    let mut first_paragraph: (Option<usize>, Option<usize>) = (None, None);
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |p| i + p);
                let inner = &events[i + 1..end];
                let text = plain_text(inner.iter().map(|(e, _)| e));
                rendered.words += count_words(&text);
                let base = id
                    .as_ref()
                    .map_or_else(|| slugify(&text), ToString::to_string);
                let id = unique_id(
                    if base.is_empty() { "section" } else { &base },
                    &mut used_ids,
                );
                let level_n = heading_number(*level);
                if *level == HeadingLevel::H1 {
                    rendered.warnings.push(Finding {
                        offset: range.start,
                        message: "a level-1 heading in the body".to_string(),
                        hint:
                            "the page title is already the page's only h1: start sections with `##`"
                                .to_string(),
                    });
                }
                if level_n == 2 || level_n == 3 {
                    rendered.toc.push(TocEntry {
                        level: level_n,
                        id: id.clone(),
                        title: text.clone(),
                    });
                }
                let mut open = format!("<h{level_n} id=\"{}\"", escape(&id));
                if !classes.is_empty() {
                    let classes: Vec<&str> = classes.iter().map(AsRef::as_ref).collect();
                    let _ = write!(open, " class=\"{}\"", escape(&classes.join(" ")));
                }
                open.push('>');
                out.push(Event::Html(open.into()));
                for (inner_event, inner_range) in inner {
                    push_inline(
                        inner_event.clone(),
                        inner_range,
                        &mut out,
                        &mut rendered,
                        &mut link_stack,
                    );
                }
                out.push(Event::Html(
                    format!(
                        "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section: {}\">#</a></h{level_n}>\n",
                        escape(&text),
                        id = escape(&id)
                    )
                    .into(),
                ));
                rendered.anchors.push(id);
                i = end + 1;
                continue;
            }
            Event::Text(text) | Event::Code(text) => {
                rendered.words += count_words(text);
            }
            Event::Start(Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                nesting += 1;
            }
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                nesting = nesting.saturating_sub(1);
            }
            Event::Start(Tag::Paragraph) if nesting == 0 && first_paragraph.0.is_none() => {
                first_paragraph.0 = Some(out.len());
            }
            Event::End(TagEnd::Paragraph)
                if first_paragraph.0.is_some() && first_paragraph.1.is_none() && nesting == 0 =>
            {
                first_paragraph.1 = Some(out.len() + 1);
            }
            Event::Start(Tag::Image { .. }) => {
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
                    .map_or(events.len(), |p| i + p);
                let alt = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
                if alt.trim().is_empty() {
                    rendered.warnings.push(Finding {
                        offset: range.start,
                        message: "an image without alt text".to_string(),
                        hint: "describe the image between the brackets: `![what it shows](...)`"
                            .to_string(),
                    });
                }
            }
            _ => {}
        }
        push_inline(
            event.clone(),
            range,
            &mut out,
            &mut rendered,
            &mut link_stack,
        );
        i += 1;
    }
    if let (Some(start), Some(end)) = first_paragraph {
        let mut summary = String::new();
        html::push_html(&mut summary, out[start..end].iter().cloned());
        rendered.summary = summary.trim_end().to_string();
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    rendered.html = html_out;
    rendered
}

/// Push an event, turning internal links into placeholder anchors.
fn push_inline<'a>(
    event: Event<'a>,
    range: &std::ops::Range<usize>,
    out: &mut Vec<Event<'a>>,
    rendered: &mut Rendered,
    link_stack: &mut Vec<bool>,
) {
    match event {
        Event::Start(Tag::Link {
            ref dest_url,
            ref title,
            ..
        }) if dest_url.starts_with("@/") => {
            let (target, anchor) = match dest_url[2..].split_once('#') {
                Some((t, a)) => (t.to_string(), Some(a.to_string())),
                None => (dest_url[2..].to_string(), None),
            };
            let n = rendered.links.len();
            rendered.links.push(InternalLink {
                target,
                anchor,
                offset: range.start,
            });
            let mut open = format!("<a href=\"{PLACEHOLDER_OPEN}{n}{PLACEHOLDER_CLOSE}\"");
            if !title.is_empty() {
                let _ = write!(open, " title=\"{}\"", escape(title));
            }
            open.push('>');
            link_stack.push(true);
            out.push(Event::Html(CowStr::from(open)));
        }
        Event::Start(Tag::Link { .. }) => {
            link_stack.push(false);
            out.push(event);
        }
        Event::End(TagEnd::Link) => {
            if link_stack.pop() == Some(true) {
                out.push(Event::Html("</a>".into()));
            } else {
                out.push(event);
            }
        }
        Event::FootnoteReference(name) => {
            out.push(Event::FootnoteReference(footnote_id(&name).into()));
        }
        Event::Start(Tag::FootnoteDefinition(name)) => {
            out.push(Event::Start(Tag::FootnoteDefinition(
                footnote_id(&name).into(),
            )));
        }
        other => out.push(other),
    }
}

/// The HTML id of a footnote: `fn-` and its name as a slug.
fn footnote_id(name: &str) -> String {
    format!("fn-{}", slugify(name))
}

/// Whether markdown `text` contains raw HTML (blocks or inline tags).
pub fn has_raw_html(text: &str) -> bool {
    Parser::new_ext(text, options()).any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
}

/// Replace the placeholders of `html` with `hrefs[n]` (already escaped for an attribute).
pub fn resolve_links(html: &str, hrefs: &[String]) -> String {
    if !html.contains(PLACEHOLDER_OPEN) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(PLACEHOLDER_OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + PLACEHOLDER_OPEN.len_utf8()..];
        let Some(end) = after.find(PLACEHOLDER_CLOSE) else {
            rest = after;
            continue;
        };
        let href = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|n| hrefs.get(n));
        out.push_str(href.map_or("#", String::as_str));
        rest = &after[end + PLACEHOLDER_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

fn plain_text<'a>(events: impl Iterator<Item = &'a Event<'a>>) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Escape text for HTML text or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_self_links_and_toc() {
        let r = render("## Why it matters\n\ntext\n\n## Why it matters\n\n### Details {#custom}\n");
        assert_eq!(
            r.anchors,
            vec!["why-it-matters", "why-it-matters-1", "custom"]
        );
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[2].level, 3);
        assert!(r.html.contains(
            "<h2 id=\"why-it-matters\">Why it matters<a class=\"anchor\" href=\"#why-it-matters\""
        ));
    }

    #[test]
    fn internal_links_become_placeholders_and_resolve() {
        let body = "See [the visa guide](@/guides/visas.md#j-1) and [web](https://e.org).\n";
        let r = render(body);
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].target, "guides/visas.md");
        assert_eq!(r.links[0].anchor.as_deref(), Some("j-1"));
        assert_eq!(r.links[0].offset, body.find('[').expect("link"));
        let html = resolve_links(&r.html, &["../visas/#j-1".to_string()]);
        assert!(html.contains("<a href=\"../visas/#j-1\">the visa guide</a>"));
        assert!(html.contains("<a href=\"https://e.org\">web</a>"));
        let summary = resolve_links(&r.summary, &["X".to_string()]);
        assert!(summary.contains("<a href=\"X\">the visa guide</a>"));
    }

    #[test]
    fn summary_is_text_before_more_marker_or_first_paragraph() {
        assert_eq!(render("One.\n\nTwo.\n").summary, "<p>One.</p>");
        assert_eq!(
            render("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n").summary,
            "<p>One.</p>\n<p>Two.</p>\n"
        );
    }

    #[test]
    fn footnote_ids_never_collide_with_heading_ids() {
        let r = render("Soon.[^timing]\n\n## Timing\n\n## Fn timing\n\n[^timing]: Four weeks.\n");
        assert!(r.html.contains("<a href=\"#fn-timing\">1</a>"));
        assert!(r.html.contains("id=\"fn-timing\""));
        assert_eq!(r.anchors, vec!["timing", "fn-timing-1"]);
    }

    #[test]
    fn words_and_reading_time() {
        let r = render(&"word ".repeat(500));
        assert_eq!(r.words, 500);
        assert_eq!(r.reading_minutes(), 3);
    }

    #[test]
    fn image_without_alt_warns_at_its_offset() {
        let body = "Text\n\n![](a.png)\n";
        let r = render(body);
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].offset, body.find('!').expect("image"));
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "|a|b|\n|-|-|\n|1|2|\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: A footnote.\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("\u{201c}quoted\u{201d}"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote-definition"));
    }
}
