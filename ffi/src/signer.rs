//! Signing keys: in the library (from a seed) or outside it (a callback into a keystore, a
//! secure element or an HSM).

use crate::arg::{self, Out};
use crate::status::{RawStatus, guard, guard_value, wz_status};
use crate::types::{WZ_PUBLIC_KEY_LEN, WZ_SEED_LEN, WZ_SIGNATURE_LEN};
use std::ffi::c_void;
use wz_core::crypto::{PUBLIC_KEY_LEN, SIGNATURE_LEN};
use wz_core::{DeviceSigner, PublicKey, SigningKey};
use zeroize::Zeroizing;

/// Signs `message` with pure Ed25519 under the private key of the signer's public key, and
/// writes the 64-byte signature to `out_signature`.
///
/// Called by the library, on the thread that made the library call, with `userdata` as given to
/// wz_signer_from_callback(). `message` is valid for `message_len` bytes during the call only.
/// Return `WZ_OK` after writing the signature; any other value makes the library call fail with
/// `WZ_SIGNER_FAILED`. If objects that use the signer are used from several threads, the
/// callback may run on several threads at once.
pub type wz_sign_callback = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        message: *const u8,
        message_len: usize,
        out_signature: *mut u8,
    ) -> RawStatus,
>;

/// An Ed25519 signing key: the device key of a wallet, a terminal's request-signing key, or
/// the authority's root key.
///
/// Made by wz_signer_from_seed() (the key lives in library memory and is zeroized when freed)
/// or wz_signer_from_callback() (the key stays wherever the callback reaches it), freed with
/// wz_signer_free(). Objects that keep a signer (wallets) take their own copy. Immutable: any
/// number of threads may use one at the same time (a callback signer then calls its callback
/// concurrently).
#[derive(Debug, Clone)]
pub struct wz_signer {
    pub(crate) inner: FfiSigner,
    public_key: [u8; PUBLIC_KEY_LEN],
}

/// What signs for a [`wz_signer`].
#[derive(Clone)]
pub(crate) enum FfiSigner {
    Key(SigningKey),
    Callback {
        public_key: [u8; PUBLIC_KEY_LEN],
        sign: unsafe extern "C" fn(*mut c_void, *const u8, usize, *mut u8) -> RawStatus,
        userdata: *mut c_void,
    },
}

impl std::fmt::Debug for FfiSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FfiSigner::Key(k) => write!(f, "{k:?}"),
            FfiSigner::Callback { .. } => f.write_str("Callback"),
        }
    }
}

impl DeviceSigner for FfiSigner {
    fn public_key(&self) -> [u8; PUBLIC_KEY_LEN] {
        match self {
            FfiSigner::Key(k) => k.public_key_bytes(),
            FfiSigner::Callback { public_key, .. } => *public_key,
        }
    }

    fn sign(&self, message: &[u8]) -> wz_core::Result<[u8; SIGNATURE_LEN]> {
        match self {
            FfiSigner::Key(k) => Ok(k.sign_bytes(message)),
            FfiSigner::Callback { sign, userdata, .. } => {
                let mut signature = [0u8; SIGNATURE_LEN];
                // SAFETY: the contract of wz_signer_from_callback(): `sign` is a valid
                // function that reads `message_len` bytes and writes 64.
                let rc = unsafe {
                    sign(
                        *userdata,
                        message.as_ptr(),
                        message.len(),
                        signature.as_mut_ptr(),
                    )
                };
                if rc == wz_status::WZ_OK as u32 {
                    Ok(signature)
                } else {
                    Err(wz_core::Error::SignerFailed)
                }
            }
        }
    }
}

