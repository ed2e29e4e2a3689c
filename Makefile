# Action Plan: build, local stack and tests. See README.md.
#
#   make run     install what is missing, build, start the stack in the
#                foreground (Ctrl-C stops it)
#   make test    install what is missing, build, run every test
#   make up / make down     the stack in the background
#   make SAN=1 ...          the AddressSanitizer + UBSan build

SHELL := /bin/bash
.DEFAULT_GOAL := all
.SUFFIXES:

SAN ?= 0
# OUT may be set to build somewhere else (a second checkout's experiments).
ifeq ($(SAN),1)
  OUT ?= build/asan
  MODE_CXXFLAGS := -O1 -g -fno-omit-frame-pointer \
                   -fsanitize=address,undefined -fno-sanitize-recover=undefined
  MODE_LDFLAGS := -fsanitize=address,undefined
else
  OUT ?= build
  MODE_CXXFLAGS := -O2 -g
  MODE_LDFLAGS :=
endif
BIN := $(OUT)/bin
OBJ := $(OUT)/obj
LIB := $(OUT)/lib

PKGS := fcgi cgicc libcurl openssl libargon2 libqrencode libpng nlohmann_json \
        zlib cjose
# Deferred (=) so that "make deps" can run before pkg-config knows them.
CXXFLAGS = -std=c++20 -Wall -Wextra -Wpedantic -Wshadow -Wconversion \
           -Werror -MMD -MP -I. $(MODE_CXXFLAGS) \
           -DAP_DEFAULT_CONFIG='"$(CURDIR)/etc/local.conf"' \
           -DAP_SOURCE_DIR='"$(CURDIR)"' \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Connector/C++ ships no pkg-config file.
LDLIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lmysqlcppconn \
         -lpthread
LDFLAGS = $(MODE_LDFLAGS)
TEST_LDLIBS = $(LDLIBS) $(shell pkg-config --libs cppunit 2>/dev/null)

MODULES := login twofa plans attachments links
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

not_tests = $(filter-out %_test.cc,$(1))
COMMON_SRCS := $(call not_tests,$(shell find common -name '*.cc' | sort))
TEST_SRCS := $(shell find common modules -name '*_test.cc' | sort)
objs = $(patsubst %.cc,$(OBJ)/%.o,$(1))

COMMON_LIB := $(LIB)/libapcommon.a

