//! `wz verify`: the verifier's side. Checks a presentation (or any other signed object) against
//! a trust configuration and a policy, and gives a verdict a person can read, or one JSON
//! object.

use crate::error::{CmdResult, Failure, refused, usage};
use crate::explain::{self, PresentationContext};
use crate::keys::public_key_arg;
use crate::objects::{self, Kind};
use crate::util::{self, fmt_duration, fmt_time, hex, input_name};
use crate::values;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use wangzheng::{
    AttributeId, Error, ErrorCode, IssuanceRequest, Level, ObjectKind, Policy, Presentation,
    PresentationRequest, PublicKey, ReplayCache, StatusCheck, StatusList, TrustList,
    UndeterminedStatus, VerifiedPresentation, Verifier,
};

/// Where a verifier's trust comes from.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TrustArgs {
    /// The authority's root-signed trust list (needs --root-public-key).
    #[arg(long, value_name = "FILE")]
    pub trust_list: Option<PathBuf>,
    /// The authority's root public key that the verifier pins (64 hex digits or a .pub file).
    #[arg(long, value_name = "KEY")]
    pub root_public_key: Option<String>,
    /// Trust this issuer public key directly (64 hex digits or a .pub file), for tests and
    /// debugging; repeatable.
    #[arg(long, value_name = "KEY")]
    pub issuer_public_key: Vec<String>,
    /// Load this status list before checking (repeatable, loaded in order).
    #[arg(long, value_name = "FILE")]
    pub status_list: Vec<PathBuf>,
}

/// The parts of the policy a command line sets.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PolicyArgs {
    /// The lowest acceptable level: light (default) or upgraded.
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    pub min_level: Option<Level>,
    /// Attributes that must be disclosed, comma-separated (full_name,age_over_18,...).
    #[arg(long, value_name = "ATTRS", value_delimiter = ',', value_parser = parse_attribute)]
    pub require: Vec<AttributeId<'static>>,
    /// This verifier's own id: presentations bound to another audience are refused.
    #[arg(long, value_name = "ID")]
    pub audience: Option<String>,
    /// The oldest presentation accepted, in seconds (default 120).
    #[arg(long, value_name = "SECONDS")]
    pub max_age: Option<u64>,
    /// The tolerated clock difference, in seconds (default 30).
    #[arg(long, value_name = "SECONDS")]
    pub clock_skew: Option<u64>,
    /// Accept a credential whose status no fresh status list tells (the verdict says so).
    #[arg(long)]
    pub accept_undetermined_status: bool,
    /// Accept a trust list past its next update.
    #[arg(long)]
    pub accept_stale_trust_list: bool,
}

impl PolicyArgs {
    /// The policy: the default with these changes.
    pub fn policy(&self) -> Policy {
        let mut p = Policy::default();
        if let Some(l) = self.min_level {
            p.min_level = l;
        }
        p.required.clone_from(&self.require);
        p.audience.clone_from(&self.audience);
        if let Some(a) = self.max_age {
            p.max_age = a;
        }
        if let Some(s) = self.clock_skew {
            p.clock_skew = s;
        }
        if self.accept_undetermined_status {
            p.undetermined_status = UndeterminedStatus::Accept;
        }
        p.accept_stale_trust_list = self.accept_stale_trust_list;
        p
    }
}

/// Parses `light` or `upgraded`.
///
/// # Errors
///
/// A message for clap.
pub fn parse_level(s: &str) -> Result<Level, String> {
    Level::parse(s).map_err(|_| format!("`{s}` is not a level: give light or upgraded"))
}

/// Parses an attribute name.
///
/// # Errors
///
/// A message for clap.
pub fn parse_attribute(s: &str) -> Result<AttributeId<'static>, String> {
    AttributeId::parse(s.trim()).map_err(|_| {
        format!(
            "`{s}` is not an attribute: full_name, sex, ethnicity, birth_date, address, id_number, issuing_authority, card_validity, portrait, age_over_NN or namespace/name"
        )
    })
}

/// The kinds `wz verify` checks.
const VERIFIABLE: &[ObjectKind] = &[
    ObjectKind::Presentation,
    ObjectKind::Credential,
    ObjectKind::TrustList,
    ObjectKind::StatusList,
    ObjectKind::PresentationRequest,
    ObjectKind::IssuanceRequest,
];

fn parse_kind(s: &str) -> Result<ObjectKind, String> {
    VERIFIABLE
        .iter()
        .copied()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| {
            let names: Vec<&str> = VERIFIABLE.iter().map(|k| k.as_str()).collect();
            format!("`{s}` is not a kind wz verify checks: {}", names.join(", "))
        })
}

