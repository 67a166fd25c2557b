#!/usr/bin/env bash
# Installs an OpenJDK 21 from Debian's packages into a cache folder and prints its JAVA_HOME on
# stdout. Idempotent; set SPINDLE_TOOLS to move the install (default ci/.tools, as install-zig.sh).
#
# Debian 12 (bookworm) has no openjdk-21, and neither does bookworm-backports; Debian 13 (trixie)
# has openjdk-21-jdk-headless, built against glibc 2.41 (bookworm has 2.36, and the JDK needs
# GLIBC_2.38). So this downloads trixie's openjdk-21-jre-headless, openjdk-21-jdk-headless and libc6
# with apt-get, using a private sources list and state folder (the system's apt setup is left
# alone), unpacks them under the cache folder, and patches every ELF executable of the JDK with
# patchelf to start on trixie's dynamic loader with trixie's libc first in its RPATH. The JDK's
# libraries already carry DT_RPATH, which the executable's RPATH extends to everything it loads,
# libspindle.so included; the host's libstdc++, libgcc_s and libz are recent enough. Absolute
# symlinks into /etc/java-21-openjdk and /usr/share are pointed at the unpacked copies.
# Only patchelf is installed into the system (apt-get). Linux x86_64, Debian 12 or newer.
set -euo pipefail
dir="${SPINDLE_TOOLS:-$(cd "$(dirname "$0")" && pwd)/.tools}/jdk21"
root="$dir/root"
home="$root/usr/lib/jvm/java-21-openjdk-amd64"

is_jdk21() { [ -x "$home/bin/javac" ] && "$home/bin/java" -XshowSettings:properties -version 2>&1 | grep -q '^ *java.specification.version = 21$'; }
if is_jdk21; then echo "$home"; exit 0; fi

if [ "$(uname -sm)" != "Linux x86_64" ] || [ ! -f /etc/debian_version ]; then
  echo "install-jdk21.sh: needs a Debian-based Linux x86_64 host" >&2
  exit 1
fi
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
command -v patchelf >/dev/null || $sudo apt-get install -y -qq patchelf >&2 ||
  { $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq patchelf >&2; }

rm -rf "$dir" && mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs" "$root"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat >"$dir/apt/sources.list" <<EOF
deb [signed-by=$keyring] http://deb.debian.org/debian trixie main
deb [signed-by=$keyring] http://deb.debian.org/debian trixie-updates main
deb [signed-by=$keyring] http://deb.debian.org/debian-security trixie-security main
EOF
apt_opts=(-o Dir::Etc::SourceList="$dir/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::State::Lists="$dir/apt/lists" -o Dir::Cache="$dir/apt/cache" -o APT::Sandbox::User=root
  -o Debug::NoLocking=1)
apt-get "${apt_opts[@]}" -qq update >&2
# The newest of each across trixie and its security archive: apt-get download takes the candidate.
(cd "$dir/debs" && apt-get "${apt_opts[@]}" -qq download openjdk-21-jre-headless openjdk-21-jdk-headless libc6 >&2)
for deb in "$dir"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done

libc="$root/usr/lib/x86_64-linux-gnu"
loader="$libc/ld-linux-x86-64.so.2"
[ -x "$loader" ] && [ -d "$home/bin" ] || { echo "install-jdk21.sh: unexpected package layout under $root" >&2; exit 1; }

# Absolute symlinks (conf/, lib/jvm.cfg, lib/security/...) point into /etc and /usr/share: use the
# unpacked copies where the packages carry them, the host's files otherwise (e.g. cacerts).
find "$home" -type l -lname '/*' | while read -r link; do
  target="$(readlink "$link")"
  if [ -e "$root$target" ] || [ -L "$root$target" ]; then ln -sfn "$root$target" "$link"; fi
done

# Every ELF executable (bin/*, lib/jspawnhelper, ...) starts on trixie's loader, trixie's libc first.
find "$home" -type f -perm -u+x | while read -r f; do
  head -c4 "$f" | grep -q $'\x7fELF' || continue
  patchelf --print-interpreter "$f" >/dev/null 2>&1 || continue # a shared library
  rpath="$(patchelf --print-rpath "$f")"
  patchelf --set-interpreter "$loader" --force-rpath --set-rpath "$libc${rpath:+:$rpath}" "$f"
done

is_jdk21 || { echo "install-jdk21.sh: $home/bin/java does not run as a JDK 21" >&2; "$home/bin/java" -version >&2 || true; exit 1; }
rm -rf "$dir/apt" "$dir/debs"
echo "$home"
