//! Errors: one enum for every reason the library refuses something, each with a stable code.
//!
//! Terminals act differently on each class of refusal (a malformed scan is retried, an expired
//! credential is sent home, an unsupported algorithm means "update the terminal"), so the classes
//! stay distinct: see [`ErrorClass`]. Every variant has a stable snake_case code
//! ([`Error::code`]) and a stable number ([`ErrorCode`]) that the C and binding surfaces reuse.
//!
//! Messages are lowercase, never carry personal data or secrets, and `Debug` shows no more than
//! `Display`: the only payloads are static strings naming a *field* of the format.

/// Why an operation was refused.
///
/// `Error` is `Copy` and allocation-free, so the verification hot path can return it without
/// touching the heap. The `&'static str` carried by some variants names the structure or field
/// that failed (for example `"presentation.disclosures"`), never a value taken from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not a well-formed instance of the expected structure.
    #[error("malformed input: {0}")]
    Malformed(&'static str),
    /// The input is well-formed CBOR but not in deterministic (canonical) encoding.
    #[error("non-canonical encoding: {0}")]
    NonCanonical(&'static str),
    /// The input exceeds a size or count limit from [`crate::limits`].
    #[error("input too large: {0}")]
    TooLarge(&'static str),
    /// The input uses a feature this version does not implement (an algorithm, a critical header).
    #[error("unsupported: {0}")]
    Unsupported(&'static str),
    /// The input is a valid object of another kind (for example a credential given where a
    /// presentation was expected).
    #[error("wrong object kind: expected {expected}")]
    WrongKind {
        /// The kind the caller asked for.
        expected: crate::cose::ObjectKind,
    },
    /// A signature does not verify under the key it must verify under.
    #[error("bad signature")]
    BadSignature,
    /// A public key is not a valid Ed25519 point, or is of small order.
    #[error("weak or invalid public key")]
    WeakKey,
    /// The credential's issuer key is not one the verifier trusts.
    #[error("unknown issuer")]
    UnknownIssuer,
    /// The presentation was signed by a device key other than the one the credential names.
    #[error("device key mismatch")]
    DeviceKeyMismatch,
    /// A credential or presentation is dated in the future beyond the allowed clock skew.
    #[error("not yet valid")]
    NotYetValid,
    /// The credential's validity period has ended.
    #[error("credential expired")]
    Expired,
    /// The presentation is older than the verifier accepts.
    #[error("stale presentation")]
    StalePresentation,
    /// The credential's level (light or upgraded) is below what the policy requires.
    #[error("credential level too low")]
    LevelTooLow,
    /// An attribute the policy requires was not disclosed.
    #[error("required attribute not disclosed")]
    MissingAttribute,
    /// A disclosure does not match the digests the credential commits to, is duplicated, or is
    /// out of order.
    #[error("disclosure does not match the credential")]
    DisclosureMismatch,
    /// The presentation answers a request made by another verifier, or was made for a verifier
    /// when none was expected.
    #[error("audience mismatch")]
    AudienceMismatch,
    /// The presentation does not carry the nonce of the request it must answer.
    #[error("nonce mismatch")]
    NonceMismatch,
    /// The presentation names the right audience and nonce but was made for a different request.
    #[error("request mismatch")]
    RequestMismatch,
    /// A presentation was already seen by this verifier within its validity window.
    #[error("presentation replayed")]
    Replayed,
    /// The credential has been cancelled (revoked), for example after a lost-card report.
    #[error("credential revoked")]
    Revoked,
    /// The credential is frozen (suspended) for now.
    #[error("credential suspended")]
    Suspended,
    /// A newer generation of the credential replaced this one (for example on a new phone).
    #[error("credential superseded")]
    Superseded,
    /// No fresh status is known for the credential and the policy requires one.
    #[error("credential status unavailable")]
    StatusUnavailable,
    /// The trust list is past its next-update time (or older than the one already loaded) and
    /// the policy does not accept that.
    #[error("trust list stale")]
    TrustListStale,
    /// The credential password did not match (online verification).
    #[error("credential password wrong")]
    PasswordWrong,
    /// Too many wrong passwords: the password factor is locked (online verification).
    #[error("credential password locked")]
    PasswordLocked,
    /// The live face did not match the holder's portrait, or the image does not match its
    /// evidence (online verification).
    #[error("face mismatch")]
    FaceMismatch,
    /// A receipt does not answer the verification request it is checked against.
    #[error("receipt does not match the request")]
    ReceiptMismatch,
    /// The verification service has no record of the credential's holder.
    #[error("unknown credential")]
    UnknownCredential,
    /// A stored wallet is truncated, altered, or sealed with another key.
    #[error("wallet store corrupt")]
    CorruptStore,
    /// The caller passed an argument the library cannot use (an invalid attribute value at
    /// issuance, an attribute the wallet does not hold, an empty wallet).
    #[error("invalid argument: {0}")]
    InvalidArgument(&'static str),
    /// An externally supplied device signer failed to produce a signature.
    #[error("device signer failed")]
    SignerFailed,
}

/// The class of a refusal, which decides how a terminal reacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorClass {
    /// The bytes are not a valid object at all (bad scan, wrong file, tampering).
    Malformed,
    /// The object is well-formed but not acceptable: signature, time, level, disclosure or
    /// binding failed.
    Invalid,
    /// The object needs a feature this version does not have.
    Unsupported,
    /// The caller misused the API.
    Usage,
}

/// Stable numeric error codes shared by every surface (Rust, C, Kotlin, Swift, Python).
///
/// Numbers never change meaning; retired numbers are never reused. Gaps leave room for the
/// families that later parts of the format add (status, trust list, online verification).
///
/// Deliberately **not** `#[non_exhaustive]` (unlike [`Error`]): every surface (the C status
/// table, the bindings' `WangzhengError`) maps the codes in one exhaustive `match` with no
/// wildcard arm, so adding a code is a breaking change that does not compile until each
/// surface has decided its public meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u16)]
pub enum ErrorCode {
    /// See [`Error::Malformed`].
    Malformed = 1,
    /// See [`Error::NonCanonical`].
    NonCanonical = 2,
    /// See [`Error::TooLarge`].
    TooLarge = 3,
    /// See [`Error::Unsupported`].
    Unsupported = 4,
    /// See [`Error::WrongKind`].
    WrongKind = 5,
    /// See [`Error::BadSignature`].
    BadSignature = 10,
    /// See [`Error::WeakKey`].
    WeakKey = 11,
    /// See [`Error::UnknownIssuer`].
    UnknownIssuer = 12,
    /// See [`Error::DeviceKeyMismatch`].
    DeviceKeyMismatch = 13,
    /// See [`Error::NotYetValid`].
    NotYetValid = 20,
    /// See [`Error::Expired`].
    Expired = 21,
    /// See [`Error::StalePresentation`].
    StalePresentation = 22,
    /// See [`Error::Replayed`].
    Replayed = 23,
    /// See [`Error::LevelTooLow`].
    LevelTooLow = 30,
    /// See [`Error::MissingAttribute`].
    MissingAttribute = 31,
    /// See [`Error::DisclosureMismatch`].
    DisclosureMismatch = 32,
    /// See [`Error::AudienceMismatch`].
    AudienceMismatch = 40,
    /// See [`Error::NonceMismatch`].
    NonceMismatch = 41,
    /// See [`Error::RequestMismatch`].
    RequestMismatch = 42,
    /// See [`Error::Revoked`].
    Revoked = 50,
    /// See [`Error::Suspended`].
    Suspended = 51,
    /// See [`Error::Superseded`].
    Superseded = 52,
    /// See [`Error::StatusUnavailable`].
    StatusUnavailable = 53,
    /// See [`Error::TrustListStale`].
    TrustListStale = 60,
    /// See [`Error::PasswordWrong`].
    PasswordWrong = 70,
    /// See [`Error::PasswordLocked`].
    PasswordLocked = 71,
    /// See [`Error::FaceMismatch`].
    FaceMismatch = 72,
    /// See [`Error::ReceiptMismatch`].
    ReceiptMismatch = 73,
    /// See [`Error::UnknownCredential`].
    UnknownCredential = 74,
    /// See [`Error::CorruptStore`].
    CorruptStore = 80,
    /// See [`Error::InvalidArgument`].
    InvalidArgument = 90,
    /// See [`Error::SignerFailed`].
    SignerFailed = 91,
}

impl ErrorCode {
    /// Every code, in numeric order. Surfaces use this to check that their tables are complete.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::Malformed,
        ErrorCode::NonCanonical,
        ErrorCode::TooLarge,
        ErrorCode::Unsupported,
        ErrorCode::WrongKind,
        ErrorCode::BadSignature,
        ErrorCode::WeakKey,
        ErrorCode::UnknownIssuer,
        ErrorCode::DeviceKeyMismatch,
        ErrorCode::NotYetValid,
        ErrorCode::Expired,
        ErrorCode::StalePresentation,
        ErrorCode::Replayed,
        ErrorCode::LevelTooLow,
        ErrorCode::MissingAttribute,
        ErrorCode::DisclosureMismatch,
        ErrorCode::AudienceMismatch,
        ErrorCode::NonceMismatch,
        ErrorCode::RequestMismatch,
        ErrorCode::Revoked,
        ErrorCode::Suspended,
        ErrorCode::Superseded,
        ErrorCode::StatusUnavailable,
        ErrorCode::TrustListStale,
        ErrorCode::PasswordWrong,
        ErrorCode::PasswordLocked,
        ErrorCode::FaceMismatch,
        ErrorCode::ReceiptMismatch,
        ErrorCode::UnknownCredential,
        ErrorCode::CorruptStore,
        ErrorCode::InvalidArgument,
        ErrorCode::SignerFailed,
    ];

    /// The stable snake_case name of the code (used in vectors, JSON output and logs).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Malformed => "malformed",
            ErrorCode::NonCanonical => "non_canonical",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Unsupported => "unsupported",
            ErrorCode::WrongKind => "wrong_kind",
            ErrorCode::BadSignature => "bad_signature",
            ErrorCode::WeakKey => "weak_key",
            ErrorCode::UnknownIssuer => "unknown_issuer",
            ErrorCode::DeviceKeyMismatch => "device_key_mismatch",
            ErrorCode::NotYetValid => "not_yet_valid",
            ErrorCode::Expired => "expired",
            ErrorCode::StalePresentation => "stale_presentation",
            ErrorCode::Replayed => "replayed",
            ErrorCode::LevelTooLow => "level_too_low",
            ErrorCode::MissingAttribute => "missing_attribute",
            ErrorCode::DisclosureMismatch => "disclosure_mismatch",
            ErrorCode::AudienceMismatch => "audience_mismatch",
            ErrorCode::NonceMismatch => "nonce_mismatch",
            ErrorCode::RequestMismatch => "request_mismatch",
            ErrorCode::Revoked => "revoked",
            ErrorCode::Suspended => "suspended",
            ErrorCode::Superseded => "superseded",
            ErrorCode::StatusUnavailable => "status_unavailable",
            ErrorCode::TrustListStale => "trust_list_stale",
            ErrorCode::PasswordWrong => "password_wrong",
            ErrorCode::PasswordLocked => "password_locked",
            ErrorCode::FaceMismatch => "face_mismatch",
            ErrorCode::ReceiptMismatch => "receipt_mismatch",
            ErrorCode::UnknownCredential => "unknown_credential",
            ErrorCode::CorruptStore => "corrupt_store",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::SignerFailed => "signer_failed",
        }
    }

    /// The stable number of the code.
    pub const fn number(self) -> u16 {
        self as u16
    }

    /// Looks a code up by its number.
    pub fn from_number(number: u16) -> Option<ErrorCode> {
        Self::ALL.iter().copied().find(|c| c.number() == number)
    }

    /// Looks a code up by its snake_case name.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        Self::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// The class of refusal this code belongs to.
    pub const fn class(self) -> ErrorClass {
        match self {
            ErrorCode::Malformed
            | ErrorCode::NonCanonical
            | ErrorCode::TooLarge
            | ErrorCode::WrongKind
            | ErrorCode::CorruptStore => ErrorClass::Malformed,
            ErrorCode::Unsupported => ErrorClass::Unsupported,
            ErrorCode::BadSignature
            | ErrorCode::WeakKey
            | ErrorCode::UnknownIssuer
            | ErrorCode::DeviceKeyMismatch
            | ErrorCode::NotYetValid
            | ErrorCode::Expired
            | ErrorCode::StalePresentation
            | ErrorCode::LevelTooLow
            | ErrorCode::MissingAttribute
            | ErrorCode::DisclosureMismatch
            | ErrorCode::AudienceMismatch
            | ErrorCode::NonceMismatch
            | ErrorCode::RequestMismatch
            | ErrorCode::Replayed
            | ErrorCode::Revoked
            | ErrorCode::Suspended
            | ErrorCode::Superseded
            | ErrorCode::StatusUnavailable
            | ErrorCode::TrustListStale
            | ErrorCode::PasswordWrong
            | ErrorCode::PasswordLocked
            | ErrorCode::FaceMismatch
            | ErrorCode::ReceiptMismatch
            | ErrorCode::UnknownCredential => ErrorClass::Invalid,
            ErrorCode::InvalidArgument | ErrorCode::SignerFailed => ErrorClass::Usage,
        }
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The stable code of this error.
    pub const fn code(&self) -> ErrorCode {
        match self {
            Error::Malformed(_) => ErrorCode::Malformed,
            Error::NonCanonical(_) => ErrorCode::NonCanonical,
            Error::TooLarge(_) => ErrorCode::TooLarge,
            Error::Unsupported(_) => ErrorCode::Unsupported,
            Error::WrongKind { .. } => ErrorCode::WrongKind,
            Error::BadSignature => ErrorCode::BadSignature,
            Error::WeakKey => ErrorCode::WeakKey,
            Error::UnknownIssuer => ErrorCode::UnknownIssuer,
            Error::DeviceKeyMismatch => ErrorCode::DeviceKeyMismatch,
            Error::NotYetValid => ErrorCode::NotYetValid,
            Error::Expired => ErrorCode::Expired,
            Error::StalePresentation => ErrorCode::StalePresentation,
            Error::LevelTooLow => ErrorCode::LevelTooLow,
            Error::MissingAttribute => ErrorCode::MissingAttribute,
            Error::DisclosureMismatch => ErrorCode::DisclosureMismatch,
            Error::AudienceMismatch => ErrorCode::AudienceMismatch,
            Error::NonceMismatch => ErrorCode::NonceMismatch,
            Error::RequestMismatch => ErrorCode::RequestMismatch,
            Error::Replayed => ErrorCode::Replayed,
            Error::Revoked => ErrorCode::Revoked,
            Error::Suspended => ErrorCode::Suspended,
            Error::Superseded => ErrorCode::Superseded,
            Error::StatusUnavailable => ErrorCode::StatusUnavailable,
            Error::TrustListStale => ErrorCode::TrustListStale,
            Error::PasswordWrong => ErrorCode::PasswordWrong,
            Error::PasswordLocked => ErrorCode::PasswordLocked,
            Error::FaceMismatch => ErrorCode::FaceMismatch,
            Error::ReceiptMismatch => ErrorCode::ReceiptMismatch,
            Error::UnknownCredential => ErrorCode::UnknownCredential,
            Error::CorruptStore => ErrorCode::CorruptStore,
            Error::InvalidArgument(_) => ErrorCode::InvalidArgument,
            Error::SignerFailed => ErrorCode::SignerFailed,
        }
    }

    /// The class of this error; see [`ErrorClass`].
    pub const fn class(&self) -> ErrorClass {
        self.code().class()
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip_by_name() {
        for (i, a) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(ErrorCode::from_name(a.as_str()), Some(*a));
            for b in &ErrorCode::ALL[i + 1..] {
                assert_ne!(a.number(), b.number());
                assert_ne!(a.as_str(), b.as_str());
                assert!(a.number() < b.number(), "ALL must be in numeric order");
            }
        }
    }

    #[test]
    fn messages_are_lowercase_and_name_no_values() {
        let samples = [
            Error::Malformed("credential.claims"),
            Error::BadSignature,
            Error::InvalidArgument("attribute value"),
        ];
        for e in samples {
            let text = alloc::format!("{e}");
            assert_eq!(text, text.to_lowercase());
        }
    }
}
