//! The terminal's side: policies, verifiers, replay caches and verdicts.

use crate::arg::{self, Out};
use crate::request::wz_request;
use crate::status::{Failure, guard, guard_value, wz_status};
use crate::types::{
    RawLevel, RawStatusCheck, WZ_PUBLIC_KEY_LEN, level, wz_buffer, wz_level, wz_status_check,
};
use std::ffi::{CString, c_char};
use wz_core::limits;
use wz_core::{
    AttributeId, AttributeValue, Policy, PublicKey, SharedReplayCache, UndeterminedStatus,
    VerifiedPresentation, Verifier,
};

/// What a verifier accepts: the minimum level, required attributes, its own audience, the
/// maximum presentation age, the clock skew, and what to do without fresh status or with a
/// stale trust list.
///
/// Made by wz_policy_new() with the defaults (light or better, nothing required, no audience,
/// 120 s maximum age, 30 s clock skew, undetermined status refused, stale trust list refused),
/// changed with the wz_policy_set_*() functions, copied into a verifier by wz_verifier_new()
/// or wz_verifier_new_pinned(), and freed with wz_policy_free(). Not synchronized: do not
/// change a policy while another thread uses it.
#[derive(Debug, Clone, Default)]
pub struct wz_policy {
    inner: Policy,
}

/// A verifier: the pinned root key and its trust list (or pinned issuer keys), the loaded
/// status lists, and a policy.
///
/// Made by wz_verifier_new() or wz_verifier_new_pinned(), freed with wz_verifier_free().
/// Functions taking a `const wz_verifier *` (verification, lookups) may run on any number of
/// threads at once; functions taking a `wz_verifier *` (loading trust and status lists, adding
/// keys) need exclusive access: no other call on the same verifier at the same time.
#[derive(Debug)]
pub struct wz_verifier {
    pub(crate) inner: Verifier,
}

/// A bounded cache of accepted QR (non-interactive) presentations, so that each is accepted
/// once: pass it to wz_verifier_verify() or wz_verifier_verify_batch().
///
/// Made by wz_replay_cache_new(), freed with wz_replay_cache_free(). Internally locked: one
/// cache may be shared by the verifiers of several threads.
#[derive(Debug)]
pub struct wz_replay_cache {
    inner: SharedReplayCache,
}

/// The outcome of an accepted presentation: level, credential identifier, generation, times,
/// status check, audience and the disclosed attributes.
///
/// Made by the verification functions, freed with wz_verdict_free(). A verdict owns copies of
/// everything it reports: it stays valid after the presentation buffer is freed or reused.
/// Immutable: any number of threads may read one at the same time.
#[derive(Debug)]
pub struct wz_verdict {
    level: wz_level,
    credential_id: [u8; limits::CREDENTIAL_ID_LEN],
    issuer_key_id: [u8; 8],
    generation: u64,
    issued_at: u64,
    expires_at: u64,
    presented_at: u64,
    fresh_until: u64,
    status_check: wz_status_check,
    audience: Option<CString>,
    attributes: Vec<wz_attribute>,
}

/// The type of a disclosed attribute's value.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wz_value_type {
    /// UTF-8 text (`full_name`, `address`, `id_number`, `issuing_authority`, text extras).
    Text = 1,
    /// `sex`: wz_attribute_int() gives the GB/T 2261.1 code (1 male, 2 female).
    Sex = 2,
    /// `ethnicity`: wz_attribute_int() gives the GB 3304 code.
    Ethnicity = 3,
    /// `birth_date`: wz_attribute_int() gives YYYYMMDD.
    Date = 4,
    /// `card_validity`: read with wz_attribute_card_validity().
    CardValidity = 5,
    /// `portrait`: JPEG bytes, read with wz_attribute_bytes().
    Portrait = 6,
    /// `age_over_NN` or a boolean extra: read with wz_attribute_bool().
    Bool = 7,
    /// An integer extra: read with wz_attribute_int().
    Int = 8,
    /// A byte-string extra: read with wz_attribute_bytes().
    Bytes = 9,
    /// A value type newer than this interface: wz_attribute_bytes() gives its deterministic
    /// CBOR encoding.
    Cbor = 10,
}

/// A `wz_value_type` returned by the library where 0 stands for "no attribute" (the header
/// shows `wz_value_type`).
pub type RawValueType = u32;

/// One disclosed attribute of a verdict: its name, type and value.
///
/// Borrowed from its verdict (wz_verdict_attribute(), wz_verdict_attribute_at()): valid until
/// the verdict is freed, never freed on its own. Immutable.
#[derive(Debug)]
pub struct wz_attribute {
    name: CString,
    /// The text form (see wz_attribute_text()), followed by one NUL.
    text: Vec<u8>,
    value: Value,
}

/// An attribute value, owned.
#[derive(Debug)]
enum Value {
    Text,
    Sex(u8),
    Ethnicity(u8),
    Date(u32),
    CardValidity(u32, u32),
    Portrait(Box<[u8]>),
    Bool(bool),
    Int(i64),
    Bytes(Box<[u8]>),
    Cbor(Box<[u8]>),
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

fn with_nul(s: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len() + 1);
    v.extend_from_slice(s.as_bytes());
    v.push(0);
    v
}

