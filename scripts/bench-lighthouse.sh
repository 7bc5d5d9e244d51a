#!/usr/bin/env bash
# Lighthouse page loads (docs: ../shared/reference/performance-anchors.md §7b), run by
# scripts/bench.sh or on its own. For the home page, a service page and that service's apply
# form it runs Lighthouse (mobile defaults: Moto G Power, simulated slow 4G, CPU x4;
# performance only) against
#   A  the release server (one core, one tokio worker, demo catalogue, fresh SQLite file), and
#   B  its static twin: nginx on the same core serving, for every URL the page loads, the bytes
#      and response headers the server sent Chromium (HTML, CSS, scripts, wasm, icons, service
#      worker and what it precaches; brotli as the server sent it, with brotli_static),
# interleaved A B A B ..., Chromium and Lighthouse on the other core. B has the same bytes and
# still loads the islands, so A/B isolates what rendering on request and the server cost.
# The service worker is blocked in both: it installs after the load event, and when it won the
# race with the islands it fetched their wasm itself, which Lighthouse does not count as the
# page's bytes, so the byte weight depended on timing.
# Reports the median FCP, LCP, TBT, Speed Index, CLS, score and total byte weight per side and
# the ratio A/B; never fails because a number misses its goal. Exits non-zero only if something
# could not be measured.
#
# The apply form is measured signed in as demo citizen A (10000001, codes from /sim/sms): an
# anonymous visitor is answered 401 with only a sign-in link, not the form. The session cookie
# goes to Lighthouse with --extra-headers (sent on every request, also to nginx, which ignores it).
#
# Needs `make build`, nginx with the brotli_static module, Lighthouse in $MLANGO_TOOLS_DIR and
# Debian's chromium (all: scripts/bootstrap.sh bench). Loopback only; every run is bounded.
#
# Knobs (environment): MLANGO_BENCH_LIGHTHOUSE_RUNS (3 per page and side),
# MLANGO_BENCH_LIGHTHOUSE_TIMEOUT (seconds per Lighthouse run, 240), MLANGO_BENCH_SERVICE
# (immigration-passport-ordinary), MLANGO_BENCH_CHROMIUM (/usr/bin/chromium),
# MLANGO_BENCH_LIGHTHOUSE_THROTTLING (simulate, Lighthouse's default; or devtools, which really
# slows the network and CPU down and takes longer: simulation estimates from an unthrottled load
# and can swing LCP by a few hundred ms with the order in which requests happened to start).
# Writes target/bench/lighthouse.json, target/bench/lighthouse-summary.txt and the raw reports
# in target/bench/lighthouse/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mlango/target}"
BIN="$TARGET_DIR/release/mlango"
TOOLS="${MLANGO_TOOLS_DIR:-$HOME/.cache/mlango/tools}"
LIGHTHOUSE="$TOOLS/node_modules/.bin/lighthouse"
CHROME="${MLANGO_BENCH_CHROMIUM:-/usr/bin/chromium}"
BROTLI_MODULE=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
OUT="$ROOT/target/bench"
REPORTS="$OUT/lighthouse"
SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
RUNS="${MLANGO_BENCH_LIGHTHOUSE_RUNS:-3}"
RUN_TIMEOUT="${MLANGO_BENCH_LIGHTHOUSE_TIMEOUT:-240}"
THROTTLING="${MLANGO_BENCH_LIGHTHOUSE_THROTTLING:-simulate}"
SERVICE="${MLANGO_BENCH_SERVICE:-immigration-passport-ordinary}"
CITIZEN_ID=10000001
CITIZEN_PHONE=0712000001
DEMO_PASSWORD=Harambee-Demo-2026
SERVER_CORE=0
BROWSER_CORE=1
# What Chromium sends; the server and the twin must choose the same encoding for it.
CHROME_ACCEPT_ENCODING="gzip, deflate, br, zstd"

