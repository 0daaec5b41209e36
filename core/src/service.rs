//! Online verification, service side: the authority's verification service.
//!
//! [`VerificationService::check`] takes a terminal's [`VerificationRequest`] (and the live face
//! image that travels beside it) and answers with a signed [`crate::receipt::Receipt`]:
//!
//! 1. the request: decoded, signed by the terminal's key, at most five minutes old, and carrying
//!    a nonce this service handed out and has not seen used (otherwise an error, no receipt);
//! 2. **identity**: the forwarded presentation verified with the service's own [`Verifier`]
//!    against live status, and its holder found in the [`Directory`];
//! 3. **password** (modes 2, 4): the seal opened, the password checked against the holder's
//!    salted Argon2id record; wrong passwords are counted and, at the limit, the factor locks
//!    (`password_locked`) without looking at further attempts until a correct one is entered
//!    at a counter (the store's business);
//! 4. **face** (modes 3, 4): the image must hash to the evidence in the signed request and be
//!    fresh; the [`FaceMatcher`] decides and scores;
//! 5. the receipt: a result per factor, the level, the face score, the relying-party-scoped
//!    identifier, and any attributes the request asked the service to vouch for.
//!
//! **Relying-party-scoped identifiers.** `rp-id = HMAC-SHA256(secret, "wangzheng rp-id v1" ||
//! len(rp) || rp || person key)[0..16]` where `rp` is the relying party of the verifier id (the
//! part before its first `/`) and `len` one byte. The same person always gets the same
//! identifier at one relying party; without the service's secret, identifiers at two relying
//! parties cannot be linked (HMAC is a pseudorandom function), and they reveal nothing about
//! the ID number. 128 bits keep accidental collisions out of reach for any population.

use crate::credential::{Level, StatusRef};
use crate::crypto::{SigningKey, random, sha256};
use crate::error::{Error, ErrorCode, Result};
use crate::limits;
use crate::online::{self, ServiceSealingKey, VerificationRequest};
use crate::receipt::{FactorResult, ReceiptContent};
use crate::registry::{PersonKey, Registry};
use crate::request::PresentationRequest;
use crate::verifier::Verifier;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use hmac::{KeyInit, Mac};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// How old a verification request may be when the service sees it (seconds).
pub const REQUEST_MAX_AGE: u64 = 300;
/// How long a service nonce stays usable (seconds).
pub const NONCE_LIFETIME: u64 = 300;
/// How old a live face image may be (seconds).
pub const FACE_MAX_AGE: u64 = 300;
/// Most nonces outstanding at once; beyond it the oldest is forgotten (and its request refused).
pub const MAX_OUTSTANDING_NONCES: usize = 100_000;
/// Wrong passwords in a row before the password factor locks, by default.
pub const DEFAULT_MAX_PASSWORD_FAILURES: u32 = 5;

/// Argon2id cost parameters of a password record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordParams {
    /// Memory, KiB.
    pub m_cost_kib: u32,
    /// Passes.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

impl Default for PasswordParams {
    /// OWASP's Argon2id recommendation: 19 MiB, two passes, one lane.
    fn default() -> Self {
        PasswordParams {
            m_cost_kib: 19 * 1024,
            t_cost: 2,
            p_cost: 1,
        }
    }
}

/// A salted Argon2id hash of a credential password. `Debug` hides the salt and hash.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordRecord {
    salt: [u8; 16],
    hash: [u8; 32],
    params: PasswordParams,
}

impl core::fmt::Debug for PasswordRecord {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PasswordRecord")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

fn argon2(params: PasswordParams) -> Result<argon2::Argon2<'static>> {
    let p = argon2::Params::new(params.m_cost_kib, params.t_cost, params.p_cost, Some(32))
        .map_err(|_| Error::InvalidArgument("argon2 parameters"))?;
    Ok(argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        p,
    ))
}

impl PasswordRecord {
    /// Hashes an eight-digit credential password with a fresh salt.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a password that is not eight digits or unusable
    /// parameters.
    pub fn new<R: rand_core::CryptoRng + ?Sized>(
        password: &str,
        params: PasswordParams,
        rng: &mut R,
    ) -> Result<PasswordRecord> {
        let p = password.as_bytes();
        if p.len() != online::PASSWORD_LEN || !p.iter().all(u8::is_ascii_digit) {
            return Err(Error::InvalidArgument("password must be eight digits"));
        }
        let salt: [u8; 16] = random(rng);
        let mut hash = [0u8; 32];
        argon2(params)?
            .hash_password_into(p, &salt, &mut hash)
            .map_err(|_| Error::InvalidArgument("argon2"))?;
        Ok(PasswordRecord { salt, hash, params })
    }