impl wz_attribute {
    pub(crate) fn new(id: &AttributeId<'_>, value: AttributeValue<'_>) -> wz_attribute {
        let (text, value) = match value {
            AttributeValue::Text(s) => (s.to_owned(), Value::Text),
            AttributeValue::Sex(s) => (
                match s {
                    wz_core::Sex::Male => "male",
                    wz_core::Sex::Female => "female",
                }
                .to_owned(),
                Value::Sex(s.code()),
            ),
            AttributeValue::Ethnicity(c) => (c.to_string(), Value::Ethnicity(c)),
            AttributeValue::Date(d) => (d.to_string(), Value::Date(d.to_yyyymmdd())),
            AttributeValue::CardValidity(v) => (
                match v.until {
                    Some(u) => format!("{}/{}", v.from, u),
                    None => format!("{}/long-term", v.from),
                },
                Value::CardValidity(v.from.to_yyyymmdd(), v.until.map_or(0, |u| u.to_yyyymmdd())),
            ),
            AttributeValue::Portrait(b) => (hex(b), Value::Portrait(b.into())),
            AttributeValue::Bool(b) => (b.to_string(), Value::Bool(b)),
            AttributeValue::Int(i) => (i.to_string(), Value::Int(i)),
            AttributeValue::Bytes(b) => (hex(b), Value::Bytes(b.into())),
            // `AttributeValue` is #[non_exhaustive]: a type added to the format later reaches C
            // as its canonical encoding instead of not at all.
            other => {
                let mut e = wz_core::cbor::Encoder::new();
                other.encode(&mut e);
                let bytes = e.into_bytes();
                (hex(&bytes), Value::Cbor(bytes.into()))
            }
        };
        wz_attribute {
            // Attribute names are ASCII without NUL (docs/FORMAT.md, "Attributes").
            name: CString::new(id.name().as_bytes()).unwrap_or_default(),
            text: with_nul(&text),
            value,
        }
    }

    fn value_type(&self) -> wz_value_type {
        match self.value {
            Value::Text => wz_value_type::Text,
            Value::Sex(_) => wz_value_type::Sex,
            Value::Ethnicity(_) => wz_value_type::Ethnicity,
            Value::Date(_) => wz_value_type::Date,
            Value::CardValidity(..) => wz_value_type::CardValidity,
            Value::Portrait(_) => wz_value_type::Portrait,
            Value::Bool(_) => wz_value_type::Bool,
            Value::Int(_) => wz_value_type::Int,
            Value::Bytes(_) => wz_value_type::Bytes,
            Value::Cbor(_) => wz_value_type::Cbor,
        }
    }
}

impl wz_verdict {
    pub(crate) fn new(v: &VerifiedPresentation<'_>) -> wz_verdict {
        wz_verdict {
            level: wz_level::from_core(v.level),
            credential_id: v.credential_id,
            issuer_key_id: v.issuer_kid.0,
            generation: v.generation,
            issued_at: v.issued_at,
            expires_at: v.expires_at,
            presented_at: v.presented_at,
            fresh_until: v.fresh_until,
            status_check: wz_status_check::from_core(v.status_check),
            audience: v
                .audience
                .map(|a| CString::new(a.replace('\0', "\u{fffd}")).unwrap_or_default()),
            attributes: v
                .disclosed()
                .map(|a| wz_attribute::new(&a.id, a.value))
                .collect(),
        }
    }
}

/// A public key argument: 32 bytes that are a valid, non-small-order Ed25519 point.
///
/// # Safety
///
/// As [`arg::bytes`].
pub(crate) unsafe fn public_key(
    data: *const u8,
    len: usize,
    what: &str,
) -> Result<PublicKey, Failure> {
    // SAFETY: the caller's contract.
    let bytes = unsafe { arg::array::<WZ_PUBLIC_KEY_LEN>(data, len, what)? };
    Ok(PublicKey::from_bytes(&bytes)?)
}

// --- policy ----------------------------------------------------------------------------------

/// Makes a policy with the defaults: light or better, nothing required, no audience, 120 s
/// maximum presentation age, 30 s clock skew, undetermined status refused, stale trust list
/// refused.
///
/// Returns `WZ_OK` and writes `*out_policy` (free with wz_policy_free());
/// `WZ_NULL_ARGUMENT` when `out_policy` is NULL. Thread-safe.
///
/// # Safety
///
/// `out_policy` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_policy_new(out_policy: *mut *mut wz_policy) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_policy, "out_policy")? };
        out.write_box(wz_policy::default());
        Ok(())
    })
}

/// Frees a policy. NULL does nothing. Verifiers made from it keep their own copy.
///
/// # Safety
///
/// `policy` is NULL or a policy from wz_policy_new() that has not been freed and that no other
/// thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_policy_free(policy: *mut wz_policy) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(policy) })
}

/// Sets the lowest acceptable credential level (`WZ_LEVEL_LIGHT` or `WZ_LEVEL_UPGRADED`).
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `policy` is NULL; `WZ_INVALID_ENUM` for any other
/// level (the policy is then unchanged).
///
/// # Safety
///
/// `policy` is NULL or a live policy that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_policy_set_min_level(
    policy: *mut wz_policy,
    min_level: RawLevel,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let p = unsafe { arg::get_mut(policy, "policy")? };
        p.inner.min_level = level(min_level, "min_level")?;
        Ok(())
    })
}

/// Requires attribute `attribute` (for example `"full_name"`, `"age_over_18"` or an extra
/// `"namespace/name"`) to be disclosed by every presentation; a presentation without it is
/// refused with `WZ_MISSING_ATTRIBUTE`. Requiring an attribute twice is the same as once.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `policy` or `attribute` is NULL;
/// `WZ_INVALID_UTF8`; `WZ_INVALID_ARGUMENT` when `attribute` is not an attribute name. The
/// string is copied.
///
/// # Safety
///
/// `policy` is NULL or a live policy that no other thread is using; `attribute` is NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_policy_require(
    policy: *mut wz_policy,
    attribute: *const c_char,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let p = unsafe { arg::get_mut(policy, "policy")? };
        // SAFETY: the function's contract.
        let name = unsafe { arg::string(attribute, "attribute")? };
        let id = AttributeId::parse(name)?;
        if !p.inner.required.iter().any(|r| r.same(&id)) {
            p.inner.required.push(id);
        }
        Ok(())
    })
}

