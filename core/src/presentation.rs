//! The presentation: a credential, the disclosures the holder chose, and the device's signature
//! over them, the verifier's request (when there is one) and the time.
//!
//! ```cddl
//! presentation = COSE_Sign1_Tagged     ; content type 65002, kid = device key id
//! presentation-payload = {
//!     1 => bstr .cbor credential,      ; exactly as issued
//!     2 => [* presented-disclosure],   ; strictly ascending index
//!     ? 3 => request-binding,          ; absent for a non-interactive (QR) presentation
//!     4 => uint,                       ; presented-at, Unix seconds
//! }
//! presented-disclosure = [
//!     index: uint,                     ; leaf position, < 2^depth
//!     path:  bstr,                     ; 16 × depth bytes: sibling digests, bottom up
//!     disclosure,
//! ]
//! request-binding = [
//!     audience: tstr,                  ; the request's verifier id
//!     nonce:    bstr .size 16,         ; the request's nonce
//!     request:  bstr .size 32,         ; SHA-256 of the whole request object
//! ]
//! ```

use crate::attributes::{AttributeId, AttributeValue};
use crate::cbor::{Decoder, Encoder};
use crate::cose::{ObjectKind, Sign1};
use crate::credential::Credential;
use crate::disclosure::Disclosure;
use crate::error::{Error, Result};
use crate::limits;

/// How a presentation is bound to the request it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<'a> {
    /// The verifier id of the request.
    pub audience: &'a str,
    /// The nonce of the request.
    pub nonce: &'a [u8; limits::NONCE_LEN],
    /// SHA-256 of the request's bytes.
    pub request_digest: &'a [u8; 32],
}

/// A presentation whose structure has been checked; nothing has been verified yet.
#[derive(Debug, Clone)]
pub struct Presentation<'a> {
    /// The COSE envelope (device-signed).
    pub sign1: Sign1<'a>,
    /// The embedded credential.
    pub credential: Credential<'a>,
    /// The presented disclosures.
    pub disclosures: PresentedDisclosures<'a>,
    /// The request binding, for an interactive presentation.
    pub binding: Option<Binding<'a>>,
    /// When the device made the presentation (Unix seconds).
    pub presented_at: u64,
}

const KEY_CREDENTIAL: i64 = 1;
const KEY_DISCLOSURES: i64 = 2;
const KEY_BINDING: i64 = 3;
const KEY_PRESENTED_AT: i64 = 4;

impl<'a> Presentation<'a> {
    /// Decodes a presentation strictly, including its credential and every disclosure's type.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`], [`Error::NonCanonical`], [`Error::TooLarge`],
    /// [`Error::Unsupported`], [`Error::WrongKind`]; [`Error::DisclosureMismatch`] for
    /// disclosures that are out of order, duplicated or whose index or path does not fit the
    /// credential's tree.
    pub fn decode(bytes: &'a [u8]) -> Result<Presentation<'a>> {
        let sign1 = Sign1::decode(bytes, ObjectKind::Presentation)?;
        let mut d = Decoder::new(sign1.payload, "presentation");
        let mut m = d.map()?;
        m.expect(&mut d, KEY_CREDENTIAL)?;
        let credential = Credential::decode(d.bytes()?)?;
        m.expect(&mut d, KEY_DISCLOSURES)?;
        let disclosures = PresentedDisclosures::decode(&mut d, credential.claims.tree_depth)?;
        let binding = if m.optional(&mut d, KEY_BINDING)? {
            d.context("presentation.binding").array_of(3)?;
            let audience = d.text()?;
            if audience.len() > limits::MAX_VERIFIER_ID_LEN {
                return Err(Error::TooLarge("verifier id"));
            }
            let nonce = d.bytes_exact::<{ limits::NONCE_LEN }>()?;
            let request_digest = d.bytes_exact::<32>()?;
            Some(Binding {
                audience,
                nonce,
                request_digest,
            })
        } else {
            None
        };
        m.expect(d.context("presentation"), KEY_PRESENTED_AT)?;
        let presented_at = d.uint()?;
        m.end(&d)?;
        d.finish()?;
        Ok(Presentation {
            sign1,
            credential,
            disclosures,
            binding,
            presented_at,
        })
    }
}

/// The presented disclosures of a presentation, kept as their validated bytes and decoded
/// again on iteration, so that holding them costs no allocation. `Debug` shows the count.
#[derive(Clone, Copy)]
pub struct PresentedDisclosures<'a> {
    items: &'a [u8],
    count: usize,
}

