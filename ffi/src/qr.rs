//! The QR text form (`WZ1:` + base45) that phones show and scanners read.

use crate::arg::{self, Out};
use crate::status::{guard, guard_value, wz_status};
use crate::types::{give_bytes, wz_bytes};

/// Decodes the text a QR scanner read (`WZ1:` followed by base45; surrounding ASCII
/// whitespace is ignored) into the object's bytes, ready for wz_verifier_verify().
///
/// Returns `WZ_OK` and writes `*out_object` (free with wz_bytes_free());
/// `WZ_NULL_ARGUMENT` when `out_object` is NULL, or `text` is NULL with a non-zero length;
/// `WZ_MALFORMED` without the `WZn:` prefix or for characters outside base45 (including text
/// that is not UTF-8); `WZ_UNSUPPORTED` for another version (`WZ2:`...: update the terminal);
/// `WZ_NON_CANONICAL` when the base45 is not the canonical encoding of its bytes;
/// `WZ_TOO_LARGE`. Thread-safe.
///
/// # Safety
///
/// `text` is NULL or valid for reads of `text_len` bytes (no NUL terminator needed);
/// `out_object` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_qr_decode(
    text: *const u8,
    text_len: usize,
    out_object: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_object, "out_object")? };
        // SAFETY: the function's contract.
        let text = unsafe { arg::bytes(text, text_len, "text")? };
        let text = std::str::from_utf8(text).map_err(|_| wz_core::Error::Malformed("qr text"))?;
        give_bytes(out, wz_core::qr::decode_text(text)?);
        Ok(())
    })
}

/// Encodes an object's bytes as QR text (`WZ1:` + base45), for a QR code in alphanumeric mode.
///
/// Returns `WZ_OK` and writes `*out_text` (free with wz_bytes_free(); its data is also a
/// NUL-terminated C string); `WZ_NULL_ARGUMENT` when `out_text` is NULL, or `object` is NULL
/// with a non-zero length. Thread-safe.
///
/// # Safety
///
/// `object` is NULL or valid for reads of `object_len` bytes; `out_text` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_qr_encode(
    object: *const u8,
    object_len: usize,
    out_text: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_text, "out_text")? };
        // SAFETY: the function's contract.
        let object = unsafe { arg::bytes(object, object_len, "object")? };
        give_bytes(out, wz_core::qr::encode_text(object).into_bytes());
        Ok(())
    })
}

/// Whether `input` looks like QR text (`WZ`, a version digit and `:` after optional leading
/// whitespace) rather than raw CBOR, for programs that accept either. False for NULL.
/// Thread-safe.
///
/// # Safety
///
/// `input` is NULL or valid for reads of `input_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_qr_is_text(input: *const u8, input_len: usize) -> bool {
    guard_value(false, || {
        // SAFETY: the function's contract.
        unsafe { arg::bytes(input, input_len, "input") }.is_ok_and(wz_core::qr::is_qr_text)
    })
}
