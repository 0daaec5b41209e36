//! A credential from anywhere: decoded, then verified as a terminal does (pinned issuer key,
//! and root key with trust list and status list), status included.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::Credential;
use wangzheng_fuzz::{NOW, vectors};

fuzz_target!(|data: &[u8]| {
    let v = vectors();
    if let Ok(c) = Credential::decode(data) {
        let _ = c.issuer_kid();
    }
    for verifier in [&v.pinned, &v.trusted] {
        if let Ok(c) = verifier.verify_credential(data, NOW) {
            let _ = verifier.check_status(c.claims.status, NOW);
        }
    }
});
