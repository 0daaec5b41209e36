//! The authority's side, for C back ends and tests: issuers, person records, issuance,
//! status lists and trust lists.

use crate::arg::{self, Out};
use crate::signer::wz_signer;
use crate::status::{Failure, guard, guard_value, wz_status};
use crate::types::{
    RawCredentialStatus, RawLevel, RawObjectKind, RawSex, WZ_NONCE_LEN, WZ_RANDOM_LEN, WZ_SEED_LEN,
    credential_status, give_bytes, level, object_kind, sex, wz_bytes,
};
use crate::verifier::public_key;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::ffi::c_char;
use wz_core::{
    CardValidity, Date, ExtraValue, IssueOptions, Issued, Issuer, PersonRecord, StatusListBuilder,
    StatusRef, TrustList, TrustedIssuer,
};
use zeroize::Zeroizing;

/// An issuer: a signing key and the rules for issuing with it.
///
/// Made by wz_issuer_new(), freed with wz_issuer_free() (which zeroizes the key). Immutable:
/// any number of threads may issue with one issuer at the same time.
#[derive(Debug)]
pub struct wz_issuer {
    inner: Issuer,
}

/// What the authority knows about a person, from the card's chip data: the input to
/// wz_issuer_issue().
///
/// Made by wz_person_new(), completed with wz_person_set_portrait() and wz_person_add_extra_*(),
/// freed with wz_person_free(). Holds personal data: free it as soon as the credential is
/// issued. Not synchronized: do not change it while another thread uses it.
#[derive(Clone)]
pub struct wz_person {
    inner: PersonRecord,
}

impl std::fmt::Debug for wz_person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("wz_person { .. personal data hidden .. }")
    }
}

/// The decisions the authority made before issuing: the proven level (default light), the
/// generation (default 1), the `age_over_NN` flags to derive (default 16, 18 and 60) and the
/// status-list entry (default none).
///
/// Made by wz_issue_options_new(), freed with wz_issue_options_free(). Not synchronized.
#[derive(Debug, Clone, Default)]
pub struct wz_issue_options {
    inner: IssueOptions,
}

/// The result of issuance: the credential package for the wallet, the credential, its
/// identifier and its expiry (what the issuer records).
///
/// Made by wz_issuer_issue(), freed with wz_issued_free(). Immutable.
#[derive(Debug)]
pub struct wz_issued {
    inner: Issued,
}

/// A status list being built: every entry starts good.
///
/// Made by wz_status_list_builder_new(), signed with wz_issuer_sign_status_list(), freed with
/// wz_status_list_builder_free(). Not synchronized.
#[derive(Debug)]
pub struct wz_status_list_builder {
    inner: StatusListBuilder,
}

/// A trust list being built: the issuer keys the authority trusts and what each may sign.
///
/// Made by wz_trust_list_builder_new(), signed with wz_trust_list_builder_sign(), freed with
/// wz_trust_list_builder_free(). Not synchronized.
#[derive(Debug, Default)]
pub struct wz_trust_list_builder {
    issuers: Vec<TrustedIssuer>,
}

/// A random number generator seeded with the caller's 32 fresh random bytes.
///
/// # Safety
///
/// As [`arg::array`].
unsafe fn rng(random: *const u8, random_len: usize) -> Result<ChaCha20Rng, Failure> {
    // SAFETY: the caller's contract.
    let seed =
        Zeroizing::new(unsafe { arg::array::<WZ_RANDOM_LEN>(random, random_len, "random")? });
    Ok(ChaCha20Rng::from_seed(*seed))
}

fn date(yyyymmdd: u32, what: &'static str) -> Result<Date, Failure> {
    Date::from_yyyymmdd(u64::from(yyyymmdd))
        .map_err(|_| wz_core::Error::InvalidArgument(what).into())
}

// --- issuer ----------------------------------------------------------------------------------

