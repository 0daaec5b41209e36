//! How costs grow: presentation verification against the number of disclosures (0–12) and the
//! presentation size (portraits of 1, 8 and 32 KiB), status lists from 10³ to 10⁷ entries
//! (1% not good: signed size, load, lookup) and the replay cache from 10³ to 10⁶ entries.
//!
//! * **Disclosures**: one credential of 13 leaves (8 card attributes, 5 age flags), presentations
//!   disclosing the first `k` of them; each verified ([`Verifier::verify`], pinned issuer key)
//!   against its floor, the two strict signature checks (issuer `verify_strict`, device key
//!   parse + `verify_strict`, messages prepared beforehand, as in `verify.rs`), interleaved.
//! * **Size**: the same with a portrait of 1, 8 and 32 KiB disclosed (plus full name): the
//!   hashing grows with the bytes, the signature checks do not.
//! * **Status list**: `n` entries, `n/100` of them revoked at random; signed size, load
//!   ([`Verifier::decode_status_list`]: signature check and inflation) and one lookup at a
//!   random index (independent lookups, indices drawn beforehand).
//! * **Replay cache**: one [`ReplayCache::check_key`] of a fresh key in the steady state of a
//!   busy gate (one entry expires per insertion), and [`ReplayCache::reserved_bytes`].
//!
//! Criterion reports the disclosure routines; the rest, and the ratios, are printed after it
//! as `WZROW` lines (only under `cargo bench`; `--quick` shortens every step).
//!
//! ```text
//! cargo bench -p wangzheng --bench scaling
//! cargo bench -p wangzheng --bench scaling -- --quick
//! ```

mod support;

use criterion::{BenchmarkId, Criterion};
use ed25519_dalek::{Signature, VerifyingKey};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::{fmt_ns, header, interleaved, median, paired_ratio, row};
use wangzheng::cose::sig_structure;
use wangzheng::presentation::Presentation;
use wangzheng::*;

const NOW: u64 = 1_767_225_600;
const DAY: u64 = 86_400;
const VERIFY_AT: u64 = NOW + 2;

fn person(portrait: Option<Vec<u8>>) -> PersonRecord {
    PersonRecord {
        full_name: "王建国".into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: Date::new(1990, 3, 7).expect("date"),
        address: "北京市东城区景山前街4号".into(),
        id_number: "110101199003070011".into(),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: Date::new(2020, 1, 1).expect("date"),
            until: Some(Date::new(2040, 1, 1).expect("date")),
        },
        portrait,
        extras: vec![],
    }
}

/// The 13 attributes of the credential, in disclosure order.
const ORDER: [AttributeId<'static>; 13] = [
    AttributeId::FullName,
    AttributeId::AgeOver(18),
    AttributeId::IdNumber,
    AttributeId::Sex,
    AttributeId::Ethnicity,
    AttributeId::BirthDate,
    AttributeId::Address,
    AttributeId::IssuingAuthority,
    AttributeId::CardValidity,
    AttributeId::AgeOver(14),
    AttributeId::AgeOver(16),
    AttributeId::AgeOver(21),
    AttributeId::AgeOver(60),
];

fn wallet(issuer: &Issuer, portrait: Option<Vec<u8>>, label: u8) -> Wallet<SigningKey> {
    let mut rng = ChaCha20Rng::seed_from_u64(u64::from(label));
    let mut wallet = Wallet::new(SigningKey::from_seed(&[label; 32]));
    let nonce = Issuer::new_nonce(&mut rng);
    let request = wallet
        .issuance_request(Level::Light, &nonce, NOW - 60)
        .expect("request");
    let checked = issuer
        .check_request(&request, &nonce, NOW - 60)
        .expect("checked");
    let options = IssueOptions {
        age_thresholds: vec![14, 16, 18, 21, 60],
        ..IssueOptions::default()
    };
    let issued = issuer
        .issue(&checked, &person(portrait), &options, &mut rng, NOW - 60)
        .expect("issued");
    wallet
        .store(&issued.package, issuer.public_key(), NOW - 60)
        .expect("stored");
    wallet
}

/// A presentation and its two-signature floor.
struct Case {
    label: String,
    bytes: Vec<u8>,
    issuer_key: VerifyingKey,
    issuer_msg: Vec<u8>,
    issuer_sig: Signature,
    device_key: [u8; 32],
    device_msg: Vec<u8>,
    device_sig: Signature,
}

