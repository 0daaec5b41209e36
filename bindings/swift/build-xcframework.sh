#!/usr/bin/env bash
# Builds the iOS XCFramework of libwangzheng for the Swift bindings:
#
#     bash bindings/swift/build-xcframework.sh [OUTPUT_DIR]      # default: target/xcframework
#
# Needs macOS with Xcode (xcodebuild, lipo) and rustup. It cannot run on Linux: without
# xcodebuild it says so and exits with status 1 before building anything.
#
# What it does:
#   1. cargo build -p wangzheng-ffi --release for the device (aarch64-apple-ios) and the
#      simulators (aarch64-apple-ios-sim, x86_64-apple-ios); the static library libwangzheng.a
#      of each (the cdylib is not used: App Store apps link static code or frameworks);
#   2. lipo: the two simulator slices into one fat library (one XCFramework slice per platform);
#   3. xcodebuild -create-xcframework: WangzhengFFI.xcframework, each slice with the generated
#      C header and module map (Sources/WangzhengFFI/include) as its Headers, so Swift code can
#      `import WangzhengFFI`;
#   4. zips it and prints the SwiftPM checksum, for a `binaryTarget(url:checksum:)`.
#
# The app (or a package) then compiles Sources/Wangzheng/*.swift (the generated Wangzheng.swift
# and the hand-written helpers beside it) against the XCFramework; README.md shows both ways.
#
# Environment: IPHONEOS_DEPLOYMENT_TARGET (default 13.0) is passed to cargo/cc for every slice.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/target/xcframework}"
device=aarch64-apple-ios
simulators=(aarch64-apple-ios-sim x86_64-apple-ios)

if ! command -v xcodebuild >/dev/null 2>&1; then
  cat >&2 <<'EOF'
build-xcframework.sh: xcodebuild not found.
The iOS XCFramework can only be built on macOS with Xcode installed (xcodebuild, lipo and the
iOS SDKs); this machine has none. On Linux, use the Swift package with the Linux library instead
(bash scripts/test-swift.sh test), and build the XCFramework on a Mac.
EOF
  exit 1
fi
for tool in lipo cargo rustup; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-xcframework.sh: $tool not found" >&2; exit 1; }
done

export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-13.0}"
cd "$root"

installed="$(rustup target list --installed)"
for target in "$device" "${simulators[@]}"; do
  grep -qxF "$target" <<<"$installed" || rustup target add "$target"
done

for target in "$device" "${simulators[@]}"; do
  echo "==> cargo build -p wangzheng-ffi --release --target $target"
  cargo build -q -p wangzheng-ffi --release --target "$target"
done

work="$root/target/xcframework-work"
rm -rf "$work"
mkdir -p "$work/headers" "$work/ios-simulator"
# The generated header and module map, unchanged: module WangzhengFFI.
cp "$here/Sources/WangzhengFFI/include/WangzhengFFI.h" "$here/Sources/WangzhengFFI/include/module.modulemap" "$work/headers/"

echo "==> lipo: ${simulators[*]} -> one simulator library"
lipo -create \
  "target/${simulators[0]}/release/libwangzheng.a" \
  "target/${simulators[1]}/release/libwangzheng.a" \
  -output "$work/ios-simulator/libwangzheng.a"

mkdir -p "$out"
rm -rf "$out/WangzhengFFI.xcframework" "$out/WangzhengFFI.xcframework.zip"
echo "==> xcodebuild -create-xcframework"
xcodebuild -create-xcframework \
  -library "target/$device/release/libwangzheng.a" -headers "$work/headers" \
  -library "$work/ios-simulator/libwangzheng.a" -headers "$work/headers" \
  -output "$out/WangzhengFFI.xcframework"

(cd "$out" && zip -qry WangzhengFFI.xcframework.zip WangzhengFFI.xcframework)
checksum="$(swift package compute-checksum "$out/WangzhengFFI.xcframework.zip" 2>/dev/null || shasum -a 256 "$out/WangzhengFFI.xcframework.zip" | cut -d' ' -f1)"
rm -rf "$work"

echo "built $out/WangzhengFFI.xcframework"
echo "      $out/WangzhengFFI.xcframework.zip (SwiftPM checksum $checksum)"
echo "Swift sources to compile with it: $here/Sources/Wangzheng/*.swift"