/// Makes an issuer whose key derives from a 32-byte seed. The library copies the seed; zeroize
/// your copy.
///
/// Returns `WZ_OK` and writes `*out_issuer` (free with wz_issuer_free()); `WZ_NULL_ARGUMENT`
/// when `seed` or `out_issuer` is NULL; `WZ_INVALID_LENGTH` when `seed_len` is not 32.
/// Thread-safe.
///
/// # Safety
///
/// `seed` is NULL or valid for reads of `seed_len` bytes; `out_issuer` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issuer_new(
    seed: *const u8,
    seed_len: usize,
    out_issuer: *mut *mut wz_issuer,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_issuer, "out_issuer")? };
        // SAFETY: the function's contract.
        let seed = Zeroizing::new(unsafe { arg::array::<WZ_SEED_LEN>(seed, seed_len, "seed")? });
        out.write_box(wz_issuer {
            inner: Issuer::from_seed(&seed)?,
        });
        Ok(())
    })
}

/// Frees an issuer, zeroizing its key. NULL does nothing.
///
/// # Safety
///
/// `issuer` is NULL or an issuer from wz_issuer_new() that has not been freed and that no other
/// thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issuer_free(issuer: *mut wz_issuer) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(issuer) })
}

/// The issuer's 32-byte public key (what verifiers pin or find in the trust list), valid until
/// the issuer is freed; NULL when `issuer` is NULL.
///
/// # Safety
///
/// `issuer` is NULL or a live issuer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issuer_public_key(issuer: *const wz_issuer) -> *const u8 {
    guard_value(std::ptr::null(), || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(issuer) }.map_or(std::ptr::null(), |i| {
            i.inner.public_key().as_bytes().as_ptr()
        })
    })
}

/// Checks a wallet's issuance request (its proof of possession of the device key over
/// `nonce`, the 16 random bytes the issuer sent it, and its age) and issues a credential for
/// `person`, bound to the request's device key.
///
/// `options` may be NULL for the defaults (see wz_issue_options). `random` is 32 fresh random
/// bytes (salts, decoys and the credential identifier derive from them). Inputs are read during
/// the call only.
///
/// Returns `WZ_OK` and writes `*out_issued` (free with wz_issued_free());
/// `WZ_NULL_ARGUMENT` when `issuer`, `nonce`, `person`, `random` or `out_issued` is NULL, or
/// `request` is NULL with a non-zero length; `WZ_INVALID_LENGTH` for a nonce that is not 16
/// bytes or randomness that is not 32; for the request `WZ_MALFORMED`, `WZ_NON_CANONICAL`,
/// `WZ_TOO_LARGE`, `WZ_UNSUPPORTED`, `WZ_WRONG_KIND`, `WZ_WEAK_KEY`, `WZ_DEVICE_KEY_MISMATCH`,
/// `WZ_BAD_SIGNATURE`, `WZ_NONCE_MISMATCH` (another nonce), `WZ_STALE_PRESENTATION` (older
/// than 300 s), `WZ_NOT_YET_VALID`; `WZ_LEVEL_TOO_LOW` when the request asks for a level above
/// the proven one; `WZ_INVALID_ARGUMENT` when the person record is invalid (the message names
/// the field), has too many attributes, or the card has expired. Thread-safe.
///
/// # Safety
///
/// `issuer`, `person` and `options` are NULL or live objects of this library; `request`,
/// `nonce` and `random` are NULL or valid for reads of their lengths; `out_issued` is NULL or
/// valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issuer_issue(
    issuer: *const wz_issuer,
    request: *const u8,
    request_len: usize,
    nonce: *const u8,
    nonce_len: usize,
    person: *const wz_person,
    options: *const wz_issue_options,
    random: *const u8,
    random_len: usize,
    now: u64,
    out_issued: *mut *mut wz_issued,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let issuer = unsafe { arg::get(issuer, "issuer")? };
        // SAFETY: the function's contract.
        let request = unsafe { arg::bytes(request, request_len, "request")? };
        // SAFETY: the function's contract.
        let nonce = unsafe { arg::array::<WZ_NONCE_LEN>(nonce, nonce_len, "nonce")? };
        // SAFETY: the function's contract.
        let person = unsafe { arg::get(person, "person")? };
        // SAFETY: the function's contract.
        let defaults = wz_issue_options::default();
        // SAFETY: the function's contract.
        let options = unsafe { arg::get_opt(options) }.unwrap_or(&defaults);
        // SAFETY: the function's contract.
        let mut rng = unsafe { rng(random, random_len)? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_issued, "out_issued")? };
        let checked = issuer.inner.check_request(request, &nonce, now)?;
        let issued = issuer
            .inner
            .issue(&checked, &person.inner, &options.inner, &mut rng, now)?;
        out.write_box(wz_issued { inner: issued });
        Ok(())
    })
}

