#!/usr/bin/env bash
# Installs what `make run` / `make test` need and is missing, saying what and why.
# Idempotent: every step checks first. Usage: scripts/bootstrap.sh [build|test|bench]
set -euo pipefail
mode="${1:-build}"
cd "$(dirname "$0")/.."
TOOLS="${MLANGO_TOOLS_DIR:-$HOME/.cache/mlango/tools}"
LIGHTHOUSE_VERSION=12.8.2
OHA_VERSION=1.16.0
say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  say "installing the wasm32-unknown-unknown target (the islands are compiled to WebAssembly)"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version >/dev/null 2>&1; then
  say "installing cargo-leptos 0.3.11 (builds server + wasm + CSS); about 15 minutes on 2 cores, once"
  if rustup toolchain list | grep -q '^nightly'; then
    cargo +nightly install cargo-leptos --version 0.3.11 --locked --features no_downloads
  else
    CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo install cargo-leptos --version 0.3.11 --features no_downloads
  fi
fi

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ -n "$want" ] && [ "$want" != "$have" ]; then
  say "installing wasm-bindgen-cli $want to match Cargo.lock (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# Release builds run wasm-opt; Debian's binaryen is too old for current Rust wasm output.
if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ]; then
  say "installing wasm-opt (npm binaryen@132) into $TOOLS"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund binaryen@132 >/dev/null)
fi

if [ "$mode" = test ] || [ "$mode" = bench ]; then
  need_apt=()
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  if [ "$mode" = bench ]; then
    command -v nginx >/dev/null || need_apt+=(nginx)
    command -v wrk >/dev/null || need_apt+=(wrk)
    command -v psql >/dev/null || need_apt+=(postgresql-client)
    # The Lighthouse bench's static twin serves the server's own brotli bytes (brotli_static).
    [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || need_apt+=(libnginx-mod-http-brotli-static)
  fi
  if [ ${#need_apt[@]} -gt 0 ]; then
    say "installing ${need_apt[*]} from Debian (browser tests / benchmarks)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "${need_apt[@]}" >/dev/null 2>&1 \
      || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${need_apt[@]}" >/dev/null; }
  fi
  # oha drives scripts/bench-load.sh at fixed rates (open loop, latency corrected).
  if [ "$mode" = bench ] && ! oha --version 2>/dev/null | grep -q "$OHA_VERSION"; then
    say "installing oha $OHA_VERSION (load generator of make bench-load) with cargo; a few minutes, once"
    cargo install oha --version "$OHA_VERSION" --locked
  fi
  # Lighthouse for scripts/bench-lighthouse.sh, pinned; 12.x because 13 needs Node >= 22.19.
  if [ "$mode" = bench ] && [ "$(node -p 'require(process.argv[1]).version' "$TOOLS/node_modules/lighthouse/package.json" 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
    say "installing Lighthouse $LIGHTHOUSE_VERSION (npm) into $TOOLS (page-load metrics of make bench)"
    mkdir -p "$TOOLS"
    (cd "$TOOLS" && { [ -f package.json ] || npm init -y >/dev/null; } \
      && npm install --no-audit --no-fund --save-exact "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null)
  fi
  if [ ! -d end2end/node_modules/playwright-core ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing end-to-end test packages (playwright-core, axe-core) with npm"
    (cd end2end && npm ci --no-audit --no-fund >/dev/null)
  fi
fi
