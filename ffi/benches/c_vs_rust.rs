//! Presentation verification through the C API against the Rust API, in one run.
//!
//! The C side is the real shared library, loaded with `dlopen` and called through the exported
//! symbols exactly as a terminal calls them (a PLT-like indirect call, the NULL checks, the
//! panic boundary and, when a verdict is asked for, the owned copy of the outcome). The Rust
//! side is `wangzheng::Verifier::verify` on the same bytes, with the same pinned issuer key,
//! policy and time. Two presentations from `tests/vectors`: `internet-cafe` (nothing disclosed)
//! and `age-name` (full_name and age_over_18).
//!
//! Routines, per presentation:
//! * `rust`: `Verifier::verify`;
//! * `c`: `wz_verifier_verify` with no verdict (a gate: the decision only);
//! * `c+verdict`: `wz_verifier_verify` writing a verdict, then `wz_verdict_free`.
//!
//! After criterion's groups (which report each routine), the binary measures the ratios itself
//! (criterion does not hand its medians back): rounds of interleaved iterations, the order
//! reversed every other round, and prints the median of the per-round ratios `c / rust` and
//! `c+verdict / rust`, the ratio of the fastest rounds, and the per-call difference in
//! nanoseconds. The machine is shared: the paired ratios are the robust figures.
//!
//! The library is built beforehand, with the profile to measure:
//!
//! ```text
//! cargo build --release -p wangzheng-ffi                 # same code generation as the bench
//! cargo bench -p wangzheng-ffi --bench c_vs_rust
//! cargo build --profile release-ffi -p wangzheng-ffi     # the shipped, size-optimised build
//! WZ_FFI_LIB=target/release-ffi/libwangzheng.so cargo bench -p wangzheng-ffi --bench c_vs_rust
//! ```
//!
//! `WZ_FFI_LIB` names the library (default `target/release/libwangzheng.so`); `-- --quick`
//! shortens the ratio step.
//!
//! `-- --count ROUTINE CASE N` runs only `ROUTINE` (`rust`, `c` or `c+verdict`) on `CASE`
//! (`internet-cafe` or `age-name`) N times and exits, for instruction counts that do not depend
//! on the machine's load: `bash tests/c/run.sh cost` runs it under `valgrind --tool=callgrind`
//! with N = 1 and N = 11 and prints the difference per call.

use criterion::Criterion;
use std::ffi::{CString, c_char, c_int, c_void};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use wz_core::{Policy, PublicKey, Verifier};

/// When the vectors' presentations are checked (their `now`).
const NOW: u64 = 1_767_225_600;
/// The vectors' issuer key (seed `11` × 32).
const ISSUER: &str = "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737";

unsafe extern "C" {
    fn dlopen(filename: *const c_char, flags: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *const c_char;
}
const RTLD_NOW: c_int = 2;

type Opaque = c_void;
type VerifierNewPinned =
    unsafe extern "C" fn(*const Opaque, *const u8, usize, *mut *mut Opaque) -> u32;
type VerifierVerify = unsafe extern "C" fn(
    *const Opaque,
    *const u8,
    usize,
    u64,
    *mut Opaque,
    *mut *mut Opaque,
) -> u32;
type Free = unsafe extern "C" fn(*mut Opaque);
type Version = unsafe extern "C" fn() -> *const c_char;

/// The C API, resolved from the shared library.
struct CApi {
    verify: VerifierVerify,
    verdict_free: Free,
    verifier: *mut Opaque,
}

fn library_path() -> PathBuf {
    std::env::var_os("WZ_FFI_LIB").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/libwangzheng.so"),
        PathBuf::from,
    )
}

fn symbol<T: Copy>(lib: *mut c_void, name: &str) -> T {
    let c = CString::new(name).expect("symbol name");
    // SAFETY: `lib` is a live handle from dlopen; the name is NUL-terminated.
    let p = unsafe { dlsym(lib, c.as_ptr()) };
    assert!(!p.is_null(), "{name} not exported");
    assert_eq!(size_of::<T>(), size_of::<*mut c_void>());
    // SAFETY: `T` is the function pointer type of the header's declaration of `name`.
    unsafe { std::mem::transmute_copy(&p) }
}

impl CApi {
    fn load(issuer: &[u8; 32]) -> CApi {
        let path = library_path();
        let c = CString::new(path.to_str().expect("utf-8 path")).expect("path");
        // SAFETY: a NUL-terminated path; the library's initialisers are Rust's own.
        let lib = unsafe { dlopen(c.as_ptr(), RTLD_NOW) };
        if lib.is_null() {
            // SAFETY: dlerror returns a NUL-terminated message after a failed dlopen.
            let why = unsafe { std::ffi::CStr::from_ptr(dlerror()) };
            panic!(
                "cannot load {} ({why:?}); build it first: cargo build --release -p wangzheng-ffi",
                path.display()
            );
        }
        let version: Version = symbol(lib, "wz_version");
        // SAFETY: wz_version returns a static NUL-terminated string.
        let v = unsafe { std::ffi::CStr::from_ptr(version()) };
        println!("C library: {} (wangzheng {v:?})", path.display());
        let new_pinned: VerifierNewPinned = symbol(lib, "wz_verifier_new_pinned");
        let mut verifier = std::ptr::null_mut();
        // SAFETY: valid key buffer and out-parameter, default policy (NULL).
        let rc = unsafe { new_pinned(std::ptr::null(), issuer.as_ptr(), 32, &mut verifier) };
        assert_eq!(rc, 0);
        CApi {
            verify: symbol(lib, "wz_verifier_verify"),
            verdict_free: symbol(lib, "wz_verdict_free"),
            verifier,
        }
    }

