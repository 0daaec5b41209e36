# shellcheck shell=bash
# Shared helpers for the project's scripts. Source it; do not run it:
#
#     source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Installers here are idempotent and skip their work when it is already done, because every new
# machine (and CI on it) starts with nothing installed by hand.
#
# Result accounting: a suite is named "group/name" (for example "rust/fmt", "python/interop");
# the group is the language line in the summary. Call results_init once, then run_step,
# run_setup, run_suite or record_suite for each check, and finish with print_summary.

WZ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WZ_CACHE="${WZ_CACHE:-${HOME:-$(cd ~ && pwd)}/.cache/wangzheng}"
export WZ_ROOT WZ_CACHE
WZ_LOG_DIR="${WZ_LOG_DIR:-$WZ_CACHE/logs}"
WZ_VENV="$WZ_CACHE/venv"
# The exact Python requirement set of the interop checks. pycose 1.1.0 breaks with cbor2 6.
WZ_PY_REQUIREMENTS=("pycose==1.1.0" "cbor2<6" "pytest" "maturin==1.16.0")

# Prints a section header that stands out in a long CI log.
wz_banner() {
  printf '\n==> %s\n' "$*"
}

wz_log() {
  printf '[wz] %s\n' "$*" >&2
}

# --- installers ------------------------------------------------------------------------------

# ensure_rust_target TRIPLE: adds a rustup target unless it is installed already.
ensure_rust_target() {
  local target="$1"
  if ! command -v rustup >/dev/null 2>&1; then
    wz_log "rustup not found; cannot add target $target"
    return 1
  fi
  if rustup target list --installed | grep -qxF "$target"; then
    return 0
  fi
  wz_log "installing rust target $target"
  rustup target add "$target"
}

