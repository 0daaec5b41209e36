//! wangzheng against its peers, in one run: the same three attributes (full name, age over 18,
//! ID number) disclosed from a credential of twelve attributes, bound to the holder's device
//! key, verified by
//!
//! * **wangzheng**: the QR text (`WZ1:` + base45) decoded and the presentation verified by a
//!   verifier with the pinned issuer key ([`wangzheng::Verifier::verify`]); also the bytes
//!   alone, without the QR text step;
//! * **SD-JWT+KB** (sd-jwt-rs 0.7.1, EdDSA for both the issuer JWT and the key-binding JWT,
//!   compact serialization, the other nine attributes undisclosed): [`SDJWTVerifier::new`]
//!   with expected audience and nonce;
//! * **ISO mdoc** (isomdl 0.2.0, ES256, device signature): the reader's
//!   `SessionManager::handle_response` on the device's session message (decryption, parsing,
//!   device authentication, the X.509 profile checks of the document signer certificate) plus
//!   isomdl's own `issuer_authentication` (the issuer signature over the MSO), which
//!   `handle_response` skips here because the benchmark's self-signed certificate has no IACA
//!   trust anchor. The figure therefore omits the IACA-side certificate checks: it
//!   understates isomdl's full cost slightly.
//!
//! Sizes: wangzheng presentation bytes and QR text characters; the SD-JWT+KB compact string;
//! the mdoc `DeviceResponse` (the plaintext inside the session message, which adds 16 bytes of
//! AES-GCM tag and a little CBOR framing).
//!
//! After criterion's groups the binary measures the ratios itself (interleaved rounds, medians
//! of per-round means and of per-round ratios) and prints `WZHDR`/`WZROW` summary lines that
//! `cargo xtask bench` turns into the tables of docs/BENCHMARKS.md.
//!
//! ```text
//! cd benches/peers && cargo bench --bench peers            # full run
//! cd benches/peers && cargo bench --bench peers -- --quick
//! ```

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{BatchSize, Criterion};
use isomdl::cbor;
use isomdl::definitions::device_request::{DataElements, Namespaces as RequestNamespaces};
use isomdl::definitions::x509::X5Chain;
use isomdl::definitions::x509::trust_anchor::TrustAnchorRegistry;
use isomdl::definitions::{
    CoseKey, DeviceKeyInfo, DeviceResponse, DigestAlgorithm, EC2Curve, EC2Y, IssuerSigned,
    SessionData, SessionEstablishment, ValidityInfo,
};
use isomdl::issuance::Mdoc;
use isomdl::presentation::authentication::AuthenticationStatus;
use isomdl::presentation::authentication::mdoc::issuer_authentication;
use isomdl::presentation::device::{Document as DeviceDocument, Documents, SessionManagerInit};
use isomdl::presentation::reader;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{DecodingKey, EncodingKey};
use p256::ecdsa::signature::Signer;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sd_jwt_rs::issuer::ClaimsForSelectiveDisclosureStrategy;
use sd_jwt_rs::{SDJWTHolder, SDJWTIssuer, SDJWTSerializationFormat, SDJWTVerifier};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::str::FromStr;
use std::time::Duration;
use wangzheng::cose::sig_structure;
use wangzheng::presentation::Presentation;
use wangzheng::{
    AttributeId, CardValidity, Date, IssueOptions, Issuer, Level, PersonRecord, Policy, PublicKey,
    Sex, SigningKey, Verifier, Wallet, qr,
};
use wangzheng_peers::{header, interleaved, median, paired_ratio, row};

/// 2026-01-01T00:00:00Z, wangzheng's fixed clock.
const NOW: u64 = 1_767_225_600;
const VERIFY_AT: u64 = NOW + 2;
const TABLE: &str = "peers";

const FULL_NAME: &str = "王建国";
const ID_NUMBER: &str = "110101199003070011";
const ADDRESS: &str = "北京市东城区景山前街4号";
const AUTHORITY: &str = "北京市公安局东城分局";

