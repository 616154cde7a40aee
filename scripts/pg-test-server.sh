#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on 127.0.0.1:54329 for the race and DATABASE_URL tests.
#   eval "$(scripts/pg-test-server.sh)"   # start (or reuse) and export DATABASE_URL
#   scripts/pg-test-server.sh --stop      # stop and delete the cluster
# Trust auth on loopback only: this cluster holds test data and nothing else.
# Progress goes to stderr so stdout is only the export line.
set -euo pipefail

PORT="${PG_TEST_PORT:-54329}"
DIR="${PG_TEST_DIR:-${TMPDIR:-/tmp}/qingyuan-pg-test}"
DB=qingyuan_test
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [[ ! -x "$PG_BIN/initdb" ]] && command -v pg_config >/dev/null; then
  PG_BIN="$(pg_config --bindir)"
fi
if [[ ! -x "$PG_BIN/initdb" ]]; then
  echo "PostgreSQL server binaries not found (set PG_BIN, or: apt-get install postgresql-15)" >&2
  exit 1
fi

# initdb and postgres refuse to run as root, so root hands the work to the postgres user.
as_pg() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ "${1:-}" == "--stop" ]]; then
  if [[ -f "$DIR/data/postmaster.pid" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$DIR"
  echo "stopped and removed $DIR" >&2
  exit 0
fi

if ! as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  if [[ ! -f "$DIR/data/PG_VERSION" ]]; then
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [[ "$(id -u)" == 0 ]] && chown postgres: "$DIR"
    as_pg "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --no-locale >&2
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='$DIR' -c fsync=off" >&2
fi

if ! as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
  "select 1 from pg_database where datname = '$DB'" postgres | grep -q 1; then
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB" >&2
fi

echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/$DB"
