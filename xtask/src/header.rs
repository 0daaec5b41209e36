//! `cargo xtask header [--check] [--out FILE]`: the C header `include/wangzheng.h`.
//!
//! The header is generated from the `ffi/` crate by cbindgen, used as a library so that
//! `Cargo.lock` pins its version (a cbindgen upgrade changes the output and must be a deliberate
//! commit). Its configuration is `ffi/cbindgen.toml`.
//!
//! Without `--check` it writes the header. With `--check` it writes nothing and fails when the
//! committed header differs from what cbindgen produces now, or when the header's version
//! macros (`WZ_VERSION_MAJOR`, `WZ_VERSION_MINOR`, `WZ_VERSION_PATCH`, `WZ_VERSION`) do not
//! match the `ffi` crate's version in `ffi/Cargo.toml` (inherited from the workspace).
//! `--out FILE` writes (or checks) another file instead, for experiments.

use crate::BoxError;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The header's path relative to the workspace root.
const HEADER: &str = "include/wangzheng.h";

struct Options {
    check: bool,
    out: PathBuf,
}

fn parse(args: &[String]) -> Result<Options, BoxError> {
    let mut options = Options {
        check: false,
        out: crate::workspace_root().join(HEADER),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--out" => options.out = PathBuf::from(it.next().ok_or("--out needs a file")?),
            other => {
                return Err(format!(
                    "unknown option {other:?}; usage: cargo xtask header [--check] [--out FILE]"
                )
                .into());
            }
        }
    }
    Ok(options)
}

/// Runs the task.
pub fn main(args: &[String]) -> Result<ExitCode, BoxError> {
    let options = parse(args)?;
    let root = crate::workspace_root();
    let crate_dir = root.join("ffi");
    let version = crate_version(&root)?;
    let header = generate(&crate_dir, &version)?;
    check_version_macros(&header, &version)?;
    if options.check {
        let committed = std::fs::read_to_string(&options.out)
            .map_err(|e| format!("cannot read {}: {e}", options.out.display()))?;
        if committed != header {
            eprintln!(
                "{} is stale: it differs from what cbindgen generates from ffi/.\n\
                 Run `cargo xtask header` and commit the result.",
                options.out.display()
            );
            print_first_difference(&committed, &header);
            return Ok(ExitCode::FAILURE);
        }
        check_version_macros(&committed, &version)?;
        println!(
            "{} is up to date (version {version})",
            options.out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = options.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&options.out, &header)?;
    println!("wrote {} (version {version})", options.out.display());
    Ok(ExitCode::SUCCESS)
}

/// The header text that cbindgen generates from `crate_dir` with its `cbindgen.toml`, with the
/// version macros of `version` after the includes. cbindgen cannot export string constants,
/// and generating all four macros here keeps the crate version the only place a version is
/// written.
fn generate(crate_dir: &Path, version: &str) -> Result<String, BoxError> {
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .map_err(|e| format!("ffi/cbindgen.toml: {e}"))?;
    let mut parts = version.split(['.', '-', '+']);
    let mut number = |what: &str| {
        parts
            .next()
            .and_then(|p| p.parse::<u32>().ok())
            .ok_or_else(|| format!("crate version {version:?} has no {what} number"))
    };
    let (major, minor, patch) = (number("major")?, number("minor")?, number("patch")?);
    let macros = format!(
        "\n/** The version of the library this header belongs to (the `wangzheng-ffi` crate version);\n    \
         wz_version() returns the same string at run time. */\n\
         #define WZ_VERSION \"{version}\"\n\
         /** The major version: a change here may break source or binary compatibility. */\n\
         #define WZ_VERSION_MAJOR {major}\n\
         /** The minor version. */\n\
         #define WZ_VERSION_MINOR {minor}\n\
         /** The patch version. */\n\
         #define WZ_VERSION_PATCH {patch}\n"
    );
    config.after_includes = Some(match config.after_includes.take() {
        Some(existing) => existing + &macros,
        None => macros,
    });
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .map_err(|e| format!("cbindgen: {e}"))?;
    let mut out = Vec::new();
    bindings.write(&mut out);
    Ok(String::from_utf8(out)?)
}

/// The `ffi` crate's version: `ffi/Cargo.toml` inherits it from the workspace.
fn crate_version(root: &Path) -> Result<String, BoxError> {
    let ffi = std::fs::read_to_string(root.join("ffi").join("Cargo.toml"))?;
    let own = toml_string_value(&ffi, "[package]", "version");
    let version = match own {
        Some(v) => v,
        None => {
            let ws = std::fs::read_to_string(root.join("Cargo.toml"))?;
            toml_string_value(&ws, "[workspace.package]", "version")
                .ok_or("no version in [workspace.package] of Cargo.toml")?
        }
    };
    Ok(version)
}

/// The string value of `key = "..."` in `section` of a TOML file. A deliberately small reader:
/// enough for the version lines of this workspace's manifests, with no TOML dependency.
fn toml_string_value(text: &str, section: &str, key: &str) -> Option<String> {
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == section;
            continue;
        }
        if !inside {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        if k.trim() == key {
            let v = v.trim();
            return v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_owned);
        }
    }
    None
}

