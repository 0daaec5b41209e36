#!/usr/bin/env bash
# The project's test command, for developers and CI alike:
#
#     bash scripts/test.sh [--quick] [STEP...]
#
# Runs every step even when one fails, then prints a summary whose last line is
# "N passed, N failed"; exits non-zero if anything failed. Installs what it needs (rust target,
# zbar-tools, Python venv) idempotently, so a fresh machine works. CI=true changes nothing.
#
#   --quick   skip clippy
#   STEP...   run only these steps (see --list)
#
# To add a language, write a step_<name> function below and add <name> to STEPS.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STEPS=(rust_fmt rust_clippy rust_test rust_no_std mobile_targets vectors_fresh bindings_fresh python_interop c_header c_asan c_valgrind c_example python_bindings kotlin_bindings kotlin_example swift_bindings swift_example ffi_miri fuzz_smoke)
NO_STD_TARGET=thumbv7em-none-eabihf

# Runs before any step: what the Rust steps need installed.
setup_rust() {
  run_setup rust/target ensure_rust_target "$NO_STD_TARGET" || true
  run_setup rust/components ensure_rust_component rustfmt clippy || true
  # The CLI tests decode the QR codes `wz` renders with an independent reader, zbarimg; they
  # fail (never skip) without it.
  run_setup cli/zbar-tools apt_install zbar-tools || true
}

step_rust_fmt() {
  run_step rust/fmt cargo fmt --all --check
}

step_rust_clippy() {
  run_step rust/clippy cargo clippy --workspace --all-targets -- -D warnings
}

step_rust_test() {
  # --no-fail-fast: report every test binary, not only those before the first failing one.
  run_suite rust/test cargo_test_counts cargo test --workspace --no-fail-fast
}

step_rust_no_std() {
  run_step "rust/no_std build" cargo build -p wangzheng --no-default-features --target "$NO_STD_TARGET"
}

# The library the phones link compiles for them: 64- and 32-bit Android (the bindings' Kotlin
# works around a 32-bit uniffi issue, uniffi#2740) and iOS. `cargo check` needs no NDK or Xcode
# (nothing links); the real builds are bindings/kotlin/README.md and build-xcframework.sh.
MOBILE_TARGETS=(aarch64-linux-android armv7-linux-androideabi aarch64-apple-ios)

step_mobile_targets() {
  local target
  for target in "${MOBILE_TARGETS[@]}"; do
    run_setup "rust/target $target" ensure_rust_target "$target" || continue
    run_step "rust/check $target" cargo check -q -p wangzheng-ffi --target "$target"
  done
}

step_vectors_fresh() {
  run_step "rust/vectors fresh" cargo run -q -p xtask -- vectors --check
}

# The committed Kotlin, Swift and Python bindings are what uniffi-bindgen makes of ffi/ now.
step_bindings_fresh() {
  run_step "rust/bindings fresh" cargo run -q -p xtask -- bindings --check
}

step_python_interop() {
  run_setup python/venv ensure_python_venv || return
  run_suite "python/interop self-test" plain_counts "$WZ_VENV/bin/python" tests/interop/check_vectors.py --self-test
  run_suite python/interop plain_counts "$WZ_VENV/bin/python" tests/interop/check_vectors.py
}

# The C surface (docs/c-api.md; tests/c/run.sh runs each mode alone). The compilers, sanitizer
# runtime, valgrind and pkg-config are installed on first use.
setup_c() {
  apt_install clang libclang-rt-14-dev valgrind pkg-config
}

step_c_header() {
  run_setup c/tools setup_c || return
  run_suite c/header plain_counts bash tests/c/run.sh header
}

step_c_asan() {
  run_setup c/tools setup_c || return
  run_suite "c/asan+ubsan" plain_counts bash tests/c/run.sh asan
}

step_c_valgrind() {
  run_setup c/tools setup_c || return
  run_suite c/valgrind plain_counts bash tests/c/run.sh valgrind
}

step_c_example() {
  run_setup c/tools setup_c || return
  run_suite c/example plain_counts bash tests/c/run.sh example
}

# The uniffi bindings, each tested for real in its language (bindings/*/README.md). Each script
# installs its toolchain on first use: the venv with maturin and pytest; kotlinc from npm with
# Debian's JNA and JUnit 5; a Debian trixie chroot with Swift 6, cached outside the repository.
step_python_bindings() {
  run_suite python/bindings plain_counts bash scripts/test-python.sh test
}

step_kotlin_bindings() {
  run_suite kotlin/bindings plain_counts bash scripts/test-kotlin.sh test
}

step_kotlin_example() {
  run_suite kotlin/example plain_counts bash scripts/test-kotlin.sh example
}

step_swift_bindings() {
  run_suite swift/bindings plain_counts bash scripts/test-swift.sh test
}

step_swift_example() {
  run_suite swift/example plain_counts bash scripts/test-swift.sh example
}

# Miri (nightly) over the Rust-side tests of the C API's pointer handling (ffi/tests/c_abi.rs;
# its exhaustive tamper tests run in rust_test and are skipped under Miri). They read the
# vectors and docs, hence no isolation. Installs nightly's miri and rust-src on first use.
ensure_miri() {
  rustup run nightly rustc --version >/dev/null 2>&1 || rustup toolchain install nightly --profile minimal || return
  cargo +nightly miri --version >/dev/null 2>&1 && return 0
  wz_log "installing miri for the nightly toolchain"
  rustup component add --toolchain nightly miri rust-src
}

step_ffi_miri() {
  run_setup rust/miri ensure_miri || return
  run_suite "rust/ffi under miri" cargo_test_counts \
    env MIRIFLAGS=-Zmiri-disable-isolation cargo +nightly miri test -p wangzheng-ffi --no-default-features --test c_abi
}

# Every fuzz target (fuzz/, cargo-fuzz on nightly) for a few seconds each, seeded from
# tests/vectors; any crash fails the step. The long campaign is scripts/fuzz-campaign.sh.
# Installs nightly and cargo-fuzz on first use.
step_fuzz_smoke() {
  run_suite fuzz/smoke plain_counts bash scripts/fuzz-campaign.sh --smoke
}

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}"
}

main() {
  local quick=0 selected=() arg step lines
  for arg in "$@"; do
    case "$arg" in
      --quick) quick=1 ;;
      --list) printf '%s\n' "${STEPS[@]}"; return 0 ;;
      -h | --help) usage; return 0 ;;
      -*) echo "unknown option: $arg" >&2; usage >&2; return 2 ;;
      *)
        declare -F "step_$arg" >/dev/null || { echo "unknown step: $arg (see --list)" >&2; return 2; }
        selected+=("$arg")
        ;;
    esac
  done
  ((${#selected[@]})) || selected=("${STEPS[@]}")
  if ((quick)); then
    local kept=()
    for step in "${selected[@]}"; do [ "$step" = rust_clippy ] || kept+=("$step"); done
    selected=("${kept[@]}")
  fi

  cd "$WZ_ROOT"
  results_init
  setup_rust

  for step in "${selected[@]}"; do
    lines=$(wc -l <"$WZ_RESULTS")
    # A step records its own results; one that fails without recording any is an error.
    if ! "step_$step" && [ "$(wc -l <"$WZ_RESULTS")" -eq "$lines" ]; then
      record_error "$step" "step failed before recording a result"
    fi
  done
  print_summary
}

main "$@"