/// Signs a status list with the issuer's key. `next_update` is when the next list is due
/// (after it, verifiers treat this list's entries as undetermined); at most 7 days after
/// `issued_at`.
///
/// Returns `WZ_OK` and writes `*out_status_list` (free with wz_bytes_free());
/// `WZ_NULL_ARGUMENT`; `WZ_INVALID_ARGUMENT` when `next_update` is not after `issued_at` or more
/// than 7 days after it; `WZ_TOO_LARGE` when the compressed list exceeds the size limit.
/// Thread-safe (the builder must not change meanwhile).
///
/// # Safety
///
/// `issuer` and `builder` are NULL or live objects of this library; `out_status_list` is NULL
/// or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issuer_sign_status_list(
    issuer: *const wz_issuer,
    builder: *const wz_status_list_builder,
    issued_at: u64,
    next_update: u64,
    out_status_list: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let issuer = unsafe { arg::get(issuer, "issuer")? };
        // SAFETY: the function's contract.
        let builder = unsafe { arg::get(builder, "builder")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_status_list, "out_status_list")? };
        let bytes = issuer
            .inner
            .sign_status_list(&builder.inner, issued_at, next_update)?;
        give_bytes(out, bytes);
        Ok(())
    })
}

// --- person ----------------------------------------------------------------------------------

/// Makes a person record from the card's fields. Strings are NUL-terminated UTF-8 and copied;
/// dates are YYYYMMDD integers; `card_valid_until` is 0 for a long-term (长期) card. The fields
/// are checked by wz_issuer_issue() (so that one message names the first bad field), except the
/// enum and the dates, checked here.
///
/// Returns `WZ_OK` and writes `*out_person` (free with wz_person_free());
/// `WZ_NULL_ARGUMENT` when a string or `out_person` is NULL; `WZ_INVALID_UTF8`;
/// `WZ_INVALID_ENUM` for a `sex` that is not a `WZ_SEX_*`; `WZ_INVALID_ARGUMENT` for a date that
/// does not exist (1900–2199). Thread-safe.
///
/// # Safety
///
/// The string arguments are NULL or NUL-terminated strings; `out_person` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_person_new(
    full_name: *const c_char,
    sex_code: RawSex,
    ethnicity: u8,
    birth_date: u32,
    address: *const c_char,
    id_number: *const c_char,
    issuing_authority: *const c_char,
    card_valid_from: u32,
    card_valid_until: u32,
    out_person: *mut *mut wz_person,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_person, "out_person")? };
        // SAFETY: the function's contract (each string).
        let (full_name, address, id_number, issuing_authority) = unsafe {
            (
                arg::string(full_name, "full_name")?,
                arg::string(address, "address")?,
                arg::string(id_number, "id_number")?,
                arg::string(issuing_authority, "issuing_authority")?,
            )
        };
        let inner = PersonRecord {
            full_name: full_name.to_owned(),
            sex: sex(sex_code, "sex")?,
            ethnicity,
            birth_date: date(birth_date, "birth_date")?,
            address: address.to_owned(),
            id_number: id_number.to_owned(),
            issuing_authority: issuing_authority.to_owned(),
            card_validity: CardValidity {
                from: date(card_valid_from, "card_valid_from")?,
                until: match card_valid_until {
                    0 => None,
                    d => Some(date(d, "card_valid_until")?),
                },
            },
            portrait: None,
            extras: Vec::new(),
        };
        out.write_box(wz_person { inner });
        Ok(())
    })
}

