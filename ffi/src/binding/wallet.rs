//! The holder's wallet, shaped for phone apps.

use super::error::Result;
use super::signer::{DeviceSigner, PlatformSigner};
use super::types::{Level, array, attribute_ids, os_rng, public_key};
use super::verifier::Verifier;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use wz_core::{SigningKey, StorageKey, Wallet as CoreWallet};
use zeroize::Zeroizing;

/// A credential the wallet holds (no personal data: the attribute names, not their values).
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Debug, Eq, Hash)]
pub struct HeldCredential {
    /// The credential's identifier (16 bytes): a per-credential pseudonym.
    pub credential_id: Vec<u8>,
    /// Its level.
    pub level: Level,
    /// Its generation; a newer one supersedes it.
    pub generation: u64,
    /// The issuer's key identifier (8 bytes).
    pub issuer_key_id: Vec<u8>,
    /// When it was issued (Unix seconds).
    pub issued_at: u64,
    /// When it expires (Unix seconds).
    pub expires_at: u64,
    /// The status list and index it is published under, if any.
    pub status_list_id: Option<u32>,
    /// The names of the attributes it can disclose.
    pub attributes: Vec<String>,
}

impl HeldCredential {
    fn from_core(h: &wz_core::HeldCredential) -> HeldCredential {
        let c = h.claims();
        HeldCredential {
            credential_id: c.id.to_vec(),
            level: c.level.into(),
            generation: c.generation,
            issuer_key_id: h.issuer_kid().0.to_vec(),
            issued_at: c.issued_at,
            expires_at: c.expires_at,
            status_list_id: c.status.map(|s| s.list),
            attributes: h.attribute_ids().map(|id| id.to_string()).collect(),
        }
    }
}

/// What a status list did to one held credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum StatusOutcome {
    /// Good (fresh lists only). Kept.
    Good,
    /// Frozen; may become good again. Kept, so the app can show it as frozen.
    Suspended,
    /// Cancelled. Deleted.
    Revoked,
    /// Replaced by a newer generation (another phone activated it). Deleted.
    Superseded,
    /// Its validity ended. Deleted.
    Expired,
}

/// One credential's outcome of `Wallet.applyStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Debug, Eq, Hash)]
pub struct StatusChange {
    /// The credential's identifier.
    pub credential_id: Vec<u8>,
    /// What the list (or the clock) says.
    pub outcome: StatusOutcome,
    /// Whether the wallet deleted it.
    pub deleted: bool,
}

/// The two kinds of wallet: around the app's keystore signer, or around an in-library key.
#[derive(Debug)]
enum Holder {
    Platform(CoreWallet<PlatformSigner>),
    Software(CoreWallet<SigningKey>),
}

/// Runs `$body` with `$w` bound to the inner core wallet, whatever its signer.
macro_rules! with_wallet {
    ($holder:expr, $w:ident => $body:expr) => {
        match $holder {
            Holder::Platform($w) => $body,
            Holder::Software($w) => $body,
        }
    };
}

/// A holder's wallet: a device key and the credentials bound to it.
///
/// Thread-safe: presenting runs on several threads at once; storing, removing and applying a
/// status list wait for them. A failed call changes nothing.
#[derive(Debug, uniffi::Object)]
pub struct Wallet {
    holder: RwLock<Holder>,
}

impl Wallet {
    fn read(&self) -> RwLockReadGuard<'_, Holder> {
        // A panic inside a call leaves the core wallet unchanged (every change is the last
        // step of its call), so a poisoned lock still guards a consistent wallet.
        self.holder.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Holder> {
        self.holder.write().unwrap_or_else(|p| p.into_inner())
    }

    fn wrap(holder: Holder) -> Arc<Wallet> {
        Arc::new(Wallet {
            holder: RwLock::new(holder),
        })
    }
}

fn storage_key(bytes: &[u8]) -> Result<StorageKey> {
    let key = Zeroizing::new(array::<32>(bytes, "storage key")?);
    Ok(StorageKey::from_bytes(*key))
}

