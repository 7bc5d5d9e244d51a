#!/usr/bin/env bash
# `make bench`: performance as ratios against a reference measured in the same run
# (docs: ../shared/reference/performance-anchors.md §7). Reports numbers; never fails
# because a number misses its goal. Exits non-zero only if something could not be measured.
#
#   1. search (§7d): `cargo bench -p server --bench search` (HTTP endpoint vs raw tantivy).
#   2. SSR (§7c): the release server on one core (A: as an anonymous visitor gets it, which may
#      come from the page cache; A': with a cookie, so every request is rendered) vs nginx
#      serving the identical pre-rendered bytes on the same core (B), loaded by wrk on the other
#      core, interleaved A A' B A A' B A A' B.
#   3. memory: the server's VmRSS / VmHWM with the full catalogue loaded, before and after load.
#   4. payments (§7e): `cargo bench -p server --bench payments` (M-Pesa C2B confirmations/s on the
#      callback endpoint vs the same SQL on the same database: a plain rusqlite loop for SQLite,
#      pgbench for PostgreSQL when MLANGO_TEST_POSTGRES_URL is set, or CI=true; exactly-once
#      checked on both sides).
#   5. page loads (§7b): scripts/bench-lighthouse.sh (Lighthouse mobile, simulated slow 4G, on the
#      home, service and apply pages: the server vs nginx serving the same bytes; median FCP, LCP,
#      TBT, Speed Index, byte weight and the ratios). Runs after the SSR server has been stopped.
#
# Expects `make build` to have run (the Makefile's `bench` target does) and nginx + wrk
# (scripts/bootstrap.sh bench); pgbench (Debian postgresql-client) is installed here when
# PostgreSQL is to be measured. Everything listens on 127.0.0.1 only; every load run is bounded.
#
# Knobs (environment): MLANGO_BENCH_SKIP_SEARCH=1, MLANGO_BENCH_PAIRS (3), MLANGO_BENCH_DURATION
# (seconds per run, 10), MLANGO_BENCH_WARMUP (2), MLANGO_BENCH_CONNECTIONS (32),
# MLANGO_BENCH_SERVICE (immigration-passport-ordinary); MLANGO_BENCH_SKIP_PAYMENTS=1,
# MLANGO_TEST_POSTGRES_URL, and the payments bench's own (server/benches/payments.rs);
# MLANGO_BENCH_SKIP_LIGHTHOUSE=1, MLANGO_BENCH_LIGHTHOUSE_RUNS (3), and the others documented in
# scripts/bench-lighthouse.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mlango/target}"
BIN="$TARGET_DIR/release/mlango"
OUT="$ROOT/target/bench"
SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
PAIRS="${MLANGO_BENCH_PAIRS:-3}"
DURATION="${MLANGO_BENCH_DURATION:-10}"
WARMUP="${MLANGO_BENCH_WARMUP:-2}"
CONNS="${MLANGO_BENCH_CONNECTIONS:-32}"
SERVICE="${MLANGO_BENCH_SERVICE:-immigration-passport-ordinary}"
SERVER_CORE=0
LOAD_CORE=1
# A cookie that is not the language preference: the page is rendered instead of served from cache.
RENDER_COOKIE="Cookie: mlango_bench=render"

say() { printf '\033[1m[bench]\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m[bench]\033[0m %s\n' "$*" >&2; }
mkdir -p "$OUT"
failures=()
started=$(date +%s)
host_note() {
  local rustc
  rustc=$(pgrep -c -x rustc 2>/dev/null || true)
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg), ${rustc:-0} rustc process(es) running"
}
NOISE_START=$(host_note)

# ---------------------------------------------------------------------------------------------
# 1. Search
# ---------------------------------------------------------------------------------------------
rm -f "$OUT/search.json" "$OUT/search-summary.txt"
if [ "${MLANGO_BENCH_SKIP_SEARCH:-0}" = 1 ]; then
  say "search: skipped (MLANGO_BENCH_SKIP_SEARCH=1)"
else
  say "search: cargo bench -p server --bench search"
  # cargo-leptos builds with LEPTOS_OUTPUT_NAME set and leptos_config reads it at compile
  # time; setting it the same way here reuses `make build`'s artifacts instead of rebuilding.
  if ! LEPTOS_OUTPUT_NAME="${LEPTOS_OUTPUT_NAME:-mlango}" MLANGO_BENCH_OUT="$OUT" \
    cargo bench -p server --bench search 2>&1 | tee "$OUT/search.log"; then
    failures+=("search: the benchmark did not complete (see target/bench/search.log)")
  fi
