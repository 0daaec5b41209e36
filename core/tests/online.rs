//! Scenario 8 of the brief: online verification. A terminal forwards a presentation with the
//! holder's password and a live face image; the authority's service answers with a signed
//! receipt (a result per factor, an identifier scoped to the terminal's relying party); the
//! terminal checks the receipt offline.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use wangzheng::*;

const NOW: u64 = 1_767_225_600;
const DAY: u64 = 86_400;
const APP: &str = "cn.gov.ctid.wallet";
/// Cheap Argon2id parameters so the debug-build tests stay fast; production uses the default.
const TEST_PARAMS: PasswordParams = PasswordParams {
    m_cost_kib: 64,
    t_cost: 1,
    p_cost: 1,
};
const PORTRAIT: &[u8] = b"\xff\xd8\xff\xe0 portrait of the holder";
const LIVE_FACE: &[u8] = b"\xff\xd8\xff\xe0 live capture at the counter";
const OTHER_FACE: &[u8] = b"\xff\xd8\xff\xe0 someone else";

/// A face matcher for tests: the live image matches when it is `LIVE_FACE`.
struct FakeMatcher;

impl FaceMatcher for FakeMatcher {
    fn compare(&self, _person: &PersonKey, image: &[u8]) -> FaceComparison {
        if image == LIVE_FACE {
            FaceComparison {
                score: 962,
                matched: true,
            }
        } else {
            FaceComparison {
                score: 118,
                matched: false,
            }
        }
    }
}

struct World {
    root: PublicKey,
    trust_list: Vec<u8>,
    issuer: Issuer,
    issuer_key: SigningKey,
    service: VerificationService<InMemoryPasswordStore, FakeMatcher, Registry>,
    terminal: Verifier,
    rng: ChaCha20Rng,
}

fn person(name: &str, id_number: &str, born: Date) -> PersonRecord {
    PersonRecord {
        full_name: name.into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: born,
        address: "北京市东城区景山前街4号".into(),
        id_number: id_number.into(),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: Date::new(2020, 1, 1).expect("date"),
            until: None,
        },
        portrait: Some(PORTRAIT.to_vec()),
        extras: vec![],
    }
}

fn zhang() -> PersonRecord {
    person(
        "张三",
        "110101199003070011",
        Date::new(1990, 3, 7).expect("date"),
    )
}

fn world() -> World {
    let root_key = SigningKey::from_seed(&[0x01; 32]);
    let root = PublicKey::from_bytes(&root_key.public_key_bytes()).expect("root");
    let issuer_key = SigningKey::from_seed(&[0x11; 32]);
    let issuer = Issuer::new(issuer_key.clone()).expect("issuer");
    let service_key = SigningKey::from_seed(&[0x12; 32]);
    let entries = [
        TrustedIssuer {
            key: *issuer.public_key(),
            valid_from: NOW - 30 * DAY,
            valid_until: NOW + 365 * DAY,
            levels: vec![Level::Light, Level::Upgraded],
            kinds: vec![ObjectKind::Credential, ObjectKind::StatusList],
        },
        TrustedIssuer {
            key: PublicKey::from_bytes(&service_key.public_key_bytes()).expect("key"),
            valid_from: NOW - 30 * DAY,
            valid_until: NOW + 365 * DAY,
            levels: vec![],
            kinds: vec![ObjectKind::Receipt],
        },
    ];
    let trust_list =
        TrustList::sign(&root_key, 1, NOW - DAY, NOW + 7 * DAY, &entries).expect("trust list");
    let verifier =
        Verifier::with_trust_list(Policy::default(), root, &trust_list).expect("verifier");
    let keys = ServiceKeys {
        signing: service_key,
        sealing_seed: zeroize::Zeroizing::new([0x13; 32]),
        rp_secret: zeroize::Zeroizing::new([0x14; 32]),
    };
    let registry = Registry::new(1, 64).expect("registry");
    let service = VerificationService::new(
        verifier,
        keys,
        InMemoryPasswordStore::new(),
        FakeMatcher,
        registry,
    )
    .with_max_password_failures(3);
    let terminal =
        Verifier::with_trust_list(Policy::default(), root, &trust_list).expect("terminal");
    World {
        root,
        trust_list,
        issuer,
        issuer_key,
        service,
        terminal,
        rng: ChaCha20Rng::seed_from_u64(8),
    }
}

