//! The issuer and the trust-list root, for back ends and tests.

use super::error::{Result, WangzhengError};
use super::signer::{DeviceSigner, PlatformSigner};
use super::types::{CalendarDate, ExtraAttributeValue, Level, Sex, array, os_rng, public_key};
use std::sync::Arc;
use wz_core::attributes::CardValidity;
use wz_core::{
    CredentialStatus, IssueOptions as CoreIssueOptions, ObjectKind, PersonRecord,
    StatusListBuilder, StatusRef, TrustList, TrustedIssuer,
};
use zeroize::Zeroizing;

/// The person a credential is issued for, as on the resident ID card.
#[derive(Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Debug, Eq, Hash)]
pub struct Person {
    /// Full name (姓名).
    pub full_name: String,
    /// Sex (性别).
    pub sex: Sex,
    /// Ethnicity (民族), GB 3304 code (1 = 汉).
    pub ethnicity: u8,
    /// Birth date (出生).
    pub birth_date: CalendarDate,
    /// Address (住址).
    pub address: String,
    /// Citizen ID number (公民身份号码): 18 characters with its check character.
    pub id_number: String,
    /// Issuing authority (签发机关).
    pub issuing_authority: String,
    /// First day of the card's validity.
    pub card_valid_from: CalendarDate,
    /// Last day of the card's validity; none for a long-term card (长期).
    pub card_valid_until: Option<CalendarDate>,
    /// Portrait (JPEG), if the credential should carry one.
    #[uniffi(default = None)]
    pub portrait: Option<Vec<u8>>,
    /// Extra attributes: `namespace/name` and value.
    #[uniffi(default = [])]
    pub extras: Vec<ExtraAttribute>,
}

impl core::fmt::Debug for Person {
    /// Personal data never reaches logs through `Debug`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Person(..)")
    }
}

/// A namespaced extra attribute for the issuer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Debug, Eq, Hash)]
pub struct ExtraAttribute {
    /// `namespace/name`.
    pub name: String,
    /// Its value.
    pub value: ExtraAttributeValue,
}

impl Person {
    fn to_core(&self) -> Result<PersonRecord> {
        Ok(PersonRecord {
            full_name: self.full_name.clone(),
            sex: self.sex.into(),
            ethnicity: self.ethnicity,
            birth_date: self.birth_date.to_core()?,
            address: self.address.clone(),
            id_number: self.id_number.clone(),
            issuing_authority: self.issuing_authority.clone(),
            card_validity: CardValidity {
                from: self.card_valid_from.to_core()?,
                until: self
                    .card_valid_until
                    .map(CalendarDate::to_core)
                    .transpose()?,
            },
            portrait: self.portrait.clone(),
            extras: self
                .extras
                .iter()
                .map(|e| (e.name.clone(), e.value.clone().into()))
                .collect(),
        })
    }
}

/// How to issue one credential.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct IssueOptions {
    /// The level identity proofing established; a request for more is refused.
    pub proven_level: Level,
    /// The generation of this (person, app) credential; a newer one supersedes it.
    #[uniffi(default = 1)]
    pub generation: u64,
    /// The `age_over_NN` flags to derive from the birth date on the day of issuance (each
    /// 1–150; a list of numbers, not bytes, in every language).
    pub age_thresholds: Vec<u32>,
    /// The status list the credential is published under, with `status_index`.
    #[uniffi(default = None)]
    pub status_list_id: Option<u32>,
    /// The credential's index in that list.
    #[uniffi(default = 0)]
    pub status_index: u32,
}

/// The result of issuance.
#[derive(Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Debug, Eq, Hash)]
pub struct IssuedCredential {
    /// The credential's identifier (16 bytes).
    pub credential_id: Vec<u8>,
    /// When it expires (Unix seconds).
    pub expires_at: u64,
    /// The package to hand to the wallet (`Wallet.store`).
    pub package: Vec<u8>,
}

impl core::fmt::Debug for IssuedCredential {
    /// The package holds the person's attributes (encoded, in clear): its length only.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IssuedCredential")
            .field("expires_at", &self.expires_at)
            .field("package_len", &self.package.len())
            .finish_non_exhaustive()
    }
}

/// A credential's entry in a status list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum CredentialState {
    /// Valid.
    Good,
    /// Cancelled (注销); final.
    Revoked,
    /// Frozen (冻结); may return to good.
    Suspended,
    /// Replaced by a newer generation; final.
    Superseded,
}

/// One non-good entry of a status list to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Record)]
pub struct StatusEntry {
    /// The credential's index.
    pub index: u32,
    /// Its state.
    pub state: CredentialState,
}

/// An issuer: signs credentials and status lists with a key held in the library.
#[derive(Debug, uniffi::Object)]
pub struct Issuer {
    inner: wz_core::Issuer,
}

#[uniffi::export]
impl Issuer {
    /// The issuer of a 32-byte seed (an RFC 8032 private key). Zeroize your copy.
    ///
    /// Errors: `InvalidArgument` when the seed is not 32 bytes; `WeakKey`.
    #[uniffi::constructor]
    pub fn from_seed(seed: Vec<u8>) -> Result<Arc<Issuer>> {
        let seed = Zeroizing::new(array::<32>(&seed, "seed")?);
        Ok(Arc::new(Issuer {
            inner: wz_core::Issuer::from_seed(&seed)?,
        }))
    }

