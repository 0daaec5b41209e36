//! The wallet: holds credentials bound to its device key, presents them, follows their status
//! and persists itself in a sealed store.
//!
//! # Status
//!
//! [`Wallet::apply_status`] takes a status list that the caller has already verified and
//! reports what happened to each held credential ([`StatusChange`]); it deletes the credentials
//! that can never be used again (revoked, superseded, expired), which is how the old phone
//! deletes its copy once a new phone activated the credential.
//!
//! # Store
//!
//! A wallet serializes to a single byte string that the app writes to its storage and reads
//! back with [`Wallet::restore`] or [`Wallet::restore_with_signer`]. The store is sealed with
//! ChaCha20-Poly1305 (RFC 8439) under a 256-bit [`StorageKey`] that the app keeps in its
//! platform keystore:
//!
//! ```cddl
//! wallet-store = [
//!     version: 1,
//!     nonce:   bstr .size 12,          ; fresh random nonce of each export
//!     sealed:  bstr,                   ; ChaCha20-Poly1305(storage key, nonce,
//!                                      ;   aad = "wangzheng wallet store v1",
//!                                      ;   plaintext = bstr .cbor wallet-contents) ‖ tag (16)
//! ]
//! wallet-contents = {
//!     1 => bstr .size 32,              ; the device public key
//!     ? 2 => bstr .size 32,            ; the device key's seed (RFC 8032 private key), present
//!                                      ; only when the library holds the key (export)
//!     3 => [* held],                   ; the held credentials, in the wallet's order
//! }
//! held = [
//!     credential: bstr .cbor credential,
//!     leaves: bstr,                    ; all 2^depth leaf digests, 16 bytes each, in order
//!     disclosures: [* [index: uint, disclosure: bstr .cbor disclosure]],
//! ]
//! ```
//!
//! The AAD is the 25 ASCII bytes `wangzheng wallet store v1`. Both the outer array and the
//! contents are deterministic CBOR, read with the strict decoder.
//!
//! Restoring authenticates the whole store before reading any of it: a truncated, extended or
//! altered store, one sealed with another key, or one whose contents are not exactly the
//! structure above is refused with [`Error::CorruptStore`] as a whole — a wallet is never half
//! loaded. Each held credential is re-checked structurally (its encoding, its binding to the
//! device key, its leaves against the signed root, each disclosure against its leaf). Issuer
//! signatures are not re-verified and no issuer key is needed: they were verified when the
//! credential was stored, and the store is authenticated with the app's own key, so only a
//! holder of that key can have written it.
//!
//! Each export draws a fresh random 96-bit nonce, which is safe for far more exports under one
//! key than a wallet makes (the birthday bound is around 2^32 exports per key). Authentication
//! does not stop a rollback: someone with access to the app's storage can put back an older
//! store sealed with the same key. Restored credentials are therefore only as current as the
//! next status list applied to them; an app that must detect rollback keeps a counter of its
//! own in the keystore.
//!
//! Where the device key lives decides the export call. [`Wallet<SigningKey>::export`] writes the
//! seed into the sealed store and [`Wallet::restore`] needs it; [`Wallet::export_public`] (any
//! signer, for example a keystore-backed one) writes the public key only, and
//! [`Wallet::restore_with_signer`] takes the signer back from the app. Exporting the seed is a
//! method of `Wallet<SigningKey>` alone, rather than a method of [`DeviceSigner`], so that no
//! signer can be asked for its secret through the trait, and a wallet around an external signer
//! cannot even name the call.
//!
//! The plaintext buffers (which hold the seed and the disclosures) are sized up front, so that
//! no growth leaves copies behind, and zeroized when dropped.

use crate::attributes::AttributeId;
use crate::cbor::{Decoder, Encoder};
use crate::cose::{self, ObjectKind};
use crate::credential::{Credential, CredentialClaims, Level};
use crate::crypto::{DeviceSigner, KeyId, PUBLIC_KEY_LEN, PublicKey, SigningKey, random, sha256};
use crate::disclosure::{self, Digest, Disclosure};
use crate::error::{Error, Result};
use crate::issuance::{CredentialPackage, IssuanceRequest};
use crate::limits;
use crate::presentation::{self, Binding};
use crate::request::PresentationRequest;
use crate::status::{CredentialStatus, StatusList};
use alloc::vec::Vec;
use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, KeyInit, Nonce};
use zeroize::Zeroizing;

/// The version number of the wallet store format.
pub const STORE_VERSION: u64 = 1;
/// How far in the future (seconds) a credential's issue time may lie when a wallet stores it:
/// the phone's clock and the issuer's may disagree a little, not more.
pub const STORE_CLOCK_SKEW: u64 = 300;
/// The associated data bound into every sealed wallet store.
pub const STORE_AAD: &[u8] = b"wangzheng wallet store v1";
/// Length of the store's ChaCha20-Poly1305 nonce.
pub const STORE_NONCE_LEN: usize = 12;
/// Length of the Poly1305 tag at the end of the sealed contents.
const STORE_TAG_LEN: usize = 16;
/// Length of a storage key and of a device seed.
const SECRET_LEN: usize = 32;
/// Largest CBOR head (initial byte and an 8-byte argument).
const MAX_HEAD: usize = 9;

const KEY_DEVICE: i64 = 1;
const KEY_SEED: i64 = 2;
const KEY_HELD: i64 = 3;

