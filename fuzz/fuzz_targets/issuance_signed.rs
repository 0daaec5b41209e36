//! A malicious wallet: it signs its own issuance requests, so it can send the issuer any
//! request payload. The input is the payload; the target signs it with the fixture device key,
//! has the issuer check it against its nonce and issue, and the wallet store the package. A
//! stored credential must present and verify.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangzheng::{AttributeId, IssueOptions, Level, ObjectKind, SigningKey, Wallet, cose};
use wangzheng_fuzz::{NOW, fixture, person, rng};

/// The nonce the issuer handed out (the seeds carry it).
const NONCE: [u8; 16] = [0x99; 16];

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let device = SigningKey::from_seed(&[0x22; 32]);
    let Ok(signed) = cose::sign(ObjectKind::IssuanceRequest, data, &device) else {
        return;
    };
    let Ok(checked) = f.issuer.check_request(&signed, &NONCE, NOW) else {
        return;
    };
    let options = IssueOptions {
        proven_level: Level::Upgraded,
        ..IssueOptions::default()
    };
    let issued = f
        .issuer
        .issue(&checked, &person(), &options, &mut rng(9), NOW)
        .expect("a checked request is issued");
    let mut wallet = Wallet::new(device);
    wallet
        .store(&issued.package, f.issuer.public_key(), NOW)
        .expect("an issued package stores");
    let qr = wallet
        .present(&[AttributeId::FullName, AttributeId::AgeOver(18)], NOW)
        .expect("presents");
    let checked = f.verifier.verify(&qr, NOW);
    assert!(checked.is_ok(), "refused: {checked:?}");
});
