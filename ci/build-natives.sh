#!/usr/bin/env bash
# Cross-builds libspindle for every published platform with zig:
#   OUTDIR/<platform>/libspindle.so|.dylib
# and the C tests for the musl targets, linked statically so qemu-user (or the
# host) runs them without a sysroot: OUTDIR/tests/<platform>/test_*.
set -euo pipefail
out="${1:?usage: build-natives.sh OUTDIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out" && out="$(cd "$out" && pwd)"
# CMake build trees, beside OUTDIR: one per checkout, so two clones never share a cache.
work="${SPINDLE_NATIVE_WORK:-$out-work}"

# CI runners are not root; this machine is.
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
apt_install() { $sudo apt-get install -y -qq "$@" >&2 || { $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq "$@" >&2; }; }
command -v cmake >/dev/null && command -v make >/dev/null || apt_install cmake make

# Any JDK gives the JNI headers: jni.h is portable and jni_md.h is the same on Linux and macOS.
jdk="${JAVA_HOME:-}"
if [ ! -f "$jdk/include/jni.h" ]; then
  jdk="$(dirname "$(dirname "$(ls /usr/lib/jvm/*/include/jni.h 2>/dev/null | head -n1)")")"
fi
if [ ! -f "$jdk/include/jni.h" ]; then
  apt_install openjdk-17-jdk-headless
  jdk="$(dirname "$(dirname "$(ls /usr/lib/jvm/*/include/jni.h | head -n1)")")"
fi
zig="$(bash "$root/ci/install-zig.sh")"

# platform (os-maven-plugin names, as NativeLoader looks them up)  zig target
targets="
linux-x86_64         x86_64-linux-gnu.2.17
linux-aarch_64       aarch64-linux-gnu.2.17
linux-x86_64-musl    x86_64-linux-musl
linux-aarch_64-musl  aarch64-linux-musl
osx-x86_64           x86_64-macos
osx-aarch_64         aarch64-macos
"
echo "$targets" | while read -r platform target; do
  [ -n "$platform" ] || continue
  build="$work/$platform"
  log="$work/$platform.log"
  mkdir -p "$work"
  what=(spindle)
  flags=(-DCMAKE_SHARED_LINKER_FLAGS=-s) # ship stripped libraries
  case "$target" in *musl) what+=(test_poller test_net test_pipe test_unix test_udp); flags+=(-DCMAKE_EXE_LINKER_FLAGS=-static) ;; esac
  echo "== $platform ($target): ${what[*]}"
  if ! {
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_TOOLCHAIN_FILE="$root/ci/cmake/zig.cmake" -DZIG="$zig" -DZIG_TARGET="$target" \
      -DJAVA_HOME="$jdk" "${flags[@]}" &&
    cmake --build "$build" --parallel 2 --target "${what[@]}"
  } >"$log" 2>&1; then
    cat "$log" >&2
    echo "build-natives.sh: $platform failed" >&2
    exit 1
  fi
  mkdir -p "$out/$platform"
  case "$target" in
    *macos) cp "$build/native/libspindle.dylib" "$out/$platform/" ;;
    *) cp "$build/native/libspindle.so" "$out/$platform/" ;;
  esac
  if [ ${#what[@]} -gt 1 ]; then
    mkdir -p "$out/tests/$platform"
    cp "$build/native/test_poller" "$build/native/test_net" "$build/native/test_pipe" "$build/native/test_unix" "$build/native/test_udp" "$out/tests/$platform/"
  fi
done
echo "natives in $out:"
(cd "$out" && find . -type f | sort)
