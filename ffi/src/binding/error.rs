//! The one error type of the bindings, `WangzhengError`, and its mapping from the core error.

use wz_core::{Error, ErrorCode};

/// Why a wangzheng call failed: one variant per core error code (docs/FORMAT.md, "Errors").
///
/// Every variant carries `code`, the stable number shared with the C status and the Rust
/// [`ErrorCode`], and `reason`, a short lowercase text without personal data or secrets.
/// Kotlin raises it as `WangzhengException.<Variant>`, Swift throws `WangzhengError`, Python
/// raises `WangzhengError.<Variant>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error, uniffi::Error)]
#[allow(missing_docs)] // The fields are documented on the enum; each variant names its code.
pub enum WangzhengError {
    /// Code 1: the input is not a well-formed instance of the expected structure.
    #[error("{reason}")]
    Malformed { code: i32, reason: String },
    /// Code 2: well-formed CBOR, but not in deterministic encoding.
    #[error("{reason}")]
    NonCanonical { code: i32, reason: String },
    /// Code 3: a size limit was exceeded.
    #[error("{reason}")]
    TooLarge { code: i32, reason: String },
    /// Code 4: a feature this version does not have.
    #[error("{reason}")]
    Unsupported { code: i32, reason: String },
    /// Code 5: another kind of object than the one expected.
    #[error("{reason}")]
    WrongKind { code: i32, reason: String },
    /// Code 10: a signature does not verify.
    #[error("{reason}")]
    BadSignature { code: i32, reason: String },
    /// Code 11: a public key is not usable (small order, not on the curve).
    #[error("{reason}")]
    WeakKey { code: i32, reason: String },
    /// Code 12: the signer is not a trusted issuer (for this kind, level or date).
    #[error("{reason}")]
    UnknownIssuer { code: i32, reason: String },
    /// Code 13: signed by another device key than the credential's.
    #[error("{reason}")]
    DeviceKeyMismatch { code: i32, reason: String },
    /// Code 20: not valid yet (dated in the future).
    #[error("{reason}")]
    NotYetValid { code: i32, reason: String },
    /// Code 21: the credential has expired.
    #[error("{reason}")]
    Expired { code: i32, reason: String },
    /// Code 22: the presentation is older than the policy allows.
    #[error("{reason}")]
    StalePresentation { code: i32, reason: String },
    /// Code 23: this presentation was already accepted once.
    #[error("{reason}")]
    Replayed { code: i32, reason: String },
    /// Code 30: the credential's level is below the one required.
    #[error("{reason}")]
    LevelTooLow { code: i32, reason: String },
    /// Code 31: a required attribute is not disclosed (or not held).
    #[error("{reason}")]
    MissingAttribute { code: i32, reason: String },
    /// Code 32: a disclosure does not match the credential's digest tree.
    #[error("{reason}")]
    DisclosureMismatch { code: i32, reason: String },
    /// Code 40: bound to another verifier.
    #[error("{reason}")]
    AudienceMismatch { code: i32, reason: String },
    /// Code 41: bound to another nonce.
    #[error("{reason}")]
    NonceMismatch { code: i32, reason: String },
    /// Code 42: answers another request, or not what the request asked.
    #[error("{reason}")]
    RequestMismatch { code: i32, reason: String },
    /// Code 50: the credential is revoked.
    #[error("{reason}")]
    Revoked { code: i32, reason: String },
    /// Code 51: the credential is suspended (frozen).
    #[error("{reason}")]
    Suspended { code: i32, reason: String },
    /// Code 52: a newer credential replaced this one (another phone).
    #[error("{reason}")]
    Superseded { code: i32, reason: String },
    /// Code 53: no fresh status for the credential, and the policy refuses that.
    #[error("{reason}")]
    StatusUnavailable { code: i32, reason: String },
    /// Code 60: the trust list is past its next update.
    #[error("{reason}")]
    TrustListStale { code: i32, reason: String },
    /// Code 70: the credential password is wrong.
    #[error("{reason}")]
    PasswordWrong { code: i32, reason: String },
    /// Code 71: the credential password is locked after too many failures.
    #[error("{reason}")]
    PasswordLocked { code: i32, reason: String },
    /// Code 72: the live face does not match.
    #[error("{reason}")]
    FaceMismatch { code: i32, reason: String },
    /// Code 73: a receipt does not answer the request.
    #[error("{reason}")]
    ReceiptMismatch { code: i32, reason: String },
    /// Code 74: the service does not know the credential.
    #[error("{reason}")]
    UnknownCredential { code: i32, reason: String },
    /// Code 80: a wallet store is damaged, altered or sealed with another key.
    #[error("{reason}")]
    CorruptStore { code: i32, reason: String },
    /// Code 90: the caller passed an unusable argument (wrong length, unknown name, ...).
    #[error("{reason}")]
    InvalidArgument { code: i32, reason: String },
    /// Code 91: the device signer (the platform keystore) failed or refused.
    #[error("{reason}")]
    SignerFailed { code: i32, reason: String },
}

