//! Every hot operation besides presentation verification (`verify.rs`) and the gate, status
//! list and replay cache at scale (`lifecycle.rs`), each timed against its physical floor where
//! it has one, in the same run:
//!
//! | operation | floor |
//! |---|---|
//! | `issue`: issuer checks nothing, builds and signs a credential (13 leaves) | — (one signature) |
//! | `present`: wallet builds and signs a presentation (full name + age_over_18) | — (one signature) |
//! | `verify_credential` | one `verify_strict` of the issuer signature |
//! | `trust_list_load`: `TrustList::decode` against the pinned root (3 issuers) | one `verify_strict` |
//! | `status_list_load`: `Verifier::decode_status_list`, 100,000 entries, 1% not good | one `verify_strict` |
//! | `status_list_get`: one lookup in that list | — |
//! | `verify_receipt`: the terminal's check of an online receipt | two `verify_strict` (the receipt, and the terminal's own signed request, which it re-checks) |
//! | `replay_check`: `ReplayCache::check` of a presentation already seen (refused), ×10,000 | — |
//! | `qr_encode` / `qr_decode`: `WZ1:` base45 text of a presentation | — |
//!
//! The floor is ed25519-dalek's `verify_strict` over the same `Sig_structure`, with the key
//! parsed beforehand. Criterion reports each routine; afterwards (only under `cargo bench`) the
//! binary times each operation and its floor in interleaved rounds and prints medians and
//! ratios as `WZROW` lines for `cargo xtask bench`.
//!
//! ```text
//! cargo bench -p wangzheng --bench operations
//! cargo bench -p wangzheng --bench operations -- --quick
//! ```

mod support;

use criterion::Criterion;
use ed25519_dalek::{Signature, VerifyingKey};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Duration;
use support::{fmt_ns, header, interleaved, median, paired_ratio, row};
use wangzheng::cose::{Sign1, sig_structure};
use wangzheng::issuance::IssuanceRequest;
use wangzheng::*;

const NOW: u64 = 1_767_225_600;
const DAY: u64 = 86_400;
const VERIFY_AT: u64 = NOW + 2;
const TABLE: &str = "operations";
/// Replay checks per verified presentation in `replay_check` (one verification amortised).
const REPLAY_REPS: u32 = 10_000;

/// One strict Ed25519 check, prepared outside the timing: the physical floor of an object
/// with one signature.
struct Floor {
    key: VerifyingKey,
    msg: Vec<u8>,
    sig: Signature,
}

impl Floor {
    fn new(object: &[u8], kind: ObjectKind, key: &PublicKey) -> Floor {
        let s = Sign1::decode(object, kind).expect("signed object");
        let f = Floor {
            key: VerifyingKey::from_bytes(key.as_bytes()).expect("key"),
            msg: sig_structure(s.protected, s.payload),
            sig: Signature::from_bytes(s.signature),
        };
        assert!(f.check(), "the floor verifies");
        f
    }

    fn check(&self) -> bool {
        self.key
            .verify_strict(black_box(&self.msg), black_box(&self.sig))
            .is_ok()
    }
}

fn person() -> PersonRecord {
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
        portrait: None,
        extras: vec![],
    }
}

struct Fixture {
    rng: ChaCha20Rng,
    root: PublicKey,
    issuer: Issuer,
    request: IssuanceRequest,
    options: IssueOptions,
    person: PersonRecord,
    wallet: Wallet<SigningKey>,
    verifier: Verifier,
    credential: Vec<u8>,
    trust_list: Vec<u8>,
    status_list: Vec<u8>,
    decoded_list: StatusList,
    presentation: Vec<u8>,
    qr_text: String,
    replay: ReplayCache,
    receipt: Vec<u8>,
    verification_request: Vec<u8>,
    terminal: Verifier,
}

struct Matcher;

impl FaceMatcher for Matcher {
    fn compare(&self, _: &PersonKey, _: &[u8]) -> FaceComparison {
        FaceComparison {
            score: 900,
            matched: true,
        }
    }
}

