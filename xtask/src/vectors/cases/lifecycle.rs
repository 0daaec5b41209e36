//! The lifecycle vectors: trust lists, status lists, the status of credentials, key rotation,
//! the replay cache and the wallet store.
//!
//! They act the lifecycle out with the library's own parts: the authority root signs two trust
//! lists ([`TrustList::sign`]) naming the current issuer key and a retired one; the issuer
//! enrols credentials in a [`Registry`] (which assigns generations and status-list indices),
//! issues them with `IssueOptions { status, generation, .. }`, and signs the registry's status
//! list before and after the lifecycle events (a new phone, a lost card, a freeze).

use super::{
    Case, DEVICE_CHEN_SEED, DEVICE_LI_SEED, DEVICE_WANG_SEED, Expect, Holder, ISSUER_SEED, Kind,
    OTHER_ISSUER_SEED, PRESENTED, Vectors, chen_ming, date, flip, flip_signature, li_si, wang_fang,
};
use super::{ISSUED, NOW};
use crate::BoxError;
use crate::vectors::verify::{status_list_json, trust_list_json};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use wangzheng::cbor::Encoder;
use wangzheng::cose;
use wangzheng::{
    AttributeId, CardValidity, CredentialStatus, Enrollment, ErrorCode, IssueOptions, Issuer,
    Level, ObjectKind, PersonKey, PersonRecord, PublicKey, Registry, Sex, SigningKey, StatusCheck,
    StatusList, StorageKey, TrustList, TrustedIssuer, UndeterminedStatus,
};

/// The authority root key.
pub(crate) const ROOT_SEED: [u8; 32] = [0x01; 32];
/// A root key no verifier pins.
pub(crate) const OTHER_ROOT_SEED: [u8; 32] = [0x02; 32];
/// The issuer key that the current one ([`ISSUER_SEED`]) replaced.
pub(crate) const RETIRED_ISSUER_SEED: [u8; 32] = [0x13; 32];
pub(crate) const DEVICE_ZHAO_A_SEED: [u8; 32] = [0x25; 32];
pub(crate) const DEVICE_ZHAO_B_SEED: [u8; 32] = [0x26; 32];
pub(crate) const DEVICE_SUN_SEED: [u8; 32] = [0x27; 32];
pub(crate) const DEVICE_ZHOU_SEED: [u8; 32] = [0x28; 32];
/// The storage key that seals wallet_store/phone-b (not an Ed25519 key).
pub(crate) const STORAGE_KEY: [u8; 32] = [0x5a; 32];
/// Another storage key (wallet_store/wrong-key).
pub(crate) const OTHER_STORAGE_KEY: [u8; 32] = [0x5b; 32];

pub(crate) const RNG_ZHAO_A: u64 = 7;
pub(crate) const RNG_ZHAO_B: u64 = 8;
pub(crate) const RNG_SUN: u64 = 9;
pub(crate) const RNG_ZHOU: u64 = 10;
pub(crate) const RNG_LI_RETIRED: u64 = 11;
pub(crate) const RNG_CHEN_RETIRED: u64 = 12;
pub(crate) const RNG_WANG_UNTRUSTED: u64 = 13;
pub(crate) const RNG_STORE: u64 = 201;

const DAY: u64 = 86_400;

/// 2025-01-01T00:00:00Z: start of the retired issuer key's window.
pub(crate) const RETIRED_FROM: u64 = 1_735_689_600;
/// 2025-12-01T00:00:00Z: end of the retired key's window; trust_list/current is issued and
/// trust_list/previous is due.
pub(crate) const RETIRED_UNTIL: u64 = 1_764_547_200;
/// 2025-11-01T00:00:00Z: start of the current issuer key's window; trust_list/previous issued.
pub(crate) const CURRENT_FROM: u64 = 1_761_955_200;
/// 2026-11-01T00:00:00Z: end of the current issuer key's window.
pub(crate) const CURRENT_UNTIL: u64 = 1_793_491_200;
/// 2025-11-15T00:00:00Z: when trust_list/previous is checked on its own (while fresh).
pub(crate) const PREVIOUS_CHECKED: u64 = 1_763_164_800;
/// 2026-02-01T00:00:00Z: next update of trust_list/current.
pub(crate) const TRUST_NEXT_UPDATE: u64 = 1_769_904_000;
/// 2025-11-20T02:00:00Z: 李四's credential from the retired key (inside its window).
pub(crate) const RETIRED_KEY_ISSUED: u64 = 1_763_604_000;
/// 2025-12-12T00:00:00Z: 赵敏 (old phone), 孙强 and 周丽 get their credentials.
pub(crate) const LIFECYCLE_ISSUED: u64 = NOW - 20 * DAY;
/// 2025-12-29T00:00:00Z: 赵敏 activates her credential on her new phone.
pub(crate) const NEW_PHONE: u64 = NOW - 3 * DAY;
/// 2025-12-30T00:00:00Z: status_list/outdated is signed (after the new phone, before the lost
/// card and the freeze); it is due a day later.
pub(crate) const OUTDATED_LIST_ISSUED: u64 = NOW - 2 * DAY;
/// 2025-12-31T23:00:00Z: status_list/current is signed; it is due a day later.
pub(crate) const CURRENT_LIST_ISSUED: u64 = NOW - 3600;

