//! Shared C types: the enums of the format, library-owned byte buffers (`wz_bytes`), caller
//! buffers (`wz_buffer`) and fixed lengths.

use crate::arg::{self, Out};
use crate::status::{Failure, guard_value, wz_status};
use wz_core::{CredentialStatus, Level, ObjectKind, Sex, StatusCheck};

/// Length of an Ed25519 public key (issuer, root, device and verifier keys).
pub const WZ_PUBLIC_KEY_LEN: usize = 32;
/// Length of a seed from which a signing key derives (an RFC 8032 private key).
pub const WZ_SEED_LEN: usize = 32;
/// Length of a key identifier (the first 8 bytes of SHA-256 of the public key).
pub const WZ_KEY_ID_LEN: usize = 8;
/// Length of a credential identifier.
pub const WZ_CREDENTIAL_ID_LEN: usize = 16;
/// Length of a nonce (presentation requests, issuance).
pub const WZ_NONCE_LEN: usize = 16;
/// Length of the randomness that functions which need fresh random values take: 32 bytes from
/// the platform's cryptographically secure generator, fresh for every call.
pub const WZ_RANDOM_LEN: usize = 32;
/// Length of a wallet storage key (ChaCha20-Poly1305).
pub const WZ_STORAGE_KEY_LEN: usize = 32;
/// Length of an Ed25519 signature (what a wz_sign_callback writes).
pub const WZ_SIGNATURE_LEN: usize = 64;

const _: () = {
    assert!(WZ_PUBLIC_KEY_LEN == wz_core::crypto::PUBLIC_KEY_LEN);
    assert!(WZ_SIGNATURE_LEN == wz_core::crypto::SIGNATURE_LEN);
    assert!(WZ_CREDENTIAL_ID_LEN == wz_core::limits::CREDENTIAL_ID_LEN);
    assert!(WZ_NONCE_LEN == wz_core::limits::NONCE_LEN);
};

/// A credential's grade.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wz_level {
    /// 轻量版: obtained online with a live face scan.
    Light = 1,
    /// 升级版: obtained at a trusted terminal with the physical card and a password.
    Upgraded = 2,
}

/// A `wz_level` crossing the boundary as a number: read and checked when passed in, and
/// returned as 0 where there is no level (the header shows `wz_level`).
pub type RawLevel = u32;

impl wz_level {
    pub(crate) fn from_core(level: Level) -> wz_level {
        match level {
            Level::Light => wz_level::Light,
            Level::Upgraded => wz_level::Upgraded,
        }
    }
}

/// The core level named by a raw `wz_level`.
pub(crate) fn level(raw: RawLevel, what: &str) -> Result<Level, Failure> {
    match raw {
        1 => Ok(Level::Light),
        2 => Ok(Level::Upgraded),
        _ => Err(Failure::new(wz_status::WZ_INVALID_ENUM, what)),
    }
}

/// What a verifier learned about an accepted credential's status.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wz_status_check {
    /// A fresh status list says the credential is good.
    Good = 1,
    /// The credential names no status list: its issuer publishes no status for it.
    NotPublished = 2,
    /// No fresh status list was loaded; accepted only because the policy accepts undetermined
    /// status (wz_policy_set_accept_undetermined_status()). Never means revoked.
    Undetermined = 3,
}

/// A `wz_status_check` returned by the library where 0 stands for "no verdict" (the header
/// shows `wz_status_check`).
pub type RawStatusCheck = u32;

impl wz_status_check {
    pub(crate) fn from_core(check: StatusCheck) -> wz_status_check {
        match check {
            StatusCheck::Good => wz_status_check::Good,
            StatusCheck::NotPublished => wz_status_check::NotPublished,
            StatusCheck::Undetermined => wz_status_check::Undetermined,
        }
    }
}

/// The lifecycle state of one status-list entry.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wz_credential_status {
    /// Valid.
    Good = 0,
    /// Cancelled (注销); final.
    Revoked = 1,
    /// Frozen (冻结); may return to good.
    Suspended = 2,
    /// Replaced by a newer generation; final.
    Superseded = 3,
}

/// A `wz_credential_status` passed into the library.
pub type RawCredentialStatus = u32;

