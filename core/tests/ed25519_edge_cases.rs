//! The library's own Ed25519 path (`PublicKey::from_bytes` + `PublicKey::verify_strict`)
//! against public test vectors: Project Wycheproof, the "Taming the many EdDSAs" speccheck cases
//! and the COSE working group's EdDSA examples. See `tests/vectors/external/SOURCES.md` for
//! where each file comes from.
//!
//! The rule under test: a signature is accepted exactly when ed25519-dalek's
//! `VerifyingKey::verify_strict` accepts it, and the key is additionally refused at parse time
//! when it is not a curve point or has small order (`Error::WeakKey`).

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use serde_json::Value;
use sha2::{Digest, Sha512};
use std::collections::BTreeSet;
use std::path::PathBuf;
use wangzheng::{Error, PublicKey, SigningKey};

fn external(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/external")
        .join(path)
}

fn load(path: &str) -> Value {
    let p = external(path);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn unhex(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("valid hex")
}

fn arr<const N: usize>(b: &[u8]) -> [u8; N] {
    b.try_into().expect("fixed length")
}

/// The library's decision: parse the key, then verify strictly over `parts`.
fn library(pk: &[u8; 32], parts: &[&[u8]], sig: &[u8; 64]) -> Result<(), Error> {
    PublicKey::from_bytes(pk)?.verify_strict(parts, sig)
}

/// ed25519-dalek's decision, the reference for strict verification.
fn dalek(pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    ed25519_dalek::VerifyingKey::from_bytes(pk)
        .and_then(|k| k.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(sig)))
        .is_ok()
}

// ---------------------------------------------------------------------------------------------
// Wycheproof
// ---------------------------------------------------------------------------------------------

/// Wycheproof signatures that are not 64 bytes long (63 ×4, 65 ×3, 0, 32, 62, 66, 96): refused
/// by the type `&[u8; 64]` before they reach the API.
const WYCHEPROOF_WRONG_LENGTH: usize = 12;

#[test]
fn wycheproof_ed25519() {
    let file = load("wycheproof/ed25519_test.json");
    assert_eq!(file["algorithm"], "EDDSA");
    let declared = file["numberOfTests"].as_u64().expect("numberOfTests") as usize;

    let mut run = 0;
    let mut valid = 0;
    let mut wrong_length = 0;
    let mut weak_key = 0;
    let mut bad_signature = 0;
    let mut ids = BTreeSet::new();
    for group in file["testGroups"].as_array().expect("testGroups") {
        assert_eq!(group["type"], "EddsaVerify");
        assert_eq!(group["publicKey"]["curve"], "edwards25519");
        let pk_bytes = unhex(&group["publicKey"]["pk"]);
        let pk: [u8; 32] = arr(&pk_bytes);
        for t in group["tests"].as_array().expect("tests") {
            run += 1;
            let id = t["tcId"].as_u64().expect("tcId");
            assert!(ids.insert(id), "tcId {id} repeated");
            let msg = unhex(&t["msg"]);
            let sig = unhex(&t["sig"]);
            let result = t["result"].as_str().expect("result");
            let comment = t["comment"].as_str().unwrap_or("");
            let Ok(sig) = <[u8; 64]>::try_from(sig.as_slice()) else {
                assert_eq!(
                    result,
                    "invalid",
                    "tcId {id}: a {}-byte signature",
                    sig.len()
                );
                wrong_length += 1;
                continue;
            };
            let decision = library(&pk, &[&msg], &sig);
            assert_eq!(
                decision.is_ok(),
                dalek(&pk, &msg, &sig),
                "tcId {id} ({comment}): library and ed25519-dalek verify_strict disagree"
            );
            match result {
                "valid" => {
                    assert_eq!(decision, Ok(()), "tcId {id} ({comment}) must verify");
                    valid += 1;
                }
                "invalid" => match decision {
                    Err(Error::WeakKey) => weak_key += 1,
                    Err(Error::BadSignature) => bad_signature += 1,
                    other => panic!("tcId {id} ({comment}) must be refused, got {other:?}"),
                },
                other => panic!("tcId {id}: result {other:?} has no expectation here"),
            }
        }
    }
    println!(
        "wycheproof: {run} cases: {valid} valid accepted; refused {wrong_length} by length, \
         {weak_key} as weak key, {bad_signature} as bad signature"
    );
    assert_eq!(run, declared, "every case of the file must run");
    assert_eq!(run, 151);
    assert_eq!(ids.len(), run);
    assert_eq!(wrong_length, WYCHEPROOF_WRONG_LENGTH);
    assert_eq!(valid + wrong_length + weak_key + bad_signature, run);
    assert_eq!(valid, 88);
}

