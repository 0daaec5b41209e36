//! Online verification, terminal side: the verification request a terminal sends to the
//! authority's service (with the holder's password sealed to the service and the digest of the
//! live face image), and the signed receipt it gets back.

use crate::arg::{self, Out};
use crate::signer::wz_signer;
use crate::status::{Failure, guard, guard_value, wz_status};
use crate::types::{RawLevel, WZ_NONCE_LEN, WZ_RANDOM_LEN, give_bytes, wz_bytes, wz_level};
use crate::verifier::{find_attribute, wz_attribute, wz_verifier};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::ffi::{CString, c_char};
use wz_core::online::PASSWORD_LEN;
use wz_core::{
    AttributeId, AuthMode, FaceEvidence, FactorResult, ServiceSealingKey, VerificationParams,
    VerificationRequest,
};
use zeroize::Zeroizing;

/// Length of a relying-party-scoped identifier (wz_receipt_rp_id()).
pub const WZ_RP_ID_LEN: usize = 16;
/// Length of the service's X25519 sealing key.
pub const WZ_SEALING_KEY_LEN: usize = 32;

/// The factors a receipt reports on.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wz_factor {
    /// The credential itself: the presentation, its credential and live status.
    Identity = 1,
    /// The 8-digit credential password.
    Password = 2,
    /// The live face.
    Face = 3,
}

/// A `wz_factor` passed into the library.
pub type RawFactor = u32;

/// The outcome of one factor (the receipt's wire values).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wz_factor_outcome {
    /// Checked and passed.
    Ok = 0,
    /// Checked and failed; the reason is a status code.
    Failed = 1,
    /// Not checked (not asked for, or an earlier factor failed).
    NotPerformed = 2,
}

/// A verification request being built: the presentation the phone showed, and the factors to
/// check with it (a password, a live face), for the authority's online service.
///
/// Made by wz_verification_builder_new(), completed with the wz_verification_builder_*()
/// functions, signed with wz_verification_builder_sign(), freed (and its password zeroized)
/// with wz_verification_builder_free(). The mode follows from the factors set: credential
/// alone, + password, + face, or + password + face. Not synchronized.
pub struct wz_verification_builder {
    presentation: Vec<u8>,
    presentation_request: Option<Vec<u8>>,
    verifier_id: String,
    password: Option<Zeroizing<String>>,
    face: Option<([u8; 32], u64, String)>,
    release: Vec<AttributeId<'static>>,
}

impl std::fmt::Debug for wz_verification_builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("wz_verification_builder")
            .field("password", &self.password.is_some())
            .field("face", &self.face.is_some())
            .finish_non_exhaustive()
    }
}

/// A receipt from the authority's online service whose signature, binding to this terminal's
/// request and freshness have been verified: one result per factor, the credential's level and
/// the holder's identifier at this relying party when the identity factor passed, the face
/// score, and the attributes the service vouched for.
///
/// Made by wz_verifier_verify_receipt() (it owns copies of everything it reports), freed with
/// wz_receipt_free(). Immutable: any number of threads may read one at the same time.
#[derive(Debug)]
pub struct wz_receipt {
    verifier_id: CString,
    checked_at: u64,
    factors: [FactorResult; 3],
    level: Option<wz_level>,
    face_score: Option<u16>,
    rp_id: Option<[u8; WZ_RP_ID_LEN]>,
    all_passed: bool,
    attributes: Vec<wz_attribute>,
}

/// Starts a verification request for `presentation` (the bytes the phone showed, copied) from
/// the terminal `verifier_id` (`relying-party/terminal`, 1–128 bytes, copied).
///
/// Returns `WZ_OK` and writes `*out_builder` (free with wz_verification_builder_free());
/// `WZ_NULL_ARGUMENT`; `WZ_INVALID_UTF8`. Thread-safe.
///
/// # Safety
///
/// `presentation` is NULL or valid for reads of `presentation_len` bytes; `verifier_id` is NULL
/// or a NUL-terminated string; `out_builder` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verification_builder_new(
    presentation: *const u8,
    presentation_len: usize,
    verifier_id: *const c_char,
    out_builder: *mut *mut wz_verification_builder,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_builder, "out_builder")? };
        // SAFETY: the function's contract.
        let presentation = unsafe { arg::bytes(presentation, presentation_len, "presentation")? };
        // SAFETY: the function's contract.
        let verifier_id = unsafe { arg::string(verifier_id, "verifier_id")? };
        out.write_box(wz_verification_builder {
            presentation: presentation.to_vec(),
            presentation_request: None,
            verifier_id: verifier_id.to_owned(),
            password: None,
            face: None,
            release: Vec::new(),
        });
        Ok(())
    })
}

