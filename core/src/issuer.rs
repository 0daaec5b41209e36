//! The issuer: checks issuance requests and issues credentials.

use crate::attributes::PersonRecord;
use crate::cose::{self, ObjectKind};
use crate::credential::{CredentialClaims, Level, StatusRef};
use crate::crypto::{KeyId, PublicKey, SigningKey, random};
use crate::disclosure::{self, Digest, encode_disclosure};
use crate::error::{Error, Result};
use crate::issuance::{CredentialPackage, IssuanceRequest};
use crate::limits;
use crate::status::StatusListBuilder;
use crate::time::{self, Date};
use alloc::vec;
use alloc::vec::Vec;

/// How old an issuance request may be when the issuer sees it (seconds).
pub const ISSUANCE_REQUEST_MAX_AGE: u64 = 300;
/// Default validity of a credential, in calendar months, when the card is valid longer.
pub const DEFAULT_VALIDITY_MONTHS: u32 = 6;

/// The decisions the authority made before issuing, and where the credential's status lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueOptions {
    /// The level that identity proofing established. A request for a higher level is refused.
    pub proven_level: Level,
    /// The generation of this (person, app) credential; newer supersedes older.
    pub generation: u64,
    /// The `age_over_NN` flags to derive from the birth date, as of the issuance day (CST).
    pub age_thresholds: Vec<u8>,
    /// The status-list entry, when the issuer publishes status.
    pub status: Option<StatusRef>,
}

impl Default for IssueOptions {
    fn default() -> Self {
        IssueOptions {
            proven_level: Level::Light,
            generation: 1,
            age_thresholds: vec![16, 18, 60],
            status: None,
        }
    }
}

/// The result of issuance: the package for the wallet and what the issuer should record.
#[derive(Clone)]
pub struct Issued {
    /// The credential's identifier.
    pub credential_id: [u8; limits::CREDENTIAL_ID_LEN],
    /// When the credential expires.
    pub expires_at: u64,
    /// The credential bytes (also inside the package).
    pub credential: Vec<u8>,
    /// The encoded [`CredentialPackage`] to hand to the wallet.
    pub package: Vec<u8>,
}

impl core::fmt::Debug for Issued {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Issued")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// An issuer: a signing key and the rules for issuing with it.
#[derive(Debug, Clone)]
pub struct Issuer {
    key: SigningKey,
    public: PublicKey,
}

impl Issuer {
    /// An issuer signing with `key`.
    ///
    /// # Errors
    ///
    /// [`Error::WeakKey`] if the key's public half is unusable (cannot happen for keys made by
    /// [`SigningKey`], checked anyway).
    pub fn new(key: SigningKey) -> Result<Issuer> {
        let public = PublicKey::from_bytes(&key.public_key_bytes())?;
        Ok(Issuer { key, public })
    }

    /// An issuer whose key derives from a 32-byte seed.
    ///
    /// # Errors
    ///
    /// As [`Issuer::new`].
    pub fn from_seed(seed: &[u8; 32]) -> Result<Issuer> {
        Issuer::new(SigningKey::from_seed(seed))
    }

    /// The issuer's public key, which verifiers pin or find in the trust list.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The issuer's key identifier.
    pub fn key_id(&self) -> KeyId {
        self.public.key_id()
    }

    /// A fresh nonce for a wallet to sign into its issuance request.
    pub fn new_nonce<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> [u8; limits::NONCE_LEN] {
        random(rng)
    }

    /// Decodes an issuance request and checks its proof of possession, nonce and age.
    ///
    /// # Errors
    ///
    /// Structural and signature errors from [`IssuanceRequest::decode`];
    /// [`Error::NonceMismatch`] when it does not carry `expected_nonce`;
    /// [`Error::StalePresentation`] when older than [`ISSUANCE_REQUEST_MAX_AGE`];
    /// [`Error::NotYetValid`] when dated in the future.
    pub fn check_request(
        &self,
        bytes: &[u8],
        expected_nonce: &[u8; limits::NONCE_LEN],
        now: u64,
    ) -> Result<IssuanceRequest> {
        let request = IssuanceRequest::decode(bytes)?;
        if &request.nonce != expected_nonce {
            return Err(Error::NonceMismatch);
        }
        if request.created_at > now.saturating_add(ISSUANCE_REQUEST_MAX_AGE) {
            return Err(Error::NotYetValid);
        }
        if now.saturating_sub(request.created_at) > ISSUANCE_REQUEST_MAX_AGE {
            return Err(Error::StalePresentation);
        }
        Ok(request)
    }

