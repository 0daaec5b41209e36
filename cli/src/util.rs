//! Reading objects (raw CBOR or the QR text form, from a file or stdin), writing files
//! atomically (secrets with mode 0600), times, nonces and randomness.

use crate::error::{CmdResult, refused, usage};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use wangzheng::{Date, Error, qr};

/// The largest input read: a status list's 4 MiB limit in the QR text form, with room to spare.
const MAX_INPUT: u64 = 8 << 20;

/// An object read from a file or stdin.
pub struct Object {
    /// How to name the input in messages: the path, or `stdin`.
    pub name: String,
    /// The object's bytes (decoded from the QR text form when it was text).
    pub bytes: Vec<u8>,
    /// Whether the input was the QR text form.
    pub text_form: bool,
}

/// The display name of an input path.
pub fn input_name(path: &Path) -> String {
    if path == Path::new("-") {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads a whole file, or stdin for `-`.
///
/// # Errors
///
/// A usage failure naming the file when it cannot be read or is over 8 MiB.
pub fn read_input(path: &Path) -> CmdResult<Vec<u8>> {
    let name = input_name(path);
    let mut buf = Vec::new();
    let result = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
    } else {
        match std::fs::File::open(path) {
            Ok(f) => f.take(MAX_INPUT + 1).read_to_end(&mut buf),
            Err(e) => return Err(usage(format!("cannot read {name}: {}", io_reason(&e)))),
        }
    };
    if let Err(e) = result {
        return Err(usage(format!("cannot read {name}: {}", io_reason(&e))));
    }
    if buf.len() as u64 > MAX_INPUT {
        return Err(usage(format!(
            "{name} is larger than 8 MiB: no wangzheng object is that big"
        )));
    }
    Ok(buf)
}

/// A short, lowercase reason for an I/O error (without Rust's error decoration).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::AlreadyExists => "it already exists".to_owned(),
        ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_owned();
            s.to_lowercase()
        }
    }
}

/// Reads an object: raw CBOR, or the QR text form (`WZ1:` + base45), detected automatically.
///
/// # Errors
///
/// A usage failure when the file cannot be read; a refusal when it is QR text that does not
/// decode.
pub fn read_object(path: &Path) -> CmdResult<Object> {
    let name = input_name(path);
    let raw = read_input(path)?;
    object_from_bytes(name, raw)
}

/// Interprets input bytes as raw CBOR or the QR text form.
///
/// # Errors
///
/// A refusal when it is QR text that does not decode.
pub fn object_from_bytes(name: String, raw: Vec<u8>) -> CmdResult<Object> {
    if !qr::is_qr_text(&raw) {
        if raw.trim_ascii().is_empty() {
            return Err(refused(
                Error::Malformed("empty input"),
                format!("{name} is empty"),
            ));
        }
        return Ok(Object {
            name,
            bytes: raw,
            text_form: false,
        });
    }
    let bytes = decode_qr_text(&name, &raw)?;
    Ok(Object {
        name,
        bytes,
        text_form: true,
    })
}

/// Decodes QR text, explaining what is wrong with a corrupted one.
///
/// # Errors
///
/// A refusal with the reason.
pub fn decode_qr_text(name: &str, raw: &[u8]) -> CmdResult<Vec<u8>> {
    let Ok(text) = std::str::from_utf8(raw) else {
        return Err(refused(
            Error::Malformed("qr text"),
            format!("the QR text in {name} is corrupted: it is not plain text"),
        ));
    };
    qr::decode_text(text).map_err(|e| {
        let why = match e {
            Error::Unsupported(_) => format!(
                "it is a later version of the QR text form ({}) than this wz reads ({})",
                text.trim_ascii().get(..4).unwrap_or("?"),
                qr::PREFIX
            ),
            Error::NonCanonical(_) => "its base45 is not the canonical encoding of any bytes, so a character was changed".to_owned(),
            Error::TooLarge(_) => "it is longer than any wangzheng object".to_owned(),
            _ => "it holds characters outside base45 or ends in a broken group, so a character was changed, lost or added".to_owned(),
        };
        refused(e, format!("the QR text in {name} is corrupted: {why}"))
    })
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half
/// a file. Secret files are created with mode 0600 (and the temporary file too).
///
/// # Errors
///
/// A usage failure naming the file.
pub fn write_file(path: &Path, bytes: &[u8], secret: bool) -> CmdResult {
    let name = path.display();
    let file_name = path
        .file_name()
        .ok_or_else(|| usage(format!("cannot write {name}: not a file name")))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".tmp{}", std::process::id()));
    let tmp: PathBuf = path.with_file_name(tmp_name);
    let mode = if secret { 0o600 } else { 0o644 };
    let result = (|| -> std::io::Result<()> {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(usage(format!("cannot write {name}: {}", io_reason(&e))));
    }
    Ok(())
}

