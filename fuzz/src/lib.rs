//! What the fuzz targets share: the committed vectors' keys and a terminal configured with
//! them, fixture parties whose keys a target holds (so that it can sign what the fuzzer writes,
//! as a malicious holder, verifier, wallet or terminal would), and the seed corpora.
//!
//! Every fixture is deterministic (fixed seeds, fixed time), so a crash reproduces from its
//! input alone: `cargo +nightly fuzz run <target> fuzz/artifacts/<target>/crash-…`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, KeyInit, Nonce};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use wangzheng::credential::StatusRef;
use wangzheng::wallet::{STORE_AAD, STORE_NONCE_LEN, STORE_VERSION};
use wangzheng::{
    AttributeId, AuthMode, CardValidity, Date, Directory, FaceComparison, FaceEvidence,
    FaceMatcher, InMemoryPasswordStore, IssueOptions, Issuer, Level, PasswordParams,
    PasswordRecord, PersonKey, PersonRecord, Policy, PresentationRequest, PublicKey, RequestParams,
    Result, ServiceKeys, Sex, SigningKey, VerificationParams, VerificationRequest,
    VerificationService, Verifier, Wallet,
};

/// The time every target verifies at: 2026-01-01T00:00:00Z, the `now` of the vectors.
pub const NOW: u64 = 1_767_225_600;

/// The committed vectors folder.
pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("vectors")
}

fn read(rel: &str) -> Vec<u8> {
    let path = vectors_dir().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn key(hex_key: &str) -> PublicKey {
    let bytes: [u8; 32] = hex::decode(hex_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .unwrap_or_else(|| panic!("{hex_key}: not a 32-byte hex key"));
    PublicKey::from_bytes(&bytes).unwrap_or_else(|e| panic!("{hex_key}: {e}"))
}

/// The vectors' keys and a terminal configured as the vectors configure one.
pub struct Vectors {
    /// The issuer key of `credential/light` (pinned).
    pub issuer: PublicKey,
    /// The authority root key.
    pub root: PublicKey,
    /// A verifier that pins `issuer`.
    pub pinned: Verifier,
    /// A verifier with the root key, `trust_list/with-service` and `status_list/current`: it
    /// trusts the issuer keys and the verification service's key.
    pub trusted: Verifier,
    /// `presentation_request/hotel`.
    pub hotel_request: Vec<u8>,
    /// `verification_request/password-face`, which `receipt/all-ok` answers.
    pub verification_request: Vec<u8>,
    /// The storage key of `wallet_store/phone-b`.
    pub storage_key: [u8; 32],
}

/// The vectors' configuration, read once from `tests/vectors/manifest.json`.
pub fn vectors() -> &'static Vectors {
    static V: OnceLock<Vectors> = OnceLock::new();
    V.get_or_init(|| {
        let manifest: serde_json::Value =
            serde_json::from_slice(&read("manifest.json")).expect("manifest.json");
        let case = |name: &str| -> serde_json::Value {
            manifest["cases"]
                .as_array()
                .and_then(|cases| cases.iter().find(|c| c["name"] == name))
                .unwrap_or_else(|| panic!("manifest.json: no case {name}"))
                .clone()
        };
        let text = |c: &serde_json::Value, field: &str| -> String {
            c[field]
                .as_str()
                .unwrap_or_else(|| panic!("manifest.json: no {field}"))
                .to_string()
        };
        let issuer = key(&text(&case("credential/light"), "issuer_public_key"));
        let receipt = case("receipt/all-ok");
        let root = key(&text(&receipt, "root_public_key"));
        let mut trusted = Verifier::with_trust_list(
            Policy::default(),
            root,
            &read(&text(&receipt, "trust_list")),
        )
        .expect("trust list");
        trusted
            .update_status_list(&read("status_list/current.cbor"), NOW)
            .expect("status list");
        let storage: [u8; 32] = hex::decode(text(&case("wallet_store/phone-b"), "storage_key"))
            .ok()
            .and_then(|b| b.try_into().ok())
            .expect("storage key");
        Vectors {
            issuer,
            root,
            pinned: Verifier::new(Policy::default()).with_issuer_key(issuer),
            trusted,
            hotel_request: read(&text(&case("presentation/hotel"), "request")),
            verification_request: read(&text(&receipt, "verification_request")),
            storage_key: storage,
        }
    })
}

/// Fixture parties whose private keys the targets hold.
pub struct Fixture {
    /// The fixture issuer.
    pub issuer: Issuer,
    /// A wallet holding an upgraded credential from `issuer` (issued ten minutes before
    /// [`NOW`]), whose device key a target uses to sign what the fuzzer writes.
    pub wallet: Wallet<SigningKey>,
    /// The credential package the wallet stored.
    pub package: Vec<u8>,
    /// A verifier that pins `issuer`.
    pub verifier: Verifier,
    /// A relying party's key for presentation requests.
    pub verifier_key: SigningKey,
    /// A terminal's key for verification requests.
    pub terminal: SigningKey,
    /// A request from `verifier_key` that the wallet can answer.
    pub request: Vec<u8>,
}

/// A fictional person: the ID number is well-formed and belongs to nobody.
pub fn person() -> PersonRecord {
    let date = |y, m, d| Date::new(y, m, d).expect("fixture date");
    PersonRecord {
        full_name: "王建国".into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: date(1990, 3, 7),
        address: "北京市东城区景山前街4号".into(),
        id_number: "110101199003070011".into(),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: date(2020, 1, 1),
            until: Some(date(2040, 1, 1)),
        },
        portrait: Some(b"\xff\xd8\xff\xe0 a tiny portrait".to_vec()),
        extras: vec![(
            "org.example/member_tier".into(),
            wangzheng::ExtraValue::Text("gold".into()),
        )],
    }
}

