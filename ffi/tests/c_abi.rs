//! The C API half of the tamper tests, and the pointer-handling tests that Miri runs.
//!
//! **Tamper** (`core/tests/tamper.rs` is the Rust half): for every accept case of the committed
//! vectors whose kind the C API verifies — presentations (QR, interactive, with a replay
//! cache), presentation requests, trust lists, status lists, receipts and wallet stores — every
//! single-bit flip, every truncation and every appended byte goes through the exported
//! `wz_` functions exactly as a terminal calls them, and must come back as a wire-level refusal:
//! a status other than `WZ_OK` whose class is malformed, invalid or unsupported (never a usage
//! or internal status such as `WZ_PANIC`). The QR text of every accepted presentation is
//! tampered the same way through `wz_qr_decode` and then `wz_verifier_verify`. The unmodified
//! object must be accepted first. Counts are printed (`--nocapture`).
//!
//! **Pointers** (`pointers_*`, small enough for Miri): NULL arguments, `(NULL, 0)` buffers,
//! out-parameters written only on success, NULL-safe frees, library-owned bytes read and freed,
//! batch buffers, callback signers and the per-thread error message. The test command runs
//! them under `cargo +nightly miri test -p wangzheng-ffi --test c_abi` (the exhaustive tests
//! are ignored there: Miri interprets every instruction).
//!
//! The crate is a `cdylib` and `staticlib` only (no rlib: its library name is the core's), so
//! this test compiles the crate's own source files as its modules and calls the same
//! `extern "C"` functions, with raw pointers, as C does.

#![allow(dead_code, non_camel_case_types, missing_docs, unreachable_pub)]
#![allow(clippy::missing_safety_doc, clippy::undocumented_unsafe_blocks)]

#[path = "../src/arg.rs"]
mod arg;
#[path = "../src/issuer.rs"]
mod issuer;
#[path = "../src/online.rs"]
mod online;
#[path = "../src/qr.rs"]
mod qr;
#[path = "../src/request.rs"]
mod request;
#[path = "../src/signer.rs"]
mod signer;
#[path = "../src/status.rs"]
mod status;
#[path = "../src/types.rs"]
mod types;
#[path = "../src/verifier.rs"]
mod verifier;
#[path = "../src/wallet.rs"]
mod wallet;

use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::{CStr, CString, c_void};
use std::path::{Path, PathBuf};
use std::ptr;

use online::{wz_receipt, wz_receipt_free, wz_verifier_verify_receipt};
use qr::{wz_qr_decode, wz_qr_encode};
use request::{wz_request, wz_request_decode, wz_request_free};
use signer::{wz_signer, wz_signer_free, wz_signer_from_callback};
use status::{RawStatus, wz_error_class, wz_last_error_message, wz_status, wz_status_class};
use types::{wz_buffer, wz_bytes, wz_bytes_data, wz_bytes_free, wz_bytes_len};
use verifier::{
    wz_policy, wz_policy_free, wz_policy_new, wz_policy_require,
    wz_policy_set_accept_stale_trust_list, wz_policy_set_accept_undetermined_status,
    wz_policy_set_audience, wz_policy_set_min_level, wz_replay_cache, wz_replay_cache_free,
    wz_replay_cache_new, wz_verdict, wz_verdict_free, wz_verdict_level, wz_verifier,
    wz_verifier_free, wz_verifier_new, wz_verifier_new_pinned, wz_verifier_update_status_list,
    wz_verifier_verify, wz_verifier_verify_batch, wz_verifier_verify_response,
};
use wallet::{wz_wallet, wz_wallet_free, wz_wallet_restore};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("vectors")
}

fn read(rel: &str) -> Vec<u8> {
    let path = vectors_dir().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn key32(v: &Value) -> [u8; 32] {
    let text = v.as_str().expect("a hex key");
    let bytes: Vec<u8> = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect();
    bytes.try_into().expect("32 bytes")
}

/// The manifest, parsed once (under Miri, parsing it is a good part of the run).
fn manifest() -> &'static Value {
    static MANIFEST: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    MANIFEST.get_or_init(|| serde_json::from_slice(&read("manifest.json")).expect("manifest.json"))
}