/// The status list's id and size: small, so the files stay tiny.
const STATUS_LIST_ID: u32 = 1;
const STATUS_LIST_LEN: u32 = 64;
/// The app (wallet) the lifecycle credentials are issued to.
const APP: &str = "cn.gov.ctid";

/// The times of the lifecycle vectors, for the README.
pub(crate) const TIMES: &[(&str, u64)] = &[
    (
        "retired issuer key's window starts (2025-01-01)",
        RETIRED_FROM,
    ),
    (
        "current issuer key's window starts; trust_list/previous issued (2025-11-01)",
        CURRENT_FROM,
    ),
    (
        "trust_list/previous checked while fresh (2025-11-15)",
        PREVIOUS_CHECKED,
    ),
    (
        "李四's credential from the retired key (2025-11-20T02:00:00Z)",
        RETIRED_KEY_ISSUED,
    ),
    (
        "retired key's window ends; trust_list/current issued; trust_list/previous due (2025-12-01)",
        RETIRED_UNTIL,
    ),
    (
        "赵敏 (old phone), 孙强 and 周丽 get credentials (2025-12-12)",
        LIFECYCLE_ISSUED,
    ),
    ("赵敏 activates her new phone (2025-12-29)", NEW_PHONE),
    (
        "status_list/outdated issued (due a day later, before `now`)",
        OUTDATED_LIST_ISSUED,
    ),
    (
        "status_list/current issued (due a day later)",
        CURRENT_LIST_ISSUED,
    ),
    ("trust_list/current due (2026-02-01)", TRUST_NEXT_UPDATE),
    (
        "current issuer key's window ends (2026-11-01)",
        CURRENT_UNTIL,
    ),
];

/// 赵敏: upgraded; gets a new phone.
pub(crate) fn zhao_min() -> Result<PersonRecord, BoxError> {
    Ok(PersonRecord {
        full_name: "赵敏".into(),
        sex: Sex::Female,
        ethnicity: 1,
        birth_date: date(1992, 8, 14)?,
        address: "浙江省杭州市上城区解放路138号".into(),
        id_number: "330106199208140020".into(),
        issuing_authority: "杭州市公安局上城分局".into(),
        card_validity: CardValidity {
            from: date(2019, 4, 2)?,
            until: Some(date(2039, 4, 2)?),
        },
        portrait: None,
        extras: vec![],
    })
}

/// 孙强: light; reports his card lost.
pub(crate) fn sun_qiang() -> Result<PersonRecord, BoxError> {
    Ok(PersonRecord {
        full_name: "孙强".into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: date(1978, 2, 3)?,
        address: "湖北省武汉市江岸区沿江大道188号".into(),
        id_number: "420102197802030016".into(),
        issuing_authority: "武汉市公安局江岸分局".into(),
        card_validity: CardValidity {
            from: date(2018, 10, 9)?,
            until: Some(date(2038, 10, 9)?),
        },
        portrait: None,
        extras: vec![],
    })
}

/// 周丽: light; her credential is frozen.
pub(crate) fn zhou_li() -> Result<PersonRecord, BoxError> {
    Ok(PersonRecord {
        full_name: "周丽".into(),
        sex: Sex::Female,
        ethnicity: 1,
        birth_date: date(1999, 12, 1)?,
        address: "四川省成都市锦江区红星路三段1号".into(),
        id_number: "510104199912010044".into(),
        issuing_authority: "成都市公安局锦江区分局".into(),
        card_validity: CardValidity {
            from: date(2016, 1, 5)?,
            until: Some(date(2036, 1, 5)?),
        },
        portrait: None,
        extras: vec![],
    })
}

/// What the format cases hand over.
pub(super) struct Format<'a> {
    /// 张三, whose presentations the replay cases reuse.
    pub zhang: &'a Holder,
    pub issuer_pk: [u8; 32],
    /// presentation/internet-cafe (a QR presentation).
    pub cafe_path: &'a str,
    /// presentation/hotel (an interactive presentation) and its request.
    pub hotel_pres_path: &'a str,
    pub hotel_path: &'a str,
}

