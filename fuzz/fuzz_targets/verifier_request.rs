//! A malicious relying party: it signs its own presentation requests, so it can send the
//! wallet any request payload. The input is the payload; the target signs it with the fixture
//! verifier key and has the wallet answer it. Whatever the wallet answers must verify against
//! the request, and disclose exactly what was asked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::{ObjectKind, PresentationRequest, cose};
use wangzheng_fuzz::{NOW, fixture};

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let Ok(signed) = cose::sign(ObjectKind::PresentationRequest, data, &f.verifier_key) else {
        return;
    };
    let Ok(request) = PresentationRequest::decode(&signed) else {
        return;
    };
    if let Ok(answer) = f.wallet.respond(&signed, NOW) {
        let checked = f.verifier.verify_response(&answer, &request, NOW);
        let Ok(ok) = checked else {
            panic!("the wallet's answer is refused: {checked:?}");
        };
        assert_eq!(ok.disclosed_count(), request.requested().count());
    }
});
