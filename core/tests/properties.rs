//! Property tests (proptest): every object survives encode → decode → encode unchanged, and no
//! input makes any decoder panic.
//!
//! * **Round trips.** For each object of the format, random valid contents are encoded (signed,
//!   where the object is signed), decoded by the library, and encoded again from what the
//!   decoder returned: the bytes must be identical, and the decoded fields equal the inputs.
//!   Ed25519 signatures are deterministic, and the randomized objects (verification requests,
//!   wallet stores) are re-made from the same seeded generator, so "identical" is exact. The
//!   receipt, whose encoder is the service's own, is re-encoded here from its decoded fields
//!   following FORMAT.md's CDDL. Generic CBOR trees round-trip through [`Encoder`],
//!   [`cbor::validate`] and [`Decoder`], and every non-shortest head or indefinite length put
//!   into one is refused as `non_canonical`.
//! * **No panics.** Arbitrary bytes, arbitrary well-formed CBOR, and the committed vectors with
//!   random bytes overwritten, inserted or deleted go through every decoder and verifier entry
//!   point; each must return, with a value or an error. (Decoding time against input size is
//!   measured by `benches/decode_scaling.rs`, not here: tests are not timed.)
//!
//! `PROPTEST_CASES` raises the number of cases (the defaults keep the debug run to seconds).

mod common;

use proptest::prelude::*;
use proptest::test_runner::Config;
use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;
use wangzheng::cbor::{self, Decoder, Encoder};
use wangzheng::credential::StatusRef;
use wangzheng::disclosure::{Disclosure, encode_disclosure};
use wangzheng::presentation::{self, Presentation};
use wangzheng::{
    AttributeId, AttributeValue, AuthMode, CardValidity, CredentialClaims, CredentialPackage,
    CredentialStatus, Date, Directory, Error, ExtraValue, FaceComparison, FaceEvidence,
    FaceMatcher, InMemoryPasswordStore, IssuanceRequest, IssueOptions, Issuer, Level, ObjectKind,
    PasswordParams, PasswordRecord, PersonKey, PersonRecord, Policy, PresentationRequest,
    PublicKey, RequestParams, ServiceKeys, Sex, SigningKey, StatusList, StatusListBuilder,
    StorageKey, TrustList, TrustedIssuer, VerificationParams, VerificationRequest,
    VerificationService, Verifier, Wallet, cose, limits, qr,
};

fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies for attribute values.

/// An attribute value owned by the strategy; [`Val::borrow`] lends it as an [`AttributeValue`].
#[derive(Debug, Clone)]
enum Val {
    Text(String),
    Sex(Sex),
    Ethnicity(u8),
    Date(Date),
    Card(CardValidity),
    Portrait(Vec<u8>),
    Bool(bool),
    Int(i64),
    Bytes(Vec<u8>),
}

impl Val {
    fn borrow(&self) -> AttributeValue<'_> {
        match self {
            Val::Text(s) => AttributeValue::Text(s),
            Val::Sex(s) => AttributeValue::Sex(*s),
            Val::Ethnicity(e) => AttributeValue::Ethnicity(*e),
            Val::Date(d) => AttributeValue::Date(*d),
            Val::Card(c) => AttributeValue::CardValidity(*c),
            Val::Portrait(p) => AttributeValue::Portrait(p),
            Val::Bool(b) => AttributeValue::Bool(*b),
            Val::Int(i) => AttributeValue::Int(*i),
            Val::Bytes(b) => AttributeValue::Bytes(b),
        }
    }
}

fn date() -> impl Strategy<Value = Date> {
    (1900u16..=2199, 1u8..=12, 1u8..=31).prop_map(|(y, m, d)| {
        Date::new(y, m, d)
            .or_else(|_| Date::new(y, m, 28))
            .expect("date")
    })
}

/// Text of 1 to 256 bytes of UTF-8, any script.
fn text() -> impl Strategy<Value = String> {
    "\\PC{1,64}".prop_filter("≤ 256 bytes", |s| s.len() <= limits::MAX_TEXT_LEN)
}

/// An 18-character ID number with a valid check character and embedded birth date.
fn id_number_for(region: u32, birth: Date, seq: u16) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let body = format!(
        "{:06}{:08}{:03}",
        region % 1_000_000,
        birth.to_yyyymmdd(),
        seq % 1000
    );
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    format!("{body}{}", CHECK[(sum % 11) as usize] as char)
}

fn extra_name() -> impl Strategy<Value = String> {
    "[a-z0-9_.-]{1,12}/[a-z0-9_.-]{1,12}"
}

/// Any attribute with a value its rules accept.
fn attribute() -> impl Strategy<Value = (AttributeId<'static>, Val)> {
    prop_oneof![
        (0usize..3, text()).prop_map(|(i, s)| {
            let id = [
                AttributeId::FullName,
                AttributeId::Address,
                AttributeId::IssuingAuthority,
            ][i]
                .clone();
            (id, Val::Text(s))
        }),
        any::<bool>().prop_map(|f| (
            AttributeId::Sex,
            Val::Sex(if f { Sex::Female } else { Sex::Male })
        )),
        prop_oneof![1u8..=56, Just(97u8), Just(98u8)]
            .prop_map(|e| (AttributeId::Ethnicity, Val::Ethnicity(e))),
        date().prop_map(|d| (AttributeId::BirthDate, Val::Date(d))),
        (any::<u32>(), date(), any::<u16>())
            .prop_map(|(r, d, s)| (AttributeId::IdNumber, Val::Text(id_number_for(r, d, s)))),
        (date(), proptest::option::of(0u32..20_000)).prop_map(|(from, days)| {
            let until = days.and_then(|n| {
                Date::from_days_since_epoch(from.days_since_epoch() + i64::from(n))
                    .ok()
                    .filter(|d| d.year() <= 2199)
            });
            (
                AttributeId::CardValidity,
                Val::Card(CardValidity { from, until }),
            )
        }),
        proptest::collection::vec(any::<u8>(), 0..300).prop_map(|mut b| {
            b.splice(0..0, [0xff, 0xd8, 0xff]);
            (AttributeId::Portrait, Val::Portrait(b))
        }),
        (1u8..=limits::MAX_AGE_THRESHOLD, any::<bool>())
            .prop_map(|(n, b)| (AttributeId::AgeOver(n), Val::Bool(b))),
        (
            extra_name(),
            prop_oneof![
                text().prop_map(Val::Text),
                any::<i64>().prop_map(Val::Int),
                any::<bool>().prop_map(Val::Bool),
                proptest::collection::vec(any::<u8>(), 0..=limits::MAX_EXTRA_BYTES_LEN)
                    .prop_map(Val::Bytes),
            ]
        )
            .prop_map(|(n, v)| (AttributeId::Extra(Cow::Owned(n)), v)),
    ]
}

