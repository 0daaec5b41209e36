#!/usr/bin/env bash
# The per-call cost of verify from Rust, Kotlin and Python, measured in one run on the same
# machine with the same method (internet-cafe.cbor, pinned issuer key, 5 rounds of 2,000 calls
# after a warm-up, median round):
#
#     bash scripts/binding-cost.sh
#
# Rust: core/examples/verify_cost.rs; Kotlin: bindings/kotlin/src/bench (scripts/test-kotlin.sh
# bench); Python: bindings/python/bench_verify.py (scripts/test-python.sh bench). The figures
# are in docs/bindings.md. A benchmark, never a test: nothing here passes or fails on a number.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$WZ_ROOT"

rust="$(cargo run -q --release -p wangzheng --example verify_cost)"
kotlin="$(bash scripts/test-kotlin.sh bench 2>/dev/null | grep '^kotlin verify:')"
python="$(bash scripts/test-python.sh bench 2>/dev/null | grep '^python verify:')"
printf '%s\n%s\n%s\n' "$rust" "$kotlin" "$python"
us() { sed -nE 's/^[a-z]+ verify: ([0-9.]+) us.*/\1/p' <<<"$1"; }
awk -v r="$(us "$rust")" -v k="$(us "$kotlin")" -v p="$(us "$python")" 'BEGIN {
  printf "kotlin/rust: %.2fx (+%.1f us per call)\n", k / r, k - r
  printf "python/rust: %.2fx (+%.1f us per call)\n", p / r, p - r
}'
