//! Status lists: the issuer's signed, compressed record of every credential's lifecycle state.
//!
//! ```cddl
//! status-list = COSE_Sign1_Tagged      ; content type 65006, kid = issuer key id
//! status-list-payload = {
//!     1 => uint,                       ; list id (unique across the authority)
//!     2 => uint,                       ; issued-at
//!     3 => uint,                       ; next-update, > issued-at
//!     4 => uint,                       ; entry count, ≤ 2^26
//!     5 => bstr,                       ; raw DEFLATE (RFC 1951) of the packed entries
//! }
//! ```
//!
//! Each entry is 2 bits: `0` good, `1` revoked, `2` suspended, `3` superseded. Entry `i` sits in
//! byte `i / 4` at bits `2·(i mod 4)` and `2·(i mod 4) + 1` (least significant first). The
//! packed array has exactly `ceil(count / 4)` bytes and its unused high bits are zero.
//!
//! A verifier decodes a list once ([`StatusList::decode`]); a lookup is then one byte read, O(1)
//! and allocation-free.

use crate::cbor::{Decoder, Encoder};
use crate::cose::{self, ObjectKind, Sign1};
use crate::crypto::{DeviceSigner, KeyId};
use crate::error::{Error, Result};
use crate::limits;
use alloc::vec;
use alloc::vec::Vec;

/// The lifecycle state of one credential as a status list records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CredentialStatus {
    /// Valid.
    Good = 0,
    /// Cancelled (注销), for example after a lost-card report; final.
    Revoked = 1,
    /// Frozen (冻结); may return to good.
    Suspended = 2,
    /// Replaced by a newer generation (a new phone, a re-issue with the card); final.
    Superseded = 3,
}

impl CredentialStatus {
    /// The 2-bit wire value.
    pub const fn bits(self) -> u8 {
        self as u8
    }

    /// The state for a 2-bit value.
    pub const fn from_bits(b: u8) -> CredentialStatus {
        match b & 3 {
            0 => CredentialStatus::Good,
            1 => CredentialStatus::Revoked,
            2 => CredentialStatus::Suspended,
            _ => CredentialStatus::Superseded,
        }
    }

    /// The error a verifier reports for this state, or `None` when good.
    pub const fn as_error(self) -> Option<Error> {
        match self {
            CredentialStatus::Good => None,
            CredentialStatus::Revoked => Some(Error::Revoked),
            CredentialStatus::Suspended => Some(Error::Suspended),
            CredentialStatus::Superseded => Some(Error::Superseded),
        }
    }

    /// `good`, `revoked`, `suspended` or `superseded`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CredentialStatus::Good => "good",
            CredentialStatus::Revoked => "revoked",
            CredentialStatus::Suspended => "suspended",
            CredentialStatus::Superseded => "superseded",
        }
    }
}

/// A decoded, signature-checked status list, ready for O(1) lookups.
#[derive(Clone, PartialEq, Eq)]
pub struct StatusList {
    /// The list's identifier.
    pub list_id: u32,
    /// The key identifier of the issuer key that signed it.
    pub signer: KeyId,
    /// When it was issued.
    pub issued_at: u64,
    /// When the issuer promises the next list; after that the list is no longer fresh.
    pub next_update: u64,
    count: u32,
    packed: Vec<u8>,
}

impl core::fmt::Debug for StatusList {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StatusList")
            .field("list_id", &self.list_id)
            .field("issued_at", &self.issued_at)
            .field("next_update", &self.next_update)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

/// The decoded fields of a status list before its signature is checked.
pub(crate) struct UncheckedStatusList<'a> {
    pub(crate) sign1: Sign1<'a>,
    pub(crate) list_id: u32,
    pub(crate) issued_at: u64,
    next_update: u64,
    count: u32,
    compressed: &'a [u8],
}

impl UncheckedStatusList<'_> {
    /// Inflates the entries. Call only after the signature has been checked: inflating costs
    /// memory and time that nobody but a trusted issuer may make a verifier spend.
    pub(crate) fn inflate(self) -> Result<StatusList> {
        let expected = packed_len(self.count);
        let packed = miniz_oxide::inflate::decompress_to_vec_with_limit(self.compressed, expected)
            .map_err(|_| Error::Malformed("status list data"))?;
        if packed.len() != expected {
            return Err(Error::Malformed("status list length"));
        }
        let used_bits = (self.count % 4) * 2;
        if used_bits != 0 && packed.last().is_some_and(|b| b >> used_bits != 0) {
            return Err(Error::Malformed("status list padding"));
        }
        Ok(StatusList {
            list_id: self.list_id,
            signer: self.sign1.kid,
            issued_at: self.issued_at,
            next_update: self.next_update,
            count: self.count,
            packed,
        })
    }
}

