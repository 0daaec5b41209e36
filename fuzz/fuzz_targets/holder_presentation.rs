//! A malicious holder: they own the device key, so they can sign any presentation payload
//! (the credential inside stays the issuer's). The input is the payload; the target signs it
//! with the fixture device key and verifies it as a QR code, as an answer to the fixture
//! request, and in a batch, which must decide exactly as single verification does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::{ObjectKind, PresentationRequest, cose};
use wangzheng_fuzz::{NOW, fixture, same_decision};

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let Ok(signed) = cose::sign(ObjectKind::Presentation, data, f.wallet.signer()) else {
        return;
    };
    let single = f.verifier.verify(&signed, NOW);
    let batch = f.verifier.verify_batch(&[&signed, &signed], NOW);
    for decided in &batch {
        assert!(
            same_decision(decided, &single),
            "batch {decided:?}, single {single:?}"
        );
    }
    let request = PresentationRequest::decode(&f.request).expect("fixture request");
    if let Ok(ok) = f.verifier.verify_response(&signed, &request, NOW) {
        assert_eq!(ok.audience, Some(request.verifier_id));
    }
});
