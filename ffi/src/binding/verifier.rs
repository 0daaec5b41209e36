//! The relying party's verifier, shaped for terminals, apps and back ends.

use super::error::{Result, WangzhengError};
use super::signer::{DeviceSigner, PlatformSigner};
use super::types::{Attribute, Level, attribute_ids, public_key, random_bytes};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use wz_core::{
    PresentationRequest, ReplayCache, RequestParams as CoreRequestParams,
    StatusCheck as CoreStatusCheck, UndeterminedStatus, Verifier as CoreVerifier,
};

/// What a verifier accepts. Every field but `min_level` has a default (Kotlin and Swift named
/// arguments); `defaultPolicy()` gives a complete one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Policy {
    /// The lowest acceptable level.
    pub min_level: Level,
    /// Attributes that must be disclosed (besides those a request asks for).
    #[uniffi(default = [])]
    pub required: Vec<String>,
    /// This verifier's id (`relying-party/terminal`): presentations bound to another audience
    /// are refused.
    #[uniffi(default = None)]
    pub audience: Option<String>,
    /// The oldest presentation accepted, in seconds.
    #[uniffi(default = 120)]
    pub max_age_seconds: u64,
    /// The tolerated clock difference between phone and verifier, in seconds.
    #[uniffi(default = 30)]
    pub clock_skew_seconds: u64,
    /// Accept a credential whose status cannot be determined (no fresh list loaded) instead of
    /// refusing it with `StatusUnavailable`; `VerifiedPresentation.statusCheck` says so.
    #[uniffi(default = false)]
    pub accept_undetermined_status: bool,
    /// Keep using a trust list past its next update.
    #[uniffi(default = false)]
    pub accept_stale_trust_list: bool,
    /// How many recent presentations `verifyOnce` remembers to refuse a second showing.
    #[uniffi(default = 10000)]
    pub replay_capacity: u32,
}

impl Policy {
    /// The core policy; checks the fields the core does not have (the replay capacity).
    fn to_core(&self) -> Result<wz_core::Policy> {
        if self.replay_capacity == 0 {
            return Err(WangzhengError::invalid("replay capacity must be positive"));
        }
        Ok(wz_core::Policy {
            min_level: self.min_level.into(),
            required: attribute_ids(&self.required)?,
            audience: self.audience.clone(),
            max_age: self.max_age_seconds,
            clock_skew: self.clock_skew_seconds,
            undetermined_status: if self.accept_undetermined_status {
                UndeterminedStatus::Accept
            } else {
                UndeterminedStatus::Refuse
            },
            accept_stale_trust_list: self.accept_stale_trust_list,
        })
    }
}

/// What the verifier learned about the credential's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum StatusCheck {
    /// A fresh status list says the credential is good.
    Good,
    /// The credential names no status list: its issuer publishes none for it.
    NotPublished,
    /// No fresh list was loaded for it (accepted only with `acceptUndeterminedStatus`).
    Undetermined,
}

/// An accepted presentation: who vouches, for what, and exactly what the holder disclosed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Debug, Eq, Hash)]
pub struct VerifiedPresentation {
    /// The credential's level.
    pub level: Level,
    /// The credential's identifier (16 bytes): the same for every presentation of it.
    pub credential_id: Vec<u8>,
    /// The issuer's key identifier (8 bytes).
    pub issuer_key_id: Vec<u8>,
    /// The credential's generation.
    pub generation: u64,
    /// When the credential was issued (Unix seconds).
    pub issued_at: u64,
    /// When it expires.
    pub expires_at: u64,
    /// When the presentation was made.
    pub presented_at: u64,
    /// The last second at which it is fresh enough to accept.
    pub fresh_until: u64,
    /// The status check's outcome.
    pub status_check: StatusCheck,
    /// The audience it is bound to (interactive presentations).
    pub audience: Option<String>,
    /// The disclosed attributes, in the presentation's order (the random order of the
    /// credential's digest-tree leaves: look them up by name).
    pub attributes: Vec<Attribute>,
}