/// Sets this verifier's own identifier (the audience of the requests it makes), or clears it
/// when `audience` is NULL. Presentations bound to another audience are refused with
/// `WZ_AUDIENCE_MISMATCH`.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `policy` is NULL; `WZ_INVALID_UTF8`;
/// `WZ_INVALID_ARGUMENT` for an empty identifier or one over 128 bytes. The string is copied.
///
/// # Safety
///
/// `policy` is NULL or a live policy that no other thread is using; `audience` is NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_policy_set_audience(
    policy: *mut wz_policy,
    audience: *const c_char,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let p = unsafe { arg::get_mut(policy, "policy")? };
        if audience.is_null() {
            p.inner.audience = None;
            return Ok(());
        }
        // SAFETY: the function's contract.
        let a = unsafe { arg::string(audience, "audience")? };
        if a.is_empty() || a.len() > limits::MAX_VERIFIER_ID_LEN {
            return Err(wz_core::Error::InvalidArgument("audience").into());
        }
        p.inner.audience = Some(a.to_owned());
        Ok(())
    })
}

/// Sets the oldest presentation accepted, in seconds (default 120). A presentation older than
/// this at verification time is refused with `WZ_STALE_PRESENTATION`.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `policy` is NULL.
///
/// # Safety
///
/// `policy` is NULL or a live policy that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_policy_set_max_age(policy: *mut wz_policy, seconds: u64) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        unsafe { arg::get_mut(policy, "policy")? }.inner.max_age = seconds;
        Ok(())
    })
}

/// Sets the tolerated difference between the phone's clock and the verifier's, in seconds
/// (default 30).
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `policy` is NULL.
///
/// # Safety
///
/// `policy` is NULL or a live policy that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_policy_set_clock_skew(
    policy: *mut wz_policy,
    seconds: u64,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        unsafe { arg::get_mut(policy, "policy")? }.inner.clock_skew = seconds;
        Ok(())
    })
}

/// Chooses what happens when a credential's status cannot be determined (no fresh status list
/// loaded for it): refused with `WZ_STATUS_UNAVAILABLE` (`accept` false, the default) or
/// accepted with wz_verdict_status_check() = `WZ_STATUS_CHECK_UNDETERMINED`. Undetermined is
/// never reported as revoked.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `policy` is NULL.
///
/// # Safety
///
/// `policy` is NULL or a live policy that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_policy_set_accept_undetermined_status(
    policy: *mut wz_policy,
    accept: bool,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        unsafe { arg::get_mut(policy, "policy")? }
            .inner
            .undetermined_status = if accept {
            UndeterminedStatus::Accept
        } else {
            UndeterminedStatus::Refuse
        };
        Ok(())
    })
}

/// Chooses whether a trust list past its next update may still be used (default false: such
/// a list makes verification fail with `WZ_TRUST_LIST_STALE`).
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `policy` is NULL.
///
/// # Safety
///
/// `policy` is NULL or a live policy that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_policy_set_accept_stale_trust_list(
    policy: *mut wz_policy,
    accept: bool,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        unsafe { arg::get_mut(policy, "policy")? }
            .inner
            .accept_stale_trust_list = accept;
        Ok(())
    })
}

// --- verifier --------------------------------------------------------------------------------

/// Makes a verifier the normal way: the authority's pinned root public key and a trust list
/// signed by it. Issuer keys then rotate with new trust lists (wz_verifier_update_trust_list()),
/// without reconfiguring the terminal.
///
/// `policy` may be NULL for the default policy; otherwise it is copied (free it when you
/// like). `root_key` is the 32-byte Ed25519 public key; `trust_list` the list's bytes, read
/// during the call only.
///
/// Returns `WZ_OK` and writes `*out_verifier` (free with wz_verifier_free());
/// `WZ_NULL_ARGUMENT` when `root_key` or `out_verifier` is NULL, or `trust_list` is NULL with a
/// non-zero length; `WZ_INVALID_LENGTH` when `root_key_len` is not 32; `WZ_WEAK_KEY` for an
/// unusable root key; for the trust list `WZ_MALFORMED`, `WZ_NON_CANONICAL`, `WZ_TOO_LARGE`,
/// `WZ_UNSUPPORTED`, `WZ_WRONG_KIND`, `WZ_UNKNOWN_ISSUER` (not signed by this root),
/// `WZ_BAD_SIGNATURE` or `WZ_WEAK_KEY`. A trust list past its next update loads; verification
/// then reports `WZ_TRUST_LIST_STALE` unless the policy accepts that. Thread-safe.
///
/// # Safety
///
/// `policy` is NULL or a live policy; `root_key` and `trust_list` are NULL or valid for reads
/// of their lengths; `out_verifier` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_new(
    policy: *const wz_policy,
    root_key: *const u8,
    root_key_len: usize,
    trust_list: *const u8,
    trust_list_len: usize,
    out_verifier: *mut *mut wz_verifier,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_verifier, "out_verifier")? };
        // SAFETY: the function's contract.
        let policy =
            unsafe { arg::get_opt(policy) }.map_or_else(Policy::default, |p| p.inner.clone());
        // SAFETY: the function's contract.
        let root = unsafe { public_key(root_key, root_key_len, "root_key")? };
        // SAFETY: the function's contract.
        let list = unsafe { arg::bytes(trust_list, trust_list_len, "trust_list")? };
        let inner = Verifier::with_trust_list(policy, root, list)?;
        out.write_box(wz_verifier { inner });
        Ok(())
    })
}

