//! Wallet state: applying status lists to held credentials, and the sealed wallet store.
//!
//! Realistic flows through the public API only: issuance with a status reference, status lists
//! signed by the issuer key, the "new phone" supersession, and export → restore with every
//! truncation and every single-bit flip of a store rejected as corrupt.

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use wangzheng::verifier::StatusCheck;
use wangzheng::wallet::{StatusChange, StatusOutcome, StorageKey};
use wangzheng::{
    AttributeId, AttributeValue, CardValidity, CredentialStatus, Date, Error, IssueOptions, Issued,
    Issuer, Level, PersonRecord, Policy, PublicKey, Sex, SigningKey, StatusList, StatusListBuilder,
    StatusRef, Verifier, Wallet,
};

/// 2026-01-01T00:00:00Z.
const NOW: u64 = 1_767_225_600;
const DAY: u64 = 86_400;
/// The list id the issuer publishes these credentials' status in.
const LIST: u32 = 1;

/// A 32-byte seed derived from `label`, not a recognisable pattern, so a leak of it into
/// `Debug` output would be caught by a search for its hex.
fn seed(label: u64) -> [u8; 32] {
    let mut s = [0u8; 32];
    ChaCha20Rng::seed_from_u64(label ^ 0x3a11_e700_0000).fill_bytes(&mut s);
    s
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The authority's issuer, and its key (kept to sign status lists: `Issuer` does not expose
/// it).
struct Authority {
    key: SigningKey,
    issuer: Issuer,
    rng: ChaCha20Rng,
}

impl Authority {
    fn new() -> Authority {
        let key = SigningKey::from_seed(&seed(1));
        Authority {
            issuer: Issuer::new(key.clone()).expect("fixture"),
            key,
            rng: ChaCha20Rng::seed_from_u64(0xa11ce),
        }
    }

    fn public_key(&self) -> PublicKey {
        *self.issuer.public_key()
    }

    /// Runs issuance for `wallet` at `now` and stores the package in it.
    fn issue(
        &mut self,
        wallet: &mut Wallet<SigningKey>,
        status: Option<StatusRef>,
        generation: u64,
        now: u64,
    ) -> Issued {
        let nonce = Issuer::new_nonce(&mut self.rng);
        let request = wallet
            .issuance_request(Level::Light, &nonce, now)
            .expect("fixture");
        let checked = self
            .issuer
            .check_request(&request, &nonce, now)
            .expect("fixture");
        let options = IssueOptions {
            status,
            generation,
            ..IssueOptions::default()
        };
        let issued = self
            .issuer
            .issue(&checked, &person(), &options, &mut self.rng, now)
            .expect("fixture");
        wallet
            .store(&issued.package, self.issuer.public_key(), now)
            .expect("fixture");
        issued
    }

    /// Signs list `LIST` (100 entries) with the given non-good entries.
    fn status_list(&self, entries: &[(u32, CredentialStatus)], issued_at: u64) -> Vec<u8> {
        self.list(LIST, entries, issued_at)
    }

    fn list(&self, id: u32, entries: &[(u32, CredentialStatus)], issued_at: u64) -> Vec<u8> {
        let mut b = StatusListBuilder::new(id, 100).expect("fixture");
        for &(i, s) in entries {
            b.set(i, s).expect("fixture");
        }
        b.sign(&self.key, issued_at, issued_at + DAY)
            .expect("fixture")
    }

    /// Decodes a list with the pinned issuer key.
    fn decode(&self, list: &[u8]) -> StatusList {
        StatusList::decode(list, &self.public_key()).expect("fixture")
    }

    fn verifier(&self) -> Verifier {
        Verifier::new(Policy::default()).with_issuer_key(self.public_key())
    }
}

fn person() -> PersonRecord {
    PersonRecord {
        full_name: "张三".into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: Date::new(1990, 3, 7).expect("fixture"),
        address: "北京市东城区景山前街4号".into(),
        id_number: "110101199003070011".into(),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: Date::new(2020, 1, 1).expect("fixture"),
            until: Some(Date::new(2040, 1, 1).expect("fixture")),
        },
        portrait: None,
        extras: vec![],
    }
}