say() { printf '\033[1m[lighthouse]\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m[lighthouse]\033[0m %s\n' "$*" >&2; }
failures=()
warnings=()
started=$(date +%s)
mkdir -p "$OUT"
rm -rf "$REPORTS" "$OUT/lighthouse.json" "$OUT/lighthouse-summary.txt"
mkdir -p "$REPORTS"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mlango-lighthouse.XXXXXX")
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
  [ -f "$TMP/server.log" ] && cp "$TMP/server.log" "$OUT/lighthouse-server.log"
  [ -f "$TMP/nginx-access.log" ] && cp "$TMP/nginx-access.log" "$OUT/lighthouse-nginx-access.log"
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh  # the scripts run from the repository root

host_note() {
  local rustc
  rustc=$(pgrep -c -x rustc 2>/dev/null || true)
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg), ${rustc:-0} rustc process(es) running"
}

# Writes the summary (what was measured, or why not) and exits; status 1 if anything failed.
finish() {
  {
    if [ -f "$TMP/table.txt" ]; then cat "$TMP/table.txt"; else echo "== Lighthouse mobile page loads (§7b): not measured"; fi
    for w in "${warnings[@]}"; do echo "note: $w"; done
    for f in "${failures[@]}"; do echo "COULD NOT MEASURE: lighthouse: $f"; done
  } >"$OUT/lighthouse-summary.txt"
  echo
  cat "$OUT/lighthouse-summary.txt"
  say "wrote $OUT/lighthouse-summary.txt, lighthouse.json and the raw reports in $REPORTS ($(($(date +%s) - started)) s)"
  [ ${#failures[@]} -eq 0 ] && exit 0
  exit 1
}

case "$THROTTLING" in simulate | devtools) ;; *) failures+=("MLANGO_BENCH_LIGHTHOUSE_THROTTLING must be simulate or devtools, not '$THROTTLING'"); finish ;; esac
missing=()
[ -x "$BIN" ] || missing+=("the release server $BIN (run make build)")
[ -f "$SITE_ROOT/pkg/mlango.css" ] || missing+=("the site root $SITE_ROOT (run make build)")
command -v nginx >/dev/null || missing+=("nginx (scripts/bootstrap.sh bench)")
[ -f "$BROTLI_MODULE" ] || missing+=("nginx's brotli_static module (scripts/bootstrap.sh bench)")
[ -x "$LIGHTHOUSE" ] || missing+=("Lighthouse in $TOOLS (scripts/bootstrap.sh bench)")
[ -x "$CHROME" ] || missing+=("chromium at $CHROME (scripts/bootstrap.sh bench)")
command -v node >/dev/null || missing+=("node")
command -v taskset >/dev/null || missing+=("taskset (util-linux)")
if [ ${#missing[@]} -gt 0 ]; then
  failures+=("missing ${missing[*]}")
  finish
fi
[ "$(nproc)" -ge 2 ] || warn "fewer than 2 cores: the servers and Chromium will share a core"

pa=$(free_port) && pb=$(free_port) || { failures+=("no free loopback port"); finish; }
[ "$pa" != "$pb" ] || pb=$(free_port)
A="http://127.0.0.1:$pa"
B="http://127.0.0.1:$pb"
chmod 755 "$TMP"

# ---------------------------------------------------------------------------------------------
# A: the release server
# ---------------------------------------------------------------------------------------------
say "starting $BIN serve on 127.0.0.1:$pa (core $SERVER_CORE, 1 tokio worker, demo catalogue in a fresh SQLite file)"
# Rate limits off as in bench.sh: everything comes from 127.0.0.1.
MLANGO_RATE_LIMIT_READS_PER_MINUTE=0 MLANGO_RATE_LIMIT_WRITES_PER_MINUTE=0 \
MLANGO_DEMO=1 DATABASE_URL="sqlite://$TMP/mlango.db" LEPTOS_SITE_ROOT="$SITE_ROOT" \
  LEPTOS_SITE_ADDR="127.0.0.1:$pa" TOKIO_WORKER_THREADS=1 \
  taskset -c "$SERVER_CORE" "$BIN" serve >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
ready=0
for _ in $(seq 1 600); do
  kill -0 "$SERVER_PID" 2>/dev/null || break
  if curl -fsS -o /dev/null --max-time 2 "$A/readyz" 2>/dev/null; then ready=1; break; fi
  sleep 0.5
done
if [ $ready = 0 ]; then
  failures+=("the server did not become ready within 300 s; log: $(tail -5 "$TMP/server.log" | tr '\n' ' ')")
  finish
fi

# Demo citizen A signs in as a person would: password, then the code texted to the simulator.
session_cookie() { grep -io '^set-cookie: *__Host-mlango_session=[0-9a-f]*' "$1" | tail -1 | sed 's/^set-cookie: *//I'; }
sign_in() {
  local cookie code
  curl -sS --max-time 30 -D "$TMP/login.headers" -o /dev/null -H 'Sec-Fetch-Site: same-origin' -H 'Accept: text/html' \
    --data-urlencode "login=$CITIZEN_ID" --data-urlencode "password=$DEMO_PASSWORD" --data-urlencode channel=sms \
    "$A/api/auth/login" || return 1
  cookie=$(session_cookie "$TMP/login.headers")
  [ -n "$cookie" ] || return 1
  for _ in $(seq 1 50); do
    code=$(curl -sS --max-time 5 "$A/sim/sms/messages?to=$CITIZEN_PHONE" | grep -o '[0-9]\{6\} is your code' | head -1 | cut -c1-6) || code=""
    [ -n "$code" ] && break
    sleep 0.2
  done
  [ -n "$code" ] || return 1
  curl -sS --max-time 30 -D "$TMP/otp.headers" -o /dev/null -H "Cookie: $cookie" -H 'Sec-Fetch-Site: same-origin' \
    -H 'Accept: text/html' --data-urlencode "code=$code" "$A/api/auth/otp" || return 1
  grep -qi '^location: */account' "$TMP/otp.headers" || return 1
  # Signing in replaces the pending session's cookie.
  session_cookie "$TMP/otp.headers"
}
COOKIE=$(sign_in) || COOKIE=""
[ -n "$COOKIE" ] || warn "demo citizen $CITIZEN_ID could not sign in; the apply form will not be measured"

# name|path|signed in
PAGES=("home|/|no" "service|/services/$SERVICE|no" "apply|/services/$SERVICE/apply|yes")

# ---------------------------------------------------------------------------------------------
# B: the static twin
# ---------------------------------------------------------------------------------------------
TWIN="$TMP/www"
mkdir -p "$TWIN/__pages" "$TMP/nginx"
locations="$TMP/locations.conf"
: >"$locations"
twin_paths=()

# Saves what the server sends Chromium for `path` at twin file `rel` (the br bytes as sent, and
# the same decompressed for clients without br), and an exact nginx location that answers `path`
# from it with the server's Content-Type and response headers. Headers count: without the
# server's Cross-Origin-Opener-Policy, headless Chromium painted the same page about a second
# later. Per-request and transport headers are nginx's own. Args: path rel [curl args]
REPLAYED_NOT=" date content-length transfer-encoding connection keep-alive content-encoding content-type x-request-id set-cookie etag last-modified accept-ranges server "
twin_add() {
  local path=$1 rel=$2 code ctype name value
  shift 2
  local file="$TWIN/$rel"
  mkdir -p "$(dirname "$file")"
  code=$(curl -sS --max-time 30 "$@" -H "Accept-Encoding: $CHROME_ACCEPT_ENCODING" -D "$file.headers" -o "$file.raw" \
    -w '%{http_code}' "$A$path") || return 1
  [ "$code" = 200 ] || { echo "GET $path answered $code" >&2; return 1; }
  tr -d '\r' <"$file.headers" >"$file.h" && mv "$file.h" "$file.headers"
  ctype=$(awk 'tolower($1) == "content-type:" { sub(/^[^:]*: */, ""); print; exit }' "$file.headers")
  case "$(awk 'tolower($1) == "content-encoding:" { print tolower($2); exit }' "$file.headers")" in
    "") mv "$file.raw" "$file" ;;
    br)
      mv "$file.raw" "$file.br"
      node -e 'const fs = require("fs"), z = require("zlib");
        fs.writeFileSync(process.argv[2], z.brotliDecompressSync(fs.readFileSync(process.argv[1])));' "$file.br" "$file" || return 1
      ;;
    *) echo "GET $path came back in an encoding the twin does not serve" >&2; return 1 ;;
  esac
  {
    printf '    location = %s {\n        types { }\n        default_type "%s";\n' "$path" "$ctype"
    while IFS= read -r line; do
      name=${line%%:*}
      value=${line#*:}
      value=${value# }
      [ "$name" != "$line" ] && [ -n "$name" ] || continue
      case "$REPLAYED_NOT" in *" ${name,,} "*) continue ;; esac
      # nginx would read a $ as a variable and a " as the end of the value.
      case "$value" in *'$'* | *'"'*) echo "$path: header $name not replayed" >&2; continue ;; esac
      printf '        add_header %s "%s" always;\n' "$name" "$value"
    done < <(tail -n +2 "$file.headers")
    printf '        try_files /%s =404;\n    }\n' "$rel"
  } >>"$locations"
  rm -f "$file.headers"
  chmod -R a+rX "$TWIN"
  twin_paths+=("$path")
}