/// The top-level string and number fields of one case, found in the manifest's text without
/// parsing all of it (the pointer tests run under Miri, which would spend a minute on that).
fn case(name: &str) -> Value {
    let text = String::from_utf8(read("manifest.json")).expect("utf-8");
    let start = text
        .find(&format!("\"name\": \"{name}\""))
        .unwrap_or_else(|| panic!("no case {name}"));
    let end = text[start + 1..]
        .find("\"name\": \"")
        .map_or(text.len(), |e| start + 1 + e);
    let mut case = serde_json::Map::new();
    for line in text[start..end].lines() {
        let Some((key, value)) = line.trim().trim_end_matches(',').split_once("\": ") else {
            continue;
        };
        let key = key.trim_start_matches('"');
        if let Ok(v @ (Value::String(_) | Value::Number(_))) = serde_json::from_str::<Value>(value)
        {
            case.insert(key.to_string(), v);
        }
    }
    Value::Object(case)
}

fn ok(st: wz_status, what: &str) {
    assert_eq!(st, wz_status::WZ_OK, "{what}: {}", last_error());
}

fn last_error() -> String {
    // SAFETY: the library returns a valid NUL-terminated string, never NULL.
    unsafe { CStr::from_ptr(wz_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

// ---------------------------------------------------------------------------------------------
// The C objects a case is verified with, made once per case, freed on drop.

/// A policy made through the C API from a case's `policy` field.
struct Policy(*mut wz_policy);

impl Policy {
    fn of(c: &Value) -> Policy {
        let mut p = ptr::null_mut();
        unsafe {
            ok(wz_policy_new(&mut p), "wz_policy_new");
            if let Some(o) = c.get("policy").and_then(Value::as_object) {
                for (field, value) in o {
                    let st = match (field.as_str(), value) {
                        ("min_level", Value::String(s)) => {
                            wz_policy_set_min_level(p, if s == "upgraded" { 2 } else { 1 })
                        }
                        ("required", Value::Array(list)) => {
                            let mut st = wz_status::WZ_OK;
                            for a in list {
                                let name = CString::new(a.as_str().expect("name")).expect("c");
                                st = wz_policy_require(p, name.as_ptr());
                            }
                            st
                        }
                        ("audience", Value::String(s)) => {
                            let a = CString::new(s.as_str()).expect("c");
                            wz_policy_set_audience(p, a.as_ptr())
                        }
                        ("undetermined_status", Value::String(s)) => {
                            wz_policy_set_accept_undetermined_status(p, s == "accept")
                        }
                        ("accept_stale_trust_list", Value::Bool(b)) => {
                            wz_policy_set_accept_stale_trust_list(p, *b)
                        }
                        (other, _) => panic!("policy field {other} unknown to this test"),
                    };
                    ok(st, field);
                }
            }
        }
        Policy(p)
    }
}

impl Policy {
    /// The pointer. A method, so that a closure that calls it captures (and keeps alive) the
    /// whole object, not just its pointer field.
    fn ptr(&self) -> *mut wz_policy {
        self.0
    }
}

impl Drop for Policy {
    fn drop(&mut self) {
        unsafe { wz_policy_free(self.0) }
    }
}

/// A verifier configured through the C API as tests/vectors/README.md says (step 1).
struct Terminal(*mut wz_verifier);

impl Terminal {
    fn of(c: &Value) -> Terminal {
        let policy = Policy::of(c);
        let mut v = ptr::null_mut();
        unsafe {
            match (c.get("trust_list"), c.get("issuer_public_key")) {
                (Some(list), None) => {
                    let root = key32(&c["root_public_key"]);
                    let list = read(list.as_str().expect("path"));
                    ok(
                        wz_verifier_new(
                            policy.0,
                            root.as_ptr(),
                            32,
                            list.as_ptr(),
                            list.len(),
                            &mut v,
                        ),
                        "wz_verifier_new",
                    );
                }
                (None, Some(issuer)) => {
                    let key = key32(issuer);
                    ok(
                        wz_verifier_new_pinned(policy.0, key.as_ptr(), 32, &mut v),
                        "wz_verifier_new_pinned",
                    );
                }
                _ => panic!("a case without issuer key or trust list"),
            }
            let now = c["now"].as_u64().expect("now");
            for list in c
                .get("status_lists")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let bytes = read(list.as_str().expect("path"));
                ok(
                    wz_verifier_update_status_list(
                        v,
                        bytes.as_ptr(),
                        bytes.len(),
                        now,
                        ptr::null_mut(),
                    ),
                    "wz_verifier_update_status_list",
                );
            }
        }
        Terminal(v)
    }
}

impl Terminal {
    /// See [`Policy::ptr`].
    fn ptr(&self) -> *mut wz_verifier {
        self.0
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        unsafe { wz_verifier_free(self.0) }
    }
}

/// A decoded presentation request.
struct Request(*mut wz_request);

impl Request {
    fn decode(bytes: &[u8]) -> Result<Request, wz_status> {
        let mut r = ptr::null_mut();
        match unsafe { wz_request_decode(bytes.as_ptr(), bytes.len(), &mut r) } {
            wz_status::WZ_OK => Ok(Request(r)),
            st => Err(st),
        }
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        unsafe { wz_request_free(self.0) }
    }
}

/// A signing callback that must never be called (restoring a wallet does not sign).
unsafe extern "C" fn never_sign(
    _userdata: *mut c_void,
    _message: *const u8,
    _len: usize,
    _out: *mut u8,
) -> RawStatus {
    wz_status::WZ_SIGNER_FAILED as RawStatus
}

/// A signer with a public key only.
struct PublicSigner(*mut wz_signer);

impl PublicSigner {
    fn new(public: &[u8; 32]) -> PublicSigner {
        let mut s = ptr::null_mut();
        ok(
            unsafe {
                wz_signer_from_callback(
                    public.as_ptr(),
                    32,
                    Some(never_sign),
                    ptr::null_mut(),
                    &mut s,
                )
            },
            "wz_signer_from_callback",
        );
        PublicSigner(s)
    }
}

impl PublicSigner {
    /// See [`Policy::ptr`].
    fn ptr(&self) -> *mut wz_signer {
        self.0
    }
}

impl Drop for PublicSigner {
    fn drop(&mut self) {
        unsafe { wz_signer_free(self.0) }
    }
}

/// How a case's bytes are verified through the C API; the status it returns.
type Check = Box<dyn Fn(&[u8]) -> wz_status>;

/// The C-API checker of an accept case, or `None` for kinds the C API does not verify
/// (credentials alone, issuance requests and verification requests are not terminal jobs).
fn checker(c: &Value) -> Option<Check> {
    let now = c["now"].as_u64().expect("now");
    Some(match c["kind"].as_str().expect("kind") {
        "presentation" => {
            let terminal = Terminal::of(c);
            let request = c.get("request").map(|r| {
                Request::decode(&read(r.as_str().expect("path"))).expect("request decodes")
            });
            let replay = c.get("replay") == Some(&Value::Bool(true));
            Box::new(move |b: &[u8]| unsafe {
                let mut verdict: *mut wz_verdict = ptr::null_mut();
                let st = match &request {
                    Some(r) => wz_verifier_verify_response(
                        terminal.ptr(),
                        r.0,
                        b.as_ptr(),
                        b.len(),
                        now,
                        &mut verdict,
                    ),
                    None if replay => {
                        let mut cache: *mut wz_replay_cache = ptr::null_mut();
                        ok(
                            wz_replay_cache_new(16, 0, &mut cache),
                            "wz_replay_cache_new",
                        );
                        let mut st = wz_verifier_verify(
                            terminal.ptr(),
                            b.as_ptr(),
                            b.len(),
                            now,
                            cache,
                            ptr::null_mut(),
                        );
                        if st == wz_status::WZ_OK {
                            st = wz_verifier_verify(
                                terminal.ptr(),
                                b.as_ptr(),
                                b.len(),
                                now,
                                cache,
                                &mut verdict,
                            );
                        }
                        wz_replay_cache_free(cache);
                        st
                    }
                    None => wz_verifier_verify(
                        terminal.ptr(),
                        b.as_ptr(),
                        b.len(),
                        now,
                        ptr::null_mut(),
                        &mut verdict,
                    ),
                };
                // Written only on success.
                assert_eq!(st == wz_status::WZ_OK, !verdict.is_null());
                if !verdict.is_null() {
                    assert!(wz_verdict_level(verdict) != 0);
                }
                wz_verdict_free(verdict);
                st
            })
        }
        "presentation_request" => Box::new(|b: &[u8]| match Request::decode(b) {
            Ok(_) => wz_status::WZ_OK,
            Err(st) => st,
        }),
        "trust_list" => {
            let policy = Policy::of(c);
            let root = key32(&c["root_public_key"]);
            Box::new(move |b: &[u8]| unsafe {
                let mut v = ptr::null_mut();
                let st =
                    wz_verifier_new(policy.ptr(), root.as_ptr(), 32, b.as_ptr(), b.len(), &mut v);
                assert_eq!(st == wz_status::WZ_OK, !v.is_null());
                wz_verifier_free(v);
                st
            })
        }
        "status_list" => {
            let c = c.clone();
            Box::new(move |b: &[u8]| unsafe {
                // A fresh terminal each time: a loaded list changes it.
                let terminal = Terminal::of(&c);
                let mut loaded = false;
                wz_verifier_update_status_list(
                    terminal.ptr(),
                    b.as_ptr(),
                    b.len(),
                    now,
                    &mut loaded,
                )
            })
        }
        "receipt" => {
            let terminal = Terminal::of(c);
            let request = read(c["verification_request"].as_str().expect("path"));
            Box::new(move |b: &[u8]| unsafe {
                let mut r: *mut wz_receipt = ptr::null_mut();
                let st = wz_verifier_verify_receipt(
                    terminal.ptr(),
                    b.as_ptr(),
                    b.len(),
                    request.as_ptr(),
                    request.len(),
                    now,
                    &mut r,
                );
                assert_eq!(st == wz_status::WZ_OK, !r.is_null());
                wz_receipt_free(r);
                st
            })
        }
        "wallet_store" => {
            let storage = key32(&c["storage_key"]);
            let device = PublicSigner::new(&key32(&c["signer_public_key"]));
            Box::new(move |b: &[u8]| unsafe {
                let mut w: *mut wz_wallet = ptr::null_mut();
                let st = wz_wallet_restore(
                    b.as_ptr(),
                    b.len(),
                    storage.as_ptr(),
                    32,
                    device.ptr(),
                    &mut w,
                );
                assert_eq!(st == wz_status::WZ_OK, !w.is_null());
                wz_wallet_free(w);
                st
            })
        }
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// The tamper runs.

#[derive(Default)]
struct Tally {
    objects: usize,
    variants: usize,
    by_status: BTreeMap<String, usize>,
    problems: Vec<String>,
}

impl Tally {
    /// Requires `original` to be accepted and every variant refused; variants for which
    /// `same` holds are the original in another spelling and are skipped.
    fn run(
        &mut self,
        name: &str,
        original: &[u8],
        check: &dyn Fn(&[u8]) -> wz_status,
        same: &dyn Fn(&[u8]) -> bool,
    ) {
        let st = check(original);
        if st != wz_status::WZ_OK {
            self.problems.push(format!(
                "{name}: the unmodified object is refused: {st:?} ({})",
                last_error()
            ));
            return;
        }
        self.objects += 1;
        let mut one = |what: String, bytes: &[u8]| {
            if same(bytes) {
                return;
            }
            self.variants += 1;
            let st = check(bytes);
            let class = wz_status_class(st as RawStatus);
            let wire = matches!(
                class,
                wz_error_class::Malformed | wz_error_class::Invalid | wz_error_class::Unsupported
            );
            if st == wz_status::WZ_OK {
                self.problems.push(format!("{name}: {what}: ACCEPTED"));
            } else if !wire {
                self.problems.push(format!(
                    "{name}: {what}: refused with {st:?} (class {class:?})"
                ));
            } else {
                *self.by_status.entry(format!("{st:?}")).or_default() += 1;
            }
        };
        let mut v = original.to_vec();
        for bit in 0..original.len() * 8 {
            v[bit / 8] ^= 1 << (bit % 8);
            one(format!("bit {bit} flipped"), &v);
            v[bit / 8] ^= 1 << (bit % 8);
        }
        for n in 0..original.len() {
            one(format!("truncated to {n} bytes"), &original[..n]);
        }
        v.push(0);
        for x in 0..=255u8 {
            *v.last_mut().expect("appended") = x;
            one(format!("byte {x:#04x} appended"), &v);
        }
    }

    fn finish(self, what: &str) {
        let statuses: Vec<String> = self
            .by_status
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        println!(
            "c api tamper: {what}: {} variants of {} objects, all refused ({})",
            self.variants,
            self.objects,
            statuses.join(", ")
        );
        let shown: Vec<&str> = self.problems.iter().take(40).map(String::as_str).collect();
        assert!(
            self.problems.is_empty(),
            "{} problems:\n{}",
            self.problems.len(),
            shown.join("\n")
        );
    }
}

#[test]
#[cfg_attr(miri, ignore = "exhaustive: thousands of signature checks")]
fn every_bit_flip_truncation_and_appended_byte_is_refused_through_the_c_api() {
    let mut tally = Tally::default();
    let mut kinds = BTreeMap::<String, usize>::new();
    for c in manifest()["cases"].as_array().expect("cases") {
        if c["expect"] != "accept" {
            continue;
        }
        let name = c["name"].as_str().expect("name");
        let Some(check) = checker(c) else { continue };
        *kinds
            .entry(c["kind"].as_str().expect("kind").to_string())
            .or_default() += 1;
        tally.run(
            name,
            &read(c["file"].as_str().expect("file")),
            &check,
            &|_| false,
        );
    }
    for kind in [
        "presentation",
        "presentation_request",
        "trust_list",
        "status_list",
        "receipt",
        "wallet_store",
    ] {
        assert!(
            kinds.get(kind).is_some_and(|n| *n > 0),
            "no accept case of kind {kind}"
        );
    }
    tally.finish("presentations, requests, trust lists, status lists, receipts, wallet stores");
}

#[test]
#[cfg_attr(miri, ignore = "exhaustive: thousands of signature checks")]
fn every_change_to_a_qr_text_is_refused_through_the_c_api() {
    let mut tally = Tally::default();
    for c in manifest()["cases"].as_array().expect("cases") {
        if c["expect"] != "accept"
            || c["kind"] != "presentation"
            || c.get("request").is_some()
            || c.get("replay").is_some()
        {
            continue;
        }
        let terminal = Terminal::of(c);
        let now = c["now"].as_u64().expect("now");
        let object = read(c["file"].as_str().expect("file"));
        let text = unsafe {
            let mut t: *mut wz_bytes = ptr::null_mut();
            ok(
                wz_qr_encode(object.as_ptr(), object.len(), &mut t),
                "wz_qr_encode",
            );
            let s = std::slice::from_raw_parts(wz_bytes_data(t), wz_bytes_len(t)).to_vec();
            wz_bytes_free(t);
            s
        };
        let check = |b: &[u8]| unsafe {
            let mut decoded: *mut wz_bytes = ptr::null_mut();
            let st = wz_qr_decode(b.as_ptr(), b.len(), &mut decoded);
            if st != wz_status::WZ_OK {
                assert!(decoded.is_null());
                return st;
            }
            let st = wz_verifier_verify(
                terminal.ptr(),
                wz_bytes_data(decoded),
                wz_bytes_len(decoded),
                now,
                ptr::null_mut(),
                ptr::null_mut(),
            );
            wz_bytes_free(decoded);
            st
        };
        // Scanners add whitespace around the text: that is no change.
        let mut spaced = b" ".to_vec();
        spaced.extend_from_slice(&text);
        spaced.extend_from_slice(b"\r\n");
        assert_eq!(check(&spaced), wz_status::WZ_OK, "{}", c["name"]);
        // Surrounding whitespace is the same text.
        let same = |b: &[u8]| b.trim_ascii() == text.as_slice();
        tally.run(c["name"].as_str().expect("name"), &text, &check, &same);
    }
    assert!(tally.objects >= 5, "{} QR presentations", tally.objects);
    tally.finish("QR text of the accepted QR presentations");
}

// ---------------------------------------------------------------------------------------------
// Pointer handling (run under Miri by the test command).

/// A sentinel that an out-parameter must still hold after a failed call.
fn sentinel<T>() -> *mut T {
    std::ptr::dangling_mut::<T>()
}

#[test]
fn pointers_null_arguments_are_refused_and_out_parameters_untouched() {
    let c = case("presentation/internet-cafe");
    let terminal = Terminal::of(&c);
    let p = read("presentation/internet-cafe.cbor");
    unsafe {
        let mut out: *mut wz_verdict = sentinel();
        let st = wz_verifier_verify(
            ptr::null(),
            p.as_ptr(),
            p.len(),
            0,
            ptr::null_mut(),
            &mut out,
        );
        assert_eq!(st, wz_status::WZ_NULL_ARGUMENT);
        assert_eq!(out, sentinel());
        assert!(last_error().contains("verifier"), "{}", last_error());
        let st = wz_verifier_verify(terminal.0, ptr::null(), 5, 0, ptr::null_mut(), &mut out);
        assert_eq!(st, wz_status::WZ_NULL_ARGUMENT);
        assert_eq!(out, sentinel());
        // (NULL, 0) is the empty buffer: refused for what it is, not for the pointer.
        let st = wz_verifier_verify(terminal.0, ptr::null(), 0, 0, ptr::null_mut(), &mut out);
        assert_eq!(st, wz_status::WZ_MALFORMED);
        assert_eq!(out, sentinel());
        let mut r: *mut wz_request = sentinel();
        assert_eq!(
            wz_request_decode(ptr::null(), 0, &mut r),
            wz_status::WZ_MALFORMED
        );
        assert_eq!(r, sentinel());
        assert_eq!(
            wz_request_decode(p.as_ptr(), p.len(), ptr::null_mut()),
            wz_status::WZ_NULL_ARGUMENT
        );
        let mut v: *mut wz_verifier = sentinel();
        assert_eq!(
            wz_verifier_new_pinned(ptr::null(), ptr::null(), 32, &mut v),
            wz_status::WZ_NULL_ARGUMENT
        );
        assert_eq!(v, sentinel());
        let key = [0u8; 31];
        assert_eq!(
            wz_verifier_new_pinned(ptr::null(), key.as_ptr(), key.len(), &mut v),
            wz_status::WZ_INVALID_LENGTH
        );
        assert_eq!(v, sentinel());
        // Frees accept NULL.
        wz_verifier_free(ptr::null_mut());
        wz_verdict_free(ptr::null_mut());
        wz_request_free(ptr::null_mut());
        wz_bytes_free(ptr::null_mut());
        wz_wallet_free(ptr::null_mut());
        wz_receipt_free(ptr::null_mut());
        wz_replay_cache_free(ptr::null_mut());
        wz_policy_free(ptr::null_mut());
        wz_signer_free(ptr::null_mut());
        assert!(wz_bytes_data(ptr::null()).is_null());
        assert_eq!(wz_bytes_len(ptr::null()), 0);
    }
}

#[test]
fn pointers_a_tampered_presentation_leaves_the_verdict_unwritten() {
    let c = case("presentation/internet-cafe");
    let terminal = Terminal::of(&c);
    let mut p = read("presentation/internet-cafe.cbor");
    let now = c["now"].as_u64().expect("now");
    unsafe {
        // A flipped bit in the protected header of the envelope: refused before any signature.
        p[4] ^= 0x01;
        let mut out: *mut wz_verdict = sentinel();
        let st = wz_verifier_verify(
            terminal.0,
            p.as_ptr(),
            p.len(),
            now,
            ptr::null_mut(),
            &mut out,
        );
        assert_ne!(st, wz_status::WZ_OK);
        assert_eq!(out, sentinel());
        let message = last_error();
        assert!(!message.is_empty());
        // Truncated: refused, nothing written, and the message is per call.
        let st = wz_verifier_verify(terminal.0, p.as_ptr(), 3, now, ptr::null_mut(), &mut out);
        assert_eq!(st, wz_status::WZ_MALFORMED);
        assert_eq!(out, sentinel());
    }
}

#[test]
#[cfg_attr(miri, ignore = "two signature checks: minutes under Miri")]
fn pointers_an_accepted_presentation_writes_a_verdict_that_frees() {
    let c = case("presentation/internet-cafe");
    let terminal = Terminal::of(&c);
    let p = read("presentation/internet-cafe.cbor");
    let now = c["now"].as_u64().expect("now");
    unsafe {
        let mut out: *mut wz_verdict = ptr::null_mut();
        ok(
            wz_verifier_verify(
                terminal.0,
                p.as_ptr(),
                p.len(),
                now,
                ptr::null_mut(),
                &mut out,
            ),
            "verify",
        );
        assert!(!out.is_null());
        assert_eq!(wz_verdict_level(out), 1);
        wz_verdict_free(out);
    }
}

#[test]
fn pointers_batch_buffers_and_statuses() {
    let c = case("presentation/internet-cafe");
    let terminal = Terminal::of(&c);
    let junk = [0xffu8; 8];
    let empty: [u8; 0] = [];
    let buffers = [
        wz_buffer {
            data: junk.as_ptr(),
            len: junk.len(),
        },
        wz_buffer {
            data: ptr::null(),
            len: 0,
        },
        wz_buffer {
            data: empty.as_ptr(),
            len: 0,
        },
    ];
    unsafe {
        let mut statuses = [wz_status::WZ_OK; 3];
        let mut verdicts: [*mut wz_verdict; 3] = [sentinel(); 3];
        ok(
            wz_verifier_verify_batch(
                terminal.0,
                buffers.as_ptr(),
                buffers.len(),
                0,
                ptr::null_mut(),
                statuses.as_mut_ptr(),
                verdicts.as_mut_ptr(),
            ),
            "wz_verifier_verify_batch",
        );
        for (st, v) in statuses.iter().zip(verdicts) {
            assert_eq!(*st, wz_status::WZ_MALFORMED);
            assert!(
                v.is_null() || v == sentinel(),
                "no verdict for a refused presentation"
            );
        }
        // A NULL buffer with a length is a usage error for the call as a whole.
        let bad = [wz_buffer {
            data: ptr::null(),
            len: 4,
        }];
        let st = wz_verifier_verify_batch(
            terminal.0,
            bad.as_ptr(),
            1,
            0,
            ptr::null_mut(),
            statuses.as_mut_ptr(),
            ptr::null_mut(),
        );
        assert_eq!(st, wz_status::WZ_NULL_ARGUMENT);
        // No presentations: nothing to read or write.
        ok(
            wz_verifier_verify_batch(
                terminal.0,
                ptr::null(),
                0,
                0,
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
            ),
            "an empty batch",
        );
    }
}

#[test]
fn pointers_library_bytes_are_read_and_freed() {
    let object = [0x01u8, 0x02, 0x03, 0xfe];
    unsafe {
        let mut text: *mut wz_bytes = ptr::null_mut();
        ok(
            wz_qr_encode(object.as_ptr(), object.len(), &mut text),
            "wz_qr_encode",
        );
        let len = wz_bytes_len(text);
        let data = wz_bytes_data(text);
        let s = std::slice::from_raw_parts(data, len);
        assert!(s.starts_with(b"WZ1:"));
        assert_eq!(*data.add(len), 0, "a NUL follows the bytes");
        let mut back: *mut wz_bytes = sentinel();
        ok(wz_qr_decode(data, len, &mut back), "wz_qr_decode");
        assert_eq!(
            std::slice::from_raw_parts(wz_bytes_data(back), wz_bytes_len(back)),
            object
        );
        wz_bytes_free(back);
        // A changed character: refused, nothing written.
        let mut changed = s.to_vec();
        changed[5] = b'a';
        let mut out: *mut wz_bytes = sentinel();
        assert_ne!(
            wz_qr_decode(changed.as_ptr(), changed.len(), &mut out),
            wz_status::WZ_OK
        );
        assert_eq!(out, sentinel());
        wz_bytes_free(text);
    }
}

#[test]
fn pointers_signers_and_wallet_restore() {
    let c = case("wallet_store/phone-b");
    let store = read("wallet_store/phone-b.cbor");
    let storage = key32(&c["storage_key"]);
    unsafe {
        let device = key32(&c["signer_public_key"]);
        let mut s: *mut wz_signer = sentinel();
        assert_eq!(
            wz_signer_from_callback(device.as_ptr(), 32, None, ptr::null_mut(), &mut s),
            wz_status::WZ_NULL_ARGUMENT
        );
        assert_eq!(s, sentinel());
        let signer = PublicSigner::new(&device);
        // A truncated store: corrupt, and no wallet.
        let mut w: *mut wz_wallet = sentinel();
        let st = wz_wallet_restore(
            store.as_ptr(),
            store.len() - 1,
            storage.as_ptr(),
            32,
            signer.ptr(),
            &mut w,
        );
        assert_eq!(st, wz_status::WZ_CORRUPT_STORE);
        assert_eq!(w, sentinel());
        // A storage key of the wrong length.
        let st = wz_wallet_restore(
            store.as_ptr(),
            store.len(),
            storage.as_ptr(),
            31,
            signer.ptr(),
            &mut w,
        );
        assert_eq!(st, wz_status::WZ_INVALID_LENGTH);
        assert_eq!(w, sentinel());
    }
}

#[test]
fn pointers_status_names_are_c_strings() {
    for raw in [0u32, 1, 10, 53, 80, 91, 1000, 1001, 65_535] {
        let name = status::wz_status_name(raw);
        assert!(!name.is_null());
        // SAFETY: a static NUL-terminated string.
        let s = unsafe { CStr::from_ptr(name) }.to_str().expect("utf-8");
        assert!(!s.is_empty());
    }
}
