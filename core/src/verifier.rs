//! The verifier: checks a presentation against pinned issuer keys and a policy.
//!
//! Verification runs in a fixed order (FORMAT.md, "Verifying a presentation"): strict decoding
//! of every layer (which includes the disclosures' order, index range and path length); the
//! issuer signature; the device key and the device signature; times; level; status;
//! disclosures against the digest tree; the request binding; required attributes. Signatures
//! come before every semantic check after decoding, so a tampered field is reported as a bad
//! signature rather than by what the tampering changed. The single path allocates nothing.
//!
//! [`Verifier::verify_batch`] decides exactly as single mode does; see its documentation for
//! how.

use crate::attributes::{AttributeId, AttributeValue};
use crate::cose::ObjectKind;
use crate::credential::{Credential, Level, StatusRef};
use crate::crypto::{KeyId, PublicKey};
use crate::disclosure::root_from_path;
use crate::error::{Error, Result};
use crate::limits;
use crate::presentation::{Attribute, Presentation, PresentedDisclosures};
use crate::request::PresentationRequest;
use crate::status::{CredentialStatus, StatusList};
use crate::trust::TrustList;
use alloc::string::String;
use alloc::vec::Vec;

/// What a verifier accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The lowest acceptable level.
    pub min_level: Level,
    /// Attributes that must be disclosed (in addition to those a request asks for).
    pub required: Vec<AttributeId<'static>>,
    /// This verifier's own id: presentations bound to another audience are refused.
    pub audience: Option<String>,
    /// The oldest presentation accepted, in seconds.
    pub max_age: u64,
    /// Tolerated clock difference between the phone and the verifier, in seconds.
    pub clock_skew: u64,
    /// What to do when a credential's status cannot be determined (no list for it, or only a
    /// list past its next-update). Never reported as revoked.
    pub undetermined_status: UndeterminedStatus,
    /// Whether a trust list past its next-update may still be used.
    pub accept_stale_trust_list: bool,
}

/// The policy for a credential whose status is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UndeterminedStatus {
    /// Refuse with [`Error::StatusUnavailable`] (the default).
    #[default]
    Refuse,
    /// Accept, and say so in [`VerifiedPresentation::status_check`].
    Accept,
}

/// What the verifier learned about a credential's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCheck {
    /// A fresh status list says the credential is good.
    Good,
    /// The credential names no status list: its issuer publishes no status for it.
    NotPublished,
    /// The credential names a status list, but no fresh copy is loaded (accepted only under
    /// [`UndeterminedStatus::Accept`]).
    Undetermined,
}

impl Default for Policy {
    /// Light or better, nothing required, no audience, 120 s max age, 30 s skew.
    fn default() -> Self {
        Policy {
            min_level: Level::Light,
            required: Vec::new(),
            audience: None,
            max_age: 120,
            clock_skew: 30,
            undetermined_status: UndeterminedStatus::Refuse,
            accept_stale_trust_list: false,
        }
    }
}

/// A presentation that passed every check, borrowing from its bytes.
#[derive(Clone)]
pub struct VerifiedPresentation<'a> {
    /// The credential's level.
    pub level: Level,
    /// The credential's identifier: a per-credential pseudonym, the same for every
    /// presentation of this credential.
    pub credential_id: [u8; limits::CREDENTIAL_ID_LEN],
    /// The issuer's key identifier.
    pub issuer_kid: KeyId,
    /// The credential's generation.
    pub generation: u64,
    /// When the credential was issued.
    pub issued_at: u64,
    /// When the credential expires.
    pub expires_at: u64,
    /// When the presentation was made.
    pub presented_at: u64,
    /// The credential's status reference.
    pub status: Option<StatusRef>,
    /// The outcome of the status check.
    pub status_check: StatusCheck,
    /// The audience of the request it answered, if interactive.
    pub audience: Option<&'a str>,
    /// The last time (Unix seconds) at which this presentation is fresh enough to accept:
    /// presented-at plus the effective max age. A replay cache remembers it until then.
    pub fresh_until: u64,
    signature: &'a [u8; 64],
    disclosures: PresentedDisclosures<'a>,
}

impl core::fmt::Debug for VerifiedPresentation<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedPresentation")
            .field("level", &self.level)
            .field("issuer_kid", &self.issuer_kid)
            .field("generation", &self.generation)
            .field("expires_at", &self.expires_at)
            .field("presented_at", &self.presented_at)
            .field("status_check", &self.status_check)
            .field("disclosed", &self.disclosures.len())
            .finish_non_exhaustive()
    }
}

