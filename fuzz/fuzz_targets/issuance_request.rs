//! An issuance request from anywhere (the issuer's endpoint): decoded and checked against the
//! issuer's nonce.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::IssuanceRequest;
use wangzheng_fuzz::{NOW, fixture};

fuzz_target!(|data: &[u8]| {
    let _ = IssuanceRequest::decode(data);
    let _ = fixture().issuer.check_request(data, &[0; 16], NOW);
});