    /// The issuer's public key (32 bytes), which wallets and verifiers pin or find in the
    /// trust list.
    pub fn public_key(&self) -> Vec<u8> {
        self.inner.public_key().as_bytes().to_vec()
    }

    /// A fresh 16-byte nonce for a wallet's issuance request.
    ///
    /// Errors: `InvalidArgument` when the operating system gives no randomness.
    pub fn new_nonce(&self) -> Result<Vec<u8>> {
        Ok(wz_core::Issuer::new_nonce(&mut os_rng()?).to_vec())
    }

    /// Checks a wallet's issuance request (its proof of possession over `nonce`, its age)
    /// and issues a credential for `person`, bound to the wallet's device key.
    ///
    /// Errors: the request's decoding and signature errors; `NonceMismatch`;
    /// `StalePresentation`; `NotYetValid`; `InvalidArgument` for a record that fails
    /// validation, a bad age threshold or an expired card; `LevelTooLow` when the request
    /// asks for more than `options.provenLevel`.
    pub fn issue(
        &self,
        request: Vec<u8>,
        nonce: Vec<u8>,
        person: Person,
        options: IssueOptions,
        now: u64,
    ) -> Result<IssuedCredential> {
        let nonce = array::<16>(&nonce, "nonce")?;
        let request = self.inner.check_request(&request, &nonce, now)?;
        let core_options = CoreIssueOptions {
            proven_level: options.proven_level.into(),
            generation: options.generation,
            age_thresholds: options
                .age_thresholds
                .iter()
                .map(|&t| u8::try_from(t).map_err(|_| WangzhengError::invalid("age threshold")))
                .collect::<Result<Vec<u8>>>()?,
            status: options.status_list_id.map(|list| StatusRef {
                list,
                index: options.status_index,
            }),
        };
        let issued = self.inner.issue(
            &request,
            &person.to_core()?,
            &core_options,
            &mut os_rng()?,
            now,
        )?;
        Ok(IssuedCredential {
            credential_id: issued.credential_id.to_vec(),
            expires_at: issued.expires_at,
            package: issued.package,
        })
    }

    /// Signs status list `list_id` of `count` entries, all good but `entries`, fresh from
    /// `issued_at` to `next_update` (at most 7 days).
    ///
    /// Errors: `InvalidArgument` for a count of zero or too large, an index out of range, or
    /// bad update times; `TooLarge`.
    pub fn sign_status_list(
        &self,
        list_id: u32,
        count: u32,
        entries: Vec<StatusEntry>,
        issued_at: u64,
        next_update: u64,
    ) -> Result<Vec<u8>> {
        if count == 0 {
            // A list of no entries describes no credential: certainly a caller's mistake.
            return Err(WangzhengError::invalid(
                "status list count must be positive",
            ));
        }
        let mut list = StatusListBuilder::new(list_id, count)?;
        for e in entries {
            let status = match e.state {
                CredentialState::Good => CredentialStatus::Good,
                CredentialState::Revoked => CredentialStatus::Revoked,
                CredentialState::Suspended => CredentialStatus::Suspended,
                CredentialState::Superseded => CredentialStatus::Superseded,
            };
            list.set(e.index, status)?;
        }
        Ok(self.inner.sign_status_list(&list, issued_at, next_update)?)
    }
}

/// What a trusted key may sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TrustedKind {
    /// Credentials.
    Credential,
    /// Status lists.
    StatusList,
    /// Online verification receipts.
    Receipt,
}

/// One entry of a trust list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Debug, Eq, Hash)]
pub struct TrustedIssuerEntry {
    /// The key (32 bytes).
    pub public_key: Vec<u8>,
    /// Start of its signing window (inclusive, Unix seconds).
    pub valid_from: u64,
    /// End of its signing window (exclusive).
    pub valid_until: u64,
    /// The credential levels it may issue (empty for a key that issues none).
    pub levels: Vec<Level>,
    /// What it may sign.
    pub kinds: Vec<TrustedKind>,
}

/// Signs a trust list with the root key `root` (the authority's; a software signer in tests).
///
/// Errors: `InvalidArgument` for no entries, too many, a repeated key, an entry with no kind,
/// an empty window, levels on a key that issues no credentials or none on one that does, or
/// `next_update <= issued_at`; `WeakKey`; `SignerFailed`.
#[uniffi::export]
pub fn sign_trust_list(
    root: Arc<dyn DeviceSigner>,
    sequence: u64,
    issued_at: u64,
    next_update: u64,
    issuers: Vec<TrustedIssuerEntry>,
) -> Result<Vec<u8>> {
    let issuers = issuers
        .iter()
        .map(|e| {
            Ok(TrustedIssuer {
                key: public_key(&e.public_key, "trusted key")?,
                valid_from: e.valid_from,
                valid_until: e.valid_until,
                levels: e.levels.iter().map(|&l| l.into()).collect(),
                kinds: e
                    .kinds
                    .iter()
                    .map(|k| match k {
                        TrustedKind::Credential => ObjectKind::Credential,
                        TrustedKind::StatusList => ObjectKind::StatusList,
                        TrustedKind::Receipt => ObjectKind::Receipt,
                    })
                    .collect(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let root = PlatformSigner::new(root)?;
    Ok(TrustList::sign(
        &root,
        sequence,
        issued_at,
        next_update,
        &issuers,
    )?)
}
