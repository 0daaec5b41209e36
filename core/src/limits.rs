//! Every size and count limit of the format, in one place.
//!
//! Decoders check these before doing work that grows with the input. FORMAT.md ("Limits")
//! lists the same numbers; a test keeps the two in step.

/// Largest signed object accepted (bytes). A presentation that discloses a portrait is the
/// largest object; this leaves room for a [`MAX_PORTRAIT_LEN`] portrait.
pub const MAX_OBJECT_LEN: usize = 96 * 1024;
/// Largest portrait (JPEG bytes).
pub const MAX_PORTRAIT_LEN: usize = 64 * 1024;
/// Largest text value or extra-attribute name (bytes of UTF-8).
pub const MAX_TEXT_LEN: usize = 256;
/// Largest extra byte-string value (bytes).
pub const MAX_EXTRA_BYTES_LEN: usize = 1024;
/// Deepest digest tree: at most 2^6 = 64 leaves, so at most 64 attributes per credential.
pub const MAX_TREE_DEPTH: u8 = 6;
/// The smallest tree an issuer builds: 2^4 = 16 leaves, padded with decoys, so that a
/// credential does not reveal how many attributes it holds.
pub const MIN_TREE_DEPTH: u8 = 4;
/// Most disclosures in one presentation (one per leaf).
pub const MAX_DISCLOSURES: usize = 1 << MAX_TREE_DEPTH;
/// Most attributes one presentation request may ask for.
pub const MAX_REQUESTED: usize = 32;
/// Largest verifier identifier (bytes of UTF-8).
pub const MAX_VERIFIER_ID_LEN: usize = 128;
/// Length of every nonce in the format (bytes).
pub const NONCE_LEN: usize = 16;
/// Length of the salt of a disclosure (bytes).
pub const SALT_LEN: usize = 16;
/// Length of a credential identifier (bytes).
pub const CREDENTIAL_ID_LEN: usize = 16;
/// Largest `NN` of an `age_over_NN` attribute.
pub const MAX_AGE_THRESHOLD: u8 = 150;
/// Deepest nesting [`crate::cbor::validate`] accepts when tools check arbitrary items.
pub const MAX_NESTING: usize = 16;
/// Largest status list object (bytes, compressed): room for the largest list at a few
/// percent of entries not good.
pub const MAX_STATUS_LIST_LEN: usize = 4 * 1024 * 1024;
/// Most entries in one status list (2^26, 16 MiB when inflated).
pub const MAX_STATUS_ENTRIES: u32 = 1 << 26;
/// Most issuer keys in one trust list.
pub const MAX_TRUSTED_ISSUERS: usize = 256;
/// Longest a status list may stay fresh (`next-update − issued-at`): seven days. This bounds
/// what a retired or stolen issuer key can do with a back-dated list: it goes stale within a
/// week of the key's window closing.
pub const MAX_STATUS_LIST_VALIDITY: u64 = 7 * 86_400;
