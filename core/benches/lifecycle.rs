//! Lifecycle benchmarks: the train gate's batch mode, a national-scale status list and the
//! replay cache, measured in one run against the brief's goals.
//!
//! * **Gate throughput** (goal: batch ≥ 1.8× the single-presentation rate on one core at 64).
//!   256 travellers' QR presentations (each discloses the ID number, which the gate's policy
//!   requires), verified by a verifier configured the production way: pinned root key, a trust
//!   list naming the issuer key, the issuer's status list loaded. `single/n` calls
//!   [`Verifier::verify`] on each of `n` presentations; `batch/n` calls
//!   [`Verifier::verify_batch`] once on the `n`, for n = 8, 64, 256.
//! * **Status list** (goals: ≤ 600 KB = 614,400 bytes signed, one lookup ≤ 100 ns). 10,000,000
//!   entries, 1% of them (100,000 distinct random indices, fixed seed) revoked, suspended or
//!   superseded at random. Reported: the signed object's size; `decode_verify`: trust-list
//!   check, signature check and inflation ([`Verifier::decode_status_list`]); `get`: one
//!   [`StatusList::get`] at a random index (indices drawn beforehand, read sequentially from a
//!   4 MiB array, the list itself 2.5 MB, so the lookup pays its cache misses), measured both
//!   as independent lookups (the CPU overlaps them: throughput) and as a dependent chain where
//!   each index depends on the previous result (latency); the goal should hold for both.
//! * **Replay cache**: `check_key/n`, one [`ReplayCache::check_key`] of a fresh key in steady
//!   state at n = 10³, 10⁴, 10⁵, 10⁶ entries (each insertion also lets the oldest entry, whose
//!   window has just passed, leave: the state of a busy gate); memory per million entries from
//!   [`ReplayCache::reserved_bytes`] and from the process's resident set (`/proc/self/statm`)
//!   before and after filling a 10⁶-entry cache.
//!
//! Criterion reports each routine. It does not hand its medians to the program, so after its
//! groups the binary measures the figures itself (interleaved rounds timed with `Instant`,
//! medians of per-round means, as `benches/verify.rs` does) and prints one summary table. That
//! step runs only under `cargo bench` (criterion's `--bench` flag); `--quick` shortens it.
//!
//! ```text
//! cargo bench -p wangzheng --bench lifecycle            # full run
//! cargo bench -p wangzheng --bench lifecycle -- --quick # a few minutes on 2 cores
//! ```

use criterion::{BenchmarkId, Criterion, Throughput};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::{Duration, Instant};
use wangzheng::{
    AttributeId, CardValidity, CredentialStatus, Date, IssueOptions, Issuer, Level, ObjectKind,
    PersonKey, PersonRecord, Policy, PublicKey, Registry, ReplayCache, Sex, SigningKey, StatusList,
    StatusListBuilder, TrustList, TrustedIssuer, Verifier, Wallet,
};

/// 2026-01-01T00:00:00Z.
const NOW: u64 = 1_767_225_600;
/// The gate's clock: two seconds after the presentations were made.
const VERIFY_AT: u64 = NOW + 2;
const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;
/// Gate batch sizes.
const SIZES: [usize; 3] = [8, 64, 256];
/// Status list size and the share of entries that are not good.
const STATUS_ENTRIES: u32 = 10_000_000;
const NOT_GOOD: u32 = STATUS_ENTRIES / 100;
/// The brief's budget for the signed list: 600 KB.
const STATUS_BUDGET: usize = 600 * 1024;
/// Random lookup indices (a power of two).
const LOOKUP_INDICES: usize = 1 << 20;
/// Replay cache sizes.
const REPLAY_SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];

fn seed(label: u64) -> [u8; 32] {
    let mut s = [0u8; 32];
    ChaCha20Rng::seed_from_u64(label ^ 0xbe4c_0000_0000).fill_bytes(&mut s);
    s
}

fn public(k: &SigningKey) -> PublicKey {
    PublicKey::from_bytes(&k.public_key_bytes()).expect("fixture key")
}

