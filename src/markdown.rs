//! Markdown: renders a page body with pulldown-cmark into HTML with heading ids and self-links,
//! GitHub alerts as callouts, a table of contents, a summary, a word count, warnings (images
//! without alt text, level-1 headings, template syntax of other generators, which is never
//! run), and placeholders for every link into the site (`@/file.md`, `/guides/x/`, `../x/`,
//! `#id`, in markdown links, images and raw HTML alike). Rendering depends on the body alone,
//! so it runs once per source hash; links are resolved afterwards by `resolve_links`, when
//! every URL is known and for the page that shows the HTML, so they work from any page, from
//! disk and under a sub-path. Links to other sites stay as written.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};

use crate::diagnostic::Code;
use crate::slug::slugify;
use crate::stored::Text;

/// One heading of the table of contents (levels 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id, for `#id` links.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A link into the site found in a body: where it points, as written, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BodyLink {
    /// Where it points.
    pub dest: Dest,
    /// Byte offset of the link (or of the attribute's value, in raw HTML) in the body.
    pub offset: usize,
}

/// Where a link into the site points, as written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Dest {
    /// A content file: `@/guides/x.md` (from `content/`), or a relative `../x.md` (from the
    /// folder of the file that links), with its `#anchor`.
    File {
        /// The file's path as written, without `@/` and the anchor.
        path: String,
        /// The anchor after `#`, if any.
        anchor: Option<String>,
        /// Whether the path is relative to the linking file's folder.
        relative: bool,
    },
    /// A path of the site: from its root (`/guides/x/`) or from the URL of the page that links
    /// (`../x/`, `x.html`, `#id`), with its query and fragment as written.
    Path {
        /// The path as written, without the leading `/` of a root path, the query and the
        /// fragment (empty for `#id` alone).
        path: String,
        /// `?query#fragment`, as written (may be empty).
        rest: String,
        /// Whether the path starts at the site's root.
        root: bool,
    },
}

impl Dest {
    /// Where `href` points, if it points into the site: `None` for other sites (`https:`,
    /// `mailto:`, `//host`) and for an empty href.
    pub fn of(href: &str) -> Option<Self> {
        let href = href.trim();
        if let Some(file) = href.strip_prefix("@/") {
            let (path, anchor) = match file.split_once('#') {
                Some((p, a)) => (p, Some(a.to_string())),
                None => (file, None),
            };
            return Some(Self::File {
                path: path.to_string(),
                anchor,
                relative: false,
            });
        }
        if href.is_empty() || href.starts_with("//") || has_scheme(href) {
            return None;
        }
        let split = href.find(['?', '#']).unwrap_or(href.len());
        let (path, rest) = href.split_at(split);
        let root = path.starts_with('/');
        let is_md = path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.len() > 3 && name.to_ascii_lowercase().ends_with(".md"));
        if is_md && !root {
            return Some(Self::File {
                path: path.to_string(),
                anchor: rest.split_once('#').map(|(_, a)| a.to_string()),
                relative: true,
            });
        }
        Some(Self::Path {
            path: path.trim_start_matches('/').to_string(),
            rest: rest.to_string(),
            root,
        })
    }
}

impl std::fmt::Display for Dest {
    /// The link as written.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File {
                path,
                anchor,
                relative,
            } => {
                if !relative {
                    f.write_str("@/")?;
                }
                f.write_str(path)?;
                if let Some(anchor) = anchor {
                    write!(f, "#{anchor}")?;
                }
                Ok(())
            }
            Self::Path { path, rest, root } => {
                if *root {
                    f.write_str("/")?;
                }
                write!(f, "{path}{rest}")
            }
        }
    }
}

/// Whether `href` starts with a URL scheme (`https:`, `mailto:`).
fn has_scheme(href: &str) -> bool {
    crate::html::url_scheme(href).is_some()
}

/// A problem found while rendering, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// What kind of problem.
    pub code: Code,
    /// Byte offset in the body.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// The HTML, with internal links as placeholders (see `resolve_links`); taken from the
    /// build cache, kept where it was stored until a page is rendered.
    pub html: Text,
    /// The summary: the text before `<!-- more -->`, else the first paragraph, as HTML.
    pub summary: String,
    /// Headings of levels 2 and 3.
    pub toc: Vec<TocEntry>,
    /// Every heading id, for checking `#anchor` links.
    pub anchors: Vec<String>,
    /// Words of text.
    pub words: usize,
    /// Links into the site, in order; placeholder `n` stands for `links[n]`.
    pub links: Vec<BodyLink>,
    /// Links to other sites (`http:`, `https:`, `//host`), as written, with their byte offsets.
    pub external: Vec<(String, usize)>,
    /// Warnings (images without alt text, level-1 headings, template syntax of other
    /// generators).
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
        // In pulldown-cmark 0.13 this turns on GitHub alerts (`> [!NOTE]`) and nothing else.
        | Options::ENABLE_GFM
}

