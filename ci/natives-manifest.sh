#!/usr/bin/env bash
# Prints META-INF/native/natives.properties for the libraries build-natives.sh put in OUTDIR:
# the version, each platform's SHA-256 (the loader checks it), and the libc it needs.
set -euo pipefail
out="${1:?usage: natives-manifest.sh OUTDIR VERSION}"
version="${2:?usage: natives-manifest.sh OUTDIR VERSION}"
echo "version=$version"
for lib in "$out"/*/libspindle.*; do
  platform="$(basename "$(dirname "$lib")")"
  [ "$platform" = tests ] && continue
  echo "$platform.sha256=$(sha256sum "$lib" | cut -d' ' -f1)"
  case "$platform" in
    osx-*) echo "$platform.libc=macos" ;;
    *-musl) echo "$platform.libc=musl" ;;
    linux-*) echo "$platform.libc=glibc"; echo "$platform.glibc=2.17" ;; # the floor build-natives.sh targets
  esac
done
