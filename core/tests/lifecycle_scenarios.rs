//! The brief's lifecycle scenarios 5–7 and the trust-list behaviours, acted out end to end and
//! configured the production way:
//!
//! * the authority's offline root key signs a trust list ([`TrustList::sign`]) naming the issuer
//!   key(s), their signing windows, levels and object kinds;
//! * every verifier pins only the root public key ([`Verifier::with_trust_list`]) and loads the
//!   issuer's status list, which a [`Registry`] drives from lifecycle events
//!   ([`Registry::status_list`] → [`Verifier::update_status_list`]);
//! * wallets check the same list with [`Verifier::decode_status_list`] before
//!   [`Wallet::apply_status`].
//!
//! Scenarios:
//!
//! 5. Train gate: a queue of 64+ travellers' QR presentations verified with
//!    [`Verifier::verify_batch`], every verdict equal to [`Verifier::verify`] on the same input,
//!    also for a mixed queue (revoked, superseded, suspended, stale, bit-flipped, a missing
//!    attribute, a replay caught by the [`ReplayCache`] after batch acceptance; two gate lanes
//!    sharing a [`SharedReplayCache`]).
//! 6. New phone: generation 2 on phone B supersedes phone A's copy at every verifier (single and
//!    batch), phone A's wallet deletes it, phone B presents fine; without a fresh list a
//!    verifier refuses with `StatusUnavailable` or accepts as `Undetermined`, never "revoked".
//! 7. Lost card: every credential of the person (two apps, two phones) is revoked, others are
//!    unaffected, and a credential re-issued with the card afterwards is accepted.
//!
//! Trust lists: issuer key rotation (sequence 2 adds a key and retires the old one for new
//! signatures), keys outside the list or outside their window, a stale list, a rollback to a
//! lower sequence, and a freeze/unfreeze round trip.
//!
//! Everything is deterministic: keys from fixed seeds, randomness from seeded ChaCha20, time
//! from [`NOW`].

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use wangzheng::verifier::VerifiedPresentation;
use wangzheng::{
    AttributeId, AttributeValue, CardValidity, CredentialStatus, Date, Enrollment, Error,
    IssueOptions, Issued, Issuer, KeyId, Level, ObjectKind, PersonKey, PersonRecord, Policy,
    PublicKey, Registry, ReplayCache, Sex, SharedReplayCache, SigningKey, StatusChange,
    StatusCheck, StatusOutcome, TrustList, TrustedIssuer, UndeterminedStatus, Verifier, Wallet,
};

/// 2026-01-01T00:00:00Z (08:00 in China).
const NOW: u64 = 1_767_225_600;
const MINUTE: u64 = 60;
const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;
/// The status list the registry publishes.
const LIST: u32 = 7;
/// How long a published status list stays fresh.
const LIST_LIFETIME: u64 = 6 * HOUR;
/// The national wallet app and a bank app that also holds the credential.
const APP: &str = "cn.gov.ctid";
const BANK_APP: &str = "com.example.bank";

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// A 32-byte seed derived from `label`.
fn seed(label: u64) -> [u8; 32] {
    let mut s = [0u8; 32];
    ChaCha20Rng::seed_from_u64(label ^ 0x11fe_c4c1_e000_0000).fill_bytes(&mut s);
    s
}

fn key(label: u64) -> SigningKey {
    SigningKey::from_seed(&seed(label))
}

fn public(k: &SigningKey) -> PublicKey {
    PublicKey::from_bytes(&k.public_key_bytes()).expect("fixture key")
}

/// A phone (wallet) whose device key derives from `label`.
fn phone(label: u64) -> Wallet<SigningKey> {
    Wallet::new(key(0xd_0000 + label))
}

/// Person `i`: born 1980-01-01 + 37·i days, with a well-formed ID number (region 110101,
/// birth date, sequence number, ISO 7064 MOD 11-2 check character).
fn person(i: usize) -> PersonRecord {
    let born = Date::from_days_since_epoch(3652 + 37 * i as i64).expect("fixture date");
    let body = format!("110101{}{:03}", born.to_yyyymmdd(), 100 + i % 900);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    PersonRecord {
        full_name: format!("旅客{i}"),
        // The 17th digit is odd for men (GB 11643).
        sex: if i & 1 == 1 { Sex::Male } else { Sex::Female },
        ethnicity: 1,
        birth_date: born,
        address: "北京市东城区景山前街4号".into(),
        id_number: format!("{body}{check}"),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: Date::new(2020, 1, 1).expect("fixture date"),
            until: None,
        },
        portrait: None,
        extras: vec![],
    }
}

fn person_key(p: &PersonRecord) -> PersonKey {
    PersonKey::from_id_number(&p.id_number)
}

/// A trust-list entry: `key` may issue both levels and sign credentials and status lists for
/// objects dated in `[from, until)`.
fn entry(key: &SigningKey, from: u64, until: u64) -> TrustedIssuer {
    TrustedIssuer {
        key: public(key),
        valid_from: from,
        valid_until: until,
        levels: vec![Level::Light, Level::Upgraded],
        kinds: vec![ObjectKind::Credential, ObjectKind::StatusList],
    }
}

/// The authority: offline root key, the current issuer key, the registry driving the status
/// list, and a seeded RNG for nonces and salts.
struct Authority {
    root: SigningKey,
    issuer_key: SigningKey,
    issuer: Issuer,
    registry: Registry,
    rng: ChaCha20Rng,
    /// Trust list sequence 1: the issuer key, valid for a year either side of [`NOW`].
    trust_list: Vec<u8>,
}

impl Authority {
    fn new() -> Authority {
        let root = key(0x2007);
        let issuer_key = key(0x1551);
        let trust_list = TrustList::sign(
            &root,
            1,
            NOW - DAY,
            NOW + 7 * DAY,
            &[entry(&issuer_key, NOW - 365 * DAY, NOW + 365 * DAY)],
        )
        .expect("trust list");
        Authority {
            issuer: Issuer::new(issuer_key.clone()).expect("issuer"),
            issuer_key,
            root,
            registry: Registry::new(LIST, 4096).expect("registry"),
            rng: ChaCha20Rng::seed_from_u64(0x5ce7a210),
            trust_list,
        }
    }

    fn root_public(&self) -> PublicKey {
        public(&self.root)
    }

