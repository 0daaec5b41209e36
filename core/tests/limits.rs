//! Every limit of `core/src/limits.rs` is the number FORMAT.md documents, and every decoder
//! enforces it before doing the work it bounds.
//!
//! "Before the work" is shown by what the refusal is: an object over the size limit made of
//! bytes that are not even CBOR is refused as `too_large` (the size was checked before
//! parsing); a count over its limit is refused as `too_large` when no item follows its head (the
//! count was checked before reading the items); an object signed with the wrong key is refused
//! for its limit and not for its signature (the limit was checked before the signature); a
//! status list that announces too many entries is refused before its DEFLATE body, a
//! compression bomb, is inflated. At each limit, the largest allowed value is accepted.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use wangzheng::cbor::{self, Encoder};
use wangzheng::cose::{self, Sign1};
use wangzheng::disclosure::{Disclosure, encode_disclosure};
use wangzheng::limits::*;
use wangzheng::presentation::Presentation;
use wangzheng::{
    AttributeId, AttributeValue, Credential, CredentialClaims, Error, ErrorClass, Level,
    ObjectKind, Policy, PresentationRequest, PublicKey, RequestParams, SigningKey, StatusList,
    TrustList, VerificationRequest, Verifier, qr,
};

const NOW: u64 = common::NOW;

// ---------------------------------------------------------------------------------------------
// FORMAT.md's table and limits.rs agree.

/// The rows of FORMAT.md's "Limits" table: limit → value text.
fn format_limits() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/FORMAT.md");
    let text = std::fs::read_to_string(&path).expect("docs/FORMAT.md");
    let section = text
        .split("\n## Limits\n")
        .nth(1)
        .expect("FORMAT.md has a Limits section");
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| limit"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (
                cells[0].to_string(),
                cells.get(1).unwrap_or(&"").to_string(),
            )
        })
        .collect()
}

