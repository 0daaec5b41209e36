//! Exhaustive tamper tests: a changed object is refused, always, with a typed error.
//!
//! For every accept case of the committed vectors (`tests/vectors/manifest.json`), each variant
//! below is verified exactly the way `core/tests/vectors.rs` verifies the case's kind (same
//! verifier configuration, policy, request, status lists and time), and must come back as an
//! [`Error`] — never accepted, never a panic (a panic is caught and reported with the case and
//! the variant):
//!
//! * every single-bit flip of the object's bytes;
//! * every truncation (each proper prefix, the empty one included);
//! * every appended byte (each of the 256 values);
//! * every head, at every level (the CBOR inside byte strings included: protected headers,
//!   payloads, the credential inside a presentation, disclosures), re-encoded in each longer
//!   form than the shortest;
//! * every array, map, byte string and text string, at every level, re-encoded with an
//!   indefinite length;
//! * every COSE_Sign1 (the outer one and nested ones) with `S` replaced by `S + L`, with a
//!   non-empty unprotected header, untagged, and tagged as a COSE_Sign (98).
//!
//! An attacker who holds a key can sign what they change, so the second half re-signs: the
//! holder re-signs a presentation whose payload (the embedded credential and its disclosures
//! included) was re-encoded in each of the non-canonical ways above, or whose credential
//! signature was malleated; a verifier, a wallet and a terminal re-sign their own
//! self-signed objects likewise. Every such variant is refused too.
//!
//! A refusal must be a wire-level error: never [`ErrorClass::Usage`] (`invalid_argument`,
//! `signer_failed`), which describe API misuse, not received bytes. The unmodified object must
//! be accepted first, so that a broken checker cannot make every variant look refused.
//!
//! The variant counts are printed (`cargo test -p wangzheng --test tamper -- --nocapture`).

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use wangzheng::cose;
use wangzheng::{
    AttributeId, AuthMode, Error, ErrorClass, FaceEvidence, IssuanceRequest, Level, ObjectKind,
    Policy, PresentationRequest, PublicKey, ReplayCache, RequestParams, ServiceSealingKey,
    SigningKey, StorageKey, TrustList, UndeterminedStatus, VerificationParams, VerificationRequest,
    Verifier, Wallet,
};

// ---------------------------------------------------------------------------------------------
// The committed vectors, and how each kind is verified (as core/tests/vectors.rs does).

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("vectors")
}

fn read(rel: &str) -> Vec<u8> {
    let path = vectors_dir().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn key32(value: &Value, what: &str) -> [u8; 32] {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{what}: not a string"));
    hex::decode(text)
        .unwrap_or_else(|e| panic!("{what}: not hex: {e}"))
        .try_into()
        .unwrap_or_else(|_| panic!("{what}: not 32 bytes"))
}

fn public_key(value: &Value, what: &str) -> PublicKey {
    PublicKey::from_bytes(&key32(value, what)).unwrap_or_else(|e| panic!("{what}: {e}"))
}

fn policy(name: &str, v: Option<&Value>) -> Policy {
    let mut policy = Policy::default();
    let Some(v) = v.and_then(Value::as_object) else {
        return policy;
    };
    for (field, value) in v {
        match (field.as_str(), value) {
            ("min_level", Value::String(s)) => {
                policy.min_level = Level::parse(s).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            ("required", Value::Array(list)) => {
                policy.required = list
                    .iter()
                    .map(|a| {
                        AttributeId::parse(a.as_str().unwrap_or_default())
                            .unwrap_or_else(|e| panic!("{name}: policy.required: {e}"))
                    })
                    .collect();
            }
            ("audience", Value::String(s)) => policy.audience = Some(s.clone()),
            ("undetermined_status", Value::String(s)) => {
                policy.undetermined_status = match s.as_str() {
                    "accept" => UndeterminedStatus::Accept,
                    _ => UndeterminedStatus::Refuse,
                };
            }
            ("accept_stale_trust_list", Value::Bool(b)) => policy.accept_stale_trust_list = *b,
            (other, _) => panic!("{name}: policy field {other} unknown to this test"),
        }
    }
    policy
}

/// Verifies bytes as one case's kind; `Ok` means accepted.
type Check = Box<dyn Fn(&[u8]) -> Result<(), Error>>;

/// One accept case: its name, its object's bytes and how to verify a variant of them.
struct Case {
    name: String,
    bytes: Vec<u8>,
    check: Check,
}

/// Step 1 of tests/vectors/README.md: pinned issuer key or root key and trust list, then the
/// status lists. An accept case's configuration must load.
fn verifier(name: &str, c: &Value, policy: Policy) -> Verifier {
    let mut v = match (c.get("trust_list"), c.get("issuer_public_key")) {
        (Some(list), None) => Verifier::with_trust_list(
            policy,
            public_key(&c["root_public_key"], name),
            &read(list.as_str().unwrap_or_default()),
        )
        .unwrap_or_else(|e| panic!("{name}: trust list: {e}")),
        (None, Some(issuer)) => Verifier::new(policy).with_issuer_key(public_key(issuer, name)),
        _ => panic!("{name}: needs issuer_public_key, or root_public_key and trust_list"),
    };
    let now = c["now"].as_u64().unwrap_or_default();
    for list in c
        .get("status_lists")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        v.update_status_list(&read(list.as_str().unwrap_or_default()), now)
            .unwrap_or_else(|e| panic!("{name}: status list: {e}"));
    }
    v
}

/// Bytes that live as long as the test (a decoded request borrows from them).
fn leak(bytes: Vec<u8>) -> &'static [u8] {
    Box::leak(bytes.into_boxed_slice())
}

