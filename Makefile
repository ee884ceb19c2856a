# wasm-p1check: one non-recursive Makefile. Objects and test artefacts go to build/.
CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/wasm-p1check
VERSION = 0.1.0
# Where the rule reference lives: SARIF's tool informationUri, and (for an https:// URL) a link
# per rule (URL#slug) in the SARIF rule help. The default is the man page, as systemd spells it.
DOCS_URL ?= man:wasm-p1check(1)

# SANITIZE=1 builds everything with AddressSanitizer + UBSan; WERROR=1 turns warnings into errors.
SANITIZE ?=
WERROR ?=
BUILD ?= build$(if $(SANITIZE),-san)

WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wpointer-arith -Wcast-qual -Wundef -Wconversion \
	-Wimplicit-fallthrough
CFLAGS ?= -O2 -g
CPPFLAGS_ALL = -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc \
	-DP1C_VERSION='"$(VERSION)"' -DP1C_DOCS_URL='"$(DOCS_URL)"'
SAN_FLAGS = -fsanitize=address,undefined
CFLAGS_ALL = -std=c11 $(WARNINGS) $(if $(WERROR),-Werror) $(CFLAGS) \
	$(if $(SANITIZE),$(SAN_FLAGS) -fno-omit-frame-pointer -fno-sanitize-recover=all)
LDFLAGS_ALL = $(LDFLAGS) $(if $(SANITIZE),$(SAN_FLAGS))

DEPS_CFLAGS = $(shell $(PKG_CONFIG) --cflags yaml-0.1 libcjson 2>/dev/null)
# libdwarf-dev ships no pkg-config file (headers in /usr/include/libdwarf). It is linked
# statically with the zlib it needs for compressed sections: the shared libdwarf would load
# libelf and libz into every run (peak memory is checked in tests/hostile.sh).
# -pthread: the body walk of a large module shares its bodies with a second thread.
DEPS_LIBS = $(shell $(PKG_CONFIG) --libs yaml-0.1 libcjson 2>/dev/null) \
	-Wl,-Bstatic -ldwarf -lz -Wl,-Bdynamic -pthread
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

