//! A verification request from anywhere (the authority's service endpoint): decoded, and
//! checked by the service, which answers with a signed receipt or refuses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::VerificationRequest;
use wangzheng_fuzz::{FACE_IMAGE, NOW, service};

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = VerificationRequest::decode(data) {
        let _ = r.release().count();
        let _ = r.digest();
    }
    let (mut service, _) = service();
    let _ = service.check(data, Some(FACE_IMAGE), NOW);
});
