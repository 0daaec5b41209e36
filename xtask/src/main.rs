//! Project automation for wangzheng, run as `cargo xtask <task>` (an alias defined in
//! `.cargo/config.toml` for `cargo run -q -p xtask --`).
//!
//! Tasks:
//!
//! * `vectors [--check] [--dir DIR]`: (re)generates the committed test vectors in
//!   `tests/vectors/` from fixed seeds, or with `--check` verifies that the committed files are
//!   exactly what the generator produces.
//! * `header [--check] [--out FILE]`: generates the C header `include/wangzheng.h` from the
//!   `ffi/` crate with cbindgen, or with `--check` fails when the committed header is stale or
//!   its version macros do not match the crate version.
//! * `bindings [--check]`: regenerates the Kotlin, Swift and Python bindings under `bindings/`
//!   with the workspace's uniffi-bindgen, or with `--check` fails when the committed ones are
//!   stale.
//! * `bench [--quick] [--from-logs] [--only A,B]`: runs every benchmark (core and
//!   `benches/peers/`) and regenerates docs/BENCHMARKS.md's tables and charts.
//!
//! Each task lives in its own module; add a new one by writing the module and a line in
//! [`TASKS`] and [`main`]'s dispatch.

mod bench;
mod bindings;
mod header;
mod vectors;

use std::path::PathBuf;
use std::process::ExitCode;

/// The error type of every task: any error, boxed, with a message meant for a developer.
pub type BoxError = Box<dyn std::error::Error>;

/// `(name, one-line usage)` of every task, for the help text.
const TASKS: &[(&str, &str)] = &[
    (
        "vectors",
        "vectors [--check] [--dir DIR]   regenerate tests/vectors (or check that it is up to date)",
    ),
    (
        "header",
        "header [--check] [--out FILE]   regenerate include/wangzheng.h (or check that it is up to date)",
    ),
    (
        "bindings",
        "bindings [--check]   regenerate bindings/{kotlin,swift,python} (or check that they are up to date)",
    ),
    (
        "bench",
        "bench [--quick] [--from-logs] [--only A,B]   run every benchmark; regenerate docs/BENCHMARKS.md and its charts",
    ),
];

/// The workspace root (the parent of this crate's folder).
fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map_or(here.clone(), PathBuf::from)
}

fn usage() -> String {
    let mut s = String::from("usage: cargo xtask <task> [options]\n\ntasks:\n");
    for (_, line) in TASKS {
        s.push_str("  ");
        s.push_str(line);
        s.push('\n');
    }
    s
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        eprint!("{}", usage());
        return ExitCode::from(2);
    };
    let result = match task.as_str() {
        "vectors" => vectors::main(rest),
        "header" => header::main(rest),
        "bench" => bench::main(rest),
        "bindings" => bindings::main(rest),
        "-h" | "--help" | "help" => {
            print!("{}", usage());
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("unknown task: {other}\n");
            eprint!("{}", usage());
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask {task}: error: {e}");
            ExitCode::FAILURE
        }
    }
}