fn checker(name: &str, c: &Value) -> Check {
    let now = c["now"].as_u64().unwrap_or_else(|| panic!("{name}: now"));
    let policy = policy(name, c.get("policy"));
    match c["kind"].as_str().unwrap_or_default() {
        "credential" => {
            let v = verifier(name, c, policy);
            Box::new(move |b| {
                let credential = v.verify_credential(b, now)?;
                v.check_status(credential.claims.status, now).map(drop)
            })
        }
        "presentation" => {
            let v = verifier(name, c, policy);
            let request = c.get("request").map(|r| {
                PresentationRequest::decode(leak(read(r.as_str().unwrap_or_default())))
                    .unwrap_or_else(|e| panic!("{name}: request: {e}"))
            });
            let replay = c.get("replay") == Some(&Value::Bool(true));
            Box::new(move |b| {
                let verify = || match &request {
                    Some(r) => v.verify_response(b, r, now),
                    None => v.verify(b, now),
                };
                if replay {
                    let mut cache = ReplayCache::new(16, 0);
                    cache.check(&verify()?, now)?;
                    cache.check(&verify()?, now)
                } else {
                    verify().map(drop)
                }
            })
        }
        "presentation_request" => Box::new(|b| PresentationRequest::decode(b).map(drop)),
        "issuance_request" => Box::new(|b| IssuanceRequest::decode(b).map(drop)),
        "trust_list" => {
            let root = public_key(&c["root_public_key"], name);
            Box::new(move |b| {
                let list = TrustList::decode(b, &root)?;
                if !list.is_fresh(now) && !policy.accept_stale_trust_list {
                    return Err(Error::TrustListStale);
                }
                Ok(())
            })
        }
        "status_list" => {
            let v = verifier(name, c, policy);
            Box::new(move |b| v.decode_status_list(b, now).map(drop))
        }
        "wallet_store" => {
            let key = key32(&c["storage_key"], name);
            Box::new(move |b| Wallet::restore(b, &StorageKey::from_bytes(key)).map(drop))
        }
        "verification_request" => Box::new(|b| VerificationRequest::decode(b).map(drop)),
        "receipt" => {
            let v = verifier(name, c, policy);
            let request = read(
                c["verification_request"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{name}: verification_request")),
            );
            Box::new(move |b| v.verify_receipt(b, &request, now).map(drop))
        }
        other => panic!("{name}: kind {other} unknown to this test"),
    }
}

/// Every accept case of the manifest, with its checker.
fn accept_cases() -> Vec<Case> {
    let path = vectors_dir().join("manifest.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let manifest: Value = serde_json::from_str(&text).expect("manifest.json");
    let cases: Vec<Case> = manifest["cases"]
        .as_array()
        .expect("manifest.json: cases")
        .iter()
        .filter(|c| c["expect"] == "accept")
        .map(|c| {
            let name = c["name"].as_str().expect("case name").to_string();
            let bytes = read(c["file"].as_str().expect("case file"));
            let check = checker(&name, c);
            Case { name, bytes, check }
        })
        .collect();
    assert!(cases.len() >= 40, "only {} accept cases", cases.len());
    cases
}

// ---------------------------------------------------------------------------------------------
// Running variants.

/// What happened to the variants of one family.
#[derive(Default)]
struct Tally {
    variants: usize,
    objects: usize,
    /// Refusals by error code.
    codes: BTreeMap<&'static str, usize>,
    problems: Vec<String>,
}

impl Tally {
    /// Requires the original to be accepted, then every variant refused with a wire-level
    /// error. `expect` optionally names the exact error a variant must get.
    fn run(
        &mut self,
        name: &str,
        original: &[u8],
        check: &dyn Fn(&[u8]) -> Result<(), Error>,
        variants: impl IntoIterator<Item = (String, Vec<u8>, Option<Error>)>,
    ) {
        match catch_unwind(AssertUnwindSafe(|| check(original))) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                self.problems
                    .push(format!("{name}: the unmodified object is refused: {e}"));
                return;
            }
            Err(_) => {
                self.problems
                    .push(format!("{name}: the unmodified object panics"));
                return;
            }
        }
        self.objects += 1;
        for (what, bytes, expect) in variants {
            self.variants += 1;
            if bytes == original {
                self.problems
                    .push(format!("{name}: {what}: the variant equals the original"));
                continue;
            }
            match catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
                Ok(Ok(())) => self.problems.push(format!("{name}: {what}: ACCEPTED")),
                Ok(Err(e)) if e.class() == ErrorClass::Usage => self
                    .problems
                    .push(format!("{name}: {what}: refused with a usage error: {e}")),
                Ok(Err(e)) if expect.is_some_and(|x| x != e) => self.problems.push(format!(
                    "{name}: {what}: refused with {e:?}, expected {expect:?}"
                )),
                Ok(Err(e)) => *self.codes.entry(e.code().as_str()).or_default() += 1,
                Err(_) => self.problems.push(format!("{name}: {what}: PANIC")),
            }
        }
    }

    /// Prints the counts and fails with every problem found.
    fn finish(self, family: &str) {
        let codes: Vec<String> = self.codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        println!(
            "tamper: {family}: {} variants of {} objects, all refused ({})",
            self.variants,
            self.objects,
            codes.join(", ")
        );
        let shown: Vec<&String> = self.problems.iter().take(40).collect();
        assert!(
            self.problems.is_empty(),
            "{family}: {} problems:\n{}",
            self.problems.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

fn bit_flips(bytes: &[u8]) -> impl Iterator<Item = (String, Vec<u8>, Option<Error>)> + '_ {
    (0..bytes.len() * 8).map(move |bit| {
        let mut v = bytes.to_vec();
        v[bit / 8] ^= 1 << (bit % 8);
        (format!("bit {bit} flipped"), v, None)
    })
}

#[test]
fn every_single_bit_flip_is_refused() {
    let mut tally = Tally::default();
    for case in accept_cases() {
        tally.run(&case.name, &case.bytes, &case.check, bit_flips(&case.bytes));
    }
    tally.finish("single-bit flips");
}

#[test]
fn every_truncation_and_appended_byte_is_refused() {
    let mut tally = Tally::default();
    for case in accept_cases() {
        let b = &case.bytes;
        let truncations =
            (0..b.len()).map(|n| (format!("truncated to {n} bytes"), b[..n].to_vec(), None));
        let appended = (0..=255u8).map(|x| {
            let mut v = b.clone();
            v.push(x);
            (format!("byte {x:#04x} appended"), v, None)
        });
        tally.run(&case.name, b, &case.check, truncations.chain(appended));
    }
    tally.finish("truncations and appended bytes");
}

#[test]
fn every_non_canonical_re_encoding_is_refused() {
    let mut tally = Tally::default();
    for case in accept_cases() {
        let item = Item::parse_all(&case.bytes)
            .unwrap_or_else(|| panic!("{}: not one canonical CBOR item", case.name));
        assert_eq!(item.encode(), case.bytes, "{}: model round trip", case.name);
        tally.run(
            &case.name,
            &case.bytes,
            &case.check,
            non_canonical_variants(&item),
        );
    }
    tally.finish("non-shortest heads and indefinite lengths");
}

#[test]
fn every_cose_envelope_change_is_refused() {
    let mut tally = Tally::default();
    for case in accept_cases() {
        let item = Item::parse_all(&case.bytes)
            .unwrap_or_else(|| panic!("{}: not one canonical CBOR item", case.name));
        tally.run(
            &case.name,
            &case.bytes,
            &case.check,
            envelope_variants(&item),
        );
    }
    // Every signed kind has a tagged COSE_Sign1 at the outside; the wallet store has none.
    assert!(tally.variants >= 5 * 40, "{} variants", tally.variants);
    tally.finish("S + L, non-empty unprotected headers, untagged and retagged envelopes");
}

/// The structural variants: each head widened to each longer form, each container made
/// indefinite.
fn non_canonical_variants(item: &Item) -> Vec<(String, Vec<u8>, Option<Error>)> {
    let (heads, containers) = item.count();
    let mut out = Vec::new();
    for head in 0..heads {
        for width in [2, 3, 5, 9] {
            if let Some(bytes) = item.encode_with(Mutation::Widen { head, width }) {
                out.push((format!("head {head} in {width} bytes"), bytes, None));
            }
        }
    }
    for node in 0..containers {
        if let Some(bytes) = item.encode_with(Mutation::Indefinite { node }) {
            out.push((format!("container {node} indefinite"), bytes, None));
        }
    }
    out
}

/// The COSE_Sign1 variants, at every level: S + L, three non-empty unprotected headers,
/// untagged, tagged 98. The outer envelope's S + L must be `bad_signature` and its non-empty
/// unprotected header `malformed`, exactly; nested ones must only be refused.
fn envelope_variants(item: &Item) -> Vec<(String, Vec<u8>, Option<Error>)> {
    let mut out = Vec::new();
    for n in 0..item.cose_count() {
        let outer = n == 0 && matches!(item, Item::Tag(18, _));
        for change in EnvelopeChange::ALL {
            let mut changed = item.clone();
            let mut seen = 0;
            changed.visit_cose(&mut seen, n, change);
            let expect = match change {
                EnvelopeChange::SPlusL if outer => Some(Error::BadSignature),
                EnvelopeChange::Unprotected(_) if outer => {
                    Some(Error::Malformed("unprotected header must be empty"))
                }
                _ => None,
            };
            out.push((
                format!("cose_sign1 {n}: {change:?}"),
                changed.encode(),
                expect,
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Re-signed variants: the attacker holds the key that signs the outer envelope.

/// Re-signs every non-canonical re-encoding of `object`'s payload and every envelope change of
/// the COSE_Sign1 objects nested in it.
fn resigned_variants(
    object: &[u8],
    kind: ObjectKind,
    signer: &SigningKey,
) -> Vec<(String, Vec<u8>, Option<Error>)> {
    let Some(Item::Tag(18, body)) = Item::parse_all(object) else {
        panic!("not a tagged COSE_Sign1");
    };
    let Item::Array(parts) = *body else {
        panic!("not a COSE_Sign1 array");
    };
    let Item::Bytes(_, Some(payload)) = &parts[2] else {
        panic!("the payload is not CBOR");
    };
    let sign = |p: Vec<u8>| cose::sign(kind, &p, signer).expect("re-signing");
    let mut out: Vec<(String, Vec<u8>, Option<Error>)> = non_canonical_variants(payload)
        .into_iter()
        .map(|(what, p, _)| (format!("re-signed payload, {what}"), sign(p), None))
        .collect();
    for (what, p, _) in envelope_variants(payload) {
        out.push((format!("re-signed payload, nested {what}"), sign(p), None));
    }
    out
}

#[test]
fn a_holder_who_re_signs_cannot_make_a_non_canonical_presentation_pass() {
    let mut tally = Tally::default();
    let verifier_key = common::key(common::HOTEL_SEED);
    let now = common::NOW;
    let verifier = Verifier::new(Policy::default()).with_issuer_key(*common::issuer().public_key());
    let people = [
        (1, common::wang_jianguo(), Level::Upgraded),
        (2, common::liu_zhiqiang(), Level::Light),
    ];
    for (label, person, level) in people {
        let (wallet, _) = common::holder(label, &person, level, now - 600);
        let device = common::key(0xd0_0000 + label);
        // A QR presentation that discloses a value of every type.
        let disclosed = [
            AttributeId::FullName,
            AttributeId::Sex,
            AttributeId::BirthDate,
            AttributeId::CardValidity,
            AttributeId::AgeOver(18),
        ];
        let qr = wallet.present(&disclosed, now).expect("presentation");
        let qr_check = |b: &[u8]| verifier.verify(b, now + 1).map(drop);
        tally.run(
            &format!("holder {label}, QR"),
            &qr,
            &qr_check,
            resigned_variants(&qr, ObjectKind::Presentation, &device),
        );
        // An interactive one, which carries a request binding.
        let request = PresentationRequest::create(
            &RequestParams {
                verifier_id: "hotel.example",
                nonce: [7; 16],
                requested: &[AttributeId::FullName, AttributeId::IdNumber],
                min_level: Level::Light,
                max_age: 60,
                now,
            },
            &verifier_key,
        )
        .expect("request");
        let decoded = PresentationRequest::decode(&request).expect("request decodes");
        let answer = wallet.respond(&request, now).expect("answer");
        let answer_check = |b: &[u8]| verifier.verify_response(b, &decoded, now + 1).map(drop);
        tally.run(
            &format!("holder {label}, interactive"),
            &answer,
            &answer_check,
            resigned_variants(&answer, ObjectKind::Presentation, &device),
        );
    }
    tally.finish("presentations re-signed by their holder");
}

#[test]
fn a_signer_of_a_self_signed_object_cannot_make_a_non_canonical_one_pass() {
    let mut tally = Tally::default();
    let now = common::NOW;
    let verifier_key = common::key(common::HOTEL_SEED);
    let request = PresentationRequest::create(
        &RequestParams {
            verifier_id: "hotel.example",
            nonce: [9; 16],
            requested: &[
                AttributeId::FullName,
                AttributeId::AgeOver(18),
                AttributeId::parse("org.example/member_tier").expect("extra name"),
            ],
            min_level: Level::Upgraded,
            max_age: 60,
            now,
        },
        &verifier_key,
    )
    .expect("request");
    tally.run(
        "presentation request",
        &request,
        &|b| PresentationRequest::decode(b).map(drop),
        resigned_variants(&request, ObjectKind::PresentationRequest, &verifier_key),
    );

    let device = common::key(0xd0_0009);
    let issuance = Wallet::new(device.clone())
        .issuance_request(Level::Light, &[3; 16], now)
        .expect("issuance request");
    tally.run(
        "issuance request",
        &issuance,
        &|b| IssuanceRequest::decode(b).map(drop),
        resigned_variants(&issuance, ObjectKind::IssuanceRequest, &device),
    );

    let (wallet, _) = common::holder(3, &common::chen_xiaoyan(), Level::Upgraded, now - 600);
    let presentation = wallet
        .present(&[AttributeId::FullName], now)
        .expect("presentation");
    let terminal = common::key(0x7e_0001);
    let image = b"\xff\xd8\xff a live image";
    let verification = VerificationRequest::create(
        &VerificationParams {
            presentation: &presentation,
            presentation_request: None,
            verifier_id: "bank.example/counter-1",
            service_nonce: [5; 16],
            mode: AuthMode::CredentialPasswordFace,
            password: Some("12345678"),
            face: Some(FaceEvidence::for_image(image, now, "image/jpeg")),
            release: &[AttributeId::FullName],
            now,
        },
        &ServiceSealingKey([9; 32]),
        &terminal,
        &mut common::rng(0x7e),
    )
    .expect("verification request");
    // The request carries the presentation as opaque bytes; the service verifies it (the
    // identity factor), so the check is the request's decoding and then the presentation's.
    let verifier = Verifier::new(Policy::default()).with_issuer_key(*common::issuer().public_key());
    tally.run(
        "verification request",
        &verification,
        &|b| {
            let r = VerificationRequest::decode(b)?;
            verifier.verify(r.presentation, now).map(drop)
        },
        resigned_variants(&verification, ObjectKind::VerificationRequest, &terminal),
    );
    tally.finish("self-signed objects re-signed by their signer");
}

// ---------------------------------------------------------------------------------------------
// A small CBOR model, independent of the library's decoder: it parses the canonical vectors
// and re-encodes them with one chosen deviation.

/// A CBOR item. A byte string keeps its content and, when that content is itself one CBOR
/// array, map or tagged item (a protected header, a payload, an embedded object), its parse.
#[derive(Clone, Debug)]
enum Item {
    Uint(u64),
    Nint(u64),
    Bytes(Vec<u8>, Option<Box<Item>>),
    Text(Vec<u8>),
    Array(Vec<Item>),
    Map(Vec<(Item, Item)>),
    Tag(u64, Box<Item>),
    Simple(u8),
}

/// The one deviation an encoding makes.
#[derive(Clone, Copy, PartialEq)]
enum Mutation {
    None,
    /// Head number `head` (in encoding order) written with `width` bytes.
    Widen {
        head: usize,
        width: usize,
    },
    /// Container number `node` written with an indefinite length.
    Indefinite {
        node: usize,
    },
}

/// A change to one COSE_Sign1.
#[derive(Clone, Copy, Debug)]
enum EnvelopeChange {
    /// The signature's `S` replaced by `S + L`.
    SPlusL,
    /// The unprotected header holds `{1: -8}` (0), `{4: kid}` (1) or `{99: 0}` (2).
    Unprotected(u8),
    /// The tag removed.
    Untagged,
    /// Tag 98 (COSE_Sign) instead of 18.
    Retagged,
}

impl EnvelopeChange {
    const ALL: [EnvelopeChange; 6] = [
        EnvelopeChange::SPlusL,
        EnvelopeChange::Unprotected(0),
        EnvelopeChange::Unprotected(1),
        EnvelopeChange::Unprotected(2),
        EnvelopeChange::Untagged,
        EnvelopeChange::Retagged,
    ];
}

/// The order of the Ed25519 group, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// `S + L` in the last 32 bytes of a signature (S < L, so the sum fits 256 bits).
fn s_plus_l(signature: &mut [u8]) {
    let s = &mut signature[32..];
    let mut carry = 0u16;
    for (b, l) in s.iter_mut().zip(L) {
        let sum = u16::from(*b) + u16::from(l) + carry;
        *b = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0, "S + L overflowed: S was not reduced");
}

fn shortest_width(value: u64) -> usize {
    match value {
        0..=23 => 1,
        24..=0xff => 2,
        0x100..=0xffff => 3,
        0x1_0000..=0xffff_ffff => 5,
        _ => 9,
    }
}

fn write_head(out: &mut Vec<u8>, major: u8, value: u64, width: usize) {
    let m = major << 5;
    match width {
        1 => out.push(m | value as u8),
        2 => out.extend([m | 24, value as u8]),
        3 => {
            out.push(m | 25);
            out.extend((value as u16).to_be_bytes());
        }
        5 => {
            out.push(m | 26);
            out.extend((value as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend(value.to_be_bytes());
        }
    }
}

/// Encoding state: counters of heads and containers, and the deviation to make.
struct Enc {
    heads: usize,
    containers: usize,
    mutation: Mutation,
    /// Whether the deviation was made.
    applied: bool,
}

impl Enc {
    fn head(&mut self, out: &mut Vec<u8>, major: u8, value: u64) {
        let n = self.heads;
        self.heads += 1;
        let mut width = shortest_width(value);
        if let Mutation::Widen { head, width: w } = self.mutation
            && head == n
            && w > width
        {
            width = w;
            self.applied = true;
        }
        write_head(out, major, value, width);
    }

    /// Whether this container is the one to write with an indefinite length.
    fn indefinite(&mut self) -> bool {
        let n = self.containers;
        self.containers += 1;
        let hit = self.mutation == Mutation::Indefinite { node: n };
        self.applied |= hit;
        hit
    }
}

impl Item {
    fn parse_all(bytes: &[u8]) -> Option<Item> {
        let mut pos = 0;
        let item = Item::parse(bytes, &mut pos)?;
        (pos == bytes.len()).then_some(item)
    }

    fn parse(b: &[u8], pos: &mut usize) -> Option<Item> {
        let initial = *b.get(*pos)?;
        *pos += 1;
        let (major, info) = (initial >> 5, initial & 0x1f);
        if major == 7 {
            return matches!(info, 20..=22).then_some(Item::Simple(initial));
        }
        let value = match info {
            0..=23 => u64::from(info),
            24..=27 => {
                let n = 1usize << (info - 24);
                let arg = b.get(*pos..*pos + n)?;
                *pos += n;
                arg.iter().fold(0u64, |acc, x| acc << 8 | u64::from(*x))
            }
            _ => return None,
        };
        let take = |pos: &mut usize| -> Option<Vec<u8>> {
            let end = pos.checked_add(usize::try_from(value).ok()?)?;
            let s = b.get(*pos..end)?.to_vec();
            *pos = end;
            Some(s)
        };
        Some(match major {
            0 => Item::Uint(value),
            1 => Item::Nint(value),
            2 => {
                let content = take(pos)?;
                let nested = Item::parse_all(&content)
                    .filter(|i| matches!(i, Item::Array(_) | Item::Map(_) | Item::Tag(..)))
                    .map(Box::new);
                Item::Bytes(content, nested)
            }
            3 => Item::Text(take(pos)?),
            4 => Item::Array(
                (0..value)
                    .map(|_| Item::parse(b, pos))
                    .collect::<Option<_>>()?,
            ),
            5 => Item::Map(
                (0..value)
                    .map(|_| Some((Item::parse(b, pos)?, Item::parse(b, pos)?)))
                    .collect::<Option<_>>()?,
            ),
            _ => Item::Tag(value, Box::new(Item::parse(b, pos)?)),
        })
    }

    fn encode(&self) -> Vec<u8> {
        let mut st = Enc {
            heads: 0,
            containers: 0,
            mutation: Mutation::None,
            applied: false,
        };
        let mut out = Vec::new();
        self.write(&mut out, &mut st);
        out
    }

    /// The encoding with `mutation`, or `None` when it does not apply (a head cannot be
    /// widened to a form no longer than its shortest).
    fn encode_with(&self, mutation: Mutation) -> Option<Vec<u8>> {
        let mut st = Enc {
            heads: 0,
            containers: 0,
            mutation,
            applied: false,
        };
        let mut out = Vec::new();
        self.write(&mut out, &mut st);
        st.applied.then_some(out)
    }

    /// The number of heads and of containers (arrays, maps, strings) at every level.
    fn count(&self) -> (usize, usize) {
        let mut st = Enc {
            heads: 0,
            containers: 0,
            mutation: Mutation::None,
            applied: false,
        };
        self.write(&mut Vec::new(), &mut st);
        (st.heads, st.containers)
    }

    fn write(&self, out: &mut Vec<u8>, st: &mut Enc) {
        match self {
            Item::Uint(v) => st.head(out, 0, *v),
            Item::Nint(v) => st.head(out, 1, *v),
            Item::Bytes(content, nested) => {
                let content = match nested {
                    Some(inner) => {
                        let mut c = Vec::new();
                        inner.write(&mut c, st);
                        c
                    }
                    None => content.clone(),
                };
                Item::write_string(out, st, 2, &content);
            }
            Item::Text(content) => Item::write_string(out, st, 3, content),
            Item::Array(items) => {
                if st.indefinite() {
                    out.push(0x9f);
                    items.iter().for_each(|i| i.write(out, st));
                    out.push(0xff);
                } else {
                    st.head(out, 4, items.len() as u64);
                    items.iter().for_each(|i| i.write(out, st));
                }
            }
            Item::Map(entries) => {
                let indefinite = st.indefinite();
                if indefinite {
                    out.push(0xbf);
                } else {
                    st.head(out, 5, entries.len() as u64);
                }
                for (k, v) in entries {
                    k.write(out, st);
                    v.write(out, st);
                }
                if indefinite {
                    out.push(0xff);
                }
            }
            Item::Tag(tag, inner) => {
                st.head(out, 6, *tag);
                inner.write(out, st);
            }
            Item::Simple(b) => out.push(*b),
        }
    }

    fn write_string(out: &mut Vec<u8>, st: &mut Enc, major: u8, content: &[u8]) {
        if st.indefinite() {
            // One definite chunk inside an indefinite-length string.
            out.push(major << 5 | 31);
            write_head(
                out,
                major,
                content.len() as u64,
                shortest_width(content.len() as u64),
            );
            out.extend_from_slice(content);
            out.push(0xff);
        } else {
            st.head(out, major, content.len() as u64);
            out.extend_from_slice(content);
        }
    }

    /// The number of tagged COSE_Sign1 structures at every level.
    fn cose_count(&self) -> usize {
        let mut seen = 0;
        self.clone()
            .visit_cose(&mut seen, usize::MAX, EnvelopeChange::Untagged);
        seen
    }

    /// Applies `change` to the `target`-th tagged COSE_Sign1 (pre-order) and counts them all in
    /// `seen`.
    fn visit_cose(&mut self, seen: &mut usize, target: usize, change: EnvelopeChange) {
        let is_cose = matches!(self, Item::Tag(18, body)
            if matches!(body.as_ref(), Item::Array(parts) if parts.len() == 4));
        if is_cose {
            let n = *seen;
            *seen += 1;
            if n == target {
                self.change_envelope(change);
            }
        }
        self.visit_children(seen, target, change);
    }

    /// Applies `change` to this COSE_Sign1.
    fn change_envelope(&mut self, change: EnvelopeChange) {
        let Item::Tag(_, body) = std::mem::replace(self, Item::Simple(0xf6)) else {
            unreachable!("called on a tagged item");
        };
        let Item::Array(mut parts) = *body else {
            unreachable!("called on a COSE_Sign1 array");
        };
        let mut tag = Some(18);
        match change {
            EnvelopeChange::SPlusL => {
                if let Item::Bytes(sig, nested) = &mut parts[3] {
                    s_plus_l(sig);
                    *nested = None;
                }
            }
            EnvelopeChange::Unprotected(which) => {
                let entry = match which {
                    0 => (Item::Uint(1), Item::Nint(7)),
                    1 => (Item::Uint(4), Item::Bytes(kid_of(&parts[0]), None)),
                    _ => (Item::Uint(99), Item::Uint(0)),
                };
                parts[1] = Item::Map(vec![entry]);
            }
            EnvelopeChange::Untagged => tag = None,
            EnvelopeChange::Retagged => tag = Some(98),
        }
        let array = Item::Array(parts);
        *self = match tag {
            Some(t) => Item::Tag(t, Box::new(array)),
            None => array,
        };
    }

    fn visit_children(&mut self, seen: &mut usize, target: usize, change: EnvelopeChange) {
        match self {
            Item::Bytes(_, Some(inner)) | Item::Tag(_, inner) => {
                inner.visit_cose(seen, target, change)
            }
            Item::Array(items) => items
                .iter_mut()
                .for_each(|i| i.visit_cose(seen, target, change)),
            Item::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.visit_cose(seen, target, change);
                v.visit_cose(seen, target, change);
            }),
            _ => {}
        }
    }
}

/// The kid (label 4) of a protected header item, or 8 zero bytes.
fn kid_of(protected: &Item) -> Vec<u8> {
    if let Item::Bytes(_, Some(header)) = protected
        && let Item::Map(entries) = header.as_ref()
        && let Some((_, Item::Bytes(kid, _))) =
            entries.iter().find(|(k, _)| matches!(k, Item::Uint(4)))
    {
        return kid.clone();
    }
    vec![0; 8]
}

#[test]
fn the_model_finds_what_it_should() {
    // A presentation: outer envelope, the credential's inside its payload.
    let bytes = read("presentation/age-name.cbor");
    let item = Item::parse_all(&bytes).expect("parses");
    assert_eq!(item.encode(), bytes);
    assert_eq!(item.cose_count(), 2);
    let (heads, containers) = item.count();
    assert!(heads > 40 && containers > 20, "{heads} heads, {containers}");
    // S + L changes exactly the signature bytes and stays 64 bytes long.
    let mut sig = vec![0u8; 64];
    s_plus_l(&mut sig);
    assert_eq!(&sig[32..], &L);
    // Widening head 0 (the tag) gives d8 12.
    let widened = item
        .encode_with(Mutation::Widen { head: 0, width: 2 })
        .expect("applies");
    assert_eq!(&widened[..3], &[0xd8, 0x12, 0x84]);
    assert!(
        item.encode_with(Mutation::Widen { head: 0, width: 1 })
            .is_none()
    );
    let indefinite = item
        .encode_with(Mutation::Indefinite { node: 0 })
        .expect("applies");
    assert_eq!(&indefinite[..2], &[0xd2, 0x9f]);
    assert_eq!(indefinite.last(), Some(&0xff));
}