/// Frees a person record. NULL does nothing.
///
/// # Safety
///
/// `person` is NULL or a record from wz_person_new() that has not been freed and that no other
/// thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_person_free(person: *mut wz_person) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(person) })
}

/// Sets the portrait (a JPEG, at most 64 KiB, checked at issuance), copied; an empty buffer
/// removes it.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `person` is NULL, or `jpeg` is NULL with a non-zero
/// length.
///
/// # Safety
///
/// `person` is NULL or a live record that no other thread is using; `jpeg` is NULL or valid for
/// reads of `jpeg_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_person_set_portrait(
    person: *mut wz_person,
    jpeg: *const u8,
    jpeg_len: usize,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let p = unsafe { arg::get_mut(person, "person")? };
        // SAFETY: the function's contract.
        let jpeg = unsafe { arg::bytes(jpeg, jpeg_len, "jpeg")? };
        p.inner.portrait = (!jpeg.is_empty()).then(|| jpeg.to_vec());
        Ok(())
    })
}

/// Adds an extra attribute `name` (`"namespace/name"`, lowercase) with the given value.
///
/// # Safety
///
/// `person` is NULL or a live record that no other thread is using; `name` is NULL or a
/// NUL-terminated string.
unsafe fn add_extra(
    person: *mut wz_person,
    name: *const c_char,
    value: impl FnOnce() -> Result<ExtraValue, Failure>,
) -> wz_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let p = unsafe { arg::get_mut(person, "person")? };
        // SAFETY: the caller's contract.
        let name = unsafe { arg::string(name, "name")? };
        if !matches!(
            wz_core::AttributeId::parse(name)?,
            wz_core::AttributeId::Extra(_)
        ) {
            return Err(wz_core::Error::InvalidArgument("extra attribute name").into());
        }
        let value = value()?;
        p.inner.extras.push((name.to_owned(), value));
        Ok(())
    })
}

/// Adds a text extra attribute. `name` is `"namespace/name"` (lowercase `[a-z0-9_.-]`, one
/// `/`); both strings are copied.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; `WZ_INVALID_UTF8`; `WZ_INVALID_ARGUMENT` for a name
/// that is not an extra attribute name. The value is checked at issuance.
///
/// # Safety
///
/// `person` is NULL or a live record that no other thread is using; `name` and `value` are NULL
/// or NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_person_add_extra_text(
    person: *mut wz_person,
    name: *const c_char,
    value: *const c_char,
) -> wz_status {
    // SAFETY: the function's contract.
    unsafe {
        add_extra(person, name, || {
            Ok(ExtraValue::Text(arg::string(value, "value")?.to_owned()))
        })
    }
}

/// Adds an integer extra attribute; see wz_person_add_extra_text() for `name` and the codes.
///
/// # Safety
///
/// `person` is NULL or a live record that no other thread is using; `name` is NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_person_add_extra_int(
    person: *mut wz_person,
    name: *const c_char,
    value: i64,
) -> wz_status {
    // SAFETY: the function's contract.
    unsafe { add_extra(person, name, || Ok(ExtraValue::Int(value))) }
}

/// Adds a boolean extra attribute; see wz_person_add_extra_text() for `name` and the codes.
///
/// # Safety
///
/// `person` is NULL or a live record that no other thread is using; `name` is NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_person_add_extra_bool(
    person: *mut wz_person,
    name: *const c_char,
    value: bool,
) -> wz_status {
    // SAFETY: the function's contract.
    unsafe { add_extra(person, name, || Ok(ExtraValue::Bool(value))) }
}