/// The app's 256-bit key that seals the wallet store, zeroized when dropped.
///
/// The app keeps it in the platform keystore (Android Keystore, iOS Keychain) and hands it to
/// [`Wallet::export`], [`Wallet::export_public`], [`Wallet::restore`] and
/// [`Wallet::restore_with_signer`]. `Debug` shows nothing of it.
pub struct StorageKey(Zeroizing<[u8; SECRET_LEN]>);

impl StorageKey {
    /// The key with the given bytes. The caller should zeroize its own copy.
    pub fn from_bytes(bytes: [u8; SECRET_LEN]) -> StorageKey {
        StorageKey(Zeroizing::new(bytes))
    }

    /// A fresh key from a cryptographically secure random number generator.
    pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> StorageKey {
        let mut key = StorageKey(Zeroizing::new([0u8; SECRET_LEN]));
        rng.fill_bytes(key.0.as_mut());
        key
    }

    fn cipher(&self) -> Result<ChaCha20Poly1305> {
        ChaCha20Poly1305::new_from_slice(self.0.as_ref())
            .map_err(|_| Error::InvalidArgument("storage key"))
    }
}

impl core::fmt::Debug for StorageKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("StorageKey(secret hidden)")
    }
}

/// What a status list said about one held credential, as [`Wallet::apply_status`] reports it.
///
/// A closed set (the four status-list states and expiry), not `#[non_exhaustive]`: the
/// bindings map it exhaustively, so a new outcome must be given its public meaning there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusOutcome {
    /// The list says the credential is good (reported for fresh lists only). Kept.
    Good,
    /// The list says the credential is frozen; it may become good again. Kept, so the app can
    /// show it as frozen (reported for fresh lists only).
    Suspended,
    /// The list says the credential is cancelled. Deleted.
    Revoked,
    /// The list says a newer generation replaced the credential (another phone activated it,
    /// or it was re-issued with the card). Deleted.
    Superseded,
    /// The credential's validity has ended. Deleted, whatever the list says.
    Expired,
}

impl StatusOutcome {
    /// `good`, `suspended`, `revoked`, `superseded` or `expired`.
    pub const fn as_str(self) -> &'static str {
        match self {
            StatusOutcome::Good => "good",
            StatusOutcome::Suspended => "suspended",
            StatusOutcome::Revoked => "revoked",
            StatusOutcome::Superseded => "superseded",
            StatusOutcome::Expired => "expired",
        }
    }

    /// Whether the wallet deletes a credential with this outcome (it can never be used again).
    pub const fn deletes(self) -> bool {
        matches!(
            self,
            StatusOutcome::Revoked | StatusOutcome::Superseded | StatusOutcome::Expired
        )
    }
}

impl core::fmt::Display for StatusOutcome {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One held credential's fate under a status list.
///
/// `Debug` shows the credential id (a per-credential pseudonym, the identifier an offline
/// verifier sees anyway), the outcome and whether the credential was deleted; nothing else.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusChange {
    /// The credential's identifier (see [`CredentialClaims::id`]).
    pub credential_id: [u8; limits::CREDENTIAL_ID_LEN],
    /// What the list (or the clock) said.
    pub outcome: StatusOutcome,
    /// Whether the wallet deleted the credential.
    pub deleted: bool,
}

impl core::fmt::Debug for StatusChange {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        struct Hex<'a>(&'a [u8]);
        impl core::fmt::Debug for Hex<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
        }
        f.debug_struct("StatusChange")
            .field("credential_id", &Hex(&self.credential_id))
            .field("outcome", &self.outcome)
            .field("deleted", &self.deleted)
            .finish()
    }
}

/// A credential the wallet holds, with everything needed to present it.
#[derive(Clone)]
pub struct HeldCredential {
    credential: Vec<u8>,
    claims: CredentialClaims,
    issuer_kid: KeyId,
    leaves: Vec<Digest>,
    /// (leaf index, disclosure bytes), in package order.
    disclosures: Vec<(usize, Vec<u8>)>,
}

impl core::fmt::Debug for HeldCredential {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HeldCredential")
            .field("issuer_kid", &self.issuer_kid)
            .field("level", &self.claims.level)
            .field("generation", &self.claims.generation)
            .field("expires_at", &self.claims.expires_at)
            .field("disclosures", &self.disclosures.len())
            .finish_non_exhaustive()
    }
}

impl HeldCredential {
    /// The credential's claims.
    pub fn claims(&self) -> &CredentialClaims {
        &self.claims
    }

    /// The credential's bytes.
    pub fn credential_bytes(&self) -> &[u8] {
        &self.credential
    }

    /// The issuer's key identifier.
    pub fn issuer_kid(&self) -> KeyId {
        self.issuer_kid
    }

    /// The identifiers of the attributes this credential can disclose.
    pub fn attribute_ids(&self) -> impl Iterator<Item = AttributeId<'_>> {
        self.disclosures
            .iter()
            .filter_map(|(_, b)| Disclosure::from_bytes(b).ok().map(|d| d.id))
    }

    fn find(&self, id: &AttributeId<'_>) -> Option<(usize, &[u8])> {
        self.disclosures
            .iter()
            .find(|(_, b)| Disclosure::from_bytes(b).is_ok_and(|d| d.id.same(id)))
            .map(|(i, b)| (*i, b.as_slice()))
    }
}

/// Checks that `leaves` are all the leaves of the credential's digest tree.
fn check_leaves(claims: &CredentialClaims, leaves: &[Digest]) -> Result<()> {
    if leaves.len() != 1usize << claims.tree_depth || disclosure::root(leaves)? != claims.root {
        return Err(Error::DisclosureMismatch);
    }
    Ok(())
}

