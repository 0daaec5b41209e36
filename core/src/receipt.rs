//! The verification receipt: the service's signed answer to one verification request.
//!
//! ```cddl
//! receipt = COSE_Sign1_Tagged          ; content type 65008, kid = service (issuer) key id
//! receipt-payload = {
//!     1 => bstr .size 32,              ; SHA-256 of the verification request answered
//!     2 => tstr,                       ; its verifier id
//!     3 => uint,                       ; checked-at
//!     4 => [identity: factor, password: factor, face: factor],
//!     ? 5 => level,                    ; when the identity factor is ok
//!     ? 6 => uint,                     ; face score 0–1000, when the matcher gave one
//!     ? 7 => bstr .size 16,            ; relying-party-scoped identifier, identity ok only
//!     ? 8 => [+ disclosure],           ; released attributes, identity ok and asked for only
//! }
//! factor = [outcome: 0 / 1 / 2, reason: uint]   ; ok, failed (reason = error code), not performed
//! ```
//!
//! One result per factor mirrors the real platform, which answers with one result character per
//! factor. A receipt never carries a name or ID number unless the request asked for that
//! attribute and the presentation disclosed it.

use crate::attributes::{AttributeId, AttributeValue};
use crate::cbor::{Decoder, Encoder};
use crate::cose::{self, ObjectKind, Sign1};
use crate::credential::Level;
use crate::crypto::{DeviceSigner, sha256};
use crate::disclosure::Disclosure;
use crate::error::{Error, ErrorCode, Result};
use crate::limits;
use crate::online::VerificationRequest;
use crate::presentation::Attribute;
use crate::verifier::Verifier;
use alloc::vec::Vec;

/// The outcome of one factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorResult {
    /// The factor was checked and passed.
    Ok,
    /// The factor was checked and failed, for this reason.
    Failed(ErrorCode),
    /// The factor was not checked (not asked for, or an earlier factor failed).
    NotPerformed,
}

impl FactorResult {
    fn encode(self, e: &mut Encoder) {
        let (outcome, reason) = match self {
            FactorResult::Ok => (0, 0),
            FactorResult::Failed(code) => (1, u64::from(code.number())),
            FactorResult::NotPerformed => (2, 0),
        };
        e.array(2).uint(outcome).uint(reason);
    }

    fn decode(d: &mut Decoder<'_>) -> Result<FactorResult> {
        d.context("receipt factor").array_of(2)?;
        let outcome = d.uint()?;
        let reason = d.uint()?;
        match (outcome, reason) {
            (0, 0) => Ok(FactorResult::Ok),
            (2, 0) => Ok(FactorResult::NotPerformed),
            (1, r) => u16::try_from(r)
                .ok()
                .and_then(ErrorCode::from_number)
                .map(FactorResult::Failed)
                .ok_or(Error::Malformed("receipt factor reason")),
            _ => Err(Error::Malformed("receipt factor")),
        }
    }

    /// Whether the factor passed.
    pub fn is_ok(self) -> bool {
        self == FactorResult::Ok
    }
}

/// The content of a receipt, as the service builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReceiptContent<'r> {
    pub(crate) request_digest: [u8; 32],
    pub(crate) verifier_id: &'r str,
    pub(crate) checked_at: u64,
    pub(crate) identity: FactorResult,
    pub(crate) password: FactorResult,
    pub(crate) face: FactorResult,
    pub(crate) level: Option<Level>,
    pub(crate) face_score: Option<u16>,
    pub(crate) rp_id: Option<[u8; 16]>,
    pub(crate) released: Vec<&'r [u8]>,
}

impl ReceiptContent<'_> {
    pub(crate) fn sign(&self, signer: &dyn DeviceSigner) -> Result<Vec<u8>> {
        let n = 4
            + usize::from(self.level.is_some())
            + usize::from(self.face_score.is_some())
            + usize::from(self.rp_id.is_some())
            + usize::from(!self.released.is_empty());
        let mut e =
            Encoder::with_capacity(160 + self.released.iter().map(|r| r.len()).sum::<usize>());
        e.map(n);
        e.uint(1).bytes(&self.request_digest);
        e.uint(2).text(self.verifier_id);
        e.uint(3).uint(self.checked_at);
        e.uint(4).array(3);
        self.identity.encode(&mut e);
        self.password.encode(&mut e);
        self.face.encode(&mut e);
        if let Some(l) = self.level {
            e.uint(5).uint(l.code().into());
        }
        if let Some(s) = self.face_score {
            e.uint(6).uint(s.into());
        }
        if let Some(id) = &self.rp_id {
            e.uint(7).bytes(id);
        }
        if !self.released.is_empty() {
            e.uint(8).array(self.released.len());
            for r in &self.released {
                e.raw(r);
            }
        }
        cose::sign(ObjectKind::Receipt, &e.into_bytes(), signer)
    }
}

/// A verified receipt, borrowing from its bytes.
#[derive(Clone)]
pub struct Receipt<'a> {
    /// SHA-256 of the verification request it answers.
    pub request_digest: &'a [u8; 32],
    /// The verifier id of that request.
    pub verifier_id: &'a str,
    /// When the service checked it.
    pub checked_at: u64,
    /// The credential factor: the presentation, its credential and live status.
    pub identity: FactorResult,
    /// The password factor.
    pub password: FactorResult,
    /// The face factor.
    pub face: FactorResult,
    /// The credential's level, when the identity factor passed.
    pub level: Option<Level>,
    /// The matcher's score, 0–1000, when it gave one.
    pub face_score: Option<u16>,
    /// The holder's identifier at this relying party, when the identity factor passed: the same
    /// for the same person at one relying party, unlinkable across relying parties.
    pub rp_id: Option<[u8; 16]>,
    released: &'a [u8],
    released_count: usize,
}

