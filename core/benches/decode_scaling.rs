//! Decoding time against input size, on adversarial inputs: the evidence that no decoder has a
//! quadratic path (tests are not timed; this benchmark is where the curve is shown).
//!
//! Each shape is decoded at growing sizes, up to the 96 KiB object limit (or the shape's own
//! limit), and the cost per input byte is reported at each size. A linear decoder keeps that
//! cost flat (or falling, as fixed costs spread); a quadratic one would double it with every
//! doubling of the input. The shapes:
//!
//! * generic validator ([`cbor::validate`], nesting limit 16): an array of tiny items, a map of
//!   many entries (every key compared with the one before), items nested to the limit and
//!   repeated, input nested far past the limit through arrays and through map keys (refused at
//!   the limit: the cost per byte falls as the input grows, because the rest is never read), a
//!   long byte string, a long UTF-8 text;
//! * typed decoders: a presentation disclosing a portrait of growing size, decoded
//!   ([`Presentation::decode`], which borrows it) and verified ([`Verifier::verify`], which
//!   hashes it for the digest tree and both signatures), a presentation request asking for more and more 256-byte extra
//!   attributes (up to its limit of 32; the decoder compares each with the earlier ones, so the
//!   count is quadratic and bounded by the limit), a trust list of more and more issuers (up to
//!   256), QR text of growing size, a wallet store holding more and more credentials.
//!
//! Criterion reports each routine (`decode_scaling/<shape>/<bytes>`, with throughput). It does
//! not hand its medians to the program, so under `cargo bench` (criterion's `--bench` flag) the
//! binary then measures each point itself (rounds of timed calls, median of the per-round
//! means) and prints one table: bytes, time, ns per byte, and the per-byte cost at the largest
//! size over that at the smallest (≈ 1 or below: linear).
//!
//! ```text
//! cargo bench -p wangzheng --bench decode_scaling            # about three minutes
//! cargo bench -p wangzheng --bench decode_scaling -- --quick
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};
use wangzheng::cbor::{self, Encoder};
use wangzheng::limits::{MAX_NESTING, MAX_OBJECT_LEN, MAX_PORTRAIT_LEN};
use wangzheng::presentation::Presentation;
use wangzheng::{
    AttributeId, IssueOptions, Issuer, Level, PersonRecord, Policy, PresentationRequest, PublicKey,
    RequestParams, SigningKey, StorageKey, TrustList, TrustedIssuer, Verifier, Wallet, qr,
};

const NOW: u64 = common::NOW;
/// The generic shapes' sizes: 1 KiB to the object limit.
const SIZES: [usize; 5] = [1024, 4 * 1024, 16 * 1024, 64 * 1024, MAX_OBJECT_LEN];

/// One input of one shape, and how to decode it (`true`: the decoder returned what the shape
/// expects, accepted or refused).
struct Point {
    bytes: Vec<u8>,
    decode: fn(&[u8], &Ctx) -> bool,
}

/// What some decoders need besides the bytes.
struct Ctx {
    root: PublicKey,
    storage: [u8; 32],
    verifier: Verifier,
}

struct Shape {
    name: &'static str,
    points: Vec<Point>,
}

fn validate_ok(b: &[u8], _: &Ctx) -> bool {
    cbor::validate(b, MAX_NESTING).is_ok()
}

fn validate_too_deep(b: &[u8], _: &Ctx) -> bool {
    cbor::validate(b, MAX_NESTING).is_err()
}

fn array_of_tiny_items(size: usize) -> Vec<u8> {
    let n = size - 5;
    let mut e = Encoder::with_capacity(size);
    e.array(n);
    let mut v = e.into_bytes();
    v.resize(v.len() + n, 0x00);
    v
}

fn map_of_many_entries(size: usize) -> Vec<u8> {
    // Keys 0, 1, …, ascending, each with value 0: three bytes or so per entry.
    let mut n = 0usize;
    let mut body = Encoder::with_capacity(size);
    while body.as_bytes().len() + 8 < size {
        body.uint(n as u64).uint(0);
        n += 1;
    }
    let mut e = Encoder::with_capacity(size);
    e.map(n).raw(body.as_bytes());
    e.into_bytes()
}

fn nested_to_the_limit(size: usize) -> Vec<u8> {
    // Items [[[ … 0 … ]]] of MAX_NESTING - 1 levels inside one outer array: the deepest the
    // validator accepts, repeated.
    let item: Vec<u8> = std::iter::repeat_n(0x81, MAX_NESTING - 2)
        .chain([0x00])
        .collect();
    let n = (size - 5) / item.len();
    let mut e = Encoder::with_capacity(size);
    e.array(n);
    for _ in 0..n {
        e.raw(&item);
    }
    e.into_bytes()
}

fn nested_past_the_limit(size: usize) -> Vec<u8> {
    let mut v = vec![0x81; size - 1];
    v.push(0x00);
    v
}