/// Frees a verification builder, zeroizing the password it holds. NULL does nothing.
///
/// # Safety
///
/// `builder` is NULL or a builder from wz_verification_builder_new() that has not been freed
/// and that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verification_builder_free(builder: *mut wz_verification_builder) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(builder) })
}

/// Adds the presentation request that the presentation answers (for an interactive
/// presentation; copied).
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`.
///
/// # Safety
///
/// `builder` is NULL or a live builder that no other thread is using; `request` is NULL or
/// valid for reads of `request_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verification_builder_set_presentation_request(
    builder: *mut wz_verification_builder,
    request: *const u8,
    request_len: usize,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let b = unsafe { arg::get_mut(builder, "builder")? };
        // SAFETY: the function's contract.
        let request = unsafe { arg::bytes(request, request_len, "request")? };
        b.presentation_request = Some(request.to_vec());
        Ok(())
    })
}

/// Adds the password factor: the 8-digit credential password the holder typed. It is copied
/// (and zeroized when the builder is freed), and sealed to the service when the request is
/// signed; it never appears in the request in clear. Zeroize your copy.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; `WZ_INVALID_ARGUMENT` when it is not eight ASCII digits.
///
/// # Safety
///
/// `builder` is NULL or a live builder that no other thread is using; `password` is NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verification_builder_set_password(
    builder: *mut wz_verification_builder,
    password: *const c_char,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let b = unsafe { arg::get_mut(builder, "builder")? };
        if password.is_null() {
            return Err(Failure::new(wz_status::WZ_NULL_ARGUMENT, "password"));
        }
        // SAFETY: non-NULL and NUL-terminated by the function's contract.
        let bytes = unsafe { std::ffi::CStr::from_ptr(password) }.to_bytes();
        if bytes.len() != PASSWORD_LEN || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(wz_core::Error::InvalidArgument("password must be eight digits").into());
        }
        let mut pw = Zeroizing::new(String::with_capacity(PASSWORD_LEN));
        pw.extend(bytes.iter().map(|b| char::from(*b)));
        b.password = Some(pw);
        Ok(())
    })
}

/// Adds the face factor: the live image the terminal captured (`image`, read during the call:
/// the request carries its SHA-256, the image travels to the service beside the request), when
/// it was captured, and its media type (for example `"image/jpeg"`, copied).
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; `WZ_INVALID_UTF8`; `WZ_INVALID_ARGUMENT` for an empty
/// media type.
///
/// # Safety
///
/// `builder` is NULL or a live builder that no other thread is using; `image` is NULL or valid
/// for reads of `image_len` bytes; `media_type` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verification_builder_set_face(
    builder: *mut wz_verification_builder,
    image: *const u8,
    image_len: usize,
    captured_at: u64,
    media_type: *const c_char,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let b = unsafe { arg::get_mut(builder, "builder")? };
        // SAFETY: the function's contract.
        let image = unsafe { arg::bytes(image, image_len, "image")? };
        // SAFETY: the function's contract.
        let media_type = unsafe { arg::string(media_type, "media_type")? };
        if media_type.is_empty() {
            return Err(wz_core::Error::InvalidArgument("media type").into());
        }
        let evidence = FaceEvidence::for_image(image, captured_at, media_type);
        b.face = Some((evidence.image_digest, captured_at, media_type.to_owned()));
        Ok(())
    })
}

/// Asks the service to vouch for attribute `attribute` in its receipt (the presentation must
/// disclose it). Adding one twice is the same as once.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; `WZ_INVALID_UTF8`; `WZ_INVALID_ARGUMENT` for a name that
/// is not an attribute name.
///
/// # Safety
///
/// `builder` is NULL or a live builder that no other thread is using; `attribute` is NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verification_builder_release(
    builder: *mut wz_verification_builder,
    attribute: *const c_char,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let b = unsafe { arg::get_mut(builder, "builder")? };
        // SAFETY: the function's contract.
        let name = unsafe { arg::string(attribute, "attribute")? };
        let id = AttributeId::parse(name)?;
        if !b.release.iter().any(|r| r.same(&id)) {
            b.release.push(id);
        }
        Ok(())
    })
}