    /// Registers the next generation of (person, app) and issues it to `wallet` at `at`.
    fn enrol(
        &mut self,
        wallet: &mut Wallet<SigningKey>,
        p: &PersonRecord,
        app: &str,
        at: u64,
    ) -> (Enrollment, Issued) {
        let enrollment = self
            .registry
            .new_generation(person_key(p), app)
            .expect("registry");
        let issuer = self.issuer.clone();
        let issued = self.issue_with(&issuer, wallet, p, enrollment, Level::Light, at);
        (enrollment, issued)
    }

    /// The issuance protocol with `issuer` at `at`, for a registry `enrollment`.
    fn issue_with(
        &mut self,
        issuer: &Issuer,
        wallet: &mut Wallet<SigningKey>,
        p: &PersonRecord,
        enrollment: Enrollment,
        level: Level,
        at: u64,
    ) -> Issued {
        let nonce = Issuer::new_nonce(&mut self.rng);
        let request = wallet
            .issuance_request(level, &nonce, at)
            .expect("issuance request");
        let checked = issuer
            .check_request(&request, &nonce, at)
            .expect("request checks");
        let options = IssueOptions {
            proven_level: level,
            generation: enrollment.generation,
            status: Some(enrollment.status),
            ..IssueOptions::default()
        };
        let issued = issuer
            .issue(&checked, p, &options, &mut self.rng, at)
            .expect("issue");
        wallet
            .store(&issued.package, issuer.public_key(), at)
            .expect("wallet stores");
        issued
    }

    /// The registry's status list, signed by the issuer key at `at`.
    fn publish(&self, at: u64) -> Vec<u8> {
        self.registry
            .status_list(&self.issuer_key, at, at + LIST_LIFETIME)
            .expect("status list")
    }

    /// A verifier pinned to the root, with trust list sequence 1 and no status list.
    fn verifier(&self, policy: Policy) -> Verifier {
        Verifier::with_trust_list(policy, self.root_public(), &self.trust_list)
            .expect("trust list loads")
    }

    /// A verifier pinned to the root, with trust list sequence 1 and `status_list` loaded.
    fn verifier_with_list(&self, policy: Policy, status_list: &[u8], now: u64) -> Verifier {
        let mut v = self.verifier(policy);
        assert_eq!(v.update_status_list(status_list, now), Ok(true));
        v
    }
}

/// The comparable part of a verifier's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Accepted {
    credential_id: [u8; 16],
    issuer_kid: KeyId,
    generation: u64,
    level: Level,
    status_check: StatusCheck,
    presented_at: u64,
    fresh_until: u64,
    disclosed: usize,
}

type Verdict = Result<Accepted, Error>;

fn verdict(r: Result<VerifiedPresentation<'_>, Error>) -> Verdict {
    r.map(|v| Accepted {
        credential_id: v.credential_id,
        issuer_kid: v.issuer_kid,
        generation: v.generation,
        level: v.level,
        status_check: v.status_check,
        presented_at: v.presented_at,
        fresh_until: v.fresh_until,
        disclosed: v.disclosed_count(),
    })
}

/// Verifies `queue` singly and in batches (the whole queue in order and reversed, and in
/// chunks of 8), asserts that every batch verdict equals the single one, and returns the single
/// verdicts.
fn single_and_batch(verifier: &Verifier, queue: &[Vec<u8>], now: u64) -> Vec<Verdict> {
    let single: Vec<Verdict> = queue
        .iter()
        .map(|p| verdict(verifier.verify(p, now)))
        .collect();
    let refs: Vec<&[u8]> = queue.iter().map(Vec::as_slice).collect();
    let forward: Vec<usize> = (0..refs.len()).collect();
    let backward: Vec<usize> = (0..refs.len()).rev().collect();
    for (order, size) in [
        (&forward, refs.len().max(1)),
        (&backward, refs.len().max(1)),
        (&forward, 8),
    ] {
        for chunk in order.chunks(size) {
            let input: Vec<&[u8]> = chunk.iter().map(|&i| refs[i]).collect();
            let batch = verifier.verify_batch(&input, now);
            assert_eq!(batch.len(), chunk.len());
            for (&i, b) in chunk.iter().zip(batch) {
                assert_eq!(
                    verdict(b),
                    single[i],
                    "item {i} decided differently in batch mode (chunks of {size})"
                );
            }
        }
    }
    single
}

/// As [`single_and_batch`], with the whole queue as one batch only (for the second and third
/// verifier configuration of a large queue, to keep the debug-build test time down).
fn single_and_one_batch(verifier: &Verifier, queue: &[Vec<u8>], now: u64) -> Vec<Verdict> {
    let refs: Vec<&[u8]> = queue.iter().map(Vec::as_slice).collect();
    let batch = verifier.verify_batch(&refs, now);
    queue
        .iter()
        .zip(batch)
        .enumerate()
        .map(|(i, (p, b))| {
            let single = verdict(verifier.verify(p, now));
            assert_eq!(
                verdict(b),
                single,
                "item {i} decided differently in batch mode"
            );
            single
        })
        .collect()
}

/// Verifies one presentation singly and alone in a batch; both must agree.
fn verify_both(verifier: &Verifier, presentation: &[u8], now: u64) -> Verdict {
    let single = verdict(verifier.verify(presentation, now));
    let batch = verifier.verify_batch(&[presentation], now);
    assert_eq!(batch.len(), 1);
    let batch = verdict(batch.into_iter().next().expect("one verdict"));
    assert_eq!(batch, single, "batch of one decided differently");
    single
}

fn err(v: &Verdict) -> Option<Error> {
    v.as_ref().err().copied()
}

fn status_check(v: &Verdict) -> StatusCheck {
    v.as_ref().expect("accepted").status_check
}

fn change(issued: &Issued, outcome: StatusOutcome, deleted: bool) -> StatusChange {
    StatusChange {
        credential_id: issued.credential_id,
        outcome,
        deleted,
    }
}