#[test]
fn format_md_documents_every_limit_with_its_value() {
    let kib = |n: usize| format!("{} KiB", n / 1024);
    let expected: Vec<(&str, Vec<String>)> = vec![
        (
            "object size",
            vec![
                kib(MAX_OBJECT_LEN),
                format!("{} MiB", MAX_STATUS_LIST_LEN / (1024 * 1024)),
            ],
        ),
        (
            "status list entries",
            vec![format!("2^{}", MAX_STATUS_ENTRIES.trailing_zeros())],
        ),
        (
            "status list freshness",
            vec![format!("{} days", MAX_STATUS_LIST_VALIDITY / 86_400)],
        ),
        ("trust list entries", vec![MAX_TRUSTED_ISSUERS.to_string()]),
        ("portrait", vec![kib(MAX_PORTRAIT_LEN)]),
        (
            "text value, extra name",
            vec![format!("{MAX_TEXT_LEN} bytes")],
        ),
        (
            "extra byte-string value",
            vec![format!("{MAX_EXTRA_BYTES_LEN} bytes")],
        ),
        (
            "digest tree depth",
            vec![
                format!("≤ {MAX_TREE_DEPTH}"),
                format!("{} leaves", 1 << MAX_TREE_DEPTH),
                format!("≥ {MIN_TREE_DEPTH}"),
            ],
        ),
        (
            "disclosures per presentation",
            vec![MAX_DISCLOSURES.to_string()],
        ),
        ("requested attributes", vec![MAX_REQUESTED.to_string()]),
        ("verifier id", vec![format!("{MAX_VERIFIER_ID_LEN} bytes")]),
        (
            "nonces, salts, credential ids",
            vec![format!("{NONCE_LEN} bytes")],
        ),
        ("`age_over_NN`", vec![format!("≤ {MAX_AGE_THRESHOLD}")]),
        (
            "nesting (generic validator only)",
            vec![MAX_NESTING.to_string()],
        ),
    ];
    assert_eq!(MAX_OBJECT_LEN, 98_304, "FORMAT.md spells out 98 304 bytes");
    const { assert!(NONCE_LEN == SALT_LEN && SALT_LEN == CREDENTIAL_ID_LEN) };
    assert_eq!(MAX_DISCLOSURES, 1 << MAX_TREE_DEPTH);
    let table = format_limits();
    for (row, values) in &expected {
        let cell = table
            .get(*row)
            .unwrap_or_else(|| panic!("FORMAT.md's Limits table has no row {row:?}"));
        for v in values {
            assert!(
                cell.contains(v.as_str()),
                "FORMAT.md, limit {row:?}: {cell:?} does not say {v:?}"
            );
        }
    }
    let known: Vec<&str> = expected.iter().map(|(r, _)| *r).collect();
    for row in table.keys() {
        assert!(
            known.contains(&row.as_str()),
            "FORMAT.md's Limits table has a row this test does not check: {row:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Sizes: checked before parsing.

fn pinned() -> Verifier {
    Verifier::new(Policy::default()).with_issuer_key(*common::issuer().public_key())
}

#[test]
fn an_oversized_object_is_refused_before_it_is_parsed() {
    // Not CBOR at all: a parser would call it malformed.
    let junk = vec![0xffu8; MAX_OBJECT_LEN + 1];
    let too_large = Err(Error::TooLarge("object size"));
    for kind in ObjectKind::ALL {
        let bytes = if *kind == ObjectKind::StatusList {
            vec![0xffu8; MAX_STATUS_LIST_LEN + 1]
        } else {
            junk.clone()
        };
        assert_eq!(
            Sign1::decode(&bytes, *kind).map(drop),
            too_large,
            "{kind} over its size limit"
        );
        // One byte less is parsed (and refused as what it is).
        assert_eq!(
            Sign1::decode(&bytes[1..], *kind).map(drop),
            Err(Error::Malformed("cose_sign1")),
            "{kind} at its size limit"
        );
    }
    let v = pinned();
    assert_eq!(Credential::decode(&junk).map(drop), too_large);
    assert_eq!(v.verify(&junk, NOW).map(drop), too_large);
    assert_eq!(v.verify_credential(&junk, NOW).map(drop), too_large);
    assert_eq!(PresentationRequest::decode(&junk).map(drop), too_large);
    assert_eq!(
        wangzheng::IssuanceRequest::decode(&junk).map(drop),
        too_large
    );
    assert_eq!(VerificationRequest::decode(&junk).map(drop), too_large);
    let root = PublicKey::from_bytes(&common::key(7).public_key_bytes()).expect("key");
    assert_eq!(TrustList::decode(&junk, &root).map(drop), too_large);
    let list = vec![0xffu8; MAX_STATUS_LIST_LEN + 1];
    assert_eq!(
        StatusList::decode(&list, common::issuer().public_key()).map(drop),
        too_large
    );
    assert_eq!(
        v.decode_status_list(&list, NOW).map(drop),
        too_large,
        "through a verifier"
    );
}

#[test]
fn oversized_qr_text_is_refused_before_base45_decoding() {
    // '!' is not a base45 character: decoding would call it malformed.
    let limit = MAX_OBJECT_LEN / 2 * 3 + 2;
    let text = format!("{}{}", qr::PREFIX, "!".repeat(limit + 1));
    assert_eq!(qr::decode_text(&text), Err(Error::TooLarge("qr text")));
    let text = format!("{}{}", qr::PREFIX, "!".repeat(limit));
    assert_eq!(qr::decode_text(&text), Err(Error::Malformed("qr text")));
    // The largest object fits.
    let object = vec![0x5a; MAX_OBJECT_LEN];
    assert_eq!(
        qr::decode_text(&qr::encode_text(&object)).as_deref(),
        Ok(&object[..])
    );
}

// ---------------------------------------------------------------------------------------------
// Counts: checked at the head, before any item is read, and before any signature.

/// A key that signs but is not the one the object must be signed by.
fn stranger() -> SigningKey {
    common::key(0xbad)
}

/// A presentation payload around a real credential whose disclosure array announces `n`
/// entries and holds none.
fn presentation_announcing(n: usize) -> Vec<u8> {
    let (wallet, issued) = common::holder(1, &common::wang_jianguo(), Level::Light, NOW - 600);
    let _ = wallet;
    let mut e = Encoder::new();
    e.map(3).uint(1).bytes(&issued.credential).uint(2).array(n);
    cose::sign(ObjectKind::Presentation, &e.into_bytes(), &stranger()).expect("signs")
}

#[test]
fn a_presentation_with_too_many_disclosures_is_refused_before_any_signature_check() {
    let p = presentation_announcing(MAX_DISCLOSURES + 1);
    assert_eq!(
        Presentation::decode(&p).map(drop),
        Err(Error::TooLarge("disclosure count"))
    );
    assert_eq!(
        pinned().verify(&p, NOW).map(drop),
        Err(Error::TooLarge("disclosure count"))
    );
    // At the limit the count passes, and the missing items are found missing.
    assert_eq!(
        Presentation::decode(&presentation_announcing(MAX_DISCLOSURES)).map(drop),
        Err(Error::Malformed("truncated input"))
    );
}

fn request_payload(verifier_id: &str, requested: usize, key: &SigningKey) -> Vec<u8> {
    let mut e = Encoder::new();
    e.map(7).uint(1).text(verifier_id).uint(2).bytes(&[0; 16]);
    e.uint(3).array(requested);
    for i in 0..requested {
        e.int(-1 - i as i64);
    }
    e.uint(4).uint(1).uint(5).uint(60).uint(6).uint(NOW).uint(7);
    e.map(3)
        .uint(1)
        .uint(1)
        .int(-1)
        .uint(6)
        .int(-2)
        .bytes(&key.public_key_bytes());
    e.into_bytes()
}

#[test]
fn a_request_with_too_many_attributes_is_refused_before_its_signature() {
    let key = common::key(common::HOTEL_SEED);
    let at_limit = cose::sign(
        ObjectKind::PresentationRequest,
        &request_payload("hotel.example", MAX_REQUESTED, &key),
        &key,
    )
    .expect("signs");
    let r = PresentationRequest::decode(&at_limit).expect("32 attributes are allowed");
    assert_eq!(r.requested().count(), MAX_REQUESTED);
    // Over the limit, and signed by a stranger: the count is what is reported.
    let over = cose::sign(
        ObjectKind::PresentationRequest,
        &request_payload("hotel.example", MAX_REQUESTED + 1, &key),
        &stranger(),
    )
    .expect("signs");
    assert_eq!(
        PresentationRequest::decode(&over).map(drop),
        Err(Error::TooLarge("requested attributes"))
    );
    // Builders refuse what decoders would.
    let ids: Vec<AttributeId<'_>> = (1..=33).map(AttributeId::AgeOver).collect();
    let params = RequestParams {
        verifier_id: "hotel.example",
        nonce: [0; 16],
        requested: &ids,
        min_level: Level::Light,
        max_age: 60,
        now: NOW,
    };
    assert!(matches!(
        PresentationRequest::create(&params, &key),
        Err(Error::InvalidArgument(_))
    ));
}

#[test]
fn verifier_ids_longer_than_the_limit_are_refused() {
    let key = common::key(common::HOTEL_SEED);
    let id = "v".repeat(MAX_VERIFIER_ID_LEN);
    let ok = cose::sign(
        ObjectKind::PresentationRequest,
        &request_payload(&id, 1, &key),
        &key,
    )
    .expect("signs");
    assert!(PresentationRequest::decode(&ok).is_ok());
    let long = format!("{id}v");
    let over = cose::sign(
        ObjectKind::PresentationRequest,
        &request_payload(&long, 1, &key),
        &key,
    )
    .expect("signs");
    let e = PresentationRequest::decode(&over).expect_err("129 bytes");
    assert_eq!(e.class(), ErrorClass::Malformed, "{e}");
}

#[test]
fn a_trust_list_with_too_many_entries_is_refused_before_reading_them() {
    let root = common::key(0x7007);
    let root_public = PublicKey::from_bytes(&root.public_key_bytes()).expect("key");
    let payload = |n: usize| {
        let mut e = Encoder::new();
        e.map(4)
            .uint(1)
            .uint(1)
            .uint(2)
            .uint(NOW)
            .uint(3)
            .uint(NOW + 1)
            .uint(4);
        e.array(n);
        e.into_bytes()
    };
    let over = cose::sign(
        ObjectKind::TrustList,
        &payload(MAX_TRUSTED_ISSUERS + 1),
        &root,
    )
    .expect("signs");
    assert_eq!(
        TrustList::decode(&over, &root_public),
        Err(Error::TooLarge("trust list entries"))
    );
    let at =
        cose::sign(ObjectKind::TrustList, &payload(MAX_TRUSTED_ISSUERS), &root).expect("signs");
    assert_eq!(
        TrustList::decode(&at, &root_public),
        Err(Error::Malformed("truncated input"))
    );
    // 256 real entries are accepted.
    let issuers: Vec<wangzheng::TrustedIssuer> = (0..MAX_TRUSTED_ISSUERS as u64)
        .map(|i| wangzheng::TrustedIssuer {
            key: PublicKey::from_bytes(&common::key(0x10_000 + i).public_key_bytes()).expect("key"),
            valid_from: 0,
            valid_until: u64::MAX,
            levels: vec![Level::Light],
            kinds: vec![ObjectKind::Credential],
        })
        .collect();
    let list = TrustList::sign(&root, 1, NOW, NOW + 1, &issuers).expect("signs 256");
    assert_eq!(
        TrustList::decode(&list, &root_public)
            .expect("decodes")
            .issuers
            .len(),
        MAX_TRUSTED_ISSUERS
    );
}

#[test]
fn released_attributes_of_a_verification_request_are_limited() {
    let terminal = common::key(0x7e_0001);
    let payload = |n: usize| {
        let mut e = Encoder::new();
        e.map(7)
            .uint(1)
            .bytes(b"a presentation")
            .uint(2)
            .text("bank.example/1");
        e.uint(3)
            .bytes(&[0; 16])
            .uint(4)
            .uint(1)
            .uint(7)
            .uint(NOW)
            .uint(8);
        e.map(3)
            .uint(1)
            .uint(1)
            .int(-1)
            .uint(6)
            .int(-2)
            .bytes(&terminal.public_key_bytes());
        e.uint(10).array(n);
        e.into_bytes()
    };
    let over = cose::sign(
        ObjectKind::VerificationRequest,
        &payload(MAX_REQUESTED + 1),
        &stranger(),
    )
    .expect("signs");
    assert_eq!(
        VerificationRequest::decode(&over).map(drop),
        Err(Error::TooLarge("released attributes"))
    );
}

// ---------------------------------------------------------------------------------------------
// Status lists: the entry count is checked before the body is inflated, and inflating stops at
// the announced length.

fn status_payload(count: u64, compressed: &[u8], validity: u64) -> Vec<u8> {
    let mut e = Encoder::new();
    e.map(5)
        .uint(1)
        .uint(1)
        .uint(2)
        .uint(NOW - 60)
        .uint(3)
        .uint(NOW - 60 + validity)
        .uint(4)
        .uint(count)
        .uint(5)
        .bytes(compressed);
    e.into_bytes()
}

/// 20 MiB of zeros, compressed to about 20 KiB: more than the largest list inflates to, sent to
/// make a verifier allocate.
fn bomb() -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(&vec![0u8; 20 << 20], 9)
}

#[test]
fn a_status_list_announcing_too_many_entries_is_refused_before_inflating() {
    let issuer = common::issuer();
    let key = SigningKey::from_seed(&common::seed(common::ISSUER_SEED));
    let body = bomb();
    assert!(body.len() < 64 * 1024, "{} bytes", body.len());
    let over = cose::sign(
        ObjectKind::StatusList,
        &status_payload(u64::from(MAX_STATUS_ENTRIES) + 1, &body, 3600),
        &key,
    )
    .expect("signs");
    assert_eq!(
        StatusList::decode(&over, issuer.public_key()),
        Err(Error::TooLarge("status list entries"))
    );
    // At the limit the count passes, and inflating stops at the announced 16 MiB instead of
    // producing the body's 20 MiB.
    let at = cose::sign(
        ObjectKind::StatusList,
        &status_payload(u64::from(MAX_STATUS_ENTRIES), &body, 3600),
        &key,
    )
    .expect("signs");
    assert_eq!(
        StatusList::decode(&at, issuer.public_key()),
        Err(Error::Malformed("status list data"))
    );
    // A small list with the same body: inflating stops after two bytes.
    let small = cose::sign(
        ObjectKind::StatusList,
        &status_payload(8, &body, 3600),
        &key,
    )
    .expect("signs");
    assert_eq!(
        StatusList::decode(&small, issuer.public_key()),
        Err(Error::Malformed("status list data"))
    );
    // Freshness: a week is the most.
    let week = cose::sign(
        ObjectKind::StatusList,
        &status_payload(0, &[3, 0], MAX_STATUS_LIST_VALIDITY + 1),
        &key,
    )
    .expect("signs");
    assert_eq!(
        StatusList::decode(&week, issuer.public_key()),
        Err(Error::Malformed("status list validity period"))
    );
}

// ---------------------------------------------------------------------------------------------
// Values and the digest tree.

fn disclosure(id: AttributeId<'_>, value: AttributeValue<'_>) -> Result<(), Error> {
    Disclosure::from_bytes(&encode_disclosure(&[7; 16], &id, &value)).map(drop)
}

#[test]
fn attribute_values_are_limited() {
    let text = |n: usize| "字".repeat(n / 3) + &"a".repeat(n % 3);
    let at = text(MAX_TEXT_LEN);
    let over = text(MAX_TEXT_LEN + 1);
    assert_eq!(at.len(), MAX_TEXT_LEN);
    for id in [
        AttributeId::FullName,
        AttributeId::Address,
        AttributeId::IssuingAuthority,
    ] {
        assert_eq!(disclosure(id.clone(), AttributeValue::Text(&at)), Ok(()));
        assert_eq!(
            disclosure(id, AttributeValue::Text(&over)),
            Err(Error::TooLarge("attribute text"))
        );
    }
    let extra = AttributeId::parse("org.example/x").expect("extra");
    assert_eq!(
        disclosure(extra.clone(), AttributeValue::Text(&over)),
        Err(Error::TooLarge("attribute text"))
    );
    let bytes = vec![1u8; MAX_EXTRA_BYTES_LEN + 1];
    assert_eq!(
        disclosure(extra.clone(), AttributeValue::Bytes(&bytes[1..])),
        Ok(())
    );
    assert_eq!(
        disclosure(extra, AttributeValue::Bytes(&bytes)),
        Err(Error::TooLarge("extra attribute"))
    );
    let name = format!("org.example/{}", "n".repeat(MAX_TEXT_LEN - 12));
    assert_eq!(name.len(), MAX_TEXT_LEN);
    assert!(AttributeId::parse(&name).is_ok());
    let long = format!("{name}n");
    assert!(AttributeId::parse(&long).is_err());
    let mut e = Encoder::new();
    e.array(3).bytes(&[7; 16]).text(&long).bool(true);
    assert_eq!(
        Disclosure::from_bytes(&e.into_bytes()).map(drop),
        Err(Error::Malformed("extra attribute name"))
    );
    let mut portrait = vec![0xff, 0xd8, 0xff];
    portrait.resize(MAX_PORTRAIT_LEN, 0);
    assert_eq!(
        disclosure(AttributeId::Portrait, AttributeValue::Portrait(&portrait)),
        Ok(())
    );
    portrait.push(0);
    assert_eq!(
        disclosure(AttributeId::Portrait, AttributeValue::Portrait(&portrait)),
        Err(Error::TooLarge("portrait"))
    );
    // age_over_NN: 1 ≤ NN ≤ 150.
    for (nn, ok) in [(0i64, false), (1, true), (150, true), (151, false)] {
        let mut e = Encoder::new();
        e.array(3).bytes(&[7; 16]).int(-nn).bool(true);
        assert_eq!(
            Disclosure::from_bytes(&e.into_bytes()).is_ok(),
            ok,
            "age_over_{nn}"
        );
    }
    assert!(AttributeId::parse("age_over_150").is_ok());
    assert!(AttributeId::parse("age_over_151").is_err());
}

#[test]
fn salts_nonces_and_ids_have_exactly_their_length() {
    for len in [NONCE_LEN - 1, NONCE_LEN + 1] {
        let mut e = Encoder::new();
        e.array(3).bytes(&vec![7; len]).uint(1).text("张三");
        assert_eq!(
            Disclosure::from_bytes(&e.into_bytes()).map(drop),
            Err(Error::Malformed("disclosure")),
            "salt of {len} bytes"
        );
    }
    let claims = CredentialClaims {
        expires_at: NOW + 1,
        issued_at: NOW,
        id: [1; 16],
        device_key: [2; 32],
        level: Level::Light,
        generation: 1,
        tree_depth: MAX_TREE_DEPTH,
        root: [3; 16],
        status: None,
    };
    let bytes = claims.encode();
    assert_eq!(CredentialClaims::decode(&bytes).as_ref(), Ok(&claims));
    // The credential id (key 7) one byte short: 0x50 is bstr(16); make it bstr(15).
    let at = bytes
        .windows(2)
        .position(|w| w == [0x07, 0x50])
        .expect("cti")
        + 1;
    let mut short = bytes.clone();
    short[at] = 0x4f;
    short.remove(at + 1);
    assert!(CredentialClaims::decode(&short).is_err());
}

#[test]
fn the_digest_tree_is_at_most_six_deep() {
    let claims = |depth| CredentialClaims {
        expires_at: NOW + 1,
        issued_at: NOW,
        id: [1; 16],
        device_key: [2; 32],
        level: Level::Light,
        generation: 1,
        tree_depth: depth,
        root: [3; 16],
        status: None,
    };
    assert!(CredentialClaims::decode(&claims(MAX_TREE_DEPTH).encode()).is_ok());
    assert_eq!(
        CredentialClaims::decode(&claims(MAX_TREE_DEPTH + 1).encode()),
        Err(Error::TooLarge("digest tree depth"))
    );
    // Issuers build at least 16 leaves: a credential's tree does not tell how many
    // attributes it holds.
    let (wallet, _) = common::holder(2, &common::wang_jianguo(), Level::Light, NOW - 600);
    assert_eq!(wallet.credentials()[0].claims().tree_depth, MIN_TREE_DEPTH);
}

#[test]
fn the_generic_validator_limits_nesting() {
    // MAX_NESTING levels of arrays (the innermost item counts as one) pass; one more does not.
    let nested = |levels: usize| {
        let mut v = vec![0x81; levels - 1];
        v.push(0x00);
        v
    };
    assert_eq!(cbor::validate(&nested(MAX_NESTING), MAX_NESTING), Ok(()));
    assert_eq!(
        cbor::validate(&nested(MAX_NESTING + 1), MAX_NESTING),
        Err(Error::TooLarge("nesting depth"))
    );
    // Deep input is refused at the limit, not after recursing through all of it.
    assert_eq!(
        cbor::validate(&nested(100_000), MAX_NESTING),
        Err(Error::TooLarge("nesting depth"))
    );
    // Through tags and map values too.
    let mut tags = vec![0xc6; 100_000];
    tags.push(0x00);
    assert_eq!(
        cbor::validate(&tags, MAX_NESTING),
        Err(Error::TooLarge("nesting depth"))
    );
    let mut values = Vec::new();
    for _ in 0..100_000 {
        values.extend([0xa1, 0x00]);
    }
    values.push(0x00);
    assert_eq!(
        cbor::validate(&values, MAX_NESTING),
        Err(Error::TooLarge("nesting depth"))
    );
}