/// Makes a verifier that trusts one pinned issuer key instead of a root and trust list (for
/// tests and closed deployments; terminals use wz_verifier_new()). Add more keys with
/// wz_verifier_add_issuer_key().
///
/// `policy` may be NULL for the default policy; otherwise it is copied.
///
/// Returns `WZ_OK` and writes `*out_verifier` (free with wz_verifier_free());
/// `WZ_NULL_ARGUMENT` when `issuer_key` or `out_verifier` is NULL; `WZ_INVALID_LENGTH` when
/// `issuer_key_len` is not 32; `WZ_WEAK_KEY` for an unusable key. Thread-safe.
///
/// # Safety
///
/// `policy` is NULL or a live policy; `issuer_key` is NULL or valid for reads of
/// `issuer_key_len` bytes; `out_verifier` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_new_pinned(
    policy: *const wz_policy,
    issuer_key: *const u8,
    issuer_key_len: usize,
    out_verifier: *mut *mut wz_verifier,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_verifier, "out_verifier")? };
        // SAFETY: the function's contract.
        let policy =
            unsafe { arg::get_opt(policy) }.map_or_else(Policy::default, |p| p.inner.clone());
        // SAFETY: the function's contract.
        let key = unsafe { public_key(issuer_key, issuer_key_len, "issuer_key")? };
        out.write_box(wz_verifier {
            inner: Verifier::new(policy).with_issuer_key(key),
        });
        Ok(())
    })
}

/// Frees a verifier. NULL does nothing. Verdicts it produced stay valid.
///
/// # Safety
///
/// `verifier` is NULL or a verifier from this library that has not been freed and that no
/// other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_free(verifier: *mut wz_verifier) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(verifier) })
}

/// Adds a pinned issuer key to a verifier (adding a key twice is the same as once).
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `verifier` or `issuer_key` is NULL;
/// `WZ_INVALID_LENGTH` when `issuer_key_len` is not 32; `WZ_WEAK_KEY`. Nothing changes on
/// error. Needs exclusive access to the verifier.
///
/// # Safety
///
/// `verifier` is NULL or a live verifier that no other thread is using; `issuer_key` is NULL or
/// valid for reads of `issuer_key_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_add_issuer_key(
    verifier: *mut wz_verifier,
    issuer_key: *const u8,
    issuer_key_len: usize,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get_mut(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let key = unsafe { public_key(issuer_key, issuer_key_len, "issuer_key")? };
        v.inner.add_issuer_key(key);
        Ok(())
    })
}

/// Replaces the verifier's trust list with a newer one signed by the same root. Nothing changes
/// on error.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `verifier` is NULL, or `trust_list` is NULL with a
/// non-zero length; `WZ_INVALID_ARGUMENT` for a verifier made by wz_verifier_new_pinned() (it
/// has no root key); the decoding and signature codes of wz_verifier_new();
/// `WZ_TRUST_LIST_STALE` when its sequence number is lower than the loaded list's (a rollback).
/// Loading the same list again succeeds. Needs exclusive access to the verifier.
///
/// # Safety
///
/// `verifier` is NULL or a live verifier that no other thread is using; `trust_list` is NULL or
/// valid for reads of `trust_list_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_update_trust_list(
    verifier: *mut wz_verifier,
    trust_list: *const u8,
    trust_list_len: usize,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get_mut(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let list = unsafe { arg::bytes(trust_list, trust_list_len, "trust_list")? };
        v.inner.update_trust_list(list)?;
        Ok(())
    })
}

/// Reads the loaded trust list's sequence number and next-update time (Unix seconds), so a
/// terminal knows when to fetch a new one.
///
/// Returns `WZ_OK` and writes both; `WZ_NULL_ARGUMENT` when any pointer is NULL;
/// `WZ_NOT_FOUND` when the verifier has no trust list (wz_verifier_new_pinned()).
///
/// # Safety
///
/// `verifier` is NULL or a live verifier; the out pointers are NULL or valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_trust_list_info(
    verifier: *const wz_verifier,
    out_sequence: *mut u64,
    out_next_update: *mut u64,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let sequence = unsafe { Out::new(out_sequence, "out_sequence")? };
        // SAFETY: the function's contract.
        let next_update = unsafe { Out::new(out_next_update, "out_next_update")? };
        let list = v
            .inner
            .trust_list()
            .ok_or_else(|| Failure::new(wz_status::WZ_NOT_FOUND, "trust list"))?;
        sequence.write(list.sequence);
        next_update.write(list.next_update);
        Ok(())
    })
}

/// Loads a status list after checking that a trusted issuer key may sign it and did. A list
/// with the same identifier replaces the loaded one unless that one was issued later.
///
/// `out_loaded` may be NULL; otherwise it receives true when the list was loaded and false when
/// a later list with the same identifier was already loaded (which is kept; not an error).
/// A list past its next update loads, but makes statuses *undetermined*, never good.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `verifier` is NULL, or `status_list` is NULL with a
/// non-zero length; `WZ_MALFORMED`, `WZ_NON_CANONICAL`, `WZ_TOO_LARGE`, `WZ_UNSUPPORTED`,
/// `WZ_WRONG_KIND`; `WZ_NOT_YET_VALID` when issued after `now` plus the clock skew;
/// `WZ_UNKNOWN_ISSUER` when no trusted key may sign status lists at its issue time;
/// `WZ_TRUST_LIST_STALE`; `WZ_BAD_SIGNATURE`. Nothing changes on error. Needs exclusive access
/// to the verifier.
///
/// # Safety
///
/// `verifier` is NULL or a live verifier that no other thread is using; `status_list` is NULL
/// or valid for reads of `status_list_len` bytes; `out_loaded` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_update_status_list(
    verifier: *mut wz_verifier,
    status_list: *const u8,
    status_list_len: usize,
    now: u64,
    out_loaded: *mut bool,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get_mut(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let list = unsafe { arg::bytes(status_list, status_list_len, "status_list")? };
        // SAFETY: the function's contract.
        let loaded = unsafe { Out::optional(out_loaded) };
        let replaced = v.inner.update_status_list(list, now)?;
        if let Some(out) = loaded {
            out.write(replaced);
        }
        Ok(())
    })
}

