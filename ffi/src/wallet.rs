//! The holder's side, for C tests, kiosks and simulators: wallets that store credentials and
//! make presentations. (Phone wallets use the Kotlin and Swift bindings.)

use crate::arg::{self, Out};
use crate::signer::{FfiSigner, wz_signer};
use crate::status::{guard, guard_value, wz_status};
use crate::types::{
    RawLevel, WZ_NONCE_LEN, WZ_RANDOM_LEN, WZ_STORAGE_KEY_LEN, give_bytes, level, wz_bytes,
};
use crate::verifier::{public_key, wz_verifier};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::ffi::c_char;
use wz_core::{AttributeId, StorageKey, Wallet};
use zeroize::Zeroizing;

/// A holder's wallet: a device signer and the credentials bound to its key.
///
/// Made by wz_wallet_new() or wz_wallet_restore(), freed with wz_wallet_free(). Functions
/// taking a `const wz_wallet *` may run on several threads at once; functions taking a
/// `wz_wallet *` need exclusive access.
#[derive(Debug)]
pub struct wz_wallet {
    inner: Wallet<FfiSigner>,
}

/// Makes an empty wallet around a device signer (a copy of `device` is kept: free yours when
/// you like; a callback signer's userdata must outlive the wallet).
///
/// Returns `WZ_OK` and writes `*out_wallet` (free with wz_wallet_free()); `WZ_NULL_ARGUMENT`.
/// Thread-safe.
///
/// # Safety
///
/// `device` is NULL or a live signer; `out_wallet` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_new(
    device: *const wz_signer,
    out_wallet: *mut *mut wz_wallet,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let device = unsafe { arg::get(device, "device")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_wallet, "out_wallet")? };
        out.write_box(wz_wallet {
            inner: Wallet::new(device.inner.clone()),
        });
        Ok(())
    })
}

/// Frees a wallet. NULL does nothing.
///
/// # Safety
///
/// `wallet` is NULL or a wallet from this library that has not been freed and that no other
/// thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_free(wallet: *mut wz_wallet) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(wallet) })
}

/// Builds the issuance request for `level` over the issuer's 16-byte `nonce`: the wallet's
/// proof of possession of its device key.
///
/// Returns `WZ_OK` and writes `*out_request` (free with wz_bytes_free()); `WZ_NULL_ARGUMENT`;
/// `WZ_INVALID_LENGTH` when `nonce_len` is not 16; `WZ_INVALID_ENUM`; `WZ_SIGNER_FAILED`.
/// Thread-safe.
///
/// # Safety
///
/// `wallet` is NULL or a live wallet; `nonce` is NULL or valid for reads of `nonce_len` bytes;
/// `out_request` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_issuance_request(
    wallet: *const wz_wallet,
    requested_level: RawLevel,
    nonce: *const u8,
    nonce_len: usize,
    now: u64,
    out_request: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let w = unsafe { arg::get(wallet, "wallet")? };
        // SAFETY: the function's contract.
        let nonce = unsafe { arg::array::<WZ_NONCE_LEN>(nonce, nonce_len, "nonce")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_request, "out_request")? };
        let level = level(requested_level, "level")?;
        give_bytes(out, w.inner.issuance_request(level, &nonce, now)?);
        Ok(())
    })
}

/// Checks a credential package from the issuer whose 32-byte public key is `issuer_key`, and
/// stores it (replacing a held credential with the same identifier). The package is copied.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; `WZ_INVALID_LENGTH` when `issuer_key_len` is not 32;
/// `WZ_WEAK_KEY`; `WZ_MALFORMED`, `WZ_NON_CANONICAL`, `WZ_TOO_LARGE`, `WZ_UNSUPPORTED`,
/// `WZ_WRONG_KIND`; `WZ_UNKNOWN_ISSUER` when the credential names another key;
/// `WZ_BAD_SIGNATURE`; `WZ_DEVICE_KEY_MISMATCH` when it is bound to another device;
/// `WZ_NOT_YET_VALID`; `WZ_EXPIRED`; `WZ_DISCLOSURE_MISMATCH`. Nothing changes on error. Needs
/// exclusive access to the wallet.
///
/// # Safety
///
/// `wallet` is NULL or a live wallet that no other thread is using; `package` and `issuer_key`
/// are NULL or valid for reads of their lengths.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_store(
    wallet: *mut wz_wallet,
    package: *const u8,
    package_len: usize,
    issuer_key: *const u8,
    issuer_key_len: usize,
    now: u64,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let w = unsafe { arg::get_mut(wallet, "wallet")? };
        // SAFETY: the function's contract.
        let package = unsafe { arg::bytes(package, package_len, "package")? };
        // SAFETY: the function's contract.
        let issuer = unsafe { public_key(issuer_key, issuer_key_len, "issuer_key")? };
        w.inner.store(package, &issuer, now)?;
        Ok(())
    })
}

