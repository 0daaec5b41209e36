//! Runs one case through the library, exactly as `core/tests/vectors.rs` does, and compares
//! the outcome with what the case claims.

use super::Files;
use super::cases::{Case, Expect, Kind};
use crate::BoxError;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use wangzheng::cose::Sign1;
use wangzheng::crypto::sha256;
use wangzheng::{
    AttributeValue, CredentialStatus, ErrorCode, FactorResult, IssuanceRequest, KeyId, Level,
    ObjectKind, Policy, PresentationRequest, PublicKey, Receipt, ReplayCache, Sex, StatusCheck,
    StatusList, StorageKey, TrustList, VerificationRequest, Verifier, Wallet,
};

/// What an accepted case yielded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// The credential's level (credentials and presentations).
    pub level: Option<Level>,
    /// The disclosed attributes (presentations): name → JSON value.
    pub disclosed: Option<BTreeMap<String, Value>>,
    /// The status check (credentials and presentations), `None` when the credential names no
    /// status list ([`StatusCheck::NotPublished`]).
    pub status_check: Option<StatusCheck>,
    /// The decoded content (trust lists, status lists, wallet stores).
    pub decoded: Option<Value>,
    /// The size of the object in bytes.
    pub size: usize,
}

/// The capacity of the replay cache of `replay` cases (any capacity of at least 1 decides the
/// same for two verifications).
const REPLAY_CACHE_CAPACITY: usize = 16;

/// The JSON form of a disclosed value, as the manifest documents it.
///
/// # Errors
///
/// For a value type this generator does not know (the enum is non-exhaustive).
pub(crate) fn value_json(value: &AttributeValue<'_>) -> Result<Value, BoxError> {
    Ok(match *value {
        AttributeValue::Text(s) => Value::from(s),
        AttributeValue::Sex(Sex::Male) => Value::from("male"),
        AttributeValue::Sex(Sex::Female) => Value::from("female"),
        AttributeValue::Ethnicity(code) => Value::from(code),
        AttributeValue::Date(d) => Value::from(d.to_string()),
        AttributeValue::CardValidity(v) => json!({
            "from": v.from.to_string(),
            "until": v.until.map(|u| u.to_string()),
        }),
        AttributeValue::Portrait(b) | AttributeValue::Bytes(b) => Value::from(hex::encode(b)),
        AttributeValue::Bool(b) => Value::from(b),
        AttributeValue::Int(i) => Value::from(i),
        _ => return Err("an attribute value type the vector generator does not know".into()),
    })
}

/// The manifest name of a status check (`not_published` is never written: the field is then
/// absent).
pub(crate) fn status_check_str(check: StatusCheck) -> &'static str {
    match check {
        StatusCheck::Good => "good",
        StatusCheck::NotPublished => "not_published",
        StatusCheck::Undetermined => "undetermined",
    }
}

/// The manifest form of a receipt's factor result: `ok`, `failed:<error code>` or
/// `not_performed`.
pub(crate) fn factor_str(result: FactorResult) -> String {
    match result {
        FactorResult::Ok => "ok".into(),
        FactorResult::Failed(code) => format!("failed:{code}"),
        FactorResult::NotPerformed => "not_performed".into(),
    }
}

/// The error codes that an accepted receipt's `decoded` names as factor failures.
pub(crate) fn factor_failures(decoded: &Value) -> impl Iterator<Item = &str> {
    ["identity", "password", "face"]
        .into_iter()
        .filter_map(|f| decoded.get(f)?.as_str()?.strip_prefix("failed:"))
}

/// The `decoded` form of a verified receipt.
///
/// # Errors
///
/// For a released value type this generator does not know.
pub(crate) fn receipt_json(r: &Receipt<'_>) -> Result<Value, BoxError> {
    let mut out = json!({
        "verifier_id": r.verifier_id,
        "checked_at": r.checked_at,
        "identity": factor_str(r.identity),
        "password": factor_str(r.password),
        "face": factor_str(r.face),
    });
    if let Some(level) = r.level {
        out["level"] = Value::from(level.as_str());
    }
    if let Some(score) = r.face_score {
        out["face_score"] = Value::from(score);
    }
    if let Some(id) = r.rp_id {
        out["rp_id"] = Value::from(hex::encode(id));
    }
    let mut released = Map::new();
    for a in r.released() {
        released.insert(a.id.name().into_owned(), value_json(&a.value)?);
    }
    if !released.is_empty() {
        out["released"] = Value::Object(released);
    }
    Ok(out)
}

