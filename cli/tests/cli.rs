//! Integration tests of the `wz` binary: every subcommand, the exit codes, the JSON verdict,
//! the committed vectors, the messages people act on, the QR round trip through an independent
//! reader (Debian's `zbarimg`) and the demo.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors");
/// The manifest's issuer key and `now` (tests/vectors/README.md).
const ISSUER: &str = "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737";
const OTHER_ISSUER: &str = "204040e364c10f2bec9c1fe500a1cd4c247c89d650a01ed7e82caba867877c21";
const NOW: &str = "1767225600";

/// The result of one run of `wz`.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

fn wz_in(dir: Option<&Path>, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wz"));
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().expect("wz runs");
    let run = Run {
        code: out
            .status
            .code()
            .expect("wz exited normally, not by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains("panicked")
                && !text.contains("internal error")
                && !text.contains("RUST_BACKTRACE"),
            "wz {args:?} crashed:\n{text}"
        );
    }
    run
}

fn wz(args: &[&str]) -> Run {
    wz_in(None, args, None)
}

/// Runs `wz` and insists on an exit status.
#[track_caller]
fn expect(code: i32, dir: &Path, args: &[&str]) -> Run {
    let r = wz_in(Some(dir), args, None);
    assert_eq!(
        r.code, code,
        "wz {args:?}\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
    r
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "wz-test-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn vector(name: &str) -> String {
    format!("{VECTORS}/{name}")
}

fn manifest() -> Vec<Value> {
    let text = fs::read_to_string(vector("manifest.json")).expect("manifest");
    let m: Value = serde_json::from_str(&text).expect("manifest JSON");
    m["cases"].as_array().expect("cases").clone()
}

/// A one-line message: a sentence, no debug dump, no backtrace.
#[track_caller]
fn one_sentence(text: &str) {
    let text = text.trim_end();
    assert_eq!(text.lines().count(), 1, "not one line: {text}");
    for bad in ["{ ", "Error(", "Err(", "src/", ".rs:", "backtrace", "Some("] {
        assert!(
            !text.contains(bad),
            "looks like a debug dump ({bad}): {text}"
        );
    }
}

// --- help and usage ------------------------------------------------------------------------------

#[test]
fn help_names_every_subcommand() {
    let r = wz(&["--help"]);
    assert_eq!(r.code, 0);
    for sub in [
        "demo",
        "keygen",
        "nonce",
        "trust-list",
        "status-list",
        "issuance-request",
        "issue",
        "wallet",
        "presentation-request",
        "present",
        "verify",
        "inspect",
        "qr",
        "scan",
    ] {
        assert!(
            r.stdout.contains(&format!("  {sub} ")),
            "--help lacks {sub}"
        );
    }
    for sub in ["init", "show", "store", "apply-status", "export", "restore"] {
        assert!(
            wz(&["wallet", "--help"]).stdout.contains(sub),
            "wallet --help lacks {sub}"
        );
    }
}

#[test]
fn usage_and_io_errors_exit_2() {
    let s = Scratch::new("usage");
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["verify"],
        vec!["verify", "--at", "yesterday", "x"],
        vec!["verify", "--issuer-public-key", "abcd", "x"],
        vec!["verify", "--issuer-public-key", ISSUER, "/no/such/file"],
        vec!["qr", "--ec", "X", "x"],
        vec!["present", "--wallet", "/no/such/wallet"],
    ] {
        let r = wz_in(Some(&s.0), &args, None);
        assert_eq!(r.code, 2, "wz {args:?}: {}", r.stderr);
        assert!(!r.stderr.is_empty());
    }
    // A presentation needs a trust configuration.
    let r = expect(
        2,
        &s.0,
        &["verify", &vector("presentation/internet-cafe.cbor")],
    );
    assert!(r.stderr.contains("--issuer-public-key"), "{}", r.stderr);
    // --nonce only makes sense with the request it belongs to.
    let r = expect(
        2,
        &s.0,
        &[
            "verify",
            "--issuer-public-key",
            ISSUER,
            "--nonce",
            "00112233445566778899aabbccddeeff",
            &vector("presentation/hotel.cbor"),
        ],
    );
    assert!(r.stderr.contains("--request"), "{}", r.stderr);
}

// --- verify --------------------------------------------------------------------------------------

#[test]
fn verify_accepts_the_scenario_vectors_as_they_are() {
    let cases = manifest();
    for name in ["presentation/internet-cafe", "presentation/age-name"] {
        let case = cases.iter().find(|c| c["name"] == name).expect("case");
        let key = case["issuer_public_key"].as_str().expect("key");
        let now = case["now"].to_string();
        let file = vector(case["file"].as_str().expect("file"));
        let r = wz(&["verify", "--issuer-public-key", key, "--at", &now, &file]);
        assert_eq!(r.code, 0, "{name}: {}", r.stdout);
        assert!(r.stdout.starts_with("ACCEPTED"), "{}", r.stdout);
        let r = wz(&[
            "verify",
            "--json",
            "--issuer-public-key",
            key,
            "--at",
            &now,
            &file,
        ]);
        assert_eq!(r.code, 0);
        let j = r.json();
        assert_eq!(j["valid"], true);
        assert_eq!(j["code"], "ok");
        assert_eq!(j["level"], case["level"]);
        assert_eq!(j["disclosed"], case["disclosed"]);
        let id = j["credential_id"].as_str().expect("credential_id");
        assert_eq!(id.len(), 32);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(j["generation"].is_u64());
        assert!(j["expires_at"].as_u64().expect("expires_at") > 1_767_225_600);
        assert_eq!(j["presented_at"], 1_767_225_590);
    }
}