impl VerifiedPresentation {
    fn from_core(v: &wz_core::VerifiedPresentation<'_>) -> Result<VerifiedPresentation> {
        let attributes = v
            .disclosed()
            .map(Attribute::from_core)
            .collect::<Result<Vec<_>>>()?;
        Ok(VerifiedPresentation {
            level: v.level.into(),
            credential_id: v.credential_id.to_vec(),
            issuer_key_id: v.issuer_kid.0.to_vec(),
            generation: v.generation,
            issued_at: v.issued_at,
            expires_at: v.expires_at,
            presented_at: v.presented_at,
            fresh_until: v.fresh_until,
            status_check: match v.status_check {
                CoreStatusCheck::Good => StatusCheck::Good,
                CoreStatusCheck::NotPublished => StatusCheck::NotPublished,
                CoreStatusCheck::Undetermined => StatusCheck::Undetermined,
            },
            audience: v.audience.map(str::to_owned),
            attributes,
        })
    }
}

/// One presentation's verdict in `Verifier.verifyBatch`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
#[uniffi::export(Debug, Eq, Hash)]
pub enum BatchVerdict {
    /// Accepted, exactly as `verify` would have accepted it.
    Accepted {
        /// What it proves.
        presentation: VerifiedPresentation,
    },
    /// Refused, with the error `verify` would have thrown.
    Refused {
        /// The error.
        error: WangzhengError,
    },
}

/// The outcome of one factor of an online verification.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Factor {
    /// Checked and passed.
    Passed,
    /// Checked and failed, with this error (`PasswordWrong`, `FaceMismatch`, `Revoked`, ...).
    Failed {
        /// Why.
        error: WangzhengError,
    },
    /// Not checked: not asked for, or an earlier factor failed.
    NotPerformed,
}

impl From<wz_core::FactorResult> for Factor {
    fn from(f: wz_core::FactorResult) -> Factor {
        match f {
            wz_core::FactorResult::Ok => Factor::Passed,
            wz_core::FactorResult::Failed(code) => Factor::Failed {
                error: WangzhengError::from_code(code, format!("factor failed: {}", code.as_str())),
            },
            wz_core::FactorResult::NotPerformed => Factor::NotPerformed,
        }
    }
}

/// The authority's signed answer to a terminal's online verification request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Debug, Eq, Hash)]
pub struct Receipt {
    /// The terminal that asked.
    pub verifier_id: String,
    /// When the service checked (Unix seconds).
    pub checked_at: u64,
    /// The credential factor: the presentation, its credential and live status.
    pub identity: Factor,
    /// The password factor.
    pub password: Factor,
    /// The face factor.
    pub face: Factor,
    /// Whether every factor asked for passed.
    pub all_passed: bool,
    /// The credential's level, when the identity factor passed.
    pub level: Option<Level>,
    /// The face matcher's score, 0–1000, when it gave one.
    pub face_score: Option<u16>,
    /// The holder's 16-byte identifier at this relying party, when identity passed.
    pub rp_id: Option<Vec<u8>>,
    /// The attributes the service vouched for.
    pub attributes: Vec<Attribute>,
}

/// What a terminal asks the holder for in an interactive presentation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct RequestParams {
    /// This terminal's id (`relying-party/terminal`, 1–128 bytes): the audience.
    pub verifier_id: String,
    /// The attributes to disclose.
    #[uniffi(default = [])]
    pub requested: Vec<String>,
    /// The lowest acceptable level.
    pub min_level: Level,
    /// How old, in seconds, the answer may be.
    #[uniffi(default = 120)]
    pub max_age_seconds: u64,
}

/// Verifies presentations offline: trust list or pinned issuer keys, status lists, policy and
/// replay cache.
///
/// Thread-safe: any number of verifications run at once; updates wait for them.
#[derive(Debug, uniffi::Object)]
pub struct Verifier {
    inner: RwLock<CoreVerifier>,
    replay: Mutex<ReplayCache>,
}

impl Verifier {
    fn read(&self) -> RwLockReadGuard<'_, CoreVerifier> {
        // Updates replace state only after every check passed, so a panic cannot leave a
        // half-updated verifier behind a poisoned lock.
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, CoreVerifier> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }

    fn wrap(inner: CoreVerifier, policy: &Policy) -> Result<Arc<Verifier>> {
        let seed = random_bytes::<8>()?;
        Ok(Arc::new(Verifier {
            inner: RwLock::new(inner),
            replay: Mutex::new(ReplayCache::new(
                policy.replay_capacity as usize,
                u64::from_le_bytes(*seed),
            )),
        }))
    }

    pub(crate) fn decode_status_list(&self, bytes: &[u8], now: u64) -> Result<wz_core::StatusList> {
        Ok(self.read().decode_status_list(bytes, now)?)
    }
}