impl<'a> VerifiedPresentation<'a> {
    /// The disclosed attributes, in leaf order.
    pub fn disclosed(&self) -> impl Iterator<Item = Attribute<'a>> + 'a {
        self.disclosures.iter().map(|p| Attribute {
            id: p.disclosure.id,
            value: p.disclosure.value,
        })
    }

    /// The value of attribute `id`, if disclosed.
    pub fn get(&self, id: &AttributeId<'_>) -> Option<AttributeValue<'a>> {
        self.disclosures
            .iter()
            .find(|p| p.disclosure.id.same(id))
            .map(|p| p.disclosure.value)
    }

    /// How many attributes were disclosed.
    pub fn disclosed_count(&self) -> usize {
        self.disclosures.len()
    }

    /// The exact bytes of the disclosure of attribute `id`, if disclosed (what a receipt
    /// releases).
    pub fn disclosure_bytes(&self, id: &AttributeId<'_>) -> Option<&'a [u8]> {
        self.disclosures
            .iter()
            .find(|p| p.disclosure.id.same(id))
            .map(|p| p.disclosure.raw)
    }

    /// The device signature of the presentation: unique per presentation, which is what a
    /// replay cache keys on.
    pub fn device_signature(&self) -> &'a [u8; 64] {
        self.signature
    }
}

/// A verifier: a pinned root key and its trust list (or pinned issuer keys), the status lists
/// it has loaded, and a policy.
#[derive(Debug, Clone)]
pub struct Verifier {
    issuers: Vec<PublicKey>,
    root: Option<PublicKey>,
    trust: Option<TrustList>,
    status_lists: Vec<StatusList>,
    policy: Policy,
}

impl Verifier {
    /// A verifier with `policy` and no trusted issuer yet.
    pub fn new(policy: Policy) -> Self {
        Verifier {
            issuers: Vec::new(),
            root: None,
            trust: None,
            status_lists: Vec::new(),
            policy,
        }
    }

    /// A verifier configured the normal way: the authority's pinned root key and a trust list
    /// signed by it. Issuer keys then rotate with new trust lists, without reconfiguration.
    ///
    /// # Errors
    ///
    /// As [`TrustList::decode`].
    pub fn with_trust_list(policy: Policy, root: PublicKey, trust_list: &[u8]) -> Result<Self> {
        let trust = TrustList::decode(trust_list, &root)?;
        Ok(Verifier {
            issuers: Vec::new(),
            root: Some(root),
            trust: Some(trust),
            status_lists: Vec::new(),
            policy,
        })
    }

    /// Replaces the trust list with a newer one signed by the same root. Nothing changes on
    /// error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the verifier has no root key; decoding and signature
    /// errors; [`Error::TrustListStale`] when its sequence number is lower than the loaded
    /// list's (a rollback).
    pub fn update_trust_list(&mut self, trust_list: &[u8]) -> Result<()> {
        let root = self
            .root
            .ok_or(Error::InvalidArgument("verifier has no root key"))?;
        let new = TrustList::decode(trust_list, &root)?;
        if self
            .trust
            .as_ref()
            .is_some_and(|t| t.sequence > new.sequence)
        {
            return Err(Error::TrustListStale);
        }
        self.trust = Some(new);
        Ok(())
    }

    /// The loaded trust list.
    pub fn trust_list(&self) -> Option<&TrustList> {
        self.trust.as_ref()
    }

    /// Loads a status list after checking that a trusted issuer key may sign it and did.
    /// Returns `false` (and keeps the loaded one) when a list with the same id and a later
    /// issue time is already loaded. Nothing changes on error.
    ///
    /// # Errors
    ///
    /// Decoding errors; [`Error::NotYetValid`] when issued after `now` plus the clock skew;
    /// [`Error::UnknownIssuer`] when no trusted key may sign status lists at its issue time;
    /// [`Error::TrustListStale`]; [`Error::BadSignature`].
    pub fn update_status_list(&mut self, status_list: &[u8], now: u64) -> Result<bool> {
        let new = self.decode_status_list(status_list, now)?;
        match self
            .status_lists
            .iter_mut()
            .find(|l| l.list_id == new.list_id)
        {
            Some(old) if old.issued_at > new.issued_at => Ok(false),
            Some(old) => {
                *old = new;
                Ok(true)
            }
            None => {
                self.status_lists.push(new);
                Ok(true)
            }
        }
    }

