//! Writes fictional program data for the default site and for benchmarks: one
//! `data/programs/<slug>.yaml` per specialty of `data/specialties.yaml`, with programs spread
//! across specialties and states roughly as real US residency programs are. The output depends
//! only on the arguments (a seeded PRNG, no clock, no hash-map order), so the same arguments
//! always give the same bytes. Every sponsor, website and note is invented. The generator
//! itself lives in `programs/`, which `gen_site` shares.
//!
//! ```text
//! cargo run --release --example gen_data -- [--programs 600] [--seed 2026] [--out data/programs] [--csv]
//! ```

mod programs;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::Parser;

/// Write fictional residency programs, one YAML file per specialty.
#[derive(Parser)]
struct Args {
    /// How many programs to write, in all.
    #[arg(long, default_value_t = 600)]
    programs: usize,
    /// PRNG seed; the same seed and count give the same bytes.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Output folder [default: data/programs of this repository].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write spreadsheet exports (`<slug>.csv`) instead of YAML files.
    #[arg(long)]
    csv: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let specialties = programs::load_specialties(root)?;
    let (files, extension) = if args.csv {
        (
            programs::csv::render_csv_files(&specialties, args.programs, args.seed)?,
            "csv",
        )
    } else {
        (
            programs::render_files(&specialties, args.programs, args.seed)?,
            "yaml",
        )
    };

    let out = args.out.unwrap_or_else(|| root.join("data/programs"));
    fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let mut changed = 0;
    for (specialty, yaml) in specialties.iter().zip(&files) {
        let path = out.join(format!("{}.{extension}", specialty.slug));
        // Write only what changed, so a rerun does not touch the files' times.
        if fs::read(&path).ok().as_deref() != Some(yaml.as_bytes()) {
            fs::write(&path, yaml).with_context(|| format!("writing {}", path.display()))?;
            changed += 1;
        }
    }
    report(args.programs, specialties.len(), changed, &out);
    Ok(())
}

#[expect(
    clippy::print_stderr,
    reason = "an example program reports what it wrote"
)]
fn report(programs: usize, files: usize, changed: usize, out: &Path) {
    eprintln!(
        "wrote {programs} programs in {files} files to {} ({changed} changed)",
        out.display()
    );
}