/// The gate's policy: a train ticket is bound to the ID number, so the gate requires it.
fn gate_policy() -> Policy {
    Policy {
        required: vec![AttributeId::IdNumber],
        ..Policy::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Scenario 5: train gate
// ---------------------------------------------------------------------------------------------

/// Travellers enrolled two hours before [`NOW`], with the index of each in the registry.
struct Travellers {
    authority: Authority,
    phones: Vec<Wallet<SigningKey>>,
    issued: Vec<Issued>,
    enrollments: Vec<Enrollment>,
}

fn travellers(n: usize) -> Travellers {
    let mut authority = Authority::new();
    let mut phones = Vec::with_capacity(n);
    let mut issued = Vec::with_capacity(n);
    let mut enrollments = Vec::with_capacity(n);
    for i in 0..n {
        let mut w = phone(i as u64);
        let (e, c) = authority.enrol(&mut w, &person(i), APP, NOW - 2 * HOUR);
        phones.push(w);
        issued.push(c);
        enrollments.push(e);
    }
    Travellers {
        authority,
        phones,
        issued,
        enrollments,
    }
}

#[test]
fn train_gate_accepts_a_clean_queue_of_64_in_batch_exactly_as_singly() {
    let t = travellers(72);
    let list = t.authority.publish(NOW - 10 * MINUTE);
    let gate = t.authority.verifier_with_list(gate_policy(), &list, NOW);

    // 72 travellers scan their QR codes within the last minute.
    let queue: Vec<Vec<u8>> = t
        .phones
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let disclose: &[AttributeId<'_>] = if i % 3 == 0 {
                &[AttributeId::FullName, AttributeId::IdNumber]
            } else {
                &[AttributeId::IdNumber]
            };
            w.present(disclose, NOW - (i as u64 % 60)).expect("present")
        })
        .collect();
    let verdicts = single_and_batch(&gate, &queue, NOW);
    for (i, v) in verdicts.iter().enumerate() {
        let a = v.as_ref().expect("every traveller is accepted");
        assert_eq!(a.credential_id, t.issued[i].credential_id);
        assert_eq!(a.status_check, StatusCheck::Good);
        assert_eq!(a.generation, 1);
        assert_eq!(a.issuer_kid, t.authority.issuer.key_id());
    }
    // The gate reads the ID number off each accepted presentation.
    let refs: Vec<&[u8]> = queue.iter().map(Vec::as_slice).collect();
    for (i, v) in gate.verify_batch(&refs[..64], NOW).into_iter().enumerate() {
        let v = v.expect("accepted");
        assert_eq!(
            v.get(&AttributeId::IdNumber),
            Some(AttributeValue::Text(person(i).id_number.as_str()))
        );
        assert_eq!(v.get(&AttributeId::BirthDate), None, "not disclosed");
    }
}

#[test]
fn train_gate_mixed_queue_decides_like_single_mode_and_the_replay_cache_catches_the_replay() {
    let mut t = travellers(80);
    let mut rng = ChaCha20Rng::seed_from_u64(0x9a7e);

    // Lifecycle events since issuance.
    let revoked = [3usize, 17, 41];
    for &i in &revoked {
        t.authority
            .registry
            .cancel(t.enrollments[i].status.index)
            .expect("cancel");
    }
    let frozen = [11usize];
    for &i in &frozen {
        t.authority
            .registry
            .freeze(t.enrollments[i].status.index)
            .expect("freeze");
    }
    // Three travellers moved to a new phone an hour ago: their old phones' copies are superseded.
    let moved = [5usize, 29, 60];
    let mut new_phones = Vec::new();
    for &i in &moved {
        let mut w = phone(1000 + i as u64);
        let (e, _) = t.authority.enrol(&mut w, &person(i), APP, NOW - HOUR);
        assert_eq!(e.generation, 2);
        new_phones.push(w);
    }
    let list = t.authority.publish(NOW - 10 * MINUTE);
    let gate = t.authority.verifier_with_list(gate_policy(), &list, NOW);

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Kind {
        Good,
        Revoked,
        Suspended,
        Superseded,
        NewPhone,
        Stale,
        Flipped,
        NoIdNumber,
        Replay,
    }
    let mut queue: Vec<(Kind, Vec<u8>)> = Vec::new();
    for (i, w) in t.phones.iter().enumerate() {
        let kind = if revoked.contains(&i) {
            Kind::Revoked
        } else if frozen.contains(&i) {
            Kind::Suspended
        } else if moved.contains(&i) {
            Kind::Superseded
        } else {
            Kind::Good
        };
        let at = NOW - (i as u64 % 90);
        queue.push((
            kind,
            w.present(&[AttributeId::IdNumber], at).expect("present"),
        ));
    }
    for w in &new_phones {
        queue.push((
            Kind::NewPhone,
            w.present(&[AttributeId::IdNumber], NOW - 4)
                .expect("present"),
        ));
    }
    // QR codes photographed five minutes ago: stale.
    for i in [20usize, 21] {
        queue.push((
            Kind::Stale,
            t.phones[i]
                .present(&[AttributeId::IdNumber], NOW - 5 * MINUTE)
                .expect("present"),
        ));
    }
    // Damaged scans: a single flipped bit anywhere.
    for _ in 0..6 {
        let i = (rng.next_u32() % 80) as usize;
        let mut p = queue[i].1.clone();
        let bit = rng.next_u32() as usize % (p.len() * 8);
        p[bit / 8] ^= 1 << (bit % 8);
        queue.push((Kind::Flipped, p));
    }
    // A traveller who shows a QR code without the ID number.
    queue.push((
        Kind::NoIdNumber,
        t.phones[30]
            .present(&[AttributeId::AgeOver(18)], NOW - 3)
            .expect("present"),
    ));
    // Somebody holds up a photo of traveller 0's QR code a few seconds after traveller 0 passed.
    queue.push((Kind::Replay, queue[0].1.clone()));
    // The queue arrives in a deterministic shuffled order, the replay after the original.
    let replay = queue.pop().expect("replay");
    for i in (1..queue.len()).rev() {
        queue.swap(i, rng.next_u32() as usize % (i + 1));
    }
    queue.push(replay);
    assert!(queue.len() >= 90);

    // The gate verifies the whole queue as one batch, and (as a gate with a small buffer
    // would) in batches of 8; every verdict equals single mode's.
    let bytes: Vec<Vec<u8>> = queue.iter().map(|(_, p)| p.clone()).collect();
    let refs: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    let verdicts: Vec<Verdict> = bytes.iter().map(|p| verdict(gate.verify(p, NOW))).collect();
    let batch = gate.verify_batch(&refs, NOW);
    assert_eq!(batch.len(), queue.len());
    for (i, (b, s)) in batch.iter().zip(&verdicts).enumerate() {
        assert_eq!(
            &verdict(b.clone()),
            s,
            "item {i} decided differently in batch mode"
        );
    }
    for (c, chunk) in refs.chunks(8).enumerate() {
        for (k, b) in gate.verify_batch(chunk, NOW).into_iter().enumerate() {
            assert_eq!(
                verdict(b),
                verdicts[8 * c + k],
                "item {} in chunks of 8",
                8 * c + k
            );
        }
    }
    let mut accepted = 0;
    for ((kind, _), v) in queue.iter().zip(&verdicts) {
        match kind {
            Kind::Good | Kind::NewPhone | Kind::Replay => {
                assert_eq!(status_check(v), StatusCheck::Good, "{kind:?}");
                accepted += 1;
            }
            Kind::Revoked => assert_eq!(err(v), Some(Error::Revoked)),
            Kind::Suspended => assert_eq!(err(v), Some(Error::Suspended)),
            Kind::Superseded => assert_eq!(err(v), Some(Error::Superseded)),
            Kind::Stale => assert_eq!(err(v), Some(Error::StalePresentation)),
            Kind::Flipped => assert!(v.is_err(), "a flipped bit must be refused"),
            Kind::NoIdNumber => assert_eq!(err(v), Some(Error::MissingAttribute)),
        }
    }
    assert_eq!(accepted, 80 - 7 + 3 + 1);

    // The gate applies its replay cache to each batch-accepted item, in queue order: the photo
    // of traveller 0's code, verified fine on its own, is refused as a replay.
    let mut cache = ReplayCache::new(36_000, 0x5eed);
    let mut replayed = Vec::new();
    for (i, v) in batch.iter().enumerate() {
        if let Ok(v) = v {
            match cache.check(v, NOW) {
                Ok(()) => {}
                Err(e) => {
                    assert_eq!(e, Error::Replayed);
                    replayed.push(i);
                }
            }
        }
    }
    assert_eq!(replayed, vec![queue.len() - 1], "only the photo is refused");
    assert_eq!(cache.len(), accepted - 1);

    // Ten seconds later every accepted QR code is still fresh but already used.
    let later = NOW + 10;
    for v in batch.iter().flatten() {
        assert!(later <= v.fresh_until);
        assert_eq!(cache.check(v, later), Err(Error::Replayed));
    }

    // The first 40 of the queue (the damaged scans aside) under other status configurations
    // still decide alike in both modes. (A subset only: debug-build Ed25519 is slow.)
    let (kinds, bytes): (Vec<Kind>, Vec<Vec<u8>>) = queue
        .into_iter()
        .filter(|(kind, _)| *kind != Kind::Flipped)
        .take(40)
        .unzip();
    let no_list = t.authority.verifier(gate_policy());
    for v in single_and_one_batch(&no_list, &bytes, NOW) {
        assert_ne!(
            err(&v),
            Some(Error::Revoked),
            "undetermined is never revoked"
        );
        assert!(v.is_err());
    }
    let lenient = t.authority.verifier(Policy {
        undetermined_status: UndeterminedStatus::Accept,
        ..gate_policy()
    });
    let lenient_verdicts = single_and_one_batch(&lenient, &bytes, NOW);
    for (kind, v) in kinds.iter().zip(&lenient_verdicts) {
        if matches!(kind, Kind::Good | Kind::NewPhone | Kind::Replay) {
            assert_eq!(status_check(v), StatusCheck::Undetermined);
        }
    }
}

