//! The presentation request: what a verifier asks a wallet for, signed by the verifier.
//!
//! ```cddl
//! presentation-request = COSE_Sign1_Tagged   ; content type 65003, kid = verifier key id
//! request-payload = {
//!     1 => tstr,                   ; verifier id (the audience), ≤ 128 bytes
//!     2 => bstr .size 16,          ; nonce
//!     3 => [* attribute-id],       ; requested attributes, ≤ 32, no repeats
//!     4 => level,                  ; minimum level
//!     5 => uint,                   ; max age: how old (seconds) the answer may be
//!     6 => uint,                   ; issued-at, Unix seconds
//!     7 => cose-okp-key,           ; the verifier's public key (signs this request)
//! }
//! ```
//!
//! The request is self-signed: the wallet checks that the key in it signed it, which proves
//! the request was not altered in transit. Whether the verifier is who it claims to be is a
//! question for a verifier registry, which this version of the format does not have.

use crate::attributes::AttributeId;
use crate::cbor::{Decoder, Encoder};
use crate::cose::{self, ObjectKind, Sign1};
use crate::credential::{Level, decode_okp_key, encode_okp_key};
use crate::crypto::{DeviceSigner, PublicKey, sha256};
use crate::error::{Error, Result};
use crate::limits;
use alloc::vec::Vec;

/// A decoded presentation request whose signature has been verified.
#[derive(Debug, Clone)]
pub struct PresentationRequest<'a> {
    /// The request's exact bytes.
    pub bytes: &'a [u8],
    /// The verifier id, which is the audience of the answer.
    pub verifier_id: &'a str,
    /// The nonce the answer must carry.
    pub nonce: &'a [u8; limits::NONCE_LEN],
    requested: &'a [u8],
    requested_count: usize,
    /// The minimum credential level.
    pub min_level: Level,
    /// The oldest answer (seconds) the verifier will accept.
    pub max_age: u64,
    /// When the request was made.
    pub issued_at: u64,
    /// The verifier's public key.
    pub verifier_key: PublicKey,
}

/// The parameters of a new presentation request.
#[derive(Debug, Clone)]
pub struct RequestParams<'p> {
    /// The verifier id (audience).
    pub verifier_id: &'p str,
    /// A fresh random nonce.
    pub nonce: [u8; limits::NONCE_LEN],
    /// The attributes to disclose.
    pub requested: &'p [AttributeId<'p>],
    /// The minimum level.
    pub min_level: Level,
    /// How old, in seconds, the answer may be.
    pub max_age: u64,
    /// Current time.
    pub now: u64,
}

impl<'a> PresentationRequest<'a> {
    /// Builds and signs a request with the verifier's key.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an over-long verifier id, too many or repeated
    /// attributes; signer errors.
    pub fn create(params: &RequestParams<'_>, signer: &dyn DeviceSigner) -> Result<Vec<u8>> {
        if params.verifier_id.is_empty() || params.verifier_id.len() > limits::MAX_VERIFIER_ID_LEN {
            return Err(Error::InvalidArgument("verifier id"));
        }
        if params.requested.len() > limits::MAX_REQUESTED {
            return Err(Error::InvalidArgument("too many requested attributes"));
        }
        if !params.requested.iter().all(AttributeId::is_valid) {
            return Err(Error::InvalidArgument("attribute id"));
        }
        for (i, a) in params.requested.iter().enumerate() {
            if params.requested[..i].iter().any(|b| b.same(a)) {
                return Err(Error::InvalidArgument("repeated requested attribute"));
            }
        }
        let mut e = Encoder::with_capacity(128);
        e.map(7);
        e.uint(1).text(params.verifier_id);
        e.uint(2).bytes(&params.nonce);
        e.uint(3).array(params.requested.len());
        for a in params.requested {
            a.encode(&mut e);
        }
        e.uint(4).uint(params.min_level.code().into());
        e.uint(5).uint(params.max_age);
        e.uint(6).uint(params.now);
        e.uint(7);
        encode_okp_key(&mut e, &signer.public_key());
        cose::sign(ObjectKind::PresentationRequest, &e.into_bytes(), signer)
    }

    /// Decodes a request and verifies its self-signature.
    ///
    /// # Errors
    ///
    /// Structural errors as [`Sign1::decode`]; [`Error::WeakKey`] for an invalid verifier
    /// key; [`Error::DeviceKeyMismatch`] when the kid does not name the key in the request;
    /// [`Error::BadSignature`].
    pub fn decode(bytes: &'a [u8]) -> Result<PresentationRequest<'a>> {
        let sign1 = Sign1::decode(bytes, ObjectKind::PresentationRequest)?;
        let mut d = Decoder::new(sign1.payload, "presentation request");
        let mut m = d.map()?;
        m.expect(&mut d, 1)?;
        let verifier_id = d.text()?;
        if verifier_id.is_empty() || verifier_id.len() > limits::MAX_VERIFIER_ID_LEN {
            return Err(Error::Malformed("verifier id"));
        }
        m.expect(&mut d, 2)?;
        let nonce = d.bytes_exact::<{ limits::NONCE_LEN }>()?;
        m.expect(&mut d, 3)?;
        let requested_count = d.array()?;
        if requested_count > limits::MAX_REQUESTED {
            return Err(Error::TooLarge("requested attributes"));
        }
        let start = d.position();
        for i in 0..requested_count {
            let a = AttributeId::decode(&mut d)?;
            let before = &d.slice_from(start);
            // Repeats make the request ambiguous; compare against the earlier ids.
            let mut earlier = Decoder::new(before, "presentation request");
            for _ in 0..i {
                if AttributeId::decode(&mut earlier)?.same(&a) {
                    return Err(Error::Malformed("repeated requested attribute"));
                }
            }
        }
        let requested = d.slice_from(start);
        m.expect(&mut d, 4)?;
        let min_level = Level::from_code(d.uint()?)?;
        m.expect(&mut d, 5)?;
        let max_age = d.uint()?;
        m.expect(&mut d, 6)?;
        let issued_at = d.uint()?;
        m.expect(&mut d, 7)?;
        let key = decode_okp_key(&mut d)?;
        m.end(&d)?;
        d.finish()?;
        let verifier_key = PublicKey::from_bytes(&key)?;
        if verifier_key.key_id() != sign1.kid {
            return Err(Error::DeviceKeyMismatch);
        }
        sign1.verify(&verifier_key)?;
        Ok(PresentationRequest {
            bytes,
            verifier_id,
            nonce,
            requested,
            requested_count,
            min_level,
            max_age,
            issued_at,
            verifier_key,
        })
    }

    /// The requested attributes, in request order.
    pub fn requested(&self) -> impl Iterator<Item = AttributeId<'a>> + 'a {
        let mut d = Decoder::new(self.requested, "presentation request");
        (0..self.requested_count).map_while(move |_| AttributeId::decode(&mut d).ok())
    }

    /// SHA-256 of the request's bytes, which a presentation answering it carries.
    pub fn digest(&self) -> [u8; 32] {
        sha256(&[self.bytes])
    }
}