/// The twelve attributes every peer's credential carries (names as in wangzheng), and the three
/// that every presentation discloses.
fn attributes() -> Vec<(&'static str, Value)> {
    vec![
        ("full_name", json!(FULL_NAME)),
        ("sex", json!(1)),
        ("ethnicity", json!(1)),
        ("birth_date", json!("1990-03-07")),
        ("address", json!(ADDRESS)),
        ("id_number", json!(ID_NUMBER)),
        ("issuing_authority", json!(AUTHORITY)),
        ("card_valid_from", json!("2020-01-01")),
        ("card_valid_until", json!("2040-01-01")),
        ("age_over_14", json!(true)),
        ("age_over_16", json!(true)),
        ("age_over_18", json!(true)),
    ]
}
const DISCLOSED: [&str; 3] = ["full_name", "age_over_18", "id_number"];

// ---------------------------------------------------------------------------------------------
// wangzheng

struct Wz {
    verifier: Verifier,
    bytes: Vec<u8>,
    text: String,
    /// The floor: the two strict signature checks, messages prepared beforehand.
    issuer_key: PublicKey,
    issuer_msg: Vec<u8>,
    issuer_sig: [u8; 64],
    device_key: [u8; 32],
    device_msg: Vec<u8>,
    device_sig: [u8; 64],
}

fn wangzheng() -> Wz {
    let issuer = Issuer::from_seed(&[0x11; 32]).expect("issuer");
    let mut wallet = Wallet::new(SigningKey::from_seed(&[0x21; 32]));
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let person = PersonRecord {
        full_name: FULL_NAME.into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: Date::new(1990, 3, 7).expect("date"),
        address: ADDRESS.into(),
        id_number: ID_NUMBER.into(),
        issuing_authority: AUTHORITY.into(),
        card_validity: CardValidity {
            from: Date::new(2020, 1, 1).expect("date"),
            until: Some(Date::new(2040, 1, 1).expect("date")),
        },
        portrait: None,
        extras: vec![],
    };
    let nonce = Issuer::new_nonce(&mut rng);
    let request = wallet
        .issuance_request(Level::Light, &nonce, NOW - 60)
        .expect("issuance request");
    let checked = issuer
        .check_request(&request, &nonce, NOW - 60)
        .expect("checked");
    let options = IssueOptions {
        proven_level: Level::Light,
        ..IssueOptions::default()
    };
    let issued = issuer
        .issue(&checked, &person, &options, &mut rng, NOW - 60)
        .expect("issued");
    wallet
        .store(&issued.package, issuer.public_key(), NOW - 60)
        .expect("stored");
    let bytes = wallet
        .present(
            &[
                AttributeId::FullName,
                AttributeId::AgeOver(18),
                AttributeId::IdNumber,
            ],
            NOW + 1,
        )
        .expect("present");
    let text = qr::encode_text(&bytes);
    let verifier = Verifier::new(Policy::default()).with_issuer_key(*issuer.public_key());
    let p = Presentation::decode(&bytes).expect("decodes");
    let c = &p.credential.sign1;
    let wz = Wz {
        verifier,
        issuer_key: *issuer.public_key(),
        issuer_msg: sig_structure(c.protected, c.payload),
        issuer_sig: *c.signature,
        device_key: p.credential.claims.device_key,
        device_msg: sig_structure(p.sign1.protected, p.sign1.payload),
        device_sig: *p.sign1.signature,
        bytes: bytes.clone(),
        text,
    };
    assert!(wz.floor());
    assert!(wz.verify_text() && wz.verify_bytes());
    let v = wz.verifier.verify(&wz.bytes, VERIFY_AT).expect("verifies");
    assert_eq!(v.disclosed_count(), 3);
    wz
}

impl Wz {
    fn verify_text(&self) -> bool {
        let Ok(bytes) = qr::decode_text(black_box(&self.text)) else {
            return false;
        };
        match self.verifier.verify(&bytes, VERIFY_AT) {
            Ok(v) => v.disclosed_count() == 3,
            Err(_) => false,
        }
    }

    /// Two strict Ed25519 checks (the library's own), the device key parsed as part of it.
    fn floor(&self) -> bool {
        let a = self
            .issuer_key
            .verify_strict(&[black_box(&self.issuer_msg)], &self.issuer_sig)
            .is_ok();
        let b = PublicKey::from_bytes(black_box(&self.device_key))
            .and_then(|k| k.verify_strict(&[black_box(&self.device_msg)], &self.device_sig))
            .is_ok();
        a & b
    }

