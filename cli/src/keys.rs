//! Key files.
//!
//! A **secret key file** holds 32 bytes as 64 lowercase hex digits and a newline: an Ed25519
//! seed (RFC 8032 private key) for signing keys, or a ChaCha20-Poly1305 key for a wallet's
//! storage key. `wz` writes it with mode 0600 and never prints it; it also reads the raw
//! 32 bytes. A **public key file** (`.pub`) holds the 32-byte Ed25519 public key as 64 hex
//! digits; wherever `wz` takes a public key, it takes the hex itself or such a file.

use crate::error::{CmdResult, usage};
use crate::util::{read_input, write_file};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use wangzheng::{PublicKey, SigningKey, StorageKey};
use zeroize::Zeroizing;

/// Reads 32 secret bytes from a key file (hex text or raw).
fn read_secret_bytes(path: &Path, what: &str) -> CmdResult<Zeroizing<[u8; 32]>> {
    let name = path.display();
    let raw = Zeroizing::new(read_input(path)?);
    let mut out = Zeroizing::new([0u8; 32]);
    let trimmed = raw.trim_ascii();
    if trimmed.len() == 64 && hex::decode_to_slice(trimmed, out.as_mut()).is_ok() {
    } else if raw.len() == 32 {
        out.copy_from_slice(&raw);
    } else {
        return Err(usage(format!(
            "{name} is not a {what} file: expected 64 hex digits (32 bytes)"
        )));
    }
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        eprintln!(
            "wz: warning: {name} can be read by other users; protect it with `chmod 600 {name}`"
        );
    }
    Ok(out)
}

/// Reads an Ed25519 signing key from a secret key file.
///
/// # Errors
///
/// A usage failure when the file cannot be read or is not a key file.
pub fn read_signing_key(path: &Path) -> CmdResult<SigningKey> {
    let seed = read_secret_bytes(path, "secret key")?;
    Ok(SigningKey::from_seed(&seed))
}

/// Reads a wallet storage key from a secret key file.
///
/// # Errors
///
/// A usage failure when the file cannot be read or is not a key file.
pub fn read_storage_key(path: &Path) -> CmdResult<StorageKey> {
    let bytes = read_secret_bytes(path, "storage key")?;
    Ok(StorageKey::from_bytes(*bytes))
}

/// Writes 32 secret bytes as a key file with mode 0600; refuses to replace an existing file
/// unless `force`.
///
/// # Errors
///
/// A usage failure when the file exists or cannot be written.
pub fn write_secret(path: &Path, secret: &[u8; 32], force: bool) -> CmdResult {
    if !force && path.exists() {
        return Err(usage(format!(
            "{} already exists; pass --force to replace a secret key",
            path.display()
        )));
    }
    let mut text = Zeroizing::new(vec![0u8; 65]);
    hex::encode_to_slice(secret, &mut text[..64]).map_err(|_| usage("cannot encode the key"))?;
    text[64] = b'\n';
    write_file(path, &text, true)
}

/// Writes a public key file.
///
/// # Errors
///
/// A usage failure when the file cannot be written.
pub fn write_public(path: &Path, key: &[u8; 32]) -> CmdResult {
    write_file(path, format!("{}\n", hex::encode(key)).as_bytes(), false)
}

/// The path of the public key file that goes with a secret key file: `NAME.pub`.
pub fn public_path(secret: &Path) -> std::path::PathBuf {
    let mut s = secret.as_os_str().to_owned();
    s.push(".pub");
    s.into()
}

/// Parses a public key given as 64 hex digits or as a file holding them.
///
/// # Errors
///
/// A usage failure naming `what` when it is neither, or not a valid Ed25519 key.
pub fn public_key_arg(arg: &str, what: &str) -> CmdResult<PublicKey> {
    let mut bytes = [0u8; 32];
    let trimmed = arg.trim();
    let from_hex = trimmed.len() == 64 && hex::decode_to_slice(trimmed, &mut bytes).is_ok();
    if !from_hex {
        let path = Path::new(arg);
        if !path.exists() {
            return Err(usage(format!(
                "{what} must be 64 hex digits (32 bytes) or a .pub file; `{arg}` is neither"
            )));
        }
        let raw = read_input(path)?;
        let t = raw.trim_ascii();
        if t.len() != 64 || hex::decode_to_slice(t, &mut bytes).is_err() {
            return Err(usage(format!(
                "{arg} is not a public key file: expected 64 hex digits (32 bytes)"
            )));
        }
    }
    PublicKey::from_bytes(&bytes).map_err(|_| {
        usage(format!(
            "{what} is not a valid Ed25519 public key (not a curve point, or of small order)"
        ))
    })
}
