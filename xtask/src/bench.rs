//! `cargo xtask bench [--quick] [--from-logs] [--only NAME,…]`: runs every benchmark (the core
//! crate's criterion benches and the peer comparison in `benches/peers/`), keeps each one's
//! output in `target/bench-logs/NAME.log`, and regenerates the measured parts of
//! `docs/BENCHMARKS.md` (the blocks between `<!-- bench:KEY -->` and `<!-- /bench:KEY -->`),
//! `docs/benchmarks.svg` (the headline comparison) and `docs/benchmarks-scaling.svg`.
//!
//! * `--quick`: every bench with criterion's `--quick` and its own shortened summary step.
//! * `--from-logs`: run nothing; rebuild the documents from the logs of an earlier run.
//! * `--only verify,peers`: run only these benches; the others' tables come from their logs.
//!
//! The benches print their summaries as text: `WZHDR`/`WZROW` tab-separated lines (operations,
//! scaling, peers), the ratio lines of `verify`, the Markdown summary table of `lifecycle` and
//! the closing lines of `online`. Besides, the task checks the goals that are not timings: the
//! allocation test, the committed vector sizes, the `thumbv7em-none-eabihf` build and the size
//! of the stripped C library (when `ffi/` is on main).

use crate::BoxError;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// Benches in the order they run: (name, run from the peers workspace?).
const BENCHES: &[(&str, bool)] = &[
    ("verify", false),
    ("lifecycle", false),
    ("operations", false),
    ("scaling", false),
    ("online", false),
    ("peers", true),
];

struct Options {
    quick: bool,
    from_logs: bool,
    only: Option<Vec<String>>,
}