// ---------------------------------------------------------------------------------------------
// speccheck ("Taming the many EdDSAs", Chalkias, Garillot, Nikolaenko)
// ---------------------------------------------------------------------------------------------

/// The speccheck cases that strict cofactored verification accepts: 3, 4 and 5.
///
/// Why each case is decided as it is (`speccheck_case_classes_are_as_documented` recomputes
/// every property named here; "mixed order" = neither small order nor in the prime-order
/// subgroup):
/// * 0: small-order `A` and `R`, `S = 0` (both equations hold). Rejected: small-order key
///   (`WeakKey`): such a key makes `S = 0` verify for any message.
/// * 1: small-order `A`, mixed-order `R` (both equations hold). Rejected: small-order key
///   (`WeakKey`).
/// * 2: mixed-order `A`, small-order `R` (both equations hold). Rejected: small-order `R`.
/// * 3: mixed-order `A` and `R`; the cofactorless equation `[S]B = R + [k]A` holds (so does the
///   cofactored one). ACCEPTED: strict verification requires neither `A` nor `R` to be in the
///   prime-order subgroup, only that neither has small order.
/// * 4: mixed-order `A` and `R`; only the cofactored equation `[8][S]B = [8]R + [8][k]A` holds.
///   ACCEPTED: the equation is cofactored (FORMAT.md, "Signature verification"), so that batch
///   and single mode agree. ed25519-dalek's cofactorless `verify_strict` refuses it. Only the
///   holder of the key can make such a signature.
/// * 5: mixed-order `A`, prime-order `R`; only the cofactored equation holds. ACCEPTED, as 4;
///   `verify_strict` refuses it.
/// * 6, 7: prime-order `A` and `R`, `S ≥ L` (non-canonical scalar: a malleable copy of a valid
///   signature; the equation holds for `S mod L`). Rejected before any curve arithmetic.
/// * 8, 9: non-canonical encoding of a small-order `R` (case 9 satisfies both equations).
///   Rejected: small-order `R`; a non-canonical `R` could also never equal the recomputed,
///   canonically encoded `R`.
/// * 10, 11: non-canonical encoding of a small-order `A` (10: cofactored only; 11: both).
///   Rejected: small-order key (`WeakKey`).
const SPECCHECK_ACCEPTED: &[usize] = &[3, 4, 5];

/// The cases where wangzheng and ed25519-dalek's `verify_strict` decide differently: those valid
/// only under the cofactored equation.
const DIFFERS_FROM_DALEK_VERIFY_STRICT: &[usize] = &[4, 5];

/// What the test recomputes about a speccheck case.
#[derive(Debug, PartialEq, Eq)]
struct Properties {
    a_small_order: bool,
    a_canonical: bool,
    a_torsion_free: bool,
    r_small_order: bool,
    r_canonical: bool,
    r_torsion_free: bool,
    s_canonical: bool,
    /// `[S mod L]B == R + [k]A`.
    cofactorless: bool,
    /// `[8]([S mod L]B - R - [k]A) == 0`.
    cofactored: bool,
}

