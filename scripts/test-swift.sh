#!/usr/bin/env bash
# The Swift bindings' tests and example, run for real:
#
#     bash scripts/test-swift.sh [test|example]      # default: test
#
#   test     builds bindings/swift and runs its XCTest tests; ends with "swift: N passed, N failed"
#   example  builds and runs examples/swift; ends with "swift example: 1 passed, 0 failed"
#            (or "0 passed, 1 failed")
#
# Exits non-zero on any failure, including a build that fails or a test run that crashes.
#
# How: the Swift toolchain is a Debian trixie chroot (scripts/install-swift.sh builds it once
# per machine). libwangzheng is built here on the host (`cargo build -p wangzheng-ffi --release`)
# and copied, with its SONAME link, to target/swift-lib, so that another build replacing
# target/release/libwangzheng.so cannot change it mid-run. Inside the chroot the repository is at
# /src: SwiftPM links with `-Xlinker -L/src/target/swift-lib` and the tests run with
# LD_LIBRARY_PATH=/src/target/swift-lib. SwiftPM's build folders are target/swift-build and
# target/swift-example-build, never inside bindings/ or examples/. A lock serializes runs.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode="${1:-test}"
case "$mode" in
  test | example) ;;
  *) echo "usage: $0 [test|example]" >&2; exit 2 ;;
esac

cd "$WZ_ROOT"
LIB_DIR=target/swift-lib
IN_LIB=/src/$LIB_DIR

# result NAME PASSED FAILED: the closing line, and the exit status.
result() {
  echo "$1: $2 passed, $3 failed"
  [ "$3" -eq 0 ] && [ "$2" -gt 0 ]
}

fail_early() {
  wz_log "$1"
  if [ "$mode" = test ]; then result swift 0 1; else result "swift example" 0 1; fi
  exit 1
}

bash scripts/install-swift.sh || fail_early "the Swift toolchain is not available"

mkdir -p target
exec 8>target/.swift.lock
flock 8

start=$SECONDS
cargo build -q -p wangzheng-ffi --release || fail_early "cargo build of libwangzheng failed"
mkdir -p "$LIB_DIR"
cp target/release/libwangzheng.so "$LIB_DIR/libwangzheng.so.tmp"
mv -f "$LIB_DIR/libwangzheng.so.tmp" "$LIB_DIR/libwangzheng.so"
soname="$(readelf -d "$LIB_DIR/libwangzheng.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')"
[ -z "$soname" ] || ln -sf libwangzheng.so "$LIB_DIR/$soname"
wz_log "libwangzheng ready in $LIB_DIR ($((SECONDS - start)) s)"

# in_swift SCRIPT: runs a bash script inside the chroot.
in_swift() {
  bash scripts/install-swift.sh run bash -c "$1"
}

if [ "$mode" = example ]; then
  start=$SECONDS
  rc=0
  in_swift "set -e
    cd /src/examples/swift/WalletExample
    swift build --scratch-path /src/target/swift-example-build -Xlinker -L$IN_LIB
    LD_LIBRARY_PATH=$IN_LIB /src/target/swift-example-build/debug/WalletExample" || rc=$?
  wz_log "swift example: exit $rc ($((SECONDS - start)) s)"
  if [ "$rc" -eq 0 ]; then result "swift example" 1 0; else result "swift example" 0 1; fi
  exit
fi

log="$(mktemp "${TMPDIR:-/tmp}/wz-swift-test.XXXXXX")"
trap 'rm -f "$log"' EXIT
start=$SECONDS
set +e
in_swift "set -e
  cd /src/bindings/swift
  swift build --build-tests --scratch-path /src/target/swift-build -Xlinker -L$IN_LIB
  LD_LIBRARY_PATH=$IN_LIB swift test --skip-build --scratch-path /src/target/swift-build" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
wz_log "swift test: exit $rc ($((SECONDS - start)) s)"

# XCTest's last "Executed N tests, with M failures" is the whole run; M counts failed
# assertions, so the failed tests are counted from the "Test Case '...' failed" lines, and must
# add up with the passed ones to N.
executed="$(sed -nE 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\1 \2/p' "$log" | tail -n 1)"
if [ -z "$executed" ]; then
  wz_log "no \"Executed N tests\" line: the build failed or the test process crashed"
  result swift 0 1
  exit 1
fi
read -r total assertion_failures <<<"$executed"
passed="$(grep -cE "^Test Case '.*' passed \(" "$log" || true)"
failed="$(grep -cE "^Test Case '.*' failed \(" "$log" || true)"
if ((passed + failed != total)); then
  wz_log "XCTest executed $total tests but reported $passed passed and $failed failed"
  result swift "$passed" "$((failed > 0 ? failed : 1))"
  exit 1
fi
if ((assertion_failures > 0 && failed == 0)) || ((rc != 0 && failed == 0)); then
  wz_log "swift test exited $rc with $assertion_failures failures but no failed test"
  failed=1
fi
result swift "$passed" "$failed"
