use super::head_len;
use crate::error::{Error, Result};
use cbor4ii::core::dec::{self, Decode, Read, Reference};
use cbor4ii::core::types;

/// Major types, as the top three bits of an initial byte.
const MAJOR_UINT: u8 = 0;
const MAJOR_NINT: u8 = 1;
const MAJOR_BYTES: u8 = 2;
const MAJOR_TEXT: u8 = 3;
const MAJOR_ARRAY: u8 = 4;
const MAJOR_MAP: u8 = 5;
const MAJOR_TAG: u8 = 6;
const MAJOR_SIMPLE: u8 = 7;
/// Additional-information value that announces an indefinite length (or a break).
const INDEFINITE: u8 = 31;

/// The position-tracking reader that `cbor4ii` decodes from. Keeping the offset lets the
/// strict layer measure how many bytes each head took, which is how non-shortest heads are
/// caught without re-encoding anything.
struct Cursor<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Read<'a> for Cursor<'a> {
    type Error = core::convert::Infallible;

    fn fill<'short>(&'short mut self, want: usize) -> Result<Reference<'a, 'short>, Self::Error> {
        let rest = self.input.get(self.pos..).unwrap_or_default();
        let n = core::cmp::min(rest.len(), want);
        Ok(Reference::Long(&rest[..n]))
    }

    fn advance(&mut self, n: usize) {
        self.pos = core::cmp::min(self.input.len(), self.pos.saturating_add(n));
    }
}

fn map_dec_err(e: dec::Error<core::convert::Infallible>, what: &'static str) -> Error {
    match e {
        dec::Error::Eof { .. } | dec::Error::RequireLength { .. } => {
            Error::Malformed("truncated input")
        }
        dec::Error::RequireUtf8 { .. } => Error::Malformed("text is not valid utf-8"),
        dec::Error::LengthOverflow { .. } => Error::Malformed("length exceeds input"),
        _ => Error::Malformed(what),
    }
}

/// A strict, borrowing decoder for deterministic CBOR.
///
/// Every read checks that the item has the expected major type and is in shortest form; byte
/// and text strings borrow from the input. [`Decoder::finish`] rejects trailing bytes.
///
/// # Errors
///
/// Reads return [`Error::Malformed`] for a wrong type or truncated input and
/// [`Error::NonCanonical`] for a valid but non-deterministic encoding.
pub struct Decoder<'a> {
    cur: Cursor<'a>,
    what: &'static str,
}

impl<'a> Decoder<'a> {
    /// A decoder over `input`; `what` names the structure in error messages.
    pub fn new(input: &'a [u8], what: &'static str) -> Self {
        Decoder {
            cur: Cursor { input, pos: 0 },
            what,
        }
    }

    /// Changes the structure name used in subsequent error messages.
    pub fn context(&mut self, what: &'static str) -> &mut Self {
        self.what = what;
        self
    }

    /// The current offset into the input.
    pub fn position(&self) -> usize {
        self.cur.pos
    }

