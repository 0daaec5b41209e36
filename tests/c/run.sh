#!/usr/bin/env bash
# The C side of the test command: builds the library, the C tests and the terminal example, and
# runs them. Each mode ends with a "N passed, N failed" line (scripts/lib.sh `plain_counts`).
#
#     bash tests/c/run.sh header     # header freshness + version macros; compiles with gcc and
#                                    # clang as C11/C17 and C++11/C++17, -Wall -Wextra
#                                    # -Wpedantic -Werror
#     bash tests/c/run.sh asan       # tests/c/test_wangzheng.c, clang -fsanitize=address,undefined,
#                                    # linked against libwangzheng.a
#     bash tests/c/run.sh valgrind   # the same tests, no sanitizer, linked against
#                                    # libwangzheng.so, under valgrind --leak-check=full
#     bash tests/c/run.sh example    # installs the library (scripts/install-c.sh), builds
#                                    # examples/c/terminal.c with pkg-config, runs it on vectors
#     bash tests/c/run.sh size       # stripped size of libwangzheng.so: the stable release-ffi
#                                    # build (reported) and scripts/install-c.sh --build-std's
#                                    # (must be at most 450 KB = 450,000 bytes, and must verify)
#     bash tests/c/run.sh cost       # instructions per verification (callgrind): the Rust API
#                                    # and the C API of libwangzheng.so in the same program
#                                    # (ffi/benches/c_vs_rust.rs); WZ_FFI_LIB picks the library
#
# Needs clang, libclang-rt-14-dev, valgrind and pkg-config (scripts/test.sh installs them).
# Builds go to target/c/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/target/c"
vectors="$root/tests/vectors"
warnings=(-Wall -Wextra -Wpedantic -Werror)
passed=0
failed=0

cd "$root"
mkdir -p "$out"

pass() {
  passed=$((passed + 1))
  echo "ok   $*"
}

fail() {
  failed=$((failed + 1))
  echo "FAIL $*"
}

