#!/usr/bin/env bash
# Installs what the Kotlin bindings' tests and example need, idempotently, and prints nothing on
# success but the paths (as shell assignments) when run with --print:
#
#     bash scripts/install-kotlin.sh [--print]
#
# - kotlinc: the npm package kotlin-compiler (the full JetBrains distribution; Debian's own
#   `kotlin` is 1.3, far too old), installed into $WZ_CACHE/kotlin;
# - JNA (libjna-java, the bindings' only runtime dependency) and the JUnit 5 console launcher
#   (junit5), from Debian.
# A stamp file marks the npm install finished; a lock keeps two runs from racing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KOTLIN_VERSION=2.4.20

ensure_kotlin() {
  apt_install libjna-java junit5 || return
  local dir="$WZ_CACHE/kotlin" stamp="$WZ_CACHE/kotlin/.wz-ready-$KOTLIN_VERSION"
  [ -f "$stamp" ] && return 0
  command -v npm >/dev/null 2>&1 || apt_install npm || return
  mkdir -p "$dir"
  (
    flock 9
    [ -f "$stamp" ] && exit 0
    wz_log "installing kotlin-compiler@$KOTLIN_VERSION from npm into $dir"
    npm install --prefix "$dir" --no-audit --no-fund --silent "kotlin-compiler@$KOTLIN_VERSION" || exit 1
    "$dir/node_modules/kotlin-compiler/bin/kotlinc-jvm" -version >/dev/null 2>&1 || exit 1
    touch "$stamp"
  ) 9>"$WZ_CACHE/kotlin.lock"
}

ensure_kotlin
if [ "${1:-}" = --print ]; then
  k="$WZ_CACHE/kotlin/node_modules/kotlin-compiler"
  printf 'KOTLINC=%q\nKOTLIN_LIB=%q\nJNA_JAR=%q\nJUNIT_JAR=%q\n' \
    "$k/bin/kotlinc-jvm" "$k/lib" /usr/share/java/jna.jar /usr/share/java/junit-platform-console-standalone.jar
fi
