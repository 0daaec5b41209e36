//! A generic CBOR reader and RFC 8949 §8 diagnostic notation, for `wz inspect`.
//!
//! The library's decoders are strict and typed; this one reads any well-formed CBOR (including
//! what the format forbids: indefinite lengths, floats, other tags), so that `inspect` can show
//! what a broken object holds. Byte strings that hold one complete CBOR array, map or tag are
//! shown as embedded CBOR, `<<...>>` (RFC 8610 appendix G.3). Nesting is limited and every
//! length is checked against the remaining input, so no input makes it allocate much or recurse
//! deeply.

use std::fmt::Write as _;

/// How deep items may nest, embedded CBOR included.
const MAX_DEPTH: usize = 32;
/// Lines up to this width stay on one line.
const WIDTH: usize = 96;

/// A CBOR data item.
#[derive(Clone, PartialEq)]
pub enum Item {
    /// An unsigned integer.
    Uint(u64),
    /// A negative integer `-1 - n`.
    Nint(u64),
    /// A byte string (chunks joined, when indefinite).
    Bytes(Vec<u8>, bool),
    /// A text string; invalid UTF-8 is kept as bytes.
    Text(Result<String, Vec<u8>>, bool),
    /// An array (`true` when of indefinite length).
    Array(Vec<Item>, bool),
    /// A map, in encoded order.
    Map(Vec<(Item, Item)>, bool),
    /// A tagged item.
    Tag(u64, Box<Item>),
    /// A simple value (20 false, 21 true, 22 null, 23 undefined, others).
    Simple(u8),
    /// A floating-point value.
    Float(f64),
}

impl Item {
    /// The integer, if this is one that fits `i128`.
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Item::Uint(n) => Some(i128::from(*n)),
            Item::Nint(n) => Some(-1 - i128::from(*n)),
            _ => None,
        }
    }

    /// The unsigned integer, if this is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Item::Uint(n) => Some(*n),
            _ => None,
        }
    }

    /// The bytes, if this is a byte string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Item::Bytes(b, _) => Some(b),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Item]> {
        match self {
            Item::Array(v, _) => Some(v),
            _ => None,
        }
    }

    /// The value under integer key `key`, if this is a map holding it.
    pub fn get(&self, key: i128) -> Option<&Item> {
        match self {
            Item::Map(entries, _) => entries
                .iter()
                .find(|(k, _)| k.as_int() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .input
            .get(self.pos)
            .ok_or_else(|| format!("input ends early at byte {}", self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: u64) -> Result<&[u8], String> {
        let left = self.input.len() - self.pos;
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n <= left)
            .ok_or_else(|| format!("a length at byte {} runs past the end", self.pos))?;
        let s = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// The argument of a head with additional information `ai`; `None` for indefinite.
    fn argument(&mut self, ai: u8) -> Result<Option<u64>, String> {
        let n = match ai {
            0..=23 => return Ok(Some(u64::from(ai))),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            31 => return Ok(None),
            _ => return Err(format!("reserved head value at byte {}", self.pos - 1)),
        };
        let bytes = self.take(n)?;
        Ok(Some(
            bytes.iter().fold(0u64, |a, &b| (a << 8) | u64::from(b)),
        ))
    }

    fn item(&mut self, depth: usize) -> Result<Item, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".to_owned());
        }
        let start = self.pos;
        let head = self.byte()?;
        let (major, ai) = (head >> 5, head & 0x1f);
        let arg = self.argument(ai)?;
        let definite = |a: Option<u64>| {
            a.ok_or_else(|| format!("indefinite length not allowed here (byte {start})"))
        };
        Ok(match major {
            0 => Item::Uint(definite(arg)?),
            1 => Item::Nint(definite(arg)?),
            2 | 3 => {
                let (bytes, indefinite) = match arg {
                    Some(n) => (self.take(n)?.to_vec(), false),
                    None => {
                        let mut all = Vec::new();
                        loop {
                            if self.input.get(self.pos) == Some(&0xff) {
                                self.pos += 1;
                                break;
                            }
                            let chunk_head = self.byte()?;
                            if chunk_head >> 5 != major {
                                return Err(format!("bad string chunk at byte {}", self.pos - 1));
                            }
                            let n = definite(self.argument(chunk_head & 0x1f)?)?;
                            all.extend_from_slice(self.take(n)?);
                        }
                        (all, true)
                    }
                };
                if major == 2 {
                    Item::Bytes(bytes, indefinite)
                } else {
                    Item::Text(
                        String::from_utf8(bytes).map_err(|e| e.into_bytes()),
                        indefinite,
                    )
                }
            }
            4 => {
                let mut v = Vec::new();
                match arg {
                    Some(n) => {
                        for _ in 0..n {
                            v.push(self.item(depth + 1)?);
                        }
                    }
                    None => {
                        while self.input.get(self.pos) != Some(&0xff) {
                            v.push(self.item(depth + 1)?);
                        }
                        self.pos += 1;
                    }
                }
                Item::Array(v, arg.is_none())
            }
            5 => {
                let mut v = Vec::new();
                match arg {
                    Some(n) => {
                        for _ in 0..n {
                            let k = self.item(depth + 1)?;
                            v.push((k, self.item(depth + 1)?));
                        }
                    }
                    None => {
                        while self.input.get(self.pos) != Some(&0xff) {
                            let k = self.item(depth + 1)?;
                            v.push((k, self.item(depth + 1)?));
                        }
                        self.pos += 1;
                    }
                }
                Item::Map(v, arg.is_none())
            }
            6 => Item::Tag(definite(arg)?, Box::new(self.item(depth + 1)?)),
            _ => match (ai, arg) {
                (0..=23, Some(v)) => Item::Simple(v as u8),
                (24, Some(v)) => Item::Simple(v as u8),
                (25, Some(v)) => Item::Float(f16_to_f64(v as u16)),
                (26, Some(v)) => Item::Float(f64::from(f32::from_bits(v as u32))),
                (27, Some(v)) => Item::Float(f64::from_bits(v)),
                _ => return Err(format!("unexpected break at byte {start}")),
            },
        })
    }
}

fn f16_to_f64(h: u16) -> f64 {
    let exp = i32::from((h >> 10) & 0x1f);
    let mant = f64::from(h & 0x3ff);
    let v = match exp {
        0 => mant * 2f64.powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + mant / 1024.0) * 2f64.powi(exp - 15),
    };
    if h & 0x8000 != 0 { -v } else { v }
}

