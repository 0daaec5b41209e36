//! Presentation requests: made and signed by a terminal, answered by a wallet.

use crate::arg::{self, Out};
use crate::signer::wz_signer;
use crate::status::{guard, guard_value, wz_status};
use crate::types::{RawLevel, WZ_NONCE_LEN, give_bytes, level, wz_bytes, wz_level};
use std::ffi::{CString, c_char};
use std::ptr::NonNull;
use wz_core::{AttributeId, PresentationRequest, RequestParams};

/// A decoded presentation request whose signature has been verified: what a terminal passes to
/// wz_verifier_verify_response(), and what a wallet app shows its user before answering.
///
/// Made by wz_request_decode() (which copies the bytes), freed with wz_request_free().
/// Immutable: any number of threads may use one at the same time.
pub struct wz_request {
    /// Borrows from `bytes`. Declared first so that it is dropped before them.
    decoded: PresentationRequest<'static>,
    verifier_id: CString,
    names: Vec<CString>,
    bytes: OwnedBytes,
}

impl std::fmt::Debug for wz_request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("wz_request").finish_non_exhaustive()
    }
}

/// A heap copy of the request bytes at a fixed address, which `decoded` borrows from. Held as a
/// raw pointer (not a `Box`) so that moving the `wz_request` asserts nothing about the bytes.
struct OwnedBytes(NonNull<[u8]>);

impl OwnedBytes {
    fn new(bytes: &[u8]) -> OwnedBytes {
        let boxed: Box<[u8]> = bytes.into();
        OwnedBytes(NonNull::from(Box::leak(boxed)))
    }

    /// The bytes, for as long as the caller promises to keep `self` alive.
    ///
    /// # Safety
    ///
    /// The returned slice must not be used after `self` is dropped.
    unsafe fn get<'a>(&self) -> &'a [u8] {
        // SAFETY: the allocation lives until `drop`, is never written, and the caller keeps
        // the reference from outliving it.
        unsafe { self.0.as_ref() }
    }
}

impl Drop for OwnedBytes {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `Box::leak` in `new` and is freed only here.
        drop(unsafe { Box::from_raw(self.0.as_ptr()) });
    }
}

impl wz_request {
    /// The decoded request, borrowed for no longer than `self`.
    pub(crate) fn decoded(&self) -> &PresentationRequest<'_> {
        &self.decoded
    }

    /// The request's exact bytes.
    fn bytes(&self) -> &[u8] {
        // SAFETY: the slice is borrowed from `self`, which owns the bytes.
        unsafe { self.bytes.get() }
    }
}

fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "\u{fffd}")).unwrap_or_default()
}

/// Makes and signs a presentation request: what the terminal shows (as a QR code) or sends to
/// the wallet before it presents.
///
/// `signer` holds the terminal's request-signing key. `verifier_id` is the terminal's identifier
/// (1–128 bytes of UTF-8; the audience of the answer, the same as its policy's audience).
/// `requested` lists `requested_count` attribute names to disclose (may be NULL when the count
/// is 0: "I am me"). `nonce` is 16 fresh random bytes for this request only. An answer older
/// than `max_age` seconds is refused. All inputs are read during the call only.
///
/// Returns `WZ_OK` and writes `*out_request` (free with wz_bytes_free());
/// `WZ_NULL_ARGUMENT` when `signer`, `verifier_id`, `nonce` or `out_request` is NULL (or
/// `requested` with a non-zero count, or one of its strings); `WZ_INVALID_UTF8`;
/// `WZ_INVALID_LENGTH` when `nonce_len` is not 16; `WZ_INVALID_ENUM` for a `min_level` that is
/// not a `WZ_LEVEL_*`; `WZ_INVALID_ARGUMENT` for a bad verifier id, an unknown attribute name,
/// more than 32 attributes or a repeated one; `WZ_SIGNER_FAILED` when a callback signer fails.
/// Thread-safe.
///
/// # Safety
///
/// `signer` is NULL or a live signer; `verifier_id` is NULL or a NUL-terminated string;
/// `requested` is NULL or valid for reads of `requested_count` string pointers; `nonce` is NULL
/// or valid for reads of `nonce_len` bytes; `out_request` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_create(
    signer: *const wz_signer,
    verifier_id: *const c_char,
    requested: *const *const c_char,
    requested_count: usize,
    min_level: RawLevel,
    max_age: u64,
    nonce: *const u8,
    nonce_len: usize,
    now: u64,
    out_request: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let signer = unsafe { arg::get(signer, "signer")? };
        // SAFETY: the function's contract.
        let verifier_id = unsafe { arg::string(verifier_id, "verifier_id")? };
        // SAFETY: the function's contract.
        let names = unsafe { arg::strings(requested, requested_count, "requested")? };
        // SAFETY: the function's contract.
        let nonce = unsafe { arg::array::<WZ_NONCE_LEN>(nonce, nonce_len, "nonce")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_request, "out_request")? };
        let min_level = level(min_level, "min_level")?;
        let requested = names
            .iter()
            .map(|n| AttributeId::parse(n))
            .collect::<Result<Vec<_>, _>>()?;
        let params = RequestParams {
            verifier_id,
            nonce,
            requested: &requested,
            min_level,
            max_age,
            now,
        };
        let bytes = PresentationRequest::create(&params, &signer.inner)?;
        give_bytes(out, bytes);
        Ok(())
    })
}

