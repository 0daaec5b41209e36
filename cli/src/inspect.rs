//! `wz inspect`: what any object holds, decoded for people and in CBOR diagnostic notation.
//!
//! Inspecting checks structure only; signatures are checked by `wz verify` (self-signed
//! requests are the exception: decoding them checks their signature).

use crate::diag::{self, Item};
use crate::error::CmdResult;
use crate::explain;
use crate::objects::{self, Kind};
use crate::util::{self, fmt_time, hex};
use crate::values;
use serde_json::{Map, Value, json};
use std::path::PathBuf;
use wangzheng::{
    Credential, CredentialPackage, IssuanceRequest, KeyId, ObjectKind, Presentation,
    PresentationRequest, disclosure::Disclosure,
};

/// `wz inspect`.
#[derive(Debug, Clone, clap::Args)]
pub struct InspectArgs {
    /// The object (raw CBOR or QR text; `-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print one JSON object: kind, size, decoded fields and the diagnostic notation.
    #[arg(long)]
    pub json: bool,
}

/// A decoded view: JSON fields and readable lines.
#[derive(Default)]
struct View {
    fields: Map<String, Value>,
    lines: Vec<(String, String)>,
    problem: Option<String>,
}

impl View {
    fn add(&mut self, key: &str, value: Value, label: &str, text: String) {
        self.fields.insert(key.to_owned(), value);
        if !label.is_empty() {
            self.lines.push((label.to_owned(), text));
        }
    }
}

/// Runs `wz inspect`; returns the exit status (1 when the input is not a wangzheng object).
///
/// # Errors
///
/// Usage failures.
pub fn run(args: &InspectArgs) -> CmdResult<u8> {
    let object = util::read_object(&args.file)?;
    let parsed = diag::parse(&object.bytes);
    let kind = parsed.as_ref().ok().and_then(objects::detect_item);
    let view = match (&parsed, kind) {
        (Err(why), _) => View {
            problem: Some(format!("{} is not CBOR: {why}", object.name)),
            ..View::default()
        },
        (Ok(_), None) => View {
            problem: Some(format!(
                "{} is CBOR, but not a wangzheng object (no COSE_Sign1 with a known content type, credential package or wallet store)",
                object.name
            )),
            ..View::default()
        },
        (Ok(item), Some(k)) => decode(k, &object.bytes, item),
    };
    let notation = parsed.as_ref().ok().map(diag::notation);
    let known = kind.is_some() && view.problem.is_none();
    if args.json {
        let out = json!({
            "kind": kind.map(Kind::id),
            "size": object.bytes.len(),
            "text_form": object.text_form,
            "valid_structure": known,
            "problem": view.problem,
            "decoded": Value::Object(view.fields),
            "diagnostic": notation,
        });
        println!("{out}");
    } else {
        let what = kind.map_or_else(|| "an unknown object".to_owned(), |k| objects::a(&k.name()));
        println!(
            "{}: {what}, {} bytes{}",
            object.name,
            object.bytes.len(),
            if object.text_form {
                " (read from its QR text form)"
            } else {
                ""
            }
        );
        if let Some(p) = &view.problem {
            println!("  problem: {p}");
        }
        for (label, text) in &view.lines {
            if text.is_empty() {
                println!("  {label}");
            }
            for (i, line) in text.lines().enumerate() {
                let label = if i == 0 { label.as_str() } else { "" };
                println!("  {label:<14} {line}");
            }
        }
        if let Some(n) = notation {
            println!("\nCBOR diagnostic notation:\n{n}");
        }
    }
    Ok(if known { 0 } else { 1 })
}