fn properties(pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Properties {
    let point = |b: &[u8]| {
        CompressedEdwardsY(arr(b))
            .decompress()
            .expect("every speccheck point decodes")
    };
    let a = point(pk);
    let r = point(&sig[..32]);
    let s_bytes: [u8; 32] = arr(&sig[32..]);
    let s_canonical = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes)).is_some();
    let s = Scalar::from_bytes_mod_order(s_bytes);
    let k = Scalar::from_bytes_mod_order_wide(
        &Sha512::new()
            .chain_update(&sig[..32])
            .chain_update(pk)
            .chain_update(msg)
            .finalize()
            .into(),
    );
    // [S]B - [k]A
    let sb_minus_ka = EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &(-a), &s);
    let diff = sb_minus_ka - r;
    Properties {
        a_small_order: a.is_small_order(),
        a_canonical: a.compress().0 == *pk,
        a_torsion_free: a.is_torsion_free(),
        r_small_order: r.is_small_order(),
        r_canonical: r.compress().0[..] == sig[..32],
        r_torsion_free: r.is_torsion_free(),
        s_canonical,
        cofactorless: diff == EdwardsPoint::default(),
        cofactored: diff.mul_by_cofactor() == EdwardsPoint::default(),
    }
}

#[test]
fn speccheck_cases_follow_the_strict_cofactored_rule() {
    let cases = load("speccheck/cases.json");
    let cases = cases.as_array().expect("array of cases");
    assert_eq!(cases.len(), 12);

    let mut accepted = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let msg = unhex(&case["message"]);
        let pk: [u8; 32] = arr(&unhex(&case["pub_key"]));
        let sig: [u8; 64] = arr(&unhex(&case["signature"]));
        let ours = library(&pk, &[&msg], &sig);
        let reference = dalek(&pk, &msg, &sig);
        let p = properties(&pk, &msg, &sig);
        println!("case {i:2}: {:5} {ours:?} {p:?}", ours.is_ok());
        assert_eq!(
            ours.is_ok() != reference,
            DIFFERS_FROM_DALEK_VERIFY_STRICT.contains(&i),
            "case {i}: library {ours:?}, ed25519-dalek verify_strict {reference}"
        );

        // The rule, stated in terms of the recomputed properties.
        let strict_rule = !p.a_small_order
            && !p.r_small_order
            && p.a_canonical
            && p.r_canonical
            && p.s_canonical
            && p.cofactored;
        assert_eq!(ours.is_ok(), strict_rule, "case {i}: {p:?}");
        // A small-order key is refused when parsed, before any signature is looked at.
        if p.a_small_order {
            assert_eq!(PublicKey::from_bytes(&pk).unwrap_err(), Error::WeakKey);
            assert_eq!(ours, Err(Error::WeakKey), "case {i}");
        } else if ours.is_err() {
            assert_eq!(ours, Err(Error::BadSignature), "case {i}");
        }
        if ours.is_ok() {
            accepted.push(i);
        }
    }
    assert_eq!(
        accepted, SPECCHECK_ACCEPTED,
        "speccheck accepted set changed: {accepted:?}"
    );
}