impl StatusList {
    /// Decodes a status list's fields without inflating its entries; the caller checks the
    /// signature with the issuer key that `sign1.kid` names, then calls `inflate`.
    pub(crate) fn decode_unchecked(bytes: &[u8]) -> Result<UncheckedStatusList<'_>> {
        let sign1 = Sign1::decode(bytes, ObjectKind::StatusList)?;
        let mut d = Decoder::new(sign1.payload, "status list");
        let mut m = d.map()?;
        m.expect(&mut d, 1)?;
        let list_id = d.u32()?;
        m.expect(&mut d, 2)?;
        let issued_at = d.uint()?;
        m.expect(&mut d, 3)?;
        let next_update = d.uint()?;
        m.expect(&mut d, 4)?;
        let count = d.u32()?;
        m.expect(&mut d, 5)?;
        let compressed = d.bytes()?;
        m.end(&d)?;
        d.finish()?;
        if next_update <= issued_at {
            return Err(Error::Malformed("status list update times"));
        }
        if next_update - issued_at > limits::MAX_STATUS_LIST_VALIDITY {
            return Err(Error::Malformed("status list validity period"));
        }
        if count > limits::MAX_STATUS_ENTRIES {
            return Err(Error::TooLarge("status list entries"));
        }
        Ok(UncheckedStatusList {
            sign1,
            list_id,
            issued_at,
            next_update,
            count,
            compressed,
        })
    }

    /// Decodes a status list and verifies it with the issuer key `issuer` (pinned). Verifiers
    /// configured with a trust list use [`crate::Verifier::decode_status_list`] instead.
    ///
    /// # Errors
    ///
    /// Structural errors; [`Error::UnknownIssuer`] when another key signed it;
    /// [`Error::BadSignature`].
    pub fn decode(bytes: &[u8], issuer: &crate::crypto::PublicKey) -> Result<StatusList> {
        let u = StatusList::decode_unchecked(bytes)?;
        if u.sign1.kid != issuer.key_id() {
            return Err(Error::UnknownIssuer);
        }
        u.sign1.verify(issuer)?;
        u.inflate()
    }

    /// The number of entries.
    pub fn len(&self) -> u32 {
        self.count
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The state at `index`, or `None` past the end. O(1), no allocation.
    #[inline]
    pub fn get(&self, index: u32) -> Option<CredentialStatus> {
        if index >= self.count {
            return None;
        }
        let byte = self.packed[(index / 4) as usize];
        Some(CredentialStatus::from_bits(byte >> ((index % 4) * 2)))
    }

    /// Whether the list is fresh at `now` (not past its next-update).
    pub fn is_fresh(&self, now: u64) -> bool {
        now <= self.next_update
    }
}

fn packed_len(count: u32) -> usize {
    (count as usize).div_ceil(4)
}

/// Builds status lists: set entries, then sign.
#[derive(Clone, PartialEq, Eq)]
pub struct StatusListBuilder {
    list_id: u32,
    count: u32,
    packed: Vec<u8>,
}

impl core::fmt::Debug for StatusListBuilder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StatusListBuilder")
            .field("list_id", &self.list_id)
            .field("count", &self.count)
            .finish()
    }
}

impl StatusListBuilder {
    /// A list of `count` entries, all good.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] above [`limits::MAX_STATUS_ENTRIES`].
    pub fn new(list_id: u32, count: u32) -> Result<StatusListBuilder> {
        if count > limits::MAX_STATUS_ENTRIES {
            return Err(Error::InvalidArgument("status list entries"));
        }
        Ok(StatusListBuilder {
            list_id,
            count,
            packed: vec![0; packed_len(count)],
        })
    }

    /// The list's identifier.
    pub fn list_id(&self) -> u32 {
        self.list_id
    }

    /// The number of entries.
    pub fn len(&self) -> u32 {
        self.count
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Sets entry `index`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] past the end.
    pub fn set(&mut self, index: u32, status: CredentialStatus) -> Result<()> {
        if index >= self.count {
            return Err(Error::InvalidArgument("status index"));
        }
        let shift = (index % 4) * 2;
        let byte = &mut self.packed[(index / 4) as usize];
        *byte = (*byte & !(3 << shift)) | (status.bits() << shift);
        Ok(())
    }

    /// The state of entry `index`.
    pub fn get(&self, index: u32) -> Option<CredentialStatus> {
        (index < self.count).then(|| {
            CredentialStatus::from_bits(self.packed[(index / 4) as usize] >> ((index % 4) * 2))
        })
    }

