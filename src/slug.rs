//! Slugs: the URL-safe form of titles, file names, tags and headings. Non-ASCII text is
//! transliterated (`Résumé` -> `resume`), so URLs stay readable in every browser and host.

/// Lowercase ASCII letters and digits separated by single hyphens.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            // Apostrophes join words ("IMG's" -> "imgs"); everything else separates them.
            pending_hyphen = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_lowercase_ascii_with_single_hyphens() {
        assert_eq!(
            slugify("J-1 vs. H-1B: What IMGs Need"),
            "j-1-vs-h-1b-what-imgs-need"
        );
        assert_eq!(slugify("  Step 2 CK  "), "step-2-ck");
        assert_eq!(slugify("Résumé & Ünïcödé"), "resume-unicode");
        assert_eq!(slugify("IMG's guide"), "imgs-guide");
        assert_eq!(slugify("../.."), "");
    }
}