fn fixture() -> Fixture {
    let mut rng = ChaCha20Rng::seed_from_u64(8);
    let root_key = SigningKey::from_seed(&[1; 32]);
    let root = PublicKey::from_bytes(&root_key.public_key_bytes()).expect("root");
    let issuer = Issuer::from_seed(&[0x11; 32]).expect("issuer");
    let service_key = SigningKey::from_seed(&[0x12; 32]);
    let other = SigningKey::from_seed(&[0x13; 32]);
    let entry = |key: PublicKey, kinds: Vec<ObjectKind>| TrustedIssuer {
        key,
        valid_from: NOW - 30 * DAY,
        valid_until: NOW + 365 * DAY,
        levels: if kinds.contains(&ObjectKind::Credential) {
            vec![Level::Light, Level::Upgraded]
        } else {
            vec![]
        },
        kinds,
    };
    let pk = |k: &SigningKey| PublicKey::from_bytes(&k.public_key_bytes()).expect("key");
    let trust_list = TrustList::sign(
        &root_key,
        1,
        NOW - DAY,
        NOW + 7 * DAY,
        &[
            entry(
                *issuer.public_key(),
                vec![ObjectKind::Credential, ObjectKind::StatusList],
            ),
            entry(pk(&service_key), vec![ObjectKind::Receipt]),
            entry(pk(&other), vec![ObjectKind::Credential]),
        ],
    )
    .expect("trust list");

    // A status list of 100,000 entries, 1% revoked, and the person's entry in it.
    let mut registry = Registry::new(1, 100_000).expect("registry");
    let card = person();
    let person_key = PersonKey::from_id_number(&card.id_number);
    let enrollment = registry.new_generation(person_key, "app").expect("enrol");
    let mut builder = StatusListBuilder::new(2, 100_000).expect("builder");
    let mut set = 0;
    while set < 1_000 {
        let i = ((u64::from(rng.next_u32()) * 100_000) >> 32) as u32;
        if builder.get(i) == Some(CredentialStatus::Good) {
            builder.set(i, CredentialStatus::Revoked).expect("set");
            set += 1;
        }
    }
    let status_list = issuer
        .sign_status_list(&builder, NOW - 60, NOW + DAY)
        .expect("status list");

    let mut wallet = Wallet::new(SigningKey::from_seed(&[0x21; 32]));
    let nonce = Issuer::new_nonce(&mut rng);
    let request_bytes = wallet
        .issuance_request(Level::Upgraded, &nonce, NOW - 3600)
        .expect("request");
    let request = issuer
        .check_request(&request_bytes, &nonce, NOW - 3600)
        .expect("checked");
    let options = IssueOptions {
        proven_level: Level::Upgraded,
        generation: enrollment.generation,
        age_thresholds: vec![14, 16, 18, 21, 60],
        status: Some(enrollment.status),
    };
    let issued = issuer
        .issue(&request, &card, &options, &mut rng, NOW - 3600)
        .expect("issued");
    wallet
        .store(&issued.package, issuer.public_key(), NOW - 3600)
        .expect("stored");
    let credential = wallet.credentials()[0].credential_bytes().to_vec();

    let mut verifier =
        Verifier::with_trust_list(Policy::default(), root, &trust_list).expect("verifier");
    verifier
        .update_status_list(&registry_list(&issuer, &registry), NOW)
        .expect("registry list");
    let decoded_list = verifier
        .decode_status_list(&status_list, VERIFY_AT)
        .expect("list verifies");
    let presentation = wallet
        .present(&[AttributeId::FullName, AttributeId::AgeOver(18)], NOW + 1)
        .expect("present");
    let qr_text = qr::encode_text(&presentation);
    let mut replay = ReplayCache::new(10_000, 7);
    {
        let v = verifier.verify(&presentation, VERIFY_AT).expect("verifies");
        replay.check(&v, VERIFY_AT).expect("first time");
    }

    // An online receipt, as in benches/online.rs (mode 1: credential only).
    let terminal = verifier.clone();
    let keys = ServiceKeys {
        signing: service_key,
        sealing_seed: zeroize::Zeroizing::new([0x14; 32]),
        rp_secret: zeroize::Zeroizing::new([0x15; 32]),
    };
    let mut service = VerificationService::new(
        verifier.clone(),
        keys,
        InMemoryPasswordStore::new(),
        Matcher,
        registry,
    );
    let online = wallet.present(&[], NOW - 5).expect("present");
    let service_nonce = service.new_nonce(&mut rng, NOW - 2);
    let verification_request = VerificationRequest::create(
        &VerificationParams {
            presentation: &online,
            presentation_request: None,
            verifier_id: "bank.example/counter-7",
            service_nonce,
            mode: AuthMode::Credential,
            password: None,
            face: None,
            release: &[],
            now: NOW - 1,
        },
        &service.sealing_key(),
        &SigningKey::from_seed(&[0x33; 32]),
        &mut rng,
    )
    .expect("verification request");
    let receipt = service
        .check(&verification_request, None, NOW)
        .expect("receipt");

    Fixture {
        rng,
        root,
        issuer,
        request,
        options,
        person: card,
        wallet,
        verifier,
        credential,
        trust_list,
        status_list,
        decoded_list,
        presentation,
        qr_text,
        replay,
        receipt,
        verification_request,
        terminal,
    }
}