/// Maps whose key is a map whose key is a map …: before the fix of the hardening work, this
/// escaped the nesting limit and overflowed the stack.
fn keys_nested_past_the_limit(size: usize) -> Vec<u8> {
    vec![0xa1; size]
}

fn long_bytes(size: usize) -> Vec<u8> {
    let mut e = Encoder::with_capacity(size);
    e.bytes(&vec![0x5a; size - 5]);
    e.into_bytes()
}

fn long_text(size: usize) -> Vec<u8> {
    let mut e = Encoder::with_capacity(size);
    e.text(&"字".repeat((size - 5) / 3));
    e.into_bytes()
}

/// A presentation disclosing a portrait of `size` bytes.
fn portrait_presentation(size: usize) -> Vec<u8> {
    let mut portrait = vec![0xff, 0xd8, 0xff];
    portrait.resize(size, 0x42);
    let person = PersonRecord {
        portrait: Some(portrait),
        ..common::wang_jianguo()
    };
    let (wallet, _) = common::holder(1, &person, Level::Light, NOW - 600);
    wallet
        .present(&[AttributeId::Portrait], NOW)
        .expect("presentation")
}

fn presentation_decodes(b: &[u8], _: &Ctx) -> bool {
    Presentation::decode(b).is_ok()
}

fn presentation_verifies(b: &[u8], ctx: &Ctx) -> bool {
    ctx.verifier.verify(b, NOW + 1).is_ok()
}

/// A presentation request asking for `n` extra attributes with 256-byte names.
fn request_with_extras(n: usize) -> Vec<u8> {
    let ids: Vec<AttributeId<'static>> = (0..n)
        .map(|i| {
            let name = format!("org.example/{i:03}{}", "n".repeat(256 - 15));
            AttributeId::parse(&name).expect("extra name")
        })
        .collect();
    PresentationRequest::create(
        &RequestParams {
            verifier_id: "hotel.example",
            nonce: [1; 16],
            requested: &ids,
            min_level: Level::Light,
            max_age: 60,
            now: NOW,
        },
        &common::key(common::HOTEL_SEED),
    )
    .expect("request")
}

fn request_decodes(b: &[u8], _: &Ctx) -> bool {
    PresentationRequest::decode(b).is_ok()
}

/// A trust list of `n` issuers.
fn trust_list(n: usize) -> Vec<u8> {
    let issuers: Vec<TrustedIssuer> = (0..n as u64)
        .map(|i| TrustedIssuer {
            key: PublicKey::from_bytes(&common::key(0x10_000 + i).public_key_bytes()).expect("key"),
            valid_from: 0,
            valid_until: u64::MAX,
            levels: vec![Level::Light, Level::Upgraded],
            kinds: vec![
                wangzheng::ObjectKind::Credential,
                wangzheng::ObjectKind::StatusList,
            ],
        })
        .collect();
    TrustList::sign(&common::key(0x7007), 1, NOW, NOW + 1, &issuers).expect("trust list")
}

fn trust_list_decodes(b: &[u8], ctx: &Ctx) -> bool {
    TrustList::decode(b, &ctx.root).is_ok()
}

fn qr_decodes(b: &[u8], _: &Ctx) -> bool {
    std::str::from_utf8(b).is_ok_and(|t| qr::decode_text(t).is_ok())
}

/// A wallet store holding `n` credentials of one device.
fn wallet_store(n: usize, storage: &[u8; 32]) -> Vec<u8> {
    let issuer = Issuer::from_seed(&common::seed(common::ISSUER_SEED)).expect("issuer");
    let mut wallet = Wallet::new(SigningKey::from_seed(&common::seed(0xd0_0077)));
    let mut rng = common::rng(77);
    for _ in 0..n {
        let nonce = Issuer::new_nonce(&mut rng);
        let request = wallet
            .issuance_request(Level::Light, &nonce, NOW)
            .expect("request");
        let checked = issuer
            .check_request(&request, &nonce, NOW)
            .expect("checked");
        let issued = issuer
            .issue(
                &checked,
                &common::wang_jianguo(),
                &IssueOptions::default(),
                &mut rng,
                NOW,
            )
            .expect("issued");
        wallet
            .store(&issued.package, issuer.public_key(), NOW)
            .expect("stored");
    }
    wallet
        .export(&StorageKey::from_bytes(*storage), &mut common::rng(78))
        .expect("store")
}

fn wallet_restores(b: &[u8], ctx: &Ctx) -> bool {
    Wallet::restore(b, &StorageKey::from_bytes(ctx.storage)).is_ok()
}