    fn verify(&self, p: &[u8]) -> u32 {
        // SAFETY: a live verifier and a valid buffer; no cache, no verdict.
        unsafe {
            (self.verify)(
                self.verifier,
                p.as_ptr(),
                p.len(),
                NOW,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        }
    }

    fn verify_with_verdict(&self, p: &[u8]) -> u32 {
        let mut verdict = std::ptr::null_mut();
        // SAFETY: as `verify`, with an out-parameter for the verdict, freed right after.
        unsafe {
            let rc = (self.verify)(
                self.verifier,
                p.as_ptr(),
                p.len(),
                NOW,
                std::ptr::null_mut(),
                &mut verdict,
            );
            (self.verdict_free)(verdict);
            rc
        }
    }
}

fn vector(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn issuer_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(&ISSUER[2 * i..2 * i + 2], 16).expect("hex");
    }
    key
}

type Routine<'a> = (&'static str, Box<dyn Fn() + 'a>);

/// Median of the per-round mean times of each routine and of the paired ratios to routine 0.
fn ratios(name: &str, routines: &[Routine<'_>], rounds: usize, iters: u32) {
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); routines.len()];
    for round in 0..rounds {
        let order: Vec<usize> = if round % 2 == 0 {
            (0..routines.len()).collect()
        } else {
            (0..routines.len()).rev().collect()
        };
        for i in order {
            let start = Instant::now();
            for _ in 0..iters {
                (routines[i].1)();
            }
            times[i].push(start.elapsed().as_secs_f64() * 1e9 / f64::from(iters));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let base_median = median(&mut times[0].clone());
    let base_min = times[0].iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "{name}: {} = {base_median:.0} ns per call (median of {rounds} rounds of {iters})",
        routines[0].0
    );
    for i in 1..routines.len() {
        let mut paired: Vec<f64> = times[i].iter().zip(&times[0]).map(|(t, b)| t / b).collect();
        let m = median(&mut times[i].clone());
        let min = times[i].iter().copied().fold(f64::INFINITY, f64::min);
        println!(
            "{name}: {} = {m:.0} ns; ratio {}/{} = {:.4} (paired median {:.4}, fastest rounds {:.4}); difference {:+.0} ns",
            routines[i].0,
            routines[i].0,
            routines[0].0,
            m / base_median,
            median(&mut paired),
            min / base_min,
            m - base_median,
        );
    }
}

fn main() {
    let key = issuer_key();
    let c = CApi::load(&key);
    let rust = Verifier::new(Policy::default())
        .with_issuer_key(PublicKey::from_bytes(&key).expect("issuer key"));
    let cases = [
        ("internet-cafe", vector("presentation/internet-cafe.cbor")),
        ("age-name", vector("presentation/age-name.cbor")),
    ];
    for (name, p) in &cases {
        assert!(rust.verify(p, NOW).is_ok(), "{name}");
        assert_eq!(c.verify(p), 0, "{name}");
        assert_eq!(c.verify_with_verdict(p), 0, "{name}");
    }

    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--count") {
        let (routine, case, n) = match &args[i + 1..] {
            [r, c, n, ..] => (r.as_str(), c.as_str(), n.parse::<u32>().expect("count")),
            _ => panic!("usage: --count ROUTINE CASE N"),
        };
        let (_, p) = cases.iter().find(|(name, _)| *name == case).expect("case");
        for _ in 0..n {
            let ok = match routine {
                "rust" => rust.verify(black_box(p), NOW).is_ok(),
                "c" => c.verify(black_box(p)) == 0,
                "c+verdict" => c.verify_with_verdict(black_box(p)) == 0,
                other => panic!("unknown routine {other}"),
            };
            assert!(ok);
        }
        return;
    }

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for (name, p) in &cases {
        let mut g = criterion.benchmark_group(format!("verify/{name}"));
        g.bench_function("rust", |b| {
            b.iter(|| rust.verify(black_box(p), NOW).is_ok())
        });
        g.bench_function("c", |b| b.iter(|| c.verify(black_box(p))));
        g.bench_function("c+verdict", |b| {
            b.iter(|| c.verify_with_verdict(black_box(p)))
        });
        g.finish();
    }
    criterion.final_summary();

    if !args.iter().any(|a| a == "--bench") {
        return; // `cargo test` runs benches once as tests: skip the long ratio step.
    }
    let quick = args.iter().any(|a| a == "--quick");
    let (rounds, iters) = if quick { (10, 300) } else { (60, 1000) };
    println!("\nratios, same run ({rounds} rounds of {iters} calls each, interleaved):");
    for (name, p) in &cases {
        let routines: Vec<Routine<'_>> = vec![
            (
                "rust",
                Box::new(|| {
                    black_box(rust.verify(black_box(p), NOW).is_ok());
                }),
            ),
            (
                "c",
                Box::new(|| {
                    black_box(c.verify(black_box(p)));
                }),
            ),
            (
                "c+verdict",
                Box::new(|| {
                    black_box(c.verify_with_verdict(black_box(p)));
                }),
            ),
        ];
        ratios(name, &routines, rounds, iters);
    }
}
