//! Every vector: the people, keys, times and randomness they are made from, and the cases.
//!
//! Determinism: every key comes from a fixed 32-byte seed, every random value from a
//! `ChaCha20Rng::seed_from_u64` of its own (one per issued credential and one per request
//! nonce, see the `RNG_*` constants), and every time is a constant offset from [`NOW`]. Adding
//! a case never changes an existing one as long as it takes a fresh rng seed.
//!
//! The lifecycle cases (trust lists, status lists, the replay cache, the wallet store) are in
//! [`lifecycle`]; they are built after, and appended to, the format cases. The online
//! verification cases (verification requests and receipts) are in [`online`], built last.

mod lifecycle;
pub(crate) mod online;

use super::Files;
use super::verify::value_json;
use crate::BoxError;
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use serde_json::Value;
use std::collections::BTreeMap;
use wangzheng::cbor::Encoder;
use wangzheng::cose::{self, Sign1};
use wangzheng::disclosure::{self, Digest, Disclosure};
use wangzheng::presentation::{self, Binding};
use wangzheng::time::{self, Date};
use wangzheng::{
    AttributeId, AttributeValue, CardValidity, CredentialClaims, CredentialPackage, ErrorCode,
    IssueOptions, Issuer, Level, ObjectKind, PersonRecord, PresentationRequest, RequestParams, Sex,
    SigningKey, StatusCheck, UndeterminedStatus, Wallet,
};

/// The usual verification time: 2026-01-01T00:00:00Z.
pub(crate) const NOW: u64 = 1_767_225_600;
/// When the current credentials were issued (an hour before [`NOW`]).
pub(crate) const ISSUED: u64 = NOW - 3600;
/// When the wallets made their presentations.
pub(crate) const PRESENTED: u64 = NOW - 10;
/// When the verifiers made their presentation requests.
pub(crate) const REQUESTED: u64 = NOW - 30;
/// How long before issuance the wallet signed its issuance request.
pub(crate) const ISSUANCE_REQUEST_LEAD: u64 = 20;
/// When 张三's previous, now expired, credential was issued: 2025-06-15T02:00:00Z.
pub(crate) const OLD_ISSUED: u64 = 1_749_952_800;

/// The lifecycle times, for the README.
pub(crate) const LIFECYCLE_TIMES: &[(&str, u64)] = lifecycle::TIMES;
/// The online verification times, for the README.
pub(crate) const ONLINE_TIMES: &[(&str, u64)] = online::TIMES;

/// The secrets of the verification service that are not Ed25519 keys, for the README.
pub(crate) const SERVICE_SECRETS: &[(&str, [u8; 32], &str)] = &[
    (
        "sealing seed",
        online::SEALING_SEED,
        "the seed of the service's X25519 key pair that terminals seal passwords to (RFC 9180 `DeriveKeyPair` of DHKEM(X25519, HKDF-SHA256))",
    ),
    (
        "rp-id secret",
        online::RP_SECRET,
        "the HMAC-SHA256 key of the relying-party-scoped identifiers (`rp_id`)",
    ),
];

/// The storage keys of the wallet store cases, for the README.
pub(crate) const STORAGE_KEYS: &[(&str, [u8; 32], &str)] = &[
    (
        "storage key",
        lifecycle::STORAGE_KEY,
        "seals wallet_store/phone-b",
    ),
    (
        "other storage key",
        lifecycle::OTHER_STORAGE_KEY,
        "opens nothing (wallet_store/wrong-key)",
    ),
];

/// Key seeds (each key is `SigningKey::from_seed(seed)`), listed in the README.
pub(crate) const SEEDS: &[(&str, [u8; 32], &str)] = &[
    (
        "issuer",
        ISSUER_SEED,
        "the trusted issuer (the current key of the trust lists; signs the status lists)",
    ),
    (
        "other issuer",
        OTHER_ISSUER_SEED,
        "an issuer the verifier does not trust (pinned in the pinned-key unknown_issuer cases; not in the trust lists)",
    ),
    ("device 张三", DEVICE_ZHANG_SEED, "张三's phone"),
    ("device 王芳", DEVICE_WANG_SEED, "王芳's phone"),
    ("device 李四", DEVICE_LI_SEED, "李四's phone"),
    ("device 陈明", DEVICE_CHEN_SEED, "陈明's phone"),
    (
        "other device",
        OTHER_DEVICE_SEED,
        "a phone no credential is bound to (copied credentials, forged requests)",
    ),
    (
        "verifier hotel",
        VERIFIER_HOTEL_SEED,
        "the hotel front desk",
    ),
    ("verifier hotel B", VERIFIER_HOTEL_B_SEED, "another hotel"),
    (
        "verifier samr",
        VERIFIER_SAMR_SEED,
        "the company registration counter (its presentation requests and its verification requests)",
    ),
    (
        "authority root",
        lifecycle::ROOT_SEED,
        "signs the trust lists; pinned by trust-list verifiers",
    ),
    (
        "other root",
        lifecycle::OTHER_ROOT_SEED,
        "a root no verifier pins (trust_list/other-root)",
    ),
    (
        "retired issuer",
        lifecycle::RETIRED_ISSUER_SEED,
        "the previous issuer key, trusted for objects dated 2025-01-01 – 2025-12-01",
    ),
    (
        "device 赵敏 A",
        lifecycle::DEVICE_ZHAO_A_SEED,
        "赵敏's old phone",
    ),
    (
        "device 赵敏 B",
        lifecycle::DEVICE_ZHAO_B_SEED,
        "赵敏's new phone",
    ),
    ("device 孙强", lifecycle::DEVICE_SUN_SEED, "孙强's phone"),
    ("device 周丽", lifecycle::DEVICE_ZHOU_SEED, "周丽's phone"),
    (
        "verification service",
        online::SERVICE_SEED,
        "signs receipts; trust_list/with-service allows it to sign receipts only",
    ),
    (
        "terminal bank",
        online::TERMINAL_BANK_SEED,
        "the bank counter's terminal (bank.example/counter-7), signs its verification requests",
    ),
];

const ISSUER_SEED: [u8; 32] = [0x11; 32];
const OTHER_ISSUER_SEED: [u8; 32] = [0x12; 32];
const DEVICE_ZHANG_SEED: [u8; 32] = [0x21; 32];
const DEVICE_WANG_SEED: [u8; 32] = [0x22; 32];
const DEVICE_LI_SEED: [u8; 32] = [0x23; 32];
const DEVICE_CHEN_SEED: [u8; 32] = [0x24; 32];
const OTHER_DEVICE_SEED: [u8; 32] = [0x2f; 32];
const VERIFIER_HOTEL_SEED: [u8; 32] = [0x31; 32];
const VERIFIER_HOTEL_B_SEED: [u8; 32] = [0x32; 32];
const VERIFIER_SAMR_SEED: [u8; 32] = [0x33; 32];