LIB_SRCS = $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
SRC_HDRS = $(wildcard src/*/*.h src/*/*.def)
PROFILES = $(sort $(wildcard profiles/*.yaml))
BUILTIN_C = $(BUILD)/gen/builtin_profiles.c
LIB_OBJS = $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/profile/builtin_profiles.o
UNIT_SRCS = $(wildcard tests/unit/*.c)
# tests/common: oracles the unit tests and the fuzz targets share.
COMMON_SRCS = $(wildcard tests/common/*.c)
UNIT_OBJS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%.o) $(COMMON_SRCS:tests/common/%.c=$(BUILD)/unit/common-%.o)
BIN = $(BUILD)/wasm-p1check
UNIT = $(BUILD)/unit-tests
HEX2BIN = $(BUILD)/hex2bin

DEBIAN_PACKAGES = build-essential pkg-config libyaml-dev libcjson-dev libdwarf-dev zlib1g-dev \
	check wabt clang lld jq \
	wasi-libc libclang-rt-14-dev-wasm32 libclang-rt-14-dev

.PHONY: all deps schema-deps demo man check unit cli bench realbin fuzz fuzz-build install uninstall clean FORCE
all: $(BIN)
FORCE:

# The body decoder's fast loop (one case per opcode byte) is the hot path of every audit:
# -O3 there, where gcc 12 lays the cases out better (make bench, callgrind on the bench files).
$(BUILD)/obj/wasm/code.o: CFLAGS_ALL += -O3

$(BUILD)/obj/%.o: src/%.c $(SRC_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) $(DEPS_CFLAGS) -c $< -o $@

# The shipped profiles, compiled in (so the binary works from any directory): a small C
# generator turns profiles/*.yaml into byte arrays at build time, each with its parsed tree
# (embed-trees runs the tool's own YAML reader over it), so loading one parses no YAML.
$(BUILD)/embed-profiles: profiles/embed-profiles.c | $(BUILD)
	$(CC) -std=c11 $(WARNINGS) $(if $(WERROR),-Werror) -O2 -o $@ $<
TREE_OBJS = $(addprefix $(BUILD)/obj/,profile/profile_yaml.o profile/profile_tree.o \
	profile/profile_diag.o base/arena.o)
$(BUILD)/embed-trees: profiles/embed-trees.c $(TREE_OBJS) $(SRC_HDRS)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(TREE_OBJS) $(DEPS_LIBS)
$(BUILTIN_C): $(PROFILES) $(BUILD)/embed-profiles $(BUILD)/embed-trees
	@mkdir -p $(@D)/trees
	$(BUILD)/embed-trees $(@D)/trees $(PROFILES)
	$(BUILD)/embed-profiles $@ --trees $(@D)/trees $(PROFILES)
$(BUILD)/obj/profile/builtin_profiles.o: $(BUILTIN_C) $(SRC_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) -c $< -o $@

# The in-tree binary searches no data dir (P1C_DATADIR ""), so `make install` or `make
# uninstall` never changes what it does. `make install` links its own copy, $(INST_BIN), with
# the installed profile directory compiled in (rebuilt when PREFIX changes).
INST_BIN = $(BUILD)/inst/wasm-p1check
$(BUILD)/obj/cli/main.o: CPPFLAGS_ALL += -DP1C_DATADIR='""'
$(BUILD)/inst/datadir.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ 2>/dev/null || echo '$(DATADIR)' > $@
$(BUILD)/inst/main.o: src/cli/main.c $(SRC_HDRS) $(BUILD)/inst/datadir.stamp
	$(CC) $(CPPFLAGS_ALL) -DP1C_DATADIR='"$(DATADIR)/profiles"' $(CPPFLAGS) $(CFLAGS_ALL) \
		$(DEPS_CFLAGS) -c $< -o $@
$(INST_BIN): $(BUILD)/inst/main.o $(BUILD)/lib.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(DEPS_LIBS)

$(BUILD)/lib.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(BUILD)/obj/cli/main.o $(BUILD)/lib.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(DEPS_LIBS)

$(BUILD)/unit/%.o: tests/unit/%.c $(SRC_HDRS) $(wildcard tests/unit/*.h tests/common/*.h) | $(BUILD)/unit
	$(CC) $(CPPFLAGS_ALL) -Itests/common $(CPPFLAGS) $(CFLAGS_ALL) $(DEPS_CFLAGS) $(CHECK_CFLAGS) -c $< -o $@

$(BUILD)/unit/common-%.o: tests/common/%.c $(SRC_HDRS) $(wildcard tests/common/*.h) | $(BUILD)/unit
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) -c $< -o $@

$(UNIT): $(UNIT_OBJS) $(BUILD)/lib.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(DEPS_LIBS) $(CHECK_LIBS)

$(HEX2BIN): tests/tools/hex2bin.c | $(BUILD)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $<

# The man page's RULES section from the rule tables (make man; compared in make check).
$(BUILD)/rules-roff: tests/tools/rules_roff.c $(BUILD)/lib.a | $(BUILD)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(DEPS_CFLAGS) -o $@ $< $(BUILD)/lib.a $(DEPS_LIBS)

man: $(BUILD)/rules-roff
	@sh tests/man-rules.sh --update $(BUILD)/rules-roff man/wasm-p1check.1

$(BUILD)/measure: tests/tools/measure.c | $(BUILD)
	$(CC) -O2 -o $@ $<

$(BUILD)/genwasm: tests/tools/genwasm.c | $(BUILD)
	$(CC) -O2 -o $@ $<

# Test tools for tests/mutate.sh and tests/hostile.sh (never sanitized: they only make inputs).
$(BUILD)/mutate $(BUILD)/gennest: $(BUILD)/%: tests/tools/%.c | $(BUILD)
	$(CC) $(CPPFLAGS_ALL) -std=c11 $(WARNINGS) $(if $(WERROR),-Werror) -O2 -o $@ $<

# Speed and memory against wasm-validate and wasm-objdump (fetches npm packages into a cache).
bench: $(BIN) $(BUILD)/measure $(BUILD)/genwasm
	@sh tests/bench.sh $(BUILD)

# Verdicts on real npm binaries (tests/realbin.list) against Node 20 and wasm-validate;
# fetches the pinned packages into ~/.cache/wasm-p1check-realbin. Not part of check.
realbin: $(BIN)
	@sh tests/realbin.sh $(BUILD)

$(BUILD) $(BUILD)/obj $(BUILD)/unit:
	mkdir -p $@

# libFuzzer targets (clang; libclang-rt-14-dev on Debian), built into build/fuzz/ with ASan +
# UBSan. `make fuzz` seeds build/fuzz/corpus-* from the fixtures and runs the three targets side by
# side for FUZZ_SECONDS each (FUZZ_SERIAL=1: one after another); crashes land in
# build/fuzz/crashes/ (see tests/fuzz/run.sh).
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR = build/fuzz
FUZZ_CFLAGS = -std=c11 $(WARNINGS) -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_OBJS = $(LIB_SRCS:src/%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/profile/builtin_profiles.o
FUZZ_TARGETS = $(FUZZ_DIR)/fuzz_wasm $(FUZZ_DIR)/fuzz_profile $(FUZZ_DIR)/fuzz_options

$(FUZZ_DIR)/obj/%.o: src/%.c $(SRC_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS_ALL) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		$(DEPS_CFLAGS) -c $< -o $@

# The shipped profiles as the binary has them (built in), so the targets fuzz what users run.
$(FUZZ_DIR)/obj/profile/builtin_profiles.o: $(BUILTIN_C) $(SRC_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS_ALL) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		-c $< -o $@

# P1C_FUZZ_ROOT: the checkout, where the targets find their baseline fixtures from any directory.
$(FUZZ_TARGETS): $(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_OBJS) $(COMMON_SRCS) $(SRC_HDRS) \
		$(wildcard tests/common/*.h)
	$(FUZZ_CC) $(CPPFLAGS_ALL) -Itests/common $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-DP1C_FUZZ_ROOT='"$(CURDIR)"' $(DEPS_CFLAGS) -o $@ $< $(COMMON_SRCS) $(FUZZ_OBJS) $(DEPS_LIBS)

$(FUZZ_DIR)/obj:
	mkdir -p $@

fuzz-build: $(FUZZ_TARGETS)

fuzz: $(FUZZ_TARGETS) $(BUILD)/hex2bin
	@FUZZ_SERIAL=$(FUZZ_SERIAL) sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(BUILD)

# Installs the Debian packages the build and the tests need (as root, or through sudo).
deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES) && \
	{ command -v npm >/dev/null 2>&1 || \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends npm; }
	$(MAKE) schema-deps

# The JSON-schema validator make check runs over every JSON and SARIF report the tests write
# (ajv, and the SARIF 2.1.0 schema as @microsoft/jest-sarif ships it), pinned by
# tests/schema/package-lock.json. make check installs it too when it is missing and npm is
# there; without it the schema check is a loud skip (a failure with CI=true).
SCHEMA_NODE_MODULES = tests/schema/node_modules/ajv-draft-04
schema-deps: $(SCHEMA_NODE_MODULES)
$(SCHEMA_NODE_MODULES): tests/schema/package.json tests/schema/package-lock.json
	cd tests/schema && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# Builds the tool and a real wasm32-wasi program that links WASI 0.2 imports, then audits it
# against the default profile (the audit fails on purpose: that is the finding to show).
demo: $(BIN)
	@sh tests/demo.sh $(BIN) $(BUILD)/demo

# The unit suites on their own; the oracle suites compare against the fixtures built here.
unit: $(UNIT) $(BIN) $(HEX2BIN)
	@sh tests/run-cli.sh --build-only $(BUILD) >/dev/null
	P1C_ORACLE_DIR=$(BUILD)/fixtures $(UNIT)

check: $(BIN) $(UNIT) $(HEX2BIN) $(BUILD)/rules-roff $(BUILD)/mutate $(BUILD)/gennest $(BUILD)/genwasm $(BUILD)/measure
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory schema-deps || \
		echo "schema-deps: npm ci failed: the schema check will say so"; fi
	@BUILD=$(BUILD) sh tests/check.sh

install: $(INST_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/profiles $(DESTDIR)$(DATADIR)/schemas
	install -m 755 $(INST_BIN) $(DESTDIR)$(BINDIR)/wasm-p1check
	install -m 644 man/wasm-p1check.1 $(DESTDIR)$(MANDIR)/man1/wasm-p1check.1
	install -m 644 man/wasm-p1check-profile.5 $(DESTDIR)$(MANDIR)/man5/wasm-p1check-profile.5
	install -m 644 profiles/*.yaml $(DESTDIR)$(DATADIR)/profiles/
	install -m 644 schemas/*.schema.json $(DESTDIR)$(DATADIR)/schemas/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/wasm-p1check $(DESTDIR)$(MANDIR)/man1/wasm-p1check.1 \
		$(DESTDIR)$(MANDIR)/man5/wasm-p1check-profile.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san
