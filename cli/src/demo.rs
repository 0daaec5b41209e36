//! `wz demo`: the brief's scenarios acted out end to end by the authority, its issuer, phones
//! and verifiers, with every object written to a folder, every QR code rendered, read back by
//! a camera decoder and verified, and each verdict explained as `wz verify` explains it.
//!
//! Keys come from fixed seeds and randomness from a seeded generator, and the clock is fixed,
//! so every run prints the same output. The demo exits 0 only when every check ended as
//! expected.

use crate::error::{CmdResult, usage};
use crate::explain::{self, PresentationContext};
use crate::keys;
use crate::qr;
use crate::util::{self, fmt_time, hex};
use crate::values;
use crate::verify::{self, Setup};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::path::{Path, PathBuf};
use wangzheng::{
    AttributeId, AttributeValue, AuthMode, CardValidity, Date, Error, ErrorCode, FaceComparison,
    FaceEvidence, FaceMatcher, FactorResult, InMemoryPasswordStore, IssueOptions, Issuer, Level,
    ObjectKind, PasswordParams, PasswordRecord, PersonKey, PersonRecord, Policy,
    PresentationRequest, PublicKey, Registry, ReplayCache, RequestParams, ServiceKeys, Sex,
    SigningKey, StatusOutcome, StorageKey, TrustList, TrustedIssuer, VerificationParams,
    VerificationRequest, VerificationService, VerifiedPresentation, Verifier, Wallet,
    qr as qr_text,
};

/// 2026-01-01T00:00:00Z (08:00 in Beijing): the demo's clock.
pub const NOW: u64 = 1_767_225_600;
/// The wallet app every phone runs.
const APP: &str = "cn.gov.ctid.wallet";
/// Pixels per module of the QR images the cameras read.
const MODULE_PX: u32 = 4;
/// The seed of the verification service's receipt key.
const SERVICE_SEED: [u8; 32] = [0x12; 32];
/// Wang's 8-digit credential password, set when she re-issued at the trusted terminal.
const WANG_PASSWORD: &str = "20260101";
/// Stand-ins for camera images: Wang's live face at the bank, and someone else's.
const WANG_LIVE: &[u8] = b"\xff\xd8\xff\xe0 demo stand-in: Wang Fang, live at counter 7";
const OTHER_LIVE: &[u8] = b"\xff\xd8\xff\xe0 demo stand-in: someone else";

/// `wz demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// Keep every file the demo makes (keys, trust list, status lists, wallets, presentations,
    /// QR images) in DIR instead of a temporary folder that is removed at the end.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Draw every QR code in the terminal (by default only the first one is drawn).
    #[arg(long, conflicts_with = "no_qr")]
    pub all_qr: bool,
    /// Draw no QR code in the terminal.
    #[arg(long)]
    pub no_qr: bool,
    /// Draw QR codes for a terminal with a light background.
    #[arg(long)]
    pub invert: bool,
}

/// What a check is expected to end in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Accept,
    Refuse(ErrorCode),
}

struct Demo<'a> {
    args: &'a DemoArgs,
    dir: PathBuf,
    rng: ChaCha20Rng,
    root: PublicKey,
    trust_list: Vec<u8>,
    issuer_key: SigningKey,
    issuer: Issuer,
    registry: Registry,
    status_list: Vec<u8>,
    qr_drawn: usize,
    checks: usize,
    failures: Vec<String>,
    /// The time verifiers check at (the demo's clock, or later for a stale screenshot).
    clock: u64,
}

/// Runs the demo; the exit status is 0 when every check ended as expected, 1 otherwise.
///
/// # Errors
///
/// Usage failures (the folder cannot be made or written).
pub fn run(args: &DemoArgs) -> CmdResult<u8> {
    let (dir, temporary) = match &args.dir {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(|e| {
                usage(format!(
                    "cannot create {}: {}",
                    d.display(),
                    util::io_reason(&e)
                ))
            })?;
            (d.clone(), false)
        }
        None => (temp_dir()?, true),
    };
    let result = run_in(args, &dir, temporary);
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

fn temp_dir() -> CmdResult<PathBuf> {
    let mut tag = [0u8; 6];
    getrandom::fill(&mut tag).map_err(|_| usage("the operating system gave no random bytes"))?;
    let dir = std::env::temp_dir().join(format!("wz-demo-{}", hex(&tag)));
    std::fs::create_dir(&dir).map_err(|e| {
        usage(format!(
            "cannot create {}: {}",
            dir.display(),
            util::io_reason(&e)
        ))
    })?;
    Ok(dir)
}