impl Case {
    fn new(label: String, bytes: Vec<u8>, issuer: &PublicKey) -> Case {
        let p = Presentation::decode(&bytes).expect("decodes");
        let c = &p.credential.sign1;
        let case = Case {
            label,
            issuer_key: VerifyingKey::from_bytes(issuer.as_bytes()).expect("key"),
            issuer_msg: sig_structure(c.protected, c.payload),
            issuer_sig: Signature::from_bytes(c.signature),
            device_key: p.credential.claims.device_key,
            device_msg: sig_structure(p.sign1.protected, p.sign1.payload),
            device_sig: Signature::from_bytes(p.sign1.signature),
            bytes: bytes.clone(),
        };
        assert!(case.floor());
        case
    }

    fn verify(&self, v: &Verifier) -> bool {
        v.verify(black_box(&self.bytes), VERIFY_AT).is_ok()
    }

    fn floor(&self) -> bool {
        let a = self
            .issuer_key
            .verify_strict(black_box(&self.issuer_msg), &self.issuer_sig)
            .is_ok();
        let b = VerifyingKey::from_bytes(black_box(&self.device_key))
            .and_then(|k| k.verify_strict(black_box(&self.device_msg), &self.device_sig))
            .is_ok();
        a & b
    }
}

fn cases(issuer: &Issuer) -> Vec<Case> {
    let w = wallet(issuer, None, 0x21);
    let mut out: Vec<Case> = (0..=12)
        .map(|k| {
            let bytes = w.present(&ORDER[..k], NOW + 1).expect("present");
            Case::new(format!("{k}"), bytes, issuer.public_key())
        })
        .collect();
    for (i, kib) in [1usize, 8, 32].into_iter().enumerate() {
        let mut jpeg = vec![0u8; kib * 1024];
        ChaCha20Rng::seed_from_u64(kib as u64).fill_bytes(&mut jpeg);
        jpeg[..4].copy_from_slice(b"\xff\xd8\xff\xe0");
        let w = wallet(issuer, Some(jpeg), 0x30 + i as u8);
        let bytes = w
            .present(&[AttributeId::FullName, AttributeId::Portrait], NOW + 1)
            .expect("present");
        out.push(Case::new(
            format!("2 (full name + {kib} KiB portrait)"),
            bytes,
            issuer.public_key(),
        ));
    }
    out
}

/// SplitMix64: distinct, well-mixed keys from a counter.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn status_lists(issuer: &Issuer, verifier: &Verifier, quick: bool) {
    header(
        "status_scaling",
        &[
            "entries (1% not good)",
            "signed size",
            "bytes per not-good entry",
            "load (verify + inflate)",
            "one lookup (random index)",
        ],
    );
    let mut rng = ChaCha20Rng::seed_from_u64(0x57a7);
    for n in [1_000u32, 10_000, 100_000, 1_000_000, 10_000_000] {
        let mut b = StatusListBuilder::new(9, n).expect("builder");
        let mut set = 0;
        while set < n / 100 {
            let i = ((u64::from(rng.next_u32()) * u64::from(n)) >> 32) as u32;
            if b.get(i) == Some(CredentialStatus::Good) {
                b.set(i, CredentialStatus::Revoked).expect("set");
                set += 1;
            }
        }
        let bytes = issuer
            .sign_status_list(&b, NOW - 60, NOW + DAY)
            .expect("signed");
        let load_rounds = if quick { 3 } else { 9 };
        let loads: Vec<f64> = (0..load_rounds)
            .map(|_| {
                let reps = (10_000_000 / n).clamp(1, 200);
                let t = Instant::now();
                for _ in 0..reps {
                    black_box(
                        verifier
                            .decode_status_list(black_box(&bytes), VERIFY_AT)
                            .expect("loads"),
                    );
                }
                t.elapsed().as_secs_f64() * 1e9 / f64::from(reps)
            })
            .collect();
        let list = verifier
            .decode_status_list(&bytes, VERIFY_AT)
            .expect("loads");
        let indices: Vec<u32> = (0..1 << 16)
            .map(|_| ((u64::from(rng.next_u32()) * u64::from(n)) >> 32) as u32)
            .collect();
        let per_round = if quick { 1 << 20 } else { 1 << 22 };
        let lookups: Vec<f64> = (0..if quick { 3 } else { 9 })
            .map(|_| {
                let t = Instant::now();
                let mut bad = 0usize;
                for k in 0..per_round {
                    let i = indices[k & 0xffff];
                    bad += usize::from(
                        black_box(list.get(black_box(i))) != Some(CredentialStatus::Good),
                    );
                }
                black_box(bad);
                t.elapsed().as_secs_f64() * 1e9 / per_round as f64
            })
            .collect();
        row(
            "status_scaling",
            &[
                format!("{n}"),
                format!(
                    "{} bytes ({:.1} KB)",
                    bytes.len(),
                    bytes.len() as f64 / 1024.0
                ),
                format!("{:.2}", bytes.len() as f64 / f64::from((n / 100).max(1))),
                fmt_ns(median(loads)),
                fmt_ns(median(lookups)),
            ],
        );
    }
}