    /// Compresses and signs the list with an issuer key.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `next_update <= issued_at` or the list would stay fresh
    /// longer than [`limits::MAX_STATUS_LIST_VALIDITY`]; signer errors;
    /// [`Error::TooLarge`] when the compressed list exceeds the status-list object limit.
    pub fn sign(
        &self,
        signer: &dyn DeviceSigner,
        issued_at: u64,
        next_update: u64,
    ) -> Result<Vec<u8>> {
        if next_update <= issued_at || next_update - issued_at > limits::MAX_STATUS_LIST_VALIDITY {
            return Err(Error::InvalidArgument("status list update times"));
        }
        let compressed = miniz_oxide::deflate::compress_to_vec(&self.packed, 9);
        let mut e = Encoder::with_capacity(compressed.len() + 32);
        e.map(5);
        e.uint(1).uint(self.list_id.into());
        e.uint(2).uint(issued_at);
        e.uint(3).uint(next_update);
        e.uint(4).uint(self.count.into());
        e.uint(5).bytes(&compressed);
        cose::sign(ObjectKind::StatusList, &e.into_bytes(), signer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{PublicKey, SigningKey};

    fn decode(bytes: &[u8], key: &SigningKey) -> Result<StatusList> {
        let u = StatusList::decode_unchecked(bytes)?;
        u.sign1
            .verify(&PublicKey::from_bytes(&key.public_key_bytes())?)?;
        u.inflate()
    }

    #[test]
    fn entries_round_trip_through_a_signed_list() {
        let key = SigningKey::from_seed(&[9; 32]);
        let mut b = StatusListBuilder::new(7, 1001).unwrap();
        b.set(0, CredentialStatus::Revoked).unwrap();
        b.set(1, CredentialStatus::Suspended).unwrap();
        b.set(999, CredentialStatus::Superseded).unwrap();
        b.set(1000, CredentialStatus::Revoked).unwrap();
        b.set(1, CredentialStatus::Good).unwrap();
        assert!(b.set(1001, CredentialStatus::Good).is_err());
        let bytes = b.sign(&key, 100, 200).unwrap();
        let list = decode(&bytes, &key).unwrap();
        assert_eq!(
            (list.list_id, list.len(), list.issued_at, list.next_update),
            (7, 1001, 100, 200)
        );
        assert_eq!(list.get(0), Some(CredentialStatus::Revoked));
        assert_eq!(list.get(1), Some(CredentialStatus::Good));
        assert_eq!(list.get(2), Some(CredentialStatus::Good));
        assert_eq!(list.get(999), Some(CredentialStatus::Superseded));
        assert_eq!(list.get(1000), Some(CredentialStatus::Revoked));
        assert_eq!(list.get(1001), None);
        assert!(list.is_fresh(200) && !list.is_fresh(201));
    }

    #[test]
    fn a_list_may_not_stay_fresh_for_more_than_a_week() {
        let key = SigningKey::from_seed(&[9; 32]);
        let b = StatusListBuilder::new(1, 8).unwrap();
        let week = limits::MAX_STATUS_LIST_VALIDITY;
        assert!(b.sign(&key, 100, 100 + week).is_ok());
        assert!(b.sign(&key, 100, 101 + week).is_err());
        let mut e = Encoder::new();
        e.map(5)
            .uint(1)
            .uint(1)
            .uint(2)
            .uint(100)
            .uint(3)
            .uint(101 + week)
            .uint(4)
            .uint(0);
        e.uint(5)
            .bytes(&miniz_oxide::deflate::compress_to_vec(&[], 6));
        let bytes = cose::sign(ObjectKind::StatusList, &e.into_bytes(), &key).unwrap();
        assert_eq!(
            decode(&bytes, &key).unwrap_err(),
            Error::Malformed("status list validity period")
        );
    }

    #[test]
    fn padding_bits_and_lengths_are_checked() {
        let key = SigningKey::from_seed(&[9; 32]);
        let sign = |count: u64, packed: &[u8]| {
            let compressed = miniz_oxide::deflate::compress_to_vec(packed, 6);
            let mut e = Encoder::new();
            e.map(5)
                .uint(1)
                .uint(1)
                .uint(2)
                .uint(1)
                .uint(3)
                .uint(2)
                .uint(4)
                .uint(count)
                .uint(5)
                .bytes(&compressed);
            cose::sign(ObjectKind::StatusList, &e.into_bytes(), &key).unwrap()
        };
        assert!(decode(&sign(5, &[0, 0]), &key).is_ok());
        assert_eq!(
            decode(&sign(5, &[0, 0b100]), &key).unwrap_err(),
            Error::Malformed("status list padding")
        );
        assert!(decode(&sign(5, &[0]), &key).is_err());
        assert!(decode(&sign(5, &[0, 0, 0]), &key).is_err());
        assert_eq!(
            decode(&sign(u64::from(limits::MAX_STATUS_ENTRIES) + 1, &[]), &key).unwrap_err(),
            Error::TooLarge("status list entries")
        );
    }
}
