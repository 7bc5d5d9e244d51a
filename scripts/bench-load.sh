#!/usr/bin/env bash
# `make bench-load` (part of `make bench-scale`): the whole system at 10x eCitizen's derived peak.
#
# Two release `mlango serve` processes on one fresh PostgreSQL database behind nginx, all on
# loopback, with the demo catalogue and accounts (MLANGO_DEMO=1). A third `mlango serve` plays
# Safaricom: its M-Pesa simulator is the servers' Daraja (MLANGO_MPESA_BASE_URL), answers every
# PIN prompt and posts Daraja's callback to nginx, as Safaricom would, so it outlives the
# restarts below. For MLANGO_LOAD_DURATION seconds (60) at fixed rates, open loop:
#   - pages: MLANGO_LOAD_PAGES_PER_SEC (300) page views/s, 90 % anonymous (home, search, service
#     and agency pages; oha with a URL list) and 10 % a signed-in citizen (account, applications,
#     messages);
#   - payments: MLANGO_LOAD_PAYMENTS_PER_SEC (30) agency payments/s, each POST /v1/invoices then
#     POST /v1/invoices/{bill}/mpesa-stk (scripts/bench-load-payments.py), completed by the
#     simulator's callback through nginx.
# Run 1 is steady. Run 2 (unless MLANGO_LOAD_ROLLING=0) does a rolling restart under the same
# load: SIGTERM server 1, start it again, wait for /readyz, then the same for server 2.
# Reported per run and stream: achieved rate, p50/p99/max latency, failed requests; and for
# payments: made, accepted, callbacks delivered and refused, bills paid in Mlango, and lost
# (money taken by "M-Pesa" for a bill Mlango still does not show as paid after
# `mlango reconcile`, which asks M-Pesa about every open attempt, as the servers do every minute).
#
# The page and payment figures are from eCitizen's derived peak (shared/reference/
# performance-anchors.md §6: ~30 page views/s and ~3 payments/s at peak; x10 here).
# Needs: `make build` (the release binary and target/site), nginx (scripts/bootstrap.sh bench),
# oha (same), python3, psql and a PostgreSQL at MLANGO_TEST_POSTGRES_URL
# (default postgres://postgres@127.0.0.1:5432/postgres) on which it may create and drop a
# database. Everything listens on 127.0.0.1; every process it starts is stopped on exit.
# Writes target/bench/load.txt (the table) and target/bench/load.json.
# Exit status: 0 when everything was measured (whatever the figures), 1 when it could not
# measure; with MLANGO_LOAD_STRICT=1 also 1 when any request failed or a payment was lost.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mlango/target}"
BIN="${MLANGO_BIN:-$TARGET_DIR/release/mlango}"
SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
case "$SITE_ROOT" in /*) ;; *) SITE_ROOT="$ROOT/$SITE_ROOT" ;; esac
OUT="$ROOT/target/bench"
DURATION="${MLANGO_LOAD_DURATION:-60}"
PAGE_RATE="${MLANGO_LOAD_PAGES_PER_SEC:-300}"
PAY_RATE="${MLANGO_LOAD_PAYMENTS_PER_SEC:-30}"
ROLLING="${MLANGO_LOAD_ROLLING:-1}"
PG_ADMIN="${MLANGO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
OHA="${OHA:-$(command -v oha || echo "$HOME/.cargo/bin/oha")}"
PYTHON="${PYTHON:-$(command -v python3 || true)}"
SIGNED_IN_RATE=$(( PAGE_RATE / 10 ))
ANON_RATE=$(( PAGE_RATE - SIGNED_IN_RATE ))
CALLBACK_TOKEN="load-test-callback-token-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

say() { printf '\033[1m[bench-load]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bench-load]\033[0m %s\n' "$*" >&2; exit 1; }

missing=()
[ -x "$BIN" ] || missing+=("the release server $BIN (run make build)")
[ -d "$SITE_ROOT/pkg" ] || missing+=("the built site $SITE_ROOT/pkg (run make build)")
command -v nginx >/dev/null || missing+=("nginx (scripts/bootstrap.sh bench)")
[ -x "$OHA" ] || missing+=("oha (scripts/bootstrap.sh bench)")
[ -n "$PYTHON" ] || missing+=("python3")
command -v psql >/dev/null || missing+=("psql (Debian postgresql-client)")
command -v curl >/dev/null || missing+=("curl")
[ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]}"
psql "$PG_ADMIN" -Atqc 'SELECT 1' >/dev/null 2>&1 || die "PostgreSQL is not reachable at $PG_ADMIN (set MLANGO_TEST_POSTGRES_URL)"

mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mlango-load.XXXXXX")
chmod 755 "$TMP"
DB="mlango_load_$(date +%s)_$$"
PG_BASE="${PG_ADMIN%/*}"
DB_URL="$PG_BASE/$DB"
declare -A PID=()
DB_CREATED=0

stop_pid() { # pid [seconds]
  local pid=$1 wait_s=${2:-20}
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((wait_s * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local name
  for name in s1 s2; do
    [ -f "$TMP/$name.pid" ] && PID[$name]=$(cat "$TMP/$name.pid")
  done
  for name in oha_anon oha_user payments restarter nginx s1 s2 sim; do
    stop_pid "${PID[$name]:-}" 10
  done
  if [ "$DB_CREATED" = 1 ]; then
    psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  for f in s1.log s2.log sim.log nginx/error.log; do
    [ -f "$TMP/$f" ] && cp "$TMP/$f" "$OUT/load-$(basename "$f")" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh  # the scripts run from the repository root
PN=$(free_port); USED_PORTS[$PN]=1
P1=$(free_port); USED_PORTS[$P1]=1
P2=$(free_port); USED_PORTS[$P2]=1
PS=$(free_port); USED_PORTS[$PS]=1
BASE="http://127.0.0.1:$PN"

wait_ready() { # name port seconds
  local name=$1 port=$2 limit=$3
  for _ in $(seq 1 $((limit * 4))); do
    kill -0 "${PID[$name]}" 2>/dev/null || return 1
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/readyz" 2>/dev/null && return 0
    sleep 0.25
  done
  return 1
}

server_env() { # port
  cat <<EOF
MLANGO_DEMO=1
DATABASE_URL=$DB_URL
LEPTOS_SITE_ROOT=$SITE_ROOT
LEPTOS_SITE_ADDR=127.0.0.1:$1
MLANGO_BASE_URL=$BASE
MLANGO_TRUSTED_PROXIES=127.0.0.1
MLANGO_RATE_LIMIT_READS_PER_MINUTE=0
MLANGO_RATE_LIMIT_WRITES_PER_MINUTE=0
MLANGO_MPESA_BASE_URL=http://127.0.0.1:$PS/sim/mpesa
MLANGO_MPESA_CONSUMER_KEY=sim-mpesa-consumer-key
MLANGO_MPESA_CONSUMER_SECRET=sim-mpesa-consumer-secret
MLANGO_MPESA_SHORTCODE=174379
MLANGO_MPESA_PASSKEY=bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919
MLANGO_MPESA_CALLBACK_TOKEN=$CALLBACK_TOKEN
RUST_LOG=warn
EOF
}

start_server() { # name port
  local name=$1 port=$2
  # Rate limits off: every request reaches the servers from nginx on behalf of one client
  # address (the load generator's), so per-address limits would measure the limiter instead.
  env $(server_env "$port") "$BIN" serve >>"$TMP/$name.log" 2>&1 &
  PID[$name]=$!
}

say "PostgreSQL: creating database $DB"
psql "$PG_ADMIN" -qc "CREATE DATABASE $DB" >/dev/null
DB_CREATED=1

say "starting the M-Pesa simulator (mlango serve, demo mode, own SQLite) on 127.0.0.1:$PS"
MLANGO_DEMO=1 DATABASE_URL="sqlite://$TMP/sim.db" LEPTOS_SITE_ROOT="$SITE_ROOT" LEPTOS_SITE_ADDR="127.0.0.1:$PS" \
  MLANGO_RATE_LIMIT_READS_PER_MINUTE=0 MLANGO_RATE_LIMIT_WRITES_PER_MINUTE=0 RUST_LOG=warn \
  "$BIN" serve >"$TMP/sim.log" 2>&1 &
PID[sim]=$!
say "starting server 1 on 127.0.0.1:$P1 (first start: migrations and the demo catalogue into PostgreSQL)"
t0=$SECONDS
start_server s1 "$P1"
wait_ready s1 "$P1" 900 || die "server 1 did not become ready: $(tail -5 "$TMP/s1.log" | tr '\n' ' ')"
say "server 1 ready after $((SECONDS - t0)) s; starting server 2 on 127.0.0.1:$P2"
start_server s2 "$P2"
wait_ready s2 "$P2" 300 || die "server 2 did not become ready: $(tail -5 "$TMP/s2.log" | tr '\n' ' ')"
wait_ready sim "$PS" 900 || die "the simulator did not become ready: $(tail -5 "$TMP/sim.log" | tr '\n' ' ')"
# Every PIN prompt is answered with the right PIN 1.5 s after it appears (a quick customer).
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
  -d '{"mode":"pay","after_ms":1500}' "http://127.0.0.1:$PS/sim/mpesa/auto" || die "could not configure the simulator"

mkdir -p "$TMP/nginx"
cat >"$TMP/nginx.conf" <<EOF
# The upstream and location rules of docs/deploy.md, on loopback without TLS.
worker_processes 1;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
    log_format load '\$msec \$status "\$upstream_status" "\$upstream_addr" \$request_method \$uri \$request_time';
    access_log $TMP/nginx/access.log load;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;

    upstream mlango {
        server 127.0.0.1:$P1 max_fails=1 fail_timeout=5s;
        server 127.0.0.1:$P2 max_fails=1 fail_timeout=5s;
        keepalive 64;
        keepalive_timeout 30s;
    }

    server {
        listen 127.0.0.1:$PN;
        client_max_body_size 26m;
        client_body_timeout 60s;
        keepalive_timeout 65s;
        gzip off;

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host \$host;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_set_header X-Request-Id \$request_id;
        proxy_connect_timeout 2s;
        proxy_send_timeout 35s;
        proxy_read_timeout 35s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;
        proxy_next_upstream_timeout 10s;

        location / { proxy_pass http://mlango; }
        location /v1/ { proxy_next_upstream error non_idempotent; proxy_pass http://mlango; }
        location /callbacks/mpesa/ { proxy_next_upstream error non_idempotent; proxy_pass http://mlango; }
        location /callbacks/sms/ { proxy_next_upstream error non_idempotent; proxy_pass http://mlango; }
        location /sim/ { return 404; }
    }
}
EOF
nginx -t -p "$TMP/nginx" -c "$TMP/nginx.conf" -e "$TMP/nginx/error.log" >/dev/null 2>&1 \
  || die "nginx rejected the configuration: $(nginx -t -p "$TMP/nginx" -c "$TMP/nginx.conf" -e "$TMP/nginx/error.log" 2>&1 | tail -3)"
nginx -p "$TMP/nginx" -c "$TMP/nginx.conf" -e "$TMP/nginx/error.log" &
PID[nginx]=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null --max-time 1 "$BASE/readyz" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$BASE/readyz" || die "nginx on 127.0.0.1:$PN does not reach the servers"

say "agency API key (immigration), a signed-in citizen, and the page list"
KEY=$(env $(server_env "$P1") "$BIN" api-key create --agency immigration --label "load test" 2>/dev/null | sed -n '2p' | tr -d ' ')
[ -n "$KEY" ] || die "could not create an agency API key"

# Citizen A signs in on server 1 directly (its in-process SMS simulator holds the code); the
# session lives in the database, so the cookie works on both servers.
form_post() { # path body [cookie] -> prints the session cookie it set
  curl -s -o /dev/null -D - -X POST "http://127.0.0.1:$P1$1" \
    -H 'Content-Type: application/x-www-form-urlencoded' -H 'Accept: text/html' \
    -H "Origin: $BASE" -H 'Sec-Fetch-Site: same-origin' ${3:+-H "Cookie: $3"} --data "$2" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(__Host-mlango_session=[^;]*\).*/\1/p' | tail -1
}
PENDING=$(form_post /api/auth/login 'login=10000001&password=Harambee-Demo-2026&channel=sms')
[ -n "$PENDING" ] || die "signing in the demo citizen failed (no session cookie)"
CODE=""
for _ in $(seq 1 40); do
  CODE=$(curl -fsS "http://127.0.0.1:$P1/sim/sms/messages?to=0712000001" | "$PYTHON" -c '
import json, re, sys
msgs = json.load(sys.stdin).get("messages", [])
m = re.search(r"\b(\d{6})\b", msgs[0]["text"]) if msgs else None
print(m.group(1) if m else "")') || true
  [ -n "$CODE" ] && break
  sleep 0.25
done
[ -n "$CODE" ] || die "no one-time code reached the simulated phone"
COOKIE=$(form_post /api/auth/otp "code=$CODE" "$PENDING")
[ -n "$COOKIE" ] || die "the one-time code was not accepted"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/account")" = 200 ] \
  || die "the signed-in citizen cannot open /account"

