//! `wz online`: online verification (scenario 8). The terminal builds a verification request
//! (the presentation, the password sealed to the service, the digest of a live face image), the
//! authority's service answers with a signed receipt, and the terminal checks the receipt
//! offline.
//!
//! The command-line service keeps its state in a JSON file (mode 0600): its three secrets, the
//! holders it knows (status-list entry → ID number, and a face reference), and the nonces it
//! handed out. Its face matcher is a stand-in: a live image matches when it is byte-identical to
//! the reference image enrolled for the holder. It keeps no password records (the library cannot
//! store one between runs yet), so it refuses requests that carry a password; `wz demo`
//! (scenario 8) shows the password factor with the library's own service.

use crate::error::{CmdResult, Failure, refused, usage};
use crate::explain::describe;
use crate::keys::read_signing_key;
use crate::util::{self, OutputArgs, fmt_time, hex, input_name};
use crate::values;
use crate::verify::{TrustArgs, parse_attribute, wrong_kind_sentence};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use wangzheng::{
    AttributeId, AuthMode, Error, FaceComparison, FaceEvidence, FaceMatcher, FactorResult,
    InMemoryPasswordStore, PersonKey, Policy, Receipt, ServiceKeys, ServiceSealingKey, StatusRef,
    VerificationParams, VerificationRequest, VerificationService, limits, service::Directory,
};
use zeroize::Zeroizing;

/// `wz online`.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum OnlineCommand {
    /// Terminal: build and sign a verification request for a presentation the phone showed.
    Request(RequestArgs),
    /// Service: check a verification request and answer with a signed receipt.
    Check(CheckArgs),
    /// Terminal: check a receipt against the request it answers (exit 0 when the receipt is
    /// valid and every factor asked for passed, 1 otherwise).
    VerifyReceipt(VerifyReceiptArgs),
    /// Service: create the service's state file and keys.
    ServiceInit(ServiceInitArgs),
    /// Service: record a holder (status-list entry, ID number, face reference).
    Enroll(EnrollArgs),
    /// Service: hand out a nonce for one verification request.
    Nonce(NonceArgs),
}

/// Runs `wz online ...`.
///
/// # Errors
///
/// Usage failures and refusals.
pub fn run(cmd: &OnlineCommand) -> CmdResult<u8> {
    match cmd {
        OnlineCommand::Request(a) => request(a),
        OnlineCommand::Check(a) => check(a),
        OnlineCommand::VerifyReceipt(a) => verify_receipt(a),
        OnlineCommand::ServiceInit(a) => service_init(a),
        OnlineCommand::Enroll(a) => enroll(a),
        OnlineCommand::Nonce(a) => nonce(a),
    }
}

// --- terminal: the request -----------------------------------------------------------------------

