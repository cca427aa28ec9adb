#!/usr/bin/env bash
# Starts a PostgreSQL server from Debian's packages for the suite's postgres project and
# two-node tests, and prints the URL to reach it. Installs the server when it is missing.
set -euo pipefail
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  $sudo apt-get update >&2 && $sudo apt-get install -y postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  $sudo pg_createcluster "$version" main >&2
fi
$sudo pg_ctlcluster "$version" main start >&2 || true
for _ in $(seq 1 30); do
  $sudo runuser -u postgres -- pg_isready -q && break
  sleep 1
done
$sudo runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -c \
  "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bangkom') THEN CREATE ROLE bangkom LOGIN SUPERUSER PASSWORD 'bangkom'; END IF; END\$\$;" >&2
echo "postgres://bangkom:bangkom@127.0.0.1:5432/postgres"
