//! Deterministic CBOR (RFC 8949 §4.2.1) on top of `cbor4ii`.
//!
//! `cbor4ii` reads and writes CBOR items but neither produces nor enforces deterministic
//! encoding. This module adds exactly that:
//!
//! * [`Encoder`] writes shortest-form heads and definite lengths only. Map keys are written in
//!   the order the caller gives; every object encoder in this crate writes them in
//!   bytewise-lexicographic order of their encodings, and the strict decoder re-checks that on
//!   every round trip in the tests.
//! * [`Decoder`] borrows from the input and rejects non-shortest heads, indefinite lengths,
//!   duplicate or unsorted map keys, trailing bytes, unexpected tags and over-long input.
//! * [`validate`] walks any item generically, with a nesting limit, for tools and tests.

mod dec;
mod enc;

pub use dec::{Decoder, MapDecoder, validate};
pub use enc::Encoder;

/// Length in bytes of the shortest head that encodes `value` (RFC 8949 §4.2.1, first rule).
pub(crate) const fn head_len(value: u64) -> usize {
    if value < 24 {
        1
    } else if value <= 0xff {
        2
    } else if value <= 0xffff {
        3
    } else if value <= 0xffff_ffff {
        5
    } else {
        9
    }
}

#[cfg(test)]
mod tests;