/// The `decoded` form of a verification request; the embedded presentation request is named
/// by its vector file (its hex when no file holds it).
pub(crate) fn verification_request_json(r: &VerificationRequest<'_>, files: &Files) -> Value {
    let mut out = json!({
        "verifier_id": r.verifier_id,
        "service_nonce": hex::encode(r.service_nonce),
        "mode": r.mode as u8,
        "created_at": r.created_at,
        "terminal_key": hex::encode(r.terminal_key.as_bytes()),
        "release": r.release().map(|a| a.name().into_owned()).collect::<Vec<_>>(),
    });
    if let Some(f) = &r.face {
        out["face"] = json!({
            "image_digest": hex::encode(f.image_digest),
            "captured_at": f.captured_at,
            "media_type": f.media_type,
        });
    }
    if let Some(pr) = r.presentation_request {
        out["presentation_request"] = files
            .iter()
            .find(|(p, b)| p.starts_with("presentation_request/") && b.as_slice() == pr)
            .map_or_else(
                || Value::from(hex::encode(pr)),
                |(p, _)| Value::from(p.as_str()),
            );
    }
    out
}

/// Checks that `face_image` is the image whose digest the request's face evidence carries (and
/// is given in every accepted case whose request has face evidence).
fn check_face_image(
    case: &Case,
    files: &Files,
    request: &VerificationRequest<'_>,
) -> Result<(), BoxError> {
    match (&case.face_image, &request.face) {
        (Some(path), Some(evidence)) => {
            if sha256(&[file(files, path)?]) != evidence.image_digest {
                return Err(format!("{path} does not hash to the request's face evidence").into());
            }
        }
        (Some(_), None) => return Err("face_image, but the request has no face evidence".into()),
        (None, Some(_)) if matches!(case.expect, Expect::Accept { .. }) => {
            return Err("an accepted case whose request has face evidence needs face_image".into());
        }
        (None, Some(_)) => {}
        (None, None) => {}
    }
    Ok(())
}

/// The `decoded` form of a trust list: sequence, times, and the issuers in list order.
pub(crate) fn trust_list_json(list: &TrustList) -> Value {
    let issuers: Vec<Value> = list
        .issuers
        .iter()
        .map(|i| {
            json!({
                "public_key": hex::encode(i.key.as_bytes()),
                "valid_from": i.valid_from,
                "valid_until": i.valid_until,
                "levels": i.levels.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
                "kinds": i.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "sequence": list.sequence,
        "issued_at": list.issued_at,
        "next_update": list.next_update,
        "issuers": issuers,
    })
}

/// The `decoded` form of a status list: id, times, entry count, and every entry that is not
/// good (index as a decimal string → state).
pub(crate) fn status_list_json(
    list_id: u32,
    issued_at: u64,
    next_update: u64,
    count: u32,
    not_good: &BTreeMap<u32, CredentialStatus>,
) -> Value {
    let entries: Map<String, Value> = not_good
        .iter()
        .map(|(i, s)| (i.to_string(), Value::from(s.as_str())))
        .collect();
    json!({
        "list_id": list_id,
        "issued_at": issued_at,
        "next_update": next_update,
        "count": count,
        "not_good": entries,
    })
}

fn decoded_status_list(list: &StatusList) -> Value {
    let not_good: BTreeMap<u32, CredentialStatus> = (0..list.len())
        .filter_map(|i| list.get(i).map(|s| (i, s)))
        .filter(|(_, s)| *s != CredentialStatus::Good)
        .collect();
    status_list_json(
        list.list_id,
        list.issued_at,
        list.next_update,
        list.len(),
        &not_good,
    )
}

/// The policy a case is verified under.
pub(crate) fn policy(case: &Case) -> Policy {
    Policy {
        min_level: case.policy.min_level,
        required: case.policy.required.clone(),
        audience: case.policy.audience.clone(),
        undetermined_status: case.policy.undetermined_status,
        accept_stale_trust_list: case.policy.accept_stale_trust_list,
        ..Policy::default()
    }
}

fn file<'f>(files: &'f Files, path: &str) -> Result<&'f [u8], BoxError> {
    files
        .get(path)
        .map(Vec::as_slice)
        .ok_or_else(|| format!("no generated file {path}").into())
}

/// Unwraps a library result inside [`run`]: a library error is the case's verdict.
macro_rules! verdict {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        }
    };
}