    /// Whether `password` matches, compared in constant time.
    pub fn matches(&self, password: &[u8]) -> bool {
        let mut out = Zeroizing::new([0u8; 32]);
        match argon2(self.params) {
            Ok(a)
                if a.hash_password_into(password, &self.salt, out.as_mut())
                    .is_ok() =>
            {
                out.ct_eq(&self.hash).into()
            }
            _ => false,
        }
    }
}

/// Where the service keeps password records and failure counters.
pub trait PasswordStore {
    /// The holder's password record, if a password was set (upgraded credentials).
    fn record(&self, person: &PersonKey) -> Option<&PasswordRecord>;
    /// Consecutive wrong passwords so far.
    fn failures(&self, person: &PersonKey) -> u32;
    /// Sets the counter (0 after a correct password).
    fn set_failures(&mut self, person: &PersonKey, failures: u32);
}

/// A [`PasswordStore`] in memory, for tests, examples and small deployments.
#[derive(Debug, Clone, Default)]
pub struct InMemoryPasswordStore {
    entries: BTreeMap<PersonKey, (PasswordRecord, u32)>,
}

impl InMemoryPasswordStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets (or replaces) a person's password record and clears the counter.
    pub fn set(&mut self, person: PersonKey, record: PasswordRecord) {
        self.entries.insert(person, (record, 0));
    }
}

impl PasswordStore for InMemoryPasswordStore {
    fn record(&self, person: &PersonKey) -> Option<&PasswordRecord> {
        self.entries.get(person).map(|(r, _)| r)
    }
    fn failures(&self, person: &PersonKey) -> u32 {
        self.entries.get(person).map_or(0, |(_, n)| *n)
    }
    fn set_failures(&mut self, person: &PersonKey, failures: u32) {
        if let Some((_, n)) = self.entries.get_mut(person) {
            *n = failures;
        }
    }
}

/// The outcome of comparing a live face with a holder's portrait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaceComparison {
    /// Similarity, 0–1000.
    pub score: u16,
    /// The matcher's decision.
    pub matched: bool,
}

/// The face matcher: outside this library (camera SDKs, the authority's matcher).
pub trait FaceMatcher {
    /// Compares the live `image` with the portrait on record for `person`.
    fn compare(&self, person: &PersonKey, image: &[u8]) -> FaceComparison;
}

/// Finds a credential's holder from what the credential says.
pub trait Directory {
    /// The holder of the credential with this id and status reference, if known.
    fn person(
        &self,
        credential_id: &[u8; limits::CREDENTIAL_ID_LEN],
        status: Option<StatusRef>,
    ) -> Option<PersonKey>;
}

impl Directory for Registry {
    fn person(
        &self,
        _credential_id: &[u8; limits::CREDENTIAL_ID_LEN],
        status: Option<StatusRef>,
    ) -> Option<PersonKey> {
        let r = status?;
        self.record(r.index)
            .filter(|rec| rec.status == r)
            .map(|rec| rec.person)
    }
}

/// The service's keys. `Debug` hides the secrets.
pub struct ServiceKeys {
    /// Signs receipts; the trust list must allow it to sign receipts.
    pub signing: SigningKey,
    /// Seed of the X25519 key that passwords are sealed to.
    pub sealing_seed: Zeroizing<[u8; 32]>,
    /// Key of the relying-party-scoped identifiers.
    pub rp_secret: Zeroizing<[u8; 32]>,
}

impl ServiceKeys {
    /// The keys from three 32-byte secrets: the receipt-signing key's seed, the sealing key's
    /// seed and the identifier secret. The caller should zeroize its copies.
    pub fn from_seeds(signing: &[u8; 32], sealing: &[u8; 32], rp_secret: &[u8; 32]) -> ServiceKeys {
        ServiceKeys {
            signing: SigningKey::from_seed(signing),
            sealing_seed: Zeroizing::new(*sealing),
            rp_secret: Zeroizing::new(*rp_secret),
        }
    }
}

impl core::fmt::Debug for ServiceKeys {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ServiceKeys")
            .field("signing", &self.signing)
            .finish_non_exhaustive()
    }
}

/// The authority's verification service.
pub struct VerificationService<P: PasswordStore, F: FaceMatcher, D: Directory> {
    verifier: Verifier,
    signing: SigningKey,
    sealing_secret: Zeroizing<[u8; 32]>,
    sealing_public: ServiceSealingKey,
    rp_secret: Zeroizing<[u8; 32]>,
    passwords: P,
    faces: F,
    directory: D,
    max_failures: u32,
    nonces: alloc::collections::VecDeque<([u8; limits::NONCE_LEN], u64)>,
}