/// Up to `max` attributes, no two the same.
fn distinct_attributes(max: usize) -> impl Strategy<Value = Vec<(AttributeId<'static>, Val)>> {
    proptest::collection::vec(attribute(), 0..=max).prop_map(|list| {
        let mut out: Vec<(AttributeId<'static>, Val)> = Vec::new();
        for (id, v) in list {
            if !out.iter().any(|(o, _)| o.same(&id)) {
                out.push((id, v));
            }
        }
        out
    })
}

fn level() -> impl Strategy<Value = Level> {
    prop_oneof![Just(Level::Light), Just(Level::Upgraded)]
}

// ---------------------------------------------------------------------------------------------
// Round trips of the signed objects and their parts.

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn disclosures_round_trip(salt in any::<[u8; 16]>(), (id, value) in attribute()) {
        let bytes = encode_disclosure(&salt, &id, &value.borrow());
        let d = Disclosure::from_bytes(&bytes).expect("decodes");
        prop_assert_eq!(d.salt, &salt);
        prop_assert!(d.id.same(&id));
        prop_assert_eq!(d.value, value.borrow());
        prop_assert_eq!(d.raw, &bytes[..]);
        prop_assert_eq!(encode_disclosure(d.salt, &d.id, &d.value), bytes);
    }

    #[test]
    fn credential_claims_round_trip(
        issued_at in 0u64..u64::MAX / 2,
        validity in 1u64..u64::MAX / 2,
        id in any::<[u8; 16]>(),
        device_key in any::<[u8; 32]>(),
        level in level(),
        generation in any::<u64>(),
        tree_depth in 0u8..=limits::MAX_TREE_DEPTH,
        root in any::<[u8; 16]>(),
        status in proptest::option::of((any::<u32>(), any::<u32>())),
    ) {
        let claims = CredentialClaims {
            expires_at: issued_at + validity,
            issued_at,
            id,
            device_key,
            level,
            generation,
            tree_depth,
            root,
            status: status.map(|(list, index)| StatusRef { list, index }),
        };
        let bytes = claims.encode();
        cbor::validate(&bytes, limits::MAX_NESTING).expect("deterministic CBOR");
        let decoded = CredentialClaims::decode(&bytes).expect("decodes");
        prop_assert_eq!(&decoded, &claims);
        prop_assert_eq!(decoded.encode(), bytes);
    }

    #[test]
    fn presentation_requests_round_trip(
        verifier_id in "[a-z0-9./-]{1,128}",
        nonce in any::<[u8; 16]>(),
        requested in distinct_attributes(limits::MAX_REQUESTED),
        min_level in level(),
        max_age in any::<u64>(),
        now in any::<u64>(),
        seed in any::<[u8; 32]>(),
    ) {
        let key = SigningKey::from_seed(&seed);
        let ids: Vec<AttributeId<'_>> = requested.iter().map(|(id, _)| id.clone()).collect();
        let params = RequestParams { verifier_id: &verifier_id, nonce, requested: &ids, min_level, max_age, now };
        let bytes = PresentationRequest::create(&params, &key).expect("creates");
        let r = PresentationRequest::decode(&bytes).expect("decodes");
        prop_assert_eq!(r.verifier_id, verifier_id.as_str());
        prop_assert_eq!(r.nonce, &nonce);
        prop_assert_eq!((r.min_level, r.max_age, r.issued_at), (min_level, max_age, now));
        prop_assert_eq!(r.verifier_key.as_bytes(), &key.public_key_bytes());
        let again: Vec<AttributeId<'_>> = r.requested().collect();
        prop_assert_eq!(&again, &ids);
        let params = RequestParams {
            verifier_id: r.verifier_id, nonce: *r.nonce, requested: &again,
            min_level: r.min_level, max_age: r.max_age, now: r.issued_at,
        };
        prop_assert_eq!(PresentationRequest::create(&params, &key).expect("re-creates"), bytes);
    }

    #[test]
    fn issuance_requests_round_trip(
        level in level(), nonce in any::<[u8; 16]>(), now in any::<u64>(), seed in any::<[u8; 32]>(),
    ) {
        let key = SigningKey::from_seed(&seed);
        let bytes = IssuanceRequest::create(&key, level, &nonce, now).expect("creates");
        let r = IssuanceRequest::decode(&bytes).expect("decodes");
        prop_assert_eq!((r.level, r.nonce, r.created_at), (level, nonce, now));
        prop_assert_eq!(r.device_key.as_bytes(), &key.public_key_bytes());
        prop_assert_eq!(IssuanceRequest::create(&key, r.level, &r.nonce, r.created_at).expect("re-creates"), bytes);
    }

    #[test]
    fn trust_lists_round_trip(
        sequence in any::<u64>(),
        issued_at in 0u64..u64::MAX / 2,
        validity in 1u64..u64::MAX / 2,
        entries in proptest::collection::vec(
            (any::<u8>(), 0u64..u64::MAX / 2, 1u64..u64::MAX / 2, any::<bool>(), any::<bool>(),
             proptest::collection::vec(0usize..ObjectKind::ALL.len(), 1..=ObjectKind::ALL.len())),
            1..8),
    ) {
        let root = SigningKey::from_seed(&[0xa5; 32]);
        let root_public = PublicKey::from_bytes(&root.public_key_bytes()).expect("root key");
        let mut issuers: Vec<TrustedIssuer> = Vec::new();
        for (seed, from, window, light, upgraded, kinds) in entries {
            let key = PublicKey::from_bytes(&SigningKey::from_seed(&[seed; 32]).public_key_bytes())
                .expect("issuer key");
            if issuers.iter().any(|i| i.key == key) {
                continue;
            }
            let kinds: Vec<ObjectKind> = kinds.iter().map(|k| ObjectKind::ALL[*k]).collect();
            let mut levels = Vec::new();
            if kinds.contains(&ObjectKind::Credential) {
                if light || !upgraded { levels.push(Level::Light); }
                if upgraded { levels.push(Level::Upgraded); }
            }
            issuers.push(TrustedIssuer { key, valid_from: from, valid_until: from + window, levels, kinds });
        }
        let bytes = TrustList::sign(&root, sequence, issued_at, issued_at + validity, &issuers)
            .expect("signs");
        let list = TrustList::decode(&bytes, &root_public).expect("decodes");
        prop_assert_eq!((list.sequence, list.issued_at, list.next_update),
            (sequence, issued_at, issued_at + validity));
        prop_assert_eq!(list.issuers.len(), issuers.len());
        for i in &issuers {
            let got = list.issuer(i.key.key_id()).expect("entry");
            prop_assert_eq!((got.valid_from, got.valid_until), (i.valid_from, i.valid_until));
            for k in ObjectKind::ALL {
                prop_assert_eq!(got.kinds.contains(k), i.kinds.contains(k));
            }
            for l in [Level::Light, Level::Upgraded] {
                prop_assert_eq!(got.levels.contains(&l), i.levels.contains(&l));
            }
        }
        let again = TrustList::sign(&root, list.sequence, list.issued_at, list.next_update, &list.issuers)
            .expect("re-signs");
        prop_assert_eq!(again, bytes);
    }

    #[test]
    fn status_lists_round_trip(
        list_id in any::<u32>(),
        count in 0u32..5000,
        set in proptest::collection::vec((any::<u32>(), 0u8..4), 0..200),
        issued_at in 0u64..u64::MAX / 2,
        validity in 1u64..=limits::MAX_STATUS_LIST_VALIDITY,
    ) {
        let key = SigningKey::from_seed(&[0x5b; 32]);
        let public = PublicKey::from_bytes(&key.public_key_bytes()).expect("key");
        let mut b = StatusListBuilder::new(list_id, count).expect("builder");
        for (i, s) in set {
            if count > 0 {
                b.set(i % count, CredentialStatus::from_bits(s)).expect("in range");
            }
        }
        let bytes = b.sign(&key, issued_at, issued_at + validity).expect("signs");
        let list = StatusList::decode(&bytes, &public).expect("decodes");
        prop_assert_eq!((list.list_id, list.len(), list.issued_at, list.next_update),
            (list_id, count, issued_at, issued_at + validity));
        let mut rebuilt = StatusListBuilder::new(list.list_id, list.len()).expect("builder");
        for i in 0..count {
            prop_assert_eq!(list.get(i), b.get(i));
            rebuilt.set(i, list.get(i).expect("in range")).expect("in range");
        }
        prop_assert_eq!(list.get(count), None);
        prop_assert_eq!(rebuilt.sign(&key, list.issued_at, list.next_update).expect("re-signs"), bytes);
    }

    #[test]
    fn qr_text_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let text = qr::encode_text(&bytes);
        prop_assert!(qr::is_qr_text(text.as_bytes()));
        let back = qr::decode_text(&text).expect("decodes");
        prop_assert_eq!(&back, &bytes);
        prop_assert_eq!(qr::encode_text(&back), text);
    }
}

