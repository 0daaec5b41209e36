//! Loading status lists: a list cannot outrank the real ones by claiming a future issue time,
//! and a list cannot stay fresh for more than a week, which bounds what a retired or stolen
//! issuer key can do with a back-dated list.

use wangzheng::limits::MAX_STATUS_LIST_VALIDITY;
use wangzheng::*;

const NOW: u64 = 1_767_225_600;
const DAY: u64 = 86_400;

fn setup() -> (SigningKey, Verifier, StatusListBuilder) {
    let issuer_key = SigningKey::from_seed(&[0x11; 32]);
    let issuer = PublicKey::from_bytes(&issuer_key.public_key_bytes()).expect("key");
    let verifier = Verifier::new(Policy::default()).with_issuer_key(issuer);
    (
        issuer_key,
        verifier,
        StatusListBuilder::new(1, 16).expect("list"),
    )
}

#[test]
fn a_list_from_the_future_is_refused_and_changes_nothing() {
    let (key, mut verifier, mut list) = setup();
    let future = list
        .sign(&key, NOW + 30 * DAY, NOW + 31 * DAY)
        .expect("sign");
    assert_eq!(
        verifier.update_status_list(&future, NOW),
        Err(Error::NotYetValid)
    );
    assert!(verifier.status_list(1).is_none());
    list.set(3, CredentialStatus::Revoked).expect("set");
    let real = list.sign(&key, NOW - 60, NOW + DAY).expect("sign");
    assert_eq!(verifier.update_status_list(&real, NOW), Ok(true));
    let r = StatusRef { list: 1, index: 3 };
    assert_eq!(verifier.check_status(Some(r), NOW), Err(Error::Revoked));
    // Within the clock skew a list is accepted.
    let skewed = list.sign(&key, NOW + 10, NOW + DAY).expect("sign");
    assert_eq!(verifier.update_status_list(&skewed, NOW), Ok(true));
}

#[test]
fn an_older_list_never_replaces_a_newer_one() {
    let (key, mut verifier, mut list) = setup();
    let old = list.sign(&key, NOW - 2 * DAY, NOW - DAY).expect("sign");
    list.set(0, CredentialStatus::Suspended).expect("set");
    let new = list.sign(&key, NOW - 60, NOW + DAY).expect("sign");
    assert_eq!(verifier.update_status_list(&new, NOW), Ok(true));
    assert_eq!(verifier.update_status_list(&old, NOW), Ok(false));
    assert_eq!(
        verifier.check_status(Some(StatusRef { list: 1, index: 0 }), NOW),
        Err(Error::Suspended)
    );
}

#[test]
fn a_list_may_stay_fresh_for_at_most_a_week() {
    let (key, _, list) = setup();
    assert!(list.sign(&key, NOW, NOW + MAX_STATUS_LIST_VALIDITY).is_ok());
    assert_eq!(
        list.sign(&key, NOW, NOW + MAX_STATUS_LIST_VALIDITY + 1)
            .unwrap_err(),
        Error::InvalidArgument("status list update times")
    );
}

#[test]
fn the_issuer_signs_the_registrys_list() {
    let issuer = Issuer::from_seed(&[0x11; 32]).expect("issuer");
    let mut registry = Registry::new(1, 8).expect("registry");
    let person = PersonKey::from_id_number("110101199003070011");
    let e = registry.new_generation(person, "app").expect("enroll");
    registry.cancel(e.status.index).expect("cancel");
    let bytes = issuer
        .sign_status_list(registry.list(), NOW - 60, NOW + DAY)
        .expect("sign");
    let list = StatusList::decode(&bytes, issuer.public_key()).expect("decode");
    assert_eq!(list.get(e.status.index), Some(CredentialStatus::Revoked));
}