/// `wz verify`.
#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {
    /// The object to verify (raw CBOR or QR text; `-` for stdin): a presentation, or a
    /// credential, trust list, status list, presentation request or issuance request.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// The presentation request this presentation must answer (an interactive check).
    #[arg(long, value_name = "FILE")]
    pub request: Option<PathBuf>,
    /// The nonce this verifier put in its request (32 hex digits; needs --request): the
    /// request must carry it.
    #[arg(long, value_name = "HEX", value_parser = util::parse_nonce)]
    pub nonce: Option<[u8; 16]>,
    /// What FILE must be: presentation (the default), credential, trust_list, status_list,
    /// presentation_request or issuance_request. Anything else is refused (wrong_kind), so a
    /// bare credential copied out of a presentation is never taken for one.
    #[arg(long, value_name = "KIND", default_value = "presentation", value_parser = parse_kind)]
    pub kind: ObjectKind,
    /// Verify as of this time (Unix seconds or YYYY-MM-DDTHH:MM:SSZ) instead of now.
    #[arg(long, value_name = "TIME", value_parser = util::parse_time)]
    pub at: Option<u64>,
    /// Accept each QR presentation once: remember accepted ones in FILE (created if missing).
    #[arg(long, value_name = "FILE")]
    pub replay_cache: Option<PathBuf>,
    /// Print one JSON object instead of a readable verdict.
    #[arg(long)]
    pub json: bool,
}

/// A verifier built from the command line, with what explanations need.
pub struct Setup {
    /// The verifier.
    pub verifier: Verifier,
    /// The pinned issuer keys.
    pub pinned: Vec<PublicKey>,
}

impl TrustArgs {
    /// The pinned root key, if given.
    ///
    /// # Errors
    ///
    /// A usage failure for an unusable key.
    pub fn root(&self) -> CmdResult<Option<PublicKey>> {
        self.root_public_key
            .as_deref()
            .map(|k| public_key_arg(k, "--root-public-key"))
            .transpose()
    }

    /// Whether any issuer trust is configured.
    pub fn has_issuer_trust(&self) -> bool {
        self.trust_list.is_some() || !self.issuer_public_key.is_empty()
    }

    /// Builds the verifier: root and trust list, pinned issuer keys, then the status lists.
    ///
    /// # Errors
    ///
    /// A usage failure for missing or unreadable configuration; a refusal (naming the file)
    /// when a trust list or status list is not acceptable.
    pub fn build(&self, policy: Policy, now: u64) -> CmdResult<Setup> {
        let root = self.root()?;
        let pinned = self
            .issuer_public_key
            .iter()
            .map(|k| public_key_arg(k, "--issuer-public-key"))
            .collect::<CmdResult<Vec<_>>>()?;
        let mut verifier = match (&self.trust_list, root) {
            (Some(file), Some(root)) => {
                let list = util::read_object(file)?;
                Verifier::with_trust_list(policy, root, &list.bytes)
                    .map_err(|e| trust_list_refusal(&e, &list.name, &list.bytes, &root))?
            }
            (Some(_), None) => {
                return Err(usage(
                    "--trust-list needs --root-public-key: a trust list is only as good as the root key it is checked against",
                ));
            }
            (None, _) => Verifier::new(policy),
        };
        for k in &pinned {
            verifier.add_issuer_key(*k);
        }
        for file in &self.status_list {
            let list = util::read_object(file)?;
            verifier
                .update_status_list(&list.bytes, now)
                .map_err(|e| status_list_refusal(&e, &list.name, &list.bytes, &verifier))?;
        }
        Ok(Setup { verifier, pinned })
    }
}

/// Why a trust list was refused.
pub fn trust_list_refusal(e: &Error, name: &str, bytes: &[u8], root: &PublicKey) -> Failure {
    let what = format!("the trust list {name}");
    let message = match e {
        Error::UnknownIssuer => format!(
            "{what} is not signed by the pinned root key {}{}",
            root.key_id(),
            signer_kid(bytes)
                .map(|k| format!(" (it names key {k})"))
                .unwrap_or_default()
        ),
        Error::BadSignature => {
            format!("the root signature on {what} does not verify: it was altered")
        }
        Error::WrongKind { .. } => wrong_kind_sentence(name, bytes, "trust list"),
        other => explain::describe(other, &what),
    };
    refused(*e, message)
}