fn run_in(args: &DemoArgs, dir: &Path, temporary: bool) -> CmdResult<u8> {
    println!(
        "网证 wangzheng demo: the brief's scenarios, acted out by the authority, its issuer, phones and verifiers"
    );
    println!(
        "Clock: {} (08:00 in Beijing). Files: {}{}",
        fmt_time(NOW),
        dir.display(),
        if temporary {
            " (removed at the end; keep them with --dir DIR)"
        } else {
            ""
        }
    );
    let mut d = Demo::setup(args, dir)?;
    d.scenarios()?;
    println!();
    if d.failures.is_empty() {
        println!(
            "All {} checks in scenarios 1-8 ended as expected.",
            d.checks
        );
        let wz = std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "wz".to_owned());
        if temporary {
            println!(
                "Run `wz demo --dir DIR` to keep the files and check them yourself (wz is {wz}), for example:"
            );
        } else {
            println!("Check the files yourself (wz is {wz}), for example:");
        }
        let p = |f: &str| dir.join(f).display().to_string();
        println!(
            "  wz verify --trust-list {} --root-public-key {} --status-list {} --at {NOW} {}",
            p("trust-list.wz"),
            p("root.key.pub"),
            p("status-list-1.wz"),
            p("7-reissued.qr.txt")
        );
        println!("  wz scan {}", p("1-cafe.png"));
        println!("  wz inspect {}", p("2-hotel-answer.wz"));
        Ok(0)
    } else {
        println!(
            "{} of {} checks did not end as expected:",
            d.failures.len(),
            d.checks
        );
        for f in &d.failures {
            println!("  ✗ {f}");
        }
        Ok(1)
    }
}

fn person(name: &str, sex: Sex, born: Date, id_number: &str, address: &str) -> PersonRecord {
    PersonRecord {
        full_name: name.into(),
        sex,
        ethnicity: 1,
        birth_date: born,
        address: address.into(),
        id_number: id_number.into(),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: Date::new(2020, 1, 1).unwrap_or(born),
            until: Date::new(2040, 1, 1).ok(),
        },
        portrait: None,
        extras: vec![],
    }
}

/// An 18-character ID number for a birth date, with its ISO 7064 MOD 11-2 check character.
fn id_number(region: &str, born: Date, sequence: u32) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("{region}{}{sequence:03}", born.to_yyyymmdd());
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    format!("{body}{}", char::from(b"10X98765432"[(sum % 11) as usize]))
}

fn date(y: u16, m: u8, d: u8) -> CmdResult<Date> {
    Date::new(y, m, d).map_err(|_| usage("bad demo date"))
}

fn lib(e: Error) -> crate::error::Failure {
    usage(format!("the demo failed unexpectedly: {e} ({})", e.code()))
}

/// A phone: its wallet, its file and its storage key.
struct Phone {
    name: &'static str,
    wallet: Wallet<SigningKey>,
    file: PathBuf,
    storage: StorageKey,
}