fn phone(label: u64) -> Wallet<SigningKey> {
    Wallet::new(SigningKey::from_seed(&seed(0x100 + label)))
}

fn at(index: u32) -> Option<StatusRef> {
    Some(StatusRef { list: LIST, index })
}

fn held_ids(wallet: &Wallet<SigningKey>) -> Vec<[u8; 16]> {
    wallet.credentials().iter().map(|h| h.claims().id).collect()
}

fn change(issued: &Issued, outcome: StatusOutcome, deleted: bool) -> StatusChange {
    StatusChange {
        credential_id: issued.credential_id,
        outcome,
        deleted,
    }
}

fn storage_key() -> StorageKey {
    StorageKey::from_bytes(seed(0x5707))
}

// ---------------------------------------------------------------------------------------------
// apply_status
// ---------------------------------------------------------------------------------------------

#[test]
fn status_list_keeps_good_and_suspended_and_deletes_revoked_and_superseded() {
    let mut authority = Authority::new();
    let mut wallet = phone(1);
    let good = authority.issue(&mut wallet, at(1), 1, NOW);
    let frozen = authority.issue(&mut wallet, at(2), 1, NOW);
    let revoked = authority.issue(&mut wallet, at(3), 1, NOW);
    let superseded = authority.issue(&mut wallet, at(4), 1, NOW);
    let elsewhere = authority.issue(&mut wallet, Some(StatusRef { list: 2, index: 3 }), 1, NOW);
    let unpublished = authority.issue(&mut wallet, None, 1, NOW);
    assert_eq!(wallet.credentials().len(), 6);

    let later = NOW + 3600;
    let bytes = authority.status_list(
        &[
            (2, CredentialStatus::Suspended),
            (3, CredentialStatus::Revoked),
            (4, CredentialStatus::Superseded),
        ],
        later,
    );
    let list = authority.decode(&bytes);
    let changes = wallet.apply_status(&list, later + 60);
    assert_eq!(
        changes,
        vec![
            change(&good, StatusOutcome::Good, false),
            change(&frozen, StatusOutcome::Suspended, false),
            change(&revoked, StatusOutcome::Revoked, true),
            change(&superseded, StatusOutcome::Superseded, true),
        ]
    );
    assert_eq!(
        held_ids(&wallet),
        vec![
            good.credential_id,
            frozen.credential_id,
            elsewhere.credential_id,
            unpublished.credential_id
        ]
    );

    // Applying the same list again changes nothing more.
    let again = wallet.apply_status(&list, later + 120);
    assert_eq!(
        again,
        vec![
            change(&good, StatusOutcome::Good, false),
            change(&frozen, StatusOutcome::Suspended, false),
        ]
    );
    assert_eq!(wallet.credentials().len(), 4);

    // The suspension lifts: the frozen credential is good again and still held.
    let thawed = authority.decode(&authority.status_list(&[], later + DAY));
    let changes = wallet.apply_status(&thawed, later + DAY);
    assert!(changes.contains(&change(&frozen, StatusOutcome::Good, false)));
    assert_eq!(wallet.credentials().len(), 4);
}

