#!/usr/bin/env bash
# Builds and runs the Kotlin side of the uniffi bindings on the JVM:
#
#     bash scripts/test-kotlin.sh [test|example|bench]
#
# - test (default): the JUnit 5 tests of bindings/kotlin/src/test/kotlin, run by the JUnit
#   console launcher; the last line is `kotlin: N passed, N failed`.
# - example: examples/kotlin/WalletFlow.kt; the last line is `kotlin example: 1 passed, 0 failed`
#   (or `0 passed, 1 failed`).
# - bench: bindings/kotlin/src/bench/kotlin; prints `kotlin verify: X.X us/call (...)`.
#
# The generated bindings (bindings/kotlin/src/main/kotlin/cn/wangzheng/wangzheng.kt) are compiled
# once into target/kotlin/wangzheng-bindings.jar (kotlinc takes 30-60 s on it); a stamp holding
# the checksum of the source, the compiler and JNA skips the compile while nothing changed. The
# tests, the example and the bench are cached the same way. The exit status is non-zero on any
# failure. Gradle is not used: it would need the Android SDK and Maven access (see
# bindings/kotlin/README.md); kotlinc compiles the same sources.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODE="${1:-test}"
case "$MODE" in
  test | example | bench) ;;
  *)
    echo "usage: bash scripts/test-kotlin.sh [test|example|bench]" >&2
    exit 2
    ;;
esac

# Whatever fails before a suite reports (toolchain, cargo, kotlinc), the run still ends with
# its summary line, counting the suite as one failure.
SUMMARY_PRINTED=''
summary() {
  SUMMARY_PRINTED=1
  case "$MODE" in
    test) echo "kotlin: $1 passed, $2 failed" ;;
    example) echo "kotlin example: $1 passed, $2 failed" ;;
    bench) ((${2} == 0)) || echo "kotlin verify: failed" ;;
  esac
}
trap 'rc=$?; if [ -z "$SUMMARY_PRINTED" ] && [ "$rc" -ne 0 ]; then summary 0 1; fi' EXIT

KOTLINC='' KOTLIN_LIB='' JNA_JAR='' JUNIT_JAR=''
paths="$(bash "$WZ_ROOT/scripts/install-kotlin.sh" --print)" || {
  wz_log "installing the Kotlin toolchain failed"
  exit 1
}
eval "$paths"
for f in "$KOTLINC" "$KOTLIN_LIB/kotlin-stdlib.jar" "$JNA_JAR" "$JUNIT_JAR"; do
  [ -e "$f" ] || {
    wz_log "missing $f (scripts/install-kotlin.sh did not install it)"
    exit 1
  }
done

cd "$WZ_ROOT"
LIB_DIR="$WZ_ROOT/target/release"
OUT="$WZ_ROOT/target/kotlin"
KT_DIR="$WZ_ROOT/bindings/kotlin/src"
GENERATED="$KT_DIR/main/kotlin/cn/wangzheng/wangzheng.kt"
BINDINGS_JAR="$OUT/wangzheng-bindings.jar"
STDLIB="$KOTLIN_LIB/kotlin-stdlib.jar"
mkdir -p "$OUT"

wz_log "cargo build -q -p wangzheng-ffi --release"
cargo build -q -p wangzheng-ffi --release
[ -f "$LIB_DIR/libwangzheng.so" ] || {
  wz_log "no $LIB_DIR/libwangzheng.so after the build"
  exit 1
}

# The compiler's identity for the stamps: its version line (one JVM start, ~1 s) would be exact,
# but the install path names the version already.
compiler_id() {
  printf '%s\n' "$KOTLINC"
  sha256sum "$KOTLIN_LIB/kotlin-compiler.jar" "$STDLIB" "$JNA_JAR" | cut -d' ' -f1
}