    /// Decodes a status list and checks that a trusted issuer key may sign it and did, without
    /// loading it (wallets use this before [`crate::Wallet::apply_status`]).
    ///
    /// # Errors
    ///
    /// As [`Verifier::update_status_list`].
    pub fn decode_status_list(&self, status_list: &[u8], now: u64) -> Result<StatusList> {
        let unchecked = StatusList::decode_unchecked(status_list)?;
        let key = self.trusted_key(
            unchecked.sign1.kid,
            ObjectKind::StatusList,
            unchecked.issued_at,
            None,
            now,
        )?;
        unchecked.sign1.verify(&key)?;
        // A list from the future would outrank every real list that follows it.
        if unchecked.issued_at > now.saturating_add(self.policy.clock_skew) {
            return Err(Error::NotYetValid);
        }
        // Only now, with the signer trusted, is the list inflated.
        unchecked.inflate()
    }

    /// The loaded status list with identifier `list_id`.
    pub fn status_list(&self, list_id: u32) -> Option<&StatusList> {
        self.status_lists.iter().find(|l| l.list_id == list_id)
    }

    /// The key that may sign an object of `kind` with key id `kid`, dated `at`: a pinned key,
    /// or a trust-list entry that permits it.
    fn trusted_key(
        &self,
        kid: KeyId,
        kind: ObjectKind,
        at: u64,
        level: Option<Level>,
        now: u64,
    ) -> Result<PublicKey> {
        if let Some(k) = self.issuers.iter().find(|k| k.key_id() == kid) {
            return Ok(*k);
        }
        let trust = self.trust.as_ref().ok_or(Error::UnknownIssuer)?;
        if !trust.is_fresh(now) && !self.policy.accept_stale_trust_list {
            return Err(Error::TrustListStale);
        }
        match trust.issuer(kid) {
            Some(entry) if entry.permits(kind, at, level) => Ok(entry.key),
            _ => Err(Error::UnknownIssuer),
        }
    }

    /// As `trusted_key` for objects without a level (receipts).
    pub(crate) fn trusted_key_for(
        &self,
        kid: KeyId,
        kind: ObjectKind,
        at: u64,
        now: u64,
    ) -> Result<PublicKey> {
        self.trusted_key(kid, kind, at, None, now)
    }

    /// The status of a credential as the loaded lists tell it at `now`.
    ///
    /// # Errors
    ///
    /// [`Error::Revoked`] or [`Error::Superseded`] when the loaded list says so, even past its
    /// next-update (those states are final); [`Error::Suspended`] when a fresh list says so;
    /// [`Error::StatusUnavailable`] when undetermined (no list, an index past its end, or a
    /// stale list that says good or suspended) and the policy refuses that.
    pub fn check_status(&self, status: Option<StatusRef>, now: u64) -> Result<StatusCheck> {
        let Some(r) = status else {
            return Ok(StatusCheck::NotPublished);
        };
        let state = self
            .status_list(r.list)
            .and_then(|l| Some((l.get(r.index)?, l.is_fresh(now))));
        match state {
            Some((CredentialStatus::Good, true)) => Ok(StatusCheck::Good),
            Some((CredentialStatus::Suspended, true)) => Err(Error::Suspended),
            // Revoked and superseded are final: a list past its next-update still proves them.
            Some((CredentialStatus::Revoked, _)) => Err(Error::Revoked),
            Some((CredentialStatus::Superseded, _)) => Err(Error::Superseded),
            _ => match self.policy.undetermined_status {
                UndeterminedStatus::Refuse => Err(Error::StatusUnavailable),
                UndeterminedStatus::Accept => Ok(StatusCheck::Undetermined),
            },
        }
    }

    /// Trusts credentials signed by `key` (pinning; the trust list replaces this in
    /// production).
    pub fn with_issuer_key(mut self, key: PublicKey) -> Self {
        self.add_issuer_key(key);
        self
    }

    /// Trusts credentials signed by `key`.
    pub fn add_issuer_key(&mut self, key: PublicKey) {
        if !self.issuers.contains(&key) {
            self.issuers.push(key);
        }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Verifies a non-interactive presentation (a QR code) at time `now`.
    ///
    /// # Errors
    ///
    /// Any [`Error`] of class malformed, invalid or unsupported; see the module docs for the
    /// order of checks. A presentation bound to a request is refused with
    /// [`Error::AudienceMismatch`] (another verifier's) or [`Error::NonceMismatch`] (use
    /// [`Verifier::verify_response`]).
    pub fn verify<'a>(&self, presentation: &'a [u8], now: u64) -> Result<VerifiedPresentation<'a>> {
        self.check(presentation, None, now)
    }