fn parse(args: &[String]) -> Result<Options, BoxError> {
    let mut o = Options {
        quick: false,
        from_logs: false,
        only: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--from-logs" => o.from_logs = true,
            "--only" => {
                let list = it.next().ok_or("--only needs a comma-separated list")?;
                o.only = Some(list.split(',').map(str::to_string).collect());
            }
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    Ok(o)
}

/// Entry point of `cargo xtask bench`.
pub fn main(args: &[String]) -> Result<ExitCode, BoxError> {
    let o = parse(args)?;
    let root = crate::workspace_root();
    let logs = root.join("target").join("bench-logs");
    std::fs::create_dir_all(&logs)?;
    if !o.from_logs {
        for &(name, peers) in BENCHES {
            if o.only
                .as_ref()
                .is_some_and(|l| !l.iter().any(|n| n == name))
            {
                continue;
            }
            run_bench(&root, &logs, name, peers, o.quick)?;
        }
    }
    let mut text = BTreeMap::new();
    for &(name, _) in BENCHES {
        let path = logs.join(format!("{name}.log"));
        text.insert(
            name,
            std::fs::read_to_string(&path).unwrap_or_else(|_| {
                eprintln!("note: no log {}; its tables stay empty", path.display());
                String::new()
            }),
        );
    }
    let checks = if o.from_logs {
        Checks::from_cache(&logs)
    } else {
        Checks::run(&root, &logs)
    };
    let doc = root.join("docs").join("BENCHMARKS.md");
    let current =
        std::fs::read_to_string(&doc).map_err(|e| format!("cannot read {}: {e}", doc.display()))?;
    let report = Report::new(&text, &checks, o.quick);
    let mut updated = current.clone();
    for (key, body) in report.blocks() {
        updated = replace_block(&updated, &key, &body)
            .ok_or_else(|| format!("docs/BENCHMARKS.md has no block <!-- bench:{key} -->"))?;
    }
    std::fs::write(&doc, updated)?;
    std::fs::write(
        root.join("docs").join("benchmarks.svg"),
        report.headline_svg(),
    )?;
    std::fs::write(
        root.join("docs").join("benchmarks-scaling.svg"),
        report.scaling_svg(),
    )?;
    println!("updated docs/BENCHMARKS.md, docs/benchmarks.svg, docs/benchmarks-scaling.svg");
    Ok(ExitCode::SUCCESS)
}

fn run_bench(
    root: &Path,
    logs: &Path,
    name: &str,
    peers: bool,
    quick: bool,
) -> Result<(), BoxError> {
    eprintln!("== bench {name}{}", if quick { " (quick)" } else { "" });
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root).arg("bench");
    if peers {
        cmd.args(["--manifest-path", "benches/peers/Cargo.toml"]);
    } else {
        cmd.args(["-p", "wangzheng"]);
    }
    cmd.args(["--bench", name, "--"]);
    if quick {
        cmd.arg("--quick");
    }
    let out = cmd.stderr(Stdio::inherit()).output()?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    std::fs::write(logs.join(format!("{name}.log")), &stdout)?;
    if !out.status.success() {
        return Err(format!("bench {name} failed ({})", out.status).into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Checks that are not timings.

struct Checks {
    allocations: String,
    allocations_ok: Option<bool>,
    embedded: String,
    embedded_ok: Option<bool>,
    c_library: String,
    c_library_ok: Option<bool>,
    sizes: Vec<(String, usize, usize)>,
}

fn verdict(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "yes",
        Some(false) => "**no**",
        None => "pending",
    }
}

fn cargo(root: &Path, args: &[&str]) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    match Command::new(cargo).current_dir(root).args(args).output() {
        Ok(o) => {
            let mut s = String::from_utf8_lossy(&o.stdout).into_owned();
            s.push_str(&String::from_utf8_lossy(&o.stderr));
            (o.status.success(), s)
        }
        Err(e) => (false, e.to_string()),
    }
}

impl Checks {
    fn run(root: &Path, logs: &Path) -> Checks {
        eprintln!("== allocation test, embedded build, C library size");
        let (ok, out) = cargo(
            root,
            &[
                "test",
                "-p",
                "wangzheng",
                "--release",
                "--test",
                "allocations",
            ],
        );
        let passed = out
            .lines()
            .find_map(|l| l.strip_prefix("test result: "))
            .and_then(|l| l.split("; 0 ignored").next())
            .unwrap_or("no test result")
            .to_string();
        let allocations = format!(
            "0 allocations at 1–8 disclosures, refusals included (`core/tests/allocations.rs`: {passed})"
        );
        let (emb_ok, emb_out) = cargo(
            root,
            &[
                "build",
                "-p",
                "wangzheng",
                "--release",
                "--no-default-features",
                "--target",
                "thumbv7em-none-eabihf",
            ],
        );
        let embedded = if emb_ok {
            "builds (`no_std` + `alloc`)".to_string()
        } else {
            format!(
                "fails: {}",
                emb_out
                    .lines()
                    .find(|l| l.starts_with("error"))
                    .unwrap_or("see cargo output")
            )
        };
        let (c_library, c_library_ok) = c_library(root);
        let c = Checks {
            allocations,
            allocations_ok: Some(ok),
            embedded,
            embedded_ok: Some(emb_ok),
            c_library,
            c_library_ok,
            sizes: vector_sizes(root),
        };
        let cache = format!(
            "{}\n{}\n{}\n{}\n{}\n{}\n",
            c.allocations,
            verdict(c.allocations_ok),
            c.embedded,
            verdict(c.embedded_ok),
            c.c_library,
            verdict(c.c_library_ok)
        );
        let _ = std::fs::write(logs.join("checks.log"), cache);
        c
    }

    fn from_cache(logs: &Path) -> Checks {
        let text = std::fs::read_to_string(logs.join("checks.log")).unwrap_or_default();
        let l: Vec<&str> = text.lines().collect();
        let get = |i: usize| l.get(i).copied().unwrap_or("not run").to_string();
        let ok = |i: usize| match l.get(i).copied() {
            Some("yes") => Some(true),
            Some("**no**") => Some(false),
            _ => None,
        };
        let root = logs
            .parent()
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Checks {
            allocations: get(0),
            allocations_ok: ok(1),
            embedded: get(2),
            embedded_ok: ok(3),
            c_library: get(4),
            c_library_ok: ok(5),
            sizes: vector_sizes(&root),
        }
    }
}

/// The stripped C library's size, when the `ffi/` crate is on main.
fn c_library(root: &Path) -> (String, Option<bool>) {
    let tracked = Command::new("git")
        .current_dir(root)
        .args(["ls-files", "ffi/Cargo.toml"])
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    if !tracked {
        return ("pending the C ABI: `ffi/` is not on main yet".into(), None);
    }
    let (ok, out) = cargo(
        root,
        &[
            "build",
            "-p",
            "wangzheng-ffi",
            "--no-default-features",
            "--profile",
            "release-ffi",
        ],
    );
    let lib = root.join("target/release-ffi/libwangzheng.so");
    match (ok, std::fs::metadata(&lib)) {
        (true, Ok(m)) => {
            let kb = m.len() as f64 / 1024.0;
            (
                format!(
                    "{} bytes ({kb:.0} KB), `cargo build -p wangzheng-ffi --no-default-features --profile release-ffi` (stripped, curve25519-dalek at opt-level 3)",
                    m.len()
                ),
                Some(kb <= 450.0),
            )
        }
        _ => (
            format!(
                "build failed: {}",
                out.lines()
                    .find(|l| l.starts_with("error"))
                    .unwrap_or("see cargo output")
            ),
            Some(false),
        ),
    }
}

/// (vector name, size, budget) for the two presentations with a size budget.
fn vector_sizes(root: &Path) -> Vec<(String, usize, usize)> {
    let Ok(text) = std::fs::read_to_string(root.join("tests/vectors/manifest.json")) else {
        return vec![];
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return vec![];
    };
    let mut out = vec![];
    for (name, budget) in [
        ("presentation/internet-cafe", 400),
        ("presentation/age-name", 640),
    ] {
        if let Some(size) = json["cases"].as_array().and_then(|cases| {
            cases
                .iter()
                .find(|c| c["name"] == name)
                .and_then(|c| c["size"].as_u64())
        }) {
            out.push((name.to_string(), size as usize, budget));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Parsing the logs.

/// `WZHDR`/`WZROW` tables of a log: name → rows (the header first).
fn wz_tables(log: &str) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut t: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for line in log.lines() {
        let mut cells = line.split('\t');
        let kind = cells.next();
        if kind != Some("WZHDR") && kind != Some("WZROW") {
            continue;
        }
        let Some(name) = cells.next() else { continue };
        let rows = t.entry(name.to_string()).or_default();
        if kind == Some("WZHDR") {
            rows.clear();
        }
        rows.push(cells.map(str::to_string).collect());
    }
    t
}

/// A duration printed as `12.3 ns`, `45.6 µs` or `7.8 ms`, in µs.
fn parse_us(s: &str) -> Option<f64> {
    let mut it = s.split_whitespace();
    let v: f64 = it.next()?.parse().ok()?;
    match it.next()? {
        "ns" => Some(v / 1e3),
        "µs" | "us" => Some(v),
        "ms" => Some(v * 1e3),
        _ => None,
    }
}

/// The number after `key` in `line`.
fn number_after(line: &str, key: &str) -> Option<f64> {
    let rest = &line[line.find(key)? + key.len()..];
    let num: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    num.parse().ok()
}

struct VerifyScenario {
    name: String,
    bytes: String,
    verify_us: f64,
    floor_us: f64,
    ratio: f64,
    paired: f64,
    fastest: f64,
}

fn verify_scenarios(log: &str) -> Vec<VerifyScenario> {
    let mut out: Vec<VerifyScenario> = vec![];
    for line in log.lines() {
        let Some(name) = line.split_whitespace().next() else {
            continue;
        };
        if line.contains(" bytes: verify ") {
            let bytes = line.split_whitespace().nth(1).unwrap_or("?").to_string();
            out.push(VerifyScenario {
                name: name.to_string(),
                bytes,
                verify_us: number_after(line, "bytes: verify").unwrap_or(f64::NAN),
                floor_us: number_after(line, "2×verify_strict").unwrap_or(f64::NAN),
                ratio: f64::NAN,
                paired: f64::NAN,
                fastest: f64::NAN,
            });
        } else if line.contains("ratio verify/2×verify_strict =")
            && let Some(s) = out.iter_mut().find(|s| s.name == name)
        {
            s.ratio = number_after(line, "ratio verify/2×verify_strict =").unwrap_or(f64::NAN);
            s.paired = number_after(line, "per-round ratios").unwrap_or(f64::NAN);
            s.fastest = number_after(line, "of fastest rounds").unwrap_or(f64::NAN);
        }
    }
    out
}

/// The Markdown summary table of `lifecycle` (its `|` lines after the summary title).
fn lifecycle_table(log: &str) -> Vec<Vec<String>> {
    let Some(start) = log.find("lifecycle benchmark summary") else {
        return vec![];
    };
    log[start..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .filter(|l| !l.starts_with("|-"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

fn markdown(rows: &[Vec<String>]) -> String {
    let Some((head, body)) = rows.split_first() else {
        return "_not measured in this run_\n".into();
    };
    let mut s = format!("| {} |\n", head.join(" | "));
    s.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    for r in body {
        s.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    s
}

// ---------------------------------------------------------------------------------------------
// The report.

struct Report {
    tables: BTreeMap<String, Vec<Vec<String>>>,
    verify: Vec<VerifyScenario>,
    lifecycle: Vec<Vec<String>>,
    online: Vec<String>,
    checks_rows: Vec<Vec<String>>,
    machine: String,
    quick: bool,
    peer_us: BTreeMap<String, f64>,
    peer_sizes: BTreeMap<String, String>,
}

impl Report {
    fn new(text: &BTreeMap<&str, String>, checks: &Checks, quick: bool) -> Report {
        let mut tables = BTreeMap::new();
        for name in ["operations", "scaling", "peers"] {
            tables.extend(wz_tables(text.get(name).map_or("", String::as_str)));
        }
        let kv = |t: &str| -> BTreeMap<String, String> {
            tables
                .get(t)
                .map(|rows: &Vec<Vec<String>>| {
                    rows.iter()
                        .filter(|r| r.len() >= 2)
                        .map(|r| (r[0].clone(), r[1].clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let peer_us = kv("peer_us")
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.parse().ok()?)))
            .collect();
        let peer_sizes = kv("peer_sizes");
        let online = text
            .get("online")
            .map(|l| {
                l.lines()
                    .skip_while(|l| !l.starts_with("Online verification"))
                    .skip(1)
                    .take_while(|l| l.starts_with("  "))
                    .map(|l| l.trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let mut r = Report {
            verify: verify_scenarios(text.get("verify").map_or("", String::as_str)),
            lifecycle: lifecycle_table(text.get("lifecycle").map_or("", String::as_str)),
            tables,
            online,
            checks_rows: vec![],
            machine: machine(),
            quick,
            peer_us,
            peer_sizes,
        };
        r.checks_rows = r.goal_rows(checks);
        r
    }

    fn lifecycle_cell(&self, prefix: &str) -> Option<(String, String)> {
        self.lifecycle
            .iter()
            .find(|r| r.first().is_some_and(|c| c.starts_with(prefix)))
            .map(|r| {
                (
                    r.get(1).cloned().unwrap_or_default(),
                    r.get(3).cloned().unwrap_or_default(),
                )
            })
    }

    fn goal_rows(&self, c: &Checks) -> Vec<Vec<String>> {
        let yes = |ok: bool| if ok { "yes" } else { "**no**" }.to_string();
        let mut rows = vec![vec![
            "goal".to_string(),
            "measured".into(),
            "goal met?".into(),
            "command".into(),
        ]];
        // Verification ratio.
        if self.verify.is_empty() {
            rows.push(vec![
                "presentation verification ≤ 1.05 × its two strict signature checks".into(),
                "not measured in this run".into(),
                "pending".into(),
                "`cargo bench -p wangzheng --bench verify`".into(),
            ]);
        } else {
            let worst = self
                .verify
                .iter()
                .map(|s| s.ratio)
                .fold(f64::NEG_INFINITY, f64::max);
            let list = self
                .verify
                .iter()
                .map(|s| {
                    format!(
                        "{} {:.3} (paired {:.3}, fastest rounds {:.3})",
                        s.name, s.ratio, s.paired, s.fastest
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            rows.push(vec![
                "presentation verification ≤ 1.05 × its two strict signature checks".into(),
                list,
                yes(worst <= 1.05),
                "`cargo bench -p wangzheng --bench verify`".into(),
            ]);
        }
        // Peers.
        let peer = |k: &str| self.peer_us.get(k).copied();
        for (name, key, goal) in [
            ("≥ 5× faster than an ISO mdoc reader (isomdl)", "mdoc", 5.0),
            (
                "≥ 1.4× faster than SD-JWT+KB, EdDSA (sd-jwt-rs)",
                "sd_jwt_kb",
                1.4,
            ),
        ] {
            match (peer(key), peer("wangzheng_qr"), peer("wangzheng_bytes")) {
                (Some(p), Some(q), Some(b)) => rows.push(vec![
                    name.into(),
                    format!(
                        "{:.2}× from the QR text ({p:.1} µs vs {q:.1} µs); {:.2}× from the bytes ({b:.1} µs)",
                        p / q,
                        p / b
                    ),
                    yes(p / q >= goal),
                    "`cd benches/peers && cargo bench --bench peers`".into(),
                ]),
                _ => rows.push(vec![
                    name.into(),
                    "not measured in this run".into(),
                    "pending".into(),
                    "`cd benches/peers && cargo bench --bench peers`".into(),
                ]),
            }
        }
        // Gate.
        let lc = "`cargo bench -p wangzheng --bench lifecycle`".to_string();
        if let Some((v, meets)) = self.lifecycle_cell("gate n=64: ratio") {
            rows.push(vec![
                "batch ≥ 1.8 × single-presentation throughput at 64".into(),
                v,
                if meets == "yes" {
                    "yes".into()
                } else {
                    "**no**".into()
                },
                lc.clone(),
            ]);
        }
        rows.push(vec![
            "zero heap allocations verifying up to 8 disclosures".into(),
            c.allocations.clone(),
            verdict(c.allocations_ok).into(),
            "`cargo test -p wangzheng --release --test allocations`".into(),
        ]);
        for (name, size, budget) in &c.sizes {
            rows.push(vec![
                format!("`{name}` ≤ {budget} bytes"),
                format!("{size} bytes"),
                yes(size <= budget),
                "`tests/vectors/manifest.json` (`cargo xtask vectors --check`)".into(),
            ]);
        }
        for (prefix, goal) in [
            (
                "status list 10M, 1% not good: signed size",
                "status list, 10⁷ entries, 1% not good: ≤ 600 KB",
            ),
            (
                "status list 10M: one lookup, random index (independent",
                "one status lookup ≤ 100 ns (independent lookups)",
            ),
            (
                "status list 10M: one lookup, random index (dependent",
                "one status lookup ≤ 100 ns (dependent chain: latency)",
            ),
        ] {
            if let Some((v, meets)) = self.lifecycle_cell(prefix) {
                rows.push(vec![
                    goal.into(),
                    v,
                    if meets == "yes" {
                        "yes".into()
                    } else {
                        "**no**".into()
                    },
                    lc.clone(),
                ]);
            }
        }
        rows.push(vec![
            "stripped C library ≤ 450 KB, verification at full speed".into(),
            c.c_library.clone(),
            verdict(c.c_library_ok).into(),
            "`cargo build -p wangzheng-ffi --no-default-features --profile release-ffi`".into(),
        ]);
        rows.push(vec![
            "core builds `no_std` + `alloc` for `thumbv7em-none-eabihf`".into(),
            c.embedded.clone(),
            verdict(c.embedded_ok).into(),
            "`cargo build -p wangzheng --release --no-default-features --target thumbv7em-none-eabihf`".into(),
        ]);
        rows
    }

    fn blocks(&self) -> Vec<(String, String)> {
        let mut b = vec![];
        let mode = if self.quick {
            "\n_Figures from a `--quick` run: fewer rounds, noisier._\n"
        } else {
            ""
        };
        b.push(("machine".into(), format!("{}{mode}", self.machine)));
        b.push(("goals".into(), markdown(&self.checks_rows)));
        b.push((
            "peers".into(),
            markdown(self.tables.get("peers").map_or(&[][..], Vec::as_slice)),
        ));
        let mut v = vec![vec![
            "scenario".to_string(),
            "size".into(),
            "verify (median)".into(),
            "2× verify_strict (same run)".into(),
            "ratio of medians".into(),
            "median of per-round ratios".into(),
            "ratio of fastest rounds".into(),
        ]];
        for s in &self.verify {
            v.push(vec![
                s.name.clone(),
                format!("{} bytes", s.bytes),
                format!("{:.2} µs", s.verify_us),
                format!("{:.2} µs", s.floor_us),
                format!("{:.3}", s.ratio),
                format!("{:.3}", s.paired),
                format!("{:.3}", s.fastest),
            ]);
        }
        b.push((
            "verify".into(),
            if self.verify.is_empty() {
                markdown(&[])
            } else {
                markdown(&v)
            },
        ));
        b.push(("lifecycle".into(), markdown(&self.lifecycle)));
        for t in [
            "operations",
            "disclosure_scaling",
            "status_scaling",
            "replay_scaling",
        ] {
            b.push((
                t.into(),
                markdown(self.tables.get(t).map_or(&[][..], Vec::as_slice)),
            ));
        }
        let online = if self.online.is_empty() {
            "_not measured in this run_\n".to_string()
        } else {
            format!("```text\n{}\n```\n", self.online.join("\n"))
        };
        b.push(("online".into(), online));
        b
    }

    fn headline_svg(&self) -> String {
        let label = |k: &str, name: &str| {
            let size = self
                .peer_sizes
                .get(k)
                .map(|s| format!(" — {s} bytes"))
                .unwrap_or_default();
            format!("{name}{size}")
        };
        let mut bars = vec![];
        for (k, name) in [
            ("floor", "two strict Ed25519 checks (the floor)".to_string()),
            ("wangzheng_bytes", label("wangzheng", "wangzheng, binary")),
            ("wangzheng_qr", "wangzheng, QR text".to_string()),
            (
                "sd_jwt_kb",
                label("sd_jwt_kb", "SD-JWT+KB, EdDSA (sd-jwt-rs)"),
            ),
            ("mdoc", label("mdoc", "ISO mdoc DeviceResponse (isomdl)")),
        ] {
            if let Some(v) = self.peer_us.get(k) {
                bars.push((name, *v));
            }
        }
        bar_chart(
            "Verifying one presentation (full name, age over 18, ID number), median µs, one run",
            "µs",
            &bars,
        )
    }

    fn scaling_svg(&self) -> String {
        let mut bars = vec![];
        if let Some(rows) = self.tables.get("disclosure_scaling") {
            for r in rows.iter().skip(1) {
                if let (Some(k), Some(v), Some(f), Some(size)) =
                    (r.first(), r.get(3), r.get(4), r.get(1))
                    && let (Some(v), Some(f)) = (parse_us(v), parse_us(f))
                {
                    bars.push((format!("{k} disclosed — {size}"), v));
                    bars.push(("    its two signature checks".to_string(), f));
                }
            }
        }
        bar_chart(
            "Verification cost against the number of disclosures and size, median µs",
            "µs",
            &bars,
        )
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let out = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    let mut s = String::new();
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| CPU | {cpu} |");
    let _ = writeln!(s, "| cores (`nproc`) | {} |", out("nproc", &[]));
    let _ = writeln!(s, "| rustc | {} |", out("rustc", &["-V"]));
    let _ = writeln!(
        s,
        "| load when the run ended (`uptime`) | {} |",
        out("uptime", &[])
            .split("load average:")
            .nth(1)
            .unwrap_or("?")
            .trim()
    );
    s
}

/// A horizontal bar chart: one bar per `(label, value)`, value printed at the bar's end.
fn bar_chart(title: &str, unit: &str, bars: &[(String, f64)]) -> String {
    let (left, width, bar_h, gap, top) = (330.0, 820.0, 18.0, 8.0, 48.0);
    let max = bars.iter().map(|b| b.1).fold(0.0, f64::max).max(1e-9);
    let scale = (width - left - 90.0) / max;
    let height = top + bars.len() as f64 * (bar_h + gap) + 20.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"10\" y=\"24\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
        escape(title)
    );
    for (i, (label, v)) in bars.iter().enumerate() {
        let y = top + i as f64 * (bar_h + gap);
        let w = (v * scale).max(1.0);
        let colour = if label.starts_with("wangzheng") || label.contains("disclosed") {
            "#c0392b"
        } else if label.contains("floor") || label.contains("signature checks") {
            "#7f8c8d"
        } else {
            "#2c6fbb"
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n\
             <rect x=\"{left}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{colour}\"/>\n\
             <text x=\"{:.1}\" y=\"{}\">{v:.1} {unit}</text>\n",
            left - 8.0,
            y + 13.0,
            escape(label),
            left + w + 6.0,
            y + 13.0,
        );
    }
    s.push_str("</svg>\n");
    s
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Replaces the body between `<!-- bench:KEY -->` and `<!-- /bench:KEY -->`.
fn replace_block(doc: &str, key: &str, body: &str) -> Option<String> {
    let open = format!("<!-- bench:{key} -->");
    let close = format!("<!-- /bench:{key} -->");
    let a = doc.find(&open)? + open.len();
    let b = a + doc[a..].find(&close)?;
    Some(format!("{}\n{}{}", &doc[..a], body, &doc[b..]))
}
