//! Presentation verification against the cost of its two strict Ed25519 checks.
//!
//! The brief's goal: verifying a presentation costs ≤ 1.05 × its two strict signature checks,
//! measured in one run. For three scenario presentations (internet café: nothing disclosed;
//! age check: full_name + age_over_18; hotel: full_name + id_number answering a signed request)
//! this benchmark times:
//!
//! * `verify`: `Verifier::verify` (or `verify_response` for the hotel) on the presentation bytes;
//! * `2x_verify_strict`: the baseline over the same bytes, with the `Sig_structure` messages
//!   built beforehand: ed25519-dalek `verify_strict` of the issuer signature (issuer key parsed
//!   once, as a verifier pins it) plus `VerifyingKey::from_bytes` of the device key and
//!   `verify_strict` of the device signature (the device key arrives inside the credential, so
//!   parsing it is part of every presentation's inherent cost);
//! * `2x_verify_strict_preparsed`: the same with the device key parsed beforehand too;
//! * `2x_library_verify_strict` (diagnostic): the baseline's work done through the library's
//!   own `PublicKey::from_bytes` + `PublicKey::verify_strict` on the same contiguous messages.
//!   It separates "what the verifier adds" from "how the same Ed25519 code compiles in the
//!   library crate and in this benchmark crate" (inlining and code layout differ, and that
//!   alone moves the figures by several percent).
//!
//! Criterion reports each separately. Criterion does not hand its medians to the program, so
//! after its groups the binary measures the ratios itself: for each scenario it runs 60 rounds
//! of 1000 iterations of each routine, interleaved (the order reversed every other round),
//! timed with `Instant`, and prints the median of the per-round means of each routine and
//! `ratio verify/2×verify_strict` (ratio of those medians), followed in brackets by the median
//! of the per-round paired ratios and the ratio of the fastest rounds. The machine is shared, so
//! the paired and fastest-round ratios are the more robust figures. The ratio step runs only
//! under `cargo bench` (criterion's `--bench` flag); `--quick` shortens it to 10 × 300.
//!
//! ```text
//! cargo bench -p wangzheng --bench verify            # full run, about 2.5 minutes
//! cargo bench -p wangzheng --bench verify -- --quick
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use criterion::Criterion;
use ed25519_dalek::{Signature, VerifyingKey};
use std::hint::black_box;
use std::time::{Duration, Instant};
use wangzheng::cose::sig_structure;
use wangzheng::presentation::Presentation;
use wangzheng::{
    AttributeId, Level, Policy, PresentationRequest, PublicKey, RequestParams, Verifier, Wallet,
};

/// The verifier's clock: one second after the presentations were made.
const VERIFY_AT: u64 = NOW + 2;

/// One scenario presentation and everything its baseline needs, prepared outside the timing.
struct Scenario {
    name: &'static str,
    verifier: Verifier,
    presentation: Vec<u8>,
    /// The signed request the presentation answers (hotel only).
    request: Option<Vec<u8>>,
    issuer_key: VerifyingKey,
    issuer_public: PublicKey,
    issuer_msg: Vec<u8>,
    issuer_sig: Signature,
    issuer_sig_bytes: [u8; 64],
    device_key_bytes: [u8; 32],
    device_key: VerifyingKey,
    device_msg: Vec<u8>,
    device_sig: Signature,
    device_sig_bytes: [u8; 64],
}

