//! A wallet store from the phone's storage. The first byte chooses: 0, the bytes are a store
//! as read from disk; otherwise the rest is the store's *plaintext*, which the target seals
//! with the storage key first, so that the parser behind the authentication is fuzzed too
//! (only a holder of the key can write such a store, but a bug there must still not panic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::{SigningKey, StorageKey, Wallet};
use wangzheng_fuzz::{NOW, seal_store, vectors};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let key = vectors().storage_key;
    let store = if mode == 0 {
        rest.to_vec()
    } else {
        seal_store(rest, &key)
    };
    if let Ok(w) = Wallet::restore(&store, &StorageKey::from_bytes(key)) {
        for c in w.credentials() {
            let _ = c.attribute_ids().count();
        }
        let _ = w.present(&[wangzheng::AttributeId::FullName], NOW);
        // What restores must export and restore again, whole.
        let again = w
            .export(&StorageKey::from_bytes(key), &mut wangzheng_fuzz::rng(7))
            .expect("a restored wallet exports");
        let back = Wallet::restore(&again, &StorageKey::from_bytes(key)).expect("and restores");
        assert_eq!(back.credentials().len(), w.credentials().len());
    }
    let signer = SigningKey::from_seed(&[0x22; 32]);
    let _ = Wallet::restore_with_signer(&store, &StorageKey::from_bytes(key), signer);
});