/// Decodes a disclosure, finds its leaf (at `index` when given, otherwise anywhere among
/// `leaves`), refuses a repeated leaf or attribute, and appends it to `kept`.
fn push_disclosure(
    kept: &mut Vec<(usize, Vec<u8>)>,
    leaves: &[Digest],
    index: Option<usize>,
    bytes: &[u8],
) -> Result<()> {
    let d = Disclosure::from_bytes(bytes)?;
    let leaf = d.leaf();
    let index = match index {
        Some(i) if leaves.get(i) == Some(&leaf) => i,
        Some(_) => return Err(Error::DisclosureMismatch),
        None => leaves
            .iter()
            .position(|l| *l == leaf)
            .ok_or(Error::DisclosureMismatch)?,
    };
    let repeated = kept
        .iter()
        .any(|(i, b)| *i == index || Disclosure::from_bytes(b).is_ok_and(|o| o.id.same(&d.id)));
    if repeated {
        return Err(Error::Malformed("repeated attribute in credential package"));
    }
    kept.push((index, bytes.to_vec()));
    Ok(())
}

/// A holder's wallet: a device signer and the credentials bound to its key.
///
/// The signer is injected ([`DeviceSigner`]) so that a phone can keep the private key in its
/// keystore; [`crate::SigningKey`] serves simple apps and tests.
pub struct Wallet<S: DeviceSigner> {
    signer: S,
    held: Vec<HeldCredential>,
}

impl<S: DeviceSigner> core::fmt::Debug for Wallet<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Wallet")
            .field("device_kid", &KeyId::of(&self.signer.public_key()))
            .field("held", &self.held)
            .finish()
    }
}

impl<S: DeviceSigner> Wallet<S> {
    /// An empty wallet around a device signer.
    pub fn new(signer: S) -> Self {
        Wallet {
            signer,
            held: Vec::new(),
        }
    }

    /// The device signer.
    pub fn signer(&self) -> &S {
        &self.signer
    }

    /// Builds the issuance request for an issuer's nonce.
    ///
    /// # Errors
    ///
    /// Signer errors.
    pub fn issuance_request(
        &self,
        level: Level,
        nonce: &[u8; limits::NONCE_LEN],
        now: u64,
    ) -> Result<Vec<u8>> {
        IssuanceRequest::create(&self.signer, level, nonce, now)
    }

    /// Checks a credential package from the issuer and stores it, replacing a held credential
    /// with the same identifier.
    ///
    /// # Errors
    ///
    /// Structural errors; [`Error::UnknownIssuer`] when the credential names another key than
    /// `issuer`; [`Error::BadSignature`]; [`Error::DeviceKeyMismatch`] when it is bound to
    /// another device; [`Error::NotYetValid`] when issued more than [`STORE_CLOCK_SKEW`] in the
    /// future; [`Error::Expired`]; [`Error::DisclosureMismatch`] when the leaves or
    /// disclosures do not match the credential.
    pub fn store(
        &mut self,
        package: &[u8],
        issuer: &PublicKey,
        now: u64,
    ) -> Result<&HeldCredential> {
        let pkg = CredentialPackage::decode(package)?;
        let cred = Credential::decode(pkg.credential)?;
        if cred.issuer_kid() != issuer.key_id() {
            return Err(Error::UnknownIssuer);
        }
        cred.sign1.verify(issuer)?;
        if cred.claims.device_key != self.signer.public_key() {
            return Err(Error::DeviceKeyMismatch);
        }
        if cred.claims.issued_at > now.saturating_add(STORE_CLOCK_SKEW) {
            return Err(Error::NotYetValid);
        }
        if now >= cred.claims.expires_at {
            return Err(Error::Expired);
        }
        check_leaves(&cred.claims, &pkg.leaves)?;
        let mut disclosures: Vec<(usize, Vec<u8>)> = Vec::with_capacity(pkg.disclosures.len());
        for bytes in &pkg.disclosures {
            push_disclosure(&mut disclosures, &pkg.leaves, None, bytes)?;
        }
        let held = HeldCredential {
            credential: pkg.credential.to_vec(),
            claims: cred.claims.clone(),
            issuer_kid: cred.issuer_kid(),
            leaves: pkg.leaves,
            disclosures,
        };
        self.held.retain(|h| h.claims.id != held.claims.id);
        self.held.push(held);
        self.held.last().ok_or(Error::InvalidArgument("wallet"))
    }

    /// The held credentials.
    pub fn credentials(&self) -> &[HeldCredential] {
        &self.held
    }

    /// Removes the credential with identifier `id`; reports whether one was held.
    pub fn remove(&mut self, id: &[u8; limits::CREDENTIAL_ID_LEN]) -> bool {
        let before = self.held.len();
        self.held.retain(|h| &h.claims.id != id);
        before != self.held.len()
    }