/// Why a status list was refused.
fn status_list_refusal(e: &Error, name: &str, bytes: &[u8], verifier: &Verifier) -> Failure {
    let what = format!("the status list {name}");
    let message = match e {
        Error::UnknownIssuer => format!(
            "{what} is signed by key {}, which {} may not sign status lists at its issue time",
            signer_kid(bytes).unwrap_or_else(|| "?".to_owned()),
            if verifier.trust_list().is_some() {
                "the trust list says"
            } else {
                "no pinned issuer key says"
            }
        ),
        Error::NotYetValid => format!("{what} is dated in the future; check the clock"),
        Error::BadSignature => {
            format!("the issuer signature on {what} does not verify: it was altered")
        }
        Error::TrustListStale => format!(
            "the trust list is past its next update, so {what} cannot be checked: fetch a newer trust list, or pass --accept-stale-trust-list"
        ),
        Error::WrongKind { .. } => wrong_kind_sentence(name, bytes, "status list"),
        other => explain::describe(other, &what),
    };
    refused(*e, message)
}

/// `NAME holds a credential, not a presentation`.
pub fn wrong_kind_sentence(name: &str, bytes: &[u8], expected: &str) -> String {
    match objects::detect(bytes) {
        Some(k) => format!(
            "{name} holds {}, not {}",
            objects::a(&k.name()),
            objects::a(expected)
        ),
        None => format!("{name} is not {}", objects::a(expected)),
    }
}

/// The kid a COSE_Sign1 names, in hex.
fn signer_kid(bytes: &[u8]) -> Option<String> {
    let item = crate::diag::parse(bytes).ok()?;
    objects::sign1_parts(&item).map(|(_, kid)| hex(&kid))
}

/// A verdict: accepted with what was learned, or refused with a code and a sentence.
pub struct Verdict {
    /// The kind of object checked.
    pub kind: Kind,
    /// `Ok(fields)` (JSON fields beyond valid/code/kind) or `Err((code, sentence))`.
    pub outcome: Result<Map<String, Value>, (ErrorCode, String)>,
    /// The readable lines of an accepted verdict: (label, text).
    pub lines: Vec<(String, String)>,
    /// The headline of an accepted verdict.
    pub headline: String,
}

impl Verdict {
    fn refused(kind: Kind, f: Failure) -> CmdResult<Verdict> {
        match f {
            Failure::Refused { code, message } => Ok(Verdict {
                kind,
                outcome: Err((code, message)),
                lines: Vec::new(),
                headline: String::new(),
            }),
            other => Err(other),
        }
    }

    /// Whether the object was accepted.
    pub fn valid(&self) -> bool {
        self.outcome.is_ok()
    }

    /// The verdict as one JSON object.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("valid".into(), json!(self.valid()));
        match &self.outcome {
            Ok(fields) => {
                m.insert("code".into(), json!("ok"));
                m.insert("kind".into(), json!(self.kind.id()));
                m.extend(fields.clone());
            }
            Err((code, message)) => {
                m.insert("code".into(), json!(code.as_str()));
                m.insert("kind".into(), json!(self.kind.id()));
                m.insert("message".into(), json!(message));
                if self.kind == Kind::Signed(ObjectKind::Presentation) {
                    for k in [
                        "level",
                        "disclosed",
                        "credential_id",
                        "generation",
                        "expires_at",
                        "presented_at",
                    ] {
                        m.insert(k.into(), Value::Null);
                    }
                }
            }
        }
        Value::Object(m)
    }

    /// The verdict as a person reads it.
    pub fn to_text(&self) -> String {
        match &self.outcome {
            Ok(_) => {
                let mut s = format!("ACCEPTED: {}\n", self.headline);
                for (label, text) in &self.lines {
                    for (i, line) in text.lines().enumerate() {
                        let label = if i == 0 { label.as_str() } else { "" };
                        s.push_str(&format!("  {label:<14} {line}\n"));
                    }
                }
                s
            }
            Err((code, message)) => format!("REFUSED: {message} ({code})\n"),
        }
    }
}

/// Runs `wz verify`; returns the exit status.
///
/// # Errors
///
/// Usage failures (exit 2).
pub fn run(args: &VerifyArgs) -> CmdResult<u8> {
    let now = args.at.unwrap_or_else(util::now);
    let verdict = match util::read_object(&args.file) {
        Ok(object) => check(args, &object, now)?,
        Err(f) => Verdict::refused(Kind::Signed(args.kind), f)?,
    };
    if args.json {
        println!("{}", verdict.to_json());
    } else {
        print!("{}", verdict.to_text());
    }
    Ok(if verdict.valid() { 0 } else { 1 })
}

