# Sagaz: the two commands of the README, and a few helpers.
#   make run    set up, build, load the demo data, serve on http://localhost:8080
#   make test   set up, build, run every test (unit, integration, browser)

BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
SAGAZ := $(BUILD)/bin/sagaz
JOBS ?= $(shell nproc)

.PHONY: all setup configure web build run test test-sanitized test-quick bench clean format

all: build

setup:
	@scripts/setup

# The fuzz targets only replay their seeds here: `make test` runs their mutations in the sanitized
# build below, where a memory error is caught.
configure: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSAGAZ_BUILD_TESTS=ON \
	  -DSAGAZ_FUZZ_SECONDS=0 > /dev/null

# The web UI is part of the CMake build (cmake/EmbedAssets.cmake): the binary always embeds the UI
# built from the current web/ sources. `make web` builds it alone into web/dist, for development.
web: setup
	@npm --prefix web run --silent build

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The demo server: an admin account with a generated password (printed once, kept in
# data/secrets/admin-password) and read-only access without a token, so curl and the web UI work at once.
run: build
	@$(SAGAZ) demo --if-missing
	@$(SAGAZ) users add admin --role admin --generate-password --if-missing
	@SAGAZ_AUTH_ANONYMOUS_ROLE=viewer $(SAGAZ) serve

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900
	@$(MAKE) --no-print-directory test-sanitized

# The fuzz targets and the tests labelled `fuzz` again, built with AddressSanitizer and UBSan in
# $(BUILD)-asan (no web UI, lighter optimisation: a shorter build), each fuzz target for
# SANITIZED_FUZZ_SECONDS. Part of `make test`.
SANITIZED_BUILD ?= $(BUILD)-asan
SANITIZED_FUZZ_SECONDS ?= 20
test-sanitized: setup
	@cmake -S . -B $(SANITIZED_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
	  -DSAGAZ_SANITIZE_ADDRESS=ON -DSAGAZ_EMBED_WEB=OFF -DSAGAZ_BUILD_TESTS=ON \
	  -DSAGAZ_FUZZ_SECONDS=$(SANITIZED_FUZZ_SECONDS) > /dev/null
	@cmake --build $(SANITIZED_BUILD) -j $(JOBS) --target fuzz
	@cd $(SANITIZED_BUILD) && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900 -L fuzz

# Unit tests only (no servers, no browser).
test-quick: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE 'integration|browser'

bench: setup
	@cmake -S . -B $(BUILD)-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSAGAZ_BUILD_TESTS=OFF -DSAGAZ_BUILD_BENCH=ON > /dev/null
	@cmake --build $(BUILD)-bench -j $(JOBS)
	@bench/run

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@rm -rf $(BUILD) $(BUILD)-bench $(BUILD)-asan