twin() {
  local entry name path signed rel f extra=()
  for entry in "${PAGES[@]}"; do
    IFS='|' read -r name path signed <<<"$entry"
    extra=()
    if [ "$signed" = yes ]; then
      [ -n "$COOKIE" ] || continue
      extra=(-H "Cookie: $COOKIE")
    fi
    twin_add "$path" "__pages/$name.html" "${extra[@]}" || return 1
  done
  # Every file of the site root, as the server sends it (/sw.js is stamped by the server).
  while IFS= read -r f; do
    rel=${f#"$SITE_ROOT"/}
    twin_add "/$rel" "$rel" || return 1
  done < <(find "$SITE_ROOT" -type f ! -name '*.d.ts' | sort)
  # What the service worker precaches that is not a file (the offline page).
  local p
  for p in $(grep -o 'PRECACHE = \[[^]]*\]' "$TWIN/sw.js" 2>/dev/null | grep -o '"/[^"]*"' | tr -d '"'); do
    case " ${twin_paths[*]} " in *" $p "*) ;; *) twin_add "$p" "__pages/$(echo "${p#/}" | tr '/' '_').html" || return 1 ;; esac
  done
}
if ! twin 2>"$TMP/twin.err"; then
  failures+=("could not save the pages for the static twin: $(tr '\n' ' ' <"$TMP/twin.err")")
  finish