# Anonymous page mix: a quarter home, a quarter search (varied terms, typos and Kiswahili),
# two fifths service pages (the 200 most popular), a tenth agency pages.
"$PYTHON" - "$BASE" "$TMP/anon-urls.txt" "$TMP/user-urls.txt" <<'EOF'
import json, sys, urllib.parse, urllib.request
base, anon, user = sys.argv[1:4]
services = [s for offset in (0, 100) for s in json.load(urllib.request.urlopen(f"{base}/v1/services?limit=100&offset={offset}"))["items"]]
agencies = json.load(urllib.request.urlopen(base + "/v1/agencies"))["items"]
terms = ["passport", "pasport", "driving licence", "drivng licence", "leseni ya udereva", "birth certificate",
         "business permit", "land search", "police clearance", "good conduct", "kra pin", "marriage certificate",
         "visa", "work permit", "id replacement", "death certificate", "single business permit", "vehicle transfer",
         "cheti cha kuzaliwa", "pasipoti", "liquor licence", "building approval", "tender", "fishing licence", "nhif"]
lines = [base + "/"] * 50                                                              # 25 % home
lines += [base + "/search?q=" + urllib.parse.quote(t) for t in terms * 2]              # 25 % search
lines += [base + "/services/" + services[i * len(services) // 80]["code"] for i in range(80)]  # 40 % services
lines += [base + "/agencies/" + agencies[i * len(agencies) // 20]["code"] for i in range(20)]  # 10 % agencies
open(anon, "w").write("\n".join(lines) + "\n")
open(user, "w").write("\n".join([base + "/account"] * 2 + [base + "/applications"] * 2 + [base + "/account/messages"]) + "\n")
EOF

host_line() {
  local cpu
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
  echo "$(nproc) cores (${cpu:-unknown CPU}), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); shared with other work; load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

oha_run() { # name rate urls-file out [extra...]
  local name=$1 rate=$2 urls=$3 out=$4
  shift 4
  "$OHA" --no-tui --output-format json -o "$out" -z "${DURATION}s" -w -q "$rate" --latency-correction \
    -c 128 -t 40s --urls-from-file -A 'text/html,application/xhtml+xml' "$@" "$urls" >/dev/null 2>"$out.err" &
  PID[$name]=$!
}

daraja_counters() { # "token_requests push_requests" seen by the simulator so far
  curl -fsS "http://127.0.0.1:$PS/sim/mpesa/pushes?msisdn=254700000000" | "$PYTHON" -c '
import json, sys
c = json.load(sys.stdin)["counters"]
print(c["token_requests"], c["push_requests"])'
}

callbacks_so_far() {
  curl -fsS "http://127.0.0.1:$PS/sim/mpesa/callbacks" | "$PYTHON" -c '
import json, sys
cbs = json.load(sys.stdin)["callbacks"]
print(len(cbs), sum(1 for c in cbs if c["outcome"] == "delivered" and c["http_status"] == 200))'
}

# Rolling restart: server 1 then server 2; each is stopped with SIGTERM, started again and
# waited for. Timings go to $TMP/restart.txt (seconds since the load started).
since() { echo "$(date +%s%N) $1" | awk '{ printf "%.1f", $1 / 1e9 - $2 }'; }

rolling_restart() {
  local started=$1 name port pid
  sleep $(( DURATION / 6 ))
  for name in s1 s2; do
    port=$P1; [ "$name" = s2 ] && port=$P2
    pid=${PID[$name]}
    echo "$name SIGTERM at $(since "$started")s" >>"$TMP/restart.txt"
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    echo "$name exited at $(since "$started")s" >>"$TMP/restart.txt"
    start_server "$name" "$port"
    # The parent (and its exit trap) learns the new process from this file.
    echo "${PID[$name]}" >"$TMP/$name.pid"
    if wait_ready "$name" "$port" 120; then
      echo "$name ready again at $(since "$started")s" >>"$TMP/restart.txt"
    else
      echo "$name did NOT become ready again" >>"$TMP/restart.txt"
    fi
    sleep 2
  done
}

run_load() { # tag phone-base rolling(0/1)
  local tag=$1 phone_base=$2 rolling=$3 started
  say "run '$tag': ${DURATION}s at $ANON_RATE anonymous + $SIGNED_IN_RATE signed-in page views/s and $PAY_RATE payments/s$([ "$rolling" = 1 ] && echo ', rolling restart of both servers')"
  echo "$(host_line)" >"$TMP/$tag.host"
  read -r CB_BEFORE CB_OK_BEFORE < <(callbacks_so_far)
  read -r TOK_BEFORE PUSH_BEFORE < <(daraja_counters)
  : >"$TMP/restart.txt"
  local log_from
  log_from=$(wc -l <"$TMP/nginx/access.log")
  started=$(date +%s.%N)
  oha_run oha_anon "$ANON_RATE" "$TMP/anon-urls.txt" "$TMP/$tag-anon.json"
  oha_run oha_user "$SIGNED_IN_RATE" "$TMP/user-urls.txt" "$TMP/$tag-user.json" -H "Cookie: $COOKIE"
  "$PYTHON" "$ROOT/scripts/bench-load-payments.py" --base "$BASE" --key "$KEY" --rate "$PAY_RATE" \
    --duration "$DURATION" --run "$tag" --phone-base "$phone_base" >"$TMP/$tag-pay.json" 2>"$TMP/$tag-pay.err" &
  PID[payments]=$!
  if [ "$rolling" = 1 ]; then
    # In a subshell, so the restarted servers' PIDs come back through files.
    ( rolling_restart "$started" ) &
    PID[restarter]=$!
  fi
  wait "${PID[oha_anon]}" || true
  wait "${PID[oha_user]}" || true
  wait "${PID[payments]}" || true
  if [ "$rolling" = 1 ]; then
    wait "${PID[restarter]}" || true
    for name in s1 s2; do [ -f "$TMP/$name.pid" ] && PID[$name]=$(cat "$TMP/$name.pid"); done
  fi
  cp "$TMP/restart.txt" "$TMP/$tag.restart"
  # Payments still in flight finish: every accepted push is answered 1.5 s later and its
  # callback delivered; wait until the callbacks stop arriving (at most 60 s).
  local last=-1 now same=0
  for _ in $(seq 1 120); do
    read -r now _ < <(callbacks_so_far)
    if [ "$now" = "$last" ]; then same=$((same + 1)); [ $same -ge 6 ] && break; else same=0; fi
    last=$now
    sleep 0.5
  done
  read -r CB_AFTER CB_OK_AFTER < <(callbacks_so_far)
  echo "$((CB_AFTER - CB_BEFORE)) $((CB_OK_AFTER - CB_OK_BEFORE))" >"$TMP/$tag.callbacks"
  read -r TOK_AFTER PUSH_AFTER < <(daraja_counters)
  echo "$((TOK_AFTER - TOK_BEFORE)) $((PUSH_AFTER - PUSH_BEFORE))" >"$TMP/$tag.daraja"
  tail -n +"$((log_from + 1))" "$TMP/nginx/access.log" >"$TMP/$tag.access"
  psql "$DB_URL" -Atc "SELECT count(*), count(*) FILTER (WHERE status = 'paid') FROM invoices WHERE external_ref LIKE '$tag-%'" \
    | tr '|' ' ' >"$TMP/$tag.invoices"
  curl -fsS "http://127.0.0.1:$PS/sim/mpesa/statement" >"$TMP/$tag.statement"
  psql "$DB_URL" -Atc "SELECT bill_ref FROM invoices WHERE external_ref LIKE '$tag-%' AND status = 'paid'" >"$TMP/$tag.paid"
  # What an operator does about callbacks that never arrived (the servers also do it every
  # minute for attempts untouched for 3 minutes): ask M-Pesa about every open attempt now.
  env $(server_env "$P1") "$BIN" reconcile --older-than 0 >"$TMP/$tag.reconcile" 2>&1 || true
  psql "$DB_URL" -Atc "SELECT bill_ref FROM invoices WHERE external_ref LIKE '$tag-%' AND status = 'paid'" >"$TMP/$tag.paid-after"
  psql "$DB_URL" -Atc "SELECT bill_ref FROM invoices WHERE external_ref LIKE '$tag-%'" >"$TMP/$tag.bills"
}

LOAD0=$(cut -d' ' -f1 /proc/loadavg)
# A short warm-up so caches and connection pools are in their working state.
say "warm-up (5 s)"
"$OHA" --no-tui -z 5s -q 50 --urls-from-file "$TMP/anon-urls.txt" -A 'text/html' >/dev/null 2>&1 || true

run_load steady 10000000 0
RUNS=(steady)
if [ "$ROLLING" = 1 ]; then
  run_load rolling 20000000 1
  RUNS+=(rolling)
fi

BIN_LABEL="release"
[ "$BIN" = "$TARGET_DIR/release/mlango" ] || BIN_LABEL="$BIN"
"$PYTHON" - "$TMP" "$OUT" "$DURATION" "$ANON_RATE" "$SIGNED_IN_RATE" "$PAY_RATE" "$(nginx -v 2>&1 | sed 's/.*\///')" \
  "$(psql "$DB_URL" -Atc 'SHOW server_version' | cut -d' ' -f1)" "$BIN_LABEL" "${RUNS[@]}" <<'EOF'
import json, os, sys, time
tmp, out, duration, anon_rate, user_rate, pay_rate, nginx_v, pg_v, bin_label, *runs = sys.argv[1:]
rows, report = [], {"date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "duration_s": float(duration), "runs": {}}

def fnum(v, nd=1):
    return "-" if v is None else f"{v:.{nd}f}"

def oha(path):
    try:
        d = json.load(open(path))
    except Exception as e:  # noqa: BLE001
        return {"error": f"no result ({e}): {open(path + '.err').read()[-300:] if os.path.exists(path + '.err') else ''}"}
    codes = {k: v for k, v in d.get("statusCodeDistribution", {}).items()}
    errors = {k: v for k, v in d.get("errorDistribution", {}).items()}
    total = sum(codes.values()) + sum(errors.values())
    bad = sum(v for k, v in codes.items() if not (200 <= int(k) < 400)) + sum(errors.values())
    lat = d.get("metrics", {}).get("latency_ms", {})
    return {"requests": total, "failed": bad, "status": codes, "errors": errors,
            "rps": d.get("summary", {}).get("requestsPerSec"), "p50_ms": lat.get("p50"), "p99_ms": lat.get("p99"), "max_ms": lat.get("max")}

for tag in runs:
    r = {"host": open(f"{tmp}/{tag}.host").read().strip()}
    r["pages_anonymous"] = oha(f"{tmp}/{tag}-anon.json")
    r["pages_signed_in"] = oha(f"{tmp}/{tag}-user.json")
    try:
        r["payments"] = json.loads(open(f"{tmp}/{tag}-pay.json").read())
    except Exception:  # noqa: BLE001
        r["payments"] = {"error": open(f"{tmp}/{tag}-pay.err").read()[-300:]}
    cb_total, cb_ok = map(int, open(f"{tmp}/{tag}.callbacks").read().split())
    bills_n, paid_n = (list(map(int, open(f"{tmp}/{tag}.invoices").read().split())) + [0, 0])[:2]
    bills = set(open(f"{tmp}/{tag}.bills").read().split())
    paid = set(open(f"{tmp}/{tag}.paid").read().split())
    paid_after = set(open(f"{tmp}/{tag}.paid-after").read().split())
    statement = json.load(open(f"{tmp}/{tag}.statement"))
    entries = statement["transactions"]
    taken = {e.get("account_reference") for e in entries if e.get("account_reference") in bills}
    tokens, pushes = map(int, open(f"{tmp}/{tag}.daraja").read().split())
    r["daraja"] = {"token_fetches": tokens, "stk_push_requests": pushes}
    r["settlement"] = {"bills_created": bills_n, "money_taken_by_mpesa": len(taken), "callbacks_posted": cb_total,
                       "callbacks_answered_200": cb_ok, "bills_paid_in_mlango": paid_n, "unpaid_though_taken": len(taken - paid),
                       "reconcile": open(f"{tmp}/{tag}.reconcile").read().strip(), "lost": len(taken - paid_after),
                       "paid_without_money": len(paid - taken)}
    # nginx's view: answers of 5xx, and requests nginx had to retry on the other server.
    fivexx = retried = 0
    for line in open(f"{tmp}/{tag}.access"):
        parts = line.split()
        if len(parts) < 3:
            continue
        if parts[1].startswith("5"):
            fivexx += 1
        if "," in parts[2]:
            retried += 1
    r["nginx"] = {"answers_5xx": fivexx, "retried_on_other_server": retried}
    r["restart"] = open(f"{tmp}/{tag}.restart").read().strip().splitlines()
    report["runs"][tag] = r

report["nginx"] = nginx_v
report["postgresql"] = pg_v
lines = []
lines.append(f"Mlango load test, {report['date_utc']}: 2 x mlango serve ({bin_label}) behind nginx {nginx_v}, PostgreSQL {pg_v}, "
             f"M-Pesa simulator, all on one machine, {duration} s per run")
hdr = f"{'run':<8} {'stream':<24} {'target/s':>8} {'achieved/s':>10} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'failed':>7}"
lines.append(hdr)
lines.append("-" * len(hdr))
for tag, r in report["runs"].items():
    for key, label, target in (("pages_anonymous", "pages, anonymous", anon_rate), ("pages_signed_in", "pages, signed in", user_rate)):
        s = r[key]
        if "error" in s:
            lines.append(f"{tag:<8} {label:<24} {target:>8} {s['error']}")
            continue
        lines.append(f"{tag:<8} {label:<24} {target:>8} {fnum(s['rps']):>10} {s['requests']:>9} {fnum(s['p50_ms']):>8} {fnum(s['p99_ms']):>8} {fnum(s['max_ms']):>8} {s['failed']:>7}")
    p = r["payments"]
    if "error" in p:
        lines.append(f"{tag:<8} {'payments':<24} {pay_rate:>8} {p['error']}")
    else:
        lines.append(f"{tag:<8} {'payments (2 requests)':<24} {pay_rate:>8} {fnum(p['payments_per_s']):>10} {p['payments']:>9} {fnum(p['p50_ms']):>8} {fnum(p['p99_ms']):>8} {fnum(p['max_ms']):>8} {p['failed']:>7}")
        lines.append(f"{'':<8} {'  POST /v1/invoices':<24} {'':>8} {'':>10} {'':>9} {fnum(p['invoice_p50_ms']):>8} {fnum(p['invoice_p99_ms']):>8}")
        lines.append(f"{'':<8} {'  POST …/mpesa-stk':<24} {'':>8} {'':>10} {'':>9} {fnum(p['stk_p50_ms']):>8} {fnum(p['stk_p99_ms']):>8}")
lines.append("")
lines.append(f"{'run':<8} {'bills':>6} {'M-Pesa took':>11} {'callbacks':>9} {'answered 200':>12} {'paid in Mlango':>14} {'lost':>5} {'nginx 5xx':>9} {'retried':>7} {'Daraja tokens/pushes':>20}")
for tag, r in report["runs"].items():
    s, n, d = r["settlement"], r["nginx"], r["daraja"]
    paid = str(s['bills_paid_in_mlango']) + ("" if not s['unpaid_though_taken'] else f" (+{s['unpaid_though_taken'] - s['lost']} by reconcile)")
    lines.append(f"{tag:<8} {s['bills_created']:>6} {s['money_taken_by_mpesa']:>11} {s['callbacks_posted']:>9} {s['callbacks_answered_200']:>12} {paid:>14} {s['lost']:>5} {n['answers_5xx']:>9} {n['retried_on_other_server']:>7} {str(d['token_fetches']) + '/' + str(d['stk_push_requests']):>20}")
lines.append("M-Pesa took: bills the simulator charged a phone for; lost: charged but still unpaid in Mlango after `mlango reconcile`;")
lines.append("retried: requests nginx passed to the other server after a failed connection; Daraja tokens/pushes: OAuth fetches and STK calls the simulator saw.")
for tag, r in report["runs"].items():
    if r["restart"]:
        lines.append(f"{tag}: " + "; ".join(r["restart"]))
    lines.append(f"{tag} host: {r['host']}")
failures = {tag: {k: v for k, v in (("pages_anonymous", r["pages_anonymous"]), ("pages_signed_in", r["pages_signed_in"]))
                  if v.get("failed")} for tag, r in report["runs"].items()}
for tag, r in report["runs"].items():
    for k in ("pages_anonymous", "pages_signed_in"):
        s = r[k]
        if s.get("failed"):
            lines.append(f"{tag} {k} failures: status {s['status']} errors {s['errors']}")
    if r["payments"].get("failed"):
        lines.append(f"{tag} payment failures: {r['payments']['failures']}")
text = "\n".join(lines)
print(text)
open(f"{out}/load.txt", "w").write(text + "\n")
json.dump(report, open(f"{out}/load.json", "w"), indent=2)
bad = any(r["pages_anonymous"].get("failed") or r["pages_signed_in"].get("failed") or r["payments"].get("failed")
          or r["settlement"]["lost"] or "error" in r["payments"] for r in report["runs"].values())
open(f"{tmp}/verdict", "w").write("bad" if bad else "good")
EOF
say "written: target/bench/load.txt, target/bench/load.json (server and nginx logs: target/bench/load-*.log)"
if [ "${MLANGO_LOAD_STRICT:-0}" = 1 ] && [ "$(cat "$TMP/verdict")" = bad ]; then
  exit 1
fi
