//! QR text from a scanner: decoded (it must be the canonical base45 of its bytes, so encoding
//! the bytes again gives the text back), then verified as a presentation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::qr;
use wangzheng_fuzz::{NOW, vectors};

fuzz_target!(|data: &[u8]| {
    let _ = qr::is_qr_text(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bytes) = qr::decode_text(text) {
        assert_eq!(qr::encode_text(&bytes), text.trim_ascii(), "not canonical");
        let _ = vectors().trusted.verify(&bytes, NOW);
    }
});