fi
while IFS= read -r problem; do [ -n "$problem" ] && warnings+=("static twin: $problem"); done <"$TMP/twin.err"

cat >"$TMP/nginx.conf" <<EOF
load_module $BROTLI_MODULE;
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
    log_format twin '\$status \$request_uri';
    access_log $TMP/nginx-access.log twin;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    gzip off;
    brotli_static on;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$pb;
        root $TWIN;
$(cat "$locations")
        location / { return 404; }
    }
}
EOF
if ! nginx -t -q -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" 2>"$TMP/nginx-t.log"; then
  failures+=("nginx rejected its configuration: $(tr '\n' ' ' <"$TMP/nginx-t.log")")
  finish
fi
taskset -c "$SERVER_CORE" nginx -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" &
NGINX_PID=$!
nginx_ok=0
for _ in $(seq 1 50); do
  if curl -fsS -o /dev/null --max-time 2 "$B/" 2>/dev/null; then nginx_ok=1; break; fi
  sleep 0.1
done
if [ $nginx_ok = 0 ]; then
  failures+=("nginx did not serve the twin ($(tail -3 "$TMP/nginx-error.log" 2>/dev/null | tr '\n' ' '))")
  finish
fi
# Same encoding for what Chromium asks; a difference would make the byte weights differ.
for p in "${twin_paths[@]}"; do
  ea=$(curl -sS --max-time 10 -o /dev/null -H "Accept-Encoding: $CHROME_ACCEPT_ENCODING" ${COOKIE:+-H "Cookie: $COOKIE"} \
    -D - "$A$p" | grep -i '^content-encoding:' | tr -d '\r' | awk '{print tolower($2)}') || ea="?"
  eb=$(curl -sS --max-time 10 -o /dev/null -H "Accept-Encoding: $CHROME_ACCEPT_ENCODING" -D - "$B$p" \
    | grep -i '^content-encoding:' | tr -d '\r' | awk '{print tolower($2)}') || eb="?"
  [ "$ea" = "$eb" ] || warnings+=("$p: the server answers Chromium with '${ea:-identity}', the twin with '${eb:-identity}'")