    /// Issues a credential for `person`, bound to the request's device key.
    ///
    /// Every attribute of the record, the `age_over_NN` flags and the extras get a salted
    /// disclosure at a random leaf of the digest tree; the remaining leaves are random decoys.
    /// The credential expires at the earlier of the card's end (end of its last day, CST) and
    /// `now` + 6 months.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the record fails [`PersonRecord::validate`], has too
    /// many attributes, or the card has expired; [`Error::LevelTooLow`] when the request asks
    /// for a level above `options.proven_level`.
    pub fn issue<R: rand_core::CryptoRng + ?Sized>(
        &self,
        request: &IssuanceRequest,
        person: &PersonRecord,
        options: &IssueOptions,
        rng: &mut R,
        now: u64,
    ) -> Result<Issued> {
        person.validate()?;
        if request.level > options.proven_level {
            return Err(Error::LevelTooLow);
        }
        for &t in &options.age_thresholds {
            if t == 0 || t > limits::MAX_AGE_THRESHOLD {
                return Err(Error::InvalidArgument("age threshold"));
            }
        }
        let today = Date::at_cst(now)?;
        let attributes = person.attributes(&options.age_thresholds, today);
        let mut depth = limits::MIN_TREE_DEPTH;
        while (1usize << depth) < attributes.len() {
            depth += 1;
        }
        if depth > limits::MAX_TREE_DEPTH {
            return Err(Error::InvalidArgument("too many attributes"));
        }
        let width = 1usize << depth;

        let mut expires_at = time::add_months(now, DEFAULT_VALIDITY_MONTHS)?;
        if let Some(until) = person.card_validity.until {
            expires_at = expires_at.min(until.end_cst());
        }
        if expires_at <= now {
            return Err(Error::InvalidArgument("card expired"));
        }

        let positions = shuffled(width, rng);
        let mut leaves: Vec<Digest> = (0..width).map(|_| random(rng)).collect();
        let mut disclosures = Vec::with_capacity(attributes.len());
        for (k, (id, value)) in attributes.iter().enumerate() {
            let salt: [u8; limits::SALT_LEN] = random(rng);
            let bytes = encode_disclosure(&salt, id, value);
            leaves[positions[k]] = disclosure::leaf_hash(&bytes);
            disclosures.push(bytes);
        }
        let claims = CredentialClaims {
            expires_at,
            issued_at: now,
            id: random(rng),
            device_key: *request.device_key.as_bytes(),
            level: request.level,
            generation: options.generation,
            tree_depth: depth,
            root: disclosure::root(&leaves)?,
            status: options.status,
        };
        let credential = cose::sign(ObjectKind::Credential, &claims.encode(), &self.key)?;
        let package = CredentialPackage {
            credential: &credential,
            leaves,
            disclosures: disclosures.iter().map(Vec::as_slice).collect(),
        }
        .encode();
        Ok(Issued {
            credential_id: claims.id,
            expires_at,
            credential,
            package,
        })
    }
}

impl Issuer {
    /// Signs a status list with the issuer key (see [`crate::Registry`], which keeps one).
    ///
    /// # Errors
    ///
    /// As [`StatusListBuilder::sign`].
    pub fn sign_status_list(
        &self,
        list: &StatusListBuilder,
        issued_at: u64,
        next_update: u64,
    ) -> Result<Vec<u8>> {
        list.sign(&self.key, issued_at, next_update)
    }
}

/// A uniformly random permutation of `0..n` (Fisher–Yates with rejection sampling).
fn shuffled<R: rand_core::CryptoRng + ?Sized>(n: usize, rng: &mut R) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let bound = (i + 1) as u32;
        let zone = u32::MAX - u32::MAX % bound;
        let j = loop {
            let x = rng.next_u32();
            if x < zone {
                break (x % bound) as usize;
            }
        };
        p.swap(i, j);
    }
    p
}
