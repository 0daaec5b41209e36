//! COSE_Sign1 (RFC 9052 §4.2) as this format uses it.
//!
//! ```cddl
//! COSE_Sign1_Tagged = #6.18([
//!     protected:   bstr .cbor protected-header,
//!     unprotected: {},                 ; always empty
//!     payload:     bstr,               ; never detached
//!     signature:   bstr .size 64,      ; Ed25519
//! ])
//! protected-header = {
//!     1 => -8,                         ; alg: EdDSA
//!     3 => content-type,               ; names the object kind
//!     4 => bstr .size 8,               ; kid: first 8 bytes of SHA-256(public key)
//! }
//! ```
//!
//! Everything a signature covers is in the protected header or the payload and the
//! external_aad is empty, so any COSE implementation can check a signature from the bytes and
//! the public key alone. The signing input is
//! `Sig_structure = ["Signature1", protected, h'', payload]`.

use crate::cbor::{Decoder, Encoder, head_len};
use crate::crypto::{DeviceSigner, KeyId, PublicKey, SIGNATURE_LEN};
use crate::error::{Error, Result};
use crate::limits;
use alloc::vec::Vec;

/// CBOR tag of a COSE_Sign1 message.
pub const TAG_COSE_SIGN1: u64 = 18;
/// COSE algorithm identifier of EdDSA.
pub const ALG_EDDSA: i64 = -8;
/// COSE header label `alg`.
pub const HEADER_ALG: i64 = 1;
/// COSE header label `crit`.
pub const HEADER_CRIT: i64 = 2;
/// COSE header label `content type`.
pub const HEADER_CONTENT_TYPE: i64 = 3;
/// COSE header label `kid`.
pub const HEADER_KID: i64 = 4;

/// The kinds of signed object, named in the protected header's content type.
///
/// Content types are CoAP Content-Format numbers from the experimental range (65000–65535)
/// until numbers are registered; a verifier treats an object of another kind as
/// [`Error::WrongKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ObjectKind {
    /// An issuer-signed credential.
    Credential,
    /// A device-signed presentation.
    Presentation,
    /// A verifier-signed presentation request.
    PresentationRequest,
    /// A device-signed issuance request.
    IssuanceRequest,
    /// A root-signed trust list.
    TrustList,
    /// An issuer-signed status list.
    StatusList,
    /// A terminal-signed online verification request.
    VerificationRequest,
    /// A verification receipt signed by the authority's service.
    Receipt,
}

impl ObjectKind {
    /// Every kind, for tables and tests.
    pub const ALL: &'static [ObjectKind] = &[
        ObjectKind::Credential,
        ObjectKind::Presentation,
        ObjectKind::PresentationRequest,
        ObjectKind::IssuanceRequest,
        ObjectKind::TrustList,
        ObjectKind::StatusList,
        ObjectKind::VerificationRequest,
        ObjectKind::Receipt,
    ];

    /// The content type (COSE header 3) that names this kind.
    pub const fn content_type(self) -> u16 {
        match self {
            ObjectKind::Credential => 65001,
            ObjectKind::Presentation => 65002,
            ObjectKind::PresentationRequest => 65003,
            ObjectKind::IssuanceRequest => 65004,
            ObjectKind::TrustList => 65005,
            ObjectKind::StatusList => 65006,
            ObjectKind::VerificationRequest => 65007,
            ObjectKind::Receipt => 65008,
        }
    }

    /// The largest object of this kind accepted (bytes).
    pub const fn max_len(self) -> usize {
        match self {
            ObjectKind::StatusList => limits::MAX_STATUS_LIST_LEN,
            _ => limits::MAX_OBJECT_LEN,
        }
    }

    /// The kind named by a content type, if any.
    pub fn from_content_type(ct: u64) -> Option<ObjectKind> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| u64::from(k.content_type()) == ct)
    }

    /// The stable snake_case name (as in the vector manifest).
    pub const fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Credential => "credential",
            ObjectKind::Presentation => "presentation",
            ObjectKind::PresentationRequest => "presentation_request",
            ObjectKind::IssuanceRequest => "issuance_request",
            ObjectKind::TrustList => "trust_list",
            ObjectKind::StatusList => "status_list",
            ObjectKind::VerificationRequest => "verification_request",
            ObjectKind::Receipt => "receipt",
        }
    }
}

impl core::fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A decoded COSE_Sign1 whose structure (not yet its signature) has been checked.
///
/// All fields borrow from the input. `Debug` shows the kind, kid and sizes, not the payload.
#[derive(Clone, Copy)]
pub struct Sign1<'a> {
    /// The serialized protected header, exactly as signed.
    pub protected: &'a [u8],
    /// The object kind from the content type.
    pub kind: ObjectKind,
    /// The signer's key identifier.
    pub kid: KeyId,
    /// The payload bytes, exactly as signed.
    pub payload: &'a [u8],
    /// The Ed25519 signature.
    pub signature: &'a [u8; SIGNATURE_LEN],
}

impl core::fmt::Debug for Sign1<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Sign1")
            .field("kind", &self.kind)
            .field("kid", &self.kid)
            .field("payload_len", &self.payload.len())
            .finish_non_exhaustive()
    }
}

/// The serialized unprotected header: always the empty map.
const EMPTY_MAP: u8 = 0xa0;

