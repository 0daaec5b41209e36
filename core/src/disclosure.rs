//! Disclosures and the salted digest tree that a credential commits to.
//!
//! ```cddl
//! disclosure = [
//!     salt:  bstr .size 16,
//!     id:    attribute-id,
//!     value: any,                 ; typed by id, see attributes
//! ]
//! leaf  = SHA-256(0x00 || disclosure)[0..16]     ; over the disclosure's exact bytes
//! node  = SHA-256(0x01 || left || right)[0..16]
//! root  = the node at the top of a perfect binary tree of 2^depth leaves
//! ```
//!
//! The issuer puts each attribute's leaf at a random position and fills the remaining
//! positions with random 16-byte decoys, so neither the tree's size (fixed at 16 leaves for a
//! card's standard attributes) nor a disclosed leaf's index tells anything about the
//! undisclosed attributes. A presented disclosure carries its index and the sibling hashes on
//! the path to the root (`16 × depth` bytes); the verifier recomputes the root and compares it
//! with the one the issuer signed.

use crate::attributes::{AttributeId, AttributeValue};
use crate::cbor::{Decoder, Encoder};
use crate::crypto::sha256_128;
use crate::error::{Error, Result};
use crate::limits;
use alloc::vec::Vec;

/// A node of the digest tree: 16 bytes (SHA-256 truncated to 128 bits).
pub type Digest = [u8; 16];

/// Domain-separation prefix of a leaf hash.
const LEAF_PREFIX: u8 = 0x00;
/// Domain-separation prefix of an inner node hash.
const NODE_PREFIX: u8 = 0x01;

/// A decoded disclosure, borrowed from the bytes it came from.
///
/// `Debug` shows the attribute identifier only (not the salt, value or bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct Disclosure<'a> {
    /// The random salt that hides the value from anyone who only has the digest.
    pub salt: &'a [u8; limits::SALT_LEN],
    /// Which attribute.
    pub id: AttributeId<'a>,
    /// Its typed value.
    pub value: AttributeValue<'a>,
    /// The disclosure's exact encoding (what its leaf hash covers).
    pub raw: &'a [u8],
}

impl core::fmt::Debug for Disclosure<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Disclosure")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl<'a> Disclosure<'a> {
    /// Reads one disclosure from `d`.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`], [`Error::NonCanonical`] or [`Error::TooLarge`].
    pub fn decode(d: &mut Decoder<'a>) -> Result<Disclosure<'a>> {
        let start = d.position();
        d.context("disclosure").array_of(3)?;
        let salt = d.bytes_exact::<{ limits::SALT_LEN }>()?;
        let id = AttributeId::decode(d)?;
        let value = AttributeValue::decode(&id, d)?;
        Ok(Disclosure {
            salt,
            id,
            value,
            raw: d.slice_from(start),
        })
    }

    /// Decodes a disclosure that must fill `bytes` exactly.
    ///
    /// # Errors
    ///
    /// As [`Disclosure::decode`], and [`Error::Malformed`] for trailing bytes.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Disclosure<'a>> {
        let mut d = Decoder::new(bytes, "disclosure");
        let disclosure = Disclosure::decode(&mut d)?;
        d.finish()?;
        Ok(disclosure)
    }

    /// The leaf digest of this disclosure.
    pub fn leaf(&self) -> Digest {
        leaf_hash(self.raw)
    }
}

/// Encodes a disclosure from its parts.
pub fn encode_disclosure(
    salt: &[u8; limits::SALT_LEN],
    id: &AttributeId<'_>,
    value: &AttributeValue<'_>,
) -> Vec<u8> {
    let mut e = Encoder::with_capacity(32);
    e.array(3).bytes(salt);
    id.encode(&mut e);
    value.encode(&mut e);
    e.into_bytes()
}

/// The leaf digest of a disclosure's exact bytes.
pub fn leaf_hash(disclosure: &[u8]) -> Digest {
    sha256_128(&[&[LEAF_PREFIX], disclosure])
}

/// The digest of an inner node.
pub fn node_hash(left: &Digest, right: &Digest) -> Digest {
    sha256_128(&[&[NODE_PREFIX], left, right])
}

/// The root of a perfect tree over `leaves` (whose count must be a power of two).
///
/// # Errors
///
/// [`Error::InvalidArgument`] when the count is not a power of two from 1 to
/// [`limits::MAX_DISCLOSURES`].
pub fn root(leaves: &[Digest]) -> Result<Digest> {
    check_leaf_count(leaves.len())?;
    let mut level: Vec<Digest> = leaves.to_vec();
    while level.len() > 1 {
        level = level
            .chunks_exact(2)
            .map(|p| node_hash(&p[0], &p[1]))
            .collect();
    }
    Ok(level[0])
}

/// The sibling path of leaf `index`, bottom to top, concatenated (`16 × depth` bytes).
///
/// # Errors
///
/// [`Error::InvalidArgument`] for a bad leaf count or an index out of range.
pub fn path(leaves: &[Digest], index: usize) -> Result<Vec<u8>> {
    check_leaf_count(leaves.len())?;
    if index >= leaves.len() {
        return Err(Error::InvalidArgument("leaf index"));
    }
    let mut out = Vec::new();
    let mut level: Vec<Digest> = leaves.to_vec();
    let mut i = index;
    while level.len() > 1 {
        out.extend_from_slice(&level[i ^ 1]);
        level = level
            .chunks_exact(2)
            .map(|p| node_hash(&p[0], &p[1]))
            .collect();
        i >>= 1;
    }
    Ok(out)
}

/// Recomputes the root from a leaf, its index and its sibling path; allocation-free.
///
/// `path` must hold exactly `depth` digests; the caller checks that.
pub fn root_from_path(leaf: Digest, index: u64, path: &[u8]) -> Digest {
    let mut acc = leaf;
    let mut i = index;
    for sibling in path.chunks_exact(16) {
        let mut s = [0u8; 16];
        s.copy_from_slice(sibling);
        acc = if i & 1 == 0 {
            node_hash(&acc, &s)
        } else {
            node_hash(&s, &acc)
        };
        i >>= 1;
    }
    acc
}

fn check_leaf_count(n: usize) -> Result<()> {
    if n == 0 || !n.is_power_of_two() || n > limits::MAX_DISCLOSURES {
        return Err(Error::InvalidArgument("leaf count"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lead_back_to_the_root() {
        let leaves: Vec<Digest> = (0u8..16).map(|i| [i; 16]).collect();
        let r = root(&leaves).unwrap();
        for (i, leaf) in leaves.iter().enumerate() {
            let p = path(&leaves, i).unwrap();
            assert_eq!(p.len(), 16 * 4);
            assert_eq!(root_from_path(*leaf, i as u64, &p), r);
            assert_ne!(root_from_path(*leaf, (i ^ 1) as u64, &p), r);
        }
        assert!(root(&leaves[..15]).is_err());
    }

    #[test]
    fn leaf_and_node_hashes_are_domain_separated() {
        let a = [1u8; 16];
        let mut joined = [0u8; 32];
        joined[..16].copy_from_slice(&a);
        joined[16..].copy_from_slice(&a);
        assert_ne!(leaf_hash(&joined), node_hash(&a, &a));
    }
}
