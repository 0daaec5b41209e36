//! The online verification vectors (scenario 8): the verification requests terminals send to
//! the authority's service, and the receipts it answers with.
//!
//! They are acted out with a real [`VerificationService`]: it verifies presentations through
//! trust_list/with-service (which adds the service's receipt key to the current issuer keys)
//! with status_list/current loaded, finds holders in the lifecycle's [`Registry`], checks
//! passwords against an Argon2id record (with cheap parameters, [`PASSWORD_PARAMS`], so that
//! generation stays fast) and faces with [`Matcher`], a deterministic stand-in for the
//! authority's matcher. Every request is made with `VerificationRequest::create` on a nonce the
//! service handed out, and every receipt is the service's answer from
//! [`VerificationService::check`]. The service keeps state (used nonces, failure counters), so
//! the order of the requests below is part of the vectors.

use super::lifecycle::{
    CURRENT_FROM, CURRENT_UNTIL, Lifecycle, ROOT_SEED, TRUST_NEXT_UPDATE, accept_decoded,
};
use super::{
    Case, Expect, Holder, ISSUER_SEED, NOW, OTHER_DEVICE_SEED, PRESENTED, SAMR_ID,
    VERIFIER_SAMR_SEED, Vectors, flip_signature, okp_key, payload_of,
};
use crate::BoxError;
use crate::vectors::verify::{factor_str, trust_list_json};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::{Map, Value, json};
use wangzheng::cbor::Encoder;
use wangzheng::cose;
use wangzheng::crypto::sha256;
use wangzheng::{
    AttributeId, AuthMode, ErrorCode, FaceComparison, FaceEvidence, FaceMatcher, FactorResult,
    InMemoryPasswordStore, ObjectKind, PasswordParams, PasswordRecord, PersonKey, Policy,
    PublicKey, Registry, ServiceKeys, SigningKey, TrustList, TrustedIssuer, VerificationParams,
    VerificationRequest, VerificationService, Verifier,
};

/// The service's receipt-signing key (Ed25519).
pub(crate) const SERVICE_SEED: [u8; 32] = [0x41; 32];
/// The seed of the service's X25519 sealing key pair (RFC 9180 `DeriveKeyPair`; not Ed25519).
pub(crate) const SEALING_SEED: [u8; 32] = [0x42; 32];
/// The service's key of the relying-party-scoped identifiers (an HMAC key; not Ed25519).
pub(crate) const RP_SECRET: [u8; 32] = [0x43; 32];
/// The bank counter's terminal key.
pub(crate) const TERMINAL_BANK_SEED: [u8; 32] = [0x34; 32];

/// The service's nonces, in the order it hands them out.
pub(crate) const RNG_SERVICE_NONCES: u64 = 301;
/// The HPKE ephemeral keys of the sealed passwords, in the order the terminals seal them.
pub(crate) const RNG_SEALING: u64 = 302;
/// The salt of 赵敏's password record.
pub(crate) const RNG_PASSWORD_RECORD: u64 = 303;

/// Cheap Argon2id parameters (64 KiB, one pass, one lane), so that generation and the tests
/// stay fast; a real service uses `PasswordParams::default()` (19 MiB, two passes). The
/// parameters never reach the wire.
pub(crate) const PASSWORD_PARAMS: PasswordParams = PasswordParams {
    m_cost_kib: 64,
    t_cost: 1,
    p_cost: 1,
};
/// 赵敏's credential password, set when she upgraded her credential at a counter.
pub(crate) const ZHAO_PASSWORD: &str = "58203716";
/// What she types wrong.
pub(crate) const WRONG_PASSWORD: &str = "58203761";
/// What 孙强 types (he has no password record; his identity fails first anyway).
const SUN_PASSWORD: &str = "31415926";
/// Wrong passwords in a row that lock the factor: the service's default.
const MAX_FAILURES: u32 = wangzheng::service::DEFAULT_MAX_PASSWORD_FAILURES;

const BANK_ID: &str = "bank.example/counter-7";
const MEDIA_TYPE: &str = "image/jpeg";