impl World {
    /// Issues `who` an upgraded credential with password `password`, publishes status to the
    /// service, and returns the wallet.
    fn enrol(&mut self, who: &PersonRecord, device_seed: u8, password: &str) -> Wallet<SigningKey> {
        let person = PersonKey::from_id_number(&who.id_number);
        let registry = self.registry_mut();
        let enrollment = registry.new_generation(person, APP).expect("enrol");
        let mut wallet = Wallet::new(SigningKey::from_seed(&[device_seed; 32]));
        let nonce = Issuer::new_nonce(&mut self.rng);
        let req = wallet
            .issuance_request(Level::Upgraded, &nonce, NOW - 3600)
            .expect("request");
        let checked = self
            .issuer
            .check_request(&req, &nonce, NOW - 3600)
            .expect("check");
        let options = IssueOptions {
            proven_level: Level::Upgraded,
            generation: enrollment.generation,
            status: Some(enrollment.status),
            ..IssueOptions::default()
        };
        let issued = self
            .issuer
            .issue(&checked, who, &options, &mut self.rng, NOW - 3600)
            .expect("issue");
        wallet
            .store(&issued.package, self.issuer.public_key(), NOW - 3600)
            .expect("store");
        let record = PasswordRecord::new(password, TEST_PARAMS, &mut self.rng).expect("password");
        self.service.passwords_mut().set(person, record);
        self.publish();
        wallet
    }

    fn registry_mut(&mut self) -> &mut Registry {
        self.service.directory_mut()
    }

    fn publish(&mut self) {
        let list = self
            .issuer
            .sign_status_list(self.service.directory().list(), NOW - 60, NOW + DAY)
            .expect("list");
        self.service
            .verifier_mut()
            .update_status_list(&list, NOW)
            .expect("service loads list");
        self.terminal
            .update_status_list(&list, NOW)
            .expect("terminal loads list");
    }

    /// A terminal's verification request for `wallet`'s QR presentation.
    fn request(
        &mut self,
        wallet: &Wallet<SigningKey>,
        verifier_id: &str,
        mode: AuthMode,
        password: Option<&str>,
    ) -> Vec<u8> {
        let presentation = wallet
            .present(&[AttributeId::FullName], NOW - 5)
            .expect("present");
        let nonce = self.service.new_nonce(&mut self.rng, NOW - 2);
        let face = mode
            .face()
            .then(|| FaceEvidence::for_image(LIVE_FACE, NOW - 3, "image/jpeg"));
        let params = VerificationParams {
            presentation: &presentation,
            presentation_request: None,
            verifier_id,
            service_nonce: nonce,
            mode,
            password,
            face,
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
}

#[test]
fn password_and_face_each_get_a_result_and_the_terminal_checks_the_receipt() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    let request = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::CredentialPasswordFace,
        Some("20260101"),
    );
    let receipt_bytes = w
        .service
        .check(&request, Some(LIVE_FACE), NOW)
        .expect("receipt");
    let receipt = w
        .terminal
        .verify_receipt(&receipt_bytes, &request, NOW)
        .expect("valid receipt");
    assert_eq!(
        (receipt.identity, receipt.password, receipt.face),
        (FactorResult::Ok, FactorResult::Ok, FactorResult::Ok)
    );
    assert!(receipt.all_passed());
    assert_eq!(receipt.level, Some(Level::Upgraded));
    assert_eq!(receipt.face_score, Some(962));
    assert!(receipt.rp_id.is_some());
    assert_eq!(
        receipt.released().count(),
        0,
        "nothing released unless asked"
    );
    // No name, no ID number in the receipt's bytes.
    for secret in ["张三".as_bytes(), b"110101199003070011", b"20260101"] {
        assert!(!receipt_bytes.windows(secret.len()).any(|w| w == secret));
    }
    // The sealed password is not in the request in clear either.
    assert!(!request.windows(8).any(|x| x == b"20260101"));
}

#[test]
fn wrong_password_counts_and_then_locks() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    for attempt in 1..=3 {
        let request = w.request(
            &wallet,
            "bank.example/counter-7",
            AuthMode::CredentialPassword,
            Some("11111111"),
        );
        let r = w.service.check(&request, None, NOW).expect("receipt");
        let receipt = w.terminal.verify_receipt(&r, &request, NOW).expect("valid");
        assert_eq!(receipt.identity, FactorResult::Ok, "attempt {attempt}");
        assert_eq!(
            receipt.password,
            FactorResult::Failed(ErrorCode::PasswordWrong),
            "attempt {attempt}"
        );
        assert_eq!(receipt.face, FactorResult::NotPerformed);
        assert!(!receipt.all_passed());
    }
    // Locked: even the right password is refused, without being checked.
    let request = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::CredentialPassword,
        Some("20260101"),
    );
    let r = w.service.check(&request, None, NOW).expect("receipt");
    let receipt = w.terminal.verify_receipt(&r, &request, NOW).expect("valid");
    assert_eq!(
        receipt.password,
        FactorResult::Failed(ErrorCode::PasswordLocked)
    );
}