#[test]
fn speccheck_case_classes_are_as_documented() {
    let cases = load("speccheck/cases.json");
    let props: Vec<Properties> = cases
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            properties(
                &arr(&unhex(&c["pub_key"])),
                &unhex(&c["message"]),
                &arr(&unhex(&c["signature"])),
            )
        })
        .collect();
    // 0: small A and R, S = 0.
    assert!(props[0].a_small_order && props[0].r_small_order);
    assert!(props[0].cofactorless && props[0].cofactored);
    // 1: small A, mixed R.  2: mixed A, small R.
    assert!(props[1].a_small_order && !props[1].r_small_order && !props[1].r_torsion_free);
    assert!(!props[2].a_small_order && !props[2].a_torsion_free && props[2].r_small_order);
    assert!(props[1].cofactorless && props[2].cofactorless);
    // 3, 4, 5: mixed-order A, canonical everything.
    for i in [3, 4, 5] {
        let p = &props[i];
        assert!(
            !p.a_small_order && !p.a_torsion_free,
            "case {i}: mixed-order A"
        );
        assert!(!p.r_small_order, "case {i}");
        assert!(p.s_canonical && p.a_canonical && p.r_canonical, "case {i}");
    }
    // 3: mixed R, both equations.  4: mixed R, cofactored only.  5: prime-order R, cofactored only.
    assert!(!props[3].r_torsion_free && props[3].cofactorless && props[3].cofactored);
    assert!(!props[4].r_torsion_free && !props[4].cofactorless && props[4].cofactored);
    assert!(props[5].r_torsion_free && !props[5].cofactorless && props[5].cofactored);
    // 6, 7: prime-order A and R, S >= L, and the equation holds for S mod L.
    for i in [6, 7] {
        let p = &props[i];
        assert!(!p.s_canonical && p.cofactorless, "case {i}");
        assert!(p.a_torsion_free && p.r_torsion_free, "case {i}");
        assert!(!p.a_small_order && !p.r_small_order, "case {i}");
    }
    // 8, 9: non-canonical small-order R.  10, 11: non-canonical small-order A.
    for i in [8, 9] {
        assert!(!props[i].r_canonical && props[i].r_small_order, "case {i}");
        assert!(props[i].a_canonical && !props[i].a_small_order, "case {i}");
    }
    assert!(props[9].cofactorless);
    for i in [10, 11] {
        assert!(!props[i].a_canonical && props[i].a_small_order, "case {i}");
        assert!(props[i].r_canonical && !props[i].r_small_order, "case {i}");
    }
    assert!(!props[10].cofactorless && props[10].cofactored);
    assert!(props[11].cofactorless);
    // Every case but 6 and 7 has a canonical S.
    for (i, p) in props.iter().enumerate() {
        assert_eq!(p.s_canonical, i != 6 && i != 7, "case {i}");
    }
}

// ---------------------------------------------------------------------------------------------
// Streaming: the message split in different ways gives the same decision.
// ---------------------------------------------------------------------------------------------

fn chunkings(msg: &[u8]) -> Vec<Vec<&[u8]>> {
    let half = msg.len() / 2;
    vec![
        vec![msg],
        vec![&msg[..half], &msg[half..]],
        msg.chunks(1).collect(),
        vec![&[][..], msg, &[][..]],
        msg.chunks(7).collect(),
        vec![],
    ]
}

#[test]
fn message_chunking_does_not_change_the_decision() {
    let file = load("wycheproof/ed25519_test.json");
    let mut checked_valid = 0;
    let mut checked_invalid = 0;
    for group in file["testGroups"].as_array().expect("groups") {
        let pk: [u8; 32] = arr(&unhex(&group["publicKey"]["pk"]));
        for t in group["tests"].as_array().expect("tests") {
            let msg = unhex(&t["msg"]);
            let Ok(sig) = <[u8; 64]>::try_from(unhex(&t["sig"]).as_slice()) else {
                continue;
            };
            let whole = library(&pk, &[&msg], &sig);
            for parts in chunkings(&msg) {
                if parts.is_empty() && !msg.is_empty() {
                    continue; // no parts is the empty message
                }
                assert_eq!(
                    library(&pk, &parts, &sig),
                    whole,
                    "tcId {} split into {} parts",
                    t["tcId"],
                    parts.len()
                );
            }
            if whole.is_ok() {
                checked_valid += 1;
            } else {
                checked_invalid += 1;
            }
        }
    }
    assert_eq!(checked_valid, 88);
    assert!(checked_invalid > 0);

    // A longer message of our own, signed by the library's signer.
    let key = SigningKey::from_seed(&[0x5a; 32]);
    let pk = PublicKey::from_bytes(&key.public_key_bytes()).expect("key");
    let msg: Vec<u8> = (0..1000u32).map(|i| (i * 31 % 251) as u8).collect();
    let sig = key.sign_bytes(&msg);
    for parts in chunkings(&msg).into_iter().filter(|p| !p.is_empty()) {
        assert_eq!(pk.verify_strict(&parts, &sig), Ok(()));
    }
    let mut other = msg.clone();
    other[999] ^= 1;
    for parts in chunkings(&other).into_iter().filter(|p| !p.is_empty()) {
        assert_eq!(pk.verify_strict(&parts, &sig), Err(Error::BadSignature));
    }
    // Moving bytes between parts does not matter, dropping or adding one does.
    assert_eq!(
        pk.verify_strict(&[&msg[..999]], &sig),
        Err(Error::BadSignature)
    );
    assert_eq!(
        pk.verify_strict(&[&msg, &[0]], &sig),
        Err(Error::BadSignature)
    );
}

