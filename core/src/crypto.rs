//! Keys, key identifiers, digests and strict Ed25519 verification.
//!
//! Signing is injected through [`DeviceSigner`] so a wallet's device key can stay in the
//! platform keystore; [`SigningKey`] is the in-library implementation, zeroized on drop.

use crate::error::{Error, Result};
use curve25519_dalek::edwards::CompressedEdwardsY;
use ed25519_dalek::Signature;
use sha2::{Digest, Sha256};

/// Length of an Ed25519 public key.
pub const PUBLIC_KEY_LEN: usize = 32;
/// Length of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;

/// SHA-256 over the concatenation of `parts`.
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// SHA-256 over the concatenation of `parts`, truncated to its first 16 bytes (128 bits).
///
/// Used for the attribute digest tree; FORMAT.md ("Digest tree") gives the security argument.
pub fn sha256_128(parts: &[&[u8]]) -> [u8; 16] {
    let full = sha256(parts);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// An 8-byte key identifier: the first 8 bytes of SHA-256 over the raw public key.
///
/// Identifiers are derived, never assigned, so a verifier can recompute one from a key and no
/// registry is needed to keep them unique in practice. They select a key; they never replace a
/// signature check.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    /// The identifier of the Ed25519 public key `public_key`.
    pub fn of(public_key: &[u8; PUBLIC_KEY_LEN]) -> KeyId {
        let d = sha256(&[public_key]);
        let mut id = [0u8; 8];
        id.copy_from_slice(&d[..8]);
        KeyId(id)
    }
}

impl core::fmt::Debug for KeyId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "KeyId({self})")
    }
}

impl core::fmt::Display for KeyId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// A validated Ed25519 public key: a canonical encoding of a point that is not of small order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    bytes: [u8; PUBLIC_KEY_LEN],
    key: ed25519_dalek::VerifyingKey,
}

impl PublicKey {
    /// Parses and validates a raw Ed25519 public key.
    ///
    /// # Errors
    ///
    /// [`Error::WeakKey`] when the bytes are not a point on the curve or the point has small
    /// order (such keys accept forged signatures).
    pub fn from_bytes(bytes: &[u8; PUBLIC_KEY_LEN]) -> Result<PublicKey> {
        let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| Error::WeakKey)?;
        if key.is_weak() {
            return Err(Error::WeakKey);
        }
        Ok(PublicKey { bytes: *bytes, key })
    }

    /// The raw 32-byte encoding.
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        &self.bytes
    }

    /// The key's identifier, see [`KeyId::of`].
    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.bytes)
    }

    /// Verifies `signature` over the concatenation of `message_parts` with the rules of
    /// ed25519-dalek's `verify_strict`: canonical `S`, `R` not of small order, key not of small
    /// order (checked at parse time). The message is streamed, so no buffer is allocated.
    ///
    /// # Errors
    ///
    /// [`Error::BadSignature`] when the signature does not verify.
    pub fn verify_strict(
        &self,
        message_parts: &[&[u8]],
        signature: &[u8; SIGNATURE_LEN],
    ) -> Result<()> {
        let sig = Signature::from_bytes(signature);
        let mut r = [0u8; 32];
        r.copy_from_slice(&signature[..32]);
        match CompressedEdwardsY(r).decompress() {
            Some(point) if !point.is_small_order() => {}
            _ => return Err(Error::BadSignature),
        }
        // `verify_stream` rejects a non-canonical S while parsing the signature.
        let mut v = self
            .key
            .verify_stream(&sig)
            .map_err(|_| Error::BadSignature)?;
        for part in message_parts {
            v.update(part);
        }
        v.finalize_and_verify().map_err(|_| Error::BadSignature)
    }
}

impl core::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "PublicKey({})", self.key_id())
    }
}

/// Produces Ed25519 signatures with a device key the library may never see.
///
/// Wallet apps implement this with the Android Keystore or the iOS Keychain; [`SigningKey`]
/// implements it for keys held in memory.
pub trait DeviceSigner {
    /// The raw Ed25519 public key of the signing key.
    fn public_key(&self) -> [u8; PUBLIC_KEY_LEN];

    /// Signs `message` (a COSE `Sig_structure`) with pure Ed25519.
    ///
    /// # Errors
    ///
    /// Implementations return [`Error::SignerFailed`] when the keystore refuses or fails.
    fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN]>;
}

impl<T: DeviceSigner + ?Sized> DeviceSigner for &T {
    fn public_key(&self) -> [u8; PUBLIC_KEY_LEN] {
        (**self).public_key()
    }
    fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN]> {
        (**self).sign(message)
    }
}

/// An Ed25519 private key held in memory, zeroized when dropped.
///
/// `Debug` shows only the key identifier.
#[derive(Clone)]
pub struct SigningKey(ed25519_dalek::SigningKey);

impl SigningKey {
    /// The key derived from a 32-byte seed (RFC 8032 private key). The caller should zeroize
    /// its own copy of the seed.
    pub fn from_seed(seed: &[u8; 32]) -> SigningKey {
        SigningKey(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    /// A fresh key from a cryptographically secure random number generator.
    pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> SigningKey {
        let mut seed = zeroize::Zeroizing::new([0u8; 32]);
        rng.fill_bytes(seed.as_mut());
        SigningKey::from_seed(&seed)
    }

    /// The 32-byte seed, in a zeroizing container; handle with care.
    pub fn to_seed(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.0.to_bytes())
    }

    /// The public key as raw bytes.
    pub fn public_key_bytes(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.verifying_key().to_bytes()
    }

    /// The identifier of the public key.
    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.public_key_bytes())
    }

    /// Signs `message` with pure Ed25519 (deterministic).
    pub fn sign_bytes(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        use ed25519_dalek::Signer;
        self.0.sign(message).to_bytes()
    }
}

impl DeviceSigner for SigningKey {
    fn public_key(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.public_key_bytes()
    }
    fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN]> {
        Ok(self.sign_bytes(message))
    }
}

impl core::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SigningKey({}, secret hidden)", self.key_id())
    }
}

/// Fills a fixed-size array from `rng`.
pub(crate) fn random<const N: usize, R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> [u8; N] {
    let mut out = [0u8; N];
    rng.fill_bytes(&mut out);
    out
}