/// Adds a byte-string extra attribute (at most 1024 bytes, checked at issuance), copied; see
/// wz_person_add_extra_text() for `name` and the codes.
///
/// # Safety
///
/// `person` is NULL or a live record that no other thread is using; `name` is NULL or a
/// NUL-terminated string; `value` is NULL or valid for reads of `value_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_person_add_extra_bytes(
    person: *mut wz_person,
    name: *const c_char,
    value: *const u8,
    value_len: usize,
) -> wz_status {
    // SAFETY: the function's contract.
    unsafe {
        add_extra(person, name, || {
            Ok(ExtraValue::Bytes(
                arg::bytes(value, value_len, "value")?.to_vec(),
            ))
        })
    }
}

// --- issue options ---------------------------------------------------------------------------

/// Makes issue options with the defaults: proven level light, generation 1, `age_over_16`,
/// `age_over_18` and `age_over_60` flags, no status-list entry.
///
/// Returns `WZ_OK` and writes `*out_options` (free with wz_issue_options_free());
/// `WZ_NULL_ARGUMENT` when `out_options` is NULL. Thread-safe.
///
/// # Safety
///
/// `out_options` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issue_options_new(
    out_options: *mut *mut wz_issue_options,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_options, "out_options")? };
        out.write_box(wz_issue_options::default());
        Ok(())
    })
}

/// Frees issue options. NULL does nothing.
///
/// # Safety
///
/// `options` is NULL or options from wz_issue_options_new() that have not been freed and that
/// no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issue_options_free(options: *mut wz_issue_options) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(options) })
}

/// Sets the level that identity proofing established; a request for a higher level is refused
/// with `WZ_LEVEL_TOO_LOW`.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; `WZ_INVALID_ENUM`.
///
/// # Safety
///
/// `options` is NULL or live options that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issue_options_set_level(
    options: *mut wz_issue_options,
    proven_level: RawLevel,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let o = unsafe { arg::get_mut(options, "options")? };
        o.inner.proven_level = level(proven_level, "proven_level")?;
        Ok(())
    })
}

/// Sets the generation of this (person, app) credential; a newer generation supersedes older
/// ones.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`.
///
/// # Safety
///
/// `options` is NULL or live options that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issue_options_set_generation(
    options: *mut wz_issue_options,
    generation: u64,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        unsafe { arg::get_mut(options, "options")? }
            .inner
            .generation = generation;
        Ok(())
    })
}

/// Sets the `age_over_NN` flags to derive from the birth date (each NN 1–150, checked at
/// issuance); `(NULL, 0)` derives none. The array is copied.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT` when `options` is NULL, or `thresholds` is NULL with a
/// non-zero count.
///
/// # Safety
///
/// `options` is NULL or live options that no other thread is using; `thresholds` is NULL or
/// valid for reads of `count` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issue_options_set_age_thresholds(
    options: *mut wz_issue_options,
    thresholds: *const u8,
    count: usize,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let o = unsafe { arg::get_mut(options, "options")? };
        // SAFETY: the function's contract.
        let t = unsafe { arg::bytes(thresholds, count, "thresholds")? };
        o.inner.age_thresholds = t.to_vec();
        Ok(())
    })
}

/// Sets where the credential's status is published: entry `index` of status list `list_id`.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`.
///
/// # Safety
///
/// `options` is NULL or live options that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issue_options_set_status(
    options: *mut wz_issue_options,
    list_id: u32,
    index: u32,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        unsafe { arg::get_mut(options, "options")? }.inner.status = Some(StatusRef {
            list: list_id,
            index,
        });
        Ok(())
    })
}

// --- issued ----------------------------------------------------------------------------------

/// Frees an issuance result. NULL does nothing.
///
/// # Safety
///
/// `issued` is NULL or a result from wz_issuer_issue() that has not been freed and that no
/// other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issued_free(issued: *mut wz_issued) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(issued) })
}

/// The credential package to hand to the wallet (`*out_len` bytes, for wz_wallet_store()),
/// valid until `issued` is freed; NULL (and nothing written) when `issued` is NULL.
///
/// # Safety
///
/// `issued` is NULL or a live result; `out_len` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issued_package(
    issued: *const wz_issued,
    out_len: *mut usize,
) -> *const u8 {
    // SAFETY: the function's contract.
    unsafe { issued_bytes(issued, out_len, |i| &i.package) }
}

