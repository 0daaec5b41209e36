#!/usr/bin/env bash
# The Python bindings, tested as users get them:
#
#     bash scripts/test-python.sh [test|bench]
#
# Builds the wheel with maturin (`-b uniffi`, configured in bindings/python/pyproject.toml:
# libwangzheng.so plus the module the workspace's uniffi-bindgen generates), installs it with
# pip into the project venv ($WZ_CACHE/venv, made by ensure_python_venv), and runs pytest on
# bindings/python/tests from outside the source tree, so `import wangzheng` is the installed
# wheel. `test` ends with "python: N passed, N failed"; `bench` prints the per-call cost of
# verify from Python.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode="${1:-test}"
cd "$WZ_ROOT"
ensure_python_venv
wheels="$WZ_ROOT/target/python-wheels"

build_and_install() {
  local start=$SECONDS wheel
  rm -rf "$wheels"
  # The Cargo profile is pyproject.toml's (`wheel`); `--release` would override it.
  (cd bindings/python && "$WZ_VENV/bin/maturin" build --quiet -o "$wheels") >&2
  wheel="$(ls "$wheels"/wangzheng-*.whl)"
  "$WZ_VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel" >&2
  wz_log "built and installed $(basename "$wheel") ($((SECONDS - start)) s)"
}

case "$mode" in
  test)
    build_and_install
    log="$(mktemp)"
    rc=0
    # From the tests' folder with -p no:cacheprovider: nothing is written into the tree, and
    # the wheel (not a source folder) provides `wangzheng`.
    (cd bindings/python/tests && WZ_ROOT="$WZ_ROOT" "$WZ_VENV/bin/python" -m pytest -q -p no:cacheprovider .) 2>&1 |
      tee "$log" || rc=$?
    # pytest's closing line: "N failed, N passed, N errors in T s" (any subset, any order).
    summary="$(grep -E '^(=+ )?[0-9]+ (passed|failed|errors?)' "$log" | tail -n 1 || true)"
    passed="$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || true)"
    failed=$(($(grep -oE '[0-9]+ (failed|errors?)' <<<"$summary" | grep -oE '[0-9]+' | paste -sd+ - || echo 0)))
    rm -f "$log"
    if [ -z "$passed" ] && [ -z "$failed" ]; then
      echo "python: 0 passed, 1 failed (pytest reported no result; exit $rc)"
      exit 1
    fi
    echo "python: ${passed:-0} passed, ${failed:-0} failed"
    [ "$rc" -eq 0 ]
    ;;
  bench)
    build_and_install
    WZ_ROOT="$WZ_ROOT" "$WZ_VENV/bin/python" bindings/python/bench_verify.py
    ;;
  *) echo "usage: $0 [test|bench]" >&2; exit 2 ;;
esac