/// Reads exactly one CBOR item from `input`.
///
/// # Errors
///
/// A lowercase reason when the input is not one well-formed item.
pub fn parse(input: &[u8]) -> Result<Item, String> {
    parse_at_depth(input, 0)
}

fn parse_at_depth(input: &[u8], depth: usize) -> Result<Item, String> {
    let mut r = Reader { input, pos: 0 };
    let item = r.item(depth)?;
    if r.pos != input.len() {
        let n = input.len() - r.pos;
        return Err(format!(
            "{n} byte{} after the item",
            if n == 1 { "" } else { "s" }
        ));
    }
    Ok(item)
}

/// Byte strings that hold one complete CBOR array, map or tag.
fn embedded(bytes: &[u8]) -> Option<Item> {
    if bytes.len() < 2 || !matches!(bytes[0] >> 5, 4..=6) {
        return None;
    }
    parse_at_depth(bytes, 8).ok()
}

/// The diagnostic notation of `item`, indented for reading.
pub fn notation(item: &Item) -> String {
    let mut out = String::new();
    write_item(item, 0, &mut out);
    out
}

fn compact(item: &Item) -> String {
    let mut s = String::new();
    match item {
        Item::Uint(n) => {
            let _ = write!(s, "{n}");
        }
        Item::Nint(n) => {
            let _ = write!(s, "{}", -1 - i128::from(*n));
        }
        Item::Bytes(b, ind) => match embedded(b) {
            Some(inner) if !ind => {
                let _ = write!(s, "<<{}>>", compact(&inner));
            }
            _ => {
                let _ = write!(s, "{}h'{}'", if *ind { "_ " } else { "" }, hex::encode(b));
            }
        },
        Item::Text(t, ind) => {
            if *ind {
                s.push_str("_ ");
            }
            match t {
                Ok(t) => {
                    let _ = write!(s, "{t:?}");
                }
                Err(b) => {
                    let _ = write!(s, "h'{}' (invalid UTF-8 text)", hex::encode(b));
                }
            }
        }
        Item::Array(v, ind) => {
            s.push('[');
            if *ind {
                s.push_str("_ ");
            }
            let parts: Vec<String> = v.iter().map(compact).collect();
            s.push_str(&parts.join(", "));
            s.push(']');
        }
        Item::Map(v, ind) => {
            s.push('{');
            if *ind {
                s.push_str("_ ");
            }
            let parts: Vec<String> = v
                .iter()
                .map(|(k, v)| format!("{}: {}", compact(k), compact(v)))
                .collect();
            s.push_str(&parts.join(", "));
            s.push('}');
        }
        Item::Tag(t, inner) => {
            let _ = write!(s, "{t}({})", compact(inner));
        }
        Item::Simple(v) => match v {
            20 => s.push_str("false"),
            21 => s.push_str("true"),
            22 => s.push_str("null"),
            23 => s.push_str("undefined"),
            _ => {
                let _ = write!(s, "simple({v})");
            }
        },
        Item::Float(f) => {
            if f.is_nan() {
                s.push_str("NaN");
            } else if f.is_infinite() {
                s.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" });
            } else {
                let _ = write!(s, "{f:?}");
            }
        }
    }
    s
}

