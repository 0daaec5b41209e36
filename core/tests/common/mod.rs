//! Shared, deterministic fixtures for the integration tests and the `verify` benchmark.
//!
//! Everything here is reproducible: keys come from fixed seeds, randomness from a seeded
//! ChaCha20 generator and time from [`NOW`]. The people are fictional; their ID numbers are
//! well-formed (region code, birth date, sequence number with the right sex parity, ISO 7064
//! MOD 11-2 check character) but belong to nobody.
//!
//! Not every test binary uses every helper.
#![allow(dead_code)]

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use wangzheng::{
    CardValidity, Date, IssueOptions, Issued, Issuer, Level, PersonRecord, Result, Sex, SigningKey,
    Wallet,
};

/// 2026-01-01T00:00:00Z (08:00 in China).
pub const NOW: u64 = 1_767_225_600;

/// Seed labels, so that every key in the tests is distinct and reproducible.
pub const ISSUER_SEED: u64 = 0x1551;
/// Seed label of a second, untrusted issuer.
pub const OTHER_ISSUER_SEED: u64 = 0x1552;
/// Seed label of the hotel's verifier key.
pub const HOTEL_SEED: u64 = 0x4071;
/// Seed label of the company-registration office's verifier key.
pub const REGISTRY_SEED: u64 = 0x4072;

/// A 32-byte seed derived from `label` (ChaCha20 keystream), not a recognisable pattern, so a
/// leak of it into `Debug` output would be caught by a search for its hex.
pub fn seed(label: u64) -> [u8; 32] {
    let mut s = [0u8; 32];
    ChaCha20Rng::seed_from_u64(label ^ 0x5eed_0000_0000).fill_bytes(&mut s);
    s
}

/// A seeded random number generator.
pub fn rng(label: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(label)
}

/// A signing key from the seed of `label`.
pub fn key(label: u64) -> SigningKey {
    SigningKey::from_seed(&seed(label))
}

/// The authority's issuer.
pub fn issuer() -> Issuer {
    Issuer::from_seed(&seed(ISSUER_SEED)).expect("issuer key")
}

/// A wallet whose device key derives from `label`.
pub fn wallet(label: u64) -> Wallet<SigningKey> {
    Wallet::new(key(0xd0_0000 + label))
}

fn date(y: u16, m: u8, d: u8) -> Date {
    Date::new(y, m, d).expect("fixture date")
}

/// 王建国, male, born 1990-03-07 in Beijing; card valid until 2040-01-01.
pub fn wang_jianguo() -> PersonRecord {
    PersonRecord {
        full_name: "王建国".into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: date(1990, 3, 7),
        address: "北京市东城区景山前街4号".into(),
        id_number: "110101199003070011".into(),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: date(2020, 1, 1),
            until: Some(date(2040, 1, 1)),
        },
        portrait: None,
        extras: vec![],
    }
}

/// 陈晓燕, female, born 1985-11-23 in Shanghai; card valid until 2035-08-01.
pub fn chen_xiaoyan() -> PersonRecord {
    PersonRecord {
        full_name: "陈晓燕".into(),
        sex: Sex::Female,
        ethnicity: 1,
        birth_date: date(1985, 11, 23),
        address: "上海市徐汇区漕溪北路88号".into(),
        id_number: "310104198511230044".into(),
        issuing_authority: "上海市公安局徐汇分局".into(),
        card_validity: CardValidity {
            from: date(2015, 8, 1),
            until: Some(date(2035, 8, 1)),
        },
        portrait: None,
        extras: vec![],
    }
}

/// 林雨桐, female, born 2008-06-15 in Shenzhen: 17 years old on [`NOW`].
pub fn lin_yutong() -> PersonRecord {
    PersonRecord {
        full_name: "林雨桐".into(),
        sex: Sex::Female,
        ethnicity: 1,
        birth_date: date(2008, 6, 15),
        address: "广东省深圳市福田区深南大道1000号".into(),
        id_number: "440301200806150026".into(),
        issuing_authority: "深圳市公安局福田分局".into(),
        card_validity: CardValidity {
            from: date(2024, 7, 1),
            until: Some(date(2029, 7, 1)),
        },
        portrait: None,
        extras: vec![],
    }
}

/// 刘志强, male, born 1972-04-18 in Chengdu, Hui ethnicity; long-term card (长期).
pub fn liu_zhiqiang() -> PersonRecord {
    PersonRecord {
        full_name: "刘志强".into(),
        sex: Sex::Male,
        ethnicity: 3,
        birth_date: date(1972, 4, 18),
        address: "四川省成都市武侯区人民南路四段12号".into(),
        id_number: "510107197204180034".into(),
        issuing_authority: "成都市公安局武侯区分局".into(),
        card_validity: CardValidity {
            from: date(2018, 4, 20),
            until: None,
        },
        portrait: None,
        extras: vec![],
    }
}

/// 赵磊, male, born 1995-08-12 in Nanjing; card ends 2026-03-01, two months after [`NOW`].
pub fn zhao_lei() -> PersonRecord {
    PersonRecord {
        full_name: "赵磊".into(),
        sex: Sex::Male,
        ethnicity: 1,
        birth_date: date(1995, 8, 12),
        address: "江苏省南京市玄武区中山路18号".into(),
        id_number: "320102199508120059".into(),
        issuing_authority: "南京市公安局玄武分局".into(),
        card_validity: CardValidity {
            from: date(2016, 3, 1),
            until: Some(date(2026, 3, 1)),
        },
        portrait: None,
        extras: vec![],
    }
}

/// Issue options for a credential whose identity proofing established `level`.
pub fn options(level: Level) -> IssueOptions {
    IssueOptions {
        proven_level: level,
        ..IssueOptions::default()
    }
}

/// The whole issuance flow at time `now`: issuer nonce → wallet request → issuer check →
/// issue (with identity proofing at `level`) → wallet store.
pub fn enrol(
    issuer: &Issuer,
    wallet: &mut Wallet<SigningKey>,
    person: &PersonRecord,
    level: Level,
    rng: &mut ChaCha20Rng,
    now: u64,
) -> Result<Issued> {
    let nonce = Issuer::new_nonce(rng);
    let request = wallet.issuance_request(level, &nonce, now)?;
    let checked = issuer.check_request(&request, &nonce, now)?;
    let issued = issuer.issue(&checked, person, &options(level), rng, now)?;
    wallet.store(&issued.package, issuer.public_key(), now)?;
    Ok(issued)
}

/// A wallet (device key `label`) holding a credential for `person` at `level`, issued at `now`.
pub fn holder(
    label: u64,
    person: &PersonRecord,
    level: Level,
    now: u64,
) -> (Wallet<SigningKey>, Issued) {
    let issuer = issuer();
    let mut w = wallet(label);
    let mut r = rng(0xa000 + label);
    let issued = enrol(&issuer, &mut w, person, level, &mut r, now).expect("enrolment");
    (w, issued)
}
