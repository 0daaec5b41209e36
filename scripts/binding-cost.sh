#!/usr/bin/env bash
# The per-call cost of verify from Rust, Kotlin and Python, measured in one run on the same
# machine with the same method (internet-cafe.cbor, pinned issuer key, 5 rounds of 2,000 calls
# after a warm-up, median round). This machine's speed drifts by tens of percent over minutes,
# so the three run in turn ROUNDS times (default 3) and each language's median is reported:
#
#     bash scripts/binding-cost.sh [ROUNDS]
#
# Rust: core/examples/verify_cost.rs; Kotlin: bindings/kotlin/src/bench (scripts/test-kotlin.sh
# bench); Python: bindings/python/bench_verify.py (scripts/test-python.sh bench). The figures
# are in docs/bindings.md. A benchmark, never a test: nothing here passes or fails on a number.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$WZ_ROOT"

rounds="${1:-3}"
# Build everything first (the Python wheel is built and installed by its first bench run).
cargo build -q --release -p wangzheng --example verify_cost
bash scripts/test-python.sh bench >/dev/null 2>&1
us() { sed -nE 's/^[a-z]+ verify: ([0-9.]+) us.*/\1/p'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
r=() k=() p=()
for ((i = 1; i <= rounds; i++)); do
  r+=("$(cargo run -q --release -p wangzheng --example verify_cost | us)")
  k+=("$(bash scripts/test-kotlin.sh bench 2>/dev/null | grep '^kotlin verify:' | us)")
  p+=("$(WZ_ROOT="$WZ_ROOT" "$WZ_VENV/bin/python" bindings/python/bench_verify.py | us)")
  echo "round $i: rust ${r[-1]} us, kotlin ${k[-1]} us, python ${p[-1]} us"
done
rust="$(printf '%s\n' "${r[@]}" | median)"
kotlin="$(printf '%s\n' "${k[@]}" | median)"
python="$(printf '%s\n' "${p[@]}" | median)"
echo "verify, median of $rounds rounds: rust $rust us, kotlin $kotlin us, python $python us per call"
awk -v r="$rust" -v k="$kotlin" -v p="$python" 'BEGIN {
  printf "kotlin/rust: %.2fx (+%.1f us per call)\n", k / r, k - r
  printf "python/rust: %.2fx (+%.1f us per call)\n", p / r, p - r
}'