fn registry_list(issuer: &Issuer, registry: &Registry) -> Vec<u8> {
    issuer
        .sign_status_list(registry.list(), NOW - 60, NOW + DAY)
        .expect("registry list")
}

impl Fixture {
    fn issue(&mut self) -> bool {
        self.issuer
            .issue(
                black_box(&self.request),
                &self.person,
                &self.options,
                &mut self.rng,
                NOW,
            )
            .is_ok()
    }

    fn present(&self) -> bool {
        self.wallet
            .present(&[AttributeId::FullName, AttributeId::AgeOver(18)], NOW + 1)
            .is_ok()
    }

    fn verify_credential(&self) -> bool {
        self.verifier
            .verify_credential(black_box(&self.credential), VERIFY_AT)
            .is_ok()
    }

    fn trust_list_load(&self) -> bool {
        TrustList::decode(black_box(&self.trust_list), &self.root).is_ok()
    }

    fn status_list_load(&self) -> bool {
        self.verifier
            .decode_status_list(black_box(&self.status_list), VERIFY_AT)
            .is_ok()
    }

    fn status_list_get(&self, i: u32) -> bool {
        self.decoded_list.get(black_box(i) % 100_000).is_some()
    }

    fn verify_receipt(&self) -> bool {
        self.terminal
            .verify_receipt(
                black_box(&self.receipt),
                black_box(&self.verification_request),
                NOW,
            )
            .is_ok()
    }

    /// `ReplayCache::check` of the (already seen) presentation, verified outside the timing.
    fn replay_check(&mut self) -> bool {
        let v = self
            .verifier
            .verify(&self.presentation, VERIFY_AT)
            .expect("verifies");
        let mut ok = true;
        let mut once = || self.replay.check(black_box(&v), VERIFY_AT).is_err();
        for _ in 0..REPLAY_REPS {
            ok &= once();
        }
        ok
    }

    fn qr_encode(&self) -> bool {
        !qr::encode_text(black_box(&self.presentation)).is_empty()
    }

