//! `tests/vectors/manifest.json`: `{"format_version": 1, "cases": [...]}`, pretty-printed with
//! two spaces and a trailing newline, cases in generation order.

use super::cases::{Case, Expect};
use super::verify::{Outcome, status_check_str};
use crate::BoxError;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use wangzheng::{Level, UndeterminedStatus};

/// The manifest's format version; bump it only for an incompatible change of the shape.
pub(crate) const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Manifest<'a> {
    format_version: u32,
    cases: Vec<Entry<'a>>,
}

/// The policy fields that differ from `Policy::default()`.
#[derive(Serialize)]
struct PolicyJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    min_level: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    required: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    undetermined_status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accept_stale_trust_list: Option<bool>,
}

#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    kind: &'static str,
    file: &'a str,
    signer_public_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer_public_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    root_public_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trust_list: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    status_lists: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    storage_key: Option<String>,
    now: u64,
    expect: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<PolicyJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    replay: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    verification_request: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    face_image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disclosed: Option<&'a BTreeMap<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_check: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decoded: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<usize>,
    description: &'a str,
}

fn policy_json(case: &Case) -> Option<PolicyJson> {
    let p = &case.policy;
    let json = PolicyJson {
        min_level: (p.min_level != Level::Light).then(|| p.min_level.as_str()),
        required: p.required.iter().map(|a| a.name().into_owned()).collect(),
        audience: p.audience.clone(),
        undetermined_status: (p.undetermined_status == UndeterminedStatus::Accept)
            .then_some("accept"),
        accept_stale_trust_list: p.accept_stale_trust_list.then_some(true),
    };
    let is_default = json.min_level.is_none()
        && json.required.is_empty()
        && json.audience.is_none()
        && json.undetermined_status.is_none()
        && json.accept_stale_trust_list.is_none();
    (!is_default).then_some(json)
}

/// Renders the manifest.
///
/// # Errors
///
/// When serialization fails (it cannot for these types).
pub(crate) fn render(cases: &[Case], outcomes: &[Outcome]) -> Result<Vec<u8>, BoxError> {
    let entries = cases
        .iter()
        .zip(outcomes)
        .map(|(case, outcome)| {
            let accept = matches!(case.expect, Expect::Accept { .. });
            Entry {
                name: &case.name,
                kind: case.kind.as_str(),
                file: &case.file,
                signer_public_key: hex::encode(case.signer),
                issuer_public_key: case.issuer.map(hex::encode),
                root_public_key: case.root.map(hex::encode),
                trust_list: case.trust_list.as_deref(),
                status_lists: case.status_lists.iter().map(String::as_str).collect(),
                storage_key: case.storage_key.map(hex::encode),
                now: case.now,
                expect: if accept { "accept" } else { "reject" },
                error: match case.expect {
                    Expect::Reject(code) => Some(code.as_str()),
                    Expect::Accept { .. } => None,
                },
                policy: policy_json(case),
                request: case.request.as_deref(),
                replay: case.replay,
                verification_request: case.verification_request.as_deref(),
                face_image: case.face_image.as_deref(),
                level: outcome.level.filter(|_| accept).map(Level::as_str),
                disclosed: outcome.disclosed.as_ref().filter(|_| accept),
                status_check: outcome
                    .status_check
                    .filter(|_| accept)
                    .map(status_check_str),
                decoded: outcome.decoded.as_ref().filter(|_| accept),
                size: accept.then_some(outcome.size),
                description: &case.description,
            }
        })
        .collect();
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        cases: entries,
    };
    let mut out = serde_json::to_vec_pretty(&manifest)?;
    out.push(b'\n');
    Ok(out)
}
