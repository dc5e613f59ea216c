//! The module graph: imports run down the pipeline, never up or in a circle. Each module of
//! the library may use only the modules listed before it in `ORDER`.

use std::path::Path;

/// The library's modules, in pipeline order.
const ORDER: [&str; 25] = [
    "diagnostic",
    "error",
    "date",
    "slug",
    "states",
    "stored",
    "html",
    "embedded",
    "source",
    "yaml",
    "sheet",
    "config",
    "markdown",
    "model",
    "search",
    "plan",
    "shape",
    "render",
    "links",
    "output",
    "cache",
    "pipeline",
    "session",
    "serve",
    "scaffold",
];

/// The top-level modules the code of `text` names as `crate::module` (tests excluded: a
/// test may build a site with modules further down).
fn uses(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let name = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect()
    };
    let mut found: Vec<String> = Vec::new();
    for (i, m) in code.match_indices("crate::") {
        let rest = &code[i + m.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{config, model::Site}`: the first name of each item, at depth 0.
            let mut depth = 0;
            let mut item_start = 0;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.push(name(&group[item_start..k]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(name(&group[item_start..k]));
                        item_start = k + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(name(rest));
        }
    }
    found.retain(|f| !f.is_empty());
    found.sort();
    found.dedup();
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("list src/") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn imports_run_down_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src/");
        let module = rel
            .components()
            .next()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .unwrap_or_default();
        if matches!(module.as_str(), "lib" | "main" | "cli") {
            continue;
        }
        let Some(rank) = ORDER.iter().position(|m| *m == module) else {
            wrong.push(format!(
                "{}: the module `{module}` is not in ORDER",
                rel.display()
            ));
            continue;
        };
        seen.insert(module.clone());
        let text = std::fs::read_to_string(&file).expect("read a source file");
        for used in uses(&text) {
            if used == module {
                continue;
            }
            match ORDER.iter().position(|m| *m == used) {
                Some(r) if r < rank => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` uses `{used}`, which comes after it",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "{}: `crate::{used}` is not a module",
                    rel.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        seen.len(),
        ORDER.len(),
        "every module of ORDER exists: {seen:?}"
    );
}

#[test]
fn the_checker_of_the_module_graph_sees_uses() {
    let text = "use crate::model::Site;\nuse crate::{config, links::{self, Base}};\nfn f() { crate::plan::plan(); }\n#[cfg(test)]\nmod tests { use crate::serve; }\n";
    assert_eq!(uses(text), ["config", "links", "model", "plan"]);
}