impl Demo<'_> {
    fn setup<'a>(args: &'a DemoArgs, dir: &Path) -> CmdResult<Demo<'a>> {
        let root_key = SigningKey::from_seed(&[0x01; 32]);
        let root = PublicKey::from_bytes(&root_key.public_key_bytes()).map_err(lib)?;
        let issuer_key = SigningKey::from_seed(&[0x11; 32]);
        let issuer = Issuer::new(issuer_key.clone()).map_err(lib)?;
        keys::write_secret(&dir.join("root.key"), &root_key.to_seed(), true)?;
        keys::write_public(&dir.join("root.key.pub"), root.as_bytes())?;
        keys::write_secret(&dir.join("issuer.key"), &issuer_key.to_seed(), true)?;
        keys::write_public(&dir.join("issuer.key.pub"), issuer.public_key().as_bytes())?;
        let entry = TrustedIssuer {
            key: *issuer.public_key(),
            valid_from: NOW - 86_400 * 31,
            valid_until: NOW + 86_400 * 365,
            levels: vec![Level::Light, Level::Upgraded],
            kinds: vec![ObjectKind::Credential, ObjectKind::StatusList],
        };
        let service_entry = TrustedIssuer {
            key: PublicKey::from_bytes(&SigningKey::from_seed(&SERVICE_SEED).public_key_bytes())
                .map_err(lib)?,
            valid_from: NOW - 86_400 * 31,
            valid_until: NOW + 86_400 * 365,
            levels: Vec::new(),
            kinds: vec![ObjectKind::Receipt],
        };
        let trust_list = TrustList::sign(
            &root_key,
            1,
            NOW - 86_400,
            NOW + 86_400 * 30,
            &[entry, service_entry],
        )
        .map_err(lib)?;
        util::write_file(&dir.join("trust-list.wz"), &trust_list, false)?;
        let mut d = Demo {
            args,
            dir: dir.to_owned(),
            rng: ChaCha20Rng::seed_from_u64(2026),
            root,
            trust_list,
            issuer_key,
            issuer,
            registry: Registry::new(1, 4096).map_err(lib)?,
            status_list: Vec::new(),
            qr_drawn: 0,
            checks: 0,
            failures: Vec::new(),
            clock: NOW,
        };
        println!("\nSetting up");
        say(
            "authority",
            &format!(
                "signs a trust list with its offline root key (trust-list.wz): issuer key {} may issue light and upgraded credentials and sign status lists; verification service key {} may sign receipts",
                d.issuer.key_id(),
                SigningKey::from_seed(&SERVICE_SEED).key_id()
            ),
        );
        say(
            "verifiers",
            &format!(
                "each pin only the root key {}; issuer keys rotate with new trust lists",
                d.root.key_id()
            ),
        );
        d.publish()?;
        say(
            "issuer",
            "publishes status list 1 (status-list-1.wz), fresh for an hour, and republishes it after every change",
        );
        Ok(d)
    }

    /// Signs and writes the registry's current status list.
    fn publish(&mut self) -> CmdResult {
        self.status_list = self
            .registry
            .status_list(&self.issuer_key, NOW - 60, NOW + 3600)
            .map_err(lib)?;
        util::write_file(&self.dir.join("status-list-1.wz"), &self.status_list, false)
    }

    fn new_phone(&mut self, name: &'static str, file: &str, seed: u8) -> CmdResult<Phone> {
        let storage = StorageKey::generate(&mut self.rng);
        let phone = Phone {
            name,
            wallet: Wallet::new(SigningKey::from_seed(&[seed; 32])),
            file: self.dir.join(file),
            storage,
        };
        self.save(&phone)?;
        Ok(phone)
    }

    /// Seals a phone's wallet into its file.
    fn save(&mut self, phone: &Phone) -> CmdResult {
        let bytes = phone
            .wallet
            .export(&phone.storage, &mut self.rng)
            .map_err(lib)?;
        util::write_file(&phone.file, &bytes, true)
    }

    /// Issues `who` a credential on `phone` through the whole protocol, as a new generation
    /// (first credential or a new phone) or as a re-issue with the card.
    fn issue(
        &mut self,
        phone: &mut Phone,
        who: &PersonRecord,
        level: Level,
        reissue: bool,
        quiet: bool,
    ) -> CmdResult {
        let key = PersonKey::from_id_number(&who.id_number);
        let enrollment = if reissue {
            self.registry.reissue_with_card(key, APP)
        } else {
            self.registry.new_generation(key, APP)
        }
        .map_err(lib)?;
        let at = NOW - 3600;
        let nonce = Issuer::new_nonce(&mut self.rng);
        let request = phone
            .wallet
            .issuance_request(level, &nonce, at)
            .map_err(lib)?;
        let checked = self
            .issuer
            .check_request(&request, &nonce, at)
            .map_err(lib)?;
        let options = IssueOptions {
            proven_level: level,
            generation: enrollment.generation,
            status: Some(enrollment.status),
            ..IssueOptions::default()
        };
        let issued = self
            .issuer
            .issue(&checked, who, &options, &mut self.rng, at)
            .map_err(lib)?;
        phone
            .wallet
            .store(&issued.package, self.issuer.public_key(), at)
            .map_err(lib)?;
        self.save(phone)?;
        self.publish()?;
        if !quiet {
            say(
                phone.name,
                &format!(
                    "signs the issuer's nonce with its new device key {} ({} bytes: proof of possession)",
                    phone.wallet.signer().key_id(),
                    request.len()
                ),
            );
            say(
                "issuer",
                &format!(
                    "issues {} credential, generation {}, status list 1 entry {}, valid until {}",
                    wangzheng_article(level),
                    enrollment.generation,
                    enrollment.status.index,
                    fmt_time(issued.expires_at)
                ),
            );
            say(
                phone.name,
                &format!(
                    "checks and stores it, sealed under its storage key ({})",
                    file_name(&phone.file)
                ),
            );
        }
        Ok(())
    }

    /// A verifier with the pinned root, the trust list and the current status list.
    fn verifier(&self, policy: Policy) -> CmdResult<Setup> {
        let mut v = Verifier::with_trust_list(policy, self.root, &self.trust_list).map_err(lib)?;
        v.update_status_list(&self.status_list, NOW).map_err(lib)?;
        Ok(Setup {
            verifier: v,
            pinned: Vec::new(),
        })
    }

    /// Shows `bytes` as a QR code (drawn or summarized), saves its image and text, and has a
    /// camera read it back; returns the bytes the camera read.
    fn show_qr(&mut self, who: &str, what: &str, bytes: &[u8], stem: &str) -> CmdResult<Vec<u8>> {
        let text = qr_text::encode_text(bytes);
        let code = qr::encode(&text, qrcode::EcLevel::M)?;
        util::write_file(&self.dir.join(format!("{stem}.wz")), bytes, false)?;
        util::write_file(
            &self.dir.join(format!("{stem}.qr.txt")),
            format!("{text}\n").as_bytes(),
            false,
        )?;
        let png = self.dir.join(format!("{stem}.png"));
        util::write_file(&png, &qr::png(&code, MODULE_PX)?, false)?;
        say(
            who,
            &format!(
                "shows {what}: {} bytes, {} characters of QR text",
                bytes.len(),
                text.len()
            ),
        );
        let draw = !self.args.no_qr && (self.args.all_qr || self.qr_drawn == 0);
        if draw {
            self.qr_drawn += 1;
            for line in qr::terminal(&code, self.args.invert).lines() {
                println!("    {line}");
            }
        }
        say(
            "",
            &format!("QR code {} → {}", qr::describe(&code), file_name(&png)),
        );
        let read = qr::scan_image(qr::image(&code, MODULE_PX));
        match read.first() {
            Some(t) if *t == text => {}
            _ => {
                self.fail(format!(
                    "the camera could not read back the QR code {stem}.png"
                ));
            }
        }
        qr_text::decode_text(read.first().map_or(text.as_str(), String::as_str)).map_err(lib)
    }

    fn fail(&mut self, what: String) {
        println!("  ✗ {what}");
        self.failures.push(what);
    }

    /// Verifies a presentation at `setup` (answering `request` when given, through `replay`
    /// when given), prints the verdict as `wz verify` does and checks it against `expect`.
    #[allow(
        clippy::too_many_arguments,
        reason = "one call site per scenario step reads best flat"
    )]
    fn check<'p>(
        &mut self,
        who: &str,
        setup: &Setup,
        bytes: &'p [u8],
        request: Option<(&PresentationRequest<'_>, &str)>,
        replay: Option<&mut ReplayCache>,
        expect: Expect,
        full: bool,
    ) -> Option<VerifiedPresentation<'p>> {
        self.checks += 1;
        let now = self.clock;
        let result = match request {
            Some((r, _)) => setup.verifier.verify_response(bytes, r, now),
            None => setup.verifier.verify(bytes, now),
        };
        let result = match (result, replay) {
            (Ok(v), Some(cache)) => cache.check(&v, now).map(|()| v),
            (other, _) => other,
        };
        let outcome = match &result {
            Ok(v) => {
                let verdict = verify::presentation_verdict(v, setup, now);
                if full {
                    say(who, "verifies it:");
                    for line in verdict.to_text().lines() {
                        println!("    {line}");
                    }
                } else {
                    let disclosed: Vec<String> = v
                        .disclosed()
                        .map(|a| format!("{} = {}", a.id, values::to_text(&a.value)))
                        .collect();
                    say(
                        who,
                        &format!(
                            "ACCEPTED: {} credential, generation {}; disclosed {}",
                            wangzheng_article(v.level),
                            v.generation,
                            if disclosed.is_empty() {
                                "nothing".to_owned()
                            } else {
                                disclosed.join(", ")
                            }
                        ),
                    );
                }
                Expect::Accept
            }
            Err(e) => {
                let decoded = wangzheng::Presentation::decode(bytes).ok();
                let policy = setup.verifier.policy().clone();
                let cx = PresentationContext {
                    presentation: decoded.as_ref(),
                    now,
                    policy: &policy,
                    pinned: &setup.pinned,
                    trust: setup.verifier.trust_list(),
                    request,
                    replay_cache: Some("of this terminal"),
                    issuer_signature_bad: None,
                };
                say(
                    who,
                    &format!(
                        "REFUSED: {} ({})",
                        explain::presentation_refusal(e, "the QR code", &cx),
                        e.code()
                    ),
                );
                Expect::Refuse(e.code())
            }
        };
        if outcome != expect {
            let want = match expect {
                Expect::Accept => "accepted".to_owned(),
                Expect::Refuse(c) => format!("refused with {c}"),
            };
            self.fail(format!("{who}: expected the presentation to be {want}"));
        }
        result.ok()
    }

    fn scenarios(&mut self) -> CmdResult {
        let zhang = person(
            "张三",
            Sex::Male,
            date(1990, 3, 7)?,
            "110101199003070011",
            "北京市东城区景山前街4号",
        );
        let wang = person(
            "王芳",
            Sex::Female,
            date(1985, 11, 23)?,
            "310104198511230044",
            "上海市徐汇区漕溪北路88号",
        );
        let li = person(
            "李四",
            Sex::Female,
            date(2008, 6, 15)?,
            "440301200806150026",
            "深圳市福田区福华三路100号",
        );
        for (p, f) in [
            (&zhang, "zhang.json"),
            (&wang, "wang.json"),
            (&li, "li.json"),
        ] {
            let json = serde_json::to_string_pretty(&crate::person::to_json(p))
                .map_err(|_| usage("cannot write a person record"))?;
            util::write_file(&self.dir.join(f), json.as_bytes(), false)?;
        }

        println!("\nZhang San gets a light credential online, with a live face scan");
        let mut zhang_a = self.new_phone("Zhang's phone A", "zhang-phone-a.wallet", 0x21)?;
        self.issue(&mut zhang_a, &zhang, Level::Light, false, false)?;
        println!(
            "Wang Fang gets an upgraded credential at a trusted terminal (ID card + 8-digit password)"
        );
        let mut wang_p = self.new_phone("Wang's phone", "wang.wallet", 0x22)?;
        self.issue(&mut wang_p, &wang, Level::Upgraded, false, false)?;
        println!("Li Si, 17, gets a light credential online");
        let mut li_p = self.new_phone("Li's phone", "li.wallet", 0x23)?;
        self.issue(&mut li_p, &li, Level::Light, false, true)?;
        say(
            "issuer",
            "issues a light credential, generation 1, status list 1 entry 2 (Li's phone stores it)",
        );

        // 1. Internet café.
        println!("\n1. Internet café: real-name registration with nothing disclosed");
        let qr = zhang_a.wallet.present(&[], NOW - 8).map_err(lib)?;
        let scanned = self.show_qr("Zhang", "a QR code that discloses nothing", &qr, "1-cafe")?;
        say(
            "café",
            "scans it with its camera and reads back exactly that text",
        );
        let cafe = self.verifier(Policy::default())?;
        let mut cafe_cache = ReplayCache::new(10_000, 1);
        self.check(
            "café",
            &cafe,
            &scanned,
            None,
            Some(&mut cafe_cache),
            Expect::Accept,
            true,
        );
        say(
            "café",
            "learns \"a real-name-verified person\" and an identifier; no name, no ID number",
        );
        say("café", "the same code scanned again (a photo passed on):");
        self.check(
            "café",
            &cafe,
            &scanned,
            None,
            Some(&mut cafe_cache),
            Expect::Refuse(ErrorCode::Replayed),
            false,
        );

        // 2. Hotel.
        println!("\n2. Hotel check-in: name and ID number for the police registration");
        let hotel_key = SigningKey::from_seed(&[0x31; 32]);
        let wanted = [AttributeId::FullName, AttributeId::IdNumber];
        let nonce = Issuer::new_nonce(&mut self.rng);
        let request_bytes = PresentationRequest::create(
            &RequestParams {
                verifier_id: "hotel:beijing-dongcheng-001",
                nonce,
                requested: &wanted,
                min_level: Level::Light,
                max_age: 60,
                now: NOW - 20,
            },
            &hotel_key,
        )
        .map_err(lib)?;
        let request_read = self.show_qr(
            "front desk",
            "a signed request for full_name and id_number with a fresh nonce",
            &request_bytes,
            "2-hotel-request",
        )?;
        let request = PresentationRequest::decode(&request_read).map_err(lib)?;
        say(
            "Zhang",
            &format!(
                "scans it; the wallet shows \"{}\" asks for full_name, id_number; Zhang agrees",
                request.verifier_id
            ),
        );
        let answer = zhang_a
            .wallet
            .respond(&request_read, NOW - 10)
            .map_err(lib)?;
        let answer_read = self.show_qr(
            "Zhang",
            "the answer, bound to the desk's nonce",
            &answer,
            "2-hotel-answer",
        )?;
        let hotel = self.verifier(Policy::default())?;
        self.check(
            "front desk",
            &hotel,
            &answer_read,
            Some((&request, "the desk's request")),
            None,
            Expect::Accept,
            false,
        );
        say("", "a photo of that answer shown at another hotel:");
        let other_bytes = PresentationRequest::create(
            &RequestParams {
                verifier_id: "hotel:shanghai-007",
                nonce: Issuer::new_nonce(&mut self.rng),
                requested: &wanted,
                min_level: Level::Light,
                max_age: 60,
                now: NOW - 5,
            },
            &SigningKey::from_seed(&[0x32; 32]),
        )
        .map_err(lib)?;
        let other = PresentationRequest::decode(&other_bytes).map_err(lib)?;
        self.check(
            "other hotel",
            &hotel,
            &answer_read,
            Some((&other, "its request")),
            None,
            Expect::Refuse(ErrorCode::AudienceMismatch),
            false,
        );

        // 3. Company registration.
        println!("\n3. Company registration: an upgraded credential is required");
        let counter = self.verifier(Policy {
            min_level: Level::Upgraded,
            required: vec![AttributeId::FullName, AttributeId::IdNumber],
            ..Policy::default()
        })?;
        let wanted = [AttributeId::FullName, AttributeId::IdNumber];
        let light = zhang_a.wallet.present(&wanted, NOW - 5).map_err(lib)?;
        let light = self.show_qr(
            "Zhang",
            "his light credential's QR code",
            &light,
            "3-company-light",
        )?;
        self.check(
            "counter",
            &counter,
            &light,
            None,
            None,
            Expect::Refuse(ErrorCode::LevelTooLow),
            false,
        );
        let upgraded = wang_p.wallet.present(&wanted, NOW - 5).map_err(lib)?;
        let upgraded = self.show_qr(
            "Wang",
            "her upgraded credential's QR code",
            &upgraded,
            "3-company-upgraded",
        )?;
        self.check(
            "counter",
            &counter,
            &upgraded,
            None,
            None,
            Expect::Accept,
            false,
        );

        // 4. Age-restricted sale.
        println!("\n4. Age-restricted sale: the shop learns only age_over_18");
        let shop = self.verifier(Policy {
            required: vec![AttributeId::AgeOver(18)],
            ..Policy::default()
        })?;
        for (name, phone, adult, stem) in [
            ("Zhang", &zhang_a, true, "4-shop-zhang"),
            ("Li", &li_p, false, "4-shop-li"),
        ] {
            let bytes = phone
                .wallet
                .present(&[AttributeId::AgeOver(18)], NOW - 5)
                .map_err(lib)?;
            let read = self.show_qr(name, "a QR code disclosing age_over_18 only", &bytes, stem)?;
            let verified = self.check("shop", &shop, &read, None, None, Expect::Accept, false);
            let over = verified.and_then(|v| v.get(&AttributeId::AgeOver(18)));
            if over == Some(AttributeValue::Bool(adult)) {
                say(
                    "shop",
                    if adult {
                        "sells: age_over_18 is true"
                    } else {
                        "does not sell: age_over_18 is false (the shop decides what false means)"
                    },
                );
            } else {
                self.fail(format!("shop: {name}'s age_over_18 should be {adult}"));
            }
        }
        say(
            "",
            "a screenshot of Zhang's café code, shown five minutes later:",
        );
        self.clock = NOW + 300;
        self.check(
            "shop",
            &shop,
            &scanned,
            None,
            None,
            Expect::Refuse(ErrorCode::StalePresentation),
            false,
        );
        self.clock = NOW;

        // 5. Train gate.
        self.train_gate(&zhang_a)?;

        // 6. New phone.
        println!("\n6. New phone: Zhang activates his credential on phone B");
        let mut zhang_b = self.new_phone("Zhang's phone B", "zhang-phone-b.wallet", 0x24)?;
        self.issue(&mut zhang_b, &zhang, Level::Light, false, false)?;
        let cafe = self.verifier(Policy::default())?;
        let old = zhang_a.wallet.present(&[], NOW - 3).map_err(lib)?;
        let old = self.show_qr("phone A", "its old QR code at the café", &old, "6-phone-a")?;
        self.check(
            "café",
            &cafe,
            &old,
            None,
            None,
            Expect::Refuse(ErrorCode::Superseded),
            false,
        );
        let new = zhang_b.wallet.present(&[], NOW - 3).map_err(lib)?;
        let new = self.show_qr("phone B", "its QR code", &new, "6-phone-b")?;
        self.check("café", &cafe, &new, None, None, Expect::Accept, false);
        self.apply_status(&mut zhang_a, StatusOutcome::Superseded)?;

        // 7. Lost card.
        println!("\n7. Lost card: Wang reports her ID card lost");
        let revoked = self
            .registry
            .report_lost_card(PersonKey::from_id_number(&wang.id_number))
            .map_err(lib)?;
        self.publish()?;
        say(
            "issuer",
            &format!(
                "revokes every credential of hers ({revoked}) and publishes a new status list"
            ),
        );
        let bank = self.verifier(Policy::default())?;
        let lost = wang_p.wallet.present(&[], NOW - 2).map_err(lib)?;
        let lost = self.show_qr(
            "Wang's phone",
            "its QR code at a bank",
            &lost,
            "7-lost-card",
        )?;
        self.check(
            "bank",
            &bank,
            &lost,
            None,
            None,
            Expect::Refuse(ErrorCode::Revoked),
            false,
        );
        self.apply_status(&mut wang_p, StatusOutcome::Revoked)?;
        println!("  Wang gets a new card and re-issues her credential at a trusted terminal:");
        let mut wang_new = self.new_phone("Wang's phone", "wang-new.wallet", 0x25)?;
        self.issue(&mut wang_new, &wang, Level::Upgraded, true, false)?;
        let bank = self.verifier(Policy::default())?;
        let fresh = wang_new.wallet.present(&[], NOW - 2).map_err(lib)?;
        let fresh = self.show_qr("Wang's phone", "its new QR code", &fresh, "7-reissued")?;
        self.check("bank", &bank, &fresh, None, None, Expect::Accept, false);

        self.online_check(&wang_new, &wang)?;
        Ok(())
    }

    fn train_gate(&mut self, zhang: &Phone) -> CmdResult {
        const TRAVELLERS: u32 = 48;
        println!("\n5. Train gate: {TRAVELLERS} travellers, their QR codes verified in one batch");
        let mut queue = Vec::new();
        for i in 0..TRAVELLERS {
            let seed = 0x40 + u8::try_from(i).unwrap_or(0);
            let born = Date::from_days_since_epoch(3_650 + i64::from(i) * 97).map_err(lib)?;
            let card = person(
                &format!("旅客{i}"),
                if i % 2 == 0 { Sex::Male } else { Sex::Female },
                born,
                &id_number("310104", born, 100 + i),
                "上海市黄浦区",
            );
            let mut phone = Phone {
                name: "traveller",
                wallet: Wallet::new(SigningKey::from_seed(&[seed; 32])),
                file: self.dir.join("gate-traveller.wallet"),
                storage: StorageKey::generate(&mut self.rng),
            };
            self.issue(&mut phone, &card, Level::Light, false, true)?;
            queue.push(phone.wallet.present(&[], NOW - 2).map_err(lib)?);
        }
        let _ = std::fs::remove_file(self.dir.join("gate-traveller.wallet"));
        say(
            "issuer",
            &format!("has issued {TRAVELLERS} light credentials (status list 1 entries 3-50)"),
        );
        say(
            "gate",
            &format!(
                "reads {TRAVELLERS} QR codes, plus two bad ones: a 10-minute-old screenshot and a tampered code"
            ),
        );
        let stale = zhang.wallet.present(&[], NOW - 600).map_err(lib)?;
        let mut tampered = queue[1].clone();
        // A bit of the phone's signature.
        let last = tampered.len() - 1;
        tampered[last - 40] ^= 0x04;
        let mut refs: Vec<&[u8]> = queue.iter().map(Vec::as_slice).collect();
        refs.push(&stale);
        refs.push(&tampered);
        let gate = self.verifier(Policy::default())?;
        let verdicts = gate.verifier.verify_batch(&refs, NOW);
        self.checks += 1;
        let same = verdicts.iter().zip(&refs).all(|(b, bytes)| {
            let single = gate.verifier.verify(bytes, NOW);
            b.as_ref().map(|v| v.credential_id).map_err(|e| *e) == single.map(|v| v.credential_id)
        });
        let accepted = verdicts.iter().filter(|v| v.is_ok()).count();
        let reasons: Vec<String> = verdicts
            .iter()
            .filter_map(|v| v.as_ref().err().map(|e| e.code().to_string()))
            .collect();
        say(
            "gate",
            &format!(
                "batch verdicts: {accepted} accepted, {} refused ({}), identical to one-by-one verification: {}",
                verdicts.len() - accepted,
                reasons.join(", "),
                if same { "yes" } else { "NO" }
            ),
        );
        let want = [ErrorCode::StalePresentation, ErrorCode::BadSignature];
        let got: Vec<ErrorCode> = verdicts
            .iter()
            .filter_map(|v| v.as_ref().err().map(Error::code))
            .collect();
        if !same || accepted != TRAVELLERS as usize || got != want {
            self.fail("gate: the batch should accept every traveller and refuse the two bad codes, exactly as single mode".to_owned());
        }
        say(
            "gate",
            "traveller 0 hands his phone back to a friend, who tries the same code:",
        );
        let mut cache = ReplayCache::new(36_000, 2);
        if let Some(Ok(first)) = verdicts.first()
            && cache.check(first, NOW).is_err()
        {
            self.fail("gate: the first use should pass the replay cache".to_owned());
        }
        self.check(
            "gate",
            &gate,
            &queue[0],
            None,
            Some(&mut cache),
            Expect::Refuse(ErrorCode::Replayed),
            false,
        );
        Ok(())
    }

    /// The phone fetches the status list, checks it through the trust list and applies it;
    /// the wallet file is sealed again and read back to show what it holds.
    fn apply_status(&mut self, phone: &mut Phone, want: StatusOutcome) -> CmdResult {
        self.checks += 1;
        let setup = self.verifier(Policy::default())?;
        let list = setup
            .verifier
            .decode_status_list(&self.status_list, NOW)
            .map_err(lib)?;
        let changes = phone.wallet.apply_status(&list, NOW);
        self.save(phone)?;
        let stored = std::fs::read(&phone.file).map_err(|e| {
            usage(format!(
                "cannot read {}: {}",
                phone.file.display(),
                util::io_reason(&e)
            ))
        })?;
        let restored = Wallet::restore(&stored, &phone.storage).map_err(lib)?;
        for c in &changes {
            say(
                phone.name,
                &format!(
                    "fetches the status list: credential {} is {}{}; its wallet file now holds {} credential(s)",
                    hex(&c.credential_id),
                    c.outcome,
                    if c.deleted {
                        ", so the wallet deletes it"
                    } else {
                        ""
                    },
                    restored.credentials().len()
                ),
            );
        }
        if !changes.iter().any(|c| c.outcome == want && c.deleted)
            || !restored.credentials().is_empty()
        {
            self.fail(format!(
                "{}: the wallet should have deleted its {want} credential",
                phone.name
            ));
        }
        Ok(())
    }
}