/// The verifier of a credential, presentation or status list case: the root key and trust
/// list, or the pinned issuer key; then every status list loaded in order. A library error on
/// the way is the case's verdict.
fn verifier(case: &Case, files: &Files) -> Result<Result<Verifier, wangzheng::Error>, BoxError> {
    let mut verifier = match (&case.root, &case.trust_list, &case.issuer) {
        (Some(root), Some(list), None) => verdict!(Verifier::with_trust_list(
            policy(case),
            PublicKey::from_bytes(root)?,
            file(files, list)?
        )),
        (None, None, Some(key)) => {
            Verifier::new(policy(case)).with_issuer_key(PublicKey::from_bytes(key)?)
        }
        _ => {
            return Err(
                "needs issuer_public_key, or root_public_key and trust_list (not both)".into(),
            );
        }
    };
    for path in &case.status_lists {
        verdict!(verifier.update_status_list(file(files, path)?, case.now));
    }
    Ok(Ok(verifier))
}

/// `None` for [`StatusCheck::NotPublished`], as the manifest writes it.
fn published(check: StatusCheck) -> Option<StatusCheck> {
    (check != StatusCheck::NotPublished).then_some(check)
}

/// Runs the library on a case. The outer `Result` is a problem of the generator itself (a
/// missing file, a request that does not decode); the inner one is the library's verdict.
fn run(case: &Case, files: &Files) -> Result<Result<Outcome, wangzheng::Error>, BoxError> {
    let bytes = file(files, &case.file)?;
    let now = case.now;
    let mut out = Outcome {
        level: None,
        disclosed: None,
        status_check: None,
        decoded: None,
        size: bytes.len(),
    };
    let kind = match case.kind {
        Kind::Object(kind) => kind,
        Kind::WalletStore => {
            let key = case
                .storage_key
                .ok_or("a wallet store case needs storage_key")?;
            let wallet = verdict!(Wallet::restore(bytes, &StorageKey::from_bytes(key)));
            if wallet.signer().public_key_bytes() != case.signer {
                return Err("the restored wallet's device key is not signer_public_key".into());
            }
            let mut held = Vec::new();
            for c in wallet.credentials() {
                let path = files
                    .iter()
                    .find(|(p, b)| {
                        p.starts_with("credential/") && b.as_slice() == c.credential_bytes()
                    })
                    .map(|(p, _)| p.clone())
                    .ok_or("the wallet store holds a credential that is no vector file")?;
                held.push(path);
            }
            out.decoded = Some(json!({ "credentials": held }));
            return Ok(Ok(out));
        }
    };
    match kind {
        ObjectKind::Credential => {
            let verifier = verdict!(verifier(case, files)?);
            let c = verdict!(verifier.verify_credential(bytes, now));
            let check = verdict!(verifier.check_status(c.claims.status, now));
            out.level = Some(c.claims.level);
            out.status_check = published(check);
        }
        ObjectKind::Presentation => {
            let verifier = verdict!(verifier(case, files)?);
            let request_bytes = match &case.request {
                Some(path) => Some(file(files, path)?),
                None => None,
            };
            let request = match request_bytes {
                Some(b) => Some(
                    PresentationRequest::decode(b)
                        .map_err(|e| format!("request {:?} does not decode: {e}", case.request))?,
                ),
                None => None,
            };
            let mut cache = ReplayCache::new(REPLAY_CACHE_CAPACITY, 0);
            let rounds = if case.replay { 2 } else { 1 };
            let mut last = None;
            for _ in 0..rounds {
                let v = verdict!(match &request {
                    Some(r) => verifier.verify_response(bytes, r, now),
                    None => verifier.verify(bytes, now),
                });
                if case.replay {
                    verdict!(cache.check(&v, now));
                }
                last = Some(v);
            }
            let v = last.ok_or("no verification ran")?;
            let mut disclosed = BTreeMap::new();
            for a in v.disclosed() {
                disclosed.insert(a.id.name().into_owned(), value_json(&a.value)?);
            }
            out.level = Some(v.level);
            out.disclosed = Some(disclosed);
            out.status_check = published(v.status_check);
        }
        ObjectKind::PresentationRequest => {
            verdict!(PresentationRequest::decode(bytes));
        }
        ObjectKind::IssuanceRequest => {
            verdict!(IssuanceRequest::decode(bytes));
        }
        ObjectKind::TrustList => {
            let root = case.root.ok_or("a trust list case needs root_public_key")?;
            let list = verdict!(TrustList::decode(bytes, &PublicKey::from_bytes(&root)?));
            if !list.is_fresh(now) && !case.policy.accept_stale_trust_list {
                return Ok(Err(wangzheng::Error::TrustListStale));
            }
            out.decoded = Some(trust_list_json(&list));
        }
        ObjectKind::StatusList => {
            let verifier = verdict!(verifier(case, files)?);
            let list = verdict!(verifier.decode_status_list(bytes, now));
            out.decoded = Some(decoded_status_list(&list));
        }
        ObjectKind::VerificationRequest => {
            let request = verdict!(VerificationRequest::decode(bytes));
            check_face_image(case, files, &request)?;
            out.decoded = Some(verification_request_json(&request, files));
        }
        ObjectKind::Receipt => {
            let verifier = verdict!(verifier(case, files)?);
            let path = case
                .verification_request
                .as_ref()
                .ok_or("a receipt case needs verification_request")?;
            let request = file(files, path)?;
            let decoded_request = VerificationRequest::decode(request)
                .map_err(|e| format!("{path} does not decode: {e}"))?;
            check_face_image(case, files, &decoded_request)?;
            let receipt = verdict!(verifier.verify_receipt(bytes, request, now));
            out.decoded = Some(receipt_json(&receipt)?);
        }
        _ => return Err(format!("unknown object kind {kind}").into()),
    }
    Ok(Ok(out))
}

