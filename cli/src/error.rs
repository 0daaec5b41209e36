//! How `wz` fails: a usage or I/O problem (exit 2), or the library refusing an input (exit 1).
//!
//! Every failure is one sentence a person can act on; nothing prints a backtrace, a `Debug`
//! dump, a secret or a value taken from the input beyond what the sentence needs.

use std::fmt;
use wangzheng::ErrorCode;

/// Why a command did not succeed.
#[derive(Clone, PartialEq, Eq)]
pub enum Failure {
    /// The command line or a file could not be used (exit status 2).
    Usage(String),
    /// The input was examined and found wanting, without a library error code (exit status
    /// 1): no QR code in a photo, a file that is not a wangzheng object.
    Rejected(String),
    /// The library refused an input (exit status 1), with its stable code.
    Refused {
        /// The stable error code.
        code: ErrorCode,
        /// One sentence naming the problem.
        message: String,
    },
}

impl Failure {
    /// The process exit status for this failure.
    pub fn exit_status(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Rejected(_) | Failure::Refused { .. } => 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Rejected(m) => f.write_str(m),
            Failure::Refused { code, message } => write!(f, "{message} ({code})"),
        }
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A usage or I/O failure.
pub fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

/// A refusal by the library, explained in `message`.
pub fn refused(error: wangzheng::Error, message: impl Into<String>) -> Failure {
    Failure::Refused {
        code: error.code(),
        message: message.into(),
    }
}

/// The result of a command.
pub type CmdResult<T = ()> = Result<T, Failure>;
