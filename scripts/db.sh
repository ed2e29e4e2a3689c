#!/usr/bin/env bash
# Opens the MariaDB client of the local stack as root, over its private
# socket (root may log in only there). Arguments go to the client:
#   scripts/db.sh                      an interactive shell
#   scripts/db.sh ap_core -e 'SHOW TABLES'
# AP_VAR_DIR picks the stack, as for scripts/stack.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

socket="$RUN_DIR/mysqld.sock"
if [[ ! -S "$socket" ]]; then
  echo "db: no MariaDB socket at $socket; start the stack first" \
       "(scripts/stack.sh up)" >&2
  exit 1
fi
exec mariadb --no-defaults --socket="$socket" --user=root "$@"
