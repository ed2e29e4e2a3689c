#!/usr/bin/env bash
# Runs every test of the project and ends with one line "N passed, N failed".
#
#   1. unit tests (CppUnit) under AddressSanitizer + UBSan
#   2. a fresh local stack in var/test, built with the sanitizers
#   3. integration tests over HTTPS against that stack (CppUnit + libcurl)
#   4. the object server's signature checks, the stand-in OpenID Connect
#      provider's strictness and the browser tests (Node)
#   5. the production nginx configuration checked with nginx -t
#   6. the layout of every C++ file (clang-format)
#
# Called by "make test" after the normal and the sanitizer builds. The
# development stack in var/ is left alone, but it must not be running: the
# test stack uses the same ports.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export AP_VAR_DIR="${AP_TEST_VAR_DIR:-var/test}"
export AP_BIN_DIR="${AP_TEST_BIN_DIR:-build/asan/bin}"
# Leaks in the database client library at exit are not ours to fix; every
# other sanitizer finding fails the run.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/test/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

passed=0
failed=0
LOG_DIR="$AP_VAR_DIR/test-logs"

# Adds the counts of a runner's output; a runner that crashed without a
# summary counts as one failure.
count() {
  local name="$1" output="$2" rc="$3" p f
  if p=$(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$output" | tail -n 1) &&
    [[ -n "$p" ]]; then
    f=${p#*, }
    p=${p%% *}
    f=${f%% *}
  elif p=$(grep -Eo '^# pass [0-9]+' "$output" | tail -n 1) && [[ -n "$p" ]]; then
    p=${p##* }
    f=$(grep -Eo '^# fail [0-9]+' "$output" | tail -n 1)
    f=${f##* }
  else
    p=0
    f=1
  fi
  if [[ "$rc" -ne 0 && "$f" -eq 0 ]]; then f=1; fi
  printf 'tests: %-12s %s passed, %s failed\n' "$name" "$p" "$f"
  passed=$((passed + p))
  failed=$((failed + f))
}

run() {
  local name="$1"
  shift
  local out="$LOG_DIR/$name.log" rc=0
  echo "tests: running $name"
  "$@" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  count "$name" "$out" "$rc"
}

stop_stack() { bash scripts/stack.sh down >/dev/null 2>&1 || true; }

# A fresh stack each time: the tests make their own tenants, but a clean
# database proves the migrations and the seed from nothing.
stop_stack
rm -rf "$AP_VAR_DIR"
mkdir -p "$LOG_DIR"
trap stop_stack EXIT

run unit "$AP_BIN_DIR/unit_tests"

if bash scripts/stack.sh up >"$LOG_DIR/stack-up.log" 2>&1; then
  run integration "$AP_BIN_DIR/integration_tests"
  run s3-signatures node --test --test-reporter=tap test/fixtures/s3/
  run oidc-provider node --test --test-reporter=tap test/fixtures/oidc/
  if compgen -G "test/browser/*.test.mjs" >/dev/null; then
    run browser node --test --test-reporter=tap --test-concurrency=1 test/browser/
  fi
else
  cat "$LOG_DIR/stack-up.log"
  echo "tests: the stack did not start; see $LOG_DIR and $AP_VAR_DIR/log"
  failed=$((failed + 1))
fi

if [[ -x scripts/check-nginx.sh ]]; then
  run nginx-config bash scripts/check-nginx.sh
fi
run format bash scripts/check-format.sh

stop_stack
trap - EXIT
echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
