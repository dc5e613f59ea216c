//! The Smart Pick method (`themes/default/static/smart-pick-method.js`) is plain JavaScript with
//! its tests in `tests/browser/smart-pick/`, run by Node.js's own test runner. This runs them with
//! every `cargo test`: a machine without Node.js fails with what to install, never skips.

use std::path::Path;
use std::process::Command;

#[test]
fn smart_pick_method_passes_its_node_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .args(["--test", "tests/browser/smart-pick/"])
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| {
            panic!("the Smart Pick method's tests need Node.js 18 or newer ({e}): apt-get install nodejs")
        });
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "node --test tests/browser/smart-pick/ failed:\n{report}"
    );
    // Node exits 0 when it finds no test file: a moved folder must not pass as green.
    let ran = report
        .lines()
        .find_map(|l| l.strip_prefix("# tests "))
        .and_then(|n| n.trim().parse::<u32>().ok());
    assert!(ran.is_some_and(|n| n > 0), "no test ran:\n{report}");
}