/// `wz online request`.
#[derive(Debug, Clone, clap::Args)]
pub struct RequestArgs {
    /// The presentation the phone showed.
    #[arg(value_name = "PRESENTATION")]
    pub presentation: PathBuf,
    /// The presentation request it answers, for an interactive presentation.
    #[arg(long, value_name = "FILE")]
    pub presentation_request: Option<PathBuf>,
    /// The terminal's secret key.
    #[arg(long, value_name = "FILE")]
    pub terminal_key: PathBuf,
    /// This terminal's verifier id, `relying-party/terminal` (e.g. bank.example/counter-7).
    #[arg(long, value_name = "ID")]
    pub verifier_id: String,
    /// The nonce the service handed out (`wz online nonce`).
    #[arg(long, value_name = "HEX", value_parser = util::parse_nonce)]
    pub service_nonce: [u8; 16],
    /// The service's password-sealing key (64 hex digits or a file; `wz online service-init`
    /// prints it).
    #[arg(long, value_name = "KEY")]
    pub service_key: String,
    /// The factors: credential, password, face or password-face.
    #[arg(long, value_name = "MODE", value_parser = parse_mode, default_value = "credential")]
    pub mode: AuthMode,
    /// A file holding the holder's 8-digit credential password (`-` for stdin); never a
    /// command-line argument, which other users could see.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// The live face image the terminal captured (it travels beside the request).
    #[arg(long, value_name = "IMAGE")]
    pub face_image: Option<PathBuf>,
    /// The attributes the receipt should vouch for (they must be disclosed).
    #[arg(long, value_name = "ATTRS", value_delimiter = ',', value_parser = parse_attribute)]
    pub release: Vec<AttributeId<'static>>,
    #[command(flatten)]
    pub at: crate::commands::AtArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_mode(s: &str) -> Result<AuthMode, String> {
    match s {
        "credential" => Ok(AuthMode::Credential),
        "password" => Ok(AuthMode::CredentialPassword),
        "face" => Ok(AuthMode::CredentialFace),
        "password-face" => Ok(AuthMode::CredentialPasswordFace),
        _ => Err(format!(
            "`{s}` is not a mode: give credential, password, face or password-face"
        )),
    }
}

fn sealing_key_arg(arg: &str) -> CmdResult<ServiceSealingKey> {
    let mut key = [0u8; 32];
    let trimmed = arg.trim();
    if trimmed.len() == 64 && hex::decode_to_slice(trimmed, &mut key).is_ok() {
        return Ok(ServiceSealingKey(key));
    }
    let raw = util::read_input(Path::new(arg)).map_err(|_| {
        usage(format!(
            "--service-key must be 64 hex digits or a file holding them; `{arg}` is neither"
        ))
    })?;
    hex::decode_to_slice(raw.trim_ascii(), &mut key)
        .map_err(|_| usage(format!("{arg} does not hold 64 hex digits")))?;
    Ok(ServiceSealingKey(key))
}

fn request(a: &RequestArgs) -> CmdResult<u8> {
    let presentation = util::read_object(&a.presentation)?;
    let presentation_request = a
        .presentation_request
        .as_deref()
        .map(util::read_object)
        .transpose()?;
    let terminal = read_signing_key(&a.terminal_key)?;
    let service = sealing_key_arg(&a.service_key)?;
    let now = a.at.at.unwrap_or_else(util::now);
    let password = match (&a.password_file, a.mode.password()) {
        (Some(f), true) => {
            let raw = Zeroizing::new(util::read_input(f)?);
            let text = std::str::from_utf8(raw.trim_ascii())
                .ok()
                .filter(|t| t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    usage(format!(
                        "{} does not hold an 8-digit credential password",
                        input_name(f)
                    ))
                })?;
            Some(Zeroizing::new(text.to_owned()))
        }
        (None, true) => {
            return Err(usage(
                "this mode checks the password: pass --password-file FILE",
            ));
        }
        (Some(_), false) => {
            return Err(usage(
                "--password-file is only for the password and password-face modes",
            ));
        }
        (None, false) => None,
    };
    let image = match (&a.face_image, a.mode.face()) {
        (Some(f), true) => Some(util::read_input(f)?),
        (None, true) => {
            return Err(usage("this mode checks the face: pass --face-image IMAGE"));
        }
        (Some(_), false) => {
            return Err(usage(
                "--face-image is only for the face and password-face modes",
            ));
        }
        (None, false) => None,
    };
    let face = image
        .as_deref()
        .map(|img| FaceEvidence::for_image(img, now, media_type(img)));
    let params = VerificationParams {
        presentation: &presentation.bytes,
        presentation_request: presentation_request.as_ref().map(|r| r.bytes.as_slice()),
        verifier_id: &a.verifier_id,
        service_nonce: a.service_nonce,
        mode: a.mode,
        password: password.as_ref().map(|p| p.as_str()),
        face,
        release: &a.release,
        now,
    };
    let mut rng = util::os_rng()?;
    let bytes = VerificationRequest::create(&params, &service, &terminal, &mut rng)
        .map_err(|e| usage(format!("cannot make the request: {}", describe(&e, "it"))))?;
    a.output.emit(&bytes)?;
    Ok(0)
}

fn media_type(image: &[u8]) -> &'static str {
    if image.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else if image.starts_with(b"\x89PNG") {
        "image/png"
    } else {
        "application/octet-stream"
    }
}

// --- terminal: the receipt -----------------------------------------------------------------------