impl Scenario {
    fn new(
        name: &'static str,
        verifier: Verifier,
        presentation: Vec<u8>,
        request: Option<Vec<u8>>,
    ) -> Scenario {
        let issuer = issuer();
        let p = Presentation::decode(&presentation).expect("presentation decodes");
        let cred = &p.credential.sign1;
        let issuer_key =
            VerifyingKey::from_bytes(issuer.public_key().as_bytes()).expect("issuer key");
        let device_key_bytes = p.credential.claims.device_key;
        let s = Scenario {
            name,
            verifier,
            issuer_key,
            issuer_public: *issuer.public_key(),
            issuer_msg: sig_structure(cred.protected, cred.payload),
            issuer_sig: Signature::from_bytes(cred.signature),
            issuer_sig_bytes: *cred.signature,
            device_key_bytes,
            device_key: VerifyingKey::from_bytes(&device_key_bytes).expect("device key"),
            device_msg: sig_structure(p.sign1.protected, p.sign1.payload),
            device_sig: Signature::from_bytes(p.sign1.signature),
            device_sig_bytes: *p.sign1.signature,
            request,
            presentation: presentation.clone(),
        };
        let request = s.decoded_request();
        assert!(
            s.verify(request.as_ref()),
            "{name}: the presentation verifies"
        );
        assert!(s.baseline(), "{name}: the baseline verifies");
        assert!(
            s.baseline_preparsed(),
            "{name}: the pre-parsed baseline verifies"
        );
        assert!(
            s.baseline_library(),
            "{name}: the library baseline verifies"
        );
        s
    }

    /// The request, decoded once by the verifier that made it (outside any timing).
    fn decoded_request(&self) -> Option<PresentationRequest<'_>> {
        self.request
            .as_ref()
            .map(|r| PresentationRequest::decode(r).expect("request decodes"))
    }

    fn verify(&self, request: Option<&PresentationRequest<'_>>) -> bool {
        let bytes = black_box(self.presentation.as_slice());
        match request {
            None => self.verifier.verify(bytes, VERIFY_AT).is_ok(),
            Some(r) => self.verifier.verify_response(bytes, r, VERIFY_AT).is_ok(),
        }
    }

    fn baseline(&self) -> bool {
        let issuer_ok = self
            .issuer_key
            .verify_strict(black_box(&self.issuer_msg), &self.issuer_sig)
            .is_ok();
        let device_ok = VerifyingKey::from_bytes(black_box(&self.device_key_bytes))
            .and_then(|k| k.verify_strict(black_box(&self.device_msg), &self.device_sig))
            .is_ok();
        issuer_ok & device_ok
    }

    fn baseline_preparsed(&self) -> bool {
        let issuer_ok = self
            .issuer_key
            .verify_strict(black_box(&self.issuer_msg), &self.issuer_sig)
            .is_ok();
        let device_ok = black_box(&self.device_key)
            .verify_strict(black_box(&self.device_msg), &self.device_sig)
            .is_ok();
        issuer_ok & device_ok
    }

    fn baseline_library(&self) -> bool {
        let issuer_ok = self
            .issuer_public
            .verify_strict(&[black_box(&self.issuer_msg)], &self.issuer_sig_bytes)
            .is_ok();
        let device_ok = PublicKey::from_bytes(black_box(&self.device_key_bytes))
            .and_then(|k| k.verify_strict(&[black_box(&self.device_msg)], &self.device_sig_bytes))
            .is_ok();
        issuer_ok & device_ok
    }
}

