//! Status codes: `wz_status`, its names and classes, and the per-thread last error message.
//!
//! Every core [`ErrorCode`] has the status with the same number, so a C log line and a Rust log
//! line about the same refusal carry the same number. Conditions that only the C surface has
//! (a NULL argument, invalid UTF-8, a buffer of the wrong length, an enum value out of range, a
//! lookup that found nothing, an attribute read as the wrong type, a caught panic) have numbers
//! from 1000 up, so they can never collide with a future core code.

use std::cell::RefCell;
use std::ffi::{CString, c_char};
use wz_core::ErrorCode;

/// The result of every fallible function: `WZ_OK` (0) or the reason for failure.
///
/// Numbers never change meaning and retired numbers are never reused. 1–999 are exactly the
/// core library's error codes (docs/FORMAT.md, "Error codes"); 1000 and up are conditions of
/// the C interface itself. A function documents the codes it can return; a newer library may
/// add codes, so treat unknown values as failures (wz_status_class() reports their class).
///
/// The constants are named `WZ_<CODE>` rather than `WZ_STATUS_<CODE>`: every function returns
/// one, and `if (rc != WZ_OK)` reads best.
///
/// cbindgen:prefix-with-name=false
/// cbindgen:rename-all=None
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum wz_status {
    /// Success.
    WZ_OK = 0,
    /// The input is not a well-formed instance of the expected structure (bad scan, wrong file,
    /// truncated data).
    WZ_MALFORMED = 1,
    /// The input is well-formed CBOR but not in deterministic encoding.
    WZ_NON_CANONICAL = 2,
    /// The input exceeds a size or count limit.
    WZ_TOO_LARGE = 3,
    /// The input uses a feature this version does not implement (an algorithm, a critical
    /// header, a newer QR text version): update the terminal.
    WZ_UNSUPPORTED = 4,
    /// The input is a valid object of another kind (a credential where a presentation was
    /// expected).
    WZ_WRONG_KIND = 5,
    /// A signature does not verify.
    WZ_BAD_SIGNATURE = 10,
    /// A public key is not a valid Ed25519 point, or has small order.
    WZ_WEAK_KEY = 11,
    /// The signer of a credential, status list or trust list is not trusted (for that object,
    /// at that time).
    WZ_UNKNOWN_ISSUER = 12,
    /// Signed by another key than the one the object names (a credential copied to another
    /// phone).
    WZ_DEVICE_KEY_MISMATCH = 13,
    /// Dated in the future beyond the allowed clock skew.
    WZ_NOT_YET_VALID = 20,
    /// The credential's validity has ended.
    WZ_EXPIRED = 21,
    /// The presentation is older than the policy's (or the request's) maximum age.
    WZ_STALE_PRESENTATION = 22,
    /// A QR presentation this verifier's replay cache has already accepted.
    WZ_REPLAYED = 23,
    /// The credential's level is below the minimum.
    WZ_LEVEL_TOO_LOW = 30,
    /// A required attribute was not disclosed.
    WZ_MISSING_ATTRIBUTE = 31,
    /// A disclosure does not match the credential's digests.
    WZ_DISCLOSURE_MISMATCH = 32,
    /// The presentation answers another verifier, or carries an audience where none was
    /// expected.
    WZ_AUDIENCE_MISMATCH = 40,
    /// The presentation does not carry the nonce of the request it must answer.
    WZ_NONCE_MISMATCH = 41,
    /// Right audience and nonce, but made for a different request.
    WZ_REQUEST_MISMATCH = 42,
    /// The credential was cancelled (revoked), for example after a lost-card report.
    WZ_REVOKED = 50,
    /// The credential is frozen (suspended).
    WZ_SUSPENDED = 51,
    /// A newer generation replaced the credential (for example on a new phone).
    WZ_SUPERSEDED = 52,
    /// No fresh status is known for the credential and the policy requires one.
    WZ_STATUS_UNAVAILABLE = 53,
    /// The trust list is past its next update (and the policy does not accept that), or older
    /// than the loaded one.
    WZ_TRUST_LIST_STALE = 60,
    /// Online verification: the credential password did not match (a receipt's factor reason,
    /// see wz_receipt_factor()).
    WZ_PASSWORD_WRONG = 70,
    /// Online verification: too many wrong passwords; the password factor is locked (a
    /// receipt's factor reason).
    WZ_PASSWORD_LOCKED = 71,
    /// Online verification: the live face did not match (a receipt's factor reason).
    WZ_FACE_MISMATCH = 72,
    /// A receipt does not answer the verification request it is checked against.
    WZ_RECEIPT_MISMATCH = 73,
    /// Online verification: the service has no record of the credential's holder (a receipt's
    /// factor reason).
    WZ_UNKNOWN_CREDENTIAL = 74,
    /// A wallet store is truncated, altered, or sealed with another key.
    WZ_CORRUPT_STORE = 80,
    /// The caller passed an argument the library cannot use (an unknown attribute name, an
    /// invalid date, an empty wallet, a time window that ends before it starts).
    WZ_INVALID_ARGUMENT = 90,
    /// A device signer callback failed (returned something other than `WZ_OK`).
    WZ_SIGNER_FAILED = 91,
    /// C interface: a pointer argument that must not be NULL was NULL.
    WZ_NULL_ARGUMENT = 1000,
    /// C interface: a string argument is not valid UTF-8.
    WZ_INVALID_UTF8 = 1001,
    /// C interface: a buffer has the wrong length for what it holds (a key that is not 32
    /// bytes, a nonce that is not 16), or a length is beyond `PTRDIFF_MAX`.
    WZ_INVALID_LENGTH = 1002,
    /// C interface: an enum argument is not one of its constants.
    WZ_INVALID_ENUM = 1003,
    /// C interface: what was looked up does not exist (an attribute that was not disclosed, a
    /// status list that is not loaded). Not a refusal.
    WZ_NOT_FOUND = 1004,
    /// C interface: an attribute was read as a type it does not have.
    WZ_WRONG_TYPE = 1005,
    /// C interface: the library caught an internal panic (a bug). The objects the call was
    /// given may be in an unspecified state: free them.
    WZ_PANIC = 1099,
}

