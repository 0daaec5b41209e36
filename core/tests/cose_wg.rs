//! The COSE working group's examples through this profile's strict decoder: every one is
//! refused (they use ES256, Ed448, COSE_Sign, other content types, or break COSE on purpose),
//! each with the precise typed error below and never a panic.

use serde_json::Value;
use wangzheng::Error;
use wangzheng::cose::{ObjectKind, Sign1};

fn example(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/vectors/external/cose-wg/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    hex::decode(json["output"]["cbor"].as_str().expect("output.cbor")).expect("hex")
}

/// Each example with the error this profile gives it, and why.
const EXPECTED: &[(&str, Error)] = &[
    // COSE_Sign (tag 98, several signers): not a COSE_Sign1.
    ("eddsa-examples/eddsa-01", Error::Malformed("cose_sign1")),
    ("eddsa-examples/eddsa-02", Error::Malformed("cose_sign1")),
    // Ed25519 COSE_Sign1 whose content type (0, text/plain) names no object of this format.
    (
        "eddsa-examples/eddsa-sig-01",
        Error::Unsupported("content type"),
    ),
    // Ed448 COSE_Sign1: `alg` -8 (EdDSA) does not name the curve, and the header lacks the
    // content type and 8-byte kid every object of this format carries.
    (
        "eddsa-examples/eddsa-sig-02",
        Error::Malformed("cose protected header"),
    ),
    // Tag 998 instead of 18.
    ("sign1-tests/sign-fail-01", Error::Malformed("cose_sign1")),
    // ES256 (alg -7), with the payload changed: refused for the algorithm before any signature.
    (
        "sign1-tests/sign-fail-02",
        Error::Unsupported("signature algorithm"),
    ),
    // alg -999.
    (
        "sign1-tests/sign-fail-03",
        Error::Unsupported("signature algorithm"),
    ),
    // alg "unknown": a text value where the profile requires the integer -8.
    (
        "sign1-tests/sign-fail-04",
        Error::Malformed("cose protected header"),
    ),
    // ES256 with an extra protected parameter; ES256 with the protected header removed.
    (
        "sign1-tests/sign-fail-06",
        Error::Unsupported("signature algorithm"),
    ),
    (
        "sign1-tests/sign-fail-07",
        Error::Unsupported("signature algorithm"),
    ),
    // Valid COSE elsewhere: empty protected header (`alg` unprotected); ES256 with external
    // AAD; untagged COSE_Sign1. This profile requires `alg` protected, EdDSA and tag 18.
    (
        "sign1-tests/sign-pass-01",
        Error::Malformed("cose protected header"),
    ),
    (
        "sign1-tests/sign-pass-02",
        Error::Unsupported("signature algorithm"),
    ),
    ("sign1-tests/sign-pass-03", Error::Malformed("cose_sign1")),
];

#[test]
fn every_example_is_refused_with_its_precise_error_for_every_kind() {
    for (name, want) in EXPECTED {
        let bytes = example(name);
        for kind in ObjectKind::ALL {
            let got = std::panic::catch_unwind(|| Sign1::decode(&bytes, *kind).err());
            assert_eq!(
                got.expect("no panic"),
                Some(*want),
                "{name} decoded as {kind}"
            );
        }
    }
}

#[test]
fn every_example_file_is_covered() {
    let dir = format!(
        "{}/../tests/vectors/external/cose-wg",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut files = Vec::new();
    for sub in ["eddsa-examples", "sign1-tests"] {
        for entry in std::fs::read_dir(format!("{dir}/{sub}")).expect("dir") {
            let name = entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("utf-8");
            files.push(format!("{sub}/{}", name.trim_end_matches(".json")));
        }
    }
    files.sort();
    let mut covered: Vec<String> = EXPECTED.iter().map(|(n, _)| n.to_string()).collect();
    covered.sort();
    assert_eq!(files, covered);
}