done
: >"$TMP/nginx-access.log"
say "static twin on 127.0.0.1:$pb: ${#twin_paths[@]} URLs (${twin_paths[*]})"

# ---------------------------------------------------------------------------------------------
# Lighthouse, A B interleaved per page
# ---------------------------------------------------------------------------------------------
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --no-first-run --disable-quic --disable-background-networking --disable-component-update --disable-sync"
noise_before=$(host_note)
manifest="$TMP/manifest.tsv"
: >"$manifest"
# Chromium's profile goes under our own TMPDIR, so a browser left behind by a run that timed
# out can be told from anyone else's and stopped by its process id.
mkdir -p "$TMP/chrome"
stop_stray_browsers() {
  local pid
  for pid in $(pgrep -f -- "--user-data-dir=$TMP/chrome/" || true); do kill -KILL "$pid" 2>/dev/null || true; done
}
lighthouse_run() { # url report [extra headers file]
  local url=$1 report=$2 headers=${3:-} status=0
  TMPDIR="$TMP/chrome" CHROME_PATH="$CHROME" timeout --kill-after=10 "$RUN_TIMEOUT" taskset -c "$BROWSER_CORE" \
    "$LIGHTHOUSE" "$url" --only-categories=performance --throttling-method="$THROTTLING" --output=json \
    --output-path="$report" --quiet --max-wait-for-load=60000 --chrome-flags="$CHROME_FLAGS" \
    --blocked-url-patterns='*/sw.js' \
    ${headers:+--extra-headers="$headers"} >"$report.log" 2>&1 || status=$?
  stop_stray_browsers
  return $status
}
for entry in "${PAGES[@]}"; do
  IFS='|' read -r name path signed <<<"$entry"
  headers=""
  if [ "$signed" = yes ]; then
    if [ -z "$COOKIE" ]; then
      failures+=("$name ($path): no signed-in session (demo citizen $CITIZEN_ID could not sign in)")
      continue
    fi
    headers="$TMP/headers-$name.json"
    printf '{"Cookie": "%s"}\n' "$COOKIE" >"$headers"
  fi
  say "$name: $path, $RUNS runs each on core $BROWSER_CORE, mlango and static interleaved$([ -n "$headers" ] && echo ", signed in as $CITIZEN_ID")"
  for i in $(seq 1 "$RUNS"); do
    for side in mlango static; do
      base=$A
      [ $side = static ] && base=$B
      report="$REPORTS/$name-$side-$i.json"
      if lighthouse_run "$base$path" "$report" "$headers"; then
        printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$path" "$side" "$i" "$report" >>"$manifest"
      else
        warnings+=("$name $side run $i: Lighthouse failed ($(tail -2 "$report.log" | tr '\n' ' '))")
      fi
    done
  done
done
noise_after=$(host_note)
# Anything the twin lacked would make it lighter than the server's page.
not_found=$(awk '$1 == 404 { print $2 }' "$TMP/nginx-access.log" | sort -u | tr '\n' ' ')
[ -z "$not_found" ] || warnings+=("the static twin answered 404 for: $not_found")
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  failures+=("the server exited during the runs: $(tail -3 "$TMP/server.log" | tr '\n' ' ')")
fi

