//! Reading arguments from C: typed pointer casts with NULL checks, byte buffers, strings,
//! enum numbers, fixed-length keys, and out-parameters that are written only on success.
//!
//! Every function here is `unsafe` with the same contract as the exported function that calls
//! it: a non-NULL pointer points to what its type says, for as long as the call lasts. NULL is
//! the one invalid pointer the library can detect, and it does, on every argument.

use crate::status::{Failure, wz_status};
use std::ffi::{CStr, c_char};
use std::ptr::NonNull;

/// `&T` from a pointer that must not be NULL.
///
/// # Safety
///
/// `p` is NULL or points to a live `T` that nothing mutates for the returned lifetime.
pub(crate) unsafe fn get<'a, T>(p: *const T, what: &str) -> Result<&'a T, Failure> {
    // SAFETY: the caller's contract.
    unsafe { p.as_ref() }.ok_or_else(|| Failure::new(wz_status::WZ_NULL_ARGUMENT, what))
}

/// `&mut T` from a pointer that must not be NULL.
///
/// # Safety
///
/// `p` is NULL or points to a live `T` that nothing else uses for the returned lifetime.
pub(crate) unsafe fn get_mut<'a, T>(p: *mut T, what: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: the caller's contract.
    unsafe { p.as_mut() }.ok_or_else(|| Failure::new(wz_status::WZ_NULL_ARGUMENT, what))
}

/// `Option<&T>` from a pointer that may be NULL.
///
/// # Safety
///
/// As [`get`].
pub(crate) unsafe fn get_opt<'a, T>(p: *const T) -> Option<&'a T> {
    // SAFETY: the caller's contract.
    unsafe { p.as_ref() }
}

/// A byte buffer `(data, len)`. `(NULL, 0)` is the empty buffer; NULL with a length is an
/// error.
///
/// # Safety
///
/// `data` is NULL or valid for reads of `len` bytes that nothing mutates for the returned
/// lifetime.
pub(crate) unsafe fn bytes<'a>(
    data: *const u8,
    len: usize,
    what: &str,
) -> Result<&'a [u8], Failure> {
    if data.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::new(wz_status::WZ_NULL_ARGUMENT, what))
        };
    }
    if len > isize::MAX as usize {
        return Err(Failure::new(wz_status::WZ_INVALID_LENGTH, what));
    }
    // SAFETY: non-NULL, and the caller's contract covers `len` bytes.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

/// A buffer that must hold exactly `N` bytes (a key, a seed, a nonce).
///
/// # Safety
///
/// As [`bytes`].
pub(crate) unsafe fn array<const N: usize>(
    data: *const u8,
    len: usize,
    what: &str,
) -> Result<[u8; N], Failure> {
    if data.is_null() {
        return Err(Failure::new(wz_status::WZ_NULL_ARGUMENT, what));
    }
    // SAFETY: the caller's contract.
    let b = unsafe { bytes(data, len, what)? };
    b.try_into().map_err(|_| {
        Failure::new(
            wz_status::WZ_INVALID_LENGTH,
            &format!("{what} must be {N} bytes"),
        )
    })
}

/// A NUL-terminated UTF-8 string that must not be NULL.
///
/// # Safety
///
/// `s` is NULL or points to a NUL-terminated string that nothing mutates for the returned
/// lifetime.
pub(crate) unsafe fn string<'a>(s: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if s.is_null() {
        return Err(Failure::new(wz_status::WZ_NULL_ARGUMENT, what));
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    unsafe { CStr::from_ptr(s) }
        .to_str()
        .map_err(|_| Failure::new(wz_status::WZ_INVALID_UTF8, what))
}

/// An array of `count` NUL-terminated UTF-8 strings. `(NULL, 0)` is the empty array.
///
/// # Safety
///
/// `items` is NULL or valid for reads of `count` pointers, each as in [`string`].
pub(crate) unsafe fn strings<'a>(
    items: *const *const c_char,
    count: usize,
    what: &str,
) -> Result<Vec<&'a str>, Failure> {
    if items.is_null() {
        return if count == 0 {
            Ok(Vec::new())
        } else {
            Err(Failure::new(wz_status::WZ_NULL_ARGUMENT, what))
        };
    }
    if count > isize::MAX as usize / size_of::<*const c_char>() {
        return Err(Failure::new(wz_status::WZ_INVALID_LENGTH, what));
    }
    // SAFETY: non-NULL, and the caller's contract covers `count` pointers.
    let ptrs = unsafe { std::slice::from_raw_parts(items, count) };
    ptrs.iter()
        // SAFETY: each pointer as in `string`, by the caller's contract.
        .map(|p| unsafe { string(*p, what) })
        .collect()
}

/// An array of `count` values of a plain C type. `(NULL, 0)` is the empty array.
///
/// # Safety
///
/// `items` is NULL or valid for reads of `count` values of `T`.
pub(crate) unsafe fn slice<'a, T>(
    items: *const T,
    count: usize,
    what: &str,
) -> Result<&'a [T], Failure> {
    if items.is_null() {
        return if count == 0 {
            Ok(&[])
        } else {
            Err(Failure::new(wz_status::WZ_NULL_ARGUMENT, what))
        };
    }
    if count > isize::MAX as usize / size_of::<T>().max(1) {
        return Err(Failure::new(wz_status::WZ_INVALID_LENGTH, what));
    }
    // SAFETY: non-NULL, and the caller's contract covers `count` values.
    Ok(unsafe { std::slice::from_raw_parts(items, count) })
}

/// An out-parameter: checked for NULL before the work, written after it succeeded.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// # Safety
    ///
    /// `p` is NULL or valid for a write of `T` until the exported function returns.
    pub(crate) unsafe fn new(p: *mut T, what: &str) -> Result<Out<T>, Failure> {
        NonNull::new(p)
            .map(Out)
            .ok_or_else(|| Failure::new(wz_status::WZ_NULL_ARGUMENT, what))
    }

    /// An out-parameter the caller may pass as NULL when it does not want the value.
    ///
    /// # Safety
    ///
    /// As [`Out::new`].
    pub(crate) unsafe fn optional(p: *mut T) -> Option<Out<T>> {
        NonNull::new(p).map(Out)
    }

    /// Writes the value (without reading or dropping what was there).
    pub(crate) fn write(self, value: T) {
        // SAFETY: valid for a write of `T`, by the contract of `Out::new`.
        unsafe { self.0.as_ptr().write(value) }
    }
}

impl<T> Out<*mut T> {
    /// Moves `value` to the heap and writes the pointer: a new handle for the caller.
    pub(crate) fn write_box(self, value: T) {
        self.write(Box::into_raw(Box::new(value)));
    }
}

/// Frees a handle made by [`Out::write_box`]; NULL does nothing.
///
/// # Safety
///
/// `p` is NULL or a pointer the library handed out as a `T` handle and has not freed.
pub(crate) unsafe fn free<T>(p: *mut T) {
    if !p.is_null() {
        // SAFETY: the caller's contract: `p` came from `Box::into_raw` in `write_box`.
        drop(unsafe { Box::from_raw(p) });
    }
}