/// Decodes a presentation request and verifies its signature (made by its own verifier key).
/// The bytes are copied: the request stays valid after the buffer is freed.
///
/// Returns `WZ_OK` and writes `*out_request` (free with wz_request_free());
/// `WZ_NULL_ARGUMENT` when `out_request` is NULL, or `request` is NULL with a non-zero length;
/// `WZ_MALFORMED`, `WZ_NON_CANONICAL`, `WZ_TOO_LARGE`, `WZ_UNSUPPORTED`, `WZ_WRONG_KIND`;
/// `WZ_WEAK_KEY`; `WZ_DEVICE_KEY_MISMATCH` when signed by another key than the one it names;
/// `WZ_BAD_SIGNATURE`. Thread-safe.
///
/// # Safety
///
/// `request` is NULL or valid for reads of `request_len` bytes; `out_request` is NULL or valid
/// for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_decode(
    request: *const u8,
    request_len: usize,
    out_request: *mut *mut wz_request,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_request, "out_request")? };
        // SAFETY: the function's contract.
        let input = unsafe { arg::bytes(request, request_len, "request")? };
        let bytes = OwnedBytes::new(input);
        // SAFETY: `decoded` is stored beside `bytes` in the same `wz_request`, declared before
        // it (so dropped first), and never handed out for longer than a borrow of the request.
        let decoded = PresentationRequest::decode(unsafe { bytes.get() })?;
        let verifier_id = c_string(decoded.verifier_id);
        let names = decoded.requested().map(|id| c_string(&id.name())).collect();
        out.write_box(wz_request {
            decoded,
            verifier_id,
            names,
            bytes,
        });
        Ok(())
    })
}

/// Frees a request. NULL does nothing.
///
/// # Safety
///
/// `request` is NULL or a request from wz_request_decode() that has not been freed and that no
/// other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_free(request: *mut wz_request) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(request) })
}

/// The request's verifier identifier (its audience), NUL-terminated UTF-8, valid until the
/// request is freed; NULL when `request` is NULL.
///
/// # Safety
///
/// `request` is NULL or a live request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_verifier_id(request: *const wz_request) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(request) }.map_or(std::ptr::null(), |r| r.verifier_id.as_ptr())
    })
}

/// The minimum credential level the request asks for; 0 when `request` is NULL.
///
/// # Safety
///
/// `request` is NULL or a live request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_min_level(request: *const wz_request) -> RawLevel {
    guard_value(0, || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(request) }
            .map_or(0, |r| wz_level::from_core(r.decoded.min_level) as u32)
    })
}

/// How old (seconds) the answer may be; 0 when `request` is NULL.
///
/// # Safety
///
/// `request` is NULL or a live request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_max_age(request: *const wz_request) -> u64 {
    guard_value(0, || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(request) }.map_or(0, |r| r.decoded.max_age)
    })
}

/// When the request was made (Unix seconds); 0 when `request` is NULL.
///
/// # Safety
///
/// `request` is NULL or a live request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_issued_at(request: *const wz_request) -> u64 {
    guard_value(0, || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(request) }.map_or(0, |r| r.decoded.issued_at)
    })
}

/// How many attributes the request asks to disclose; 0 when `request` is NULL.
///
/// # Safety
///
/// `request` is NULL or a live request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_attribute_count(request: *const wz_request) -> usize {
    guard_value(0, || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(request) }.map_or(0, |r| r.names.len())
    })
}

/// The name of requested attribute `index` (in request order), NUL-terminated, valid until the
/// request is freed; NULL when `request` is NULL or `index` is out of range.
///
/// # Safety
///
/// `request` is NULL or a live request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_attribute_name(
    request: *const wz_request,
    index: usize,
) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(request) }
            .and_then(|r| r.names.get(index))
            .map_or(std::ptr::null(), |n| n.as_ptr())
    })
}

/// The request's exact bytes (`*out_len` of them), valid until the request is freed; NULL
/// (and nothing written) when `request` is NULL.
///
/// # Safety
///
/// `request` is NULL or a live request; `out_len` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_request_bytes(
    request: *const wz_request,
    out_len: *mut usize,
) -> *const u8 {
    guard_value(std::ptr::null(), || {
        // SAFETY: the function's contract.
        let Some(r) = (unsafe { arg::get_opt(request) }) else {
            return std::ptr::null();
        };
        let bytes = r.bytes();
        // SAFETY: the function's contract.
        if let Some(out) = unsafe { Out::optional(out_len) } {
            out.write(bytes.len());
        }
        bytes.as_ptr()
    })
}