// ---------------------------------------------------------------------------------------------
// Issuance, the wallet store, presentations, verification requests and receipts: end to end.

const NOW: u64 = common::NOW;

/// A person whose record passes [`PersonRecord::validate`], with random values.
fn person() -> impl Strategy<Value = PersonRecord> {
    (
        (
            text(),
            any::<bool>(),
            prop_oneof![1u8..=56, Just(97u8), Just(98u8)],
        ),
        (
            1920u16..=2010,
            1u8..=12,
            1u8..=28,
            any::<u32>(),
            any::<u16>(),
        ),
        (text(), text()),
        (2000u16..=2025, proptest::option::of(2027u16..=2199)),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..400)),
        proptest::collection::vec(
            (
                extra_name(),
                prop_oneof![
                    text().prop_map(ExtraValue::Text),
                    any::<i64>().prop_map(ExtraValue::Int),
                    any::<bool>().prop_map(ExtraValue::Bool),
                    proptest::collection::vec(any::<u8>(), 0..64).prop_map(ExtraValue::Bytes),
                ],
            ),
            0..4,
        ),
    )
        .prop_map(
            |(
                (name, female, ethnicity),
                (y, m, d, region, seq),
                (address, authority),
                (from, until),
                portrait,
                extras,
            )| {
                let birth = Date::new(y, m, d).expect("birth date");
                let mut extras_seen: Vec<(String, ExtraValue)> = Vec::new();
                for (n, v) in extras {
                    if !extras_seen.iter().any(|(o, _)| *o == n) {
                        extras_seen.push((n, v));
                    }
                }
                PersonRecord {
                    full_name: name,
                    sex: if female { Sex::Female } else { Sex::Male },
                    ethnicity,
                    birth_date: birth,
                    address,
                    id_number: id_number_for(region, birth, seq),
                    issuing_authority: authority,
                    card_validity: CardValidity {
                        from: Date::new(from, 1, 1).expect("from"),
                        until: until.map(|u| Date::new(u, 1, 1).expect("until")),
                    },
                    portrait: portrait.map(|mut p| {
                        p.splice(0..0, [0xff, 0xd8, 0xff]);
                        p
                    }),
                    extras: extras_seen,
                }
            },
        )
}

/// The value `person` holds for `id`, as the credential discloses it.
fn expected_value<'p>(
    person: &'p PersonRecord,
    id: &AttributeId<'_>,
) -> Option<AttributeValue<'p>> {
    person
        .attributes(&[16, 18, 60], Date::at_cst(NOW).expect("today"))
        .into_iter()
        .find(|(i, _)| i.same(id))
        .map(|(_, v)| v)
}

/// A holder's wallet with one credential, made once for the presentation properties.
fn fixture_wallet() -> &'static (Wallet<SigningKey>, Verifier) {
    static FIXTURE: OnceLock<(Wallet<SigningKey>, Verifier)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let (wallet, _) = common::holder(11, &common::wang_jianguo(), Level::Upgraded, NOW - 600);
        let verifier =
            Verifier::new(Policy::default()).with_issuer_key(*common::issuer().public_key());
        (wallet, verifier)
    })
}

