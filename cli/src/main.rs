//! `wz`: the wangzheng (网证) command-line tool. It acts out every role from a shell (the
//! authority, the issuer, the wallet, the verifier), inspects any object, renders and scans QR
//! codes, and runs the end-to-end demo.
//!
//! Every command reads raw CBOR or the QR text form (`WZ1:` + base45), detected automatically,
//! and `-` for stdin. Exit status: 0 success (for `verify`: accepted), 1 refused (the input was
//! examined and not accepted), 2 usage or I/O error.

mod commands;
mod demo;
mod diag;
mod error;
mod explain;
mod inspect;
mod keys;
mod objects;
mod online;
mod person;
mod qr;
mod util;
mod values;
mod verify;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// wz — the wangzheng (网证) tool: issue, hold, present and verify identity credentials.
#[derive(Debug, Parser)]
#[command(
    name = "wz",
    version,
    about,
    long_about = None,
    after_help = "Every FILE is raw CBOR or the QR text form (WZ1:...), detected automatically; `-` reads stdin.\n\
                  Exit status: 0 success or accepted, 1 refused, 2 usage or I/O error.\n\
                  Start with `wz demo`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The person record format, shown by `wz issue --help`.
const PERSON_HELP: &str = "The person record (--person) is JSON:\n  \
    {\"full_name\": \"张三\", \"sex\": \"male\", \"ethnicity\": 1, \"birth_date\": \"1990-03-07\",\n   \
    \"address\": \"北京市东城区景山前街4号\", \"id_number\": \"110101199003070011\",\n   \
    \"issuing_authority\": \"北京市公安局东城分局\",\n   \
    \"card_validity\": {\"from\": \"2020-01-01\", \"until\": \"2040-01-01\"}}\n\
    \"until\" is null for a long-term card; \"portrait\" (hex of a JPEG) and \"extras\" ({\"ns/name\": text, integer or\n\
    boolean}) are optional. `wz demo --dir DIR` writes examples.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the brief's scenarios end to end and show each step (exits 0 when all end as
    /// expected).
    Demo(demo::DemoArgs),
    /// Make a secret key file (mode 0600) and its .pub file.
    Keygen(commands::KeygenArgs),
    /// Print a fresh random 16-byte nonce in hex.
    Nonce,
    /// Authority: sign a trust list naming the issuer keys verifiers may trust.
    TrustList(commands::TrustListArgs),
    /// Issuer: build or update a signed status list.
    #[command(subcommand)]
    StatusList(commands::StatusListCommand),
    /// Wallet: sign an issuer's nonce with the device key to ask for a credential.
    IssuanceRequest(commands::IssuanceRequestArgs),
    /// Issuer: check an issuance request and issue a credential package for a person.
    #[command(after_help = PERSON_HELP)]
    Issue(commands::IssueArgs),
    /// Wallet: create, show, store credentials, apply status, export and restore.
    #[command(subcommand)]
    Wallet(commands::WalletCommand),
    /// Verifier: make a signed presentation request (what to disclose, nonce, audience).
    PresentationRequest(commands::PresentationRequestArgs),
    /// Wallet: make a presentation, a QR code's or an answer to a request.
    Present(commands::PresentArgs),
    /// Verifier: check a presentation (or any signed object) and print the verdict.
    Verify(verify::VerifyArgs),
    /// Show what any object holds: decoded, and in CBOR diagnostic notation.
    Inspect(inspect::InspectArgs),
    /// Render an object's QR text form as a QR code: terminal, PNG, SVG.
    Qr(qr::QrArgs),
    /// Read the QR code in a PNG or JPEG image and print its text.
    Scan(qr::ScanArgs),
    /// Online verification (scenario 8): the terminal's request, the service's check and
    /// receipt, and the terminal's check of the receipt.
    #[command(subcommand)]
    Online(online::OnlineCommand),
}

fn run(cli: Cli) -> error::CmdResult<u8> {
    match cli.command {
        Command::Demo(a) => demo::run(&a),
        Command::Keygen(a) => commands::keygen(&a),
        Command::Nonce => commands::nonce(),
        Command::TrustList(a) => commands::trust_list(&a),
        Command::StatusList(c) => commands::status_list(&c),
        Command::IssuanceRequest(a) => commands::issuance_request(&a),
        Command::Issue(a) => commands::issue(&a),
        Command::Wallet(c) => commands::wallet(&c),
        Command::PresentationRequest(a) => commands::presentation_request(&a),
        Command::Present(a) => commands::present(&a),
        Command::Verify(a) => verify::run(&a),
        Command::Inspect(a) => inspect::run(&a),
        Command::Qr(a) => qr::run(&a),
        Command::Scan(a) => qr::run_scan(&a),
        Command::Online(c) => online::run(&c),
    }
}

fn main() -> ExitCode {
    // A bug must still end in one sentence, never a backtrace.
    std::panic::set_hook(Box::new(|info| {
        // A closed pipe (`wz inspect FILE | head`) ends the output, as it does for any tool.
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("failed printing to stdout") {
            std::process::exit(141);
        }
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("wz: internal error{place}; please report it with the command you ran");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(status)) => ExitCode::from(status),
        Ok(Err(failure)) => {
            eprintln!("wz: {failure}");
            ExitCode::from(failure.exit_status())
        }
        Err(_) => ExitCode::from(2),
    }
}
