//! The credential: issuer-signed claims about one person, bound to one device.
//!
//! ```cddl
//! credential = COSE_Sign1_Tagged       ; content type 65001, kid = issuer key id
//! credential-claims = {
//!     4  => uint,                      ; exp: expires-at, Unix seconds
//!     6  => uint,                      ; iat: issued-at, Unix seconds
//!     7  => bstr .size 16,             ; cti: credential id
//!     8  => { 1 => cose-okp-key },     ; cnf: the device key (RFC 8747)
//!     -1 => level,                     ; 1 light, 2 upgraded
//!     -2 => uint,                      ; generation
//!     -3 => [depth: uint .le 6, root: bstr .size 16],   ; digest tree
//!     ? -4 => [list: uint, index: uint],                ; status reference
//! }
//! cose-okp-key = { 1 => 1, -1 => 6, -2 => bstr .size 32 }  ; kty OKP, crv Ed25519, x
//! ```
//!
//! Keys 4, 6, 7 and 8 keep their CWT (RFC 8392) meaning; the negative keys are this format's.

use crate::cbor::{Decoder, Encoder};
use crate::cose::{ObjectKind, Sign1};
use crate::crypto::{KeyId, PUBLIC_KEY_LEN};
use crate::disclosure::Digest;
use crate::error::{Error, Result};
use crate::limits;
use alloc::vec::Vec;

/// The grade of a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 轻量版: obtained online with a live face scan.
    Light = 1,
    /// 升级版: obtained at a trusted terminal with the physical card and a credential password.
    Upgraded = 2,
}

impl Level {
    /// The wire value.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The level with wire value `v`.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for any other value.
    pub fn from_code(v: u64) -> Result<Level> {
        match v {
            1 => Ok(Level::Light),
            2 => Ok(Level::Upgraded),
            _ => Err(Error::Malformed("level")),
        }
    }

    /// `light` or `upgraded`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Light => "light",
            Level::Upgraded => "upgraded",
        }
    }

    /// Parses `light` or `upgraded`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for anything else.
    pub fn parse(s: &str) -> Result<Level> {
        match s {
            "light" => Ok(Level::Light),
            "upgraded" => Ok(Level::Upgraded),
            _ => Err(Error::InvalidArgument("level")),
        }
    }
}

impl core::fmt::Display for Level {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a credential's status is published: a status list and an index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusRef {
    /// The status list's identifier.
    pub list: u32,
    /// The credential's index in that list.
    pub index: u32,
}

/// The claims of a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialClaims {
    /// Unix time after which the credential is expired.
    pub expires_at: u64,
    /// Unix time of issuance.
    pub issued_at: u64,
    /// The credential's random identifier.
    pub id: [u8; limits::CREDENTIAL_ID_LEN],
    /// The device public key the credential is bound to.
    pub device_key: [u8; PUBLIC_KEY_LEN],
    /// Light or upgraded.
    pub level: Level,
    /// The generation of this (person, app) credential; a newer one supersedes older ones.
    pub generation: u64,
    /// Depth of the digest tree (it has `2^depth` leaves).
    pub tree_depth: u8,
    /// Root of the digest tree.
    pub root: Digest,
    /// Where the status is published, if anywhere.
    pub status: Option<StatusRef>,
}

const KEY_EXP: i64 = 4;
const KEY_IAT: i64 = 6;
const KEY_CTI: i64 = 7;
const KEY_CNF: i64 = 8;
const KEY_LEVEL: i64 = -1;
const KEY_GENERATION: i64 = -2;
const KEY_TREE: i64 = -3;
const KEY_STATUS: i64 = -4;

