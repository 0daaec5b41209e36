//! The end-to-end demo: the brief's scenarios 1–7 acted out by the authority, its issuer,
//! wallets on several phones and the verifiers that meet them. Verifiers are configured the
//! production way: the authority's root key pinned, a root-signed trust list, and the issuer's
//! status list. Exits non-zero unless every scenario ends as expected.
//!
//! Run it with `bash scripts/demo.sh` (or `cargo run -p wangzheng --example demo`).

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::process::ExitCode;
use wangzheng::{
    AttributeId, AttributeValue, CardValidity, Date, Error, IssueOptions, Issuer, Level,
    ObjectKind, PersonKey, PersonRecord, Policy, PresentationRequest, PublicKey, Registry,
    ReplayCache, RequestParams, Sex, SigningKey, StatusOutcome, TrustList, TrustedIssuer,
    VerifiedPresentation, Verifier, Wallet,
};

/// 2026-01-01T00:00:00Z: the demo's "now".
const NOW: u64 = 1_767_225_600;
/// The wallet app every phone runs.
const APP: &str = "cn.gov.ctid.wallet";

type DemoResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// The authority: its offline root key, its issuer and the issuer's registry.
struct Authority {
    root: PublicKey,
    trust_list: Vec<u8>,
    issuer_key: SigningKey,
    issuer: Issuer,
    registry: Registry,
    status_list: Vec<u8>,
    rng: ChaCha20Rng,
}

impl Authority {
    fn new() -> DemoResult<Authority> {
        let root_key = SigningKey::from_seed(&[0x01; 32]);
        let root = PublicKey::from_bytes(&root_key.public_key_bytes())?;
        let issuer_key = SigningKey::from_seed(&[0x11; 32]);
        let issuer = Issuer::new(issuer_key.clone())?;
        let entry = TrustedIssuer {
            key: *issuer.public_key(),
            valid_from: NOW - 86_400 * 30,
            valid_until: NOW + 86_400 * 365,
            levels: vec![Level::Light, Level::Upgraded],
            kinds: vec![ObjectKind::Credential, ObjectKind::StatusList],
        };
        let trust_list = TrustList::sign(&root_key, 1, NOW - 86_400, NOW + 86_400 * 7, &[entry])?;
        let mut a = Authority {
            root,
            trust_list,
            issuer_key,
            issuer,
            registry: Registry::new(1, 4096)?,
            status_list: Vec::new(),
            rng: ChaCha20Rng::seed_from_u64(2026),
        };
        a.publish()?;
        Ok(a)
    }

    /// Signs and publishes the current status list (fresh for one hour).
    fn publish(&mut self) -> DemoResult {
        self.status_list = self
            .registry
            .status_list(&self.issuer_key, NOW - 60, NOW + 3600)?;
        Ok(())
    }

    /// Issues `who` a credential on `wallet` through the whole protocol.
    fn issue(
        &mut self,
        wallet: &mut Wallet<SigningKey>,
        who: &PersonRecord,
        level: Level,
        reissue: bool,
    ) -> DemoResult {
        let person = PersonKey::from_id_number(&who.id_number);
        let enrollment = if reissue {
            self.registry.reissue_with_card(person, APP)?
        } else {
            self.registry.new_generation(person, APP)?
        };
        let nonce = Issuer::new_nonce(&mut self.rng);
        let at = NOW - 3600;
        let request = wallet.issuance_request(level, &nonce, at)?;
        let checked = self.issuer.check_request(&request, &nonce, at)?;
        let options = IssueOptions {
            proven_level: level,
            generation: enrollment.generation,
            status: Some(enrollment.status),
            ..IssueOptions::default()
        };
        let issued = self
            .issuer
            .issue(&checked, who, &options, &mut self.rng, at)?;
        wallet.store(&issued.package, self.issuer.public_key(), at)?;
        self.publish()?;
        println!(
            "  issuer → wallet: {level} credential, generation {}, status entry {}, {} bytes",
            enrollment.generation,
            enrollment.status.index,
            issued.credential.len()
        );
        Ok(())
    }