/// Traveller `i`, with a well-formed ID number (birth date in digits 7–14, ISO 7064 MOD 11-2
/// check character).
fn person(i: usize) -> PersonRecord {
    let born = Date::from_days_since_epoch(3652 + 29 * i as i64).expect("fixture date");
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

/// The authority's keys and the verifier configuration every benchmark shares.
struct Authority {
    root: SigningKey,
    issuer_key: SigningKey,
    trust_list: Vec<u8>,
}

impl Authority {
    fn new() -> Authority {
        let root = SigningKey::from_seed(&seed(1));
        let issuer_key = SigningKey::from_seed(&seed(2));
        let trust_list = TrustList::sign(
            &root,
            1,
            NOW - DAY,
            NOW + 7 * DAY,
            &[TrustedIssuer {
                key: public(&issuer_key),
                valid_from: NOW - 365 * DAY,
                valid_until: NOW + 365 * DAY,
                levels: vec![Level::Light, Level::Upgraded],
                kinds: vec![ObjectKind::Credential, ObjectKind::StatusList],
            }],
        )
        .expect("trust list");
        Authority {
            root,
            issuer_key,
            trust_list,
        }
    }

    fn verifier(&self, policy: Policy) -> Verifier {
        Verifier::with_trust_list(policy, public(&self.root), &self.trust_list).expect("trust list")
    }
}

/// The gate: a verifier with trust list and status list, and 256 valid QR presentations.
struct Gate {
    verifier: Verifier,
    presentations: Vec<Vec<u8>>,
}

fn gate(authority: &Authority) -> Gate {
    let mut rng = ChaCha20Rng::seed_from_u64(0x6a7e);
    let issuer = Issuer::new(authority.issuer_key.clone()).expect("issuer");
    let mut registry = Registry::new(1, 4096).expect("registry");
    let n = SIZES[SIZES.len() - 1];
    let mut presentations = Vec::with_capacity(n);
    let issued_at = NOW - HOUR;
    for i in 0..n {
        let p = person(i);
        let enrollment = registry
            .new_generation(PersonKey::from_id_number(&p.id_number), "cn.gov.ctid")
            .expect("registry");
        let mut wallet = Wallet::new(SigningKey::generate(&mut rng));
        let nonce = Issuer::new_nonce(&mut rng);
        let request = wallet
            .issuance_request(Level::Light, &nonce, issued_at)
            .expect("request");
        let checked = issuer
            .check_request(&request, &nonce, issued_at)
            .expect("check");
        let options = IssueOptions {
            generation: enrollment.generation,
            status: Some(enrollment.status),
            ..IssueOptions::default()
        };
        let issued = issuer
            .issue(&checked, &p, &options, &mut rng, issued_at)
            .expect("issue");
        wallet
            .store(&issued.package, issuer.public_key(), issued_at)
            .expect("store");
        presentations.push(
            wallet
                .present(&[AttributeId::IdNumber], NOW)
                .expect("present"),
        );
    }
    let mut verifier = authority.verifier(Policy {
        required: vec![AttributeId::IdNumber],
        ..Policy::default()
    });
    let list = registry
        .status_list(&authority.issuer_key, NOW - 600, NOW + 6 * HOUR)
        .expect("status list");
    assert_eq!(verifier.update_status_list(&list, VERIFY_AT), Ok(true));
    let g = Gate {
        verifier,
        presentations,
    };
    for n in SIZES {
        assert_eq!(g.single(n), n, "every presentation verifies singly");
        assert_eq!(g.batch(n), n, "every presentation verifies in a batch");
    }
    g
}

impl Gate {
    /// Verifies the first `n` presentations one by one; returns how many were accepted.
    fn single(&self, n: usize) -> usize {
        self.presentations[..n]
            .iter()
            .filter(|p| {
                self.verifier
                    .verify(black_box(p.as_slice()), VERIFY_AT)
                    .is_ok()
            })
            .count()
    }

    /// Verifies the first `n` presentations as one batch; returns how many were accepted.
    fn batch(&self, n: usize) -> usize {
        let refs: Vec<&[u8]> = self.presentations[..n].iter().map(Vec::as_slice).collect();
        self.verifier
            .verify_batch(black_box(&refs), VERIFY_AT)
            .iter()
            .filter(|r| r.is_ok())
            .count()
    }
}

/// The 10-million-entry status list, signed, decoded, and the random lookup indices.
struct BigList {
    bytes: Vec<u8>,
    sign_time: Duration,
    verifier: Verifier,
    list: StatusList,
    indices: Vec<u32>,
}

/// A uniform value below `bound` (Lemire's multiply-shift; the bias is below 2^-32·bound).
fn below(rng: &mut ChaCha20Rng, bound: u32) -> u32 {
    ((u64::from(rng.next_u32()) * u64::from(bound)) >> 32) as u32
}

fn big_list(authority: &Authority) -> BigList {
    let mut rng = ChaCha20Rng::seed_from_u64(0x1157);
    let mut builder = StatusListBuilder::new(42, STATUS_ENTRIES).expect("builder");
    let states = [
        CredentialStatus::Revoked,
        CredentialStatus::Suspended,
        CredentialStatus::Superseded,
    ];
    let mut set = 0;
    while set < NOT_GOOD {
        let i = below(&mut rng, STATUS_ENTRIES);
        if builder.get(i) == Some(CredentialStatus::Good) {
            let s = states[below(&mut rng, 3) as usize];
            builder.set(i, s).expect("in range");
            set += 1;
        }
    }
    let start = Instant::now();
    let bytes = builder
        .sign(&authority.issuer_key, NOW - 600, NOW + 6 * HOUR)
        .expect("sign");
    let sign_time = start.elapsed();
    let verifier = authority.verifier(Policy::default());
    let list = verifier
        .decode_status_list(&bytes, VERIFY_AT)
        .expect("the list verifies");
    assert_eq!(list.len(), STATUS_ENTRIES);
    let not_good = (0..STATUS_ENTRIES)
        .filter(|&i| list.get(i) != Some(CredentialStatus::Good))
        .count();
    assert_eq!(
        not_good, NOT_GOOD as usize,
        "1% of the entries are not good"
    );
    let indices = (0..LOOKUP_INDICES)
        .map(|_| below(&mut rng, STATUS_ENTRIES))
        .collect();
    BigList {
        bytes,
        sign_time,
        verifier,
        list,
        indices,
    }
}

impl BigList {
    fn decode_verify(&self) -> u32 {
        self.verifier
            .decode_status_list(black_box(&self.bytes), VERIFY_AT)
            .expect("verifies")
            .len()
    }

    /// `count` lookups at the random indices from `start`; returns how many were not good.
    fn lookups(&self, start: usize, count: usize) -> usize {
        let mut bad = 0;
        for k in start..start + count {
            let i = self.indices[k & (LOOKUP_INDICES - 1)];
            if black_box(self.list.get(black_box(i))) != Some(CredentialStatus::Good) {
                bad += 1;
            }
        }
        bad
    }

    /// `count` lookups where each index depends on the previous lookup's result, so that no
    /// two lookups overlap in the CPU: the latency of one lookup rather than the throughput of
    /// many. Returns how many were not good.
    fn dependent_lookups(&self, start: usize, count: usize) -> usize {
        let mut bad = 0;
        let mut last = 0usize;
        for k in start..start + count {
            let i = self.indices[(k + last) & (LOOKUP_INDICES - 1)];
            let state = self
                .list
                .get(black_box(i))
                .map_or(0, CredentialStatus::bits);
            last = usize::from(state);
            bad += usize::from(state != 0);
        }
        bad
    }
}

/// A replay cache of `n` entries in the steady state of a busy gate: insertion `k` happens at
/// time `k` with a window ending at `k + n - 1`, so each insertion lets exactly one expired
/// entry leave and the cache stays at `n` entries (its cap) without evicting a live one.
struct ReplaySim {
    cache: ReplayCache,
    n: usize,
    k: u64,
}

/// SplitMix64: distinct, well-mixed keys from a counter (a bijection, so no false replays).
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl ReplaySim {
    fn new(n: usize) -> ReplaySim {
        let mut sim = ReplaySim {
            cache: ReplayCache::new(n, 0x5eed_f00d),
            n,
            k: 0,
        };
        for _ in 0..n {
            sim.step().expect("prefill");
        }
        assert_eq!(sim.cache.len(), n);
        sim
    }

    /// One fresh presentation at the gate.
    #[inline]
    fn step(&mut self) -> wangzheng::Result<()> {
        let k = self.k;
        self.k += 1;
        self.cache
            .check_key(splitmix(black_box(k)), k + self.n as u64 - 1, k)
    }

    fn check_steady(&self) {
        assert_eq!(self.cache.len(), self.n);
        assert_eq!(self.cache.watermark(), 0, "no live entry was evicted");
    }
}

/// Resident set size in bytes (`/proc/self/statm`, second field, 4 KiB pages on this target).
fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn criterion_groups(c: &mut Criterion, g: &Gate, big: &BigList, sims: &mut [ReplaySim]) {
    let mut group = c.benchmark_group("gate");
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("single", n), &n, |b, &n| {
            b.iter(|| g.single(n))
        });
        group.bench_with_input(BenchmarkId::new("batch", n), &n, |b, &n| {
            b.iter(|| g.batch(n))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("status_list_10m");
    group.sample_size(20);
    group.bench_function("decode_verify", |b| b.iter(|| big.decode_verify()));
    let mut at = 0usize;
    group.bench_function("get", |b| {
        b.iter(|| {
            at = at.wrapping_add(1);
            big.lookups(at, 1)
        })
    });
    group.throughput(Throughput::Elements(1024));
    group.bench_function("get_dependent_x1024", |b| {
        b.iter(|| {
            at = at.wrapping_add(1024);
            big.dependent_lookups(at, 1024)
        })
    });
    group.finish();

    let mut group = c.benchmark_group("replay_cache_check_key");
    for sim in sims.iter_mut() {
        let n = sim.n;
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| sim.step().is_ok())
        });
        sim.check_steady();
    }
    group.finish();
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Seconds per call of `f` (which performs `per_call` operations) over `calls` calls.
fn time_per_op(calls: usize, per_call: usize, f: &mut dyn FnMut() -> usize) -> f64 {
    let mut sink = 0usize;
    let start = Instant::now();
    for _ in 0..calls {
        sink = sink.wrapping_add(black_box(f()));
    }
    let elapsed = start.elapsed().as_secs_f64();
    black_box(sink);
    elapsed / (calls * per_call) as f64
}