/// Where and how a command writes the object it made.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OutputArgs {
    /// Write the object to FILE as raw CBOR (`-` for stdout); without it, the QR text form
    /// goes to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With --out, write the QR text form (WZ1:...) instead of raw CBOR.
    #[arg(long)]
    pub text: bool,
}

impl OutputArgs {
    /// Writes the object as these arguments say.
    ///
    /// # Errors
    ///
    /// A usage failure when the file cannot be written.
    pub fn emit(&self, bytes: &[u8]) -> CmdResult {
        let text_form = self.text || self.out.is_none();
        let data = if text_form {
            let mut t = qr::encode_text(bytes).into_bytes();
            t.push(b'\n');
            t
        } else {
            bytes.to_vec()
        };
        match &self.out {
            Some(p) if p != Path::new("-") => write_file(p, &data, false),
            _ => {
                let mut out = std::io::stdout().lock();
                out.write_all(&data)
                    .and_then(|()| out.flush())
                    .map_err(|e| usage(format!("cannot write to stdout: {}", io_reason(&e))))
            }
        }
    }

    /// Where the object went, for a confirmation line on stderr (`None` for stdout).
    pub fn destination(&self) -> Option<String> {
        self.out
            .as_ref()
            .filter(|p| p.as_path() != Path::new("-"))
            .map(|p| p.display().to_string())
    }
}

/// The current Unix time.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Parses a time: Unix seconds, or `YYYY-MM-DDTHH:MM:SSZ` (UTC).
///
/// # Errors
///
/// A message for clap.
pub fn parse_time(s: &str) -> Result<u64, String> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse()
            .map_err(|_| "a time in Unix seconds must fit 64 bits".to_owned());
    }
    let bad = || format!("`{s}` is not a time: give Unix seconds or YYYY-MM-DDTHH:MM:SSZ");
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return Err(bad());
    }
    if b[16] != b':' || b[19] != b'Z' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Result<u64, String> {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || mi > 59 || sec > 59 {
        return Err(bad());
    }
    let date = Date::new(
        u16::try_from(y).map_err(|_| bad())?,
        u8::try_from(mo).map_err(|_| bad())?,
        u8::try_from(d).map_err(|_| bad())?,
    )
    .map_err(|_| bad())?;
    let days = u64::try_from(date.days_since_epoch()).map_err(|_| bad())?;
    Ok(days * 86_400 + h * 3600 + mi * 60 + sec)
}

/// `YYYY-MM-DD HH:MM:SS UTC` for a Unix time.
pub fn fmt_time(t: u64) -> String {
    let days = i64::try_from(t / 86_400).unwrap_or(i64::MAX);
    let secs = t % 86_400;
    match Date::from_days_since_epoch(days) {
        Ok(d) => format!(
            "{d} {:02}:{:02}:{:02} UTC",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ),
        Err(_) => format!("{t} (Unix seconds)"),
    }
}

/// A duration in words: `45 s`, `12 min`, `3 h`, `181 days`.
pub fn fmt_duration(secs: u64) -> String {
    match secs {
        0..120 => format!("{secs} s"),
        120..7200 => format!("{} min", secs / 60),
        7200..172_800 => format!("{} h", secs / 3600),
        _ => format!("{} days", secs / 86_400),
    }
}

/// A cryptographically secure RNG seeded from the operating system.
///
/// # Errors
///
/// A usage failure when the OS has no randomness to give.
pub fn os_rng() -> CmdResult<ChaCha20Rng> {
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut())
        .map_err(|_| usage("the operating system gave no random bytes"))?;
    Ok(ChaCha20Rng::from_seed(*seed))
}

/// Parses a 16-byte nonce in hex.
///
/// # Errors
///
/// A message for clap.
pub fn parse_nonce(s: &str) -> Result<[u8; 16], String> {
    let mut out = [0u8; 16];
    hex::decode_to_slice(s.trim(), &mut out)
        .map_err(|_| format!("`{s}` is not a nonce: give 32 hex digits (16 bytes)"))?;
    Ok(out)
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}