/// `ChaCha20Rng::seed_from_u64` seeds, one per randomized object, listed in the README.
pub(crate) const RNG_SEEDS: &[(&str, u64)] = &[
    (
        "张三's light credential (issuer nonce, then issuance)",
        RNG_ZHANG,
    ),
    ("王芳's upgraded credential", RNG_WANG),
    ("李四's light credential", RNG_LI),
    ("陈明's light credential with portrait", RNG_CHEN),
    ("张三's expired credential", RNG_ZHANG_OLD),
    (
        "the weak-device-key credential (decoy leaves, then id)",
        RNG_WEAK,
    ),
    ("nonce of presentation_request/hotel", RNG_HOTEL),
    (
        "nonce of presentation_request/company-registration",
        RNG_SAMR,
    ),
    ("nonce of presentation_request/hotel-b", RNG_HOTEL_B),
    (
        "nonce of presentation_request/hotel-renewed-nonce",
        RNG_HOTEL_RENEWED,
    ),
    ("赵敏's generation 1 (old phone)", lifecycle::RNG_ZHAO_A),
    ("赵敏's generation 2 (new phone)", lifecycle::RNG_ZHAO_B),
    ("孙强's credential", lifecycle::RNG_SUN),
    ("周丽's credential", lifecycle::RNG_ZHOU),
    (
        "李四's credential from the retired key, within its window",
        lifecycle::RNG_LI_RETIRED,
    ),
    (
        "陈明's credential from the retired key, after its window",
        lifecycle::RNG_CHEN_RETIRED,
    ),
    (
        "王芳's credential from an issuer not in the trust list",
        lifecycle::RNG_WANG_UNTRUSTED,
    ),
    ("the nonce of wallet_store/phone-b", lifecycle::RNG_STORE),
    (
        "the verification service's nonces, in the order it hands them out",
        online::RNG_SERVICE_NONCES,
    ),
    (
        "the HPKE ephemeral keys of the sealed passwords, in the order the terminals seal them",
        online::RNG_SEALING,
    ),
    (
        "the salt of 赵敏's password record",
        online::RNG_PASSWORD_RECORD,
    ),
];

const RNG_ZHANG: u64 = 1;
const RNG_WANG: u64 = 2;
const RNG_LI: u64 = 3;
const RNG_CHEN: u64 = 4;
const RNG_ZHANG_OLD: u64 = 5;
const RNG_WEAK: u64 = 6;
const RNG_HOTEL: u64 = 101;
const RNG_SAMR: u64 = 102;
const RNG_HOTEL_B: u64 = 103;
const RNG_HOTEL_RENEWED: u64 = 104;

const HOTEL_ID: &str = "hotel.example/front-desk";
const HOTEL_B_ID: &str = "hotel-b.example/front-desk";
const SAMR_ID: &str = "samr.example/company-registration";

/// The encoding of the Edwards identity point: a canonical point of small order (order 1).
const IDENTITY_POINT: [u8; 32] = {
    let mut p = [0u8; 32];
    p[0] = 1;
    p
};

/// A tiny stand-in for a JPEG portrait: SOI, an APP0 "JFIF" segment, EOI.
const FAKE_JPEG: &[u8] = &[
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
];

/// What a case is verified as: a signed object of the format, or a sealed wallet store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A COSE_Sign1 object of this kind.
    Object(ObjectKind),
    /// A wallet store (`Wallet::restore`).
    WalletStore,
}

impl Kind {
    /// The manifest name of the kind (also its folder).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Object(k) => k.as_str(),
            Kind::WalletStore => "wallet_store",
        }
    }

    /// The object kind, for signed objects.
    pub(crate) fn object(self) -> Option<ObjectKind> {
        match self {
            Kind::Object(k) => Some(k),
            Kind::WalletStore => None,
        }
    }
}

impl From<ObjectKind> for Kind {
    fn from(k: ObjectKind) -> Kind {
        Kind::Object(k)
    }
}

impl core::fmt::Display for Kind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a case expects the library to say.
#[derive(Debug, Clone)]
pub(crate) enum Expect {
    /// Accepted: with this level (credentials, presentations), these disclosures
    /// (presentations), this status check (credentials and presentations whose credential
    /// names a status list; `None` when it names none) and this decoded content (trust lists,
    /// status lists, wallet stores).
    Accept {
        level: Option<Level>,
        disclosed: Option<BTreeMap<String, Value>>,
        status_check: Option<StatusCheck>,
        decoded: Option<Value>,
    },
    /// Refused with this code.
    Reject(ErrorCode),
}

/// The policy fields a case sets; everything else is `Policy::default()`.
#[derive(Debug, Clone)]
pub(crate) struct PolicySpec {
    pub min_level: Level,
    pub required: Vec<AttributeId<'static>>,
    pub audience: Option<String>,
    pub undetermined_status: UndeterminedStatus,
    pub accept_stale_trust_list: bool,
}

impl Default for PolicySpec {
    fn default() -> Self {
        PolicySpec {
            min_level: Level::Light,
            required: Vec::new(),
            audience: None,
            undetermined_status: UndeterminedStatus::Refuse,
            accept_stale_trust_list: false,
        }
    }
}

/// One manifest case.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub name: String,
    pub kind: Kind,
    pub file: String,
    /// The key that signed the file's outer COSE_Sign1 (or that its kid names); for a wallet
    /// store, the stored wallet's device key.
    pub signer: [u8; 32],
    /// The issuer key the verifier pins (credentials, presentations, status lists).
    pub issuer: Option<[u8; 32]>,
    /// The root key the verifier pins (with `trust_list`, or for a trust list case).
    pub root: Option<[u8; 32]>,
    /// The trust list (a file) the verifier is configured with.
    pub trust_list: Option<String>,
    /// The status lists (files) loaded into the verifier before verifying, in order.
    pub status_lists: Vec<String>,
    /// Verify twice with one replay cache; the outcome is the second verification's.
    pub replay: bool,
    /// The storage key a wallet store is opened with.
    pub storage_key: Option<[u8; 32]>,
    pub now: u64,
    pub expect: Expect,
    pub policy: PolicySpec,
    /// The presentation request (a file) the presentation must answer.
    pub request: Option<String>,
    /// The verification request (a file) a receipt answers.
    pub verification_request: Option<String>,
    /// The live face image (a file) that travelled beside the verification request.
    pub face_image: Option<String>,
    pub description: String,
}

impl Case {
    fn new(
        name: &str,
        kind: impl Into<Kind>,
        file: &str,
        signer: [u8; 32],
        now: u64,
        expect: Expect,
        description: &str,
    ) -> Case {
        Case {
            name: name.into(),
            kind: kind.into(),
            file: file.into(),
            signer,
            issuer: None,
            root: None,
            trust_list: None,
            status_lists: Vec::new(),
            replay: false,
            storage_key: None,
            now,
            expect,
            policy: PolicySpec::default(),
            request: None,
            verification_request: None,
            face_image: None,
            description: description.into(),
        }
    }

    fn issuer(mut self, key: [u8; 32]) -> Case {
        self.issuer = Some(key);
        self
    }

    /// The files this case reads besides its own: request, trust list, status lists,
    /// verification request, face image.
    pub(crate) fn inputs(&self) -> impl Iterator<Item = &String> {
        self.request
            .iter()
            .chain(&self.trust_list)
            .chain(&self.status_lists)
            .chain(&self.verification_request)
            .chain(&self.face_image)
    }

    fn verification_request(mut self, path: &str) -> Case {
        self.verification_request = Some(path.into());
        self
    }

    fn face_image(mut self, path: &str) -> Case {
        self.face_image = Some(path.into());
        self
    }

    fn request(mut self, path: &str) -> Case {
        self.request = Some(path.into());
        self
    }

    fn min_level(mut self, level: Level) -> Case {
        self.policy.min_level = level;
        self
    }