# ---------------------------------------------------------------------------------------------
# Medians, ratios, table, JSON
# ---------------------------------------------------------------------------------------------
cat >"$TMP/summarise.js" <<'EOF'
// Reads the Lighthouse reports listed in the manifest; writes lighthouse.json and the table.
const fs = require("fs");
const [manifest, jsonOut, tableOut, runs, service, citizen, noiseBefore, noiseAfter, chrome] = process.argv.slice(2);
const METRICS = [
  ["fcp_ms", "first-contentful-paint", "FCP ms"],
  ["lcp_ms", "largest-contentful-paint", "LCP ms"],
  ["tbt_ms", "total-blocking-time", "TBT ms"],
  ["speed_index_ms", "speed-index", "SI ms"],
  ["cls", "cumulative-layout-shift", "CLS"],
  ["total_bytes", "total-byte-weight", "bytes"],
];
const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const pages = new Map();
let meta = null;
const problems = [];
for (const line of fs.readFileSync(manifest, "utf8").split("\n").filter(Boolean)) {
  const [name, path, side, run, file] = line.split("\t");
  let r;
  try {
    r = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    problems.push(`${name} ${side} run ${run}: unreadable report (${e.message})`);
    continue;
  }
  if (r.runtimeError && r.runtimeError.code) {
    problems.push(`${name} ${side} run ${run}: ${r.runtimeError.code} ${r.runtimeError.message || ""}`.trim());
    continue;
  }
  meta ??= { lighthouse: r.lighthouseVersion, host_user_agent: r.environment.hostUserAgent, config: r.configSettings };
  const a = r.audits;
  const m = { run: Number(run), score: r.categories.performance.score };
  for (const [key, id] of METRICS) m[key] = a[id] ? a[id].numericValue : null;
  m.ttfb_ms = a["server-response-time"] ? a["server-response-time"].numericValue : null;
  const summary = a["resource-summary"]?.details?.items ?? [];
  m.script_bytes = summary.find((i) => i.resourceType === "script")?.transferSize ?? null;
  m.requests = summary.find((i) => i.resourceType === "total")?.requestCount ?? null;
  m.benchmark_index = r.environment.benchmarkIndex;
  m.final_url = r.finalDisplayedUrl;
  m.warnings = r.runWarnings;
  if (!pages.has(name)) pages.set(name, { name, path, mlango: [], static: [] });
  pages.get(name)[side].push(m);
}
const KEYS = [...METRICS.map(([k]) => k), "score", "ttfb_ms", "script_bytes", "requests", "benchmark_index"];
const med = (list) => Object.fromEntries(KEYS.map((k) => [k, median(list.map((m) => m[k]))]));
const ratio = (a, b) => (a == null || b == null ? null : b === 0 ? (a === 0 ? 1 : null) : a / b);
const out = [];
for (const p of pages.values()) {
  const ma = med(p.mlango);
  const mb = med(p.static);
  const ratios = Object.fromEntries(METRICS.map(([k]) => [k, ratio(ma[k], mb[k])]));
  // §7b goals (reported, not enforced). TTI is not measured: Lighthouse 10+ dropped the audit.
  const goals = {
    lcp_ratio_le_1_10: ratios.lcp_ms == null ? null : ratios.lcp_ms <= 1.1,
    lcp_le_1200_ms: ma.lcp_ms == null ? null : ma.lcp_ms <= 1200,
    tbt_le_50_ms: ma.tbt_ms == null ? null : ma.tbt_ms <= 50,
    cls_le_0_02: ma.cls == null ? null : ma.cls <= 0.02,
  };
  out.push({ name: p.name, path: p.path, runs: { mlango: p.mlango.length, static: p.static.length },
    mlango: { median: ma, runs: p.mlango }, static: { median: mb, runs: p.static }, ratio: ratios, goals });
}
const bi = median(out.flatMap((p) => [...p.mlango.runs, ...p.static.runs].map((m) => m.benchmark_index)));
const result = {
  generated: new Date().toISOString(),
  lighthouse: meta?.lighthouse ?? null,
  chromium: chrome,
  host_user_agent: meta?.host_user_agent ?? null,
  settings: meta ? { form_factor: meta.config.formFactor, throttling_method: meta.config.throttlingMethod,
    throttling: meta.config.throttling, screen: meta.config.screenEmulation } : null,
  runs_asked: Number(runs),
  service,
  apply_page: `signed in as demo citizen ${citizen} (an anonymous visitor gets 401 and a sign-in link, not the form)`,
  host_benchmark_index_median: bi,
  host_noise: { before: noiseBefore, after: noiseAfter },
  pages: out,
  problems,
};
fs.writeFileSync(jsonOut, JSON.stringify(result, null, 2) + "\n");