#[test]
fn new_phone_supersedes_and_the_old_phone_deletes_its_copy() {
    let mut authority = Authority::new();
    let verifier_setup = |authority: &Authority, list: &[u8], now: u64| {
        let mut v = authority.verifier();
        v.update_status_list(list, now).unwrap();
        v
    };

    // Phone A holds generation 1 at index 10.
    let mut phone_a = phone(0xa);
    let old = authority.issue(&mut phone_a, at(10), 1, NOW);
    let qr_a_before = phone_a.present(&[AttributeId::AgeOver(18)], NOW).unwrap();
    let list = authority.status_list(&[], NOW);
    let v = verifier_setup(&authority, &list, NOW);
    assert_eq!(
        v.verify(&qr_a_before, NOW + 5).unwrap().status_check,
        StatusCheck::Good
    );

    // The person activates the credential on phone B: generation 2 at index 11, and the issuer
    // marks index 10 superseded.
    let t = NOW + 30 * DAY;
    let mut phone_b = phone(0xb);
    let new = authority.issue(&mut phone_b, at(11), 2, t);
    let qr_a = phone_a.present(&[AttributeId::AgeOver(18)], t).unwrap();
    let list = authority.status_list(&[(10, CredentialStatus::Superseded)], t + 60);

    // Every verifier rejects phone A's copy and accepts phone B's.
    let v = verifier_setup(&authority, &list, t + 60);
    assert_eq!(v.verify(&qr_a, t + 65).unwrap_err(), Error::Superseded);
    let qr_b = phone_b
        .present(&[AttributeId::AgeOver(18)], t + 65)
        .unwrap();
    let verified = v.verify(&qr_b, t + 70).unwrap();
    assert_eq!(verified.generation, 2);
    assert_eq!(verified.status_check, StatusCheck::Good);

    // Phone A fetches the list (verified through the verifier's trust configuration) and
    // deletes its copy; phone B (pinned issuer key) keeps its own.
    let decoded = authority
        .verifier()
        .decode_status_list(&list, t + 120)
        .unwrap();
    let changes = phone_a.apply_status(&decoded, t + 120);
    assert_eq!(changes, vec![change(&old, StatusOutcome::Superseded, true)]);
    assert!(phone_a.credentials().is_empty());
    assert_eq!(
        phone_a.present(&[], t + 120).unwrap_err(),
        Error::InvalidArgument("wallet holds no credential")
    );
    let changes = phone_b.apply_status(&authority.decode(&list), t + 120);
    assert_eq!(changes, vec![change(&new, StatusOutcome::Good, false)]);
    assert_eq!(held_ids(&phone_b), vec![new.credential_id]);
}

#[test]
fn lost_card_revokes_every_copy() {
    let mut authority = Authority::new();
    let mut wallet = phone(2);
    let a = authority.issue(&mut wallet, at(20), 1, NOW);
    let b = authority.issue(&mut wallet, at(21), 2, NOW + 60);
    let list = authority.status_list(
        &[
            (20, CredentialStatus::Revoked),
            (21, CredentialStatus::Revoked),
        ],
        NOW + DAY,
    );
    let changes = wallet.apply_status(&authority.decode(&list), NOW + DAY);
    assert_eq!(
        changes,
        vec![
            change(&a, StatusOutcome::Revoked, true),
            change(&b, StatusOutcome::Revoked, true),
        ]
    );
    assert!(wallet.credentials().is_empty());
}

#[test]
fn expired_credentials_are_deleted_whatever_the_list_says() {
    let mut authority = Authority::new();
    let mut wallet = phone(3);
    let on_list = authority.issue(&mut wallet, at(5), 1, NOW);
    let unpublished = authority.issue(&mut wallet, None, 1, NOW);
    let other_list = authority.issue(&mut wallet, Some(StatusRef { list: 9, index: 0 }), 1, NOW);
    let newer = authority.issue(&mut wallet, at(6), 2, NOW + 90 * DAY);
    let expiry = on_list.expires_at;
    assert_eq!(unpublished.expires_at, expiry);
    assert!(newer.expires_at > expiry);

    // One second before expiry nothing expires.
    let list = authority.decode(&authority.status_list(&[], expiry - 1));
    let changes = wallet.apply_status(&list, expiry - 1);
    assert!(changes.iter().all(|c| c.outcome == StatusOutcome::Good));
    assert_eq!(wallet.credentials().len(), 4);

    // At expiry, every expired credential goes, on this list or not.
    let list = authority.decode(&authority.status_list(&[], expiry));
    let changes = wallet.apply_status(&list, expiry);
    assert_eq!(
        changes,
        vec![
            change(&on_list, StatusOutcome::Expired, true),
            change(&unpublished, StatusOutcome::Expired, true),
            change(&other_list, StatusOutcome::Expired, true),
            change(&newer, StatusOutcome::Good, false),
        ]
    );
    assert_eq!(held_ids(&wallet), vec![newer.credential_id]);
}