/// Builds and signs the verification request with the terminal's key, sealing the password to
/// the service's 32-byte X25519 `sealing_key`. `service_nonce` is the 16-byte nonce the service
/// handed out for this request; `random` is 32 fresh random bytes (the seal's ephemeral key
/// derives from them).
///
/// Returns `WZ_OK` and writes `*out_request` (send it to the service, and keep it to check the
/// receipt with wz_verifier_verify_receipt(); free with wz_bytes_free()); `WZ_NULL_ARGUMENT`;
/// `WZ_INVALID_LENGTH` for a sealing key, nonce or randomness of the wrong length;
/// `WZ_INVALID_ARGUMENT` for a verifier id that is empty or over 128 bytes, or more than 32
/// released attributes; `WZ_WEAK_KEY` for an unusable sealing key; `WZ_SIGNER_FAILED`.
/// Thread-safe (the builder must not change meanwhile).
///
/// # Safety
///
/// `builder` and `terminal` are NULL or live objects of this library; the buffers are NULL or
/// valid for reads of their lengths; `out_request` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verification_builder_sign(
    builder: *const wz_verification_builder,
    terminal: *const wz_signer,
    sealing_key: *const u8,
    sealing_key_len: usize,
    service_nonce: *const u8,
    service_nonce_len: usize,
    random: *const u8,
    random_len: usize,
    now: u64,
    out_request: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let b = unsafe { arg::get(builder, "builder")? };
        // SAFETY: the function's contract.
        let terminal = unsafe { arg::get(terminal, "terminal")? };
        // SAFETY: the function's contract.
        let key = unsafe {
            arg::array::<WZ_SEALING_KEY_LEN>(sealing_key, sealing_key_len, "sealing_key")?
        };
        // SAFETY: the function's contract.
        let nonce = unsafe {
            arg::array::<WZ_NONCE_LEN>(service_nonce, service_nonce_len, "service_nonce")?
        };
        // SAFETY: the function's contract.
        let seed =
            Zeroizing::new(unsafe { arg::array::<WZ_RANDOM_LEN>(random, random_len, "random")? });
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_request, "out_request")? };
        let mode = match (b.password.is_some(), b.face.is_some()) {
            (false, false) => AuthMode::Credential,
            (true, false) => AuthMode::CredentialPassword,
            (false, true) => AuthMode::CredentialFace,
            (true, true) => AuthMode::CredentialPasswordFace,
        };
        let params = VerificationParams {
            presentation: &b.presentation,
            presentation_request: b.presentation_request.as_deref(),
            verifier_id: &b.verifier_id,
            service_nonce: nonce,
            mode,
            password: b.password.as_ref().map(|p| p.as_str()),
            face: b.face.as_ref().map(|(digest, at, media)| FaceEvidence {
                image_digest: *digest,
                captured_at: *at,
                media_type: media,
            }),
            release: &b.release,
            now,
        };
        let mut rng = ChaCha20Rng::from_seed(*seed);
        let bytes = VerificationRequest::create(
            &params,
            &ServiceSealingKey(key),
            &terminal.inner,
            &mut rng,
        )?;
        give_bytes(out, bytes);
        Ok(())
    })
}

// --- receipt ---------------------------------------------------------------------------------