/// `wz online verify-receipt`.
#[derive(Debug, Clone, clap::Args)]
pub struct VerifyReceiptArgs {
    /// The receipt.
    #[arg(value_name = "RECEIPT")]
    pub receipt: PathBuf,
    /// The verification request this terminal sent.
    #[arg(long, value_name = "FILE")]
    pub request: PathBuf,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// The oldest receipt accepted, in seconds (default 120).
    #[arg(long, value_name = "SECONDS")]
    pub max_age: Option<u64>,
    #[command(flatten)]
    pub at: crate::commands::AtArgs,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// A factor's result in words.
pub fn factor_text(f: FactorResult) -> String {
    match f {
        FactorResult::Ok => "ok".to_owned(),
        FactorResult::Failed(code) => format!("failed ({code})"),
        FactorResult::NotPerformed => "not performed".to_owned(),
    }
}

fn factor_json(f: FactorResult) -> Value {
    match f {
        FactorResult::Ok => json!("ok"),
        FactorResult::Failed(code) => json!(format!("failed:{code}")),
        FactorResult::NotPerformed => json!("not_performed"),
    }
}

/// The readable lines of a verified receipt.
pub fn receipt_lines(r: &Receipt<'_>) -> Vec<(String, String)> {
    let mut lines = vec![
        (
            "identity".to_owned(),
            match (r.identity, r.level) {
                (FactorResult::Ok, Some(l)) => format!("ok ({l} credential, live status)"),
                (f, _) => factor_text(f),
            },
        ),
        ("password".to_owned(), factor_text(r.password)),
        (
            "face".to_owned(),
            match r.face_score {
                Some(s) => format!("{} (score {s}/1000)", factor_text(r.face)),
                None => factor_text(r.face),
            },
        ),
    ];
    if let Some(id) = r.rp_id {
        lines.push((
            "identifier".to_owned(),
            format!(
                "{} (this holder at {})",
                hex(&id),
                wangzheng::online::relying_party(r.verifier_id)
            ),
        ));
    }
    let vouched: Vec<String> = r
        .released()
        .map(|a| format!("{} = {}", a.id, values::to_text(&a.value)))
        .collect();
    if !vouched.is_empty() {
        lines.push(("vouched for".to_owned(), vouched.join("\n")));
    }
    lines.push(("checked".to_owned(), fmt_time(r.checked_at)));
    lines
}

fn verify_receipt(a: &VerifyReceiptArgs) -> CmdResult<u8> {
    let now = a.at.at.unwrap_or_else(util::now);
    if !a.trust.has_issuer_trust() {
        return Err(usage(
            "checking a receipt needs --trust-list FILE with --root-public-key KEY, or --issuer-public-key KEY (the service's receipt key)",
        ));
    }
    let mut policy = Policy::default();
    if let Some(m) = a.max_age {
        policy.max_age = m;
    }
    let request = util::read_object(&a.request)?;
    let result = util::read_object(&a.receipt).and_then(|receipt| {
        let setup = a.trust.build(policy, now)?;
        let verified = setup
            .verifier
            .verify_receipt(&receipt.bytes, &request.bytes, now)
            .map_err(|e| receipt_refusal(e, &receipt, &request))?;
        Ok(receipt_report(&verified))
    });
    let (valid, all_passed, mut out, text) = match result {
        Ok((all, fields, text)) => (true, all, fields, text),
        Err(Failure::Refused { code, message }) => {
            let mut m = Map::new();
            m.insert("code".into(), json!(code.as_str()));
            m.insert("message".into(), json!(message));
            (false, false, m, format!("REFUSED: {message} ({code})\n"))
        }
        Err(other) => return Err(other),
    };
    if a.json {
        out.insert("valid".into(), json!(valid));
        out.insert("all_passed".into(), json!(all_passed));
        println!("{}", Value::Object(out));
    } else {
        print!("{text}");
    }
    Ok(if all_passed { 0 } else { 1 })
}

fn receipt_report(r: &Receipt<'_>) -> (bool, Map<String, Value>, String) {
    let all = r.all_passed();
    let mut m = Map::new();
    m.insert("code".into(), json!("ok"));
    m.insert("identity".into(), factor_json(r.identity));
    m.insert("password".into(), factor_json(r.password));
    m.insert("face".into(), factor_json(r.face));
    m.insert("level".into(), json!(r.level.map(|l| l.as_str())));
    m.insert("face_score".into(), json!(r.face_score));
    m.insert("rp_id".into(), json!(r.rp_id.map(|id| hex(&id))));
    m.insert("verifier_id".into(), json!(r.verifier_id));
    m.insert("checked_at".into(), json!(r.checked_at));
    let mut released = Map::new();
    for a in r.released() {
        released.insert(a.id.name().into_owned(), values::to_json(&a.value));
    }
    m.insert("released".into(), Value::Object(released));
    let mut text = format!(
        "{}: a valid receipt from the verification service{}\n",
        if all { "PASSED" } else { "FAILED" },
        if all {
            ", every factor asked for passed".to_owned()
        } else {
            ", but a factor failed".to_owned()
        }
    );
    for (label, value) in receipt_lines(r) {
        for (i, line) in value.lines().enumerate() {
            let label = if i == 0 { label.as_str() } else { "" };
            text.push_str(&format!("  {label:<14} {line}\n"));
        }
    }
    (all, m, text)
}

fn receipt_refusal(e: Error, receipt: &util::Object, request: &util::Object) -> Failure {
    let message = match e {
        Error::ReceiptMismatch => format!(
            "the receipt {} does not answer the request {}: it was made for another request",
            receipt.name, request.name
        ),
        Error::UnknownIssuer => format!(
            "the receipt {} is signed by a key the trust configuration does not allow to sign receipts",
            receipt.name
        ),
        Error::StalePresentation => format!(
            "the receipt {} is older than this terminal accepts; ask the service again",
            receipt.name
        ),
        Error::WrongKind { .. } => wrong_kind_sentence(&receipt.name, &receipt.bytes, "receipt"),
        other => describe(&other, &format!("the receipt {}", receipt.name)),
    };
    refused(e, message)
}

// --- service -------------------------------------------------------------------------------------

/// The service's state file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    version: u32,
    signing_seed: String,
    sealing_seed: String,
    rp_secret: String,
    holders: Vec<Holder>,
    nonces: Vec<Outstanding>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Holder {
    status: String,
    id_number: String,
    face_reference_sha256: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Outstanding {
    nonce: String,
    issued_at: u64,
}

fn secret32(s: &str, name: &str) -> CmdResult<Zeroizing<[u8; 32]>> {
    let mut out = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(s, out.as_mut()).map_err(|_| {
        usage(format!(
            "the service state {name} is damaged (a secret is not 64 hex digits)"
        ))
    })?;
    Ok(out)
}

fn load_state(path: &Path) -> CmdResult<State> {
    let raw = Zeroizing::new(util::read_input(path)?);
    serde_json::from_slice(&raw).map_err(|_| {
        usage(format!(
            "{} is not a wz service state (make one with `wz online service-init`)",
            path.display()
        ))
    })
}

fn save_state(path: &Path, state: &State) -> CmdResult {
    let text = Zeroizing::new(
        serde_json::to_vec_pretty(state).map_err(|_| usage("cannot write the service state"))?,
    );
    util::write_file(path, &text, true)
}

fn service_keys(state: &State, name: &str) -> CmdResult<ServiceKeys> {
    let signing = secret32(&state.signing_seed, name)?;
    let sealing = secret32(&state.sealing_seed, name)?;
    let rp = secret32(&state.rp_secret, name)?;
    Ok(ServiceKeys::from_seeds(&signing, &sealing, &rp))
}

/// `wz online service-init`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServiceInitArgs {
    /// The state file to create (mode 0600: it holds the service's secrets).
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    /// Replace an existing state file.
    #[arg(long)]
    pub force: bool,
}

fn service_init(a: &ServiceInitArgs) -> CmdResult<u8> {
    if a.state.exists() && !a.force {
        return Err(usage(format!(
            "{} already exists; pass --force to replace it",
            a.state.display()
        )));
    }
    let mut rng = util::os_rng()?;
    let mut secrets = Zeroizing::new([0u8; 96]);
    rand_core::Rng::fill_bytes(&mut rng, secrets.as_mut());
    let state = State {
        version: 1,
        signing_seed: hex(&secrets[..32]),
        sealing_seed: hex(&secrets[32..64]),
        rp_secret: hex(&secrets[64..]),
        holders: Vec::new(),
        nonces: Vec::new(),
    };
    save_state(&a.state, &state)?;
    let (receipt_key, sealing) = public_keys(&state, &input_name(&a.state))?;
    println!("wrote the service state {} (mode 0600)", a.state.display());
    println!(
        "receipt key  {receipt_key}  (the trust list names it: wz trust-list ... --receipt-key KEY)"
    );
    println!(
        "sealing key  {sealing}  (terminals seal passwords to it: wz online request --service-key KEY)"
    );
    Ok(0)
}

fn public_keys(state: &State, name: &str) -> CmdResult<(String, String)> {
    let keys = service_keys(state, name)?;
    let receipt = hex(&keys.signing.public_key_bytes());
    let service = make_service(
        keys,
        Vec::new(),
        Vec::new(),
        wangzheng::Verifier::new(Policy::default()),
    );
    Ok((receipt, hex(&service.sealing_key().0)))
}

/// `wz online enroll`.
#[derive(Debug, Clone, clap::Args)]
pub struct EnrollArgs {
    /// The service's state file.
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    /// The holder's credential's status-list entry, LIST:INDEX.
    #[arg(long, value_name = "LIST:INDEX")]
    pub status: String,
    /// The holder's citizen ID number (the service derives its person key from it).
    #[arg(long, value_name = "NUMBER")]
    pub id_number: String,
    /// The reference image the stand-in face matcher compares live images with.
    #[arg(long, value_name = "IMAGE")]
    pub face_reference: Option<PathBuf>,
}

fn enroll(a: &EnrollArgs) -> CmdResult<u8> {
    let mut state = load_state(&a.state)?;
    parse_status(&a.status)?;
    if !wangzheng::attributes::valid_id_number(&a.id_number) {
        return Err(usage(
            "--id-number must be an 18-character citizen ID number with a valid check character",
        ));
    }
    let face = a
        .face_reference
        .as_deref()
        .map(|p| util::read_input(p).map(|img| hex(&wangzheng::crypto::sha256(&[&img]))))
        .transpose()?;
    state.holders.retain(|h| h.status != a.status);
    state.holders.push(Holder {
        status: a.status.clone(),
        id_number: a.id_number.clone(),
        face_reference_sha256: face,
    });
    save_state(&a.state, &state)?;
    println!("enrolled the holder of status entry {}", a.status);
    Ok(0)
}

fn parse_status(s: &str) -> CmdResult<StatusRef> {
    let bad = || usage(format!("`{s}` is not LIST:INDEX"));
    let (l, i) = s.split_once(':').ok_or_else(bad)?;
    Ok(StatusRef {
        list: l.parse().map_err(|_| bad())?,
        index: i.parse().map_err(|_| bad())?,
    })
}

/// `wz online nonce`.
#[derive(Debug, Clone, clap::Args)]
pub struct NonceArgs {
    /// The service's state file.
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    #[command(flatten)]
    pub at: crate::commands::AtArgs,
}

fn nonce(a: &NonceArgs) -> CmdResult<u8> {
    let mut state = load_state(&a.state)?;
    let now = a.at.at.unwrap_or_else(util::now);
    let nonce: [u8; 16] = wangzheng::Issuer::new_nonce(&mut util::os_rng()?);
    state.nonces.retain(|n| {
        n.issued_at
            .saturating_add(wangzheng::service::NONCE_LIFETIME)
            >= now
    });
    state.nonces.push(Outstanding {
        nonce: hex(&nonce),
        issued_at: now,
    });
    save_state(&a.state, &state)?;
    println!("{}", hex(&nonce));
    Ok(0)
}

/// The service's directory: status-list entry → person.
struct Holders(Vec<(StatusRef, PersonKey)>);

impl Directory for Holders {
    fn person(
        &self,
        _credential_id: &[u8; limits::CREDENTIAL_ID_LEN],
        status: Option<StatusRef>,
    ) -> Option<PersonKey> {
        let s = status?;
        self.0.iter().find(|(r, _)| *r == s).map(|(_, p)| *p)
    }
}

/// The stand-in face matcher: a live image matches when its SHA-256 equals the reference's.
struct ReferenceMatcher(Vec<(PersonKey, [u8; 32])>);

impl FaceMatcher for ReferenceMatcher {
    fn compare(&self, person: &PersonKey, image: &[u8]) -> FaceComparison {
        let digest = wangzheng::crypto::sha256(&[image]);
        let matched = self.0.iter().any(|(p, d)| p == person && *d == digest);
        FaceComparison {
            score: if matched { 1000 } else { 0 },
            matched,
        }
    }
}

/// The service from its keys, directory, face references and verifier.
fn make_service(
    keys: ServiceKeys,
    holders: Vec<(StatusRef, PersonKey)>,
    faces: Vec<(PersonKey, [u8; 32])>,
    verifier: wangzheng::Verifier,
) -> VerificationService<InMemoryPasswordStore, ReferenceMatcher, Holders> {
    VerificationService::new(
        verifier,
        keys,
        InMemoryPasswordStore::new(),
        ReferenceMatcher(faces),
        Holders(holders),
    )
}

/// Hands the service the nonce it drew earlier: the service draws nonces from the generator it
/// is given, and this one yields the recorded nonce's bytes (the library keeps outstanding
/// nonces in memory only, and a command-line service lives for one command).
struct Recorded<'a>(&'a [u8]);