fn replay_caches(quick: bool) {
    header(
        "replay_scaling",
        &[
            "entries",
            "check_key, fresh key (median)",
            "reserved memory",
        ],
    );
    for n in [1_000usize, 10_000, 100_000, 1_000_000] {
        let mut cache = ReplayCache::new(n, 0x5eed);
        let mut k = 0u64;
        let mut step = |cache: &mut ReplayCache| {
            let r = cache.check_key(splitmix(black_box(k)), k + n as u64 - 1, k);
            k += 1;
            r.is_ok()
        };
        for _ in 0..n {
            assert!(step(&mut cache));
        }
        let ops = if quick { 100_000 } else { 500_000 };
        let t: Vec<f64> = (0..if quick { 3 } else { 9 })
            .map(|_| {
                let start = Instant::now();
                for _ in 0..ops {
                    assert!(step(&mut cache));
                }
                start.elapsed().as_secs_f64() * 1e9 / f64::from(ops)
            })
            .collect();
        assert_eq!(cache.len(), n);
        row(
            "replay_scaling",
            &[
                format!("{n}"),
                fmt_ns(median(t)),
                format!("{:.2} MiB", cache.reserved_bytes() as f64 / 1048576.0),
            ],
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let quick = has("--quick");
    let issuer = Issuer::from_seed(&[0x11; 32]).expect("issuer");
    let verifier = Verifier::new(Policy::default()).with_issuer_key(*issuer.public_key());
    let cases = cases(&issuer);
    for c in &cases {
        assert!(c.verify(&verifier), "{} verifies", c.label);
    }

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1))
        .without_plots()
        .configure_from_args();
    {
        let mut g = c.benchmark_group("verify_by_disclosures");
        for case in &cases {
            g.bench_with_input(BenchmarkId::new("verify", &case.label), case, |b, case| {
                b.iter(|| case.verify(&verifier))
            });
        }
        g.bench_function("2x_verify_strict", |b| b.iter(|| cases[0].floor()));
        g.finish();
    }
    c.final_summary();

    if !has("--bench") || has("--list") {
        return;
    }
    // Short rounds (about 1 ms per routine), many of them: on a shared machine most rounds then
    // run without being preempted, and the medians drop the ones that were.
    let rounds = if quick { 30 } else { 150 };
    let iters = 12;
    println!();
    println!("scaling: {rounds} interleaved rounds of {iters} (verify, floor) per case");
    header(
        "disclosure_scaling",
        &[
            "disclosures",
            "presentation size",
            "QR text",
            "verify (median)",
            "2× verify_strict (same run)",
            "ratio (paired)",
        ],
    );
    for case in &cases {
        let m = interleaved(
            rounds,
            &[iters, iters],
            &mut [&mut || case.verify(&verifier), &mut || case.floor()],
        );
        let (a, b) = (median(m[0].clone()), median(m[1].clone()));
        row(
            "disclosure_scaling",
            &[
                case.label.clone(),
                format!("{} bytes", case.bytes.len()),
                format!("{} chars", qr::encode_text(&case.bytes).len()),
                fmt_ns(a),
                fmt_ns(b),
                format!("{:.3} ({:.3})", a / b, paired_ratio(&m[0], &m[1])),
            ],
        );
    }
    status_lists(&issuer, &verifier, quick);
    replay_caches(quick);
}