// ---------------------------------------------------------------------------------------------
// COSE working group examples
// ---------------------------------------------------------------------------------------------

/// The parts of a tagged COSE_Sign1: (protected, payload, signature).
fn split_sign1(bytes: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let mut d = wangzheng::cbor::Decoder::new(bytes, "cose-wg example");
    d.tag(18).expect("tag 18");
    d.array_of(4).expect("array of 4");
    let protected = d.bytes().expect("protected");
    d.item(4).expect("unprotected");
    let payload = d.bytes().expect("payload");
    let signature = d.bytes().expect("signature");
    d.finish().expect("nothing after the COSE_Sign1");
    (protected, payload, signature)
}

#[test]
fn cose_wg_eddsa_sig_01_verifies() {
    let ex = load("cose-wg/eddsa-examples/eddsa-sig-01.json");
    let key = &ex["input"]["sign0"]["key"];
    assert_eq!(key["crv"], "Ed25519");
    assert_eq!(ex["input"]["sign0"]["alg"], "EdDSA");
    let x: [u8; 32] = arr(&unhex(&key["x_hex"]));
    let d: [u8; 32] = arr(&unhex(&key["d_hex"]));
    let tbs = unhex(&ex["intermediates"]["ToBeSign_hex"]);
    let cose = unhex(&ex["output"]["cbor"]);
    let (protected, payload, signature) = split_sign1(&cose);
    let signature: [u8; 64] = arr(signature);
    assert_eq!(
        payload,
        ex["input"]["plaintext"].as_str().expect("text").as_bytes()
    );

    // Our Sig_structure encoder produces the example's ToBeSigned.
    assert_eq!(wangzheng::cose::sig_structure(protected, payload), tbs);

    let pk = PublicKey::from_bytes(&x).expect("the example key is valid");
    assert_eq!(pk.verify_strict(&[&tbs], &signature), Ok(()));
    // Streamed the way the library streams a Sig_structure: header pieces, then the payload.
    let split = tbs.len() - payload.len();
    assert_eq!(
        pk.verify_strict(&[&tbs[..split], payload], &signature),
        Ok(())
    );
    assert!(dalek(&x, &tbs, &signature));
    // Ed25519 is deterministic: our signer with the example's key gives the same signature.
    let signer = SigningKey::from_seed(&d);
    assert_eq!(signer.public_key_bytes(), x);
    assert_eq!(signer.sign_bytes(&tbs), signature);
    // And a changed payload does not verify.
    let mut changed = tbs.clone();
    *changed.last_mut().expect("non-empty") ^= 1;
    assert_eq!(
        pk.verify_strict(&[&changed], &signature),
        Err(Error::BadSignature)
    );
}

#[test]
fn cose_wg_eddsa_01_ed25519_countersigner_verifies() {
    // A COSE_Sign (multi-signer) example: the library does not accept the structure, but the
    // Ed25519 signature over its ToBeSigned is an independent known answer for verify_strict.
    let ex = load("cose-wg/eddsa-examples/eddsa-01.json");
    let signer = &ex["input"]["sign"]["signers"][0];
    assert_eq!(signer["key"]["crv"], "Ed25519");
    let x: [u8; 32] = arr(&unhex(&signer["key"]["x_hex"]));
    let tbs = unhex(&ex["intermediates"]["signers"][0]["ToBeSign_hex"]);
    let cose = unhex(&ex["output"]["cbor"]);
    // The signature is the last 64 bytes of the example (after the 0x58 0x40 head).
    let (head, sig) = cose.split_at(cose.len() - 64);
    assert_eq!(&head[head.len() - 2..], &[0x58, 0x40]);
    let sig: [u8; 64] = arr(sig);
    let pk = PublicKey::from_bytes(&x).expect("key");
    assert_eq!(pk.verify_strict(&[&tbs], &sig), Ok(()));
    assert!(dalek(&x, &tbs, &sig));
}

