//! Every diagnostic code matchpress reports, with its default severity and what it means. The
//! codes are stable: scripts, CI annotations and `site.yaml` refer to them. The README's code
//! list is this table (a test keeps the two in step).

use std::fmt;

use super::Severity;

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $text:literal, $severity:ident, $summary:literal; )*) => {
        /// A stable code naming a kind of problem (`front-matter/unknown-key`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $name, )*
        }

        impl Code {
            /// Every code, in the order of the README's list.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as written in reports and settings (`link/broken-anchor`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $text,)* }
            }

            /// How bad the problem is unless the site says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$name => Severity::$severity,)* }
            }

            /// What the code means, in one line (the README's list).
            pub fn summary(self) -> &'static str {
                match self { $(Code::$name => $summary,)* }
            }

            /// The code written as `text`, if there is one.
            pub fn parse(text: &str) -> Option<Code> {
                match text { $($text => Some(Code::$name),)* _ => None }
            }
        }
    };
}

codes! {
    /// An input file is not UTF-8.
    FileNotUtf8 = "file/not-utf8", Error, "an input file is not valid UTF-8";
    /// An input file or folder cannot be read.
    FileUnreadable = "file/unreadable", Error, "an input file or folder cannot be read (permissions, a dangling link)";
    /// An input is a link that leads outside the site's folder.
    FileSymlinkOutside = "file/symlink-outside", Warning, "an input file or folder is a link that leads outside the site's folder, and is not read";
    /// An input is a link back to a folder that holds it.
    FileSymlinkLoop = "file/symlink-loop", Warning, "an input folder is a link back to a folder that holds it (a loop), and is not followed";
    /// An input file's name holds a control character or is not UTF-8, and is not read.
    FileBadName = "file/bad-name", Warning, "an input file's name holds a control character (a line break, a tab) or is not valid UTF-8, and is not read";
    /// An input file is over the size limit of its kind, and is not read.
    FileTooLarge = "file/too-large", Error, "an input file is over the size limit of its kind (8 MB for markdown, 128 MB for data) and is not read";
    /// A content file changed while the site was being built from it.
    FileChangedDuringBuild = "file/changed-during-build", Error, "a content file changed (or went) while matchpress was building the site; build again";

    /// The site has no `site.yaml`.
    ConfigNotFound = "config/not-found", Error, "there is no `site.yaml` in the site's folder";
    /// `site.yaml` is not YAML.
    ConfigSyntax = "config/syntax", Error, "`site.yaml` is not valid YAML";
    /// `site.yaml` has a key matchpress does not know.
    ConfigUnknownKey = "config/unknown-key", Error, "`site.yaml` has a key matchpress does not know";
    /// `site.yaml` lacks a required key.
    ConfigMissingField = "config/missing-field", Error, "`site.yaml` lacks `title` or `base_url`";
    /// A value of `site.yaml` has the wrong shape.
    ConfigWrongType = "config/wrong-type", Error, "a value of `site.yaml` is of the wrong kind (text, number, list, mapping)";
    /// A value of `site.yaml` is out of range or not one of the allowed values.
    ConfigInvalidValue = "config/invalid-value", Error, "a value of `site.yaml` is not allowed (a URL, a range, a choice)";
    /// `site.yaml` gives a key twice.
    ConfigDuplicateKey = "config/duplicate-key", Error, "`site.yaml` gives a key twice";
    /// A menu entry leads nowhere.
    ConfigMenuTarget = "config/menu-target", Error, "a menu entry of `site.yaml` leads to no page";

    /// The theme is missing.
    ConfigMissingTheme = "config/missing-theme", Error, "the theme named by `theme:` in `site.yaml` does not exist";
    /// A template the site needs is missing.
    TemplateMissing = "template/missing", Error, "the theme lacks a template the site needs";
    /// A template does not parse.
    TemplateSyntax = "template/syntax", Error, "a template is not valid Tera";
    /// A template failed while rendering.
    TemplateRender = "template/render", Error, "a template failed while rendering a page";

    /// Front matter opened with `---` is never closed.
    FrontMatterUnclosed = "front-matter/unclosed", Error, "front matter opened with `---` has no closing `---`";
    /// Front matter is not YAML.
    FrontMatterSyntax = "front-matter/syntax", Error, "front matter is not valid YAML";
    /// Front matter has a key matchpress does not know.
    FrontMatterUnknownKey = "front-matter/unknown-key", Warning, "front matter has a key matchpress does not know (its value is kept for templates as `extra`)";
    /// Front matter lacks a required key.
    FrontMatterMissingField = "front-matter/missing-field", Error, "a page has no `title`, and its body does not open with a level-1 heading";
    /// A front matter value has the wrong shape.
    FrontMatterWrongType = "front-matter/wrong-type", Error, "a front matter value is of the wrong kind (text, number, list, mapping)";
    /// A front matter value is not allowed.
    FrontMatterInvalidValue = "front-matter/invalid-value", Error, "a front matter value is not allowed (a slug, an alias, a tag, a choice, empty alt text)";
    /// A front matter date is not a date.
    FrontMatterInvalidDate = "front-matter/invalid-date", Error, "a front matter date is not a valid date (`YYYY-MM-DD`, alone or with a time)";
    /// A page names a specialty that the data does not list.
    FrontMatterUnknownSpecialty = "front-matter/unknown-specialty", Error, "a page's `specialties` names a specialty `data/specialties.yaml` does not list";
    /// Front matter gives a key twice.
    FrontMatterDuplicateKey = "front-matter/duplicate-key", Error, "front matter gives a key twice";

    /// An image has no alt text.
    MarkdownMissingAlt = "markdown/missing-alt", Warning, "an image in markdown has no alt text";
    /// A level-1 heading in a body.
    MarkdownHeading1 = "markdown/h1", Warning, "a body has a level-1 heading (the title is the page's only h1)";
    /// Template syntax of another generator in a body.
    MarkdownForeignSyntax = "markdown/foreign-syntax", Warning, "a body holds a Hugo shortcode or Liquid tag, which shows as literal text";

    /// A page's last review is older than the site allows.
    ReviewStale = "review/stale", Warning, "a page's `last_reviewed` date is older than `review: max_age_months` of `site.yaml` (12 by default)";
    /// A guide that must cite sources cites none.
    ReviewMissingSources = "review/missing-sources", Warning, "a guide in a section with `sources_required: true` (or below one) lists no `sources:`";

    /// Two inputs claim one URL.
    UrlClash = "url/clash", Error, "two inputs would be published at the same URL";
    /// An alias is already a URL of the site.
    UrlAliasClash = "url/alias-clash", Error, "an alias is the URL of another page or alias";
    /// A page's URL segment would be empty.
    UrlEmptySlug = "url/empty-slug", Error, "a page's URL segment would be empty";
    /// A static file would overwrite a generated page.
    UrlStaticClash = "url/static-clash", Error, "a static file would overwrite a generated page";

    /// A link leads to nothing in the site.
    LinkBroken = "link/broken", Error, "a link leads to no page or file of the site";
    /// A link's fragment names no element of its target.
    LinkBrokenAnchor = "link/broken-anchor", Error, "a link's `#fragment` names no element of the page it leads to";
    /// A link leads to a draft.
    LinkToDraft = "link/to-draft", Error, "a link leads to a draft, which is not published";
    /// An external link answers with an error.
    LinkExternalBroken = "link/external-broken", Error, "an external link answers 404, 410 or another client error (`check --external`)";
    /// An external link has moved for good.
    LinkExternalRedirect = "link/external-redirect", Warning, "an external link is permanently redirected (`check --external`)";
    /// An external link could not be checked.
    LinkExternalUnreachable = "link/external-unreachable", Warning, "an external link timed out, refused the check or kept failing (`check --external`)";

    /// A data file is not YAML.
    DataSyntax = "data/syntax", Error, "a data file is not valid YAML or CSV (a CSV row longer than its header, a quote never closed)";
    /// Program files exist without the specialties file.
    DataNoSpecialties = "data/no-specialties-file", Error, "program files exist without `data/specialties.yaml`";
    /// A data file has a top-level key matchpress does not know.
    DataUnknownKey = "data/unknown-key", Error, "a data file has a top-level key matchpress does not know";
    /// A data file lacks a top-level key.
    DataMissingField = "data/missing-field", Error, "a data file lacks `specialties`, `specialty` or `programs`";
    /// A data file's top level has the wrong shape.
    DataWrongType = "data/wrong-type", Error, "a data file's top-level value is of the wrong kind";
    /// A program file names an unknown specialty.
    DataUnknownSpecialty = "data/unknown-specialty", Error, "a program file's `specialty` (a CSV file's name) is not in `data/specialties.yaml`";
    /// A program file is not named after its specialty.
    DataWrongFile = "data/wrong-file", Error, "a program file is not named after the specialty it holds";
    /// A specialty has both a YAML and a CSV program file.
    DataFormatConflict = "data/format-conflict", Error, "a specialty has two program files, YAML and CSV (`pediatrics.yaml` and `pediatrics.csv`); only the YAML file is read";
    /// A file of `data/programs/` is not program data.
    DataIgnoredFile = "data/ignored-file", Warning, "a file in `data/programs/` is neither YAML nor CSV (an `.xlsx` or `.tsv` export), and is not read";

    /// A specialty has a key matchpress does not know.
    SpecialtyUnknownKey = "specialty/unknown-key", Error, "a specialty has a key matchpress does not know";
    /// A specialty lacks a required key.
    SpecialtyMissingField = "specialty/missing-field", Error, "a specialty lacks `slug`, `name` or `acgme_code`, or its reference scores or list advice lack a value they need";
    /// A specialty value has the wrong shape.
    SpecialtyWrongType = "specialty/wrong-type", Error, "a specialty's value is of the wrong kind";
    /// A specialty value is not allowed.
    SpecialtyInvalidValue = "specialty/invalid-value", Error, "a specialty's value is not allowed (a slug, a code, a range, reference scores out of order)";
    /// A specialty is listed twice.
    SpecialtyDuplicate = "specialty/duplicate", Error, "two specialties share a slug or an ACGME code";
    /// An ACGME specialty code is not quoted.
    SpecialtyUnquotedCode = "specialty/unquoted-code", Warning, "an `acgme_code` is not quoted (YAML tools drop a leading zero)";

    /// A program has a key matchpress does not know.
    ProgramUnknownKey = "program/unknown-key", Warning, "a program has a key, or a CSV file a column, matchpress does not know; it is ignored";
    /// A program lacks a required key.
    ProgramMissingField = "program/missing-field", Error, "a program lacks `acgme_id`, `name`, `city` or `state` (a CSV file such a column), and is left out";
    /// A program value has the wrong shape.
    ProgramWrongType = "program/wrong-type", Error, "a program's value is of the wrong kind (text, number, list, mapping)";
    /// A program value is not allowed.
    ProgramInvalidValue = "program/invalid-value", Error, "a program's value is not allowed (a range, a state, a visa, a month, a choice, a URL)";
    /// A program date is not a date.
    ProgramInvalidDate = "program/invalid-date", Error, "a program's date is not a valid date (`YYYY-MM-DD`, alone or with a time)";
    /// A program's ACGME ID is not 10 digits.
    ProgramInvalidId = "program/invalid-id", Error, "an `acgme_id` is not 10 digits";
    /// A program's ACGME ID does not start with its specialty's code.
    ProgramIdSpecialtyMismatch = "program/id-specialty-mismatch", Error, "an `acgme_id` does not start with its specialty's ACGME code";
    /// A program's ACGME ID has another state's code.
    ProgramIdStateMismatch = "program/id-state-mismatch", Warning, "an `acgme_id`'s state digits are not the program's state (real data has a few)";
    /// A program's ACGME ID is not quoted.
    ProgramUnquotedId = "program/unquoted-id", Warning, "an `acgme_id` is not quoted (YAML tools may drop a leading zero)";
    /// Two programs share an ACGME ID.
    ProgramDuplicateId = "program/duplicate-id", Error, "two programs share an `acgme_id`";
    /// A program names another specialty than its file.
    ProgramWrongSpecialty = "program/wrong-specialty", Error, "a program's own `specialty` is not its file's";
    /// Program notes hold raw HTML.
    ProgramRawHtml = "program/raw-html", Error, "a program's `notes` contain raw HTML";
    /// Program values contradict each other.
    ProgramInconsistent = "program/inconsistent", Warning, "a program's values contradict each other (`usce_min_months` without `usce`, `step3_for_h1b` without the H-1B)";
    /// A program gives a key twice.
    ProgramDuplicateKey = "program/duplicate-key", Error, "a program gives a key twice, or a CSV header names a field twice";

    /// A YAML file is over a parser limit.
    YamlLimit = "yaml/limit", Error, "a YAML file is over a parser limit (size, nesting depth, aliases)";
}

impl Code {
    /// Whether a site may lower the code below an error (`diagnostics:` in `site.yaml`). The
    /// codes that may not are those where the build has no sound way on: `site.yaml` that
    /// cannot be read as a whole, a theme or template that does not load, two outputs or a
    /// static file and a page at one URL (which one would be published?), a file that changed
    /// while the build read it.
    pub fn adjustable(self) -> bool {
        !matches!(
            self,
            Self::ConfigNotFound
                | Self::ConfigSyntax
                | Self::ConfigMissingField
                | Self::ConfigWrongType
                | Self::ConfigInvalidValue
                | Self::ConfigDuplicateKey
                | Self::ConfigMissingTheme
                | Self::TemplateMissing
                | Self::TemplateSyntax
                | Self::TemplateRender
                | Self::UrlClash
                | Self::UrlStaticClash
                | Self::FileChangedDuringBuild
        )
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("no diagnostic code `{text}`")))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_lowercase_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'/'
                    || b == b'-'),
                "{text}"
            );
            assert_eq!(text.matches('/').count(), 1, "{text}: family/name");
            assert_eq!(Code::parse(text), Some(code));
        }
        assert_eq!(Code::parse("front-matter/nope"), None);
    }
}