fn wangzheng_article(level: Level) -> String {
    crate::objects::a(level.as_str())
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Prints one step: who does what, the text wrapped under the actor.
fn say(who: &str, text: &str) {
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        println!("  {who:<16} {first}");
    }
    for l in lines {
        println!("  {:<16} {l}", "");
    }
}

/// The demo's stand-in for the authority's face matcher: Wang's live capture matches.
struct DemoMatcher;

impl FaceMatcher for DemoMatcher {
    fn compare(&self, _person: &PersonKey, image: &[u8]) -> FaceComparison {
        if image == WANG_LIVE {
            FaceComparison {
                score: 962,
                matched: true,
            }
        } else {
            FaceComparison {
                score: 118,
                matched: false,
            }
        }
    }
}

/// What scenario 8 expects of one receipt.
struct Want {
    identity: FactorResult,
    password: FactorResult,
    face: FactorResult,
}

impl Demo<'_> {
    /// Scenario 8: the bank's terminal forwards Wang's presentation with her password and a
    /// live face image to the authority's service and checks the signed receipt offline.
    fn online_check(&mut self, phone: &Phone, wang: &PersonRecord) -> CmdResult {
        println!(
            "\n8. Online check: a bank opens an account for Wang with her password and a live face scan"
        );
        let service_verifier =
            Verifier::with_trust_list(Policy::default(), self.root, &self.trust_list)
                .map_err(lib)?;
        let mut service = VerificationService::new(
            service_verifier,
            ServiceKeys::from_seeds(&SERVICE_SEED, &[0x13; 32], &[0x14; 32]),
            InMemoryPasswordStore::new(),
            DemoMatcher,
            self.registry.clone(),
        );
        service
            .verifier_mut()
            .update_status_list(&self.status_list, NOW)
            .map_err(lib)?;
        let person = PersonKey::from_id_number(&wang.id_number);
        let record = PasswordRecord::new(WANG_PASSWORD, PasswordParams::default(), &mut self.rng)
            .map_err(lib)?;
        service.passwords_mut().set(person, record);
        say(
            "service",
            &format!(
                "the authority's verification service holds Wang's password only as a salted Argon2id hash (set at the trusted terminal); terminals seal passwords to its key {}…",
                &hex(&service.sealing_key().0)[..16]
            ),
        );
        let presentation = phone
            .wallet
            .present(&[AttributeId::FullName], NOW - 6)
            .map_err(lib)?;
        let read = self.show_qr(
            "Wang's phone",
            "a QR code disclosing full_name",
            &presentation,
            "8-bank",
        )?;
        let terminal = self.verifier(Policy::default())?;
        let terminal_key = SigningKey::from_seed(&[0x34; 32]);
        let all_ok = Want {
            identity: FactorResult::Ok,
            password: FactorResult::Ok,
            face: FactorResult::Ok,
        };
        say(
            "bank terminal",
            "asks the service for a nonce; Wang types her 8-digit password and looks into the camera",
        );
        let first = self.online_round(
            &mut service,
            &terminal,
            &terminal_key,
            &read,
            "bank.example/counter-7",
            AuthMode::CredentialPasswordFace,
            (Some(WANG_PASSWORD), Some(WANG_LIVE)),
            &all_ok,
            "8-bank",
        )?;
        say(
            "",
            "Wang mistypes her password at another counter of the bank:",
        );
        let second = self.online_round(
            &mut service,
            &terminal,
            &terminal_key,
            &read,
            "bank.example/counter-2",
            AuthMode::CredentialPassword,
            (Some("20261010"), None),
            &Want {
                identity: FactorResult::Ok,
                password: FactorResult::Failed(ErrorCode::PasswordWrong),
                face: FactorResult::NotPerformed,
            },
            "8-bank-wrong-password",
        )?;
        say(
            "",
            "someone else tries Wang's phone at a hotel that checks faces:",
        );
        let third = self.online_round(
            &mut service,
            &terminal,
            &SigningKey::from_seed(&[0x35; 32]),
            &read,
            "hotel.example/desk-1",
            AuthMode::CredentialFace,
            (None, Some(OTHER_LIVE)),
            &Want {
                identity: FactorResult::Ok,
                password: FactorResult::NotPerformed,
                face: FactorResult::Failed(ErrorCode::FaceMismatch),
            },
            "8-hotel",
        )?;
        self.checks += 1;
        match (first, second, third) {
            (Some(a), Some(b), Some(c)) if a == b && a != c => say(
                "",
                &format!(
                    "Wang's identifier is {} at both counters of the bank and {} at the hotel: the two relying parties cannot link her",
                    hex(&a),
                    hex(&c)
                ),
            ),
            _ => self.fail(
                "the identifier must be the same at one relying party and differ at another"
                    .to_owned(),
            ),
        }
        Ok(())
    }

    /// One online verification: the terminal's request, the service's receipt, the terminal's
    /// check of it. Returns the relying-party identifier the receipt carries.
    #[allow(
        clippy::too_many_arguments,
        reason = "each round of scenario 8 reads best flat"
    )]
    fn online_round(
        &mut self,
        service: &mut VerificationService<InMemoryPasswordStore, DemoMatcher, Registry>,
        terminal: &Setup,
        terminal_key: &SigningKey,
        presentation: &[u8],
        verifier_id: &str,
        mode: AuthMode,
        (password, face_image): (Option<&str>, Option<&[u8]>),
        want: &Want,
        stem: &str,
    ) -> CmdResult<Option<[u8; 16]>> {
        self.checks += 1;
        let nonce = service.new_nonce(&mut self.rng, NOW - 4);
        let params = VerificationParams {
            presentation,
            presentation_request: None,
            verifier_id,
            service_nonce: nonce,
            mode,
            password,
            face: face_image.map(|img| FaceEvidence::for_image(img, NOW - 3, "image/jpeg")),
            release: &[AttributeId::FullName],
            now: NOW - 2,
        };
        let request = VerificationRequest::create(
            &params,
            &service.sealing_key(),
            terminal_key,
            &mut self.rng,
        )
        .map_err(lib)?;
        util::write_file(
            &self.dir.join(format!("{stem}-request.wz")),
            &request,
            false,
        )?;
        let mut factors = vec!["the presentation"];
        if password.is_some() {
            factors.push("the password sealed to the service (HPKE)");
        }
        if face_image.is_some() {
            factors.push("the SHA-256 of the face image (the image travels beside it)");
        }
        let actor = format!(
            "{} terminal",
            verifier_id.split(['.', '/']).next().unwrap_or("the")
        );
        say(
            &actor,
            &format!(
                "signs a verification request ({} bytes): {}",
                request.len(),
                factors.join(", ")
            ),
        );
        let receipt = service.check(&request, face_image, NOW).map_err(lib)?;
        util::write_file(
            &self.dir.join(format!("{stem}-receipt.wz")),
            &receipt,
            false,
        )?;
        say(
            "service",
            &format!("answers with a signed receipt ({} bytes)", receipt.len()),
        );
        let verified = match terminal.verifier.verify_receipt(&receipt, &request, NOW) {
            Ok(r) => r,
            Err(e) => {
                self.fail(format!("{verifier_id}: the receipt should verify, not {e}"));
                return Ok(None);
            }
        };
        let lines = crate::online::receipt_lines(&verified);
        let summary: Vec<String> = lines
            .iter()
            .filter(|(l, _)| matches!(l.as_str(), "identity" | "password" | "face" | "vouched for"))
            .map(|(l, t)| format!("{l} {t}"))
            .collect();
        say(
            &actor,
            &format!(
                "checks the receipt offline: {}: {}",
                if verified.all_passed() {
                    "PASSED"
                } else {
                    "FAILED"
                },
                summary.join("; ")
            ),
        );
        if (verified.identity, verified.password, verified.face)
            != (want.identity, want.password, want.face)
        {
            self.fail(format!(
                "{verifier_id}: the receipt's factors are not the expected ones"
            ));
        }
        Ok(verified.rp_id)
    }
}
