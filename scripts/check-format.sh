#!/usr/bin/env bash
# Checks that every C++ file is laid out as clang-format (.clang-format)
# would lay it out; each file is one check. Prints the files that are not
# and "N passed, N failed"; exits non-zero when any is not. "make format"
# mends them.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

passed=0
failed=0
while IFS= read -r file; do
  if clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'check-format: not formatted: %s\n' "$file"
  fi
done < <(find common modules test -name '*.cc' -o -name '*.h' | sort)
echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