#[uniffi::export]
impl Wallet {
    /// An empty wallet around the app's device signer (Android Keystore, iOS Keychain): the
    /// private key never enters the library. The signer's public key is read once, now.
    ///
    /// Errors: `InvalidArgument` when the public key is not 32 bytes; `WeakKey` when it is
    /// not a usable Ed25519 key.
    #[uniffi::constructor]
    pub fn new(signer: Arc<dyn DeviceSigner>) -> Result<Arc<Wallet>> {
        Ok(Wallet::wrap(Holder::Platform(CoreWallet::new(
            PlatformSigner::new(signer)?,
        ))))
    }

    /// An empty wallet with a fresh device key kept in the library (zeroized when freed), for
    /// apps without a hardware keystore. `export` then includes the key.
    ///
    /// Errors: `InvalidArgument` when the operating system gives no randomness.
    #[uniffi::constructor]
    pub fn with_software_key() -> Result<Arc<Wallet>> {
        let key = SigningKey::generate(&mut os_rng()?);
        Ok(Wallet::wrap(Holder::Software(CoreWallet::new(key))))
    }

    /// Restores a wallet from `export` output sealed with `storage_key` (32 bytes). With
    /// `signer`, the wallet uses it (the store's device key must be the signer's; a key in the
    /// store is ignored); without, the store must hold the device key (a software-key wallet).
    ///
    /// Errors: `InvalidArgument` for a storage key that is not 32 bytes, or no signer for a
    /// store without a key; `CorruptStore` when the store is damaged, altered or sealed with
    /// another key; `DeviceKeyMismatch` when the signer is not the store's device key.
    #[uniffi::constructor]
    pub fn restore(
        store: Vec<u8>,
        storage_key: Vec<u8>,
        signer: Option<Arc<dyn DeviceSigner>>,
    ) -> Result<Arc<Wallet>> {
        let key = self::storage_key(&storage_key)?;
        let holder = match signer {
            Some(s) => Holder::Platform(CoreWallet::restore_with_signer(
                &store,
                &key,
                PlatformSigner::new(s)?,
            )?),
            None => Holder::Software(CoreWallet::restore(&store, &key)?),
        };
        Ok(Wallet::wrap(holder))
    }

    /// The device public key (32 bytes) that credentials are bound to.
    pub fn device_public_key(&self) -> Vec<u8> {
        use wz_core::DeviceSigner as _;
        with_wallet!(&*self.read(), w => w.signer().public_key().to_vec())
    }

    /// Builds the issuance request for `level` over the issuer's 16-byte `nonce`: the proof
    /// that this device holds its key. Send it to the issuer.
    ///
    /// Errors: `InvalidArgument` for a nonce that is not 16 bytes; `SignerFailed`.
    pub fn issuance_request(&self, level: Level, nonce: Vec<u8>, now: u64) -> Result<Vec<u8>> {
        let nonce = array::<16>(&nonce, "nonce")?;
        let holder = self.read();
        Ok(with_wallet!(&*holder, w => w.issuance_request(level.into(), &nonce, now))?)
    }

    /// Checks a credential package from the issuer with public key `issuer_public_key` (32
    /// bytes) and stores it, replacing a held credential with the same identifier.
    ///
    /// Errors: `InvalidArgument`, `WeakKey` for the key; the decoding errors (`Malformed`,
    /// `NonCanonical`, `TooLarge`, `Unsupported`, `WrongKind`); `UnknownIssuer` when the
    /// credential names another key; `BadSignature`; `DeviceKeyMismatch` when it is bound to
    /// another device; `NotYetValid`; `Expired`; `DisclosureMismatch`.
    pub fn store(
        &self,
        package: Vec<u8>,
        issuer_public_key: Vec<u8>,
        now: u64,
    ) -> Result<HeldCredential> {
        let issuer = public_key(&issuer_public_key, "issuer public key")?;
        let mut holder = self.write();
        Ok(
            with_wallet!(&mut *holder, w => w.store(&package, &issuer, now).map(HeldCredential::from_core))?,
        )
    }

    /// The held credentials.
    pub fn credentials(&self) -> Vec<HeldCredential> {
        with_wallet!(&*self.read(), w => w.credentials().iter().map(HeldCredential::from_core).collect())
    }