/// Makes a signer whose key derives from a 32-byte seed (an RFC 8032 private key). The library
/// copies the seed; zeroize your copy. The key is zeroized when the signer is freed.
///
/// Returns `WZ_OK` and writes `*out_signer` (free with wz_signer_free()); `WZ_NULL_ARGUMENT`
/// when `seed` or `out_signer` is NULL; `WZ_INVALID_LENGTH` when `seed_len` is not 32.
/// Thread-safe.
///
/// # Safety
///
/// `seed` is NULL or valid for reads of `seed_len` bytes; `out_signer` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_signer_from_seed(
    seed: *const u8,
    seed_len: usize,
    out_signer: *mut *mut wz_signer,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_signer, "out_signer")? };
        // SAFETY: the function's contract.
        let seed = Zeroizing::new(unsafe { arg::array::<WZ_SEED_LEN>(seed, seed_len, "seed")? });
        let key = SigningKey::from_seed(&seed);
        out.write_box(wz_signer {
            public_key: key.public_key_bytes(),
            inner: FfiSigner::Key(key),
        });
        Ok(())
    })
}

/// Makes a signer whose private key stays outside the library: the library calls `sign` for
/// every signature (see wz_sign_callback). `public_key` is the key's 32-byte Ed25519 public
/// key; `userdata` is passed to every call and must stay valid until every signer and wallet
/// made with it is freed.
///
/// Returns `WZ_OK` and writes `*out_signer` (free with wz_signer_free()); `WZ_NULL_ARGUMENT`
/// when `public_key`, `sign` or `out_signer` is NULL; `WZ_INVALID_LENGTH` when
/// `public_key_len` is not 32; `WZ_WEAK_KEY` for an unusable public key. Thread-safe.
///
/// # Safety
///
/// `public_key` is NULL or valid for reads of `public_key_len` bytes; `sign` is NULL or a
/// function that behaves as wz_sign_callback describes; `out_signer` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_signer_from_callback(
    public_key: *const u8,
    public_key_len: usize,
    sign: wz_sign_callback,
    userdata: *mut c_void,
    out_signer: *mut *mut wz_signer,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_signer, "out_signer")? };
        // SAFETY: the function's contract.
        let key =
            unsafe { arg::array::<WZ_PUBLIC_KEY_LEN>(public_key, public_key_len, "public_key")? };
        PublicKey::from_bytes(&key)?;
        let sign =
            sign.ok_or_else(|| crate::status::Failure::new(wz_status::WZ_NULL_ARGUMENT, "sign"))?;
        out.write_box(wz_signer {
            public_key: key,
            inner: FfiSigner::Callback {
                public_key: key,
                sign,
                userdata,
            },
        });
        Ok(())
    })
}

/// The signer's 32-byte Ed25519 public key, valid until the signer is freed; NULL when
/// `signer` is NULL.
///
/// # Safety
///
/// `signer` is NULL or a live signer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_signer_public_key(signer: *const wz_signer) -> *const u8 {
    guard_value(std::ptr::null(), || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(signer) }.map_or(std::ptr::null(), |s| s.public_key.as_ptr())
    })
}

/// Signs `message` with the signer's key (pure Ed25519, deterministic for an in-library key) and
/// writes the 64-byte signature to `out_signature`. For tests and for a callback signer that
/// forwards to another signer; the format's objects are signed by the functions that make them.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `signer` or `out_signature` is NULL, or `message`
/// is NULL with a non-zero length; `WZ_SIGNER_FAILED` when a callback signer fails. Thread-safe.
///
/// # Safety
///
/// `signer` is NULL or a live signer; `message` is NULL or valid for reads of `message_len`
/// bytes; `out_signature` is NULL or valid for writes of 64 bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_signer_sign(
    signer: *const wz_signer,
    message: *const u8,
    message_len: usize,
    out_signature: *mut u8,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let signer = unsafe { arg::get(signer, "signer")? };
        // SAFETY: the function's contract.
        let message = unsafe { arg::bytes(message, message_len, "message")? };
        // SAFETY: the function's contract: 64 writable bytes.
        let out =
            unsafe { Out::new(out_signature.cast::<[u8; SIGNATURE_LEN]>(), "out_signature")? };
        out.write(signer.inner.sign(message)?);
        Ok(())
    })
}

/// Frees a signer, zeroizing an in-library key. NULL does nothing. Wallets made with it keep
/// their own copy.
///
/// # Safety
///
/// `signer` is NULL or a signer from this library that has not been freed and that no other
/// thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_signer_free(signer: *mut wz_signer) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(signer) })
}

const _: () = assert!(WZ_SIGNATURE_LEN == SIGNATURE_LEN);