#[test]
fn two_gate_lanes_share_one_replay_cache() {
    let t = travellers(16);
    let list = t.authority.publish(NOW - 10 * MINUTE);
    let gate = t.authority.verifier_with_list(gate_policy(), &list, NOW);
    let queue: Vec<Vec<u8>> = t
        .phones
        .iter()
        .map(|w| {
            w.present(&[AttributeId::IdNumber], NOW - 2)
                .expect("present")
        })
        .collect();
    // Lane 1 sees travellers 0..10, lane 2 travellers 6..16: 6..10 are shown at both.
    let lanes: [Vec<&[u8]>; 2] = [
        queue[..10].iter().map(Vec::as_slice).collect(),
        queue[6..].iter().map(Vec::as_slice).collect(),
    ];
    let cache = SharedReplayCache::new(1000, 0x1a7e);
    let passed: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = lanes
            .iter()
            .map(|lane| {
                let (gate, cache) = (&gate, &cache);
                s.spawn(move || {
                    gate.verify_batch(lane, NOW)
                        .into_iter()
                        .map(|v| v.expect("valid"))
                        .filter(|v| cache.check(v, NOW).is_ok())
                        .count()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("lane thread"))
            .collect()
    });
    assert_eq!(
        passed.iter().sum::<usize>(),
        16,
        "each traveller passes once"
    );
    assert_eq!(cache.len(), 16);
}

// ---------------------------------------------------------------------------------------------
// Scenario 6: new phone
// ---------------------------------------------------------------------------------------------

#[test]
fn new_phone_supersedes_the_old_copy_at_every_verifier_and_the_old_wallet_deletes_it() {
    let mut authority = Authority::new();
    let zhang = person(600);
    let li = person(601);
    let mut phone_a = phone(0xa);
    let mut li_phone = phone(0x11);
    let (gen1, copy_a) = authority.enrol(&mut phone_a, &zhang, APP, NOW - 30 * DAY);
    authority.enrol(&mut li_phone, &li, APP, NOW - 20 * DAY);
    assert_eq!(gen1.generation, 1);

    // Before the move: every verifier loaded list L1 and accepts phone A.
    let l1 = authority.publish(NOW - 2 * HOUR);
    let mut hotel = authority.verifier_with_list(Policy::default(), &l1, NOW - 2 * HOUR);
    let mut gate = authority.verifier_with_list(gate_policy(), &l1, NOW - 2 * HOUR);
    // A bank counter's back end: a shorter window for QR codes.
    let mut bank = authority.verifier_with_list(
        Policy {
            max_age: 60,
            ..Policy::default()
        },
        &l1,
        NOW - 2 * HOUR,
    );
    let early = phone_a
        .present(&[AttributeId::IdNumber], NOW - HOUR - 2)
        .expect("present");
    for v in [&hotel, &gate, &bank] {
        assert_eq!(
            status_check(&verify_both(v, &early, NOW - HOUR)),
            StatusCheck::Good
        );
    }

    // Zhang activates the credential on phone B: generation 2, phone A's generation 1 is
    // superseded at once in the registry, and the next list says so.
    let mut phone_b = phone(0xb);
    let (gen2, copy_b) = authority.enrol(&mut phone_b, &zhang, APP, NOW - 30 * MINUTE);
    assert_eq!(gen2.generation, 2);
    assert_ne!(gen2.status.index, gen1.status.index);
    assert_eq!(
        authority
            .registry
            .record(gen1.status.index)
            .expect("record")
            .state,
        CredentialStatus::Superseded
    );
    let l2 = authority.publish(NOW - 10 * MINUTE);

    for v in [&mut hotel, &mut gate, &mut bank] {
        assert_eq!(v.update_status_list(&l2, NOW), Ok(true));
        // Re-offering the older list is ignored: the verifier keeps the newer one.
        assert_eq!(v.update_status_list(&l1, NOW), Ok(false));
    }
    // A verifier that starts fresh with only the new list.
    let newcomer = authority.verifier_with_list(gate_policy(), &l2, NOW);

    let from_a = phone_a
        .present(&[AttributeId::IdNumber], NOW - 2)
        .expect("phone A still holds its copy until it sees the list");
    let from_b = phone_b
        .present(&[AttributeId::IdNumber], NOW - 2)
        .expect("present");
    // Phone A, offline, also prepares a QR code for later (a phone can sign any time; the
    // verifier's clock decides).
    let late = NOW + LIST_LIFETIME + HOUR;
    let late_a_bytes = phone_a
        .present(&[AttributeId::IdNumber], late - 2)
        .expect("present");
    let from_li = li_phone
        .present(&[AttributeId::IdNumber], NOW - 2)
        .expect("present");
    for v in [&hotel, &gate, &bank, &newcomer] {
        assert_eq!(err(&verify_both(v, &from_a, NOW)), Some(Error::Superseded));
        let b = verify_both(v, &from_b, NOW).expect("phone B is accepted");
        assert_eq!(
            (b.generation, b.status_check, b.credential_id),
            (2, StatusCheck::Good, copy_b.credential_id)
        );
        assert_eq!(
            status_check(&verify_both(v, &from_li, NOW)),
            StatusCheck::Good
        );
        // In a gate's batch among other travellers, the same decisions.
        let queue = vec![from_li.clone(), from_a.clone(), from_b.clone()];
        let verdicts = single_and_batch(v, &queue, NOW);
        assert_eq!(err(&verdicts[1]), Some(Error::Superseded));
        assert!(verdicts[0].is_ok() && verdicts[2].is_ok());
    }

    // Phone A fetches the list, checks it as a verifier would, and deletes its copy.
    let checked = newcomer
        .decode_status_list(&l2, NOW)
        .expect("list verifies");
    let report = phone_a.apply_status(&checked, NOW);
    assert_eq!(
        report,
        vec![change(&copy_a, StatusOutcome::Superseded, true)]
    );
    assert!(report[0].outcome.deletes());
    assert!(phone_a.credentials().is_empty());
    assert!(
        phone_a.present(&[], NOW).is_err(),
        "nothing left to present"
    );
    // Phone B applies the same list and keeps its credential.
    assert_eq!(
        phone_b.apply_status(&checked, NOW),
        vec![change(&copy_b, StatusOutcome::Good, false)]
    );
    assert_eq!(phone_b.credentials().len(), 1);
    let again = phone_b
        .present(&[AttributeId::IdNumber], NOW)
        .expect("present");
    assert!(verify_both(&gate, &again, NOW + 1).is_ok());

    // A verifier without a fresh list cannot tell. By default it refuses with
    // StatusUnavailable; under `UndeterminedStatus::Accept` it accepts and says so. Never
    // "revoked".
    let lenient_policy = Policy {
        undetermined_status: UndeterminedStatus::Accept,
        ..Policy::default()
    };
    let offline = authority.verifier(Policy::default());
    let offline_lenient = authority.verifier(lenient_policy.clone());
    assert_eq!(
        err(&verify_both(&offline, &from_b, NOW)),
        Some(Error::StatusUnavailable)
    );
    assert_eq!(
        err(&verify_both(&offline, &from_a, NOW)),
        Some(Error::StatusUnavailable)
    );
    assert_eq!(
        status_check(&verify_both(&offline_lenient, &from_b, NOW)),
        StatusCheck::Undetermined
    );
    assert_eq!(
        status_check(&verify_both(&offline_lenient, &from_a, NOW)),
        StatusCheck::Undetermined,
        "no list at all: phone A's copy is undetermined, not revoked"
    );

    // The same once the only loaded list has passed its next-update.
    let stale_default = authority.verifier_with_list(Policy::default(), &l2, NOW);
    let stale_lenient = authority.verifier_with_list(lenient_policy, &l2, NOW);
    let late_b = phone_b.present(&[], late - 2).expect("present");
    assert_eq!(
        err(&verify_both(&stale_default, &late_b, late)),
        Some(Error::StatusUnavailable)
    );
    assert_eq!(
        status_check(&verify_both(&stale_lenient, &late_b, late)),
        StatusCheck::Undetermined
    );
    // Phone A's copy under a stale list that records it as superseded: superseded is final,
    // so even a list past its next-update proves it, under either policy.
    assert_eq!(
        err(&verify_both(&stale_default, &late_a_bytes, late)),
        Some(Error::Superseded)
    );
    assert_eq!(
        err(&verify_both(&stale_lenient, &late_a_bytes, late)),
        Some(Error::Superseded)
    );
}

// ---------------------------------------------------------------------------------------------
// Scenario 7: lost card
// ---------------------------------------------------------------------------------------------

#[test]
fn lost_card_revokes_every_credential_of_the_person_and_a_reissue_with_the_card_works() {
    let mut authority = Authority::new();
    let wang = person(700);
    let others = [person(701), person(702)];

    // Wang's history: the national app on an old phone (superseded by his current phone), the
    // national app on his current phone, and a bank app on his tablet.
    let mut old_phone = phone(0x70);
    let (old, _) = authority.enrol(&mut old_phone, &wang, APP, NOW - 90 * DAY);
    let mut current = phone(0x71);
    let (cur, cur_issued) = authority.enrol(&mut current, &wang, APP, NOW - 10 * DAY);
    let mut tablet = phone(0x72);
    let (bank, bank_issued) = authority.enrol(&mut tablet, &wang, BANK_APP, NOW - 5 * DAY);
    assert_eq!((old.generation, cur.generation, bank.generation), (1, 2, 1));
    let mut other_phones: Vec<Wallet<SigningKey>> = Vec::new();
    for (k, p) in others.iter().enumerate() {
        let mut w = phone(0x80 + k as u64);
        authority.enrol(&mut w, p, APP, NOW - 3 * DAY);
        other_phones.push(w);
    }

    // Before the report, all his live credentials pass.
    let before = authority.publish(NOW - 3 * HOUR);
    let mut counter = authority.verifier_with_list(Policy::default(), &before, NOW - 2 * HOUR);
    for w in [&current, &tablet] {
        let p = w.present(&[], NOW - 2 * HOUR - 1).expect("present");
        assert!(verify_both(&counter, &p, NOW - 2 * HOUR).is_ok());
    }

    // Wang reports his card lost: both live credentials are revoked; the superseded one stays
    // superseded.
    let pk = person_key(&wang);
    assert_eq!(authority.registry.report_lost_card(pk), Ok(2));
    let states = |a: &Authority| -> Vec<CredentialStatus> {
        a.registry.records_of(&pk).map(|r| r.state).collect()
    };
    assert_eq!(
        states(&authority),
        [
            CredentialStatus::Superseded,
            CredentialStatus::Revoked,
            CredentialStatus::Revoked
        ]
    );
    let after = authority.publish(NOW - HOUR);
    assert_eq!(counter.update_status_list(&after, NOW), Ok(true));
    let mut gate = authority.verifier_with_list(gate_policy(), &after, NOW);

    let from_current = current
        .present(&[AttributeId::IdNumber], NOW - 2)
        .expect("present");
    let from_tablet = tablet
        .present(&[AttributeId::IdNumber], NOW - 2)
        .expect("present");
    let from_old = old_phone
        .present(&[AttributeId::IdNumber], NOW - 2)
        .expect("present");
    let from_others: Vec<Vec<u8>> = other_phones
        .iter()
        .map(|w| {
            w.present(&[AttributeId::IdNumber], NOW - 2)
                .expect("present")
        })
        .collect();
    for v in [&counter, &gate] {
        assert_eq!(
            err(&verify_both(v, &from_current, NOW)),
            Some(Error::Revoked)
        );
        assert_eq!(
            err(&verify_both(v, &from_tablet, NOW)),
            Some(Error::Revoked)
        );
        assert_eq!(
            err(&verify_both(v, &from_old, NOW)),
            Some(Error::Superseded)
        );
        for p in &from_others {
            assert_eq!(status_check(&verify_both(v, p, NOW)), StatusCheck::Good);
        }
        let mut queue = from_others.clone();
        queue.extend([from_current.clone(), from_tablet.clone(), from_old.clone()]);
        let verdicts = single_and_batch(v, &queue, NOW);
        assert_eq!(
            verdicts
                .iter()
                .filter(|v| err(v) == Some(Error::Revoked))
                .count(),
            2
        );
    }

    // Both of his devices learn it from the list and delete their copies.
    let checked = gate.decode_status_list(&after, NOW).expect("list verifies");
    assert_eq!(
        current.apply_status(&checked, NOW),
        vec![change(&cur_issued, StatusOutcome::Revoked, true)]
    );
    assert_eq!(
        tablet.apply_status(&checked, NOW),
        vec![change(&bank_issued, StatusOutcome::Revoked, true)]
    );
    assert!(current.credentials().is_empty() && tablet.credentials().is_empty());
    for w in &mut other_phones {
        let report = w.apply_status(&checked, NOW);
        assert_eq!(report.len(), 1);
        assert_eq!(
            (report[0].outcome, report[0].deleted),
            (StatusOutcome::Good, false)
        );
    }

    // With his new card at a trusted terminal he is re-issued an upgraded credential on a new
    // phone. Everything older stays refused: revoked stays revoked (final), superseded stays
    // superseded.
    let reissue_at = NOW + 30 * MINUTE;
    let enrollment = authority
        .registry
        .reissue_with_card(pk, APP)
        .expect("reissue");
    assert_eq!(enrollment.generation, 3);
    let mut new_phone = phone(0x73);
    let issuer = authority.issuer.clone();
    let reissued = authority.issue_with(
        &issuer,
        &mut new_phone,
        &wang,
        enrollment,
        Level::Upgraded,
        reissue_at,
    );
    assert_eq!(
        states(&authority),
        [
            CredentialStatus::Superseded,
            CredentialStatus::Revoked,
            CredentialStatus::Revoked,
            CredentialStatus::Good
        ]
    );
    let republished = authority.publish(reissue_at + MINUTE);
    let t = reissue_at + 2 * MINUTE;
    let strict_counter = authority.verifier_with_list(
        Policy {
            min_level: Level::Upgraded,
            ..Policy::default()
        },
        &republished,
        t,
    );
    for v in [&mut counter, &mut gate] {
        assert_eq!(v.update_status_list(&republished, t), Ok(true));
    }
    let fresh = new_phone
        .present(&[AttributeId::IdNumber], t - 1)
        .expect("present");
    for (k, v) in [&counter, &gate, &strict_counter].into_iter().enumerate() {
        let a = verify_both(v, &fresh, t).expect("the re-issued credential is accepted");
        assert_eq!(
            (a.credential_id, a.generation, a.level, a.status_check),
            (
                reissued.credential_id,
                3,
                Level::Upgraded,
                StatusCheck::Good
            )
        );
        let old_again = old_phone.present(&[], t - 1).expect("present");
        // The upgraded-only counter refuses the old light credential on its level first.
        let expected = if k == 2 {
            Error::LevelTooLow
        } else {
            Error::Superseded
        };
        assert_eq!(err(&verify_both(v, &old_again, t)), Some(expected));
    }
}

// ---------------------------------------------------------------------------------------------
// Trust lists
// ---------------------------------------------------------------------------------------------

#[test]
fn issuer_key_rotation_through_trust_list_sequence_2() {
    let mut authority = Authority::new();
    let key_b = key(0x1552);
    let issuer_b = Issuer::new(key_b.clone()).expect("issuer");
    let key_a = authority.issuer_key.clone();
    let issuer_a = authority.issuer.clone();
    let stranger = Issuer::from_seed(&seed(0xbad)).expect("issuer");

    // Key B's window opens two hours before NOW; key A stops signing 90 minutes before NOW.
    let b_from = NOW - 2 * HOUR;
    let a_until = NOW - 90 * MINUTE;
    let issue = |authority: &mut Authority, issuer: &Issuer, label: u64, i: usize, at: u64| {
        let p = person(800 + i);
        let e = authority
            .registry
            .new_generation(person_key(&p), APP)
            .expect("registry");
        let mut w = phone(label);
        authority.issue_with(issuer, &mut w, &p, e, Level::Light, at);
        w
    };
    let by_a = issue(&mut authority, &issuer_a, 0x200, 0, NOW - 2 * DAY);
    let by_b = issue(&mut authority, &issuer_b, 0x201, 1, NOW - HOUR);
    let by_a_too_late = issue(&mut authority, &issuer_a, 0x202, 2, NOW - 30 * MINUTE);
    let by_b_too_early = issue(&mut authority, &issuer_b, 0x203, 3, NOW - 3 * HOUR);
    let by_stranger = issue(&mut authority, &stranger, 0x204, 4, NOW - HOUR);

    let list_by_a = authority.publish(NOW - 2 * HOUR - MINUTE);
    let mut verifier = authority.verifier_with_list(Policy::default(), &list_by_a, NOW);
    assert_eq!(verifier.trust_list().map(|t| t.sequence), Some(1));
    let qr = |w: &Wallet<SigningKey>| w.present(&[], NOW - 2).expect("present");

    // Sequence 1 knows only key A.
    assert!(verify_both(&verifier, &qr(&by_a), NOW).is_ok());
    assert_eq!(
        err(&verify_both(&verifier, &qr(&by_b), NOW)),
        Some(Error::UnknownIssuer)
    );

    // Sequence 2: key B added, key A retired for new signatures (its old credentials stay valid).
    let seq2 = TrustList::sign(
        &authority.root,
        2,
        NOW - 2 * HOUR,
        NOW + 7 * DAY,
        &[
            entry(&key_a, NOW - 365 * DAY, a_until),
            entry(&key_b, b_from, NOW + 365 * DAY),
        ],
    )
    .expect("trust list");
    verifier.update_trust_list(&seq2).expect("newer list loads");
    assert_eq!(verifier.trust_list().map(|t| t.sequence), Some(2));
    let fresh_verifier =
        Verifier::with_trust_list(Policy::default(), authority.root_public(), &seq2)
            .expect("trust list");

    // The status list is now signed by key B (key A may no longer sign anything new).
    let list_by_b = authority
        .registry
        .status_list(&key_b, NOW - 10 * MINUTE, NOW + HOUR)
        .expect("status list");
    let mut fresh_verifier = fresh_verifier;
    for v in [&mut verifier, &mut fresh_verifier] {
        assert_eq!(v.update_status_list(&list_by_b, NOW), Ok(true));
        let late_list_by_a = authority
            .registry
            .status_list(&key_a, NOW - 5 * MINUTE, NOW + HOUR)
            .expect("status list");
        assert_eq!(
            v.update_status_list(&late_list_by_a, NOW),
            Err(Error::UnknownIssuer),
            "key A signed a status list after its window"
        );
        let by_stranger_list =
            authority
                .registry
                .status_list(&key(0xbad), NOW - 5 * MINUTE, NOW + HOUR);
        assert_eq!(
            v.update_status_list(&by_stranger_list.expect("signed"), NOW),
            Err(Error::UnknownIssuer)
        );
    }

    let queue: Vec<Vec<u8>> = [&by_a, &by_b, &by_a_too_late, &by_b_too_early, &by_stranger]
        .into_iter()
        .map(qr)
        .collect();
    for v in [&verifier, &fresh_verifier] {
        let verdicts = single_and_batch(v, &queue, NOW);
        let a = verdicts[0].as_ref().expect("key A's credential");
        let b = verdicts[1].as_ref().expect("key B's credential");
        assert_eq!(a.issuer_kid, key_a.key_id());
        assert_eq!(b.issuer_kid, key_b.key_id());
        assert_eq!(
            (a.status_check, b.status_check),
            (StatusCheck::Good, StatusCheck::Good)
        );
        for (i, what) in [
            (2, "issued by key A after its window"),
            (3, "issued by key B before its window"),
            (4, "signed by a key not in the list"),
        ] {
            assert_eq!(err(&verdicts[i]), Some(Error::UnknownIssuer), "{what}");
        }
    }
}

#[test]
fn stale_trust_list_is_refused_unless_the_policy_accepts_it_and_rollback_is_refused() {
    let mut authority = Authority::new();
    let root = authority.root.clone();
    let issuer_key = authority.issuer_key.clone();
    let mut w = phone(0x300);
    authority.enrol(&mut w, &person(900), APP, NOW - 10 * DAY);
    let list = authority.publish(NOW - 20 * MINUTE);
    let qr = w.present(&[], NOW - 2).expect("present");
    let issuer_entry = || entry(&issuer_key, NOW - 365 * DAY, NOW + 365 * DAY);
    let sign = |sequence: u64, issued_at: u64, next_update: u64| {
        TrustList::sign(&root, sequence, issued_at, next_update, &[issuer_entry()])
            .expect("trust list")
    };

    // Sequence 4 was due for renewal a day ago.
    let stale = sign(4, NOW - 8 * DAY, NOW - DAY);
    let mut strict = Verifier::with_trust_list(Policy::default(), authority.root_public(), &stale)
        .expect("decodes: freshness is checked when used");
    assert_eq!(
        strict.update_status_list(&list, NOW),
        Err(Error::TrustListStale),
        "nothing is trusted through a stale list, status lists included"
    );
    assert_eq!(
        err(&verify_both(&strict, &qr, NOW)),
        Some(Error::TrustListStale)
    );
    let mut tolerant = Verifier::with_trust_list(
        Policy {
            accept_stale_trust_list: true,
            ..Policy::default()
        },
        authority.root_public(),
        &stale,
    )
    .expect("trust list");
    assert_eq!(tolerant.update_status_list(&list, NOW), Ok(true));
    assert_eq!(
        status_check(&verify_both(&tolerant, &qr, NOW)),
        StatusCheck::Good
    );

    // The fresh sequence 5 arrives: the strict verifier works again.
    let seq5 = sign(5, NOW - HOUR, NOW + 7 * DAY);
    strict.update_trust_list(&seq5).expect("newer list");
    assert_eq!(strict.update_status_list(&list, NOW), Ok(true));
    assert_eq!(
        status_check(&verify_both(&strict, &qr, NOW)),
        StatusCheck::Good
    );

    // Rollback attempts: the old stale sequence 4, and a sequence 3 that is even fresh. Both
    // refused, nothing changes, the verifier keeps working with sequence 5.
    let fresh_but_older = sign(3, NOW - MINUTE, NOW + 30 * DAY);
    for older in [&stale, &fresh_but_older] {
        assert_eq!(strict.update_trust_list(older), Err(Error::TrustListStale));
        assert_eq!(strict.trust_list().map(|t| t.sequence), Some(5));
        assert_eq!(
            status_check(&verify_both(&strict, &qr, NOW)),
            StatusCheck::Good
        );
    }
    // A list signed by another root is refused too, and changes nothing.
    let forged = TrustList::sign(&key(0x666), 9, NOW - MINUTE, NOW + DAY, &[issuer_entry()])
        .expect("trust list");
    assert_eq!(strict.update_trust_list(&forged), Err(Error::UnknownIssuer));
    assert_eq!(strict.trust_list().map(|t| t.sequence), Some(5));

    // Sequence 6 withdraws the issuer key altogether (replaced by another); rolling back to 5,
    // which still trusts it, is refused.
    let replacement = key(0x1553);
    let seq6 = TrustList::sign(
        &root,
        6,
        NOW,
        NOW + 7 * DAY,
        &[entry(&replacement, NOW, NOW + 365 * DAY)],
    )
    .expect("trust list");
    strict.update_trust_list(&seq6).expect("newer list");
    assert_eq!(
        err(&verify_both(&strict, &qr, NOW)),
        Some(Error::UnknownIssuer)
    );
    assert_eq!(strict.update_trust_list(&seq5), Err(Error::TrustListStale));
    assert_eq!(
        err(&verify_both(&strict, &qr, NOW)),
        Some(Error::UnknownIssuer)
    );

    // Once the fresh list itself passes its next-update, the stale rule applies to it too.
    let much_later = NOW + 8 * DAY;
    let late_qr = w
        .present(&[], much_later - 1)
        .expect("still within its validity");
    assert_eq!(
        err(&verify_both(&tolerant, &late_qr, much_later)),
        Some(Error::StatusUnavailable),
        "a tolerant verifier still needs a fresh status list"
    );
    let mut strict5 = Verifier::with_trust_list(Policy::default(), authority.root_public(), &seq5)
        .expect("trust list");
    assert_eq!(
        strict5.update_status_list(&list, much_later),
        Err(Error::TrustListStale)
    );
    assert_eq!(
        err(&verify_both(&strict5, &late_qr, much_later)),
        Some(Error::TrustListStale)
    );
}

#[test]
fn freeze_and_unfreeze_round_trip() {
    let mut authority = Authority::new();
    let mut w = phone(0x400);
    let (e, issued) = authority.enrol(&mut w, &person(950), APP, NOW - 10 * DAY);
    let mut neighbour = phone(0x401);
    authority.enrol(&mut neighbour, &person(951), APP, NOW - 10 * DAY);

    let l1 = authority.publish(NOW - 3 * HOUR);
    let mut counter = authority.verifier_with_list(Policy::default(), &l1, NOW - 3 * HOUR);
    let p = w.present(&[], NOW - 3 * HOUR + 1).expect("present");
    assert!(verify_both(&counter, &p, NOW - 3 * HOUR + 2).is_ok());

    // Frozen (冻结), e.g. during a fraud investigation.
    authority.registry.freeze(e.status.index).expect("freeze");
    let l2 = authority.publish(NOW - 2 * HOUR);
    let t2 = NOW - 2 * HOUR + MINUTE;
    assert_eq!(counter.update_status_list(&l2, t2), Ok(true));
    let p = w.present(&[], t2 - 1).expect("present");
    let n = neighbour.present(&[], t2 - 1).expect("present");
    assert_eq!(err(&verify_both(&counter, &p, t2)), Some(Error::Suspended));
    let verdicts = single_and_batch(&counter, &[p.clone(), n.clone()], t2);
    assert_eq!(err(&verdicts[0]), Some(Error::Suspended));
    assert!(verdicts[1].is_ok());
    // The wallet keeps a frozen credential and shows it as frozen.
    let checked = counter.decode_status_list(&l2, t2).expect("list");
    assert_eq!(
        w.apply_status(&checked, t2),
        vec![change(&issued, StatusOutcome::Suspended, false)]
    );
    assert_eq!(w.credentials().len(), 1);
    assert!(
        authority.registry.freeze(e.status.index).is_err(),
        "already frozen"
    );

    // Unfrozen: the next list says good, and the credential is accepted again.
    authority
        .registry
        .unfreeze(e.status.index)
        .expect("unfreeze");
    let l3 = authority.publish(NOW - HOUR);
    assert_eq!(counter.update_status_list(&l3, NOW), Ok(true));
    let p = w.present(&[], NOW - 1).expect("present");
    let a = verify_both(&counter, &p, NOW).expect("accepted again");
    assert_eq!(
        (a.credential_id, a.status_check),
        (issued.credential_id, StatusCheck::Good)
    );
    // An attacker replaying the "frozen" list does not roll the verifier back (nor forward:
    // loading it into a fresh verifier is fine, it is genuine, but older than what is loaded).
    assert_eq!(counter.update_status_list(&l2, NOW), Ok(false));
    assert!(verify_both(&counter, &p, NOW).is_ok());
    let checked = counter.decode_status_list(&l3, NOW).expect("list");
    assert_eq!(
        w.apply_status(&checked, NOW),
        vec![change(&issued, StatusOutcome::Good, false)]
    );

    // Frozen then cancelled: final, cannot be unfrozen.
    authority.registry.freeze(e.status.index).expect("freeze");
    authority.registry.cancel(e.status.index).expect("cancel");
    assert!(authority.registry.unfreeze(e.status.index).is_err());
    let l4 = authority.publish(NOW - 30 * MINUTE);
    assert_eq!(counter.update_status_list(&l4, NOW), Ok(true));
    assert_eq!(err(&verify_both(&counter, &p, NOW)), Some(Error::Revoked));
}
