//! The commands of the authority, the issuer, the wallet and the verifier that make objects:
//! keys, trust lists, status lists, issuance, presentation requests and presentations, and the
//! wallet file.

use crate::error::{CmdResult, Failure, refused, usage};
use crate::explain::describe;
use crate::keys::{self, public_key_arg, read_signing_key, read_storage_key};
use crate::objects;
use crate::util::{self, OutputArgs, fmt_time, hex, input_name};
use crate::verify::{self, TrustArgs, parse_attribute, parse_level};
use serde_json::json;
use std::path::{Path, PathBuf};
use wangzheng::{
    AttributeId, CredentialStatus, Error, IssueOptions, Issuer, Level, ObjectKind, Policy,
    PresentationRequest, RequestParams, SigningKey, StatusListBuilder, StatusRef, StorageKey,
    TrustList, TrustedIssuer, Wallet,
};

/// The time of an operation: `--at`, or now.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AtArgs {
    /// Act as of this time (Unix seconds or YYYY-MM-DDTHH:MM:SSZ) instead of now.
    #[arg(long, value_name = "TIME", value_parser = util::parse_time)]
    pub at: Option<u64>,
}

impl AtArgs {
    fn now(&self) -> u64 {
        self.at.unwrap_or_else(util::now)
    }
}

// --- keys ------------------------------------------------------------------------------------

/// `wz keygen`.
#[derive(Debug, Clone, clap::Args)]
pub struct KeygenArgs {
    /// The secret key file to write (mode 0600); the public key goes to FILE.pub.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Make a wallet storage key (a ChaCha20-Poly1305 key) instead of an Ed25519 signing key.
    #[arg(long)]
    pub storage: bool,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
}

/// Runs `wz keygen`.
///
/// # Errors
///
/// Usage failures.
pub fn keygen(args: &KeygenArgs) -> CmdResult<u8> {
    let mut rng = util::os_rng()?;
    if args.storage {
        let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
        rand_core::Rng::fill_bytes(&mut rng, bytes.as_mut());
        keys::write_secret(&args.file, &bytes, args.force)?;
        println!(
            "wrote storage key {} (mode 0600; keep it secret)",
            args.file.display()
        );
        return Ok(0);
    }
    let key = SigningKey::generate(&mut rng);
    keys::write_secret(&args.file, &key.to_seed(), args.force)?;
    let public = keys::public_path(&args.file);
    keys::write_public(&public, &key.public_key_bytes())?;
    println!(
        "wrote secret key {} (mode 0600; keep it secret) and public key {}",
        args.file.display(),
        public.display()
    );
    println!("public key {}", hex(&key.public_key_bytes()));
    println!("key id     {}", key.key_id());
    Ok(0)
}

/// Runs `wz nonce`: 16 random bytes in hex.
///
/// # Errors
///
/// Usage failures.
pub fn nonce() -> CmdResult<u8> {
    let mut rng = util::os_rng()?;
    println!("{}", hex(&Issuer::new_nonce(&mut rng)));
    Ok(0)
}

// --- authority: trust list ---------------------------------------------------------------------

/// `wz trust-list`.
#[derive(Debug, Clone, clap::Args)]
pub struct TrustListArgs {
    /// The authority's root secret key.
    #[arg(long, value_name = "FILE")]
    pub root_key: PathBuf,
    /// An issuer public key to trust (64 hex digits or a .pub file); repeatable.
    #[arg(
        long = "issuer",
        value_name = "KEY",
        required_unless_present = "receipt_keys"
    )]
    pub issuers: Vec<String>,
    /// A verification service's receipt key (64 hex digits or a .pub file), trusted to sign
    /// receipts only; repeatable.
    #[arg(long = "receipt-key", value_name = "KEY")]
    pub receipt_keys: Vec<String>,
    /// The credential levels the issuers may issue.
    #[arg(long, value_name = "LEVELS", value_delimiter = ',', value_parser = parse_level, default_value = "light,upgraded")]
    pub levels: Vec<Level>,
    /// What the keys may sign: credential, status_list, receipt (comma-separated).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_kind, default_value = "credential,status_list")]
    pub kinds: Vec<ObjectKind>,
    /// Start of the issuers' signing window (default: the issue time).
    #[arg(long, value_name = "TIME", value_parser = util::parse_time)]
    pub valid_from: Option<u64>,
    /// End of the issuers' signing window (default: a year after its start).
    #[arg(long, value_name = "TIME", value_parser = util::parse_time)]
    pub valid_until: Option<u64>,
    /// The list's sequence number; each new list needs a higher one.
    #[arg(long, default_value_t = 1)]
    pub sequence: u64,
    /// When the list is issued (default now).
    #[arg(long, value_name = "TIME", value_parser = util::parse_time)]
    pub issued_at: Option<u64>,
    /// When the next list is due (default 30 days after issue).
    #[arg(long, value_name = "TIME", value_parser = util::parse_time)]
    pub next_update: Option<u64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_kind(s: &str) -> Result<ObjectKind, String> {
    ObjectKind::ALL
        .iter()
        .copied()
        .find(|k| k.as_str() == s)
        .filter(|k| {
            matches!(
                k,
                ObjectKind::Credential | ObjectKind::StatusList | ObjectKind::Receipt
            )
        })
        .ok_or_else(|| {
            format!("`{s}` is not a kind an issuer signs: give credential, status_list or receipt")
        })
}