impl WangzhengError {
    /// The error of core code `code` with `reason`.
    ///
    /// The one place where core codes become binding variants: an exhaustive `match` with no
    /// wildcard arm, so a new core code does not compile until it is given a variant here.
    pub fn from_code(code: ErrorCode, reason: String) -> WangzhengError {
        let c = i32::from(code.number());
        match code {
            ErrorCode::Malformed => WangzhengError::Malformed { code: c, reason },
            ErrorCode::NonCanonical => WangzhengError::NonCanonical { code: c, reason },
            ErrorCode::TooLarge => WangzhengError::TooLarge { code: c, reason },
            ErrorCode::Unsupported => WangzhengError::Unsupported { code: c, reason },
            ErrorCode::WrongKind => WangzhengError::WrongKind { code: c, reason },
            ErrorCode::BadSignature => WangzhengError::BadSignature { code: c, reason },
            ErrorCode::WeakKey => WangzhengError::WeakKey { code: c, reason },
            ErrorCode::UnknownIssuer => WangzhengError::UnknownIssuer { code: c, reason },
            ErrorCode::DeviceKeyMismatch => WangzhengError::DeviceKeyMismatch { code: c, reason },
            ErrorCode::NotYetValid => WangzhengError::NotYetValid { code: c, reason },
            ErrorCode::Expired => WangzhengError::Expired { code: c, reason },
            ErrorCode::StalePresentation => WangzhengError::StalePresentation { code: c, reason },
            ErrorCode::Replayed => WangzhengError::Replayed { code: c, reason },
            ErrorCode::LevelTooLow => WangzhengError::LevelTooLow { code: c, reason },
            ErrorCode::MissingAttribute => WangzhengError::MissingAttribute { code: c, reason },
            ErrorCode::DisclosureMismatch => WangzhengError::DisclosureMismatch { code: c, reason },
            ErrorCode::AudienceMismatch => WangzhengError::AudienceMismatch { code: c, reason },
            ErrorCode::NonceMismatch => WangzhengError::NonceMismatch { code: c, reason },
            ErrorCode::RequestMismatch => WangzhengError::RequestMismatch { code: c, reason },
            ErrorCode::Revoked => WangzhengError::Revoked { code: c, reason },
            ErrorCode::Suspended => WangzhengError::Suspended { code: c, reason },
            ErrorCode::Superseded => WangzhengError::Superseded { code: c, reason },
            ErrorCode::StatusUnavailable => WangzhengError::StatusUnavailable { code: c, reason },
            ErrorCode::TrustListStale => WangzhengError::TrustListStale { code: c, reason },
            ErrorCode::PasswordWrong => WangzhengError::PasswordWrong { code: c, reason },
            ErrorCode::PasswordLocked => WangzhengError::PasswordLocked { code: c, reason },
            ErrorCode::FaceMismatch => WangzhengError::FaceMismatch { code: c, reason },
            ErrorCode::ReceiptMismatch => WangzhengError::ReceiptMismatch { code: c, reason },
            ErrorCode::UnknownCredential => WangzhengError::UnknownCredential { code: c, reason },
            ErrorCode::CorruptStore => WangzhengError::CorruptStore { code: c, reason },
            ErrorCode::InvalidArgument => WangzhengError::InvalidArgument { code: c, reason },
            ErrorCode::SignerFailed => WangzhengError::SignerFailed { code: c, reason },
        }
    }