impl<P: PasswordStore, F: FaceMatcher, D: Directory> core::fmt::Debug
    for VerificationService<P, F, D>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerificationService")
            .field("signing", &self.signing)
            .field("outstanding_nonces", &self.nonces.len())
            .finish_non_exhaustive()
    }
}

impl<P: PasswordStore, F: FaceMatcher, D: Directory> VerificationService<P, F, D> {
    /// A service that verifies presentations with `verifier` (configured with the trust list
    /// and kept up to date with live status lists).
    pub fn new(
        verifier: Verifier,
        keys: ServiceKeys,
        passwords: P,
        faces: F,
        directory: D,
    ) -> Self {
        let (secret, sealing_public) = online::sealing_keypair(&keys.sealing_seed);
        VerificationService {
            verifier,
            signing: keys.signing,
            sealing_secret: Zeroizing::new(secret),
            sealing_public,
            rp_secret: keys.rp_secret,
            passwords,
            faces,
            directory,
            max_failures: DEFAULT_MAX_PASSWORD_FAILURES,
            nonces: alloc::collections::VecDeque::new(),
        }
    }

    /// Sets how many wrong passwords in a row lock the password factor (at least 1).
    pub fn with_max_password_failures(mut self, n: u32) -> Self {
        self.max_failures = n.max(1);
        self
    }

    /// The key terminals seal passwords to.
    pub fn sealing_key(&self) -> ServiceSealingKey {
        self.sealing_public
    }

    /// The service's verifier, to load new status lists and trust lists.
    pub fn verifier_mut(&mut self) -> &mut Verifier {
        &mut self.verifier
    }

    /// The directory (for a [`Registry`], also the status-list source).
    pub fn directory(&self) -> &D {
        &self.directory
    }

    /// The directory, to record lifecycle events.
    pub fn directory_mut(&mut self) -> &mut D {
        &mut self.directory
    }

    /// The password store.
    pub fn passwords(&self) -> &P {
        &self.passwords
    }

    /// The password store, to set records.
    pub fn passwords_mut(&mut self) -> &mut P {
        &mut self.passwords
    }

