# autotag developer entry points. `make test` is what CI runs (see .ci/run).

SHELL := /bin/bash
.DEFAULT_GOAL := test

# One target directory outside the work tree, so fresh clones (CI) on the same
# machine build incrementally.
CARGO_TARGET_DIR ?= $(HOME)/.cache/autotag-target
export CARGO_TARGET_DIR

# The shared CloudTrail corpus the corpus tests read: beside this checkout (`../shared/corpus`),
# else beside the repository it was cloned from (a clone made elsewhere, as CI's).
AUTOTAG_CORPUS ?= $(shell for d in "$(CURDIR)/../shared/corpus" "$$(git config --get remote.origin.url 2>/dev/null)/../shared/corpus"; do \
  if [ -d "$$d" ]; then cd "$$d" && pwd; break; fi; done)
export AUTOTAG_CORPUS

VENV := .venv
VENV_STAMP := $(VENV)/.requirements-installed
# Interpreter with moto installed; the e2e harness (tests/src/lib.rs) spawns it.
MOTO_PYTHON ?= $(CURDIR)/$(VENV)/bin/python
export MOTO_PYTHON
# Where cfn-lint and parliament are: core's render tests lint the templates of policies other
# than the default (the enforcement sweep's), and fail if the tools are not there.
AUTOTAG_LINTERS ?= $(CURDIR)/$(VENV)/bin
export AUTOTAG_LINTERS

.PHONY: .venv build test demo bench bench-audit bench-e2e lambda release fuzz

# Python venv with moto, cfn-lint and parliament; rebuilt only when
# requirements.txt changes (tracked by the stamp file).
.venv: $(VENV_STAMP)

$(VENV_STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

build:
	cargo build --workspace --all-targets

test: .venv
	cargo fmt --all --check
	# The service files are modules of generated code (core/build.rs), which cargo fmt skips.
	rustfmt --edition 2024 --check core/src/services/*.rs
	cargo clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps
	# Building the tests also builds the binaries they run (`autotag`, `autotag-demo`), with
	# the same dependency features, so the SDK is compiled once for both.
	cargo test --workspace --no-run
	# Generated deployment files must match the registry, and pass the real linters.
	$(CARGO_TARGET_DIR)/debug/autotag render --check
	# cfn-lint runs the SAM translator on sam/template.yaml and webhook/template.yaml, which is
	# what `sam validate --lint` does.
	$(VENV)/bin/cfn-lint spoke-roles/*.yaml stacksets/*.yaml sam/template.yaml webhook/template.yaml
	# `terraform validate` needs the AWS provider downloaded; the module's references are checked
	# by a structural test in core (core/src/render/terraform/tests.rs) instead.
	if command -v terraform >/dev/null; then terraform fmt -check -recursive terraform/; \
	else echo "skip: terraform is not installed, terraform/ not checked with terraform fmt"; fi
	# LOW findings are "a wildcard ARN is as wide as *": the role must tag any resource of
	# each type in its own account, so only MEDIUM and above fail the build.
	for policy in spoke-roles/*.json scp/*.json; do \
	  $(VENV)/bin/parliament --minimum_severity MEDIUM < $$policy || exit 1; \
	done
	cargo test --workspace

# Runs the end-to-end demo against a moto_server started by the demo binary.
demo: .venv
	cargo test --workspace --no-run
	$(CARGO_TARGET_DIR)/debug/autotag-demo

# Property-based fuzzing of parse -> plan (core/tests/fuzz.rs), seeded from the fixtures and the
# shared corpus: a long pass in release. `make test` runs a short one (256 cases per property).
FUZZ_CASES ?= 1000000
fuzz:
	AUTOTAG_FUZZ_CASES=$(FUZZ_CASES) cargo test --release -p autotag-core --test fuzz

# Criterion benchmark of core's event -> plan path; prints times per event.
bench:
	cargo bench -p autotag-core --bench plan

# Throughput and peak memory of `autotag audit` and `autotag backfill` (release build) on a
# generated organization in the emulator: 20 accounts x 2 regions x 500 volumes by default
# (BENCH_ACCOUNTS, BENCH_REGIONS, BENCH_RESOURCES, BENCH_NOISE); prints figures.
bench-audit: .venv
	cargo build --release -p autotag-hub --bin autotag
	cargo build -p autotag-tests --bin autotag-bench-audit
	AUTOTAG_BIN=$(CARGO_TARGET_DIR)/release/autotag $(CARGO_TARGET_DIR)/debug/autotag-bench-audit

# The hub's cost per stamped resource (release build) on the emulator: AWS calls by action,
# client CPU per event, peak RSS, events/s, for 1000 events x 1 instance, 1 event x 100
# instances and 20 accounts x 50 events (BENCH_STREAM, BENCH_BURST, BENCH_ACCOUNTS,
# BENCH_PER_ACCOUNT, BENCH_ONLY); BENCH_ARGS="--faults 0.3" adds runs with injected faults,
# BENCH_ARGS="--profile" a run under perf with where the CPU goes (the profiling build keeps
# its symbols).
bench-e2e: .venv
	cargo build --profile profiling -p autotag-hub --bin autotag
	cargo build -p autotag-tests --bin autotag-bench-e2e
	AUTOTAG_BIN=$(CARGO_TARGET_DIR)/profiling/autotag $(CARGO_TARGET_DIR)/debug/autotag-bench-e2e $(BENCH_ARGS)

# The Lambda packages: `bootstrap` for provided.al2023, arm64 and x86_64, built with cargo-lambda
# (zig as the cross linker). Release builds of the SDK: ~15 minutes per architecture on 2 cores.
LAMBDA_STAMP := $(VENV)/.lambda-installed
$(LAMBDA_STAMP): requirements-lambda.txt $(VENV_STAMP)
	$(VENV)/bin/pip install --quiet -r requirements-lambda.txt
	touch $@

lambda: $(LAMBDA_STAMP)
	rustup target add aarch64-unknown-linux-gnu
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cargo lambda build --release --arm64 --bin bootstrap --lambda-dir target/lambda/arm64
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cargo lambda build --release --x86-64 --bin bootstrap --lambda-dir target/lambda/x86_64

# The release folder (RELEASE_DIR, default dist/autotag-<version>): the Lambda packages for
# arm64 and x86_64 as zips named by their SHA-256 (the hub stack's CodeKey is
# `autotag/<file name>`), the `autotag` CLI for x86_64 Linux, SHA256SUMS, manifest.json, the
# rendered deployment files and the guides. Two release builds of the SDK: ~25 minutes on 2 cores.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
RELEASE_DIR ?= dist/autotag-$(VERSION)
release: $(LAMBDA_STAMP)
	rustup target add aarch64-unknown-linux-gnu
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cargo lambda build --release --arm64 --bin bootstrap --output-format zip --lambda-dir $(CARGO_TARGET_DIR)/lambda/arm64
	# The CLI is built with the x86_64 package, sharing its dependencies, for glibc 2.26 and later.
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cargo lambda build --release --x86-64 --bin bootstrap --bin autotag --output-format zip --lambda-dir $(CARGO_TARGET_DIR)/lambda/x86_64
	# The deployment files shipped must be the ones this code renders.
	$(CARGO_TARGET_DIR)/x86_64-unknown-linux-gnu/release/autotag render --check
	scripts/package-release.sh "$(RELEASE_DIR)" "$(CARGO_TARGET_DIR)" "$(VERSION)"