/// A seeded random number generator.
pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// The fixture parties, made once.
pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let issuer = Issuer::from_seed(&[0x11; 32]).expect("issuer");
        let mut wallet = Wallet::new(SigningKey::from_seed(&[0x22; 32]));
        let mut r = rng(1);
        let at = NOW - 600;
        let nonce = Issuer::new_nonce(&mut r);
        let request = wallet
            .issuance_request(Level::Upgraded, &nonce, at)
            .expect("issuance request");
        let checked = issuer.check_request(&request, &nonce, at).expect("checked");
        let options = IssueOptions {
            proven_level: Level::Upgraded,
            status: Some(StatusRef { list: 9, index: 4 }),
            ..IssueOptions::default()
        };
        let issued = issuer
            .issue(&checked, &person(), &options, &mut r, at)
            .expect("issued");
        wallet
            .store(&issued.package, issuer.public_key(), at)
            .expect("stored");
        let mut verifier = Verifier::new(Policy {
            undetermined_status: wangzheng::UndeterminedStatus::Accept,
            ..Policy::default()
        })
        .with_issuer_key(*issuer.public_key());
        let mut list = wangzheng::StatusListBuilder::new(9, 16).expect("status list");
        list.set(5, wangzheng::CredentialStatus::Revoked)
            .expect("index");
        let list = issuer
            .sign_status_list(&list, NOW - 3600, NOW + 86_400)
            .expect("signed list");
        verifier.update_status_list(&list, NOW).expect("list loads");
        let verifier_key = SigningKey::from_seed(&[0x33; 32]);
        let request = PresentationRequest::create(
            &RequestParams {
                verifier_id: "hotel.example",
                nonce: [0x44; 16],
                requested: &[AttributeId::FullName, AttributeId::IdNumber],
                min_level: Level::Light,
                max_age: 60,
                now: NOW,
            },
            &verifier_key,
        )
        .expect("request");
        Fixture {
            issuer,
            wallet,
            package: issued.package,
            verifier,
            verifier_key,
            terminal: SigningKey::from_seed(&[0x55; 32]),
            request,
        }
    })
}

/// A fresh copy of the fixture wallet (wallets are not `Clone`: they hold a private key), made
/// by storing the fixture package in a new wallet with the same device key.
pub fn fresh_wallet() -> Wallet<SigningKey> {
    let f = fixture();
    let mut w = Wallet::new(SigningKey::from_seed(&[0x22; 32]));
    w.store(&f.package, f.issuer.public_key(), NOW - 600)
        .expect("the fixture package stores");
    w
}

/// The fixture person's key in the service's records.
pub fn person_key() -> PersonKey {
    PersonKey::from_id_number(&person().id_number)
}

/// A matcher that matches images whose first byte is even and scores by that byte.
pub struct Matcher;

impl FaceMatcher for Matcher {
    fn compare(&self, _person: &PersonKey, image: &[u8]) -> FaceComparison {
        let first = image.first().copied().unwrap_or(1);
        FaceComparison {
            score: u16::from(first) * 4,
            matched: first % 2 == 0,
        }
    }
}

/// A directory in which the fixture person holds every credential.
pub struct OnePerson;

impl Directory for OnePerson {
    fn person(&self, _id: &[u8; 16], _status: Option<StatusRef>) -> Option<PersonKey> {
        Some(person_key())
    }
}

/// The fixture credential password.
pub const PASSWORD: &str = "24681357";

/// The password record's cost: the smallest Argon2id allows, since every run hashes.
pub const CHEAP: PasswordParams = PasswordParams {
    m_cost_kib: 8,
    t_cost: 1,
    p_cost: 1,
};

