#!/usr/bin/env bash
# The end-to-end demo (the authority, the issuer, phones and verifiers acting out the brief's
# scenarios, with their QR codes):
#
#     bash scripts/demo.sh [--dir DIR] [--all-qr | --no-qr] [--invert]
#
# It runs `wz demo` (see `wz demo --help`); exits 0 only when every scenario ended as expected.
# It needs nothing beyond Rust: no network, no configuration.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --manifest-path rather than cd, so that a relative --dir is relative to where you are.
exec cargo run -q --manifest-path "$WZ_ROOT/Cargo.toml" -p wangzheng-cli --bin wz -- demo "$@"