proptest! {
    #![proptest_config(config(48))]

    /// Issuance of any valid record: the package round-trips, the wallet stores it, a
    /// presentation of every attribute verifies and discloses exactly the record's values, and
    /// the wallet store round-trips.
    #[test]
    fn issued_credentials_round_trip_through_package_wallet_and_presentation(
        person in person(), level in level(), seed in any::<u64>(),
    ) {
        let issuer = common::issuer();
        let mut wallet = Wallet::new(SigningKey::from_seed(&common::seed(seed)));
        let mut rng = common::rng(seed);
        let nonce = Issuer::new_nonce(&mut rng);
        let request = wallet.issuance_request(level, &nonce, NOW).expect("request");
        let checked = issuer.check_request(&request, &nonce, NOW).expect("checked");
        let options = IssueOptions { proven_level: Level::Upgraded, ..IssueOptions::default() };
        let issued = issuer.issue(&checked, &person, &options, &mut rng, NOW).expect("issues");

        let package = CredentialPackage::decode(&issued.package).expect("package decodes");
        prop_assert_eq!(package.encode(), issued.package.clone());
        prop_assert_eq!(package.credential, &issued.credential[..]);

        wallet.store(&issued.package, issuer.public_key(), NOW).expect("stores");
        let ids: Vec<AttributeId<'static>> = wallet.credentials()[0]
            .attribute_ids()
            .map(AttributeId::into_owned)
            .collect();
        let qr = wallet.present(&ids, NOW + 1).expect("presents");
        let verifier = Verifier::new(Policy::default()).with_issuer_key(*issuer.public_key());
        let verified = verifier.verify(&qr, NOW + 2).expect("verifies");
        prop_assert_eq!(verified.level, level);
        prop_assert_eq!(verified.disclosed_count(), ids.len());
        for id in &ids {
            prop_assert_eq!(verified.get(id), expected_value(&person, id), "{}", id);
        }

        let storage = StorageKey::from_bytes(common::seed(seed ^ 1));
        let store = wallet.export(&storage, &mut common::rng(seed ^ 2)).expect("exports");
        let restored = Wallet::restore(&store, &storage).expect("restores");
        prop_assert_eq!(restored.signer().public_key_bytes(), wallet.signer().public_key_bytes());
        prop_assert_eq!(restored.credentials().len(), 1);
        prop_assert_eq!(restored.credentials()[0].credential_bytes(), &issued.credential[..]);
        prop_assert_eq!(restored.export(&storage, &mut common::rng(seed ^ 2)).expect("re-exports"), store);
    }

    /// A presentation of any subset of attributes, QR or interactive, decodes to parts that
    /// re-encode to its exact payload, and re-signing that payload gives its exact bytes.
    #[test]
    fn presentations_round_trip(
        chosen in proptest::collection::vec(any::<bool>(), 16),
        at in 0u64..60,
        interactive in any::<bool>(),
        nonce in any::<[u8; 16]>(),
    ) {
        let (wallet, verifier) = fixture_wallet();
        let held = &wallet.credentials()[0];
        let ids: Vec<AttributeId<'_>> = held
            .attribute_ids()
            .zip(chosen.iter().cycle())
            .filter(|(_, c)| **c)
            .map(|(id, _)| id)
            .collect();
        let now = NOW + at;
        let verifier_key = common::key(common::HOTEL_SEED);
        let request = PresentationRequest::create(
            &RequestParams { verifier_id: "hotel.example", nonce, requested: &ids,
                min_level: Level::Light, max_age: 120, now },
            &verifier_key,
        ).expect("request");
        let bytes = if interactive {
            wallet.respond(&request, now).expect("answers")
        } else {
            wallet.present(&ids, now).expect("presents")
        };
        let p = Presentation::decode(&bytes).expect("decodes");
        prop_assert_eq!(p.presented_at, now);
        prop_assert_eq!(p.binding.is_some(), interactive);
        prop_assert_eq!(p.credential.bytes, held.credential_bytes());
        let parts: Vec<(u64, Vec<u8>, &[u8])> = p
            .disclosures
            .iter()
            .map(|d| (d.index, d.path.to_vec(), d.disclosure.raw))
            .collect();
        let payload = presentation::encode_payload(p.credential.bytes, &parts, p.binding, p.presented_at);
        prop_assert_eq!(&payload[..], p.sign1.payload);
        let resigned = cose::sign(ObjectKind::Presentation, &payload, wallet.signer()).expect("signs");
        prop_assert_eq!(&resigned, &bytes);
        let verified = if interactive {
            let r = PresentationRequest::decode(&request).expect("request decodes");
            verifier.verify_response(&bytes, &r, now).expect("verifies")
        } else {
            verifier.verify(&bytes, now).expect("verifies")
        };
        prop_assert_eq!(verified.disclosed_count(), ids.len());
    }

    /// A verification request, made again from its decoded fields with the same generator
    /// (which draws the password seal's ephemeral key), is byte for byte the same.
    #[test]
    fn verification_requests_round_trip(
        mode in 1u8..=4,
        password in "[0-9]{8}",
        captured_at in any::<u64>(),
        media_type in "[a-z]{1,10}/[a-z0-9.+-]{1,20}",
        image in proptest::collection::vec(any::<u8>(), 0..64),
        verifier_id in "[a-z0-9.]{1,40}(/[a-z0-9-]{1,40})?",
        nonce in any::<[u8; 16]>(),
        release in proptest::collection::vec(attribute(), 0..4),
        interactive in any::<bool>(),
        now in any::<u64>(),
        seed in any::<u64>(),
    ) {
        let (wallet, _) = fixture_wallet();
        let presentation = wallet.present(&[AttributeId::FullName], NOW).expect("presents");
        let request = PresentationRequest::create(
            &RequestParams { verifier_id: &verifier_id, nonce, requested: &[],
                min_level: Level::Light, max_age: 60, now: NOW },
            &common::key(common::HOTEL_SEED),
        ).expect("request");
        let mode = [AuthMode::Credential, AuthMode::CredentialPassword, AuthMode::CredentialFace,
            AuthMode::CredentialPasswordFace][usize::from(mode - 1)];
        let release: Vec<AttributeId<'_>> = release.into_iter().map(|(id, _)| id).collect();
        let sealing = ServiceKeys::from_seeds(&[1; 32], &[2; 32], &[3; 32]);
        let service = VerificationService::new(
            Verifier::new(Policy::default()), sealing, InMemoryPasswordStore::new(), NoFace, NoOne);
        let terminal = common::key(0x7e_0002);
        let params = VerificationParams {
            presentation: &presentation,
            presentation_request: interactive.then_some(&request[..]),
            verifier_id: &verifier_id,
            service_nonce: nonce,
            mode,
            password: mode.password().then_some(password.as_str()),
            face: mode.face().then(|| FaceEvidence::for_image(&image, captured_at, &media_type)),
            release: &release,
            now,
        };
        let bytes = VerificationRequest::create(&params, &service.sealing_key(), &terminal, &mut common::rng(seed))
            .expect("creates");
        let r = VerificationRequest::decode(&bytes).expect("decodes");
        prop_assert_eq!((r.presentation, r.verifier_id, r.service_nonce), (&presentation[..], verifier_id.as_str(), &nonce));
        prop_assert_eq!((r.mode, r.face, r.created_at, r.presentation_request), (mode, params.face, now, params.presentation_request));
        let again: Vec<AttributeId<'_>> = r.release().collect();
        prop_assert_eq!(&again, &release);
        let params = VerificationParams {
            presentation: r.presentation,
            presentation_request: r.presentation_request,
            verifier_id: r.verifier_id,
            service_nonce: *r.service_nonce,
            mode: r.mode,
            password: params.password,
            face: r.face,
            release: &again,
            now: r.created_at,
        };
        let remade = VerificationRequest::create(&params, &service.sealing_key(), &terminal, &mut common::rng(seed))
            .expect("re-creates");
        prop_assert_eq!(remade, bytes);
    }
}

