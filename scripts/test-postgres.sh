#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on 127.0.0.1 for the tests; prints `export SFCONF_TEST_PG=...`.
# Usage: eval "$(bash scripts/test-postgres.sh start)"   ...   bash scripts/test-postgres.sh stop
# initdb and pg_ctl refuse to run as root, so as root the cluster runs as the `postgres` user.
set -euo pipefail
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PGDATA_DIR="${SFCONF_PG_DATA:-/tmp/sfconf-test-pg}"
PORT="${SFCONF_PG_PORT:-55432}"
SUPERPASS="sfconf-test"

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_pg() {
  if [ ! -x "$PGBIN/initdb" ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
    else
      echo "PostgreSQL 15 is not installed ($PGBIN/initdb missing)" >&2
      exit 1
    fi
  fi
}

start() {
  install_pg
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    rm -rf "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = "0" ] && chown postgres: "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    pwfile="$PGDATA_DIR.pw"
    echo "$SUPERPASS" >"$pwfile"
    [ "$(id -u)" = "0" ] && chown postgres: "$pwfile"
    as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
      -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $PORT"
      echo "unix_socket_directories = '$PGDATA_DIR'"
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
      echo "max_connections = 200"
    } >>"$PGDATA_DIR/postgresql.conf"
  fi
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w start >/dev/null
  fi
  echo "export SFCONF_TEST_PG=postgresql://postgres:$SUPERPASS@127.0.0.1:$PORT/postgres"
  echo "export SFCONF_TEST_PG_DATA=$PGDATA_DIR"
}

stop() {
  if [ -f "$PGDATA_DIR/PG_VERSION" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA_DIR"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
