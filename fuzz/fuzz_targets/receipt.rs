//! A receipt from anywhere (a terminal's connection to the service): verified against the
//! terminal's request; and a request from anywhere checked against a real receipt.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng_fuzz::{NOW, vectors};

fuzz_target!(|data: &[u8]| {
    let v = vectors();
    if let Ok(r) = v.trusted.verify_receipt(data, &v.verification_request, NOW) {
        let _ = (r.all_passed(), r.released().count());
    }
    let _ = v.trusted.verify_receipt(
        include_bytes!("../../tests/vectors/receipt/all-ok.cbor"),
        data,
        NOW,
    );
});
