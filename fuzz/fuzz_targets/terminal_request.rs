//! A malicious terminal: it signs its own verification requests, so it can send the service any
//! request payload. The input is the payload; the target signs it with the fixture terminal key
//! and has a fresh service (whose one outstanding nonce the seeds carry) check it. An answer
//! must be a receipt the terminal can verify, answering exactly that request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::{ObjectKind, Policy, PublicKey, SigningKey, Verifier, cose};
use wangzheng_fuzz::{FACE_IMAGE, NOW, fixture, service};

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let Ok(signed) = cose::sign(ObjectKind::VerificationRequest, data, &f.terminal) else {
        return;
    };
    let (mut service, _) = service();
    if let Ok(receipt) = service.check(&signed, Some(FACE_IMAGE), NOW) {
        let service_key = SigningKey::from_seed(&[0x66; 32]);
        let terminal = Verifier::new(Policy::default()).with_issuer_key(
            PublicKey::from_bytes(&service_key.public_key_bytes()).expect("service key"),
        );
        let checked = terminal.verify_receipt(&receipt, &signed, NOW);
        assert!(
            checked.is_ok(),
            "the service's receipt is refused: {checked:?}"
        );
        // The nonce is used: the same request again is refused.
        assert!(service.check(&signed, Some(FACE_IMAGE), NOW).is_err());
    }
});
