//! The end-to-end demo: the brief's scenarios 1–4 acted out by an issuer, two wallets and the
//! verifiers that meet them. Exits non-zero unless every scenario ends as expected.
//!
//! Run it with `bash scripts/demo.sh` (or `cargo run -p wangzheng --example demo`).

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::process::ExitCode;
use wangzheng::{
    AttributeId, AttributeValue, CardValidity, Date, Error, IssueOptions, Issuer, Level,
    PersonRecord, Policy, PresentationRequest, RequestParams, Sex, SigningKey, Verifier, Wallet,
};

/// 2026-01-01T00:00:00Z: the demo's "now".
const NOW: u64 = 1_767_225_600;

type DemoResult = Result<(), Box<dyn std::error::Error>>;

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

fn issue(
    issuer: &Issuer,
    wallet: &mut Wallet<SigningKey>,
    who: &PersonRecord,
    level: Level,
    rng: &mut ChaCha20Rng,
) -> DemoResult {
    let nonce = Issuer::new_nonce(rng);
    let request = wallet.issuance_request(level, &nonce, NOW - 3600)?;
    let checked = issuer.check_request(&request, &nonce, NOW - 3600)?;
    let options = IssueOptions {
        proven_level: level,
        ..IssueOptions::default()
    };
    let issued = issuer.issue(&checked, who, &options, rng, NOW - 3600)?;
    wallet.store(&issued.package, issuer.public_key(), NOW - 3600)?;
    println!(
        "  issuer → wallet: {} credential, {} bytes, expires at {}",
        level,
        issued.credential.len(),
        issued.expires_at
    );
    Ok(())
}

fn show(v: &wangzheng::VerifiedPresentation<'_>) {
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

fn expect_refusal(what: &str, r: Result<impl Sized, Error>, want: Error) -> DemoResult {
    match r {
        Err(e) if e == want => {
            println!("  verdict: REFUSED — {e} (code {})", e.code());
            Ok(())
        }
        Err(e) => Err(format!("{what}: refused for the wrong reason: {e}").into()),
        Ok(_) => Err(format!("{what}: accepted but should have been refused").into()),
    }
}

fn run() -> DemoResult {
    let mut rng = ChaCha20Rng::seed_from_u64(2026);
    println!("网证 wangzheng demo — scenarios 1–4 of the brief, verified offline\n");

    let issuer = Issuer::from_seed(&[0x11; 32])?;
    println!(
        "The issuing authority's key id is {}; every verifier pins its public key.\n",
        issuer.key_id()
    );
    let verifier_key = SigningKey::from_seed(&[0x33; 32]);

    let mut zhang = Wallet::new(SigningKey::from_seed(&[0x21; 32]));
    let zhang_card = person("张三", Date::new(1990, 3, 7)?, "110101199003070011");
    println!("Zhang San (phone A) obtains a light credential online with a face scan:");
    issue(&issuer, &mut zhang, &zhang_card, Level::Light, &mut rng)?;

    let mut li = Wallet::new(SigningKey::from_seed(&[0x22; 32]));
    let li_card = person("李四", Date::new(2008, 6, 15)?, "440301200806150026");
    println!("Li Si, 17, taps her ID card at a trusted terminal and gets an upgraded credential:");
    issue(&issuer, &mut li, &li_card, Level::Upgraded, &mut rng)?;

    println!("\n1. Internet café: Zhang shows a QR code that discloses nothing.");
    let qr = zhang.present(&[], NOW - 10)?;
    println!("  wallet → QR: {} bytes", qr.len());
    let cafe = Verifier::new(Policy::default()).with_issuer_key(*issuer.public_key());
    show(&cafe.verify(&qr, NOW)?);

    println!(
        "\n2. Hotel check-in: the front desk asks for name and ID number (police registration)."
    );
    let nonce = rand_nonce(&mut rng);
    let wanted = [AttributeId::FullName, AttributeId::IdNumber];
    let request_bytes = PresentationRequest::create(
        &RequestParams {
            verifier_id: "hotel:beijing-dongcheng-001",
            nonce,
            requested: &wanted,
            min_level: Level::Light,
            max_age: 60,
            now: NOW - 20,
        },
        &verifier_key,
    )?;
    let request = PresentationRequest::decode(&request_bytes)?;
    println!(
        "  desk → phone: request {} bytes, nonce {}",
        request_bytes.len(),
        hex(request.nonce)
    );
    let answer = zhang.respond(&request_bytes, NOW - 10)?;
    println!(
        "  phone → desk: presentation {} bytes, bound to the desk's nonce",
        answer.len()
    );
    let hotel = Verifier::new(Policy::default()).with_issuer_key(*issuer.public_key());
    show(&hotel.verify_response(&answer, &request, NOW)?);
    println!("  a photo of that answer shown at another hotel:");
    let other_request_bytes = PresentationRequest::create(
        &RequestParams {
            verifier_id: "hotel:shanghai-007",
            nonce: rand_nonce(&mut rng),
            ..request_params(&wanted)
        },
        &verifier_key,
    )?;
    let other = PresentationRequest::decode(&other_request_bytes)?;
    expect_refusal(
        "replayed hotel answer",
        hotel.verify_response(&answer, &other, NOW),
        Error::AudienceMismatch,
    )?;

    println!("\n3. Company registration requires an upgraded credential.");
    let strict = Verifier::new(Policy {
        min_level: Level::Upgraded,
        ..Policy::default()
    })
    .with_issuer_key(*issuer.public_key());
    println!("  Zhang's light credential:");
    expect_refusal(
        "light credential",
        strict.verify(&zhang.present(&[AttributeId::FullName], NOW - 5)?, NOW),
        Error::LevelTooLow,
    )?;
    println!("  Li's upgraded credential:");
    show(&strict.verify(&li.present(&[AttributeId::FullName], NOW - 5)?, NOW)?);

    println!("\n4. Age-restricted sale: the shop learns only age_over_18.");
    let shop = Verifier::new(Policy {
        required: vec![AttributeId::AgeOver(18)],
        ..Policy::default()
    })
    .with_issuer_key(*issuer.public_key());
    for (name, wallet, adult) in [("Zhang", &zhang, true), ("Li", &li, false)] {
        let qr = wallet.present(&[AttributeId::AgeOver(18)], NOW - 5)?;
        println!("  {name}'s QR: {} bytes", qr.len());
        let v = shop.verify(&qr, NOW)?;
        show(&v);
        if v.get(&AttributeId::AgeOver(18)) != Some(AttributeValue::Bool(adult)) {
            return Err(format!("{name}: wrong age_over_18").into());
        }
    }

    println!("\nA screenshot of Zhang's café QR code, shown five minutes later:");
    expect_refusal(
        "stale QR",
        cafe.verify(&qr, NOW + 300),
        Error::StalePresentation,
    )?;
    Ok(())
}

fn request_params<'a>(requested: &'a [AttributeId<'a>]) -> RequestParams<'a> {
    RequestParams {
        verifier_id: "",
        nonce: [0; 16],
        requested,
        min_level: Level::Light,
        max_age: 60,
        now: NOW - 20,
    }
}

fn rand_nonce(rng: &mut ChaCha20Rng) -> [u8; 16] {
    Issuer::new_nonce(rng)
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
