//! Online verification, terminal side: the verification request a terminal sends to the
//! authority's service, with the holder's factor evidence.
//!
//! ```cddl
//! verification-request = COSE_Sign1_Tagged   ; content type 65007, kid = terminal key id
//! verification-payload = {
//!     1 => bstr .cbor presentation,          ; what the phone showed, byte for byte
//!     2 => tstr,                             ; verifier id ("relying-party/terminal")
//!     3 => bstr .size 16,                    ; the service's nonce
//!     4 => mode,                             ; which factors to check
//!     ? 5 => sealed-password,                ; modes 2 and 4
//!     ? 6 => face-evidence,                  ; modes 3 and 4
//!     7 => uint,                             ; created-at
//!     8 => cose-okp-key,                     ; the terminal's key (signs this request)
//!     ? 9 => bstr .cbor presentation-request,; the request the presentation answers
//!     10 => [* attribute-id],                ; attributes the receipt should vouch for
//! }
//! mode = 1 / 2 / 3 / 4     ; credential; + password; + face; + password + face
//! sealed-password = [enc: bstr .size 32, ciphertext: bstr .size 24]
//! face-evidence = [image-digest: bstr .size 32, captured-at: uint, media-type: tstr]
//! ```
//!
//! **Sealing the password.** The 8-digit credential password is encrypted to the service's
//! X25519 key with HPKE (RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
//! ChaCha20-Poly1305), `info = "wangzheng credential password v1"` and
//! `aad = [nonce, SHA-256(presentation), verifier id]` (deterministic CBOR). The AAD binds the
//! seal to this request: moved into another request (another nonce, presentation or terminal)
//! it no longer opens. The terminal never stores the password; the service never sees it
//! outside the seal.
//!
//! **Face evidence.** The live image travels beside the request, not in it; the request
//! carries its SHA-256 so the signed request commits to the exact image the service matches.

use crate::attributes::AttributeId;
use crate::cbor::{Decoder, Encoder};
use crate::cose::{self, ObjectKind, Sign1};
use crate::credential::{decode_okp_key, encode_okp_key};
use crate::crypto::{DeviceSigner, PublicKey, sha256};
use crate::error::{Error, Result};
use crate::limits;
use alloc::vec::Vec;
use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};

/// HPKE `info` for the sealed password.
pub const PASSWORD_INFO: &[u8] = b"wangzheng credential password v1";
/// Length of a credential password: eight ASCII digits.
pub const PASSWORD_LEN: usize = 8;
/// Length of the sealed password's ciphertext: the password and the 16-byte AEAD tag.
const SEALED_LEN: usize = PASSWORD_LEN + 16;

/// Which factors a verification checks besides the credential itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthMode {
    /// The credential alone.
    Credential = 1,
    /// Credential and password.
    CredentialPassword = 2,
    /// Credential and live face.
    CredentialFace = 3,
    /// Credential, password and live face.
    CredentialPasswordFace = 4,
}

impl AuthMode {
    /// Whether this mode checks the password.
    pub const fn password(self) -> bool {
        matches!(
            self,
            AuthMode::CredentialPassword | AuthMode::CredentialPasswordFace
        )
    }

    /// Whether this mode checks the face.
    pub const fn face(self) -> bool {
        matches!(
            self,
            AuthMode::CredentialFace | AuthMode::CredentialPasswordFace
        )
    }

    /// The wire value (1–4).
    pub const fn code(self) -> u8 {
        self as u8
    }

    fn from_code(v: u64) -> Result<AuthMode> {
        match v {
            1 => Ok(AuthMode::Credential),
            2 => Ok(AuthMode::CredentialPassword),
            3 => Ok(AuthMode::CredentialFace),
            4 => Ok(AuthMode::CredentialPasswordFace),
            _ => Err(Error::Malformed("verification mode")),
        }
    }
}

/// What the terminal says about the live face image it captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaceEvidence<'a> {
    /// SHA-256 of the image bytes.
    pub image_digest: [u8; 32],
    /// When the image was captured.
    pub captured_at: u64,
    /// Its media type, e.g. `image/jpeg`.
    pub media_type: &'a str,
}