/// A tiny stand-in for the live face image the bank counter captures: SOI, APP0 "JFIF", a
/// comment segment, EOI.
pub(crate) const FACE_LIVE: &[u8] = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xfe\x00\x0elive capture\xff\xd9";
/// Another person's face, in the same form.
pub(crate) const FACE_OTHER: &[u8] = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xfe\x00\x0esomeone else\xff\xd9";
/// The scores [`Matcher`] gives.
pub(crate) const MATCH_SCORE: u16 = 962;
pub(crate) const MISMATCH_SCORE: u16 = 118;

/// 2025-12-18T00:00:00Z: trust_list/with-service is issued (due with trust_list/current).
pub(crate) const SERVICE_LIST_ISSUED: u64 = NOW - 14 * 86_400;
/// The terminal fetches a service nonce.
pub(crate) const NONCE_ISSUED: u64 = NOW - 8;
/// The terminal captures the live face.
pub(crate) const FACE_CAPTURED: u64 = NOW - 7;
/// The terminal signs its verification request.
pub(crate) const ONLINE_REQUESTED: u64 = NOW - 6;
/// The service checks the request and signs its receipt.
pub(crate) const CHECKED: u64 = NOW - 4;

/// The online times, for the README.
pub(crate) const TIMES: &[(&str, u64)] = &[
    (
        "trust_list/with-service issued (2025-12-18; due 2026-02-01)",
        SERVICE_LIST_ISSUED,
    ),
    ("online: the terminal gets a service nonce", NONCE_ISSUED),
    ("online: the live face is captured", FACE_CAPTURED),
    (
        "online: the terminal signs the verification request",
        ONLINE_REQUESTED,
    ),
    (
        "online: the service checks it and signs the receipt (checked-at)",
        CHECKED,
    ),
];

/// The face matcher of the vectors: the live image matches (score 962), anything else does
/// not (score 118). Real matchers are outside the library.
pub(crate) struct Matcher;

impl FaceMatcher for Matcher {
    fn compare(&self, _person: &PersonKey, image: &[u8]) -> FaceComparison {
        if image == FACE_LIVE {
            FaceComparison {
                score: MATCH_SCORE,
                matched: true,
            }
        } else {
            FaceComparison {
                score: MISMATCH_SCORE,
                matched: false,
            }
        }
    }
}

/// What the online cases take over from the format and lifecycle cases.
pub(super) struct Inputs<'a> {
    pub lifecycle: Lifecycle,
    /// 王芳 (upgraded, no status reference: the service's directory does not know her).
    pub wang: &'a Holder,
    pub issuer_pk: [u8; 32],
    /// presentation_request/company-registration.
    pub samr_path: &'a str,
}

type Service = VerificationService<InMemoryPasswordStore, Matcher, Registry>;

/// A terminal: its key and verifier id.
struct Terminal {
    key: SigningKey,
    verifier_id: &'static str,
}

/// One verification request to make.
struct Ask<'a> {
    terminal: &'a Terminal,
    presentation: Vec<u8>,
    /// The presentation request (a file) an interactive presentation answers.
    presentation_request: Option<&'a str>,
    mode: AuthMode,
    password: Option<&'a str>,
    face: Option<&'a [u8]>,
    release: &'a [AttributeId<'static>],
}

/// A request made and answered.
struct Answered {
    request: Vec<u8>,
    /// The request's `decoded`, from what was asked (not from the bytes).
    decoded: Value,
    receipt: Vec<u8>,
}

/// The service, the terminals' randomness, and the files.
struct Online<'v> {
    v: &'v mut Vectors,
    service: Service,
    nonces: ChaCha20Rng,
    sealing: ChaCha20Rng,
}

