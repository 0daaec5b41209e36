//! # wangzheng C ABI
//!
//! The `wz_` functions that C programs (verifier terminals, back ends, tests) call to verify
//! and make wangzheng (网证) credentials with the same code the wallets run. The library is
//! `libwangzheng.so` / `libwangzheng.a`; the header `include/wangzheng.h` is generated from this
//! crate by `cargo xtask header`; docs/c-api.md is the conventions page.
//!
//! Conventions (those of rustls-ffi): opaque handles made by `_new`/`_decode`/... and freed by
//! NULL-safe `_free`; every fallible function returns a [`wz_status`] (`WZ_OK` = 0) and writes
//! its `out_*` parameters (last) only on success; a `const` first argument is not modified;
//! buffers are `(const uint8_t *, size_t)`; bytes the library returns are freed by the library;
//! every pointer is checked for NULL; every export runs behind a panic boundary; the message of
//! the last failure is kept per thread ([`status::wz_last_error_message`]).
//!
//! All of the project's `unsafe` code is in this crate: the core stays `forbid(unsafe_code)`.

// C names: `wz_verifier`, `WZ_OK`.
#![allow(non_camel_case_types)]

mod arg;
#[cfg(feature = "uniffi")]
pub mod binding;
pub mod issuer;
pub mod online;
pub mod qr;
pub mod request;
pub mod signer;
pub mod status;
pub mod types;
pub mod verifier;
pub mod wallet;

use std::ffi::c_char;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("wangzheng");

/// The library's version, `"MAJOR.MINOR.PATCH"` (the `wangzheng-ffi` crate version): compare
/// with the header's `WZ_VERSION` to check that a program runs with the library it was built
/// against. A static NUL-terminated string, never NULL. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn wz_version() -> *const c_char {
    const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    VERSION.as_ptr().cast()
}

/// Panics inside the library's panic boundary, for the C tests that check that a panic becomes
/// `WZ_PANIC` and never unwinds into C. Only in builds with the `test-hooks` feature (the header
/// declares it when `WZ_TEST_HOOKS` is defined).
#[cfg(feature = "test-hooks")]
#[unsafe(no_mangle)]
pub extern "C" fn wz_test_panic() -> status::wz_status {
    status::guard(|| panic!("wz_test_panic: a deliberate panic"))
}
