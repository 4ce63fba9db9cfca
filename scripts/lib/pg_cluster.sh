#!/usr/bin/env bash
# scripts/lib/pg_cluster.sh — a throw-away PostgreSQL 15 cluster for the store tests.
#
# Sourced, not run. Defines:
#   pg_cluster_start  initdb + postgres in a fresh temp dir, listening only on a Unix socket
#                     in that dir (no TCP port to collide with), as the unprivileged `postgres`
#                     user when the caller is root. Creates the login role pp_owner (CREATEDB,
#                     CREATEROLE, not a superuser, so row-level security is real; it connects on
#                     trust, every other login with its SCRAM password) and exports
#                     PP_TEST_PG_URL, the URL of its maintenance database: each test creates its
#                     own database from there. Fails loudly (returns non-zero) if anything
#                     does not come up: a run that needs PostgreSQL must never silently skip.
#   pg_cluster_stop   stops the server and removes the dir; safe to call twice.

PG_CLUSTER_BIN="${PG_CLUSTER_BIN:-/usr/lib/postgresql/15/bin}"

_pg_cluster_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "${PG_CLUSTER_OS_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

pg_cluster_start() {
  if [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "${PG_CLUSTER_DIR}" ]; then
    echo "pg_cluster: already running in $PG_CLUSTER_DIR" >&2
    return 0
  fi
  if [ ! -x "$PG_CLUSTER_BIN/postgres" ] || [ ! -x "$PG_CLUSTER_BIN/initdb" ]; then
    echo "pg_cluster: FAILED: no PostgreSQL 15 binaries in $PG_CLUSTER_BIN (run scripts/setup)" >&2
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id "${PG_CLUSTER_OS_USER:-postgres}" >/dev/null 2>&1; then
    echo "pg_cluster: FAILED: running as root and no '${PG_CLUSTER_OS_USER:-postgres}' user" >&2
    return 1
  fi
  PG_CLUSTER_DIR=$(mktemp -d /tmp/pp-pg.XXXXXX) || return 1
  export PG_CLUSTER_DIR
  chmod 700 "$PG_CLUSTER_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown "${PG_CLUSTER_OS_USER:-postgres}" "$PG_CLUSTER_DIR"; fi
  # The socket dir must be reachable by the test processes (root or the caller).
  chmod 755 "$PG_CLUSTER_DIR"

  if ! _pg_cluster_as_owner "$PG_CLUSTER_BIN/initdb" -D "$PG_CLUSTER_DIR/data" -U pp_super \
         --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
    echo "pg_cluster: FAILED: initdb" >&2; cat "$PG_CLUSTER_DIR/initdb.log" >&2
    pg_cluster_stop; return 1
  fi
  # The cluster's own roles (the bootstrap superuser and the owner the tests migrate with)
  # connect on trust; every other login — the ones `phantompool db grant-login` makes — needs
  # its SCRAM password, so the tests that attack as such a login use real credentials.
  cat >"$PG_CLUSTER_DIR/pg_hba.conf" <<'HBA'
local all pp_super trust
local all pp_owner trust
local all all      scram-sha-256
HBA
  chmod 644 "$PG_CLUSTER_DIR/pg_hba.conf"
  # Unix socket only; enough connections for ctest -j2 of two builds, each test with its own
  # database and a handful of concurrent connections.
  if ! _pg_cluster_as_owner "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -w -t 60 \
         -l "$PG_CLUSTER_DIR/server.log" \
         -o "-c listen_addresses='' -k $PG_CLUSTER_DIR -p 5432 -c max_connections=300 -c hba_file=$PG_CLUSTER_DIR/pg_hba.conf" \
         start >/dev/null 2>&1; then
    echo "pg_cluster: FAILED: postgres did not start" >&2; cat "$PG_CLUSTER_DIR/server.log" >&2
    pg_cluster_stop; return 1
  fi
  local tries=0
  until "$PG_CLUSTER_BIN/pg_isready" -q -h "$PG_CLUSTER_DIR" -p 5432; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then
      echo "pg_cluster: FAILED: server not ready after 20 s" >&2
      cat "$PG_CLUSTER_DIR/server.log" >&2; pg_cluster_stop; return 1
    fi
    sleep 0.2
  done
  if ! "$PG_CLUSTER_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_CLUSTER_DIR" -p 5432 -U pp_super \
         -d postgres -c "CREATE ROLE pp_owner LOGIN CREATEDB CREATEROLE" >/dev/null; then
    echo "pg_cluster: FAILED: cannot create the test login role" >&2
    pg_cluster_stop; return 1
  fi
  export PP_TEST_PG_URL="postgresql://pp_owner@/postgres?host=$PG_CLUSTER_DIR&port=5432"
  echo "pg_cluster: PostgreSQL 15 up in $PG_CLUSTER_DIR (PP_TEST_PG_URL=$PP_TEST_PG_URL)"
}

pg_cluster_stop() {
  local dir="${PG_CLUSTER_DIR:-}"
  [ -n "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    _pg_cluster_as_owner "$PG_CLUSTER_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop \
      >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  unset PG_CLUSTER_DIR PP_TEST_PG_URL
  return 0
}