# compile_cached NAME OUTPUT STAMP_EXTRA -- KOTLINC_ARGS...: runs kotlinc with -d OUTPUT unless
# OUTPUT's stamp equals the checksum of the inputs (the sources named in KOTLINC_ARGS that exist
# as files or folders, the compiler, and STAMP_EXTRA). A lock keeps two runs from compiling into
# the same place at once; the output is built beside and moved in.
compile_cached() {
  local name="$1" output="$2" extra="$3" want stamp start
  shift 4
  stamp="$output.stamp"
  want="$(
    {
      compiler_id
      printf '%s\n' "$extra" "$*"
      local a
      for a in "$@"; do
        if [ -d "$a" ]; then
          find "$a" -type f -name '*.kt' -print0 | sort -z | xargs -0 -r sha256sum
        elif [ -f "$a" ]; then
          sha256sum "$a"
        fi
      done
    } | sha256sum | cut -d' ' -f1
  )"
  (
    flock 9
    if [ -e "$output" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
      wz_log "$name: up to date ($(basename "$output"))"
      exit 0
    fi
    start=$SECONDS
    wz_log "$name: kotlinc -> ${output#"$WZ_ROOT"/}"
    rm -rf "$output.tmp" "$stamp"
    if [[ "$output" == *.jar ]]; then
      "$KOTLINC" -nowarn -d "$output.tmp.jar" "$@" || exit 1
      mv -f "$output.tmp.jar" "$output"
    else
      mkdir -p "$output.tmp"
      "$KOTLINC" -nowarn -d "$output.tmp" "$@" || exit 1
      rm -rf "$output"
      mv "$output.tmp" "$output"
    fi
    printf '%s\n' "$want" >"$stamp"
    wz_log "$name: compiled in $((SECONDS - start)) s"
  ) 9>"$OUT/.lock-$(basename "$output")"
}

# The generated bindings: JNA is their only dependency.
compile_cached bindings "$BINDINGS_JAR" '' -- -cp "$JNA_JAR" "$GENERATED"
bindings_sum="$(cat "$BINDINGS_JAR.stamp")"

RUN_CP="$BINDINGS_JAR:$STDLIB:$JNA_JAR"
JAVA=(java -Djna.library.path="$LIB_DIR" -Dwangzheng.root="$WZ_ROOT" -Xss4m)

case "$MODE" in
  test)
    classes="$OUT/test-classes"
    compile_cached tests "$classes" "$bindings_sum" -- \
      -cp "$BINDINGS_JAR:$JNA_JAR:$JUNIT_JAR" "$KT_DIR/test/kotlin"
    log="$OUT/junit.log"
    rc=0
    set +e
    "${JAVA[@]}" -jar "$JUNIT_JAR" --disable-banner --details=tree --disable-ansi-colors \
      -cp "$classes:$RUN_CP" --scan-class-path "$classes" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    # The launcher's summary: "[        12 tests successful      ]" and "[ 0 tests failed ]".
    passed="$(sed -nE 's/^\[ *([0-9]+) tests successful *\]$/\1/p' "$log" | tail -n 1)"
    failed="$(sed -nE 's/^\[ *([0-9]+) tests failed *\]$/\1/p' "$log" | tail -n 1)"
    if [ -z "$passed" ] || [ -z "$failed" ]; then
      wz_log "the JUnit launcher reported no counts (exit $rc)"
      summary 0 1
      exit 1
    fi
    if ((passed + failed == 0)); then
      wz_log "the JUnit launcher ran no test"
      failed=1
    elif ((rc != 0 && failed == 0)); then
      wz_log "the JUnit launcher exited $rc without a failed test"
      failed=1
    fi
    summary "$passed" "$failed"
    ((failed == 0))
    ;;
  example)
    classes="$OUT/example-classes"
    compile_cached example "$classes" "$bindings_sum" -- \
      -cp "$BINDINGS_JAR:$JNA_JAR" "$WZ_ROOT/examples/kotlin"
    rc=0
    "${JAVA[@]}" -cp "$classes:$RUN_CP" WalletFlowKt || rc=$?
    if ((rc == 0)); then
      summary 1 0
    else
      wz_log "WalletFlow exited $rc"
      summary 0 1
      exit 1
    fi
    ;;
  bench)
    classes="$OUT/bench-classes"
    compile_cached bench "$classes" "$bindings_sum" -- \
      -cp "$BINDINGS_JAR:$JNA_JAR" "$KT_DIR/bench/kotlin"
    "${JAVA[@]}" -cp "$classes:$RUN_CP" cn.wangzheng.bench.VerifyBenchKt
    ;;
esac