#[test]
fn a_correct_password_resets_the_counter() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    for pw in [
        "11111111", "22222222", "20260101", "33333333", "44444444", "20260101",
    ] {
        let request = w.request(
            &wallet,
            "bank.example/counter-7",
            AuthMode::CredentialPassword,
            Some(pw),
        );
        let r = w.service.check(&request, None, NOW).expect("receipt");
        let receipt = w.terminal.verify_receipt(&r, &request, NOW).expect("valid");
        let want = if pw == "20260101" {
            FactorResult::Ok
        } else {
            FactorResult::Failed(ErrorCode::PasswordWrong)
        };
        assert_eq!(receipt.password, want, "{pw}");
    }
}

#[test]
fn a_face_mismatch_and_a_swapped_image_fail_the_face_factor() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    let request = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::CredentialFace,
        None,
    );
    // The matcher says no.
    let mut evidence_for_other = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::CredentialFace,
        None,
    );
    let r = w
        .service
        .check(&request, Some(OTHER_FACE), NOW)
        .expect("receipt");
    let receipt = w.terminal.verify_receipt(&r, &request, NOW).expect("valid");
    // OTHER_FACE does not hash to the evidence in the signed request.
    assert_eq!(receipt.face, FactorResult::Failed(ErrorCode::FaceMismatch));
    assert_eq!(receipt.face_score, None);
    assert_eq!(receipt.password, FactorResult::NotPerformed);
    // No image at all.
    let r = w
        .service
        .check(&evidence_for_other, None, NOW)
        .expect("receipt");
    let receipt = w
        .terminal
        .verify_receipt(&r, &evidence_for_other, NOW)
        .expect("valid");
    assert_eq!(receipt.face, FactorResult::Failed(ErrorCode::FaceMismatch));
    // A matching digest but the matcher refuses: the score is reported.
    let presentation = wallet.present(&[], NOW - 5).expect("present");
    let nonce = w.service.new_nonce(&mut w.rng, NOW - 2);
    let params = VerificationParams {
        presentation: &presentation,
        presentation_request: None,
        verifier_id: "bank.example/counter-7",
        service_nonce: nonce,
        mode: AuthMode::CredentialFace,
        password: None,
        face: Some(FaceEvidence::for_image(OTHER_FACE, NOW - 3, "image/jpeg")),
        release: &[],
        now: NOW - 1,
    };
    evidence_for_other = VerificationRequest::create(
        &params,
        &w.service.sealing_key(),
        &SigningKey::from_seed(&[0x33; 32]),
        &mut w.rng,
    )
    .expect("request");
    let r = w
        .service
        .check(&evidence_for_other, Some(OTHER_FACE), NOW)
        .expect("receipt");
    let receipt = w
        .terminal
        .verify_receipt(&r, &evidence_for_other, NOW)
        .expect("valid");
    assert_eq!(receipt.face, FactorResult::Failed(ErrorCode::FaceMismatch));
    assert_eq!(receipt.face_score, Some(118));
}

#[test]
fn a_receipt_replayed_against_another_request_is_refused() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    let first = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::Credential,
        None,
    );
    let second = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::Credential,
        None,
    );
    let r1 = w.service.check(&first, None, NOW).expect("receipt");
    assert_eq!(
        w.terminal.verify_receipt(&r1, &second, NOW).unwrap_err(),
        Error::ReceiptMismatch
    );
    assert!(w.terminal.verify_receipt(&r1, &first, NOW).is_ok());
    // Stale, and from the future.
    assert_eq!(
        w.terminal
            .verify_receipt(&r1, &first, NOW + 121)
            .unwrap_err(),
        Error::StalePresentation
    );
    assert_eq!(
        w.terminal
            .verify_receipt(&r1, &first, NOW - 100)
            .unwrap_err(),
        Error::NotYetValid
    );
    // A receipt not signed by a key the trust list allows for receipts.
    let pinned_only = Verifier::new(Policy::default()).with_issuer_key(*w.issuer.public_key());
    assert_eq!(
        pinned_only.verify_receipt(&r1, &first, NOW).unwrap_err(),
        Error::UnknownIssuer
    );
    let _ = (&w.root, &w.trust_list, &w.issuer_key);
}

