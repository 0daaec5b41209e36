//! # The uniffi surface: Kotlin, Swift and Python
//!
//! The same `libwangzheng` as the C ABI, with the `uniffi` feature (on by default; C-only
//! builds turn it off with `--no-default-features`). `uniffi-bindgen` (the workspace binary,
//! `cargo xtask bindings`) reads this module's metadata from the built library and writes
//! `bindings/kotlin`, `bindings/swift` and `bindings/python`.
//!
//! The API is shaped for app developers rather than mirroring the core: objects that own
//! their state and lock it ([`Wallet`], [`Verifier`], [`Issuer`]), records that own copies of
//! what the core lends, attribute names as strings, byte arrays for keys and objects, and one
//! error enum, [`WangzhengError`], whose variants map one-to-one to the core's error codes.
//! Device keys stay in the platform keystore through the foreign trait [`DeviceSigner`].
//!
//! uniffi catches panics at the boundary and raises them as the languages' internal error;
//! nothing here is expected to panic.

mod error;
mod issuer;
mod signer;
mod types;
mod verifier;
mod wallet;

pub use error::WangzhengError;
pub use issuer::{
    CredentialState, ExtraAttribute, IssueOptions, IssuedCredential, Issuer, Person, StatusEntry,
    TrustedIssuerEntry, TrustedKind, sign_trust_list,
};
pub use signer::{DeviceSigner, generate_software_signer, software_signer_from_seed};
pub use types::{Attribute, AttributeValue, CalendarDate, ExtraAttributeValue, Level, Sex};
pub use verifier::{
    BatchVerdict, Factor, Policy, Receipt, RequestParams, StatusCheck, VerifiedPresentation,
    Verifier, default_policy,
};
pub use wallet::{HeldCredential, StatusChange, StatusOutcome, Wallet, generate_storage_key};

/// The library's version, `MAJOR.MINOR.PATCH` (the same as the C `wz_version()`).
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").into()
}

/// The text to put in a QR code for a wangzheng object: `WZ1:` and the object in base45.
#[uniffi::export]
pub fn qr_encode(object: Vec<u8>) -> String {
    wz_core::qr::encode_text(&object)
}

/// The object in a scanned QR code's text.
///
/// Errors: `Malformed` when the text is not `WZ1:` and valid base45; `TooLarge`.
#[uniffi::export]
pub fn qr_decode(text: String) -> error::Result<Vec<u8>> {
    Ok(wz_core::qr::decode_text(&text)?)
}