    /// Removes the credential with identifier `credential_id`; reports whether one was held.
    pub fn remove(&self, credential_id: Vec<u8>) -> bool {
        let Ok(id) = array::<16>(&credential_id, "credential id") else {
            return false;
        };
        with_wallet!(&mut *self.write(), w => w.remove(&id))
    }

    /// Makes a presentation for a QR code that discloses exactly the attributes named in
    /// `disclose` (`[]` proves "I am me" and nothing else). Short-lived: verifiers accept it
    /// for their maximum age (two minutes by default), once.
    ///
    /// Errors: `InvalidArgument` for an unknown or repeated name or an empty wallet;
    /// `MissingAttribute`; `Expired`; `SignerFailed`.
    pub fn present(&self, disclose: Vec<String>, now: u64) -> Result<Vec<u8>> {
        let ids = attribute_ids(&disclose)?;
        Ok(with_wallet!(&*self.read(), w => w.present(&ids, now))?)
    }

    /// `present`, as the text to put in the QR code (`WZ1:` and base45).
    ///
    /// Errors: as `present`.
    pub fn present_qr(&self, disclose: Vec<String>, now: u64) -> Result<String> {
        Ok(wz_core::qr::encode_text(&self.present(disclose, now)?))
    }

    /// Answers a verifier's signed presentation request: discloses exactly what it asks,
    /// bound to its audience and nonce.
    ///
    /// Errors: the request's decoding and signature errors; `LevelTooLow`;
    /// `MissingAttribute`; `Expired`; `SignerFailed`.
    pub fn respond(&self, request: Vec<u8>, now: u64) -> Result<Vec<u8>> {
        Ok(with_wallet!(&*self.read(), w => w.respond(&request, now))?)
    }

    /// Applies a status list, verified with `verifier`'s trust list or pinned issuer keys:
    /// revoked, superseded and expired credentials are deleted; each credential the list (or
    /// the clock) speaks about is reported. A list issued before a credential cannot describe
    /// it and leaves it untouched; a list past its next update applies only its final states
    /// (revoked, superseded).
    ///
    /// Errors: the status list errors of `Verifier.updateStatusList`. Nothing changes on error.
    pub fn apply_status(
        &self,
        status_list: Vec<u8>,
        verifier: Arc<Verifier>,
        now: u64,
    ) -> Result<Vec<StatusChange>> {
        let list = verifier.decode_status_list(&status_list, now)?;
        let changes = with_wallet!(&mut *self.write(), w => w.apply_status(&list, now));
        Ok(changes
            .into_iter()
            .map(|c| StatusChange {
                credential_id: c.credential_id.to_vec(),
                outcome: match c.outcome {
                    wz_core::StatusOutcome::Good => StatusOutcome::Good,
                    wz_core::StatusOutcome::Suspended => StatusOutcome::Suspended,
                    wz_core::StatusOutcome::Revoked => StatusOutcome::Revoked,
                    wz_core::StatusOutcome::Superseded => StatusOutcome::Superseded,
                    wz_core::StatusOutcome::Expired => StatusOutcome::Expired,
                },
                deleted: c.deleted,
            })
            .collect())
    }

    /// Seals the wallet with `storage_key` (32 bytes; keep it in the platform keystore) for
    /// the app's storage: ChaCha20-Poly1305, a fresh nonce each time. A software-key wallet's
    /// store includes its key; a keystore wallet's does not.
    ///
    /// Errors: `InvalidArgument` for a storage key that is not 32 bytes or no randomness.
    pub fn export(&self, storage_key: Vec<u8>) -> Result<Vec<u8>> {
        let key = self::storage_key(&storage_key)?;
        let mut rng = os_rng()?;
        Ok(match &*self.read() {
            Holder::Platform(w) => w.export_public(&key, &mut rng),
            Holder::Software(w) => w.export(&key, &mut rng),
        }?)
    }
}

/// A fresh random 32-byte storage key, for apps that keep it in their keystore.
///
/// Errors: `InvalidArgument` when the operating system gives no randomness.
#[uniffi::export]
pub fn generate_storage_key() -> Result<Vec<u8>> {
    Ok(super::types::random_bytes::<32>()?.to_vec())
}