impl<'a> FaceEvidence<'a> {
    /// Evidence for `image`, captured at `captured_at`.
    pub fn for_image(image: &[u8], captured_at: u64, media_type: &'a str) -> FaceEvidence<'a> {
        FaceEvidence {
            image_digest: sha256(&[image]),
            captured_at,
            media_type,
        }
    }
}

/// The service's public key for sealing passwords (X25519, 32 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceSealingKey(pub [u8; 32]);

/// The parameters of a verification request. `Debug` shows neither the password nor the
/// presentation's bytes.
#[derive(Clone)]
pub struct VerificationParams<'p> {
    /// The presentation the phone showed.
    pub presentation: &'p [u8],
    /// The presentation request it answers, for an interactive presentation.
    pub presentation_request: Option<&'p [u8]>,
    /// This terminal's verifier id, `relying-party/terminal`.
    pub verifier_id: &'p str,
    /// The nonce the service handed out for this request.
    pub service_nonce: [u8; limits::NONCE_LEN],
    /// Which factors to check.
    pub mode: AuthMode,
    /// The password the holder typed (modes 2 and 4).
    pub password: Option<&'p str>,
    /// The face evidence (modes 3 and 4).
    pub face: Option<FaceEvidence<'p>>,
    /// Attributes the receipt should vouch for (they must be disclosed in the presentation).
    pub release: &'p [AttributeId<'p>],
    /// Current time.
    pub now: u64,
}

/// A decoded verification request whose terminal signature has been verified. `Debug` shows
/// the verifier id, mode, time and sizes, never the forwarded presentation (personal data).
#[derive(Clone)]
pub struct VerificationRequest<'a> {
    /// The request's exact bytes.
    pub bytes: &'a [u8],
    /// The forwarded presentation.
    pub presentation: &'a [u8],
    /// The verifier id.
    pub verifier_id: &'a str,
    /// The service nonce.
    pub service_nonce: &'a [u8; limits::NONCE_LEN],
    /// The mode.
    pub mode: AuthMode,
    sealed_password: Option<(&'a [u8; 32], &'a [u8; SEALED_LEN])>,
    /// The face evidence.
    pub face: Option<FaceEvidence<'a>>,
    /// When the terminal made the request.
    pub created_at: u64,
    /// The terminal's key.
    pub terminal_key: PublicKey,
    /// The presentation request, if the presentation is interactive.
    pub presentation_request: Option<&'a [u8]>,
    release: &'a [u8],
    release_count: usize,
}

impl core::fmt::Debug for VerificationParams<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerificationParams")
            .field("verifier_id", &self.verifier_id)
            .field("mode", &self.mode)
            .field("presentation_len", &self.presentation.len())
            .field("password", &self.password.map(|_| "(hidden)"))
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

impl core::fmt::Debug for VerificationRequest<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerificationRequest")
            .field("verifier_id", &self.verifier_id)
            .field("mode", &self.mode)
            .field("created_at", &self.created_at)
            .field("presentation_len", &self.presentation.len())
            .field("sealed_password", &self.sealed_password.is_some())
            .finish_non_exhaustive()
    }
}

/// The relying party of a verifier id: the part before the first `/`, or all of it.
pub fn relying_party(verifier_id: &str) -> &str {
    verifier_id
        .split_once('/')
        .map_or(verifier_id, |(rp, _)| rp)
}

fn password_aad(nonce: &[u8], presentation: &[u8], verifier_id: &str) -> Vec<u8> {
    let mut e = Encoder::with_capacity(96);
    e.array(3)
        .bytes(nonce)
        .bytes(&sha256(&[presentation]))
        .text(verifier_id);
    e.into_bytes()
}

fn valid_password(p: &[u8]) -> bool {
    p.len() == PASSWORD_LEN && p.iter().all(u8::is_ascii_digit)
}