    fn required(mut self, ids: &[AttributeId<'static>]) -> Case {
        self.policy.required = ids.to_vec();
        self
    }
}

/// The generated files and the cases that use them.
#[derive(Default)]
pub(crate) struct Vectors {
    pub files: Files,
    pub cases: Vec<Case>,
}

impl Vectors {
    /// Adds a generated file; returns its path.
    fn file(&mut self, path: &str, bytes: Vec<u8>) -> Result<String, BoxError> {
        if !path.ends_with(".cbor") || path.split('/').count() != 2 {
            return Err(format!("{path}: vector files are <kind>/<name>.cbor").into());
        }
        if self.files.insert(path.into(), bytes).is_some() {
            return Err(format!("{path}: generated twice").into());
        }
        Ok(path.into())
    }

    /// Adds a file that is no signed object (a face image): `online/<name>.jpg`; returns its
    /// path.
    fn asset(&mut self, path: &str, bytes: Vec<u8>) -> Result<String, BoxError> {
        let ok = path
            .strip_prefix(&format!("{}/", super::ASSET_DIR))
            .is_some_and(|name| name.ends_with(".jpg") && !name.contains('/'));
        if !ok {
            return Err(format!("{path}: asset files are {}/<name>.jpg", super::ASSET_DIR).into());
        }
        if self.files.insert(path.into(), bytes).is_some() {
            return Err(format!("{path}: generated twice").into());
        }
        Ok(path.into())
    }

    /// Adds a case whose file is `<name>.cbor`, holding `bytes`.
    fn own(&mut self, case: Case, bytes: Vec<u8>) -> Result<String, BoxError> {
        let path = self.file(&format!("{}.cbor", case.name), bytes)?;
        if case.file != path {
            return Err(format!("{}: file should be {path}", case.name).into());
        }
        self.push(case)?;
        Ok(path)
    }

    /// Adds a case whose file (and request) was generated already.
    fn push(&mut self, case: Case) -> Result<(), BoxError> {
        if self.cases.iter().any(|c| c.name == case.name) {
            return Err(format!("{}: duplicate case name", case.name).into());
        }
        for path in std::iter::once(&case.file).chain(case.inputs()) {
            if !self.files.contains_key(path) {
                return Err(format!("{}: no generated file {path}", case.name).into());
            }
        }
        let kind_dir = case.name.split('/').next().unwrap_or_default();
        if kind_dir != case.kind.as_str() {
            return Err(format!("{}: name must start with its kind", case.name).into());
        }
        self.cases.push(case);
        Ok(())
    }

    /// Every generated file must be used by a case (as its file or one of its inputs).
    fn check_all_files_used(&self) -> Result<(), BoxError> {
        for path in self.files.keys() {
            let used = self
                .cases
                .iter()
                .any(|c| c.file == *path || c.inputs().any(|i| i == path));
            if !used {
                return Err(format!("{path} is generated but no case uses it").into());
            }
        }
        Ok(())
    }
}

/// The people of the vectors and what they hold, for the README.
pub(crate) fn people() -> Result<Vec<(PersonRecord, String)>, BoxError> {
    Ok(vec![
        (
            zhang_san()?,
            "light, generation 2 (and an expired generation 1)".into(),
        ),
        (
            wang_fang()?,
            "upgraded (and a light one from an issuer not in the trust list)".into(),
        ),
        (
            li_si()?,
            "light; 17 at `now` (and a light one from the retired issuer key, within its window)"
                .into(),
        ),
        (
            chen_ming()?,
            format!(
                "light, with a {}-byte stand-in portrait (and a light one from the retired issuer \
                 key, after its window)",
                FAKE_JPEG.len()
            ),
        ),
        (
            lifecycle::zhao_min()?,
            format!(
                "upgraded, status list 1: generation 1 on her old phone (index 0, superseded), \
                 generation 2 on her new phone (index 3, good); credential password `{}` \
                 (online cases)",
                online::ZHAO_PASSWORD
            ),
        ),
        (
            lifecycle::sun_qiang()?,
            "light, status list 1 index 1: revoked (lost card reported)".into(),
        ),
        (
            lifecycle::zhou_li()?,
            "light, status list 1 index 2: suspended (frozen)".into(),
        ),
    ])
}

fn date(y: u16, m: u8, d: u8) -> Result<Date, BoxError> {
    Ok(Date::new(y, m, d)?)
}

fn zhang_san() -> Result<PersonRecord, BoxError> {
    Ok(PersonRecord {
        full_name: "张三".into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: date(1990, 3, 7)?,
        address: "北京市东城区景山前街4号".into(),
        id_number: "110101199003070011".into(),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: date(2020, 1, 1)?,
            until: Some(date(2040, 1, 1)?),
        },
        portrait: None,
        extras: vec![],
    })
}

fn wang_fang() -> Result<PersonRecord, BoxError> {
    Ok(PersonRecord {
        full_name: "王芳".into(),
        sex: Sex::Female,
        ethnicity: 1,
        birth_date: date(1985, 11, 23)?,
        address: "上海市徐汇区漕溪北路201号".into(),
        id_number: "310104198511230044".into(),
        issuing_authority: "上海市公安局徐汇分局".into(),
        card_validity: CardValidity {
            from: date(2015, 9, 10)?,
            until: Some(date(2035, 9, 10)?),
        },
        portrait: None,
        extras: vec![],
    })
}

/// 17 years old at [`NOW`] (18 on 2026-06-15).
fn li_si() -> Result<PersonRecord, BoxError> {
    Ok(PersonRecord {
        full_name: "李四".into(),
        sex: Sex::Female,
        ethnicity: 1,
        birth_date: date(2008, 6, 15)?,
        address: "广东省深圳市福田区福中三路2001号".into(),
        id_number: "440301200806150026".into(),
        issuing_authority: "深圳市公安局福田分局".into(),
        card_validity: CardValidity {
            from: date(2022, 3, 1)?,
            until: Some(date(2027, 3, 1)?),
        },
        portrait: None,
        extras: vec![],
    })
}

/// 60 years old, a long-term (长期) card, a portrait, and ethnicity 3 (回族).
fn chen_ming() -> Result<PersonRecord, BoxError> {
    Ok(PersonRecord {
        full_name: "陈明".into(),
        sex: Sex::Male,
        ethnicity: 3,
        birth_date: date(1965, 5, 20)?,
        address: "江苏省南京市玄武区北京东路41号".into(),
        id_number: "320102196505200033".into(),
        issuing_authority: "南京市公安局玄武分局".into(),
        card_validity: CardValidity {
            from: date(2012, 7, 1)?,
            until: None,
        },
        portrait: Some(FAKE_JPEG.to_vec()),
        extras: vec![],
    })
}

/// A person with an issued credential stored in their wallet.
struct Holder {
    person: PersonRecord,
    device: SigningKey,
    wallet: Wallet<SigningKey>,
    issuance_request: Vec<u8>,
    credential: Vec<u8>,
    package: Vec<u8>,
    level: Level,
    thresholds: Vec<u8>,
    issued_at: u64,
}

/// One disclosure as a presentation carries it: leaf index, sibling path, disclosure bytes.
type Item = (u64, Vec<u8>, Vec<u8>);