impl Online<'_> {
    /// Gets a nonce, makes and signs the request with `VerificationRequest::create`, and has the
    /// service answer it at [`CHECKED`] (with `image` beside it).
    fn ask(&mut self, ask: &Ask<'_>, image: Option<&[u8]>) -> Result<Answered, BoxError> {
        let nonce = self.service.new_nonce(&mut self.nonces, NONCE_ISSUED);
        let presentation_request = match ask.presentation_request {
            Some(path) => Some(
                self.v
                    .files
                    .get(path)
                    .ok_or_else(|| format!("no generated file {path}"))?
                    .clone(),
            ),
            None => None,
        };
        let face = ask
            .face
            .map(|img| FaceEvidence::for_image(img, FACE_CAPTURED, MEDIA_TYPE));
        let params = VerificationParams {
            presentation: &ask.presentation,
            presentation_request: presentation_request.as_deref(),
            verifier_id: ask.terminal.verifier_id,
            service_nonce: nonce,
            mode: ask.mode,
            password: ask.password,
            face,
            release: ask.release,
            now: ONLINE_REQUESTED,
        };
        let request = VerificationRequest::create(
            &params,
            &self.service.sealing_key(),
            &ask.terminal.key,
            &mut self.sealing,
        )?;
        let mut decoded = json!({
            "verifier_id": ask.terminal.verifier_id,
            "service_nonce": hex::encode(nonce),
            "mode": ask.mode as u8,
            "created_at": ONLINE_REQUESTED,
            "terminal_key": hex::encode(ask.terminal.key.public_key_bytes()),
            "release": ask.release.iter().map(|a| a.name().into_owned()).collect::<Vec<_>>(),
        });
        if let Some(img) = ask.face {
            decoded["face"] = json!({
                "image_digest": hex::encode(sha256(&[img])),
                "captured_at": FACE_CAPTURED,
                "media_type": MEDIA_TYPE,
            });
        }
        if let Some(path) = ask.presentation_request {
            decoded["presentation_request"] = Value::from(path);
        }
        let receipt = self.service.check(&request, image, CHECKED)?;
        Ok(Answered {
            request,
            decoded,
            receipt,
        })
    }
}

/// A receipt's `decoded`: the factor results, and what comes with a passed identity factor.
struct Factors<'a> {
    verifier_id: &'a str,
    identity: FactorResult,
    password: FactorResult,
    face: FactorResult,
    /// The holder, when identity passed: level, person key, and the released attributes.
    holder: Option<(&'a Holder, &'a [AttributeId<'static>])>,
    face_score: Option<u16>,
}

/// An accepted receipt case: the answered request (its file, and its face image) and the
/// factor results it must report.
struct ReceiptCase<'a> {
    name: &'a str,
    answered: &'a Answered,
    request: &'a str,
    face: Option<&'a str>,
    factors: Factors<'a>,
    description: &'a str,
}

fn receipt_decoded(service: &Service, f: &Factors<'_>) -> Result<Value, BoxError> {
    let mut out = json!({
        "verifier_id": f.verifier_id,
        "checked_at": CHECKED,
        "identity": factor_str(f.identity),
        "password": factor_str(f.password),
        "face": factor_str(f.face),
    });
    if let Some((holder, release)) = f.holder {
        out["level"] = Value::from(holder.level.as_str());
        let person = PersonKey::from_id_number(&holder.person.id_number);
        out["rp_id"] = Value::from(hex::encode(service.rp_id(&person, f.verifier_id)));
        if !release.is_empty() {
            let released: Map<String, Value> = holder.disclosed(release)?.into_iter().collect();
            out["released"] = Value::Object(released);
        }
    }
    if let Some(score) = f.face_score {
        out["face_score"] = Value::from(score);
    }
    Ok(out)
}

/// A verification-request payload written by hand (for the requests `create` refuses to make):
/// no sealed password, no face evidence, no presentation request, nothing released.
fn bare_request_payload(
    presentation: &[u8],
    verifier_id: &str,
    nonce: &[u8; 16],
    mode: u64,
    created_at: u64,
    terminal: &[u8; 32],
) -> Vec<u8> {
    let mut e = Encoder::new();
    e.map(7)
        .uint(1)
        .bytes(presentation)
        .uint(2)
        .text(verifier_id)
        .uint(3)
        .bytes(nonce)
        .uint(4)
        .uint(mode)
        .uint(7)
        .uint(created_at)
        .uint(8);
    okp_key(&mut e, terminal);
    e.uint(10).array(0);
    e.into_bytes()
}

