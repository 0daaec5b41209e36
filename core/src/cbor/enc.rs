use alloc::vec::Vec;
use cbor4ii::core::enc::{Encode, Write};
use cbor4ii::core::types;
use core::convert::Infallible;

/// A `cbor4ii` writer over a `Vec<u8>` whose only failure is allocation failure, which aborts
/// like every other `Vec` growth in the crate; it lets the encoder return plain values.
struct VecWriter(Vec<u8>);

impl Write for VecWriter {
    type Error = Infallible;

    fn push(&mut self, input: &[u8]) -> Result<(), Infallible> {
        self.0.extend_from_slice(input);
        Ok(())
    }
}

/// Writes deterministic CBOR: shortest heads, definite lengths, nothing else.
///
/// The encoder does not sort map keys itself: the object encoders write keys in canonical
/// order (for the small integer keys of this format that is `0, 1, … 23, -1, -2, … -24`).
pub struct Encoder {
    out: VecWriter,
}

impl Default for Encoder {
    fn default() -> Self {
        Self::new()
    }
}

/// `cbor4ii`'s encoders only fail when the writer fails, and [`VecWriter`] never does.
fn done(r: Result<(), cbor4ii::core::enc::Error<Infallible>>) {
    match r {
        Ok(()) => {}
        Err(cbor4ii::core::enc::Error::Write(never)) => match never {},
        // `EncodeError` is `#[non_exhaustive]`; its only variant, `Write`, is uninhabited here.
        Err(_) => {}
    }
}

impl Encoder {
    /// An empty encoder.
    pub fn new() -> Self {
        Self::with_capacity(256)
    }

    /// An empty encoder with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Encoder {
            out: VecWriter(Vec::with_capacity(capacity)),
        }
    }

    /// Writes an unsigned integer (major type 0).
    pub fn uint(&mut self, value: u64) -> &mut Self {
        done(value.encode(&mut self.out));
        self
    }

    /// Writes a signed integer (major type 0 or 1).
    pub fn int(&mut self, value: i64) -> &mut Self {
        done(value.encode(&mut self.out));
        self
    }

    /// Writes a byte string (major type 2).
    pub fn bytes(&mut self, value: &[u8]) -> &mut Self {
        done(types::Bytes(value).encode(&mut self.out));
        self
    }

    /// Writes a text string (major type 3).
    pub fn text(&mut self, value: &str) -> &mut Self {
        done(value.encode(&mut self.out));
        self
    }

    /// Writes the head of an array of `len` items (major type 4, definite length).
    pub fn array(&mut self, len: usize) -> &mut Self {
        done(types::Array::bounded(len, &mut self.out));
        self
    }

    /// Writes the head of a map of `len` entries (major type 5, definite length).
    pub fn map(&mut self, len: usize) -> &mut Self {
        done(types::Map::bounded(len, &mut self.out));
        self
    }

    /// Writes a tag head (major type 6); the tagged item follows.
    pub fn tag(&mut self, tag: u64) -> &mut Self {
        done(types::Tag(tag, types::Nothing).encode(&mut self.out));
        self
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, value: bool) -> &mut Self {
        done(value.encode(&mut self.out));
        self
    }

    /// Writes `null`.
    pub fn null(&mut self) -> &mut Self {
        done(types::Null.encode(&mut self.out));
        self
    }

    /// Appends an already-encoded deterministic item verbatim.
    pub fn raw(&mut self, item: &[u8]) -> &mut Self {
        self.out.0.extend_from_slice(item);
        self
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.out.0
    }

    /// Finishes and returns the encoded bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.0
    }
}