/// Reads when the loaded status list `list_id` was issued and when its next update is due
/// (Unix seconds).
///
/// Returns `WZ_OK` and writes both; `WZ_NULL_ARGUMENT` when any pointer is NULL;
/// `WZ_NOT_FOUND` when no list with that identifier is loaded.
///
/// # Safety
///
/// `verifier` is NULL or a live verifier; the out pointers are NULL or valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_status_list_info(
    verifier: *const wz_verifier,
    list_id: u32,
    out_issued_at: *mut u64,
    out_next_update: *mut u64,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let issued_at = unsafe { Out::new(out_issued_at, "out_issued_at")? };
        // SAFETY: the function's contract.
        let next_update = unsafe { Out::new(out_next_update, "out_next_update")? };
        let list = v
            .inner
            .status_list(list_id)
            .ok_or_else(|| Failure::new(wz_status::WZ_NOT_FOUND, "status list"))?;
        issued_at.write(list.issued_at);
        next_update.write(list.next_update);
        Ok(())
    })
}

/// Records an accepted presentation in the replay cache, if there is one.
fn accept(
    verified: &VerifiedPresentation<'_>,
    cache: Option<&wz_replay_cache>,
    now: u64,
) -> Result<(), Failure> {
    if let Some(c) = cache {
        c.inner.check(verified, now)?;
    }
    Ok(())
}

/// Verifies a non-interactive presentation (a QR code) at time `now` (Unix seconds), against
/// the verifier's trust list or pinned keys, loaded status lists and policy.
///
/// `cache` may be NULL; otherwise an accepted presentation is recorded in it and a second use
/// within its validity window is refused with `WZ_REPLAYED`. `out_verdict` may be NULL when
/// only the decision matters (a gate); otherwise an accepted presentation's verdict is written
/// there. The presentation bytes are read during the call only.
///
/// Returns `WZ_OK` when the presentation is accepted; otherwise the reason it is refused:
/// `WZ_MALFORMED`, `WZ_NON_CANONICAL`, `WZ_TOO_LARGE`, `WZ_UNSUPPORTED`, `WZ_WRONG_KIND`
/// (class malformed/unsupported); `WZ_BAD_SIGNATURE`, `WZ_WEAK_KEY`, `WZ_UNKNOWN_ISSUER`,
/// `WZ_DEVICE_KEY_MISMATCH`, `WZ_NOT_YET_VALID`, `WZ_EXPIRED`, `WZ_STALE_PRESENTATION`,
/// `WZ_REPLAYED`, `WZ_LEVEL_TOO_LOW`, `WZ_MISSING_ATTRIBUTE`, `WZ_DISCLOSURE_MISMATCH`,
/// `WZ_AUDIENCE_MISMATCH` (bound to another verifier's request), `WZ_NONCE_MISMATCH` (bound to
/// a request: use wz_verifier_verify_response()), `WZ_REVOKED`, `WZ_SUSPENDED`,
/// `WZ_SUPERSEDED`, `WZ_STATUS_UNAVAILABLE`, `WZ_TRUST_LIST_STALE` (class invalid); or
/// `WZ_NULL_ARGUMENT` when `verifier` is NULL, or `presentation` is NULL with a non-zero
/// length. `*out_verdict` is written only on `WZ_OK`.
///
/// Thread-safe: any number of threads may verify with one verifier (and one cache) at once.
///
/// # Safety
///
/// `verifier` is NULL or a live verifier; `presentation` is NULL or valid for reads of
/// `presentation_len` bytes; `cache` is NULL or a live replay cache; `out_verdict` is NULL or
/// valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_verify(
    verifier: *const wz_verifier,
    presentation: *const u8,
    presentation_len: usize,
    now: u64,
    cache: *mut wz_replay_cache,
    out_verdict: *mut *mut wz_verdict,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let bytes = unsafe { arg::bytes(presentation, presentation_len, "presentation")? };
        // SAFETY: the function's contract; the cache is only used through its lock.
        let cache = unsafe { arg::get_opt(cache.cast_const()) };
        // SAFETY: the function's contract.
        let out = unsafe { Out::optional(out_verdict) };
        let verified = v.inner.verify(bytes, now)?;
        accept(&verified, cache, now)?;
        if let Some(out) = out {
            out.write_box(wz_verdict::new(&verified));
        }
        Ok(())
    })
}

/// Verifies a presentation that answers `request` (a presentation request this terminal made
/// and decoded with wz_request_decode()) at time `now`.
///
/// `out_verdict` may be NULL when only the decision matters. Interactive presentations need no
/// replay cache: the request's nonce makes each one single-use, as long as the terminal makes a
/// new request (new nonce) for every customer.
///
/// Returns `WZ_OK` when accepted; otherwise the codes of wz_verifier_verify() (but never
/// `WZ_REPLAYED`), plus `WZ_AUDIENCE_MISMATCH`, `WZ_NONCE_MISMATCH` and `WZ_REQUEST_MISMATCH`
/// when it answers another request or none; `WZ_NULL_ARGUMENT` when `verifier` or `request` is
/// NULL. Thread-safe like wz_verifier_verify().
///
/// # Safety
///
/// `verifier` and `request` are NULL or live objects of this library; `presentation` is NULL or
/// valid for reads of `presentation_len` bytes; `out_verdict` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_verify_response(
    verifier: *const wz_verifier,
    request: *const wz_request,
    presentation: *const u8,
    presentation_len: usize,
    now: u64,
    out_verdict: *mut *mut wz_verdict,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let request = unsafe { arg::get(request, "request")? };
        // SAFETY: the function's contract.
        let bytes = unsafe { arg::bytes(presentation, presentation_len, "presentation")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::optional(out_verdict) };
        let verified = v.inner.verify_response(bytes, request.decoded(), now)?;
        if let Some(out) = out {
            out.write_box(wz_verdict::new(&verified));
        }
        Ok(())
    })
}