/// Fails unless the header's version macros spell `version`.
fn check_version_macros(header: &str, version: &str) -> Result<(), BoxError> {
    let mut parts = version.split(['.', '-', '+']);
    let want = [
        (
            "WZ_VERSION_MAJOR",
            parts.next().unwrap_or_default().to_owned(),
        ),
        (
            "WZ_VERSION_MINOR",
            parts.next().unwrap_or_default().to_owned(),
        ),
        (
            "WZ_VERSION_PATCH",
            parts.next().unwrap_or_default().to_owned(),
        ),
        ("WZ_VERSION", format!("\"{version}\"")),
    ];
    for (name, value) in want {
        let found = header.lines().find_map(|l| {
            let rest = l.strip_prefix("#define ")?.strip_prefix(name)?;
            rest.starts_with(' ').then(|| rest.trim().to_owned())
        });
        match found {
            Some(v) if v == value => {}
            Some(v) => {
                return Err(format!(
                    "{HEADER}: {name} is {v}, but the crate version is {version} (want {value})"
                )
                .into());
            }
            None => return Err(format!("{HEADER}: no #define {name}").into()),
        }
    }
    Ok(())
}

fn print_first_difference(committed: &str, generated: &str) {
    let mut a = committed.lines();
    let mut b = generated.lines();
    for n in 1.. {
        match (a.next(), b.next()) {
            (None, None) => return,
            (x, y) if x == y => {}
            (x, y) => {
                eprintln!("first difference at line {n}:");
                eprintln!("  committed: {}", x.unwrap_or("<end of file>"));
                eprintln!("  generated: {}", y.unwrap_or("<end of file>"));
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_the_right_section() {
        let toml = "[package]\nname = \"x\"\nversion.workspace = true\n\n\
                    [workspace.package]\nversion = \"1.2.3\"\n";
        assert_eq!(toml_string_value(toml, "[package]", "version"), None);
        assert_eq!(
            toml_string_value(toml, "[workspace.package]", "version").as_deref(),
            Some("1.2.3")
        );
    }

    #[test]
    fn version_macros_must_spell_the_crate_version() {
        let header = "#define WZ_VERSION \"0.1.0\"\n#define WZ_VERSION_MAJOR 0\n\
                      #define WZ_VERSION_MINOR 1\n#define WZ_VERSION_PATCH 0\n";
        assert!(check_version_macros(header, "0.1.0").is_ok());
        assert!(check_version_macros(header, "0.2.0").is_err());
        assert!(check_version_macros("#define WZ_VERSION_MAJOR 0\n", "0.1.0").is_err());
    }

    #[test]
    fn the_committed_header_is_fresh() {
        let root = crate::workspace_root();
        let version = crate_version(&root).unwrap();
        let generated = generate(&root.join("ffi"), &version).unwrap();
        let committed = std::fs::read_to_string(root.join(HEADER)).unwrap();
        assert!(
            committed == generated,
            "{HEADER} is stale: run `cargo xtask header`"
        );
    }
}
