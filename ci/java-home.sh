# Sourced by .ci/run and usable by hand: `. ci/java-home.sh`.
# Spindle needs a JDK >= 21; when the default java is older, pick the newest JDK under /usr/lib/jvm.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

current="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$current" >/dev/null 2>&1 || [ "$(java_major "$current")" -lt 21 ] 2>/dev/null; then
  best=""
  for jdk in /usr/lib/jvm/*/; do
    [ -x "$jdk/bin/javac" ] || continue
    v=$(java_major "$jdk/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && { [ -z "$best" ] || [ "$v" -gt "$(java_major "$best/bin/java")" ]; }; then
      best="${jdk%/}"
    fi
  done
  if [ -z "$best" ]; then
    echo "Spindle needs a JDK 21 or newer; none found (set JAVA_HOME)." >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
fi
echo "Using JDK at ${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")} ($(java_major java))"