/// Verifies many non-interactive presentations (a gate's queue) at time `now`, deciding for
/// each exactly what wz_verifier_verify() decides for it, faster (one batch equation for all
/// signatures).
///
/// `presentations` is an array of `count` buffers (read during the call only). On `WZ_OK`,
/// `out_statuses[i]` receives the decision for presentation `i` (`WZ_OK` or a refusal code of
/// wz_verifier_verify()), and, when `out_verdicts` is not NULL, `out_verdicts[i]` receives a new
/// verdict for an accepted presentation and NULL for a refused one (free each non-NULL verdict
/// with wz_verdict_free()). With a `cache`, accepted presentations are recorded in array order,
/// so a presentation that appears twice in one batch is accepted once. Per-presentation
/// refusals do not set wz_last_error_message().
///
/// Returns `WZ_OK` when the batch ran (whatever the decisions); `WZ_NULL_ARGUMENT` when
/// `verifier` or `out_statuses` is NULL (or `presentations` is NULL, with `count` > 0), or a
/// buffer's `data` is NULL with a non-zero `len`; `WZ_INVALID_LENGTH` for lengths beyond
/// `PTRDIFF_MAX`. Nothing is written unless it returns `WZ_OK`. Thread-safe like
/// wz_verifier_verify().
///
/// # Safety
///
/// `verifier` is NULL or a live verifier; `presentations` is NULL or valid for reads of `count`
/// buffers, each valid as its `data` and `len` say; `cache` is NULL or a live replay cache;
/// `out_statuses` is NULL or valid for writes of `count` statuses; `out_verdicts` is NULL or
/// valid for writes of `count` pointers.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verifier_verify_batch(
    verifier: *const wz_verifier,
    presentations: *const wz_buffer,
    count: usize,
    now: u64,
    cache: *mut wz_replay_cache,
    out_statuses: *mut wz_status,
    out_verdicts: *mut *mut wz_verdict,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get(verifier, "verifier")? };
        // SAFETY: the function's contract.
        let buffers = unsafe { arg::slice(presentations, count, "presentations")? };
        // SAFETY: the function's contract; the cache is only used through its lock.
        let cache = unsafe { arg::get_opt(cache.cast_const()) };
        if out_statuses.is_null() && count > 0 {
            return Err(Failure::new(wz_status::WZ_NULL_ARGUMENT, "out_statuses"));
        }
        let items = buffers
            .iter()
            // SAFETY: the function's contract covers each buffer.
            .map(|b| unsafe { arg::bytes(b.data, b.len, "presentations[i].data") })
            .collect::<Result<Vec<&[u8]>, Failure>>()?;
        let results = v.inner.verify_batch(&items, now);
        let mut decided: Vec<(wz_status, *mut wz_verdict)> = Vec::with_capacity(count);
        for result in results {
            let decision = result
                .map_err(Failure::from)
                .and_then(|verified| accept(&verified, cache, now).map(|()| verified));
            decided.push(match decision {
                Ok(verified) => (
                    wz_status::WZ_OK,
                    if out_verdicts.is_null() {
                        std::ptr::null_mut()
                    } else {
                        Box::into_raw(Box::new(wz_verdict::new(&verified)))
                    },
                ),
                Err(f) => (f.status, std::ptr::null_mut()),
            });
        }
        for (i, (status, verdict)) in decided.into_iter().enumerate() {
            // SAFETY: `out_statuses` holds `count` statuses (non-NULL when count > 0, checked
            // above), and `i < count`.
            unsafe { out_statuses.add(i).write(status) };
            if !out_verdicts.is_null() {
                // SAFETY: `out_verdicts` holds `count` pointers by the contract, `i < count`.
                unsafe { out_verdicts.add(i).write(verdict) };
            }
        }
        Ok(())
    })
}

// --- replay cache ----------------------------------------------------------------------------

/// Makes a replay cache for at most `capacity` presentations (at least 1). `seed` keys its hash
/// table: pass a random value. Size it for the busiest validity window: a gate at 300
/// presentations per second with a 120 s window needs 36 000 entries (about 24 bytes each).
/// When full, the oldest entry leaves and presentations whose window ends before it are refused
/// as replayed: eviction never lets a replay through.
///
/// Returns `WZ_OK` and writes `*out_cache` (free with wz_replay_cache_free());
/// `WZ_NULL_ARGUMENT` when `out_cache` is NULL. Thread-safe.
///
/// # Safety
///
/// `out_cache` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_replay_cache_new(
    capacity: usize,
    seed: u64,
    out_cache: *mut *mut wz_replay_cache,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_cache, "out_cache")? };
        out.write_box(wz_replay_cache {
            inner: SharedReplayCache::new(capacity, seed),
        });
        Ok(())
    })
}

/// The number of presentations the cache holds; 0 when `cache` is NULL. Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live replay cache.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_replay_cache_len(cache: *const wz_replay_cache) -> usize {
    guard_value(0, || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(cache) }.map_or(0, |c| c.inner.len())
    })
}

/// Frees a replay cache. NULL does nothing.
///
/// # Safety
///
/// `cache` is NULL or a cache from wz_replay_cache_new() that has not been freed and that no
/// other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_replay_cache_free(cache: *mut wz_replay_cache) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(cache) })
}

// --- verdict ---------------------------------------------------------------------------------

/// Frees a verdict and its attributes. NULL does nothing.
///
/// # Safety
///
/// `verdict` is NULL or a verdict from this library that has not been freed and that no other
/// thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_free(verdict: *mut wz_verdict) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(verdict) })
}

/// Reads a field of a verdict, or returns `fallback` for NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
unsafe fn field<T: Copy>(
    verdict: *const wz_verdict,
    fallback: T,
    f: impl FnOnce(&wz_verdict) -> T,
) -> T {
    guard_value(fallback, || {
        // SAFETY: the caller's contract.
        unsafe { arg::get_opt(verdict) }.map_or(fallback, f)
    })
}

/// The credential's level (`WZ_LEVEL_LIGHT` or `WZ_LEVEL_UPGRADED`); 0 when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_level(verdict: *const wz_verdict) -> RawLevel {
    // SAFETY: the function's contract.
    unsafe { field(verdict, 0, |v| v.level as u32) }
}

