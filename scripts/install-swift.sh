#!/usr/bin/env bash
# The Swift toolchain for the Swift bindings' tests and example, and a runner for it:
#
#     bash scripts/install-swift.sh              # build the toolchain if it is not there
#     bash scripts/install-swift.sh run CMD...   # run CMD inside it (repository at /src)
#
# Debian 12 has no Swift; Debian 13 (trixie) has swiftlang 6.0.3. So the toolchain is a trixie
# chroot made with debootstrap, kept outside the repository in $WZ_CACHE/swift-trixie, guarded by
# a lock and marked ready by a stamp written only after `swiftc --version` ran inside it. A new
# machine builds it in two to three minutes (about 550 MB of downloads, 2.7 GB on disk); later
# runs reuse it.
#
# `run` mounts /proc (swiftc cannot find libswiftCore.so without it), /dev, and the repository at
# the fixed path /src (SwiftPM stores absolute paths), inside `unshare --mount` so every mount
# disappears when the command ends. Needs root, as debootstrap and chroot do.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SWIFT_ROOT="${WZ_SWIFT_ROOT:-$WZ_CACHE/swift-trixie}"
SWIFT_STAMP="$SWIFT_ROOT.ready"
SWIFT_PACKAGES=(swiftlang libc6-dev)

# The Debian mirror the machine's own apt sources name (the chroot must reach the same registry).
debian_mirror() {
  local m
  # Only the files apt reads (*.list, *.sources; not "*.disabled" leftovers), and the Debian
  # archive itself, not its security suite or a third-party repository.
  m="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -oE '^(URIs:|deb) +https?://[^ ]+' | awk '{print $2}' | grep -E '/debian/?$' | head -n 1)"
  printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

ensure_swift() {
  [ -f "$SWIFT_STAMP" ] && return 0
  [ "$(id -u)" -eq 0 ] || { wz_log "the Swift chroot needs root (debootstrap, chroot)"; return 1; }
  apt_install debootstrap || return
  mkdir -p "$(dirname "$SWIFT_ROOT")"
  (
    flock 9
    [ -f "$SWIFT_STAMP" ] && exit 0
    local mirror start=$SECONDS
    mirror="$(debian_mirror)"
    wz_log "building the Swift toolchain: debootstrap trixie from $mirror into $SWIFT_ROOT"
    rm -rf "$SWIFT_ROOT"
    debootstrap --variant=minbase trixie "$SWIFT_ROOT" "$mirror" >"$WZ_CACHE/swift-debootstrap.log" 2>&1 ||
      { tail -n 20 "$WZ_CACHE/swift-debootstrap.log"; exit 1; }
    cp /etc/resolv.conf "$SWIFT_ROOT/etc/resolv.conf" 2>/dev/null || true
    wz_log "installing ${SWIFT_PACKAGES[*]} in the chroot"
    in_chroot env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || exit 1
    in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${SWIFT_PACKAGES[@]}" >"$WZ_CACHE/swift-apt.log" 2>&1 || { tail -n 20 "$WZ_CACHE/swift-apt.log"; exit 1; }
    in_chroot apt-get clean
    in_chroot swiftc --version || exit 1
    touch "$SWIFT_STAMP"
    wz_log "Swift toolchain ready ($((SECONDS - start)) s)"
  ) 9>"$SWIFT_ROOT.lock"
}

# in_chroot CMD...: runs CMD in the chroot with /proc, /dev and the repository (at /src) mounted
# in a private mount namespace.
in_chroot() {
  mkdir -p "$SWIFT_ROOT/src"
  # shellcheck disable=SC2016 # the inner script expands its own positional parameters
  unshare --mount --propagation private -- bash -c '
    set -e
    root="$1"; src="$2"; shift 2
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --bind "$src" "$root/src"
    # A target folder that is a symlink to an absolute path (a shared build cache) points
    # outside the chroot: mount that folder at the same path inside, so the link resolves.
    if [ -L "$src/target" ]; then
      dest="$(readlink -f "$src/target")"
      mkdir -p "$root$dest"
      mount --bind "$dest" "$root$dest"
    fi
    exec chroot "$root" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      LANG=C.UTF-8 "$@"
  ' bash "$SWIFT_ROOT" "$WZ_ROOT" "$@"
}

case "${1:-}" in
  "") ensure_swift ;;
  run)
    shift
    ensure_swift
    in_chroot "$@"
    ;;
  *) echo "usage: $0 [run CMD...]" >&2; exit 2 ;;
esac