impl core::fmt::Debug for Receipt<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Receipt")
            .field("checked_at", &self.checked_at)
            .field("identity", &self.identity)
            .field("password", &self.password)
            .field("face", &self.face)
            .field("level", &self.level)
            .field("released", &self.released_count)
            .finish_non_exhaustive()
    }
}

impl<'a> Receipt<'a> {
    /// Whether every factor the request asked for passed (the terminal's usual question).
    pub fn all_passed(&self) -> bool {
        self.identity.is_ok()
            && !matches!(self.password, FactorResult::Failed(_))
            && !matches!(self.face, FactorResult::Failed(_))
    }

    /// The attributes the service vouched for.
    pub fn released(&self) -> impl Iterator<Item = Attribute<'a>> + 'a {
        let mut d = Decoder::new(self.released, "receipt");
        (0..self.released_count)
            .map_while(move |_| Disclosure::decode(&mut d).ok())
            .map(|x| Attribute {
                id: x.id,
                value: x.value,
            })
    }

    /// The value of released attribute `id`.
    pub fn get(&self, id: &AttributeId<'_>) -> Option<AttributeValue<'a>> {
        self.released().find(|a| a.id.same(id)).map(|a| a.value)
    }

    fn decode_payload(sign1: &Sign1<'a>) -> Result<Receipt<'a>> {
        let mut d = Decoder::new(sign1.payload, "receipt");
        let mut m = d.map()?;
        m.expect(&mut d, 1)?;
        let request_digest = d.bytes_exact::<32>()?;
        m.expect(&mut d, 2)?;
        let verifier_id = d.text()?;
        if verifier_id.is_empty() || verifier_id.len() > limits::MAX_VERIFIER_ID_LEN {
            return Err(Error::Malformed("verifier id"));
        }
        m.expect(&mut d, 3)?;
        let checked_at = d.uint()?;
        m.expect(&mut d, 4)?;
        d.array_of(3)?;
        let identity = FactorResult::decode(&mut d)?;
        let password = FactorResult::decode(&mut d)?;
        let face = FactorResult::decode(&mut d)?;
        d.context("receipt");
        let level = if m.optional(&mut d, 5)? {
            Some(Level::from_code(d.uint()?)?)
        } else {
            None
        };
        let face_score = if m.optional(&mut d, 6)? {
            Some(
                u16::try_from(d.uint()?)
                    .ok()
                    .filter(|s| *s <= 1000)
                    .ok_or(Error::Malformed("face score"))?,
            )
        } else {
            None
        };
        let rp_id = if m.optional(&mut d, 7)? {
            Some(*d.bytes_exact::<16>()?)
        } else {
            None
        };
        let (released, released_count) = if m.optional(&mut d, 8)? {
            let n = d.array()?;
            if n == 0 || n > limits::MAX_REQUESTED {
                return Err(Error::Malformed("receipt released attributes"));
            }
            let start = d.position();
            for _ in 0..n {
                Disclosure::decode(&mut d)?;
            }
            (d.slice_from(start), n)
        } else {
            (&[][..], 0)
        };
        m.end(&d)?;
        d.finish()?;
        if identity.is_ok() != level.is_some() || identity.is_ok() != rp_id.is_some() {
            return Err(Error::Malformed("receipt identity fields"));
        }
        if released_count > 0 && !identity.is_ok() {
            return Err(Error::Malformed("receipt released attributes"));
        }
        Ok(Receipt {
            request_digest,
            verifier_id,
            checked_at,
            identity,
            password,
            face,
            level,
            face_score,
            rp_id,
            released,
            released_count,
        })
    }
}

impl Verifier {
    /// Verifies a receipt from the authority's service (terminal side): its signature by a key
    /// the trust list allows to sign receipts (or a pinned key), that it answers exactly
    /// `request` (this terminal's own verification request), and its freshness.
    ///
    /// # Errors
    ///
    /// Structural errors; [`Error::UnknownIssuer`]; [`Error::TrustListStale`];
    /// [`Error::BadSignature`]; [`Error::ReceiptMismatch`] when it answers another request or
    /// is dated before the request; [`Error::NotYetValid`] when dated in the future;
    /// [`Error::StalePresentation`] when older than the policy's max age.
    pub fn verify_receipt<'a>(
        &self,
        receipt: &'a [u8],
        request: &[u8],
        now: u64,
    ) -> Result<Receipt<'a>> {
        let sign1 = Sign1::decode(receipt, ObjectKind::Receipt)?;
        let r = Receipt::decode_payload(&sign1)?;
        let key = self.trusted_key_for(sign1.kid, ObjectKind::Receipt, r.checked_at, now)?;
        sign1.verify(&key)?;
        let req = VerificationRequest::decode(request)?;
        if *r.request_digest != sha256(&[request]) || r.verifier_id != req.verifier_id {
            return Err(Error::ReceiptMismatch);
        }
        let skew = self.policy().clock_skew;
        if r.checked_at > now.saturating_add(skew) {
            return Err(Error::NotYetValid);
        }
        if r.checked_at.saturating_add(skew) < req.created_at {
            return Err(Error::ReceiptMismatch);
        }
        if now.saturating_sub(r.checked_at) > self.policy().max_age {
            return Err(Error::StalePresentation);
        }
        Ok(r)
    }
}