#[test]
fn other_lists_and_indices_past_the_end_are_untouched() {
    let mut authority = Authority::new();
    let mut wallet = phone(4);
    let other = authority.issue(&mut wallet, Some(StatusRef { list: 2, index: 7 }), 1, NOW);
    let past_end = authority.issue(&mut wallet, at(500), 1, NOW);
    let unpublished = authority.issue(&mut wallet, None, 1, NOW);
    // List 1 revokes index 7 (someone else's credential on list 1); list 2 is not applied.
    let list =
        authority.decode(&authority.status_list(&[(7, CredentialStatus::Revoked)], NOW + 60));
    assert!(wallet.apply_status(&list, NOW + 60).is_empty());
    assert_eq!(
        held_ids(&wallet),
        vec![
            other.credential_id,
            past_end.credential_id,
            unpublished.credential_id
        ]
    );
    // List 2 does apply to the first one.
    let list2 = authority.decode(&authority.list(2, &[(7, CredentialStatus::Revoked)], NOW + 60));
    assert_eq!(
        wallet.apply_status(&list2, NOW + 60),
        vec![change(&other, StatusOutcome::Revoked, true)]
    );
    assert_eq!(wallet.credentials().len(), 2);
}

#[test]
fn a_stale_list_applies_final_states_only() {
    let mut authority = Authority::new();
    let mut wallet = phone(5);
    let good = authority.issue(&mut wallet, at(1), 1, NOW);
    let frozen = authority.issue(&mut wallet, at(2), 1, NOW);
    let revoked = authority.issue(&mut wallet, at(3), 1, NOW);
    let superseded = authority.issue(&mut wallet, at(4), 1, NOW);
    let list = authority.decode(&authority.status_list(
        &[
            (2, CredentialStatus::Suspended),
            (3, CredentialStatus::Revoked),
            (4, CredentialStatus::Superseded),
        ],
        NOW + 60,
    ));
    let stale_at = list.next_update + 1;
    assert!(!list.is_fresh(stale_at));
    assert_eq!(
        wallet.apply_status(&list, stale_at),
        vec![
            change(&revoked, StatusOutcome::Revoked, true),
            change(&superseded, StatusOutcome::Superseded, true),
        ]
    );
    assert_eq!(
        held_ids(&wallet),
        vec![good.credential_id, frozen.credential_id]
    );
}

#[test]
fn a_list_older_than_the_credential_does_not_delete_it() {
    // A cached list from before the credential was issued cannot speak about it.
    let mut authority = Authority::new();
    let mut wallet = phone(6);
    let list = authority.decode(&authority.status_list(&[(8, CredentialStatus::Revoked)], NOW));
    let fresh = authority.issue(&mut wallet, at(8), 2, NOW + 600);
    assert!(wallet.apply_status(&list, NOW + 700).is_empty());
    assert_eq!(held_ids(&wallet), vec![fresh.credential_id]);
}

// ---------------------------------------------------------------------------------------------
// The sealed store
// ---------------------------------------------------------------------------------------------

/// A wallet with two credentials (one of each level would need an upgraded proof; two
/// generations suffice).
fn filled_wallet(authority: &mut Authority) -> (Wallet<SigningKey>, Vec<Issued>) {
    let mut wallet = phone(7);
    let a = authority.issue(&mut wallet, at(30), 1, NOW);
    let b = authority.issue(&mut wallet, at(31), 2, NOW + 60);
    (wallet, vec![a, b])
}

fn one_credential_store() -> Vec<u8> {
    let mut authority = Authority::new();
    let mut wallet = phone(8);
    authority.issue(&mut wallet, at(40), 1, NOW);
    wallet
        .export(&storage_key(), &mut ChaCha20Rng::seed_from_u64(1))
        .expect("fixture")
}