/// Runs `wz trust-list`.
///
/// # Errors
///
/// Usage failures.
pub fn trust_list(args: &TrustListArgs) -> CmdResult<u8> {
    let root = read_signing_key(&args.root_key)?;
    let issued_at = args.issued_at.unwrap_or_else(util::now);
    let next_update = args.next_update.unwrap_or(issued_at + 30 * 86_400);
    let valid_from = args.valid_from.unwrap_or(issued_at);
    let valid_until = args.valid_until.unwrap_or(valid_from + 365 * 86_400);
    let mut entries = args
        .issuers
        .iter()
        .map(|k| {
            Ok(TrustedIssuer {
                key: public_key_arg(k, "--issuer")?,
                valid_from,
                valid_until,
                // Levels go with credentials only: a receipt-only key names none.
                levels: if args.kinds.contains(&ObjectKind::Credential) {
                    args.levels.clone()
                } else {
                    Vec::new()
                },
                kinds: args.kinds.clone(),
            })
        })
        .collect::<CmdResult<Vec<_>>>()?;
    for k in &args.receipt_keys {
        entries.push(TrustedIssuer {
            key: public_key_arg(k, "--receipt-key")?,
            valid_from,
            valid_until,
            levels: Vec::new(),
            kinds: vec![ObjectKind::Receipt],
        });
    }
    let bytes =
        TrustList::sign(&root, args.sequence, issued_at, next_update, &entries).map_err(|e| {
            usage(format!(
                "cannot sign the trust list: {}",
                describe(&e, "it")
            ))
        })?;
    args.output.emit(&bytes)?;
    if let Some(dest) = args.output.destination() {
        eprintln!(
            "wrote the trust list to {dest}: sequence {}, {} issuer key(s), due for renewal {}",
            args.sequence,
            entries.len(),
            fmt_time(next_update)
        );
    }
    Ok(0)
}

// --- issuer: status list -----------------------------------------------------------------------

/// `wz status-list`.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum StatusListCommand {
    /// Build and sign a new status list (every entry good unless --set).
    Build(StatusBuildArgs),
    /// Change entries of an existing status list and sign it anew.
    Update(StatusUpdateArgs),
}