/// Render a markdown body.
pub fn render(body: &str) -> Rendered {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut rendered = Rendered::default();
    // Footnotes get ids `fn-<name>`, reserved first so that no heading can take them.
    let mut used_ids = Ids::reserving(events.iter().filter_map(|(e, _)| match e {
        Event::FootnoteReference(name) | Event::Start(Tag::FootnoteDefinition(name)) => {
            Some(footnote_id(name))
        }
        _ => None,
    }));
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
                let id = used_ids.unique(if base.is_empty() { "section" } else { &base });
                let level_n = heading_number(*level);
                if *level == HeadingLevel::H1 {
                    rendered.warnings.push(Finding {
                        code: Code::MarkdownHeading1,
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
                let mut k = i + 1;
                while k < end {
                    if matches!(events[k].0, Event::Start(Tag::Image { .. })) {
                        k = push_image(&events[..end], k, &mut out, &mut rendered);
                        continue;
                    }
                    push_inline(
                        events[k].0.clone(),
                        &events[k].1,
                        &mut out,
                        &mut rendered,
                        &mut link_stack,
                    );
                    k += 1;
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
                i = push_image(&events, i, &mut out, &mut rendered);
                continue;
            }
            Event::Start(Tag::HtmlBlock) => {
                // An HTML block comes as one event per line: join them, so that a tag, a
                // comment or a script spanning lines is read whole.
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::HtmlBlock)))
                    .map_or(events.len(), |p| i + p);
                let lines = &events[i + 1..end];
                let mut html = String::new();
                for (line, _) in lines {
                    if let Event::Html(text) = line {
                        html.push_str(text);
                    }
                }
                let start = lines.first().map_or(range.start, |(_, r)| r.start);
                out.push(event.clone());
                push_inline(
                    Event::Html(html.into()),
                    &(start..start),
                    &mut out,
                    &mut rendered,
                    &mut link_stack,
                );
                if end < events.len() {
                    out.push(events[end].0.clone());
                }
                i = end + 1;
                continue;
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
    // The summary: the text before `<!-- more -->`, else the first paragraph, without
    // footnotes (a list page has no footnotes to link to).
    let more = out.iter().position(
        |e| matches!(e, Event::Html(h) | Event::InlineHtml(h) if h.contains(MORE_MARKER)),
    );
    let range = match (more, first_paragraph) {
        (Some(end), _) => Some((0, end)),
        (None, (Some(start), Some(end))) => Some((start, end)),
        _ => None,
    };
    if let Some((start, end)) = range {
        let mut in_footnote = false;
        let events = out[start..end].iter().filter(|e| match e {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                in_footnote = true;
                false
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote = false;
                false
            }
            Event::FootnoteReference(_) => false,
            _ => !in_footnote,
        });
        let mut summary_events: Vec<Event<'_>> = events.cloned().collect();
        // `<!-- more -->` inside a quote, a callout, a list or a paragraph leaves elements
        // open: close them, so that a list page or feed never gets half an element.
        let mut open = Vec::new();
        for event in &summary_events {
            match event {
                Event::Start(tag) => open.push(tag.to_end()),
                Event::End(_) => {
                    open.pop();
                }
                _ => {}
            }
        }
        summary_events.extend(open.into_iter().rev().map(Event::End));
        let mut summary = String::new();
        write_html(&mut summary, summary_events.into_iter());
        rendered.summary = if more.is_some() {
            summary
        } else {
            summary.trim_end().to_string()
        };
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    write_html(&mut html_out, out.into_iter());
    html_out.shrink_to_fit();
    rendered.html = Text::from(html_out);
    // Authors show template syntax in code: only text and HTML outside code is searched.
    let code: Vec<std::ops::Range<usize>> = events
        .iter()
        .filter(|(e, _)| matches!(e, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range.clone())
        .collect();
    rendered.warnings.extend(foreign_syntax(body, &code));
    rendered
}

/// Template syntax of another generator: how it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Foreign {
    /// `{{ ... }}`: a Liquid, Go template or Jinja expression, or a Hugo shortcode.
    Braces,
    /// `{% ... %}`: a Liquid or Jinja tag.
    Percent,
}

/// One warning for the template syntax of other generators (Hugo shortcodes, Liquid tags and
/// expressions) in `body` outside `code` (the byte ranges of code spans and blocks), at the
/// first occurrence, counting the others. One pass, so any input takes linear time.
fn foreign_syntax(body: &str, code: &[std::ops::Range<usize>]) -> Option<Finding> {
    let bytes = body.as_bytes();
    let mut first: Option<std::ops::Range<usize>> = None;
    let mut count = 0usize;
    let mut segment_start = 0;
    let ends = code.iter().map(|range| (range.start, range.end));
    for (code_start, code_end) in ends.chain([(bytes.len(), bytes.len())]) {
        let end = code_start.min(bytes.len()).max(segment_start);
        // An opening waits for its closing until a blank line or code.
        let mut open: Option<(usize, Foreign)> = None;
        let mut i = segment_start;
        while let Some(found) = memchr::memchr3(b'{', b'}', b'\n', &bytes[i..end]) {
            let at = i + found;
            let next = (at + 1 < end).then(|| bytes[at + 1]);
            i = at + 1;
            match (bytes[at], open) {
                (b'{', None) => {
                    let kind = match next {
                        Some(b'{') => Foreign::Braces,
                        Some(b'%') => Foreign::Percent,
                        _ => continue,
                    };
                    open = Some((at, kind));
                    i = at + 2;
                }
                (b'}', Some((start, Foreign::Braces))) if next == Some(b'}') => {
                    open = None;
                    first.get_or_insert(start..at + 2);
                    count += 1;
                    i = at + 2;
                }
                (b'}', Some((start, Foreign::Percent)))
                    if at > start + 2 && bytes[at - 1] == b'%' =>
                {
                    open = None;
                    first.get_or_insert(start..at + 1);
                    count += 1;
                }
                (b'\n', Some(_)) if is_blank_line(&bytes[at + 1..end]) => open = None,
                _ => {}
            }
        }
        segment_start = code_end.min(bytes.len()).max(segment_start);
    }
    let first = first?;
    Some(foreign_finding(
        &body[first.clone()],
        first.start,
        count - 1,
    ))
}

/// The warning for `found`, the first template syntax of another generator in a body, at
/// `offset`, with `more` others after it.
fn foreign_finding(found: &str, offset: usize, more: usize) -> Finding {
    const IN_CODE: &str = "; in backticks it shows as code and is not reported";
    let (what, hint) = if let Some(rest) = found
        .strip_prefix("{{<")
        .or_else(|| found.strip_prefix("{{%"))
    {
        let name = leading_word(rest.trim_start().trim_start_matches("/*").trim_start());
        let hint = if name == "ref" || name == "relref" {
            "write a markdown link instead: `[text](@/guides/x.md)` from `content/`, or \
             `[text](x.md)` from this file's folder"
                .to_string()
        } else {
            format!(
                "replace the shortcode with markdown or HTML (an image is \
                 `![what it shows](/img/x.png)`){IN_CODE}"
            )
        };
        ("the Hugo shortcode", hint)
    } else if let Some(rest) = found.strip_prefix("{%") {
        let name = leading_word(rest.trim_start_matches('-').trim_start());
        let hint = match name {
            "raw" | "endraw" => "delete `{% raw %}` and `{% endraw %}`: the text between them \
                                 shows as written without them"
                .to_string(),
            "include" => {
                format!("replace the tag with what it includes, in markdown or HTML{IN_CODE}")
            }
            _ => format!("replace the tag with markdown or HTML{IN_CODE}"),
        };
        ("the Liquid tag", hint)
    } else {
        let lower = found.to_ascii_lowercase();
        let hint = if [
            "baseurl",
            "site.url",
            "relative_url",
            "absolute_url",
            "relurl",
            "absurl",
        ]
        .iter()
        .any(|url| lower.contains(url))
        {
            "leave the base URL out: a link such as `/guides/x/` or `@/guides/x.md` works under \
             any `base_url`"
                .to_string()
        } else {
            format!("write the value itself (a title, a date, a name) in its place{IN_CODE}")
        };
        ("the template expression", hint)
    };
    let more = match more {
        0 => String::new(),
        n => format!(" (and {n} more in this file)"),
    };
    Finding {
        code: Code::MarkdownForeignSyntax,
        offset,
        message: format!(
            "{what} `{}` shows as literal text: matchpress runs no template syntax in \
             markdown{more}",
            snippet(found)
        ),
        hint,
    }
}

/// The word `text` starts with (`figure` of `figure src=...`).
fn leading_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(text.len());
    &text[..end]
}

