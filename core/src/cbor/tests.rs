use super::*;
use crate::error::Error;

fn enc(f: impl FnOnce(&mut Encoder)) -> alloc::vec::Vec<u8> {
    let mut e = Encoder::new();
    f(&mut e);
    e.into_bytes()
}

#[test]
fn encoder_writes_shortest_heads() {
    let cases: &[(u64, &[u8])] = &[
        (0, &[0x00]),
        (23, &[0x17]),
        (24, &[0x18, 24]),
        (255, &[0x18, 0xff]),
        (256, &[0x19, 1, 0]),
        (65535, &[0x19, 0xff, 0xff]),
        (65536, &[0x1a, 0, 1, 0, 0]),
        (u32::MAX as u64 + 1, &[0x1b, 0, 0, 0, 1, 0, 0, 0, 0]),
    ];
    for (v, want) in cases {
        assert_eq!(
            enc(|e| {
                e.uint(*v);
            }),
            *want
        );
        assert_eq!(head_len(*v), want.len());
    }
    assert_eq!(
        enc(|e| {
            e.int(-1).int(-24).int(-25);
        }),
        [0x20, 0x37, 0x38, 0x18]
    );
    assert_eq!(
        enc(|e| {
            e.map(1)
                .int(-8)
                .bytes(b"ab")
                .text("x")
                .array(0)
                .tag(18)
                .bool(true)
                .null();
        }),
        [
            0xa1, 0x27, 0x42, b'a', b'b', 0x61, b'x', 0x80, 0xd2, 0xf5, 0xf6
        ]
    );
}

#[test]
fn decoder_reads_what_encoder_writes() {
    let bytes = enc(|e| {
        e.map(3)
            .uint(1)
            .uint(500)
            .uint(2)
            .text("网证")
            .int(-1)
            .bytes(&[1, 2, 3]);
    });
    let mut d = Decoder::new(&bytes, "test");
    let mut m = d.map().unwrap();
    assert_eq!(m.next_key(&mut d).unwrap(), Some(1));
    assert_eq!(d.uint().unwrap(), 500);
    assert!(!m.optional(&mut d, 5).unwrap());
    assert!(m.optional(&mut d, 2).unwrap());
    assert_eq!(d.text().unwrap(), "网证");
    m.expect(&mut d, -1).unwrap();
    assert_eq!(d.bytes().unwrap(), &[1, 2, 3]);
    assert_eq!(m.next_key(&mut d).unwrap(), None);
    m.end(&d).unwrap();
    d.finish().unwrap();
}

#[test]
fn decoder_rejects_non_shortest_heads() {
    for bad in [
        &[0x18, 0x05][..],
        &[0x19, 0x00, 0xff],
        &[0x1a, 0, 0, 0xff, 0xff],
        &[0x1b, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff],
    ] {
        assert_eq!(
            Decoder::new(bad, "t").uint(),
            Err(Error::NonCanonical("non-shortest head"))
        );
    }
    assert!(matches!(
        Decoder::new(&[0x38, 0x00], "t").int(),
        Err(Error::NonCanonical(_))
    ));
    assert!(matches!(
        Decoder::new(&[0x58, 0x01, 0xaa], "t").bytes(),
        Err(Error::NonCanonical(_))
    ));
    assert!(matches!(
        Decoder::new(&[0x78, 0x01, b'a'], "t").text(),
        Err(Error::NonCanonical(_))
    ));
    assert!(matches!(
        Decoder::new(&[0x98, 0x00], "t").array(),
        Err(Error::NonCanonical(_))
    ));
    assert!(matches!(
        Decoder::new(&[0xb8, 0x00], "t").map(),
        Err(Error::NonCanonical(_))
    ));
    assert!(matches!(
        Decoder::new(&[0xd8, 0x12, 0x80], "t").tag(18),
        Err(Error::NonCanonical(_))
    ));
}

#[test]
fn decoder_rejects_indefinite_lengths() {
    for bad in [
        &[0x5f, 0x41, 0x00, 0xff][..],
        &[0x7f, 0xff],
        &[0x9f, 0xff],
        &[0xbf, 0xff],
    ] {
        assert_eq!(
            validate(bad, 8),
            Err(Error::NonCanonical("indefinite length"))
        );
    }
}

#[test]
fn decoder_rejects_duplicate_and_unsorted_keys() {
    assert_eq!(
        validate(&[0xa2, 0x01, 0x00, 0x01, 0x00], 4),
        Err(Error::Malformed("duplicate map key"))
    );
    assert_eq!(
        validate(&[0xa2, 0x02, 0x00, 0x01, 0x00], 4),
        Err(Error::NonCanonical("unsorted map keys"))
    );
    // Bytewise order puts negative integers after positive ones, and shorter before longer.
    validate(&[0xa3, 0x01, 0x00, 0x18, 0x18, 0x00, 0x20, 0x00], 4).unwrap();
    assert!(validate(&[0xa2, 0x20, 0x00, 0x01, 0x00], 4).is_err());
}

#[test]
fn decoder_rejects_trailing_bytes_truncation_and_deep_nesting() {
    assert_eq!(
        validate(&[0x01, 0x02], 4),
        Err(Error::Malformed("trailing bytes"))
    );
    assert_eq!(
        validate(&[0x43, 0x01], 4),
        Err(Error::Malformed("truncated input"))
    );
    assert_eq!(
        validate(&[0x1a, 0x01], 4),
        Err(Error::Malformed("truncated input"))
    );
    assert_eq!(
        validate(&[0x81, 0x81, 0x81, 0x00], 3),
        Err(Error::TooLarge("nesting depth"))
    );
    validate(&[0x81, 0x81, 0x81, 0x00], 4).unwrap();
    assert!(matches!(
        validate(&[0xf9, 0x3c, 0x00], 4),
        Err(Error::Unsupported(_))
    ));
    assert!(matches!(
        validate(&[0x62, 0xff, 0xfe], 4),
        Err(Error::Malformed(_))
    ));
    assert!(validate(&[0x1c], 4).is_err());
}

#[test]
fn slices_are_the_exact_item_bytes() {
    let bytes = enc(|e| {
        e.array(2).array(2).uint(1).text("a").uint(7);
    });
    let mut d = Decoder::new(&bytes, "t");
    d.array_of(2).unwrap();
    let inner = d.item(4).unwrap();
    assert_eq!(inner, &bytes[1..5]);
    assert_eq!(d.uint().unwrap(), 7);
    d.finish().unwrap();
}