/// The signing part of status-list commands.
#[derive(Debug, Clone, clap::Args)]
pub struct StatusSignArgs {
    /// The issuer's secret key.
    #[arg(long, value_name = "FILE")]
    pub issuer_key: PathBuf,
    /// Set entry INDEX to STATE (good, revoked, suspended or superseded); repeatable.
    #[arg(long = "set", value_name = "INDEX=STATE", value_parser = parse_set)]
    pub set: Vec<(u32, CredentialStatus)>,
    /// When the list is issued (default now).
    #[arg(long, value_name = "TIME", value_parser = util::parse_time)]
    pub issued_at: Option<u64>,
    /// When the next list is due (default a day after issue; at most 7 days).
    #[arg(long, value_name = "TIME", value_parser = util::parse_time)]
    pub next_update: Option<u64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `wz status-list build`.
#[derive(Debug, Clone, clap::Args)]
pub struct StatusBuildArgs {
    /// The list's identifier (credentials name it in their status reference).
    #[arg(long, value_name = "N")]
    pub list_id: u32,
    /// How many entries the list has.
    #[arg(long, value_name = "N")]
    pub count: u32,
    #[command(flatten)]
    pub sign: StatusSignArgs,
}

/// `wz status-list update`.
#[derive(Debug, Clone, clap::Args)]
pub struct StatusUpdateArgs {
    /// The current status list (signed by the same issuer key).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub sign: StatusSignArgs,
}

fn parse_set(s: &str) -> Result<(u32, CredentialStatus), String> {
    let bad = || format!("`{s}` is not INDEX=STATE (STATE: good, revoked, suspended, superseded)");
    let (i, state) = s.split_once('=').ok_or_else(bad)?;
    let i = i.trim().parse().map_err(|_| bad())?;
    let state = match state.trim() {
        "good" => CredentialStatus::Good,
        "revoked" => CredentialStatus::Revoked,
        "suspended" => CredentialStatus::Suspended,
        "superseded" => CredentialStatus::Superseded,
        _ => return Err(bad()),
    };
    Ok((i, state))
}

/// Runs `wz status-list build|update`.
///
/// # Errors
///
/// Usage failures; a refusal when the list to update does not verify.
pub fn status_list(cmd: &StatusListCommand) -> CmdResult<u8> {
    let (mut builder, sign) = match cmd {
        StatusListCommand::Build(a) => (
            StatusListBuilder::new(a.list_id, a.count).map_err(|e| {
                usage(format!(
                    "cannot build the status list: {}",
                    describe(&e, "it")
                ))
            })?,
            &a.sign,
        ),
        StatusListCommand::Update(a) => {
            let key = read_signing_key(&a.sign.issuer_key)?;
            let public = wangzheng::PublicKey::from_bytes(&key.public_key_bytes())
                .map_err(|_| usage("the issuer key is unusable"))?;
            let obj = util::read_object(&a.file)?;
            let list = wangzheng::StatusList::decode(&obj.bytes, &public).map_err(|e| {
                let message = match e {
                    Error::UnknownIssuer => format!(
                        "the status list {} is signed by another key than {}",
                        obj.name,
                        a.sign.issuer_key.display()
                    ),
                    Error::WrongKind { .. } => {
                        verify::wrong_kind_sentence(&obj.name, &obj.bytes, "status list")
                    }
                    other => describe(&other, &format!("the status list {}", obj.name)),
                };
                refused(e, message)
            })?;
            let mut b = StatusListBuilder::new(list.list_id, list.len())
                .map_err(|e| usage(describe(&e, "the status list")))?;
            for i in 0..list.len() {
                if let Some(s) = list.get(i).filter(|s| *s != CredentialStatus::Good) {
                    b.set(i, s)
                        .map_err(|e| usage(describe(&e, "the status list")))?;
                }
            }
            (b, &a.sign)
        }
    };
    for &(i, state) in &sign.set {
        builder.set(i, state).map_err(|_| {
            usage(format!(
                "entry {i} is past the end of the list ({} entries)",
                builder.len()
            ))
        })?;
    }
    let key = read_signing_key(&sign.issuer_key)?;
    let issued_at = sign.issued_at.unwrap_or_else(util::now);
    let next_update = sign.next_update.unwrap_or(issued_at + 86_400);
    let bytes = builder.sign(&key, issued_at, next_update).map_err(|e| {
        usage(match e {
            Error::InvalidArgument(_) => {
                "--next-update must be after --issued-at, and at most 7 days after it".to_owned()
            }
            other => format!("cannot sign the status list: {}", describe(&other, "it")),
        })
    })?;
    sign.output.emit(&bytes)?;
    if let Some(dest) = sign.output.destination() {
        eprintln!(
            "wrote status list {} to {dest}: {} entries, {} not good, fresh until {}",
            builder.list_id(),
            builder.len(),
            (0..builder.len())
                .filter(|&i| builder.get(i) != Some(CredentialStatus::Good))
                .count(),
            fmt_time(next_update)
        );
    }
    Ok(0)
}

// --- wallet file ---------------------------------------------------------------------------------

/// A wallet file and its storage key.
#[derive(Debug, Clone, clap::Args)]
pub struct WalletFile {
    /// The wallet file (a sealed wallet store).
    #[arg(short, long, value_name = "FILE")]
    pub wallet: PathBuf,
    /// The wallet's storage key (default: the wallet's name plus `.storage-key`).
    #[arg(long, value_name = "FILE")]
    pub storage_key: Option<PathBuf>,
}

impl WalletFile {
    /// The storage key file.
    pub fn storage_key_path(&self) -> PathBuf {
        self.storage_key.clone().unwrap_or_else(|| {
            let mut s = self.wallet.as_os_str().to_owned();
            s.push(".storage-key");
            s.into()
        })
    }