impl Case {
    /// Configures the verifier with the pinned root key and a trust list (a file).
    pub(super) fn trusting(mut self, root: [u8; 32], trust_list: &str) -> Case {
        self.root = Some(root);
        self.trust_list = Some(trust_list.into());
        self
    }

    /// The root key a trust list case is checked with.
    pub(super) fn root(mut self, root: [u8; 32]) -> Case {
        self.root = Some(root);
        self
    }

    fn status_lists(mut self, paths: &[&str]) -> Case {
        self.status_lists = paths.iter().map(|p| (*p).to_string()).collect();
        self
    }

    fn replay(mut self) -> Case {
        self.replay = true;
        self
    }

    fn storage_key(mut self, key: [u8; 32]) -> Case {
        self.storage_key = Some(key);
        self
    }

    fn accept_undetermined_status(mut self) -> Case {
        self.policy.undetermined_status = UndeterminedStatus::Accept;
        self
    }

    fn accept_stale_trust_list(mut self) -> Case {
        self.policy.accept_stale_trust_list = true;
        self
    }
}

pub(super) fn accept_decoded(decoded: Value) -> Expect {
    Expect::Accept {
        level: None,
        disclosed: None,
        status_check: None,
        decoded: Some(decoded),
    }
}

/// An accepted presentation of `holder`'s credential disclosing `ids`, with `status` as the
/// outcome of the status check (`None`: the credential names no status list).
fn accept_presentation(
    holder: &Holder,
    ids: &[AttributeId<'_>],
    status: Option<StatusCheck>,
) -> Result<Expect, BoxError> {
    Ok(match holder.accept(ids)? {
        Expect::Accept {
            level, disclosed, ..
        } => Expect::Accept {
            level,
            disclosed,
            status_check: status,
            decoded: None,
        },
        reject @ Expect::Reject(_) => reject,
    })
}

fn options(level: Level, enrollment: Enrollment) -> IssueOptions {
    IssueOptions {
        proven_level: level,
        generation: enrollment.generation,
        status: Some(enrollment.status),
        ..IssueOptions::default()
    }
}

/// A trust-list entry for an issuer key allowed to issue both levels and sign status lists.
fn entry(public: [u8; 32], valid_from: u64, valid_until: u64) -> Result<TrustedIssuer, BoxError> {
    Ok(TrustedIssuer {
        key: PublicKey::from_bytes(&public)?,
        valid_from,
        valid_until,
        levels: vec![Level::Light, Level::Upgraded],
        kinds: vec![ObjectKind::Credential, ObjectKind::StatusList],
    })
}

/// The registry's view of the states that are not good: status-list index → state. Read from
/// the records, not from the packed list, so that it checks the list independently.
fn not_good(registry: &Registry) -> BTreeMap<u32, CredentialStatus> {
    registry
        .records()
        .iter()
        .filter(|r| r.state != CredentialStatus::Good)
        .map(|r| (r.status.index, r.state))
        .collect()
}

/// A signed status list with `count` entries whose packed bytes are `packed` exactly (unused
/// bits included), compressed as one DEFLATE stored block (RFC 1951 §3.2.4).
fn hand_built_status_list(
    key: &SigningKey,
    count: u32,
    packed: &[u8],
    issued_at: u64,
    next_update: u64,
) -> Result<Vec<u8>, BoxError> {
    let len = u16::try_from(packed.len())?;
    let mut stored = vec![0x01]; // BFINAL = 1, BTYPE = 00 (stored)
    stored.extend_from_slice(&len.to_le_bytes());
    stored.extend_from_slice(&(!len).to_le_bytes());
    stored.extend_from_slice(packed);
    let mut e = Encoder::new();
    e.map(5)
        .uint(1)
        .uint(STATUS_LIST_ID.into())
        .uint(2)
        .uint(issued_at)
        .uint(3)
        .uint(next_update)
        .uint(4)
        .uint(count.into())
        .uint(5)
        .bytes(&stored);
    Ok(cose::sign(ObjectKind::StatusList, &e.into_bytes(), key)?)
}

/// What the online cases take over from the lifecycle.
pub(super) struct Lifecycle {
    /// 赵敏 on her new phone (upgraded, status list 1 index 3: good).
    pub zhao_b: Holder,
    /// 孙强 (light, status list 1 index 1: revoked).
    pub sun: Holder,
    /// The issuer's registry after the lifecycle events: the service's directory.
    pub registry: Registry,
    /// The entries of trust_list/current (sorted by key id).
    pub entries: Vec<TrustedIssuer>,
    /// status_list/current (a file).
    pub status_list: String,
}

/// Builds the lifecycle vectors and cases.
///
/// # Errors
///
/// When the library refuses to build one of them, or the lifecycle does not come out as the
/// cases describe it.
pub(super) fn build(v: &mut Vectors, f: &Format<'_>) -> Result<Lifecycle, BoxError> {
    use AttributeId::{FullName, IdNumber};
    use ObjectKind::{Credential, Presentation, StatusList as StatusListKind};

    let issuer = Issuer::from_seed(&ISSUER_SEED)?;
    // `Issuer` signs credentials only; the status list is signed with the same key directly.
    let issuer_key = SigningKey::from_seed(&ISSUER_SEED);
    let issuer_pk = f.issuer_pk;
    if issuer_key.public_key_bytes() != issuer_pk {
        return Err("the issuer key differs from the format cases' issuer".into());
    }
    let retired = Issuer::from_seed(&RETIRED_ISSUER_SEED)?;
    let retired_key = SigningKey::from_seed(&RETIRED_ISSUER_SEED);
    let retired_pk = retired_key.public_key_bytes();
    let untrusted = Issuer::from_seed(&OTHER_ISSUER_SEED)?;
    let root = SigningKey::from_seed(&ROOT_SEED);
    let root_pk = root.public_key_bytes();
    let other_root = SigningKey::from_seed(&OTHER_ROOT_SEED);

    // --- trust lists ----------------------------------------------------------------------
    let mut entries = vec![
        entry(issuer_pk, CURRENT_FROM, CURRENT_UNTIL)?,
        entry(retired_pk, RETIRED_FROM, RETIRED_UNTIL)?,
    ];
    entries.sort_by_key(|e| e.key.key_id());
    let trust_current = TrustList::sign(&root, 2, RETIRED_UNTIL, TRUST_NEXT_UPDATE, &entries)?;
    let trust_previous = TrustList::sign(&root, 1, CURRENT_FROM, RETIRED_UNTIL, &entries)?;
    let expected_trust = |sequence, issued_at, next_update| {
        trust_list_json(&TrustList {
            sequence,
            issued_at,
            next_update,
            issuers: entries.clone(),
        })
    };
    let tl = v.own(
        Case::new(
            "trust_list/current",
            ObjectKind::TrustList,
            "trust_list/current.cbor",
            root_pk,
            NOW,
            accept_decoded(expected_trust(2, RETIRED_UNTIL, TRUST_NEXT_UPDATE)),
            "The authority root's trust list (sequence 2, issued 2025-12-01, due 2026-02-01): the current issuer key (2025-11-01 – 2026-11-01) and the retired one (2025-01-01 – 2025-12-01), each for light and upgraded credentials and status lists.",
        )
        .root(root_pk),
        trust_current.clone(),
    )?;
    let tl_previous = v.own(
        Case::new(
            "trust_list/previous",
            ObjectKind::TrustList,
            "trust_list/previous.cbor",
            root_pk,
            PREVIOUS_CHECKED,
            accept_decoded(expected_trust(1, CURRENT_FROM, RETIRED_UNTIL)),
            "The previous trust list (sequence 1, issued 2025-11-01, due 2025-12-01, same keys), checked on 2025-11-15 while fresh.",
        )
        .root(root_pk),
        trust_previous,
    )?;
    v.push(
        Case::new(
            "trust_list/stale",
            ObjectKind::TrustList,
            &tl_previous,
            root_pk,
            NOW,
            Expect::Reject(ErrorCode::TrustListStale),
            "trust_list/previous checked at `now`, a month past its next update.",
        )
        .root(root_pk),
    )?;
    v.own(
        Case::new(
            "trust_list/bad-signature",
            ObjectKind::TrustList,
            "trust_list/bad-signature.cbor",
            root_pk,
            NOW,
            Expect::Reject(ErrorCode::BadSignature),
            "trust_list/current with one bit of the root signature flipped.",
        )
        .root(root_pk),
        flip_signature(&trust_current),
    )?;
    v.own(
        Case::new(
            "trust_list/other-root",
            ObjectKind::TrustList,
            "trust_list/other-root.cbor",
            other_root.public_key_bytes(),
            NOW,
            Expect::Reject(ErrorCode::UnknownIssuer),
            "trust_list/current's content signed by another root key than the pinned one.",
        )
        .root(root_pk),
        TrustList::sign(&other_root, 2, RETIRED_UNTIL, TRUST_NEXT_UPDATE, &entries)?,
    )?;

    // --- the lifecycle, acted out with the registry -------------------------------------------
    let mut registry = Registry::new(STATUS_LIST_ID, STATUS_LIST_LEN)?;
    let zhao = PersonKey::from_id_number(&zhao_min()?.id_number);
    let sun = PersonKey::from_id_number(&sun_qiang()?.id_number);
    let zhou = PersonKey::from_id_number(&zhou_li()?.id_number);

    let zhao_a_enrollment = registry.new_generation(zhao, APP)?;
    let zhao_a = Holder::issue(
        &issuer,
        zhao_min()?,
        &DEVICE_ZHAO_A_SEED,
        Level::Upgraded,
        options(Level::Upgraded, zhao_a_enrollment),
        RNG_ZHAO_A,
        LIFECYCLE_ISSUED,
    )?;
    let sun_enrollment = registry.new_generation(sun, APP)?;
    let sun_holder = Holder::issue(
        &issuer,
        sun_qiang()?,
        &DEVICE_SUN_SEED,
        Level::Light,
        options(Level::Light, sun_enrollment),
        RNG_SUN,
        LIFECYCLE_ISSUED,
    )?;
    let zhou_enrollment = registry.new_generation(zhou, APP)?;
    let zhou_holder = Holder::issue(
        &issuer,
        zhou_li()?,
        &DEVICE_ZHOU_SEED,
        Level::Light,
        options(Level::Light, zhou_enrollment),
        RNG_ZHOU,
        LIFECYCLE_ISSUED,
    )?;
    // Scenario 6: 赵敏 activates the credential on her new phone.
    let zhao_b_enrollment = registry.new_generation(zhao, APP)?;
    let zhao_b = Holder::issue(
        &issuer,
        zhao_min()?,
        &DEVICE_ZHAO_B_SEED,
        Level::Upgraded,
        options(Level::Upgraded, zhao_b_enrollment),
        RNG_ZHAO_B,
        NEW_PHONE,
    )?;
    let outdated = registry.status_list(
        &issuer_key,
        OUTDATED_LIST_ISSUED,
        OUTDATED_LIST_ISSUED + DAY,
    )?;
    let outdated_states = not_good(&registry);
    // Scenario 7: 孙强 reports his card lost; 周丽's credential is frozen.
    if registry.report_lost_card(sun)? != 1 {
        return Err("孙强 should have one live credential".into());
    }
    registry.freeze(zhou_enrollment.status.index)?;
    let current =
        registry.status_list(&issuer_key, CURRENT_LIST_ISSUED, CURRENT_LIST_ISSUED + DAY)?;
    let current_states = not_good(&registry);

    // The README's table of people states these; keep them true.
    let placed = [
        (zhao_a_enrollment, 1, 0),
        (sun_enrollment, 1, 1),
        (zhou_enrollment, 1, 2),
        (zhao_b_enrollment, 2, 3),
    ];
    for (enrollment, generation, index) in placed {
        if enrollment.generation != generation
            || enrollment.status.index != index
            || enrollment.status.list != STATUS_LIST_ID
        {
            return Err(format!("unexpected enrollment {enrollment:?}").into());
        }
    }
    let want_current = BTreeMap::from([
        (0, CredentialStatus::Superseded),
        (1, CredentialStatus::Revoked),
        (2, CredentialStatus::Suspended),
    ]);
    if current_states != want_current
        || outdated_states != BTreeMap::from([(0, CredentialStatus::Superseded)])
    {
        return Err("the registry's states differ from the lifecycle the cases describe".into());
    }

    // --- status lists -------------------------------------------------------------------------
    let sl = v.own(
        Case::new(
            "status_list/current",
            StatusListKind,
            "status_list/current.cbor",
            issuer_pk,
            NOW,
            accept_decoded(status_list_json(
                STATUS_LIST_ID,
                CURRENT_LIST_ISSUED,
                CURRENT_LIST_ISSUED + DAY,
                STATUS_LIST_LEN,
                &current_states,
            )),
            "Status list 1 (64 entries), signed an hour before `now`, checked through trust_list/current: 赵敏's old phone superseded (0), 孙强 revoked (1), 周丽 suspended (2), 赵敏's new phone good (3), the rest unused (good).",
        )
        .trusting(root_pk, &tl)
        ,
        current.clone(),
    )?;
    let sl_outdated = v.own(
        Case::new(
            "status_list/outdated",
            StatusListKind,
            "status_list/outdated.cbor",
            issuer_pk,
            OUTDATED_LIST_ISSUED + 600,
            accept_decoded(status_list_json(
                STATUS_LIST_ID,
                OUTDATED_LIST_ISSUED,
                OUTDATED_LIST_ISSUED + DAY,
                STATUS_LIST_LEN,
                &outdated_states,
            )),
            "Status list 1 as signed two days before `now` (before the lost card and the freeze; due a day before `now`), checked with the pinned issuer key ten minutes after it was signed.",
        )
        .issuer(issuer_pk),
        outdated,
    )?;
    v.own(
        Case::new(
            "status_list/bad-signature",
            StatusListKind,
            "status_list/bad-signature.cbor",
            issuer_pk,
            NOW,
            Expect::Reject(ErrorCode::BadSignature),
            "status_list/current with one bit of the issuer signature flipped.",
        )
        .issuer(issuer_pk),
        flip_signature(&current),
    )?;
    // 63 entries: the last packed byte holds entries 60–62 and two unused high bits.
    let mut packed = vec![0u8; 16];
    for (index, state) in &current_states {
        packed[(*index / 4) as usize] |= state.bits() << ((index % 4) * 2);
    }
    let good_padding = hand_built_status_list(
        &issuer_key,
        63,
        &packed,
        CURRENT_LIST_ISSUED,
        CURRENT_LIST_ISSUED + DAY,
    )?;
    let decoded = StatusList::decode(&good_padding, &PublicKey::from_bytes(&issuer_pk)?)?;
    if decoded.len() != 63 || decoded.get(1) != Some(CredentialStatus::Revoked) {
        return Err("the hand-built status list does not decode as built".into());
    }
    packed[15] |= 0b1100_0000;
    v.own(
        Case::new(
            "status_list/malformed-padding",
            StatusListKind,
            "status_list/malformed-padding.cbor",
            issuer_pk,
            NOW,
            Expect::Reject(ErrorCode::Malformed),
            "A status list of 63 entries (one DEFLATE stored block), validly signed by the issuer, whose packed array sets the two unused bits after entry 62: they must be zero.",
        )
        .issuer(issuer_pk),
        hand_built_status_list(
            &issuer_key,
            63,
            &packed,
            CURRENT_LIST_ISSUED,
            CURRENT_LIST_ISSUED + DAY,
        )?,
    )?;
    v.own(
        Case::new(
            "status_list/retired-key",
            StatusListKind,
            "status_list/retired-key.cbor",
            retired_pk,
            NOW,
            Expect::Reject(ErrorCode::UnknownIssuer),
            "Status list 1 signed an hour before `now` with the retired issuer key, whose window ended on 2025-12-01; checked through trust_list/current.",
        )
        .trusting(root_pk, &tl),
        registry.status_list(&retired_key, CURRENT_LIST_ISSUED, CURRENT_LIST_ISSUED + DAY)?,
    )?;

    // --- credentials --------------------------------------------------------------------------
    let li_retired = Holder::issue(
        &retired,
        li_si()?,
        &DEVICE_LI_SEED,
        Level::Light,
        IssueOptions::default(),
        RNG_LI_RETIRED,
        RETIRED_KEY_ISSUED,
    )?;
    let chen_retired = Holder::issue(
        &retired,
        chen_ming()?,
        &DEVICE_CHEN_SEED,
        Level::Light,
        IssueOptions::default(),
        RNG_CHEN_RETIRED,
        ISSUED,
    )?;
    let wang_untrusted = Holder::issue(
        &untrusted,
        wang_fang()?,
        &DEVICE_WANG_SEED,
        Level::Light,
        IssueOptions::default(),
        RNG_WANG_UNTRUSTED,
        ISSUED,
    )?;
    let trusted = |case: Case| case.trusting(root_pk, &tl).status_lists(&[&sl]);
    let zhao_b_credential = v.own(
        trusted(Case::new(
            "credential/with-trust-list",
            Credential,
            "credential/with-trust-list.cbor",
            issuer_pk,
            NOW,
            Expect::Accept {
                level: Some(Level::Upgraded),
                disclosed: None,
                status_check: Some(StatusCheck::Good),
                decoded: None,
            },
            "赵敏's upgraded credential on her new phone (generation 2, status list 1 index 3), checked through trust_list/current with status_list/current: good.",
        )),
        zhao_b.credential.clone(),
    )?;
    v.own(
        trusted(Case::new(
            "credential/superseded",
            Credential,
            "credential/superseded.cbor",
            issuer_pk,
            NOW,
            Expect::Reject(ErrorCode::Superseded),
            "赵敏's generation 1 (old phone, status list 1 index 0), superseded when she activated her new phone.",
        )),
        zhao_a.credential.clone(),
    )?;
    v.own(
        trusted(Case::new(
            "credential/retired-key-after-window",
            Credential,
            "credential/retired-key-after-window.cbor",
            retired_pk,
            NOW,
            Expect::Reject(ErrorCode::UnknownIssuer),
            "陈明's credential signed with the retired issuer key an hour before `now`, after the key's window ended (2025-12-01).",
        )),
        chen_retired.credential.clone(),
    )?;

    // --- presentations through the trust list -------------------------------------------------
    let present = |holder: &Holder, ids: &[AttributeId<'_>]| holder.wallet.present(ids, PRESENTED);
    let good_path = v.own(
        trusted(Case::new(
            "presentation/with-trust-list",
            Presentation,
            "presentation/with-trust-list.cbor",
            zhao_b.device_key(),
            NOW,
            accept_presentation(&zhao_b, &[FullName], Some(StatusCheck::Good))?,
            "赵敏's new phone presents her upgraded credential (generation 2), disclosing full_name, to a verifier that pins only the root key: trust_list/current names the issuer, status_list/current says good.",
        )),
        present(&zhao_b, &[FullName])?,
    )?;
    let revoked_path = v.own(
        trusted(Case::new(
            "presentation/revoked",
            Presentation,
            "presentation/revoked.cbor",
            sun_holder.device_key(),
            NOW,
            Expect::Reject(ErrorCode::Revoked),
            "Scenario 7, lost card: 孙强's presentation after he reported his card lost; status_list/current says revoked.",
        )),
        present(&sun_holder, &[])?,
    )?;
    v.own(
        trusted(Case::new(
            "presentation/suspended",
            Presentation,
            "presentation/suspended.cbor",
            zhou_holder.device_key(),
            NOW,
            Expect::Reject(ErrorCode::Suspended),
            "周丽's presentation while her credential is frozen; status_list/current says suspended.",
        )),
        present(&zhou_holder, &[])?,
    )?;
    v.own(
        trusted(Case::new(
            "presentation/superseded",
            Presentation,
            "presentation/superseded.cbor",
            zhao_a.device_key(),
            NOW,
            Expect::Reject(ErrorCode::Superseded),
            "Scenario 6, new phone: 赵敏's old phone still presents generation 1 (its wallet has not seen the status yet); status_list/current says superseded.",
        )),
        present(&zhao_a, &[])?,
    )?;
    v.push(
        Case::new(
            "presentation/status-unavailable",
            Presentation,
            &good_path,
            zhao_b.device_key(),
            NOW,
            Expect::Reject(ErrorCode::StatusUnavailable),
            "presentation/with-trust-list checked with no status list loaded: the credential names status list 1, so its status is undetermined, which the default policy refuses.",
        )
        .trusting(root_pk, &tl),
    )?;
    v.push(
        Case::new(
            "presentation/status-undetermined-accepted",
            Presentation,
            &good_path,
            zhao_b.device_key(),
            NOW,
            accept_presentation(&zhao_b, &[FullName], Some(StatusCheck::Undetermined))?,
            "presentation/status-unavailable under a policy that accepts undetermined status: accepted, and the verdict says the status is undetermined.",
        )
        .trusting(root_pk, &tl)
        .accept_undetermined_status(),
    )?;
    v.push(
        Case::new(
            "presentation/status-list-outdated",
            Presentation,
            &good_path,
            zhao_b.device_key(),
            NOW,
            Expect::Reject(ErrorCode::StatusUnavailable),
            "presentation/with-trust-list with only status_list/outdated loaded, which is past its next update: undetermined, never good.",
        )
        .trusting(root_pk, &tl)
        .status_lists(&[&sl_outdated]),
    )?;
    v.push(
        Case::new(
            "presentation/revoked-older-list-ignored",
            Presentation,
            &revoked_path,
            sun_holder.device_key(),
            NOW,
            Expect::Reject(ErrorCode::Revoked),
            "presentation/revoked with status_list/current loaded, then status_list/outdated (which still says good): the older list does not replace the newer one.",
        )
        .trusting(root_pk, &tl)
        .status_lists(&[&sl, &sl_outdated]),
    )?;
    v.push(
        Case::new(
            "presentation/trust-list-stale",
            Presentation,
            &good_path,
            zhao_b.device_key(),
            NOW,
            Expect::Reject(ErrorCode::TrustListStale),
            "presentation/with-trust-list at a verifier still holding trust_list/previous, a month past its next update: loading status_list/current already fails.",
        )
        .trusting(root_pk, &tl_previous)
        .status_lists(&[&sl]),
    )?;
    v.push(
        Case::new(
            "presentation/trust-list-stale-accepted",
            Presentation,
            &good_path,
            zhao_b.device_key(),
            NOW,
            accept_presentation(&zhao_b, &[FullName], Some(StatusCheck::Good))?,
            "presentation/trust-list-stale under a policy that accepts a stale trust list (trust_list/previous names the same keys): accepted, status good.",
        )
        .trusting(root_pk, &tl_previous)
        .status_lists(&[&sl])
        .accept_stale_trust_list(),
    )?;
    v.own(
        trusted(Case::new(
            "presentation/retired-key-within-window",
            Presentation,
            "presentation/retired-key-within-window.cbor",
            li_retired.device_key(),
            NOW,
            accept_presentation(&li_retired, &[], None)?,
            "李四's credential issued on 2025-11-20 with the retired issuer key, inside its window: still accepted through trust_list/current after the rotation (it names no status list).",
        )),
        present(&li_retired, &[])?,
    )?;
    v.own(
        trusted(Case::new(
            "presentation/unknown-issuer-retired-key",
            Presentation,
            "presentation/unknown-issuer-retired-key.cbor",
            chen_retired.device_key(),
            NOW,
            Expect::Reject(ErrorCode::UnknownIssuer),
            "A presentation of credential/retired-key-after-window: the retired key signed it after its window ended.",
        )),
        present(&chen_retired, &[])?,
    )?;
    v.own(
        trusted(Case::new(
            "presentation/unknown-issuer-not-in-list",
            Presentation,
            "presentation/unknown-issuer-not-in-list.cbor",
            wang_untrusted.device_key(),
            NOW,
            Expect::Reject(ErrorCode::UnknownIssuer),
            "王芳's presentation of a credential from an issuer key that trust_list/current does not name.",
        )),
        present(&wang_untrusted, &[])?,
    )?;

    // --- the replay cache ---------------------------------------------------------------------
    v.push(
        Case::new(
            "presentation/replayed",
            Presentation,
            f.cafe_path,
            f.zhang.device_key(),
            NOW,
            Expect::Reject(ErrorCode::Replayed),
            "presentation/internet-cafe shown twice to one verifier with a replay cache: the second use is refused.",
        )
        .issuer(issuer_pk)
        .replay(),
    )?;
    v.push(
        Case::new(
            "presentation/hotel-replay-cache",
            Presentation,
            f.hotel_pres_path,
            f.zhang.device_key(),
            NOW,
            f.zhang.accept(&[FullName, IdNumber])?,
            "presentation/hotel verified twice with one replay cache: the cache does not record interactive presentations, whose request nonce (single-use at the verifier) already binds them.",
        )
        .issuer(issuer_pk)
        .request(f.hotel_path)
        .replay(),
    )?;

    // --- the wallet store ---------------------------------------------------------------------
    let store = zhao_b.wallet.export(
        &StorageKey::from_bytes(STORAGE_KEY),
        &mut ChaCha20Rng::seed_from_u64(RNG_STORE),
    )?;
    let store_path = v.own(
        Case::new(
            "wallet_store/phone-b",
            Kind::WalletStore,
            "wallet_store/phone-b.cbor",
            zhao_b.device_key(),
            NOW,
            accept_decoded(json!({ "credentials": [zhao_b_credential] })),
            "赵敏's new-phone wallet, exported with its device key and sealed under the storage key `5a` × 32: it restores whole, holding credential/with-trust-list.",
        )
        .storage_key(STORAGE_KEY),
        store.clone(),
    )?;
    v.push(
        Case::new(
            "wallet_store/wrong-key",
            Kind::WalletStore,
            &store_path,
            zhao_b.device_key(),
            NOW,
            Expect::Reject(ErrorCode::CorruptStore),
            "wallet_store/phone-b opened with another storage key (`5b` × 32).",
        )
        .storage_key(OTHER_STORAGE_KEY),
    )?;
    v.own(
        Case::new(
            "wallet_store/truncated",
            Kind::WalletStore,
            "wallet_store/truncated.cbor",
            zhao_b.device_key(),
            NOW,
            Expect::Reject(ErrorCode::CorruptStore),
            "wallet_store/phone-b without its last byte (a write cut short).",
        )
        .storage_key(STORAGE_KEY),
        store[..store.len() - 1].to_vec(),
    )?;
    v.own(
        Case::new(
            "wallet_store/flipped-bit",
            Kind::WalletStore,
            "wallet_store/flipped-bit.cbor",
            zhao_b.device_key(),
            NOW,
            Expect::Reject(ErrorCode::CorruptStore),
            "wallet_store/phone-b with one bit of its sealed contents flipped: authentication fails, nothing is loaded.",
        )
        .storage_key(STORAGE_KEY),
        flip(&store, store.len() / 2, 0),
    )?;
    Ok(Lifecycle {
        zhao_b,
        sun: sun_holder,
        registry,
        entries,
        status_list: sl,
    })
}