    /// The stable number of the error (the `code` field of every variant).
    pub fn code(&self) -> i32 {
        match self {
            WangzhengError::Malformed { code, .. }
            | WangzhengError::NonCanonical { code, .. }
            | WangzhengError::TooLarge { code, .. }
            | WangzhengError::Unsupported { code, .. }
            | WangzhengError::WrongKind { code, .. }
            | WangzhengError::BadSignature { code, .. }
            | WangzhengError::WeakKey { code, .. }
            | WangzhengError::UnknownIssuer { code, .. }
            | WangzhengError::DeviceKeyMismatch { code, .. }
            | WangzhengError::NotYetValid { code, .. }
            | WangzhengError::Expired { code, .. }
            | WangzhengError::StalePresentation { code, .. }
            | WangzhengError::Replayed { code, .. }
            | WangzhengError::LevelTooLow { code, .. }
            | WangzhengError::MissingAttribute { code, .. }
            | WangzhengError::DisclosureMismatch { code, .. }
            | WangzhengError::AudienceMismatch { code, .. }
            | WangzhengError::NonceMismatch { code, .. }
            | WangzhengError::RequestMismatch { code, .. }
            | WangzhengError::Revoked { code, .. }
            | WangzhengError::Suspended { code, .. }
            | WangzhengError::Superseded { code, .. }
            | WangzhengError::StatusUnavailable { code, .. }
            | WangzhengError::TrustListStale { code, .. }
            | WangzhengError::PasswordWrong { code, .. }
            | WangzhengError::PasswordLocked { code, .. }
            | WangzhengError::FaceMismatch { code, .. }
            | WangzhengError::ReceiptMismatch { code, .. }
            | WangzhengError::UnknownCredential { code, .. }
            | WangzhengError::CorruptStore { code, .. }
            | WangzhengError::InvalidArgument { code, .. }
            | WangzhengError::SignerFailed { code, .. } => *code,
        }
    }

    /// An [`WangzhengError::InvalidArgument`] naming the argument.
    pub(crate) fn invalid(what: &str) -> WangzhengError {
        WangzhengError::from_code(
            ErrorCode::InvalidArgument,
            format!("invalid argument: {what}"),
        )
    }
}

impl From<Error> for WangzhengError {
    /// The core error's code, with its message (lowercase, no personal data: core rule).
    fn from(e: Error) -> WangzhengError {
        WangzhengError::from_code(e.code(), e.to_string())
    }
}

impl From<uniffi::UnexpectedUniFFICallbackError> for WangzhengError {
    /// A foreign `DeviceSigner` that threw something other than a `WangzhengError`. Its text
    /// is not kept: it comes from app code and may hold anything.
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> WangzhengError {
        WangzhengError::from_code(ErrorCode::SignerFailed, "device signer failed".into())
    }
}

/// The result type of the bindings.
pub type Result<T> = std::result::Result<T, WangzhengError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_code_maps_to_a_variant_with_its_number() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            let e = WangzhengError::from_code(code, "x".into());
            assert_eq!(e.code(), i32::from(code.number()), "{code:?}");
            // One variant per code: the discriminant differs for every code.
            assert!(
                seen.insert(std::mem::discriminant(&e)),
                "{code:?} shares a variant"
            );
        }
        assert_eq!(seen.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn variant_names_are_the_code_names() {
        // Kotlin `WangzhengException.DeviceKeyMismatch`, Swift `.DeviceKeyMismatch` and Python
        // `WangzhengError.DeviceKeyMismatch` all come from the variant name: it must be the
        // code's snake_case name (docs/FORMAT.md, the C `WZ_` constants) in CamelCase.
        for &code in ErrorCode::ALL {
            let e = WangzhengError::from_code(code, String::new());
            let debug = format!("{e:?}");
            let variant = debug.split(' ').next().unwrap_or_default();
            let snake: String = variant
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let lower = c.to_ascii_lowercase();
                    if c.is_ascii_uppercase() && i > 0 {
                        vec!['_', lower]
                    } else {
                        vec![lower]
                    }
                })
                .collect();
            assert_eq!(snake, code.as_str());
        }
    }

    #[test]
    fn core_errors_keep_their_code_and_message() {
        let e = WangzhengError::from(Error::Malformed("presentation"));
        assert_eq!(e.code(), 1);
        assert_eq!(e.to_string(), "malformed input: presentation");
        let e = WangzhengError::from(uniffi::UnexpectedUniFFICallbackError::new("secret 123"));
        assert_eq!(e.code(), 91);
        assert!(!e.to_string().contains("secret"));
    }
}