/// The raw form of a [`wz_status`] passed *into* the library. A C caller may pass any
/// `uint32_t`, and a Rust enum must never hold a value outside its variants, so inputs are
/// read as numbers; the header shows the type as `wz_status`.
pub type RawStatus = u32;

/// How a terminal reacts to a status: the class of the refusal.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wz_error_class {
    /// `WZ_OK`: nothing to react to.
    None = 0,
    /// The bytes are not a valid object at all (bad scan, wrong file, tampering): scan again.
    Malformed = 1,
    /// A well-formed object that is not acceptable (signature, time, level, status, binding):
    /// refuse it.
    Invalid = 2,
    /// The object needs a feature this version does not have: update the terminal.
    Unsupported = 3,
    /// The caller misused the API (including every C-interface code but `WZ_PANIC`, and
    /// numbers this library does not know).
    Usage = 4,
    /// `WZ_PANIC`: a bug in the library.
    Internal = 5,
}

impl wz_status {
    /// Every status, in numeric order.
    pub const ALL: &'static [wz_status] = &[
        wz_status::WZ_OK,
        wz_status::WZ_MALFORMED,
        wz_status::WZ_NON_CANONICAL,
        wz_status::WZ_TOO_LARGE,
        wz_status::WZ_UNSUPPORTED,
        wz_status::WZ_WRONG_KIND,
        wz_status::WZ_BAD_SIGNATURE,
        wz_status::WZ_WEAK_KEY,
        wz_status::WZ_UNKNOWN_ISSUER,
        wz_status::WZ_DEVICE_KEY_MISMATCH,
        wz_status::WZ_NOT_YET_VALID,
        wz_status::WZ_EXPIRED,
        wz_status::WZ_STALE_PRESENTATION,
        wz_status::WZ_REPLAYED,
        wz_status::WZ_LEVEL_TOO_LOW,
        wz_status::WZ_MISSING_ATTRIBUTE,
        wz_status::WZ_DISCLOSURE_MISMATCH,
        wz_status::WZ_AUDIENCE_MISMATCH,
        wz_status::WZ_NONCE_MISMATCH,
        wz_status::WZ_REQUEST_MISMATCH,
        wz_status::WZ_REVOKED,
        wz_status::WZ_SUSPENDED,
        wz_status::WZ_SUPERSEDED,
        wz_status::WZ_STATUS_UNAVAILABLE,
        wz_status::WZ_TRUST_LIST_STALE,
        wz_status::WZ_PASSWORD_WRONG,
        wz_status::WZ_PASSWORD_LOCKED,
        wz_status::WZ_FACE_MISMATCH,
        wz_status::WZ_RECEIPT_MISMATCH,
        wz_status::WZ_UNKNOWN_CREDENTIAL,
        wz_status::WZ_CORRUPT_STORE,
        wz_status::WZ_INVALID_ARGUMENT,
        wz_status::WZ_SIGNER_FAILED,
        wz_status::WZ_NULL_ARGUMENT,
        wz_status::WZ_INVALID_UTF8,
        wz_status::WZ_INVALID_LENGTH,
        wz_status::WZ_INVALID_ENUM,
        wz_status::WZ_NOT_FOUND,
        wz_status::WZ_WRONG_TYPE,
        wz_status::WZ_PANIC,
    ];

    /// The status of a core error code: the same number.
    ///
    /// An exhaustive `match` with no wildcard arm (`ErrorCode` is deliberately exhaustive), so
    /// a new core code does not build until someone gives it its C constant here; the `const`
    /// block below checks that every number is the same.
    pub const fn from_code(code: ErrorCode) -> wz_status {
        match code {
            ErrorCode::Malformed => wz_status::WZ_MALFORMED,
            ErrorCode::NonCanonical => wz_status::WZ_NON_CANONICAL,
            ErrorCode::TooLarge => wz_status::WZ_TOO_LARGE,
            ErrorCode::Unsupported => wz_status::WZ_UNSUPPORTED,
            ErrorCode::WrongKind => wz_status::WZ_WRONG_KIND,
            ErrorCode::BadSignature => wz_status::WZ_BAD_SIGNATURE,
            ErrorCode::WeakKey => wz_status::WZ_WEAK_KEY,
            ErrorCode::UnknownIssuer => wz_status::WZ_UNKNOWN_ISSUER,
            ErrorCode::DeviceKeyMismatch => wz_status::WZ_DEVICE_KEY_MISMATCH,
            ErrorCode::NotYetValid => wz_status::WZ_NOT_YET_VALID,
            ErrorCode::Expired => wz_status::WZ_EXPIRED,
            ErrorCode::StalePresentation => wz_status::WZ_STALE_PRESENTATION,
            ErrorCode::Replayed => wz_status::WZ_REPLAYED,
            ErrorCode::LevelTooLow => wz_status::WZ_LEVEL_TOO_LOW,
            ErrorCode::MissingAttribute => wz_status::WZ_MISSING_ATTRIBUTE,
            ErrorCode::DisclosureMismatch => wz_status::WZ_DISCLOSURE_MISMATCH,
            ErrorCode::AudienceMismatch => wz_status::WZ_AUDIENCE_MISMATCH,
            ErrorCode::NonceMismatch => wz_status::WZ_NONCE_MISMATCH,
            ErrorCode::RequestMismatch => wz_status::WZ_REQUEST_MISMATCH,
            ErrorCode::Revoked => wz_status::WZ_REVOKED,
            ErrorCode::Suspended => wz_status::WZ_SUSPENDED,
            ErrorCode::Superseded => wz_status::WZ_SUPERSEDED,
            ErrorCode::StatusUnavailable => wz_status::WZ_STATUS_UNAVAILABLE,
            ErrorCode::TrustListStale => wz_status::WZ_TRUST_LIST_STALE,
            ErrorCode::PasswordWrong => wz_status::WZ_PASSWORD_WRONG,
            ErrorCode::PasswordLocked => wz_status::WZ_PASSWORD_LOCKED,
            ErrorCode::FaceMismatch => wz_status::WZ_FACE_MISMATCH,
            ErrorCode::ReceiptMismatch => wz_status::WZ_RECEIPT_MISMATCH,
            ErrorCode::UnknownCredential => wz_status::WZ_UNKNOWN_CREDENTIAL,
            ErrorCode::CorruptStore => wz_status::WZ_CORRUPT_STORE,
            ErrorCode::InvalidArgument => wz_status::WZ_INVALID_ARGUMENT,
            ErrorCode::SignerFailed => wz_status::WZ_SIGNER_FAILED,
        }
    }

    /// The status with number `n`, if there is one.
    pub fn from_number(n: u32) -> Option<wz_status> {
        Self::ALL.iter().copied().find(|s| *s as u32 == n)
    }

    /// The stable snake_case name, NUL-terminated: the core code's name for codes below 1000.
    pub const fn name(self) -> &'static std::ffi::CStr {
        match self {
            wz_status::WZ_OK => c"ok",
            wz_status::WZ_MALFORMED => c"malformed",
            wz_status::WZ_NON_CANONICAL => c"non_canonical",
            wz_status::WZ_TOO_LARGE => c"too_large",
            wz_status::WZ_UNSUPPORTED => c"unsupported",
            wz_status::WZ_WRONG_KIND => c"wrong_kind",
            wz_status::WZ_BAD_SIGNATURE => c"bad_signature",
            wz_status::WZ_WEAK_KEY => c"weak_key",
            wz_status::WZ_UNKNOWN_ISSUER => c"unknown_issuer",
            wz_status::WZ_DEVICE_KEY_MISMATCH => c"device_key_mismatch",
            wz_status::WZ_NOT_YET_VALID => c"not_yet_valid",
            wz_status::WZ_EXPIRED => c"expired",
            wz_status::WZ_STALE_PRESENTATION => c"stale_presentation",
            wz_status::WZ_REPLAYED => c"replayed",
            wz_status::WZ_LEVEL_TOO_LOW => c"level_too_low",
            wz_status::WZ_MISSING_ATTRIBUTE => c"missing_attribute",
            wz_status::WZ_DISCLOSURE_MISMATCH => c"disclosure_mismatch",
            wz_status::WZ_AUDIENCE_MISMATCH => c"audience_mismatch",
            wz_status::WZ_NONCE_MISMATCH => c"nonce_mismatch",
            wz_status::WZ_REQUEST_MISMATCH => c"request_mismatch",
            wz_status::WZ_REVOKED => c"revoked",
            wz_status::WZ_SUSPENDED => c"suspended",
            wz_status::WZ_SUPERSEDED => c"superseded",
            wz_status::WZ_STATUS_UNAVAILABLE => c"status_unavailable",
            wz_status::WZ_TRUST_LIST_STALE => c"trust_list_stale",
            wz_status::WZ_PASSWORD_WRONG => c"password_wrong",
            wz_status::WZ_PASSWORD_LOCKED => c"password_locked",
            wz_status::WZ_FACE_MISMATCH => c"face_mismatch",
            wz_status::WZ_RECEIPT_MISMATCH => c"receipt_mismatch",
            wz_status::WZ_UNKNOWN_CREDENTIAL => c"unknown_credential",
            wz_status::WZ_CORRUPT_STORE => c"corrupt_store",
            wz_status::WZ_INVALID_ARGUMENT => c"invalid_argument",
            wz_status::WZ_SIGNER_FAILED => c"signer_failed",
            wz_status::WZ_NULL_ARGUMENT => c"null_argument",
            wz_status::WZ_INVALID_UTF8 => c"invalid_utf8",
            wz_status::WZ_INVALID_LENGTH => c"invalid_length",
            wz_status::WZ_INVALID_ENUM => c"invalid_enum",
            wz_status::WZ_NOT_FOUND => c"not_found",
            wz_status::WZ_WRONG_TYPE => c"wrong_type",
            wz_status::WZ_PANIC => c"panic",
        }
    }

    /// The class of the status (the core code's class for codes below 1000).
    pub const fn class(self) -> wz_error_class {
        match self {
            wz_status::WZ_OK => wz_error_class::None,
            wz_status::WZ_MALFORMED
            | wz_status::WZ_NON_CANONICAL
            | wz_status::WZ_TOO_LARGE
            | wz_status::WZ_WRONG_KIND
            | wz_status::WZ_CORRUPT_STORE => wz_error_class::Malformed,
            wz_status::WZ_UNSUPPORTED => wz_error_class::Unsupported,
            wz_status::WZ_BAD_SIGNATURE
            | wz_status::WZ_WEAK_KEY
            | wz_status::WZ_UNKNOWN_ISSUER
            | wz_status::WZ_DEVICE_KEY_MISMATCH
            | wz_status::WZ_NOT_YET_VALID
            | wz_status::WZ_EXPIRED
            | wz_status::WZ_STALE_PRESENTATION
            | wz_status::WZ_REPLAYED
            | wz_status::WZ_LEVEL_TOO_LOW
            | wz_status::WZ_MISSING_ATTRIBUTE
            | wz_status::WZ_DISCLOSURE_MISMATCH
            | wz_status::WZ_AUDIENCE_MISMATCH
            | wz_status::WZ_NONCE_MISMATCH
            | wz_status::WZ_REQUEST_MISMATCH
            | wz_status::WZ_REVOKED
            | wz_status::WZ_SUSPENDED
            | wz_status::WZ_SUPERSEDED
            | wz_status::WZ_STATUS_UNAVAILABLE
            | wz_status::WZ_TRUST_LIST_STALE
            | wz_status::WZ_PASSWORD_WRONG
            | wz_status::WZ_PASSWORD_LOCKED
            | wz_status::WZ_FACE_MISMATCH
            | wz_status::WZ_RECEIPT_MISMATCH
            | wz_status::WZ_UNKNOWN_CREDENTIAL => wz_error_class::Invalid,
            wz_status::WZ_INVALID_ARGUMENT
            | wz_status::WZ_SIGNER_FAILED
            | wz_status::WZ_NULL_ARGUMENT
            | wz_status::WZ_INVALID_UTF8
            | wz_status::WZ_INVALID_LENGTH
            | wz_status::WZ_INVALID_ENUM
            | wz_status::WZ_NOT_FOUND
            | wz_status::WZ_WRONG_TYPE => wz_error_class::Usage,
            wz_status::WZ_PANIC => wz_error_class::Internal,
        }
    }
}

