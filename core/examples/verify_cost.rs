//! The per-call cost of `Verifier::verify` in Rust, measured the way the binding benchmarks
//! measure it from Kotlin and Python (scripts/binding-cost.sh runs all three in one go):
//! `tests/vectors/presentation/internet-cafe.cbor` with its pinned issuer key, 5 rounds of
//! 2,000 calls after a warm-up, the median round reported in µs per call.
//!
//! ```text
//! cargo run --release -p wangzheng --example verify_cost
//! ```

use std::time::Instant;
use wangzheng::{Policy, PublicKey, Verifier};

const ISSUER: &str = "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737";
const NOW: u64 = 1_767_225_600;
const ROUNDS: usize = 5;
const CALLS: usize = 2_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bytes = std::fs::read(root.join("tests/vectors/presentation/internet-cafe.cbor"))?;
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(&ISSUER[2 * i..2 * i + 2], 16)?;
    }
    let verifier = Verifier::new(Policy::default()).with_issuer_key(PublicKey::from_bytes(&key)?);
    for _ in 0..CALLS {
        verifier.verify(&bytes, NOW)?;
    }
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..CALLS {
            std::hint::black_box(verifier.verify(std::hint::black_box(&bytes), NOW)?);
        }
        rounds.push(start.elapsed().as_secs_f64() * 1e6 / CALLS as f64);
    }
    rounds.sort_by(f64::total_cmp);
    println!(
        "rust verify: {:.1} us/call (median of {ROUNDS} x {CALLS})",
        rounds[ROUNDS / 2]
    );
    Ok(())
}
