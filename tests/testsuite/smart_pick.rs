//! `/smart-pick/`: planned when the directory has a published program, never otherwise; its
//! context (specialties with their reference scores and list advice, states by Census region,
//! program types) and the same as JSON that is inert inside a `<script>` element; the link every
//! page gets to it; its place in the sitemap.

use serde_json::{Value, json};

use crate::support::{Site, elements, follow};

const PAGE: &str = "smart-pick/index.html";

/// The JSON the fixture's template inlines (`smart_pick_json`), read back.
fn data(site: &Site) -> Value {
    let html = site.read(PAGE);
    let start = html
        .find("<script type=\"application/json\" id=\"smart-pick-data\">")
        .expect("the data element")
        + "<script type=\"application/json\" id=\"smart-pick-data\">".len();
    let end = html[start..].find("</script>").expect("its end") + start;
    serde_json::from_str(&html[start..end]).expect("valid JSON")
}

/// Add `block` (indented as a specialty's fields) to internal medicine's entry.
fn with_internal_medicine(site: &Site, block: &str) {
    let line = "    description: Adult medicine in hospital and clinic.\n";
    site.edit_text("data/specialties.yaml", line, &format!("{line}{block}"));
}

#[test]
fn the_page_lists_the_specialties_with_programs_the_states_by_region_and_the_types() {
    let site = Site::fixture("directory");
    site.build_ok();
    let data = data(&site);
    assert_eq!(data["programs"], 7);
    assert_eq!(data["base_url"], "https://example.test/docs/");
    let directory = data["directory_href"].as_str().expect("an href");
    assert_eq!(follow(PAGE, directory), "programs/index.html");
    // Transitional Year has no program: it is left out.
    let specialties = data["specialties"].as_array().expect("a list");
    let slugs: Vec<&str> = specialties
        .iter()
        .filter_map(|s| s["slug"].as_str())
        .collect();
    assert_eq!(slugs, ["internal-medicine", "pediatrics"]);
    let im = &specialties[0];
    assert_eq!(im["name"], "Internal Medicine");
    assert_eq!(im["acgme_code"], "140");
    assert_eq!(im["programs"], 5);
    assert_eq!(im["reference"], Value::Null);
    assert_eq!(im["list_advice"], Value::Null);
    let href = im["href"].as_str().expect("an href");
    assert_eq!(follow(PAGE, href), "programs/internal-medicine/index.html");
    let json_href = im["json_href"].as_str().expect("an href");
    assert_eq!(follow(PAGE, json_href), "programs/internal-medicine.json");
    assert!(site.exists(&follow(PAGE, json_href)));
    assert_eq!(
        data["states"],
        json!([
            { "code": "CA", "name": "California", "region": "west" },
            { "code": "IL", "name": "Illinois", "region": "midwest" },
            { "code": "NY", "name": "New York", "region": "northeast" },
            { "code": "TX", "name": "Texas", "region": "south" },
        ])
    );
    assert_eq!(
        data["regions"],
        json!([
            { "key": "northeast", "name": "Northeast", "states": ["NY"] },
            { "key": "midwest", "name": "Midwest", "states": ["IL"] },
            { "key": "south", "name": "South", "states": ["TX"] },
            { "key": "west", "name": "West", "states": ["CA"] },
        ])
    );
    assert_eq!(
        data["types"],
        json!([
            { "key": "university", "label": "University" },
            { "key": "community-university", "label": "Community, university-affiliated" },
            { "key": "community", "label": "Community" },
        ])
    );
    // The context the template reads is the same as the JSON.
    let html = site.main_of(PAGE);
    assert!(html.contains("<p class=\"count\">7 programs</p>"), "{html}");
}

#[test]
fn puerto_rico_is_in_the_territories_and_types_keep_their_order() {
    let site = Site::fixture("directory");
    let text = site.text("data/programs/pediatrics.yaml");
    site.file(
        "data/programs/pediatrics.yaml",
        format!(
            "{text}  - acgme_id: \"3204200001\"\n    name: Pediatrics Residency\n    sponsor: San Juan Children's\n    city: San Juan\n    state: PR\n    program_type: military\n"
        ),
    );
    site.build_ok();
    let data = data(&site);
    let regions: Vec<&str> = data["regions"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["key"].as_str())
        .collect();
    assert_eq!(
        regions,
        ["northeast", "midwest", "south", "west", "territories"]
    );
    assert_eq!(data["regions"][4]["states"], json!(["PR"]));
    assert_eq!(data["regions"][4]["name"], "Territories");
    let states: Vec<&str> = data["states"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        states,
        ["California", "Illinois", "New York", "Puerto Rico", "Texas"],
        "by name"
    );
    let types: Vec<&str> = data["types"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|t| t["key"].as_str())
        .collect();
    assert_eq!(
        types,
        [
            "university",
            "community-university",
            "community",
            "military"
        ]
    );
}