/// Every core code has a status with the same number; checked when the crate compiles.
const _: () = {
    let codes = ErrorCode::ALL;
    let mut i = 0;
    while i < codes.len() {
        let status = wz_status::from_code(codes[i]);
        assert!(
            status as u32 == codes[i].number() as u32,
            "a wz_status number differs from its core ErrorCode number"
        );
        i += 1;
    }
};

/// The C class of a core class (for the tests that tie both tables together).
#[cfg(test)]
pub(crate) fn core_class(class: wz_core::ErrorClass) -> wz_error_class {
    use wz_core::ErrorClass;
    match class {
        ErrorClass::Malformed => wz_error_class::Malformed,
        ErrorClass::Invalid => wz_error_class::Invalid,
        ErrorClass::Unsupported => wz_error_class::Unsupported,
        ErrorClass::Usage => wz_error_class::Usage,
        _ => wz_error_class::Internal,
    }
}

/// A failure on its way to the C caller: the status and the message for
/// wz_last_error_message(). Messages name fields, never values from the input.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: wz_status,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(status: wz_status, what: &str) -> Failure {
        let prefix = match status {
            wz_status::WZ_NULL_ARGUMENT => "null argument",
            wz_status::WZ_INVALID_UTF8 => "invalid utf-8",
            wz_status::WZ_INVALID_LENGTH => "invalid length",
            wz_status::WZ_INVALID_ENUM => "invalid enum value",
            wz_status::WZ_NOT_FOUND => "not found",
            wz_status::WZ_WRONG_TYPE => "wrong type",
            _ => "error",
        };
        Failure {
            status,
            message: format!("{prefix}: {what}"),
        }
    }
}

