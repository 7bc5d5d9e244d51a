#!/usr/bin/env bash
# End-to-end tests in Chromium against the release server with the demo catalogue.
#
# Run by `make test-e2e`, which first builds (`cargo leptos build --release`) and runs
# `scripts/bootstrap.sh test` (Debian chromium, `npm ci` in end2end/). This script:
#   1. picks a free port and a fresh temporary SQLite database,
#   2. starts $CARGO_TARGET_DIR/release/mlango with MLANGO_DEMO=1 (seeds the 22,000+ demo
#      services into the empty database) and waits for GET /readyz,
#   3. runs `npx playwright test` in end2end/ with MLANGO_E2E_BASE_URL pointing at it,
#   4. always stops the server and removes the temporary directory; on failure it prints
#      the end of the server log. Exits with Playwright's status.
#
# Arguments are passed to Playwright, e.g.  scripts/e2e.sh --project=no-js search.spec.ts
# Environment: MLANGO_E2E_PORT (default: a free port), MLANGO_E2E_READY_SECS (default 180),
# MLANGO_E2E_CHROMIUM (default /usr/bin/chromium), CI (1 worker, no test.only).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

say() { printf '\033[1m[e2e]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[e2e]\033[0m %s\n' "$*" >&2; exit 2; }

target_dir="${CARGO_TARGET_DIR:-$HOME/.cache/mlango/target}"
bin="$target_dir/release/mlango"
site_root="$root/target/site"
ready_secs="${MLANGO_E2E_READY_SECS:-180}"

[ -x "$bin" ] || die "no server binary at $bin: run \`make build\` (or \`make test-e2e\`, which builds first)"
[ -f "$site_root/pkg/mlango.wasm" ] && [ -f "$site_root/pkg/mlango.js" ] \
  || die "no islands bundle in $site_root/pkg: run \`make build\`"
[ -d end2end/node_modules/@playwright/test ] || die "end2end/node_modules is missing: run \`scripts/bootstrap.sh test\`"
[ -x "${MLANGO_E2E_CHROMIUM:-/usr/bin/chromium}" ] \
  || die "no chromium at ${MLANGO_E2E_CHROMIUM:-/usr/bin/chromium}: run \`scripts/bootstrap.sh test\` (apt chromium)"

# A port nobody listens on: asked from the kernel (port 0) through node, which the tests need anyway.
port="${MLANGO_E2E_PORT:-$(node -e '
  const s = require("net").createServer();
  s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')}"
base_url="http://127.0.0.1:$port"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlango-e2e.XXXXXX")
log="$tmp/server.log"
server_pid=""
playwright_pid=""
cleanup() {
  local status=$?
  # Interrupted mid-run: stop Playwright and its browsers (their own process group).
  if [ -n "$playwright_pid" ] && kill -0 "$playwright_pid" 2>/dev/null; then
    kill -TERM -- "-$playwright_pid" 2>/dev/null || kill -TERM "$playwright_pid" 2>/dev/null || true
    wait "$playwright_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    # Give it a few seconds to stop cleanly, then insist.
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$log" ]; then
    say "server log (last 60 lines of $log):"
    tail -n 60 "$log" >&2 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "starting $bin on $base_url (database in $tmp)"
# Rate limits off (0 disables a class): every request from Playwright comes from 127.0.0.1, so
# the per-IP buckets (reads 600/min burst 200, writes to POST /api/* 30/min burst 20) would
# throttle the test run itself, and a 429 would fail tests at random depending on their order
# and speed. The limits have their own tests in server/src/security.rs.
MLANGO_RATE_LIMIT_READS_PER_MINUTE=0 \
  MLANGO_CODE_SENDS_PER_ADDRESS=1000 \
  MLANGO_RATE_LIMIT_WRITES_PER_MINUTE=0 \
  MLANGO_DEMO=1 \
  DATABASE_URL="sqlite://$tmp/mlango.db" \
  LEPTOS_SITE_ROOT=target/site \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  MLANGO_BASE_URL="$base_url" \
  "$bin" serve >"$log" 2>&1 &
server_pid=$!

ready() { node -e '
  fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));' \
  "$base_url/readyz"; }
started=$SECONDS
# Our server says it is listening only after it bound the port, so a stranger already on the
# port cannot pass for it.
until grep -q "Mlango is running at" "$log" && ready; do
  kill -0 "$server_pid" 2>/dev/null || die "the server exited during start-up"
  [ $((SECONDS - started)) -lt "$ready_secs" ] || die "the server was not ready within ${ready_secs}s"
  sleep 0.5
done
say "server ready after $((SECONDS - started))s; running Playwright"

# In the background and waited for, so that a signal to this script runs `cleanup` at once;
# in its own process group (setsid), so that cleanup can stop npx, Playwright and Chromium together.
cd end2end
MLANGO_E2E_BASE_URL="$base_url" setsid --wait npx playwright test "$@" &
playwright_pid=$!
cd "$root"
set +e
wait "$playwright_pid"
status=$?
set -e
playwright_pid=""
[ "$status" -eq 0 ] && say "end-to-end tests passed in $((SECONDS - started))s" \
  || say "end-to-end tests FAILED (Playwright exit status $status)"
exit "$status"
