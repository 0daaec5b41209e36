//! The brief's allocation goal: zero heap allocations in the core verification path for a
//! presentation with up to 8 disclosures. The allocation-counter crate wraps the system
//! allocator in this test binary and counts per thread; counts are deterministic, so the test
//! asserts them exactly.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use wangzheng::*;

/// Runs `f` and returns its result and how many heap allocations it made on this thread
/// (allocation-counter replaces the global allocator in this test binary only).
fn allocations_during<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let mut out = None;
    let info = allocation_counter::measure(|| out = Some(f()));
    (out.expect("ran"), info.count_total)
}

const NOW: u64 = 1_767_225_600;
const DAY: u64 = 86_400;

/// A credential with every standard attribute, four age flags and extras: more than eight
/// attributes to disclose.
fn setup() -> (Verifier, Wallet<SigningKey>, Vec<u8>) {
    let mut rng = ChaCha20Rng::seed_from_u64(99);
    let root_key = SigningKey::from_seed(&[1; 32]);
    let root = PublicKey::from_bytes(&root_key.public_key_bytes()).expect("root");
    let issuer = Issuer::from_seed(&[0x11; 32]).expect("issuer");
    let entry = TrustedIssuer {
        key: *issuer.public_key(),
        valid_from: NOW - DAY,
        valid_until: NOW + DAY,
        levels: vec![Level::Light, Level::Upgraded],
        kinds: vec![ObjectKind::Credential, ObjectKind::StatusList],
    };
    let trust_list =
        TrustList::sign(&root_key, 1, NOW - DAY, NOW + DAY, &[entry]).expect("trust list");
    let mut registry = Registry::new(1, 8).expect("registry");
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
        portrait: Some(b"\xff\xd8\xff\xe0 portrait".to_vec()),
        extras: vec![("org.example/member".into(), ExtraValue::Int(7))],
    };
    let enrollment = registry
        .new_generation(PersonKey::from_id_number(&card.id_number), "app")
        .expect("enrol");
    let mut wallet = Wallet::new(SigningKey::from_seed(&[0x21; 32]));
    let nonce = Issuer::new_nonce(&mut rng);
    let req = wallet
        .issuance_request(Level::Light, &nonce, NOW - 600)
        .expect("request");
    let checked = issuer
        .check_request(&req, &nonce, NOW - 600)
        .expect("check");
    let options = IssueOptions {
        generation: enrollment.generation,
        status: Some(enrollment.status),
        age_thresholds: vec![16, 18, 21, 60],
        ..IssueOptions::default()
    };
    let issued = issuer
        .issue(&checked, &card, &options, &mut rng, NOW - 600)
        .expect("issue");
    wallet
        .store(&issued.package, issuer.public_key(), NOW - 600)
        .expect("store");
    let list = issuer
        .sign_status_list(registry.list(), NOW - 60, NOW + DAY)
        .expect("list");
    let policy = Policy {
        required: vec![AttributeId::AgeOver(18)],
        ..Policy::default()
    };
    let mut verifier = Verifier::with_trust_list(policy, root, &trust_list).expect("verifier");
    verifier.update_status_list(&list, NOW).expect("list");
    (verifier, wallet, trust_list)
}

#[test]
fn verifying_a_presentation_with_up_to_eight_disclosures_allocates_nothing() {
    let (verifier, wallet, _) = setup();
    let all = [
        AttributeId::AgeOver(18),
        AttributeId::FullName,
        AttributeId::IdNumber,
        AttributeId::Address,
        AttributeId::BirthDate,
        AttributeId::Sex,
        AttributeId::Ethnicity,
        AttributeId::CardValidity,
    ];
    for n in 1..=all.len() {
        let presentation = wallet.present(&all[..n], NOW - 5).expect("present");
        let (verdict, count) = allocations_during(|| {
            let v = verifier.verify(&presentation, NOW).expect("accepted");
            // Reading the verdict, disclosures included, is part of the path.
            (
                v.level,
                v.disclosed().count(),
                v.get(&AttributeId::FullName).is_some(),
            )
        });
        assert_eq!(verdict.1, n);
        assert_eq!(count, 0, "{n} disclosures: {count} allocations");
    }
}

#[test]
fn refusals_allocate_nothing_either() {
    let (verifier, wallet, _) = setup();
    let good = wallet
        .present(&[AttributeId::AgeOver(18)], NOW - 5)
        .expect("present");
    let mut tampered = good.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    for (what, bytes, now) in [
        ("bad signature", &tampered, NOW),
        ("stale", &good, NOW + 1000),
        ("truncated", &good[..good.len() - 3].to_vec(), NOW),
    ] {
        let (r, count) = allocations_during(|| verifier.verify(bytes, now).map(|v| v.level));
        assert!(r.is_err(), "{what}");
        assert_eq!(count, 0, "{what}: {count} allocations");
    }
}

#[test]
fn the_counter_sees_allocations() {
    let (_, count) = allocations_during(|| std::hint::black_box(vec![1u8; 10]));
    assert_eq!(count, 1);
}
