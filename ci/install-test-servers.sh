#!/usr/bin/env bash
# Installs, from Debian's packages and only when missing, the servers that the java.net tests on the
# agent start themselves (JavaNetServersTest): redis-server, and PostgreSQL for initdb/pg_ctl. Run by
# the java module's build before those tests (pre-integration-test); needs root for apt-get, as CI
# has. Neither package's service is started here: each test starts its own server on a free loopback
# port and stops it.
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-servers: ${need[*]} missing and not root: install them (apt-get install ${need[*]})" >&2
  exit 1
fi
echo "install-test-servers: installing ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
