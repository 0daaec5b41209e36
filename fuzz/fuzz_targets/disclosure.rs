//! A disclosure's bytes: decoded with every attribute's value rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::disclosure::{Disclosure, encode_disclosure};

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = Disclosure::from_bytes(data) {
        assert_eq!(d.raw, data);
        assert_eq!(
            encode_disclosure(d.salt, &d.id, &d.value),
            data,
            "not its own encoding"
        );
        assert!(d.value.check_for(&d.id).is_ok());
        let _ = (d.leaf(), d.id.name());
    }
});