fn write_item(item: &Item, indent: usize, out: &mut String) {
    let flat = compact(item);
    if indent + flat.len() <= WIDTH {
        out.push_str(&flat);
        return;
    }
    let pad = "  ".repeat(indent / 2 + 1);
    let close_pad = "  ".repeat(indent / 2);
    match item {
        Item::Array(v, ind) if !v.is_empty() => {
            out.push_str(if *ind { "[_\n" } else { "[\n" });
            for (i, x) in v.iter().enumerate() {
                out.push_str(&pad);
                write_item(x, indent + 2, out);
                out.push_str(if i + 1 < v.len() { ",\n" } else { "\n" });
            }
            out.push_str(&close_pad);
            out.push(']');
        }
        Item::Map(v, ind) if !v.is_empty() => {
            out.push_str(if *ind { "{_\n" } else { "{\n" });
            for (i, (k, x)) in v.iter().enumerate() {
                out.push_str(&pad);
                let key = compact(k);
                out.push_str(&key);
                out.push_str(": ");
                write_item(x, indent + 2 + key.len() / 2, out);
                out.push_str(if i + 1 < v.len() { ",\n" } else { "\n" });
            }
            out.push_str(&close_pad);
            out.push('}');
        }
        Item::Tag(t, inner) => {
            let _ = write!(out, "{t}(");
            write_item(inner, indent, out);
            out.push(')');
        }
        Item::Bytes(b, false) => match embedded(b) {
            Some(inner) => {
                out.push_str("<<");
                write_item(&inner, indent, out);
                out.push_str(">>");
            }
            None => out.push_str(&flat),
        },
        _ => out.push_str(&flat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_8949_examples() {
        let cases: &[(&str, &str)] = &[
            ("00", "0"),
            ("3903e7", "-1000"),
            ("4401020304", "h'01020304'"),
            ("6449455446", "\"IETF\""),
            ("83010203", "[1, 2, 3]"),
            ("a201020304", "{1: 2, 3: 4}"),
            ("c11a514b67b0", "1(1363896240)"),
            ("f4", "false"),
            ("f6", "null"),
            ("f93e00", "1.5"),
            ("9f018202039f0405ffff", "[_ 1, [2, 3], [_ 4, 5]]"),
            ("5f42010243030405ff", "_ h'0102030405'"),
            ("43a10102", "<<{1: 2}>>"),
        ];
        for (hex_in, want) in cases {
            let bytes = hex::decode(hex_in).unwrap();
            assert_eq!(notation(&parse(&bytes).unwrap()), *want, "{hex_in}");
        }
    }

    #[test]
    fn refuses_garbage_without_panicking() {
        for bad in ["", "18", "5a0000ffff00", "820102ff", "ff", "1c", "0000"] {
            assert!(parse(&hex::decode(bad).unwrap()).is_err(), "{bad}");
        }
        // Deep nesting stops at the limit instead of overflowing the stack.
        assert!(parse(&[0x81; 10_000]).is_err());
        // A huge announced length allocates nothing.
        assert!(parse(&hex::decode("9bffffffffffffffff").unwrap()).is_err());
    }
}
