//! Device keys: the `DeviceSigner` trait that apps implement with the platform keystore, and
//! the in-library software key for simple apps and tests.

use super::error::{Result, WangzhengError};
use super::types::array;
use std::sync::Arc;
use wz_core::SigningKey;

/// Signs with a device key the library never sees: implement it with the Android Keystore or
/// the iOS Keychain (Ed25519), and hand it to `Wallet`.
///
/// The library calls it on the thread that called the wallet, possibly on several threads at
/// once, while that call holds the wallet: a signer must not call back into the same `Wallet`
/// (it may block on a keystore prompt, which only delays that wallet's updates).
#[uniffi::export(with_foreign)]
pub trait DeviceSigner: Send + Sync {
    /// The raw 32-byte Ed25519 public key of the device key. Throwing (a locked keystore) is
    /// `SignerFailed` for the call that asked.
    fn public_key(&self) -> Result<Vec<u8>>;

    /// Signs `message` with pure Ed25519 (RFC 8032; no pre-hashing) and returns the 64-byte
    /// signature. Throw `WangzhengError.SignerFailed` (or anything: it becomes
    /// `SignerFailed`) when the keystore refuses, for example when the user cancels. The
    /// library checks the signature against `publicKey()`: a wrong one is `SignerFailed` too.
    fn sign(&self, message: Vec<u8>) -> Result<Vec<u8>>;
}

/// A device key held in the library's memory (zeroized when dropped): for apps without a
/// hardware keystore, back ends and tests. Its `Debug` shows only the key identifier.
#[derive(Debug)]
pub(crate) struct SoftwareSigner(pub(crate) SigningKey);

impl DeviceSigner for SoftwareSigner {
    fn public_key(&self) -> Result<Vec<u8>> {
        Ok(self.0.public_key_bytes().to_vec())
    }

    fn sign(&self, message: Vec<u8>) -> Result<Vec<u8>> {
        Ok(self.0.sign_bytes(&message).to_vec())
    }
}

/// A new software device key from the operating system's randomness.
///
/// Errors: `InvalidArgument` when the operating system gives no randomness.
#[uniffi::export]
pub fn generate_software_signer() -> Result<Arc<dyn DeviceSigner>> {
    Ok(Arc::new(SoftwareSigner(SigningKey::generate(
        &mut super::types::os_rng()?,
    ))))
}

/// The software device key of a 32-byte seed (an RFC 8032 private key). Deterministic: for
/// tests and for apps that keep the seed in their own secure storage. Zeroize your copy.
///
/// Errors: `InvalidArgument` when `seed` is not 32 bytes.
#[uniffi::export]
pub fn software_signer_from_seed(seed: Vec<u8>) -> Result<Arc<dyn DeviceSigner>> {
    let seed = zeroize::Zeroizing::new(array::<32>(&seed, "seed")?);
    Ok(Arc::new(SoftwareSigner(SigningKey::from_seed(&seed))))
}

/// The core's view of an app's signer: the public key is read (and checked) once, when the
/// wallet is made, so that a keystore that changes its mind cannot bind presentations to
/// another key than the credential's; every signature it returns is verified against that key
/// before use, so a keystore whose key was replaced (Android invalidates keys when the user
/// changes biometrics) fails here with `SignerFailed`, not later at a verifier.
#[derive(Clone)]
pub(crate) struct PlatformSigner {
    inner: Arc<dyn DeviceSigner>,
    key: wz_core::PublicKey,
}

impl core::fmt::Debug for PlatformSigner {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "PlatformSigner({})", self.key.key_id())
    }
}

impl PlatformSigner {
    /// Reads and checks the signer's public key.
    ///
    /// Errors: `SignerFailed` when the signer throws (whatever it threw is not kept: app
    /// exceptions may hold anything); `InvalidArgument` when the key is not 32 bytes; `WeakKey`
    /// when it is not a usable Ed25519 key.
    pub(crate) fn new(inner: Arc<dyn DeviceSigner>) -> Result<PlatformSigner> {
        let bytes = inner.public_key().map_err(|_| {
            WangzhengError::from_code(
                wz_core::ErrorCode::SignerFailed,
                "device signer failed".into(),
            )
        })?;
        let key =
            wz_core::PublicKey::from_bytes(&array::<32>(&bytes, "device signer public key")?)?;
        Ok(PlatformSigner { inner, key })
    }
}

impl wz_core::DeviceSigner for PlatformSigner {
    fn public_key(&self) -> [u8; 32] {
        *self.key.as_bytes()
    }

    fn sign(&self, message: &[u8]) -> wz_core::Result<[u8; 64]> {
        // The core's error type cannot carry the app's reason; the binding error says only
        // that the signer failed, and so does this.
        let signature = self
            .inner
            .sign(message.to_vec())
            .map_err(|_| wz_core::Error::SignerFailed)?;
        let signature: [u8; 64] = signature
            .as_slice()
            .try_into()
            .map_err(|_| wz_core::Error::SignerFailed)?;
        self.key
            .verify_strict(&[message], &signature)
            .map_err(|_| wz_core::Error::SignerFailed)?;
        Ok(signature)
    }
}

/// Whether `e` came from the signer (for tests of the mapping).
#[cfg(test)]
pub(crate) fn is_signer_failure(e: &WangzhengError) -> bool {
    e.code() == i32::from(wz_core::ErrorCode::SignerFailed.number())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wz_core::DeviceSigner as _;

    struct Refusing;
    impl DeviceSigner for Refusing {
        fn public_key(&self) -> Result<Vec<u8>> {
            Ok(SigningKey::from_seed(&[7; 32]).public_key_bytes().to_vec())
        }
        fn sign(&self, _: Vec<u8>) -> Result<Vec<u8>> {
            Err(WangzhengError::invalid("user cancelled"))
        }
    }

    /// Signs with another key than the one it reports.
    struct Swapped;
    impl DeviceSigner for Swapped {
        fn public_key(&self) -> Result<Vec<u8>> {
            Ok(SigningKey::from_seed(&[7; 32]).public_key_bytes().to_vec())
        }
        fn sign(&self, message: Vec<u8>) -> Result<Vec<u8>> {
            Ok(SigningKey::from_seed(&[8; 32])
                .sign_bytes(&message)
                .to_vec())
        }
    }

    struct Short;
    impl DeviceSigner for Short {
        fn public_key(&self) -> Result<Vec<u8>> {
            Ok(vec![1; 31])
        }
        fn sign(&self, _: Vec<u8>) -> Result<Vec<u8>> {
            Ok(vec![0; 63])
        }
    }

    #[test]
    fn a_refusing_or_short_signer_is_a_signer_failure() {
        let s = PlatformSigner::new(Arc::new(Refusing)).expect("key");
        let e: WangzhengError = s.sign(b"m").expect_err("refused").into();
        assert!(is_signer_failure(&e));
        let e = PlatformSigner::new(Arc::new(Short)).expect_err("31-byte key");
        assert_eq!(e.code(), 90);
        let s = PlatformSigner::new(Arc::new(Swapped)).expect("key");
        let e: WangzhengError = s.sign(b"m").expect_err("wrong key").into();
        assert!(is_signer_failure(&e));
    }

    #[test]
    fn the_software_signer_signs_like_the_core_key() {
        let s = software_signer_from_seed(vec![9; 32]).expect("seed");
        let p = PlatformSigner::new(s).expect("key");
        let k = SigningKey::from_seed(&[9; 32]);
        assert_eq!(p.sign(b"m").expect("sign"), k.sign_bytes(b"m"));
        assert!(software_signer_from_seed(vec![9; 31]).is_err());
    }
}