/// Checks an object read from a file, by its kind.
///
/// # Errors
///
/// Usage failures.
pub fn check(args: &VerifyArgs, object: &util::Object, now: u64) -> CmdResult<Verdict> {
    let kind = Kind::Signed(args.kind);
    let policy = args.policy.policy();
    let needs_issuer_trust = matches!(
        args.kind,
        ObjectKind::Presentation | ObjectKind::Credential | ObjectKind::StatusList
    );
    if needs_issuer_trust && !args.trust.has_issuer_trust() {
        return Err(usage(format!(
            "verifying {} needs a trust configuration: --trust-list FILE with --root-public-key KEY, or --issuer-public-key KEY",
            objects::a(&kind.name())
        )));
    }
    if args.nonce.is_some() && args.request.is_none() {
        return Err(usage(
            "--nonce needs --request FILE: an answer is checked against the whole request it answers",
        ));
    }
    if let Some(found) = objects::detect(&object.bytes).filter(|k| *k != kind) {
        let hint = match found {
            Kind::Signed(k) if VERIFIABLE.contains(&k) => {
                format!(" (to check it as one, pass --kind {})", k.as_str())
            }
            Kind::Package => " (a wallet checks it with `wz wallet store`)".to_owned(),
            Kind::WalletStore => " (open it with `wz wallet restore`)".to_owned(),
            Kind::Signed(_) => String::new(),
        };
        let message = format!(
            "{}{hint}",
            wrong_kind_sentence(&object.name, &object.bytes, &kind.name())
        );
        return Verdict::refused(
            kind,
            refused(
                Error::WrongKind {
                    expected: args.kind,
                },
                message,
            ),
        );
    }
    let setup = match args.kind {
        ObjectKind::TrustList | ObjectKind::PresentationRequest | ObjectKind::IssuanceRequest => {
            None
        }
        _ => match args.trust.build(policy.clone(), now) {
            Ok(s) => Some(s),
            Err(f) => return Verdict::refused(kind, f),
        },
    };
    let result = match (args.kind, &setup) {
        (ObjectKind::Presentation, Some(s)) => {
            return presentation(args, object, s, &policy, now);
        }
        (ObjectKind::Credential, Some(s)) => credential(object, s, &policy, now),
        (ObjectKind::StatusList, Some(s)) => status_list(object, s, now),
        (ObjectKind::TrustList, _) => trust_list(args, object, &policy, now),
        (ObjectKind::PresentationRequest, _) => presentation_request(object),
        (ObjectKind::IssuanceRequest, _) => issuance_request(object),
        (other, _) => {
            return Err(usage(format!(
                "wz verify does not check {} objects",
                other.as_str()
            )));
        }
    };
    match result {
        Ok(v) => Ok(v),
        Err(f) => Verdict::refused(kind, f),
    }
}

fn accepted(kind: Kind, headline: String, fields: Map<String, Value>) -> Verdict {
    Verdict {
        kind,
        outcome: Ok(fields),
        lines: Vec::new(),
        headline,
    }
}

fn status_check_name(s: StatusCheck) -> &'static str {
    match s {
        StatusCheck::Good => "good",
        StatusCheck::NotPublished => "not_published",
        StatusCheck::Undetermined => "undetermined",
    }
}

fn status_text(check: StatusCheck, status: Option<wangzheng::StatusRef>) -> String {
    match (check, status) {
        (StatusCheck::Good, Some(r)) => {
            format!("good (status list {}, entry {})", r.list, r.index)
        }
        (StatusCheck::Undetermined, Some(r)) => format!(
            "undetermined: no fresh copy of status list {} (accepted by policy)",
            r.list
        ),
        _ => "not published (the credential names no status list)".to_owned(),
    }
}

