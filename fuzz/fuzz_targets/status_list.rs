//! A status list from anywhere (a terminal's or wallet's update channel): decoded under the
//! pinned issuer key, through the trust list, and applied to a verifier and a wallet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::StatusList;
use wangzheng_fuzz::{NOW, fixture, fresh_wallet, vectors};

fuzz_target!(|data: &[u8]| {
    let v = vectors();
    if let Ok(list) = StatusList::decode(data, &v.issuer) {
        let _ = (
            list.get(0),
            list.get(list.len().saturating_sub(1)),
            list.get(u32::MAX),
        );
    }
    if let Ok(list) = v.trusted.decode_status_list(data, NOW) {
        let mut wallet = fresh_wallet();
        let _ = wallet.apply_status(&list, NOW);
    }
    let mut configured = v.trusted.clone();
    let _ = configured.update_status_list(data, NOW);
    let mut fixture_verifier = fixture().verifier.clone();
    let _ = fixture_verifier.update_status_list(data, NOW);
});