impl Holder {
    /// Runs the whole issuance protocol: issuer nonce, the wallet's issuance request (signed
    /// [`ISSUANCE_REQUEST_LEAD`] seconds before `at`), the issuer's checks, issuance at `at`,
    /// and the wallet's checks when storing the package.
    fn issue(
        issuer: &Issuer,
        person: PersonRecord,
        device_seed: &[u8; 32],
        level: Level,
        options: IssueOptions,
        rng_seed: u64,
        at: u64,
    ) -> Result<Holder, BoxError> {
        let mut rng = ChaCha20Rng::seed_from_u64(rng_seed);
        let device = SigningKey::from_seed(device_seed);
        let mut wallet = Wallet::new(device.clone());
        let nonce = Issuer::new_nonce(&mut rng);
        let issuance_request =
            wallet.issuance_request(level, &nonce, at - ISSUANCE_REQUEST_LEAD)?;
        let checked = issuer.check_request(&issuance_request, &nonce, at)?;
        let issued = issuer.issue(&checked, &person, &options, &mut rng, at)?;
        wallet.store(&issued.package, issuer.public_key(), at)?;
        Ok(Holder {
            person,
            device,
            wallet,
            issuance_request,
            credential: issued.credential,
            package: issued.package,
            level,
            thresholds: options.age_thresholds,
            issued_at: at,
        })
    }

    fn device_key(&self) -> [u8; 32] {
        self.device.public_key_bytes()
    }

