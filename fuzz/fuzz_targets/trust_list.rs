//! A trust list from anywhere (a terminal's update channel): decoded under the pinned root,
//! loaded into a new verifier, and offered as an update to a configured one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::{Policy, TrustList, Verifier};
use wangzheng_fuzz::{NOW, vectors};

fuzz_target!(|data: &[u8]| {
    let v = vectors();
    if let Ok(list) = TrustList::decode(data, &v.root) {
        for i in &list.issuers {
            let _ = list.issuer(i.key.key_id());
        }
        let _ = list.is_fresh(NOW);
    }
    let _ = Verifier::with_trust_list(Policy::default(), v.root, data);
    let mut configured = v.trusted.clone();
    let _ = configured.update_trust_list(data);
});