/// The outer COSE_Sign1's key id, if the bytes decode as a COSE_Sign1 of any kind.
fn outer_kid(bytes: &[u8]) -> Option<KeyId> {
    ObjectKind::ALL
        .iter()
        .find_map(|k| Sign1::decode(bytes, *k).ok())
        .map(|s| s.kid)
}

/// Checks which optional fields a case has, by kind (the rules the manifest test enforces).
fn check_shape(case: &Case) -> Result<(), BoxError> {
    let object = case.kind.object();
    let verified_by_issuer = matches!(
        object,
        Some(
            ObjectKind::Credential
                | ObjectKind::Presentation
                | ObjectKind::StatusList
                | ObjectKind::Receipt
        )
    );
    let trust = case.root.is_some() && case.trust_list.is_some();
    let ok = if verified_by_issuer {
        trust != case.issuer.is_some() && (case.root.is_some() == case.trust_list.is_some())
    } else if object == Some(ObjectKind::TrustList) {
        case.root.is_some() && case.trust_list.is_none() && case.issuer.is_none()
    } else {
        case.root.is_none() && case.trust_list.is_none() && case.issuer.is_none()
    };
    if !ok {
        return Err("issuer_public_key / root_public_key / trust_list do not fit the kind".into());
    }
    let with_status = matches!(
        object,
        Some(ObjectKind::Credential | ObjectKind::Presentation)
    );
    if !case.status_lists.is_empty() && !with_status {
        return Err("status_lists are for credentials and presentations".into());
    }
    let presentation = object == Some(ObjectKind::Presentation);
    if (case.replay || case.request.is_some()) && !presentation {
        return Err("replay and request are for presentations".into());
    }
    if case.storage_key.is_some() != (case.kind == Kind::WalletStore) {
        return Err("storage_key is for wallet stores, which need one".into());
    }
    let receipt = object == Some(ObjectKind::Receipt);
    if case.verification_request.is_some() != receipt {
        return Err("verification_request is for receipts, which need one".into());
    }
    if case.face_image.is_some() && !receipt && object != Some(ObjectKind::VerificationRequest) {
        return Err("face_image is for verification requests and receipts".into());
    }
    Ok(())
}