/// The number of credentials the wallet holds; 0 when `wallet` is NULL.
///
/// # Safety
///
/// `wallet` is NULL or a live wallet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_credential_count(wallet: *const wz_wallet) -> usize {
    guard_value(0, || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(wallet) }.map_or(0, |w| w.inner.credentials().len())
    })
}

/// Makes a non-interactive presentation (for a QR code) that discloses exactly the `count`
/// attributes named in `attributes` (`(NULL, 0)` discloses nothing: "I am me"), from the
/// wallet's best unexpired credential.
///
/// Returns `WZ_OK` and writes `*out_presentation` (free with wz_bytes_free());
/// `WZ_NULL_ARGUMENT`; `WZ_INVALID_UTF8`; `WZ_INVALID_ARGUMENT` for an unknown or repeated
/// attribute name or an empty wallet; `WZ_MISSING_ATTRIBUTE` when the credential lacks one;
/// `WZ_EXPIRED` when every credential has expired; `WZ_SIGNER_FAILED`. Thread-safe.
///
/// # Safety
///
/// `wallet` is NULL or a live wallet; `attributes` is NULL or valid for reads of `count`
/// string pointers; `out_presentation` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_present(
    wallet: *const wz_wallet,
    attributes: *const *const c_char,
    count: usize,
    now: u64,
    out_presentation: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let w = unsafe { arg::get(wallet, "wallet")? };
        // SAFETY: the function's contract.
        let names = unsafe { arg::strings(attributes, count, "attributes")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_presentation, "out_presentation")? };
        let ids = names
            .iter()
            .map(|n| AttributeId::parse(n))
            .collect::<Result<Vec<_>, _>>()?;
        give_bytes(out, w.inner.present(&ids, now)?);
        Ok(())
    })
}

/// Answers a presentation request: checks its signature, picks a credential of at least the
/// requested level, and discloses exactly the requested attributes, bound to the request's
/// audience, nonce and digest.
///
/// Returns `WZ_OK` and writes `*out_presentation` (free with wz_bytes_free());
/// `WZ_NULL_ARGUMENT`; the request's decoding codes (see wz_request_decode());
/// `WZ_LEVEL_TOO_LOW`; `WZ_MISSING_ATTRIBUTE`; `WZ_EXPIRED`; `WZ_INVALID_ARGUMENT` for an empty
/// wallet; `WZ_SIGNER_FAILED`. Thread-safe.
///
/// # Safety
///
/// `wallet` is NULL or a live wallet; `request` is NULL or valid for reads of `request_len`
/// bytes; `out_presentation` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_respond(
    wallet: *const wz_wallet,
    request: *const u8,
    request_len: usize,
    now: u64,
    out_presentation: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let w = unsafe { arg::get(wallet, "wallet")? };
        // SAFETY: the function's contract.
        let request = unsafe { arg::bytes(request, request_len, "request")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_presentation, "out_presentation")? };
        give_bytes(out, w.inner.respond(request, now)?);
        Ok(())
    })
}

