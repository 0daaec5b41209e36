//! Issuance: the wallet's request for a credential, and the package the issuer answers with.
//!
//! ```cddl
//! issuance-request = COSE_Sign1_Tagged  ; content type 65004, kid = device key id
//! issuance-payload = {
//!     1 => cose-okp-key,                ; the device key to bind
//!     2 => level,                       ; requested level
//!     3 => bstr .size 16,               ; the issuer's nonce
//!     4 => uint,                        ; created-at, Unix seconds
//! }
//!
//! credential-package = [                ; issuer → wallet; not signed itself
//!     credential: bstr .cbor credential,
//!     leaves: bstr,                     ; all 2^depth leaf digests, 16 bytes each, in order
//!     disclosures: [* bstr .cbor disclosure],
//! ]
//! ```
//!
//! The issuance request is signed by the device key it names: the signature over the issuer's
//! fresh nonce is the proof of possession. The package needs no signature of its own: the
//! credential is signed, its root commits to the leaves, and each disclosure hashes to a leaf.

use crate::cbor::{Decoder, Encoder};
use crate::cose::{self, ObjectKind, Sign1};
use crate::credential::{Level, decode_okp_key, encode_okp_key};
use crate::crypto::{DeviceSigner, PublicKey};
use crate::disclosure::Digest;
use crate::error::{Error, Result};
use crate::limits;
use alloc::vec::Vec;

/// A decoded issuance request whose proof of possession has been verified.
#[derive(Debug, Clone)]
pub struct IssuanceRequest {
    /// The device key to bind the credential to.
    pub device_key: PublicKey,
    /// The requested level.
    pub level: Level,
    /// The issuer nonce the device signed.
    pub nonce: [u8; limits::NONCE_LEN],
    /// When the device made the request.
    pub created_at: u64,
}

impl IssuanceRequest {
    /// Builds and signs an issuance request with the device key.
    ///
    /// # Errors
    ///
    /// Signer errors.
    pub fn create(
        signer: &dyn DeviceSigner,
        level: Level,
        nonce: &[u8; limits::NONCE_LEN],
        now: u64,
    ) -> Result<Vec<u8>> {
        let mut e = Encoder::with_capacity(96);
        e.map(4).uint(1);
        encode_okp_key(&mut e, &signer.public_key());
        e.uint(2).uint(level.code().into());
        e.uint(3).bytes(nonce);
        e.uint(4).uint(now);
        cose::sign(ObjectKind::IssuanceRequest, &e.into_bytes(), signer)
    }

    /// Decodes a request and verifies the proof of possession.
    ///
    /// # Errors
    ///
    /// Structural errors; [`Error::WeakKey`]; [`Error::DeviceKeyMismatch`] when the kid does not
    /// name the key in the request; [`Error::BadSignature`].
    pub fn decode(bytes: &[u8]) -> Result<IssuanceRequest> {
        let sign1 = Sign1::decode(bytes, ObjectKind::IssuanceRequest)?;
        let mut d = Decoder::new(sign1.payload, "issuance request");
        let mut m = d.map()?;
        m.expect(&mut d, 1)?;
        let key = decode_okp_key(&mut d)?;
        m.expect(&mut d, 2)?;
        let level = Level::from_code(d.uint()?)?;
        m.expect(&mut d, 3)?;
        let nonce = *d.bytes_exact::<{ limits::NONCE_LEN }>()?;
        m.expect(&mut d, 4)?;
        let created_at = d.uint()?;
        m.end(&d)?;
        d.finish()?;
        let device_key = PublicKey::from_bytes(&key)?;
        if device_key.key_id() != sign1.kid {
            return Err(Error::DeviceKeyMismatch);
        }
        sign1.verify(&device_key)?;
        Ok(IssuanceRequest {
            device_key,
            level,
            nonce,
            created_at,
        })
    }
}

/// What the issuer hands the wallet: the credential, the tree's leaves and the disclosures.
///
/// `Debug` shows counts only: the disclosures hold personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialPackage<'a> {
    /// The credential bytes.
    pub credential: &'a [u8],
    /// Every leaf digest, in tree order.
    pub leaves: Vec<Digest>,
    /// Each disclosure's bytes.
    pub disclosures: Vec<&'a [u8]>,
}

impl core::fmt::Debug for CredentialPackage<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CredentialPackage")
            .field("leaves", &self.leaves.len())
            .field("disclosures", &self.disclosures.len())
            .finish_non_exhaustive()
    }
}

impl<'a> CredentialPackage<'a> {
    /// Encodes the package.
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::with_capacity(
            self.credential.len() + self.leaves.len() * 16 + 64 * self.disclosures.len(),
        );
        e.array(3).bytes(self.credential);
        let flat: Vec<u8> = self.leaves.iter().flatten().copied().collect();
        e.bytes(&flat);
        e.array(self.disclosures.len());
        for d in &self.disclosures {
            e.bytes(d);
        }
        e.into_bytes()
    }

    /// Decodes a package (structure only; [`crate::Wallet::store`] checks it).
    ///
    /// # Errors
    ///
    /// Structural errors; [`Error::TooLarge`] beyond the limits.
    pub fn decode(bytes: &'a [u8]) -> Result<CredentialPackage<'a>> {
        let mut d = Decoder::new(bytes, "credential package");
        d.array_of(3)?;
        let credential = d.bytes()?;
        let flat = d.bytes()?;
        if flat.len() % 16 != 0 || flat.len() / 16 > limits::MAX_DISCLOSURES {
            return Err(Error::Malformed("credential package leaves"));
        }
        let leaves = flat
            .chunks_exact(16)
            .map(|c| {
                let mut l = [0u8; 16];
                l.copy_from_slice(c);
                l
            })
            .collect();
        let n = d.array()?;
        if n > limits::MAX_DISCLOSURES {
            return Err(Error::TooLarge("disclosure count"));
        }
        let mut disclosures = Vec::with_capacity(n);
        for _ in 0..n {
            disclosures.push(d.bytes()?);
        }
        d.finish()?;
        Ok(CredentialPackage {
            credential,
            leaves,
            disclosures,
        })
    }
}