    /// Verifies a presentation that answers `request` (which this verifier created and
    /// decoded once) at time `now`.
    ///
    /// # Errors
    ///
    /// As [`Verifier::verify`], plus [`Error::AudienceMismatch`], [`Error::NonceMismatch`] and
    /// [`Error::RequestMismatch`] when it answers another request or none.
    pub fn verify_response<'a>(
        &self,
        presentation: &'a [u8],
        request: &PresentationRequest<'_>,
        now: u64,
    ) -> Result<VerifiedPresentation<'a>> {
        self.check(presentation, Some(request), now)
    }

    /// Verifies a credential on its own at time `now`: structure, a trusted issuer, the issuer
    /// signature, the device key's validity and the validity period. (Status is not checked:
    /// see [`Verifier::check_status`].)
    ///
    /// # Errors
    ///
    /// Structural errors; [`Error::UnknownIssuer`]; [`Error::BadSignature`];
    /// [`Error::WeakKey`]; [`Error::NotYetValid`]; [`Error::Expired`].
    pub fn verify_credential<'a>(&self, credential: &'a [u8], now: u64) -> Result<Credential<'a>> {
        let c = Credential::decode(credential)?;
        self.issuer_for(&c, now)?;
        PublicKey::from_bytes(&c.claims.device_key)?;
        if c.claims.issued_at > now.saturating_add(self.policy.clock_skew) {
            return Err(Error::NotYetValid);
        }
        if now >= c.claims.expires_at {
            return Err(Error::Expired);
        }
        Ok(c)
    }

    /// Finds the trusted key that may have signed `c` and checks the signature.
    fn issuer_for(&self, c: &Credential<'_>, now: u64) -> Result<()> {
        let key = self.trusted_key(
            c.sign1.kid,
            ObjectKind::Credential,
            c.claims.issued_at,
            Some(c.claims.level),
            now,
        )?;
        c.sign1.verify(&key)
    }

    /// Verifies many non-interactive presentations (a gate's queue) at time `now`, returning
    /// for each exactly what [`Verifier::verify`] returns for it, in the same order.
    ///
    /// Presentations whose structure, keys and signature encodings pass are checked together:
    /// their 2·n signatures go through one batch equation, then each gets the same checks as
    /// single mode after its signatures. Everything else, and every presentation in a part of
    /// the batch whose equation fails, is decided in single mode.
    pub fn verify_batch<'a>(
        &self,
        presentations: &[&'a [u8]],
        now: u64,
    ) -> Vec<Result<VerifiedPresentation<'a>>> {
        let mut out: Vec<Option<Result<VerifiedPresentation<'a>>>> =
            (0..presentations.len()).map(|_| None).collect();
        let mut ready: Vec<(usize, Presentation<'a>)> = Vec::with_capacity(presentations.len());
        let mut items = Vec::with_capacity(2 * presentations.len());
        for (i, bytes) in presentations.iter().enumerate() {
            match self.batch_items(bytes, now) {
                Some((p, issuer_item, device_item)) => {
                    ready.push((i, p));
                    items.push(issuer_item);
                    items.push(device_item);
                }
                None => out[i] = Some(self.verify(bytes, now)),
            }
        }
        crate::crypto::settle(&items, 2, 0, ready.len(), &mut |lo, hi, ok| {
            for (i, p) in &ready[lo..hi] {
                out[*i] = Some(if ok {
                    self.check_after_signatures(p.clone(), None, now)
                } else {
                    self.verify(presentations[*i], now)
                });
            }
        });
        out.into_iter()
            .map(|r| r.unwrap_or(Err(Error::BadSignature)))
            .collect()
    }

    /// The decoded presentation and its two prepared signatures, when everything single mode
    /// checks before and around the signatures passes; `None` sends it to single mode.
    fn batch_items<'a>(
        &self,
        bytes: &'a [u8],
        now: u64,
    ) -> Option<(
        Presentation<'a>,
        crate::crypto::BatchItem,
        crate::crypto::BatchItem,
    )> {
        let p = Presentation::decode(bytes).ok()?;
        let c = &p.credential;
        let issuer = self
            .trusted_key(
                c.sign1.kid,
                ObjectKind::Credential,
                c.claims.issued_at,
                Some(c.claims.level),
                now,
            )
            .ok()?;
        let device = Self::device_key(&p).ok()?;
        let issuer_item = c.sign1.batch_item(&issuer)?;
        let device_item = p.sign1.batch_item(&device)?;
        Some((p, issuer_item, device_item))
    }

    fn check<'a>(
        &self,
        bytes: &'a [u8],
        request: Option<&PresentationRequest<'_>>,
        now: u64,
    ) -> Result<VerifiedPresentation<'a>> {
        let p = Presentation::decode(bytes)?;
        self.issuer_for(&p.credential, now)?;
        let device = Self::device_key(&p)?;
        p.sign1.verify(&device)?;
        self.check_after_signatures(p, request, now)
    }

    /// The presentation's device key, checked against its kid.
    fn device_key(p: &Presentation<'_>) -> Result<PublicKey> {
        let device = PublicKey::from_bytes(&p.credential.claims.device_key)?;
        if device.key_id() != p.sign1.kid {
            return Err(Error::DeviceKeyMismatch);
        }
        Ok(device)
    }

    /// Every check after the two signatures (steps 5–9 of FORMAT.md), shared by single and
    /// batch mode so that both decide alike.
    fn check_after_signatures<'a>(
        &self,
        p: Presentation<'a>,
        request: Option<&PresentationRequest<'_>>,
        now: u64,
    ) -> Result<VerifiedPresentation<'a>> {
        let claims = &p.credential.claims;
        let skew = self.policy.clock_skew;
        if claims.issued_at > now.saturating_add(skew) || p.presented_at > now.saturating_add(skew)
        {
            return Err(Error::NotYetValid);
        }
        if p.presented_at.saturating_add(skew) < claims.issued_at {
            return Err(Error::NotYetValid);
        }
        if now >= claims.expires_at || p.presented_at >= claims.expires_at {
            return Err(Error::Expired);
        }
        let max_age = request.map_or(self.policy.max_age, |r| r.max_age.min(self.policy.max_age));
        if now.saturating_sub(p.presented_at) > max_age {
            return Err(Error::StalePresentation);
        }

        let min_level = request.map_or(self.policy.min_level, |r| {
            r.min_level.max(self.policy.min_level)
        });
        if claims.level < min_level {
            return Err(Error::LevelTooLow);
        }

        let status_check = self.check_status(claims.status, now)?;

        for item in p.disclosures.iter() {
            if root_from_path(item.disclosure.leaf(), item.index, item.path) != claims.root {
                return Err(Error::DisclosureMismatch);
            }
        }

        match (request, p.binding) {
            (Some(req), Some(b)) => {
                let own = self.policy.audience.as_deref();
                if b.audience != req.verifier_id || own.is_some_and(|a| a != req.verifier_id) {
                    return Err(Error::AudienceMismatch);
                }
                if b.nonce != req.nonce {
                    return Err(Error::NonceMismatch);
                }
                if *b.request_digest != req.digest() {
                    return Err(Error::RequestMismatch);
                }
            }
            (Some(_), None) => return Err(Error::NonceMismatch),
            (None, Some(b)) => {
                if self.policy.audience.as_deref() != Some(b.audience) {
                    return Err(Error::AudienceMismatch);
                }
                return Err(Error::NonceMismatch);
            }
            (None, None) => {}
        }

        let disclosed =
            |id: &AttributeId<'_>| p.disclosures.iter().any(|d| d.disclosure.id.same(id));
        if !self.policy.required.iter().all(&disclosed) {
            return Err(Error::MissingAttribute);
        }
        if let Some(req) = request
            && !req.requested().all(|id| disclosed(&id))
        {
            return Err(Error::MissingAttribute);
        }

        Ok(VerifiedPresentation {
            level: claims.level,
            credential_id: claims.id,
            issuer_kid: p.credential.sign1.kid,
            generation: claims.generation,
            issued_at: claims.issued_at,
            expires_at: claims.expires_at,
            presented_at: p.presented_at,
            status: claims.status,
            status_check,
            audience: p.binding.map(|b| b.audience),
            fresh_until: p.presented_at.saturating_add(max_age),
            signature: p.sign1.signature,
            disclosures: p.disclosures,
        })
    }
}