    fn verify_bytes(&self) -> bool {
        match self.verifier.verify(black_box(&self.bytes), VERIFY_AT) {
            Ok(v) => v.disclosed_count() == 3,
            Err(_) => false,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// SD-JWT with key binding, EdDSA

/// PKCS#8 v1 DER of an Ed25519 private key from its 32-byte seed (RFC 8410).
fn ed25519_pkcs8(seed: &[u8; 32]) -> Vec<u8> {
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(seed);
    der
}

struct SdJwt {
    presentation: String,
    issuer_x: String,
}

const AUDIENCE: &str = "https://verifier.example/gate-7";
const KB_NONCE: &str = "SGFvdGVsTm9uY2UxNg";

fn sd_jwt() -> SdJwt {
    let issuer_seed = [0x31; 32];
    let holder_seed = [0x32; 32];
    let x =
        |seed: &[u8; 32]| URL_SAFE_NO_PAD.encode(SigningKey::from_seed(seed).public_key_bytes());
    let issuer_key = EncodingKey::from_ed_der(&ed25519_pkcs8(&issuer_seed));
    let holder_key = EncodingKey::from_ed_der(&ed25519_pkcs8(&holder_seed));
    let holder_jwk: Jwk = serde_json::from_value(json!({
        "kty": "OKP", "crv": "Ed25519", "x": x(&holder_seed)
    }))
    .expect("holder JWK");

    // exp far ahead of the wall clock: jsonwebtoken checks it against the real time.
    let mut claims = Map::new();
    claims.insert("iss".into(), json!("https://issuer.example"));
    claims.insert("iat".into(), json!(NOW));
    claims.insert("exp".into(), json!(4_102_444_800u64));
    for (k, v) in attributes() {
        claims.insert(k.into(), v);
    }
    let mut issuer = SDJWTIssuer::new(issuer_key, Some("EdDSA".into()));
    let issued = issuer
        .issue_sd_jwt(
            Value::Object(claims),
            ClaimsForSelectiveDisclosureStrategy::TopLevel,
            Some(holder_jwk),
            false,
            SDJWTSerializationFormat::Compact,
        )
        .expect("SD-JWT issued");
    let mut holder =
        SDJWTHolder::new(issued, SDJWTSerializationFormat::Compact).expect("holder parses");
    let disclose: Map<String, Value> = attributes()
        .into_iter()
        .filter(|(k, _)| DISCLOSED.contains(k))
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let presentation = holder
        .create_presentation(
            disclose,
            Some(KB_NONCE.into()),
            Some(AUDIENCE.into()),
            Some(holder_key),
            Some("EdDSA".into()),
        )
        .expect("presentation");
    let s = SdJwt {
        presentation,
        issuer_x: x(&issuer_seed),
    };
    let claims = s.verified().expect("SD-JWT+KB verifies");
    for k in DISCLOSED {
        assert!(claims.get(k).is_some(), "{k} disclosed");
    }
    assert!(claims.get("address").is_none(), "address not disclosed");
    s
}

impl SdJwt {
    fn verified(&self) -> Option<Value> {
        let x = self.issuer_x.clone();
        let resolver = Box::new(move |_: &str, _: &jsonwebtoken::Header| {
            DecodingKey::from_ed_components(&x).expect("issuer key")
        });
        SDJWTVerifier::new(
            black_box(self.presentation.clone()),
            resolver,
            Some(AUDIENCE.into()),
            Some(KB_NONCE.into()),
            SDJWTSerializationFormat::Compact,
        )
        .ok()
        .map(|v| v.verified_claims)
    }

    fn verify(&self) -> bool {
        self.verified().is_some()
    }
}

// ---------------------------------------------------------------------------------------------
// ISO mdoc DeviceResponse

const DOC_TYPE: &str = "org.iso.18013.5.1.mDL";
const NAMESPACE: &str = "org.iso.18013.5.1";

struct MdocPeer {
    reader: reader::SessionManager,
    session_message: Vec<u8>,
    device_response_len: usize,
    x5chain: X5Chain,
    issuer_signed: IssuerSigned,
}

/// A self-signed certificate for the document signer key (the reader does not find a trust
/// anchor for it; see the module documentation).
fn certificate(key: &p256::ecdsa::SigningKey) -> X5Chain {
    use x509_cert::builder::{Builder, CertificateBuilder, Profile};
    use x509_cert::der::Encode;
    use x509_cert::name::Name;
    use x509_cert::serial_number::SerialNumber;
    use x509_cert::spki::SubjectPublicKeyInfoOwned;
    use x509_cert::time::Validity;
    let subject = Name::from_str("CN=wangzheng benchmark document signer,C=CN").expect("name");
    let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).expect("spki");
    let validity = Validity::from_now(Duration::from_secs(365 * 86_400)).expect("validity");
    let builder = CertificateBuilder::new(
        Profile::Root,
        SerialNumber::from(1u32),
        validity,
        subject,
        spki,
        key,
    )
    .expect("certificate builder");
    let cert = builder
        .build::<p256::ecdsa::DerSignature>()
        .expect("certificate");
    X5Chain::builder()
        .with_der_certificate(&cert.to_der().expect("DER"))
        .expect("x5chain")
        .build()
        .expect("x5chain")
}

fn cbor_value(v: &Value) -> ciborium::Value {
    match v {
        Value::Bool(b) => ciborium::Value::Bool(*b),
        Value::Number(n) => ciborium::Value::Integer(n.as_i64().expect("integer").into()),
        Value::String(s) => ciborium::Value::Text(s.clone()),
        other => panic!("unsupported attribute value {other}"),
    }
}

fn mdoc() -> MdocPeer {
    let issuer_key = p256::ecdsa::SigningKey::from_slice(&[0x41; 32]).expect("issuer key");
    let device_key = p256::ecdsa::SigningKey::from_slice(&[0x42; 32]).expect("device key");
    let x5chain = certificate(&issuer_key);

    let point = device_key.verifying_key().to_encoded_point(false);
    let device_key_info = DeviceKeyInfo {
        device_key: CoseKey::EC2 {
            crv: EC2Curve::P256,
            x: point.x().expect("x").to_vec(),
            y: EC2Y::Value(point.y().expect("y").to_vec()),
        },
        key_authorizations: None,
        key_info: None,
    };
    let elements: BTreeMap<String, ciborium::Value> = attributes()
        .iter()
        .map(|(k, v)| (k.to_string(), cbor_value(v)))
        .collect();
    let namespaces = [(NAMESPACE.to_string(), elements)].into_iter().collect();
    let now = time::OffsetDateTime::now_utc();
    let validity_info = ValidityInfo {
        signed: now,
        valid_from: now,
        valid_until: now + time::Duration::days(180),
        expected_update: None,
    };
    let mdoc = Mdoc::builder()
        .doc_type(DOC_TYPE.into())
        .namespaces(namespaces)
        .validity_info(validity_info)
        .digest_algorithm(DigestAlgorithm::SHA256)
        .device_key_info(device_key_info)
        .issue::<p256::ecdsa::SigningKey, p256::ecdsa::Signature>(
            x5chain.clone(),
            issuer_key.clone(),
        )
        .expect("mdoc issued");

    // Device engagement, reader request, device response: the 18013-5 flow.
    let documents = Documents::new(DOC_TYPE.to_string(), DeviceDocument::from(mdoc));
    let (engaged, qr) = SessionManagerInit::initialise(documents, None, None)
        .expect("device session")
        .qr_engagement()
        .expect("engagement");
    let mut wanted = DataElements::new(DISCLOSED[0].to_string(), false);
    for e in &DISCLOSED[1..] {
        wanted.insert(e.to_string(), false);
    }
    let requested = RequestNamespaces::new(NAMESPACE.to_string(), wanted);
    let (reader, request, _) =
        reader::SessionManager::establish_session(qr, requested, TrustAnchorRegistry::default())
            .expect("reader session");
    let establishment: SessionEstablishment = cbor::from_slice(&request).expect("request");
    let (mut device, validated) = engaged
        .process_session_establishment(establishment, TrustAnchorRegistry::default())
        .expect("device processes the request");
    let permitted = [(
        DOC_TYPE.to_string(),
        [(
            NAMESPACE.to_string(),
            DISCLOSED.iter().map(|s| s.to_string()).collect(),
        )]
        .into_iter()
        .collect(),
    )]
    .into_iter()
    .collect();
    device.prepare_response(&validated.items_request, permitted);
    let (_, payload) = device.get_next_signature_payload().expect("to sign");
    let signature: p256::ecdsa::Signature = device_key.sign(payload);
    device
        .submit_next_signature(signature.to_vec())
        .expect("signature accepted");
    let session_message = device.retrieve_response().expect("response");

    // The plaintext DeviceResponse, for its size and the issuer-signature step.
    let session: SessionData = cbor::from_slice(&session_message).expect("session data");
    let ciphertext = session.data.expect("data");
    let mut counter = 0u32;
    let plain = isomdl::definitions::session::decrypt_device_data(
        &derive_device_key(&reader),
        ciphertext.as_ref(),
        &mut counter,
    )
    .expect("decrypts");
    let response: DeviceResponse = cbor::from_slice(&plain).expect("device response");
    let (document, _, _) = reader::parse(&response).expect("parses");
    let issuer_signed = document.issuer_signed.clone();

    let peer = MdocPeer {
        reader,
        session_message,
        device_response_len: plain.len(),
        x5chain,
        issuer_signed,
    };
    let mut r = peer.reader.clone();
    let outcome = r.handle_response(&peer.session_message);
    let disclosed = outcome.response[NAMESPACE].as_object().expect("namespace");
    for e in DISCLOSED {
        assert!(disclosed.contains_key(e), "{e} disclosed");
    }
    assert_eq!(disclosed.len(), 3);
    assert!(peer.verify(), "mdoc verifies");
    peer
}

/// The device session key, read back from the reader's serialized state (the reader keeps it
/// private; it is needed only once, outside any timing, to size the plaintext response).
fn derive_device_key(reader: &reader::SessionManager) -> SessionKey {
    let state = serde_json::to_value(reader).expect("reader state");
    let bytes: Vec<u8> = state["sk_device"]
        .as_array()
        .expect("sk_device")
        .iter()
        .map(|b| b.as_u64().expect("byte") as u8)
        .collect();
    *p256::elliptic_curve::generic_array::GenericArray::from_slice(&bytes)
}

type SessionKey =
    p256::elliptic_curve::generic_array::GenericArray<u8, p256::elliptic_curve::consts::U32>;

impl MdocPeer {
    /// The reader's work on one response, with a reader state prepared beforehand.
    fn verify_parts(&self, mut reader: reader::SessionManager) -> bool {
        let outcome = reader.handle_response(black_box(&self.session_message));
        let device_ok = matches!(outcome.device_authentication, AuthenticationStatus::Valid);
        let issuer_ok =
            issuer_authentication(self.x5chain.clone(), black_box(&self.issuer_signed)).is_ok();
        device_ok && issuer_ok && outcome.response.contains_key(NAMESPACE)
    }

    fn verify(&self) -> bool {
        self.verify_parts(self.reader.clone())
    }
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);

    let wz = wangzheng();
    let sd = sd_jwt();
    let md = mdoc();

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .without_plots()
        .configure_from_args();
    {
        let mut g = c.benchmark_group("peers_verify");
        g.bench_function("wangzheng_qr_text", |b| b.iter(|| wz.verify_text()));
        g.bench_function("wangzheng_bytes", |b| b.iter(|| wz.verify_bytes()));
        g.bench_function("2x_verify_strict", |b| b.iter(|| wz.floor()));
        g.bench_function("sd_jwt_kb_eddsa", |b| b.iter(|| sd.verify()));
        g.bench_function("mdoc_device_response", |b| {
            b.iter_batched(
                || md.reader.clone(),
                |r| md.verify_parts(r),
                BatchSize::SmallInput,
            )
        });
        g.bench_function("mdoc_reader_state_clone", |b| {
            b.iter(|| black_box(md.reader.clone()))
        });
        g.finish();
    }
    c.final_summary();

    if !has("--bench") || has("--list") {
        return;
    }
    // Short rounds (about 1 ms per routine), many of them: on a shared machine most rounds then
    // run without being preempted, and the medians drop the ones that were.
    let rounds = if has("--quick") { 40 } else { 300 };
    let iters = [8, 8, 5, 1, 8];
    let clone_us = median(
        (0..rounds)
            .map(|_| {
                wangzheng_peers::mean_us(1000, &mut || {
                    black_box(md.reader.clone());
                    true
                })
            })
            .collect(),
    );
    let means = interleaved(
        rounds,
        &iters,
        &mut [
            &mut || wz.verify_text(),
            &mut || wz.verify_bytes(),
            &mut || sd.verify(),
            &mut || md.verify(),
            &mut || wz.floor(),
        ],
    );
    // The mdoc routine includes cloning the reader state (it is consumed by each response);
    // that clone is measured apart and subtracted.
    let mdoc_adjusted: Vec<f64> = means[3].iter().map(|m| m - clone_us).collect();
    let m: Vec<f64> = [&means[0], &means[1], &means[2], &mdoc_adjusted, &means[4]]
        .iter()
        .map(|v| median(v.to_vec()))
        .collect();
    println!();
    println!(
        "peers: {rounds} interleaved rounds; medians of per-round means; mdoc minus the reader \
         state clone ({clone_us:.2} µs)"
    );
    header(
        TABLE,
        &[
            "presentation (full_name + age_over_18 + id_number)",
            "size",
            "verify (median)",
            "wangzheng QR text is faster by",
        ],
    );
    row(
        TABLE,
        &[
            "wangzheng, QR text (decode + verify)".into(),
            format!("{} chars ({} bytes binary)", wz.text.len(), wz.bytes.len()),
            format!("{:.1} µs", m[0]),
            "—".into(),
        ],
    );
    row(
        TABLE,
        &[
            "wangzheng, binary (verify)".into(),
            format!("{} bytes", wz.bytes.len()),
            format!("{:.1} µs", m[1]),
            "—".into(),
        ],
    );
    row(
        TABLE,
        &[
            "floor: two strict Ed25519 checks (wangzheng's own)".into(),
            "—".into(),
            format!("{:.1} µs", m[4]),
            format!(
                "verify/floor {:.3} (paired {:.3})",
                m[1] / m[4],
                paired_ratio(&means[1], &means[4])
            ),
        ],
    );
    row(
        TABLE,
        &[
            "SD-JWT+KB, EdDSA (sd-jwt-rs 0.7.1)".into(),
            format!("{} chars", sd.presentation.len()),
            format!("{:.1} µs", m[2]),
            format!(
                "{:.2}× (paired {:.2}×)",
                m[2] / m[0],
                paired_ratio(&means[2], &means[0])
            ),
        ],
    );
    row(
        TABLE,
        &[
            "ISO mdoc DeviceResponse, ES256 (isomdl 0.2.0)".into(),
            format!(
                "{} bytes ({} bytes session message)",
                md.device_response_len,
                md.session_message.len()
            ),
            format!("{:.1} µs", m[3]),
            format!(
                "{:.2}× (paired {:.2}×)",
                m[3] / m[0],
                paired_ratio(&mdoc_adjusted, &means[0])
            ),
        ],
    );
    // For the chart and the goal table of `cargo xtask bench`: medians in µs.
    for (name, v) in [
        ("wangzheng_qr", m[0]),
        ("wangzheng_bytes", m[1]),
        ("sd_jwt_kb", m[2]),
        ("mdoc", m[3]),
        ("floor", m[4]),
    ] {
        println!("WZROW\tpeer_us\t{name}\t{v:.3}");
    }
    println!(
        "WZROW\tpeer_sizes\twangzheng\t{}\nWZROW\tpeer_sizes\tsd_jwt_kb\t{}\nWZROW\tpeer_sizes\tmdoc\t{}",
        wz.bytes.len(),
        sd.presentation.len(),
        md.device_response_len
    );
}