#[test]
fn refused_verdicts_have_the_same_json_shape() {
    let r = wz(&[
        "verify",
        "--json",
        "--issuer-public-key",
        ISSUER,
        "--at",
        "1767225800",
        &vector("presentation/age-name.cbor"),
    ]);
    assert_eq!(r.code, 1);
    let j = r.json();
    assert_eq!(j["valid"], false);
    assert_eq!(j["code"], "stale_presentation");
    for k in [
        "level",
        "disclosed",
        "credential_id",
        "generation",
        "expires_at",
        "presented_at",
    ] {
        assert!(
            j.get(k).is_some_and(Value::is_null),
            "{k} should be null: {j}"
        );
    }
    one_sentence(j["message"].as_str().expect("message"));
}

/// The flags that reproduce a manifest case's verifier, or `None` for kinds `wz verify` does
/// not check (wallet stores are opened by `wz wallet restore`; online objects by `wz online`).
fn case_args(case: &Value) -> Option<Vec<String>> {
    let kind = case["kind"].as_str()?;
    if !matches!(
        kind,
        "presentation"
            | "credential"
            | "trust_list"
            | "status_list"
            | "presentation_request"
            | "issuance_request"
    ) {
        return None;
    }
    let mut a = vec![
        "verify".to_owned(),
        "--json".to_owned(),
        "--kind".to_owned(),
        kind.to_owned(),
        "--at".to_owned(),
        case["now"].to_string(),
    ];
    let mut push = |k: &str, v: String| {
        a.push(k.to_owned());
        a.push(v);
    };
    if let Some(k) = case["issuer_public_key"].as_str() {
        push("--issuer-public-key", k.to_owned());
    }
    if let Some(k) = case["root_public_key"].as_str() {
        push("--root-public-key", k.to_owned());
    }
    if let Some(f) = case["trust_list"].as_str() {
        push("--trust-list", vector(f));
    }
    for f in case["status_lists"].as_array().into_iter().flatten() {
        push("--status-list", vector(f.as_str()?));
    }
    if let Some(f) = case["request"].as_str() {
        push("--request", vector(f));
    }
    let p = &case["policy"];
    if let Some(l) = p["min_level"].as_str() {
        push("--min-level", l.to_owned());
    }
    for r in p["required"].as_array().into_iter().flatten() {
        push("--require", r.as_str()?.to_owned());
    }
    if p["undetermined_status"] == "accept" {
        a.push("--accept-undetermined-status".to_owned());
    }
    if p["accept_stale_trust_list"] == true {
        a.push("--accept-stale-trust-list".to_owned());
    }
    Some(a)
}

#[test]
fn verify_decides_every_committed_vector_as_the_manifest_says() {
    let s = Scratch::new("vectors");
    let mut checked = 0;
    for case in manifest() {
        let name = case["name"].as_str().expect("name");
        let Some(mut args) = case_args(&case) else {
            continue;
        };
        if case["replay"] == true {
            args.push("--replay-cache".to_owned());
            args.push(s.path(&format!("{}.replay", name.replace('/', "-"))));
        }
        args.push(vector(case["file"].as_str().expect("file")));
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut r = wz(&argv);
        if case["replay"] == true {
            // The first use is recorded; the second decides the case.
            r = wz(&argv);
        }
        let j = r.json();
        let accept = case["expect"] == "accept";
        assert_eq!(r.code, if accept { 0 } else { 1 }, "{name}: {j}");
        assert_eq!(j["valid"], accept, "{name}: {j}");
        if accept {
            assert_eq!(j["code"], "ok", "{name}");
            for field in ["level", "disclosed", "status_check"] {
                if let Some(want) = case.get(field) {
                    assert_eq!(&j[field], want, "{name}: {field}");
                }
            }
            if let Some(decoded) = case["decoded"].as_object() {
                for (k, want) in decoded {
                    let got = &j[k.as_str()];
                    if k == "issuers" {
                        for (g, w) in got
                            .as_array()
                            .expect("issuers")
                            .iter()
                            .zip(want.as_array().expect("issuers"))
                        {
                            for (field, value) in w.as_object().expect("issuer") {
                                assert_eq!(&g[field.as_str()], value, "{name}: issuers.{field}");
                            }
                        }
                    } else {
                        assert_eq!(got, want, "{name}: decoded.{k}");
                    }
                }
            }
        } else {
            assert_eq!(j["code"], case["error"], "{name}: {j}");
            one_sentence(j["message"].as_str().expect("message"));
        }
        checked += 1;
    }
    assert!(checked >= 80, "only {checked} cases checked");
}

