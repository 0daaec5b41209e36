//! Any bytes through the generic deterministic-CBOR validator (with the format's nesting
//! limit) and the strict decoder's primitives: what validates must re-read item by item.
//! (Its first find: maps nested through their keys escaped the limit and overflowed the stack;
//! fuzz/regressions/cbor/ keeps the input.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::cbor::{Decoder, validate};
use wangzheng::limits::MAX_NESTING;

fuzz_target!(|data: &[u8]| {
    let valid = validate(data, MAX_NESTING).is_ok();
    let mut d = Decoder::new(data, "fuzz");
    let item = d.item(MAX_NESTING);
    assert_eq!(
        valid,
        item.is_ok() && d.finish().is_ok(),
        "validate and item disagree"
    );
    if valid {
        assert_eq!(item.ok(), Some(data));
    }
    // Typed reads never panic, whatever comes next.
    let mut d = Decoder::new(data, "fuzz");
    for _ in 0..64 {
        let step = match d.peek() {
            Ok(b) => b % 8,
            Err(_) => break,
        };
        let ok = match step {
            0 => d.uint().is_ok(),
            1 => d.int().is_ok(),
            2 => d.bytes().is_ok(),
            3 => d.text().is_ok(),
            4 => d.array().is_ok(),
            5 => d.map().and_then(|mut m| m.next_key(&mut d)).is_ok(),
            6 => d.tag(18).is_ok(),
            _ => d.bool().or_else(|_| d.null()).is_ok(),
        };
        if !ok {
            break;
        }
    }
});