fn scenarios() -> Vec<Scenario> {
    let (adult, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let pinned = |policy: Policy| Verifier::new(policy).with_issuer_key(*issuer().public_key());

    let cafe = adult.present(&[], NOW + 1).expect("present");
    let age_name = adult
        .present(&[AttributeId::FullName, AttributeId::AgeOver(18)], NOW + 1)
        .expect("present");

    let hotel_id = "hotel:beijing-wangfujing-0231";
    let request = PresentationRequest::create(
        &RequestParams {
            verifier_id: hotel_id,
            nonce: [0x48; 16],
            requested: &[AttributeId::FullName, AttributeId::IdNumber],
            min_level: Level::Light,
            max_age: 60,
            now: NOW,
        },
        &key(HOTEL_SEED),
    )
    .expect("request");
    let hotel = respond(&adult, &request);

    vec![
        Scenario::new("internet_cafe", pinned(Policy::default()), cafe, None),
        Scenario::new("age_name", pinned(Policy::default()), age_name, None),
        Scenario::new(
            "hotel",
            pinned(Policy {
                audience: Some(hotel_id.into()),
                ..Policy::default()
            }),
            hotel,
            Some(request),
        ),
    ]
}

fn respond(wallet: &Wallet<wangzheng::SigningKey>, request: &[u8]) -> Vec<u8> {
    wallet.respond(request, NOW + 1).expect("respond")
}

fn criterion_groups(c: &mut Criterion, scenarios: &[Scenario]) {
    for s in scenarios {
        let request = s.decoded_request();
        let mut g = c.benchmark_group(s.name);
        g.bench_function("verify", |b| b.iter(|| s.verify(request.as_ref())));
        g.bench_function("2x_verify_strict", |b| b.iter(|| s.baseline()));
        g.bench_function("2x_verify_strict_preparsed", |b| {
            b.iter(|| s.baseline_preparsed())
        });
        g.bench_function("2x_library_verify_strict", |b| {
            b.iter(|| s.baseline_library())
        });
        g.finish();
    }
}

/// Mean time per call of `f` over `iters` calls.
fn time_batch(iters: u32, f: &dyn Fn() -> bool) -> Duration {
    let mut ok = 0u32;
    let start = Instant::now();
    for _ in 0..iters {
        ok += u32::from(black_box(f()));
    }
    let elapsed = start.elapsed();
    assert_eq!(ok, iters, "every call must succeed");
    elapsed / iters
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Interleaved A/B measurement of verify against the baselines; prints medians and ratios.
fn ratios(scenarios: &[Scenario], rounds: usize, iters: u32) {
    println!();
    println!(
        "ratio measurement: {rounds} rounds × {iters} iterations each of verify and the three \
         baselines, interleaved (order reversed every other round); medians of per-round means"
    );
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    for s in scenarios {
        let request = s.decoded_request();
        let r = request.as_ref();
        let routines: [(&str, &dyn Fn() -> bool); 4] = [
            ("verify", &|| s.verify(r)),
            ("2×verify_strict", &|| s.baseline()),
            ("pre-parsed", &|| s.baseline_preparsed()),
            ("library", &|| s.baseline_library()),
        ];
        // Warm up caches and the branch predictor.
        for (_, f) in &routines {
            time_batch(iters / 4 + 1, f);
        }
        // means[k][round]: mean µs of routine k in that round.
        let mut means = vec![Vec::with_capacity(rounds); routines.len()];
        for round in 0..rounds {
            let order: Vec<usize> = if round % 2 == 0 {
                (0..routines.len()).collect()
            } else {
                (0..routines.len()).rev().collect()
            };
            for k in order {
                means[k].push(us(time_batch(iters, routines[k].1)));
            }
        }
        let medians: Vec<f64> = means.iter().map(|m| median(m.clone())).collect();
        let paired = |k: usize| median((0..rounds).map(|i| means[0][i] / means[k][i]).collect());
        println!(
            "{:<14} {:3} bytes: {}",
            s.name,
            s.presentation.len(),
            routines
                .iter()
                .zip(&medians)
                .map(|((n, _), m)| format!("{n} {m:.2} µs"))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let best: Vec<f64> = means
            .iter()
            .map(|m| m.iter().copied().fold(f64::INFINITY, f64::min))
            .collect();
        println!(
            "{:<14} ratio verify/2×verify_strict = {:.3} (median of per-round ratios {:.3}, \
             of fastest rounds {:.3}); vs pre-parsed device key {:.3} ({:.3}, {:.3}); \
             vs library's own verify_strict {:.3} ({:.3}, {:.3})",
            s.name,
            medians[0] / medians[1],
            paired(1),
            best[0] / best[1],
            medians[0] / medians[2],
            paired(2),
            best[0] / best[2],
            medians[0] / medians[3],
            paired(3),
            best[0] / best[3],
        );
    }
}

fn main() {
    let scenarios = scenarios();
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .without_plots()
        .configure_from_args();
    criterion_groups(&mut c, &scenarios);
    c.final_summary();

    // Only when benchmarking for real: `cargo test --benches` runs each routine once instead.
    if has("--bench") && !has("--list") {
        if has("--quick") {
            ratios(&scenarios, 10, 300);
        } else {
            ratios(&scenarios, 60, 1000);
        }
    }
}
