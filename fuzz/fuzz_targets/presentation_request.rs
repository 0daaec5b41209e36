//! A presentation request from anywhere (a wallet scans it): decoded and, when it decodes,
//! answered by a wallet; the answer must verify against the request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::PresentationRequest;
use wangzheng_fuzz::{NOW, fixture};

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = PresentationRequest::decode(data) {
        let _ = r.requested().count();
        let _ = r.digest();
        if let Ok(answer) = fixture().wallet.respond(data, NOW) {
            let checked = fixture().verifier.verify_response(&answer, &r, NOW);
            assert!(
                checked.is_ok(),
                "the wallet's answer is refused: {checked:?}"
            );
        }
    }
});