/// The authority's service over the fixture issuer, and the one nonce it handed out (the
/// same on every call: the generator is seeded).
pub fn service() -> (
    VerificationService<InMemoryPasswordStore, Matcher, OnePerson>,
    [u8; 16],
) {
    let f = fixture();
    let mut passwords = InMemoryPasswordStore::new();
    passwords.set(
        person_key(),
        PasswordRecord::new(PASSWORD, CHEAP, &mut rng(2)).expect("record"),
    );
    let mut service = VerificationService::new(
        f.verifier.clone(),
        ServiceKeys::from_seeds(&[0x66; 32], &[0x77; 32], &[0x88; 32]),
        passwords,
        Matcher,
        OnePerson,
    );
    let nonce = service.new_nonce(&mut rng(3), NOW);
    (service, nonce)
}

/// The live image the fixture terminal captured.
pub const FACE_IMAGE: &[u8] = b"\xff\xd8\xff a live face";

/// Fixture verification requests for the service's nonce, in every mode.
pub fn verification_requests() -> Vec<Vec<u8>> {
    let f = fixture();
    let (service, nonce) = service();
    let qr = f
        .wallet
        .present(&[AttributeId::FullName, AttributeId::AgeOver(18)], NOW)
        .expect("presentation");
    let answer = f.wallet.respond(&f.request, NOW).expect("answer");
    let mut out = Vec::new();
    for (i, mode) in [
        AuthMode::Credential,
        AuthMode::CredentialPassword,
        AuthMode::CredentialFace,
        AuthMode::CredentialPasswordFace,
    ]
    .into_iter()
    .enumerate()
    {
        let interactive = i % 2 == 1;
        let request = VerificationRequest::create(
            &VerificationParams {
                presentation: if interactive { &answer } else { &qr },
                presentation_request: interactive.then_some(&f.request[..]),
                verifier_id: "hotel.example",
                service_nonce: nonce,
                mode,
                password: mode.password().then_some(PASSWORD),
                face: mode
                    .face()
                    .then(|| FaceEvidence::for_image(FACE_IMAGE, NOW, "image/jpeg")),
                release: &[AttributeId::FullName],
                now: NOW,
            },
            &service.sealing_key(),
            &f.terminal,
            &mut rng(4 + i as u64),
        )
        .expect("verification request");
        out.push(request);
    }
    out
}

/// Seals `plaintext` as a wallet store under `key` (FORMAT.md, "Wallet store"), with a fixed
/// nonce: what a target needs to reach the store's parser past its authentication.
pub fn seal_store(plaintext: &[u8], key: &[u8; 32]) -> Vec<u8> {
    let nonce = [0x5e; STORE_NONCE_LEN];
    let mut sealed = plaintext.to_vec();
    ChaCha20Poly1305::new_from_slice(key)
        .expect("key length")
        .encrypt_in_place(&Nonce::from(nonce), STORE_AAD, &mut sealed)
        .expect("seals");
    let mut e = wangzheng::cbor::Encoder::new();
    e.array(3).uint(STORE_VERSION).bytes(&nonce).bytes(&sealed);
    e.into_bytes()
}

/// The plaintext of a wallet store sealed under `key`, if it opens.
pub fn open_store(store: &[u8], key: &[u8; 32]) -> Option<Vec<u8>> {
    let mut d = wangzheng::cbor::Decoder::new(store, "wallet store");
    d.array_of(3).ok()?;
    d.uint().ok()?;
    let nonce: [u8; STORE_NONCE_LEN] = *d.bytes_exact::<STORE_NONCE_LEN>().ok()?;
    let mut sealed = d.bytes().ok()?.to_vec();
    ChaCha20Poly1305::new_from_slice(key)
        .ok()?
        .decrypt_in_place(&Nonce::from(nonce), STORE_AAD, &mut sealed)
        .ok()?;
    Some(sealed)
}

/// Decides whether two verification outcomes are the same decision: both refused with the
/// same error, or both accepted for the same credential with the same disclosures.
pub fn same_decision(
    a: &Result<wangzheng::VerifiedPresentation<'_>>,
    b: &Result<wangzheng::VerifiedPresentation<'_>>,
) -> bool {
    match (a, b) {
        (Err(x), Err(y)) => x == y,
        (Ok(x), Ok(y)) => {
            x.credential_id == y.credential_id
                && x.presented_at == y.presented_at
                && x.status_check == y.status_check
                && x.disclosed().eq(y.disclosed())
        }
        _ => false,
    }
}

/// An attribute id from fuzzer bytes: a standard one, `age_over_NN` or an extra name that
/// [`AttributeId::parse`] accepts.
pub fn attribute_id(kind: u8, n: u8, name: &str) -> Option<AttributeId<'static>> {
    match kind % 3 {
        0 => Some(AttributeId::STANDARD[usize::from(n % 9)].clone()),
        1 => (1..=wangzheng::limits::MAX_AGE_THRESHOLD)
            .contains(&n)
            .then_some(AttributeId::AgeOver(n)),
        _ => AttributeId::parse(name)
            .ok()
            .filter(|id| matches!(id, AttributeId::Extra(_)))
            .map(|id| match id {
                AttributeId::Extra(s) => AttributeId::Extra(Cow::Owned(s.into_owned())),
                other => other,
            }),
    }
}