/// The credential's identifier: `WZ_CREDENTIAL_ID_LEN` (16) bytes, a per-credential pseudonym,
/// the same in every presentation of this credential. The pointer is valid until the verdict is
/// freed; NULL when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_credential_id(verdict: *const wz_verdict) -> *const u8 {
    // SAFETY: the function's contract.
    unsafe { field(verdict, std::ptr::null(), |v| v.credential_id.as_ptr()) }
}

/// The key identifier (`WZ_KEY_ID_LEN`, 8 bytes) of the issuer key that signed the credential.
/// Valid until the verdict is freed; NULL when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_issuer_key_id(verdict: *const wz_verdict) -> *const u8 {
    // SAFETY: the function's contract.
    unsafe { field(verdict, std::ptr::null(), |v| v.issuer_key_id.as_ptr()) }
}

/// The credential's generation (a newer generation supersedes older ones); 0 when `verdict` is
/// NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_generation(verdict: *const wz_verdict) -> u64 {
    // SAFETY: the function's contract.
    unsafe { field(verdict, 0, |v| v.generation) }
}

/// When the credential was issued (Unix seconds); 0 when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_issued_at(verdict: *const wz_verdict) -> u64 {
    // SAFETY: the function's contract.
    unsafe { field(verdict, 0, |v| v.issued_at) }
}

/// When the credential expires (Unix seconds); 0 when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_expires_at(verdict: *const wz_verdict) -> u64 {
    // SAFETY: the function's contract.
    unsafe { field(verdict, 0, |v| v.expires_at) }
}

/// When the presentation was made (Unix seconds, the phone's clock); 0 when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_presented_at(verdict: *const wz_verdict) -> u64 {
    // SAFETY: the function's contract.
    unsafe { field(verdict, 0, |v| v.presented_at) }
}

/// The last time (Unix seconds) at which this presentation is fresh enough to accept; a replay
/// cache remembers it until then. 0 when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_fresh_until(verdict: *const wz_verdict) -> u64 {
    // SAFETY: the function's contract.
    unsafe { field(verdict, 0, |v| v.fresh_until) }
}

/// What the verifier learned about the credential's status: `WZ_STATUS_CHECK_GOOD`,
/// `WZ_STATUS_CHECK_NOT_PUBLISHED` or `WZ_STATUS_CHECK_UNDETERMINED`; 0 when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_status_check(verdict: *const wz_verdict) -> RawStatusCheck {
    // SAFETY: the function's contract.
    unsafe { field(verdict, 0, |v| v.status_check as u32) }
}

/// The audience (verifier identifier) of the request the presentation answered, as a
/// NUL-terminated UTF-8 string valid until the verdict is freed; NULL for a non-interactive
/// presentation or when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_audience(verdict: *const wz_verdict) -> *const c_char {
    // SAFETY: the function's contract.
    unsafe {
        field(verdict, std::ptr::null(), |v| {
            v.audience.as_ref().map_or(std::ptr::null(), |a| a.as_ptr())
        })
    }
}

/// How many attributes the presentation disclosed (0 for "I am me"); 0 when `verdict` is NULL.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_attribute_count(verdict: *const wz_verdict) -> usize {
    // SAFETY: the function's contract.
    unsafe { field(verdict, 0, |v| v.attributes.len()) }
}

/// The disclosed attribute at `index` (0 ≤ index < wz_verdict_attribute_count(), in the
/// presentation's order), borrowed from the verdict: valid until the verdict is freed, never
/// freed on its own. NULL when `verdict` is NULL or `index` is out of range.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_attribute_at(
    verdict: *const wz_verdict,
    index: usize,
) -> *const wz_attribute {
    // SAFETY: the function's contract.
    unsafe {
        field(verdict, std::ptr::null(), |v| {
            v.attributes
                .get(index)
                .map_or(std::ptr::null(), |a| a as *const wz_attribute)
        })
    }
}

/// Looks up the disclosed attribute called `name` (`"full_name"`, `"age_over_18"`,
/// `"namespace/name"`, ...), borrowed from the verdict as in wz_verdict_attribute_at().
///
/// Returns `WZ_OK` and writes `*out_attribute`; `WZ_NOT_FOUND` when the presentation did not
/// disclose it; `WZ_INVALID_ARGUMENT` when `name` is not an attribute name (a typo is not
/// mistaken for "not disclosed"); `WZ_NULL_ARGUMENT`; `WZ_INVALID_UTF8`.
///
/// # Safety
///
/// `verdict` is NULL or a live verdict; `name` is NULL or a NUL-terminated string;
/// `out_attribute` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_verdict_attribute(
    verdict: *const wz_verdict,
    name: *const c_char,
    out_attribute: *mut *const wz_attribute,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let v = unsafe { arg::get(verdict, "verdict")? };
        // SAFETY: the function's contract.
        let name = unsafe { arg::string(name, "name")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_attribute, "out_attribute")? };
        out.write(find_attribute(&v.attributes, name)?);
        Ok(())
    })
}

/// The attribute called `name` among `attributes`: `WZ_INVALID_ARGUMENT` when `name` is not an
/// attribute name, `WZ_NOT_FOUND` when none has it.
pub(crate) fn find_attribute<'a>(
    attributes: &'a [wz_attribute],
    name: &str,
) -> Result<&'a wz_attribute, Failure> {
    let canonical = AttributeId::parse(name)?.name().into_owned();
    attributes
        .iter()
        .find(|a| a.name.as_bytes() == canonical.as_bytes())
        .ok_or_else(|| Failure::new(wz_status::WZ_NOT_FOUND, "attribute not disclosed"))
}

// --- attribute -------------------------------------------------------------------------------

/// The attribute's name (`"full_name"`, `"age_over_18"`, ...), NUL-terminated, valid until its
/// verdict is freed; NULL when `attribute` is NULL.
///
/// # Safety
///
/// `attribute` is NULL or an attribute of a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_attribute_name(attribute: *const wz_attribute) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(attribute) }.map_or(std::ptr::null(), |a| a.name.as_ptr())
    })
}

