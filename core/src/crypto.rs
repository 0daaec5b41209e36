//! Keys, key identifiers, digests and strict Ed25519 verification.
//!
//! Signing is injected through [`DeviceSigner`] so a wallet's device key can stay in the
//! platform keystore; [`SigningKey`] is the in-library implementation, zeroized on drop.

use crate::error::{Error, Result};
use curve25519_dalek::edwards::CompressedEdwardsY;
use curve25519_dalek::traits::IsIdentity;
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
    /// [`Error::WeakKey`] when the bytes are not the canonical encoding of a point on the curve,
    /// or the point has small order (such keys accept forged signatures).
    pub fn from_bytes(bytes: &[u8; PUBLIC_KEY_LEN]) -> Result<PublicKey> {
        if !canonical_point_encoding(bytes) {
            return Err(Error::WeakKey);
        }
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

    /// Verifies `signature` over the concatenation of `message_parts`: strict cofactored Ed25519
    /// (FORMAT.md, "Signature verification"). `S` must be canonical (`S < L`), `R` must be the
    /// canonical encoding of a point not of small order, the key was checked likewise when it
    /// was parsed, and `[8]([S]B - R - [k]A)` must be the identity, with
    /// `k = SHA-512(R || A || M)`. The message is streamed, so no buffer is allocated.
    ///
    /// This rejects everything ed25519-dalek's `verify_strict` rejects except signatures that
    /// are valid up to a small-order component, which only the key's holder can make; the
    /// cofactored equation is what lets [`verify_strict_batch`] decide exactly like this.
    ///
    /// # Errors
    ///
    /// [`Error::BadSignature`] when the signature does not verify.
    pub fn verify_strict(
        &self,
        message_parts: &[&[u8]],
        signature: &[u8; SIGNATURE_LEN],
    ) -> Result<()> {
        let item = self
            .batch_item(message_parts, signature)
            .ok_or(Error::BadSignature)?;
        let expected_r = curve25519_dalek::EdwardsPoint::vartime_double_scalar_mul_basepoint(
            &-item.k, &item.a, &item.s,
        );
        if (expected_r - item.r).mul_by_cofactor().is_identity() {
            Ok(())
        } else {
            Err(Error::BadSignature)
        }
    }
}

/// Whether `bytes` is the canonical encoding of a field element `y < p` (the sign bit aside).
/// Non-canonical encodings of points would give one point two encodings, hence two different
/// challenges `k`; they are rejected outright.
fn canonical_point_encoding(bytes: &[u8; 32]) -> bool {
    // p = 2^255 - 19: little-endian ed ff .. ff 7f.
    let top_all_ones = bytes[31] & 0x7f == 0x7f && bytes[1..31].iter().all(|b| *b == 0xff);
    !(top_all_ones && bytes[0] >= 0xed)
}

/// One signature prepared for batch verification: it passed the same encoding and small-order
/// checks as [`PublicKey::verify_strict`], and its challenge `k = SHA-512(R || A || M)` is
/// computed. Only the verification equation remains.
pub(crate) struct BatchItem {
    a: curve25519_dalek::EdwardsPoint,
    r: curve25519_dalek::EdwardsPoint,
    s: curve25519_dalek::Scalar,
    k: curve25519_dalek::Scalar,
    /// The challenge and the signature, which bind this item into the batch weights.
    k_bytes: [u8; 32],
    signature: [u8; SIGNATURE_LEN],
}

impl PublicKey {
    /// Prepares `signature` over the concatenated `message_parts` for [`verify_batch`]; `None`
    /// when it fails a check that [`PublicKey::verify_strict`] would also fail (non-canonical
    /// `S`, undecodable or small-order `R`), in which case the caller must use single mode.
    pub(crate) fn batch_item(
        &self,
        message_parts: &[&[u8]],
        signature: &[u8; SIGNATURE_LEN],
    ) -> Option<BatchItem> {
        use sha2::Sha512;
        let mut r_bytes = [0u8; 32];
        r_bytes.copy_from_slice(&signature[..32]);
        let mut s_bytes = [0u8; 32];
        s_bytes.copy_from_slice(&signature[32..]);
        let s: Option<curve25519_dalek::Scalar> =
            curve25519_dalek::Scalar::from_canonical_bytes(s_bytes).into();
        if !canonical_point_encoding(&r_bytes) {
            return None;
        }
        let r = CompressedEdwardsY(r_bytes).decompress()?;
        if r.is_small_order() {
            return None;
        }
        let mut h = Sha512::new();
        h.update(r_bytes);
        h.update(self.bytes);
        for part in message_parts {
            h.update(part);
        }
        let k_wide: [u8; 64] = h.finalize().into();
        let k = curve25519_dalek::Scalar::from_bytes_mod_order_wide(&k_wide);
        Some(BatchItem {
            a: self.key.to_edwards(),
            r,
            s: s?,
            k,
            k_bytes: k.to_bytes(),
            signature: *signature,
        })
    }
}

