//! One sentence for each way the library refuses something.

use crate::objects::{self, Kind};
use crate::util::{fmt_duration, fmt_time};
use wangzheng::{
    AttributeId, Error, Policy, Presentation, PresentationRequest, PublicKey, TrustList,
};

/// A sentence for an error met while decoding or checking `what` (e.g. "the presentation in
/// cafe.wz"), without further context.
pub fn describe(e: &Error, what: &str) -> String {
    match e {
        Error::Malformed(f) => format!("{what} is malformed ({f})"),
        Error::NonCanonical(f) => format!(
            "{what} is not in deterministic CBOR ({f}): it was altered, or made by a non-conforming encoder"
        ),
        Error::TooLarge(f) => format!("{what} is over a size limit ({f})"),
        Error::Unsupported(f) => {
            format!("{what} uses something this version of the format does not support ({f})")
        }
        Error::WrongKind { expected } => format!(
            "{what} is not {}",
            objects::a(&Kind::Signed(*expected).name())
        ),
        Error::BadSignature => format!(
            "a signature in {what} does not verify: it was altered, or signed with another key"
        ),
        Error::WeakKey => {
            format!("{what} holds an invalid public key (not a curve point, or of small order)")
        }
        Error::UnknownIssuer => {
            format!("{what} is signed by a key this configuration does not trust")
        }
        Error::DeviceKeyMismatch => {
            format!("{what} is signed by another key than the one it names")
        }
        Error::NotYetValid => format!("{what} is dated in the future; check the clock"),
        Error::Expired => format!("{what} has expired"),
        Error::StalePresentation => format!("{what} is too old"),
        Error::Replayed => format!("{what} was already used once"),
        Error::LevelTooLow => format!("{what} is of a lower level than required"),
        Error::MissingAttribute => format!("{what} lacks a required attribute"),
        Error::DisclosureMismatch => {
            format!("{what} holds a disclosure that does not match what the issuer signed")
        }
        Error::AudienceMismatch => format!("{what} was made for another verifier"),
        Error::NonceMismatch => format!("{what} does not carry the expected nonce"),
        Error::RequestMismatch => format!("{what} answers another request"),
        Error::Revoked => format!("{what} concerns a cancelled (revoked) credential"),
        Error::Suspended => format!("{what} concerns a frozen (suspended) credential"),
        Error::Superseded => format!("{what} concerns a superseded credential"),
        Error::StatusUnavailable => format!("no fresh status is known for {what}"),
        Error::TrustListStale => {
            "the trust list is past its next update, or older than the one loaded".to_owned()
        }
        Error::CorruptStore => {
            format!("{what} cannot be opened: it is damaged, or sealed with another storage key")
        }
        Error::InvalidArgument(f) => format!("{what}: {f}"),
        Error::SignerFailed => "the signing key failed to sign".to_owned(),
        other => format!("{what}: {other}"),
    }
}

/// What a verifier knew when it refused a presentation, for explaining why.
pub struct PresentationContext<'a> {
    /// The presentation, decoded (its signatures may not hold).
    pub presentation: Option<&'a Presentation<'a>>,
    /// The time of the check.
    pub now: u64,
    /// The policy.
    pub policy: &'a Policy,
    /// Pinned issuer keys.
    pub pinned: &'a [PublicKey],
    /// The trust list, when configured.
    pub trust: Option<&'a TrustList>,
    /// The request it must answer, and its file name.
    pub request: Option<(&'a PresentationRequest<'a>, &'a str)>,
    /// The replay cache file.
    pub replay_cache: Option<&'a str>,
    /// Which signature failed, when one did: `true` for the issuer's.
    pub issuer_signature_bad: Option<bool>,
}