/// The type of the attribute's value (a `WZ_VALUE_TYPE_*` constant); 0 when `attribute` is
/// NULL.
///
/// # Safety
///
/// `attribute` is NULL or an attribute of a live verdict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_attribute_value_type(attribute: *const wz_attribute) -> RawValueType {
    guard_value(0, || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(attribute) }.map_or(0, |a| a.value_type() as u32)
    })
}

/// The attribute's value as text, for display and logs of what was disclosed: text values as
/// they are; `"male"`/`"female"`; ethnicity and integers in decimal; dates as `YYYY-MM-DD`;
/// card validity as `YYYY-MM-DD/YYYY-MM-DD` or `YYYY-MM-DD/long-term`; `"true"`/`"false"`;
/// bytes (portrait, byte extras) in lowercase hex.
///
/// Returns a NUL-terminated UTF-8 string valid until the verdict is freed, and writes its length
/// in bytes to `*out_len` when `out_len` is not NULL. A text value may itself contain a NUL
/// character (the format allows any UTF-8); use the length when that matters. Returns NULL (and
/// writes nothing) when `attribute` is NULL.
///
/// # Safety
///
/// `attribute` is NULL or an attribute of a live verdict; `out_len` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_attribute_text(
    attribute: *const wz_attribute,
    out_len: *mut usize,
) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: the function's contract.
        let Some(a) = (unsafe { arg::get_opt(attribute) }) else {
            return std::ptr::null();
        };
        // SAFETY: the function's contract.
        if let Some(out) = unsafe { Out::optional(out_len) } {
            out.write(a.text.len() - 1);
        }
        a.text.as_ptr().cast()
    })
}

/// Reads a boolean attribute (`age_over_NN`, boolean extras).
///
/// Returns `WZ_OK` and writes `*out_value`; `WZ_WRONG_TYPE` for another type;
/// `WZ_NULL_ARGUMENT`.
///
/// # Safety
///
/// `attribute` is NULL or an attribute of a live verdict; `out_value` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_attribute_bool(
    attribute: *const wz_attribute,
    out_value: *mut bool,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let a = unsafe { arg::get(attribute, "attribute")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_value, "out_value")? };
        match a.value {
            Value::Bool(b) => out.write(b),
            _ => {
                return Err(Failure::new(
                    wz_status::WZ_WRONG_TYPE,
                    "attribute is not a boolean",
                ));
            }
        }
        Ok(())
    })
}

/// Reads an attribute as an integer: integer extras; `sex` (1 male, 2 female); `ethnicity`
/// (GB 3304 code); `birth_date` (YYYYMMDD).
///
/// Returns `WZ_OK` and writes `*out_value`; `WZ_WRONG_TYPE` for another type;
/// `WZ_NULL_ARGUMENT`.
///
/// # Safety
///
/// `attribute` is NULL or an attribute of a live verdict; `out_value` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_attribute_int(
    attribute: *const wz_attribute,
    out_value: *mut i64,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let a = unsafe { arg::get(attribute, "attribute")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_value, "out_value")? };
        let v = match a.value {
            Value::Int(i) => i,
            Value::Sex(c) | Value::Ethnicity(c) => i64::from(c),
            Value::Date(d) => i64::from(d),
            _ => {
                return Err(Failure::new(
                    wz_status::WZ_WRONG_TYPE,
                    "attribute is not an integer",
                ));
            }
        };
        out.write(v);
        Ok(())
    })
}

/// Reads an attribute's bytes: the JPEG of `portrait`, byte extras, the UTF-8 of text values
/// (without a NUL), or the CBOR of a `WZ_VALUE_TYPE_CBOR` value.
///
/// Returns `WZ_OK` and writes `*out_data` (valid until the verdict is freed; may be NULL when
/// `*out_len` is 0) and `*out_len`; `WZ_WRONG_TYPE` for another type; `WZ_NULL_ARGUMENT`.
///
/// # Safety
///
/// `attribute` is NULL or an attribute of a live verdict; the out pointers are NULL or valid
/// for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_attribute_bytes(
    attribute: *const wz_attribute,
    out_data: *mut *const u8,
    out_len: *mut usize,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let a = unsafe { arg::get(attribute, "attribute")? };
        // SAFETY: the function's contract.
        let data = unsafe { Out::new(out_data, "out_data")? };
        // SAFETY: the function's contract.
        let len = unsafe { Out::new(out_len, "out_len")? };
        let bytes: &[u8] = match &a.value {
            Value::Portrait(b) | Value::Bytes(b) | Value::Cbor(b) => b,
            Value::Text => &a.text[..a.text.len() - 1],
            _ => {
                return Err(Failure::new(
                    wz_status::WZ_WRONG_TYPE,
                    "attribute has no bytes",
                ));
            }
        };
        data.write(bytes.as_ptr());
        len.write(bytes.len());
        Ok(())
    })
}

/// Reads `card_validity`: the first day of validity and the last (YYYYMMDD), the last being 0
/// for a long-term (长期) card.
///
/// Returns `WZ_OK` and writes both; `WZ_WRONG_TYPE` for another attribute;
/// `WZ_NULL_ARGUMENT`.
///
/// # Safety
///
/// `attribute` is NULL or an attribute of a live verdict; the out pointers are NULL or valid
/// for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_attribute_card_validity(
    attribute: *const wz_attribute,
    out_from: *mut u32,
    out_until: *mut u32,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let a = unsafe { arg::get(attribute, "attribute")? };
        // SAFETY: the function's contract.
        let from = unsafe { Out::new(out_from, "out_from")? };
        // SAFETY: the function's contract.
        let until = unsafe { Out::new(out_until, "out_until")? };
        match a.value {
            Value::CardValidity(f, u) => {
                from.write(f);
                until.write(u);
            }
            _ => {
                return Err(Failure::new(
                    wz_status::WZ_WRONG_TYPE,
                    "attribute is not card_validity",
                ));
            }
        }
        Ok(())
    })
}