#[test]
fn cose_wg_ed448_examples_are_skipped() {
    // The library implements Ed25519 only; COSE's alg "EdDSA" (-8) also covers Ed448, which is
    // told apart by the key's curve. These examples are counted and skipped, not verified.
    let mut ed25519 = Vec::new();
    let mut ed448 = Vec::new();
    let dir = external("cose-wg/eddsa-examples");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("eddsa-examples")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    for name in &names {
        let ex = load(&format!("cose-wg/eddsa-examples/{name}"));
        let input = &ex["input"];
        let signers: Vec<&Value> = if input["sign0"].is_object() {
            vec![&input["sign0"]]
        } else {
            input["sign"]["signers"]
                .as_array()
                .expect("signers")
                .iter()
                .collect()
        };
        assert_eq!(signers.len(), 1, "{name}");
        let s = signers[0];
        let alg = if s["alg"].is_string() {
            &s["alg"]
        } else {
            &s["protected"]["alg"]
        };
        assert_eq!(alg, "EdDSA", "{name}: COSE alg -8");
        // The protected header of every example carries alg -8 (0x01 0x27).
        let cose = unhex(&ex["output"]["cbor"]);
        assert!(cose.windows(2).any(|w| w == [0x01, 0x27]), "{name}");
        match s["key"]["crv"].as_str() {
            Some("Ed25519") => ed25519.push(name.clone()),
            Some("Ed448") => {
                // 57-byte Ed448 public key: no Ed25519 API can take it.
                assert_eq!(unhex(&s["key"]["x_hex"]).len(), 57, "{name}");
                ed448.push(name.clone())
            }
            other => panic!("{name}: unexpected curve {other:?}"),
        }
    }
    println!("cose-wg EdDSA: verified {ed25519:?}; skipped (Ed448, unsupported) {ed448:?}");
    assert_eq!(ed25519, ["eddsa-01.json", "eddsa-sig-01.json"]);
    assert_eq!(ed448, ["eddsa-02.json", "eddsa-sig-02.json"]);
}

// ---------------------------------------------------------------------------------------------
// Key parsing
// ---------------------------------------------------------------------------------------------

#[test]
fn small_order_and_off_curve_keys_are_refused_at_parse() {
    // The eight points of small order, canonically encoded.
    for (i, t) in curve25519_dalek::constants::EIGHT_TORSION
        .iter()
        .enumerate()
    {
        let bytes = t.compress().0;
        assert_eq!(
            PublicKey::from_bytes(&bytes).unwrap_err(),
            Error::WeakKey,
            "torsion point {i}"
        );
        // With the sign bit flipped (a non-canonical encoding for x = 0 points).
        let mut flipped = bytes;
        flipped[31] ^= 0x80;
        assert!(
            PublicKey::from_bytes(&flipped).is_err(),
            "torsion point {i}, sign flipped"
        );
    }
    // A y coordinate with no matching x: not a point at all.
    let off_curve = (2u8..=255)
        .map(|y| {
            let mut b = [0u8; 32];
            b[0] = y;
            b
        })
        .find(|b| CompressedEdwardsY(*b).decompress().is_none())
        .expect("some small y is off the curve");
    assert_eq!(
        PublicKey::from_bytes(&off_curve).unwrap_err(),
        Error::WeakKey
    );
    // An ordinary key is fine and round-trips.
    let key = SigningKey::from_seed(&[7; 32]).public_key_bytes();
    assert_eq!(
        PublicKey::from_bytes(&key).expect("valid key").as_bytes(),
        &key
    );
}