/// The credential's bytes (also inside the package), valid until `issued` is freed; NULL (and
/// nothing written) when `issued` is NULL.
///
/// # Safety
///
/// `issued` is NULL or a live result; `out_len` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issued_credential(
    issued: *const wz_issued,
    out_len: *mut usize,
) -> *const u8 {
    // SAFETY: the function's contract.
    unsafe { issued_bytes(issued, out_len, |i| &i.credential) }
}

/// # Safety
///
/// As the callers'.
unsafe fn issued_bytes(
    issued: *const wz_issued,
    out_len: *mut usize,
    f: impl FnOnce(&Issued) -> &Vec<u8>,
) -> *const u8 {
    guard_value(std::ptr::null(), || {
        // SAFETY: the caller's contract.
        let Some(i) = (unsafe { arg::get_opt(issued) }) else {
            return std::ptr::null();
        };
        let bytes = f(&i.inner);
        // SAFETY: the caller's contract.
        if let Some(out) = unsafe { Out::optional(out_len) } {
            out.write(bytes.len());
        }
        bytes.as_ptr()
    })
}

/// The credential's identifier (`WZ_CREDENTIAL_ID_LEN`, 16 bytes), valid until `issued` is
/// freed; NULL when `issued` is NULL.
///
/// # Safety
///
/// `issued` is NULL or a live result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issued_credential_id(issued: *const wz_issued) -> *const u8 {
    guard_value(std::ptr::null(), || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(issued) }.map_or(std::ptr::null(), |i| i.inner.credential_id.as_ptr())
    })
}

/// When the credential expires (Unix seconds); 0 when `issued` is NULL.
///
/// # Safety
///
/// `issued` is NULL or a live result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_issued_expires_at(issued: *const wz_issued) -> u64 {
    guard_value(0, || {
        // SAFETY: the function's contract.
        unsafe { arg::get_opt(issued) }.map_or(0, |i| i.inner.expires_at)
    })
}

// --- status list builder ---------------------------------------------------------------------

/// Makes a status list `list_id` of `count` entries, all good.
///
/// Returns `WZ_OK` and writes `*out_builder` (free with wz_status_list_builder_free());
/// `WZ_NULL_ARGUMENT`; `WZ_INVALID_ARGUMENT` for more than 2^26 entries. Thread-safe.
///
/// # Safety
///
/// `out_builder` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_status_list_builder_new(
    list_id: u32,
    count: u32,
    out_builder: *mut *mut wz_status_list_builder,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_builder, "out_builder")? };
        out.write_box(wz_status_list_builder {
            inner: StatusListBuilder::new(list_id, count)?,
        });
        Ok(())
    })
}

/// Frees a status list builder. NULL does nothing.
///
/// # Safety
///
/// `builder` is NULL or a builder from wz_status_list_builder_new() that has not been freed and
/// that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_status_list_builder_free(builder: *mut wz_status_list_builder) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(builder) })
}

/// Sets entry `index` to `status` (a `WZ_CREDENTIAL_STATUS_*`).
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; `WZ_INVALID_ENUM`; `WZ_INVALID_ARGUMENT` for an index
/// past the end.
///
/// # Safety
///
/// `builder` is NULL or a live builder that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_status_list_builder_set(
    builder: *mut wz_status_list_builder,
    index: u32,
    status: RawCredentialStatus,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let b = unsafe { arg::get_mut(builder, "builder")? };
        let status = credential_status(status, "status")?;
        b.inner.set(index, status)?;
        Ok(())
    })
}

// --- trust list builder ----------------------------------------------------------------------

/// Makes an empty trust list builder.
///
/// Returns `WZ_OK` and writes `*out_builder` (free with wz_trust_list_builder_free());
/// `WZ_NULL_ARGUMENT`. Thread-safe.
///
/// # Safety
///
/// `out_builder` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_trust_list_builder_new(
    out_builder: *mut *mut wz_trust_list_builder,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_builder, "out_builder")? };
        out.write_box(wz_trust_list_builder::default());
        Ok(())
    })
}

