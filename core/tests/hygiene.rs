//! Secret hygiene: no secret and no personal data in any `Debug` or `Display` output.
//!
//! Every key- or secret-holding type and every type that carries personal data is formatted
//! (`{:?}` and `{:#?}`, and `{}` where it has `Display`) after it was made from known secrets —
//! seeds, a storage key, the service's secrets, a credential password and its record's salt —
//! and a known person; the output must contain none of them: neither the secret bytes in hex
//! (either case) or as a list (what `{:?}`, `{:x?}` and `{:X?}` print for `[u8]`), nor any
//! 6-byte window of them; nor the person's name, ID number, address, issuing authority, birth
//! date or portrait, as text or as bytes. Every [`Error`] variant (one per [`ErrorCode`], so a
//! new code cannot be forgotten) is checked the same way (messages also lowercase), and so are
//! the errors actually returned while handling that person's data. A last test shows that the
//! detector sees a leak in each of these forms.

mod common;

use std::fmt::Debug;
use wangzheng::disclosure::Disclosure;
use wangzheng::presentation::Presentation;
use wangzheng::{
    AttributeId, AttributeValue, CredentialPackage, Error, ErrorCode, ExtraValue, FaceComparison,
    FaceMatcher, InMemoryPasswordStore, IssueOptions, Issuer, Level, ObjectKind, PasswordParams,
    PasswordRecord, PersonKey, PersonRecord, Policy, PublicKey, Registry, ReplayCache, ServiceKeys,
    SigningKey, StorageKey, VerificationService, Verifier, Wallet, cose,
};

const NOW: u64 = common::NOW;
const PASSWORD: &str = "24681357";

/// What must never appear: labelled byte strings (secrets and personal data).
struct Forbidden(Vec<(String, Vec<u8>)>);

impl Forbidden {
    fn new() -> Self {
        Forbidden(Vec::new())
    }

    fn add(&mut self, label: &str, bytes: &[u8]) {
        self.0.push((label.to_string(), bytes.to_vec()));
    }

    /// The person's data: text as itself, and every value as bytes.
    fn person(&mut self, p: &PersonRecord) {
        let date = p.birth_date;
        for (label, text) in [
            ("full name", p.full_name.clone()),
            ("id number", p.id_number.clone()),
            ("address", p.address.clone()),
            ("issuing authority", p.issuing_authority.clone()),
            ("birth date", date.to_yyyymmdd().to_string()),
            ("birth date", date.to_string()),
        ] {
            self.add(label, text.as_bytes());
        }
        if let Some(portrait) = &p.portrait {
            self.add("portrait", portrait);
        }
    }

    /// The forms in which `bytes` could show in formatted output.
    fn forms(bytes: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        if bytes.is_empty() {
            return out;
        }
        if let Ok(text) = std::str::from_utf8(bytes)
            && text.chars().count() >= 2
        {
            out.push(text.to_string());
        }
        // Hex and decimal forms of the whole, or of any 6-byte window of longer strings.
        let windows: Vec<&[u8]> = if bytes.len() > 6 {
            bytes.windows(6).collect()
        } else {
            vec![bytes]
        };
        for w in windows {
            out.push(hex::encode(w));
            out.push(hex::encode_upper(w));
            // `Debug` of bytes: decimal, `{:x?}` and `{:X?}` lists.
            for list in [format!("{w:?}"), format!("{w:x?}"), format!("{w:X?}")] {
                out.push(list.trim_matches(|c| c == '[' || c == ']').to_string());
            }
        }
        out
    }

    /// Fails with every forbidden item that `text` (the output for `what`) contains.
    fn check(&self, what: &str, text: &str, problems: &mut Vec<String>) {
        for (label, bytes) in &self.0 {
            for form in Forbidden::forms(bytes) {
                if text.contains(&form) {
                    problems.push(format!("{what} shows the {label} (as {form:?}): {text}"));
                    break;
                }
            }
        }
    }
}

