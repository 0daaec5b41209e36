//! `cargo xtask vectors [--check] [--dir DIR]`: the committed test vectors.
//!
//! The generator builds every vector from fixed seeds and fixed times ([`cases`]), runs each
//! case through the library exactly as `core/tests/vectors.rs` does and refuses to go on if an
//! outcome differs from the case's expectation ([`verify`]), then renders `manifest.json` and
//! `README.md` ([`manifest`], [`readme`]).
//!
//! Without `--check` it writes the files into `tests/vectors/` and deletes `.cbor` files in the
//! kind folders, and files in `online/`, that it no longer produces. With `--check` it writes
//! nothing and exits 1 when a committed file differs from what it would write, is missing, or
//! is an extra file there.
//! `tests/vectors/external/` (third-party vectors) is never touched.

mod cases;
mod manifest;
mod readme;
mod verify;

use crate::BoxError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The kind folders the generator owns (one per [`wangzheng::ObjectKind`], and the wallet
/// store).
const KIND_DIRS: &[&str] = &[
    "credential",
    "presentation",
    "presentation_request",
    "issuance_request",
    "trust_list",
    "status_list",
    "wallet_store",
    "verification_request",
    "receipt",
];

/// The folder of generated files that are no signed objects (the live face images of the
/// online verification cases).
pub(crate) const ASSET_DIR: &str = "online";

/// Every generated file, by path relative to the vectors folder.
pub(crate) type Files = BTreeMap<String, Vec<u8>>;

struct Options {
    check: bool,
    dir: PathBuf,
}

fn parse(args: &[String]) -> Result<Options, BoxError> {
    let mut options = Options {
        check: false,
        dir: crate::workspace_root().join("tests").join("vectors"),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--dir" => {
                let dir = it.next().ok_or("--dir needs a folder")?;
                options.dir = PathBuf::from(dir);
            }
            other => {
                return Err(format!(
                    "unknown option {other:?}; usage: cargo xtask vectors [--check] [--dir DIR]"
                )
                .into());
            }
        }
    }
    Ok(options)
}

/// Entry point of the `vectors` task.
pub(crate) fn main(args: &[String]) -> Result<ExitCode, BoxError> {
    let options = parse(args)?;
    let files = generate()?;
    if options.check {
        check(&options.dir, &files)
    } else {
        write(&options.dir, &files)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Builds every vector, verifies every case in-process, and renders the manifest and README.
///
/// # Errors
///
/// When building fails or any case does not verify as it claims.
pub(crate) fn generate() -> Result<Files, BoxError> {
    let vectors = cases::build()?;
    let mut outcomes = Vec::with_capacity(vectors.cases.len());
    let mut problems = Vec::new();
    for case in &vectors.cases {
        match verify::check_case(case, &vectors.files) {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => problems.push(format!("  {}: {e}", case.name)),
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "{} case(s) do not verify as they claim, nothing was written:\n{}",
            problems.len(),
            problems.join("\n")
        )
        .into());
    }
    verify::check_coverage(&vectors.cases)?;
    let mut files = vectors.files.clone();
    files.insert(
        "manifest.json".into(),
        manifest::render(&vectors.cases, &outcomes)?,
    );
    files.insert(
        "README.md".into(),
        readme::render(&vectors.cases, &outcomes)?.into_bytes(),
    );
    Ok(files)
}

/// The generator's committed files: `.cbor` files in the kind folders and every file in
/// [`ASSET_DIR`], as relative paths.
fn committed_cbor(dir: &Path) -> Result<Vec<String>, BoxError> {
    let mut out = Vec::new();
    let folders = KIND_DIRS
        .iter()
        .map(|k| (*k, true))
        .chain([(ASSET_DIR, false)]);
    for (folder, cbor_only) in folders {
        let sub = dir.join(folder);
        if !sub.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&sub).map_err(|e| format!("{}: {e}", sub.display()))? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if (!cbor_only || name.ends_with(".cbor")) && entry.file_type()?.is_file() {
                out.push(format!("{folder}/{name}"));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn write(dir: &Path, files: &Files) -> Result<(), BoxError> {
    let mut removed = 0;
    for stale in committed_cbor(dir)? {
        if !files.contains_key(&stale) {
            std::fs::remove_file(dir.join(&stale)).map_err(|e| format!("removing {stale}: {e}"))?;
            println!("removed   {stale}");
            removed += 1;
        }
    }
    let mut changed = 0;
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("creating {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))?;
        println!("wrote     {rel}");
        changed += 1;
    }
    println!(
        "{}: {} files, {changed} written, {removed} removed",
        dir.display(),
        files.len()
    );
    Ok(())
}

fn check(dir: &Path, files: &Files) -> Result<ExitCode, BoxError> {
    let mut problems = Vec::new();
    for (rel, bytes) in files {
        match std::fs::read(dir.join(rel)) {
            Ok(old) if old == *bytes => {}
            Ok(old) => {
                let at = old
                    .iter()
                    .zip(bytes)
                    .position(|(a, b)| a != b)
                    .unwrap_or(old.len().min(bytes.len()));
                problems.push(format!(
                    "differs   {rel} (committed {} bytes, generated {}; first difference at byte {at})",
                    old.len(),
                    bytes.len()
                ));
            }
            Err(_) => problems.push(format!("missing   {rel}")),
        }
    }
    for extra in committed_cbor(dir)? {
        if !files.contains_key(&extra) {
            problems.push(format!(
                "extra     {extra} (the generator does not produce it)"
            ));
        }
    }
    if problems.is_empty() {
        println!("{} is up to date ({} files)", dir.display(), files.len());
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("{} is out of date with the generator:", dir.display());
    for p in &problems {
        eprintln!("  {p}");
    }
    let fix = if *dir == crate::workspace_root().join("tests").join("vectors") {
        "cargo xtask vectors".to_string()
    } else {
        format!("cargo xtask vectors --dir {}", dir.display())
    };
    eprintln!(
        "to fix: run `{fix}`, review the diff, and commit the result \
         (a change to committed vectors is a change to the wire format)"
    );
    Ok(ExitCode::FAILURE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic() {
        let a = generate().expect("generate");
        let b = generate().expect("generate again");
        assert_eq!(a, b);
        assert!(a.contains_key("manifest.json"));
    }

    #[test]
    fn kind_folders_are_the_manifest_kinds() {
        let kinds: Vec<&str> = verify::MANIFEST_KINDS.iter().map(|k| k.as_str()).collect();
        assert_eq!(kinds, KIND_DIRS);
    }
}