fn decode(kind: Kind, bytes: &[u8], item: &Item) -> View {
    let mut v = View::default();
    let what = format!("this {}", kind.name());
    let problem =
        |e: wangzheng::Error| Some(format!("{} ({})", explain::describe(&e, &what), e.code()));
    match kind {
        Kind::Signed(ObjectKind::Credential) => match Credential::decode(bytes) {
            Ok(c) => credential_view(&mut v, &c),
            Err(e) => v.problem = problem(e),
        },
        Kind::Signed(ObjectKind::Presentation) => match Presentation::decode(bytes) {
            Ok(p) => presentation_view(&mut v, &p),
            Err(e) => v.problem = problem(e),
        },
        Kind::Signed(ObjectKind::PresentationRequest) => match PresentationRequest::decode(bytes) {
            Ok(r) => {
                let requested: Vec<String> = r.requested().map(|a| a.name().into_owned()).collect();
                v.add(
                    "verifier_id",
                    json!(r.verifier_id),
                    "verifier",
                    format!("\"{}\" (key {})", r.verifier_id, r.verifier_key.key_id()),
                );
                v.add(
                    "requested",
                    json!(requested),
                    "asks for",
                    if requested.is_empty() {
                        "nothing but a valid credential".to_owned()
                    } else {
                        requested.join(", ")
                    },
                );
                v.add(
                    "min_level",
                    json!(r.min_level.as_str()),
                    "min level",
                    r.min_level.to_string(),
                );
                v.add("nonce", json!(hex(r.nonce)), "nonce", hex(r.nonce));
                v.add(
                    "max_age",
                    json!(r.max_age),
                    "answer within",
                    util::fmt_duration(r.max_age),
                );
                v.add(
                    "issued_at",
                    json!(r.issued_at),
                    "made",
                    fmt_time(r.issued_at),
                );
                v.add(
                    "verifier_public_key",
                    json!(hex(r.verifier_key.as_bytes())),
                    "signature",
                    "valid (self-signed by the key inside)".to_owned(),
                );
            }
            Err(e) => v.problem = problem(e),
        },
        Kind::Signed(ObjectKind::IssuanceRequest) => match IssuanceRequest::decode(bytes) {
            Ok(r) => {
                v.add(
                    "device_public_key",
                    json!(hex(r.device_key.as_bytes())),
                    "device key",
                    format!("{} (proof of possession valid)", r.device_key.key_id()),
                );
                v.add(
                    "level",
                    json!(r.level.as_str()),
                    "level",
                    r.level.to_string(),
                );
                v.add("nonce", json!(hex(&r.nonce)), "issuer nonce", hex(&r.nonce));
                v.add(
                    "created_at",
                    json!(r.created_at),
                    "made",
                    fmt_time(r.created_at),
                );
            }
            Err(e) => v.problem = problem(e),
        },
        Kind::Signed(ObjectKind::TrustList) => trust_list_view(&mut v, item),
        Kind::Signed(ObjectKind::StatusList) => status_list_view(&mut v, item),
        Kind::Signed(ObjectKind::VerificationRequest) => {
            match wangzheng::VerificationRequest::decode(bytes) {
                Ok(r) => verification_request_view(&mut v, &r),
                Err(e) => v.problem = problem(e),
            }
        }
        Kind::Signed(ObjectKind::Receipt) => receipt_view(&mut v, item),
        Kind::Signed(other) => {
            if let Some((_, kid)) = objects::sign1_parts(item) {
                v.add(
                    "signer_kid",
                    json!(hex(&kid)),
                    "signed by",
                    format!("key {} (signature not checked)", hex(&kid)),
                );
            }
            v.lines.push((
                "contents".into(),
                format!(
                    "see the diagnostic notation below ({} objects)",
                    other.as_str()
                ),
            ));
        }
        Kind::Package => match CredentialPackage::decode(bytes) {
            Ok(pkg) => match Credential::decode(pkg.credential) {
                Ok(c) => {
                    credential_view(&mut v, &c);
                    let mut disclosed = Map::new();
                    let mut shown = Vec::new();
                    for d in &pkg.disclosures {
                        if let Ok(d) = Disclosure::from_bytes(d) {
                            let name = d.id.name().into_owned();
                            shown.push(format!("{name} = {}", values::to_text(&d.value)));
                            disclosed.insert(name, values::to_json(&d.value));
                        }
                    }
                    v.add(
                        "attributes",
                        Value::Object(disclosed),
                        "attributes",
                        shown.join("\n"),
                    );
                    v.add(
                        "leaves",
                        json!(pkg.leaves.len()),
                        "digest tree",
                        format!(
                            "{} leaves, {} of them attributes, the rest decoys",
                            pkg.leaves.len(),
                            pkg.disclosures.len()
                        ),
                    );
                }
                Err(e) => v.problem = problem(e),
            },
            Err(e) => v.problem = problem(e),
        },
        Kind::WalletStore => {
            let len = item
                .as_array()
                .and_then(|a| a.get(2))
                .and_then(Item::as_bytes)
                .map_or(0, <[u8]>::len);
            v.add(
                "sealed_len",
                json!(len),
                "contents",
                format!(
                    "{len} bytes sealed with ChaCha20-Poly1305; open it with `wz wallet show --wallet FILE --storage-key KEY`"
                ),
            );
        }
    }
    v
}

