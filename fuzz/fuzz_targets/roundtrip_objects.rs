//! Structure-aware: arbitrary contents for each object of the format are encoded (signed where
//! the object is signed), decoded, and encoded again from what was decoded: the bytes must be
//! identical. Contents the format forbids must be refused by the encoder or the decoder with
//! the documented error, never half-accepted.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use wangzheng::credential::StatusRef;
use wangzheng::disclosure::{Disclosure, encode_disclosure};
use wangzheng::{
    AttributeId, AttributeValue, CardValidity, CredentialClaims, CredentialPackage,
    CredentialStatus, Date, Error, IssuanceRequest, Level, ObjectKind, PresentationRequest,
    PublicKey, RequestParams, Sex, SigningKey, StatusList, StatusListBuilder, TrustList,
    TrustedIssuer, limits, qr,
};
use wangzheng_fuzz::attribute_id;

#[derive(Arbitrary, Debug)]
enum Value {
    Text(String),
    Sex(bool),
    Ethnicity(u8),
    Date(u32),
    Card(u32, Option<u32>),
    Portrait(Vec<u8>),
    Bool(bool),
    Int(i64),
    Bytes(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Input {
    Claims {
        issued_at: u64,
        validity: u64,
        id: [u8; 16],
        device_key: [u8; 32],
        upgraded: bool,
        generation: u64,
        depth: u8,
        root: [u8; 16],
        status: Option<(u32, u32)>,
    },
    Disclosure {
        salt: [u8; 16],
        id: (u8, u8, String),
        value: Value,
    },
    Request {
        verifier_id: String,
        nonce: [u8; 16],
        requested: Vec<(u8, u8, String)>,
        upgraded: bool,
        max_age: u64,
        now: u64,
    },
    Issuance {
        upgraded: bool,
        nonce: [u8; 16],
        now: u64,
        seed: [u8; 32],
    },
    TrustList {
        sequence: u64,
        issued_at: u64,
        validity: u64,
        entries: Vec<(u8, u64, u64, u8, u8)>,
    },
    StatusList {
        list_id: u32,
        count: u16,
        set: Vec<(u16, u8)>,
        issued_at: u64,
        validity: u32,
    },
    Package {
        credential: Vec<u8>,
        leaves: Vec<[u8; 16]>,
        disclosures: Vec<Vec<u8>>,
    },
    Qr(Vec<u8>),
}

fn level(upgraded: bool) -> Level {
    if upgraded {
        Level::Upgraded
    } else {
        Level::Light
    }
}

fn claims(c: CredentialClaims) {
    let bytes = c.encode();
    match CredentialClaims::decode(&bytes) {
        Ok(d) => {
            assert_eq!(d, c);
            assert_eq!(d.encode(), bytes);
        }
        // The depth is read while parsing, the validity period checked after: claims that
        // break both rules are refused for the depth (fuzz/regressions/roundtrip_objects/).
        Err(e) if c.tree_depth > limits::MAX_TREE_DEPTH => {
            assert_eq!(e, Error::TooLarge("digest tree depth"))
        }
        Err(e) if c.expires_at <= c.issued_at => {
            assert_eq!(e, Error::Malformed("credential validity period"))
        }
        Err(e) => panic!("valid claims refused: {e}"),
    }
}

fn disclosure(salt: [u8; 16], id: AttributeId<'_>, value: AttributeValue<'_>) {
    let bytes = encode_disclosure(&salt, &id, &value);
    let decoded = Disclosure::from_bytes(&bytes);
    assert_eq!(
        decoded.is_ok(),
        value.check_for(&id).is_ok(),
        "the disclosure decoder and the value check disagree"
    );
    if let Ok(d) = decoded {
        assert!(d.id.same(&id));
        assert_eq!(encode_disclosure(d.salt, &d.id, &d.value), bytes);
    }
}

fuzz_target!(|input: Input| {
    match input {
        Input::Claims {
            issued_at,
            validity,
            id,
            device_key,
            upgraded,
            generation,
            depth,
            root,
            status,
        } => {
            let Some(expires_at) = issued_at.checked_add(validity) else {
                return;
            };
            claims(CredentialClaims {
                expires_at,
                issued_at,
                id,
                device_key,
                level: level(upgraded),
                generation,
                tree_depth: depth,
                root,
                status: status.map(|(list, index)| StatusRef { list, index }),
            });
        }
        Input::Disclosure {
            salt,
            id: (kind, n, name),
            value,
        } => {
            let Some(id) = attribute_id(kind, n, &name) else {
                return;
            };
            let date = |v: u32| Date::from_yyyymmdd(u64::from(v)).ok();
            let value = match &value {
                Value::Text(s) => AttributeValue::Text(s),
                Value::Sex(f) => AttributeValue::Sex(if *f { Sex::Female } else { Sex::Male }),
                Value::Ethnicity(e) => AttributeValue::Ethnicity(*e),
                Value::Date(d) => match date(*d) {
                    Some(d) => AttributeValue::Date(d),
                    None => return,
                },
                Value::Card(from, until) => {
                    let Some(from) = date(*from) else { return };
                    let until = match until {
                        Some(u) => match date(*u) {
                            Some(u) => Some(u),
                            None => return,
                        },
                        None => None,
                    };
                    AttributeValue::CardValidity(CardValidity { from, until })
                }
                Value::Portrait(p) => AttributeValue::Portrait(p),
                Value::Bool(b) => AttributeValue::Bool(*b),
                Value::Int(i) => AttributeValue::Int(*i),
                Value::Bytes(b) => AttributeValue::Bytes(b),
            };
            disclosure(salt, id, value);
        }
        Input::Request {
            verifier_id,
            nonce,
            requested,
            upgraded,
            max_age,
            now,
        } => {
            let ids: Vec<AttributeId<'_>> = requested
                .iter()
                .filter_map(|(k, n, name)| attribute_id(*k, *n, name))
                .collect();
            let key = SigningKey::from_seed(&[0x33; 32]);
            let params = RequestParams {
                verifier_id: &verifier_id,
                nonce,
                requested: &ids,
                min_level: level(upgraded),
                max_age,
                now,
            };
            let bytes = match PresentationRequest::create(&params, &key) {
                Ok(b) => b,
                Err(e) => {
                    assert!(matches!(e, Error::InvalidArgument(_)), "{e:?}");
                    let repeated = ids
                        .iter()
                        .enumerate()
                        .any(|(i, a)| ids[..i].iter().any(|b| b.same(a)));
                    assert!(
                        verifier_id.is_empty()
                            || verifier_id.len() > limits::MAX_VERIFIER_ID_LEN
                            || ids.len() > limits::MAX_REQUESTED
                            || repeated,
                        "a valid request refused: {e}"
                    );
                    return;
                }
            };
            let r = PresentationRequest::decode(&bytes).expect("a created request decodes");
            let again: Vec<AttributeId<'_>> = r.requested().collect();
            assert_eq!(again, ids);
            let params = RequestParams {
                verifier_id: r.verifier_id,
                nonce: *r.nonce,
                requested: &again,
                min_level: r.min_level,
                max_age: r.max_age,
                now: r.issued_at,
            };
            assert_eq!(
                PresentationRequest::create(&params, &key).expect("re-creates"),
                bytes
            );
        }
        Input::Issuance {
            upgraded,
            nonce,
            now,
            seed,
        } => {
            let key = SigningKey::from_seed(&seed);
            let bytes =
                IssuanceRequest::create(&key, level(upgraded), &nonce, now).expect("creates");
            let r = IssuanceRequest::decode(&bytes).expect("decodes");
            assert_eq!(
                IssuanceRequest::create(&key, r.level, &r.nonce, r.created_at).expect("re-creates"),
                bytes
            );
        }
        Input::TrustList {
            sequence,
            issued_at,
            validity,
            entries,
        } => {
            let root = SigningKey::from_seed(&[0xa5; 32]);
            let issuers: Vec<TrustedIssuer> = entries
                .iter()
                .map(|(seed, from, window, levels, kinds)| TrustedIssuer {
                    key: PublicKey::from_bytes(
                        &SigningKey::from_seed(&[*seed; 32]).public_key_bytes(),
                    )
                    .expect("key"),
                    valid_from: *from,
                    valid_until: from.saturating_add(*window),
                    levels: [Level::Light, Level::Upgraded]
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| levels >> i & 1 == 1)
                        .map(|(_, l)| l)
                        .collect(),
                    kinds: ObjectKind::ALL
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| kinds >> i & 1 == 1)
                        .map(|(_, k)| *k)
                        .collect(),
                })
                .collect();
            let Ok(bytes) = TrustList::sign(
                &root,
                sequence,
                issued_at,
                issued_at.saturating_add(validity),
                &issuers,
            ) else {
                return;
            };
            let root_public = PublicKey::from_bytes(&root.public_key_bytes()).expect("root");
            let list = TrustList::decode(&bytes, &root_public).expect("a signed list decodes");
            assert_eq!(list.issuers.len(), issuers.len());
            let again = TrustList::sign(
                &root,
                list.sequence,
                list.issued_at,
                list.next_update,
                &list.issuers,
            )
            .expect("re-signs");
            assert_eq!(again, bytes);
        }
        Input::StatusList {
            list_id,
            count,
            set,
            issued_at,
            validity,
        } => {
            let key = SigningKey::from_seed(&[0x5b; 32]);
            let public = PublicKey::from_bytes(&key.public_key_bytes()).expect("key");
            let count = u32::from(count);
            let mut b = StatusListBuilder::new(list_id, count).expect("builder");
            for (i, s) in set {
                let _ = b.set(u32::from(i), CredentialStatus::from_bits(s));
            }
            let validity = 1 + u64::from(validity) % limits::MAX_STATUS_LIST_VALIDITY;
            let Some(next) = issued_at.checked_add(validity) else {
                return;
            };
            let bytes = b.sign(&key, issued_at, next).expect("signs");
            let list = StatusList::decode(&bytes, &public).expect("decodes");
            let mut rebuilt = StatusListBuilder::new(list.list_id, list.len()).expect("builder");
            for i in 0..count {
                assert_eq!(list.get(i), b.get(i));
                rebuilt
                    .set(i, list.get(i).expect("in range"))
                    .expect("in range");
            }
            assert_eq!(
                rebuilt
                    .sign(&key, list.issued_at, list.next_update)
                    .expect("re-signs"),
                bytes
            );
        }
        Input::Package {
            credential,
            leaves,
            disclosures,
        } => {
            let p = CredentialPackage {
                credential: &credential,
                leaves,
                disclosures: disclosures.iter().map(Vec::as_slice).collect(),
            };
            let bytes = p.encode();
            match CredentialPackage::decode(&bytes) {
                Ok(d) => {
                    assert_eq!(d, p);
                    assert_eq!(d.encode(), bytes);
                }
                Err(_) => assert!(
                    p.leaves.len() > limits::MAX_DISCLOSURES
                        || p.disclosures.len() > limits::MAX_DISCLOSURES
                ),
            }
        }
        Input::Qr(bytes) => {
            let text = qr::encode_text(&bytes);
            match qr::decode_text(&text) {
                Ok(back) => assert_eq!(back, bytes),
                Err(e) => {
                    assert_eq!(e, Error::TooLarge("qr text"));
                    assert!(bytes.len() > limits::MAX_OBJECT_LEN);
                }
            }
        }
    }
});