impl rand_core::TryRng for Recorded<'_> {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        let n = dst.len().min(self.0.len());
        dst[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(())
    }
}

impl rand_core::TryCryptoRng for Recorded<'_> {}

/// `wz online check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The terminal's verification request.
    #[arg(value_name = "REQUEST")]
    pub request: PathBuf,
    /// The service's state file.
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    /// The live face image that came with the request.
    #[arg(long, value_name = "IMAGE")]
    pub face_image: Option<PathBuf>,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub at: crate::commands::AtArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn check(a: &CheckArgs) -> CmdResult<u8> {
    let now = a.at.at.unwrap_or_else(util::now);
    let name = input_name(&a.state);
    let mut state = load_state(&a.state)?;
    let req_obj = util::read_object(&a.request)?;
    let req = VerificationRequest::decode(&req_obj.bytes).map_err(|e| {
        let message = match e {
            Error::WrongKind { .. } => {
                wrong_kind_sentence(&req_obj.name, &req_obj.bytes, "verification request")
            }
            other => describe(
                &other,
                &format!("the verification request {}", req_obj.name),
            ),
        };
        refused(e, message)
    })?;
    if req.mode.password() {
        return Err(usage(
            "this command-line service keeps no password records (the library cannot store one between runs yet), so it cannot check the password factor; `wz demo` shows it in scenario 8",
        ));
    }
    if !a.trust.has_issuer_trust() {
        return Err(usage(
            "the service verifies presentations: pass --trust-list FILE with --root-public-key KEY (and its live --status-list), or --issuer-public-key KEY",
        ));
    }
    let setup = a.trust.build(Policy::default(), now)?;
    let mut holders = Vec::new();
    let mut faces = Vec::new();
    for h in &state.holders {
        let person = PersonKey::from_id_number(&h.id_number);
        holders.push((parse_status(&h.status)?, person));
        if let Some(d) = &h.face_reference_sha256 {
            faces.push((person, *secret32(d, &name)?));
        }
    }
    let mut service = make_service(service_keys(&state, &name)?, holders, faces, setup.verifier);
    let wanted = hex(req.service_nonce);
    let Some(pos) = state.nonces.iter().position(|n| n.nonce == wanted) else {
        return Err(refused(
            Error::NonceMismatch,
            format!(
                "the verification request {} carries a nonce this service did not hand out, or one already used",
                req_obj.name
            ),
        ));
    };
    let recorded = state.nonces.remove(pos);
    let bytes = hex::decode(&recorded.nonce).map_err(|_| usage(format!("{name} is damaged")))?;
    service.new_nonce(&mut Recorded(&bytes), recorded.issued_at);
    // The nonce is spent whatever the answer, like the library's own service does.
    save_state(&a.state, &state)?;
    let image = a.face_image.as_deref().map(util::read_input).transpose()?;
    let receipt = service
        .check(&req_obj.bytes, image.as_deref(), now)
        .map_err(|e| {
            let message = match e {
                Error::NonceMismatch => format!(
                    "the nonce of {} has expired (nonces last {} s)",
                    req_obj.name,
                    wangzheng::service::NONCE_LIFETIME
                ),
                Error::StalePresentation => format!(
                    "the verification request {} is more than five minutes old",
                    req_obj.name
                ),
                other => describe(
                    &other,
                    &format!("the verification request {}", req_obj.name),
                ),
            };
            refused(e, message)
        })?;
    a.output.emit(&receipt)?;
    if let Some(dest) = a.output.destination() {
        eprintln!("wrote the receipt to {dest}");
    }
    Ok(0)
}
