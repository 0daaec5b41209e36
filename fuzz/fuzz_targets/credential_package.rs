//! A credential package from the issuer's answer: decoded, and stored by a wallet whose
//! device key is the fixture's (a stored package must then present and verify).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::{AttributeId, CredentialPackage, SigningKey, Wallet};
use wangzheng_fuzz::{NOW, fixture};

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = CredentialPackage::decode(data) {
        assert_eq!(
            p.encode(),
            data,
            "a package decodes only from its own encoding"
        );
    }
    let f = fixture();
    let mut wallet = Wallet::new(SigningKey::from_seed(&[0x22; 32]));
    if wallet.store(data, f.issuer.public_key(), NOW).is_ok() {
        let ids: Vec<AttributeId<'static>> = wallet.credentials()[0]
            .attribute_ids()
            .map(AttributeId::into_owned)
            .collect();
        let qr = wallet
            .present(&ids, NOW)
            .expect("a stored credential presents");
        let checked = f.verifier.verify(&qr, NOW);
        assert!(
            checked.is_ok(),
            "a stored credential's presentation is refused: {checked:?}"
        );
    }
});