fn assert_same_credentials(a: &Wallet<impl wangzheng::DeviceSigner>, b: &Wallet<SigningKey>) {
    assert_eq!(a.credentials().len(), b.credentials().len());
    for (x, y) in a.credentials().iter().zip(b.credentials()) {
        assert_eq!(x.credential_bytes(), y.credential_bytes());
        assert_eq!(x.claims(), y.claims());
        assert_eq!(x.issuer_kid(), y.issuer_kid());
        let xs: Vec<String> = x.attribute_ids().map(|i| format!("{i:?}")).collect();
        let ys: Vec<String> = y.attribute_ids().map(|i| format!("{i:?}")).collect();
        assert_eq!(xs, ys);
    }
}

#[test]
fn export_and_restore_round_trip_and_presentations_still_verify() {
    let mut authority = Authority::new();
    let (wallet, issued) = filled_wallet(&mut authority);
    let key = storage_key();
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let store = wallet.export(&key, &mut rng).unwrap();
    let restored = Wallet::restore(&store, &key).unwrap();
    assert_eq!(
        restored.signer().public_key_bytes(),
        wallet.signer().public_key_bytes()
    );
    assert_same_credentials(&wallet, &restored);

    // The restored wallet presents; a verifier with a fresh status list accepts it.
    let mut v = authority.verifier();
    v.update_status_list(&authority.status_list(&[], NOW + 120), NOW + 120)
        .unwrap();
    let qr = restored
        .present(
            &[AttributeId::FullName, AttributeId::AgeOver(18)],
            NOW + 120,
        )
        .unwrap();
    let verified = v.verify(&qr, NOW + 125).unwrap();
    assert_eq!(verified.credential_id, issued[1].credential_id);
    assert_eq!(
        verified.get(&AttributeId::FullName),
        Some(AttributeValue::Text("张三"))
    );
    assert_eq!(
        verified.get(&AttributeId::AgeOver(18)),
        Some(AttributeValue::Bool(true))
    );

    // Exports are randomized (fresh nonce) yet both restore to the same wallet; an export of
    // the restored wallet restores again (the store is stable across generations).
    let second = wallet.export(&key, &mut rng).unwrap();
    assert_ne!(store, second);
    assert_eq!(store.len(), second.len());
    assert_same_credentials(&wallet, &Wallet::restore(&second, &key).unwrap());
    let third = restored.export(&key, &mut rng).unwrap();
    assert_same_credentials(&wallet, &Wallet::restore(&third, &key).unwrap());

    // Status still applies after restore.
    let mut restored = restored;
    let list =
        authority.decode(&authority.status_list(&[(30, CredentialStatus::Superseded)], NOW + 600));
    assert_eq!(
        restored.apply_status(&list, NOW + 600),
        vec![
            change(&issued[0], StatusOutcome::Superseded, true),
            change(&issued[1], StatusOutcome::Good, false),
        ]
    );
}

#[test]
fn an_empty_wallet_round_trips() {
    let wallet = phone(9);
    let key = storage_key();
    let store = wallet
        .export(&key, &mut ChaCha20Rng::seed_from_u64(3))
        .unwrap();
    let restored = Wallet::restore(&store, &key).unwrap();
    assert!(restored.credentials().is_empty());
    assert_eq!(
        restored.signer().public_key_bytes(),
        wallet.signer().public_key_bytes()
    );
}

/// An external signer standing in for a platform keystore: the library never sees its secret.
struct Keystore(SigningKey);

impl wangzheng::DeviceSigner for Keystore {
    fn public_key(&self) -> [u8; 32] {
        self.0.public_key_bytes()
    }
    fn sign(&self, message: &[u8]) -> wangzheng::Result<[u8; 64]> {
        Ok(self.0.sign_bytes(message))
    }
}

