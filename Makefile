# Sagaz: the two commands of the README, and a few helpers.
#   make run    set up, build, load the demo data, serve on http://localhost:8080
#   make test   set up, build, run every test (unit, integration, browser)

BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
SAGAZ := $(BUILD)/bin/sagaz
JOBS ?= $(shell nproc)

.PHONY: all setup configure web build run test test-quick bench clean format

all: build

setup:
	@scripts/setup

configure: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSAGAZ_BUILD_TESTS=ON > /dev/null

# The web UI: web/dist, which the C++ build embeds into the binary. Rebuilt only when a source is
# newer than the last build.
WEB_DIST := web/dist/index.html
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) \
	web/index.html web/package.json web/package-lock.json web/vite.config.ts web/tsconfig.json \
	src/server/openapi/openapi.yaml

web: $(WEB_DIST)

$(WEB_DIST): $(WEB_SOURCES) | setup
	@npm --prefix web run --silent build

build: configure web
	@cmake --build $(BUILD) -j $(JOBS)

# The demo server: an admin account with a generated password (printed once, kept in
# data/secrets/admin-password) and read-only access without a token, so curl and the web UI work at once.
run: build
	@$(SAGAZ) demo --if-missing
	@$(SAGAZ) users add admin --role admin --generate-password --if-missing
	@SAGAZ_AUTH_ANONYMOUS_ROLE=viewer $(SAGAZ) serve

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

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
	@rm -rf $(BUILD) $(BUILD)-bench