impl<'a> Sign1<'a> {
    /// Decodes a tagged COSE_Sign1 of kind `expected`, strictly.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] over the kind's [`ObjectKind::max_len`]; [`Error::Malformed`] or
    /// [`Error::NonCanonical`] for structural faults; [`Error::Unsupported`] for another
    /// algorithm or any critical header; [`Error::WrongKind`] for an object of another kind.
    pub fn decode(bytes: &'a [u8], expected: ObjectKind) -> Result<Sign1<'a>> {
        if bytes.len() > expected.max_len() {
            return Err(Error::TooLarge("object size"));
        }
        let mut d = Decoder::new(bytes, "cose_sign1");
        d.tag(TAG_COSE_SIGN1)?;
        d.array_of(4)?;
        let protected = d.bytes()?;
        let (kind, kid) = decode_protected(protected)?;
        if d.peek()? != EMPTY_MAP {
            return Err(Error::Malformed("unprotected header must be empty"));
        }
        d.map()?;
        let payload = d.bytes()?;
        let signature = d
            .context("cose_sign1.signature")
            .bytes_exact::<SIGNATURE_LEN>()?;
        d.finish()?;
        if kind != expected {
            return Err(Error::WrongKind { expected });
        }
        Ok(Sign1 {
            protected,
            kind,
            kid,
            payload,
            signature,
        })
    }

    /// Verifies the signature with `key`, streaming the `Sig_structure` without allocating.
    ///
    /// # Errors
    ///
    /// [`Error::BadSignature`].
    pub fn verify(&self, key: &PublicKey) -> Result<()> {
        let mut prot_head = [0u8; 9];
        let mut pay_head = [0u8; 9];
        let ph = write_head(&mut prot_head, 2, self.protected.len() as u64);
        let yh = write_head(&mut pay_head, 2, self.payload.len() as u64);
        key.verify_strict(
            &[
                SIG_STRUCTURE_PREFIX,
                ph,
                self.protected,
                &[0x40],
                yh,
                self.payload,
            ],
            self.signature,
        )
    }
}

impl Sign1<'_> {
    /// Prepares the signature for batch verification; see [`crate::crypto::verify_batch`].
    pub(crate) fn batch_item(&self, key: &PublicKey) -> Option<crate::crypto::BatchItem> {
        let mut prot_head = [0u8; 9];
        let mut pay_head = [0u8; 9];
        let ph = write_head(&mut prot_head, 2, self.protected.len() as u64);
        let yh = write_head(&mut pay_head, 2, self.payload.len() as u64);
        key.batch_item(
            &[
                SIG_STRUCTURE_PREFIX,
                ph,
                self.protected,
                &[0x40],
                yh,
                self.payload,
            ],
            self.signature,
        )
    }
}

/// `[` (array of 4) followed by the text string "Signature1".
const SIG_STRUCTURE_PREFIX: &[u8] = b"\x84\x6aSignature1";

/// Writes a shortest-form head of `major` and `value` into `buf`; returns the written part.
fn write_head(buf: &mut [u8; 9], major: u8, value: u64) -> &[u8] {
    let n = head_len(value);
    let m = major << 5;
    match n {
        1 => buf[0] = m | value as u8,
        _ => {
            buf[0] = m | match n {
                2 => 24,
                3 => 25,
                5 => 26,
                _ => 27,
            };
            let be = value.to_be_bytes();
            buf[1..n].copy_from_slice(&be[8 - (n - 1)..]);
        }
    }
    &buf[..n]
}

fn decode_protected(bytes: &[u8]) -> Result<(ObjectKind, KeyId)> {
    let mut d = Decoder::new(bytes, "cose protected header");
    let mut m = d.map()?;
    m.expect(&mut d, HEADER_ALG)?;
    if d.int()? != ALG_EDDSA {
        return Err(Error::Unsupported("signature algorithm"));
    }
    if m.optional(&mut d, HEADER_CRIT)? {
        return Err(Error::Unsupported("critical header parameter"));
    }
    m.expect(&mut d, HEADER_CONTENT_TYPE)?;
    let ct = d.uint()?;
    let kind = ObjectKind::from_content_type(ct).ok_or(Error::Unsupported("content type"))?;
    m.expect(&mut d, HEADER_KID)?;
    let kid = KeyId(*d.bytes_exact::<8>()?);
    m.end(&d)?;
    d.finish()?;
    Ok((kind, kid))
}

/// Encodes the protected header for `kind` and `kid`.
pub fn encode_protected(kind: ObjectKind, kid: KeyId) -> Vec<u8> {
    let mut e = Encoder::with_capacity(16);
    e.map(3)
        .int(HEADER_ALG)
        .int(ALG_EDDSA)
        .int(HEADER_CONTENT_TYPE)
        .uint(kind.content_type().into())
        .int(HEADER_KID)
        .bytes(&kid.0);
    e.into_bytes()
}

/// The `Sig_structure` bytes for a protected header and payload.
pub fn sig_structure(protected: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut e = Encoder::with_capacity(protected.len() + payload.len() + 24);
    e.array(4)
        .text("Signature1")
        .bytes(protected)
        .bytes(&[])
        .bytes(payload);
    e.into_bytes()
}

/// Signs `payload` as a tagged COSE_Sign1 of `kind` with `signer`.
///
/// # Errors
///
/// Whatever the signer returns (normally [`Error::SignerFailed`]); [`Error::TooLarge`] when the
/// result would exceed the kind's [`ObjectKind::max_len`].
pub fn sign(kind: ObjectKind, payload: &[u8], signer: &dyn DeviceSigner) -> Result<Vec<u8>> {
    let kid = KeyId::of(&signer.public_key());
    let protected = encode_protected(kind, kid);
    let signature = signer.sign(&sig_structure(&protected, payload))?;
    let mut e = Encoder::with_capacity(payload.len() + protected.len() + 80);
    e.tag(TAG_COSE_SIGN1)
        .array(4)
        .bytes(&protected)
        .map(0)
        .bytes(payload)
        .bytes(&signature);
    let out = e.into_bytes();
    if out.len() > kind.max_len() {
        return Err(Error::TooLarge("object size"));
    }
    Ok(out)
}