    /// Opens the wallet.
    ///
    /// # Errors
    ///
    /// Usage failures; a refusal for a damaged store or a wrong storage key.
    pub fn open(&self) -> CmdResult<Wallet<SigningKey>> {
        let key = read_storage_key(&self.storage_key_path())?;
        let bytes = util::read_input(&self.wallet)?;
        restore(
            &bytes,
            &key,
            &input_name(&self.wallet),
            &self.storage_key_path(),
        )
    }

    /// Seals and writes the wallet (mode 0600).
    ///
    /// # Errors
    ///
    /// Usage failures.
    pub fn save(&self, wallet: &Wallet<SigningKey>) -> CmdResult {
        let key = read_storage_key(&self.storage_key_path())?;
        save_to(&self.wallet, wallet, &key)
    }
}

fn save_to(path: &Path, wallet: &Wallet<SigningKey>, key: &StorageKey) -> CmdResult {
    let mut rng = util::os_rng()?;
    let bytes = wallet
        .export(key, &mut rng)
        .map_err(|e| usage(format!("cannot seal the wallet: {}", describe(&e, "it"))))?;
    util::write_file(path, &bytes, true)
}

fn restore(
    bytes: &[u8],
    key: &StorageKey,
    name: &str,
    key_path: &Path,
) -> CmdResult<Wallet<SigningKey>> {
    Wallet::restore(bytes, key).map_err(|e| {
        let message = match e {
            Error::CorruptStore => format!(
                "the wallet {name} cannot be opened: it is damaged, or sealed with another storage key than {}",
                key_path.display()
            ),
            Error::InvalidArgument(_) => format!(
                "the wallet {name} holds no device key (its key lives in a phone's keystore), so wz cannot use it"
            ),
            other => describe(&other, &format!("the wallet {name}")),
        };
        refused(e, message)
    })
}

/// `wz wallet`.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum WalletCommand {
    /// Create an empty wallet with a device key, sealed under a storage key (created if
    /// missing).
    Init(WalletInitArgs),
    /// List the credentials a wallet holds.
    Show(WalletShowArgs),
    /// Check a credential package from the issuer and store it.
    Store(WalletStoreArgs),
    /// Apply an issuer's status list: revoked, superseded and expired credentials are deleted.
    ApplyStatus(WalletStatusArgs),
    /// Seal the wallet into a backup file, under the same or another storage key.
    Export(WalletExportArgs),
    /// Open a wallet backup (it restores whole or not at all), optionally into a wallet file.
    Restore(WalletRestoreArgs),
}

/// `wz wallet init`.
#[derive(Debug, Clone, clap::Args)]
pub struct WalletInitArgs {
    #[command(flatten)]
    pub file: WalletFile,
    /// Use this secret key as the device key instead of a new one.
    #[arg(long, value_name = "FILE")]
    pub device_key: Option<PathBuf>,
    /// Replace an existing wallet file.
    #[arg(long)]
    pub force: bool,
}