#[test]
fn verifying_twice_without_a_replay_cache_gives_the_same_verdict() {
    let s = Scratch::new("replay");
    let file = vector("presentation/internet-cafe.cbor");
    let base = [
        "verify",
        "--json",
        "--issuer-public-key",
        ISSUER,
        "--at",
        NOW,
    ];
    let first = wz(&[&base[..], &[file.as_str()]].concat());
    let second = wz(&[&base[..], &[file.as_str()]].concat());
    assert_eq!((first.code, second.code), (0, 0));
    assert_eq!(first.stdout, second.stdout);
    // With a cache file, the second use is refused, and the cache survives between runs.
    let cache = s.path("cafe.replay");
    let with_cache = [
        &base[..],
        &["--replay-cache", cache.as_str(), file.as_str()],
    ]
    .concat();
    assert_eq!(wz(&with_cache).code, 0);
    let again = wz(&with_cache);
    assert_eq!(again.code, 1);
    assert_eq!(again.json()["code"], "replayed");
    // A cache file that is not one is a usage error, not a verdict.
    fs::write(s.path("junk.replay"), "hello\n").expect("write");
    let junk_file = s.path("junk.replay");
    let junk = [
        &base[..],
        &["--replay-cache", junk_file.as_str(), file.as_str()],
    ]
    .concat();
    assert_eq!(wz(&junk).code, 2);
}

#[test]
fn the_nonce_must_be_the_one_in_the_request() {
    let base = [
        "verify",
        "--json",
        "--issuer-public-key",
        ISSUER,
        "--at",
        NOW,
        "--request",
    ];
    let request = vector("presentation_request/hotel.cbor");
    let file = vector("presentation/hotel.cbor");
    let inspect = wz(&["inspect", "--json", &request]).json();
    let nonce = inspect["decoded"]["nonce"]
        .as_str()
        .expect("nonce")
        .to_owned();
    let ok = wz(&[&base[..], &[request.as_str(), "--nonce", &nonce, &file]].concat());
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    let other = "00".repeat(16);
    let bad = wz(&[&base[..], &[request.as_str(), "--nonce", &other, &file]].concat());
    assert_eq!(bad.code, 1);
    assert_eq!(bad.json()["code"], "nonce_mismatch");
}