    /// Applies a status list to the held credentials and reports what happened to each one
    /// the list (or the clock) speaks about, in the wallet's order.
    ///
    /// The list must already be verified: with a trust list, by
    /// [`crate::Verifier::decode_status_list`]; with a pinned issuer key, by
    /// [`StatusList::decode`]. For each held credential:
    ///
    /// * expired at `now` → deleted, [`StatusOutcome::Expired`], whatever the list says;
    /// * naming this list (`claims().status`), with its index in range: revoked or superseded →
    ///   deleted; suspended → kept and reported; good → kept and reported;
    /// * naming another list, no list, or an index past the list's end → untouched, not
    ///   reported.
    ///
    /// A list past its next-update (`!list.is_fresh(now)`) is still signed truth about the
    /// past: its final states (revoked, superseded) are applied, but its good and suspended
    /// entries are not reported, since they may have changed since; fetch a fresh list for
    /// those. A list issued before the credential cannot describe it (its entry predates the
    /// credential), so it leaves that credential untouched; deletion cannot be undone.
    ///
    /// The wallet does not compare the list's signer with the credential's issuer key: issuer
    /// keys rotate, and the caller's verification decided that the signer may publish status
    /// (as [`crate::Verifier::check_status`] does).
    pub fn apply_status(&mut self, list: &StatusList, now: u64) -> Vec<StatusChange> {
        let fresh = list.is_fresh(now);
        let mut changes = Vec::new();
        self.held.retain(|h| {
            let outcome = if now >= h.claims.expires_at {
                Some(StatusOutcome::Expired)
            } else {
                match h.claims.status {
                    Some(r) if r.list == list.list_id && list.issued_at >= h.claims.issued_at => {
                        match list.get(r.index) {
                            Some(CredentialStatus::Revoked) => Some(StatusOutcome::Revoked),
                            Some(CredentialStatus::Superseded) => Some(StatusOutcome::Superseded),
                            Some(CredentialStatus::Suspended) if fresh => {
                                Some(StatusOutcome::Suspended)
                            }
                            Some(CredentialStatus::Good) if fresh => Some(StatusOutcome::Good),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            };
            let Some(outcome) = outcome else {
                return true;
            };
            let deleted = outcome.deletes();
            changes.push(StatusChange {
                credential_id: h.claims.id,
                outcome,
                deleted,
            });
            !deleted
        });
        changes
    }

    /// Serializes and seals the wallet **without** the device key: the public key and the held
    /// credentials only. Restore it with [`Wallet::restore_with_signer`] and the same signer.
    /// Use this when the device key lives in a platform keystore; a wallet around an in-memory
    /// [`SigningKey`] can use [`Wallet::export`] to keep its key in the store.
    ///
    /// Each call draws a fresh nonce from `rng`, so two exports of the same wallet differ.
    ///
    /// # Errors
    ///
    /// None in practice; [`Error::InvalidArgument`] if the AEAD refuses the input size.
    pub fn export_public<R: rand_core::CryptoRng + ?Sized>(
        &self,
        key: &StorageKey,
        rng: &mut R,
    ) -> Result<Vec<u8>> {
        seal(&self.signer.public_key(), None, &self.held, key, rng)
    }

    /// Restores a wallet from a store written by [`Wallet::export_public`] or
    /// [`Wallet::export`], around the app's device signer. A seed in the store is ignored
    /// (and zeroized).
    ///
    /// # Errors
    ///
    /// [`Error::CorruptStore`] when the store is truncated, altered, sealed with another key or
    /// not a valid wallet store; [`Error::DeviceKeyMismatch`] when `signer`'s public key is not
    /// the store's device key.
    pub fn restore_with_signer(bytes: &[u8], key: &StorageKey, signer: S) -> Result<Wallet<S>> {
        let contents = open(bytes, key)?;
        if signer.public_key() != contents.device_key {
            return Err(Error::DeviceKeyMismatch);
        }
        Ok(Wallet {
            signer,
            held: contents.held,
        })
    }

    /// The credential to present: unexpired, at least `min_level`, then the highest level and
    /// newest generation.
    fn select(&self, min_level: Level, now: u64) -> Result<&HeldCredential> {
        let usable = self.held.iter().filter(|h| now < h.claims.expires_at);
        let mut any = false;
        let best = usable
            .inspect(|_| any = true)
            .filter(|h| h.claims.level >= min_level)
            .max_by_key(|h| (h.claims.level, h.claims.generation, h.claims.issued_at));
        match best {
            Some(h) => Ok(h),
            None if any => Err(Error::LevelTooLow),
            None if self.held.is_empty() => {
                Err(Error::InvalidArgument("wallet holds no credential"))
            }
            None => Err(Error::Expired),
        }
    }

    /// Makes a non-interactive presentation (for a QR code) that discloses exactly `disclose`.
    ///
    /// It has no audience or nonce: it is short-lived (the verifier's max age) and verifiers
    /// that keep a replay cache accept it once.
    ///
    /// # Errors
    ///
    /// [`Error::MissingAttribute`] when the credential lacks one of `disclose`;
    /// [`Error::InvalidArgument`] for an empty wallet or a repeated attribute;
    /// [`Error::Expired`]; signer errors.
    pub fn present(&self, disclose: &[AttributeId<'_>], now: u64) -> Result<Vec<u8>> {
        let held = self.select(Level::Light, now)?;
        self.build(held, disclose, None, now)
    }

    /// Answers a presentation request: checks its signature, picks a credential of at least
    /// the requested level, and discloses exactly the requested attributes, bound to the
    /// request's audience, nonce and digest.
    ///
    /// # Errors
    ///
    /// Request decoding errors; [`Error::LevelTooLow`]; [`Error::MissingAttribute`];
    /// [`Error::Expired`]; signer errors.
    pub fn respond(&self, request: &[u8], now: u64) -> Result<Vec<u8>> {
        let req = PresentationRequest::decode(request)?;
        let held = self.select(req.min_level, now)?;
        let requested: Vec<AttributeId<'_>> = req.requested().collect();
        let digest = sha256(&[request]);
        let binding = Binding {
            audience: req.verifier_id,
            nonce: req.nonce,
            request_digest: &digest,
        };
        self.build(held, &requested, Some(binding), now)
    }

    fn build(
        &self,
        held: &HeldCredential,
        disclose: &[AttributeId<'_>],
        binding: Option<Binding<'_>>,
        now: u64,
    ) -> Result<Vec<u8>> {
        let mut chosen: Vec<(u64, Vec<u8>, &[u8])> = Vec::with_capacity(disclose.len());
        for (i, id) in disclose.iter().enumerate() {
            if disclose[..i].iter().any(|o| o.same(id)) {
                return Err(Error::InvalidArgument("repeated attribute"));
            }
            let (index, bytes) = held.find(id).ok_or(Error::MissingAttribute)?;
            chosen.push((index as u64, disclosure::path(&held.leaves, index)?, bytes));
        }
        chosen.sort_by_key(|c| c.0);
        let payload = presentation::encode_payload(&held.credential, &chosen, binding, now);
        cose::sign(ObjectKind::Presentation, &payload, &self.signer)
    }
}

impl Wallet<SigningKey> {
    /// Serializes and seals the wallet **with** its device key's seed, for apps that keep the
    /// device key in the library. Restore it with [`Wallet::restore`].
    ///
    /// Only a wallet around an in-library [`SigningKey`] has this method: an external signer
    /// never hands out its secret (see [`Wallet::export_public`]). The seed exists in clear
    /// only inside the zeroized plaintext buffer. Each call draws a fresh nonce from `rng`.
    ///
    /// # Errors
    ///
    /// None in practice; [`Error::InvalidArgument`] if the AEAD refuses the input size.
    pub fn export<R: rand_core::CryptoRng + ?Sized>(
        &self,
        key: &StorageKey,
        rng: &mut R,
    ) -> Result<Vec<u8>> {
        let seed = self.signer.to_seed();
        seal(
            &self.signer.public_key_bytes(),
            Some(&seed),
            &self.held,
            key,
            rng,
        )
    }

    /// Restores a wallet, device key included, from a store written by [`Wallet::export`].
    ///
    /// # Errors
    ///
    /// [`Error::CorruptStore`] when the store is truncated, altered, sealed with another key or
    /// not a valid wallet store (a seed that does not give the stored device public key
    /// included);
    /// [`Error::InvalidArgument`] when the store is intact but holds no seed (it was written by
    /// [`Wallet::export_public`]: use [`Wallet::restore_with_signer`]).
    pub fn restore(bytes: &[u8], key: &StorageKey) -> Result<Wallet<SigningKey>> {
        let contents = open(bytes, key)?;
        let seed = contents
            .seed
            .ok_or(Error::InvalidArgument("wallet store holds no device seed"))?;
        let signer = SigningKey::from_seed(&seed);
        Ok(Wallet {
            signer,
            held: contents.held,
        })
    }
}

/// The opened contents of a wallet store.
struct StoreContents {
    device_key: [u8; PUBLIC_KEY_LEN],
    seed: Option<Zeroizing<[u8; SECRET_LEN]>>,
    held: Vec<HeldCredential>,
}

/// An upper bound of the encoded contents' length, tag included, so that the plaintext buffer
/// never grows (growing would leave unzeroized copies of it on the heap).
fn contents_capacity(held: &[HeldCredential]) -> usize {
    let fixed = 1 + 2 * (1 + MAX_HEAD + PUBLIC_KEY_LEN) + 1 + MAX_HEAD + STORE_TAG_LEN;
    held.iter().fold(fixed, |acc, h| {
        let disclosures: usize = h
            .disclosures
            .iter()
            .map(|(_, b)| 1 + MAX_HEAD + MAX_HEAD + b.len())
            .sum();
        acc + 1
            + MAX_HEAD
            + h.credential.len()
            + MAX_HEAD
            + h.leaves.len() * 16
            + MAX_HEAD
            + disclosures
    })
}

/// Encodes and seals the contents.
fn seal<R: rand_core::CryptoRng + ?Sized>(
    device_key: &[u8; PUBLIC_KEY_LEN],
    seed: Option<&[u8; SECRET_LEN]>,
    held: &[HeldCredential],
    key: &StorageKey,
    rng: &mut R,
) -> Result<Vec<u8>> {
    seal_contents(encode_contents(device_key, seed, held), key, rng)
}

/// Encodes the contents in a zeroizing buffer with room for the tag.
fn encode_contents(
    device_key: &[u8; PUBLIC_KEY_LEN],
    seed: Option<&[u8; SECRET_LEN]>,
    held: &[HeldCredential],
) -> Zeroizing<Vec<u8>> {
    let mut e = Encoder::with_capacity(contents_capacity(held));
    e.map(2 + usize::from(seed.is_some()));
    e.int(KEY_DEVICE).bytes(device_key);
    if let Some(seed) = seed {
        e.int(KEY_SEED).bytes(seed);
    }
    e.int(KEY_HELD).array(held.len());
    for h in held {
        e.array(3).bytes(&h.credential);
        let leaves: Vec<u8> = h.leaves.iter().flatten().copied().collect();
        e.bytes(&leaves);
        e.array(h.disclosures.len());
        for (index, bytes) in &h.disclosures {
            e.array(2).uint(*index as u64).bytes(bytes);
        }
    }
    Zeroizing::new(e.into_bytes())
}

/// Encrypts `contents` in place under a fresh nonce and wraps it in the outer array.
fn seal_contents<R: rand_core::CryptoRng + ?Sized>(
    mut contents: Zeroizing<Vec<u8>>,
    key: &StorageKey,
    rng: &mut R,
) -> Result<Vec<u8>> {
    let nonce: [u8; STORE_NONCE_LEN] = random(rng);
    key.cipher()?
        .encrypt_in_place(&Nonce::from(nonce), STORE_AAD, &mut *contents)
        .map_err(|_| Error::InvalidArgument("wallet store size"))?;
    let mut out = Encoder::with_capacity(contents.len() + 2 * MAX_HEAD + STORE_NONCE_LEN + 1);
    out.array(3)
        .uint(STORE_VERSION)
        .bytes(&nonce)
        .bytes(&contents);
    Ok(out.into_bytes())
}

/// Reads the outer array: the nonce and the sealed contents.
fn unwrap_store(bytes: &[u8]) -> Result<([u8; STORE_NONCE_LEN], &[u8])> {
    let mut d = Decoder::new(bytes, "wallet store");
    d.array_of(3)?;
    if d.uint()? != STORE_VERSION {
        return Err(Error::Unsupported("wallet store version"));
    }
    let nonce = *d.bytes_exact::<STORE_NONCE_LEN>()?;
    let sealed = d.bytes()?;
    d.finish()?;
    if sealed.len() < STORE_TAG_LEN {
        return Err(Error::Malformed("wallet store"));
    }
    Ok((nonce, sealed))
}

/// Authenticates, decrypts and parses a store; every failure is [`Error::CorruptStore`].
fn open(bytes: &[u8], key: &StorageKey) -> Result<StoreContents> {
    let (nonce, sealed) = unwrap_store(bytes).map_err(|_| Error::CorruptStore)?;
    let mut plaintext: Zeroizing<Vec<u8>> = Zeroizing::new(sealed.to_vec());
    key.cipher()?
        .decrypt_in_place(&Nonce::from(nonce), STORE_AAD, &mut *plaintext)
        .map_err(|_| Error::CorruptStore)?;
    parse_contents(&plaintext).map_err(|_| Error::CorruptStore)
}

/// Parses and checks the decrypted contents. Errors are mapped to [`Error::CorruptStore`] by
/// the caller.
fn parse_contents(plaintext: &[u8]) -> Result<StoreContents> {
    let mut d = Decoder::new(plaintext, "wallet store contents");
    let mut m = d.map()?;
    m.expect(&mut d, KEY_DEVICE)?;
    let device_key = *d.bytes_exact::<PUBLIC_KEY_LEN>()?;
    let seed = if m.optional(&mut d, KEY_SEED)? {
        let mut seed = Zeroizing::new([0u8; SECRET_LEN]);
        seed.copy_from_slice(d.bytes_exact::<SECRET_LEN>()?);
        Some(seed)
    } else {
        None
    };
    if let Some(seed) = &seed
        && SigningKey::from_seed(seed).public_key_bytes() != device_key
    {
        return Err(Error::DeviceKeyMismatch);
    }
    m.expect(&mut d, KEY_HELD)?;
    let count = d.array()?;
    let mut held: Vec<HeldCredential> = Vec::new();
    for _ in 0..count {
        d.array_of(3)?;
        let cred = Credential::decode(d.bytes()?)?;
        if cred.claims.device_key != device_key {
            return Err(Error::DeviceKeyMismatch);
        }
        if held.iter().any(|h| h.claims.id == cred.claims.id) {
            return Err(Error::Malformed("repeated credential"));
        }
        let flat = d.bytes()?;
        if flat.len() % 16 != 0 || flat.len() / 16 > limits::MAX_DISCLOSURES {
            return Err(Error::Malformed("wallet store leaves"));
        }
        let leaves: Vec<Digest> = flat
            .chunks_exact(16)
            .map(|c| {
                let mut l = [0u8; 16];
                l.copy_from_slice(c);
                l
            })
            .collect();
        let n = d.array()?;
        if n > leaves.len() {
            return Err(Error::Malformed("wallet store disclosures"));
        }
        check_leaves(&cred.claims, &leaves)?;
        let mut disclosures: Vec<(usize, Vec<u8>)> = Vec::with_capacity(n);
        for _ in 0..n {
            d.array_of(2)?;
            let index = usize::try_from(d.uint()?)
                .map_err(|_| Error::Malformed("wallet store disclosure index"))?;
            push_disclosure(&mut disclosures, &leaves, Some(index), d.bytes()?)?;
        }
        held.push(HeldCredential {
            credential: cred.bytes.to_vec(),
            claims: cred.claims.clone(),
            issuer_kid: cred.issuer_kid(),
            leaves,
            disclosures,
        });
    }
    m.end(&d)?;
    d.finish()?;
    Ok(StoreContents {
        device_key,
        seed,
        held,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::{CardValidity, PersonRecord, Sex};
    use crate::issuer::{IssueOptions, Issuer};
    use crate::time::Date;
    use alloc::vec;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    const NOW: u64 = 1_767_225_600;

    fn person(portrait: Option<Vec<u8>>) -> PersonRecord {
        PersonRecord {
            full_name: "张三".into(),
            sex: Sex::Male,
            ethnicity: 1,
            birth_date: Date::new(1990, 3, 7).unwrap(),
            address: "北京市东城区景山前街4号".into(),
            id_number: "110101199003070011".into(),
            issuing_authority: "北京市公安局东城分局".into(),
            card_validity: CardValidity {
                from: Date::new(2020, 1, 1).unwrap(),
                until: None,
            },
            portrait,
            extras: vec![],
        }
    }

    /// A wallet holding `n` credentials, the last one with a 2 KB portrait.
    fn wallet(n: usize) -> Wallet<SigningKey> {
        let mut rng = ChaCha20Rng::seed_from_u64(11);
        let issuer = Issuer::from_seed(&[0x51; 32]).unwrap();
        let mut w = Wallet::new(SigningKey::from_seed(&[0x52; 32]));
        for i in 0..n {
            let nonce = Issuer::new_nonce(&mut rng);
            let req = w.issuance_request(Level::Light, &nonce, NOW).unwrap();
            let checked = issuer.check_request(&req, &nonce, NOW).unwrap();
            let portrait = (i + 1 == n).then(|| {
                let mut jpeg = vec![0x5a; 2000];
                jpeg[..3].copy_from_slice(&[0xff, 0xd8, 0xff]);
                jpeg
            });
            let issued = issuer
                .issue(
                    &checked,
                    &person(portrait),
                    &IssueOptions::default(),
                    &mut rng,
                    NOW,
                )
                .unwrap();
            w.store(&issued.package, issuer.public_key(), NOW).unwrap();
        }
        w
    }

    /// The contents of a store, as parts a test can spoil one at a time.
    #[derive(Clone)]
    struct Parts {
        device_key: Vec<u8>,
        seed: Option<Vec<u8>>,
        held: Vec<HeldParts>,
        extra_key: bool,
    }

    #[derive(Clone)]
    struct HeldParts {
        credential: Vec<u8>,
        leaves: Vec<u8>,
        disclosures: Vec<(u64, Vec<u8>)>,
    }

    impl Parts {
        fn of(w: &Wallet<SigningKey>) -> Parts {
            Parts {
                device_key: w.signer.public_key_bytes().to_vec(),
                seed: Some(w.signer.to_seed().to_vec()),
                held: w
                    .held
                    .iter()
                    .map(|h| HeldParts {
                        credential: h.credential.clone(),
                        leaves: h.leaves.iter().flatten().copied().collect(),
                        disclosures: h
                            .disclosures
                            .iter()
                            .map(|(i, b)| (*i as u64, b.clone()))
                            .collect(),
                    })
                    .collect(),
                extra_key: false,
            }
        }

        fn encode(&self) -> Vec<u8> {
            let mut e = Encoder::new();
            e.map(2 + usize::from(self.seed.is_some()) + usize::from(self.extra_key));
            e.uint(1).bytes(&self.device_key);
            if let Some(seed) = &self.seed {
                e.uint(2).bytes(seed);
            }
            e.uint(3).array(self.held.len());
            for h in &self.held {
                e.array(3).bytes(&h.credential).bytes(&h.leaves);
                e.array(h.disclosures.len());
                for (i, b) in &h.disclosures {
                    e.array(2).uint(*i).bytes(b);
                }
            }
            if self.extra_key {
                e.uint(4).null();
            }
            e.into_bytes()
        }
    }

    fn key() -> StorageKey {
        StorageKey::from_bytes([0x53; 32])
    }

    /// Seals arbitrary contents exactly as `export` would.
    fn seal_raw(contents: &[u8]) -> Vec<u8> {
        let mut rng = ChaCha20Rng::seed_from_u64(12);
        seal_contents(Zeroizing::new(contents.to_vec()), &key(), &mut rng).unwrap()
    }

    fn restore(contents: &[u8]) -> Result<Wallet<SigningKey>> {
        Wallet::restore(&seal_raw(contents), &key())
    }

    #[test]
    fn the_test_encoding_is_the_export_encoding() {
        let w = wallet(2);
        let parts = Parts::of(&w);
        let seed = w.signer.to_seed();
        let exported = encode_contents(&w.signer.public_key_bytes(), Some(&seed), &w.held);
        assert_eq!(parts.encode(), exported.as_slice());
        let restored = restore(&parts.encode()).unwrap();
        assert_eq!(restored.held.len(), 2);
        // Without the seed it is the export_public encoding.
        let mut public = parts.clone();
        public.seed = None;
        let exported = encode_contents(&w.signer.public_key_bytes(), None, &w.held);
        assert_eq!(public.encode(), exported.as_slice());
    }

    #[test]
    fn the_plaintext_buffer_never_grows() {
        for n in 0..4 {
            let w = wallet(n);
            let seed = w.signer.to_seed();
            let contents = encode_contents(&w.signer.public_key_bytes(), Some(&seed), &w.held);
            let capacity = contents_capacity(&w.held);
            assert!(contents.len() + STORE_TAG_LEN <= capacity);
            assert_eq!(contents.capacity(), capacity, "the buffer was reallocated");
        }
    }

    #[test]
    fn authentic_but_malformed_contents_are_corrupt() {
        let w = wallet(2);
        let good = Parts::of(&w);
        assert!(restore(&good.encode()).is_ok());
        let other_key = SigningKey::from_seed(&[0x54; 32]);
        let mut cases: Vec<(&str, Parts)> = Vec::new();
        let mut add = |name: &'static str, f: &dyn Fn(&mut Parts)| {
            let mut p = good.clone();
            f(&mut p);
            cases.push((name, p));
        };
        add("unknown key", &|p| p.extra_key = true);
        add("short device key", &|p| p.device_key.truncate(31));
        add("short seed", &|p| {
            if let Some(s) = p.seed.as_mut() {
                s.truncate(31);
            }
        });
        add("seed of another key", &|p| {
            p.seed = Some(other_key.to_seed().to_vec());
        });
        add("device key of another key", &|p| {
            p.device_key = other_key.public_key_bytes().to_vec();
            p.seed = Some(other_key.to_seed().to_vec());
        });
        add("credential not a credential", &|p| {
            p.held[0].credential = vec![0x80]
        });
        add("credential truncated", &|p| {
            p.held[0].credential.pop();
        });
        add("credential repeated", &|p| {
            let h = p.held[0].clone();
            p.held.push(h);
        });
        add("a leaf altered", &|p| p.held[1].leaves[5] ^= 1);
        add("a leaf missing", &|p| {
            let len = p.held[1].leaves.len();
            p.held[1].leaves.truncate(len - 16);
        });
        add("leaves not whole digests", &|p| {
            p.held[0].leaves.push(0);
        });
        add("leaves of the other credential", &|p| {
            p.held[0].leaves = p.held[1].leaves.clone();
        });
        add("disclosure at another index", &|p| {
            let i = p.held[0].disclosures[0].0;
            p.held[0].disclosures[0].0 = i ^ 1;
        });
        add("disclosure index past the end", &|p| {
            p.held[0].disclosures[0].0 = 1 << 40
        });
        add("disclosure repeated", &|p| {
            let d = p.held[0].disclosures[0].clone();
            p.held[0].disclosures.push(d);
        });
        add("disclosure not a disclosure", &|p| {
            p.held[0].disclosures[0].1 = vec![0x83, 0x40, 0x01, 0x01];
        });
        add("disclosure altered", &|p| {
            let last = p.held[0].disclosures[0].1.len() - 1;
            p.held[0].disclosures[0].1[last] ^= 1;
        });
        add("disclosure of the other credential", &|p| {
            p.held[0].disclosures[0] = p.held[1].disclosures[0].clone();
        });
        for (name, parts) in &cases {
            assert_eq!(
                restore(&parts.encode()).map(|_| ()).unwrap_err(),
                Error::CorruptStore,
                "{name}"
            );
        }

        // Byte-level spoilers of the whole contents.
        let bytes = good.encode();
        let mut trailing = bytes.clone();
        trailing.push(0);
        let mut not_a_map = bytes.clone();
        not_a_map[0] = 0x83;
        let mut missing_held = Vec::new();
        {
            let mut e = Encoder::new();
            e.map(2).uint(1).bytes(&good.device_key);
            e.uint(2).bytes(good.seed.as_deref().unwrap_or_default());
            missing_held.extend_from_slice(e.as_bytes());
        }
        let mut unsorted = Encoder::new();
        unsorted
            .map(3)
            .uint(2)
            .bytes(good.seed.as_deref().unwrap_or_default())
            .uint(1)
            .bytes(&good.device_key)
            .uint(3)
            .array(0);
        let mut long_head = vec![0xa3, 0x18, 0x01];
        long_head.extend_from_slice(&bytes[2..]);
        for (name, contents) in [
            ("trailing byte", trailing),
            ("not a map", not_a_map),
            ("no held credentials", missing_held),
            ("unsorted keys", unsorted.into_bytes()),
            ("non-shortest key", long_head),
            ("empty", Vec::new()),
        ] {
            assert_eq!(
                restore(&contents).map(|_| ()).unwrap_err(),
                Error::CorruptStore,
                "{name}"
            );
        }
    }

    #[test]
    fn a_seedless_store_needs_a_signer_and_a_seed_must_match_it() {
        let w = wallet(1);
        let mut p = Parts::of(&w);
        p.seed = None;
        let store = seal_raw(&p.encode());
        assert_eq!(
            Wallet::restore(&store, &key()).map(|_| ()).unwrap_err(),
            Error::InvalidArgument("wallet store holds no device seed")
        );
        let signer = SigningKey::from_seed(&[0x52; 32]);
        assert!(Wallet::restore_with_signer(&store, &key(), signer).is_ok());
        // An inconsistent seed is corruption for both restore calls.
        p.seed = Some(vec![0x55; 32]);
        let store = seal_raw(&p.encode());
        let signer = SigningKey::from_seed(&[0x52; 32]);
        assert_eq!(
            Wallet::restore_with_signer(&store, &key(), signer)
                .map(|_| ())
                .unwrap_err(),
            Error::CorruptStore
        );
    }

    #[test]
    fn other_versions_and_short_sealed_parts_are_corrupt() {
        let w = wallet(1);
        let store = w
            .export(&key(), &mut ChaCha20Rng::seed_from_u64(13))
            .unwrap();
        assert!(Wallet::restore(&store, &key()).is_ok());
        let (nonce, sealed) = unwrap_store(&store).unwrap();
        for version in [0u64, 2, 24] {
            let mut e = Encoder::new();
            e.array(3).uint(version).bytes(&nonce).bytes(sealed);
            assert_eq!(
                Wallet::restore(e.as_bytes(), &key())
                    .map(|_| ())
                    .unwrap_err(),
                Error::CorruptStore
            );
        }
        for len in [0usize, 1, 15, 16] {
            let mut e = Encoder::new();
            e.array(3).uint(1).bytes(&nonce).bytes(&sealed[..len]);
            assert_eq!(
                Wallet::restore(e.as_bytes(), &key())
                    .map(|_| ())
                    .unwrap_err(),
                Error::CorruptStore
            );
        }
    }

    #[test]
    fn status_outcomes_name_themselves() {
        let all = [
            StatusOutcome::Good,
            StatusOutcome::Suspended,
            StatusOutcome::Revoked,
            StatusOutcome::Superseded,
            StatusOutcome::Expired,
        ];
        let names: Vec<&str> = all.iter().map(|o| o.as_str()).collect();
        assert_eq!(
            names,
            ["good", "suspended", "revoked", "superseded", "expired"]
        );
        let deleted: Vec<bool> = all.iter().map(|o| o.deletes()).collect();
        assert_eq!(deleted, [false, false, true, true, true]);
    }
}
