#!/usr/bin/env bash
# Builds the C library and installs it in the layout a C project consumes:
#
#     bash scripts/install-c.sh [--prefix DIR] [--profile PROFILE] [--features LIST] [--no-build]
#                               [--build-std]
#
#   DIR/include/wangzheng.h
#   DIR/lib/libwangzheng.a
#   DIR/lib/libwangzheng.so.X.Y.Z, libwangzheng.so.ABI -> it, libwangzheng.so -> it
#   DIR/lib/pkgconfig/wangzheng.pc
#
# ABI is the library's SONAME suffix: MAJOR, or 0.MINOR for 0.x versions (ffi/build.rs). A C
# project then builds with
#
#     cc app.c $(PKG_CONFIG_PATH=DIR/lib/pkgconfig pkg-config --cflags --libs wangzheng)
#
# and links statically with `pkg-config --static --libs` plus `-l:libwangzheng.a` (see
# docs/c-api.md). Defaults: --prefix target/c/install, --profile release-ffi (the size-optimised
# profile of the root Cargo.toml). --no-build installs what the profile's folder already holds.
#
# --build-std builds the smallest library, with the nightly toolchain: the standard library is
# rebuilt for the host with `panic-unwind,backtrace-trace-only,optimize_for_size` (`-Z
# build-std`; panics are still caught at the boundary, std just cannot symbolize backtraces),
# everything but curve25519-dalek at opt-level "z", and `-Z location-detail=none -Z
# fmt-debug=shallow` (panic locations and derived Debug output, which no C caller sees). About
# 290 KB smaller at the same verification speed (docs/c-api.md, "Size and speed"). It installs
# the nightly `rust-src` component if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/target/c/install"
profile=release-ffi
features=""
build=1
build_std=0
while (($#)); do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --features) features="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --build-std) build_std=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

cd "$root"
# The C-only library: the uniffi surface (default feature `uniffi`) is for the Kotlin, Swift and
# Python packages, and a terminal does not ship it.
args=(build -p wangzheng-ffi --no-default-features --profile "$profile")
[ -z "$features" ] || args+=(--features "$features")
case "$profile" in
  dev) out="$root/target/debug" ;;
  *) out="$root/target/$profile" ;;
esac
if ((build_std)); then
  host="$(rustc -vV | sed -n 's/^host: //p')"
  if ((build)) && ! rustup +nightly component list --installed 2>/dev/null | grep -q '^rust-src'; then
    rustup component add rust-src --toolchain nightly
  fi
  args=(+nightly "${args[@]}" --target "$host" -Z build-std=std,panic_unwind
    -Z build-std-features=panic-unwind,backtrace-trace-only,optimize_for_size)
  out="$root/target/$host/${out##*/}"
  export CARGO_PROFILE_RELEASE_FFI_OPT_LEVEL=z
  export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-Z location-detail=none -Z fmt-debug=shallow"
fi
if ((build)); then
  cargo "${args[@]}"
fi

version="$(sed -n 's/^#define WZ_VERSION "\(.*\)"$/\1/p' include/wangzheng.h)"
[ -n "$version" ] || { echo "no WZ_VERSION in include/wangzheng.h" >&2; exit 1; }
major="${version%%.*}"
minor="${version#*.}"
minor="${minor%%.*}"
if [ "$major" = 0 ]; then abi="0.$minor"; else abi="$major"; fi

mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
install -m 0644 include/wangzheng.h "$prefix/include/wangzheng.h"
install -m 0644 "$out/libwangzheng.a" "$prefix/lib/libwangzheng.a"
install -m 0755 "$out/libwangzheng.so" "$prefix/lib/libwangzheng.so.$version"
ln -sf "libwangzheng.so.$version" "$prefix/lib/libwangzheng.so.$abi"
ln -sf "libwangzheng.so.$abi" "$prefix/lib/libwangzheng.so"

# The system libraries a Rust static library needs on Linux (`rustc --print
# native-static-libs`); glibc 2.34+ folds most of them into libc, but naming them is harmless.
cat >"$prefix/lib/pkgconfig/wangzheng.pc" <<EOF
prefix=$prefix
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: wangzheng
Description: wangzheng (网证) identity credentials: verify and make them from C
URL: https://example.invalid/wangzheng
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lwangzheng
Libs.private: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
EOF
echo "installed wangzheng $version ($profile) in $prefix"
