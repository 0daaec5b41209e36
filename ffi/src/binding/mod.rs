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
//!
//! Records and enums that carry personal data or bytes export Rust's `Debug`, `Eq` and `Hash`
//! (`#[uniffi::export(Debug, Eq, Hash)]`): Kotlin's `toString()`, Python's `repr()` and Swift's
//! `debugDescription` then show the binding's `Debug`, which names attributes but never prints
//! their values, and Kotlin's `equals` compares byte arrays by content, not identity.

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
/// Errors: `Malformed` when the text is not a wangzheng QR text or not valid base45;
/// `Unsupported` for another version of the QR text (`WZ2:`, ...); `TooLarge`.
#[uniffi::export]
pub fn qr_decode(text: String) -> error::Result<Vec<u8>> {
    Ok(wz_core::qr::decode_text(&text)?)
}

#[cfg(test)]
mod tests {
    //! The binding's Rust side, called as the generated code calls it: one flow end to end.
    //! (The binding tests proper run in Kotlin, Swift and Python: scripts/test-*.sh.)

    use super::*;
    use std::sync::Arc;

    const NOW: u64 = 1_767_225_600;

    fn person() -> Person {
        let date = |year, month, day| CalendarDate { year, month, day };
        Person {
            full_name: "张三".into(),
            sex: Sex::Male,
            ethnicity: 1,
            birth_date: date(1990, 3, 7),
            address: "北京市东城区景山前街4号".into(),
            id_number: "110101199003070011".into(),
            issuing_authority: "北京市公安局东城分局".into(),
            card_valid_from: date(2020, 1, 1),
            card_valid_until: Some(date(2040, 1, 1)),
            portrait: None,
            extras: vec![],
        }
    }

    #[test]
    fn issue_present_verify_through_the_binding() -> Result<(), WangzhengError> {
        let issuer = Issuer::from_seed(vec![1; 32])?;
        let wallet = Wallet::new(software_signer_from_seed(vec![2; 32])?)?;
        let nonce = issuer.new_nonce()?;
        let request = wallet.issuance_request(Level::Light, nonce.clone(), NOW)?;
        let options = IssueOptions {
            proven_level: Level::Light,
            generation: 1,
            age_thresholds: vec![18],
            status_list_id: None,
            status_index: 0,
        };
        let issued = issuer.issue(request, nonce, person(), options.clone(), NOW)?;
        wallet.store(issued.package, issuer.public_key(), NOW)?;
        let verifier = Verifier::new(default_policy())?;
        verifier.add_issuer_key(issuer.public_key())?;
        let text = wallet.present_qr(vec!["age_over_18".into()], NOW)?;
        let v = verifier.verify_qr(text.clone(), NOW)?;
        assert_eq!(v.attributes.len(), 1);
        assert_eq!(v.attributes[0].value, AttributeValue::Bool { value: true });
        assert_eq!(verifier.verify_qr(text, NOW).map_err(|e| e.code()), Err(23));
        // A threshold that does not fit the format is an argument error, not a truncation.
        let nonce = issuer.new_nonce()?;
        let request = wallet.issuance_request(Level::Light, nonce.clone(), NOW)?;
        let bad = IssueOptions {
            age_thresholds: vec![256 + 18],
            ..options
        };
        let e = issuer.issue(request, nonce, person(), bad, NOW).map(|_| ());
        assert_eq!(e.map_err(|e| e.code()), Err(90));
        Ok(())
    }

    #[test]
    fn objects_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Wallet>();
        check::<Verifier>();
        check::<Issuer>();
        check::<Arc<dyn DeviceSigner>>();
    }
}