fn presentation(
    args: &VerifyArgs,
    object: &util::Object,
    setup: &Setup,
    policy: &Policy,
    now: u64,
) -> CmdResult<Verdict> {
    let kind = Kind::Signed(ObjectKind::Presentation);
    let request_obj = args.request.as_deref().map(util::read_object).transpose()?;
    let request_name = args.request.as_deref().map(input_name).unwrap_or_default();
    let request = match &request_obj {
        Some(r) => match PresentationRequest::decode(&r.bytes) {
            Ok(req) => Some(req),
            Err(e) => {
                let message = match e {
                    Error::WrongKind { .. } => {
                        wrong_kind_sentence(&r.name, &r.bytes, "presentation request")
                    }
                    other => explain::describe(&other, &format!("the request {}", r.name)),
                };
                return Verdict::refused(kind, refused(e, message));
            }
        },
        None => None,
    };
    if let (Some(want), Some(req)) = (args.nonce, &request)
        && *req.nonce != want
    {
        return Verdict::refused(
            kind,
            refused(
                Error::NonceMismatch,
                format!(
                    "the request {request_name} carries nonce {}, not the expected {}",
                    hex(req.nonce),
                    hex(&want)
                ),
            ),
        );
    }
    let result = match &request {
        Some(req) => setup.verifier.verify_response(&object.bytes, req, now),
        None => setup.verifier.verify(&object.bytes, now),
    };
    let replay_name = args.replay_cache.as_deref().map(input_name);
    let result = match (result, &args.replay_cache) {
        (Ok(v), Some(file)) => replay_check(file, &v, now)?.map(|()| v),
        (other, _) => other,
    };
    match result {
        Ok(v) => Ok(presentation_verdict(&v, setup, now)),
        Err(e) => {
            let decoded = Presentation::decode(&object.bytes).ok();
            let issuer_signature_bad = (e == Error::BadSignature)
                .then(|| decoded.as_ref().map(|p| issuer_signature_fails(p, setup)))
                .flatten();
            let cx = PresentationContext {
                presentation: decoded.as_ref(),
                now,
                policy,
                pinned: &setup.pinned,
                trust: setup.verifier.trust_list(),
                request: request.as_ref().map(|r| (r, request_name.as_str())),
                replay_cache: replay_name.as_deref(),
                issuer_signature_bad,
            };
            let message = match e {
                Error::WrongKind { .. } => {
                    wrong_kind_sentence(&object.name, &object.bytes, "presentation")
                }
                _ if decoded.is_none() => not_an_object(&e, object),
                _ => explain::presentation_refusal(&e, &object.name, &cx),
            };
            Verdict::refused(kind, refused(e, message))
        }
    }
}

/// Why bytes that do not decode as the expected object were refused: the library's reason, or
/// that they are not CBOR at all.
fn not_an_object(e: &Error, object: &util::Object) -> String {
    let printable = std::str::from_utf8(&object.bytes)
        .is_ok_and(|t| t.chars().all(|c| !c.is_control() || c.is_whitespace()));
    match crate::diag::parse(&object.bytes) {
        Err(_) if printable => format!(
            "{} holds text, not a wangzheng object (raw CBOR, or QR text starting {})",
            object.name,
            wangzheng::qr::PREFIX
        ),
        Err(why) => format!(
            "{} is not one complete CBOR item ({why}): a damaged or cut-off file, or no wangzheng object at all",
            object.name
        ),
        Ok(_) => explain::describe(e, &format!("the presentation in {}", object.name)),
    }
}

/// Whether the credential's issuer signature is the one that fails.
fn issuer_signature_fails(p: &Presentation<'_>, setup: &Setup) -> bool {
    let kid = p.credential.sign1.kid;
    let key = setup
        .pinned
        .iter()
        .find(|k| k.key_id() == kid)
        .copied()
        .or_else(|| {
            setup
                .verifier
                .trust_list()
                .and_then(|t| t.issuer(kid))
                .map(|e| e.key)
        });
    key.is_some_and(|k| p.credential.sign1.verify(&k).is_err())
}

/// The verdict fields of an accepted presentation.
pub fn presentation_verdict(v: &VerifiedPresentation<'_>, setup: &Setup, now: u64) -> Verdict {
    let mut disclosed = Map::new();
    let mut shown = Vec::new();
    for a in v.disclosed() {
        let name = a.id.name().into_owned();
        shown.push(format!("{name} = {}", values::to_text(&a.value)));
        disclosed.insert(name, values::to_json(&a.value));
    }
    let mut f = Map::new();
    f.insert("level".into(), json!(v.level.as_str()));
    f.insert("disclosed".into(), Value::Object(disclosed));
    f.insert("credential_id".into(), json!(hex(&v.credential_id)));
    f.insert("generation".into(), json!(v.generation));
    f.insert("issued_at".into(), json!(v.issued_at));
    f.insert("expires_at".into(), json!(v.expires_at));
    f.insert("presented_at".into(), json!(v.presented_at));
    f.insert("fresh_until".into(), json!(v.fresh_until));
    f.insert("issuer_kid".into(), json!(v.issuer_kid.to_string()));
    f.insert(
        "status_check".into(),
        json!(status_check_name(v.status_check)),
    );
    f.insert(
        "status".into(),
        v.status
            .map_or(Value::Null, |s| json!({"list": s.list, "index": s.index})),
    );
    f.insert("audience".into(), json!(v.audience));
    let mut verdict = accepted(
        Kind::Signed(ObjectKind::Presentation),
        format!(
            "{} credential, generation {}",
            objects::a(v.level.as_str()),
            v.generation
        ),
        f,
    );
    let trusted_by = if setup.pinned.iter().any(|k| k.key_id() == v.issuer_kid) {
        "pinned"
    } else {
        "named by the trust list"
    };
    verdict.lines = vec![
        (
            "disclosed".into(),
            if shown.is_empty() {
                "nothing: \"a real-name-verified person\"".to_owned()
            } else {
                shown.join("\n")
            },
        ),
        (
            "identifier".into(),
            format!("{} (credential id)", hex(&v.credential_id)),
        ),
        (
            "presented".into(),
            format!(
                "{}, {} before this check{}",
                fmt_time(v.presented_at),
                fmt_duration(now.saturating_sub(v.presented_at)),
                match v.audience {
                    Some(a) => format!(", answering a request of \"{a}\""),
                    None => ", as a QR code (no request)".to_owned(),
                }
            ),
        ),
        (
            "issuer".into(),
            format!("key {} ({trusted_by})", v.issuer_kid),
        ),
        ("valid until".into(), fmt_time(v.expires_at)),
        ("status".into(), status_text(v.status_check, v.status)),
    ];
    verdict
}

