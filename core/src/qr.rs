//! The QR text form: how a presentation (or any object) travels in a QR code.
//!
//! ```text
//! qr-text = "WZ1:" base45(object bytes)
//! ```
//!
//! Base45 (RFC 9285) uses exactly the 45 characters of a QR code's alphanumeric mode, which
//! packs 5.5 bits per character, so the text costs about the same QR modules as the raw bytes
//! would in byte mode while staying printable; the EU Digital COVID Certificate did the same
//! with `HC1:`. The prefix names the format and its version: another digit is a later version
//! ([`Error::Unsupported`]). Nothing is compressed: signatures, keys and salted digests do not
//! compress.
//!
//! Decoding is strict: the text must be exactly the canonical base45 encoding of the bytes
//! (surrounding ASCII whitespace, which scanners add, is ignored).

use crate::error::{Error, Result};
use crate::limits;
use alloc::string::String;
use alloc::vec::Vec;

/// The prefix of the current version.
pub const PREFIX: &str = "WZ1:";

/// The QR text form of `object`.
pub fn encode_text(object: &[u8]) -> String {
    let mut s = String::with_capacity(PREFIX.len() + object.len().div_ceil(2) * 3);
    s.push_str(PREFIX);
    s.push_str(&base45::encode(object));
    s
}

/// Whether `input` looks like QR text (starts with `WZ` and a version digit) rather than raw
/// CBOR, for tools that accept either.
pub fn is_qr_text(input: &[u8]) -> bool {
    let trimmed = input.trim_ascii_start();
    trimmed.len() >= 4
        && trimmed.starts_with(b"WZ")
        && trimmed[2].is_ascii_digit()
        && trimmed[3] == b':'
}

/// The object bytes carried by a QR text.
///
/// # Errors
///
/// [`Error::Malformed`] without the `WZn:` prefix or for characters outside base45;
/// [`Error::Unsupported`] for another version; [`Error::NonCanonical`] when the base45 is not
/// the canonical encoding of its bytes; [`Error::TooLarge`] beyond the object size limit.
pub fn decode_text(text: &str) -> Result<Vec<u8>> {
    let text = text.trim_ascii();
    if !is_qr_text(text.as_bytes()) {
        return Err(Error::Malformed("qr text prefix"));
    }
    let body = text
        .strip_prefix(PREFIX)
        .ok_or(Error::Unsupported("qr text version"))?;
    if body.len() > limits::MAX_OBJECT_LEN / 2 * 3 + 2 {
        return Err(Error::TooLarge("qr text"));
    }
    let bytes = base45::decode(body).map_err(|_| Error::Malformed("qr text"))?;
    if base45::encode(&bytes) != body {
        return Err(Error::NonCanonical("qr text"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_matches_rfc_9285() {
        // RFC 9285 §4.3: "AB" encodes to "BB8".
        assert_eq!(encode_text(b"AB"), "WZ1:BB8");
        for len in [0usize, 1, 2, 3, 100, 401] {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            let text = encode_text(&data);
            assert!(is_qr_text(text.as_bytes()));
            assert_eq!(decode_text(&text).unwrap(), data);
            assert_eq!(decode_text(&alloc::format!(" {text}\r\n")).unwrap(), data);
        }
    }

    #[test]
    fn strictness() {
        assert_eq!(decode_text("BB8"), Err(Error::Malformed("qr text prefix")));
        assert_eq!(
            decode_text("WZ2:BB8"),
            Err(Error::Unsupported("qr text version"))
        );
        assert_eq!(decode_text("WZ1:bb8"), Err(Error::Malformed("qr text")));
        assert_eq!(decode_text("WZ1:B"), Err(Error::Malformed("qr text")));
        // "GGW" is 65535 + 1: out of range for two bytes.
        assert!(decode_text("WZ1:GGW").is_err());
        assert!(!is_qr_text(&[0xd2, 0x84]));
    }
}