    fn qr_decode(&self) -> bool {
        qr::decode_text(black_box(&self.qr_text)).is_ok()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let mut f = fixture();
    let issuer_key = *f.issuer.public_key();
    let cred_floor = Floor::new(&f.credential, ObjectKind::Credential, &issuer_key);
    let trust_floor = Floor::new(&f.trust_list, ObjectKind::TrustList, &f.root);
    let status_floor = Floor::new(&f.status_list, ObjectKind::StatusList, &issuer_key);
    let service_key = PublicKey::from_bytes(&SigningKey::from_seed(&[0x12; 32]).public_key_bytes())
        .expect("service key");
    let receipt_floor = Floor::new(&f.receipt, ObjectKind::Receipt, &service_key);
    let terminal_key =
        PublicKey::from_bytes(&SigningKey::from_seed(&[0x33; 32]).public_key_bytes())
            .expect("terminal key");
    let request_floor = Floor::new(
        &f.verification_request,
        ObjectKind::VerificationRequest,
        &terminal_key,
    );
    assert!(f.verify_credential() && f.trust_list_load() && f.status_list_load());
    assert!(f.verify_receipt() && f.replay_check() && f.qr_encode() && f.qr_decode());

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
        .configure_from_args();
    {
        let mut g = c.benchmark_group("operations");
        g.bench_function("issue", |b| b.iter(|| f.issue()));
        g.bench_function("present", |b| b.iter(|| f.present()));
        g.bench_function("verify_credential", |b| b.iter(|| f.verify_credential()));
        g.bench_function("1x_verify_strict", |b| b.iter(|| cred_floor.check()));
        g.bench_function("trust_list_load", |b| b.iter(|| f.trust_list_load()));
        g.bench_function("status_list_load_100k", |b| b.iter(|| f.status_list_load()));
        let mut i = 0u32;
        g.bench_function("status_list_get_100k", |b| {
            b.iter(|| {
                i = i.wrapping_add(7919);
                f.status_list_get(i)
            })
        });
        g.bench_function("verify_receipt", |b| b.iter(|| f.verify_receipt()));
        g.bench_function("replay_check_replayed_x10000", |b| {
            b.iter(|| f.replay_check())
        });
        g.bench_function("qr_encode", |b| b.iter(|| f.qr_encode()));
        g.bench_function("qr_decode", |b| b.iter(|| f.qr_decode()));
        g.finish();
    }
    c.final_summary();

    if !has("--bench") || has("--list") {
        return;
    }
    // Short rounds (about 0.5 ms per routine), many of them: on a shared machine most rounds
    // then run without being preempted, and the medians drop the ones that were.
    let rounds = if has("--quick") { 40 } else { 200 };
    let per = |ns: f64| ((5e5 / ns) as u32).max(5);
    println!();
    println!(
        "operations: {rounds} interleaved rounds (operation, floor); medians of per-round means"
    );
    header(
        TABLE,
        &[
            "operation",
            "median",
            "floor (same run)",
            "ratio to floor",
            "notes",
        ],
    );

    // Operations with a one-signature floor.
    let floored =
        |name: &str, note: &str, op: &mut dyn FnMut() -> bool, floors: &[&Floor], cost_ns: f64| {
            let m = interleaved(
                rounds,
                &[per(cost_ns), per(40_000.0 * floors.len() as f64)],
                &mut [op, &mut || floors.iter().all(|f| f.check())],
            );
            let (a, b) = (median(m[0].clone()), median(m[1].clone()));
            row(
                TABLE,
                &[
                    name.into(),
                    fmt_ns(a),
                    format!("{}× verify_strict {}", floors.len(), fmt_ns(b)),
                    format!("{:.3} (paired {:.3})", a / b, paired_ratio(&m[0], &m[1])),
                    note.into(),
                ],
            );
        };
    floored(
        "verify_credential",
        "decode, trust list lookup, issuer signature, device key parse, validity",
        &mut || f.verify_credential(),
        &[&cred_floor],
        45_000.0,
    );
    floored(
        "trust list load (3 issuers)",
        &format!("{} bytes", f.trust_list.len()),
        &mut || f.trust_list_load(),
        &[&trust_floor],
        45_000.0,
    );
    floored(
        "status list load (10⁵ entries, 1% not good)",
        &format!("{} bytes; signature, then inflate", f.status_list.len()),
        &mut || f.status_list_load(),
        &[&status_floor],
        60_000.0,
    );
    floored(
        "verify_receipt (online check, mode 1)",
        &format!(
            "{} bytes receipt; also re-checks the terminal's own signed request ({} bytes)",
            f.receipt.len(),
            f.verification_request.len()
        ),
        &mut || f.verify_receipt(),
        &[&receipt_floor, &request_floor],
        90_000.0,
    );

    // Operations without a verification floor.
    let plain = |name: &str, note: &str, op: &mut dyn FnMut() -> bool, cost_ns: f64| {
        let m = interleaved(rounds, &[per(cost_ns)], &mut [op]);
        row(
            TABLE,
            &[
                name.into(),
                fmt_ns(median(m[0].clone())),
                "—".into(),
                "—".into(),
                note.into(),
            ],
        );
    };
    let f = &mut f;
    plain(
        "issue (13 leaves, 5 age flags)",
        &format!("{} bytes credential; one signature", f.credential.len()),
        &mut || f.issue(),
        60_000.0,
    );
    plain(
        "present (full name + age_over_18)",
        &format!("{} bytes; one signature", f.presentation.len()),
        &mut || f.present(),
        30_000.0,
    );
    let mut i = 0u32;
    plain(
        "status list lookup (10⁵ entries)",
        "random index, list in cache",
        &mut || {
            i = i.wrapping_add(7919);
            f.status_list_get(i)
        },
        5.0,
    );
    let replay = {
        let m = interleaved(rounds, &[2], &mut [&mut || f.replay_check()]);
        median(m[0].clone()) / f64::from(REPLAY_REPS)
    };
    row(
        TABLE,
        &[
            "replay cache check (replayed presentation refused)".into(),
            fmt_ns(replay),
            "—".into(),
            "—".into(),
            "SHA-256 of the device signature + lookup (one verification amortised over 10,000 \
             checks); fresh inserts at 10³–10⁶: scaling"
                .into(),
        ],
    );
    plain(
        "QR text encode (WZ1: + base45)",
        &format!("{} bytes → {} chars", f.presentation.len(), f.qr_text.len()),
        &mut || f.qr_encode(),
        2_000.0,
    );
    plain(
        "QR text decode",
        "strict canonical base45",
        &mut || f.qr_decode(),
        2_000.0,
    );
}