    /// What a verifier should see when `ids` are disclosed, computed from the person record
    /// (not from the credential), so the check against the library is independent.
    fn disclosed(&self, ids: &[AttributeId<'_>]) -> Result<BTreeMap<String, Value>, BoxError> {
        let today = Date::at_cst(self.issued_at)?;
        let all = self.person.attributes(&self.thresholds, today);
        let mut out = BTreeMap::new();
        for id in ids {
            let (_, value) = all
                .iter()
                .find(|(a, _)| a.same(id))
                .ok_or_else(|| format!("the person record has no {id}"))?;
            out.insert(id.name().into_owned(), value_json(value)?);
        }
        Ok(out)
    }

    fn accept(&self, ids: &[AttributeId<'_>]) -> Result<Expect, BoxError> {
        Ok(Expect::Accept {
            level: Some(self.level),
            disclosed: Some(self.disclosed(ids)?),
            status_check: None,
            decoded: None,
        })
    }

    /// The presented disclosures of `ids`, in ascending index order, taken from the package.
    fn items(&self, ids: &[AttributeId<'_>]) -> Result<Vec<Item>, BoxError> {
        let pkg = CredentialPackage::decode(&self.package)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let bytes = pkg
                .disclosures
                .iter()
                .find(|b| Disclosure::from_bytes(b).is_ok_and(|d| d.id.same(id)))
                .ok_or_else(|| format!("the package has no disclosure of {id}"))?;
            let leaf = disclosure::leaf_hash(bytes);
            let index = pkg
                .leaves
                .iter()
                .position(|l| *l == leaf)
                .ok_or("a disclosure without a leaf")?;
            out.push((
                index as u64,
                disclosure::path(&pkg.leaves, index)?,
                bytes.to_vec(),
            ));
        }
        out.sort_by_key(|i| i.0);
        Ok(out)
    }
}

/// Builds and signs a presentation by hand (for the cases an honest wallet never makes).
fn sign_presentation(
    credential: &[u8],
    items: &[Item],
    binding: Option<Binding<'_>>,
    at: u64,
    device: &SigningKey,
) -> Result<Vec<u8>, BoxError> {
    let borrowed: Vec<(u64, Vec<u8>, &[u8])> = items
        .iter()
        .map(|(i, p, d)| (*i, p.clone(), d.as_slice()))
        .collect();
    let payload = presentation::encode_payload(credential, &borrowed, binding, at);
    Ok(cose::sign(ObjectKind::Presentation, &payload, device)?)
}

/// A tagged COSE_Sign1 from its parts, signed with `key` over the given protected header.
fn sign_raw(protected: &[u8], payload: &[u8], key: &SigningKey) -> Vec<u8> {
    let signature = key.sign_bytes(&cose::sig_structure(protected, payload));
    let mut e = Encoder::new();
    e.tag(cose::TAG_COSE_SIGN1)
        .array(4)
        .bytes(protected)
        .map(0)
        .bytes(payload)
        .bytes(&signature);
    e.into_bytes()
}

/// `bytes` with bit `bit` of byte `index` flipped.
fn flip(bytes: &[u8], index: usize, bit: u8) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[index] ^= 1 << bit;
    out
}

/// Flips the lowest bit of the first byte of the signature's `R` (the last 64 bytes).
fn flip_signature(cose_bytes: &[u8]) -> Vec<u8> {
    flip(cose_bytes, cose_bytes.len() - 64, 0)
}

/// Re-encodes the head of the outer payload bstr one size wider than the shortest form.
fn widen_payload_head(cose_bytes: &[u8], kind: ObjectKind) -> Result<Vec<u8>, BoxError> {
    let sign1 = Sign1::decode(cose_bytes, kind)?;
    let start = sign1.payload.as_ptr() as usize - cose_bytes.as_ptr() as usize;
    let len = sign1.payload.len();
    let (shortest, wider): (usize, Vec<u8>) = match u64::try_from(len)? {
        n @ 0..=23 => (1, vec![0x58, n as u8]),
        n @ 24..=0xff => (2, vec![0x59, 0, n as u8]),
        n @ 0x100..=0xffff => (3, [&[0x5a, 0, 0][..], &(n as u16).to_be_bytes()].concat()),
        _ => return Err("payload too long to widen".into()),
    };
    let mut out = cose_bytes[..start - shortest].to_vec();
    out.extend_from_slice(&wider);
    out.extend_from_slice(&cose_bytes[start..]);
    Ok(out)
}

/// A COSE_Key for an Ed25519 public key, as the format writes it.
fn okp_key(e: &mut Encoder, key: &[u8; 32]) {
    e.map(3).uint(1).uint(1).int(-1).uint(6).int(-2).bytes(key);
}

/// An issuance-request payload naming `key` (which need not be the signer's).
fn issuance_payload(key: &[u8; 32], level: Level, nonce: &[u8; 16], at: u64) -> Vec<u8> {
    let mut e = Encoder::new();
    e.map(4).uint(1);
    okp_key(&mut e, key);
    e.uint(2)
        .uint(level.code().into())
        .uint(3)
        .bytes(nonce)
        .uint(4)
        .uint(at);
    e.into_bytes()
}

fn nonce(seed: u64) -> [u8; 16] {
    Issuer::new_nonce(&mut ChaCha20Rng::seed_from_u64(seed))
}

fn request(
    verifier: &SigningKey,
    verifier_id: &str,
    nonce: [u8; 16],
    requested: &[AttributeId<'_>],
    min_level: Level,
    max_age: u64,
    now: u64,
) -> Result<Vec<u8>, BoxError> {
    Ok(PresentationRequest::create(
        &RequestParams {
            verifier_id,
            nonce,
            requested,
            min_level,
            max_age,
            now,
        },
        verifier,
    )?)
}

fn payload_of(cose_bytes: &[u8], kind: ObjectKind) -> Result<Vec<u8>, BoxError> {
    Ok(Sign1::decode(cose_bytes, kind)?.payload.to_vec())
}

/// Builds every vector and case.
///
/// # Errors
///
/// When the library refuses to build one of them.
pub(crate) fn build() -> Result<Vectors, BoxError> {
    use AttributeId::{AgeOver, FullName, IdNumber};
    use ObjectKind::{Credential, IssuanceRequest, Presentation, PresentationRequest as Request};

    let mut v = Vectors::default();
    let issuer = Issuer::from_seed(&ISSUER_SEED)?;
    let issuer_pk = *issuer.public_key().as_bytes();
    let other_issuer_pk = SigningKey::from_seed(&OTHER_ISSUER_SEED).public_key_bytes();
    let other_device = SigningKey::from_seed(&OTHER_DEVICE_SEED);
    let other_device_pk = other_device.public_key_bytes();

    // --- holders ------------------------------------------------------------------------------
    let zhang = Holder::issue(
        &issuer,
        zhang_san()?,
        &DEVICE_ZHANG_SEED,
        Level::Light,
        IssueOptions {
            generation: 2,
            ..IssueOptions::default()
        },
        RNG_ZHANG,
        ISSUED,
    )?;
    let wang = Holder::issue(
        &issuer,
        wang_fang()?,
        &DEVICE_WANG_SEED,
        Level::Upgraded,
        IssueOptions {
            proven_level: Level::Upgraded,
            ..IssueOptions::default()
        },
        RNG_WANG,
        ISSUED,
    )?;
    let li = Holder::issue(
        &issuer,
        li_si()?,
        &DEVICE_LI_SEED,
        Level::Light,
        IssueOptions::default(),
        RNG_LI,
        ISSUED,
    )?;
    let chen = Holder::issue(
        &issuer,
        chen_ming()?,
        &DEVICE_CHEN_SEED,
        Level::Light,
        IssueOptions::default(),
        RNG_CHEN,
        ISSUED,
    )?;
    let zhang_old = Holder::issue(
        &issuer,
        zhang_san()?,
        &DEVICE_ZHANG_SEED,
        Level::Light,
        IssueOptions::default(),
        RNG_ZHANG_OLD,
        OLD_ISSUED,
    )?;

    // --- credentials --------------------------------------------------------------------------
    let credential_cases: [(&str, &Holder, &str); 4] = [
        (
            "credential/light",
            &zhang,
            "张三's light credential (generation 2), issued an hour before `now`.",
        ),
        (
            "credential/upgraded",
            &wang,
            "王芳's upgraded credential, issued an hour before `now`.",
        ),
        (
            "credential/minor",
            &li,
            "李四's light credential; she is 17, so its age_over_18 disclosure says false.",
        ),
        (
            "credential/portrait",
            &chen,
            "陈明's light credential with a portrait and a long-term (长期) card validity.",
        ),
    ];
    let mut credential_paths = BTreeMap::new();
    for (name, holder, description) in credential_cases {
        let case = Case::new(
            name,
            Credential,
            &format!("{name}.cbor"),
            issuer_pk,
            NOW,
            Expect::Accept {
                level: Some(holder.level),
                disclosed: None,
                status_check: None,
                decoded: None,
            },
            description,
        )
        .issuer(issuer_pk);
        credential_paths.insert(name, v.own(case, holder.credential.clone())?);
    }
    let light_credential = credential_paths
        .get("credential/light")
        .cloned()
        .ok_or("credential/light")?;

    // --- issuance requests --------------------------------------------------------------------
    v.own(
        Case::new(
            "issuance_request/light",
            IssuanceRequest,
            "issuance_request/light.cbor",
            zhang.device_key(),
            ISSUED,
            Expect::Accept {
                level: None,
                disclosed: None,
                status_check: None,
                decoded: None,
            },
            "张三's phone asks for a light credential, signing the issuer's nonce with its device key.",
        ),
        zhang.issuance_request.clone(),
    )?;
    v.own(
        Case::new(
            "issuance_request/upgraded",
            IssuanceRequest,
            "issuance_request/upgraded.cbor",
            wang.device_key(),
            ISSUED,
            Expect::Accept {
                level: None,
                disclosed: None,
                status_check: None,
                decoded: None,
            },
            "王芳's phone asks for an upgraded credential.",
        ),
        wang.issuance_request.clone(),
    )?;

    // --- presentation requests ----------------------------------------------------------------
    let hotel_verifier = SigningKey::from_seed(&VERIFIER_HOTEL_SEED);
    let hotel_b_verifier = SigningKey::from_seed(&VERIFIER_HOTEL_B_SEED);
    let samr_verifier = SigningKey::from_seed(&VERIFIER_SAMR_SEED);
    let hotel_nonce = nonce(RNG_HOTEL);
    let samr_nonce = nonce(RNG_SAMR);
    let hotel_attrs = [FullName, IdNumber];
    let samr_attrs = [FullName, IdNumber, AttributeId::Address];

    let hotel_req = request(
        &hotel_verifier,
        HOTEL_ID,
        hotel_nonce,
        &hotel_attrs,
        Level::Light,
        60,
        REQUESTED,
    )?;
    let samr_req = request(
        &samr_verifier,
        SAMR_ID,
        samr_nonce,
        &samr_attrs,
        Level::Upgraded,
        300,
        REQUESTED,
    )?;
    let hotel_b_req = request(
        &hotel_b_verifier,
        HOTEL_B_ID,
        nonce(RNG_HOTEL_B),
        &hotel_attrs,
        Level::Light,
        60,
        REQUESTED,
    )?;
    let hotel_renewed_req = request(
        &hotel_verifier,
        HOTEL_ID,
        nonce(RNG_HOTEL_RENEWED),
        &hotel_attrs,
        Level::Light,
        60,
        REQUESTED + 5,
    )?;
    let hotel_altered_req = request(
        &hotel_verifier,
        HOTEL_ID,
        hotel_nonce,
        &samr_attrs,
        Level::Light,
        60,
        REQUESTED,
    )?;
    let accept_request = || Expect::Accept {
        level: None,
        disclosed: None,
        status_check: None,
        decoded: None,
    };
    let mut request_paths = BTreeMap::new();
    for (name, bytes, verifier, description) in [
        (
            "presentation_request/hotel",
            &hotel_req,
            &hotel_verifier,
            "The hotel front desk asks for full_name and id_number (police registration), light or better, answer at most 60 s old.",
        ),
        (
            "presentation_request/company-registration",
            &samr_req,
            &samr_verifier,
            "The company registration counter asks for full_name, id_number and address from an upgraded credential.",
        ),
        (
            "presentation_request/hotel-b",
            &hotel_b_req,
            &hotel_b_verifier,
            "Another hotel's request for the same attributes (another verifier id, key and nonce).",
        ),
        (
            "presentation_request/hotel-renewed-nonce",
            &hotel_renewed_req,
            &hotel_verifier,
            "The hotel's next request: same verifier id and attributes, a new nonce.",
        ),
        (
            "presentation_request/hotel-altered",
            &hotel_altered_req,
            &hotel_verifier,
            "The hotel's verifier id and nonce, but asking for full_name, id_number and address.",
        ),
    ] {
        let case = Case::new(
            name,
            Request,
            &format!("{name}.cbor"),
            verifier.public_key_bytes(),
            NOW,
            accept_request(),
            description,
        );
        request_paths.insert(name, v.own(case, bytes.clone())?);
    }
    let path = |name: &str| -> Result<String, BoxError> {
        request_paths
            .get(name)
            .cloned()
            .ok_or_else(|| format!("no request {name}").into())
    };
    let hotel_path = path("presentation_request/hotel")?;
    let samr_path = path("presentation_request/company-registration")?;

    // --- accepted presentations -----------------------------------------------------------------
    let accept_qr = |v: &mut Vectors,
                     name: &str,
                     holder: &Holder,
                     ids: &[AttributeId<'static>],
                     description: &str|
     -> Result<(String, Vec<u8>), BoxError> {
        let bytes = holder.wallet.present(ids, PRESENTED)?;
        let case = Case::new(
            name,
            Presentation,
            &format!("{name}.cbor"),
            holder.device_key(),
            NOW,
            holder.accept(ids)?,
            description,
        )
        .issuer(issuer_pk);
        Ok((v.own(case, bytes.clone())?, bytes))
    };
    let (cafe_path, cafe) = accept_qr(
        &mut v,
        "presentation/internet-cafe",
        &zhang,
        &[],
        "Scenario 1, internet café: a QR presentation of 张三's light credential that discloses nothing; no request, audience or nonce.",
    )?;
    let (age_name_path, age_name) = accept_qr(
        &mut v,
        "presentation/age-name",
        &zhang,
        &[FullName, AgeOver(18)],
        "A QR presentation disclosing full_name and age_over_18 (true); no request, audience or nonce.",
    )?;
    accept_qr(
        &mut v,
        "presentation/age-over-18",
        &zhang,
        &[AgeOver(18)],
        "Scenario 4, age-restricted sale: a QR presentation disclosing only age_over_18 (true).",
    )?;
    accept_qr(
        &mut v,
        "presentation/age-over-18-minor",
        &li,
        &[AgeOver(18)],
        "Scenario 4 with a minor: 李四's QR presentation verifies and discloses age_over_18 = false (the sale is the terminal's decision).",
    )?;
    let all_attributes: Vec<AttributeId<'static>> = AttributeId::STANDARD
        .iter()
        .cloned()
        .chain([AgeOver(16), AgeOver(18), AgeOver(60)])
        .collect();
    accept_qr(
        &mut v,
        "presentation/portrait",
        &chen,
        &all_attributes,
        "陈明 discloses every attribute, including a tiny portrait and a long-term card validity (until = null).",
    )?;

    let respond = |v: &mut Vectors,
                   name: &str,
                   holder: &Holder,
                   request_bytes: &[u8],
                   request_path: &str,
                   ids: &[AttributeId<'static>],
                   description: &str|
     -> Result<String, BoxError> {
        let bytes = holder.wallet.respond(request_bytes, PRESENTED)?;
        let case = Case::new(
            name,
            Presentation,
            &format!("{name}.cbor"),
            holder.device_key(),
            NOW,
            holder.accept(ids)?,
            description,
        )
        .issuer(issuer_pk)
        .request(request_path);
        v.own(case, bytes)
    };
    let hotel_pres_path = respond(
        &mut v,
        "presentation/hotel",
        &zhang,
        &hotel_req,
        &hotel_path,
        &hotel_attrs,
        "Scenario 2, hotel check-in: 张三's light credential answers presentation_request/hotel, disclosing full_name and id_number.",
    )?;
    respond(
        &mut v,
        "presentation/hotel-upgraded",
        &wang,
        &hotel_req,
        &hotel_path,
        &hotel_attrs,
        "Scenario 2 with an upgraded credential: 王芳 answers the same hotel request (light or better).",
    )?;
    respond(
        &mut v,
        "presentation/company-registration",
        &wang,
        &samr_req,
        &samr_path,
        &samr_attrs,
        "Scenario 3, company registration: 王芳's upgraded credential answers presentation_request/company-registration.",
    )?;

    // The hand-built presentations below use the same builder; check it reproduces the wallet.
    let rebuilt = sign_presentation(
        &zhang.credential,
        &zhang.items(&[FullName, AgeOver(18)])?,
        None,
        PRESENTED,
        &zhang.device,
    )?;
    if rebuilt != age_name {
        return Err("the hand-built presentation differs from the wallet's".into());
    }
    let rebuilt = sign_raw(
        &cose::encode_protected(IssuanceRequest, zhang.device.key_id()),
        &issuance_payload(
            &zhang.device_key(),
            Level::Light,
            &payload_nonce(&zhang.issuance_request)?,
            ISSUED - ISSUANCE_REQUEST_LEAD,
        ),
        &zhang.device,
    );
    if rebuilt != zhang.issuance_request {
        return Err("the hand-built issuance request differs from the wallet's".into());
    }

    // --- rejects: structure -------------------------------------------------------------------
    let zhang_pk = zhang.device_key();
    let reject_own = |v: &mut Vectors,
                      name: &str,
                      kind: ObjectKind,
                      signer: [u8; 32],
                      code: ErrorCode,
                      bytes: Vec<u8>,
                      description: &str|
     -> Result<String, BoxError> {
        let mut case = Case::new(
            name,
            kind,
            &format!("{name}.cbor"),
            signer,
            NOW,
            Expect::Reject(code),
            description,
        );
        if matches!(kind, Credential | Presentation) {
            case = case.issuer(issuer_pk);
        }
        v.own(case, bytes)
    };
    reject_own(
        &mut v,
        "presentation/truncated",
        Presentation,
        zhang_pk,
        ErrorCode::Malformed,
        cafe[..cafe.len() / 2].to_vec(),
        "The first half of presentation/internet-cafe: the payload byte string runs past the end.",
    )?;
    reject_own(
        &mut v,
        "presentation/trailing-byte",
        Presentation,
        zhang_pk,
        ErrorCode::Malformed,
        [&cafe[..], &[0x00]].concat(),
        "presentation/internet-cafe followed by one 0x00 byte.",
    )?;
    reject_own(
        &mut v,
        "presentation/non-canonical-length",
        Presentation,
        zhang_pk,
        ErrorCode::NonCanonical,
        widen_payload_head(&cafe, Presentation)?,
        "presentation/internet-cafe with the outer payload length written one size wider than the shortest form; decoding fails before any signature is checked.",
    )?;
    let cafe_payload = payload_of(&cafe, Presentation)?;
    let n = cafe_payload.len();
    if n < 6 || cafe_payload[n - 6] != 0x04 || cafe_payload[n - 5] != 0x1a {
        return Err("presentation payload does not end with key 4 and a 4-byte time".into());
    }
    let long_time = [
        &cafe_payload[..n - 5],
        &[0x1b],
        &PRESENTED.to_be_bytes()[..],
    ]
    .concat();
    reject_own(
        &mut v,
        "presentation/non-canonical-integer",
        Presentation,
        zhang_pk,
        ErrorCode::NonCanonical,
        cose::sign(Presentation, &long_time, &zhang.device)?,
        "presentation/internet-cafe's payload with presented_at as an 8-byte integer, validly signed by the device: every signature checks, the encoding is not deterministic.",
    )?;
    let too_large = {
        const TOTAL: usize = 100_000;
        let protected = cose::encode_protected(Presentation, zhang.device.key_id());
        // tag + array + protected (bstr head 1 byte) + empty map + 5-byte payload head
        // + 2-byte signature head + signature.
        let overhead = 1 + 1 + 1 + protected.len() + 1 + 5 + 2 + 64;
        let filler = vec![0u8; TOTAL - overhead];
        let bytes = sign_raw(&protected, &filler, &zhang.device);
        if bytes.len() != TOTAL {
            return Err(format!("too-large vector has {} bytes", bytes.len()).into());
        }
        bytes
    };
    reject_own(
        &mut v,
        "presentation/too-large",
        Presentation,
        zhang_pk,
        ErrorCode::TooLarge,
        too_large,
        "A 100,000-byte COSE_Sign1 (over the 96 KiB limit), validly signed by 张三's device over a zero-filled payload; refused on its size alone.",
    )?;
    let es256_protected = {
        let mut e = Encoder::new();
        e.map(3)
            .int(cose::HEADER_ALG)
            .int(-7)
            .int(cose::HEADER_CONTENT_TYPE)
            .uint(Presentation.content_type().into())
            .int(cose::HEADER_KID)
            .bytes(&zhang.device.key_id().0);
        e.into_bytes()
    };
    reject_own(
        &mut v,
        "presentation/alg-es256",
        Presentation,
        zhang_pk,
        ErrorCode::Unsupported,
        sign_raw(&es256_protected, &cafe_payload, &zhang.device),
        "presentation/internet-cafe's payload under a protected header naming alg -7 (ES256); refused before any signature is checked.",
    )?;
    let crit_protected = {
        let mut e = Encoder::new();
        e.map(5)
            .int(cose::HEADER_ALG)
            .int(cose::ALG_EDDSA)
            .int(cose::HEADER_CRIT)
            .array(1)
            .int(-65537)
            .int(cose::HEADER_CONTENT_TYPE)
            .uint(Presentation.content_type().into())
            .int(cose::HEADER_KID)
            .bytes(&zhang.device.key_id().0)
            .int(-65537)
            .bool(true);
        e.into_bytes()
    };
    reject_own(
        &mut v,
        "presentation/critical-header",
        Presentation,
        zhang_pk,
        ErrorCode::Unsupported,
        sign_raw(&crit_protected, &cafe_payload, &zhang.device),
        "presentation/internet-cafe's payload, EdDSA-signed by the device, with a critical private header (-65537) the format does not know.",
    )?;
    v.push(
        Case::new(
            "presentation/credential-as-presentation",
            Presentation,
            &light_credential,
            issuer_pk,
            NOW,
            Expect::Reject(ErrorCode::WrongKind),
            "credential/light given where a presentation is expected (content type 65001, not 65002).",
        )
        .issuer(issuer_pk),
    )?;

    // --- rejects: signatures and keys ---------------------------------------------------------
    reject_own(
        &mut v,
        "presentation/bad-device-signature",
        Presentation,
        zhang_pk,
        ErrorCode::BadSignature,
        flip_signature(&cafe),
        "presentation/internet-cafe with one bit of the device signature flipped.",
    )?;
    reject_own(
        &mut v,
        "credential/bad-signature",
        Credential,
        issuer_pk,
        ErrorCode::BadSignature,
        flip_signature(&zhang.credential),
        "credential/light with one bit of the issuer signature flipped.",
    )?;
    reject_own(
        &mut v,
        "presentation_request/bad-signature",
        Request,
        hotel_verifier.public_key_bytes(),
        ErrorCode::BadSignature,
        flip_signature(&hotel_req),
        "presentation_request/hotel with one bit of the verifier's signature flipped.",
    )?;
    reject_own(
        &mut v,
        "issuance_request/bad-signature",
        IssuanceRequest,
        zhang_pk,
        ErrorCode::BadSignature,
        flip_signature(&zhang.issuance_request),
        "issuance_request/light with one bit of the proof-of-possession signature flipped.",
    )?;

    let weak_credential = {
        let mut rng = ChaCha20Rng::seed_from_u64(RNG_WEAK);
        let leaves: Vec<Digest> = (0..16)
            .map(|_| {
                let mut leaf = [0u8; 16];
                rng.fill_bytes(&mut leaf);
                leaf
            })
            .collect();
        let mut id = [0u8; 16];
        rng.fill_bytes(&mut id);
        let claims = CredentialClaims {
            expires_at: time::add_months(ISSUED, 6)?,
            issued_at: ISSUED,
            id,
            device_key: IDENTITY_POINT,
            level: Level::Light,
            generation: 1,
            tree_depth: 4,
            root: disclosure::root(&leaves)?,
            status: None,
        };
        let issuer_key = SigningKey::from_seed(&ISSUER_SEED);
        cose::sign(Credential, &claims.encode(), &issuer_key)?
    };
    reject_own(
        &mut v,
        "credential/weak-device-key",
        Credential,
        issuer_pk,
        ErrorCode::WeakKey,
        weak_credential.clone(),
        "A credential properly signed by the issuer whose device key is the identity point (small order), which would accept forged signatures.",
    )?;
    reject_own(
        &mut v,
        "presentation/weak-device-key",
        Presentation,
        other_device_pk,
        ErrorCode::WeakKey,
        sign_presentation(&weak_credential, &[], None, PRESENTED, &other_device)?,
        "credential/weak-device-key inside a presentation signed by an arbitrary device key.",
    )?;
    reject_own(
        &mut v,
        "issuance_request/weak-key",
        IssuanceRequest,
        other_device_pk,
        ErrorCode::WeakKey,
        sign_raw(
            &cose::encode_protected(IssuanceRequest, other_device.key_id()),
            &issuance_payload(
                &IDENTITY_POINT,
                Level::Light,
                &payload_nonce(&zhang.issuance_request)?,
                ISSUED - ISSUANCE_REQUEST_LEAD,
            ),
            &other_device,
        ),
        "An issuance request asking to bind the identity point (small order), signed by another key.",
    )?;
    reject_own(
        &mut v,
        "issuance_request/device-key-mismatch",
        IssuanceRequest,
        other_device_pk,
        ErrorCode::DeviceKeyMismatch,
        sign_raw(
            &cose::encode_protected(IssuanceRequest, other_device.key_id()),
            &issuance_payload(
                &zhang_pk,
                Level::Light,
                &payload_nonce(&zhang.issuance_request)?,
                ISSUED - ISSUANCE_REQUEST_LEAD,
            ),
            &other_device,
        ),
        "An issuance request naming 张三's device key but signed by another key: no proof of possession.",
    )?;
    v.push(
        Case::new(
            "presentation/unknown-issuer",
            Presentation,
            &cafe_path,
            zhang_pk,
            NOW,
            Expect::Reject(ErrorCode::UnknownIssuer),
            "presentation/internet-cafe checked by a verifier that pins only another issuer's key.",
        )
        .issuer(other_issuer_pk),
    )?;
    v.push(
        Case::new(
            "credential/unknown-issuer",
            Credential,
            &light_credential,
            issuer_pk,
            NOW,
            Expect::Reject(ErrorCode::UnknownIssuer),
            "credential/light checked by a verifier that pins only another issuer's key.",
        )
        .issuer(other_issuer_pk),
    )?;
    reject_own(
        &mut v,
        "presentation/device-key-mismatch",
        Presentation,
        other_device_pk,
        ErrorCode::DeviceKeyMismatch,
        sign_presentation(&zhang.credential, &[], None, PRESENTED, &other_device)?,
        "张三's credential copied to another phone: the presentation is signed by a device key the credential does not name.",
    )?;

    // --- rejects: time ------------------------------------------------------------------------
    v.push(
        Case::new(
            "presentation/not-yet-valid",
            Presentation,
            &cafe_path,
            zhang_pk,
            ISSUED - 60,
            Expect::Reject(ErrorCode::NotYetValid),
            "presentation/internet-cafe checked an hour early: issued_at and presented_at lie in the future beyond the 30 s clock skew.",
        )
        .issuer(issuer_pk),
    )?;
    v.push(
        Case::new(
            "credential/not-yet-valid",
            Credential,
            &light_credential,
            issuer_pk,
            ISSUED - 60,
            Expect::Reject(ErrorCode::NotYetValid),
            "credential/light checked a minute before its issued_at, beyond the 30 s clock skew.",
        )
        .issuer(issuer_pk),
    )?;
    let old_expiry = time::add_months(OLD_ISSUED, 6)?;
    if old_expiry >= PRESENTED {
        return Err("the old credential must have expired before the presentation".into());
    }
    reject_own(
        &mut v,
        "credential/expired",
        Credential,
        issuer_pk,
        ErrorCode::Expired,
        zhang_old.credential.clone(),
        "张三's previous credential (generation 1), issued 2025-06-15, which expired after the default six months on 2025-12-15.",
    )?;
    reject_own(
        &mut v,
        "presentation/expired",
        Presentation,
        zhang_pk,
        ErrorCode::Expired,
        sign_presentation(&zhang_old.credential, &[], None, PRESENTED, &zhang.device)?,
        "A fresh presentation of credential/expired by its own device (a wallet that did not delete it).",
    )?;
    v.push(
        Case::new(
            "presentation/stale",
            Presentation,
            &cafe_path,
            zhang_pk,
            PRESENTED + 121,
            Expect::Reject(ErrorCode::StalePresentation),
            "presentation/internet-cafe checked 121 s after it was made; the default policy accepts 120 s.",
        )
        .issuer(issuer_pk),
    )?;

    // --- rejects: policy and disclosures ------------------------------------------------------
    v.push(
        Case::new(
            "presentation/level-too-low",
            Presentation,
            &cafe_path,
            zhang_pk,
            NOW,
            Expect::Reject(ErrorCode::LevelTooLow),
            "presentation/internet-cafe (light) checked by a verifier whose policy requires upgraded.",
        )
        .issuer(issuer_pk)
        .min_level(Level::Upgraded),
    )?;
    let samr_digest = wangzheng::crypto::sha256(&[&samr_req]);
    let light_for_samr = sign_presentation(
        &zhang.credential,
        &zhang.items(&samr_attrs)?,
        Some(Binding {
            audience: SAMR_ID,
            nonce: &samr_nonce,
            request_digest: &samr_digest,
        }),
        PRESENTED,
        &zhang.device,
    )?;
    v.own(
        Case::new(
            "presentation/company-registration-light",
            Presentation,
            "presentation/company-registration-light.cbor",
            zhang_pk,
            NOW,
            Expect::Reject(ErrorCode::LevelTooLow),
            "Scenario 3 refused: 张三's light credential answers the company-registration request (which requires upgraded); built by hand, since a wallet refuses to.",
        )
        .issuer(issuer_pk)
        .request(&samr_path),
        light_for_samr,
    )?;
    v.push(
        Case::new(
            "presentation/missing-attribute",
            Presentation,
            &cafe_path,
            zhang_pk,
            NOW,
            Expect::Reject(ErrorCode::MissingAttribute),
            "presentation/internet-cafe (nothing disclosed) checked by a verifier whose policy requires full_name.",
        )
        .issuer(issuer_pk)
        .required(&[FullName]),
    )?;
    let mut minor_items = li.items(&[AgeOver(18)])?;
    for item in &mut minor_items {
        let d = Disclosure::from_bytes(&item.2)?;
        if d.value != AttributeValue::Bool(false) {
            return Err("李四's age_over_18 should be false".into());
        }
        item.2 = disclosure::encode_disclosure(d.salt, &d.id, &AttributeValue::Bool(true));
    }
    reject_own(
        &mut v,
        "presentation/minor-claims-adult",
        Presentation,
        li.device_key(),
        ErrorCode::DisclosureMismatch,
        sign_presentation(&li.credential, &minor_items, None, PRESENTED, &li.device)?,
        "presentation/age-over-18-minor with the disclosed age_over_18 changed to true and re-signed by 李四's own device: the signatures verify, the digest tree does not.",
    )?;
    let mut reversed = zhang.items(&[FullName, AgeOver(18)])?;
    reversed.reverse();
    reject_own(
        &mut v,
        "presentation/disclosures-out-of-order",
        Presentation,
        zhang_pk,
        ErrorCode::DisclosureMismatch,
        sign_presentation(&zhang.credential, &reversed, None, PRESENTED, &zhang.device)?,
        "presentation/age-name's two disclosures in descending leaf order, validly signed: disclosures must be in strictly ascending order.",
    )?;

    // --- rejects: request binding -------------------------------------------------------------
    let hotel_b_path = path("presentation_request/hotel-b")?;
    let renewed_path = path("presentation_request/hotel-renewed-nonce")?;
    let altered_path = path("presentation_request/hotel-altered")?;
    for (name, request_path, code, description) in [
        (
            "presentation/hotel-wrong-audience",
            &hotel_b_path,
            ErrorCode::AudienceMismatch,
            "presentation/hotel (made for hotel.example) offered to the other hotel in answer to presentation_request/hotel-b.",
        ),
        (
            "presentation/hotel-old-nonce",
            &renewed_path,
            ErrorCode::NonceMismatch,
            "presentation/hotel checked against the hotel's next request (same verifier id, another nonce): a replay.",
        ),
        (
            "presentation/hotel-altered-request",
            &altered_path,
            ErrorCode::RequestMismatch,
            "presentation/hotel checked against presentation_request/hotel-altered: same verifier id and nonce, another request digest.",
        ),
    ] {
        v.push(
            Case::new(
                name,
                Presentation,
                &hotel_pres_path,
                zhang_pk,
                NOW,
                Expect::Reject(code),
                description,
            )
            .issuer(issuer_pk)
            .request(request_path),
        )?;
    }
    v.push(
        Case::new(
            "presentation/hotel-as-qr",
            Presentation,
            &hotel_pres_path,
            zhang_pk,
            NOW,
            Expect::Reject(ErrorCode::AudienceMismatch),
            "presentation/hotel (bound to hotel.example's request) offered as a QR presentation to a verifier with no audience of its own.",
        )
        .issuer(issuer_pk),
    )?;
    v.push(
        Case::new(
            "presentation/qr-where-request-expected",
            Presentation,
            &age_name_path,
            zhang_pk,
            NOW,
            Expect::Reject(ErrorCode::NonceMismatch),
            "The QR presentation presentation/age-name offered where the hotel expects an answer to presentation_request/hotel: it carries no nonce.",
        )
        .issuer(issuer_pk)
        .request(&hotel_path),
    )?;

    let lifecycle = lifecycle::build(
        &mut v,
        &lifecycle::Format {
            zhang: &zhang,
            issuer_pk,
            cafe_path: &cafe_path,
            hotel_pres_path: &hotel_pres_path,
            hotel_path: &hotel_path,
        },
    )?;
    online::build(
        &mut v,
        online::Inputs {
            lifecycle,
            wang: &wang,
            issuer_pk,
            samr_path: &samr_path,
        },
    )?;

    v.check_all_files_used()?;
    Ok(v)
}

/// The nonce (key 3) of an issuance request's payload.
fn payload_nonce(issuance_request: &[u8]) -> Result<[u8; 16], BoxError> {
    Ok(wangzheng::IssuanceRequest::decode(issuance_request)?.nonce)
}