fn credential(
    object: &util::Object,
    setup: &Setup,
    policy: &Policy,
    now: u64,
) -> CmdResult<Verdict> {
    let what = format!("the credential in {}", object.name);
    let c = setup
        .verifier
        .verify_credential(&object.bytes, now)
        .map_err(|e| {
            let message = match e {
                Error::WrongKind { .. } => {
                    wrong_kind_sentence(&object.name, &object.bytes, "credential")
                }
                Error::Expired => match wangzheng::Credential::decode(&object.bytes) {
                    Ok(c) => format!(
                        "the credential expired at {}; the holder needs a new one",
                        fmt_time(c.claims.expires_at)
                    ),
                    Err(_) => explain::describe(&e, &what),
                },
                other => explain::describe(&other, &what),
            };
            refused(e, message)
        })?;
    let claims = &c.claims;
    if claims.level < policy.min_level {
        return Err(refused(
            Error::LevelTooLow,
            format!(
                "the credential is {}, and this verifier requires {}",
                claims.level, policy.min_level
            ),
        ));
    }
    let check = setup
        .verifier
        .check_status(claims.status, now)
        .map_err(|e| refused(e, explain::describe(&e, &what)))?;
    let mut f = Map::new();
    f.insert("level".into(), json!(claims.level.as_str()));
    f.insert("credential_id".into(), json!(hex(&claims.id)));
    f.insert("generation".into(), json!(claims.generation));
    f.insert("issued_at".into(), json!(claims.issued_at));
    f.insert("expires_at".into(), json!(claims.expires_at));
    f.insert("issuer_kid".into(), json!(c.issuer_kid().to_string()));
    f.insert(
        "device_kid".into(),
        json!(wangzheng::KeyId::of(&claims.device_key).to_string()),
    );
    f.insert("status_check".into(), json!(status_check_name(check)));
    let mut v = accepted(
        Kind::Signed(ObjectKind::Credential),
        format!(
            "{} credential, generation {}",
            objects::a(claims.level.as_str()),
            claims.generation
        ),
        f,
    );
    v.lines = vec![
        (
            "identifier".into(),
            format!("{} (credential id)", hex(&claims.id)),
        ),
        ("issuer".into(), format!("key {}", c.issuer_kid())),
        (
            "bound to".into(),
            format!("device key {}", wangzheng::KeyId::of(&claims.device_key)),
        ),
        ("issued".into(), fmt_time(claims.issued_at)),
        ("valid until".into(), fmt_time(claims.expires_at)),
        ("status".into(), status_text(check, claims.status)),
    ];
    Ok(v)
}

fn status_list(object: &util::Object, setup: &Setup, now: u64) -> CmdResult<Verdict> {
    // The list's own freshness is not checked here: a list past its next update still loads,
    // and makes status undetermined when looked up.
    let list = setup
        .verifier
        .decode_status_list(&object.bytes, now)
        .map_err(|e| status_list_refusal(&e, &object.name, &object.bytes, &setup.verifier))?;
    let (fields, lines) = status_list_fields(&list);
    let mut v = accepted(
        Kind::Signed(ObjectKind::StatusList),
        format!(
            "status list {}, {} entries, signed by key {}",
            list.list_id,
            list.len(),
            list.signer
        ),
        fields,
    );
    v.lines = lines;
    Ok(v)
}

