//! Benchmark: load and validate program data (parse every YAML or CSV file, check every
//! field, check IDs across files), as the build does, without rendering anything.
//!
//! ```sh
//! cargo run --release --example gen_data -- --programs 13000 --out /tmp/programs-13k
//! cargo bench --bench load_programs -- /tmp/programs-13k
//! cargo run --release --example gen_data -- --programs 13000 --csv --out /tmp/programs-13k-csv
//! cargo bench --bench load_programs -- /tmp/programs-13k-csv
//! ```
//!
//! Prints the median, fastest and slowest of 9 runs after a warm-up.
#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use matchpress::model::programs as data;
use matchpress::source::{DataFile, SPECIALTIES_FILE};

fn read(path: &Path, rel: &str) -> DataFile {
    DataFile::new(
        PathBuf::from(rel),
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display())),
    )
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map_or_else(|| PathBuf::from("data/programs"), PathBuf::from);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let specialties = read(&root.join(SPECIALTIES_FILE), SPECIALTIES_FILE);
    let mut files: Vec<DataFile> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "csv"))
        .map(|p| {
            let rel = format!(
                "data/programs/{}",
                p.file_name().unwrap_or_default().to_string_lossy()
            );
            read(&p, &rel)
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();

    let run = || {
        let start = Instant::now();
        let loaded = data::load(&specialties, &files);
        let elapsed = start.elapsed();
        assert!(
            loaded.problems.iter().all(|d| !d.is_error()),
            "the benchmark data has errors: {:?}",
            loaded.problems.first()
        );
        (elapsed, loaded.directory.programs.len())
    };
    let (_, programs) = run();
    let mut times: Vec<Duration> = (0..9).map(|_| run().0).collect();
    times.sort();
    println!(
        "load_programs: {programs} programs in {} files ({:.1} MB): median {:.1} ms, fastest {:.1} ms, slowest {:.1} ms ({} threads)",
        files.len(),
        f64::from(u32::try_from(bytes / 1000).unwrap_or(u32::MAX)) / 1e3,
        times[4].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[8].as_secs_f64() * 1e3,
        rayon::current_num_threads(),
    );
}
