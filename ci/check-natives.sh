#!/usr/bin/env bash
# Checks what build-natives.sh produced in OUTDIR: format and architecture,
# glibc symbol versions (<= 2.17), no glibc in musl builds, the poller syscall
# each library imports, the exported JNI_OnLoad, and the static musl C tests
# (aarch64 under qemu-user, x86_64 natively). One line per check; exits 1 on any failure.
set -uo pipefail
out="${1:?usage: check-natives.sh OUTDIR}"
pass=0 fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

# CI runners are not root; this machine is.
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
apt_install() { $sudo apt-get install -y -qq "$@" >/dev/null 2>&1 || { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq "$@" >/dev/null 2>&1; }; }
command -v file >/dev/null || apt_install file
command -v readelf >/dev/null || apt_install binutils
command -v llvm-nm >/dev/null || apt_install llvm           # reads Mach-O, which GNU binutils here cannot
command -v qemu-aarch64 >/dev/null || apt_install qemu-user

# platform | file(1) must say | imported poller call | libc
libs="
linux-x86_64        libspindle.so     ELF 64-bit LSB shared object, x86-64        epoll_wait glibc
linux-aarch_64      libspindle.so     ELF 64-bit LSB shared object, ARM aarch64   epoll_wait glibc
linux-x86_64-musl   libspindle.so     ELF 64-bit LSB shared object, x86-64        epoll_wait musl
linux-aarch_64-musl libspindle.so     ELF 64-bit LSB shared object, ARM aarch64   epoll_wait musl
osx-x86_64          libspindle.dylib  Mach-O 64-bit x86_64 dynamically linked shared library  kevent macos
osx-aarch_64        libspindle.dylib  Mach-O 64-bit arm64 dynamically linked shared library   kevent macos
"

glibc_max() { readelf -V -W "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1; }
le_2_17() { [ -n "$1" ] && [ "$(printf '%s\n2.17\n' "$1" | sort -V | tail -n1)" = 2.17 ]; }
elf_imports() { readelf --dyn-syms -W "$1" | awk '$7 == "UND" { sub(/@.*/, "", $8); print $8 }' | grep -qx "$2"; }
elf_exports() { readelf --dyn-syms -W "$1" | awk '$7 != "UND" && $5 == "GLOBAL" && $6 == "DEFAULT" { print $8 }' | grep -qx "$2"; }
macho_imports() { llvm-nm -u "$1" | grep -qx "_$2"; }
macho_exports() { llvm-nm -gU "$1" | awk '{ print $3 }' | grep -x "_$2" >/dev/null; } # not grep -q: an early exit would SIGPIPE llvm-nm and fail the pipe
no_glibc() { ! readelf -d "$1" | grep -Eq 'NEEDED.*(libc\.so\.6|ld-linux|libpthread\.so\.0)' && [ -z "$(glibc_max "$1")" ]; }
needs_musl() { readelf -d "$1" | grep -q 'NEEDED.*\[libc\.so\]'; }

while read -r platform lib rest; do
  [ -n "$platform" ] || continue
  libc="${rest##* }"; rest="${rest% *}"
  call="${rest##* }"; format="${rest% *}"; format="$(echo "$format" | sed 's/ *$//')"
  f="$out/$platform/$lib"
  if [ ! -f "$f" ]; then bad "$platform: $lib missing"; continue; fi
  desc="$(file -b "$f")"
  check "$platform: $format" grep -qF "$format" <<<"$desc"
  case "$libc" in
    glibc)
      v="$(glibc_max "$f")"
      check "$platform: newest glibc symbol version is ${v:-none} (<= 2.17)" le_2_17 "$v"
      check "$platform: imports $call" elf_imports "$f" "$call"
      check "$platform: exports JNI_OnLoad" elf_exports "$f" JNI_OnLoad ;;
    musl)
      check "$platform: needs musl's libc.so and no glibc" eval 'needs_musl "$f" && no_glibc "$f"'
      check "$platform: imports $call" elf_imports "$f" "$call"
      check "$platform: exports JNI_OnLoad" elf_exports "$f" JNI_OnLoad ;;
    macos)
      check "$platform: imports $call" macho_imports "$f" "$call"
      check "$platform: exports JNI_OnLoad" macho_exports "$f" JNI_OnLoad ;;
  esac
done <<<"$libs"

# The C tests, statically linked against musl: no sysroot needed to run them.
run_tests() { # platform runner...
  local platform="$1"; shift
  for t in test_poller test_net test_pipe test_unix test_udp; do
    local exe="$out/tests/$platform/$t" log
    if [ ! -x "$exe" ]; then bad "tests/$platform/$t missing"; continue; fi
    if ! file -b "$exe" | grep -q 'statically linked'; then bad "tests/$platform/$t is not static"; continue; fi
    if log="$(timeout 120 "$@" "$exe" 2>&1)"; then
      ok "tests/$platform/$t passed ($(grep -c '^ok ' <<<"$log") cases) under ${*:-the host}"
    else
      bad "tests/$platform/$t under ${*:-the host}:"; sed 's/^/     /' <<<"$log"
    fi
  done
}
if command -v qemu-aarch64 >/dev/null; then run_tests linux-aarch_64-musl qemu-aarch64; else bad "qemu-aarch64 not installed"; fi
if [ "$(uname -m)" = x86_64 ]; then run_tests linux-x86_64-musl; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