/// The JSON fields and readable lines of a status list.
pub fn status_list_fields(list: &StatusList) -> (Map<String, Value>, Vec<(String, String)>) {
    let mut not_good = Map::new();
    let mut counts = [0u32; 4];
    for i in 0..list.len() {
        if let Some(s) = list.get(i) {
            counts[usize::from(s.bits())] += 1;
            if s != wangzheng::CredentialStatus::Good {
                not_good.insert(i.to_string(), json!(s.as_str()));
            }
        }
    }
    let mut f = Map::new();
    f.insert("list_id".into(), json!(list.list_id));
    f.insert("issued_at".into(), json!(list.issued_at));
    f.insert("next_update".into(), json!(list.next_update));
    f.insert("count".into(), json!(list.len()));
    f.insert("signer_kid".into(), json!(list.signer.to_string()));
    let shown: Vec<String> = not_good
        .iter()
        .take(20)
        .map(|(i, s)| format!("{i}: {}", s.as_str().unwrap_or("?")))
        .collect();
    let more = not_good.len().saturating_sub(20);
    f.insert("not_good".into(), Value::Object(not_good));
    let lines = vec![
        ("issued".into(), fmt_time(list.issued_at)),
        ("next update".into(), fmt_time(list.next_update)),
        (
            "entries".into(),
            format!(
                "{} good, {} revoked, {} suspended, {} superseded",
                counts[0], counts[1], counts[2], counts[3]
            ),
        ),
        (
            "not good".into(),
            if shown.is_empty() {
                "none".to_owned()
            } else if more > 0 {
                format!("{} and {more} more", shown.join(", "))
            } else {
                shown.join(", ")
            },
        ),
    ];
    (f, lines)
}

fn trust_list(
    args: &VerifyArgs,
    object: &util::Object,
    policy: &Policy,
    now: u64,
) -> CmdResult<Verdict> {
    let root = args.trust.root()?.ok_or_else(|| {
        usage(format!(
            "{} holds a trust list: checking it needs the pinned root key, --root-public-key KEY",
            object.name
        ))
    })?;
    let list = TrustList::decode(&object.bytes, &root)
        .map_err(|e| trust_list_refusal(&e, &object.name, &object.bytes, &root))?;
    if !list.is_fresh(now) && !policy.accept_stale_trust_list {
        return Err(refused(
            Error::TrustListStale,
            format!(
                "the trust list {} was due to be replaced at {}: fetch a newer one, or pass --accept-stale-trust-list",
                object.name,
                fmt_time(list.next_update)
            ),
        ));
    }
    let (fields, lines) = trust_list_fields(&list);
    let mut v = accepted(
        Kind::Signed(ObjectKind::TrustList),
        format!(
            "trust list {}, signed by root key {}",
            list.sequence,
            root.key_id()
        ),
        fields,
    );
    v.lines = lines;
    Ok(v)
}

