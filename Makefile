# Mlango: `make run` to try it, `make test` to check everything. See README.md.
SHELL := /bin/bash
# One build cache outside the clone, shared by every command and kept between runs.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/mlango/target
export MLANGO_TOOLS_DIR ?= $(HOME)/.cache/mlango/tools
export PATH := $(MLANGO_TOOLS_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# New dependencies resolve to versions that build on our stable toolchain.
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS := fallback
BIN := $(CARGO_TARGET_DIR)/release/mlango

.PHONY: tools run build test test-rust test-e2e lint fmt bench bench-load bench-scale fuzz clean-data

## Build everything and start on http://127.0.0.1:3000 with the demo catalogue.
run: build
	MLANGO_DEMO=1 LEPTOS_SITE_ROOT=target/site $(BIN) serve

## Release build of the server, the islands wasm and the CSS.
build:
	scripts/bootstrap.sh build
	cargo leptos build --release

## Every test: unit, integration on SQLite and PostgreSQL, end-to-end in Chromium.
test: tools lint test-rust test-e2e

tools:
	scripts/bootstrap.sh build

lint: tools
	cargo fmt --all -- --check
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings

test-rust: tools
	cargo test --workspace --features app/ssr

test-e2e: build
	scripts/bootstrap.sh test
	scripts/e2e.sh

## Benchmarks (ratios against a reference measured in the same run).
bench: build
	scripts/bootstrap.sh bench
	scripts/bench.sh

## Two release servers behind nginx on one PostgreSQL at 10x eCitizen's peak (pages and payments),
## steady and through a rolling restart: target/bench/load.txt (scripts/bench-load.sh).
bench-load: build
	scripts/bootstrap.sh bench
	scripts/bench-load.sh

## Hot paths on a small (10,000 accounts) and a national-size PostgreSQL database, p50/p99 and
## the ratio national/small (docs/scale.md); MLANGO_SCALE_ACCOUNTS=2000000 for a shorter run.
## Not part of `make test`: the national load takes long and tens of GB (reused once made).
bench-scale: build
	scripts/bench-scale.sh

## Fuzz the inbound SMS callback's parsing (fuzz/) for FUZZ_SECS seconds on nightly; not part
## of `make test`. Its own build cache, so it never waits on the main target dir's lock.
FUZZ_SECS ?= 60
fuzz: export CARGO_TARGET_DIR := $(HOME)/.cache/mlango/fuzz-target
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cargo +nightly fuzz run inbound_sms -- -max_total_time=$(FUZZ_SECS)

fmt:
	cargo fmt --all

clean-data:
	rm -rf data