# check NAME CMD...: runs CMD, counts it as one test.
check() {
  local name="$1"
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# The library the C tests link: release, with wz_test_panic(), copied out of cargo's folder so
# that other builds cannot replace it mid-run. The .so keeps its SONAME symlink beside it.
build_test_library() {
  cargo build -q --release -p wangzheng-ffi --features test-hooks
  rm -rf "$out/test-lib"
  mkdir -p "$out/test-lib"
  cp "$root/target/release/libwangzheng.a" "$root/target/release/libwangzheng.so" "$out/test-lib/"
  local soname
  soname="$(readelf -d "$out/test-lib/libwangzheng.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')"
  [ -z "$soname" ] || ln -sf libwangzheng.so "$out/test-lib/$soname"
  python3 tests/c/manifest_to_cases.py "$vectors/manifest.json" >"$out/cases.txt"
}

mode_header() {
  check "header is what cbindgen generates, version macros match the crate" \
    cargo run -q -p xtask -- header --check
  local probe="$out/header_probe"
  # Included twice (the include guard) and used, so that declarations are really checked.
  printf '#include "wangzheng.h"\n#include "wangzheng.h"\nint main(void) { wz_status s = WZ_OK; return (int)s + (wz_version() == 0); }\n' >"$probe.c"
  cp "$probe.c" "$probe.cpp"
  local cc std
  for cc in gcc clang; do
    for std in c11 c17; do
      check "$cc -std=$std ${warnings[*]}" "$cc" -std="$std" "${warnings[@]}" -Iinclude -c "$probe.c" -o "$probe.o"
    done
  done
  for cc in g++ clang++; do
    for std in c++11 c++17; do
      check "$cc -std=$std ${warnings[*]}" "$cc" -std="$std" "${warnings[@]}" -Iinclude -c "$probe.cpp" -o "$probe.o"
    done
  done
  check "header declares wz_test_panic only under WZ_TEST_HOOKS" \
    bash -c "! gcc -std=c11 -Iinclude -E '$probe.c' | grep -q wz_test_panic"
  summary
}

mode_asan() {
  build_test_library
  clang -std=c11 "${warnings[@]}" -g -O1 -fno-omit-frame-pointer \
    -fsanitize=address,undefined -fno-sanitize-recover=all \
    -Iinclude tests/c/test_wangzheng.c "$out/test-lib/libwangzheng.a" \
    -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc -o "$out/test_asan"
  ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$out/test_asan" "$vectors" "$out/cases.txt"
}

mode_valgrind() {
  build_test_library
  gcc -std=c11 "${warnings[@]}" -g -O1 -Iinclude tests/c/test_wangzheng.c \
    -L"$out/test-lib" -Wl,-rpath,"$out/test-lib" -lwangzheng -lpthread -o "$out/test_valgrind"
  valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,possible \
    --errors-for-leak-kinds=definite,possible \
    "$out/test_valgrind" "$vectors" "$out/cases.txt"
}

# The QR text of a file: "WZ1:" + base45 (RFC 9285), written here independently of the library.
qr_text() {
  python3 - "$1" <<'EOF'
import sys
A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
data = open(sys.argv[1], "rb").read()
out = []
for i in range(0, len(data) - 1, 2):
    n = data[i] * 256 + data[i + 1]
    out += [A[n % 45], A[n // 45 % 45], A[n // 2025]]
if len(data) % 2:
    n = data[-1]
    out += [A[n % 45], A[n // 45]]
print("WZ1:" + "".join(out))
EOF
}

# expect NAME WANT_EXIT WANT_TEXT CMD...: runs the terminal, checks its exit status and that its
# output contains WANT_TEXT.
expect() {
  local name="$1" want="$2" text="$3" rc=0 output
  shift 3
  output="$("$@" 2>&1)" || rc=$?
  printf '%s\n' "$output" | sed 's/^/    /'
  if [ "$rc" -eq "$want" ] && grep -qF -- "$text" <<<"$output"; then
    pass "$name"
  else
    fail "$name (exit $rc, want $want and \"$text\")"
  fi
}

mode_example() {
  local prefix="$out/install"
  bash scripts/install-c.sh --prefix "$prefix" >/dev/null
  local pc=(env PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config)
  check "pkg-config knows wangzheng $("${pc[@]}" --modversion wangzheng)" "${pc[@]}" --exists wangzheng
  # shellcheck disable=SC2046 # pkg-config output is a word list
  check "terminal.c builds with pkg-config (shared)" \
    gcc -std=c11 "${warnings[@]}" -o "$out/terminal" examples/c/terminal.c \
    $("${pc[@]}" --cflags --libs wangzheng) -Wl,-rpath,"$prefix/lib"
  # shellcheck disable=SC2046
  check "terminal.c builds with pkg-config (static)" \
    clang -std=c11 "${warnings[@]}" -o "$out/terminal_static" examples/c/terminal.c \
    $("${pc[@]}" --cflags wangzheng) "$prefix/lib/libwangzheng.a" $("${pc[@]}" --libs-only-l --static wangzheng | sed 's/-lwangzheng//')
  check "the static terminal needs no libwangzheng.so" \
    bash -c "! ldd '$out/terminal_static' | grep -q libwangzheng"

  local now=1767225600 root=8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c
  local t=("$out/terminal" --root "$root" --trust-list "$vectors/trust_list/current.cbor"
    --status-list "$vectors/status_list/current.cbor" --now "$now")
  expect "accepts 赵敏's presentation (file)" 0 "full_name    赵敏" \
    "${t[@]}" "$vectors/presentation/with-trust-list.cbor"
  expect "accepts the same presentation as QR text on stdin" 0 "level        upgraded" \
    bash -c "$(printf '%q ' "${t[@]}") - <<<'$(qr_text "$vectors/presentation/with-trust-list.cbor")'"
  expect "static build accepts it too" 0 "status       good" \
    "$out/terminal_static" "${t[@]:1}" "$vectors/presentation/with-trust-list.cbor"
  expect "refuses the old phone's copy (scenario 6)" 1 "REFUSED superseded (code 52)" \
    "${t[@]}" "$vectors/presentation/superseded.cbor"
  expect "refuses a revoked credential (scenario 7)" 1 "REFUSED revoked (code 50)" \
    "${t[@]}" "$vectors/presentation/revoked.cbor"
  expect "refuses when a required attribute is missing" 1 "REFUSED missing_attribute" \
    "${t[@]}" --require address "$vectors/presentation/with-trust-list.cbor"
  expect "refuses a light credential where upgraded is required" 1 "REFUSED level_too_low" \
    "${t[@]}" --min-level upgraded "$vectors/presentation/retired-key-within-window.cbor"
  expect "refuses a truncated scan: scan again" 1 "scan again" \
    bash -c "head -c 100 '$vectors/presentation/with-trust-list.cbor' | $(printf '%q ' "${t[@]}") -"
  expect "refuses a newer QR version: update the terminal" 1 "update the terminal" \
    bash -c "echo WZ2:ABC | $(printf '%q ' "${t[@]}")"
  expect "status undetermined without a status list: refused by default" 1 "status_unavailable" \
    "$out/terminal" --root "$root" --trust-list "$vectors/trust_list/current.cbor" --now "$now" \
    "$vectors/presentation/with-trust-list.cbor"
  expect "... accepted with --accept-undetermined" 0 "undetermined (accepted by policy)" \
    "$out/terminal" --root "$root" --trust-list "$vectors/trust_list/current.cbor" --now "$now" \
    --accept-undetermined "$vectors/presentation/with-trust-list.cbor"
  expect "a trust list signed by another root is a configuration error" 2 "unknown_issuer" \
    "$out/terminal" --root "$root" --trust-list "$vectors/trust_list/other-root.cbor" --now "$now" \
    "$vectors/presentation/with-trust-list.cbor"
  expect "usage error" 2 "usage:" "$out/terminal" --bogus
  expect "an unknown attribute in the policy is a usage error" 2 "invalid argument" \
    "${t[@]}" --require shoe_size "$vectors/presentation/with-trust-list.cbor"
  summary
}

mode_size() {
  local limit=450000 stable small
  cargo build -q -p wangzheng-ffi --no-default-features --profile release-ffi
  stable="$(stat -c %s target/release-ffi/libwangzheng.so)"
  echo "stable release-ffi: libwangzheng.so $stable bytes (stripped)"
  bash scripts/install-c.sh --build-std --prefix "$out/install-small" >/dev/null
  small="$(stat -c %s "$out/install-small/lib/libwangzheng.so.$(sed -n 's/^#define WZ_VERSION "\(.*\)"$/\1/p' include/wangzheng.h)")"
  echo "nightly build-std release-ffi: libwangzheng.so $small bytes (stripped)"
  check "build-std library is at most 450 KB ($small bytes)" test "$small" -le "$limit"
  local pc=(env PKG_CONFIG_PATH="$out/install-small/lib/pkgconfig" pkg-config)
  # shellcheck disable=SC2046
  check "terminal.c builds against it" \
    gcc -std=c11 "${warnings[@]}" -o "$out/terminal_small" examples/c/terminal.c \
    $("${pc[@]}" --cflags --libs wangzheng) -Wl,-rpath,"$out/install-small/lib"
  local t=("$out/terminal_small" --root 8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c
    --trust-list "$vectors/trust_list/current.cbor" --status-list "$vectors/status_list/current.cbor"
    --now 1767225600)
  expect "it accepts 赵敏's presentation" 0 "full_name    赵敏" "${t[@]}" "$vectors/presentation/with-trust-list.cbor"
  expect "it refuses the old phone's copy" 1 "superseded" "${t[@]}" "$vectors/presentation/superseded.cbor"
  summary
}

mode_cost() {
  local bench lib="${WZ_FFI_LIB:-}"
  if [ -z "$lib" ]; then
    cargo build -q --release -p wangzheng-ffi
    lib="$root/target/release/libwangzheng.so"
  fi
  bench="$(cargo bench -q -p wangzheng-ffi --bench c_vs_rust --no-run --message-format=json |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])' | tail -n 1)"
  count() {
    WZ_FFI_LIB="$lib" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" --count "$@" 2>&1 |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
  }
  echo "library: $lib"
  local case routine one eleven base
  for case in internet-cafe age-name; do
    base=""
    for routine in rust c c+verdict; do
      one="$(count "$routine" "$case" 1)"
      eleven="$(count "$routine" "$case" 11)"
      local per=$(((eleven - one) / 10))
      [ -n "$base" ] || base="$per"
      printf '%-14s %-10s %9d instructions per verification (%+d vs rust)\n' "$case" "$routine" "$per" "$((per - base))"
      check "$case $routine counted" test "$per" -gt 0
    done
  done
  summary
}

case "${1:-}" in
  header | asan | valgrind | example | size | cost) "mode_$1" ;;
  *) sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}"; exit 2 ;;
esac
