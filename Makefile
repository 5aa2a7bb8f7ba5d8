# flink-cmd: a plain Makefile. `make` builds ./flink-cmd; `make test` installs
# what is missing, makes the Flink image, and runs every test tier.
# Variables: V=1 (loud), SANITIZE=address,undefined or SANITIZE=thread (builds
# under build/san-*/), PREFIX=/usr/local.

CC      ?= gcc
PREFIX  ?= /usr/local
PKGS    := libcurl libcjson libarchive ncursesw
SANITIZE ?=

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla \
           -Wno-format-nonliteral -Werror
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 -D_GNU_SOURCE -pthread $(WARN) -Isrc -I. -MMD -MP
LDLIBS  += -pthread

ifneq ($(MAKECMDGOALS),deps)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)
endif
CFLAGS += $(PKG_CFLAGS)
LDLIBS += $(PKG_LIBS) -lm

comma := ,
ifneq ($(SANITIZE),)
# one build directory per sanitizer set: thread cannot share objects with address
BUILD   := build/san-$(subst $(comma),-,$(SANITIZE))
CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
else
BUILD   := build/out
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

# The library holds everything but the command line: src/ below src/cli,
# and the dashboard (tui/), so unit tests reach its panels and keys. The
# fuzz targets need only the parsers below tui/ (CORE_SRC).
CORE_SRC := $(shell find src -name '*.c' -not -path 'src/cli/*' | sort)
TUI_SRC  := $(sort $(wildcard tui/*.c))
LIB_SRC  := $(CORE_SRC) $(TUI_SRC)
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
# the dashboard's tests share a snapshot built from recordings (top_*.c)
TOP_SUPPORT := $(wildcard tests/unit/top_*.c)
TEST_SUPPORT := $(filter-out $(TEST_SRC) $(TOP_SUPPORT),$(wildcard tests/unit/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SUPPORT_OBJ := $(TEST_SUPPORT:%.c=$(BUILD)/%.o)
TOP_OBJ  := $(TOP_SUPPORT:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libflinkcmd.a

ifneq ($(SANITIZE),)
PROG := $(BUILD)/flink-cmd
else
PROG := flink-cmd
endif

.PHONY: all test unit unit-san e2e images jobs deps check format fuzz install clean demo

all: $(PROG)

$(PROG): $(CLI_OBJ) $(LIB)
	@echo "  LINK    $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(LIB): $(LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -DFIXTURES='"$(CURDIR)/tests/fixtures"' -c -o $@ $<

$(BUILD)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -DFIXTURES='"$(CURDIR)/tests/fixtures"' -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(SUPPORT_OBJ) $(LIB)
	@echo "  LINK    $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIB) $(LDLIBS) $(CMOCKA_LIBS)

# src/cli is not in the library: test_cli (parsing and dispatch) links its
# objects, all but main.o (cmd_top.o reaches the dashboard in the library);
# test_opts the one it tests
CLI_TEST_OBJ := $(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJ))
$(BUILD)/tests/test_cli: $(CLI_TEST_OBJ)
$(BUILD)/tests/test_opts: $(BUILD)/src/cli/opts.o
$(filter $(BUILD)/tests/test_top_%,$(TEST_BIN)): $(TOP_OBJ)

# Build-only targets used by scripts/test.sh; `make test` is the entry point.
unit-bins: $(TEST_BIN)

deps:
	$(Q)scripts/setup-deps.sh

test: deps
	$(Q)scripts/test.sh

unit: deps
	$(Q)scripts/test.sh unit

e2e: deps
	$(Q)scripts/test.sh e2e

images: deps all
	$(Q)scripts/flink-image.sh

# the test and demo jobs, compiled against the Flink distribution
jobs: deps
	$(Q)scripts/build-jobs.sh >/dev/null

demo: deps all
	$(Q)scripts/demo.sh

check:
	$(Q)scripts/check-style.sh

format:
	$(Q)clang-format -i $$(git ls-files '*.c' '*.h')

FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
fuzz: $(FUZZ_BIN)
build/fuzz/%: tests/fuzz/%.c $(CORE_SRC)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)clang -std=c17 -D_GNU_SOURCE -g -O1 -Isrc -I. $(PKG_CFLAGS) \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(CORE_SRC) $(PKG_LIBS) -lm -pthread

install: $(PROG)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(PROG) $(DESTDIR)$(PREFIX)/bin/flink-cmd
	install -m 0644 docs/flink-cmd.1 $(DESTDIR)$(PREFIX)/share/man/man1/flink-cmd.1

clean:
	rm -rf build flink-cmd

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_BIN:%=%.d) $(SUPPORT_OBJ:.o=.d) $(TOP_OBJ:.o=.d)
