//! A presentation from anywhere (a photographed or forged QR code): decoded, then verified as
//! a QR code by a terminal that pins the issuer and by one that uses the trust list and a status
//! list, and as the answer to the hotel's request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::presentation::Presentation;
use wangzheng::{PresentationRequest, ReplayCache};
use wangzheng_fuzz::{NOW, vectors};

fuzz_target!(|data: &[u8]| {
    let v = vectors();
    if let Ok(p) = Presentation::decode(data) {
        for d in p.disclosures.iter() {
            let _ = d.disclosure.leaf();
        }
    }
    for verifier in [&v.pinned, &v.trusted] {
        if let Ok(ok) = verifier.verify(data, NOW) {
            let _ = ok.disclosed().count();
            let mut cache = ReplayCache::new(4, 0);
            assert!(cache.check(&ok, NOW).is_ok(), "a first use is not a replay");
            assert!(cache.check(&ok, NOW).is_err(), "a second use is a replay");
        }
    }
    let request = PresentationRequest::decode(&v.hotel_request).expect("hotel request");
    if let Ok(ok) = v.pinned.verify_response(data, &request, NOW) {
        let _ = ok.disclosed().count();
    }
});