#[uniffi::export]
impl Verifier {
    /// A verifier that trusts only the issuer keys added with `addIssuerKey`.
    ///
    /// Errors: `InvalidArgument` for an unknown required attribute name, a replay capacity of
    /// zero, or no randomness.
    #[uniffi::constructor]
    pub fn new(policy: Policy) -> Result<Arc<Verifier>> {
        Verifier::wrap(CoreVerifier::new(policy.to_core()?), &policy)
    }

    /// A verifier that trusts the issuers of `trust_list`, signed by the 32-byte
    /// `root_public_key` (the authority's pinned root).
    ///
    /// Errors: as `new`; `WeakKey` for the root; the trust list's decoding errors;
    /// `UnknownIssuer` when another key signed it; `BadSignature`.
    #[uniffi::constructor]
    pub fn with_trust_list(
        policy: Policy,
        root_public_key: Vec<u8>,
        trust_list: Vec<u8>,
    ) -> Result<Arc<Verifier>> {
        let root = public_key(&root_public_key, "root public key")?;
        Verifier::wrap(
            CoreVerifier::with_trust_list(policy.to_core()?, root, &trust_list)?,
            &policy,
        )
    }

    /// Pins an issuer public key (32 bytes), trusted for every level and date.
    ///
    /// Errors: `InvalidArgument` for a key that is not 32 bytes; `WeakKey`.
    pub fn add_issuer_key(&self, issuer_public_key: Vec<u8>) -> Result<()> {
        let key = public_key(&issuer_public_key, "issuer public key")?;
        self.write().add_issuer_key(key);
        Ok(())
    }

    /// Replaces the trust list with a newer one signed by the same root.
    ///
    /// Errors: the decoding errors; `UnknownIssuer`; `BadSignature`; `InvalidArgument` when it
    /// is not newer than the current one or the verifier has no root. Nothing changes on error.
    pub fn update_trust_list(&self, trust_list: Vec<u8>) -> Result<()> {
        Ok(self.write().update_trust_list(&trust_list)?)
    }

    /// Loads a status list signed by a trusted issuer; reports whether it replaced the copy
    /// held for its list (an older one is ignored).
    ///
    /// Errors: the decoding errors; `UnknownIssuer`; `BadSignature`; `Malformed` for a bad
    /// list body. Nothing changes on error.
    pub fn update_status_list(&self, status_list: Vec<u8>, now: u64) -> Result<bool> {
        Ok(self.write().update_status_list(&status_list, now)?)
    }

    /// Verifies a presentation at Unix time `now`: structure, issuer and device signatures,
    /// trust, validity, freshness, status and policy. Does not consult the replay cache
    /// (see `verifyOnce`).
    ///
    /// Errors: every refusal, as its own variant (docs/FORMAT.md lists them in order).
    pub fn verify(&self, presentation: Vec<u8>, now: u64) -> Result<VerifiedPresentation> {
        VerifiedPresentation::from_core(&self.read().verify(&presentation, now)?)
    }

    /// `verify`, then records the presentation in the replay cache: a second showing of the
    /// same presentation (a photo of the QR code) is refused with `Replayed`.
    ///
    /// Errors: as `verify`; `Replayed`.
    pub fn verify_once(&self, presentation: Vec<u8>, now: u64) -> Result<VerifiedPresentation> {
        let verifier = self.read();
        let v = verifier.verify(&presentation, now)?;
        let out = VerifiedPresentation::from_core(&v)?;
        self.replay
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .check(&v, now)?;
        Ok(out)
    }

    /// `verifyOnce` on the text of a scanned QR code (`WZ1:` and base45).
    ///
    /// Errors: `Malformed` for text that is not a wangzheng QR code; as `verifyOnce`.
    pub fn verify_qr(&self, text: String, now: u64) -> Result<VerifiedPresentation> {
        self.verify_once(wz_core::qr::decode_text(&text)?, now)
    }