struct Summary {
    rows: Vec<[String; 4]>,
}

impl Summary {
    fn row(&mut self, what: impl Into<String>, value: String, goal: &str, verdict: &str) {
        self.rows
            .push([what.into(), value, goal.to_string(), verdict.to_string()]);
    }

    fn print(&self) {
        let widths: Vec<usize> = (0..4)
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| r[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |r: &[String; 4]| {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(s, w)| format!("{s}{}", " ".repeat(w - s.chars().count())))
                .collect();
            println!("| {} |", cells.join(" | "));
        };
        println!();
        println!("lifecycle benchmark summary (medians; one core; same run)");
        line(&self.rows[0]);
        println!(
            "|{}|",
            widths
                .iter()
                .map(|w| "-".repeat(w + 2))
                .collect::<Vec<_>>()
                .join("|")
        );
        for r in &self.rows[1..] {
            line(r);
        }
    }
}

fn yes(ok: bool) -> &'static str {
    if ok { "yes" } else { "NO" }
}

/// The summary measurements: interleaved A/B rounds for the gate, repeated timings for the
/// rest, medians throughout.
fn summary(g: &Gate, big: &BigList, sims: &mut [ReplaySim], memory: &Memory, quick: bool) {
    let rounds = if quick { 12 } else { 30 };
    let mut s = Summary {
        rows: vec![[
            "measure".into(),
            "value (median)".into(),
            "goal".into(),
            "meets".into(),
        ]],
    };

    // Gate: per round, single and batch over ~2048 presentations each, order alternating.
    println!();
    println!(
        "gate: {rounds} rounds, each timing single and batch mode over about 2048 presentations \
         (order alternating); medians of per-round means and of per-round ratios"
    );
    for n in SIZES {
        let calls = (2048 / n).max(1);
        let mut single = Vec::with_capacity(rounds);
        let mut batch = Vec::with_capacity(rounds);
        time_per_op(calls / 4 + 1, n, &mut || g.single(n));
        time_per_op(calls / 4 + 1, n, &mut || g.batch(n));
        for round in 0..rounds {
            if round % 2 == 0 {
                single.push(time_per_op(calls, n, &mut || g.single(n)));
                batch.push(time_per_op(calls, n, &mut || g.batch(n)));
            } else {
                batch.push(time_per_op(calls, n, &mut || g.batch(n)));
                single.push(time_per_op(calls, n, &mut || g.single(n)));
            }
        }
        let paired = median(single.iter().zip(&batch).map(|(s, b)| s / b).collect());
        let (ms, mb) = (median(single), median(batch));
        println!(
            "gate n={n:<3} single {:.2} µs/presentation ({:.0}/s) | batch {:.2} µs/presentation \
             ({:.0}/s) | ratio batch/single {:.3} (median of per-round ratios {paired:.3})",
            ms * 1e6,
            1.0 / ms,
            mb * 1e6,
            1.0 / mb,
            ms / mb
        );
        s.row(
            format!("gate n={n}: single"),
            format!("{:.1} µs, {:.0} presentations/s", ms * 1e6, 1.0 / ms),
            "",
            "",
        );
        s.row(
            format!("gate n={n}: batch"),
            format!("{:.1} µs, {:.0} presentations/s", mb * 1e6, 1.0 / mb),
            "",
            "",
        );
        let goal = if n == 64 { "≥ 1.8× at n=64" } else { "" };
        s.row(
            format!("gate n={n}: ratio batch/single"),
            format!("{:.2}× (paired {paired:.2}×)", ms / mb),
            goal,
            if n == 64 { yes(ms / mb >= 1.8) } else { "" },
        );
    }

    // Status list.
    let size = big.bytes.len();
    s.row(
        "status list 10M, 1% not good: signed size",
        format!(
            "{size} bytes ({:.1} KB, 1 KB = 1024 bytes)",
            size as f64 / 1024.0
        ),
        "≤ 614,400 bytes (600 KB)",
        yes(size <= STATUS_BUDGET),
    );
    let decode: Vec<f64> = (0..if quick { 5 } else { 15 })
        .map(|_| time_per_op(1, 1, &mut || big.decode_verify() as usize))
        .collect();
    let decode = median(decode);
    s.row(
        "status list 10M: decode + verify once",
        format!("{:.2} ms", decode * 1e3),
        "",
        "",
    );
    s.row(
        "status list 10M: sign (compress level 9 + sign), once",
        format!("{:.0} ms", big.sign_time.as_secs_f64() * 1e3),
        "",
        "",
    );
    let per_round = if quick { 1 << 21 } else { 1 << 23 };
    let mut start = 0usize;
    let lookups: Vec<f64> = (0..if quick { 7 } else { 21 })
        .map(|_| {
            let t = time_per_op(1, per_round, &mut || big.lookups(start, per_round));
            start += per_round;
            t
        })
        .collect();
    let lookup = median(lookups);
    s.row(
        "status list 10M: one lookup, random index (independent lookups)",
        format!("{:.1} ns", lookup * 1e9),
        "≤ 100 ns",
        yes(lookup * 1e9 <= 100.0),
    );
    let dependent: Vec<f64> = (0..if quick { 7 } else { 21 })
        .map(|_| {
            let t = time_per_op(1, per_round, &mut || {
                big.dependent_lookups(start, per_round)
            });
            start += per_round;
            t
        })
        .collect();
    let dependent = median(dependent);
    s.row(
        "status list 10M: one lookup, random index (dependent chain: latency)",
        format!("{:.1} ns", dependent * 1e9),
        "≤ 100 ns",
        yes(dependent * 1e9 <= 100.0),
    );

    // Replay cache.
    let ops = if quick { 200_000 } else { 1_000_000 };
    for sim in sims.iter_mut() {
        let n = sim.n;
        let t: Vec<f64> = (0..if quick { 5 } else { 15 })
            .map(|_| time_per_op(ops, 1, &mut || usize::from(sim.step().is_ok())))
            .collect();
        sim.check_steady();
        s.row(
            format!("replay cache check_key at {n} entries"),
            format!("{:.1} ns", median(t) * 1e9),
            "",
            "",
        );
    }
    s.row(
        "replay cache memory, reserved_bytes at 10⁶ entries",
        format!(
            "{:.2} MB per million entries ({:.2} MiB)",
            memory.reserved as f64 / 1e6,
            memory.reserved as f64 / (1024.0 * 1024.0)
        ),
        "",
        "",
    );
    s.row(
        "replay cache memory, RSS delta filling 10⁶ entries",
        match memory.rss_delta {
            Some(d) => format!(
                "{:.2} MB per million entries ({:.2} MiB)",
                d as f64 / 1e6,
                d as f64 / (1024.0 * 1024.0)
            ),
            None => "unavailable".into(),
        },
        "",
        "",
    );
    s.print();
}

/// Memory of the 10⁶-entry replay cache.
struct Memory {
    reserved: usize,
    rss_delta: Option<i64>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);

    let authority = Authority::new();
    let g = gate(&authority);
    let big = big_list(&authority);

    // The largest replay cache first, with the resident set measured around its creation.
    let before = rss_bytes();
    let largest = ReplaySim::new(REPLAY_SIZES[REPLAY_SIZES.len() - 1]);
    let after = rss_bytes();
    let memory = Memory {
        reserved: largest.cache.reserved_bytes(),
        rss_delta: before.zip(after).map(|(b, a)| a as i64 - b as i64),
    };
    let mut sims: Vec<ReplaySim> = REPLAY_SIZES[..REPLAY_SIZES.len() - 1]
        .iter()
        .map(|&n| ReplaySim::new(n))
        .collect();
    sims.push(largest);

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .without_plots()
        .configure_from_args();
    criterion_groups(&mut c, &g, &big, &mut sims);
    c.final_summary();

    // Only when benchmarking for real: `cargo test --benches` runs each routine once instead.
    if has("--bench") && !has("--list") {
        summary(&g, &big, &mut sims, &memory, has("--quick"));
    }
}