/// A matcher that matches every image whose first byte is even.
struct NoFace;

impl FaceMatcher for NoFace {
    fn compare(&self, _person: &PersonKey, image: &[u8]) -> FaceComparison {
        let score = u16::from(image.first().copied().unwrap_or(0)) * 3;
        FaceComparison {
            score,
            matched: image.first().is_some_and(|b| b % 2 == 0),
        }
    }
}

/// A directory in which one fixed person holds every credential.
struct NoOne;

impl Directory for NoOne {
    fn person(&self, _id: &[u8; 16], _status: Option<StatusRef>) -> Option<PersonKey> {
        Some(PersonKey::from_id_number("110101199003070011"))
    }
}

/// The receipt payload as FORMAT.md's CDDL writes it, from a decoded receipt.
fn encode_receipt_payload(r: &wangzheng::Receipt<'_>) -> Vec<u8> {
    fn factor(e: &mut Encoder, f: wangzheng::FactorResult) {
        let (o, reason) = match f {
            wangzheng::FactorResult::Ok => (0, 0),
            wangzheng::FactorResult::Failed(c) => (1, u64::from(c.number())),
            wangzheng::FactorResult::NotPerformed => (2, 0),
        };
        e.array(2).uint(o).uint(reason);
    }
    let released: Vec<_> = r.released().collect();
    let n = 4
        + usize::from(r.level.is_some())
        + usize::from(r.face_score.is_some())
        + usize::from(r.rp_id.is_some())
        + usize::from(!released.is_empty());
    let mut e = Encoder::new();
    e.map(n);
    e.uint(1).bytes(r.request_digest);
    e.uint(2).text(r.verifier_id);
    e.uint(3).uint(r.checked_at);
    e.uint(4).array(3);
    factor(&mut e, r.identity);
    factor(&mut e, r.password);
    factor(&mut e, r.face);
    if let Some(l) = r.level {
        e.uint(5).uint(l.code().into());
    }
    if let Some(s) = r.face_score {
        e.uint(6).uint(s.into());
    }
    if let Some(id) = &r.rp_id {
        e.uint(7).bytes(id);
    }
    if !released.is_empty() {
        // The disclosures themselves follow: the caller appends them (a receipt hands out
        // their values, not their salted bytes).
        e.uint(8).array(released.len());
    }
    e.into_bytes()
}