fn credential_view(v: &mut View, c: &Credential<'_>) {
    let claims = &c.claims;
    v.add(
        "level",
        json!(claims.level.as_str()),
        "level",
        claims.level.to_string(),
    );
    v.add(
        "credential_id",
        json!(hex(&claims.id)),
        "credential id",
        hex(&claims.id),
    );
    v.add(
        "generation",
        json!(claims.generation),
        "generation",
        claims.generation.to_string(),
    );
    v.add(
        "issuer_kid",
        json!(c.issuer_kid().to_string()),
        "issuer",
        format!("key {} (signature not checked)", c.issuer_kid()),
    );
    v.add(
        "device_public_key",
        json!(hex(&claims.device_key)),
        "bound to",
        format!("device key {}", KeyId::of(&claims.device_key)),
    );
    v.add(
        "issued_at",
        json!(claims.issued_at),
        "issued",
        fmt_time(claims.issued_at),
    );
    v.add(
        "expires_at",
        json!(claims.expires_at),
        "valid until",
        fmt_time(claims.expires_at),
    );
    v.add(
        "status",
        claims
            .status
            .map_or(Value::Null, |s| json!({"list": s.list, "index": s.index})),
        "status",
        claims.status.map_or_else(
            || "not published".to_owned(),
            |s| format!("status list {}, entry {}", s.list, s.index),
        ),
    );
    v.add("tree_depth", json!(claims.tree_depth), "", String::new());
}

fn presentation_view(v: &mut View, p: &Presentation<'_>) {
    v.add(
        "device_kid",
        json!(p.sign1.kid.to_string()),
        "signed by",
        format!("device key {} (signature not checked)", p.sign1.kid),
    );
    v.add(
        "presented_at",
        json!(p.presented_at),
        "presented",
        fmt_time(p.presented_at),
    );
    match p.binding {
        Some(b) => v.add(
            "binding",
            json!({
                "audience": b.audience,
                "nonce": hex(b.nonce),
                "request_digest": hex(b.request_digest),
            }),
            "answers",
            format!("a request of \"{}\", nonce {}", b.audience, hex(b.nonce)),
        ),
        None => v.add(
            "binding",
            Value::Null,
            "answers",
            "no request (a QR code)".to_owned(),
        ),
    }
    let mut disclosed = Map::new();
    let mut shown = Vec::new();
    for d in p.disclosures.iter() {
        let name = d.disclosure.id.name().into_owned();
        shown.push(format!("{name} = {}", values::to_text(&d.disclosure.value)));
        disclosed.insert(name, values::to_json(&d.disclosure.value));
    }
    v.add(
        "disclosed",
        Value::Object(disclosed),
        "discloses",
        if shown.is_empty() {
            "nothing".to_owned()
        } else {
            shown.join("\n")
        },
    );
    let mut cred = View::default();
    credential_view(&mut cred, &p.credential);
    v.fields
        .insert("credential".into(), Value::Object(cred.fields));
    v.lines.push(("credential:".into(), String::new()));
    for (label, text) in cred.lines {
        v.lines.push((format!(" {label}"), text));
    }
}