# ensure_rust_component NAME...: adds rustup components (rustfmt, clippy, ...) that are missing.
ensure_rust_component() {
  local installed missing=() c
  installed="$(rustup component list --installed)"
  for c in "$@"; do
    grep -q "^$c\(-\|$\)" <<<"$installed" || missing+=("$c")
  done
  ((${#missing[@]} == 0)) && return 0
  wz_log "installing rust components ${missing[*]}"
  rustup component add "${missing[@]}"
}

# apt_install PKG...: installs the Debian packages that dpkg does not report as installed.
# Runs `apt-get update` once per shell before the first install.
apt_install() {
  local missing=() p sudo=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  if [ -z "${_WZ_APT_UPDATED:-}" ]; then
    wz_log "apt-get update"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    _WZ_APT_UPDATED=1
  fi
  wz_log "apt-get install ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# ensure_python_venv: creates $WZ_VENV with WZ_PY_REQUIREMENTS installed. A stamp file records
# the requirement set and the base interpreter; when both match, nothing is done. A lock keeps
# two concurrent runs from building the same venv.
ensure_python_venv() {
  local python stamp want
  python="$(command -v python3)" || { wz_log "python3 not found"; return 1; }
  stamp="$WZ_VENV/.wz-requirements"
  want="$(printf '%s\n' "${WZ_PY_REQUIREMENTS[@]}" "python=$("$python" -c 'import sys; print(sys.version.split()[0])')")"
  _wz_venv_ready "$stamp" "$want" && return 0
  mkdir -p "$WZ_CACHE"
  (
    flock 9
    # Another run may have built it while this one waited for the lock.
    _wz_venv_ready "$stamp" "$want" && exit 0
    wz_log "creating python venv in $WZ_VENV (${WZ_PY_REQUIREMENTS[*]})"
    rm -rf "$WZ_VENV"
    if ! "$python" -m venv "$WZ_VENV"; then
      # Debian's own python3 ships venv/ensurepip as a separate package.
      rm -rf "$WZ_VENV"
      apt_install python3-venv || exit 1
      "$python" -m venv "$WZ_VENV" || exit 1
    fi
    "$WZ_VENV/bin/python" -m pip install -q --disable-pip-version-check "${WZ_PY_REQUIREMENTS[@]}" || exit 1
    printf '%s\n' "$want" >"$stamp.tmp" && mv "$stamp.tmp" "$stamp"
  ) 9>"$WZ_CACHE/venv.lock"
}

_wz_venv_ready() {
  [ -x "$WZ_VENV/bin/python" ] && [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}

# --- result accounting -----------------------------------------------------------------------

# results_init: starts an empty results file for this run (removed when the shell exits).
results_init() {
  WZ_RESULTS="$(mktemp "${TMPDIR:-/tmp}/wz-results.XXXXXX")"
  export WZ_RESULTS
  mkdir -p "$WZ_LOG_DIR"
  # shellcheck disable=SC2064 # expand now: the path is fixed for this run
  trap "rm -f '$WZ_RESULTS'" EXIT
}

# record_suite NAME PASSED FAILED [STATUS [NOTE]]: appends one suite's counts. STATUS is ok,
# failed or error (the suite could not run or its output could not be read); by default it
# follows FAILED.
record_suite() {
  local name="$1" passed="$2" failed="$3" status="${4:-}" note="${5:-}"
  [ -n "$status" ] || { [ "$failed" -gt 0 ] && status=failed || status=ok; }
  : "${WZ_RESULTS:?results_init was not called}"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$passed" "$failed" "$status" "${note//$'\t'/ }" >>"$WZ_RESULTS"
}

# record_error NAME NOTE: a suite that could not run or report counts as 1 failed.
record_error() {
  wz_log "ERROR $1: $2"
  record_suite "$1" 0 1 error "$2"
}

# run_step NAME CMD...: a pass/fail check (build, lint, freshness). Streams the command's output
# and records 1 passed or 1 failed. Returns the command's status.
run_step() {
  local name="$1" rc=0 start=$SECONDS
  shift
  wz_banner "$name: $*"
  "$@" || rc=$?
  if ((rc == 0)); then
    record_suite "$name" 1 0
    wz_log "ok $name ($((SECONDS - start)) s)"
  else
    record_suite "$name" 0 1 failed "exit $rc"
    wz_log "FAILED $name: exit $rc ($((SECONDS - start)) s)"
  fi
  return "$rc"
}

# run_setup NAME CMD...: a preparation (installing a target or a venv). Success is not counted as
# a test; failure is recorded as an error. Returns the command's status.
run_setup() {
  local name="$1" rc=0
  shift
  "$@" || rc=$?
  ((rc == 0)) || record_error "$name" "setup failed: exit $rc"
  return "$rc"
}

# run_suite NAME PARSER CMD...: runs a test suite, streams and logs its output, and records the
# counts that `PARSER LOGFILE` puts in PASSED and FAILED. A suite that exits non-zero without
# reporting a failure, reports no counts, or ran no test is recorded as an error. Returns 0 when
# the suite passed.
run_suite() {
  local name="$1" parser="$2" rc=0 log start=$SECONDS
  local -
  set -o pipefail # the suite's status, not tee's
  shift 2
  log="$WZ_LOG_DIR/${name//[^A-Za-z0-9_.-]/_}.log"
  wz_banner "$name: $*"
  "$@" 2>&1 | tee "$log" || rc=$?
  PASSED=0 FAILED=0
  if ! "$parser" "$log"; then
    record_error "$name" "no test counts in output (exit $rc; log $log)"
  elif ((rc != 0 && FAILED == 0)); then
    record_suite "$name" "$PASSED" 1 error "exit $rc with no failed test reported (log $log)"
  elif ((PASSED + FAILED == 0)); then
    record_error "$name" "ran no test (log $log)"
  else
    record_suite "$name" "$PASSED" "$FAILED"
  fi
  wz_log "$name: $PASSED passed, $FAILED failed, exit $rc ($((SECONDS - start)) s)"
  [ "$rc" -eq 0 ] && [ "$FAILED" -eq 0 ]
}

# cargo_test_counts LOGFILE: sums the "test result: ok. N passed; M failed; ..." lines (and the
# "test result: FAILED. ..." ones) of a cargo test log into PASSED and FAILED. Returns 1 when the
# log has no such line.
cargo_test_counts() {
  local counts
  counts="$(sed -nE 's/^test result: (ok|FAILED)\. ([0-9]+) passed; ([0-9]+) failed;.*/\2 \3/p' "$1" |
    awk '{ p += $1; f += $2; n++ } END { if (n) print p, f }')"
  [ -n "$counts" ] || return 1
  read -r PASSED FAILED <<<"$counts"
}

# plain_counts LOGFILE: reads the last "N passed, N failed" line (optionally "words: " before it
# and ", N skipped" after it) into PASSED and FAILED. Returns 1 when there is none.
plain_counts() {
  local counts
  counts="$(sed -nE 's/^([A-Za-z_ -]+: )?([0-9]+) passed, ([0-9]+) failed(, [0-9]+ skipped)?$/\2 \3/p' "$1" | tail -n 1)"
  [ -n "$counts" ] || return 1
  read -r PASSED FAILED <<<"$counts"
}

# print_summary: the failed suites, one line per group ("rust: N passed, N failed") and the
# closing line "N passed, N failed". Returns 1 if anything failed or errored, or nothing ran.
print_summary() {
  : "${WZ_RESULTS:?results_init was not called}"
  wz_banner "summary"
  awk -F'\t' '
    {
      group = (index($1, "/") ? substr($1, 1, index($1, "/") - 1) : "other")
      if (!(group in passed)) { order[++ngroups] = group; passed[group] = 0; failed[group] = 0 }
      passed[group] += $2; failed[group] += $3; tp += $2; tf += $3
      if ($4 != "ok") { bad++; printf "%-7s %s%s\n", ($4 == "error" ? "ERROR" : "FAILED"), $1, ($5 != "" ? ": " $5 : "") }
    }
    END {
      if (NR == 0) { print "no suite ran"; bad = 1 }
      for (i = 1; i <= ngroups; i++) printf "%s: %d passed, %d failed\n", order[i], passed[order[i]], failed[order[i]]
      printf "%d passed, %d failed\n", tp, tf
      exit (bad || tf ? 1 : 0)
    }' "$WZ_RESULTS"
}