proptest! {
    #![proptest_config(config(24))]

    /// The service's receipt for any mode, password and image decodes to the factor results
    /// the inputs call for, and its payload is exactly what FORMAT.md's CDDL gives for the
    /// decoded fields.
    #[test]
    fn receipts_round_trip(
        mode in 1u8..=4,
        right_password in any::<bool>(),
        image in proptest::collection::vec(any::<u8>(), 1..32),
        release in proptest::collection::vec(any::<bool>(), 3),
        seed in any::<u64>(),
    ) {
        let (wallet, _) = fixture_wallet();
        let issuer = common::issuer();
        let disclosed = [AttributeId::FullName, AttributeId::IdNumber, AttributeId::AgeOver(18)];
        let presentation = wallet.present(&disclosed, NOW).expect("presents");
        let release: Vec<AttributeId<'_>> = disclosed
            .iter()
            .zip(&release)
            .filter(|(_, r)| **r)
            .map(|(id, _)| id.clone())
            .collect();
        let service_key = common::key(0x5e_0001);
        let keys = ServiceKeys::from_seeds(&common::seed(0x5e_0001), &[2; 32], &[3; 32]);
        let mut passwords = InMemoryPasswordStore::new();
        let cheap = PasswordParams { m_cost_kib: 8, t_cost: 1, p_cost: 1 };
        passwords.set(
            PersonKey::from_id_number("110101199003070011"),
            PasswordRecord::new("24681357", cheap, &mut common::rng(seed)).expect("record"),
        );
        let mut service = VerificationService::new(
            Verifier::new(Policy::default()).with_issuer_key(*issuer.public_key()),
            keys, passwords, NoFace, NoOne);
        let mode = [AuthMode::Credential, AuthMode::CredentialPassword, AuthMode::CredentialFace,
            AuthMode::CredentialPasswordFace][usize::from(mode - 1)];
        let nonce = service.new_nonce(&mut common::rng(seed ^ 1), NOW);
        let terminal = common::key(0x7e_0003);
        let request = VerificationRequest::create(
            &VerificationParams {
                presentation: &presentation,
                presentation_request: None,
                verifier_id: "bank.example/counter-7",
                service_nonce: nonce,
                mode,
                password: mode.password().then_some(if right_password { "24681357" } else { "11111111" }),
                face: mode.face().then(|| FaceEvidence::for_image(&image, NOW, "image/jpeg")),
                release: &release,
                now: NOW,
            },
            &service.sealing_key(),
            &terminal,
            &mut common::rng(seed ^ 2),
        ).expect("request");
        let receipt = service.check(&request, Some(&image), NOW).expect("answers");
        let verifier = Verifier::new(Policy::default()).with_issuer_key(
            PublicKey::from_bytes(&service_key.public_key_bytes()).expect("service key"));
        let r = verifier.verify_receipt(&receipt, &request, NOW).expect("verifies");
        prop_assert!(r.identity.is_ok());
        prop_assert_eq!(r.password.is_ok(), mode.password() && right_password);
        prop_assert_eq!(r.face.is_ok(), mode.face() && image[0] % 2 == 0);
        let got: Vec<AttributeId<'_>> = r.released().map(|a| a.id).collect();
        prop_assert_eq!(&got, &release);
        let sign1 = cose::Sign1::decode(&receipt, ObjectKind::Receipt).expect("envelope");
        if release.is_empty() {
            prop_assert_eq!(encode_receipt_payload(&r), sign1.payload.to_vec());
        } else {
            // With released attributes, the payload ends with their disclosures, byte for
            // byte those of the presentation.
            let head = encode_receipt_payload(&r);
            prop_assert!(sign1.payload.starts_with(&head));
            let p = Presentation::decode(&presentation).expect("presentation");
            let tail: Vec<u8> = release
                .iter()
                .flat_map(|id| {
                    p.disclosures
                        .iter()
                        .find(|d| d.disclosure.id.same(id))
                        .expect("disclosed")
                        .disclosure
                        .raw
                        .to_vec()
                })
                .collect();
            prop_assert_eq!(&sign1.payload[head.len()..], &tail[..]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generic CBOR: canonical trees round-trip; every non-canonical form of one is refused.

#[derive(Debug, Clone, PartialEq)]
enum Tree {
    Int(i64),
    Bytes(Vec<u8>),
    Text(String),
    Bool(bool),
    Null,
    Array(Vec<Tree>),
    /// Integer keys; the encoder sorts them canonically.
    Map(Vec<(i64, Tree)>),
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Tree::Int),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(Tree::Bytes),
        "\\PC{0,20}".prop_map(Tree::Text),
        any::<bool>().prop_map(Tree::Bool),
        Just(Tree::Null),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Tree::Array),
            proptest::collection::vec((any::<i64>(), inner), 0..8).prop_map(|entries| {
                let mut seen = Vec::new();
                let mut out = Vec::new();
                for (k, v) in entries {
                    if !seen.contains(&k) {
                        seen.push(k);
                        out.push((k, v));
                    }
                }
                Tree::Map(out)
            }),
        ]
    })
}

fn key_bytes(k: i64) -> Vec<u8> {
    let mut e = Encoder::new();
    e.int(k);
    e.into_bytes()
}

fn encode_tree(t: &Tree, e: &mut Encoder) {
    match t {
        Tree::Int(i) => {
            e.int(*i);
        }
        Tree::Bytes(b) => {
            e.bytes(b);
        }
        Tree::Text(s) => {
            e.text(s);
        }
        Tree::Bool(b) => {
            e.bool(*b);
        }
        Tree::Null => {
            e.null();
        }
        Tree::Array(items) => {
            e.array(items.len());
            items.iter().for_each(|i| encode_tree(i, e));
        }
        Tree::Map(entries) => {
            let mut sorted: Vec<&(i64, Tree)> = entries.iter().collect();
            sorted.sort_by_key(|(k, _)| key_bytes(*k));
            e.map(sorted.len());
            for (k, v) in sorted {
                e.int(*k);
                encode_tree(v, e);
            }
        }
    }
}

/// Reads a tree back with the strict decoder, guided by the expected shape.
fn decode_like(d: &mut Decoder<'_>, like: &Tree) -> Result<Tree, Error> {
    Ok(match like {
        Tree::Int(_) => Tree::Int(d.int()?),
        Tree::Bytes(_) => Tree::Bytes(d.bytes()?.to_vec()),
        Tree::Text(_) => Tree::Text(d.text()?.to_string()),
        Tree::Bool(_) => Tree::Bool(d.bool()?),
        Tree::Null => {
            if !d.null()? {
                return Err(Error::Malformed("null"));
            }
            Tree::Null
        }
        Tree::Array(items) => {
            if d.array()? != items.len() {
                return Err(Error::Malformed("array length"));
            }
            Tree::Array(
                items
                    .iter()
                    .map(|i| decode_like(d, i))
                    .collect::<Result<_, _>>()?,
            )
        }
        Tree::Map(entries) => {
            let mut sorted: Vec<&(i64, Tree)> = entries.iter().collect();
            sorted.sort_by_key(|(k, _)| key_bytes(*k));
            let mut m = d.map()?;
            let mut out = Vec::new();
            for (_, v) in sorted {
                let k = m.next_key(d)?.ok_or(Error::Malformed("map length"))?;
                out.push((k, decode_like(d, v)?));
            }
            m.end(d)?;
            // Back in the strategy's order, for comparison.
            let mut ordered = Vec::new();
            for (k, _) in entries {
                if let Some(pos) = out.iter().position(|(o, _)| o == k) {
                    ordered.push(out.remove(pos));
                }
            }
            Tree::Map(ordered)
        }
    })
}

fn nesting(t: &Tree) -> usize {
    match t {
        Tree::Array(items) => 1 + items.iter().map(nesting).max().unwrap_or(0),
        Tree::Map(entries) => 1 + entries.iter().map(|(_, v)| nesting(v)).max().unwrap_or(0),
        _ => 1,
    }
}