#[test]
fn a_request_is_answered_once_and_only_with_a_fresh_service_nonce() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    let request = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::Credential,
        None,
    );
    w.service.check(&request, None, NOW).expect("first use");
    assert_eq!(
        w.service.check(&request, None, NOW).unwrap_err(),
        Error::NonceMismatch
    );
    // A nonce the service never handed out.
    let presentation = wallet.present(&[], NOW - 5).expect("present");
    let params = VerificationParams {
        presentation: &presentation,
        presentation_request: None,
        verifier_id: "bank.example/counter-7",
        service_nonce: [9; 16],
        mode: AuthMode::Credential,
        password: None,
        face: None,
        release: &[],
        now: NOW - 1,
    };
    let forged = VerificationRequest::create(
        &params,
        &w.service.sealing_key(),
        &SigningKey::from_seed(&[0x33; 32]),
        &mut w.rng,
    )
    .expect("request");
    assert_eq!(
        w.service.check(&forged, None, NOW).unwrap_err(),
        Error::NonceMismatch
    );
    // A request older than five minutes.
    let old = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::Credential,
        None,
    );
    assert_eq!(
        w.service.check(&old, None, NOW + 400).unwrap_err(),
        Error::StalePresentation
    );
}

#[test]
fn a_sealed_password_moved_into_another_request_does_not_open() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    let good = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::CredentialPassword,
        Some("20260101"),
    );
    let donor = VerificationRequest::decode(&good).expect("decode");
    // Re-sign the same seal inside a request for another presentation and nonce: the AAD
    // no longer matches, so the password factor fails without counting as a wrong password.
    let other = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::CredentialPassword,
        Some("99999999"),
    );
    let spliced = splice_seal(&other, &good);
    let r = w.service.check(&spliced, None, NOW).expect("receipt");
    let receipt = w.terminal.verify_receipt(&r, &spliced, NOW).expect("valid");
    assert_eq!(receipt.password, FactorResult::Failed(ErrorCode::Malformed));
    assert_eq!(
        w.service
            .passwords()
            .failures(&PersonKey::from_id_number("110101199003070011")),
        0
    );
    assert_eq!(donor.mode, AuthMode::CredentialPassword);
}

/// Replaces the sealed password of `target` by the one in `donor` and re-signs with the
/// terminal key (a malicious terminal replaying a captured seal).
fn splice_seal(target: &[u8], donor: &[u8]) -> Vec<u8> {
    let seal = |bytes: &[u8]| -> (usize, usize) {
        // The sealed password is the only 24-byte byte string: `58 18` followed by 24 bytes.
        let i = bytes
            .windows(2)
            .position(|w| w == [0x58, 0x18])
            .expect("ciphertext");
        (i - 34, i + 26)
    };
    let t =
        wangzheng::cose::Sign1::decode(target, ObjectKind::VerificationRequest).expect("target");
    let d = wangzheng::cose::Sign1::decode(donor, ObjectKind::VerificationRequest).expect("donor");
    let (ts, te) = seal(t.payload);
    let (ds, de) = seal(d.payload);
    let mut payload = t.payload[..ts].to_vec();
    payload.extend_from_slice(&d.payload[ds..de]);
    payload.extend_from_slice(&t.payload[te..]);
    wangzheng::cose::sign(
        ObjectKind::VerificationRequest,
        &payload,
        &SigningKey::from_seed(&[0x33; 32]),
    )
    .expect("sign")
}

#[test]
fn identifiers_are_stable_per_relying_party_and_unlinkable_across_them() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    let li = person(
        "李四",
        "440301200806150026",
        Date::new(2008, 6, 15).expect("date"),
    );
    let li_wallet = w.enrol(&li, 0x22, "12345678");
    let mut id = |wallet: &Wallet<SigningKey>, verifier: &str| {
        let request = w.request(wallet, verifier, AuthMode::Credential, None);
        let r = w.service.check(&request, None, NOW).expect("receipt");
        w.terminal
            .verify_receipt(&r, &request, NOW)
            .expect("valid")
            .rp_id
            .expect("rp id")
    };
    let bank_a = id(&wallet, "bank.example/counter-7");
    let bank_b = id(&wallet, "bank.example/counter-9");
    let hotel = id(&wallet, "hotel.example/desk-1");
    let li_bank = id(&li_wallet, "bank.example/counter-7");
    assert_eq!(
        bank_a, bank_b,
        "same person, same relying party, any terminal"
    );
    assert_ne!(
        bank_a, hotel,
        "two relying parties get unlinkable identifiers"
    );
    assert_ne!(bank_a, li_bank, "two people differ at one relying party");
}