/// `text` for a message: its first line, cut at 60 bytes.
fn snippet(text: &str) -> String {
    const MAX: usize = 60;
    let line = text.lines().next().unwrap_or_default();
    if line.len() == text.len() && line.len() <= MAX {
        return line.to_string();
    }
    let mut cut = line.len().min(MAX);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", line[..cut].trim_end())
}

/// Whether `rest`, the text after a line break, starts with a blank line.
fn is_blank_line(rest: &[u8]) -> bool {
    rest.iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .is_none_or(|&b| b == b'\n')
}

/// Write `events` as HTML, with GitHub alerts as callouts, and each table in a scroll box that
/// the keyboard can reach (a wide table scrolls sideways on a phone), named by its columns.
fn write_html<'a>(out: &mut String, events: impl Iterator<Item = Event<'a>>) {
    let events: Vec<Event<'a>> = events.collect();
    let mut labels = table_labels(&events).into_iter();
    html::push_html(
        out,
        events.into_iter().flat_map(|event| {
            let (before, event, after) = match event {
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    (None, Event::Html(callout_open(kind).into()), None)
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => (None, Event::Html("</div>\n".into()), None),
                Event::Start(Tag::Table(alignments)) => {
                    let label = labels.next().unwrap_or_default();
                    let open = format!(
                        "<div class=\"table-scroll-x\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                        escape(&label)
                    );
                    (Some(Event::Html(open.into())), Event::Start(Tag::Table(alignments)), None)
                }
                Event::End(TagEnd::Table) => (None, Event::End(TagEnd::Table), Some(Event::Html("</div>\n".into()))),
                event => (None, event, None),
            };
            before.into_iter().chain(std::iter::once(event)).chain(after)
        }),
    );
}