    /// The input between `start` and the current position: the exact bytes of the items read
    /// since then (deterministic, so equal to their re-encoding).
    pub fn slice_from(&self, start: usize) -> &'a [u8] {
        self.cur.input.get(start..self.cur.pos).unwrap_or_default()
    }

    /// The initial byte of the next item, without consuming it.
    pub fn peek(&self) -> Result<u8> {
        self.cur
            .input
            .get(self.cur.pos)
            .copied()
            .ok_or(Error::Malformed("truncated input"))
    }

    /// The major type of the next item.
    pub fn peek_major(&self) -> Result<u8> {
        Ok(self.peek()? >> 5)
    }

    fn expect_major(&self, major: u8) -> Result<u8> {
        let b = self.peek()?;
        if b >> 5 != major {
            return Err(Error::Malformed(self.what));
        }
        if b & 0x1f == INDEFINITE {
            return Err(Error::NonCanonical("indefinite length"));
        }
        if b & 0x1f > 27 {
            return Err(Error::Malformed("reserved additional information"));
        }
        Ok(b)
    }

    fn check_head(&self, start: usize, value: u64, payload: usize) -> Result<()> {
        if self.cur.pos - start - payload != head_len(value) {
            return Err(Error::NonCanonical("non-shortest head"));
        }
        Ok(())
    }

    fn head(&mut self, major: u8) -> Result<u64> {
        self.expect_major(major)?;
        let start = self.cur.pos;
        let v = match major {
            MAJOR_UINT => u64::decode(&mut self.cur),
            MAJOR_NINT => types::Negative::<u64>::decode(&mut self.cur).map(|n| n.0),
            MAJOR_TAG => types::Tag::tag(&mut self.cur),
            MAJOR_ARRAY => types::Array::len(&mut self.cur).map(|l| l.unwrap_or(0) as u64),
            MAJOR_MAP => types::Map::len(&mut self.cur).map(|l| l.unwrap_or(0) as u64),
            _ => return Err(Error::Malformed(self.what)),
        }
        .map_err(|e| map_dec_err(e, self.what))?;
        self.check_head(start, v, 0)?;
        Ok(v)
    }

    /// Reads an unsigned integer.
    pub fn uint(&mut self) -> Result<u64> {
        self.head(MAJOR_UINT)
    }

    /// Reads an unsigned integer that must fit `u32`.
    pub fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.uint()?).map_err(|_| Error::Malformed(self.what))
    }

    /// Reads a signed integer (major type 0 or 1) that fits `i64`.
    pub fn int(&mut self) -> Result<i64> {
        match self.peek_major()? {
            MAJOR_UINT => i64::try_from(self.uint()?).map_err(|_| Error::Malformed(self.what)),
            MAJOR_NINT => {
                let n = self.head(MAJOR_NINT)?;
                let n = i64::try_from(n).map_err(|_| Error::Malformed(self.what))?;
                Ok(-1 - n)
            }
            _ => Err(Error::Malformed(self.what)),
        }
    }

    /// Reads a byte string, borrowed from the input.
    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        self.expect_major(MAJOR_BYTES)?;
        let start = self.cur.pos;
        let v = <types::Bytes<&'a [u8]>>::decode(&mut self.cur)
            .map_err(|e| map_dec_err(e, self.what))?
            .0;
        self.check_head(start, v.len() as u64, v.len())?;
        Ok(v)
    }

    /// Reads a byte string of exactly `N` bytes.
    pub fn bytes_exact<const N: usize>(&mut self) -> Result<&'a [u8; N]> {
        self.bytes()?
            .try_into()
            .map_err(|_| Error::Malformed(self.what))
    }

    /// Reads a text string, borrowed from the input; UTF-8 is validated.
    pub fn text(&mut self) -> Result<&'a str> {
        self.expect_major(MAJOR_TEXT)?;
        let start = self.cur.pos;
        let v = <&'a str>::decode(&mut self.cur).map_err(|e| map_dec_err(e, self.what))?;
        self.check_head(start, v.len() as u64, v.len())?;
        Ok(v)
    }

    /// Reads an array head and returns its length.
    pub fn array(&mut self) -> Result<usize> {
        let n = self.head(MAJOR_ARRAY)?;
        usize::try_from(n).map_err(|_| Error::Malformed(self.what))
    }

    /// Reads an array head and requires exactly `len` items.
    pub fn array_of(&mut self, len: usize) -> Result<()> {
        if self.array()? != len {
            return Err(Error::Malformed(self.what));
        }
        Ok(())
    }

    /// Reads a map head and returns a reader that checks its keys' order.
    pub fn map(&mut self) -> Result<MapDecoder> {
        let n = self.head(MAJOR_MAP)?;
        let remaining = usize::try_from(n).map_err(|_| Error::Malformed(self.what))?;
        Ok(MapDecoder {
            remaining,
            prev_key: None,
        })
    }

    /// Reads a tag head and requires it to be `tag`.
    pub fn tag(&mut self, tag: u64) -> Result<()> {
        if self.peek_major()? != MAJOR_TAG || self.head(MAJOR_TAG)? != tag {
            return Err(Error::Malformed(self.what));
        }
        Ok(())
    }

    /// Reads `true` or `false`.
    pub fn bool(&mut self) -> Result<bool> {
        match self.peek()? {
            0xf4 => {
                self.cur.pos += 1;
                Ok(false)
            }
            0xf5 => {
                self.cur.pos += 1;
                Ok(true)
            }
            _ => Err(Error::Malformed(self.what)),
        }
    }

    /// Reads `null` if it is next and reports whether it was.
    pub fn null(&mut self) -> Result<bool> {
        if self.peek()? == 0xf6 {
            self.cur.pos += 1;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Skips one well-formed deterministic item of any type, nested at most `depth` deep, and
    /// returns its bytes.
    pub fn item(&mut self, depth: usize) -> Result<&'a [u8]> {
        let start = self.cur.pos;
        self.skip(depth)?;
        Ok(self.slice_from(start))
    }

    fn skip(&mut self, depth: usize) -> Result<()> {
        let depth = depth
            .checked_sub(1)
            .ok_or(Error::TooLarge("nesting depth"))?;
        match self.peek_major()? {
            MAJOR_UINT | MAJOR_NINT => {
                self.int128_head()?;
            }
            MAJOR_BYTES => {
                self.bytes()?;
            }
            MAJOR_TEXT => {
                self.text()?;
            }
            MAJOR_ARRAY => {
                for _ in 0..self.array()? {
                    self.skip(depth)?;
                }
            }
            MAJOR_MAP => {
                let mut m = self.map()?;
                while m.next_key_raw(self, depth)?.is_some() {
                    self.skip(depth)?;
                }
            }
            MAJOR_TAG => {
                self.head(MAJOR_TAG)?;
                self.skip(depth)?;
            }
            MAJOR_SIMPLE => match self.peek()? {
                0xf4..=0xf6 => self.cur.pos += 1,
                _ => return Err(Error::Unsupported("floating-point or simple value")),
            },
            _ => return Err(Error::Malformed(self.what)),
        }
        Ok(())
    }

    /// Reads an integer head of either sign without range limits (for generic skipping).
    fn int128_head(&mut self) -> Result<()> {
        match self.peek_major()? {
            MAJOR_UINT => self.head(MAJOR_UINT).map(|_| ()),
            _ => self.head(MAJOR_NINT).map(|_| ()),
        }
    }

    /// Requires that the whole input was consumed.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] when bytes remain.
    pub fn finish(&self) -> Result<()> {
        if self.cur.pos != self.cur.input.len() {
            return Err(Error::Malformed("trailing bytes"));
        }
        Ok(())
    }
}