fi

# ---------------------------------------------------------------------------------------------
# 2 + 3. SSR requests/s against nginx, and memory
# ---------------------------------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mlango-bench.XXXXXX")
SERVER_PID=""
NGINX_PID=""
cleanup() {
  local pid
  for pid in "$NGINX_PID" "$SERVER_PID"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  [ -f "$TMP/server.log" ] && cp "$TMP/server.log" "$OUT/server.log"
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh  # the scripts run from the repository root

# kB field of /proc/<pid>/status, printed in MiB.
mem_mib() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

# wrk output -> "rps bytes_per_response p50_ms p99_ms non2xx errors"
parse_wrk() {
  awk '
    function bytes(s,   n, u) { n = s + 0; u = s; gsub(/[0-9.]/, "", u)
      if (u == "KB") n *= 1024; else if (u == "MB") n *= 1048576; else if (u == "GB") n *= 1073741824; return n }
    function ms(s,   n, u) { n = s + 0; u = s; gsub(/[0-9.]/, "", u)
      if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; return n }
    / requests in / { reqs = $1; read = $(NF - 1) }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { errs = $0; sub(/.*Socket errors: */, "", errs); gsub(/ /, "", errs) }
    /^Requests\/sec:/ { rps = $2 }
    END { printf "%s %.0f %.3f %.3f %d %s\n", (rps == "" ? "-" : rps), (reqs > 0 ? bytes(read) / reqs : 0), p50, p99, non2xx, (errs == "" ? "none" : errs) }
  ' "$1"
}

load() { # name url run-index [extra wrk arguments]
  local name=$1 url=$2 i=$3
  shift 3
  timeout $((WARMUP + 30)) taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNS" -d"${WARMUP}s" "$@" "$url" >/dev/null
  timeout $((DURATION + 30)) taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$@" "$url" \
    >"$TMP/wrk-$name-$i.txt"
  parse_wrk "$TMP/wrk-$name-$i.txt"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio_stats() { # ratios on stdin -> "median min max"
  sort -g | awk '{ v[NR] = $1 } END { med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.3f %.3f %.3f", med, v[1], v[NR] }'
}

ssr_lines=()
mem_lines=()
ssr_json="null"
ssr() {
  local missing=()
  [ -x "$BIN" ] || missing+=("the release server $BIN (run make build)")
  command -v nginx >/dev/null || missing+=("nginx (scripts/bootstrap.sh bench)")
  command -v wrk >/dev/null || missing+=("wrk (scripts/bootstrap.sh bench)")
  command -v taskset >/dev/null || missing+=("taskset (util-linux)")
  if [ ${#missing[@]} -gt 0 ]; then
    failures+=("ssr/memory: missing ${missing[*]}")
    return 0
  fi
  [ "$(nproc)" -ge 2 ] || warn "fewer than 2 cores: server and load generator will share a core"

  local pa pb
  pa=$(free_port) && pb=$(free_port) || { failures+=("ssr: no free loopback port"); return 0; }
  [ "$pa" != "$pb" ] || pb=$(free_port)
  chmod 755 "$TMP"

  say "ssr: starting $BIN serve on 127.0.0.1:$pa (core $SERVER_CORE, 1 tokio worker, demo catalogue in a fresh SQLite file)"
  local t0=$SECONDS
  # Rate limits off (0 disables a class): the load generator sends everything from 127.0.0.1,
  # so the per-IP buckets (reads 600/min burst 200) would answer most requests with 429 and we
  # would measure the limiter, not the page.
  MLANGO_RATE_LIMIT_READS_PER_MINUTE=0 MLANGO_RATE_LIMIT_WRITES_PER_MINUTE=0 \
  MLANGO_DEMO=1 DATABASE_URL="sqlite://$TMP/mlango.db" LEPTOS_SITE_ROOT="$SITE_ROOT" \
    LEPTOS_SITE_ADDR="127.0.0.1:$pa" TOKIO_WORKER_THREADS=1 \
    taskset -c "$SERVER_CORE" "$BIN" serve >"$TMP/server.log" 2>&1 &
  SERVER_PID=$!
  local ready=0
  for _ in $(seq 1 600); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$pa/readyz" 2>/dev/null; then ready=1; break; fi
    sleep 0.5
  done
  if [ $ready = 0 ]; then
    failures+=("ssr: the server did not become ready within 300 s; log: $(tail -5 "$TMP/server.log" | tr '\n' ' ')")
    return 0
  fi
  local startup_s=$((SECONDS - t0))
  local rss0 hwm0 services
  rss0=$(mem_mib "$SERVER_PID" VmRSS)
  hwm0=$(mem_mib "$SERVER_PID" VmHWM)
  services=$(curl -fsS --max-time 5 "http://127.0.0.1:$pa/v1/services?limit=1" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2) || services=""
  say "ssr: ready after ${startup_s} s with ${services:-?} services; VmRSS $rss0 MiB, VmHWM $hwm0 MiB"
  if [ "${services:-0}" = 0 ]; then warn "the catalogue is empty: is the demo generator still a stub?"; fi
  local db_mib
  db_mib=$(du -cb "$TMP"/mlango.db* 2>/dev/null | awk 'END { printf "%.1f", $1 / 1048576 }') || db_mib="?"
  mem_lines=(
    "== server memory, full catalogue loaded ============================================"
    "catalogue        ${services:-?} services (GET /v1/services total); SQLite files ${db_mib} MiB"
    "after start-up   VmRSS $rss0 MiB, VmHWM $hwm0 MiB (ready ${startup_s} s after launch, including first-start seeding)"
    "after SSR load   not measured"
  )

  # The page, once, exactly as wrk will get it (no Accept-Encoding, so uncompressed).
  local path="/services/$SERVICE" meta code ctype size
  meta=$(curl -sS --max-time 10 -D "$TMP/page.headers" -o "$TMP/page.html" -w '%{http_code}\t%{content_type}\t%{size_download}' \
    "http://127.0.0.1:$pa$path") || { failures+=("ssr: GET $path failed"); return 0; }
  IFS=$'\t' read -r code ctype size <<<"$meta"
  if [ "$code" != 200 ] || ! grep -qi '</html>' "$TMP/page.html" || [ "$size" -lt 1000 ]; then
    failures+=("ssr: GET $path answered $code with $size bytes (expected a full 200 HTML page)")
    return 0
  fi
  if grep -qi '^content-encoding:' "$TMP/page.headers"; then
    failures+=("ssr: the page came back compressed although no Accept-Encoding was sent")
    return 0
  fi
  local again
  again=$(curl -sS --max-time 10 "http://127.0.0.1:$pa$path" | cksum) || again=""
  local stable="identical on a second fetch"
  [ "$again" = "$(cksum <"$TMP/page.html")" ] || stable="differs between fetches (per-request content)"
  say "ssr: $path is $size bytes of $ctype, $stable"

  # nginx serving those exact bytes at the same path with the same Content-Type.
  mkdir -p "$TMP/www/services" "$TMP/nginx"
  cp "$TMP/page.html" "$TMP/www/services/$SERVICE"
  chmod -R a+rX "$TMP/www"
  cat >"$TMP/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    gzip off;
    keepalive_timeout 65;
    keepalive_requests 10000000;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    types { }
    default_type "$ctype";
    server {
        listen 127.0.0.1:$pb;
        root $TMP/www;
        location / { try_files \$uri =404; }
    }
}
EOF
  if ! nginx -t -q -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" 2>"$TMP/nginx-t.log"; then
    failures+=("ssr: nginx rejected its configuration: $(tr '\n' ' ' <"$TMP/nginx-t.log")")
    return 0
  fi
  taskset -c "$SERVER_CORE" nginx -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" &
  NGINX_PID=$!
  local nginx_ok=0
  for _ in $(seq 1 50); do
    if curl -fsS -o "$TMP/nginx-page.html" --max-time 2 "http://127.0.0.1:$pb$path" 2>/dev/null; then nginx_ok=1; break; fi
    sleep 0.1
  done
  if [ $nginx_ok = 0 ] || ! cmp -s "$TMP/page.html" "$TMP/nginx-page.html"; then
    failures+=("ssr: nginx did not serve the page ($(tail -3 "$TMP/nginx-error.log" 2>/dev/null | tr '\n' ' '))")
    return 0
  fi
  local nctype
  nctype=$(curl -sS -o /dev/null -w '%{content_type}' "http://127.0.0.1:$pb$path") || nctype="?"
  [ "$nctype" = "$ctype" ] || warn "Content-Type differs: server '$ctype', nginx '$nctype'"
  # The server keeps rendered catalogue pages in memory for anonymous visitors; a cookie other
  # than the language preference bypasses that cache, which measures the render path too.
  local render_size
  render_size=$(curl -sS --max-time 10 -H "$RENDER_COOKIE" -o /dev/null -w '%{size_download}' "http://127.0.0.1:$pa$path") || render_size="?"

  say "ssr: $PAIRS rounds of wrk -t1 -c$CONNS -d${DURATION}s (after ${WARMUP}s warm-up each) on core $LOAD_CORE: A = mlango, A' = mlango rendering, B = nginx"
  local noise_before
  noise_before=$(host_note)
  local ratios=() c_ratios=() a_rps=() b_rps=() c_rps=() i ra rb rc
  local a_line b_line c_line
  for i in $(seq 1 "$PAIRS"); do
    a_line=$(load mlango "http://127.0.0.1:$pa$path" "$i") || a_line=""
    c_line=$(load render "http://127.0.0.1:$pa$path" "$i" -H "$RENDER_COOKIE") || c_line=""
    b_line=$(load nginx "http://127.0.0.1:$pb$path" "$i") || b_line=""
    read -r ra a_bytes a_p50 a_p99 a_non2xx a_err <<<"$a_line" || true
    read -r rc c_bytes c_p50 c_p99 c_non2xx c_err <<<"$c_line" || true
    read -r rb b_bytes b_p50 b_p99 b_non2xx b_err <<<"$b_line" || true
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      # A signal makes it log "shutting down"; a crash leaves a panic or nothing.
      failures+=("ssr: the server exited during round $i (last log lines, kept in target/bench/server.log: $(tail -3 "$TMP/server.log" | tr '\n' ' '))")
      return 0
    fi
    if [ "${ra:--}" = - ] || [ "${rb:--}" = - ] || [ "${rc:--}" = - ]; then
      failures+=("ssr: wrk printed no Requests/sec in round $i")
      return 0
    fi
    a_rps+=("$ra"); b_rps+=("$rb"); c_rps+=("$rc")
    ratios+=("$(awk -v a="$ra" -v b="$rb" 'BEGIN { printf "%.3f", a / b }')")
    c_ratios+=("$(awk -v a="$rc" -v b="$rb" 'BEGIN { printf "%.3f", a / b }')")
    say "  round $i: A mlango  $ra req/s (p50 ${a_p50} ms, p99 ${a_p99} ms, ${a_bytes} B/resp, non-2xx $a_non2xx, socket errors $a_err)  A/B ${ratios[-1]}"
    say "           A' render $rc req/s (p50 ${c_p50} ms, p99 ${c_p99} ms, ${c_bytes} B/resp, non-2xx $c_non2xx, socket errors $c_err)  A'/B ${c_ratios[-1]}"
    say "           B nginx   $rb req/s (p50 ${b_p50} ms, p99 ${b_p99} ms, ${b_bytes} B/resp, non-2xx $b_non2xx, socket errors $b_err)"
    if [ "$a_err$c_err$b_err" != nonenonenone ]; then
      warn "round $i had socket errors (A $a_err, A' $c_err, B $b_err): the numbers are not comparable"
    fi
    if [ "$a_non2xx" != 0 ] || [ "$b_non2xx" != 0 ] || [ "$c_non2xx" != 0 ]; then
      warn "round $i had non-2xx responses (A $a_non2xx, A' $c_non2xx, B $b_non2xx): the numbers are not comparable"
    fi
  done
  local noise_after
  noise_after=$(host_note)
  local rss1 hwm1
  rss1=$(mem_mib "$SERVER_PID" VmRSS)
  hwm1=$(mem_mib "$SERVER_PID" VmHWM)
  mem_lines[3]="after SSR load   VmRSS $rss1 MiB, VmHWM $hwm1 MiB ($((PAIRS * 2)) runs of ${DURATION}s + warm-ups against the server)"

  # The first start also generated and imported the demo catalogue; a restart on the seeded
  # database shows what serving the catalogue alone costs.
  local rss2="?" hwm2="?"
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  # Rate limits off, as above.
  MLANGO_RATE_LIMIT_READS_PER_MINUTE=0 MLANGO_RATE_LIMIT_WRITES_PER_MINUTE=0 \
  MLANGO_DEMO=1 DATABASE_URL="sqlite://$TMP/mlango.db" LEPTOS_SITE_ROOT="$SITE_ROOT" \
    LEPTOS_SITE_ADDR="127.0.0.1:$pa" TOKIO_WORKER_THREADS=1 \
    taskset -c "$SERVER_CORE" "$BIN" serve >>"$TMP/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$pa/readyz" 2>/dev/null; then
      curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$pa$path" || true
      rss2=$(mem_mib "$SERVER_PID" VmRSS)
      hwm2=$(mem_mib "$SERVER_PID" VmHWM)
      break
    fi
    sleep 0.5
  done
  mem_lines+=("restarted        VmRSS $rss2 MiB, VmHWM $hwm2 MiB (same database, already seeded; after one page view)")

  local med lo hi cmed clo chi med_a med_b med_c
  read -r med lo hi <<<"$(printf '%s\n' "${ratios[@]}" | ratio_stats)"
  read -r cmed clo chi <<<"$(printf '%s\n' "${c_ratios[@]}" | ratio_stats)"
  med_a=$(printf '%s\n' "${a_rps[@]}" | median)
  med_b=$(printf '%s\n' "${b_rps[@]}" | median)
  med_c=$(printf '%s\n' "${c_rps[@]}" | median)
  local goal="NOT met"
  awk -v m="$med" 'BEGIN { exit !(m >= 0.5) }' && goal="met"

  ssr_lines+=(
    "== SSR requests/s per core (§7c) ==================================================="
    "page             GET $path: $size bytes, $ctype, uncompressed; $stable"
    "A mlango         req/s per round: ${a_rps[*]} (median $med_a); anonymous visitor, as wrk sends it"
    "B nginx          req/s per round: ${b_rps[*]} (median $med_b), same bytes, same core"
    "ratio A/B        per round: ${ratios[*]}; median ${med}x (min-max ${lo}-${hi})"
    "goal A/B >= 0.5  $goal (${med}x)"
    "A' render path   req/s per round: ${c_rps[*]} (median $med_c); '$RENDER_COOKIE' bypasses the page cache, ${render_size} B"
    "ratio A'/B       per round: ${c_ratios[*]}; median ${cmed}x (min-max ${clo}-${chi}) (information: every request rendered)"
    "method           server and nginx pinned to core $SERVER_CORE (TOKIO_WORKER_THREADS=1, worker_processes 1);"
    "                 wrk -t1 -c$CONNS -d${DURATION}s on core $LOAD_CORE after ${WARMUP}s warm-up; A A' B interleaved, $PAIRS rounds"
    "host noise       before load: $noise_before; after: $noise_after"
  )
  ssr_json=$(printf '{"page_bytes":%s,"content_type":"%s","a_rps":[%s],"b_rps":[%s],"ratios":[%s],"median_ratio":%s,"min_ratio":%s,"max_ratio":%s,"goal_met":%s,"services":%s,"rss_start_mib":%s,"hwm_start_mib":%s,"rss_after_mib":%s,"hwm_after_mib":%s,"rss_restart_mib":"%s","hwm_restart_mib":"%s","sqlite_mib":%s,"startup_s":%s,"render_rps":[%s],"render_ratios":[%s],"render_median_ratio":%s}' \
    "$size" "$ctype" "$(IFS=,; echo "${a_rps[*]}")" "$(IFS=,; echo "${b_rps[*]}")" "$(IFS=,; echo "${ratios[*]}")" \
    "$med" "$lo" "$hi" "$([ "$goal" = met ] && echo true || echo false)" "${services:-null}" \
    "$rss0" "$hwm0" "$rss1" "$hwm1" "$rss2" "$hwm2" "$db_mib" "$startup_s" \
    "$(IFS=,; echo "${c_rps[*]}")" "$(IFS=,; echo "${c_ratios[*]}")" "$cmed")
}
ssr
echo "$ssr_json" >"$OUT/ssr.json"

# ---------------------------------------------------------------------------------------------
# 5. Page loads in Lighthouse against nginx serving the same bytes
# ---------------------------------------------------------------------------------------------
# The SSR section's server and nginx are done: stop them so they do not share core 0 with
# the Lighthouse run's own server and nginx.
for pid in "$NGINX_PID" "$SERVER_PID"; do
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
done
NGINX_PID=""
SERVER_PID=""
rm -f "$OUT/lighthouse.json" "$OUT/lighthouse-summary.txt"
if [ "${MLANGO_BENCH_SKIP_LIGHTHOUSE:-0}" = 1 ]; then
  say "lighthouse: skipped (MLANGO_BENCH_SKIP_LIGHTHOUSE=1)"
else
  say "lighthouse: scripts/bench-lighthouse.sh"
  if ! scripts/bench-lighthouse.sh 2>&1 | tee "$OUT/lighthouse.log"; then
    failures+=("lighthouse: a page could not be measured (see target/bench/lighthouse-summary.txt and lighthouse.log)")
  fi
fi

# ---------------------------------------------------------------------------------------------
# 4. Payments: confirmations/s on the callback endpoint against the raw database
# ---------------------------------------------------------------------------------------------
rm -f "$OUT/payments.json" "$OUT/payments-summary.txt"
if [ "${MLANGO_BENCH_SKIP_PAYMENTS:-0}" = 1 ]; then
  say "payments: skipped (MLANGO_BENCH_SKIP_PAYMENTS=1)"
else
  # The PostgreSQL half runs when the integration tests would run against PostgreSQL; its
  # reference is pgbench, which Debian ships in postgresql-client.
  if { [ -n "${MLANGO_TEST_POSTGRES_URL:-}" ] || [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; } \
    && ! command -v pgbench >/dev/null; then
    say "installing postgresql-client from Debian (pgbench, the PostgreSQL reference for payments)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends postgresql-client >/dev/null 2>&1 \
      || { apt-get update >/dev/null && apt-get install -y --no-install-recommends postgresql-client >/dev/null; } \
      || warn "could not install postgresql-client: the PostgreSQL reference will not be measured"
  fi
  [ -n "${MLANGO_TEST_POSTGRES_URL:-}" ] || [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ] \
    || say "payments: PostgreSQL will be skipped (set MLANGO_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres to measure it)"
  say "payments: cargo bench -p server --bench payments"
  # Same LEPTOS_OUTPUT_NAME as the search bench, so `make build`'s artifacts are reused.
  if ! LEPTOS_OUTPUT_NAME="${LEPTOS_OUTPUT_NAME:-mlango}" MLANGO_BENCH_OUT="$OUT" \
    cargo bench -p server --bench payments 2>&1 | tee "$OUT/payments.log"; then
    failures+=("payments: the benchmark did not complete or a payment was lost or doubled (see target/bench/payments.log)")
  fi
fi

# ---------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------
{
  echo "Mlango benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "host at start: $NOISE_START"
  if [ -f "$OUT/search-summary.txt" ]; then cat "$OUT/search-summary.txt"; else echo "== search (§7d): not measured"; fi
  if [ ${#ssr_lines[@]} -gt 0 ]; then printf '%s\n' "${ssr_lines[@]}"; else echo "== SSR (§7c): not measured"; fi
  if [ ${#mem_lines[@]} -gt 0 ]; then printf '%s\n' "${mem_lines[@]}"; else echo "== memory: not measured"; fi
  if [ -f "$OUT/payments-summary.txt" ]; then cat "$OUT/payments-summary.txt"; else echo "== payments (§7e): not measured"; fi
  if [ -f "$OUT/lighthouse-summary.txt" ]; then cat "$OUT/lighthouse-summary.txt"; else echo "== Lighthouse page loads (§7b): not measured"; fi
  for f in "${failures[@]}"; do echo "COULD NOT MEASURE: $f"; done
  echo "total run time $(($(date +%s) - started)) s; goals are reported, not enforced; read ratios, not absolute numbers"
} >"$OUT/summary.txt"
echo
cat "$OUT/summary.txt"
say "wrote $OUT/summary.txt (also search.json, ssr.json, payments.json, lighthouse.json)"
[ ${#failures[@]} -eq 0 ]
