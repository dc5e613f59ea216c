//! The `matchpress` command: parses arguments and runs the library (see `cli`).

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
