# wasm-p1check: one non-recursive Makefile. Objects and test artefacts go to build/.
CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/wasm-p1check
VERSION = 0.1.0

# SANITIZE=1 builds everything with AddressSanitizer + UBSan; WERROR=1 turns warnings into errors.
SANITIZE ?=
WERROR ?=
BUILD ?= build$(if $(SANITIZE),-san)

WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wpointer-arith -Wcast-qual -Wundef
CFLAGS ?= -O2 -g
CPPFLAGS_ALL = -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc \
	-DP1C_VERSION='"$(VERSION)"' -DP1C_DATADIR='"$(DATADIR)/profiles"'
SAN_FLAGS = -fsanitize=address,undefined
CFLAGS_ALL = -std=c11 $(WARNINGS) $(if $(WERROR),-Werror) $(CFLAGS) \
	$(if $(SANITIZE),$(SAN_FLAGS) -fno-omit-frame-pointer -fno-sanitize-recover=all)
LDFLAGS_ALL = $(LDFLAGS) $(if $(SANITIZE),$(SAN_FLAGS))

DEPS_CFLAGS = $(shell $(PKG_CONFIG) --cflags yaml-0.1 libcjson 2>/dev/null)
DEPS_LIBS = $(shell $(PKG_CONFIG) --libs yaml-0.1 libcjson 2>/dev/null)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

LIB_SRCS = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS = $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_OBJS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%.o)
BIN = $(BUILD)/wasm-p1check
UNIT = $(BUILD)/unit-tests
HEX2BIN = $(BUILD)/hex2bin

DEBIAN_PACKAGES = build-essential pkg-config libyaml-dev libcjson-dev check wabt clang lld \
	wasi-libc libclang-rt-14-dev-wasm32

.PHONY: all deps demo check unit cli bench install uninstall clean
all: $(BIN)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h src/*.def) | $(BUILD)/obj
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) $(DEPS_CFLAGS) -c $< -o $@

$(BUILD)/lib.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(BUILD)/lib.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(DEPS_LIBS)

$(BUILD)/unit/%.o: tests/unit/%.c $(wildcard src/*.h src/*.def tests/unit/*.h) | $(BUILD)/unit
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) $(DEPS_CFLAGS) $(CHECK_CFLAGS) -c $< -o $@

$(UNIT): $(UNIT_OBJS) $(BUILD)/lib.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(DEPS_LIBS) $(CHECK_LIBS)

$(HEX2BIN): tests/tools/hex2bin.c | $(BUILD)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $<

$(BUILD)/measure: tests/tools/measure.c | $(BUILD)
	$(CC) -O2 -o $@ $<

$(BUILD)/genwasm: tests/tools/genwasm.c | $(BUILD)
	$(CC) -O2 -o $@ $<

# Speed and memory against wasm-validate and wasm-objdump (fetches npm packages into a cache).
bench: $(BIN) $(BUILD)/measure $(BUILD)/genwasm
	@sh tests/bench.sh $(BUILD)

$(BUILD) $(BUILD)/obj $(BUILD)/unit:
	mkdir -p $@

# Installs the Debian packages the build and the tests need (as root, or through sudo).
deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES)

# Builds the tool and a real wasm32-wasi program that links WASI 0.2 imports, then audits it
# against the default profile (the audit fails on purpose: that is the finding to show).
demo: $(BIN)
	@sh tests/demo.sh $(BIN) $(BUILD)/demo

unit: $(UNIT)
	$(UNIT)

check: $(BIN) $(UNIT) $(HEX2BIN)
	@BUILD=$(BUILD) sh tests/check.sh

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/profiles
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/wasm-p1check
	install -m 644 man/wasm-p1check.1 $(DESTDIR)$(MANDIR)/man1/wasm-p1check.1
	install -m 644 man/wasm-p1check-profile.5 $(DESTDIR)$(MANDIR)/man5/wasm-p1check-profile.5
	install -m 644 profiles/*.yaml $(DESTDIR)$(DATADIR)/profiles/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/wasm-p1check $(DESTDIR)$(MANDIR)/man1/wasm-p1check.1 \
		$(DESTDIR)$(MANDIR)/man5/wasm-p1check-profile.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san