/// For each table of `events`, in order, a name for its scroll box: "Table:" and its column
/// headings (the first four).
fn table_labels(events: &[Event<'_>]) -> Vec<String> {
    let mut labels = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let (mut in_head, mut in_cell) = (false, false);
    for event in events {
        match event {
            Event::Start(Tag::TableHead) => {
                in_head = true;
                cells.clear();
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                let named: Vec<&str> = cells
                    .iter()
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                    .take(4)
                    .collect();
                labels.push(if named.is_empty() {
                    "Table".to_string()
                } else {
                    format!("Table: {}", named.join(", "))
                });
            }
            Event::Start(Tag::TableCell) if in_head => {
                in_cell = true;
                cells.push(String::new());
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::Text(text) | Event::Code(text) if in_head && in_cell => {
                if let Some(cell) = cells.last_mut() {
                    cell.push_str(text);
                }
            }
            _ => {}
        }
    }
    labels
}

/// The opening of the callout of an alert: a note (not a landmark, so that a page of
/// callouts keeps a short list of landmarks) whose visible title says what kind it is in
/// words, so that no reader depends on its colour.
fn callout_open(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => {
            "<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n"
        }
        BlockQuoteKind::Tip => {
            "<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n"
        }
        BlockQuoteKind::Important => {
            "<div class=\"callout callout-important\" role=\"note\">\n<p class=\"callout-title\">Important</p>\n"
        }
        BlockQuoteKind::Warning => {
            "<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n"
        }
        BlockQuoteKind::Caution => {
            "<div class=\"callout callout-caution\" role=\"note\">\n<p class=\"callout-title\">Caution</p>\n"
        }
    }
}

/// Push the image that starts at `events[i]` (its alt text is the events up to its end):
/// with a placeholder source when it points into the site, with a warning when it has no alt
/// text. Returns the index after the image.
fn push_image<'a>(
    events: &[(Event<'a>, std::ops::Range<usize>)],
    i: usize,
    out: &mut Vec<Event<'a>>,
    rendered: &mut Rendered,
) -> usize {
    let (event, range) = &events[i];
    let end = events[i..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
        .map_or(events.len(), |p| i + p);
    let Event::Start(Tag::Image {
        dest_url, title, ..
    }) = event
    else {
        out.push(event.clone());
        return i + 1;
    };
    let alt = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
    if alt.trim().is_empty() {
        rendered.warnings.push(Finding {
            code: Code::MarkdownMissingAlt,
            offset: range.start,
            message: "an image without alt text".to_string(),
            hint: "describe the image between the brackets: `![what it shows](...)`".to_string(),
        });
    }
    note_external(rendered, dest_url, range.start);
    let src = if let Some(dest) = Dest::of(dest_url) {
        // The image points into the site: write it with a placeholder source.
        placeholder(rendered, dest, range.start)
    } else {
        let mut src = String::with_capacity(dest_url.len());
        // As pulldown-cmark writes an href: percent-encoded, `&` and `'` as references.
        let _ = pulldown_cmark_escape::escape_href(&mut src, dest_url);
        src
    };
    let mut img = format!("<img src=\"{src}\" alt=\"{}\"", escape(&alt));
    if !title.is_empty() {
        let _ = write!(img, " title=\"{}\"", escape(title));
    }
    img.push_str(" />");
    out.push(Event::Html(img.into()));
    end + 1
}

/// Record `href` among the links to other sites when it is one.
fn note_external(rendered: &mut Rendered, href: &str, offset: usize) {
    let href = href.trim();
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || href.starts_with("//") {
        rendered.external.push((href.to_string(), offset));
    }
}

/// Record `dest` as the next link of `rendered` and give its placeholder.
fn placeholder(rendered: &mut Rendered, dest: Dest, offset: usize) -> String {
    let n = rendered.links.len();
    rendered.links.push(BodyLink { dest, offset });
    format!("{PLACEHOLDER_OPEN}{n}{PLACEHOLDER_CLOSE}")
}

/// Push an event, turning links into the site into placeholders.
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
        }) => {
            if let Some(dest) = Dest::of(dest_url) {
                let href = placeholder(rendered, dest, range.start);
                let mut open = format!("<a href=\"{href}\"");
                if !title.is_empty() {
                    let _ = write!(open, " title=\"{}\"", escape(title));
                }
                open.push('>');
                link_stack.push(true);
                out.push(Event::Html(CowStr::from(open)));
            } else {
                note_external(rendered, dest_url, range.start);
                link_stack.push(false);
                out.push(event);
            }
        }
        Event::End(TagEnd::Link) => {
            if link_stack.pop() == Some(true) {
                out.push(Event::Html("</a>".into()));
            } else {
                out.push(event);
            }
        }
        Event::Text(ref text) | Event::Code(ref text) if has_placeholder_char(text) => {
            // The characters that mark placeholders are written as references, so text can
            // never be taken for a placeholder.
            let escaped = escape(text);
            out.push(Event::Html(CowStr::from(
                if matches!(event, Event::Code(_)) {
                    format!("<code>{escaped}</code>")
                } else {
                    escaped
                },
            )));
        }
        Event::Html(ref html) | Event::InlineHtml(ref html) => {
            let inline = matches!(event, Event::InlineHtml(_));
            let html: CowStr<'_> = if has_placeholder_char(html) {
                html.replace(PLACEHOLDER_OPEN, "&#xE000;")
                    .replace(PLACEHOLDER_CLOSE, "&#xE001;")
                    .into()
            } else {
                html.clone()
            };
            match raw_html_links(&html, range.start, rendered) {
                Some(rewritten) if inline => out.push(Event::InlineHtml(rewritten.into())),
                Some(rewritten) => out.push(Event::Html(rewritten.into())),
                None if inline => out.push(Event::InlineHtml(html)),
                None => out.push(Event::Html(html)),
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

/// Raw HTML with the values of its `href` and `src` attributes that point into the site
/// replaced by placeholders; `None` when it has none. `start` is the HTML's offset in the body.
fn raw_html_links(html: &str, start: usize, rendered: &mut Rendered) -> Option<String> {
    let mut found = Vec::new();
    let mut external = Vec::new();
    crate::html::attributes(html, |a| {
        if !(a.is("href") || a.is("src")) {
            return;
        }
        let value = a.value();
        match Dest::of(&value) {
            Some(dest) => found.push((a.offset, a.raw.len(), dest)),
            None => external.push((value.into_owned(), start + a.offset)),
        }
    });
    for (url, offset) in external {
        note_external(rendered, &url, offset);
    }
    if found.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len() + 8 * found.len());
    let mut copied = 0;
    for (offset, len, dest) in found {
        out.push_str(&html[copied..offset]);
        out.push_str(&placeholder(rendered, dest, start + offset));
        copied = offset + len;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// The HTML id of a footnote: `fn-` and its name as a slug.
fn footnote_id(name: &str) -> String {
    format!("fn-{}", slugify(name))
}

/// Whether markdown `text` contains raw HTML (blocks or inline tags).
pub fn has_raw_html(text: &str) -> bool {
    Parser::new_ext(text, options()).any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
}

/// The first link or image address in markdown `text` with a scheme other than http(s) or
/// `mailto:` (`javascript:`, `data:`), as the reader's browser would see it.
pub fn unsafe_link(text: &str) -> Option<String> {
    Parser::new_ext(text, options()).find_map(|e| match e {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            let scheme = crate::html::url_scheme(&dest_url)?;
            let safe = ["http", "https", "mailto"]
                .iter()
                .any(|safe| scheme.eq_ignore_ascii_case(safe));
            (!safe).then(|| dest_url.to_string())
        }
        _ => None,
    })
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

/// The ids a document has given out, and how to give out a new one in amortised constant time.
///
/// A base id that is taken becomes `base-1`, `base-2`, ...: the first free suffix, as before,
/// but the search for `base` resumes where it last stopped instead of at `-1`, so 100,000
/// headings named alike cost 100,000 lookups, not five billion. Every suffix skipped is an id
/// already given out, and `base-n` names one (base, n) pair, so each id is skipped at most once.
#[derive(Debug, Default)]
struct Ids {
    used: HashSet<String>,
    /// For each base that was taken, the first suffix not yet tried.
    next: HashMap<String, usize>,
    /// Lookups made so far (what the complexity tests count).
    probes: usize,
}

impl Ids {
    /// A set in which `reserved` (footnote ids) are already taken.
    fn reserving(reserved: impl IntoIterator<Item = String>) -> Self {
        Self {
            used: reserved.into_iter().collect(),
            ..Self::default()
        }
    }

    /// `base` if it is free, otherwise `base-n` for the smallest free `n`; taken from now on.
    fn unique(&mut self, base: &str) -> String {
        self.probes += 1;
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next.entry(base.to_string()).or_insert(1);
        loop {
            self.probes += 1;
            let id = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
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

/// Whether `text` holds a character that marks placeholders.
fn has_placeholder_char(text: &str) -> bool {
    text.contains([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE])
}

/// Escape text for HTML text or a double-quoted attribute (the characters that mark
/// placeholders included, as references).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            PLACEHOLDER_OPEN => out.push_str("&#xE000;"),
            PLACEHOLDER_CLOSE => out.push_str("&#xE001;"),
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
        assert_eq!(
            r.links[0].dest,
            Dest::File {
                path: "guides/visas.md".to_string(),
                anchor: Some("j-1".to_string()),
                relative: false
            }
        );
        assert_eq!(r.links[0].offset, body.find('[').expect("link"));
        let html = resolve_links(&r.html, &["../visas/#j-1".to_string()]);
        assert!(html.contains("<a href=\"../visas/#j-1\">the visa guide</a>"));
        assert!(html.contains("<a href=\"https://e.org\">web</a>"));
        let summary = resolve_links(&r.summary, &["X".to_string()]);
        assert!(summary.contains("<a href=\"X\">the visa guide</a>"));
    }

    #[test]
    fn every_link_into_the_site_becomes_a_placeholder_in_markdown_images_and_raw_html() {
        let body = "[a](/guides/x/) [b](../y/#h) [c](#top) [d](other.md#z) ![e](/img/e.png)\n\n<a href=\"/about/\">f</a> <img src=\"https://e.org/g.png\" alt=\"g\">\n\n[h](mailto:a@b.org) [i](//cdn.example/x)\n";
        let r = render(body);
        let dests: Vec<&Dest> = r.links.iter().map(|l| &l.dest).collect();
        assert_eq!(
            dests,
            [
                &Dest::Path {
                    path: "guides/x/".to_string(),
                    rest: String::new(),
                    root: true
                },
                &Dest::Path {
                    path: "../y/".to_string(),
                    rest: "#h".to_string(),
                    root: false
                },
                &Dest::Path {
                    path: String::new(),
                    rest: "#top".to_string(),
                    root: false
                },
                &Dest::File {
                    path: "other.md".to_string(),
                    anchor: Some("z".to_string()),
                    relative: true
                },
                &Dest::Path {
                    path: "img/e.png".to_string(),
                    rest: String::new(),
                    root: true
                },
                &Dest::Path {
                    path: "about/".to_string(),
                    rest: String::new(),
                    root: true
                },
            ]
        );
        // Each link's offset points at what the author wrote.
        assert_eq!(&body[r.links[5].offset..r.links[5].offset + 7], "/about/");
        assert_eq!(&body[r.links[4].offset..r.links[4].offset + 2], "![");
        let hrefs: Vec<String> = (0..6).map(|n| format!("H{n}")).collect();
        let html = resolve_links(&r.html, &hrefs);
        assert!(html.contains("<a href=\"H0\">a</a>"), "{html}");
        assert!(html.contains("<img src=\"H4\" alt=\"e\" />"), "{html}");
        assert!(html.contains("<a href=\"H5\">f</a>"), "{html}");
        assert!(html.contains("src=\"https://e.org/g.png\""), "{html}");
        assert!(html.contains("href=\"mailto:a@b.org\""), "{html}");
        assert!(html.contains("href=\"//cdn.example/x\""), "{html}");
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
    fn summaries_leave_footnote_references_out() {
        let r = render("Soon.[^t] More.\n\n[^t]: Four weeks.\n");
        assert_eq!(r.summary, "<p>Soon. More.</p>");
        let r = render("Soon.[^t]\n\n<!-- more -->\n\n[^t]: Four weeks.\n");
        assert_eq!(r.summary.trim_end(), "<p>Soon.</p>");
    }

    /// The quadratic search this replaced: try `-1`, `-2`, ... from the start every time.
    fn unique_id_by_probing(base: &str, used: &mut HashSet<String>) -> String {
        let mut id = base.to_string();
        let mut n = 1;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        id
    }

    #[test]
    fn heading_ids_are_the_ones_probing_gave_with_explicit_ids_in_the_way() {
        let bases = [
            "notes",
            "notes",
            "notes-2",
            "notes",
            "notes",
            "notes-1",
            "notes-1",
            "a",
            "a-1",
            "a",
            "a",
            "a-1",
            "section",
            "section",
            "notes",
            "notes-1-1",
            "notes-1",
        ];
        let mut old = HashSet::new();
        let mut ids = Ids::default();
        for base in bases {
            assert_eq!(
                ids.unique(base),
                unique_id_by_probing(base, &mut old),
                "{base}"
            );
        }
        let r = render("## Notes\n\n## Notes\n\n## Kept {#notes-2}\n\n## Notes\n\n## Notes\n");
        assert_eq!(
            r.anchors,
            vec!["notes", "notes-1", "notes-2", "notes-3", "notes-4"]
        );
    }

    #[test]
    fn identical_headings_cost_linear_work() {
        let probes = |n: usize| {
            let mut ids = Ids::reserving(["notes-7".to_string()]);
            let given: HashSet<String> = (0..n).map(|_| ids.unique("notes")).collect();
            assert_eq!(given.len(), n);
            ids.probes
        };
        let (small, large) = (probes(2_000), probes(8_000));
        // Quadratic probing would make `large` 16 times `small`; linear makes it 4 times.
        assert!(
            large <= small * 5,
            "{small} probes for 2,000, {large} for 8,000"
        );
        assert!(large < 2 * 8_000 + 2, "{large} probes for 8,000 headings");
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
    fn github_alerts_render_as_titled_callouts() {
        let r = render(
            "> [!NOTE]\n> Read this.\n\n> [!tip]\n> Lowercase works.\n\n>[!Important]\nLazy line.\n\n> [!WARNING]\n> One.\n>\n> Two.\n\n> [!CAUTION]\n> Last.\n",
        );
        assert_eq!(
            r.html,
            "<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n<p>Read this.</p>\n</div>\n\
             <div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n<p>Lowercase works.</p>\n</div>\n\
             <div class=\"callout callout-important\" role=\"note\">\n<p class=\"callout-title\">Important</p>\n<p>Lazy line.</p>\n</div>\n\
             <div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n<p>One.</p>\n<p>Two.</p>\n</div>\n\
             <div class=\"callout callout-caution\" role=\"note\">\n<p class=\"callout-title\">Caution</p>\n<p>Last.</p>\n</div>\n"
        );
        assert_eq!(r.words, 9, "titles are not words of the text");
    }

    #[test]
    fn blockquotes_without_an_alert_marker_are_unchanged() {
        for (body, html) in [
            ("> Plain.\n", "<blockquote>\n<p>Plain.</p>\n</blockquote>\n"),
            (
                "> [!WARNING] on the same line\n",
                "<blockquote>\n<p>[!WARNING] on the same line</p>\n</blockquote>\n",
            ),
            (
                "> [!DANGER]\n> Not a kind.\n",
                "<blockquote>\n<p>[!DANGER]\nNot a kind.</p>\n</blockquote>\n",
            ),
            ("[!NOTE]\nNo quote.\n", "<p>[!NOTE]\nNo quote.</p>\n"),
        ] {
            assert_eq!(render(body).html, html, "{body:?}");
        }
    }

    #[test]
    fn callouts_stay_out_of_first_paragraph_summaries_and_close_in_more_summaries() {
        let r = render("> [!WARNING]\n> Deadline.\n\nFirst paragraph.\n");
        assert_eq!(r.summary, "<p>First paragraph.</p>");
        let r = render("> [!TIP]\n> Start early.\n\n<!-- more -->\n\nRest.\n");
        assert_eq!(
            r.summary,
            "<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n<p>Start early.</p>\n</div>\n"
        );
        // A marker inside a callout, a list or a paragraph closes what it leaves open.
        let r = render("> [!TIP]\n> Start early.\n>\n> <!-- more -->\n>\n> Rest.\n");
        assert!(
            r.summary.ends_with("<p>Start early.</p>\n</div>\n"),
            "{}",
            r.summary
        );
        let r = render("- one\n- two <!-- more --> three\n");
        assert_eq!(r.summary, "<ul>\n<li>one</li>\n<li>two </li>\n</ul>\n");
    }

    #[test]
    fn foreign_template_syntax_is_one_warning_at_the_first_occurrence() {
        let body = "Intro.\n\nSee {{< ref \"visas.md\" >}} and {% include cta.html %}.\n\n<a href=\"{{ site.baseurl }}/x/\">x</a> {{ page.title }}\n";
        let r = render(body);
        let found: Vec<&Finding> = r
            .warnings
            .iter()
            .filter(|w| w.code == Code::MarkdownForeignSyntax)
            .collect();
        assert_eq!(found.len(), 1, "{:?}", r.warnings);
        assert_eq!(found[0].offset, body.find("{{<").expect("shortcode"));
        assert!(
            found[0]
                .message
                .starts_with("the Hugo shortcode `{{< ref \"visas.md\" >}}` shows as literal text"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.ends_with("(and 3 more in this file)"),
            "{}",
            found[0].message
        );
        assert!(found[0].hint.contains("@/guides/x.md"), "{}", found[0].hint);
        // Inert: the text is written as it was.
        assert!(r.html.contains("{% include cta.html %}"), "{}", r.html);
        assert!(r.html.contains("{{ page.title }}"), "{}", r.html);
    }

    #[test]
    fn each_kind_of_foreign_syntax_gets_its_own_message_and_hint() {
        for (body, message, hint) in [
            (
                "{{< figure src=\"a.png\" >}}\n",
                "the Hugo shortcode",
                "markdown or HTML",
            ),
            (
                "{{% notice tip %}}\n",
                "the Hugo shortcode",
                "markdown or HTML",
            ),
            (
                "{{< relref \"x.md\" >}}\n",
                "the Hugo shortcode",
                "markdown link",
            ),
            (
                "{% include x.html %}\n",
                "the Liquid tag",
                "what it includes",
            ),
            ("{%- raw -%}\n", "the Liquid tag", "delete `{% raw %}`"),
            ("{% if x %}\n", "the Liquid tag", "markdown or HTML"),
            (
                "[home]({{ \"/\" | relative_url }})\n",
                "the template expression",
                "base URL",
            ),
            ("{{ x }}\n", "the template expression", "the value itself"),
        ] {
            let r = render(body);
            assert_eq!(r.warnings.len(), 1, "{body:?}: {:?}", r.warnings);
            let w = &r.warnings[0];
            assert_eq!(w.code, Code::MarkdownForeignSyntax);
            assert_eq!(w.offset, body.find('{').expect("an opening"), "{body:?}");
            assert!(w.message.starts_with(message), "{body:?}: {}", w.message);
            assert!(!w.message.contains("more in this file"), "{}", w.message);
            assert!(w.hint.contains(hint), "{body:?}: {}", w.hint);
        }
    }

    #[test]
    fn foreign_syntax_in_code_or_unclosed_is_not_reported() {
        for body in [
            "Write `{{< ref \"x.md\" >}}` in Hugo.\n",
            "``{% raw %}``\n",
            "```liquid\n{% include x.html %}\n{{ page.title }}\n```\n",
            "Indented:\n\n    {{ site.baseurl }}\n",
            "> ```\n> {{< x >}}\n> ```\n",
            "- item\n\n  ~~~\n  {% if %}\n  ~~~\n",
            "Braces { alone } and {{ never closed.\n",
            "Opened {{ here\n\nand closed }} a paragraph later.\n",
            "Opened {% here\n \t\r\n%} after a blank line.\n",
            "Escaped \\{\\{ x \\}\\} and {%}.\n",
            "Split {{ by `code` }} is not one.\n",
            "{",
            "{{",
            "{{é}",
            "",
        ] {
            let r = render(body);
            assert!(r.warnings.is_empty(), "{body:?}: {:?}", r.warnings);
        }
        // Beside code, text is still read.
        let body = "`{{ a }}` then {{ b }}\n";
        let r = render(body);
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].offset, body.find("{{ b").expect("b"));
    }

    #[test]
    fn foreign_syntax_messages_cut_long_or_multiline_tags() {
        let r = render(&format!("{{{{< figure src=\"{}é\" >}}}}\n", "a".repeat(57)));
        assert!(
            r.warnings[0].message.contains("`{{< figure src=\"aaa"),
            "{}",
            r.warnings[0].message
        );
        assert!(
            r.warnings[0].message.contains("aaa…`"),
            "{}",
            r.warnings[0].message
        );
        let r = render("{{< figure\n  src=\"a.png\"\n>}}\n");
        assert!(
            r.warnings[0].message.contains("`{{< figure…`"),
            "{}",
            r.warnings[0].message
        );
    }

    #[test]
    fn foreign_syntax_search_is_linear_on_openings_that_never_close() {
        // A search that looked for a closing from every opening would take minutes here.
        // Compared at two sizes, measured in turns (the best of five runs each, so that a
        // busy machine slows both): four times the input takes about four times as long, not
        // sixteen.
        let run = |body: &str| {
            let start = std::time::Instant::now();
            assert_eq!(foreign_syntax(body, &[]), None);
            start.elapsed()
        };
        for unit in ["{{ ", "{% ", "{{", "{%"] {
            let (small_body, large_body) = (unit.repeat(1 << 14), unit.repeat(1 << 16));
            let (mut small, mut large) = (std::time::Duration::MAX, std::time::Duration::MAX);
            for _ in 0..5 {
                small = small.min(run(&small_body));
                large = large.min(run(&large_body));
            }
            assert!(
                large < small * 10,
                "{unit:?}: {small:?} for n, {large:?} for 4n"
            );
        }
        let body = "{{ x }}".repeat(1 << 18);
        let found = foreign_syntax(&body, &[]).expect("found");
        assert!(
            found
                .message
                .ends_with(&format!("(and {} more in this file)", (1 << 18) - 1))
        );
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

    #[test]
    fn links_with_a_script_or_data_scheme_are_found_in_every_spelling() {
        for text in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](javascript&#58;alert(1))",
            "<javascript:alert(1)>",
            "![x](data:image/svg+xml;base64,PHN2Zz4=)",
            "[x][r]\n\n[r]: vbscript:msgbox",
        ] {
            assert!(unsafe_link(text).is_some(), "{text}");
        }
        for text in [
            "[x](https://example.org)",
            "[x](HTTP://example.org)",
            "[x](mailto:a@example.org)",
            "[x](/guides/a/)",
            "[x](../a/#b)",
            "[x](#a:b)",
        ] {
            let found = unsafe_link(text);
            assert!(found.is_none(), "{text}: {found:?}");
        }
    }
}