/// Builds the online verification vectors and cases.
///
/// # Errors
///
/// When the library refuses to build one of them, or the service answers otherwise than the
/// cases describe.
pub(super) fn build(v: &mut Vectors, inputs: Inputs<'_>) -> Result<(), BoxError> {
    use AttributeId::{FullName, IdNumber};
    use FactorResult::{Failed, NotPerformed, Ok as Passed};
    use ObjectKind::{Receipt, VerificationRequest as Request};

    let Inputs {
        lifecycle,
        wang,
        issuer_pk,
        samr_path,
    } = inputs;
    let zhao = &lifecycle.zhao_b;
    let sun = &lifecycle.sun;
    let root = SigningKey::from_seed(&ROOT_SEED);
    let root_pk = root.public_key_bytes();
    let service_key = SigningKey::from_seed(&SERVICE_SEED);
    let service_pk = service_key.public_key_bytes();

    // --- the trust list that names the service's receipt key ----------------------------------
    let mut entries = lifecycle.entries.clone();
    entries.push(TrustedIssuer {
        key: PublicKey::from_bytes(&service_pk)?,
        valid_from: CURRENT_FROM,
        valid_until: CURRENT_UNTIL,
        // A receipt-only key issues no credentials, so it has no levels.
        levels: vec![],
        kinds: vec![Receipt],
    });
    entries.sort_by_key(|e| e.key.key_id());
    let trust = TrustList::sign(&root, 3, SERVICE_LIST_ISSUED, TRUST_NEXT_UPDATE, &entries)?;
    let tl = v.own(
        Case::new(
            "trust_list/with-service",
            ObjectKind::TrustList,
            "trust_list/with-service.cbor",
            root_pk,
            NOW,
            accept_decoded(trust_list_json(&TrustList {
                sequence: 3,
                issued_at: SERVICE_LIST_ISSUED,
                next_update: TRUST_NEXT_UPDATE,
                issuers: entries.clone(),
            })),
            "The trust list of terminals that check online (sequence 3, issued 2025-12-18, due 2026-02-01): trust_list/current's two issuer keys, and the verification service's key (2025-11-01 – 2026-11-01), which may sign receipts only.",
        )
        .root(root_pk),
        trust.clone(),
    )?;

    // --- the service ----------------------------------------------------------------------------
    let mut verifier =
        Verifier::with_trust_list(Policy::default(), PublicKey::from_bytes(&root_pk)?, &trust)?;
    let status_list = v
        .files
        .get(&lifecycle.status_list)
        .ok_or("no status_list/current")?;
    verifier.update_status_list(status_list, CHECKED)?;
    let mut passwords = InMemoryPasswordStore::new();
    passwords.set(
        PersonKey::from_id_number(&zhao.person.id_number),
        PasswordRecord::new(
            ZHAO_PASSWORD,
            PASSWORD_PARAMS,
            &mut ChaCha20Rng::seed_from_u64(RNG_PASSWORD_RECORD),
        )?,
    );
    let keys = ServiceKeys {
        signing: service_key,
        // `to_seed` hands the seed back in the zeroizing container `ServiceKeys` wants.
        sealing_seed: SigningKey::from_seed(&SEALING_SEED).to_seed(),
        rp_secret: SigningKey::from_seed(&RP_SECRET).to_seed(),
    };
    let service = VerificationService::new(verifier, keys, passwords, Matcher, lifecycle.registry)
        .with_max_password_failures(MAX_FAILURES);
    let mut o = Online {
        v,
        service,
        nonces: ChaCha20Rng::seed_from_u64(RNG_SERVICE_NONCES),
        sealing: ChaCha20Rng::seed_from_u64(RNG_SEALING),
    };
    let bank = Terminal {
        key: SigningKey::from_seed(&TERMINAL_BANK_SEED),
        verifier_id: BANK_ID,
    };
    let samr = Terminal {
        key: SigningKey::from_seed(&VERIFIER_SAMR_SEED),
        verifier_id: SAMR_ID,
    };
    let face_live = o.v.asset("online/face-live.jpg", FACE_LIVE.to_vec())?;
    let face_other = o.v.asset("online/face-other.jpg", FACE_OTHER.to_vec())?;
    let qr = |holder: &Holder| holder.wallet.present(&[], PRESENTED);

    // --- the requests, in the order the service sees them -------------------------------------
    // Scenario 8: 赵敏 at the bank counter, with her password and a live face.
    let all_ok = o.ask(
        &Ask {
            terminal: &bank,
            presentation: qr(zhao)?,
            presentation_request: None,
            mode: AuthMode::CredentialPasswordFace,
            password: Some(ZHAO_PASSWORD),
            face: Some(FACE_LIVE),
            release: &[],
        },
        Some(FACE_LIVE),
    )?;
    // Company registration: the counter forwards her answer to its request, with her password,
    // and asks the service to vouch for her name and ID number.
    let released = [FullName, IdNumber];
    let answer = zhao.wallet.respond(
        o.v.files
            .get(samr_path)
            .ok_or("no generated samr request")?,
        PRESENTED,
    )?;
    let company = o.ask(
        &Ask {
            terminal: &samr,
            presentation: answer,
            presentation_request: Some(samr_path),
            mode: AuthMode::CredentialPassword,
            password: Some(ZHAO_PASSWORD),
            face: None,
            release: &released,
        },
        None,
    )?;
    // A wrong password, then wrong again until the factor locks.
    let wrong_ask = Ask {
        terminal: &bank,
        presentation: qr(zhao)?,
        presentation_request: None,
        mode: AuthMode::CredentialPassword,
        password: Some(WRONG_PASSWORD),
        face: None,
        release: &[],
    };
    let wrong = o.ask(&wrong_ask, None)?;
    let terminal_verifier =
        Verifier::with_trust_list(Policy::default(), PublicKey::from_bytes(&root_pk)?, &trust)?;
    for _ in 1..MAX_FAILURES {
        let again = o.ask(&wrong_ask, None)?;
        let receipt = terminal_verifier.verify_receipt(&again.receipt, &again.request, NOW)?;
        if receipt.password != Failed(ErrorCode::PasswordWrong) {
            return Err("a wrong password before the limit is not password_wrong".into());
        }
    }
    let locked = o.ask(
        &Ask {
            password: Some(ZHAO_PASSWORD),
            ..wrong_ask
        },
        None,
    )?;
    // A live face the matcher refuses (its digest is in the signed request).
    let face_mismatch = o.ask(
        &Ask {
            terminal: &bank,
            presentation: qr(zhao)?,
            presentation_request: None,
            mode: AuthMode::CredentialFace,
            password: None,
            face: Some(FACE_OTHER),
            release: &[],
        },
        Some(FACE_OTHER),
    )?;
    // Scenario 7 meets scenario 8: 孙强's revoked credential.
    let revoked = o.ask(
        &Ask {
            terminal: &bank,
            presentation: qr(sun)?,
            presentation_request: None,
            mode: AuthMode::CredentialPasswordFace,
            password: Some(SUN_PASSWORD),
            face: Some(FACE_LIVE),
            release: &[],
        },
        Some(FACE_LIVE),
    )?;
    // 王芳's credential names no status entry: the directory cannot find its holder.
    let unknown = o.ask(
        &Ask {
            terminal: &bank,
            presentation: qr(wang)?,
            presentation_request: None,
            mode: AuthMode::Credential,
            password: None,
            face: None,
            release: &[],
        },
        None,
    )?;

    // Nothing personal in clear: no request carries a password, and only the receipt that was
    // asked to release them carries a name or an ID number.
    for answered in [
        &all_ok,
        &company,
        &wrong,
        &locked,
        &face_mismatch,
        &revoked,
        &unknown,
    ] {
        let holds = |bytes: &[u8], secret: &str| {
            bytes.windows(secret.len()).any(|w| w == secret.as_bytes())
        };
        if [ZHAO_PASSWORD, WRONG_PASSWORD, SUN_PASSWORD]
            .iter()
            .any(|p| holds(&answered.request, p))
        {
            return Err("a verification request carries a password in clear".into());
        }
        let personal = [zhao, sun, wang].into_iter().any(|h| {
            holds(&answered.receipt, &h.person.full_name)
                || holds(&answered.receipt, &h.person.id_number)
        });
        if personal != std::ptr::eq(answered, &company) {
            return Err("a receipt carries a name or ID number it was not asked to release".into());
        }
    }

    // --- verification requests ----------------------------------------------------------------
    let bank_pk = bank.key.public_key_bytes();
    let request_cases: [(&str, &Answered, &Terminal, Option<&str>, &str); 7] = [
        (
            "verification_request/password-face",
            &all_ok,
            &bank,
            Some(&face_live),
            "Scenario 8: the bank counter forwards 赵敏's QR presentation (nothing disclosed) in mode 4, with her password sealed to the service and the digest of online/face-live.jpg.",
        ),
        (
            "verification_request/company-registration",
            &company,
            &samr,
            None,
            "The company registration counter forwards 赵敏's answer to presentation_request/company-registration (embedded in key 9) in mode 2 with her sealed password, asking the service to vouch for full_name and id_number.",
        ),
        (
            "verification_request/password-wrong",
            &wrong,
            &bank,
            None,
            "The bank counter forwards 赵敏's QR presentation in mode 2 with a wrong password sealed to the service.",
        ),
        (
            "verification_request/password-locked",
            &locked,
            &bank,
            None,
            "The bank counter's request after five wrong passwords in a row: mode 2, this time with 赵敏's correct password.",
        ),
        (
            "verification_request/face",
            &face_mismatch,
            &bank,
            Some(&face_other),
            "The bank counter forwards 赵敏's QR presentation in mode 3 with the digest of online/face-other.jpg (someone else's face).",
        ),
        (
            "verification_request/revoked",
            &revoked,
            &bank,
            Some(&face_live),
            "The bank counter forwards 孙强's QR presentation in mode 4 with a password and a live face, after he reported his card lost.",
        ),
        (
            "verification_request/unknown-credential",
            &unknown,
            &bank,
            None,
            "The bank counter forwards 王芳's QR presentation in mode 1 (the credential alone); her credential names no status entry.",
        ),
    ];
    let mut request_paths = Vec::new();
    for (name, answered, terminal, face, description) in request_cases {
        let mut case = Case::new(
            name,
            Request,
            &format!("{name}.cbor"),
            terminal.key.public_key_bytes(),
            NOW,
            accept_decoded(answered.decoded.clone()),
            description,
        );
        if let Some(face) = face {
            case = case.face_image(face);
        }
        request_paths.push(o.v.own(case, answered.request.clone())?);
    }
    let [
        all_ok_req,
        company_req,
        wrong_req,
        locked_req,
        face_req,
        revoked_req,
        unknown_req,
    ] = <[String; 7]>::try_from(request_paths).map_err(|_| "seven requests")?;
    o.v.own(
        Case::new(
            "verification_request/bad-signature",
            Request,
            "verification_request/bad-signature.cbor",
            bank_pk,
            NOW,
            Expect::Reject(ErrorCode::BadSignature),
            "verification_request/password-face with one bit of the terminal's signature flipped.",
        ),
        flip_signature(&all_ok.request),
    )?;
    let other = SigningKey::from_seed(&OTHER_DEVICE_SEED);
    o.v.own(
        Case::new(
            "verification_request/device-key-mismatch",
            Request,
            "verification_request/device-key-mismatch.cbor",
            other.public_key_bytes(),
            NOW,
            Expect::Reject(ErrorCode::DeviceKeyMismatch),
            "verification_request/password-face's payload, naming the bank terminal's key, signed by another key (whose key id the header names).",
        ),
        cose::sign(Request, &payload_of(&all_ok.request, Request)?, &other)?,
    )?;
    // The hand-built encoder reproduces the unknown-credential request exactly in mode 1...
    let parsed = VerificationRequest::decode(&unknown.request)?;
    let bare = |mode| {
        bare_request_payload(
            parsed.presentation,
            parsed.verifier_id,
            parsed.service_nonce,
            mode,
            parsed.created_at,
            &bank_pk,
        )
    };
    if cose::sign(Request, &bare(1), &bank.key)? != unknown.request {
        return Err("the hand-built verification request differs from create's".into());
    }
    // ...and in mode 2 it lacks the sealed password the mode needs.
    o.v.own(
        Case::new(
            "verification_request/mode-without-password",
            Request,
            "verification_request/mode-without-password.cbor",
            bank_pk,
            NOW,
            Expect::Reject(ErrorCode::Malformed),
            "verification_request/unknown-credential with its mode changed to 2 (credential + password), validly signed by the terminal: it carries no sealed password (built by hand; `create` refuses).",
        ),
        cose::sign(Request, &bare(2), &bank.key)?,
    )?;

    // --- receipts -------------------------------------------------------------------------------
    let receipt_cases = [
        ReceiptCase {
            name: "receipt/all-ok",
            answered: &all_ok,
            request: &all_ok_req,
            face: Some(&face_live),
            factors: Factors {
                verifier_id: BANK_ID,
                identity: Passed,
                password: Passed,
                face: Passed,
                holder: Some((zhao, &[])),
                face_score: Some(MATCH_SCORE),
            },
            description: "Scenario 8: the service's answer to verification_request/password-face: identity, password and face ok, level upgraded, face score 962, and 赵敏's identifier at bank.example; no name, no ID number.",
        },
        ReceiptCase {
            name: "receipt/released",
            answered: &company,
            request: &company_req,
            face: None,
            factors: Factors {
                verifier_id: SAMR_ID,
                identity: Passed,
                password: Passed,
                face: NotPerformed,
                holder: Some((zhao, &released)),
                face_score: None,
            },
            description: "The answer to verification_request/company-registration: identity and password ok, and the service vouches for 赵敏's full_name and id_number (the disclosures of her presentation).",
        },
        ReceiptCase {
            name: "receipt/password-wrong",
            answered: &wrong,
            request: &wrong_req,
            face: None,
            factors: Factors {
                verifier_id: BANK_ID,
                identity: Passed,
                password: Failed(ErrorCode::PasswordWrong),
                face: NotPerformed,
                holder: Some((zhao, &[])),
                face_score: None,
            },
            description: "The answer to verification_request/password-wrong: identity ok, password failed with password_wrong (the first wrong password in a row).",
        },
        ReceiptCase {
            name: "receipt/password-locked",
            answered: &locked,
            request: &locked_req,
            face: None,
            factors: Factors {
                verifier_id: BANK_ID,
                identity: Passed,
                password: Failed(ErrorCode::PasswordLocked),
                face: NotPerformed,
                holder: Some((zhao, &[])),
                face_score: None,
            },
            description: "The answer to verification_request/password-locked: after five wrong passwords in a row the factor is locked (password_locked), and even the correct password is not checked.",
        },
        ReceiptCase {
            name: "receipt/face-mismatch",
            answered: &face_mismatch,
            request: &face_req,
            face: Some(&face_other),
            factors: Factors {
                verifier_id: BANK_ID,
                identity: Passed,
                password: NotPerformed,
                face: Failed(ErrorCode::FaceMismatch),
                holder: Some((zhao, &[])),
                face_score: Some(MISMATCH_SCORE),
            },
            description: "The answer to verification_request/face: the image hashes to the signed evidence, but the matcher refuses it (face_mismatch, score 118).",
        },
        ReceiptCase {
            name: "receipt/revoked",
            answered: &revoked,
            request: &revoked_req,
            face: Some(&face_live),
            factors: Factors {
                verifier_id: BANK_ID,
                identity: Failed(ErrorCode::Revoked),
                password: NotPerformed,
                face: NotPerformed,
                holder: None,
                face_score: None,
            },
            description: "The answer to verification_request/revoked: identity failed (revoked, status_list/current), so password and face are not performed, and there is no level and no identifier.",
        },
        ReceiptCase {
            name: "receipt/unknown-credential",
            answered: &unknown,
            request: &unknown_req,
            face: None,
            factors: Factors {
                verifier_id: BANK_ID,
                identity: Failed(ErrorCode::UnknownCredential),
                password: NotPerformed,
                face: NotPerformed,
                holder: None,
                face_score: None,
            },
            description: "The answer to verification_request/unknown-credential: the presentation verifies, but the service's directory knows no holder for a credential without a status entry (unknown_credential).",
        },
    ];
    let mut all_ok_path = None;
    for c in &receipt_cases {
        let mut case = Case::new(
            c.name,
            Receipt,
            &format!("{}.cbor", c.name),
            service_pk,
            NOW,
            accept_decoded(receipt_decoded(&o.service, &c.factors)?),
            c.description,
        )
        .trusting(root_pk, &tl)
        .verification_request(c.request);
        if let Some(face) = c.face {
            case = case.face_image(face);
        }
        let path = o.v.own(case, c.answered.receipt.clone())?;
        if c.name == "receipt/all-ok" {
            all_ok_path = Some(path);
        }
    }
    let all_ok_path = all_ok_path.ok_or("no receipt/all-ok")?;
    let v = o.v;
    let on_all_ok = |name: &str, now: u64, code: ErrorCode, request: &str, description: &str| {
        Case::new(
            name,
            Receipt,
            &all_ok_path,
            service_pk,
            now,
            Expect::Reject(code),
            description,
        )
        .trusting(root_pk, &tl)
        .verification_request(request)
    };
    v.push(on_all_ok(
        "receipt/mismatch",
        NOW,
        ErrorCode::ReceiptMismatch,
        &wrong_req,
        "receipt/all-ok checked against verification_request/password-wrong, another request of the same terminal: the digest in the receipt names the request it answers.",
    ))?;
    v.push(on_all_ok(
        "receipt/stale",
        CHECKED + 121,
        ErrorCode::StalePresentation,
        &all_ok_req,
        "receipt/all-ok checked 121 s after the service signed it; the default policy accepts 120 s.",
    ))?;
    v.push(on_all_ok(
        "receipt/not-yet-valid",
        NOW - 60,
        ErrorCode::NotYetValid,
        &all_ok_req,
        "receipt/all-ok checked a minute before `now`: its checked-at lies 56 s ahead, beyond the 30 s clock skew.",
    ))?;
    v.own(
        Case::new(
            "receipt/bad-signature",
            Receipt,
            "receipt/bad-signature.cbor",
            service_pk,
            NOW,
            Expect::Reject(ErrorCode::BadSignature),
            "receipt/all-ok with one bit of the service's signature flipped.",
        )
        .trusting(root_pk, &tl)
        .verification_request(&all_ok_req),
        flip_signature(&all_ok.receipt),
    )?;
    let issuer_key = SigningKey::from_seed(&ISSUER_SEED);
    if issuer_key.public_key_bytes() != issuer_pk {
        return Err("the issuer key differs from the format cases' issuer".into());
    }
    v.own(
        Case::new(
            "receipt/unknown-issuer",
            Receipt,
            "receipt/unknown-issuer.cbor",
            issuer_pk,
            NOW,
            Expect::Reject(ErrorCode::UnknownIssuer),
            "receipt/all-ok's content signed with the issuer key, which trust_list/with-service allows to sign credentials and status lists but not receipts.",
        )
        .trusting(root_pk, &tl)
        .verification_request(&all_ok_req),
        cose::sign(Receipt, &payload_of(&all_ok.receipt, Receipt)?, &issuer_key)?,
    )?;
    Ok(())
}