# Per module: everything but main.cc goes into a library that the unit
# tests link too, so handlers are testable without the FastCGI loop.
define module_rules
$(1)_SRCS := $$(call not_tests,$$(filter-out modules/$(1)/main.cc,\
               $$(wildcard modules/$(1)/*.cc)))
$(LIB)/libap_$(1).a: $$(call objs,$$($(1)_SRCS))
	@mkdir -p $$(@D)
	rm -f $$@ && ar rcs $$@ $$^
$(BIN)/$(2): $(OBJ)/modules/$(1)/main.o $(LIB)/libap_$(1).a $(COMMON_LIB)
	@mkdir -p $$(@D)
	$$(CXX) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach m,$(MODULES),$(eval $(call module_rules,$(m),ap-$(m))))
$(eval $(call module_rules,apctl,apctl))

MODULE_LIBS := $(foreach m,$(MODULES) apctl,$(LIB)/libap_$(m).a)
BINARIES := $(foreach m,$(MODULES),$(BIN)/ap-$(m)) $(BIN)/apctl \
            $(BIN)/fcgi-baseline $(BIN)/bench-hash

$(COMMON_LIB): $(call objs,$(COMMON_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# "make V=1" shows the whole command lines.
Q := $(if $(filter 1,$(V)),,@)

$(OBJ)/%.o: %.cc
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CXX  $<")
	$(Q)$(CXX) $(CXXFLAGS) -c -o $@ $<

$(BIN)/unit_tests: $(call objs,test/unit/main.cc $(TEST_SRCS)) \
                   $(MODULE_LIBS) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(TEST_LDLIBS)

# The integration tests share the unit tests' runner (and its summary line).
INTEGRATION_SRCS := test/unit/main.cc \
                    $(sort $(wildcard test/integration/*.cc))
$(BIN)/integration_tests: $(call objs,$(INTEGRATION_SRCS)) \
                          $(MODULE_LIBS) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(TEST_LDLIBS)

# The benchmark's minimal FastCGI program (a baseline, not a module).
$(BIN)/fcgi-baseline: $(OBJ)/test/bench/fcgi_baseline.o $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BIN)/bench-hash: $(OBJ)/test/bench/hash_time.o $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

.PHONY: all build tests deps asan run up down test unit format \
        check-format clean bench
all: $(BINARIES)

tests: $(BIN)/unit_tests $(BIN)/integration_tests

build: all tests

asan:
	$(MAKE) SAN=1 build

deps:
	@bash scripts/install-deps.sh

run: deps
	$(MAKE) -j$(JOBS) all
	bash scripts/stack.sh run

up: deps
	$(MAKE) -j$(JOBS) all
	bash scripts/stack.sh up

down:
	bash scripts/stack.sh down

unit: deps
	$(MAKE) SAN=1 build/asan/bin/unit_tests
	build/asan/bin/unit_tests

# The tests run against the sanitizer build; the release binaries are built
# too, since some warnings only appear with optimisation.
test: deps
	$(MAKE) -j$(JOBS) all
	$(MAKE) -j$(JOBS) SAN=1 build
	bash scripts/run-tests.sh

bench: deps
	$(MAKE) -j$(JOBS) all
	bash test/bench/run.sh

FORMAT_FILES = $(shell find common modules test -name '*.cc' -o -name '*.h')
format:
	clang-format -i $(FORMAT_FILES)

check-format:
	@bash scripts/check-format.sh

clean:
	rm -rf build

# --- make install (app servers and the nginx host; deploy/README.md) -------
# PREFIX for programs and shared files, DESTDIR for staging (packages,
# tests). The installation's own files -- /etc/actionplan/actionplan.conf
# and /etc/nginx/actionplan/* -- are written only when missing, never over
# an admin's edits; the product's files are replaced.
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
SYSTEMDDIR ?= /etc/systemd/system
SYSUSERSDIR ?= /usr/lib/sysusers.d
DESTDIR ?=
APP_DATA := $(PREFIX)/share/actionplan
NGINX_CONF := $(SYSCONFDIR)/nginx
# Lines naming /usr/local get the chosen PREFIX.
with_prefix = sed -e 's|/usr/local/|$(PREFIX)/|g'
# install_new SRC DEST: copies only when DEST is missing.
install_new = if [ -e $(2) ]; then echo "kept $(2)"; \
              else install -m 0644 $(1) $(2); fi

.PHONY: install install-bin install-data install-nginx install-systemd \
        install-backup
install: install-bin install-data install-nginx install-systemd install-backup

install-bin: $(foreach m,$(MODULES),$(BIN)/ap-$(m)) $(BIN)/apctl
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $^ $(DESTDIR)$(PREFIX)/bin/

install-data:
	install -d $(DESTDIR)$(APP_DATA)
	rm -rf $(DESTDIR)$(APP_DATA)/htdocs $(DESTDIR)$(APP_DATA)/sql
	cp -R htdocs sql $(DESTDIR)$(APP_DATA)/
	# A note for developers, not a page to serve.
	rm -f $(DESTDIR)$(APP_DATA)/htdocs/README.md
	chmod -R u=rwX,go=rX $(DESTDIR)$(APP_DATA)
	install -d -m 0750 $(DESTDIR)$(SYSCONFDIR)/actionplan
	$(with_prefix) etc/production.conf.example \
	  >$(DESTDIR)$(SYSCONFDIR)/actionplan/actionplan.conf.example
	install -m 0644 etc/common-passwords.txt $(DESTDIR)$(SYSCONFDIR)/actionplan/

install-nginx:
	install -d $(DESTDIR)$(NGINX_CONF)/snippets \
	  $(DESTDIR)$(NGINX_CONF)/sites-available $(DESTDIR)$(NGINX_CONF)/actionplan \
	  $(DESTDIR)$(PREFIX)/sbin
	install -m 0644 nginx/snippets/*.conf $(DESTDIR)$(NGINX_CONF)/snippets/
	install -m 0644 nginx/sites/actionplan.conf \
	  $(DESTDIR)$(NGINX_CONF)/sites-available/
	$(with_prefix) nginx/actionplan/site.conf >$(OUT)/site.conf.tmp
	$(call install_new,$(OUT)/site.conf.tmp,$(DESTDIR)$(NGINX_CONF)/actionplan/site.conf)
	rm -f $(OUT)/site.conf.tmp
	for f in $(filter-out nginx/actionplan/site.conf,$(wildcard nginx/actionplan/*.conf)); do \
	  $(call install_new,$$f,$(DESTDIR)$(NGINX_CONF)/actionplan/$$(basename $$f)); \
	done
	install -m 0755 nginx/refresh-lb-ranges.sh \
	  $(DESTDIR)$(PREFIX)/sbin/ap-refresh-lb-ranges

install-systemd:
	install -d $(DESTDIR)$(SYSTEMDDIR) $(DESTDIR)$(SYSUSERSDIR)
	cd deploy/systemd && for f in $$(find . -type f | sort); do \
	  install -d $(DESTDIR)$(SYSTEMDDIR)/$$(dirname $$f); \
	  $(with_prefix) $$f >$(DESTDIR)$(SYSTEMDDIR)/$$f; \
	done
	install -m 0644 deploy/sysusers.d/actionplan.conf $(DESTDIR)$(SYSUSERSDIR)/

# The backup units are installed but not enabled: the timers belong on one
# host only (docs/backups.md). The cron file is for hosts without systemd;
# it lands in the shared folder, to be copied to /etc/cron.d/ on that host,
# since a file in /etc/cron.d/ would run on every host at once. backup.env
# is only an example: the real one holds secrets and is the admin's.
install-backup:
	install -d $(DESTDIR)$(SYSTEMDDIR) $(DESTDIR)$(APP_DATA)/cron
	install -d -m 0750 $(DESTDIR)$(SYSCONFDIR)/actionplan
	for f in deploy/backup/*.service deploy/backup/*.timer; do \
	  $(with_prefix) $$f >$(DESTDIR)$(SYSTEMDDIR)/$$(basename $$f); \
	  chmod 0644 $(DESTDIR)$(SYSTEMDDIR)/$$(basename $$f); \
	done
	$(with_prefix) deploy/backup/actionplan-backup.cron \
	  >$(DESTDIR)$(APP_DATA)/cron/actionplan-backup
	chmod 0644 $(DESTDIR)$(APP_DATA)/cron/actionplan-backup
	install -m 0644 deploy/backup/backup.env.example \
	  $(DESTDIR)$(SYSCONFDIR)/actionplan/
