//! Regression tests for the bugs the hardening work found (docs/SECURITY.md, "Fixed").

use wangzheng::limits::MAX_NESTING;
use wangzheng::*;

const NOW: u64 = 1_767_225_600;

#[test]
fn nesting_through_map_keys_is_limited() {
    // A map whose key is a map whose key is a map …: once escaped the depth limit and
    // overflowed the stack.
    let deep = vec![0xa1u8; 10_000];
    assert!(cbor::validate(&deep, MAX_NESTING).is_err());
    assert!(cbor::Decoder::new(&deep, "t").item(MAX_NESTING).is_err());
    let mut past = vec![0xa1u8; MAX_NESTING];
    past.extend(vec![0x00; MAX_NESTING + 1]);
    assert_eq!(
        cbor::validate(&past, MAX_NESTING),
        Err(Error::TooLarge("nesting depth"))
    );
    let mut within = vec![0xa1u8; MAX_NESTING - 1];
    within.extend(vec![0x00; MAX_NESTING]);
    assert_eq!(cbor::validate(&within, MAX_NESTING), Ok(()));
}

#[test]
fn a_forged_status_list_is_refused_before_it_is_inflated() {
    // 2^26 entries announced, signed by a key nobody trusts: refused before 16 MiB are inflated.
    let forged = StatusListBuilder::new(1, 1 << 26)
        .expect("list")
        .sign(&SigningKey::from_seed(&[0xba; 32]), NOW - 60, NOW + 3600)
        .expect("sign");
    let trusted =
        PublicKey::from_bytes(&SigningKey::from_seed(&[0x11; 32]).public_key_bytes()).expect("key");
    let v = Verifier::new(Policy::default()).with_issuer_key(trusted);
    let info = allocation_counter::measure(|| {
        assert_eq!(
            v.decode_status_list(&forged, NOW).map(drop),
            Err(Error::UnknownIssuer)
        );
        assert_eq!(
            StatusList::decode(&forged, &trusted).map(drop),
            Err(Error::UnknownIssuer)
        );
    });
    assert!(
        info.bytes_max < 1 << 20,
        "{} bytes allocated before the signer was checked",
        info.bytes_max
    );
    // A forged list dated in the future is refused as forged, not as "not yet valid".
    let future = StatusListBuilder::new(1, 8)
        .expect("list")
        .sign(&SigningKey::from_seed(&[0xba; 32]), NOW + 3600, NOW + 7200)
        .expect("sign");
    assert_eq!(
        v.decode_status_list(&future, NOW).map(drop),
        Err(Error::UnknownIssuer)
    );
}

#[test]
fn verification_params_and_requests_keep_the_password_and_presentation_out_of_debug() {
    let presentation = b"\xd2 the presentation bytes 110101199003070011";
    let params = VerificationParams {
        presentation,
        presentation_request: None,
        verifier_id: "bank.example/counter-7",
        service_nonce: [1; 16],
        mode: AuthMode::CredentialPassword,
        password: Some("24681357"),
        face: None,
        release: &[],
        now: NOW,
    };
    let text = format!("{params:?}");
    assert!(!text.contains("24681357"), "{text}");
    assert!(
        !text.contains("110101199003070011") && !text.contains("49, 49, 48"),
        "{text}"
    );
}

#[test]
fn builders_refuse_identifiers_no_decoder_accepts() {
    let key = SigningKey::from_seed(&[3; 32]);
    for bad in [
        AttributeId::AgeOver(0),
        AttributeId::AgeOver(151),
        AttributeId::Extra("Not A Name".into()),
    ] {
        let requested = [bad.clone()];
        let params = RequestParams {
            verifier_id: "hotel",
            nonce: [0; 16],
            requested: &requested,
            min_level: Level::Light,
            max_age: 60,
            now: NOW,
        };
        assert!(
            matches!(
                PresentationRequest::create(&params, &key),
                Err(Error::InvalidArgument(_))
            ),
            "{bad:?}"
        );
        let vp = VerificationParams {
            presentation: b"x",
            presentation_request: None,
            verifier_id: "bank",
            service_nonce: [1; 16],
            mode: AuthMode::Credential,
            password: None,
            face: None,
            release: &requested,
            now: NOW,
        };
        let sealing = ServiceSealingKey([9; 32]);
        let mut rng = <rand_chacha::ChaCha20Rng as rand_core::SeedableRng>::seed_from_u64(1);
        assert!(
            matches!(
                VerificationRequest::create(&vp, &sealing, &key, &mut rng),
                Err(Error::InvalidArgument(_))
            ),
            "{bad:?}"
        );
    }
}
