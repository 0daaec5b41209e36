#!/usr/bin/env bash
# Fuzzes every decoder and verifier entry point (fuzz/fuzz_targets/, cargo-fuzz + libFuzzer):
#
#     bash scripts/fuzz-campaign.sh [--smoke] [--seconds N] [--asan] [TARGET...]
#
# The long campaign (the default) runs each target in turn, one process (-jobs=1, the machine
# is shared), for N seconds each (default 300), on its corpus in fuzz/corpus/<target>/, which
# is seeded from tests/vectors and the fixtures and grows from run to run. It ends with a table
# of executions, corpus size and findings per target, also appended to fuzz/artifacts/campaign.log.
#
#   --smoke       what the test command runs: each target for a few seconds
#                 (WZ_FUZZ_SMOKE_SECONDS, default 5); any crash fails the run
#   --seconds N   seconds per target
#   --asan        build with AddressSanitizer (default: none; the core has no unsafe code, and
#                 without it the runs go about three times as fast)
#   TARGET...     only these targets (see `cargo fuzz list`)
#
# A finding is a crash, panic, timeout (-timeout, 10 s per input), out-of-memory (-rss_limit_mb
# 2048) or a single allocation over -malloc_limit_mb (128; the largest legitimate one, a
# 2^26-entry status list, is 16 MiB). libFuzzer saves its input in fuzz/artifacts/<target>/;
# replay it with `cargo +nightly fuzz run -s none <target> <file>`, turn it into a regression
# test, and keep the input in fuzz/regressions/<target>/ (every run replays those first). The
# last line is "fuzz: N passed, N failed" (a target passes when it ran and found nothing).
# Installs nightly and cargo-fuzz when missing.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FUZZ_DIR="$WZ_ROOT/fuzz"
LIBFUZZER_FLAGS=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=128 -print_final_stats=1)

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}"
}

# ensure_nightly: the nightly toolchain cargo-fuzz needs (sanitizer coverage flags).
ensure_nightly() {
  if rustup run nightly rustc --version >/dev/null 2>&1; then
    return 0
  fi
  wz_log "installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
}

# ensure_cargo_fuzz: cargo-fuzz, installed once (it compiles for a few minutes).
ensure_cargo_fuzz() {
  if cargo fuzz --version >/dev/null 2>&1; then
    return 0
  fi
  wz_log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
}

main() {
  local smoke=0 seconds="" sanitizer=none targets=() arg
  while (($#)); do
    arg="$1"
    shift
    case "$arg" in
      --smoke) smoke=1 ;;
      --seconds) seconds="${1:?--seconds needs a number}"; shift ;;
      --asan) sanitizer=address ;;
      -h | --help) usage; return 0 ;;
      -*) echo "unknown option: $arg" >&2; usage >&2; return 2 ;;
      *) targets+=("$arg") ;;
    esac
  done
  if [ -z "$seconds" ]; then
    if ((smoke)); then seconds="${WZ_FUZZ_SMOKE_SECONDS:-5}"; else seconds=300; fi
  fi

  ensure_nightly
  ensure_cargo_fuzz
  cd "$WZ_ROOT"

  local all
  all="$(cd "$FUZZ_DIR" && cargo fuzz list)"
  ((${#targets[@]})) || mapfile -t targets <<<"$all"
  for arg in "${targets[@]}"; do
    grep -qxF "$arg" <<<"$all" || { echo "unknown fuzz target: $arg (see cargo fuzz list)" >&2; return 2; }
  done

  wz_banner "fuzz: building ${#targets[@]} targets (sanitizer: $sanitizer)"
  cargo +nightly fuzz build -s "$sanitizer"
  wz_banner "fuzz: seed corpora"
  cargo +nightly run -q --manifest-path "$FUZZ_DIR/Cargo.toml" --example seed_corpora -- "$FUZZ_DIR/corpus"

  local passed=0 failed=0 target log rc runs secs corpus before after found dirs rows=()
  for target in "${targets[@]}"; do
    mkdir -p "$FUZZ_DIR/corpus/$target" "$FUZZ_DIR/artifacts/$target"
    log="$(mktemp "${TMPDIR:-/tmp}/wz-fuzz-$target.XXXXXX")"
    before="$(find "$FUZZ_DIR/artifacts/$target" -type f | wc -l)"
    wz_banner "fuzz: $target for $seconds s"
    # Past findings (fuzz/regressions/<target>/, committed) are read with the corpus, so each
    # run replays them first.
    dirs=("$FUZZ_DIR/corpus/$target")
    [ -d "$FUZZ_DIR/regressions/$target" ] && dirs+=("$FUZZ_DIR/regressions/$target")
    rc=0
    cargo +nightly fuzz run -s "$sanitizer" "$target" "${dirs[@]}" -- \
      "${LIBFUZZER_FLAGS[@]}" -max_total_time="$seconds" >"$log" 2>&1 || rc=$?
    after="$(find "$FUZZ_DIR/artifacts/$target" -type f | wc -l)"
    found=$((after - before))
    runs="$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)"
    secs="$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$log" | tail -n 1)"
    corpus="$(find "$FUZZ_DIR/corpus/$target" -type f | wc -l)"
    if ((rc == 0 && found == 0)) && [ -n "$runs" ]; then
      passed=$((passed + 1))
      wz_log "ok $target: ${runs} executions in ${secs:-?} s, corpus $corpus"
    else
      failed=$((failed + 1))
      wz_log "FAILED $target: exit $rc, $found new artifacts (log below)"
      grep -E 'panicked|ERROR|SUMMARY|Test unit written|Failing input' "$log" | head -20 >&2 || true
      tail -n 30 "$log" >&2
    fi
    rows+=("$(printf '%-22s %8s %14s %8s %9s' "$target" "${secs:-?}" "${runs:-?}" "$corpus" "$found")")
    rm -f "$log"
  done

  {
    printf '\nfuzz campaign %s (%s s per target, sanitizer %s, commit %s)\n' \
      "$(date -u +%Y-%m-%dT%H:%MZ)" "$seconds" "$sanitizer" "$(git rev-parse --short HEAD 2>/dev/null || echo ?)"
    printf '%-22s %8s %14s %8s %9s\n' target seconds executions corpus findings
    printf '%s\n' "${rows[@]}"
  } | if ((smoke)); then cat; else tee -a "$FUZZ_DIR/artifacts/campaign.log"; fi
  echo "fuzz: $passed passed, $failed failed"
  ((failed == 0))
}

main "$@"
