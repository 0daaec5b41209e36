//! A gate's queue: the input is split into up to eight presentations (each part prefixed by
//! its length, one byte); batch verification must decide every one exactly as single
//! verification does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng_fuzz::{NOW, same_decision, vectors};

fuzz_target!(|data: &[u8]| {
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut rest = data;
    while let Some((&len, tail)) = rest.split_first() {
        if parts.len() == 7 || usize::from(len) >= tail.len() {
            parts.push(tail);
            break;
        }
        let (part, tail) = tail.split_at(usize::from(len));
        parts.push(part);
        rest = tail;
    }
    let v = vectors();
    for verifier in [&v.pinned, &v.trusted] {
        let batch = verifier.verify_batch(&parts, NOW);
        assert_eq!(batch.len(), parts.len());
        for (part, decided) in parts.iter().zip(&batch) {
            let single = verifier.verify(part, NOW);
            assert!(
                same_decision(decided, &single),
                "batch {decided:?} but single {single:?}"
            );
        }
    }
});