fn trust_list_view(v: &mut View, item: &Item) {
    let Some((payload, kid)) = objects::sign1_parts(item) else {
        v.problem = Some("its payload is not CBOR".to_owned());
        return;
    };
    v.add(
        "signer_kid",
        json!(hex(&kid)),
        "signed by",
        format!(
            "root key {} (signature not checked: `wz verify --root-public-key KEY`)",
            hex(&kid)
        ),
    );
    let num = |k| payload.get(k).and_then(Item::as_u64);
    if let Some(s) = num(1) {
        v.add("sequence", json!(s), "sequence", s.to_string());
    }
    if let Some(t) = num(2) {
        v.add("issued_at", json!(t), "issued", fmt_time(t));
    }
    if let Some(t) = num(3) {
        v.add("next_update", json!(t), "next update", fmt_time(t));
    }
    let mut issuers = Vec::new();
    let mut shown = Vec::new();
    for e in payload.get(4).and_then(Item::as_array).unwrap_or(&[]) {
        let Some(parts) = e.as_array() else { continue };
        let key = parts
            .first()
            .and_then(|k| k.get(-2))
            .and_then(Item::as_bytes)
            .unwrap_or(&[]);
        let from = parts.get(1).and_then(Item::as_u64).unwrap_or(0);
        let until = parts.get(2).and_then(Item::as_u64).unwrap_or(0);
        let names = |i: usize, f: &dyn Fn(u64) -> String| -> Vec<String> {
            parts
                .get(i)
                .and_then(Item::as_array)
                .unwrap_or(&[])
                .iter()
                .filter_map(Item::as_u64)
                .map(f)
                .collect()
        };
        let levels = names(3, &|l| {
            wangzheng::Level::from_code(l).map_or_else(|_| l.to_string(), |l| l.to_string())
        });
        let kinds = names(4, &|k| {
            ObjectKind::from_content_type(k)
                .map_or_else(|| k.to_string(), |k| k.as_str().to_owned())
        });
        let kid = <[u8; 32]>::try_from(key)
            .map_or_else(|_| "?".to_owned(), |k| KeyId::of(&k).to_string());
        shown.push(format!(
            "key {kid}: {} ({}), {} to {}",
            kinds.join(", "),
            levels.join("/"),
            fmt_time(from),
            fmt_time(until)
        ));
        issuers.push(json!({
            "public_key": hex(key),
            "key_id": kid,
            "valid_from": from,
            "valid_until": until,
            "levels": levels,
            "kinds": kinds,
        }));
    }
    v.add("issuers", json!(issuers), "issuers", shown.join("\n"));
}

fn status_list_view(v: &mut View, item: &Item) {
    let Some((payload, kid)) = objects::sign1_parts(item) else {
        v.problem = Some("its payload is not CBOR".to_owned());
        return;
    };
    v.add(
        "signer_kid",
        json!(hex(&kid)),
        "signed by",
        format!("issuer key {} (signature not checked)", hex(&kid)),
    );
    let num = |k| payload.get(k).and_then(Item::as_u64);
    if let Some(s) = num(1) {
        v.add("list_id", json!(s), "list id", s.to_string());
    }
    if let Some(t) = num(2) {
        v.add("issued_at", json!(t), "issued", fmt_time(t));
    }
    if let Some(t) = num(3) {
        v.add("next_update", json!(t), "next update", fmt_time(t));
    }
    let count = num(4)
        .unwrap_or(0)
        .min(wangzheng::limits::MAX_STATUS_ENTRIES.into());
    v.add("count", json!(count), "", String::new());
    let Some(compressed) = payload.get(5).and_then(Item::as_bytes) else {
        return;
    };
    let Ok(packed) = miniz_oxide::inflate::decompress_to_vec_with_limit(
        compressed,
        usize::try_from(count.div_ceil(4)).unwrap_or(0),
    ) else {
        v.problem = Some("its entries do not inflate (malformed DEFLATE data)".to_owned());
        return;
    };
    let mut counts = [0u64; 4];
    let mut not_good = Map::new();
    for i in 0..count {
        let Some(byte) = usize::try_from(i / 4).ok().and_then(|b| packed.get(b)) else {
            break;
        };
        let bits = (byte >> ((i % 4) * 2)) & 3;
        counts[usize::from(bits)] += 1;
        if bits != 0 {
            let s = wangzheng::CredentialStatus::from_bits(bits);
            not_good.insert(i.to_string(), json!(s.as_str()));
        }
    }
    v.lines.push((
        "entries".into(),
        format!(
            "{count}: {} good, {} revoked, {} suspended, {} superseded",
            counts[0], counts[1], counts[2], counts[3]
        ),
    ));
    v.fields.insert("not_good".into(), Value::Object(not_good));
}

