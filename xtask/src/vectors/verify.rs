//! Runs one case through the library, exactly as `core/tests/vectors.rs` does, and compares
//! the outcome with what the case claims.

use super::Files;
use super::cases::{Case, Expect};
use crate::BoxError;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use wangzheng::cose::Sign1;
use wangzheng::{
    AttributeValue, ErrorCode, IssuanceRequest, KeyId, Level, ObjectKind, Policy,
    PresentationRequest, PublicKey, Sex, Verifier,
};

/// What an accepted case yielded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// The credential's level (credentials and presentations).
    pub level: Option<Level>,
    /// The disclosed attributes (presentations): name → JSON value.
    pub disclosed: Option<BTreeMap<String, Value>>,
    /// The size of the object in bytes.
    pub size: usize,
}

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

/// The policy a case is verified under.
pub(crate) fn policy(case: &Case) -> Policy {
    Policy {
        min_level: case.policy.min_level,
        required: case.policy.required.clone(),
        audience: case.policy.audience.clone(),
        ..Policy::default()
    }
}

fn file<'f>(files: &'f Files, path: &str) -> Result<&'f [u8], BoxError> {
    files
        .get(path)
        .map(Vec::as_slice)
        .ok_or_else(|| format!("no generated file {path}").into())
}

/// Runs the library on a case. The outer `Result` is a problem of the generator itself (a
/// missing file, a request that does not decode); the inner one is the library's verdict.
fn run(case: &Case, files: &Files) -> Result<Result<Outcome, wangzheng::Error>, BoxError> {
    let bytes = file(files, &case.file)?;
    let size = bytes.len();
    let verifier = || -> Result<Verifier, BoxError> {
        let key = case
            .issuer
            .ok_or("a credential or presentation case needs an issuer key")?;
        Ok(Verifier::new(policy(case)).with_issuer_key(PublicKey::from_bytes(&key)?))
    };
    Ok(match case.kind {
        ObjectKind::Credential => verifier()?
            .verify_credential(bytes, case.now)
            .map(|c| Outcome {
                level: Some(c.claims.level),
                disclosed: None,
                size,
            }),
        ObjectKind::Presentation => {
            let verifier = verifier()?;
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
            let verified = match &request {
                Some(r) => verifier.verify_response(bytes, r, case.now),
                None => verifier.verify(bytes, case.now),
            };
            match verified {
                Ok(v) => {
                    let mut disclosed = BTreeMap::new();
                    for a in v.disclosed() {
                        disclosed.insert(a.id.name().into_owned(), value_json(&a.value)?);
                    }
                    Ok(Outcome {
                        level: Some(v.level),
                        disclosed: Some(disclosed),
                        size,
                    })
                }
                Err(e) => Err(e),
            }
        }
        ObjectKind::PresentationRequest => PresentationRequest::decode(bytes).map(|_| Outcome {
            level: None,
            disclosed: None,
            size,
        }),
        ObjectKind::IssuanceRequest => IssuanceRequest::decode(bytes).map(|_| Outcome {
            level: None,
            disclosed: None,
            size,
        }),
        _ => return Err(format!("unknown object kind {}", case.kind).into()),
    })
}

/// The outer COSE_Sign1's key id, if the bytes decode as a COSE_Sign1 of any kind.
fn outer_kid(bytes: &[u8]) -> Option<KeyId> {
    ObjectKind::ALL
        .iter()
        .find_map(|k| Sign1::decode(bytes, *k).ok())
        .map(|s| s.kid)
}

/// Verifies a case and checks the verdict against its expectation.
///
/// # Errors
///
/// A message saying how the verdict differs.
pub(crate) fn check_case(case: &Case, files: &Files) -> Result<Outcome, BoxError> {
    let bytes = file(files, &case.file)?;
    if let Some(kid) = outer_kid(bytes)
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
        (Expect::Accept { level, disclosed }, Ok(outcome)) => {
            if Sign1::decode(bytes, case.kind).is_err() {
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
            Ok(outcome)
        }
        (Expect::Accept { .. }, Err(e)) => {
            Err(format!("expected accept, rejected with {} ({e})", e.code()).into())
        }
        (Expect::Reject(code), Ok(_)) => Err(format!("expected reject ({code}), accepted").into()),
        (Expect::Reject(code), Err(e)) if e.code() == *code => Ok(Outcome {
            level: None,
            disclosed: None,
            size: bytes.len(),
        }),
        (Expect::Reject(code), Err(e)) => Err(format!(
            "expected reject with {code}, rejected with {} ({e})",
            e.code()
        )
        .into()),
    }
}

/// The object kinds manifest format 1 has vectors for.
pub(crate) const MANIFEST_KINDS: &[ObjectKind] = &[
    ObjectKind::Credential,
    ObjectKind::Presentation,
    ObjectKind::PresentationRequest,
    ObjectKind::IssuanceRequest,
];

/// The error codes (by `ErrorCode::as_str()` name) that have no reject case, and why. Every
/// other code must have one: a new code fails generation until it gets a vector or a line here.
pub(crate) const CODES_WITHOUT_VECTORS: &[(&str, &str)] = &[
    (
        "invalid_argument",
        "API misuse (an invalid argument to a builder or the wallet); never a property of received bytes",
    ),
    (
        "signer_failed",
        "a device signer failed while making an object; nothing reaches the wire",
    ),
    (
        "replayed",
        "needs a verifier's replay cache, i.e. state across verifications; one case verifies one object",
    ),
    (
        "revoked",
        "needs a status list loaded into the verifier; manifest format 1 has no status-list input yet",
    ),
    (
        "suspended",
        "needs a status list loaded into the verifier; manifest format 1 has no status-list input yet",
    ),
    (
        "superseded",
        "needs a status list loaded into the verifier; manifest format 1 has no status-list input yet",
    ),
    (
        "status_unavailable",
        "concerns credentials that name a status list; the status family gets its vectors together with status-list inputs",
    ),
    (
        "trust_list_stale",
        "needs a root key and a trust list; manifest format 1 pins issuer keys directly",
    ),
    (
        "corrupt_store",
        "concerns the wallet's local store, not an object exchanged between parties",
    ),
];

/// Checks that the cases cover every error code not in [`CODES_WITHOUT_VECTORS`] (and none
/// that is) and have an accept case for every kind of [`MANIFEST_KINDS`] (and no other kind).
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
        let covered = cases
            .iter()
            .any(|c| matches!(c.expect, Expect::Reject(x) if x == *code));
        let exempt = CODES_WITHOUT_VECTORS
            .iter()
            .any(|(name, _)| *name == code.as_str());
        if covered == exempt {
            return Err(format!(
                "error code {code}: {}",
                if covered {
                    "has a reject case but is listed in CODES_WITHOUT_VECTORS"
                } else {
                    "no reject case (add one, or a reason to CODES_WITHOUT_VECTORS)"
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