/// Reads the entries of one map, enforcing strictly ascending keys (bytewise on their
/// encodings), which rejects both unsorted and duplicate keys.
pub struct MapDecoder {
    remaining: usize,
    prev_key: Option<(usize, usize)>,
}

impl MapDecoder {
    /// The number of entries not yet read.
    pub fn remaining(&self) -> usize {
        self.remaining
    }

    /// Reads the next key, which must be an integer; `None` after the last entry.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for a duplicate or non-integer key, [`Error::NonCanonical`] for a key
    /// out of order.
    pub fn next_key(&mut self, d: &mut Decoder<'_>) -> Result<Option<i64>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        let start = d.position();
        let k = d.int()?;
        self.order(d, start)?;
        Ok(Some(k))
    }

    fn next_key_raw<'a>(&mut self, d: &mut Decoder<'a>, depth: usize) -> Result<Option<&'a [u8]>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        let start = d.position();
        d.skip(depth)?;
        self.order(d, start)?;
        Ok(Some(d.slice_from(start)))
    }

    fn order(&mut self, d: &Decoder<'_>, start: usize) -> Result<()> {
        let key = d.slice_from(start);
        if let Some((ps, pe)) = self.prev_key {
            let prev = d.cur.input.get(ps..pe).unwrap_or_default();
            match prev.cmp(key) {
                core::cmp::Ordering::Less => {}
                core::cmp::Ordering::Equal => return Err(Error::Malformed("duplicate map key")),
                core::cmp::Ordering::Greater => {
                    return Err(Error::NonCanonical("unsorted map keys"));
                }
            }
        }
        self.prev_key = Some((start, d.position()));
        self.remaining -= 1;
        Ok(())
    }

    /// Reads the next key and requires it to be `key`.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] when the map ends or has another key there.
    pub fn expect(&mut self, d: &mut Decoder<'_>, key: i64) -> Result<()> {
        match self.next_key(d)? {
            Some(k) if k == key => Ok(()),
            _ => Err(Error::Malformed(d.what)),
        }
    }

    /// Reads the next key if it is `key` and reports whether it was; leaves any other key unread.
    ///
    /// # Errors
    ///
    /// As [`MapDecoder::next_key`].
    pub fn optional(&mut self, d: &mut Decoder<'_>, key: i64) -> Result<bool> {
        if self.remaining == 0 {
            return Ok(false);
        }
        let save = d.position();
        let saved_prev = self.prev_key;
        match self.next_key(d)? {
            Some(k) if k == key => Ok(true),
            _ => {
                d.cur.pos = save;
                self.prev_key = saved_prev;
                self.remaining += 1;
                Ok(false)
            }
        }
    }

    /// Requires that every entry was read (no unknown keys).
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] when entries remain.
    pub fn end(&self, d: &Decoder<'_>) -> Result<()> {
        if self.remaining != 0 {
            return Err(Error::Malformed(d.what));
        }
        Ok(())
    }
}

/// Checks that `input` is exactly one well-formed item in deterministic encoding, nested at
/// most `max_depth` deep, with no floating-point or unassigned simple values.
///
/// # Errors
///
/// [`Error::Malformed`], [`Error::NonCanonical`], [`Error::TooLarge`] (nesting) or
/// [`Error::Unsupported`] (floats, simple values).
pub fn validate(input: &[u8], max_depth: usize) -> Result<()> {
    let mut d = Decoder::new(input, "cbor item");
    d.skip(max_depth)?;
    d.finish()
}