    /// A verifier with the pinned root, the trust list and the current status list.
    fn verifier(&self, policy: Policy) -> DemoResult<Verifier> {
        let mut v = Verifier::with_trust_list(policy, self.root, &self.trust_list)?;
        v.update_status_list(&self.status_list, NOW)?;
        Ok(v)
    }
}

fn person(name: &str, born: Date, id_number: &str) -> PersonRecord {
    PersonRecord {
        full_name: name.into(),
        sex: Sex::Female,
        ethnicity: 1,
        birth_date: born,
        address: "北京市东城区景山前街4号".into(),
        id_number: id_number.into(),
        issuing_authority: "北京市公安局东城分局".into(),
        card_validity: CardValidity {
            from: Date::new(2020, 1, 1).expect("date"),
            until: None,
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
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn show(v: &VerifiedPresentation<'_>) {
    println!(
        "  verdict: ACCEPTED — level {}, credential id {}",
        v.level,
        hex(&v.credential_id)
    );
    if v.disclosed_count() == 0 {
        println!("           disclosed: nothing (\"a real-name-verified person\")");
    }
    for a in v.disclosed() {
        let value = match a.value {
            AttributeValue::Text(t) => t.to_string(),
            AttributeValue::Bool(b) => b.to_string(),
            AttributeValue::Date(d) => d.to_string(),
            other => format!("{other:?}"),
        };
        println!("           disclosed: {} = {}", a.id, value);
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn expect_refusal<T>(what: &str, r: Result<T, Error>, want: Error) -> DemoResult {
    match r {
        Err(e) if e == want => {
            println!("  verdict: REFUSED — {e} (code {})", e.code());
            Ok(())
        }
        Err(e) => Err(format!("{what}: refused for the wrong reason: {e}").into()),
        Ok(_) => Err(format!("{what}: accepted but should have been refused").into()),
    }
}

fn request(
    verifier_id: &str,
    wanted: &[AttributeId<'_>],
    min_level: Level,
    seed: u8,
) -> DemoResult<Vec<u8>> {
    let params = RequestParams {
        verifier_id,
        nonce: [seed; 16],
        requested: wanted,
        min_level,
        max_age: 60,
        now: NOW - 20,
    };
    Ok(PresentationRequest::create(
        &params,
        &SigningKey::from_seed(&[0x33; 32]),
    )?)
}

fn run() -> DemoResult {
    println!("网证 wangzheng demo — scenarios 1–7 of the brief, verified offline\n");
    let mut authority = Authority::new()?;
    println!(
        "The authority's root key signs a trust list naming issuer key {}; every verifier pins only the root.\n",
        authority.issuer.key_id()
    );

    let mut zhang = Wallet::new(SigningKey::from_seed(&[0x21; 32]));
    let zhang_card = person("张三", Date::new(1990, 3, 7)?, "110101199003070011");
    println!("Zhang San (phone A) obtains a light credential online with a face scan:");
    authority.issue(&mut zhang, &zhang_card, Level::Light, false)?;

    let mut li = Wallet::new(SigningKey::from_seed(&[0x22; 32]));
    let li_card = person("李四", Date::new(2008, 6, 15)?, "440301200806150026");
    println!("Li Si, 17, taps her ID card at a trusted terminal and gets an upgraded credential:");
    authority.issue(&mut li, &li_card, Level::Upgraded, false)?;

    println!("\n1. Internet café: Zhang shows a QR code that discloses nothing.");
    let qr = zhang.present(&[], NOW - 10)?;
    println!("  wallet → QR: {} bytes", qr.len());
    let cafe = authority.verifier(Policy::default())?;
    show(&cafe.verify(&qr, NOW)?);

    println!(
        "\n2. Hotel check-in: the front desk asks for name and ID number (police registration)."
    );
    let wanted = [AttributeId::FullName, AttributeId::IdNumber];
    let request_bytes = request("hotel:beijing-dongcheng-001", &wanted, Level::Light, 7)?;
    let hotel_request = PresentationRequest::decode(&request_bytes)?;
    println!(
        "  desk → phone: request {} bytes, nonce {}",
        request_bytes.len(),
        hex(hotel_request.nonce)
    );
    let answer = zhang.respond(&request_bytes, NOW - 10)?;
    println!(
        "  phone → desk: presentation {} bytes, bound to the desk's nonce",
        answer.len()
    );
    let hotel = authority.verifier(Policy::default())?;
    show(&hotel.verify_response(&answer, &hotel_request, NOW)?);
    println!("  a photo of that answer shown at another hotel:");
    let other_bytes = request("hotel:shanghai-007", &wanted, Level::Light, 8)?;
    let other = PresentationRequest::decode(&other_bytes)?;
    expect_refusal(
        "replayed hotel answer",
        hotel.verify_response(&answer, &other, NOW),
        Error::AudienceMismatch,
    )?;

    println!("\n3. Company registration requires an upgraded credential.");
    let strict = authority.verifier(Policy {
        min_level: Level::Upgraded,
        ..Policy::default()
    })?;
    println!("  Zhang's light credential:");
    let light = zhang.present(&[AttributeId::FullName], NOW - 5)?;
    expect_refusal(
        "light credential",
        strict.verify(&light, NOW),
        Error::LevelTooLow,
    )?;
    println!("  Li's upgraded credential:");
    show(&strict.verify(&li.present(&[AttributeId::FullName], NOW - 5)?, NOW)?);

    println!("\n4. Age-restricted sale: the shop learns only age_over_18.");
    let shop = authority.verifier(Policy {
        required: vec![AttributeId::AgeOver(18)],
        ..Policy::default()
    })?;
    for (name, wallet, adult) in [("Zhang", &zhang, true), ("Li", &li, false)] {
        let qr = wallet.present(&[AttributeId::AgeOver(18)], NOW - 5)?;
        println!("  {name}'s QR: {} bytes", qr.len());
        let v = shop.verify(&qr, NOW)?;
        show(&v);
        if v.get(&AttributeId::AgeOver(18)) != Some(AttributeValue::Bool(adult)) {
            return Err(format!("{name}: wrong age_over_18").into());
        }
    }
    println!("  a screenshot of Zhang's café QR code, shown five minutes later:");
    expect_refusal(
        "stale QR",
        cafe.verify(&qr, NOW + 300),
        Error::StalePresentation,
    )?;

    println!("\n5. Train gate: 48 travellers pass, their QR codes verified in one batch.");
    let mut travellers = Vec::new();
    for i in 0..48u32 {
        let mut w = Wallet::new(SigningKey::from_seed(&[0x40 + (i % 100) as u8; 32]));
        let born = Date::from_days_since_epoch(3_650 + i64::from(i) * 97)?;
        let card = person(
            &format!("旅客{i}"),
            born,
            &id_number("310104", born, 100 + i),
        );
        authority.issue_quietly(&mut w, &card)?;
        travellers.push(w);
    }
    let gate = authority.verifier(Policy::default())?;
    let queue: Vec<Vec<u8>> = travellers
        .iter()
        .map(|w| w.present(&[], NOW - 2))
        .collect::<Result<_, _>>()?;
    let mut queue_refs: Vec<&[u8]> = queue.iter().map(Vec::as_slice).collect();
    // Two codes that must be refused: a screenshot taken ten minutes ago, and a tampered copy.
    let stale = zhang.present(&[], NOW - 600)?;
    let mut tampered = queue[1].clone();
    tampered[40] ^= 0x04;
    queue_refs.push(&stale);
    queue_refs.push(&tampered);
    let verdicts = gate.verify_batch(&queue_refs, NOW);
    let accepted = verdicts.iter().filter(|v| v.is_ok()).count();
    for (v, bytes) in verdicts.iter().zip(&queue_refs) {
        if v.as_ref().map(|x| x.credential_id).map_err(|e| *e)
            != gate.verify(bytes, NOW).map(|x| x.credential_id)
        {
            return Err("batch and single verification disagree".into());
        }
    }
    println!(
        "  verdicts: {accepted} accepted, {} refused — identical to one-by-one verification",
        verdicts.len() - accepted
    );
    let mut replay = ReplayCache::new(36_000, 0x5eed);
    let first = gate.verify(&queue[0], NOW)?;
    replay.check(&first, NOW)?;
    println!("  traveller 0's code used a second time at the same gate:");
    let again = gate.verify(&queue[0], NOW + 1)?;
    expect_refusal(
        "replayed QR",
        replay.check(&again, NOW + 1),
        Error::Replayed,
    )?;

    println!("\n6. New phone: Zhang activates her credential on phone B.");
    let mut zhang_b = Wallet::new(SigningKey::from_seed(&[0x23; 32]));
    authority.issue(&mut zhang_b, &zhang_card, Level::Light, false)?;
    let verifier = authority.verifier(Policy::default())?;
    println!("  phone A's QR code at the café:");
    let old = zhang.present(&[], NOW - 1)?;
    expect_refusal("phone A", verifier.verify(&old, NOW), Error::Superseded)?;
    println!("  phone B's QR code:");
    show(&verifier.verify(&zhang_b.present(&[], NOW - 1)?, NOW)?);
    let list = verifier.decode_status_list(&authority.status_list, NOW)?;
    let changes = zhang.apply_status(&list, NOW);
    for c in &changes {
        println!(
            "  phone A's wallet sees: {} → {}{}",
            hex(&c.credential_id),
            c.outcome,
            if c.deleted { ", deleted" } else { "" }
        );
    }
    if !changes
        .iter()
        .any(|c| c.outcome == StatusOutcome::Superseded && c.deleted)
        || !zhang.credentials().is_empty()
    {
        return Err("phone A kept its superseded copy".into());
    }

    println!("\n7. Lost card: Li reports her ID card lost; every credential of hers is revoked.");
    let revoked = authority
        .registry
        .report_lost_card(PersonKey::from_id_number(&li_card.id_number))?;
    authority.publish()?;
    println!("  registry: {revoked} credential(s) revoked, new status list published");
    let verifier = authority.verifier(Policy::default())?;
    let li_qr = li.present(&[], NOW - 1)?;
    expect_refusal("lost card", verifier.verify(&li_qr, NOW), Error::Revoked)?;
    println!("  Li gets a new card and re-issues at a terminal:");
    let mut li_new = Wallet::new(SigningKey::from_seed(&[0x24; 32]));
    authority.issue(&mut li_new, &li_card, Level::Upgraded, true)?;
    show(
        &authority
            .verifier(Policy::default())?
            .verify(&li_new.present(&[], NOW - 1)?, NOW)?,
    );
    Ok(())
}

impl Authority {
    /// As [`Authority::issue`] for a light credential, without printing.
    fn issue_quietly(&mut self, wallet: &mut Wallet<SigningKey>, who: &PersonRecord) -> DemoResult {
        let enrollment = self
            .registry
            .new_generation(PersonKey::from_id_number(&who.id_number), APP)?;
        let nonce = Issuer::new_nonce(&mut self.rng);
        let request = wallet.issuance_request(Level::Light, &nonce, NOW - 3600)?;
        let checked = self.issuer.check_request(&request, &nonce, NOW - 3600)?;
        let options = IssueOptions {
            generation: enrollment.generation,
            status: Some(enrollment.status),
            ..IssueOptions::default()
        };
        let issued = self
            .issuer
            .issue(&checked, who, &options, &mut self.rng, NOW - 3600)?;
        wallet.store(&issued.package, self.issuer.public_key(), NOW - 3600)?;
        self.publish()
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => {
            println!("\nAll scenarios ended as expected.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("\ndemo failed: {e}");
            ExitCode::FAILURE
        }
    }
}