impl CredentialClaims {
    /// Encodes the claims map.
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::with_capacity(128);
        e.map(7 + usize::from(self.status.is_some()));
        e.int(KEY_EXP).uint(self.expires_at);
        e.int(KEY_IAT).uint(self.issued_at);
        e.int(KEY_CTI).bytes(&self.id);
        e.int(KEY_CNF).map(1).uint(1);
        encode_okp_key(&mut e, &self.device_key);
        e.int(KEY_LEVEL).uint(self.level.code().into());
        e.int(KEY_GENERATION).uint(self.generation);
        e.int(KEY_TREE)
            .array(2)
            .uint(self.tree_depth.into())
            .bytes(&self.root);
        if let Some(s) = self.status {
            e.int(KEY_STATUS)
                .array(2)
                .uint(s.list.into())
                .uint(s.index.into());
        }
        e.into_bytes()
    }

    /// Decodes a claims map strictly.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`], [`Error::NonCanonical`].
    pub fn decode(bytes: &[u8]) -> Result<CredentialClaims> {
        let mut d = Decoder::new(bytes, "credential claims");
        let mut m = d.map()?;
        m.expect(&mut d, KEY_EXP)?;
        let expires_at = d.uint()?;
        m.expect(&mut d, KEY_IAT)?;
        let issued_at = d.uint()?;
        m.expect(&mut d, KEY_CTI)?;
        let id = *d.bytes_exact::<{ limits::CREDENTIAL_ID_LEN }>()?;
        m.expect(&mut d, KEY_CNF)?;
        let mut cnf = d.map()?;
        cnf.expect(&mut d, 1)?;
        let device_key = decode_okp_key(&mut d)?;
        cnf.end(&d)?;
        m.expect(&mut d, KEY_LEVEL)?;
        let level = Level::from_code(d.uint()?)?;
        m.expect(&mut d, KEY_GENERATION)?;
        let generation = d.uint()?;
        m.expect(&mut d, KEY_TREE)?;
        d.array_of(2)?;
        let depth = d.uint()?;
        if depth > u64::from(limits::MAX_TREE_DEPTH) {
            return Err(Error::TooLarge("digest tree depth"));
        }
        let root = *d.bytes_exact::<16>()?;
        let status = if m.optional(&mut d, KEY_STATUS)? {
            d.array_of(2)?;
            Some(StatusRef {
                list: d.u32()?,
                index: d.u32()?,
            })
        } else {
            None
        };
        m.end(&d)?;
        d.finish()?;
        if expires_at <= issued_at {
            return Err(Error::Malformed("credential validity period"));
        }
        Ok(CredentialClaims {
            expires_at,
            issued_at,
            id,
            device_key,
            level,
            generation,
            tree_depth: depth as u8,
            root,
            status,
        })
    }
}

/// Writes a COSE_Key for an Ed25519 public key: `{1: 1, -1: 6, -2: x}`.
pub(crate) fn encode_okp_key(e: &mut Encoder, key: &[u8; PUBLIC_KEY_LEN]) {
    e.map(3).uint(1).uint(1).int(-1).uint(6).int(-2).bytes(key);
}

/// Reads a COSE_Key that must be an Ed25519 public key.
pub(crate) fn decode_okp_key(d: &mut Decoder<'_>) -> Result<[u8; PUBLIC_KEY_LEN]> {
    let mut m = d.map()?;
    m.expect(d, 1)?;
    if d.uint()? != 1 {
        return Err(Error::Unsupported("key type"));
    }
    m.expect(d, -1)?;
    if d.uint()? != 6 {
        return Err(Error::Unsupported("curve"));
    }
    m.expect(d, -2)?;
    let key = *d.bytes_exact::<PUBLIC_KEY_LEN>()?;
    m.end(d)?;
    Ok(key)
}

/// A credential whose structure has been checked; its signature has not been verified yet.
#[derive(Debug, Clone)]
pub struct Credential<'a> {
    /// The credential's exact bytes.
    pub bytes: &'a [u8],
    /// The COSE envelope.
    pub sign1: Sign1<'a>,
    /// The decoded claims.
    pub claims: CredentialClaims,
}

impl<'a> Credential<'a> {
    /// Decodes a credential strictly. This checks structure only: see
    /// [`crate::Verifier`] for verification.
    ///
    /// # Errors
    ///
    /// See [`Sign1::decode`] and [`CredentialClaims::decode`].
    pub fn decode(bytes: &'a [u8]) -> Result<Credential<'a>> {
        let sign1 = Sign1::decode(bytes, ObjectKind::Credential)?;
        let claims = CredentialClaims::decode(sign1.payload)?;
        Ok(Credential {
            bytes,
            sign1,
            claims,
        })
    }

    /// The issuer's key identifier.
    pub fn issuer_kid(&self) -> KeyId {
        self.sign1.kid
    }
}