#[test]
fn restore_with_signer_needs_the_same_device_key() {
    let mut authority = Authority::new();
    let (wallet, _) = filled_wallet(&mut authority);
    let device_seed = wallet.signer().to_seed();
    let key = storage_key();
    let mut rng = ChaCha20Rng::seed_from_u64(4);

    // A keystore-backed wallet exports without a seed and restores around its signer.
    let external = Wallet::restore_with_signer(
        &wallet.export_public(&key, &mut rng).unwrap(),
        &key,
        Keystore(SigningKey::from_seed(&device_seed)),
    )
    .unwrap();
    assert_same_credentials(&external, &wallet);
    let public_store = external.export_public(&key, &mut rng).unwrap();
    let again = Wallet::restore_with_signer(
        &public_store,
        &key,
        Keystore(SigningKey::from_seed(&device_seed)),
    )
    .unwrap();
    assert_same_credentials(&again, &wallet);
    let mut v = authority.verifier();
    v.update_status_list(&authority.status_list(&[], NOW + 120), NOW + 120)
        .unwrap();
    let qr = again
        .present(&[AttributeId::AgeOver(18)], NOW + 120)
        .unwrap();
    assert!(v.verify(&qr, NOW + 121).is_ok());

    // A seedless store cannot restore an in-library key: that is a usage error, not corruption.
    assert_eq!(
        Wallet::restore(&public_store, &key).unwrap_err(),
        Error::InvalidArgument("wallet store holds no device seed")
    );
    assert_eq!(
        Wallet::restore_with_signer(
            &public_store,
            &storage_key(),
            SigningKey::from_seed(&device_seed)
        )
        .map(|w| w.credentials().len())
        .unwrap(),
        2
    );

    // A store with the seed also restores around an external signer (the seed is ignored).
    let full = wallet.export(&key, &mut rng).unwrap();
    assert!(
        Wallet::restore_with_signer(&full, &key, Keystore(SigningKey::from_seed(&device_seed)))
            .is_ok()
    );

    // Another device key is refused.
    for store in [&full, &public_store] {
        assert_eq!(
            Wallet::restore_with_signer(store, &key, Keystore(SigningKey::from_seed(&seed(0xbad))))
                .unwrap_err(),
            Error::DeviceKeyMismatch
        );
    }
}

#[test]
fn a_store_sealed_with_another_key_is_corrupt() {
    let store = one_credential_store();
    let wrong = StorageKey::from_bytes(seed(0x5708));
    assert_eq!(
        Wallet::restore(&store, &wrong).unwrap_err(),
        Error::CorruptStore
    );
    assert_eq!(
        Wallet::restore_with_signer(&store, &wrong, SigningKey::from_seed(&seed(0x108)))
            .unwrap_err(),
        Error::CorruptStore
    );
    let mut near = seed(0x5707);
    near[31] ^= 1;
    assert_eq!(
        Wallet::restore(&store, &StorageKey::from_bytes(near)).unwrap_err(),
        Error::CorruptStore
    );
    assert!(Wallet::restore(&store, &storage_key()).is_ok());
}

#[test]
fn every_truncation_of_a_store_is_corrupt() {
    let store = one_credential_store();
    let key = storage_key();
    for len in 0..store.len() {
        assert_eq!(
            Wallet::restore(&store[..len], &key).unwrap_err(),
            Error::CorruptStore,
            "truncated to {len} bytes"
        );
    }
    // Dropping bytes from the front is no better.
    for start in 1..store.len() {
        assert_eq!(
            Wallet::restore(&store[start..], &key).unwrap_err(),
            Error::CorruptStore,
            "first {start} bytes dropped"
        );
    }
}

#[test]
fn every_single_bit_flip_of_a_store_is_corrupt() {
    let store = one_credential_store();
    let key = storage_key();
    let mut copy = store.clone();
    for i in 0..store.len() * 8 {
        copy[i / 8] ^= 1 << (i % 8);
        assert_eq!(
            Wallet::restore(&copy, &key).unwrap_err(),
            Error::CorruptStore,
            "bit {i} flipped"
        );
        copy[i / 8] ^= 1 << (i % 8);
    }
    assert!(Wallet::restore(&copy, &key).is_ok());
}

