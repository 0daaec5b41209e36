//! Trust lists: the authority root's signed list of issuer keys and what each may sign.
//!
//! ```cddl
//! trust-list = COSE_Sign1_Tagged       ; content type 65005, kid = root key id
//! trust-list-payload = {
//!     1 => uint,                       ; sequence number, increases with every new list
//!     2 => uint,                       ; issued-at
//!     3 => uint,                       ; next-update, > issued-at
//!     4 => [+ trusted-issuer],         ; ≤ 256, strictly ascending by key id, unique keys
//! }
//! trusted-issuer = [
//!     key:         cose-okp-key,
//!     valid-from:  uint,               ; the key may sign objects issued at or after this time
//!     valid-until: uint,               ; ... and before this time
//!     levels:      [* level],          ; strictly ascending: credential levels it may issue;
//!                                      ; non-empty exactly when kinds includes credentials
//!     kinds:       [+ content-type],   ; strictly ascending: object kinds it may sign
//! ]
//! ```
//!
//! A terminal pins only the root public key. Issuer keys rotate by publishing a new list; a
//! list past its next-update is stale ([`crate::Error::TrustListStale`] unless the policy
//! accepts that), and a list with a lower sequence number than the loaded one is refused, so a
//! terminal cannot be rolled back to a list that still trusts a withdrawn key.

use crate::cbor::{Decoder, Encoder};
use crate::cose::{self, ObjectKind, Sign1};
use crate::credential::{Level, decode_okp_key, encode_okp_key};
use crate::crypto::{DeviceSigner, KeyId, PublicKey};
use crate::error::{Error, Result};
use crate::limits;
use alloc::vec::Vec;

/// One trusted issuer key and its permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedIssuer {
    /// The issuer's public key.
    pub key: PublicKey,
    /// Start of the key's signing window (inclusive).
    pub valid_from: u64,
    /// End of the key's signing window (exclusive).
    pub valid_until: u64,
    /// The credential levels it may issue.
    pub levels: Vec<Level>,
    /// The object kinds it may sign.
    pub kinds: Vec<ObjectKind>,
}

impl TrustedIssuer {
    /// Whether this key may sign an object of `kind` dated `at`, and, for a credential, of
    /// `level`.
    pub fn permits(&self, kind: ObjectKind, at: u64, level: Option<Level>) -> bool {
        self.kinds.contains(&kind)
            && self.valid_from <= at
            && at < self.valid_until
            && level.is_none_or(|l| self.levels.contains(&l))
    }
}

/// A decoded trust list whose root signature has been verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustList {
    /// The sequence number.
    pub sequence: u64,
    /// When it was issued.
    pub issued_at: u64,
    /// When the next list is due; after that this one is stale.
    pub next_update: u64,
    /// The trusted issuer keys, ascending by key id.
    pub issuers: Vec<TrustedIssuer>,
}

impl TrustList {
    /// Decodes a trust list and verifies it with the pinned root key.
    ///
    /// # Errors
    ///
    /// Structural errors; [`Error::UnknownIssuer`] when it is not signed by `root` (by kid);
    /// [`Error::BadSignature`]; [`Error::WeakKey`] for an unusable issuer key.
    pub fn decode(bytes: &[u8], root: &PublicKey) -> Result<TrustList> {
        let sign1 = Sign1::decode(bytes, ObjectKind::TrustList)?;
        if sign1.kid != root.key_id() {
            return Err(Error::UnknownIssuer);
        }
        sign1.verify(root)?;
        let mut d = Decoder::new(sign1.payload, "trust list");
        let mut m = d.map()?;
        m.expect(&mut d, 1)?;
        let sequence = d.uint()?;
        m.expect(&mut d, 2)?;
        let issued_at = d.uint()?;
        m.expect(&mut d, 3)?;
        let next_update = d.uint()?;
        m.expect(&mut d, 4)?;
        let n = d.array()?;
        if n == 0 {
            return Err(Error::Malformed("trust list without issuers"));
        }
        if n > limits::MAX_TRUSTED_ISSUERS {
            return Err(Error::TooLarge("trust list entries"));
        }
        let mut issuers: Vec<TrustedIssuer> = Vec::with_capacity(n);
        for _ in 0..n {
            let entry = decode_entry(&mut d)?;
            if issuers
                .last()
                .is_some_and(|prev| prev.key.key_id() >= entry.key.key_id())
            {
                return Err(Error::Malformed("trust list order"));
            }
            issuers.push(entry);
        }
        m.end(&d)?;
        d.finish()?;
        if next_update <= issued_at {
            return Err(Error::Malformed("trust list update times"));
        }
        Ok(TrustList {
            sequence,
            issued_at,
            next_update,
            issuers,
        })
    }

    /// The entry for key identifier `kid`.
    pub fn issuer(&self, kid: KeyId) -> Option<&TrustedIssuer> {
        self.issuers.iter().find(|i| i.key.key_id() == kid)
    }

    /// Whether the list is fresh at `now`.
    pub fn is_fresh(&self, now: u64) -> bool {
        now <= self.next_update
    }

