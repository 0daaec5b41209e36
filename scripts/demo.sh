#!/usr/bin/env bash
# The end-to-end demo (issuer, wallet and verifier acting out the brief's scenarios):
#
#     bash scripts/demo.sh [ARGS...]
#
# A thin wrapper so that the command people learn stays the same when the demo moves from the
# crate's example to the `wz demo` CLI: only the line below changes.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$WZ_ROOT"
exec cargo run -q -p wangzheng --example demo -- "$@"