/// Applies a status list to the held credentials: the list is verified with `verifier`'s trust
/// list or pinned keys (without loading it there); credentials it says are revoked or
/// superseded, and expired ones, are deleted. `out_deleted` may be NULL; otherwise it receives
/// the number of credentials deleted.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; the status list codes of
/// wz_verifier_update_status_list(). Nothing changes on error. Needs exclusive access to the
/// wallet.
///
/// # Safety
///
/// `wallet` is NULL or a live wallet that no other thread is using; `verifier` is NULL or a
/// live verifier; `status_list` is NULL or valid for reads of `status_list_len` bytes;
/// `out_deleted` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_apply_status_list(
    wallet: *mut wz_wallet,
    verifier: *const wz_verifier,
    status_list: *const u8,
    status_list_len: usize,
    now: u64,
    out_deleted: *mut usize,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let w = unsafe { arg::get_mut(wallet, "wallet")? };
        // SAFETY: the function's contract.
        let v = unsafe { arg::get(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let bytes = unsafe { arg::bytes(status_list, status_list_len, "status_list")? };
        // SAFETY: the function's contract.
        let deleted = unsafe { Out::optional(out_deleted) };
        let list = v.inner.decode_status_list(bytes, now)?;
        let changes = w.inner.apply_status(&list, now);
        if let Some(out) = deleted {
            out.write(changes.iter().filter(|c| c.deleted).count());
        }
        Ok(())
    })
}

/// Serializes and seals the wallet's credentials with the 32-byte `storage_key`
/// (ChaCha20-Poly1305), for the app's storage. The device key is not in the store: the app
/// keeps it (its seed or keystore) and passes the signer again to wz_wallet_restore().
/// `random` is 32 fresh random bytes (the seal's nonce derives from them).
///
/// Returns `WZ_OK` and writes `*out_store` (free with wz_bytes_free()); `WZ_NULL_ARGUMENT`;
/// `WZ_INVALID_LENGTH` for a storage key or randomness that is not 32 bytes. Thread-safe.
///
/// # Safety
///
/// `wallet` is NULL or a live wallet; `storage_key` and `random` are NULL or valid for reads of
/// their lengths; `out_store` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_export(
    wallet: *const wz_wallet,
    storage_key: *const u8,
    storage_key_len: usize,
    random: *const u8,
    random_len: usize,
    out_store: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let w = unsafe { arg::get(wallet, "wallet")? };
        // SAFETY: the function's contract.
        let key = StorageKey::from_bytes(unsafe {
            arg::array::<WZ_STORAGE_KEY_LEN>(storage_key, storage_key_len, "storage_key")?
        });
        // SAFETY: the function's contract.
        let seed =
            Zeroizing::new(unsafe { arg::array::<WZ_RANDOM_LEN>(random, random_len, "random")? });
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_store, "out_store")? };
        let mut rng = ChaCha20Rng::from_seed(*seed);
        give_bytes(out, w.inner.export_public(&key, &mut rng)?);
        Ok(())
    })
}

/// Restores a wallet from a sealed store (wz_wallet_export(), or a store that also holds the
/// device seed, which is then ignored) around the app's device signer.
///
/// Returns `WZ_OK` and writes `*out_wallet` (free with wz_wallet_free()); `WZ_NULL_ARGUMENT`;
/// `WZ_INVALID_LENGTH` when `storage_key_len` is not 32; `WZ_CORRUPT_STORE` when the store is
/// truncated, altered, sealed with another key or not a wallet store;
/// `WZ_DEVICE_KEY_MISMATCH` when `device` is not the store's device key. Thread-safe.
///
/// # Safety
///
/// `store` and `storage_key` are NULL or valid for reads of their lengths; `device` is NULL or
/// a live signer; `out_wallet` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_wallet_restore(
    store: *const u8,
    store_len: usize,
    storage_key: *const u8,
    storage_key_len: usize,
    device: *const wz_signer,
    out_wallet: *mut *mut wz_wallet,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let store = unsafe { arg::bytes(store, store_len, "store")? };
        // SAFETY: the function's contract.
        let key = StorageKey::from_bytes(unsafe {
            arg::array::<WZ_STORAGE_KEY_LEN>(storage_key, storage_key_len, "storage_key")?
        });
        // SAFETY: the function's contract.
        let device = unsafe { arg::get(device, "device")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_wallet, "out_wallet")? };
        let inner = Wallet::restore_with_signer(store, &key, device.inner.clone())?;
        out.write_box(wz_wallet { inner });
        Ok(())
    })
}
