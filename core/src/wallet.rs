//! The wallet: holds credentials bound to its device key and presents them.

use crate::attributes::AttributeId;
use crate::cose::{self, ObjectKind};
use crate::credential::{Credential, CredentialClaims, Level};
use crate::crypto::{DeviceSigner, KeyId, PublicKey, sha256};
use crate::disclosure::{self, Digest, Disclosure};
use crate::error::{Error, Result};
use crate::issuance::{CredentialPackage, IssuanceRequest};
use crate::limits;
use crate::presentation::{self, Binding};
use crate::request::PresentationRequest;
use alloc::vec::Vec;

/// A credential the wallet holds, with everything needed to present it.
#[derive(Clone)]
pub struct HeldCredential {
    credential: Vec<u8>,
    claims: CredentialClaims,
    issuer_kid: KeyId,
    leaves: Vec<Digest>,
    /// (leaf index, disclosure bytes), in package order.
    disclosures: Vec<(usize, Vec<u8>)>,
}

impl core::fmt::Debug for HeldCredential {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HeldCredential")
            .field("issuer_kid", &self.issuer_kid)
            .field("level", &self.claims.level)
            .field("generation", &self.claims.generation)
            .field("expires_at", &self.claims.expires_at)
            .field("disclosures", &self.disclosures.len())
            .finish_non_exhaustive()
    }
}

impl HeldCredential {
    /// The credential's claims.
    pub fn claims(&self) -> &CredentialClaims {
        &self.claims
    }

    /// The credential's bytes.
    pub fn credential_bytes(&self) -> &[u8] {
        &self.credential
    }

    /// The issuer's key identifier.
    pub fn issuer_kid(&self) -> KeyId {
        self.issuer_kid
    }

    /// The identifiers of the attributes this credential can disclose.
    pub fn attribute_ids(&self) -> impl Iterator<Item = AttributeId<'_>> {
        self.disclosures
            .iter()
            .filter_map(|(_, b)| Disclosure::from_bytes(b).ok().map(|d| d.id))
    }

    fn find(&self, id: &AttributeId<'_>) -> Option<(usize, &[u8])> {
        self.disclosures
            .iter()
            .find(|(_, b)| Disclosure::from_bytes(b).is_ok_and(|d| d.id.same(id)))
            .map(|(i, b)| (*i, b.as_slice()))
    }
}

/// A holder's wallet: a device signer and the credentials bound to its key.
///
/// The signer is injected ([`DeviceSigner`]) so that a phone can keep the private key in its
/// keystore; [`crate::SigningKey`] serves simple apps and tests.
pub struct Wallet<S: DeviceSigner> {
    signer: S,
    held: Vec<HeldCredential>,
}

impl<S: DeviceSigner> core::fmt::Debug for Wallet<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Wallet")
            .field("device_kid", &KeyId::of(&self.signer.public_key()))
            .field("held", &self.held)
            .finish()
    }
}

impl<S: DeviceSigner> Wallet<S> {
    /// An empty wallet around a device signer.
    pub fn new(signer: S) -> Self {
        Wallet {
            signer,
            held: Vec::new(),
        }
    }

    /// The device signer.
    pub fn signer(&self) -> &S {
        &self.signer
    }

    /// Builds the issuance request for an issuer's nonce.
    ///
    /// # Errors
    ///
    /// Signer errors.
    pub fn issuance_request(
        &self,
        level: Level,
        nonce: &[u8; limits::NONCE_LEN],
        now: u64,
    ) -> Result<Vec<u8>> {
        IssuanceRequest::create(&self.signer, level, nonce, now)
    }

    /// Checks a credential package from the issuer and stores it, replacing a held credential
    /// with the same identifier.
    ///
    /// # Errors
    ///
    /// Structural errors; [`Error::UnknownIssuer`] when the credential names another key than
    /// `issuer`; [`Error::BadSignature`]; [`Error::DeviceKeyMismatch`] when it is bound to
    /// another device; [`Error::Expired`]; [`Error::DisclosureMismatch`] when the leaves or
    /// disclosures do not match the credential.
    pub fn store(
        &mut self,
        package: &[u8],
        issuer: &PublicKey,
        now: u64,
    ) -> Result<&HeldCredential> {
        let pkg = CredentialPackage::decode(package)?;
        let cred = Credential::decode(pkg.credential)?;
        if cred.issuer_kid() != issuer.key_id() {
            return Err(Error::UnknownIssuer);
        }
        cred.sign1.verify(issuer)?;
        if cred.claims.device_key != self.signer.public_key() {
            return Err(Error::DeviceKeyMismatch);
        }
        if now >= cred.claims.expires_at {
            return Err(Error::Expired);
        }
        if pkg.leaves.len() != 1usize << cred.claims.tree_depth
            || disclosure::root(&pkg.leaves)? != cred.claims.root
        {
            return Err(Error::DisclosureMismatch);
        }
        let mut disclosures: Vec<(usize, Vec<u8>)> = Vec::with_capacity(pkg.disclosures.len());
        for bytes in &pkg.disclosures {
            let d = Disclosure::from_bytes(bytes)?;
            let leaf = d.leaf();
            let index = pkg
                .leaves
                .iter()
                .position(|l| *l == leaf)
                .ok_or(Error::DisclosureMismatch)?;
            let repeated = disclosures.iter().any(|(i, b)| {
                *i == index || Disclosure::from_bytes(b).is_ok_and(|o| o.id.same(&d.id))
            });
            if repeated {
                return Err(Error::Malformed("repeated attribute in credential package"));
            }
            disclosures.push((index, bytes.to_vec()));
        }
        let held = HeldCredential {
            credential: pkg.credential.to_vec(),
            claims: cred.claims.clone(),
            issuer_kid: cred.issuer_kid(),
            leaves: pkg.leaves,
            disclosures,
        };
        self.held.retain(|h| h.claims.id != held.claims.id);
        self.held.push(held);
        self.held.last().ok_or(Error::InvalidArgument("wallet"))
    }