impl<'a> VerificationRequest<'a> {
    /// Builds and signs a verification request with the terminal's key, sealing the password
    /// to the service's key.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the mode's evidence is missing or extra, the password is
    /// not eight digits, the verifier id is empty or too long, or too many attributes are
    /// released; [`Error::WeakKey`] for an unusable sealing key; signer errors.
    pub fn create<R: rand_core::CryptoRng>(
        params: &VerificationParams<'_>,
        service: &ServiceSealingKey,
        terminal: &dyn DeviceSigner,
        rng: &mut R,
    ) -> Result<Vec<u8>> {
        if params.verifier_id.is_empty() || params.verifier_id.len() > limits::MAX_VERIFIER_ID_LEN {
            return Err(Error::InvalidArgument("verifier id"));
        }
        if params.mode.password() != params.password.is_some()
            || params.mode.face() != params.face.is_some()
        {
            return Err(Error::InvalidArgument(
                "factor evidence does not fit the mode",
            ));
        }
        if params.release.len() > limits::MAX_REQUESTED {
            return Err(Error::InvalidArgument("too many released attributes"));
        }
        if !params.release.iter().all(AttributeId::is_valid) {
            return Err(Error::InvalidArgument("attribute id"));
        }
        let sealed = match params.password {
            Some(pw) => {
                if !valid_password(pw.as_bytes()) {
                    return Err(Error::InvalidArgument("password must be eight digits"));
                }
                let pk = <X25519HkdfSha256 as hpke::Kem>::PublicKey::from_bytes(&service.0)
                    .map_err(|_| Error::WeakKey)?;
                let aad = password_aad(
                    &params.service_nonce,
                    params.presentation,
                    params.verifier_id,
                );
                let (enc, ct) = hpke::single_shot_seal_with_rng::<
                    ChaCha20Poly1305,
                    HkdfSha256,
                    X25519HkdfSha256,
                >(
                    &OpModeS::Base, &pk, PASSWORD_INFO, pw.as_bytes(), &aad, rng
                )
                .map_err(|_| Error::WeakKey)?;
                Some((enc.to_bytes(), ct))
            }
            None => None,
        };
        let n = 7
            + usize::from(sealed.is_some())
            + usize::from(params.face.is_some())
            + usize::from(params.presentation_request.is_some());
        let mut e = Encoder::with_capacity(params.presentation.len() + 256);
        e.map(n);
        e.uint(1).bytes(params.presentation);
        e.uint(2).text(params.verifier_id);
        e.uint(3).bytes(&params.service_nonce);
        e.uint(4).uint(params.mode as u64);
        if let Some((enc, ct)) = &sealed {
            e.uint(5).array(2).bytes(enc).bytes(ct);
        }
        if let Some(f) = &params.face {
            e.uint(6)
                .array(3)
                .bytes(&f.image_digest)
                .uint(f.captured_at)
                .text(f.media_type);
        }
        e.uint(7).uint(params.now);
        e.uint(8);
        encode_okp_key(&mut e, &terminal.public_key());
        if let Some(r) = params.presentation_request {
            e.uint(9).bytes(r);
        }
        e.uint(10).array(params.release.len());
        for a in params.release {
            a.encode(&mut e);
        }
        cose::sign(ObjectKind::VerificationRequest, &e.into_bytes(), terminal)
    }