    /// Signs a trust list with the root key. Entries are sorted by key id; their level and
    /// kind lists are sorted and deduplicated.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for no entries, too many, a repeated key, an entry with no
    /// kind, an empty window, levels on a key that issues no credentials or none on one that
    /// does, or `next_update <= issued_at`; signer errors.
    pub fn sign(
        root: &dyn DeviceSigner,
        sequence: u64,
        issued_at: u64,
        next_update: u64,
        issuers: &[TrustedIssuer],
    ) -> Result<Vec<u8>> {
        if issuers.is_empty() || issuers.len() > limits::MAX_TRUSTED_ISSUERS {
            return Err(Error::InvalidArgument("trust list entries"));
        }
        if next_update <= issued_at {
            return Err(Error::InvalidArgument("trust list update times"));
        }
        let mut sorted: Vec<&TrustedIssuer> = issuers.iter().collect();
        sorted.sort_by_key(|i| i.key.key_id());
        if sorted
            .windows(2)
            .any(|w| w[0].key.key_id() == w[1].key.key_id())
        {
            return Err(Error::InvalidArgument("repeated issuer key"));
        }
        let mut e = Encoder::with_capacity(64 + 64 * issuers.len());
        e.map(4)
            .uint(1)
            .uint(sequence)
            .uint(2)
            .uint(issued_at)
            .uint(3)
            .uint(next_update)
            .uint(4);
        e.array(sorted.len());
        for i in sorted {
            let mut levels: Vec<u8> = i.levels.iter().map(|l| l.code()).collect();
            levels.sort_unstable();
            levels.dedup();
            let mut kinds: Vec<u16> = i.kinds.iter().map(|k| k.content_type()).collect();
            kinds.sort_unstable();
            kinds.dedup();
            let issues_credentials = kinds.contains(&ObjectKind::Credential.content_type());
            if levels.is_empty() == issues_credentials
                || kinds.is_empty()
                || i.valid_from >= i.valid_until
            {
                return Err(Error::InvalidArgument("trust list entry"));
            }
            e.array(5);
            encode_okp_key(&mut e, i.key.as_bytes());
            e.uint(i.valid_from).uint(i.valid_until);
            e.array(levels.len());
            for l in levels {
                e.uint(l.into());
            }
            e.array(kinds.len());
            for k in kinds {
                e.uint(k.into());
            }
        }
        cose::sign(ObjectKind::TrustList, &e.into_bytes(), root)
    }
}

fn decode_entry(d: &mut Decoder<'_>) -> Result<TrustedIssuer> {
    d.context("trusted issuer").array_of(5)?;
    let key = PublicKey::from_bytes(&decode_okp_key(d)?)?;
    let valid_from = d.uint()?;
    let valid_until = d.uint()?;
    if valid_from >= valid_until {
        return Err(Error::Malformed("trusted issuer window"));
    }
    let n = d.array()?;
    if n > 2 {
        return Err(Error::Malformed("trusted issuer levels"));
    }
    let mut levels = Vec::with_capacity(n);
    for _ in 0..n {
        let l = Level::from_code(d.uint()?)?;
        if levels.last().is_some_and(|p| *p >= l) {
            return Err(Error::Malformed("trusted issuer levels"));
        }
        levels.push(l);
    }
    let n = d.array()?;
    if n == 0 || n > ObjectKind::ALL.len() {
        return Err(Error::Malformed("trusted issuer kinds"));
    }
    let mut kinds: Vec<ObjectKind> = Vec::with_capacity(n);
    for _ in 0..n {
        let ct = d.uint()?;
        let k = ObjectKind::from_content_type(ct).ok_or(Error::Unsupported("content type"))?;
        if kinds
            .last()
            .is_some_and(|p| u64::from(p.content_type()) >= ct)
        {
            return Err(Error::Malformed("trusted issuer kinds"));
        }
        kinds.push(k);
    }
    // Levels say which credentials a key may issue: required exactly for credential signers.
    if levels.is_empty() == kinds.contains(&ObjectKind::Credential) {
        return Err(Error::Malformed("trusted issuer levels"));
    }
    Ok(TrustedIssuer {
        key,
        valid_from,
        valid_until,
        levels,
        kinds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SigningKey;

    fn entry(seed: u8) -> TrustedIssuer {
        TrustedIssuer {
            key: PublicKey::from_bytes(&SigningKey::from_seed(&[seed; 32]).public_key_bytes())
                .unwrap(),
            valid_from: 100,
            valid_until: 1000,
            levels: alloc::vec![Level::Upgraded, Level::Light],
            kinds: alloc::vec![ObjectKind::StatusList, ObjectKind::Credential],
        }
    }

    #[test]
    fn signed_list_round_trips_and_checks_permissions() {
        let root = SigningKey::from_seed(&[1; 32]);
        let root_pub = PublicKey::from_bytes(&root.public_key_bytes()).unwrap();
        let bytes = TrustList::sign(&root, 3, 10, 20, &[entry(5), entry(6)]).unwrap();
        let list = TrustList::decode(&bytes, &root_pub).unwrap();
        assert_eq!(
            (
                list.sequence,
                list.issued_at,
                list.next_update,
                list.issuers.len()
            ),
            (3, 10, 20, 2)
        );
        let e = list.issuer(entry(5).key.key_id()).unwrap();
        assert_eq!(e.levels, [Level::Light, Level::Upgraded]);
        assert!(e.permits(ObjectKind::Credential, 100, Some(Level::Upgraded)));
        assert!(!e.permits(ObjectKind::Credential, 1000, Some(Level::Light)));
        assert!(!e.permits(ObjectKind::Credential, 99, None));
        assert!(!e.permits(ObjectKind::Presentation, 500, None));

        let other =
            PublicKey::from_bytes(&SigningKey::from_seed(&[2; 32]).public_key_bytes()).unwrap();
        assert_eq!(TrustList::decode(&bytes, &other), Err(Error::UnknownIssuer));
        assert!(TrustList::sign(&root, 3, 10, 20, &[entry(5), entry(5)]).is_err());
        assert!(TrustList::sign(&root, 3, 20, 20, &[entry(5)]).is_err());
    }
}