/// Frees a trust list builder. NULL does nothing.
///
/// # Safety
///
/// `builder` is NULL or a builder from wz_trust_list_builder_new() that has not been freed and
/// that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_trust_list_builder_free(builder: *mut wz_trust_list_builder) {
    // SAFETY: the function's contract.
    guard_value((), || unsafe { arg::free(builder) })
}

/// Adds a trusted issuer key: it may sign objects of the `kind_count` kinds in `kinds`
/// (`WZ_OBJECT_KIND_*`) dated from `valid_from` (inclusive) to `valid_until` (exclusive), and
/// issue credentials of the `level_count` levels in `levels`. The arrays are copied; order and
/// repeats do not matter. Entries are checked when the list is signed.
///
/// Returns `WZ_OK`; `WZ_NULL_ARGUMENT`; `WZ_INVALID_LENGTH` when `key_len` is not 32;
/// `WZ_WEAK_KEY`; `WZ_INVALID_ENUM` for a level or kind that is not one of the constants.
///
/// # Safety
///
/// `builder` is NULL or a live builder that no other thread is using; `key` is NULL or valid
/// for reads of `key_len` bytes; `levels` and `kinds` are NULL or valid for reads of their
/// counts.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_trust_list_builder_add_issuer(
    builder: *mut wz_trust_list_builder,
    key: *const u8,
    key_len: usize,
    valid_from: u64,
    valid_until: u64,
    levels: *const RawLevel,
    level_count: usize,
    kinds: *const RawObjectKind,
    kind_count: usize,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let b = unsafe { arg::get_mut(builder, "builder")? };
        // SAFETY: the function's contract.
        let key = unsafe { public_key(key, key_len, "key")? };
        // SAFETY: the function's contract.
        let levels = unsafe { arg::slice(levels, level_count, "levels")? }
            .iter()
            .map(|l| level(*l, "levels"))
            .collect::<Result<Vec<_>, _>>()?;
        // SAFETY: the function's contract.
        let kinds = unsafe { arg::slice(kinds, kind_count, "kinds")? }
            .iter()
            .map(|k| object_kind(*k, "kinds"))
            .collect::<Result<Vec<_>, _>>()?;
        b.issuers.push(TrustedIssuer {
            key,
            valid_from,
            valid_until,
            levels,
            kinds,
        });
        Ok(())
    })
}

/// Signs the trust list with the authority's root key. `sequence` must grow with every new
/// list (verifiers refuse a lower one); `next_update` is when the next list is due.
///
/// Returns `WZ_OK` and writes `*out_trust_list` (free with wz_bytes_free());
/// `WZ_NULL_ARGUMENT`; `WZ_INVALID_ARGUMENT` for no entries, more than 256, a repeated key, an
/// entry with no level or kind or an empty window, or `next_update` not after `issued_at`;
/// `WZ_SIGNER_FAILED` when a callback signer fails. Thread-safe (the builder must not change
/// meanwhile).
///
/// # Safety
///
/// `builder` and `root` are NULL or live objects of this library; `out_trust_list` is NULL or
/// valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wz_trust_list_builder_sign(
    builder: *const wz_trust_list_builder,
    root: *const wz_signer,
    sequence: u64,
    issued_at: u64,
    next_update: u64,
    out_trust_list: *mut *mut wz_bytes,
) -> wz_status {
    guard(|| {
        // SAFETY: the function's contract.
        let b = unsafe { arg::get(builder, "builder")? };
        // SAFETY: the function's contract.
        let root = unsafe { arg::get(root, "root")? };
        // SAFETY: the function's contract.
        let out = unsafe { Out::new(out_trust_list, "out_trust_list")? };
        let bytes = TrustList::sign(&root.inner, sequence, issued_at, next_update, &b.issuers)?;
        give_bytes(out, bytes);
        Ok(())
    })
}