/// `wz wallet show`.
#[derive(Debug, Clone, clap::Args)]
pub struct WalletShowArgs {
    #[command(flatten)]
    pub file: WalletFile,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `wz wallet store`.
#[derive(Debug, Clone, clap::Args)]
pub struct WalletStoreArgs {
    #[command(flatten)]
    pub file: WalletFile,
    /// The credential package the issuer sent.
    #[arg(value_name = "PACKAGE")]
    pub package: PathBuf,
    /// The issuer's public key (64 hex digits or a .pub file).
    #[arg(long, value_name = "KEY")]
    pub issuer_public_key: String,
    #[command(flatten)]
    pub at: AtArgs,
}

/// `wz wallet apply-status`.
#[derive(Debug, Clone, clap::Args)]
pub struct WalletStatusArgs {
    #[command(flatten)]
    pub file: WalletFile,
    /// The status list to apply.
    #[arg(value_name = "STATUS_LIST")]
    pub list: PathBuf,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub at: AtArgs,
}

/// `wz wallet export`.
#[derive(Debug, Clone, clap::Args)]
pub struct WalletExportArgs {
    #[command(flatten)]
    pub file: WalletFile,
    /// The backup file to write (mode 0600).
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
    /// Seal the backup under this storage key (created if missing) instead of the wallet's.
    #[arg(long, value_name = "FILE")]
    pub to_storage_key: Option<PathBuf>,
}

/// `wz wallet restore`.
#[derive(Debug, Clone, clap::Args)]
pub struct WalletRestoreArgs {
    /// The backup file.
    #[arg(value_name = "BACKUP")]
    pub backup: PathBuf,
    /// The storage key the backup is sealed under.
    #[arg(long, value_name = "FILE")]
    pub storage_key: PathBuf,
    /// Write the restored wallet to this wallet file (sealed under the same storage key).
    #[arg(long, value_name = "FILE")]
    pub into: Option<PathBuf>,
    /// Replace an existing wallet file.
    #[arg(long)]
    pub force: bool,
}

/// Runs `wz wallet ...`.
///
/// # Errors
///
/// Usage failures and refusals.
pub fn wallet(cmd: &WalletCommand) -> CmdResult<u8> {
    match cmd {
        WalletCommand::Init(a) => wallet_init(a),
        WalletCommand::Show(a) => {
            let w = a.file.open()?;
            print_wallet(&w, &input_name(&a.file.wallet), a.json);
            Ok(0)
        }
        WalletCommand::Store(a) => {
            let mut w = a.file.open()?;
            let issuer = public_key_arg(&a.issuer_public_key, "--issuer-public-key")?;
            let pkg = util::read_object(&a.package)?;
            let now = a.at.now();
            let held = w.store(&pkg.bytes, &issuer, now).map_err(|e| {
                let message = match e {
                    Error::UnknownIssuer => format!(
                        "the credential in {} is issued by another key than {}",
                        pkg.name,
                        issuer.key_id()
                    ),
                    Error::DeviceKeyMismatch => format!(
                        "the credential in {} is bound to another device than this wallet's",
                        pkg.name
                    ),
                    Error::Expired => format!("the credential in {} has already expired", pkg.name),
                    Error::Malformed(_)
                        if objects::detect(&pkg.bytes) != Some(objects::Kind::Package) =>
                    {
                        verify::wrong_kind_sentence(&pkg.name, &pkg.bytes, "credential package")
                    }
                    other => describe(&other, &format!("the credential package {}", pkg.name)),
                };
                refused(e, message)
            })?;
            let line = format!(
                "stored {} credential, generation {}, id {}, valid until {}",
                held.claims().level,
                held.claims().generation,
                hex(&held.claims().id),
                fmt_time(held.claims().expires_at)
            );
            a.file.save(&w)?;
            println!("{line}");
            Ok(0)
        }
        WalletCommand::ApplyStatus(a) => {
            let mut w = a.file.open()?;
            let now = a.at.now();
            if !a.trust.has_issuer_trust() {
                return Err(usage(
                    "checking a status list needs --trust-list FILE with --root-public-key KEY, or --issuer-public-key KEY",
                ));
            }
            let setup = a.trust.build(Policy::default(), now)?;
            let obj = util::read_object(&a.list)?;
            let list = setup
                .verifier
                .decode_status_list(&obj.bytes, now)
                .map_err(|e| refused(e, describe(&e, &format!("the status list {}", obj.name))))?;
            let changes = w.apply_status(&list, now);
            a.file.save(&w)?;
            if changes.is_empty() {
                println!(
                    "status list {} says nothing about this wallet's credentials",
                    list.list_id
                );
            }
            for c in changes {
                println!(
                    "{} → {}{}",
                    hex(&c.credential_id),
                    c.outcome,
                    if c.deleted { ", deleted" } else { ", kept" }
                );
            }
            Ok(0)
        }
        WalletCommand::Export(a) => {
            let w = a.file.open()?;
            let key_path = a
                .to_storage_key
                .clone()
                .unwrap_or_else(|| a.file.storage_key_path());
            if !key_path.exists() {
                let mut rng = util::os_rng()?;
                let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
                rand_core::Rng::fill_bytes(&mut rng, bytes.as_mut());
                keys::write_secret(&key_path, &bytes, false)?;
                println!("wrote new storage key {} (mode 0600)", key_path.display());
            }
            let key = read_storage_key(&key_path)?;
            save_to(&a.to, &w, &key)?;
            println!(
                "exported {} credential(s) and the device key to {}, sealed under {}",
                w.credentials().len(),
                a.to.display(),
                key_path.display()
            );
            Ok(0)
        }
        WalletCommand::Restore(a) => {
            let key = read_storage_key(&a.storage_key)?;
            let bytes = util::read_input(&a.backup)?;
            let w = restore(&bytes, &key, &input_name(&a.backup), &a.storage_key)?;
            print_wallet(&w, &input_name(&a.backup), false);
            if let Some(into) = &a.into {
                if into.exists() && !a.force {
                    return Err(usage(format!(
                        "{} already exists; pass --force to replace it",
                        into.display()
                    )));
                }
                save_to(into, &w, &key)?;
                println!(
                    "restored into {} (storage key {})",
                    into.display(),
                    a.storage_key.display()
                );
            }
            Ok(0)
        }
    }
}

fn wallet_init(a: &WalletInitArgs) -> CmdResult<u8> {
    if a.file.wallet.exists() && !a.force {
        return Err(usage(format!(
            "{} already exists; pass --force to replace it (its credentials would be lost)",
            a.file.wallet.display()
        )));
    }
    let key_path = a.file.storage_key_path();
    let mut rng = util::os_rng()?;
    if !key_path.exists() {
        let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
        rand_core::Rng::fill_bytes(&mut rng, bytes.as_mut());
        keys::write_secret(&key_path, &bytes, false)?;
    }
    let device = match &a.device_key {
        Some(p) => read_signing_key(p)?,
        None => SigningKey::generate(&mut rng),
    };
    let public = device.public_key_bytes();
    let w = Wallet::new(device);
    a.file.save(&w)?;
    println!(
        "created wallet {} with device key {} (public key {})",
        a.file.wallet.display(),
        wangzheng::KeyId::of(&public),
        hex(&public)
    );
    println!(
        "it is sealed under storage key {} (mode 0600; keep it secret)",
        key_path.display()
    );
    Ok(0)
}

fn print_wallet(w: &Wallet<SigningKey>, name: &str, as_json: bool) {
    let device = w.signer().public_key_bytes();
    if as_json {
        let creds: Vec<_> = w
            .credentials()
            .iter()
            .map(|h| {
                let c = h.claims();
                json!({
                    "credential_id": hex(&c.id),
                    "level": c.level.as_str(),
                    "generation": c.generation,
                    "issuer_kid": h.issuer_kid().to_string(),
                    "issued_at": c.issued_at,
                    "expires_at": c.expires_at,
                    "status": c.status.map(|s| json!({"list": s.list, "index": s.index})),
                    "attributes": h.attribute_ids().map(|a| a.name().into_owned()).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            json!({"device_public_key": hex(&device), "credentials": creds})
        );
        return;
    }
    println!(
        "{name}: wallet of device key {} ({} credential(s))",
        wangzheng::KeyId::of(&device),
        w.credentials().len()
    );
    for h in w.credentials() {
        let c = h.claims();
        println!(
            "  {} credential {}, generation {}, from issuer key {}",
            c.level,
            hex(&c.id),
            c.generation,
            h.issuer_kid()
        );
        println!(
            "    valid {} to {}{}",
            fmt_time(c.issued_at),
            fmt_time(c.expires_at),
            c.status
                .map(|s| format!("; status list {}, entry {}", s.list, s.index))
                .unwrap_or_default()
        );
        let names: Vec<String> = h.attribute_ids().map(|a| a.name().into_owned()).collect();
        println!("    can disclose {}", names.join(", "));
    }
}

// --- issuance ------------------------------------------------------------------------------------

/// `wz issuance-request`.
#[derive(Debug, Clone, clap::Args)]
pub struct IssuanceRequestArgs {
    #[command(flatten)]
    pub file: WalletFile,
    /// The issuer's nonce (32 hex digits).
    #[arg(long, value_name = "HEX", value_parser = util::parse_nonce)]
    pub nonce: [u8; 16],
    /// The level to ask for: light or upgraded.
    #[arg(long, value_name = "LEVEL", value_parser = parse_level, default_value = "light")]
    pub level: Level,
    #[command(flatten)]
    pub at: AtArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `wz issuance-request`: the wallet signs the issuer's nonce with its device key.
///
/// # Errors
///
/// Usage failures and refusals.
pub fn issuance_request(a: &IssuanceRequestArgs) -> CmdResult<u8> {
    let w = a.file.open()?;
    let bytes = w
        .issuance_request(a.level, &a.nonce, a.at.now())
        .map_err(|e| refused(e, describe(&e, "the issuance request")))?;
    a.output.emit(&bytes)?;
    Ok(0)
}

/// `wz issue`.
#[derive(Debug, Clone, clap::Args)]
pub struct IssueArgs {
    /// The issuer's secret key.
    #[arg(long, value_name = "FILE")]
    pub issuer_key: PathBuf,
    /// The wallet's issuance request.
    #[arg(long, value_name = "FILE")]
    pub request: PathBuf,
    /// The nonce the issuer gave the wallet (32 hex digits).
    #[arg(long, value_name = "HEX", value_parser = util::parse_nonce)]
    pub nonce: [u8; 16],
    /// The person record (JSON, see `wz issue --help`).
    #[arg(long, value_name = "FILE")]
    pub person: PathBuf,
    /// The level identity proofing established: light (online face scan) or upgraded (card
    /// and password at a trusted terminal).
    #[arg(long, value_name = "LEVEL", value_parser = parse_level, default_value = "light")]
    pub proven_level: Level,
    /// The generation of this (person, app) credential; a newer one supersedes older ones.
    #[arg(long, default_value_t = 1)]
    pub generation: u64,
    /// Where the credential's status is published: LIST:INDEX.
    #[arg(long, value_name = "LIST:INDEX", value_parser = parse_status_ref)]
    pub status: Option<StatusRef>,
    /// The age_over_NN flags to derive (comma-separated NN).
    #[arg(
        long,
        value_name = "NN",
        value_delimiter = ',',
        default_value = "16,18,60"
    )]
    pub age_over: Vec<u8>,
    #[command(flatten)]
    pub at: AtArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_status_ref(s: &str) -> Result<StatusRef, String> {
    let bad = || format!("`{s}` is not LIST:INDEX (two numbers)");
    let (l, i) = s.split_once(':').ok_or_else(bad)?;
    Ok(StatusRef {
        list: l.parse().map_err(|_| bad())?,
        index: i.parse().map_err(|_| bad())?,
    })
}

/// Runs `wz issue`: checks the issuance request and issues a credential package.
///
/// # Errors
///
/// Usage failures and refusals.
pub fn issue(a: &IssueArgs) -> CmdResult<u8> {
    let key = read_signing_key(&a.issuer_key)?;
    let issuer = Issuer::new(key).map_err(|_| usage("the issuer key is unusable"))?;
    let person = crate::person::read(&a.person)?;
    let req = util::read_object(&a.request)?;
    let now = a.at.now();
    let checked = issuer.check_request(&req.bytes, &a.nonce, now).map_err(|e| {
        let message = match e {
            Error::NonceMismatch => format!(
                "the issuance request {} signs another nonce than {}: it was made for another issuance",
                req.name,
                hex(&a.nonce)
            ),
            Error::StalePresentation => format!(
                "the issuance request {} is more than 5 minutes old; ask the wallet for a new one",
                req.name
            ),
            Error::WrongKind { .. } => {
                verify::wrong_kind_sentence(&req.name, &req.bytes, "issuance request")
            }
            other => describe(&other, &format!("the issuance request {}", req.name)),
        };
        refused(e, message)
    })?;
    let options = IssueOptions {
        proven_level: a.proven_level,
        generation: a.generation,
        age_thresholds: a.age_over.clone(),
        status: a.status,
    };
    let mut rng = util::os_rng()?;
    let issued = issuer
        .issue(&checked, &person, &options, &mut rng, now)
        .map_err(|e| {
            let message = match e {
                Error::LevelTooLow => format!(
                    "the wallet asks for {} credential, but identity proofing established only {}",
                    objects::a(checked.level.as_str()),
                    a.proven_level
                ),
                other => describe(&other, "the issuance"),
            };
            refused(e, message)
        })?;
    a.output.emit(&issued.package)?;
    if let Some(dest) = a.output.destination() {
        eprintln!(
            "issued {} credential {} to device key {}, valid until {}; package in {dest}",
            checked.level,
            hex(&issued.credential_id),
            checked.device_key.key_id(),
            fmt_time(issued.expires_at)
        );
    }
    Ok(0)
}

// --- presentation ------------------------------------------------------------------------------

/// `wz presentation-request`.
#[derive(Debug, Clone, clap::Args)]
pub struct PresentationRequestArgs {
    /// The verifier's secret key.
    #[arg(long, value_name = "FILE")]
    pub verifier_key: PathBuf,
    /// The verifier's id (the audience of the answer).
    #[arg(long, value_name = "ID")]
    pub verifier_id: String,
    /// The attributes to ask for, comma-separated.
    #[arg(long = "attrs", value_name = "ATTRS", value_delimiter = ',', value_parser = parse_attribute)]
    pub attributes: Vec<AttributeId<'static>>,
    /// The minimum level: light or upgraded.
    #[arg(long, value_name = "LEVEL", value_parser = parse_level, default_value = "light")]
    pub min_level: Level,
    /// How old, in seconds, the answer may be.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub max_age: u64,
    /// The nonce (32 hex digits; default: a fresh random one, printed on stderr).
    #[arg(long, value_name = "HEX", value_parser = util::parse_nonce)]
    pub nonce: Option<[u8; 16]>,
    #[command(flatten)]
    pub at: AtArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `wz presentation-request`.
///
/// # Errors
///
/// Usage failures.
pub fn presentation_request(a: &PresentationRequestArgs) -> CmdResult<u8> {
    let key = read_signing_key(&a.verifier_key)?;
    let nonce = match a.nonce {
        Some(n) => n,
        None => Issuer::new_nonce(&mut util::os_rng()?),
    };
    let params = RequestParams {
        verifier_id: &a.verifier_id,
        nonce,
        requested: &a.attributes,
        min_level: a.min_level,
        max_age: a.max_age,
        now: a.at.now(),
    };
    let bytes = PresentationRequest::create(&params, &key)
        .map_err(|e| usage(format!("cannot make the request: {}", describe(&e, "it"))))?;
    a.output.emit(&bytes)?;
    eprintln!("request nonce {}", hex(&nonce));
    Ok(0)
}

/// `wz present`.
#[derive(Debug, Clone, clap::Args)]
pub struct PresentArgs {
    #[command(flatten)]
    pub file: WalletFile,
    /// For a QR code: the attributes to disclose, comma-separated (none: "I am me").
    #[arg(long, value_name = "ATTRS", value_delimiter = ',', value_parser = parse_attribute, conflicts_with = "request")]
    pub disclose: Vec<AttributeId<'static>>,
    /// Answer this presentation request (disclosing exactly what it asks for).
    #[arg(long, value_name = "FILE")]
    pub request: Option<PathBuf>,
    #[command(flatten)]
    pub at: AtArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `wz present`.
///
/// # Errors
///
/// Usage failures and refusals.
pub fn present(a: &PresentArgs) -> CmdResult<u8> {
    let w = a.file.open()?;
    let now = a.at.now();
    let result = match &a.request {
        Some(r) => {
            let req = util::read_object(r)?;
            if let Err(e) = PresentationRequest::decode(&req.bytes) {
                let message = match e {
                    Error::WrongKind { .. } => {
                        verify::wrong_kind_sentence(&req.name, &req.bytes, "presentation request")
                    }
                    other => describe(&other, &format!("the request {}", req.name)),
                };
                return Err(refused(e, message));
            }
            w.respond(&req.bytes, now)
        }
        None => w.present(&a.disclose, now),
    };
    let bytes = result.map_err(|e| wallet_refusal(e, &w, now))?;
    a.output.emit(&bytes)?;
    Ok(0)
}

fn wallet_refusal(e: Error, w: &Wallet<SigningKey>, now: u64) -> Failure {
    let message = match e {
        Error::LevelTooLow => {
            "the request needs an upgraded credential and this wallet holds only a light one"
                .to_owned()
        }
        Error::MissingAttribute => {
            "the credential cannot disclose an attribute asked for: it does not hold it".to_owned()
        }
        Error::Expired => format!(
            "every credential in this wallet has expired (it is now {})",
            fmt_time(now)
        ),
        Error::InvalidArgument(what) if w.credentials().is_empty() => {
            format!("{what}: store one with `wz wallet store`")
        }
        other => describe(&other, "the presentation"),
    };
    refused(e, message)
}
