//! Batch verification decides exactly as single mode: for raw signatures (on the
//! ed25519-speccheck and Wycheproof edge cases mixed with valid and corrupted ones) and for
//! whole presentations (valid ones mixed with every kind of refusal).

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use serde_json::Value;
use wangzheng::crypto::verify_strict_batch;
use wangzheng::*;

const NOW: u64 = 1_767_225_600;

fn external(path: &str) -> Value {
    let full = format!(
        "{}/../tests/vectors/external/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&full).expect("read vector file")).expect("json")
}

fn arr<const N: usize>(hex_str: &str) -> Option<[u8; N]> {
    hex::decode(hex_str).ok()?.try_into().ok()
}

/// (key, message, signature) from the external vectors whose key parses (a key that does not
/// parse is refused before any signature check, in both modes).
fn edge_cases() -> Vec<(PublicKey, Vec<u8>, [u8; 64])> {
    let mut out = Vec::new();
    for case in external("speccheck/cases.json").as_array().expect("cases") {
        let key = arr::<32>(case["pub_key"].as_str().expect("key")).expect("32 bytes");
        let sig = arr::<64>(case["signature"].as_str().expect("sig")).expect("64 bytes");
        let msg = hex::decode(case["message"].as_str().expect("msg")).expect("hex");
        if let Ok(k) = PublicKey::from_bytes(&key) {
            out.push((k, msg, sig));
        }
    }
    let w = external("wycheproof/ed25519_test.json");
    for group in w["testGroups"].as_array().expect("groups") {
        let Some(key) = arr::<32>(group["publicKey"]["pk"].as_str().expect("pk")) else {
            continue;
        };
        let Ok(k) = PublicKey::from_bytes(&key) else {
            continue;
        };
        for t in group["tests"].as_array().expect("tests") {
            if let Some(sig) = arr::<64>(t["sig"].as_str().expect("sig")) {
                out.push((
                    k,
                    hex::decode(t["msg"].as_str().expect("msg")).expect("hex"),
                    sig,
                ));
            }
        }
    }
    out
}

fn valid_items(n: usize, rng: &mut ChaCha20Rng) -> Vec<(PublicKey, Vec<u8>, [u8; 64])> {
    (0..n)
        .map(|i| {
            let key = SigningKey::generate(rng);
            let msg = vec![i as u8; 40 + i];
            let sig = key.sign_bytes(&msg);
            (
                PublicKey::from_bytes(&key.public_key_bytes()).expect("key"),
                msg,
                sig,
            )
        })
        .collect()
}

fn assert_same_as_single(items: &[(PublicKey, Vec<u8>, [u8; 64])], what: &str) {
    let refs: Vec<(&PublicKey, &[u8], &[u8; 64])> =
        items.iter().map(|(k, m, s)| (k, m.as_slice(), s)).collect();
    let batch = verify_strict_batch(&refs);
    assert_eq!(batch.len(), items.len());
    for (i, ((k, m, s), b)) in items.iter().zip(&batch).enumerate() {
        assert_eq!(
            *b,
            k.verify_strict(&[m], s),
            "{what}: item {i} decided differently in batch mode"
        );
    }
}

#[test]
fn edge_cases_alone_and_mixed_into_valid_batches() {
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    let edges = edge_cases();
    assert!(edges.len() > 100, "the external vectors must load");
    assert!(
        edges
            .iter()
            .any(|(k, m, s)| k.verify_strict(&[m], s).is_err())
    );
    assert_same_as_single(&edges, "all edge cases in one batch");
    for (i, edge) in edges.iter().enumerate() {
        let mut batch = valid_items(7, &mut rng);
        batch.insert(i % 8, edge.clone());
        assert_same_as_single(&batch, &format!("edge case {i} among valid signatures"));
    }
}

#[test]
fn corrupted_signatures_are_found_inside_large_batches() {
    let mut rng = ChaCha20Rng::seed_from_u64(12);
    for bad_count in [0usize, 1, 2, 5, 64] {
        let mut items = valid_items(64, &mut rng);
        for _ in 0..bad_count {
            let i = (rng.next_u32() % 64) as usize;
            let bit = (rng.next_u32() % 512) as usize;
            items[i].2[bit / 8] ^= 1 << (bit % 8);
        }
        assert_same_as_single(&items, &format!("{bad_count} corrupted of 64"));
    }
}

struct World {
    issuer: Issuer,
    wallets: Vec<Wallet<SigningKey>>,
    verifier: Verifier,
}

fn person(i: usize) -> PersonRecord {
    // Birth dates from 1990-03-01 on, one day apart; the ID number's check character is computed.
    let born = Date::from_days_since_epoch(7364 + i as i64).expect("date");
    let body = format!("110101{}{:03}", born.to_yyyymmdd(), 10 + i);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    PersonRecord {
        full_name: format!("旅客{i}"),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: born,
        address: "北京市东城区".into(),
        id_number: format!("{body}{check}"),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: Date::new(2020, 1, 1).expect("date"),
            until: None,
        },
        portrait: None,
        extras: vec![],
    }
}