impl From<wz_core::Error> for Failure {
    fn from(e: wz_core::Error) -> Failure {
        Failure {
            status: wz_status::from_code(e.code()),
            message: e.to_string(),
        }
    }
}

thread_local! {
    /// The message of the last failure on this thread.
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// Records `message` as this thread's last error.
pub(crate) fn set_last_error(message: &str) {
    let c = CString::new(message.replace('\0', " ")).unwrap_or_default();
    // During thread teardown the slot may be gone; the status code still reaches the caller.
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = c);
}

/// Runs the body of an exported function: returns `WZ_OK` or the failure's status (recording
/// its message), and turns a panic into `WZ_PANIC` so that no unwind ever crosses into C.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> wz_status {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(Ok(())) => wz_status::WZ_OK,
        Ok(Err(failure)) => {
            set_last_error(&failure.message);
            failure.status
        }
        Err(_) => {
            set_last_error("internal error: the library panicked (a bug; please report it)");
            wz_status::WZ_PANIC
        }
    }
}

/// Runs the body of an infallible exported function (a getter), returning `fallback` if it
/// panics.
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or_else(|_| {
        set_last_error("internal error: the library panicked (a bug; please report it)");
        fallback
    })
}

/// The stable snake_case name of a status: `"ok"`, `"bad_signature"`, `"null_argument"`, ...
/// (the names of docs/FORMAT.md's error table for codes below 1000).
///
/// Returns a static NUL-terminated string, never NULL: `"unknown"` for a number this library
/// does not know. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn wz_status_name(status: RawStatus) -> *const c_char {
    guard_value(c"unknown".as_ptr(), || {
        wz_status::from_number(status).map_or(c"unknown".as_ptr(), |s| s.name().as_ptr())
    })
}