    /// Verifies the answer to this terminal's presentation `request` (from `createRequest`):
    /// as `verify`, and bound to the request's audience, nonce and attributes. The request's
    /// nonce is what makes the answer single-use, so discard a request after its first
    /// accepted answer: this call does not consume it (nor record the answer in the replay
    /// cache).
    ///
    /// Errors: as `verify`; the request's decoding errors; `AudienceMismatch`;
    /// `NonceMismatch`; `RequestMismatch`.
    pub fn verify_response(
        &self,
        presentation: Vec<u8>,
        request: Vec<u8>,
        now: u64,
    ) -> Result<VerifiedPresentation> {
        let request = PresentationRequest::decode(&request)?;
        VerifiedPresentation::from_core(&self.read().verify_response(
            &presentation,
            &request,
            now,
        )?)
    }

    /// Verifies many presentations at once (a gate, a queue of scans): one verdict per input,
    /// in order, each exactly what `verify` decides, faster than one by one.
    pub fn verify_batch(&self, presentations: Vec<Vec<u8>>, now: u64) -> Vec<BatchVerdict> {
        let slices: Vec<&[u8]> = presentations.iter().map(Vec::as_slice).collect();
        self.read()
            .verify_batch(&slices, now)
            .into_iter()
            .map(|r| {
                match r
                    .map_err(WangzhengError::from)
                    .and_then(|v| VerifiedPresentation::from_core(&v))
                {
                    Ok(presentation) => BatchVerdict::Accepted { presentation },
                    Err(error) => BatchVerdict::Refused { error },
                }
            })
            .collect()
    }

    /// How many presentations the replay cache remembers now.
    pub fn replay_cache_len(&self) -> u64 {
        self.replay.lock().unwrap_or_else(|p| p.into_inner()).len() as u64
    }

    /// Builds and signs an interactive presentation request with the terminal's key
    /// (`terminal`), with a fresh random nonce. Show it to the phone; keep it to check the
    /// answer with `verifyResponse`.
    ///
    /// Errors: `InvalidArgument` for an empty or over-long verifier id, an unknown or repeated
    /// attribute, or no randomness; `SignerFailed`.
    pub fn create_request(
        &self,
        params: RequestParams,
        terminal: Arc<dyn DeviceSigner>,
        now: u64,
    ) -> Result<Vec<u8>> {
        let requested = attribute_ids(&params.requested)?;
        let nonce = *random_bytes::<16>()?;
        let signer = PlatformSigner::new(terminal)?;
        Ok(PresentationRequest::create(
            &CoreRequestParams {
                verifier_id: &params.verifier_id,
                nonce,
                requested: &requested,
                min_level: params.min_level.into(),
                max_age: params.max_age_seconds,
                now,
            },
            &signer,
        )?)
    }

    /// Verifies a receipt from the authority's online service: signed by a key the trust list
    /// allows to sign receipts (or a pinned key), answering exactly `request` (this terminal's
    /// verification request), and fresh. A valid receipt may still report failed factors.
    ///
    /// Errors: the decoding errors; `UnknownIssuer`; `TrustListStale`; `BadSignature`;
    /// `ReceiptMismatch`; `NotYetValid`; `StalePresentation`.
    pub fn verify_receipt(&self, receipt: Vec<u8>, request: Vec<u8>, now: u64) -> Result<Receipt> {
        let verifier = self.read();
        let r = verifier.verify_receipt(&receipt, &request, now)?;
        let attributes = r
            .released()
            .map(Attribute::from_core)
            .collect::<Result<Vec<_>>>()?;
        Ok(Receipt {
            verifier_id: r.verifier_id.to_owned(),
            checked_at: r.checked_at,
            identity: r.identity.into(),
            password: r.password.into(),
            face: r.face.into(),
            all_passed: r.all_passed(),
            level: r.level.map(Into::into),
            face_score: r.face_score,
            rp_id: r.rp_id.map(|id| id.to_vec()),
            attributes,
        })
    }
}

/// The default policy: light or better, nothing required, no audience, 120 s maximum age,
/// 30 s clock skew, refuse undetermined status and stale trust lists, 10,000 replay entries.
#[uniffi::export]
pub fn default_policy() -> Policy {
    Policy {
        min_level: Level::Light,
        required: Vec::new(),
        audience: None,
        max_age_seconds: 120,
        clock_skew_seconds: 30,
        accept_undetermined_status: false,
        accept_stale_trust_list: false,
        replay_capacity: 10_000,
    }
}