/// The JSON fields and readable lines of a trust list.
pub fn trust_list_fields(list: &TrustList) -> (Map<String, Value>, Vec<(String, String)>) {
    let issuers: Vec<Value> = list
        .issuers
        .iter()
        .map(|i| {
            json!({
                "public_key": hex(i.key.as_bytes()),
                "key_id": i.key.key_id().to_string(),
                "valid_from": i.valid_from,
                "valid_until": i.valid_until,
                "levels": i.levels.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
                "kinds": i.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut f = Map::new();
    f.insert("sequence".into(), json!(list.sequence));
    f.insert("issued_at".into(), json!(list.issued_at));
    f.insert("next_update".into(), json!(list.next_update));
    f.insert("issuers".into(), json!(issuers));
    let shown: Vec<String> = list
        .issuers
        .iter()
        .map(|i| {
            format!(
                "key {}: {} for {} credentials, {} to {}",
                i.key.key_id(),
                i.kinds
                    .iter()
                    .map(|k| k.as_str().replace('_', " ") + "s")
                    .collect::<Vec<_>>()
                    .join(" and "),
                i.levels
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join("/"),
                fmt_time(i.valid_from),
                fmt_time(i.valid_until)
            )
        })
        .collect();
    let lines = vec![
        ("issued".into(), fmt_time(list.issued_at)),
        ("next update".into(), fmt_time(list.next_update)),
        ("issuers".into(), shown.join("\n")),
    ];
    (f, lines)
}

fn presentation_request(object: &util::Object) -> CmdResult<Verdict> {
    let r = PresentationRequest::decode(&object.bytes).map_err(|e| {
        refused(
            e,
            explain::describe(&e, &format!("the presentation request in {}", object.name)),
        )
    })?;
    let requested: Vec<String> = r.requested().map(|a| a.name().into_owned()).collect();
    let mut f = Map::new();
    f.insert("verifier_id".into(), json!(r.verifier_id));
    f.insert("nonce".into(), json!(hex(r.nonce)));
    f.insert("requested".into(), json!(requested));
    f.insert("min_level".into(), json!(r.min_level.as_str()));
    f.insert("max_age".into(), json!(r.max_age));
    f.insert("issued_at".into(), json!(r.issued_at));
    f.insert(
        "verifier_public_key".into(),
        json!(hex(r.verifier_key.as_bytes())),
    );
    let mut v = accepted(
        Kind::Signed(ObjectKind::PresentationRequest),
        format!(
            "a presentation request from \"{}\" (self-signed, unaltered)",
            r.verifier_id
        ),
        f,
    );
    v.lines = vec![
        (
            "asks for".into(),
            if requested.is_empty() {
                "nothing but a valid credential".to_owned()
            } else {
                requested.join(", ")
            },
        ),
        ("min level".into(), r.min_level.to_string()),
        ("nonce".into(), hex(r.nonce)),
        (
            "made".into(),
            format!(
                "{}, answer within {}",
                fmt_time(r.issued_at),
                fmt_duration(r.max_age)
            ),
        ),
        ("verifier key".into(), r.verifier_key.key_id().to_string()),
    ];
    Ok(v)
}

fn issuance_request(object: &util::Object) -> CmdResult<Verdict> {
    let r = IssuanceRequest::decode(&object.bytes).map_err(|e| {
        refused(
            e,
            explain::describe(&e, &format!("the issuance request in {}", object.name)),
        )
    })?;
    let mut f = Map::new();
    f.insert(
        "device_public_key".into(),
        json!(hex(r.device_key.as_bytes())),
    );
    f.insert("level".into(), json!(r.level.as_str()));
    f.insert("nonce".into(), json!(hex(&r.nonce)));
    f.insert("created_at".into(), json!(r.created_at));
    let mut v = accepted(
        Kind::Signed(ObjectKind::IssuanceRequest),
        format!(
            "an issuance request for {} credential, with proof of possession of device key {}",
            objects::a(r.level.as_str()),
            r.device_key.key_id()
        ),
        f,
    );
    v.lines = vec![
        ("issuer nonce".into(), hex(&r.nonce)),
        ("made".into(), fmt_time(r.created_at)),
    ];
    Ok(v)
}

// --- replay cache file -----------------------------------------------------------------------

const REPLAY_HEADER: &str = "wz replay cache v1";

/// Checks a verified presentation against the replay cache in `file`, and records it.
///
/// The file holds one line per remembered presentation, `KEY FRESH_UNTIL`: the first 8 bytes
/// of SHA-256 over its device signature (hex) and the end of its window. Entries whose window
/// has passed are dropped on every write.
fn replay_check(
    file: &Path,
    v: &VerifiedPresentation<'_>,
    now: u64,
) -> CmdResult<Result<(), Error>> {
    let name = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(usage(format!(
                "cannot read the replay cache {name}: {}",
                util::io_reason(&e)
            )));
        }
    };
    let bad = || usage(format!("{name} is not a wz replay cache"));
    let mut lines = text.lines();
    let mut entries: Vec<(u64, u64)> = Vec::new();
    match lines.next() {
        None => {}
        Some(REPLAY_HEADER) => {
            for line in lines {
                let (k, until) = line.split_once(' ').ok_or_else(bad)?;
                let k = u64::from_str_radix(k, 16).map_err(|_| bad())?;
                let until: u64 = until.parse().map_err(|_| bad())?;
                entries.push((k, until));
            }
        }
        Some(_) => return Err(bad()),
    }
    let mut cache = ReplayCache::new(entries.len() + 1, 0);
    for &(k, until) in entries.iter().filter(|(_, u)| *u >= now) {
        let _ = cache.check_key(k, until, now);
    }
    if let Err(e) = cache.check(v, now) {
        return Ok(Err(e));
    }
    if v.audience.is_some() {
        return Ok(Ok(()));
    }
    let digest = wangzheng::crypto::sha256(&[v.device_signature()]);
    let mut key = [0u8; 8];
    key.copy_from_slice(&digest[..8]);
    entries.retain(|(_, u)| *u >= now);
    entries.push((u64::from_le_bytes(key), v.fresh_until));
    let mut out = format!("{REPLAY_HEADER}\n");
    for (k, until) in entries {
        out.push_str(&format!("{k:016x} {until}\n"));
    }
    util::write_file(file, out.as_bytes(), false)?;
    Ok(Ok(()))
}
