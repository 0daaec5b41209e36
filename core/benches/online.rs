//! Online verification, service side: the cost of one `VerificationService::check`, with and
//! without the password factor, and the sizes of a verification request and a receipt.
//!
//! * `check/credential`: mode 1, the presentation verified against live status and a receipt
//!   signed (about three signature checks and one signature).
//! * `check/password`: mode 2, the same plus opening the HPKE seal and one Argon2id
//!   verification with the production parameters (19 MiB, 2 passes, 1 lane), which dominates
//!   by design: it is what makes guessing an 8-digit password offline expensive.
//! * `check/password+face`: mode 4 with a trivial matcher (the real matcher is outside the
//!   library), to show the library's own share of a face check.
//! * `verify_receipt`: the terminal's offline check of the answer.
//!
//! Each iteration gets a fresh request with a fresh service nonce, made outside the timed part.
//!
//! ```text
//! cargo bench -p wangzheng --bench online
//! ```

use criterion::Criterion;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::hint::black_box;
use std::time::{Duration, Instant};
use wangzheng::*;

const NOW: u64 = 1_767_225_600;
const DAY: u64 = 86_400;
const FACE: &[u8] = b"\xff\xd8\xff\xe0 live capture";

struct Matcher;

impl FaceMatcher for Matcher {
    fn compare(&self, _: &PersonKey, image: &[u8]) -> FaceComparison {
        FaceComparison {
            score: 900,
            matched: image == FACE,
        }
    }
}

type Service = VerificationService<InMemoryPasswordStore, Matcher, Registry>;

struct Setup {
    service: Service,
    terminal: Verifier,
    wallet: Wallet<SigningKey>,
    rng: ChaCha20Rng,
}

fn setup() -> Setup {
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    let root_key = SigningKey::from_seed(&[1; 32]);
    let root = PublicKey::from_bytes(&root_key.public_key_bytes()).expect("root");
    let issuer_key = SigningKey::from_seed(&[0x11; 32]);
    let issuer = Issuer::new(issuer_key).expect("issuer");
    let service_key = SigningKey::from_seed(&[0x12; 32]);
    let window = |key: PublicKey, kinds: Vec<ObjectKind>| TrustedIssuer {
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
    let entries = [
        window(
            *issuer.public_key(),
            vec![ObjectKind::Credential, ObjectKind::StatusList],
        ),
        window(
            PublicKey::from_bytes(&service_key.public_key_bytes()).expect("key"),
            vec![ObjectKind::Receipt],
        ),
    ];
    let trust_list =
        TrustList::sign(&root_key, 1, NOW - DAY, NOW + 7 * DAY, &entries).expect("trust list");
    let mut registry = Registry::new(1, 16).expect("registry");
    let card = PersonRecord {
        full_name: "张三".into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: Date::new(1990, 3, 7).expect("date"),
        address: "北京市东城区景山前街4号".into(),
        id_number: "110101199003070011".into(),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: Date::new(2020, 1, 1).expect("date"),
            until: None,
        },
        portrait: None,
        extras: vec![],
    };
    let person = PersonKey::from_id_number(&card.id_number);
    let enrollment = registry.new_generation(person, "app").expect("enrol");
    let mut wallet = Wallet::new(SigningKey::from_seed(&[0x21; 32]));
    let nonce = Issuer::new_nonce(&mut rng);
    let req = wallet
        .issuance_request(Level::Upgraded, &nonce, NOW - 3600)
        .expect("request");
    let checked = issuer
        .check_request(&req, &nonce, NOW - 3600)
        .expect("check");
    let options = IssueOptions {
        proven_level: Level::Upgraded,
        generation: enrollment.generation,
        status: Some(enrollment.status),
        ..IssueOptions::default()
    };
    let issued = issuer
        .issue(&checked, &card, &options, &mut rng, NOW - 3600)
        .expect("issue");
    wallet
        .store(&issued.package, issuer.public_key(), NOW - 3600)
        .expect("store");
    let list = issuer
        .sign_status_list(registry.list(), NOW - 60, NOW + DAY)
        .expect("list");

    let mut verifier =
        Verifier::with_trust_list(Policy::default(), root, &trust_list).expect("verifier");
    verifier.update_status_list(&list, NOW).expect("list");
    let terminal = verifier.clone();
    let keys = ServiceKeys {
        signing: service_key,
        sealing_seed: zeroize::Zeroizing::new([0x13; 32]),
        rp_secret: zeroize::Zeroizing::new([0x14; 32]),
    };
    let mut passwords = InMemoryPasswordStore::new();
    passwords.set(
        person,
        PasswordRecord::new("20260101", PasswordParams::default(), &mut rng).expect("password"),
    );
    let service = VerificationService::new(verifier, keys, passwords, Matcher, registry);
    Setup {
        service,
        terminal,
        wallet,
        rng,
    }
}

impl Setup {
    fn request(&mut self, mode: AuthMode) -> Vec<u8> {
        let presentation = self.wallet.present(&[], NOW - 5).expect("present");
        let nonce = self.service.new_nonce(&mut self.rng, NOW - 2);
        let params = VerificationParams {
            presentation: &presentation,
            presentation_request: None,
            verifier_id: "bank.example/counter-7",
            service_nonce: nonce,
            mode,
            password: mode.password().then_some("20260101"),
            face: mode
                .face()
                .then(|| FaceEvidence::for_image(FACE, NOW - 3, "image/jpeg")),
            release: &[],
            now: NOW - 1,
        };
        VerificationRequest::create(
            &params,
            &self.service.sealing_key(),
            &SigningKey::from_seed(&[0x33; 32]),
            &mut self.rng,
        )
        .expect("verification request")
    }

    /// Mean time of one `check` over `n` fresh requests.
    fn time_check(&mut self, mode: AuthMode, n: u32) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..n {
            let request = self.request(mode);
            let start = Instant::now();
            let receipt = self
                .service
                .check(black_box(&request), Some(FACE), NOW)
                .expect("receipt");
            total += start.elapsed();
            black_box(receipt);
        }
        total / n
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench");
    let mut s = setup();

    let modes = [
        ("credential", AuthMode::Credential),
        ("password", AuthMode::CredentialPassword),
        ("password+face", AuthMode::CredentialPasswordFace),
    ];
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(20)
        .without_plots()
        .configure_from_args();
    {
        let mut group = c.benchmark_group("check");
        for (name, mode) in modes {
            group.bench_function(name, |b| {
                b.iter_custom(|iters| (0..iters).map(|_| s.time_check(mode, 1)).sum())
            });
        }
        group.finish();
    }
    let request = s.request(AuthMode::CredentialPasswordFace);
    let receipt = s.service.check(&request, Some(FACE), NOW).expect("receipt");
    c.bench_function("verify_receipt", |b| {
        b.iter(|| {
            s.terminal
                .verify_receipt(black_box(&receipt), black_box(&request), NOW)
                .expect("valid")
        })
    });
    c.final_summary();

    if bench {
        println!("\nOnline verification, service side (means over fresh requests, one run):");
        for (name, mode) in modes {
            let n = if mode.password() { 20 } else { 200 };
            println!(
                "  check {name:>14}: {:>10.1} µs",
                s.time_check(mode, n).as_secs_f64() * 1e6
            );
        }
        let plain = s.request(AuthMode::Credential);
        println!(
            "  sizes: verification request {} bytes (mode 1), {} bytes (password + face); receipt {} bytes",
            plain.len(),
            request.len(),
            receipt.len()
        );
    }
}