pub(crate) fn credential_status(
    raw: RawCredentialStatus,
    what: &str,
) -> Result<CredentialStatus, Failure> {
    match raw {
        0 => Ok(CredentialStatus::Good),
        1 => Ok(CredentialStatus::Revoked),
        2 => Ok(CredentialStatus::Suspended),
        3 => Ok(CredentialStatus::Superseded),
        _ => Err(Failure::new(wz_status::WZ_INVALID_ENUM, what)),
    }
}

/// The kinds of signed object, numbered by their COSE content type (docs/FORMAT.md). Used to
/// say what a trust-list entry may sign.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wz_object_kind {
    /// An issuer-signed credential.
    Credential = 65001,
    /// A device-signed presentation.
    Presentation = 65002,
    /// A verifier-signed presentation request.
    PresentationRequest = 65003,
    /// A device-signed issuance request.
    IssuanceRequest = 65004,
    /// A root-signed trust list.
    TrustList = 65005,
    /// An issuer-signed status list.
    StatusList = 65006,
}

/// A `wz_object_kind` passed into the library.
pub type RawObjectKind = u32;

pub(crate) fn object_kind(raw: RawObjectKind, what: &str) -> Result<ObjectKind, Failure> {
    ObjectKind::ALL
        .iter()
        .copied()
        .find(|k| u32::from(k.content_type()) == raw)
        .ok_or_else(|| Failure::new(wz_status::WZ_INVALID_ENUM, what))
}

/// Sex as recorded on the card (GB/T 2261.1 codes).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wz_sex {
    /// 男.
    Male = 1,
    /// 女.
    Female = 2,
}

/// A `wz_sex` passed into the library.
pub type RawSex = u32;

pub(crate) fn sex(raw: RawSex, what: &str) -> Result<Sex, Failure> {
    match raw {
        1 => Ok(Sex::Male),
        2 => Ok(Sex::Female),
        _ => Err(Failure::new(wz_status::WZ_INVALID_ENUM, what)),
    }
}

/// A caller-owned byte buffer, for functions that take several (batch verification). The
/// library only reads it, during the call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct wz_buffer {
    /// The first byte; may be NULL when `len` is 0.
    pub data: *const u8,
    /// The number of bytes.
    pub len: usize,
}

/// Bytes produced by the library (an encoded object, QR text, a sealed wallet store).
///
/// Read them with wz_bytes_data() and wz_bytes_len(); free them with wz_bytes_free(), never
/// with free(). A NUL byte always follows the last byte (not counted in the length), so text
/// results such as QR text can be used as C strings directly. Immutable: any number of threads
/// may read one at the same time.
#[derive(Debug)]
pub struct wz_bytes {
    /// The bytes, followed by one NUL.
    data: Vec<u8>,
}

impl wz_bytes {
    pub(crate) fn new(mut data: Vec<u8>) -> wz_bytes {
        data.push(0);
        wz_bytes { data }
    }

    fn bytes(&self) -> &[u8] {
        &self.data[..self.data.len() - 1]
    }
}

/// Writes new bytes to an out-parameter.
pub(crate) fn give_bytes(out: Out<*mut wz_bytes>, data: Vec<u8>) {
    out.write_box(wz_bytes::new(data));
}

/// The first byte of `bytes` (followed by `wz_bytes_len()` - 1 more and then a NUL).
///
/// Returns NULL when `bytes` is NULL. The pointer is valid until wz_bytes_free(bytes).
///
/// # Safety
///
/// `bytes` is NULL or a live `wz_bytes` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_bytes_data(bytes: *const wz_bytes) -> *const u8 {
    guard_value(std::ptr::null(), || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(bytes) }.map_or(std::ptr::null(), |b| b.data.as_ptr())
    })
}

/// The number of bytes in `bytes` (not counting the trailing NUL); 0 when `bytes` is NULL.
///
/// # Safety
///
/// `bytes` is NULL or a live `wz_bytes` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_bytes_len(bytes: *const wz_bytes) -> usize {
    guard_value(0, || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(bytes) }.map_or(0, |b| b.bytes().len())
    })
}

/// Frees bytes returned by the library. NULL does nothing. After this call the pointer and
/// everything read from it are invalid.
///
/// # Safety
///
/// `bytes` is NULL or a `wz_bytes` from this library that has not been freed, and no other
/// thread is using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_bytes_free(bytes: *mut wz_bytes) {
    guard_value((), || {
        // SAFETY: the function's contract.
        unsafe { arg::free(bytes) }
    })
}
