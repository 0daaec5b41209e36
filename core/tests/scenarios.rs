//! The brief's scenarios 1–4 acted out end to end through the public API, plus the
//! cross-cutting behaviour a wallet or terminal user would notice: freshness, request binding,
//! tampering, device binding, missing attributes, credential validity and what `Debug` shows.
//!
//! Everything is deterministic: keys from fixed seeds, a seeded ChaCha20 generator, fixed times.

mod common;

use common::*;
use wangzheng::{
    AttributeId, AttributeValue, Error, ErrorClass, ErrorCode, Issuer, Level, Policy,
    PresentationRequest, RequestParams, SigningKey, Verifier, Wallet,
};

/// The goal for an "I am me" presentation (nothing disclosed).
const MAX_NOTHING_DISCLOSED_LEN: usize = 400;
/// The goal for a name + age_over_18 presentation.
const MAX_NAME_AGE_LEN: usize = 640;

fn verifier(policy: Policy) -> Verifier {
    Verifier::new(policy).with_issuer_key(*issuer().public_key())
}

fn upgraded_policy() -> Policy {
    Policy {
        min_level: Level::Upgraded,
        ..Policy::default()
    }
}

/// A signed presentation request from the verifier key `label`.
fn request(
    label: u64,
    verifier_id: &str,
    nonce: [u8; 16],
    requested: &[AttributeId<'_>],
    min_level: Level,
    now: u64,
) -> Vec<u8> {
    let params = RequestParams {
        verifier_id,
        nonce,
        requested,
        min_level,
        max_age: 60,
        now,
    };
    PresentationRequest::create(&params, &key(label)).expect("create request")
}

// ---------------------------------------------------------------------------------------------
// Scenario 1: internet café. Light credential, nothing disclosed.
// ---------------------------------------------------------------------------------------------

#[test]
fn scenario1_internet_cafe_learns_only_real_name_verified_and_an_identifier() {
    let (wallet, issued) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let qr = wallet.present(&[], NOW + 10).expect("present");
    assert!(
        qr.len() <= MAX_NOTHING_DISCLOSED_LEN,
        "nothing-disclosed presentation is {} bytes, goal ≤ {MAX_NOTHING_DISCLOSED_LEN}",
        qr.len()
    );

    println!("nothing-disclosed presentation: {} bytes", qr.len());
    let cafe = verifier(Policy::default());
    let v = cafe.verify(&qr, NOW + 12).expect("verify");
    assert_eq!(v.level, Level::Light);
    assert_eq!(v.credential_id, issued.credential_id);
    assert_eq!(v.issuer_kid, issuer().key_id());
    assert_eq!(v.presented_at, NOW + 10);
    assert_eq!(v.audience, None);
    assert_eq!(v.disclosed().count(), 0);
    assert_eq!(v.disclosed_count(), 0);
    for id in AttributeId::STANDARD
        .iter()
        .chain(&[AttributeId::AgeOver(18)])
    {
        assert_eq!(v.get(id), None, "{id} must not be disclosed");
    }
    // Nothing personal is in the bytes either: the name and the ID number appear nowhere.
    assert!(!contains(&qr, "王建国".as_bytes()));
    assert!(!contains(&qr, b"110101199003070011"));
}

#[test]
fn scenario1_identifier_is_per_credential() {
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let (other, _) = holder(2, &chen_xiaoyan(), Level::Light, NOW);
    let cafe = verifier(Policy::default());

    let first = wallet.present(&[], NOW + 10).expect("present");
    let second = wallet.present(&[], NOW + 70).expect("present");
    assert_ne!(first, second, "each QR code is fresh");
    let a = cafe.verify(&first, NOW + 11).expect("verify").credential_id;
    let b = cafe
        .verify(&second, NOW + 71)
        .expect("verify")
        .credential_id;
    assert_eq!(
        a, b,
        "two presentations of one credential carry the same identifier"
    );

    let c = cafe
        .verify(&other.present(&[], NOW + 10).expect("present"), NOW + 11)
        .expect("verify")
        .credential_id;
    assert_ne!(a, c, "two people get different identifiers");

    // Re-issuing to the same person (same phone) gives a new credential with a new identifier.
    let mut w = wallet;
    let issued = enrol(
        &issuer(),
        &mut w,
        &wang_jianguo(),
        Level::Light,
        &mut rng(99),
        NOW + 100,
    )
    .expect("re-issue");
    assert_ne!(issued.credential_id, a);
}

// ---------------------------------------------------------------------------------------------
// Scenario 2: hotel check-in. Name and ID number, light or better.
// ---------------------------------------------------------------------------------------------

const HOTEL_ID: &str = "hotel:beijing-wangfujing-0231";

fn hotel_request(nonce: [u8; 16], now: u64) -> Vec<u8> {
    request(
        HOTEL_SEED,
        HOTEL_ID,
        nonce,
        &[AttributeId::FullName, AttributeId::IdNumber],
        Level::Light,
        now,
    )
}

fn hotel() -> Verifier {
    verifier(Policy {
        audience: Some(HOTEL_ID.into()),
        ..Policy::default()
    })
}

#[test]
fn scenario2_hotel_gets_name_and_id_number_and_nothing_else() {
    let (wallet, issued) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let req_bytes = hotel_request([0x48; 16], NOW + 5);
    let response = wallet.respond(&req_bytes, NOW + 8).expect("respond");

    let req = PresentationRequest::decode(&req_bytes).expect("hotel decodes its own request");
    let v = hotel()
        .verify_response(&response, &req, NOW + 9)
        .expect("verify");
    assert_eq!(v.level, Level::Light);
    assert_eq!(v.credential_id, issued.credential_id);
    assert_eq!(v.audience, Some(HOTEL_ID));
    assert_eq!(
        v.get(&AttributeId::FullName),
        Some(AttributeValue::Text("王建国"))
    );
    assert_eq!(
        v.get(&AttributeId::IdNumber),
        Some(AttributeValue::Text("110101199003070011"))
    );
    assert_eq!(v.disclosed().count(), 2);
    for id in [
        AttributeId::Sex,
        AttributeId::Ethnicity,
        AttributeId::BirthDate,
        AttributeId::Address,
        AttributeId::IssuingAuthority,
        AttributeId::CardValidity,
        AttributeId::Portrait,
        AttributeId::AgeOver(18),
    ] {
        assert_eq!(v.get(&id), None, "{id} must not be disclosed");
    }
    let disclosed: Vec<_> = v.disclosed().map(|a| a.id).collect();
    assert!(disclosed.contains(&AttributeId::FullName));
    assert!(disclosed.contains(&AttributeId::IdNumber));
}

#[test]
fn scenario2_hotel_accepts_upgraded_credentials() {
    let (wallet, _) = holder(2, &chen_xiaoyan(), Level::Upgraded, NOW);
    let req_bytes = hotel_request([0x49; 16], NOW + 5);
    let response = wallet.respond(&req_bytes, NOW + 6).expect("respond");
    let req = PresentationRequest::decode(&req_bytes).expect("decode");
    let v = hotel()
        .verify_response(&response, &req, NOW + 7)
        .expect("verify");
    assert_eq!(v.level, Level::Upgraded);
    assert_eq!(
        v.get(&AttributeId::FullName),
        Some(AttributeValue::Text("陈晓燕"))
    );
    assert_eq!(
        v.get(&AttributeId::IdNumber),
        Some(AttributeValue::Text("310104198511230044"))
    );
    assert_eq!(v.disclosed().count(), 2);
}

// ---------------------------------------------------------------------------------------------
// Scenario 3: company registration. Upgraded credential required.
// ---------------------------------------------------------------------------------------------

const REGISTRY_ID: &str = "samr:shanghai-xuhui-registration";

fn registry_request(nonce: [u8; 16], now: u64) -> Vec<u8> {
    request(
        REGISTRY_SEED,
        REGISTRY_ID,
        nonce,
        &[AttributeId::FullName, AttributeId::IdNumber],
        Level::Upgraded,
        now,
    )
}

#[test]
fn scenario3_company_registration_accepts_upgraded() {
    let (wallet, _) = holder(2, &chen_xiaoyan(), Level::Upgraded, NOW);
    let req_bytes = registry_request([0x52; 16], NOW + 5);
    let response = wallet.respond(&req_bytes, NOW + 6).expect("respond");
    let req = PresentationRequest::decode(&req_bytes).expect("decode");
    assert_eq!(req.min_level, Level::Upgraded);
    let v = verifier(upgraded_policy())
        .verify_response(&response, &req, NOW + 7)
        .expect("verify");
    assert_eq!(v.level, Level::Upgraded);
    assert_eq!(
        v.get(&AttributeId::IdNumber),
        Some(AttributeValue::Text("310104198511230044"))
    );
}

#[test]
fn scenario3_wallet_with_only_a_light_credential_refuses_with_level_too_low() {
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let req_bytes = registry_request([0x53; 16], NOW + 5);
    let err = wallet.respond(&req_bytes, NOW + 6).unwrap_err();
    assert_eq!(err, Error::LevelTooLow);
    assert_eq!(err.code(), ErrorCode::LevelTooLow);
}

#[test]
fn scenario3_wallet_with_both_levels_answers_with_the_upgraded_one() {
    let issuer = issuer();
    let mut wallet = wallet(3);
    let mut r = rng(3);
    let light = enrol(
        &issuer,
        &mut wallet,
        &chen_xiaoyan(),
        Level::Light,
        &mut r,
        NOW,
    )
    .expect("light");
    let upgraded = enrol(
        &issuer,
        &mut wallet,
        &chen_xiaoyan(),
        Level::Upgraded,
        &mut r,
        NOW + 1,
    )
    .expect("upgraded");
    assert_eq!(wallet.credentials().len(), 2);

    let req_bytes = registry_request([0x54; 16], NOW + 5);
    let response = wallet.respond(&req_bytes, NOW + 6).expect("respond");
    let req = PresentationRequest::decode(&req_bytes).expect("decode");
    let v = verifier(upgraded_policy())
        .verify_response(&response, &req, NOW + 7)
        .expect("verify");
    assert_eq!(v.credential_id, upgraded.credential_id);
    assert_ne!(v.credential_id, light.credential_id);
}

#[test]
fn scenario3_verifier_refuses_a_light_presentation_with_a_clear_reason() {
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let qr = wallet
        .present(&[AttributeId::FullName, AttributeId::IdNumber], NOW + 5)
        .expect("present");
    let err = verifier(upgraded_policy())
        .verify(&qr, NOW + 6)
        .unwrap_err();
    assert_eq!(err, Error::LevelTooLow);
    assert_eq!(err.code(), ErrorCode::LevelTooLow);
    assert_eq!(err.code().as_str(), "level_too_low");
    assert_eq!(err.code().number(), 30);
    assert_eq!(err.class(), ErrorClass::Invalid);
    assert_eq!(err.to_string(), "credential level too low");

    // The same presentation is fine for a light-or-better verifier.
    verifier(Policy::default())
        .verify(&qr, NOW + 6)
        .expect("light policy accepts it");
}

#[test]
fn scenario3_issuer_refuses_upgraded_when_proofing_was_light() {
    let issuer = issuer();
    let wallet = wallet(4);
    let mut r = rng(4);
    let nonce = Issuer::new_nonce(&mut r);
    let req = wallet
        .issuance_request(Level::Upgraded, &nonce, NOW)
        .expect("request");
    let checked = issuer.check_request(&req, &nonce, NOW).expect("check");
    assert_eq!(checked.level, Level::Upgraded);
    let err = issuer
        .issue(
            &checked,
            &chen_xiaoyan(),
            &options(Level::Light),
            &mut r,
            NOW,
        )
        .unwrap_err();
    assert_eq!(err, Error::LevelTooLow);
}

// ---------------------------------------------------------------------------------------------
// Scenario 4: age-restricted sale. Only age_over_18.
// ---------------------------------------------------------------------------------------------

#[test]
fn scenario4_age_check_discloses_only_age_over_18() {
    let shop = verifier(Policy {
        required: vec![AttributeId::AgeOver(18)],
        ..Policy::default()
    });

    let (adult, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let qr = adult
        .present(&[AttributeId::AgeOver(18)], NOW + 3)
        .expect("present");
    let v = shop.verify(&qr, NOW + 4).expect("verify adult");
    assert_eq!(
        v.get(&AttributeId::AgeOver(18)),
        Some(AttributeValue::Bool(true))
    );
    assert_eq!(v.disclosed().count(), 1);
    assert_eq!(v.get(&AttributeId::BirthDate), None);
    assert_eq!(v.get(&AttributeId::FullName), None);
    assert_eq!(v.get(&AttributeId::AgeOver(16)), None);
    assert!(!contains(&qr, b"19900307"));

    // 林雨桐 turns 18 on 2026-06-15; on 2026-01-01 she is 17.
    let (minor, _) = holder(5, &lin_yutong(), Level::Light, NOW);
    let qr = minor
        .present(&[AttributeId::AgeOver(18)], NOW + 3)
        .expect("present");
    let v = shop.verify(&qr, NOW + 4).expect("verify minor");
    assert_eq!(
        v.get(&AttributeId::AgeOver(18)),
        Some(AttributeValue::Bool(false))
    );
    assert_eq!(v.disclosed().count(), 1);
    assert_eq!(v.get(&AttributeId::BirthDate), None);
    assert_eq!(v.get(&AttributeId::IdNumber), None);

    // Required but not disclosed: refused.
    let nothing = minor.present(&[], NOW + 3).expect("present");
    assert_eq!(
        shop.verify(&nothing, NOW + 4).unwrap_err(),
        Error::MissingAttribute
    );
}

#[test]
fn scenario4_name_and_age_presentation_fits_the_size_goal() {
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let qr = wallet
        .present(&[AttributeId::FullName, AttributeId::AgeOver(18)], NOW + 3)
        .expect("present");
    assert!(
        qr.len() <= MAX_NAME_AGE_LEN,
        "name + age_over_18 presentation is {} bytes, goal ≤ {MAX_NAME_AGE_LEN}",
        qr.len()
    );
    println!("name + age_over_18 presentation: {} bytes", qr.len());
    let v = verifier(Policy::default())
        .verify(&qr, NOW + 4)
        .expect("verify");
    assert_eq!(v.disclosed().count(), 2);
    assert_eq!(
        v.get(&AttributeId::FullName),
        Some(AttributeValue::Text("王建国"))
    );
    assert_eq!(
        v.get(&AttributeId::AgeOver(18)),
        Some(AttributeValue::Bool(true))
    );
}

// ---------------------------------------------------------------------------------------------
// Freshness and request binding.
// ---------------------------------------------------------------------------------------------

#[test]
fn replayed_qr_after_max_age_is_stale() {
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let cafe = verifier(Policy::default());
    let max_age = cafe.policy().max_age;
    let qr = wallet.present(&[], NOW + 10).expect("present");
    cafe.verify(&qr, NOW + 10 + max_age)
        .expect("exactly max_age old is still fresh");
    let err = cafe.verify(&qr, NOW + 10 + max_age + 1).unwrap_err();
    assert_eq!(err, Error::StalePresentation);
    // A screenshot shown an hour later.
    assert_eq!(
        cafe.verify(&qr, NOW + 3600).unwrap_err(),
        Error::StalePresentation
    );
    // A QR code dated too far in the future (phone clock wrong) is not yet valid.
    let skew = cafe.policy().clock_skew;
    let future = wallet.present(&[], NOW + 1000).expect("present");
    assert_eq!(
        cafe.verify(&future, NOW + 1000 - skew - 1).unwrap_err(),
        Error::NotYetValid
    );
}

#[test]
fn response_is_bound_to_its_request() {
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let wanted = [AttributeId::FullName, AttributeId::IdNumber];
    let req_a = request(
        HOTEL_SEED,
        "hotel:a",
        [0xa1; 16],
        &wanted,
        Level::Light,
        NOW,
    );
    let req_b = request(
        HOTEL_SEED,
        "hotel:b",
        [0xa1; 16],
        &wanted,
        Level::Light,
        NOW,
    );
    let req_a2 = request(
        HOTEL_SEED,
        "hotel:a",
        [0xa2; 16],
        &wanted,
        Level::Light,
        NOW,
    );
    let req_a_later = request(
        HOTEL_SEED,
        "hotel:a",
        [0xa1; 16],
        &wanted,
        Level::Light,
        NOW + 1,
    );
    let answer_a = wallet.respond(&req_a, NOW + 2).expect("respond");
    let v = verifier(Policy::default());

    let a = PresentationRequest::decode(&req_a).expect("decode");
    v.verify_response(&answer_a, &a, NOW + 3)
        .expect("answers request A");

    let b = PresentationRequest::decode(&req_b).expect("decode");
    assert_eq!(
        v.verify_response(&answer_a, &b, NOW + 3).unwrap_err(),
        Error::AudienceMismatch
    );
    let a2 = PresentationRequest::decode(&req_a2).expect("decode");
    assert_eq!(
        v.verify_response(&answer_a, &a2, NOW + 3).unwrap_err(),
        Error::NonceMismatch
    );
    // Same audience and nonce, but a different request (made a second later).
    let a_later = PresentationRequest::decode(&req_a_later).expect("decode");
    assert_eq!(
        v.verify_response(&answer_a, &a_later, NOW + 3).unwrap_err(),
        Error::RequestMismatch
    );

    // A QR presentation where a request is expected: no nonce.
    let qr = wallet.present(&wanted, NOW + 2).expect("present");
    assert_eq!(
        v.verify_response(&qr, &a, NOW + 3).unwrap_err(),
        Error::NonceMismatch
    );

    // A request-bound answer shown as a QR code: another verifier's is an audience mismatch,
    // this verifier's own still lacks the nonce check.
    assert_eq!(
        v.verify(&answer_a, NOW + 3).unwrap_err(),
        Error::AudienceMismatch
    );
    let own = verifier(Policy {
        audience: Some("hotel:a".into()),
        ..Policy::default()
    });
    assert_eq!(
        own.verify(&answer_a, NOW + 3).unwrap_err(),
        Error::NonceMismatch
    );
}

#[test]
fn response_older_than_the_requests_max_age_is_stale() {
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let req_bytes = hotel_request([0x50; 16], NOW);
    let answer = wallet.respond(&req_bytes, NOW + 1).expect("respond");
    let req = PresentationRequest::decode(&req_bytes).expect("decode");
    assert_eq!(req.max_age, 60);
    hotel()
        .verify_response(&answer, &req, NOW + 61)
        .expect("60 s old");
    assert_eq!(
        hotel()
            .verify_response(&answer, &req, NOW + 62)
            .unwrap_err(),
        Error::StalePresentation
    );
}

// ---------------------------------------------------------------------------------------------
// Tampering.
// ---------------------------------------------------------------------------------------------

#[test]
fn every_single_bit_flip_of_a_presentation_is_refused() {
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let qr = wallet.present(&[], NOW + 10).expect("present");
    let cafe = verifier(Policy::default());
    cafe.verify(&qr, NOW + 11).expect("the original verifies");

    let mut seen = std::collections::BTreeMap::<&'static str, usize>::new();
    let mut flipped = qr.clone();
    for bit in 0..qr.len() * 8 {
        flipped[bit / 8] ^= 1 << (bit % 8);
        let outcome = std::panic::catch_unwind(|| cafe.verify(&flipped, NOW + 11).map(|_| ()));
        match outcome {
            Ok(Err(e)) => *seen.entry(e.code().as_str()).or_default() += 1,
            Ok(Ok(())) => panic!("bit {bit} (byte {}) flipped and still accepted", bit / 8),
            Err(_) => panic!(
                "bit {bit} (byte {}) flipped made the verifier panic",
                bit / 8
            ),
        }
        flipped[bit / 8] ^= 1 << (bit % 8);
    }
    assert_eq!(flipped, qr);
    println!("{} bit flips refused: {seen:?}", qr.len() * 8);
    let total: usize = seen.values().sum();
    assert_eq!(total, qr.len() * 8);
    // The bulk of the bytes are signed, so most flips are bad signatures.
    assert!(
        seen.get("bad_signature").copied().unwrap_or(0) > total / 2,
        "{seen:?}"
    );
}

#[test]
fn tampered_disclosed_value_is_refused() {
    // Replace the disclosed age flag `true` (0xf5) by `false` (0xf4) wherever it occurs.
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let qr = wallet
        .present(&[AttributeId::AgeOver(18)], NOW + 3)
        .expect("present");
    let v = verifier(Policy::default());
    let mut hits = 0;
    for i in 0..qr.len() {
        if qr[i] == 0xf5 {
            let mut t = qr.clone();
            t[i] = 0xf4;
            hits += 1;
            assert!(v.verify(&t, NOW + 4).is_err(), "byte {i}");
        }
    }
    assert!(hits >= 1);
}

#[test]
fn presentations_from_an_untrusted_issuer_are_refused() {
    let rogue = Issuer::from_seed(&seed(OTHER_ISSUER_SEED)).expect("issuer");
    let mut w = wallet(6);
    enrol(
        &rogue,
        &mut w,
        &wang_jianguo(),
        Level::Upgraded,
        &mut rng(6),
        NOW,
    )
    .expect("enrol");
    let qr = w.present(&[], NOW + 1).expect("present");
    assert_eq!(
        verifier(Policy::default())
            .verify(&qr, NOW + 2)
            .unwrap_err(),
        Error::UnknownIssuer
    );
}

// ---------------------------------------------------------------------------------------------
// Wallet-side refusals.
// ---------------------------------------------------------------------------------------------

#[test]
fn credential_for_another_device_is_refused_at_store() {
    let issuer = issuer();
    let phone_a = wallet(7);
    let mut phone_b = wallet(8);
    let mut r = rng(7);
    let nonce = Issuer::new_nonce(&mut r);
    let req = phone_a
        .issuance_request(Level::Light, &nonce, NOW)
        .expect("request");
    let checked = issuer.check_request(&req, &nonce, NOW).expect("check");
    let issued = issuer
        .issue(
            &checked,
            &wang_jianguo(),
            &options(Level::Light),
            &mut r,
            NOW,
        )
        .expect("issue");
    let err = phone_b
        .store(&issued.package, issuer.public_key(), NOW)
        .unwrap_err();
    assert_eq!(err, Error::DeviceKeyMismatch);
    assert!(phone_b.credentials().is_empty());

    // Stored against the wrong issuer key: unknown issuer.
    let mut phone_a = phone_a;
    let rogue = Issuer::from_seed(&seed(OTHER_ISSUER_SEED)).expect("issuer");
    assert_eq!(
        phone_a
            .store(&issued.package, rogue.public_key(), NOW)
            .unwrap_err(),
        Error::UnknownIssuer
    );
    phone_a
        .store(&issued.package, issuer.public_key(), NOW)
        .expect("the right phone stores it");
}

#[test]
fn issuance_request_checks_nonce_and_age() {
    let issuer = issuer();
    let w = wallet(9);
    let mut r = rng(9);
    let nonce = Issuer::new_nonce(&mut r);
    let other = Issuer::new_nonce(&mut r);
    let req = w
        .issuance_request(Level::Light, &nonce, NOW)
        .expect("request");
    assert_eq!(
        issuer.check_request(&req, &other, NOW).unwrap_err(),
        Error::NonceMismatch
    );
    assert_eq!(
        issuer.check_request(&req, &nonce, NOW + 301).unwrap_err(),
        Error::StalePresentation
    );
    issuer
        .check_request(&req, &nonce, NOW + 300)
        .expect("five minutes is fine");
}

#[test]
fn asking_for_an_attribute_the_credential_lacks_is_missing_attribute() {
    let (wallet, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    assert!(
        !wallet.credentials()[0]
            .attribute_ids()
            .any(|id| id == AttributeId::Portrait)
    );
    assert_eq!(
        wallet
            .present(&[AttributeId::FullName, AttributeId::Portrait], NOW)
            .unwrap_err(),
        Error::MissingAttribute
    );
    assert_eq!(
        wallet
            .present(&[AttributeId::AgeOver(21)], NOW)
            .unwrap_err(),
        Error::MissingAttribute
    );
    let req = request(
        HOTEL_SEED,
        HOTEL_ID,
        [0x55; 16],
        &[AttributeId::FullName, AttributeId::Portrait],
        Level::Light,
        NOW,
    );
    assert_eq!(
        wallet.respond(&req, NOW + 1).unwrap_err(),
        Error::MissingAttribute
    );
}

#[test]
fn empty_wallet_and_repeated_attribute_are_usage_errors() {
    let empty = wallet(10);
    let err = empty.present(&[], NOW).unwrap_err();
    assert_eq!(err.class(), ErrorClass::Usage);
    let (w, _) = holder(1, &wang_jianguo(), Level::Light, NOW);
    let err = w
        .present(&[AttributeId::FullName, AttributeId::FullName], NOW)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Credential validity: min(card end of day in China, issued + 6 calendar months).
// ---------------------------------------------------------------------------------------------

/// 2026-07-01T00:00:00Z: NOW + 6 calendar months.
const NOW_PLUS_6_MONTHS: u64 = 1_782_864_000;
/// 2026-03-02T00:00:00+08:00 (= 2026-03-01T16:00:00Z): the end of 2026-03-01 in China.
const END_OF_2026_03_01_CST: u64 = 1_772_380_800;

#[test]
fn expiry_is_six_months_when_the_card_lasts_longer() {
    for (label, person) in [(1, wang_jianguo()), (11, liu_zhiqiang())] {
        let (wallet, issued) = holder(label, &person, Level::Light, NOW);
        assert_eq!(issued.expires_at, NOW_PLUS_6_MONTHS);
        assert_eq!(
            wallet.credentials()[0].claims().expires_at,
            NOW_PLUS_6_MONTHS
        );
        assert_eq!(wallet.credentials()[0].claims().issued_at, NOW);
        let qr = wallet.present(&[], NOW + 5).expect("present");
        let v = verifier(Policy::default())
            .verify(&qr, NOW + 6)
            .expect("verify");
        assert_eq!(v.expires_at, NOW_PLUS_6_MONTHS);
        assert_eq!(v.issued_at, NOW);
    }
}

#[test]
fn expiry_is_six_calendar_months_clamped_to_the_month_end() {
    // Issued 2025-08-31T12:00Z: six calendar months later is 2026-02-28T12:00Z (no 31 Feb).
    let issued_at = 1_756_641_600;
    let (_, issued) = holder(12, &wang_jianguo(), Level::Light, issued_at);
    assert_eq!(issued.expires_at, 1_772_280_000);
}

#[test]
fn expiry_is_the_end_of_the_cards_last_day_in_china() {
    let (wallet, issued) = holder(13, &zhao_lei(), Level::Light, NOW);
    assert_eq!(issued.expires_at, END_OF_2026_03_01_CST);
    assert!(issued.expires_at < NOW_PLUS_6_MONTHS);

    let cafe = verifier(Policy::default());
    let last = END_OF_2026_03_01_CST - 1;
    let qr = wallet.present(&[], last - 5).expect("present");
    cafe.verify(&qr, last)
        .expect("valid until 23:59:59 CST on the card's last day");
    assert_eq!(
        cafe.verify(&qr, END_OF_2026_03_01_CST).unwrap_err(),
        Error::Expired
    );
    assert_eq!(
        wallet.present(&[], END_OF_2026_03_01_CST).unwrap_err(),
        Error::Expired
    );
}

#[test]
fn expired_card_is_not_issued() {
    let issuer = issuer();
    let w = wallet(14);
    let mut r = rng(14);
    let later = END_OF_2026_03_01_CST; // 2026-03-02 00:00 in China: the card has ended.
    let nonce = Issuer::new_nonce(&mut r);
    let req = w
        .issuance_request(Level::Light, &nonce, later)
        .expect("request");
    let checked = issuer.check_request(&req, &nonce, later).expect("check");
    let err = issuer
        .issue(&checked, &zhao_lei(), &options(Level::Light), &mut r, later)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Debug output carries no personal data and no secrets.
// ---------------------------------------------------------------------------------------------

#[test]
fn debug_output_hides_personal_data_and_secrets() {
    let person = wang_jianguo();
    let device_seed = seed(0xd0_0000 + 15);
    let device = SigningKey::from_seed(&device_seed);
    let issuer = issuer();
    let mut wallet = Wallet::new(device.clone());
    let issued = enrol(
        &issuer,
        &mut wallet,
        &person,
        Level::Light,
        &mut rng(15),
        NOW,
    )
    .expect("enrol");
    let qr = wallet
        .present(&[AttributeId::FullName, AttributeId::IdNumber], NOW + 1)
        .expect("present");
    let verified = verifier(Policy::default())
        .verify(&qr, NOW + 2)
        .expect("verify");
    assert_eq!(
        verified.get(&AttributeId::FullName),
        Some(AttributeValue::Text("王建国"))
    );

    let mut errors: Vec<Error> = vec![
        wallet.present(&[AttributeId::Portrait], NOW).unwrap_err(),
        verifier(upgraded_policy())
            .verify(&qr, NOW + 2)
            .unwrap_err(),
        verifier(Policy::default())
            .verify(&qr[..qr.len() - 1], NOW + 2)
            .unwrap_err(),
    ];
    let mut bad = person.clone();
    bad.id_number = "110101199003070012".into();
    errors.push(
        issuer
            .issue(
                &wangzheng::IssuanceRequest::decode(
                    &wallet
                        .issuance_request(Level::Light, &[0; 16], NOW)
                        .expect("request"),
                )
                .expect("decode"),
                &bad,
                &options(Level::Light),
                &mut rng(16),
                NOW,
            )
            .unwrap_err(),
    );

    let mut secrets: Vec<String> = vec![
        person.full_name.clone(),
        person.id_number.clone(),
        person.address.clone(),
        "19900307".into(),
    ];
    for s in [&device_seed, &seed(ISSUER_SEED)] {
        secrets.push(hex::encode(s));
        secrets.push(hex::encode_upper(s));
        secrets.push(hex::encode(&s[..8]));
        secrets.push(format!("{:?}", &s[..8]).trim_end_matches(']').to_owned());
    }

    let mut outputs: Vec<(&str, String)> = vec![
        ("PersonRecord", format!("{person:?}")),
        ("PersonRecord alt", format!("{person:#?}")),
        ("SigningKey", format!("{device:?}")),
        ("SigningKey alt", format!("{device:#?}")),
        ("Wallet", format!("{wallet:?}")),
        ("Wallet alt", format!("{wallet:#?}")),
        ("VerifiedPresentation", format!("{verified:?}")),
        ("VerifiedPresentation alt", format!("{verified:#?}")),
        ("Issuer", format!("{issuer:?}")),
        ("Issued", format!("{issued:?}")),
        ("HeldCredential", format!("{:?}", wallet.credentials()[0])),
    ];
    for e in &errors {
        outputs.push(("Error", format!("{e:?}")));
        outputs.push(("Error display", format!("{e}")));
    }
    for (what, text) in &outputs {
        for s in &secrets {
            assert!(
                !text.contains(s.as_str()),
                "{what} Debug leaks {s:?}: {text}"
            );
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