fn shapes(ctx: &Ctx) -> Vec<Shape> {
    let generic = |name, make: fn(usize) -> Vec<u8>, decode| Shape {
        name,
        points: SIZES
            .iter()
            .map(|&s| Point {
                bytes: make(s),
                decode,
            })
            .collect(),
    };
    vec![
        generic("array of tiny items", array_of_tiny_items, validate_ok),
        generic("map of many entries", map_of_many_entries, validate_ok),
        generic("nesting at the limit", nested_to_the_limit, validate_ok),
        generic(
            "nesting past the limit",
            nested_past_the_limit,
            validate_too_deep,
        ),
        generic(
            "map keys past the limit",
            keys_nested_past_the_limit,
            validate_too_deep,
        ),
        generic("long byte string", long_bytes, validate_ok),
        generic("long utf-8 text", long_text, validate_ok),
        Shape {
            name: "presentation, portrait",
            points: [1024, 4096, 16 * 1024, MAX_PORTRAIT_LEN]
                .iter()
                .map(|&s| Point {
                    bytes: portrait_presentation(s),
                    decode: presentation_decodes,
                })
                .collect(),
        },
        Shape {
            name: "presentation, portrait, verify",
            points: [1024, 4096, 16 * 1024, MAX_PORTRAIT_LEN]
                .iter()
                .map(|&s| Point {
                    bytes: portrait_presentation(s),
                    decode: presentation_verifies,
                })
                .collect(),
        },
        Shape {
            name: "request, extra attributes",
            points: [4, 8, 16, 32]
                .iter()
                .map(|&n| Point {
                    bytes: request_with_extras(n),
                    decode: request_decodes,
                })
                .collect(),
        },
        Shape {
            name: "trust list, issuers",
            points: [8, 32, 128, 256]
                .iter()
                .map(|&n| Point {
                    bytes: trust_list(n),
                    decode: trust_list_decodes,
                })
                .collect(),
        },
        Shape {
            name: "qr text",
            points: SIZES
                .iter()
                .map(|&s| Point {
                    bytes: qr::encode_text(&vec![0x5a; s]).into_bytes(),
                    decode: qr_decodes,
                })
                .collect(),
        },
        Shape {
            name: "wallet store, credentials",
            points: [4, 16, 64]
                .iter()
                .map(|&n| Point {
                    bytes: wallet_store(n, &ctx.storage),
                    decode: wallet_restores,
                })
                .collect(),
        },
    ]
}

fn criterion_groups(c: &mut Criterion, shapes: &[Shape], ctx: &Ctx) {
    for shape in shapes {
        let mut g = c.benchmark_group(format!("decode_scaling/{}", shape.name));
        for p in &shape.points {
            g.throughput(Throughput::Bytes(p.bytes.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter(p.bytes.len()), p, |b, p| {
                b.iter(|| (p.decode)(black_box(&p.bytes), ctx))
            });
        }
        g.finish();
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median over `rounds` of the mean time of one decode, with enough calls per round to take
/// about `round` of time.
fn measure(p: &Point, ctx: &Ctx, rounds: usize, round: Duration) -> Duration {
    let once = {
        let t = Instant::now();
        assert!((p.decode)(&p.bytes, ctx), "the shape decodes as expected");
        t.elapsed().max(Duration::from_nanos(50))
    };
    let iters = (round.as_nanos() / once.as_nanos()).clamp(1, 1_000_000) as u32;
    let means: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                black_box((p.decode)(black_box(&p.bytes), ctx));
            }
            t.elapsed().as_secs_f64() / f64::from(iters)
        })
        .collect();
    Duration::from_secs_f64(median(means))
}

fn table(shapes: &[Shape], ctx: &Ctx, rounds: usize, round: Duration) {
    println!();
    println!(
        "decode time against input size: median of {rounds} rounds of ~{} ms each per point",
        round.as_millis()
    );
    println!(
        "{:<28} {:>9} {:>12} {:>10}",
        "shape", "bytes", "time", "ns/byte"
    );
    for shape in shapes {
        let mut per_byte = Vec::new();
        for p in &shape.points {
            let t = measure(p, ctx, rounds, round);
            let ns = t.as_secs_f64() * 1e9 / p.bytes.len() as f64;
            per_byte.push(ns);
            println!(
                "{:<28} {:>9} {:>9.1} µs {:>10.3}",
                shape.name,
                p.bytes.len(),
                t.as_secs_f64() * 1e6,
                ns
            );
        }
        let first = per_byte.first().copied().unwrap_or(1.0);
        let last = per_byte.last().copied().unwrap_or(1.0);
        println!(
            "{:<28} per-byte cost, largest / smallest input: {:.2}",
            shape.name,
            last / first
        );
    }
}

fn main() {
    let ctx = Ctx {
        root: PublicKey::from_bytes(&common::key(0x7007).public_key_bytes()).expect("root"),
        storage: common::seed(0x5709),
        verifier: Verifier::new(Policy::default()).with_issuer_key(*common::issuer().public_key()),
    };
    let shapes = shapes(&ctx);
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20)
        .without_plots()
        .configure_from_args();
    criterion_groups(&mut c, &shapes, &ctx);
    c.final_summary();

    // Only when benchmarking for real: `cargo test --benches` runs each routine once instead.
    if has("--bench") && !has("--list") {
        if has("--quick") {
            table(&shapes, &ctx, 5, Duration::from_millis(10));
        } else {
            table(&shapes, &ctx, 15, Duration::from_millis(40));
        }
    }
}