/// Verifies a case and checks the verdict against its expectation.
///
/// # Errors
///
/// A message saying how the verdict differs.
pub(crate) fn check_case(case: &Case, files: &Files) -> Result<Outcome, BoxError> {
    check_shape(case)?;
    let bytes = file(files, &case.file)?;
    if case.kind.object().is_some()
        && let Some(kid) = outer_kid(bytes)
        && kid != KeyId::of(&case.signer)
    {
        return Err(format!(
            "signer_public_key has key id {}, the outer COSE_Sign1 names {kid}",
            KeyId::of(&case.signer)
        )
        .into());
    }
    let verdict = run(case, files)?;
    match (&case.expect, verdict) {
        (
            Expect::Accept {
                level,
                disclosed,
                status_check,
                decoded,
            },
            Ok(outcome),
        ) => {
            if let Some(kind) = case.kind.object()
                && Sign1::decode(bytes, kind).is_err()
            {
                return Err("accepted, but the outer COSE_Sign1 does not decode".into());
            }
            if outcome.level != *level {
                return Err(format!(
                    "accepted with level {:?}, expected {:?}",
                    outcome.level, level
                )
                .into());
            }
            if outcome.disclosed != *disclosed {
                return Err(format!(
                    "accepted, disclosing {:?}; expected {:?}",
                    outcome.disclosed, disclosed
                )
                .into());
            }
            if outcome.status_check != *status_check {
                return Err(format!(
                    "accepted with status check {:?}, expected {:?}",
                    outcome.status_check, status_check
                )
                .into());
            }
            if outcome.decoded != *decoded {
                return Err(format!(
                    "accepted, decoding to {:?}; expected {:?}",
                    outcome.decoded, decoded
                )
                .into());
            }
            Ok(outcome)
        }
        (Expect::Accept { .. }, Err(e)) => {
            Err(format!("expected accept, rejected with {} ({e})", e.code()).into())
        }
        (Expect::Reject(code), Ok(_)) => Err(format!("expected reject ({code}), accepted").into()),
        (Expect::Reject(code), Err(e)) if e.code() == *code => Ok(Outcome {
            level: None,
            disclosed: None,
            status_check: None,
            decoded: None,
            size: bytes.len(),
        }),
        (Expect::Reject(code), Err(e)) => Err(format!(
            "expected reject with {code}, rejected with {} ({e})",
            e.code()
        )
        .into()),
    }
}

/// The kinds manifest format 1 has vectors for.
pub(crate) const MANIFEST_KINDS: &[Kind] = &[
    Kind::Object(ObjectKind::Credential),
    Kind::Object(ObjectKind::Presentation),
    Kind::Object(ObjectKind::PresentationRequest),
    Kind::Object(ObjectKind::IssuanceRequest),
    Kind::Object(ObjectKind::TrustList),
    Kind::Object(ObjectKind::StatusList),
    Kind::WalletStore,
    Kind::Object(ObjectKind::VerificationRequest),
    Kind::Object(ObjectKind::Receipt),
];

/// The error codes (by `ErrorCode::as_str()` name) that have no vector, and why. Every other
/// code must have one — a reject case with that `error`, or an accepted receipt whose factor
/// results name it — so a new code fails generation until it gets a vector or a line here.
pub(crate) const CODES_WITHOUT_VECTORS: &[(&str, &str)] = &[
    (
        "invalid_argument",
        "API misuse (an invalid argument to a builder or the wallet); never a property of received bytes",
    ),
    (
        "signer_failed",
        "a device signer failed while making an object; nothing reaches the wire",
    ),
];

/// Checks that the cases cover every error code not in [`CODES_WITHOUT_VECTORS`] (and none
/// that is) and have an accept case for every kind of [`MANIFEST_KINDS`] (and no other kind).
/// A code is covered by a reject case with that error, or by an accepted receipt whose
/// expected factor results name it (`failed:<code>`): factor failures are answers inside a
/// valid receipt, not errors of `verify_receipt`.
///
/// # Errors
///
/// Naming what is not covered.
pub(crate) fn check_coverage(cases: &[Case]) -> Result<(), BoxError> {
    for (name, _) in CODES_WITHOUT_VECTORS {
        if ErrorCode::from_name(name).is_none() {
            return Err(
                format!("CODES_WITHOUT_VECTORS names {name}, which is no error code").into(),
            );
        }
    }
    for code in ErrorCode::ALL {
        let covered = cases.iter().any(|c| match &c.expect {
            Expect::Reject(x) => x == code,
            Expect::Accept {
                decoded: Some(d), ..
            } if c.kind == Kind::Object(ObjectKind::Receipt) => {
                factor_failures(d).any(|f| f == code.as_str())
            }
            Expect::Accept { .. } => false,
        });
        let exempt = CODES_WITHOUT_VECTORS
            .iter()
            .any(|(name, _)| *name == code.as_str());
        if covered == exempt {
            return Err(format!(
                "error code {code}: {}",
                if covered {
                    "has a vector but is listed in CODES_WITHOUT_VECTORS"
                } else {
                    "no reject case and no receipt naming it (add one, or a reason to CODES_WITHOUT_VECTORS)"
                }
            )
            .into());
        }
    }
    for case in cases {
        if !MANIFEST_KINDS.contains(&case.kind) {
            return Err(format!(
                "{}: kind {} is not in manifest format 1",
                case.name, case.kind
            )
            .into());
        }
    }
    for kind in MANIFEST_KINDS {
        if !cases
            .iter()
            .any(|c| c.kind == *kind && matches!(c.expect, Expect::Accept { .. }))
        {
            return Err(format!("kind {kind}: no accept case").into());
        }
    }
    Ok(())
}
