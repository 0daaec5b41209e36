//! Shared helpers for the wangzheng benchmarks outside the main workspace: interleaved timing
//! and the machine-readable summary lines that `cargo xtask bench` collects.
//!
//! A summary line is `WZHDR<TAB>table<TAB>cell…` (a table's header) or
//! `WZROW<TAB>table<TAB>cell…` (one row); `cargo xtask bench` turns each table into Markdown.

use std::hint::black_box;
use std::time::Instant;

/// Prints a table header line for `cargo xtask bench`.
pub fn header(table: &str, cells: &[&str]) {
    println!("WZHDR\t{table}\t{}", cells.join("\t"));
}

/// Prints a table row line for `cargo xtask bench`.
pub fn row(table: &str, cells: &[String]) {
    println!("WZROW\t{table}\t{}", cells.join("\t"));
}

/// Median of a non-empty sample.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Mean µs per call of `f` over `iters` calls; every call must return true.
pub fn mean_us(iters: u32, f: &mut dyn FnMut() -> bool) -> f64 {
    let mut ok = 0u32;
    let start = Instant::now();
    for _ in 0..iters {
        ok += u32::from(black_box(f()));
    }
    let elapsed = start.elapsed().as_secs_f64();
    assert_eq!(ok, iters, "every call must succeed");
    elapsed * 1e6 / f64::from(iters)
}

/// Interleaved measurement of several routines: `rounds` rounds, each running every routine
/// for `iters[k]` calls (the order reversed every other round). Returns, per routine, the
/// per-round means in µs.
pub fn interleaved(
    rounds: usize,
    iters: &[u32],
    routines: &mut [&mut dyn FnMut() -> bool],
) -> Vec<Vec<f64>> {
    for (k, f) in routines.iter_mut().enumerate() {
        mean_us(iters[k] / 4 + 1, *f);
    }
    let n = routines.len();
    let mut means = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        let order: Vec<usize> = if round % 2 == 0 {
            (0..n).collect()
        } else {
            (0..n).rev().collect()
        };
        for k in order {
            means[k].push(mean_us(iters[k], routines[k]));
        }
    }
    means
}

/// Median over rounds of the per-round ratio `a[i] / b[i]`.
pub fn paired_ratio(a: &[f64], b: &[f64]) -> f64 {
    median(a.iter().zip(b).map(|(x, y)| x / y).collect())
}