impl core::fmt::Debug for PresentedDisclosures<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "PresentedDisclosures({})", self.count)
    }
}

/// One presented disclosure: where its leaf sits, the path to the root, and the disclosure.
#[derive(Debug, Clone)]
pub struct PresentedDisclosure<'a> {
    /// Leaf index in the digest tree.
    pub index: u64,
    /// Sibling digests, bottom up, 16 bytes each.
    pub path: &'a [u8],
    /// The disclosure.
    pub disclosure: Disclosure<'a>,
}

impl<'a> PresentedDisclosures<'a> {
    fn decode(d: &mut Decoder<'a>, depth: u8) -> Result<PresentedDisclosures<'a>> {
        let count = d.context("presentation.disclosures").array()?;
        if count > limits::MAX_DISCLOSURES {
            return Err(Error::TooLarge("disclosure count"));
        }
        let start = d.position();
        let mut prev: Option<u64> = None;
        for _ in 0..count {
            let item = read_item(d)?;
            if item.index >= 1u64 << depth || item.path.len() != 16 * usize::from(depth) {
                return Err(Error::DisclosureMismatch);
            }
            if prev.is_some_and(|p| p >= item.index) {
                return Err(Error::DisclosureMismatch);
            }
            prev = Some(item.index);
        }
        Ok(PresentedDisclosures {
            items: d.slice_from(start),
            count,
        })
    }

    /// How many disclosures were presented.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether nothing was disclosed.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The presented disclosures in index order.
    pub fn iter(&self) -> PresentedIter<'a> {
        PresentedIter {
            d: Decoder::new(self.items, "presentation.disclosures"),
            left: self.count,
        }
    }
}

fn read_item<'a>(d: &mut Decoder<'a>) -> Result<PresentedDisclosure<'a>> {
    d.context("presented disclosure").array_of(3)?;
    let index = d.uint()?;
    let path = d.bytes()?;
    let disclosure = Disclosure::decode(d)?;
    Ok(PresentedDisclosure {
        index,
        path,
        disclosure,
    })
}

/// Iterator over [`PresentedDisclosures`].
pub struct PresentedIter<'a> {
    d: Decoder<'a>,
    left: usize,
}

impl<'a> Iterator for PresentedIter<'a> {
    type Item = PresentedDisclosure<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        // The bytes were validated when the presentation was decoded, so this cannot fail;
        // stopping early would only hide disclosures, never invent one.
        read_item(&mut self.d).ok()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.left))
    }
}

/// Encodes a presentation payload (a low-level builder for tools and test vectors; wallets use
/// [`crate::Wallet::present`]). Sign the result with [`crate::cose::sign`] and
/// [`ObjectKind::Presentation`](crate::ObjectKind::Presentation).
///
/// `disclosures` holds `(index, path, disclosure bytes)` in strictly ascending index order;
/// nothing here checks that, so the verifier's checks can be exercised with bad input.
pub fn encode_payload(
    credential: &[u8],
    disclosures: &[(u64, alloc::vec::Vec<u8>, &[u8])],
    binding: Option<Binding<'_>>,
    presented_at: u64,
) -> alloc::vec::Vec<u8> {
    let mut e = Encoder::with_capacity(credential.len() + 64 + disclosures.len() * 96);
    e.map(3 + usize::from(binding.is_some()));
    e.int(KEY_CREDENTIAL).bytes(credential);
    e.int(KEY_DISCLOSURES).array(disclosures.len());
    for (index, path, disclosure) in disclosures {
        e.array(3).uint(*index).bytes(path).raw(disclosure);
    }
    if let Some(b) = binding {
        e.int(KEY_BINDING)
            .array(3)
            .text(b.audience)
            .bytes(b.nonce)
            .bytes(b.request_digest);
    }
    e.int(KEY_PRESENTED_AT).uint(presented_at);
    e.into_bytes()
}

/// A disclosed attribute: identifier and typed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// Which attribute.
    pub id: AttributeId<'a>,
    /// Its value.
    pub value: AttributeValue<'a>,
}