fn verification_request_view(v: &mut View, r: &wangzheng::VerificationRequest<'_>) {
    let mode = match (r.mode.password(), r.mode.face()) {
        (false, false) => "credential",
        (true, false) => "credential + password",
        (false, true) => "credential + face",
        (true, true) => "credential + password + face",
    };
    v.add(
        "verifier_id",
        json!(r.verifier_id),
        "terminal",
        format!(
            "\"{}\" (key {}, signature valid)",
            r.verifier_id,
            r.terminal_key.key_id()
        ),
    );
    v.add("mode", json!(r.mode.code()), "checks", mode.to_owned());
    v.add(
        "service_nonce",
        json!(hex(r.service_nonce)),
        "service nonce",
        hex(r.service_nonce),
    );
    v.add(
        "sealed_password",
        json!(r.mode.password()),
        "password",
        if r.mode.password() {
            "sealed to the service (HPKE); only the service can open it".to_owned()
        } else {
            "none".to_owned()
        },
    );
    if let Some(f) = r.face {
        v.add(
            "face",
            json!({"image_digest": hex(&f.image_digest), "captured_at": f.captured_at, "media_type": f.media_type}),
            "face image",
            format!(
                "{} captured {}, SHA-256 {}",
                f.media_type,
                fmt_time(f.captured_at),
                hex(&f.image_digest)
            ),
        );
    }
    let release: Vec<String> = r.release().map(|a| a.name().into_owned()).collect();
    v.add(
        "release",
        json!(release),
        "vouch for",
        if release.is_empty() {
            "nothing".to_owned()
        } else {
            release.join(", ")
        },
    );
    v.add(
        "created_at",
        json!(r.created_at),
        "made",
        fmt_time(r.created_at),
    );
    v.add(
        "terminal_key",
        json!(hex(r.terminal_key.as_bytes())),
        "",
        String::new(),
    );
    v.add(
        "presentation_len",
        json!(r.presentation.len()),
        "forwards",
        format!(
            "a presentation of {} bytes{}",
            r.presentation.len(),
            if r.presentation_request.is_some() {
                " with the request it answers"
            } else {
                ""
            }
        ),
    );
}

fn receipt_view(v: &mut View, item: &Item) {
    let Some((payload, kid)) = objects::sign1_parts(item) else {
        v.problem = Some("its payload is not CBOR".to_owned());
        return;
    };
    v.add(
        "signer_kid",
        json!(hex(&kid)),
        "signed by",
        format!(
            "service key {} (signature not checked: `wz online verify-receipt`)",
            hex(&kid)
        ),
    );
    if let Some(Item::Text(Ok(id), _)) = payload.get(2) {
        v.add(
            "verifier_id",
            json!(id),
            "answers",
            format!("a request of \"{id}\""),
        );
    }
    if let Some(t) = payload.get(3).and_then(Item::as_u64) {
        v.add("checked_at", json!(t), "checked", fmt_time(t));
    }
    let factor = |f: &Item| -> String {
        let parts = f.as_array().unwrap_or(&[]);
        match (
            parts.first().and_then(Item::as_u64),
            parts.get(1).and_then(Item::as_u64),
        ) {
            (Some(0), _) => "ok".to_owned(),
            (Some(1), Some(r)) => format!(
                "failed ({})",
                u16::try_from(r)
                    .ok()
                    .and_then(wangzheng::ErrorCode::from_number)
                    .map_or_else(|| r.to_string(), |c| c.as_str().to_owned())
            ),
            (Some(2), _) => "not performed".to_owned(),
            _ => "?".to_owned(),
        }
    };
    if let Some(factors) = payload.get(4).and_then(Item::as_array) {
        let mut results = Map::new();
        for (name, f) in ["identity", "password", "face"].iter().zip(factors) {
            let text = factor(f);
            results.insert((*name).to_owned(), json!(text));
            v.lines.push(((*name).to_owned(), text));
        }
        v.fields.insert("factors".into(), Value::Object(results));
    }
    if let Some(l) = payload.get(5).and_then(Item::as_u64) {
        let level =
            wangzheng::Level::from_code(l).map_or_else(|_| l.to_string(), |l| l.to_string());
        v.add("level", json!(level), "level", level.clone());
    }
    if let Some(s) = payload.get(6).and_then(Item::as_u64) {
        v.add("face_score", json!(s), "face score", format!("{s}/1000"));
    }
    if let Some(id) = payload.get(7).and_then(Item::as_bytes) {
        v.add("rp_id", json!(hex(id)), "identifier", hex(id));
    }
}