/// The class of a status, which decides how a terminal reacts: `WZ_ERROR_CLASS_NONE` for
/// `WZ_OK`, then malformed (scan again), invalid (refuse), unsupported (update the terminal),
/// usage (a bug in the caller; also every number this library does not know) and internal
/// (`WZ_PANIC`). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn wz_status_class(status: RawStatus) -> wz_error_class {
    guard_value(wz_error_class::Internal, || {
        wz_status::from_number(status).map_or(wz_error_class::Usage, wz_status::class)
    })
}

/// A description of the last failure on the calling thread: lowercase English naming the
/// field or argument that failed, never personal data, keys or other values from the input
/// (for example `"malformed input: presentation"` or `"null argument: out_verdict"`).
///
/// Returns a NUL-terminated string owned by the library, never NULL (empty before any
/// failure). It stays valid until the next failing `wz_` call on the same thread; copy it to
/// keep it. Each thread has its own message, so concurrent calls on other threads never
/// change it. Successful calls leave it unchanged: read it only right after a failure.
#[unsafe(no_mangle)]
pub extern "C" fn wz_last_error_message() -> *const c_char {
    guard_value(c"".as_ptr(), || {
        LAST_ERROR
            .try_with(|slot| slot.borrow().as_ptr())
            .unwrap_or(c"".as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// A file of the repository, by path from its root.
    fn repo_file(path: &str) -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn class_name(class: wz_error_class) -> &'static str {
        match class {
            wz_error_class::None => "none",
            wz_error_class::Malformed => "malformed",
            wz_error_class::Invalid => "invalid",
            wz_error_class::Unsupported => "unsupported",
            wz_error_class::Usage => "usage",
            wz_error_class::Internal => "internal",
        }
    }

    /// The rows of the first Markdown table after `heading` whose first cell is a number, as
    /// their cells with backticks removed.
    fn table_rows(markdown: &str, heading: &str) -> Vec<Vec<String>> {
        let start = markdown
            .find(heading)
            .unwrap_or_else(|| panic!("no {heading:?}"));
        markdown[start..]
            .lines()
            .skip(1)
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                l.trim_matches('|')
                    .split('|')
                    .map(|c| c.trim().trim_matches('`').to_owned())
                    .collect::<Vec<_>>()
            })
            .filter(|cells| cells[0].parse::<u32>().is_ok())
            .collect()
    }

    #[test]
    fn every_core_code_has_the_status_with_its_number_name_and_class() {
        for &code in ErrorCode::ALL {
            let status = wz_status::from_code(code);
            assert_eq!(status as u32, u32::from(code.number()), "{code}");
            assert_eq!(status.name().to_str().unwrap(), code.as_str());
            assert_eq!(status.class(), core_class(code.class()), "{code}");
        }
    }

    #[test]
    fn core_errors_become_their_status_and_message() {
        let f = Failure::from(wz_core::Error::Malformed("presentation"));
        assert_eq!(f.status, wz_status::WZ_MALFORMED);
        assert_eq!(f.message, "malformed input: presentation");
        assert_eq!(
            Failure::from(wz_core::Error::Superseded).status,
            wz_status::WZ_SUPERSEDED
        );
    }

    #[test]
    fn statuses_below_1000_are_exactly_the_core_codes() {
        for &status in wz_status::ALL {
            let n = status as u32;
            if status == wz_status::WZ_OK || n >= 1000 {
                continue;
            }
            let code = ErrorCode::ALL
                .iter()
                .find(|c| u32::from(c.number()) == n)
                .unwrap_or_else(|| panic!("{status:?} has no core code"));
            assert_eq!(wz_status::from_code(*code), status);
        }
        let below = wz_status::ALL
            .iter()
            .filter(|s| (1..1000).contains(&(**s as u32)))
            .count();
        assert_eq!(below, ErrorCode::ALL.len());
    }

    #[test]
    fn all_is_ordered_and_names_are_unique() {
        for pair in wz_status::ALL.windows(2) {
            assert!((pair[0] as u32) < (pair[1] as u32), "{pair:?}");
            assert_ne!(pair[0].name(), pair[1].name());
        }
        for &s in wz_status::ALL {
            assert_eq!(wz_status::from_number(s as u32), Some(s));
        }
        assert_eq!(wz_status::from_number(6), None);
    }

    /// The header is generated from the enum itself, so this also proves that `ALL` lists every
    /// variant.
    #[test]
    fn the_header_lists_every_status_with_its_number() {
        let header = repo_file("include/wangzheng.h");
        let start = header.find("enum wz_status\n").expect("enum wz_status");
        let end = start + header[start..].find("};").expect("end of enum");
        let in_header: Vec<(String, u32)> = header[start..end]
            .lines()
            .filter_map(|l| {
                let (name, value) = l.trim().trim_end_matches(',').split_once(" = ")?;
                Some((name.to_owned(), value.parse().ok()?))
            })
            .collect();
        let expected: Vec<(String, u32)> = wz_status::ALL
            .iter()
            .map(|s| {
                let name = s.name().to_str().unwrap().to_uppercase();
                (format!("WZ_{name}"), *s as u32)
            })
            .collect();
        assert_eq!(in_header, expected);
    }

    #[test]
    fn format_md_lists_exactly_the_core_codes() {
        let rows = table_rows(&repo_file("docs/FORMAT.md"), "## Error codes");
        let documented: Vec<(u32, String, String)> = rows
            .iter()
            .map(|r| (r[0].parse().unwrap(), r[1].clone(), r[2].clone()))
            .collect();
        let expected: Vec<(u32, String, String)> = ErrorCode::ALL
            .iter()
            .map(|c| {
                let class = class_name(core_class(c.class()));
                (
                    u32::from(c.number()),
                    c.as_str().to_owned(),
                    class.to_owned(),
                )
            })
            .collect();
        assert_eq!(documented, expected);
    }

    #[test]
    fn c_api_md_lists_exactly_the_statuses() {
        let rows = table_rows(&repo_file("docs/c-api.md"), "## Status codes");
        let documented: Vec<(u32, String, String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r[0].parse().unwrap(),
                    r[1].clone(),
                    r[2].clone(),
                    r[3].clone(),
                )
            })
            .collect();
        let expected: Vec<(u32, String, String, String)> = wz_status::ALL
            .iter()
            .map(|s| {
                let name = s.name().to_str().unwrap();
                (
                    *s as u32,
                    format!("WZ_{}", name.to_uppercase()),
                    name.to_owned(),
                    class_name(s.class()).to_owned(),
                )
            })
            .collect();
        assert_eq!(documented, expected);
    }

    #[test]
    fn status_functions_answer_for_any_number() {
        for &s in wz_status::ALL {
            let name = unsafe { CStr::from_ptr(wz_status_name(s as u32)) };
            assert_eq!(name, s.name());
            assert_eq!(wz_status_class(s as u32), s.class());
        }
        for n in [6, 999, 1006, u32::MAX] {
            let name = unsafe { CStr::from_ptr(wz_status_name(n)) };
            assert_eq!(name, c"unknown");
            assert_eq!(wz_status_class(n), wz_error_class::Usage);
        }
    }

    #[test]
    fn the_boundary_turns_panics_and_failures_into_statuses() {
        let last = || unsafe { CStr::from_ptr(wz_last_error_message()) }.to_owned();
        assert_eq!(guard(|| Ok(())), wz_status::WZ_OK);
        assert_eq!(
            guard(|| Err(Failure::new(wz_status::WZ_NULL_ARGUMENT, "x"))),
            wz_status::WZ_NULL_ARGUMENT
        );
        assert_eq!(last(), c"null argument: x");
        assert_eq!(guard(|| panic!("boom")), wz_status::WZ_PANIC);
        assert!(last().to_str().unwrap().contains("panicked"));
        assert_eq!(guard_value(5, || panic!("boom")), 5);
        // Another thread's failure leaves this thread's message alone.
        std::thread::spawn(move || {
            assert_eq!(last(), c"");
            guard(|| Err(wz_core::Error::BadSignature.into()));
            assert_eq!(last(), c"bad signature");
        })
        .join()
        .unwrap();
        assert!(last().to_str().unwrap().contains("panicked"));
    }
}
