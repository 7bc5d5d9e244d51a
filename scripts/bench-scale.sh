#!/usr/bin/env bash
# `make bench-scale`: the hot paths' latency on a small (10,000 accounts) and a national-size
# PostgreSQL database in the same run, with the ratio national/small (goal: p99 ratio <= 2).
# Not part of `make test`: seeding the national database takes a long time and tens of GB.
#
#   1. Makes (or reuses) one database per size, named by its size: mlango_scale_10000 and
#      mlango_scale_<MLANGO_SCALE_ACCOUNTS, default 14000000>, loaded by
#      `mlango seed --scale N` (niced). A database is reused only if a load finished in it (its
#      seeded citizens are all there and no dropped indexes are waiting to be rebuilt);
#      otherwise it is dropped and loaded again.
#   2. Starts the release server on each (`mlango serve` in demo mode, so with the in-process
#      M-Pesa and SMS simulators; one tokio worker, pinned to core 0; rate limits off: every
#      request comes from 127.0.0.1).
#   3. Runs `cargo bench -p server --bench scale` pinned to core 1 (server/benches/scale.rs says
#      what each path measures and how), which prints the table and writes
#      target/bench/scale.json and scale.txt.
#
# Knobs: MLANGO_SCALE_ACCOUNTS (national size, e.g. 2000000 for a shorter run),
# MLANGO_TEST_POSTGRES_URL (the server to use, default postgres://postgres@127.0.0.1:5432/postgres),
# MLANGO_SCALE_RESEED=1 (load again even if a finished database exists), and the bench's own
# MLANGO_BENCH_SAMPLES / _ROUNDS / _WARMUP. Every step is bounded: the run stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# The build cache `make` uses, also when this script is run on its own.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mlango/target}"
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback
TARGET_DIR="$CARGO_TARGET_DIR"
BIN="$TARGET_DIR/release/mlango"
OUT="$ROOT/target/bench"
SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
ADMIN="${MLANGO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
BASE="${ADMIN%/*}"
SMALL=10000
NATIONAL="${MLANGO_SCALE_ACCOUNTS:-14000000}"
SEED_TIMEOUT="${MLANGO_SCALE_SEED_TIMEOUT:-21600}"
SERVER_CORE=0
LOAD_CORE=1

say() { printf '\033[1m[bench-scale]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[bench-scale]\033[0m %s\n' "$*" >&2; exit 1; }
mkdir -p "$OUT"
[ -x "$BIN" ] || die "the release server $BIN is missing: run make build"
command -v psql >/dev/null || die "psql is missing (Debian: apt-get install postgresql-client)"
command -v taskset >/dev/null || die "taskset is missing (util-linux)"
[[ "$NATIONAL" =~ ^[0-9]+$ ]] || die "MLANGO_SCALE_ACCOUNTS must be a number of accounts, e.g. 2000000"
psql "$ADMIN" -Atqc 'SELECT 1' >/dev/null 2>&1 || die "PostgreSQL at $ADMIN is unreachable"

q() { psql "$1" -Atqc "$2"; }

# Whether a finished load of $2 accounts is in database $1.
seeded() {
  local name=$1 accounts=$2
  [ "$(q "$ADMIN" "SELECT count(*) FROM pg_database WHERE datname = '$name'")" = 1 ] || return 1
  local url="$BASE/$name"
  [ "$(q "$url" "SELECT to_regclass('mlango_seed_dropped_indexes') IS NULL AND to_regclass('accounts') IS NOT NULL" 2>/dev/null)" = t ] || return 1
  # At least: the server in demo mode (below) adds the demo citizens.
  [ "$(q "$url" "SELECT count(*) FROM accounts WHERE role = 'citizen' AND agency_code IS NULL")" -ge "$accounts" ] || return 1
  [ "$(q "$url" "SELECT count(*) > 0 FROM applications")" = t ] || return 1
}

ensure() { # size
  local accounts=$1 name="mlango_scale_$1"
  if [ "${MLANGO_SCALE_RESEED:-0}" != 1 ] && seeded "$name" "$accounts"; then
    say "reusing $name (a finished load of $accounts accounts)"
    return 0
  fi
  say "loading $name: mlango seed --scale $accounts (log: target/bench/seed-$accounts.log)"
  q "$ADMIN" "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  q "$ADMIN" "CREATE DATABASE $name" >/dev/null
  local t0=$SECONDS
  if ! DATABASE_URL="$BASE/$name" timeout "$SEED_TIMEOUT" nice -n 10 "$BIN" seed --scale "$accounts" \
    >"$OUT/seed-$accounts.log" 2>&1; then
    tail -20 "$OUT/seed-$accounts.log" >&2
    die "loading $name failed or took longer than $SEED_TIMEOUT s"
  fi
  say "loaded $name in $((SECONDS - t0)) s"
  sed -n '/^seeded /,$p' "$OUT/seed-$accounts.log"
}

ensure "$SMALL"
ensure "$NATIONAL"

PIDS=()
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mlango-bench-scale.XXXXXX")
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  cp "$TMP"/server-*.log "$OUT/" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh  # the scripts run from the repository root

URL=""
start() { # name accounts -> sets URL to the server's base URL
  local name=$1 accounts=$2 port
  port=$(free_port) || die "no free loopback port"
  # Demo mode: the provider simulators (M-Pesa callbacks, SMS) in-process, as `make run`.
  MLANGO_DEMO=1 MLANGO_RATE_LIMIT_READS_PER_MINUTE=0 MLANGO_RATE_LIMIT_WRITES_PER_MINUTE=0 \
    DATABASE_URL="$BASE/mlango_scale_$accounts" LEPTOS_SITE_ROOT="$SITE_ROOT" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    MLANGO_BASE_URL="http://127.0.0.1:$port" TOKIO_WORKER_THREADS=1 \
    taskset -c "$SERVER_CORE" "$BIN" serve >"$TMP/server-$name.log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { tail -5 "$TMP/server-$name.log" >&2; die "the $name server stopped"; }
    if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/readyz" 2>/dev/null; then
      URL="http://127.0.0.1:$port"
      return 0
    fi
    sleep 0.5
  done
  die "the $name server was not ready within 300 s"
}

say "building the bench (cargo bench -p server --bench scale --no-run)"
LEPTOS_OUTPUT_NAME="${LEPTOS_OUTPUT_NAME:-mlango}" timeout 3600 cargo bench -p server --bench scale --no-run
start small "$SMALL"
SMALL_HTTP=$URL
start national "$NATIONAL"
NATIONAL_HTTP=$URL
say "servers: small $SMALL_HTTP, national $NATIONAL_HTTP (core $SERVER_CORE, 1 tokio worker); bench on core $LOAD_CORE"

# cargo-leptos builds with LEPTOS_OUTPUT_NAME set; the same value here reuses its artifacts.
MLANGO_SCALE_SMALL_DB="$BASE/mlango_scale_$SMALL" MLANGO_SCALE_SMALL_HTTP="$SMALL_HTTP" \
  MLANGO_SCALE_NATIONAL_DB="$BASE/mlango_scale_$NATIONAL" MLANGO_SCALE_NATIONAL_HTTP="$NATIONAL_HTTP" \
  MLANGO_BENCH_OUT="$OUT" LEPTOS_OUTPUT_NAME="${LEPTOS_OUTPUT_NAME:-mlango}" \
  timeout 3600 taskset -c "$LOAD_CORE" cargo bench -p server --bench scale 2>&1 | tee "$OUT/scale.log"
exit "${PIPESTATUS[0]}"