fn world(n: usize) -> World {
    let mut rng = ChaCha20Rng::seed_from_u64(13);
    let issuer = Issuer::from_seed(&[0x51; 32]).expect("issuer");
    let wallets = (0..n)
        .map(|i| {
            let mut w = Wallet::new(SigningKey::generate(&mut rng));
            let nonce = Issuer::new_nonce(&mut rng);
            let req = w
                .issuance_request(Level::Light, &nonce, NOW - 600)
                .expect("request");
            let checked = issuer
                .check_request(&req, &nonce, NOW - 600)
                .expect("check");
            let issued = issuer
                .issue(
                    &checked,
                    &person(i),
                    &IssueOptions::default(),
                    &mut rng,
                    NOW - 600,
                )
                .expect("issue");
            w.store(&issued.package, issuer.public_key(), NOW - 600)
                .expect("store");
            w
        })
        .collect();
    let verifier = Verifier::new(Policy::default()).with_issuer_key(*issuer.public_key());
    World {
        issuer,
        wallets,
        verifier,
    }
}

#[test]
fn presentation_batches_decide_like_single_mode() {
    let w = world(12);
    let mut rng = ChaCha20Rng::seed_from_u64(14);
    let mut presentations: Vec<Vec<u8>> = Vec::new();
    for (i, wallet) in w.wallets.iter().enumerate() {
        let disclose = if i % 2 == 0 {
            vec![AttributeId::AgeOver(18)]
        } else {
            vec![]
        };
        presentations.push(wallet.present(&disclose, NOW - 5).expect("present"));
    }
    // Refusals of every kind: stale, from the future, a flipped bit in each region, truncated,
    // another issuer, a credential with a weak device key.
    presentations.push(w.wallets[0].present(&[], NOW - 500).expect("stale"));
    presentations.push(w.wallets[1].present(&[], NOW + 500).expect("future"));
    for _ in 0..24 {
        let mut p = presentations[(rng.next_u32() % 12) as usize].clone();
        let bit = (rng.next_u32() as usize) % (p.len() * 8);
        p[bit / 8] ^= 1 << (bit % 8);
        presentations.push(p);
    }
    let mut truncated = presentations[3].clone();
    truncated.pop();
    presentations.push(truncated);
    let other = Issuer::from_seed(&[0x52; 32]).expect("issuer");
    let mut lone = Wallet::new(SigningKey::from_seed(&[0x53; 32]));
    let nonce = [7; 16];
    let req = lone
        .issuance_request(Level::Light, &nonce, NOW - 60)
        .expect("req");
    let checked = other.check_request(&req, &nonce, NOW - 60).expect("check");
    let issued = other
        .issue(
            &checked,
            &person(40),
            &IssueOptions::default(),
            &mut rng,
            NOW - 60,
        )
        .expect("issue");
    lone.store(&issued.package, other.public_key(), NOW - 60)
        .expect("store");
    presentations.push(lone.present(&[], NOW - 1).expect("present"));
    let _ = &w.issuer;

    let single: Vec<_> = presentations
        .iter()
        .map(|p| w.verifier.verify(p, NOW).map(|v| v.credential_id))
        .collect();
    assert!(single.iter().filter(|r| r.is_ok()).count() >= 12);
    assert!(single.iter().filter(|r| r.is_err()).count() >= 10);
    // Every order and size of batch: the whole queue, reversed, and in chunks.
    let refs: Vec<&[u8]> = presentations.iter().map(Vec::as_slice).collect();
    let mut orders: Vec<Vec<usize>> =
        vec![(0..refs.len()).collect(), (0..refs.len()).rev().collect()];
    let mut shuffled: Vec<usize> = (0..refs.len()).collect();
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, (rng.next_u32() as usize) % (i + 1));
    }
    orders.push(shuffled);
    for order in orders {
        for chunk in order.chunks(8).chain(std::iter::once(order.as_slice())) {
            let batch_input: Vec<&[u8]> = chunk.iter().map(|&i| refs[i]).collect();
            let batch = w.verifier.verify_batch(&batch_input, NOW);
            for (&i, b) in chunk.iter().zip(batch) {
                assert_eq!(
                    b.map(|v| v.credential_id),
                    single[i],
                    "presentation {i} decided differently in batch mode"
                );
            }
        }
    }
}

#[test]
fn a_valid_batch_reports_the_same_views_as_single_mode() {
    let w = world(4);
    let ps: Vec<Vec<u8>> = w
        .wallets
        .iter()
        .map(|x| x.present(&[AttributeId::AgeOver(18)], NOW))
        .collect::<Result<_>>()
        .expect("present");
    let refs: Vec<&[u8]> = ps.iter().map(Vec::as_slice).collect();
    for (b, p) in w.verifier.verify_batch(&refs, NOW).into_iter().zip(&ps) {
        let (b, s) = (
            b.expect("batch accepts"),
            w.verifier.verify(p, NOW).expect("single accepts"),
        );
        assert_eq!(
            (b.credential_id, b.level, b.presented_at, b.fresh_until),
            (s.credential_id, s.level, s.presented_at, s.fresh_until)
        );
        assert_eq!(
            b.disclosed().collect::<Vec<_>>(),
            s.disclosed().collect::<Vec<_>>()
        );
    }
}