/// The offsets of every head in a canonical encoding, with the head's length.
fn heads(bytes: &[u8]) -> Vec<(usize, usize)> {
    fn walk(b: &[u8], pos: &mut usize, out: &mut Vec<(usize, usize)>) {
        let start = *pos;
        let ib = b[start];
        let (major, info) = (ib >> 5, ib & 0x1f);
        let extra = match info {
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => 0,
        };
        let value = b[start + 1..start + 1 + extra]
            .iter()
            .fold(if extra == 0 { u64::from(info) } else { 0 }, |a, x| {
                a << 8 | u64::from(*x)
            });
        *pos = start + 1 + extra;
        if major != 7 {
            out.push((start, 1 + extra));
        }
        match major {
            2 | 3 => *pos += value as usize,
            4 => (0..value).for_each(|_| walk(b, pos, out)),
            5 => (0..2 * value).for_each(|_| walk(b, pos, out)),
            6 => walk(b, pos, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut pos = 0;
    walk(bytes, &mut pos, &mut out);
    out
}

/// `bytes` with the head at `at` (of `len` bytes) rewritten one size longer.
fn widen(bytes: &[u8], at: usize, len: usize) -> Option<Vec<u8>> {
    let ib = bytes[at];
    let (major, info) = (ib >> 5, ib & 0x1f);
    let value = if len == 1 {
        u64::from(info)
    } else {
        bytes[at + 1..at + len]
            .iter()
            .fold(0u64, |a, x| a << 8 | u64::from(*x))
    };
    let (code, width) = match len {
        1 => (24, 1),
        2 => (25, 2),
        3 => (26, 4),
        5 => (27, 8),
        _ => return None,
    };
    let mut head = vec![major << 5 | code];
    head.extend_from_slice(&value.to_be_bytes()[8 - width..]);
    let mut out = bytes[..at].to_vec();
    out.extend(head);
    out.extend_from_slice(&bytes[at + len..]);
    Some(out)
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn canonical_cbor_round_trips(t in tree()) {
        let mut e = Encoder::new();
        encode_tree(&t, &mut e);
        let bytes = e.into_bytes();
        cbor::validate(&bytes, nesting(&t)).expect("canonical");
        if nesting(&t) > 1 {
            prop_assert_eq!(cbor::validate(&bytes, nesting(&t) - 1), Err(Error::TooLarge("nesting depth")));
        }
        let mut d = Decoder::new(&bytes, "tree");
        let back = decode_like(&mut d, &t).expect("decodes");
        d.finish().expect("nothing left");
        prop_assert_eq!(&back, &t);
        let mut again = Encoder::new();
        encode_tree(&back, &mut again);
        prop_assert_eq!(again.into_bytes(), bytes);
    }

    #[test]
    fn every_non_shortest_head_is_refused(t in tree(), pick in any::<prop::sample::Index>()) {
        let mut e = Encoder::new();
        encode_tree(&t, &mut e);
        let bytes = e.into_bytes();
        let all = heads(&bytes);
        prop_assume!(!all.is_empty());
        let (at, len) = all[pick.index(all.len())];
        if let Some(wide) = widen(&bytes, at, len) {
            prop_assert_eq!(cbor::validate(&wide, limits::MAX_NESTING), Err(Error::NonCanonical("non-shortest head")));
        }
    }

    #[test]
    fn every_indefinite_length_is_refused(t in tree(), pick in any::<prop::sample::Index>()) {
        let mut e = Encoder::new();
        encode_tree(&t, &mut e);
        let bytes = e.into_bytes();
        // Containers: arrays, maps and strings.
        let all: Vec<(usize, usize)> = heads(&bytes)
            .into_iter()
            .filter(|(at, _)| matches!(bytes[*at] >> 5, 2..=5))
            .collect();
        prop_assume!(!all.is_empty());
        let (at, len) = all[pick.index(all.len())];
        let major = bytes[at] >> 5;
        let mut end = at;
        skip_item(&bytes, &mut end);
        let mut indefinite = bytes[..at].to_vec();
        indefinite.push(major << 5 | 31);
        if matches!(major, 2 | 3) {
            // One definite chunk inside an indefinite-length string.
            indefinite.extend_from_slice(&bytes[at..end]);
        } else {
            indefinite.extend_from_slice(&bytes[at + len..end]);
        }
        indefinite.push(0xff);
        indefinite.extend_from_slice(&bytes[end..]);
        prop_assert_eq!(cbor::validate(&indefinite, limits::MAX_NESTING), Err(Error::NonCanonical("indefinite length")));
    }
}

/// Advances `pos` past one item of a canonical encoding.
fn skip_item(b: &[u8], pos: &mut usize) {
    let ib = b[*pos];
    let (major, info) = (ib >> 5, ib & 0x1f);
    let extra = match info {
        24 => 1,
        25 => 2,
        26 => 4,
        27 => 8,
        _ => 0,
    };
    let value = b[*pos + 1..*pos + 1 + extra]
        .iter()
        .fold(if extra == 0 { u64::from(info) } else { 0 }, |a, x| {
            a << 8 | u64::from(*x)
        });
    *pos += 1 + extra;
    match major {
        2 | 3 => *pos += value as usize,
        4 => (0..value).for_each(|_| skip_item(b, pos)),
        5 => (0..2 * value).for_each(|_| skip_item(b, pos)),
        6 => skip_item(b, pos),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// No input panics any decoder or verifier entry point.

fn vectors_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// Every committed vector file (CBOR objects and wallet stores), read once.
fn vector_files() -> &'static Vec<Vec<u8>> {
    static FILES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(vectors_dir()).expect("vectors folder") {
            let dir = entry.expect("entry").path();
            if !dir.is_dir() || dir.ends_with("external") || dir.ends_with("online") {
                continue;
            }
            for f in std::fs::read_dir(&dir).expect("kind folder") {
                out.push(std::fs::read(f.expect("file").path()).expect("vector"));
            }
        }
        assert!(out.len() > 50, "{} vector files", out.len());
        out
    })
}

/// The entry points, each configured as a real verifier or wallet would be (keys from the
/// vectors' manifest, so that inputs close to a vector get past the key lookups).
struct EntryPoints {
    verifier: Verifier,
    trusted: Verifier,
    root: PublicKey,
    issuer: PublicKey,
    request: Vec<u8>,
    verification_request: Vec<u8>,
    storage: [u8; 32],
}

fn entry_points() -> &'static EntryPoints {
    static ENTRY: OnceLock<EntryPoints> = OnceLock::new();
    ENTRY.get_or_init(|| {
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(vectors_dir().join("manifest.json")).expect("manifest"),
        )
        .expect("manifest json");
        let case = |name: &str| {
            manifest["cases"]
                .as_array()
                .expect("cases")
                .iter()
                .find(|c| c["name"] == name)
                .unwrap_or_else(|| panic!("no case {name}"))
                .clone()
        };
        let hex32 = |v: &serde_json::Value| -> [u8; 32] {
            hex::decode(v.as_str().expect("hex"))
                .expect("hex")
                .try_into()
                .expect("32 bytes")
        };
        let read = |rel: &str| std::fs::read(vectors_dir().join(rel)).expect("vector");
        let issuer = PublicKey::from_bytes(&hex32(&case("credential/light")["issuer_public_key"]))
            .expect("issuer");
        let with_list = case("presentation/with-trust-list");
        let root = PublicKey::from_bytes(&hex32(&with_list["root_public_key"])).expect("root");
        let mut trusted = Verifier::with_trust_list(
            Policy::default(),
            root,
            &read(with_list["trust_list"].as_str().expect("trust list")),
        )
        .expect("trust list loads");
        trusted
            .update_status_list(&read("status_list/current.cbor"), NOW)
            .expect("status list loads");
        let hotel = case("presentation/hotel");
        let receipt = case("receipt/all-ok");
        EntryPoints {
            verifier: Verifier::new(Policy::default()).with_issuer_key(issuer),
            trusted,
            root,
            issuer,
            request: read(hotel["request"].as_str().expect("request")),
            verification_request: read(receipt["verification_request"].as_str().expect("request")),
            storage: hex32(&case("wallet_store/phone-b")["storage_key"]),
        }
    })
}

