//! What a file holds: a signed object of some kind, a credential package or a wallet store.

use crate::diag::{self, Item};
use wangzheng::ObjectKind;

/// The kind of object a file holds, as far as its structure tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A COSE_Sign1 whose protected header names this kind (its signature not yet checked).
    Signed(ObjectKind),
    /// A credential package (issuer → wallet, unsigned).
    Package,
    /// A sealed wallet store.
    WalletStore,
}

impl Kind {
    /// The kind's name for people: `presentation request`, `credential package`.
    pub fn name(self) -> String {
        match self {
            Kind::Signed(k) => k.as_str().replace('_', " "),
            Kind::Package => "credential package".to_owned(),
            Kind::WalletStore => "wallet store".to_owned(),
        }
    }

    /// The stable snake_case name used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Signed(k) => k.as_str(),
            Kind::Package => "credential_package",
            Kind::WalletStore => "wallet_store",
        }
    }
}

/// The article for a kind name: `a credential`, `an issuance request`.
pub fn a(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// What the object claims to be, from its structure alone.
pub fn detect(bytes: &[u8]) -> Option<Kind> {
    let item = diag::parse(bytes).ok()?;
    detect_item(&item)
}

/// As [`detect`], on a parsed item.
pub fn detect_item(item: &Item) -> Option<Kind> {
    match item {
        Item::Tag(18, inner) => {
            let parts = inner.as_array()?;
            let protected = diag::parse(parts.first()?.as_bytes()?).ok()?;
            let ct = protected.get(3)?.as_u64()?;
            ObjectKind::from_content_type(ct).map(Kind::Signed)
        }
        Item::Array(parts, false) if parts.len() == 3 => match (&parts[0], &parts[1], &parts[2]) {
            (Item::Uint(1), Item::Bytes(nonce, false), Item::Bytes(..)) if nonce.len() == 12 => {
                Some(Kind::WalletStore)
            }
            (Item::Bytes(..), Item::Bytes(..), Item::Array(..)) => Some(Kind::Package),
            _ => None,
        },
        _ => None,
    }
}

/// The payload of a COSE_Sign1, parsed generically, with the kid.
pub fn sign1_parts(item: &Item) -> Option<(Item, Vec<u8>)> {
    let Item::Tag(18, inner) = item else {
        return None;
    };
    let parts = inner.as_array()?;
    let protected = diag::parse(parts.first()?.as_bytes()?).ok()?;
    let kid = protected.get(4)?.as_bytes()?.to_vec();
    let payload = diag::parse(parts.get(2)?.as_bytes()?).ok()?;
    Some((payload, kid))
}
