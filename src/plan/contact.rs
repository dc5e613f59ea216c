//! The links that let a reader tell the editors about a mistake ("Report an error on this
//! page", "Suggest a correction"), from `contact:` of `site.yaml`: a new issue with the page
//! named in its title and body, or an email with the same subject and body. Nothing is sent
//! by the page: the reader's own mail program or issue tracker opens, prefilled.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::config::Contact;

/// What a query value keeps as written: RFC 3986's unreserved characters.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The link that reports a problem with the page `title` at `url` (its canonical URL);
/// `subject` says what the reader does ("Error on" or "Correction to"). `None` when the site
/// gives no contact.
pub(super) fn report_href(
    contact: &Contact,
    subject: &str,
    title: &str,
    url: &str,
) -> Option<String> {
    let heading = format!("{subject}: {title}");
    let body = format!(
        "Page: {url}\n\nWhat is wrong or out of date:\n\n\nWhat it should say, with a link to the official source if you have one:\n\n"
    );
    let encode = |text: &str| utf8_percent_encode(text, QUERY_VALUE).to_string();
    if let Some(issues) = &contact.issue_url {
        let joint = if issues.contains('?') { '&' } else { '?' };
        return Some(format!(
            "{issues}{joint}title={}&body={}",
            encode(&heading),
            encode(&body)
        ));
    }
    contact.email.as_ref().map(|email| {
        format!(
            "mailto:{email}?subject={}&body={}",
            encode(&heading),
            encode(&body)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_link_names_the_page_in_its_subject_and_body() {
        let contact = Contact {
            email: Some("editors@example.org".to_string()),
            issue_url: None,
        };
        let href = report_href(
            &contact,
            "Error on",
            "J-1 & H-1B?",
            "https://example.org/guides/j1/",
        )
        .expect("a link");
        assert!(
            href.starts_with("mailto:editors@example.org?subject=Error%20on%3A%20J-1%20%26%20H-1B%3F&body=Page%3A%20https%3A%2F%2Fexample.org%2Fguides%2Fj1%2F%0A"),
            "{href}"
        );
    }

    #[test]
    fn an_issue_link_is_preferred_and_keeps_its_own_query() {
        let mut contact = Contact {
            email: Some("editors@example.org".to_string()),
            issue_url: Some("https://github.com/o/r/issues/new".to_string()),
        };
        let href = report_href(&contact, "Correction to", "A", "https://x.org/a/").expect("a link");
        assert!(
            href.starts_with(
                "https://github.com/o/r/issues/new?title=Correction%20to%3A%20A&body="
            ),
            "{href}"
        );
        contact.issue_url = Some("https://github.com/o/r/issues/new?template=fix.yml".to_string());
        let href = report_href(&contact, "Correction to", "A", "https://x.org/a/").expect("a link");
        assert!(href.contains("?template=fix.yml&title="), "{href}");
        assert_eq!(report_href(&Contact::default(), "Error on", "A", "u"), None);
    }
}