#[test]
fn reference_scores_and_list_advice_are_passed_through() {
    let site = Site::fixture("directory");
    with_internal_medicine(
        &site,
        "    matched_img_step2_ck:\n      p25: 229\n      median: 238\n      p75: 246\n      year: 2024\n      source: Demo figures\n      url: https://example.org/charting\n    list_advice:\n      text: Apply widely.\n      source: Demo advice\n",
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let data = data(&site);
    let im = &data["specialties"][0];
    assert_eq!(
        im["reference"],
        json!({
            "p25": 229, "median": 238, "p75": 246, "year": 2024,
            "source": "Demo figures", "url": "https://example.org/charting",
        })
    );
    assert_eq!(
        im["list_advice"],
        json!({ "text": "Apply widely.", "source": "Demo advice", "url": null })
    );
    assert_eq!(data["specialties"][1]["reference"], Value::Null);
}

#[test]
fn a_reference_lowered_to_a_warning_is_unknown_and_its_specialty_stands() {
    let site = Site::fixture("directory");
    with_internal_medicine(
        &site,
        "    matched_img_step2_ck:\n      p25: 250\n      median: 238\n      p75: 246\n      year: 2024\n      source: Demo figures\n    list_advice:\n      text: Apply widely.\n      source: Demo advice\n",
    );
    let config = site.text("site.yaml");
    site.file(
        "site.yaml",
        format!("{config}diagnostics:\n  specialty/invalid-value: warning\n"),
    );
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let data = data(&site);
    let im = &data["specialties"][0];
    assert_eq!(im["slug"], "internal-medicine");
    assert_eq!(im["programs"], 5);
    assert_eq!(im["reference"], Value::Null, "the bad block is unknown");
    assert_eq!(
        im["list_advice"]["text"], "Apply widely.",
        "the good one stands"
    );
    assert!(site.exists("programs/internal-medicine/index.html"));
}

#[test]
fn text_that_closes_the_script_element_comes_out_inert() {
    let site = Site::fixture("directory");
    with_internal_medicine(
        &site,
        "    list_advice:\n      text: \"Apply </script><b>widely</b> & <!-- early\"\n      source: \"A & B </script>\"\n",
    );
    site.build_ok();
    let html = site.read(PAGE);
    let start = html
        .find("id=\"smart-pick-data\">")
        .expect("the data element");
    let script = &html[start..];
    let script = &script[..script.find("</script>").expect("its end")];
    assert!(
        script.contains("Apply \\u003c/script\\u003e\\u003cb\\u003ewidely\\u003c/b\\u003e \\u0026 \\u003c!-- early"),
        "{script}"
    );
    for raw in ['<', '>', '&'] {
        assert!(
            !script["id=\"smart-pick-data\">".len()..].contains(raw),
            "{raw} in {script}"
        );
    }
    // Read back, the JSON says what the file says.
    let data = data(&site);
    assert_eq!(
        data["specialties"][0]["list_advice"]["text"],
        "Apply </script><b>widely</b> & <!-- early"
    );
    assert_eq!(
        data["specialties"][0]["list_advice"]["source"],
        "A & B </script>"
    );
    // Shown as text in the page, never as markup.
    assert!(!html.contains("<b>widely</b>"), "{html}");
}

#[test]
fn the_page_is_in_the_sitemap_and_every_page_links_to_it() {
    let site = Site::fixture_with_default_theme("directory");
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    let locs = elements(&sitemap, "loc");
    assert!(
        locs.contains(&"https://example.test/docs/smart-pick/"),
        "{locs:?}"
    );
    let home = site.main_of("index.html");
    let link =
        "<a href=\"smart-pick/index.html\">Rank programs against your profile with Smart Pick</a>";
    assert!(home.contains(link), "{home}");
    assert!(
        home.contains("Browse all programs"),
        "the directory link stays"
    );
    let guide = site.main_of("guides/im-match/index.html");
    assert!(
        guide.contains(
            "<a href=\"../../smart-pick/index.html\">Rank programs against your profile with Smart Pick</a>"
        ),
        "{guide}"
    );
}

#[test]
fn a_site_without_program_data_has_no_page_and_no_link_to_it() {
    let site = Site::fixture_with_default_theme("basic");
    site.build_ok();
    assert!(!site.exists(PAGE));
    let outputs = site.outputs();
    assert!(
        outputs.iter().any(|o| o == "guides/index.html"),
        "{outputs:?}"
    );
    for output in outputs {
        if output.ends_with(".html") || output.ends_with(".xml") {
            let text = site.read(&output);
            assert!(!text.contains("smart-pick"), "{output} links to Smart Pick");
        }
    }
}

#[test]
fn specialties_without_published_programs_have_no_page_until_drafts_are_built() {
    let site = Site::fixture_with_default_theme("directory");
    site.remove("data/programs/internal-medicine.yaml");
    let text = site.text("data/programs/pediatrics.yaml");
    site.file(
        "data/programs/pediatrics.yaml",
        text.replace("    state: ", "    draft: true\n    state: "),
    );
    site.build_ok();
    assert!(site.exists("programs/index.html"), "the directory stands");
    assert!(!site.exists(PAGE));
    assert!(!site.read("index.html").contains("smart-pick"));
    assert!(!site.read("sitemap.xml").contains("smart-pick"));

    site.build_with(|o| o.drafts = true)
        .expect("a drafts build");
    assert!(site.exists(PAGE));
    assert!(site.read("index.html").contains("smart-pick/index.html"));
}

#[test]
fn check_follows_the_links_of_the_page() {
    let site = Site::fixture("directory");
    let clean = site.run(&["check"]);
    assert_eq!(clean.code, 0, "{}{}", clean.stdout, clean.stderr);
    // A site template for the page with one link that leads nowhere.
    let template = site.text("themes/default/templates/smart_pick.html");
    site.file(
        "templates/smart_pick.html",
        template.replace(
            "<h1>Smart Pick</h1>",
            "<h1>Smart Pick</h1><a href=\"../nowhere/index.html\">x</a>",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(out.contains("nowhere"), "{out}");
    assert!(out.contains("templates/smart_pick.html:1:"), "{out}");
}