    /// The held credentials.
    pub fn credentials(&self) -> &[HeldCredential] {
        &self.held
    }

    /// Removes the credential with identifier `id`; reports whether one was held.
    pub fn remove(&mut self, id: &[u8; limits::CREDENTIAL_ID_LEN]) -> bool {
        let before = self.held.len();
        self.held.retain(|h| &h.claims.id != id);
        before != self.held.len()
    }

    /// The credential to present: unexpired, at least `min_level`, then the highest level and
    /// newest generation.
    fn select(&self, min_level: Level, now: u64) -> Result<&HeldCredential> {
        let usable = self.held.iter().filter(|h| now < h.claims.expires_at);
        let mut any = false;
        let best = usable
            .inspect(|_| any = true)
            .filter(|h| h.claims.level >= min_level)
            .max_by_key(|h| (h.claims.level, h.claims.generation, h.claims.issued_at));
        match best {
            Some(h) => Ok(h),
            None if any => Err(Error::LevelTooLow),
            None if self.held.is_empty() => {
                Err(Error::InvalidArgument("wallet holds no credential"))
            }
            None => Err(Error::Expired),
        }
    }

    /// Makes a non-interactive presentation (for a QR code) that discloses exactly `disclose`.
    ///
    /// It has no audience or nonce: it is short-lived (the verifier's max age) and verifiers
    /// that keep a replay cache accept it once.
    ///
    /// # Errors
    ///
    /// [`Error::MissingAttribute`] when the credential lacks one of `disclose`;
    /// [`Error::InvalidArgument`] for an empty wallet or a repeated attribute;
    /// [`Error::Expired`]; signer errors.
    pub fn present(&self, disclose: &[AttributeId<'_>], now: u64) -> Result<Vec<u8>> {
        let held = self.select(Level::Light, now)?;
        self.build(held, disclose, None, now)
    }

    /// Answers a presentation request: checks its signature, picks a credential of at least
    /// the requested level, and discloses exactly the requested attributes, bound to the
    /// request's audience, nonce and digest.
    ///
    /// # Errors
    ///
    /// Request decoding errors; [`Error::LevelTooLow`]; [`Error::MissingAttribute`];
    /// [`Error::Expired`]; signer errors.
    pub fn respond(&self, request: &[u8], now: u64) -> Result<Vec<u8>> {
        let req = PresentationRequest::decode(request)?;
        let held = self.select(req.min_level, now)?;
        let requested: Vec<AttributeId<'_>> = req.requested().collect();
        let digest = sha256(&[request]);
        let binding = Binding {
            audience: req.verifier_id,
            nonce: req.nonce,
            request_digest: &digest,
        };
        self.build(held, &requested, Some(binding), now)
    }

    fn build(
        &self,
        held: &HeldCredential,
        disclose: &[AttributeId<'_>],
        binding: Option<Binding<'_>>,
        now: u64,
    ) -> Result<Vec<u8>> {
        let mut chosen: Vec<(u64, Vec<u8>, &[u8])> = Vec::with_capacity(disclose.len());
        for (i, id) in disclose.iter().enumerate() {
            if disclose[..i].iter().any(|o| o.same(id)) {
                return Err(Error::InvalidArgument("repeated attribute"));
            }
            let (index, bytes) = held.find(id).ok_or(Error::MissingAttribute)?;
            chosen.push((index as u64, disclosure::path(&held.leaves, index)?, bytes));
        }
        chosen.sort_by_key(|c| c.0);
        let payload = presentation::encode_payload(&held.credential, &chosen, binding, now);
        cose::sign(ObjectKind::Presentation, &payload, &self.signer)
    }
}
