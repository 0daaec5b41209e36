//! Structure-aware: an arbitrary tree of CBOR items (integers, strings, booleans, null, arrays,
//! maps with integer keys) is encoded with the library's encoder. The encoding must pass the
//! validator at exactly its nesting depth, read back with the strict decoder to the same tree,
//! and re-encode to the same bytes; widening any one of its heads must make it non-canonical.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use wangzheng::Error;
use wangzheng::cbor::{Decoder, Encoder, validate};

#[derive(Arbitrary, Debug, Clone, PartialEq)]
enum Tree {
    Int(i64),
    Bytes(Vec<u8>),
    Text(String),
    Bool(bool),
    Null,
    Array(Vec<Tree>),
    Map(Vec<(i64, Tree)>),
}

fn key_bytes(k: i64) -> Vec<u8> {
    let mut e = Encoder::new();
    e.int(k);
    e.into_bytes()
}

/// Canonical: map keys unique and sorted by their encodings.
fn canonical(t: Tree) -> Tree {
    match t {
        Tree::Array(items) => Tree::Array(items.into_iter().map(canonical).collect()),
        Tree::Map(entries) => {
            let mut out: Vec<(i64, Tree)> = Vec::new();
            for (k, v) in entries {
                if !out.iter().any(|(o, _)| *o == k) {
                    out.push((k, canonical(v)));
                }
            }
            out.sort_by_key(|(k, _)| key_bytes(*k));
            Tree::Map(out)
        }
        other => other,
    }
}

fn depth(t: &Tree) -> usize {
    match t {
        Tree::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Tree::Map(entries) => 1 + entries.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
        _ => 1,
    }
}

fn encode(t: &Tree, e: &mut Encoder, heads: &mut Vec<usize>) {
    heads.push(e.as_bytes().len());
    match t {
        Tree::Int(i) => {
            e.int(*i);
        }
        Tree::Bytes(b) => {
            e.bytes(b);
        }
        Tree::Text(s) => {
            e.text(s);
        }
        Tree::Bool(b) => {
            heads.pop();
            e.bool(*b);
        }
        Tree::Null => {
            heads.pop();
            e.null();
        }
        Tree::Array(items) => {
            e.array(items.len());
            items.iter().for_each(|i| encode(i, e, heads));
        }
        Tree::Map(entries) => {
            e.map(entries.len());
            for (k, v) in entries {
                heads.push(e.as_bytes().len());
                e.int(*k);
                encode(v, e, heads);
            }
        }
    }
}

fn decode(d: &mut Decoder<'_>, like: &Tree) -> Result<Tree, Error> {
    Ok(match like {
        Tree::Int(_) => Tree::Int(d.int()?),
        Tree::Bytes(_) => Tree::Bytes(d.bytes()?.to_vec()),
        Tree::Text(_) => Tree::Text(d.text()?.to_string()),
        Tree::Bool(_) => Tree::Bool(d.bool()?),
        Tree::Null => {
            assert!(d.null()?, "null expected");
            Tree::Null
        }
        Tree::Array(items) => {
            assert_eq!(d.array()?, items.len());
            Tree::Array(
                items
                    .iter()
                    .map(|i| decode(d, i))
                    .collect::<Result<_, _>>()?,
            )
        }
        Tree::Map(entries) => {
            let mut m = d.map()?;
            let mut out = Vec::new();
            for (_, v) in entries {
                let k = m.next_key(d)?.expect("as many keys as entries");
                out.push((k, decode(d, v)?));
            }
            m.end(d)?;
            Tree::Map(out)
        }
    })
}

/// The head at `at` rewritten one size longer (`None` for a full 9-byte head).
fn widen(bytes: &[u8], at: usize) -> Option<Vec<u8>> {
    let ib = bytes[at];
    let (major, info) = (ib >> 5, ib & 0x1f);
    let (len, value) = match info {
        0..=23 => (1, u64::from(info)),
        24..=26 => {
            let n = 1usize << (info - 24);
            let v = bytes[at + 1..at + 1 + n]
                .iter()
                .fold(0u64, |a, x| a << 8 | u64::from(*x));
            (1 + n, v)
        }
        _ => return None,
    };
    // One size longer: one byte of argument, then two, four, eight.
    let (code, width) = match len {
        1 => (24, 1),
        2 => (25, 2),
        3 => (26, 4),
        _ => (27, 8),
    };
    let mut out = bytes[..at].to_vec();
    out.push(major << 5 | code);
    out.extend_from_slice(&value.to_be_bytes()[8 - width..]);
    out.extend_from_slice(&bytes[at + len..]);
    Some(out)
}

fuzz_target!(|input: (Tree, u16)| {
    let (tree, pick) = input;
    let tree = canonical(tree);
    let depth = depth(&tree);
    if depth > 64 {
        return;
    }
    let mut e = Encoder::new();
    let mut heads = Vec::new();
    encode(&tree, &mut e, &mut heads);
    let bytes = e.into_bytes();
    assert_eq!(validate(&bytes, depth), Ok(()));
    if depth > 1 {
        assert_eq!(
            validate(&bytes, depth - 1),
            Err(Error::TooLarge("nesting depth"))
        );
    }
    let mut d = Decoder::new(&bytes, "tree");
    let back = decode(&mut d, &tree).expect("reads back");
    d.finish().expect("nothing left");
    assert_eq!(back, tree);
    let mut again = Encoder::new();
    encode(&back, &mut again, &mut Vec::new());
    assert_eq!(again.into_bytes(), bytes);
    if !heads.is_empty()
        && let Some(wide) = widen(&bytes, heads[usize::from(pick) % heads.len()])
    {
        assert_eq!(
            validate(&wide, depth),
            Err(Error::NonCanonical("non-shortest head"))
        );
    }
});