#[test]
fn a_revoked_credential_fails_identity_and_skips_the_other_factors() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    w.registry_mut()
        .report_lost_card(PersonKey::from_id_number("110101199003070011"))
        .expect("lost");
    w.publish();
    let request = w.request(
        &wallet,
        "bank.example/counter-7",
        AuthMode::CredentialPasswordFace,
        Some("20260101"),
    );
    let r = w
        .service
        .check(&request, Some(LIVE_FACE), NOW)
        .expect("receipt");
    let receipt = w.terminal.verify_receipt(&r, &request, NOW).expect("valid");
    assert_eq!(receipt.identity, FactorResult::Failed(ErrorCode::Revoked));
    assert_eq!(
        (receipt.password, receipt.face),
        (FactorResult::NotPerformed, FactorResult::NotPerformed)
    );
    assert_eq!((receipt.level, receipt.rp_id), (None, None));
}

#[test]
fn released_attributes_come_only_when_asked_and_disclosed() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    let presentation = wallet
        .present(&[AttributeId::FullName, AttributeId::IdNumber], NOW - 5)
        .expect("present");
    let nonce = w.service.new_nonce(&mut w.rng, NOW - 2);
    let release = [AttributeId::IdNumber];
    let params = VerificationParams {
        presentation: &presentation,
        presentation_request: None,
        verifier_id: "hotel.example/desk-1",
        service_nonce: nonce,
        mode: AuthMode::Credential,
        password: None,
        face: None,
        release: &release,
        now: NOW - 1,
    };
    let request = VerificationRequest::create(
        &params,
        &w.service.sealing_key(),
        &SigningKey::from_seed(&[0x33; 32]),
        &mut w.rng,
    )
    .expect("request");
    let r = w.service.check(&request, None, NOW).expect("receipt");
    let receipt = w.terminal.verify_receipt(&r, &request, NOW).expect("valid");
    assert_eq!(
        receipt.get(&AttributeId::IdNumber),
        Some(AttributeValue::Text("110101199003070011"))
    );
    assert_eq!(
        receipt.get(&AttributeId::FullName),
        None,
        "disclosed but not asked for"
    );

    // Asking for an attribute the presentation did not disclose fails the identity factor.
    let presentation = wallet.present(&[], NOW - 5).expect("present");
    let nonce = w.service.new_nonce(&mut w.rng, NOW - 2);
    let params = VerificationParams {
        presentation: &presentation,
        service_nonce: nonce,
        ..params
    };
    let request = VerificationRequest::create(
        &params,
        &w.service.sealing_key(),
        &SigningKey::from_seed(&[0x33; 32]),
        &mut w.rng,
    )
    .expect("request");
    let r = w.service.check(&request, None, NOW).expect("receipt");
    let receipt = w.terminal.verify_receipt(&r, &request, NOW).expect("valid");
    assert_eq!(
        receipt.identity,
        FactorResult::Failed(ErrorCode::MissingAttribute)
    );
}

#[test]
fn requests_whose_evidence_does_not_fit_the_mode_are_not_made() {
    let mut w = world();
    let wallet = w.enrol(&zhang(), 0x21, "20260101");
    let presentation = wallet.present(&[], NOW - 5).expect("present");
    let base = VerificationParams {
        presentation: &presentation,
        presentation_request: None,
        verifier_id: "bank.example/counter-7",
        service_nonce: [1; 16],
        mode: AuthMode::CredentialPassword,
        password: None,
        face: None,
        release: &[],
        now: NOW,
    };
    let key = SigningKey::from_seed(&[0x33; 32]);
    let sealing = w.service.sealing_key();
    for params in [
        base.clone(),
        VerificationParams {
            password: Some("1234567"),
            ..base.clone()
        },
        VerificationParams {
            password: Some("1234567a"),
            ..base.clone()
        },
        VerificationParams {
            mode: AuthMode::Credential,
            password: Some("12345678"),
            ..base.clone()
        },
        VerificationParams {
            mode: AuthMode::CredentialFace,
            ..base.clone()
        },
    ] {
        assert!(matches!(
            VerificationRequest::create(&params, &sealing, &key, &mut w.rng),
            Err(Error::InvalidArgument(_))
        ));
    }
}