/// Formats `value` with `{:?}` and `{:#?}` and checks both.
fn debug<T: Debug + ?Sized>(
    f: &Forbidden,
    what: &str,
    value: &T,
    problems: &mut Vec<String>,
    seen: &mut usize,
) {
    f.check(what, &format!("{value:?}"), problems);
    f.check(what, &format!("{value:#?}"), problems);
    *seen += 1;
}

fn fail_with(problems: &[String]) {
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// One error value for every code, so that a new variant has to be added here.
fn every_error() -> Vec<Error> {
    let all: Vec<Error> = ErrorCode::ALL
        .iter()
        .map(|code| match code {
            ErrorCode::Malformed => Error::Malformed("presentation.disclosures"),
            ErrorCode::NonCanonical => Error::NonCanonical("non-shortest head"),
            ErrorCode::TooLarge => Error::TooLarge("object size"),
            ErrorCode::Unsupported => Error::Unsupported("signature algorithm"),
            ErrorCode::WrongKind => Error::WrongKind {
                expected: ObjectKind::Presentation,
            },
            ErrorCode::BadSignature => Error::BadSignature,
            ErrorCode::WeakKey => Error::WeakKey,
            ErrorCode::UnknownIssuer => Error::UnknownIssuer,
            ErrorCode::DeviceKeyMismatch => Error::DeviceKeyMismatch,
            ErrorCode::NotYetValid => Error::NotYetValid,
            ErrorCode::Expired => Error::Expired,
            ErrorCode::StalePresentation => Error::StalePresentation,
            ErrorCode::Replayed => Error::Replayed,
            ErrorCode::LevelTooLow => Error::LevelTooLow,
            ErrorCode::MissingAttribute => Error::MissingAttribute,
            ErrorCode::DisclosureMismatch => Error::DisclosureMismatch,
            ErrorCode::AudienceMismatch => Error::AudienceMismatch,
            ErrorCode::NonceMismatch => Error::NonceMismatch,
            ErrorCode::RequestMismatch => Error::RequestMismatch,
            ErrorCode::Revoked => Error::Revoked,
            ErrorCode::Suspended => Error::Suspended,
            ErrorCode::Superseded => Error::Superseded,
            ErrorCode::StatusUnavailable => Error::StatusUnavailable,
            ErrorCode::TrustListStale => Error::TrustListStale,
            ErrorCode::PasswordWrong => Error::PasswordWrong,
            ErrorCode::PasswordLocked => Error::PasswordLocked,
            ErrorCode::FaceMismatch => Error::FaceMismatch,
            ErrorCode::ReceiptMismatch => Error::ReceiptMismatch,
            ErrorCode::UnknownCredential => Error::UnknownCredential,
            ErrorCode::CorruptStore => Error::CorruptStore,
            ErrorCode::InvalidArgument => Error::InvalidArgument("attribute value"),
            ErrorCode::SignerFailed => Error::SignerFailed,
        })
        .collect();
    for (e, code) in all.iter().zip(ErrorCode::ALL) {
        assert_eq!(e.code(), *code);
    }
    all
}

/// `Error` is `Copy` and `'static`: it cannot hold a value taken from the input, only the
/// static field names of the format.
fn static_and_copy<T: Copy + 'static>() {}

#[test]
fn error_messages_name_fields_never_values() {
    static_and_copy::<Error>();
    let mut f = Forbidden::new();
    f.person(&common::wang_jianguo());
    let mut problems = Vec::new();
    for e in every_error() {
        let text = e.to_string();
        f.check("an error's Display", &text, &mut problems);
        f.check("an error's Debug", &format!("{e:?}"), &mut problems);
        if text != text.to_lowercase() || text.is_empty() {
            problems.push(format!("{:?}: message {text:?} is not lowercase", e.code()));
        }
        let code = e.code();
        if code.to_string() != code.as_str() {
            problems.push(format!("{code:?}: Display is not its name"));
        }
    }
    fail_with(&problems);
}

/// A face matcher for the service.
struct Matcher;

impl FaceMatcher for Matcher {
    fn compare(&self, _person: &PersonKey, _image: &[u8]) -> FaceComparison {
        FaceComparison {
            score: 900,
            matched: true,
        }
    }
}

#[test]
fn keys_secrets_and_personal_data_stay_out_of_debug_output() {
    let person = PersonRecord {
        portrait: Some(b"\xff\xd8\xff\xe0 portrait of a person".to_vec()),
        extras: vec![(
            "org.example/member_no".into(),
            ExtraValue::Text("M-77-4412".into()),
        )],
        ..common::wang_jianguo()
    };
    let issuer_seed = common::seed(common::ISSUER_SEED);
    let device_seed = common::seed(0xd0_0001);
    let storage = common::seed(0x5709);
    let (sign_seed, seal_seed, rp_secret) = (
        common::seed(0x5e01),
        common::seed(0x5e02),
        common::seed(0x5e03),
    );
    // The password record's salt is the first 16 bytes its generator draws.
    let salt: [u8; 16] = {
        use rand_core::Rng;
        let mut s = [0u8; 16];
        common::rng(0x5a17).fill_bytes(&mut s);
        s
    };
    let mut f = Forbidden::new();
    f.person(&person);
    f.add("member number", b"M-77-4412");
    f.add("issuer seed", &issuer_seed);
    f.add("device seed", &device_seed);
    f.add("storage key", &storage);
    f.add("service signing seed", &sign_seed);
    f.add("service sealing seed", &seal_seed);
    f.add("relying-party secret", &rp_secret);
    f.add("password", PASSWORD.as_bytes());
    f.add("password salt", &salt);
    // Private scalars derived from the seeds would be as bad as the seeds.
    for (label, seed) in [("issuer", &issuer_seed), ("device", &device_seed)] {
        use sha2::Digest as _;
        let expanded = sha2::Sha512::digest(seed);
        f.add(&format!("{label} expanded secret key"), &expanded[..32]);
        f.add(&format!("{label} nonce prefix"), &expanded[32..]);
    }

    let mut problems = Vec::new();
    let mut seen = 0;
    let p = &mut problems;
    let s = &mut seen;

    // Keys.
    let issuer = Issuer::from_seed(&issuer_seed).expect("issuer");
    debug(&f, "Issuer", &issuer, p, s);
    let device = SigningKey::from_seed(&device_seed);
    debug(&f, "SigningKey", &device, p, s);
    let storage_key = StorageKey::from_bytes(storage);
    debug(&f, "StorageKey", &storage_key, p, s);
    let keys = ServiceKeys::from_seeds(&sign_seed, &seal_seed, &rp_secret);
    debug(&f, "ServiceKeys", &keys, p, s);
    let cheap = PasswordParams {
        m_cost_kib: 8,
        t_cost: 1,
        p_cost: 1,
    };
    let record = PasswordRecord::new(PASSWORD, cheap, &mut common::rng(0x5a17)).expect("record");
    debug(&f, "PasswordRecord", &record, p, s);
    let person_key = PersonKey::from_id_number(&person.id_number);
    f.add("person key", person_key.as_bytes());
    debug(&f, "PersonKey", &person_key, p, s);
    let mut passwords = InMemoryPasswordStore::new();
    passwords.set(person_key, record.clone());
    debug(&f, "InMemoryPasswordStore", &passwords, p, s);

    // Personal data, issuance and the wallet.
    debug(&f, "PersonRecord", &person, p, s);
    for (_, v) in &person.extras {
        debug(&f, "ExtraValue", v, p, s);
    }
    let mut wallet = Wallet::new(device.clone());
    let mut rng = common::rng(0x1550);
    let nonce = Issuer::new_nonce(&mut rng);
    let request = wallet
        .issuance_request(Level::Upgraded, &nonce, NOW - 600)
        .expect("request");
    let checked = issuer
        .check_request(&request, &nonce, NOW - 600)
        .expect("checked");
    let mut registry = Registry::new(1, 16).expect("registry");
    let enrollment = registry
        .new_generation(person_key, "app.example")
        .expect("enrolled");
    debug(&f, "Registry", &registry, p, s);
    debug(&f, "Enrollment", &enrollment, p, s);
    let options = IssueOptions {
        proven_level: Level::Upgraded,
        generation: enrollment.generation,
        status: Some(enrollment.status),
        ..IssueOptions::default()
    };
    debug(&f, "IssueOptions", &options, p, s);
    let issued = issuer
        .issue(&checked, &person, &options, &mut rng, NOW - 600)
        .expect("issued");
    debug(&f, "Issued", &issued, p, s);
    let package = CredentialPackage::decode(&issued.package).expect("package");
    debug(&f, "CredentialPackage", &package, p, s);
    for d in &package.disclosures {
        let d = Disclosure::from_bytes(d).expect("disclosure");
        debug(&f, "Disclosure", &d, p, s);
        debug(&f, "AttributeValue", &d.value, p, s);
    }
    wallet
        .store(&issued.package, issuer.public_key(), NOW - 600)
        .expect("stored");
    debug(&f, "Wallet", &wallet, p, s);
    debug(&f, "HeldCredential", &wallet.credentials()[0], p, s);
    let store = wallet
        .export(&storage_key, &mut common::rng(0x5708))
        .expect("exported");
    let restored = Wallet::restore(&store, &storage_key).expect("restored");
    debug(&f, "a restored Wallet", &restored, p, s);
    let list = registry
        .status_list(&SigningKey::from_seed(&issuer_seed), NOW - 60, NOW + 3600)
        .expect("status list");
    let verifier_with_list = {
        let mut v = Verifier::new(Policy::default()).with_issuer_key(*issuer.public_key());
        v.update_status_list(&list, NOW).expect("list loads");
        v
    };
    let decoded_list = verifier_with_list
        .decode_status_list(&list, NOW)
        .expect("list decodes");
    debug(&f, "StatusList", &decoded_list, p, s);
    let changes = wallet.apply_status(&decoded_list, NOW);
    debug(&f, "StatusChange", &changes, p, s);

    // Presentations that disclose everything, and what the verifier makes of them.
    let all: Vec<AttributeId<'static>> = wallet.credentials()[0]
        .attribute_ids()
        .map(AttributeId::into_owned)
        .collect();
    let qr = wallet.present(&all, NOW).expect("presentation");
    let decoded = Presentation::decode(&qr).expect("decodes");
    debug(&f, "Presentation", &decoded, p, s);
    debug(&f, "Credential", &decoded.credential, p, s);
    debug(&f, "CredentialClaims", &decoded.credential.claims, p, s);
    debug(&f, "Sign1", &decoded.sign1, p, s);
    debug(&f, "PresentedDisclosures", &decoded.disclosures, p, s);
    for d in decoded.disclosures.iter() {
        debug(&f, "PresentedDisclosure", &d, p, s);
    }
    let verified = verifier_with_list.verify(&qr, NOW).expect("verified");
    debug(&f, "VerifiedPresentation", &verified, p, s);
    for a in verified.disclosed() {
        debug(&f, "Attribute", &a, p, s);
        debug(&f, "AttributeId", &a.id, p, s);
        f.check("AttributeId's Display", &a.id.to_string(), p);
    }
    debug(&f, "Verifier", &verifier_with_list, p, s);
    let mut cache = ReplayCache::new(8, 1);
    cache.check(&verified, NOW).expect("first use");
    debug(&f, "ReplayCache", &cache, p, s);

    // The online service and its receipt (the service vouches for the name and ID number).
    let service_public =
        PublicKey::from_bytes(&keys.signing.public_key_bytes()).expect("service key");
    let mut service = VerificationService::new(
        verifier_with_list.clone(),
        keys,
        passwords,
        Matcher,
        registry,
    );
    debug(&f, "VerificationService", &service, p, s);
    let service_nonce = service.new_nonce(&mut common::rng(0x5e04), NOW);
    let terminal = common::key(0x7e_0005);
    let image = b"\xff\xd8\xff live";
    let release = [AttributeId::FullName, AttributeId::IdNumber];
    // The terminal's parameters hold the password and the presentation (which discloses
    // everything); the decoded request holds the presentation.
    let params = wangzheng::VerificationParams {
        presentation: &qr,
        presentation_request: None,
        verifier_id: "bank.example/counter-3",
        service_nonce,
        mode: wangzheng::AuthMode::CredentialPasswordFace,
        password: Some(PASSWORD),
        face: Some(wangzheng::FaceEvidence::for_image(image, NOW, "image/jpeg")),
        release: &release,
        now: NOW,
    };
    debug(&f, "VerificationParams", &params, p, s);
    let request = wangzheng::VerificationRequest::create(
        &params,
        &service.sealing_key(),
        &terminal,
        &mut common::rng(0x7e05),
    )
    .expect("verification request");
    let decoded_request =
        wangzheng::VerificationRequest::decode(&request).expect("the request decodes");
    debug(&f, "VerificationRequest", &decoded_request, p, s);
    let receipt = service.check(&request, Some(image), NOW).expect("receipt");
    let terminal_verifier = Verifier::new(Policy::default()).with_issuer_key(service_public);
    let r = terminal_verifier
        .verify_receipt(&receipt, &request, NOW)
        .expect("verified receipt");
    assert!(r.all_passed(), "{r:?}");
    assert!(r.get(&AttributeId::IdNumber).is_some());
    debug(&f, "Receipt", &r, p, s);
    debug(&f, "FactorResult", &r.password, p, s);
    debug(
        &f,
        "Sign1 of a receipt",
        &cose::Sign1::decode(&receipt, ObjectKind::Receipt).expect("receipt"),
        p,
        s,
    );

    assert!(seen >= 40, "only {seen} values formatted");
    println!("hygiene: {seen} values formatted, none shows a secret or personal data");
    fail_with(&problems);
}

/// The errors the library actually returns while handling a person's data — tampered
/// presentations of it, bad records at issuance, wrong keys for the wallet store — carry none
/// of it.
#[test]
fn errors_from_handling_personal_data_carry_none_of_it() {
    let person = common::wang_jianguo();
    let mut f = Forbidden::new();
    f.person(&person);
    let bad_records = [
        PersonRecord {
            id_number: "110101199003070012".into(),
            ..person.clone()
        },
        PersonRecord {
            id_number: "110101199103070018".into(),
            ..person.clone()
        },
        PersonRecord {
            full_name: String::new(),
            ..person.clone()
        },
        PersonRecord {
            address: "北".repeat(100),
            ..person.clone()
        },
        PersonRecord {
            ethnicity: 77,
            ..person.clone()
        },
        PersonRecord {
            portrait: Some(b"not a jpeg".to_vec()),
            ..person.clone()
        },
    ];
    for bad in &bad_records {
        f.person(bad);
    }
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // Distinct messages, checked at the end.
    let mut record = |e: Error| {
        seen.insert(format!("{e} / {e:?}"));
    };
    let (wallet, _) = common::holder(7, &person, Level::Upgraded, NOW - 600);
    let qr = wallet
        .present(
            &[
                AttributeId::FullName,
                AttributeId::IdNumber,
                AttributeId::Address,
            ],
            NOW,
        )
        .expect("presentation");
    let verifier = Verifier::new(Policy::default()).with_issuer_key(*common::issuer().public_key());
    for bit in 0..qr.len() * 8 {
        let mut v = qr.clone();
        v[bit / 8] ^= 1 << (bit % 8);
        if let Err(e) = verifier.verify(&v, NOW) {
            record(e);
        }
        if let Err(e) = Presentation::decode(&v) {
            record(e);
        }
    }
    for n in 0..qr.len() {
        if let Err(e) = verifier.verify(&qr[..n], NOW) {
            record(e);
        }
    }
    let issuer = common::issuer();
    let mut w = common::wallet(8);
    let mut rng = common::rng(8);
    let nonce = Issuer::new_nonce(&mut rng);
    let request = w
        .issuance_request(Level::Light, &nonce, NOW)
        .expect("request");
    let checked = issuer
        .check_request(&request, &nonce, NOW)
        .expect("checked");
    for bad in &bad_records {
        let e = issuer
            .issue(&checked, bad, &IssueOptions::default(), &mut rng, NOW)
            .expect_err("refused");
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        record(e);
    }
    let issued = issuer
        .issue(&checked, &person, &IssueOptions::default(), &mut rng, NOW)
        .expect("issued");
    w.store(&issued.package, issuer.public_key(), NOW)
        .expect("stored");
    if let Err(e) = w.present(&[AttributeId::Portrait], NOW) {
        record(e);
    }
    let store = w
        .export(&StorageKey::from_bytes([1; 32]), &mut common::rng(9))
        .expect("exported");
    if let Err(e) = Wallet::restore(&store, &StorageKey::from_bytes([2; 32])) {
        record(e);
    }
    assert!(seen.len() >= 8, "only {} distinct errors", seen.len());
    for text in &seen {
        f.check("an error", text, &mut problems);
    }
    fail_with(&problems);
}

#[test]
fn attribute_values_show_their_type_only() {
    let mut f = Forbidden::new();
    f.add("text", "张三丰".as_bytes());
    f.add("bytes", &[0xde, 0xad, 0xbe, 0xef, 0x01, 0x02]);
    let mut problems = Vec::new();
    let mut seen = 0;
    let date = wangzheng::Date::new(1988, 8, 8).expect("date");
    f.add("date", b"19880808");
    f.add("date", b"1988-08-08");
    let values = [
        AttributeValue::Text("张三丰"),
        AttributeValue::Bytes(&[0xde, 0xad, 0xbe, 0xef, 0x01, 0x02]),
        AttributeValue::Portrait(&[0xde, 0xad, 0xbe, 0xef, 0x01, 0x02]),
        AttributeValue::Date(date),
        AttributeValue::CardValidity(wangzheng::CardValidity {
            from: date,
            until: None,
        }),
    ];
    for v in &values {
        debug(&f, "AttributeValue", v, &mut problems, &mut seen);
    }
    for v in [
        ExtraValue::Text("张三丰".into()),
        ExtraValue::Bytes(vec![0xde, 0xad, 0xbe, 0xef, 0x01, 0x02]),
    ] {
        debug(&f, "ExtraValue", &v, &mut problems, &mut seen);
    }
    fail_with(&problems);
}

/// The detector itself: it must see a seed printed by `Debug` (the array inside
/// `SigningKey::to_seed`'s `Zeroizing`, which itself prints `Zeroizing { .. }`), a part of one
/// in hex, and a name inside a debug string.
#[test]
fn the_detector_sees_leaks() {
    let seed = common::seed(0xd0_0001);
    let mut f = Forbidden::new();
    f.add("seed", &seed);
    f.person(&common::wang_jianguo());
    let leaks = [
        format!("{:?}", *SigningKey::from_seed(&seed).to_seed()),
        format!("key {}...", hex::encode(&seed[3..10])),
        format!("{:X?}", &seed[20..28]),
        format!("{:?}", common::wang_jianguo().full_name),
        format!("{:?}", common::wang_jianguo().id_number.as_bytes()),
    ];
    for leak in &leaks {
        let mut found = Vec::new();
        f.check("control", leak, &mut found);
        assert!(!found.is_empty(), "the detector misses {leak}");
    }
}
