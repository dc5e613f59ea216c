//! The `matchpress` command: parses arguments and runs the library (see `cli`).

mod cli;

/// mimalloc instead of the system allocator: a build makes and frees millions of strings, many
/// of them page-sized, from every core at once, which glibc's allocator serves more slowly (see
/// BENCHMARKS.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