/// Verifies a receipt from the authority's online service: signed by a key the verifier's trust
/// list allows to sign receipts (or a pinned key), answering exactly `request` (the bytes of
/// this terminal's verification request, from wz_verification_builder_sign()), and no older than
/// the policy's maximum age at `now`.
///
/// A valid receipt may still report failed factors (a wrong password, a revoked credential):
/// read them with wz_receipt_factor() or wz_receipt_all_passed(). Both buffers are read during
/// the call only.
///
/// Returns `WZ_OK` and writes `*out_receipt` (free with wz_receipt_free()); `WZ_NULL_ARGUMENT`;
/// `WZ_MALFORMED`, `WZ_NON_CANONICAL`, `WZ_TOO_LARGE`, `WZ_UNSUPPORTED`, `WZ_WRONG_KIND`;
/// `WZ_UNKNOWN_ISSUER` (not a key that may sign receipts); `WZ_TRUST_LIST_STALE`;
/// `WZ_BAD_SIGNATURE`; the decoding codes of the request (`WZ_MALFORMED`, `WZ_WEAK_KEY`,
/// `WZ_DEVICE_KEY_MISMATCH`, `WZ_BAD_SIGNATURE`); `WZ_RECEIPT_MISMATCH` when it answers another
/// request or is dated before it; `WZ_NOT_YET_VALID`; `WZ_STALE_PRESENTATION`. Thread-safe like
/// wz_verifier_verify().
///
/// # Safety
///
/// `verifier` is NULL or a live verifier; `receipt` and `request` are NULL or valid for reads of
/// their lengths; `out_receipt` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_verify_receipt(
    verifier: *const wz_verifier,
    receipt: *const u8,
    receipt_len: usize,
    request: *const u8,
    request_len: usize,
    now: u64,
    out_receipt: *mut *mut wz_receipt,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let receipt = unsafe { arg::bytes(receipt, receipt_len, "receipt")? };
        // SAFETY: the function's contract.
        let request = unsafe { arg::bytes(request, request_len, "request")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_receipt, "out_receipt")? };
        let r = v.inner.verify_receipt(receipt, request, now)?;
        out.write_box(wz_receipt {
            verifier_id: CString::new(r.verifier_id.replace('\0', "\u{fffd}")).unwrap_or_default(),
            checked_at: r.checked_at,
            factors: [r.identity, r.password, r.face],
            level: r.level.map(wz_level::from_core),
            face_score: r.face_score,
            rp_id: r.rp_id,
            all_passed: r.all_passed(),
            attributes: r
                .released()
                .map(|a| wz_attribute::new(&a.id, a.value))
                .collect(),
        });
        Ok(())
    })
}

/// Frees a receipt and its attributes. NULL does nothing.
///
/// # Safety
///
/// `receipt` is NULL or a receipt from this library that has not been freed and that no other
/// thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_free(receipt: *mut wz_receipt) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(receipt) })
}

/// Reads a receipt field, or returns `fallback` for NULL.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt.
unsafe fn field<T: Copy>(
    receipt: *const wz_receipt,
    fallback: T,
    f: impl FnOnce(&wz_receipt) -> T,
) -> T {
    guard_value(fallback, || {
        // SAFETY: the caller's contract.
        unsafe { arg::get_opt(receipt) }.map_or(fallback, f)
    })
}

/// Whether every factor the request asked for passed (the identity factor passed, and neither
/// the password nor the face failed): the terminal's usual question. False when `receipt` is
/// NULL.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_all_passed(receipt: *const wz_receipt) -> bool {
    // SAFETY: the function's contract.
    unsafe { field(receipt, false, |r| r.all_passed) }
}

/// Reads the outcome of one factor (`WZ_FACTOR_IDENTITY`, `WZ_FACTOR_PASSWORD` or
/// `WZ_FACTOR_FACE`): `*out_outcome` receives ok, failed or not performed, and `*out_reason` the
/// failure's status (for example `WZ_REVOKED` for the identity, `WZ_PASSWORD_WRONG`,
/// `WZ_PASSWORD_LOCKED`, `WZ_FACE_MISMATCH`, `WZ_UNKNOWN_CREDENTIAL`), or `WZ_OK` when the
/// factor did not fail.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; `WZ_INVALID_ENUM` for another factor.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt; the out pointers are NULL or valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_factor(
    receipt: *const wz_receipt,
    factor: RawFactor,
    out_outcome: *mut wz_factor_outcome,
    out_reason: *mut wz_status,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let r = unsafe { arg::get(receipt, "receipt")? };
        // SAFETY: the function's contract.
        let outcome = unsafe { Out::new(out_outcome, "out_outcome")? };
        // SAFETY: the function's contract.
        let reason = unsafe { Out::new(out_reason, "out_reason")? };
        let index = match factor {
            1..=3 => factor as usize - 1,
            _ => return Err(Failure::new(wz_status::WZ_INVALID_ENUM, "factor")),
        };
        let (o, why) = match r.factors[index] {
            FactorResult::Ok => (wz_factor_outcome::Ok, wz_status::WZ_OK),
            FactorResult::Failed(code) => (wz_factor_outcome::Failed, wz_status::from_code(code)),
            FactorResult::NotPerformed => (wz_factor_outcome::NotPerformed, wz_status::WZ_OK),
        };
        outcome.write(o);
        reason.write(why);
        Ok(())
    })
}

