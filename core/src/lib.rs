//! # wangzheng (网证)
//!
//! The format and verification engine of an identity credential modelled on China's resident
//! ID card "network copy" (CTID): a credential bound to one phone, issued in a light and an
//! upgraded grade, shown as a short-lived presentation that discloses only what the relying
//! party needs, and checked offline.
//!
//! Every object is deterministic CBOR (RFC 8949 §4.2.1) signed as a tagged COSE_Sign1
//! (RFC 9052) with Ed25519; `docs/FORMAT.md` is the normative description and each module
//! quotes the CDDL of the structure it implements.
//!
//! ## Roles
//!
//! * [`Issuer`] checks an [`IssuanceRequest`] and issues a credential package.
//! * [`Wallet`] stores the package and makes presentations with a [`DeviceSigner`] (the
//!   device key can stay in a platform keystore).
//! * [`Verifier`] checks a presentation against pinned issuer keys and a [`Policy`], and
//!   returns a [`VerifiedPresentation`] or an [`Error`] with a stable [`ErrorCode`].
//!
//! Time (Unix seconds) and randomness (`rand_core::CryptoRng`) are always passed in.
//!
//! ## Example
//!
//! ```
//! use wangzheng::*;
//! # use rand_core::SeedableRng;
//! # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
//! let now = 1_767_225_600; // 2026-01-01T00:00:00Z
//! let issuer = Issuer::from_seed(&[1; 32])?;
//! let mut wallet = Wallet::new(SigningKey::from_seed(&[2; 32]));
//!
//! // Issuance: the wallet proves possession of its device key over the issuer's nonce.
//! let nonce = Issuer::new_nonce(&mut rng);
//! let request = wallet.issuance_request(Level::Light, &nonce, now)?;
//! let checked = issuer.check_request(&request, &nonce, now)?;
//! let person = PersonRecord {
//!     full_name: "张三".into(),
//!     sex: Sex::Male,
//!     ethnicity: 1,
//!     birth_date: Date::new(1990, 3, 7)?,
//!     address: "北京市东城区景山前街4号".into(),
//!     id_number: "110101199003070011".into(),
//!     issuing_authority: "北京市公安局东城分局".into(),
//!     card_validity: CardValidity { from: Date::new(2020, 1, 1)?, until: Some(Date::new(2040, 1, 1)?) },
//!     portrait: None,
//!     extras: vec![],
//! };
//! let issued = issuer.issue(&checked, &person, &IssueOptions::default(), &mut rng, now)?;
//! wallet.store(&issued.package, issuer.public_key(), now)?;
//!
//! // A QR presentation that discloses only age_over_18.
//! let qr = wallet.present(&[AttributeId::AgeOver(18)], now)?;
//! let verifier = Verifier::new(Policy::default()).with_issuer_key(*issuer.public_key());
//! let verified = verifier.verify(&qr, now + 5)?;
//! assert_eq!(verified.get(&AttributeId::AgeOver(18)), Some(AttributeValue::Bool(true)));
//! assert_eq!(verified.get(&AttributeId::FullName), None);
//! # Ok::<(), wangzheng::Error>(())
//! ```

#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod attributes;
pub mod cbor;
pub mod cose;
pub mod credential;
pub mod crypto;
pub mod disclosure;
pub mod error;
pub mod issuance;
pub mod issuer;
pub mod limits;
pub mod online;
pub mod presentation;
pub mod qr;
pub mod receipt;
pub mod registry;
pub mod replay;
pub mod request;
pub mod service;
pub mod status;
pub mod time;
pub mod trust;
pub mod verifier;
pub mod wallet;

pub use attributes::{AttributeId, AttributeValue, CardValidity, ExtraValue, PersonRecord, Sex};
pub use cose::ObjectKind;
pub use credential::{Credential, CredentialClaims, Level, StatusRef};
pub use crypto::{DeviceSigner, KeyId, PublicKey, SigningKey};
pub use error::{Error, ErrorClass, ErrorCode, Result};
pub use issuance::{CredentialPackage, IssuanceRequest};
pub use issuer::{IssueOptions, Issued, Issuer};
pub use online::{
    AuthMode, FaceEvidence, ServiceSealingKey, VerificationParams, VerificationRequest,
};
pub use presentation::{Attribute, Presentation};
pub use receipt::{FactorResult, Receipt};
pub use registry::{Enrollment, PersonKey, Registry};
pub use replay::ReplayCache;
#[cfg(feature = "std")]
pub use replay::SharedReplayCache;
pub use request::{PresentationRequest, RequestParams};
pub use service::{
    Directory, FaceComparison, FaceMatcher, InMemoryPasswordStore, PasswordParams, PasswordRecord,
    PasswordStore, ServiceKeys, VerificationService,
};
pub use status::{CredentialStatus, StatusList, StatusListBuilder};
pub use time::Date;
pub use trust::{TrustList, TrustedIssuer};
pub use verifier::{Policy, StatusCheck, UndeterminedStatus, VerifiedPresentation, Verifier};
pub use wallet::{HeldCredential, StatusChange, StatusOutcome, StorageKey, Wallet};