/// Checks the Ed25519 equations of many signatures at once:
/// `[8]((-Σ zᵢSᵢ)·B + Σ zᵢ·Rᵢ + Σ (zᵢkᵢ)·Aᵢ) = 0`, cofactored like the single check, with
/// 128-bit weights `zᵢ` derived from a hash of every item (as ed25519-dalek's `verify_batch`
/// does), so nobody can choose inputs that cancel.
///
/// `true` means every item passes [`PublicKey::verify_strict`], except with probability about
/// 2^-128; `false` means at least one fails, and the caller finds which in single mode. The
/// cofactor is what makes this exact: a residual of small order is ignored here and in single
/// mode alike, whereas a cofactorless batch would miss it only for some weights.
///
/// The equation is written here, on curve25519-dalek's multiscalar multiplication, instead of
/// calling `ed25519_dalek::verify_batch`, which needs each message contiguous in memory and
/// decompresses every `R` a second time after the small-order check.
pub(crate) fn verify_batch(items: &[BatchItem]) -> bool {
    use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
    use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
    use sha2::Sha512;
    if items.is_empty() {
        return true;
    }
    let mut seed = Sha512::new();
    seed.update(b"wangzheng batch weights v1");
    for item in items {
        seed.update(item.k_bytes);
        seed.update(item.signature);
    }
    let seed: [u8; 64] = seed.finalize().into();
    let weights: alloc::vec::Vec<curve25519_dalek::Scalar> = (0..items.len() as u64)
        .map(|i| {
            let d = Sha512::new()
                .chain_update(seed)
                .chain_update(i.to_le_bytes())
                .finalize();
            let mut z = [0u8; 16];
            z.copy_from_slice(&d[..16]);
            curve25519_dalek::Scalar::from(u128::from_le_bytes(z))
        })
        .collect();
    let b_coefficient: curve25519_dalek::Scalar =
        items.iter().zip(&weights).map(|(it, z)| z * it.s).sum();
    let scalars = core::iter::once(-b_coefficient)
        .chain(weights.iter().copied())
        .chain(items.iter().zip(&weights).map(|(it, z)| z * it.k));
    let points = core::iter::once(ED25519_BASEPOINT_POINT)
        .chain(items.iter().map(|it| it.r))
        .chain(items.iter().map(|it| it.a));
    curve25519_dalek::EdwardsPoint::vartime_multiscalar_mul(scalars, points)
        .mul_by_cofactor()
        .is_identity()
}

/// Verifies many `(key, message, signature)` triples and returns, for each, exactly what
/// [`PublicKey::verify_strict`] returns for it.
///
/// Signatures that fail the strict encoding and small-order checks are decided singly; the rest
/// go through one batch equation, and a failing batch is split in halves until the failing
/// signatures are found and decided singly. Faster than single checks when most signatures are
/// valid; the equation is cofactored like the single check, so both decide alike.
pub fn verify_strict_batch(
    items: &[(&PublicKey, &[u8], &[u8; SIGNATURE_LEN])],
) -> alloc::vec::Vec<Result<()>> {
    let mut out: alloc::vec::Vec<Option<Result<()>>> = (0..items.len()).map(|_| None).collect();
    let mut ready = alloc::vec::Vec::with_capacity(items.len());
    let mut prepared = alloc::vec::Vec::with_capacity(items.len());
    for (i, (key, msg, sig)) in items.iter().enumerate() {
        match key.batch_item(&[msg], sig) {
            Some(b) => {
                ready.push(i);
                prepared.push(b);
            }
            None => out[i] = Some(key.verify_strict(&[msg], sig)),
        }
    }
    settle(&prepared, 1, 0, ready.len(), &mut |lo, hi, ok| {
        for &i in &ready[lo..hi] {
            let (key, msg, sig) = items[i];
            out[i] = Some(if ok {
                Ok(())
            } else {
                key.verify_strict(&[msg], sig)
            });
        }
    });
    out.into_iter()
        .map(|r| r.unwrap_or(Err(Error::BadSignature)))
        .collect()
}

/// Splits groups `lo..hi` (each of `per_group` consecutive items) until each part verifies as a
/// batch or is small, and reports each part: `decide(lo, hi, true)` when the batch equation
/// held for it, `decide(lo, hi, false)` when its groups must be decided singly.
pub(crate) fn settle(
    items: &[BatchItem],
    per_group: usize,
    lo: usize,
    hi: usize,
    decide: &mut dyn FnMut(usize, usize, bool),
) {
    if lo >= hi {
        return;
    }
    if verify_batch(&items[lo * per_group..hi * per_group]) {
        decide(lo, hi, true);
    } else if hi - lo <= 2 {
        decide(lo, hi, false);
    } else {
        let mid = lo + (hi - lo) / 2;
        settle(items, per_group, lo, mid, decide);
        settle(items, per_group, mid, hi, decide);
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