#[test]
fn refusals_a_person_can_act_on() {
    let s = Scratch::new("messages");
    let verify = |args: &[&str]| -> Run {
        wz(&[
            &["verify", "--issuer-public-key", ISSUER, "--at", NOW][..],
            args,
        ]
        .concat())
    };
    // A wrong file: a credential where a presentation is expected, and a JSON file.
    let r = verify(&[&vector("credential/light.cbor")]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("holds a credential, not a presentation"),
        "{}",
        r.stdout
    );
    one_sentence(&r.stdout);
    let r = verify(&[&vector("manifest.json")]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("not a wangzheng object"), "{}", r.stdout);
    one_sentence(&r.stdout);
    // A wrong key.
    let r = wz(&[
        "verify",
        "--issuer-public-key",
        OTHER_ISSUER,
        "--at",
        NOW,
        &vector("presentation/internet-cafe.cbor"),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("not the pinned issuer key"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("(unknown_issuer)"));
    one_sentence(&r.stdout);
    // An expired credential.
    let r = verify(&[&vector("presentation/expired.cbor")]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("expired at 2025-12-15"), "{}", r.stdout);
    one_sentence(&r.stdout);
    // A corrupted QR text: one character changed.
    let good = text_form(&vector("presentation/internet-cafe.cbor"));
    let bad = good.replacen(&good[10..11], "a", 1);
    fs::write(s.path("bad.txt"), &bad).expect("write");
    let r = verify(&[&s.path("bad.txt")]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("QR text") && r.stdout.contains("corrupted"),
        "{}",
        r.stdout
    );
    one_sentence(&r.stdout);
    // A wrong storage key for a wallet.
    let w = s.path("w.wallet");
    expect(0, &s.0, &["wallet", "init", "-w", &w]);
    expect(0, &s.0, &["keygen", "--storage", &s.path("other.key")]);
    let r = expect(
        1,
        &s.0,
        &[
            "wallet",
            "show",
            "-w",
            &w,
            "--storage-key",
            &s.path("other.key"),
        ],
    );
    assert!(
        r.stderr.contains("sealed with another storage key"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("(corrupt_store)"));
    one_sentence(&r.stderr);
}

/// The QR text form of a file, as the library writes it.
fn text_form(file: &str) -> String {
    wangzheng::qr::encode_text(&fs::read(file).expect("read"))
}

// --- every role through the command line ---------------------------------------------------------

#[test]
fn every_role_from_the_shell() {
    let s = Scratch::new("roles");
    let d = &s.0;
    // Keys: secrets are 0600 and never printed.
    for k in ["root.key", "issuer.key", "hotel.key"] {
        let r = expect(0, d, &["keygen", k]);
        let secret = fs::read_to_string(d.join(k)).expect("key");
        assert_eq!(secret.trim().len(), 64);
        assert!(!r.stdout.contains(secret.trim()) && !r.stderr.contains(secret.trim()));
        let mode = fs::metadata(d.join(k)).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{k}");
        assert!(d.join(format!("{k}.pub")).exists());
    }
    assert_eq!(
        expect(2, d, &["keygen", "root.key"]).code,
        2,
        "keygen must not overwrite"
    );
    // Authority and issuer.
    expect(
        0,
        d,
        &[
            "trust-list",
            "--root-key",
            "root.key",
            "--issuer",
            "issuer.key.pub",
            "--issued-at",
            NOW,
            "-o",
            "trust.wz",
        ],
    );
    expect(
        0,
        d,
        &[
            "status-list",
            "build",
            "--issuer-key",
            "issuer.key",
            "--list-id",
            "7",
            "--count",
            "8",
            "--issued-at",
            NOW,
            "-o",
            "status.wz",
        ],
    );
    // Wallet and issuance.
    expect(0, d, &["wallet", "init", "-w", "phone.wallet"]);
    let mode = fs::metadata(d.join("phone.wallet.storage-key"))
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(
        expect(2, d, &["wallet", "init", "-w", "phone.wallet"]).code,
        2
    );
    let nonce = expect(0, d, &["nonce"]).stdout.trim().to_owned();
    assert_eq!(nonce.len(), 32);
    expect(
        0,
        d,
        &[
            "issuance-request",
            "-w",
            "phone.wallet",
            "--nonce",
            &nonce,
            "-o",
            "ireq.wz",
            "--at",
            NOW,
        ],
    );
    fs::write(
        d.join("zhang.json"),
        r#"{"full_name":"张三","sex":"male","ethnicity":1,"birth_date":"1990-03-07","address":"北京市东城区景山前街4号","id_number":"110101199003070011","issuing_authority":"北京市公安局东城分局","card_validity":{"from":"2020-01-01","until":null}}"#,
    )
    .expect("person");
    // The issuer refuses a request for another nonce.
    let r = expect(
        1,
        d,
        &[
            "issue",
            "--issuer-key",
            "issuer.key",
            "--request",
            "ireq.wz",
            "--nonce",
            &"11".repeat(16),
            "--person",
            "zhang.json",
            "-o",
            "x.wz",
            "--at",
            NOW,
        ],
    );
    assert!(r.stderr.contains("(nonce_mismatch)"), "{}", r.stderr);
    expect(
        0,
        d,
        &[
            "issue",
            "--issuer-key",
            "issuer.key",
            "--request",
            "ireq.wz",
            "--nonce",
            &nonce,
            "--person",
            "zhang.json",
            "--status",
            "7:3",
            "-o",
            "pkg.wz",
            "--at",
            NOW,
        ],
    );
    let r = expect(
        0,
        d,
        &[
            "wallet",
            "store",
            "-w",
            "phone.wallet",
            "--issuer-public-key",
            "issuer.key.pub",
            "pkg.wz",
            "--at",
            NOW,
        ],
    );
    assert!(r.stdout.contains("stored light credential"), "{}", r.stdout);
    let shown = expect(0, d, &["wallet", "show", "-w", "phone.wallet", "--json"]).json();
    assert_eq!(shown["credentials"].as_array().expect("creds").len(), 1);
    assert_eq!(shown["credentials"][0]["status"]["index"], 3);
    // A QR presentation to stdout, verified from stdin.
    let qr = expect(
        0,
        d,
        &[
            "present",
            "-w",
            "phone.wallet",
            "--disclose",
            "full_name,age_over_18",
            "--at",
            NOW,
        ],
    );
    assert!(qr.stdout.starts_with("WZ1:"));
    let trust = [
        "--trust-list",
        "trust.wz",
        "--root-public-key",
        "root.key.pub",
        "--status-list",
        "status.wz",
    ];
    let v = wz_in(
        Some(d),
        &[
            &["verify", "--json", "--at", "1767225605"][..],
            &trust,
            &["-"],
        ]
        .concat(),
        Some(qr.stdout.as_bytes()),
    );
    assert_eq!(v.code, 0, "{}", v.stdout);
    assert_eq!(v.json()["disclosed"]["full_name"], "张三");
    assert_eq!(v.json()["status_check"], "good");
    // An interactive presentation.
    expect(
        0,
        d,
        &[
            "presentation-request",
            "--verifier-key",
            "hotel.key",
            "--verifier-id",
            "hotel.example",
            "--attrs",
            "full_name,id_number",
            "-o",
            "hreq.wz",
            "--at",
            NOW,
        ],
    );
    expect(
        0,
        d,
        &[
            "present",
            "-w",
            "phone.wallet",
            "--request",
            "hreq.wz",
            "-o",
            "answer.wz",
            "--at",
            NOW,
        ],
    );
    let v = expect(
        0,
        d,
        &[
            &[
                "verify",
                "--json",
                "--at",
                "1767225605",
                "--request",
                "hreq.wz",
            ][..],
            &trust,
            &["answer.wz"],
        ]
        .concat(),
    );
    assert_eq!(v.json()["audience"], "hotel.example");
    assert_eq!(v.json()["disclosed"]["id_number"], "110101199003070011");
    // The answer is no QR code for anyone else.
    let v = expect(
        1,
        d,
        &[
            &["verify", "--json", "--at", "1767225605"][..],
            &trust,
            &["answer.wz"],
        ]
        .concat(),
    );
    assert_eq!(v.json()["code"], "audience_mismatch");
    // An upgraded request is refused by the wallet itself.
    expect(
        0,
        d,
        &[
            "presentation-request",
            "--verifier-key",
            "hotel.key",
            "--verifier-id",
            "bank",
            "--min-level",
            "upgraded",
            "-o",
            "breq.wz",
            "--at",
            NOW,
        ],
    );
    let r = expect(
        1,
        d,
        &[
            "present",
            "-w",
            "phone.wallet",
            "--request",
            "breq.wz",
            "--at",
            NOW,
        ],
    );
    assert!(r.stderr.contains("(level_too_low)"), "{}", r.stderr);
    // Backup and restore, under another storage key.
    expect(
        0,
        d,
        &[
            "wallet",
            "export",
            "-w",
            "phone.wallet",
            "--to",
            "backup.wz",
            "--to-storage-key",
            "backup.key",
        ],
    );
    let r = expect(
        0,
        d,
        &[
            "wallet",
            "restore",
            "backup.wz",
            "--storage-key",
            "backup.key",
            "--into",
            "restored.wallet",
        ],
    );
    assert!(r.stdout.contains("1 credential"), "{}", r.stdout);
    expect(
        0,
        d,
        &[
            "wallet",
            "show",
            "-w",
            "restored.wallet",
            "--storage-key",
            "backup.key",
        ],
    );
    let r = expect(
        1,
        d,
        &[
            "wallet",
            "restore",
            "backup.wz",
            "--storage-key",
            "phone.wallet.storage-key",
        ],
    );
    assert!(r.stderr.contains("(corrupt_store)"));
    // The issuer revokes entry 3; the verifier refuses, the wallet deletes its copy.
    expect(
        0,
        d,
        &[
            "status-list",
            "update",
            "status.wz",
            "--issuer-key",
            "issuer.key",
            "--set",
            "3=revoked",
            "--issued-at",
            "1767225601",
            "-o",
            "status2.wz",
        ],
    );
    let status2 = expect(
        0,
        d,
        &[
            "verify",
            "--json",
            "--kind",
            "status_list",
            "--issuer-public-key",
            "issuer.key.pub",
            "status2.wz",
        ],
    )
    .json();
    assert_eq!(status2["not_good"]["3"], "revoked");
    assert_eq!(status2["count"], 8);
    let qr = expect(
        0,
        d,
        &[
            "present",
            "-w",
            "phone.wallet",
            "-o",
            "cafe.wz",
            "--at",
            NOW,
        ],
    );
    assert!(qr.stdout.is_empty());
    let v = expect(
        1,
        d,
        &[
            "verify",
            "--json",
            "--at",
            "1767225605",
            "--trust-list",
            "trust.wz",
            "--root-public-key",
            "root.key.pub",
            "--status-list",
            "status2.wz",
            "cafe.wz",
        ],
    );
    assert_eq!(v.json()["code"], "revoked");
    let r = expect(
        0,
        d,
        &[
            "wallet",
            "apply-status",
            "-w",
            "phone.wallet",
            "status2.wz",
            "--trust-list",
            "trust.wz",
            "--root-public-key",
            "root.key.pub",
            "--at",
            "1767225605",
        ],
    );
    assert!(r.stdout.contains("revoked, deleted"), "{}", r.stdout);
    let shown = expect(0, d, &["wallet", "show", "-w", "phone.wallet", "--json"]).json();
    assert_eq!(shown["credentials"].as_array().expect("creds").len(), 0);
    let r = expect(1, d, &["present", "-w", "phone.wallet", "--at", NOW]);
    one_sentence(&r.stderr);
}

// --- inspect -------------------------------------------------------------------------------------

#[test]
fn inspect_shows_every_kind_of_object() {
    for (file, kind) in [
        ("credential/light.cbor", "credential"),
        ("presentation/age-name.cbor", "presentation"),
        ("presentation/hotel.cbor", "presentation"),
        ("presentation_request/hotel.cbor", "presentation_request"),
        ("issuance_request/light.cbor", "issuance_request"),
        ("trust_list/current.cbor", "trust_list"),
        ("status_list/current.cbor", "status_list"),
        ("wallet_store/phone-b.cbor", "wallet_store"),
    ] {
        let r = wz(&["inspect", &vector(file)]);
        assert_eq!(r.code, 0, "{file}: {}", r.stdout);
        assert!(r.stdout.contains("CBOR diagnostic notation:"), "{file}");
        let j = wz(&["inspect", "--json", &vector(file)]).json();
        assert_eq!(j["kind"], kind, "{file}");
        assert_eq!(j["valid_structure"], true, "{file}");
        assert!(
            j["diagnostic"].as_str().is_some_and(|d| d.len() > 20),
            "{file}"
        );
    }
    let p = wz(&["inspect", "--json", &vector("presentation/age-name.cbor")]).json();
    assert_eq!(p["decoded"]["disclosed"]["full_name"], "张三");
    assert!(p["diagnostic"].as_str().expect("diag").starts_with("18(["));
    let s = wz(&["inspect", "--json", &vector("status_list/current.cbor")]).json();
    assert_eq!(s["decoded"]["not_good"]["1"], "revoked");
    // Broken objects: the notation still shows, and the problem is named.
    let r = wz(&[
        "inspect",
        &vector("presentation/non-canonical-integer.cbor"),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("not in deterministic CBOR"),
        "{}",
        r.stdout
    );
    let r = wz(&["inspect", &vector("manifest.json")]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("is not CBOR"), "{}", r.stdout);
}

#[test]
fn every_subcommand_reads_the_qr_text_form_and_stdin() {
    let text = text_form(&vector("presentation/internet-cafe.cbor"));
    assert!(text.starts_with("WZ1:"));
    let r = wz_in(None, &["inspect", "-"], Some(text.as_bytes()));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("read from its QR text form"),
        "{}",
        r.stdout
    );
    let r = wz_in(
        None,
        &["verify", "--issuer-public-key", ISSUER, "--at", NOW, "-"],
        Some(format!("  {text}\r\n").as_bytes()),
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
}

// --- QR codes ------------------------------------------------------------------------------------

/// Debian's `zbarimg`, which `bash scripts/test.sh` installs (package zbar-tools). A missing
/// reader fails the test: the round trip through an independent decoder is a requirement.
fn zbarimg(image: &str) -> String {
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable", image])
        .output()
        .unwrap_or_else(|e| {
            panic!("zbarimg cannot run ({e}): install zbar-tools (bash scripts/test.sh does)")
        });
    assert!(out.status.success(), "zbarimg found no QR code in {image}");
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .trim_end()
        .to_owned()
}

#[test]
fn qr_round_trip_through_zbarimg_and_rqrr_then_verify() {
    let s = Scratch::new("qr");
    for (file, ec) in [
        ("presentation/internet-cafe.cbor", "M"),
        ("presentation/age-name.cbor", "M"),
        ("presentation/hotel.cbor", "Q"),
        ("presentation_request/hotel.cbor", "H"),
    ] {
        let png = s.path("code.png");
        let svg = s.path("code.svg");
        let r = wz(&[
            "qr",
            "--ec",
            ec,
            "--png",
            &png,
            "--svg",
            &svg,
            &vector(file),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains('█'), "the terminal code is drawn");
        assert!(r.stdout.contains(&format!("error correction {ec}")));
        assert!(fs::read_to_string(&svg).expect("svg").contains("<svg"));
        let independent = zbarimg(&png);
        assert!(independent.starts_with("WZ1:"), "{independent}");
        let ours = wz(&["scan", &png]);
        assert_eq!(ours.code, 0);
        assert_eq!(ours.stdout.trim_end(), independent, "{file}");
        if file.starts_with("presentation/") && file != "presentation/hotel.cbor" {
            let v = wz_in(
                None,
                &[
                    "verify",
                    "--json",
                    "--issuer-public-key",
                    ISSUER,
                    "--at",
                    NOW,
                    "-",
                ],
                Some(independent.as_bytes()),
            );
            assert_eq!(v.code, 0, "{file}: {}", v.stdout);
            assert_eq!(v.json()["valid"], true);
        }
    }
}

#[test]
fn a_photo_of_the_code_scans_too() {
    // A JPEG "photo": the rendered code shrunk, placed off-centre on a grey background and
    // compressed, read by both readers.
    let s = Scratch::new("photo");
    let png = s.path("code.png");
    assert_eq!(
        wz(&[
            "qr",
            "--no-terminal",
            "--png",
            &png,
            &vector("presentation/internet-cafe.cbor")
        ])
        .code,
        0
    );
    let code = image::open(&png).expect("png").to_luma8();
    let (w, h) = code.dimensions();
    let small = image::imageops::resize(
        &code,
        w * 3 / 4,
        h * 3 / 4,
        image::imageops::FilterType::Triangle,
    );
    let mut photo = image::GrayImage::from_pixel(w + 160, h + 90, image::Luma([120]));
    image::imageops::overlay(&mut photo, &small, 100, 40);
    let jpg = s.path("photo.jpg");
    photo.save(&jpg).expect("jpeg");
    let ours = wz(&["scan", &jpg]);
    assert_eq!(ours.code, 0, "{}", ours.stderr);
    assert_eq!(ours.stdout.trim_end(), zbarimg(&jpg));
    // A picture without a code: exit 1 and one sentence.
    let blank = s.path("blank.png");
    image::GrayImage::from_pixel(200, 200, image::Luma([255]))
        .save(&blank)
        .expect("png");
    let r = wz(&["scan", &blank]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no readable QR code"));
    one_sentence(&r.stderr);
}

// --- the demo ------------------------------------------------------------------------------------

#[test]
fn the_demo_runs_every_scenario_and_keeps_its_files_on_request() {
    let s = Scratch::new("demo");
    let r = wz(&["demo", "--dir", &s.path("demo")]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    for heading in [
        "1. Internet café",
        "2. Hotel check-in",
        "3. Company registration",
        "4. Age-restricted sale",
        "5. Train gate",
        "6. New phone",
        "7. Lost card",
        "8. Online check",
    ] {
        assert!(r.stdout.contains(heading), "the demo lacks {heading}");
    }
    assert!(r.stdout.contains("ended as expected"));
    assert!(!r.stdout.contains('✗'));
    assert!(r.stdout.contains('▀'), "the first QR code is drawn");
    for code in [
        "(replayed)",
        "(audience_mismatch)",
        "(level_too_low)",
        "(stale_presentation)",
        "(superseded)",
        "(revoked)",
        "(password_wrong)",
        "(face_mismatch)",
    ] {
        assert!(r.stdout.contains(code), "the demo shows no {code} refusal");
    }
    // The files the demo suggests checking verify as it says, and its QR images scan.
    let dir = s.0.join("demo");
    let p = |f: &str| dir.join(f).display().to_string();
    let v = wz(&[
        "verify",
        "--json",
        "--trust-list",
        &p("trust-list.wz"),
        "--root-public-key",
        &p("root.key.pub"),
        "--status-list",
        &p("status-list-1.wz"),
        "--at",
        NOW,
        &p("7-reissued.qr.txt"),
    ]);
    assert_eq!(v.code, 0, "{}", v.stdout);
    assert_eq!(
        zbarimg(&p("2-hotel-answer.png")),
        fs::read_to_string(p("2-hotel-answer.qr.txt"))
            .expect("text")
            .trim_end()
    );
    let mode = fs::metadata(p("issuer.key"))
        .expect("key")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    // Without --dir, the temporary folder is gone afterwards.
    let r = wz(&["demo", "--no-qr"]);
    assert_eq!(r.code, 0);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("Clock:"))
        .expect("clock line");
    let tmp = line
        .split("Files: ")
        .nth(1)
        .expect("files")
        .split(' ')
        .next()
        .expect("dir");
    assert!(!Path::new(tmp).exists(), "{tmp} was not removed");
}

// --- online verification -------------------------------------------------------------------------

#[test]
fn receipts_and_verification_requests_in_the_vectors_read_as_the_manifest_says() {
    let mut checked = 0;
    for case in manifest() {
        let name = case["name"].as_str().expect("name");
        let file = vector(case["file"].as_str().expect("file"));
        let now = case["now"].to_string();
        let accept = case["expect"] == "accept";
        match case["kind"].as_str() {
            Some("receipt") => {
                let request = vector(case["verification_request"].as_str().expect("request"));
                let mut args = vec![
                    "online",
                    "verify-receipt",
                    "--json",
                    "--at",
                    &now,
                    "--request",
                    &request,
                ];
                let root;
                let trust;
                let issuer;
                if let Some(t) = case["trust_list"].as_str() {
                    trust = vector(t);
                    root = case["root_public_key"].as_str().expect("root").to_owned();
                    args.extend(["--trust-list", &trust, "--root-public-key", &root]);
                } else {
                    issuer = case["issuer_public_key"]
                        .as_str()
                        .expect("issuer")
                        .to_owned();
                    args.extend(["--issuer-public-key", &issuer]);
                }
                args.push(&file);
                let r = wz(&args);
                let j = r.json();
                assert_eq!(j["valid"], accept, "{name}: {j}");
                if accept {
                    for (k, want) in case["decoded"].as_object().expect("decoded") {
                        assert_eq!(&j[k.as_str()], want, "{name}: {k}");
                    }
                    let all = j["all_passed"] == true;
                    assert_eq!(r.code, if all { 0 } else { 1 }, "{name}");
                } else {
                    assert_eq!(r.code, 1, "{name}");
                    assert_eq!(j["code"], case["error"], "{name}");
                    one_sentence(j["message"].as_str().expect("message"));
                }
                checked += 1;
            }
            Some("verification_request") => {
                let r = wz(&["inspect", "--json", &file]);
                let j = r.json();
                assert_eq!(r.code, if accept { 0 } else { 1 }, "{name}: {j}");
                if accept {
                    for (k, want) in case["decoded"].as_object().expect("decoded") {
                        if k != "presentation_request" {
                            assert_eq!(&j["decoded"][k.as_str()], want, "{name}: {k}");
                        }
                    }
                } else {
                    let problem = j["problem"].as_str().expect("problem");
                    assert!(
                        problem.ends_with(&format!("({})", case["error"].as_str().expect("error"))),
                        "{name}: {problem}"
                    );
                }
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked >= 15, "only {checked} online cases checked");
}

#[test]
fn online_verification_from_the_shell() {
    let s = Scratch::new("online");
    let d = &s.0;
    let r = expect(0, d, &["online", "service-init", "--state", "service.json"]);
    let mode = fs::metadata(d.join("service.json"))
        .expect("state")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    let key_after = |label: &str| -> String {
        r.stdout
            .lines()
            .find_map(|l| l.strip_prefix(label))
            .and_then(|rest| rest.split_whitespace().next())
            .expect("key line")
            .to_owned()
    };
    let receipt_key = key_after("receipt key");
    let sealing_key = key_after("sealing key");
    for k in ["root.key", "issuer.key", "terminal.key"] {
        expect(0, d, &["keygen", k]);
    }
    expect(
        0,
        d,
        &[
            "trust-list",
            "--root-key",
            "root.key",
            "--issuer",
            "issuer.key.pub",
            "--receipt-key",
            &receipt_key,
            "--issued-at",
            NOW,
            "-o",
            "trust.wz",
        ],
    );
    expect(
        0,
        d,
        &[
            "status-list",
            "build",
            "--issuer-key",
            "issuer.key",
            "--list-id",
            "1",
            "--count",
            "4",
            "--issued-at",
            NOW,
            "-o",
            "status.wz",
        ],
    );
    expect(0, d, &["wallet", "init", "-w", "phone.wallet"]);
    let nonce = expect(0, d, &["nonce"]).stdout.trim().to_owned();
    expect(
        0,
        d,
        &[
            "issuance-request",
            "-w",
            "phone.wallet",
            "--nonce",
            &nonce,
            "-o",
            "ireq.wz",
            "--at",
            NOW,
        ],
    );
    fs::write(
        d.join("li.json"),
        r#"{"full_name":"李四","sex":"female","ethnicity":1,"birth_date":"2008-06-15","address":"深圳市福田区福华三路100号","id_number":"440301200806150026","issuing_authority":"深圳市公安局福田分局","card_validity":{"from":"2022-03-01","until":"2027-03-01"}}"#,
    )
    .expect("person");
    expect(
        0,
        d,
        &[
            "issue",
            "--issuer-key",
            "issuer.key",
            "--request",
            "ireq.wz",
            "--nonce",
            &nonce,
            "--person",
            "li.json",
            "--status",
            "1:2",
            "-o",
            "pkg.wz",
            "--at",
            NOW,
        ],
    );
    expect(
        0,
        d,
        &[
            "wallet",
            "store",
            "-w",
            "phone.wallet",
            "--issuer-public-key",
            "issuer.key.pub",
            "pkg.wz",
            "--at",
            NOW,
        ],
    );
    fs::write(d.join("face.jpg"), b"\xff\xd8\xff\xe0 Li's face, live").expect("face");
    fs::write(d.join("other.jpg"), b"\xff\xd8\xff\xe0 someone else").expect("face");
    expect(
        0,
        d,
        &[
            "online",
            "enroll",
            "--state",
            "service.json",
            "--status",
            "1:2",
            "--id-number",
            "440301200806150026",
            "--face-reference",
            "face.jpg",
        ],
    );
    expect(
        0,
        d,
        &[
            "present",
            "-w",
            "phone.wallet",
            "--disclose",
            "full_name",
            "-o",
            "shown.wz",
            "--at",
            NOW,
        ],
    );
    let service = [
        "--trust-list",
        "trust.wz",
        "--root-public-key",
        "root.key.pub",
        "--status-list",
        "status.wz",
    ];
    let terminal = [
        "--trust-list",
        "trust.wz",
        "--root-public-key",
        "root.key.pub",
    ];
    for (image, passed, face) in [
        ("face.jpg", true, "ok"),
        ("other.jpg", false, "failed:face_mismatch"),
    ] {
        let n = expect(
            0,
            d,
            &["online", "nonce", "--state", "service.json", "--at", NOW],
        )
        .stdout
        .trim()
        .to_owned();
        expect(
            0,
            d,
            &[
                "online",
                "request",
                "shown.wz",
                "--terminal-key",
                "terminal.key",
                "--verifier-id",
                "bank.example/counter-7",
                "--service-nonce",
                &n,
                "--service-key",
                &sealing_key,
                "--mode",
                "face",
                "--face-image",
                image,
                "--release",
                "full_name",
                "--at",
                "1767225601",
                "-o",
                "vreq.wz",
            ],
        );
        expect(
            0,
            d,
            &[
                &[
                    "online",
                    "check",
                    "vreq.wz",
                    "--state",
                    "service.json",
                    "--face-image",
                    image,
                    "--at",
                    "1767225602",
                    "-o",
                    "receipt.wz",
                ][..],
                &service,
            ]
            .concat(),
        );
        let v = wz_in(
            Some(d),
            &[
                &[
                    "online",
                    "verify-receipt",
                    "receipt.wz",
                    "--request",
                    "vreq.wz",
                    "--json",
                    "--at",
                    "1767225603",
                ][..],
                &terminal,
            ]
            .concat(),
            None,
        );
        assert_eq!(v.code, if passed { 0 } else { 1 }, "{}", v.stdout);
        let j = v.json();
        assert_eq!(j["valid"], true);
        assert_eq!(j["identity"], "ok");
        assert_eq!(j["face"], face);
        assert_eq!(j["released"]["full_name"], "李四");
        assert_eq!(j["rp_id"].as_str().expect("rp id").len(), 32);
        // The nonce is single-use.
        let again = expect(
            1,
            d,
            &[
                &[
                    "online",
                    "check",
                    "vreq.wz",
                    "--state",
                    "service.json",
                    "--face-image",
                    image,
                    "--at",
                    "1767225602",
                ][..],
                &service,
            ]
            .concat(),
        );
        assert!(
            again.stderr.contains("(nonce_mismatch)"),
            "{}",
            again.stderr
        );
    }
    // A receipt checked against another request is refused.
    expect(
        0,
        d,
        &[
            "online",
            "request",
            "shown.wz",
            "--terminal-key",
            "terminal.key",
            "--verifier-id",
            "bank.example/counter-7",
            "--service-nonce",
            &"00".repeat(16),
            "--service-key",
            &sealing_key,
            "--at",
            "1767225601",
            "-o",
            "other.wz",
        ],
    );
    let v = expect(
        1,
        d,
        &[
            &[
                "online",
                "verify-receipt",
                "receipt.wz",
                "--request",
                "other.wz",
                "--json",
                "--at",
                "1767225603",
            ][..],
            &terminal,
        ]
        .concat(),
    );
    assert_eq!(v.json()["code"], "receipt_mismatch");
    // The password travels sealed: never as an argument, and this service cannot check it.
    fs::write(d.join("pw.txt"), "20260101\n").expect("pw");
    let n = expect(0, d, &["online", "nonce", "--state", "service.json"])
        .stdout
        .trim()
        .to_owned();
    expect(
        0,
        d,
        &[
            "online",
            "request",
            "shown.wz",
            "--terminal-key",
            "terminal.key",
            "--verifier-id",
            "bank.example/counter-7",
            "--service-nonce",
            &n,
            "--service-key",
            &sealing_key,
            "--mode",
            "password",
            "--password-file",
            "pw.txt",
            "-o",
            "pw-req.wz",
        ],
    );
    assert!(
        !fs::read(d.join("pw-req.wz"))
            .expect("req")
            .windows(8)
            .any(|w| w == b"20260101")
    );
    let r = expect(
        2,
        d,
        &[
            &["online", "check", "pw-req.wz", "--state", "service.json"][..],
            &service,
        ]
        .concat(),
    );
    assert!(r.stderr.contains("password"), "{}", r.stderr);
    let r = expect(0, d, &["inspect", "pw-req.wz"]);
    assert!(r.stdout.contains("sealed to the service"), "{}", r.stdout);
}