/// Runs `bytes` through every decoder and verifier entry point. Results are ignored: the
/// property is that each returns.
fn feed(bytes: &[u8]) {
    let e = entry_points();
    let _ = cbor::validate(bytes, limits::MAX_NESTING);
    let _ = wangzheng::Credential::decode(bytes);
    let _ = e.verifier.verify_credential(bytes, NOW);
    let _ = Presentation::decode(bytes);
    let _ = e.verifier.verify(bytes, NOW);
    let _ = e.trusted.verify(bytes, NOW);
    let _ = e.trusted.verify_batch(&[bytes, bytes], NOW);
    if let Ok(r) = PresentationRequest::decode(&e.request) {
        let _ = e.verifier.verify_response(bytes, &r, NOW);
    }
    let _ = PresentationRequest::decode(bytes);
    let _ = IssuanceRequest::decode(bytes);
    let _ = TrustList::decode(bytes, &e.root);
    let _ = StatusList::decode(bytes, &e.issuer);
    let _ = e.trusted.decode_status_list(bytes, NOW);
    let _ = VerificationRequest::decode(bytes);
    let _ = e
        .trusted
        .verify_receipt(bytes, &e.verification_request, NOW);
    let _ = e
        .trusted
        .verify_receipt(&e.verification_request, bytes, NOW);
    let _ = Wallet::restore(bytes, &StorageKey::from_bytes(e.storage));
    let _ = CredentialPackage::decode(bytes);
    let _ = Disclosure::from_bytes(bytes);
    let _ = CredentialClaims::decode(bytes);
    let _ = cose::Sign1::decode(bytes, ObjectKind::Presentation);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = qr::decode_text(text);
    }
    let _ = qr::is_qr_text(bytes);
    if let Ok(r) = PresentationRequest::decode(bytes) {
        let _ = fixture_wallet().0.respond(bytes, NOW);
        let _ = r.requested().count();
    }
}

/// A vector with a few random edits: bytes overwritten, inserted or removed.
fn mutated_vector() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<prop::sample::Index>(),
        proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..6),
    )
        .prop_map(|(which, edits)| {
            let files = vector_files();
            let mut v = files[which.index(files.len())].clone();
            for (at, op, byte) in edits {
                let i = at.index(v.len() + 1);
                match op {
                    0 if i < v.len() => v[i] = byte,
                    1 => v.insert(i, byte),
                    _ if i < v.len() => {
                        v.remove(i);
                    }
                    _ => v.push(byte),
                }
            }
            v
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        feed(&bytes);
    }

    #[test]
    fn edited_vectors_never_panic(bytes in mutated_vector()) {
        feed(&bytes);
    }

    #[test]
    fn well_formed_cbor_of_any_shape_never_panics(t in tree(), tag in any::<bool>()) {
        let mut e = Encoder::new();
        if tag {
            e.tag(cose::TAG_COSE_SIGN1);
        }
        encode_tree(&t, &mut e);
        feed(&e.into_bytes());
    }

    #[test]
    fn arbitrary_text_never_panics_the_qr_decoder(text in "(WZ[0-9]:)?[0-9A-Z $%*+./:-]{0,200}") {
        let _ = qr::decode_text(&text);
        if let Ok(bytes) = qr::decode_text(&text) {
            prop_assert_eq!(qr::encode_text(&bytes), text.trim_ascii());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fuzz regressions: each input a fuzz target once failed on (kept in fuzz/regressions/ too).

/// `roundtrip_objects`, crash-5a46957c…: claims that break two rules at once — a digest tree
/// 63 deep and an empty validity period — are refused for the depth, which the decoder reads
/// while parsing, before it compares the times. (The harness expected the other error; the
/// decoder was right, and this pins its order.)
#[test]
fn fuzz_regression_claims_breaking_two_rules_are_refused_for_the_depth() {
    let mut root = [0u8; 16];
    root[0] = 63;
    let claims = CredentialClaims {
        expires_at: 0,
        issued_at: 0,
        id: [0; 16],
        device_key: [0; 32],
        level: Level::Light,
        generation: 4_557_430_888_811_455_487,
        tree_depth: 63,
        root,
        status: None,
    };
    assert_eq!(
        CredentialClaims::decode(&claims.encode()),
        Err(Error::TooLarge("digest tree depth"))
    );
    let one_fault = CredentialClaims {
        tree_depth: limits::MAX_TREE_DEPTH,
        ..claims
    };
    assert_eq!(
        CredentialClaims::decode(&one_fault.encode()),
        Err(Error::Malformed("credential validity period"))
    );
}