const fmt = (k, v) => (v == null ? "-" : k === "cls" ? v.toFixed(3) : k === "score" ? v.toFixed(2) : String(Math.round(v)));
const fr = (v) => (v == null ? "-" : v.toFixed(2) + "x");
const cols = [...METRICS.map(([k, , h]) => [k, h]), ["score", "score"]];
const pad = (s, n) => String(s).padStart(n);
const lines = [];
lines.push("== Lighthouse mobile page loads (§7b) ================================================");
lines.push(`Lighthouse ${result.lighthouse ?? "?"}, ${chrome}; ${result.settings ? `${result.settings.form_factor}, ${result.settings.throttling_method} throttling (RTT ${result.settings.throttling.rttMs} ms, ${Math.round(result.settings.throttling.throughputKbps)} kbps, CPU x${result.settings.throttling.cpuSlowdownMultiplier})` : "?"}; median of ${runs} runs per side`);
lines.push(`page     side    ${cols.map(([, h]) => pad(h, 8)).join(" ")}`);
for (const p of out) {
  for (const side of ["mlango", "static"]) {
    const m = p[side].median;
    lines.push(`${p.name.padEnd(8)} ${side.padEnd(7)} ${cols.map(([k]) => pad(fmt(k, m[k]), 8)).join(" ")}  (${p.runs[side]} runs)`);
  }
  lines.push(`${p.name.padEnd(8)} ${"A/B".padEnd(7)} ${cols.map(([k]) => pad(k === "score" ? "" : fr(p.ratio[k]), 8)).join(" ")}`);
}
for (const p of out) {
  const g = p.goals;
  const word = (v) => (v == null ? "not measured" : v ? "met" : "NOT met");
  lines.push(`goals ${p.name.padEnd(8)} LCP A/B <= 1.10 ${word(g.lcp_ratio_le_1_10)}; LCP <= 1.2 s ${word(g.lcp_le_1200_ms)}; TBT <= 50 ms ${word(g.tbt_le_50_ms)}; CLS <= 0.02 ${word(g.cls_le_0_02)}`);
}
lines.push(`pages            home /, service /services/${service}, apply /services/${service}/apply (${result.apply_page})`);
lines.push(`method           A = mlango (core 0, 1 tokio worker), B = nginx on core 0 serving the bytes and headers A sent;`);
lines.push(`                 Lighthouse + Chromium on core 1, A B interleaved, /sw.js blocked in both; bytes = total byte weight`);
lines.push(`                 (transferred, headers included); TTI is not measured (no longer a Lighthouse audit)`);
lines.push(`host CPU         BenchmarkIndex median ${bi == null ? "?" : Math.round(bi)} (x4 slowdown ~ ${bi == null ? "?" : Math.round(bi / 4)}; a low-tier phone ~ 264, §2 W5)`);
lines.push(`host noise       before: ${noiseBefore}; after: ${noiseAfter}`);
fs.writeFileSync(tableOut, lines.join("\n") + "\n");
for (const p of problems) console.error(p);
EOF
if [ -s "$manifest" ]; then
  if ! node "$TMP/summarise.js" "$manifest" "$OUT/lighthouse.json" "$TMP/table.txt" "$RUNS" "$SERVICE" "$CITIZEN_ID" \
    "$noise_before" "$noise_after" "$("$CHROME" --version 2>/dev/null | head -1)" 2>"$TMP/summarise.err"; then
    failures+=("the reports could not be summarised: $(tr '\n' ' ' <"$TMP/summarise.err")")
  fi
  while IFS= read -r problem; do [ -n "$problem" ] && warnings+=("$problem"); done <"$TMP/summarise.err"
fi
# A page or side without a single usable run was not measured.
for entry in "${PAGES[@]}"; do
  IFS='|' read -r name path signed <<<"$entry"
  for side in mlango static; do
    n=$(node -e '
      const fs = require("fs");
      try {
        const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        const p = r.pages.find((p) => p.name === process.argv[2]);
        console.log(p ? p.runs[process.argv[3]] : 0);
      } catch { console.log(0); }' "$OUT/lighthouse.json" "$name" "$side")
    if [ "$n" = 0 ]; then
      case " ${failures[*]} " in *"$name ($path)"*) ;; *) failures+=("$name $side ($path): no Lighthouse run completed") ;; esac
    fi
  done
done
finish