/// When the service checked the request (Unix seconds); 0 when `receipt` is NULL.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_checked_at(receipt: *const wz_receipt) -> u64 {
    // SAFETY: the function's contract.
    unsafe { field(receipt, 0, |r| r.checked_at) }
}

/// The verifier identifier of the request the receipt answers, NUL-terminated, valid until the
/// receipt is freed; NULL when `receipt` is NULL.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_verifier_id(receipt: *const wz_receipt) -> *const c_char {
    // SAFETY: the function's contract.
    unsafe { field(receipt, std::ptr::null(), |r| r.verifier_id.as_ptr()) }
}

/// The credential's level when the identity factor passed; 0 otherwise or when `receipt` is
/// NULL.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_level(receipt: *const wz_receipt) -> RawLevel {
    // SAFETY: the function's contract.
    unsafe { field(receipt, 0, |r| r.level.map_or(0, |l| l as u32)) }
}

/// The holder's identifier at this terminal's relying party (`WZ_RP_ID_LEN`, 16 bytes: the same
/// for the same person at one relying party, unlinkable across relying parties), valid until
/// the receipt is freed; NULL when the identity factor did not pass or `receipt` is NULL.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_rp_id(receipt: *const wz_receipt) -> *const u8 {
    // SAFETY: the function's contract.
    unsafe {
        field(receipt, std::ptr::null(), |r| {
            r.rp_id.as_ref().map_or(std::ptr::null(), |id| id.as_ptr())
        })
    }
}

/// Reads the face matcher's score (0–1000).
///
/// Returns `WZ_OK` and writes `*out_score`; `WZ_NOT_FOUND` when the receipt carries none (no
/// face factor, or not performed); `WZ_NULL_ARGUMENT`.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt; `out_score` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_face_score(
    receipt: *const wz_receipt,
    out_score: *mut u16,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let r = unsafe { arg::get(receipt, "receipt")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_score, "out_score")? };
        let score = r
            .face_score
            .ok_or_else(|| Failure::new(wz_status::WZ_NOT_FOUND, "face score"))?;
        out.write(score);
        Ok(())
    })
}

/// How many attributes the service vouched for; 0 when `receipt` is NULL.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_attribute_count(receipt: *const wz_receipt) -> usize {
    // SAFETY: the function's contract.
    unsafe { field(receipt, 0, |r| r.attributes.len()) }
}

/// The vouched-for attribute at `index`, borrowed from the receipt (valid until it is freed,
/// never freed on its own; read it with the wz_attribute_*() functions); NULL when `receipt` is
/// NULL or `index` is out of range.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_attribute_at(
    receipt: *const wz_receipt,
    index: usize,
) -> *const wz_attribute {
    // SAFETY: the function's contract.
    unsafe {
        field(receipt, std::ptr::null(), |r| {
            r.attributes
                .get(index)
                .map_or(std::ptr::null(), |a| a as *const wz_attribute)
        })
    }
}

/// Looks up the vouched-for attribute called `name`, borrowed from the receipt as in
/// wz_receipt_attribute_at().
///
/// Returns `WZ_OK` and writes `*out_attribute`; `WZ_NOT_FOUND` when the receipt does not carry
/// it; `WZ_INVALID_ARGUMENT` when `name` is not an attribute name; `WZ_NULL_ARGUMENT`;
/// `WZ_INVALID_UTF8`.
///
/// # Safety
///
/// `receipt` is NULL or a live receipt; `name` is NULL or a NUL-terminated string;
/// `out_attribute` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_receipt_attribute(
    receipt: *const wz_receipt,
    name: *const c_char,
    out_attribute: *mut *const wz_attribute,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let r = unsafe { arg::get(receipt, "receipt")? };
        // SAFETY: the function's contract.
        let name = unsafe { arg::string(name, "name")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_attribute, "out_attribute")? };
        out.write(find_attribute(&r.attributes, name)?);
        Ok(())
    })
}
