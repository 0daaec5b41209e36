//! Writes the seed corpora of every fuzz target into `fuzz/corpus/<target>/` (or the folder
//! given as the only argument), from the committed vectors and the fixtures:
//!
//! * each object kind's target gets that kind's vector files, and `cbor` all of them;
//! * `presentation_batch` gets queues of presentations, `qr_text` the QR text of every vector;
//! * `wallet_store` gets the store as read (prefix 0) and its plaintext (prefix 1);
//! * `disclosure` gets every disclosure of the vector presentations;
//! * the targets that sign what the fuzzer writes get the payloads of fixture objects signed
//!   with the same keys (`holder_presentation`, `verifier_request`, `terminal_request`,
//!   `issuance_signed`), and `credential_package` the fixture's package.
//!
//! The structure-aware targets (`roundtrip_*`) start from nothing. Existing files are kept:
//! libFuzzer names its own finds by their SHA-1, and so does this tool, so a seed is written
//! once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use wangzheng::cose::Sign1;
use wangzheng::presentation::Presentation;
use wangzheng::{AttributeId, IssuanceRequest, Level, ObjectKind, PresentationRequest, qr};
use wangzheng_fuzz::{NOW, fixture, open_store, vectors, vectors_dir, verification_requests};

/// Kind folders of tests/vectors, each the corpus of the target with the same name.
const KINDS: &[&str] = &[
    "credential",
    "presentation",
    "presentation_request",
    "issuance_request",
    "trust_list",
    "status_list",
    "verification_request",
    "receipt",
    "wallet_store",
];

fn files(kind: &str) -> Vec<Vec<u8>> {
    let dir = vectors_dir().join(kind);
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("a vector file").path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display())))
        .collect()
}

fn payload(object: &[u8], kind: ObjectKind) -> Vec<u8> {
    Sign1::decode(object, kind)
        .expect("a fixture object decodes")
        .payload
        .to_vec()
}

/// A short, stable file name for a seed (FNV-1a, hex).
fn name(bytes: &[u8]) -> String {
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("seed-{h:016x}")
}

fn main() {
    let out: PathBuf = std::env::args().nth(1).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        PathBuf::from,
    );
    let mut corpora: BTreeMap<&str, Vec<Vec<u8>>> = BTreeMap::new();
    let mut all = Vec::new();
    for kind in KINDS {
        let f = files(kind);
        all.extend(f.iter().cloned());
        corpora.insert(kind, f);
    }

    let presentations = corpora["presentation"].clone();
    corpora.insert(
        "presentation_batch",
        presentations
            .chunks(3)
            .map(|queue| {
                let mut seed = Vec::new();
                for p in queue {
                    // One length byte, then the presentation: at most 255 bytes fit a part, so
                    // longer ones go last, where the rest of the input is the part.
                    if p.len() < 256 {
                        seed.push(p.len() as u8);
                        seed.extend_from_slice(p);
                    }
                }
                seed.push(0xff);
                seed.extend_from_slice(queue.last().expect("a queue"));
                seed
            })
            .collect(),
    );
    corpora.insert(
        "qr_text",
        all.iter()
            .map(|o| qr::encode_text(o).into_bytes())
            .collect(),
    );

    let key = vectors().storage_key;
    let stores = corpora["wallet_store"].clone();
    corpora.insert(
        "wallet_store",
        stores
            .iter()
            .flat_map(|s| {
                let mut raw = vec![0u8];
                raw.extend_from_slice(s);
                let plain = open_store(s, &key).map(|p| {
                    let mut v = vec![1u8];
                    v.extend(p);
                    v
                });
                std::iter::once(raw).chain(plain)
            })
            .collect(),
    );

    let mut disclosures = Vec::new();
    for p in &presentations {
        if let Ok(p) = Presentation::decode(p) {
            disclosures.extend(p.disclosures.iter().map(|d| d.disclosure.raw.to_vec()));
        }
    }
    corpora.insert("disclosure", disclosures);
    corpora.insert("cbor", all);

    let f = fixture();
    let qr_presentation = f
        .wallet
        .present(
            &[
                AttributeId::FullName,
                AttributeId::CardValidity,
                AttributeId::AgeOver(18),
            ],
            NOW,
        )
        .expect("presentation");
    let answer = f.wallet.respond(&f.request, NOW).expect("answer");
    corpora.insert(
        "holder_presentation",
        [&qr_presentation, &answer]
            .iter()
            .map(|p| payload(p, ObjectKind::Presentation))
            .collect(),
    );
    let requests: Vec<Vec<u8>> = [
        f.request.clone(),
        PresentationRequest::create(
            &wangzheng::RequestParams {
                verifier_id: "company-registry.example/counter",
                nonce: [1; 16],
                requested: &[
                    AttributeId::Portrait,
                    AttributeId::parse("org.example/member_tier").expect("extra"),
                    AttributeId::AgeOver(60),
                ],
                min_level: Level::Upgraded,
                max_age: 0,
                now: NOW,
            },
            &f.verifier_key,
        )
        .expect("request"),
    ]
    .iter()
    .map(|r| payload(r, ObjectKind::PresentationRequest))
    .collect();
    corpora.insert("verifier_request", requests);
    corpora.insert(
        "terminal_request",
        verification_requests()
            .iter()
            .map(|r| payload(r, ObjectKind::VerificationRequest))
            .collect(),
    );
    let device = wangzheng::SigningKey::from_seed(&[0x22; 32]);
    corpora.insert(
        "issuance_signed",
        [Level::Light, Level::Upgraded]
            .iter()
            .map(|l| {
                let r = IssuanceRequest::create(&device, *l, &[0x99; 16], NOW).expect("request");
                payload(&r, ObjectKind::IssuanceRequest)
            })
            .collect(),
    );
    corpora.insert("credential_package", vec![f.package.clone()]);

    let mut written = 0;
    for (target, seeds) in &corpora {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        for seed in seeds {
            let path = dir.join(name(seed));
            if !path.exists() {
                std::fs::write(&path, seed)
                    .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
                written += 1;
            }
        }
    }
    println!(
        "seed corpora: {} targets, {written} new seeds in {}",
        corpora.len(),
        out.display()
    );
}