    /// Decodes a verification request and verifies the terminal's signature (with the key in
    /// the request; whether that terminal is registered is the service's policy).
    ///
    /// # Errors
    ///
    /// Structural errors; [`Error::WeakKey`]; [`Error::DeviceKeyMismatch`] when the kid does not
    /// name the key inside; [`Error::BadSignature`].
    pub fn decode(bytes: &'a [u8]) -> Result<VerificationRequest<'a>> {
        let sign1 = Sign1::decode(bytes, ObjectKind::VerificationRequest)?;
        let mut d = Decoder::new(sign1.payload, "verification request");
        let mut m = d.map()?;
        m.expect(&mut d, 1)?;
        let presentation = d.bytes()?;
        m.expect(&mut d, 2)?;
        let verifier_id = d.text()?;
        if verifier_id.is_empty() || verifier_id.len() > limits::MAX_VERIFIER_ID_LEN {
            return Err(Error::Malformed("verifier id"));
        }
        m.expect(&mut d, 3)?;
        let service_nonce = d.bytes_exact::<{ limits::NONCE_LEN }>()?;
        m.expect(&mut d, 4)?;
        let mode = AuthMode::from_code(d.uint()?)?;
        let sealed_password = if m.optional(&mut d, 5)? {
            d.context("sealed password").array_of(2)?;
            Some((d.bytes_exact::<32>()?, d.bytes_exact::<SEALED_LEN>()?))
        } else {
            None
        };
        let face = if m.optional(&mut d, 6)? {
            d.context("face evidence").array_of(3)?;
            let image_digest = *d.bytes_exact::<32>()?;
            let captured_at = d.uint()?;
            let media_type = d.text()?;
            if media_type.is_empty() || media_type.len() > 64 {
                return Err(Error::Malformed("face evidence media type"));
            }
            Some(FaceEvidence {
                image_digest,
                captured_at,
                media_type,
            })
        } else {
            None
        };
        if mode.password() != sealed_password.is_some() || mode.face() != face.is_some() {
            return Err(Error::Malformed("factor evidence does not fit the mode"));
        }
        m.expect(d.context("verification request"), 7)?;
        let created_at = d.uint()?;
        m.expect(&mut d, 8)?;
        let key = decode_okp_key(&mut d)?;
        let presentation_request = if m.optional(&mut d, 9)? {
            Some(d.bytes()?)
        } else {
            None
        };
        m.expect(&mut d, 10)?;
        let release_count = d.array()?;
        if release_count > limits::MAX_REQUESTED {
            return Err(Error::TooLarge("released attributes"));
        }
        let start = d.position();
        for _ in 0..release_count {
            AttributeId::decode(&mut d)?;
        }
        let release = d.slice_from(start);
        m.end(&d)?;
        d.finish()?;
        let terminal_key = PublicKey::from_bytes(&key)?;
        if terminal_key.key_id() != sign1.kid {
            return Err(Error::DeviceKeyMismatch);
        }
        sign1.verify(&terminal_key)?;
        Ok(VerificationRequest {
            bytes,
            presentation,
            verifier_id,
            service_nonce,
            mode,
            sealed_password,
            face,
            created_at,
            terminal_key,
            presentation_request,
            release,
            release_count,
        })
    }

    /// The attributes the receipt should vouch for.
    pub fn release(&self) -> impl Iterator<Item = AttributeId<'a>> + 'a {
        let mut d = Decoder::new(self.release, "verification request");
        (0..self.release_count).map_while(move |_| AttributeId::decode(&mut d).ok())
    }

    /// SHA-256 of the request's bytes, which the receipt carries.
    pub fn digest(&self) -> [u8; 32] {
        sha256(&[self.bytes])
    }

    /// Opens the sealed password with the service's X25519 secret key. `None` when the request
    /// carries no password.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] when the seal does not open (another key, or moved from another
    /// request) or does not hold eight digits.
    pub(crate) fn open_password(
        &self,
        service_secret: &[u8; 32],
    ) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        let Some((enc, ct)) = self.sealed_password else {
            return Ok(None);
        };
        let bad = Error::Malformed("sealed password");
        let sk = <X25519HkdfSha256 as hpke::Kem>::PrivateKey::from_bytes(service_secret)
            .map_err(|_| bad)?;
        let enc = <X25519HkdfSha256 as hpke::Kem>::EncappedKey::from_bytes(enc).map_err(|_| bad)?;
        let aad = password_aad(self.service_nonce, self.presentation, self.verifier_id);
        let pw = hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, X25519HkdfSha256>(
            &OpModeR::Base,
            &sk,
            &enc,
            PASSWORD_INFO,
            ct,
            &aad,
        )
        .map_err(|_| bad)?;
        let pw = zeroize::Zeroizing::new(pw);
        if !valid_password(&pw) {
            return Err(bad);
        }
        Ok(Some(pw))
    }
}

/// The X25519 key pair a service seals passwords to, derived from a 32-byte seed
/// (RFC 9180 `DeriveKeyPair`).
pub(crate) fn sealing_keypair(seed: &[u8; 32]) -> ([u8; 32], ServiceSealingKey) {
    let (sk, pk) = X25519HkdfSha256::derive_keypair(seed);
    let mut secret = [0u8; 32];
    secret.copy_from_slice(&sk.to_bytes());
    let mut public = [0u8; 32];
    public.copy_from_slice(&pk.to_bytes());
    (secret, ServiceSealingKey(public))
}