    /// Hands out a fresh nonce for one verification request, usable once within
    /// [`NONCE_LIFETIME`].
    pub fn new_nonce<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
        now: u64,
    ) -> [u8; limits::NONCE_LEN] {
        while self.nonces.front().is_some_and(|(_, until)| *until < now)
            || self.nonces.len() >= MAX_OUTSTANDING_NONCES
        {
            self.nonces.pop_front();
        }
        let nonce = random(rng);
        self.nonces
            .push_back((nonce, now.saturating_add(NONCE_LIFETIME)));
        nonce
    }

    /// The holder's identifier at the relying party of `verifier_id`.
    pub fn rp_id(&self, person: &PersonKey, verifier_id: &str) -> [u8; 16] {
        rp_id(&self.rp_secret, person, verifier_id)
    }

    /// Checks a verification request and answers with a signed receipt.
    ///
    /// Factor failures (a revoked credential, a wrong password, a face mismatch) are answers,
    /// not errors: they are reported in the receipt. An error means the request itself could
    /// not be answered.
    ///
    /// # Errors
    ///
    /// Decoding and signature errors of the request; [`Error::StalePresentation`] or
    /// [`Error::NotYetValid`] for a request outside [`REQUEST_MAX_AGE`]; [`Error::NonceMismatch`]
    /// for a nonce this service did not hand out, has expired or was used; signer errors.
    pub fn check(
        &mut self,
        request: &[u8],
        face_image: Option<&[u8]>,
        now: u64,
    ) -> Result<Vec<u8>> {
        let req = VerificationRequest::decode(request)?;
        let skew = self.verifier.policy().clock_skew;
        if req.created_at > now.saturating_add(skew) {
            return Err(Error::NotYetValid);
        }
        if now.saturating_sub(req.created_at) > REQUEST_MAX_AGE {
            return Err(Error::StalePresentation);
        }
        let slot = self
            .nonces
            .iter()
            .position(|(n, until)| n == req.service_nonce && *until >= now)
            .ok_or(Error::NonceMismatch)?;
        self.nonces.remove(slot);

        let mut content = ReceiptContent {
            request_digest: req.digest(),
            verifier_id: req.verifier_id,
            checked_at: now,
            identity: FactorResult::NotPerformed,
            password: FactorResult::NotPerformed,
            face: FactorResult::NotPerformed,
            level: None,
            face_score: None,
            rp_id: None,
            released: Vec::new(),
        };
        match self.identity(&req, now) {
            Err(e) => content.identity = FactorResult::Failed(e.code()),
            Ok((person, level, released)) => {
                content.identity = FactorResult::Ok;
                content.level = Some(level);
                content.rp_id = Some(self.rp_id(&person, req.verifier_id));
                content.released = released;
                if req.mode.password() {
                    content.password = self.password(&req, &person, level);
                }
                if req.mode.face() {
                    let (result, score) = self.face(&req, &person, face_image, now);
                    content.face = result;
                    content.face_score = score;
                }
            }
        }
        content.sign(&self.signing)
    }

    /// The identity factor: the presentation against live status, its holder, and the
    /// attributes to release (raw disclosures borrowed from the request).
    fn identity<'r>(
        &self,
        req: &VerificationRequest<'r>,
        now: u64,
    ) -> Result<(PersonKey, Level, Vec<&'r [u8]>)> {
        let verified = match req.presentation_request {
            Some(pr) => {
                let pr = PresentationRequest::decode(pr)?;
                if pr.verifier_id != req.verifier_id {
                    return Err(Error::AudienceMismatch);
                }
                self.verifier.verify_response(req.presentation, &pr, now)?
            }
            None => self.verifier.verify(req.presentation, now)?,
        };
        let person = self
            .directory
            .person(&verified.credential_id, verified.status)
            .ok_or(Error::UnknownCredential)?;
        let mut released = Vec::new();
        for id in req.release() {
            let raw = verified
                .disclosure_bytes(&id)
                .ok_or(Error::MissingAttribute)?;
            released.push(raw);
        }
        Ok((person, verified.level, released))
    }

    fn password(
        &mut self,
        req: &VerificationRequest<'_>,
        person: &PersonKey,
        level: Level,
    ) -> FactorResult {
        let failures = self.passwords.failures(person);
        if failures >= self.max_failures {
            return FactorResult::Failed(ErrorCode::PasswordLocked);
        }
        let password = match req.open_password(&self.sealing_secret) {
            Ok(Some(p)) => p,
            Ok(None) | Err(_) => return FactorResult::Failed(ErrorCode::Malformed),
        };
        let Some(record) = self.passwords.record(person) else {
            // Passwords are set when an upgraded credential is issued: a light credential's
            // holder has none, so the answer is "upgrade first".
            return FactorResult::Failed(if level == Level::Light {
                ErrorCode::LevelTooLow
            } else {
                ErrorCode::UnknownCredential
            });
        };
        if record.matches(&password) {
            self.passwords.set_failures(person, 0);
            FactorResult::Ok
        } else {
            self.passwords.set_failures(person, failures + 1);
            FactorResult::Failed(ErrorCode::PasswordWrong)
        }
    }

    fn face(
        &self,
        req: &VerificationRequest<'_>,
        person: &PersonKey,
        image: Option<&[u8]>,
        now: u64,
    ) -> (FactorResult, Option<u16>) {
        let skew = self.verifier.policy().clock_skew;
        let (Some(evidence), Some(image)) = (req.face, image) else {
            return (FactorResult::Failed(ErrorCode::FaceMismatch), None);
        };
        let fresh = evidence.captured_at <= now.saturating_add(skew)
            && now.saturating_sub(evidence.captured_at) <= FACE_MAX_AGE;
        if sha256(&[image]) != evidence.image_digest || !fresh {
            return (FactorResult::Failed(ErrorCode::FaceMismatch), None);
        }
        let c = self.faces.compare(person, image);
        let score = Some(c.score.min(1000));
        if c.matched {
            (FactorResult::Ok, score)
        } else {
            (FactorResult::Failed(ErrorCode::FaceMismatch), score)
        }
    }
}

/// See the module documentation.
fn rp_id(secret: &[u8; 32], person: &PersonKey, verifier_id: &str) -> [u8; 16] {
    let rp = online::relying_party(verifier_id).as_bytes();
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable_key_len());
    mac.update(b"wangzheng rp-id v1");
    mac.update(&[rp.len() as u8]);
    mac.update(rp);
    mac.update(person.as_bytes());
    let full = mac.finalize().into_bytes();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// HMAC accepts keys of any length, so this cannot happen.
#[cold]
fn unreachable_key_len() -> hmac::Hmac<sha2::Sha256> {
    <hmac::Hmac<sha2::Sha256> as KeyInit>::new(&Default::default())
}