#[test]
fn appended_or_inserted_bytes_are_corrupt() {
    let store = one_credential_store();
    let key = storage_key();
    for extra in [0x00u8, 0x01, 0x40, 0xa0, 0xf6, 0xff] {
        let mut longer = store.clone();
        longer.push(extra);
        assert_eq!(
            Wallet::restore(&longer, &key).unwrap_err(),
            Error::CorruptStore
        );
        let mut prefixed = vec![extra];
        prefixed.extend_from_slice(&store);
        assert_eq!(
            Wallet::restore(&prefixed, &key).unwrap_err(),
            Error::CorruptStore
        );
    }
    let mut doubled = store.clone();
    doubled.extend_from_slice(&store);
    assert_eq!(
        Wallet::restore(&doubled, &key).unwrap_err(),
        Error::CorruptStore
    );
    // Something that is not a store at all.
    for junk in [&b""[..], b"\x80", b"\x83\x01\x4c", b"\xa0", &[0u8; 64]] {
        assert_eq!(
            Wallet::restore(junk, &key).unwrap_err(),
            Error::CorruptStore
        );
    }
}

#[test]
fn a_store_is_small_and_shaped_as_documented() {
    let store = one_credential_store();
    println!("wallet store with one credential: {} bytes", store.len());
    // [1, nonce(12), sealed]: 0x83 0x01 0x4c <12 bytes> 0x59 <u16 len> ...
    assert_eq!(&store[..3], &[0x83, 0x01, 0x4c]);
    assert_eq!(store[15], 0x59);
    let sealed_len = usize::from(u16::from_be_bytes([store[16], store[17]]));
    assert_eq!(store.len(), 18 + sealed_len);
    assert!(store.len() < 2048, "{} bytes", store.len());
}

#[test]
fn debug_output_shows_no_secrets_and_no_personal_data() {
    let mut authority = Authority::new();
    let (mut wallet, issued) = filled_wallet(&mut authority);
    let key_bytes = seed(0x5707);
    let key = StorageKey::from_bytes(key_bytes);
    let store = wallet
        .export(&key, &mut ChaCha20Rng::seed_from_u64(5))
        .unwrap();
    let restored = Wallet::restore(&store, &key).unwrap();
    let list =
        authority.decode(&authority.status_list(&[(30, CredentialStatus::Revoked)], NOW + 600));
    let changes = wallet.apply_status(&list, NOW + 600);
    assert_eq!(changes.len(), 2);

    let device_seed = wallet.signer().to_seed();
    let texts = [
        format!("{key:?}"),
        format!("{wallet:?}"),
        format!("{restored:?}"),
        format!("{changes:?}"),
        format!("{:?}", restored.credentials()),
        format!("{:?} {}", Error::CorruptStore, Error::CorruptStore),
    ];
    let p = person();
    let forbidden = [
        hex(&key_bytes),
        hex(&key_bytes[..8]),
        hex(&*device_seed),
        hex(&device_seed[..8]),
        hex(&seed(1)),
        p.full_name.clone(),
        p.address.clone(),
        p.id_number.clone(),
        p.issuing_authority.clone(),
        "19900307".into(),
    ];
    for text in &texts {
        for f in &forbidden {
            assert!(
                !text.contains(f.as_str()),
                "{text} contains a secret or personal data"
            );
        }
        // Nor the raw bytes as decimal lists.
        assert!(!text.contains(&format!("{:?}", &key_bytes[..4])), "{text}");
        assert!(
            !text.contains(&format!("{:?}", &device_seed[..4])),
            "{text}"
        );
    }
    assert_eq!(texts[0], "StorageKey(secret hidden)");
    // The change report names the (pseudonymous) credential id in hex and the outcome.
    assert!(texts[3].contains(&hex(&issued[0].credential_id)));
    assert!(texts[3].contains("Revoked"));
}