/// One sentence for why a presentation was refused.
pub fn presentation_refusal(e: &Error, name: &str, cx: &PresentationContext<'_>) -> String {
    let Some(p) = cx.presentation else {
        return describe(e, &format!("the presentation in {name}"));
    };
    let claims = &p.credential.claims;
    let issuer_kid = p.credential.sign1.kid;
    let skew = cx.policy.clock_skew;
    match e {
        Error::UnknownIssuer => match cx.trust {
            Some(t) => match t.issuer(issuer_kid) {
                None => format!(
                    "the credential is signed by issuer key {issuer_kid}, which the trust list does not name"
                ),
                Some(entry) => format!(
                    "the trust list does not let issuer key {issuer_kid} sign {} credentials issued at {} (its window is {} to {})",
                    claims.level,
                    fmt_time(claims.issued_at),
                    fmt_time(entry.valid_from),
                    fmt_time(entry.valid_until)
                ),
            },
            None => {
                let pinned: Vec<String> =
                    cx.pinned.iter().map(|k| k.key_id().to_string()).collect();
                format!(
                    "the credential is signed by issuer key {issuer_kid}, which is not the pinned issuer key {}",
                    pinned.join(" or ")
                )
            }
        },
        Error::BadSignature => match cx.issuer_signature_bad {
            Some(true) => "the issuer's signature on the credential does not verify: the credential was altered".to_owned(),
            Some(false) => "the phone's signature on the presentation does not verify: the presentation was altered, or signed by another device".to_owned(),
            None => "a signature does not verify: the presentation was altered, or signed with another key".to_owned(),
        },
        Error::WeakKey => "the credential binds an invalid device key (not a curve point, or of small order)".to_owned(),
        Error::DeviceKeyMismatch => format!(
            "the presentation is signed by device key {}, but the credential is bound to device key {}: a credential copied to another phone",
            p.sign1.kid,
            wangzheng::KeyId::of(&claims.device_key)
        ),
        Error::NotYetValid => {
            if claims.issued_at > cx.now.saturating_add(skew) {
                format!(
                    "the credential is dated {}, after the time of this check ({}); check the clocks",
                    fmt_time(claims.issued_at),
                    fmt_time(cx.now)
                )
            } else if p.presented_at > cx.now.saturating_add(skew) {
                format!(
                    "the presentation is dated {}, after the time of this check ({}); check the clocks",
                    fmt_time(p.presented_at),
                    fmt_time(cx.now)
                )
            } else {
                "the presentation is dated before its credential was issued".to_owned()
            }
        }
        Error::Expired => format!(
            "the credential expired at {}; the holder needs a new one",
            fmt_time(claims.expires_at)
        ),
        Error::StalePresentation => {
            let max_age = cx
                .request
                .map_or(cx.policy.max_age, |(r, _)| r.max_age.min(cx.policy.max_age));
            format!(
                "the presentation was made {} before this check, and this verifier accepts at most {}: an old screenshot or photo of a QR code",
                fmt_duration(cx.now.saturating_sub(p.presented_at)),
                fmt_duration(max_age)
            )
        }
        Error::Replayed => format!(
            "this QR presentation was already accepted once (replay cache {})",
            cx.replay_cache.unwrap_or("in memory")
        ),
        Error::LevelTooLow => {
            let min = cx
                .request
                .map_or(cx.policy.min_level, |(r, _)| r.min_level.max(cx.policy.min_level));
            format!(
                "the credential is {}, and this verifier requires {min}",
                claims.level
            )
        }
        Error::MissingAttribute => {
            let disclosed = |id: &AttributeId<'_>| p.disclosures.iter().any(|d| d.disclosure.id.same(id));
            let mut missing: Vec<String> = cx
                .policy
                .required
                .iter()
                .filter(|id| !disclosed(id))
                .map(|id| id.name().into_owned())
                .collect();
            if let Some((r, _)) = cx.request {
                for id in r.requested() {
                    let n = id.name().into_owned();
                    if !disclosed(&id) && !missing.contains(&n) {
                        missing.push(n);
                    }
                }
            }
            format!(
                "the presentation does not disclose {}, which this verifier requires",
                if missing.is_empty() { "a required attribute".to_owned() } else { missing.join(", ") }
            )
        }
        Error::DisclosureMismatch => "a disclosed attribute does not match what the issuer signed: it was altered".to_owned(),
        Error::AudienceMismatch => match (p.binding, cx.request) {
            (Some(b), Some((r, _))) if b.audience != r.verifier_id => format!(
                "the presentation answers a request of \"{}\", not of this verifier (\"{}\")",
                b.audience, r.verifier_id
            ),
            (Some(b), None) => format!(
                "the presentation answers a request of \"{}\"; it is not a QR code for anyone else",
                b.audience
            ),
            _ => "the presentation was made for another verifier".to_owned(),
        },
        Error::NonceMismatch => match (p.binding, cx.request) {
            (None, Some((_, file))) => format!(
                "the presentation is a QR code that answers no request, not an answer to the request in {file}"
            ),
            (Some(_), Some((_, file))) => format!(
                "the presentation carries another nonce than the request in {file}: it answers an earlier request (a replay)"
            ),
            (Some(b), None) => format!(
                "the presentation answers a request of \"{}\" (this verifier); check it against that request with --request FILE",
                b.audience
            ),
            (None, None) => "the presentation does not carry the expected nonce".to_owned(),
        },
        Error::RequestMismatch => "the presentation names this verifier and nonce but answers a different request: the request was altered on its way".to_owned(),
        Error::Revoked => "the credential was cancelled (注销), for example after a lost-card report".to_owned(),
        Error::Suspended => "the credential is frozen (冻结) for now".to_owned(),
        Error::Superseded => "a newer credential replaced this one (activated on another phone, or re-issued with the card)".to_owned(),
        Error::StatusUnavailable => format!(
            "no fresh status list covers the credential{}, and the policy requires one: load it with --status-list FILE, or pass --accept-undetermined-status",
            claims.status.map(|s| format!(" (it names status list {})", s.list)).unwrap_or_default()
        ),
        Error::TrustListStale => format!(
            "the trust list is past its next update{}: fetch a newer one, or pass --accept-stale-trust-list",
            cx.trust.map(|t| format!(" ({})", fmt_time(t.next_update))).unwrap_or_default()
        ),
        other => describe(other, &format!("the presentation in {name}")),
    }
}
